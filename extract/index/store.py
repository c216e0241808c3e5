"""The index: one SQLite file (``baocao.db`` by default) that a batch of reports is
written into and that queries read from — or, where a team shares one index, a
PostgreSQL database (``postgresql://…``, see :mod:`extract.index.store_pg`).

Why these choices:

* **One writer, many readers.**  WAL mode lets queries run while an index run
  writes; the batch indexer funnels every write through the parent process.
* **One transaction per document.**  :meth:`Store.write_document` deletes whatever
  the index held for that path and inserts the new rows in a single transaction,
  so a run killed at any instant leaves each document either fully old, fully new
  or absent — never half written — and the next run simply resumes.
* **Versioned schema.**  ``MIGRATIONS`` is an ordered list of SQL steps; a
  ``schema_version`` table records which have run.  Opening an older file brings
  it up to date; a file written by a newer baocao is refused rather than damaged.
* **Full text in Vietnamese.**  One FTS5 table over paragraphs, with two indexed
  columns: ``text`` (the document's ``search_text``: one tone-placement
  convention, so ``hoá`` finds ``hóa``) and ``folded`` (every diacritic removed and
  đ/Đ folded to d/D — FTS5's ``remove_diacritics`` does not fold đ).  A query
  typed without diacritics searches ``folded``; one with diacritics is honoured
  and searches ``text``.  The FTS table is *contentless*: the paragraph text is
  stored once, in ``paragraphs``, and snippets are highlighted in Python.
* **Ranking that does not read every match.**  FTS5's bm25 counts every paragraph
  holding each word of the query (for its IDF) — 0.2 s for a common word at 100 000
  reports — even under a LIMIT.  Words are first counted up to a few thousand matches;
  rare ones are ranked by FTS5's bm25, a query of common words only is ranked among its
  newest matches by the same formula computed here (:meth:`Store._ranked`).
* **One interface, two backends.**  :class:`Store` holds the logic and the SQLite
  dialect; the PostgreSQL backend overrides only connection, transactions, the
  full-text index and ranking, so both stores answer every query alike.

Everything written is plain data (dicts and tuples built by the indexer's workers),
so this module needs no knowledge of how a report was read.
"""
from __future__ import annotations

import datetime as _dt
import json
import math
import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from extract.core import limits
from extract.core.text import fold, fold_key, has_diacritics, tone_normalize

__all__ = [
    "DEFAULT_DB",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Store",
    "DocState",
    "SearchHit",
    "SearchHits",
    "StoreError",
    "fold",
    "fold_key",
    "has_diacritics",
    "is_server_url",
    "indexed_folded",
    "indexed_text",
]

DEFAULT_DB = "baocao.db"

#: Bumped whenever :func:`fold` changes what it produces: the contentless FTS table
#: can only delete a row given exactly the tokens it was inserted with, so a changed
#: fold means the full-text index is rebuilt (see :meth:`Store.rebuild_fulltext`).
FOLD_VERSION = "1"


class StoreError(Exception):
    """The index file cannot be used (newer schema, not a baocao index, …)."""


# --------------------------------------------------------------------------- schema

#: Ordered migrations: (version, [SQL statements]).  Never edit a released step;
#: append a new one.
MIGRATIONS: list[tuple[int, list[str]]] = [
    (1, [
        """CREATE TABLE documents (
            id          INTEGER PRIMARY KEY,
            path        TEXT NOT NULL UNIQUE,
            sha256      TEXT,
            size        INTEGER,
            mtime_ns    INTEGER,
            kind        TEXT,
            pages       INTEGER,
            doc_type    TEXT,
            number      TEXT,
            issuer      TEXT,
            date        TEXT,
            title       TEXT,
            status      TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
            reason      TEXT,
            chars       INTEGER,
            meta        TEXT,
            indexed_at  TEXT NOT NULL
        )""",
        "CREATE INDEX documents_sha256 ON documents(sha256)",
        "CREATE INDEX documents_status ON documents(status)",
        """CREATE TABLE refs (
            id             INTEGER PRIMARY KEY,
            doc_id         INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            seq            INTEGER NOT NULL,
            key            TEXT,
            key_fold       TEXT,
            cited_key      TEXT,
            cited_fold     TEXT,
            doc_type       TEXT,
            number         TEXT,
            year           INTEGER,
            type_code      TEXT,
            issuer_code    TEXT,
            issuer         TEXT,
            date           TEXT,
            date_inherited INTEGER NOT NULL DEFAULT 0,
            subject        TEXT,
            page           INTEGER,
            line           INTEGER,
            start          INTEGER,
            "end"          INTEGER,
            quote          TEXT,
            relation       TEXT,
            pinpoint       TEXT,
            kind           TEXT,
            note           TEXT,
            footnote       TEXT
        )""",
        "CREATE INDEX refs_doc ON refs(doc_id)",
        "CREATE INDEX refs_cited_fold ON refs(cited_fold)",
        "CREATE INDEX refs_number ON refs(number, year)",
        """CREATE TABLE findings (
            id        INTEGER PRIMARY KEY,
            doc_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            rule      TEXT NOT NULL,
            severity  TEXT NOT NULL,
            message   TEXT,
            stated    TEXT,
            computed  TEXT,
            tolerance TEXT,
            page      INTEGER,
            line      INTEGER,
            start     INTEGER,
            "end"     INTEGER,
            quote     TEXT,
            data      TEXT
        )""",
        "CREATE INDEX findings_doc ON findings(doc_id)",
        "CREATE INDEX findings_rule ON findings(rule, severity)",
        """CREATE TABLE figures (
            id        INTEGER PRIMARY KEY,
            doc_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            value     TEXT,
            unit      TEXT,
            counted   TEXT,
            precision INTEGER,
            label     TEXT,
            label_fold TEXT,
            period    TEXT,
            page      INTEGER,
            line      INTEGER,
            start     INTEGER,
            "end"     INTEGER,
            quote     TEXT,
            data      TEXT
        )""",
        "CREATE INDEX figures_doc ON figures(doc_id)",
        "CREATE INDEX figures_label ON figures(label_fold)",
        """CREATE TABLE statements (
            id        INTEGER PRIMARY KEY,
            doc_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            kind      TEXT,
            page      INTEGER,
            line      INTEGER,
            start     INTEGER,
            "end"     INTEGER,
            quote     TEXT,
            data      TEXT
        )""",
        "CREATE INDEX statements_doc ON statements(doc_id)",
        """CREATE TABLE paragraphs (
            id      INTEGER PRIMARY KEY,
            doc_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            page    INTEGER,
            line    INTEGER,
            start   INTEGER NOT NULL,
            text    TEXT NOT NULL,
            search  TEXT,
            lines   TEXT
        )""",
        "CREATE INDEX paragraphs_doc ON paragraphs(doc_id)",
        "CREATE VIRTUAL TABLE fulltext USING fts5(text, folded, content='', "
        "tokenize='unicode61 remove_diacritics 0')",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
        f"INSERT INTO meta(key, value) VALUES ('fold_version', '{FOLD_VERSION}')",
    ]),
    # v2: the period each report is about (extract.find.dates.report_period: "Báo cáo … năm
    # 2024" → 2024-01-01 … 2024-12-31), so that figures can be compared across reports
    # of one body for one period (queries.figure_conflicts).  Documents indexed before
    # keep NULL here; the queries then derive it from the stored title and date.
    (2, [
        "ALTER TABLE documents ADD COLUMN period_start TEXT",
        "ALTER TABLE documents ADD COLUMN period_end TEXT",
    ]),
    # v3: who cites a key, counted from the index alone — (key, citing document) pairs
    # without reading a refs row each (a decree cited 200 000 times: 0.9 s → 0.2 s; the
    # "who cites" page of baocao serve draws its timeline from it, queries.cites_timeline)
    (3, [
        "CREATE INDEX IF NOT EXISTS refs_cited_doc ON refs(cited_fold, doc_id)",
    ]),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]

_DOC_COLS = ("path", "sha256", "size", "mtime_ns", "kind", "pages", "doc_type", "number", "issuer",
             "date", "title", "status", "reason", "chars", "meta", "indexed_at", "period_start", "period_end")
REF_COLS = ("key", "doc_type", "number", "year", "type_code", "issuer_code", "issuer", "date",
            "date_inherited", "subject", "page", "line", "start", "end", "quote", "relation", "pinpoint",
            "kind", "note", "cited_key", "footnote")
FINDING_COLS = ("rule", "severity", "message", "stated", "computed", "tolerance", "page", "line",
                "start", "end", "quote", "data")
FIGURE_COLS = ("value", "unit", "counted", "precision", "label", "period", "page", "line", "start",
               "end", "quote", "data")
STATEMENT_COLS = ("kind", "page", "line", "start", "end", "quote", "data")


def _q(cols: Iterable[str]) -> str:
    return ", ".join(f'"{c}"' for c in cols)


@dataclass(frozen=True)
class DocState:
    """What the index knows about one path, enough to decide whether to re-read it."""

    id: int
    path: str
    sha256: str | None
    size: int | None
    mtime_ns: int | None
    status: str


class SearchHits(list):  # type: ignore[type-arg]
    """A list of :class:`SearchHit` that also says whether ranking was capped."""

    capped: bool = False


@dataclass
class SearchHit:
    """One ranked full-text hit: a paragraph, where the first match is, a snippet."""

    doc: str
    page: int | None
    line: int | None
    snippet: str
    score: float
    paragraph_id: int


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


def _json(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, str):
        return v
    return json.dumps(v, ensure_ascii=False, default=str)


# --------------------------------------------------------------------------- store


def is_server_url(db: object) -> TypeGuard[str]:
    """True when ``db`` names a PostgreSQL server (``postgresql://…``) rather than a file.

    The one place that decides the backend, so that the CLI, :func:`open_store` and
    ``Store(…)`` agree (and a URL never becomes a SQLite file named ``postgresql:``)."""
    return isinstance(db, str) and db.lower().startswith(("postgresql://", "postgres://"))


class Store:
    """An open index.  Use as a context manager; one instance per thread/process.

    ``readonly`` opens the file without creating or migrating it (queries); a
    read-only open of a missing file raises :class:`StoreError` instead of leaving
    an empty database behind.

    This class is the interface and the SQLite backend.  ``Store("postgresql://…")``
    returns a :class:`extract.index.store_pg.PgStore`, a subclass that overrides only the
    dialect hooks (connection, transactions, the full-text table, ranking), so the
    writing, incremental-state and search logic below is written once.  SQL in this
    module and in :mod:`extract.index.queries` is SQLite-flavoured (``?`` placeholders); run
    it through :meth:`execute` (or a cursor from :meth:`_transaction`), which the
    PostgreSQL backend translates.
    """

    #: the migrations this backend runs (PostgreSQL has its own, derived from these)
    migrations: list[tuple[int, list[str]]] = MIGRATIONS

    def __init__(self, path: str | os.PathLike[str] = DEFAULT_DB, *, readonly: bool = False) -> None:
        if is_server_url(path) and type(self) is Store:
            raise StoreError("a PostgreSQL URL: open it with extract.index.backends.open_store()")
        self.path = str(path)
        self.readonly = readonly
        if readonly:
            if self.path != ":memory:" and not Path(self.path).exists():
                raise StoreError(f"{self.path}: no such index (run 'baocao index' first)")
        if self.path != ":memory:" and Path(self.path).is_dir():
            raise StoreError(f"{self.path}: is a folder; --db names the index file "
                             f"(e.g. {Path(self.path) / 'baocao.db'})")
        opened: sqlite3.Connection | None = None
        try:
            if readonly:
                # "Read-only" means: never create or migrate.  SQLite still needs to write
                # the WAL index (-shm) to read a WAL file, so open rw where we may.
                mode = "rw" if os.access(self.path, os.W_OK) else "ro"
                uri = "file:" + Path(self.path).resolve().as_posix() + f"?mode={mode}"
                opened = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            else:
                if self.path != ":memory:":
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                opened = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.conn = opened
            # fold functions in SQL, so that queries can filter on folded codes and names
            self.conn.create_function("fold", 1, lambda s: fold(s) if isinstance(s, str) else s, deterministic=True)
            self.conn.create_function("fold_key", 1, lambda s: fold_key(s) if isinstance(s, str) else s,
                                      deterministic=True)
            self.conn.execute("PRAGMA busy_timeout = 30000")
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                # WAL: readers never block the writer; NORMAL sync is durable against a
                # killed process (only a power cut can lose the last commits, never consistency).
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA cache_size = -65536")  # 64 MiB page cache
            self._migrate()
        except sqlite3.DatabaseError as exc:  # a file that is no SQLite database, a folder, no permission
            if opened is not None:
                opened.close()
            raise StoreError(f"{self.path}: not a baocao index ({exc})") from None

    # -- lifecycle
    def close(self) -> None:
        """Close the connection (a checkpoint folds the WAL back into the file)."""
        try:
            if not self.readonly:
                self.conn.execute("PRAGMA optimize")
        except sqlite3.Error:
            pass
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- dialect hooks: what PostgreSQL does differently (see extract.index.store_pg)
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run one SQLite-flavoured statement outside a write transaction; a cursor back."""
        return self.conn.execute(sql, tuple(params))

    def group_concat(self, expr: str) -> str:
        """SQL aggregating the distinct values of ``expr`` into one comma-separated text."""
        return f"GROUP_CONCAT(DISTINCT {expr})"

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        """One write transaction; a cursor that takes SQLite-flavoured SQL.

        ``BEGIN IMMEDIATE`` takes the write lock up front, so two writers queue
        instead of failing half way."""
        cur = self.conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            yield cur
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        cur.execute("COMMIT")

    def _has_table(self, name: str) -> bool:
        return self.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                            (name,)).fetchone() is not None

    def _other_tables(self) -> int:
        """How many tables the (unversioned) database already holds."""
        return int(self.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0])

    def _insert_document(self, cur: Any, sql: str, values: Sequence[Any]) -> int:
        cur.execute(sql, values)
        return int(cur.lastrowid)

    def _insert_paragraphs(self, cur: Any, doc_id: int, paras: Sequence[Sequence[Any]]) -> None:
        # explicit ids, so that each paragraph's full-text row has the same rowid
        first = (cur.execute("SELECT MAX(id) FROM paragraphs").fetchone()[0] or 0) + 1
        cur.executemany(
            "INSERT INTO paragraphs(id, doc_id, start, page, line, text, search, lines) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ((first + i, doc_id, *p[:6]) for i, p in enumerate(paras)),
        )
        cur.executemany(
            "INSERT INTO fulltext(rowid, text, folded) VALUES (?, ?, ?)",
            ((first + i, indexed_text(p), indexed_folded(p)) for i, p in enumerate(paras)),
        )

    def _forget_fulltext(self, cur: Any, doc_id: int) -> None:
        # The contentless FTS table forgets a row only when told its exact tokens.
        paras = cur.execute("SELECT id, text, search FROM paragraphs WHERE doc_id = ?", (doc_id,)).fetchall()
        if paras:
            cur.executemany(
                "INSERT INTO fulltext(fulltext, rowid, text, folded) VALUES ('delete', ?, ?, ?)",
                ((pid, s if s is not None else t, fold(s if s is not None else t)) for pid, t, s in paras),
            )

    #: A phrase found in at most this many paragraphs is *rare*: FTS5's bm25 can afford
    #: the pass over its matches that bm25 makes for every phrase of a query, to count
    #: them for its IDF (that pass costs time per matching paragraph — 0.2 s for a word
    #: in 600 000 of 3 million paragraphs — and happens even under a LIMIT).
    rare_phrase: int = 5000
    #: A query none of whose AND-terms is rare is ranked here, in Python, among at most
    #: this many of its newest matches (``max_ranked`` if smaller).
    ranked_here: int = 1000

    def _ranked(self, plan: QueryPlan, limit: int, max_ranked: int | None) -> tuple[list[tuple[int, float]], bool]:
        """(paragraph id, score) best first — lower score is better, as bm25 gives it —
        and whether ranking was capped (only the newest matches ranked).

        bm25 is computed three ways, by what the query's words cost (see
        :attr:`rare_phrase`; each phrase is first counted up to that many matches,
        which is cheap):

        * every term rare: FTS5's bm25 over the (newest ``max_ranked``) matches, exact;
        * some AND-terms rare, some common: FTS5's bm25 over the rare terms only — a
          common word weighs next to nothing in bm25 (its IDF tends to 0) and is left
          out of the score as a stop word would be — for the paragraphs that match the
          whole query;
        * every AND-term common: the newest :attr:`ranked_here` matches are scored
          here with the same bm25 formula (:meth:`_bm25_here`), the IDF of each
          phrase from its estimated number of matches.

        ``max_ranked`` None ranks every match with FTS5's bm25, whatever it costs."""
        try:
            if not max_ranked:
                rows = self.execute(
                    "SELECT rowid, bm25(fulltext) AS score FROM fulltext WHERE fulltext MATCH ? "
                    "ORDER BY score, rowid DESC LIMIT ?", (plan.match, int(limit))).fetchall()
                return rows, False
            col = "folded" if plan.folded else "text"
            counts: dict[Phrase, tuple[int, int | None]] = {}
            for g in plan.groups:
                for p in g:
                    if p not in counts:
                        counts[p] = self._phrase_count(_fts5_match([[p]], [], col))
                if not any(counts[p][0] for p in g):
                    return [], False  # a word the index does not hold: no match, and no scan for one
            rare = [g for g in plan.groups if all(counts[p][0] <= self.rare_phrase for p in g)]
            if rare and len(rare) == len(plan.groups) and not plan.negs:
                rows = self.execute(
                    "SELECT rowid, score FROM (SELECT rowid, bm25(fulltext) AS score FROM fulltext "
                    "WHERE fulltext MATCH ? ORDER BY rowid DESC LIMIT ?) ORDER BY score, rowid DESC LIMIT ?",
                    (plan.match, int(max_ranked), int(limit))).fetchall()
                capped = bool(rows) and self.execute(
                    "SELECT 1 FROM fulltext WHERE fulltext MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                    (plan.match, int(max_ranked))).fetchone() is not None
                return rows, capped
            window = int(max_ranked) if rare else min(int(max_ranked), self.ranked_here)
            ids = [r[0] for r in self.execute(
                "SELECT rowid FROM fulltext WHERE fulltext MATCH ? ORDER BY rowid DESC LIMIT ?",
                (plan.match, window + 1))]
            capped = len(ids) > window
            ids = ids[:window]
            if not ids:
                return [], False
            if rare:
                scores = dict(self.execute(
                    "SELECT rowid, bm25(fulltext) FROM fulltext WHERE fulltext MATCH ? AND rowid BETWEEN ? AND ?",
                    (_fts5_match(rare, [], col), min(ids), max(ids))).fetchall())
                ranked = [(i, scores.get(i, 0.0)) for i in ids]
            else:
                ranked = self._bm25_here(plan, ids, counts)
        except sqlite3.OperationalError as exc:  # a query FTS5 cannot parse
            raise StoreError(f"cannot search for {plan.query!r}: {exc}") from None
        ranked.sort(key=lambda r: (r[1], -r[0]))
        return ranked[:limit], capped

    def _phrase_count(self, match: str) -> tuple[int, int | None]:
        """(matches counted, highest rowid among them), counting at most
        :attr:`rare_phrase` + 1 matches of ``match``, the oldest (FTS5's own order, the
        fastest to read)."""
        n, high = self.execute(
            "SELECT COUNT(*), MAX(rowid) FROM (SELECT rowid FROM fulltext WHERE fulltext MATCH ? LIMIT ?)",
            (match, self.rare_phrase + 1)).fetchone()
        return int(n), high

    def _fts_totals(self) -> tuple[int, float]:
        """(rows, average tokens per row over both columns) of the full-text index, as
        FTS5's bm25 takes them: from its averages record (one varint for the rows,
        one per column for the tokens), else counted."""
        try:
            blob = self.execute("SELECT block FROM fulltext_data WHERE id = 1").fetchone()
            vals = _varints(blob[0]) if blob and isinstance(blob[0], bytes) else []
            if len(vals) == 3 and vals[0] > 0:
                return vals[0], (vals[1] + vals[2]) / vals[0]
        except sqlite3.Error:
            pass
        n = int(self.execute("SELECT COUNT(*) FROM paragraphs").fetchone()[0]) or 1
        sizes = [sum(_varints(b)) for (b,) in self.execute("SELECT sz FROM fulltext_docsize LIMIT 10000")]
        return n, (sum(sizes) / len(sizes) if sizes else 1.0)

    def _bm25_here(self, plan: QueryPlan, ids: Sequence[int],
                   counts: dict[Phrase, tuple[int, int | None]]) -> list[tuple[int, float]]:
        """FTS5's bm25 (k1 = 1.2, b = 0.75, every column weight 1) of the paragraphs
        ``ids`` for ``plan``, computed here: term frequencies from the paragraph text
        (tokenised as the index does), lengths from FTS5's own per-row token counts.

        The IDF needs how many paragraphs match each phrase: exact for a phrase
        counted to the end (:meth:`_phrase_count`), else estimated from how densely
        its first matches lie among the first rows — the pass FTS5 would make over
        every match is what this method exists to avoid."""
        nrow, avgdl = self._fts_totals()
        first = int(self.execute("SELECT MIN(id) FROM paragraphs").fetchone()[0] or 0)
        phrases = [p for g in plan.groups for p in g]  # a repeated word counts twice, as in FTS5
        idf = []
        for p in phrases:
            n, high = counts[p]
            if n > self.rare_phrase and high is not None:  # estimated from the density of the oldest matches
                n = max(n, min(nrow, round(n / max(1, high - first + 1) * nrow)))
            v = math.log((nrow - n + 0.5) / (n + 0.5))
            idf.append(v if v > 0 else 1e-6)
        counter = _PhraseCounter(phrases)
        k1, b = 1.2, 0.75
        rows = self.execute(
            "SELECT p.id, coalesce(p.search, p.text), s.sz FROM paragraphs p "
            f"LEFT JOIN fulltext_docsize s ON s.id = p.id WHERE p.id IN ({','.join('?' * len(ids))})",
            tuple(ids)).fetchall()
        out = []
        for (pid, _text, sz), t in zip(rows, _comparable([r[1] for r in rows], plan.folded)):
            d = sum(_varints(sz)) if isinstance(sz, bytes) else 2 * len(tokens(str(t)))
            norm = k1 * (1 - b + b * d / avgdl)
            score = 0.0
            for w, tf in zip(idf, counter.counts(t)):
                if tf:
                    score += w * tf * (k1 + 1) / (tf + norm)
            out.append((pid, -score))
        return out

    # -- schema
    def schema_version(self) -> int:
        """The highest migration applied to this file (0 for a new file)."""
        if not self._has_table("schema_version"):
            return 0
        v = self.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
        return int(v or 0)

    def _migrate(self) -> None:
        target = self.migrations[-1][0]
        current = self.schema_version()
        if current > target:
            raise StoreError(f"{self.path}: index schema v{current} is newer than this baocao "
                             f"(v{target}); upgrade baocao")
        if current == target:
            if not self.readonly:
                self._check_fold_version()
            return
        if self.readonly:
            raise StoreError(f"{self.path}: index schema v{current} is older than v{target}; "
                             "run 'baocao index' once to upgrade it")
        if current == 0 and self._other_tables():
            raise StoreError(f"{self.path}: not a baocao index (it holds other tables)")
        with self._transaction() as cur:
            # re-read under the write lock: another process may have just migrated
            current = self.schema_version()
            cur.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                        "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
            for version, steps in self.migrations:
                if version <= current:
                    continue
                for sql in steps:
                    cur.execute(sql)
                cur.execute("INSERT INTO schema_version(version, applied_at) VALUES (?, ?)", (version, _now()))

    def _check_fold_version(self) -> None:
        row = self.execute("SELECT value FROM meta WHERE key = 'fold_version'").fetchone()
        if row is None or row[0] != FOLD_VERSION:
            self.rebuild_fulltext()

    def rebuild_fulltext(self) -> None:
        """Rebuild the full-text index from ``paragraphs`` (after a change of :func:`fold`)."""
        with self._transaction() as cur:
            cur.execute("INSERT INTO fulltext(fulltext) VALUES ('delete-all')")
            rows = self.conn.execute("SELECT id, text, search FROM paragraphs")
            cur.executemany(
                "INSERT INTO fulltext(rowid, text, folded) VALUES (?, ?, ?)",
                ((pid, s if s is not None else t, fold(s if s is not None else t)) for pid, t, s in rows),
            )
            cur.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('fold_version', ?)", (FOLD_VERSION,))

    # -- state for incremental runs
    def states(self) -> dict[str, DocState]:
        """Every indexed path with its sha256, size, mtime and status."""
        rows = self.execute("SELECT id, path, sha256, size, mtime_ns, status FROM documents")
        return {r[1]: DocState(*r) for r in rows}

    def touch(self, path: str, size: int, mtime_ns: int) -> None:
        """Record a new size/mtime for a file whose content (sha256) did not change, so
        the next run skips it without hashing."""
        self.execute("UPDATE documents SET size = ?, mtime_ns = ? WHERE path = ?", (size, mtime_ns, path))

    # -- writing
    def _delete_doc_rows(self, cur: Any, doc_id: int) -> None:
        self._forget_fulltext(cur, doc_id)
        for table in ("paragraphs", "refs", "findings", "figures", "statements"):
            cur.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        cur.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def write_document(self, rec: dict[str, Any], *, _between: Any = None) -> int:
        """Replace everything indexed for ``rec['path']`` by ``rec``, in one transaction.

        ``rec`` is the plain record built by :func:`extract.index.indexer.process_file`:
        document fields (see ``_DOC_COLS``) plus lists ``paragraphs`` (tuples
        ``(start, page, line, text, search_or_None, lines_json_or_None[, folded])``),
        ``refs``, ``findings``, ``figures``, ``statements`` (dicts keyed by the
        column names).  A failed read is a record with ``status='failed'`` and a
        ``reason`` and no lists.  Returns the document's new id.  ``_between`` is a
        test hook called inside the transaction (the kill test dies there)."""
        return self.write_documents([rec], _between=_between)[0]

    def write_documents(self, recs: Sequence[dict[str, Any]], *, _between: Any = None) -> list[int]:
        """Write several documents in one transaction (each replaced whole, as in
        :meth:`write_document`).  A batch commits all or nothing, so a document is
        still never half written; batching only spares the per-commit cost (the
        full-text index flushes a segment at every commit)."""
        with self._transaction() as cur:
            return [self._write_one(cur, rec, _between) for rec in recs]

    def _write_one(self, cur: Any, rec: dict[str, Any], _between: Any = None) -> int:
        old = cur.execute("SELECT id FROM documents WHERE path = ?", (rec["path"],)).fetchone()
        if rec.get("status") == "unchanged":  # same content, new mtime: remember the new stat
            if old:
                cur.execute("UPDATE documents SET size = ?, mtime_ns = ? WHERE id = ?",
                            (rec.get("size"), rec.get("mtime_ns"), old[0]))
            return int(old[0]) if old else -1
        if old:
            self._delete_doc_rows(cur, old[0])
        values = [rec.get(c) for c in _DOC_COLS]
        values[_DOC_COLS.index("meta")] = _json(rec.get("meta"))
        values[_DOC_COLS.index("indexed_at")] = rec.get("indexed_at") or _now()
        doc_id = self._insert_document(
            cur, f"INSERT INTO documents({_q(_DOC_COLS)}) VALUES ({', '.join('?' * len(_DOC_COLS))})", values)
        paras = rec.get("paragraphs") or []
        if paras:
            self._insert_paragraphs(cur, doc_id, paras)
        if _between is not None:
            _between()
        refs = rec.get("refs") or []
        if refs:
            ref_cols = REF_COLS + ("key_fold", "cited_fold", "seq", "doc_id")
            cur.executemany(
                f"INSERT INTO refs({_q(ref_cols)}) VALUES ({', '.join('?' * len(ref_cols))})",
                ([r.get(c) for c in REF_COLS]
                 + [r["key_fold"] if "key_fold" in r else fold_key(r.get("key")),
                    r["cited_fold"] if "cited_fold" in r else fold_key(r.get("cited_key")), i, doc_id]
                 for i, r in enumerate(refs)),
            )
        for table, cols, rows in (("findings", FINDING_COLS, rec.get("findings")),
                                  ("figures", FIGURE_COLS, rec.get("figures")),
                                  ("statements", STATEMENT_COLS, rec.get("statements"))):
            if not rows:
                continue
            extra = ("label_fold",) if table == "figures" else ()
            allc = cols + extra + ("doc_id",)
            cur.executemany(
                f"INSERT INTO {table}({_q(allc)}) VALUES ({', '.join('?' * len(allc))})",
                ([_json(r.get(c)) if c == "data" else r.get(c) for c in cols]
                 + ([fold(r.get("label") or "").lower()] if extra else []) + [doc_id]
                 for r in rows),
            )
        return doc_id

    def delete_paths(self, paths: Iterable[str]) -> int:
        """Drop every row of each path (files that are gone); one transaction per path."""
        n = 0
        for path in paths:
            with self._transaction() as cur:
                row = cur.execute("SELECT id FROM documents WHERE path = ?", (path,)).fetchone()
                if row:
                    self._delete_doc_rows(cur, row[0])
                    n += 1
        return n

    # -- reading
    def counts(self) -> dict[str, int]:
        """Row counts per table (documents split into ok and failed)."""
        def one(sql: str) -> int:
            return int(self.execute(sql).fetchone()[0])

        out = {
            "documents": one("SELECT COUNT(*) FROM documents WHERE status = 'ok'"),
            "failed": one("SELECT COUNT(*) FROM documents WHERE status = 'failed'"),
        }
        for t in ("refs", "findings", "figures", "statements", "paragraphs"):
            out[t] = one(f"SELECT COUNT(*) FROM {t}")
        return out

    def search(self, query: str, *, limit: int = 20, fold_mode: bool | None = None,
               markers: tuple[str, str] = ("[", "]"), width: int = 160,
               max_ranked: int | None = 5000) -> SearchHits:
        """Ranked full-text hits for ``query`` (bm25 on SQLite, ts_rank on PostgreSQL),
        best first.

        Query syntax: words are ANDed; ``"quoted words"`` is a phrase; a word
        written with ``-`` or ``/`` inside (``ND-CP``, ``107/2020``) is a phrase
        too; ``word*`` is a prefix; ``OR`` between two terms; ``-word`` excludes.
        ``fold_mode`` None decides from the query (diacritics present → exact
        column), True forces the folded column, False the exact one.

        Ranking costs time per *matching* paragraph, so a query that matches most
        of a large index ("hanh chinh" over 100 000 reports) is ranked among its most
        recently indexed matches only — the ``max_ranked`` newest, and on SQLite at
        most :attr:`ranked_here` when every word of it is common (see
        :meth:`_ranked`); the result then says so (``capped``).  For so common a
        query the ranking barely separates the matches anyway; a more specific query
        is the remedy.  None ranks every match, whatever it costs."""
        plan = parse_query(query, fold_mode=fold_mode)
        out = SearchHits()
        if plan is None:
            return out
        try:
            rows, out.capped = self._ranked(plan, limit, max_ranked)
        except sqlite3.OperationalError as exc:
            if "fts5" not in str(exc) and "syntax" not in str(exc):
                raise
            raise ValueError(f"cannot search for {query[:80]!r}: the full-text index rejects it ({exc}); "
                             "words are ANDed, \"quotes\" make a phrase, OR between terms, -word excludes") from None
        if not rows:
            return out
        ids = [r[0] for r in rows]
        info = {
            r[0]: r[1:]
            for r in self.execute(
                f"SELECT p.id, d.path, p.page, p.line, p.text, p.lines FROM paragraphs p "
                f"JOIN documents d ON d.id = p.doc_id WHERE p.id IN ({','.join('?' * len(ids))})", ids)
        }
        for pid, score in rows:
            if pid not in info:
                continue
            path, page, line, text, lines = info[pid]
            spans = plan.highlight_spans(text)
            # the longest highlighted run is where the query really matched (a lone
            # common word earlier in the paragraph is not)
            best = max(spans, key=lambda sp: (sp[1] - sp[0], -sp[0])) if spans else None
            if best and lines:
                page, line = _locate_in_paragraph(json.loads(lines), best[0], page, line)
            out.append(SearchHit(path, page, line, _snippet(text, spans, best, markers, width), -float(score), pid))
        return out


def indexed_text(p: Sequence[Any]) -> str:
    """The text of a paragraph tuple that the full-text index sees (``search`` if set)."""
    return p[4] if p[4] is not None else p[3]


def indexed_folded(p: Sequence[Any]) -> str:
    """The folded copy of :func:`indexed_text` (precomputed by the indexer's workers)."""
    return p[6] if len(p) > 6 else fold(indexed_text(p))


def _varints(blob: bytes) -> list[int]:
    """The SQLite varints (big-endian, 7 bits a byte) packed in ``blob`` — how FTS5
    stores its per-row token counts and its totals."""
    out, v = [], 0
    for c in blob:
        v = (v << 7) | (c & 0x7F)
        if not c & 0x80:
            out.append(v)
            v = 0
    return out


def _comparable(texts: Sequence[str], folded: bool) -> list[str | bytes]:
    """``texts`` as the full-text column sees them, for :class:`_PhraseCounter`: lower
    case, folded for the folded column, ``_`` (a separator to FTS5, a word character
    to ``re``) made a space.

    Folding is the cost of ranking here, so the folded texts are made in one go: đ → d,
    then NFD, then every non-ASCII character dropped (the marks).  Where that loses
    a character (a symbol or a letter without an ASCII base) the text is folded
    exactly instead; otherwise the ASCII bytes are the folded text."""
    if not folded:
        return [t.lower().replace("_", " ") for t in texts]
    big = "\x00".join(texts)
    if big.count("\x00") != max(0, len(texts) - 1):
        return [fold(t).lower().replace("_", " ") for t in texts]
    big = big.replace("đ", "d").replace("Đ", "D").replace("\u00d0", "D")
    parts = unicodedata.normalize("NFD", big).encode("ascii", "ignore").lower().replace(b"_", b" ").split(b"\x00")
    return [a if len(a) == len(t) else fold(t).lower().replace("_", " ") for a, t in zip(parts, texts)]


class _PhraseCounter:
    """Counts the instances of each phrase of a query in a text from
    :func:`_comparable` (ASCII bytes or str), as FTS5 counts them: whole tokens,
    consecutive for a phrase, overlapping instances each (``so so`` twice in ``so so
    so``), a prefix matching the start of a token.  The single words are found by
    one regex in one pass; a phrase of several words or a prefix has its own."""

    def __init__(self, phrases: Sequence[Phrase]) -> None:
        self.phrases = list(phrases)
        words = sorted({p.tokens[0] for p in phrases if len(p.tokens) == 1 and not p.prefix},
                       key=lambda w: (-len(w), w))
        # per kind of text: the words regex, and per phrase (None: a single word, found
        # by it) its own regex and the word as that kind
        self.plans: dict[type, tuple[Any, list[tuple[Any, Any]]]] = {}
        for kind, enc in ((str, lambda x: x), (bytes, lambda x: x.encode())):
            word_rx = re.compile(enc(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b")) if words else None
            items: list[tuple[re.Pattern[Any] | None, str | bytes | None]] = []
            for p in phrases:
                if len(p.tokens) > 1 or p.prefix:
                    items.append((re.compile(enc(r"\b(?=" + r"\W+".join(map(re.escape, p.tokens))
                                                 + (r"\w*" if p.prefix else "") + r"\b)")), None))
                else:
                    items.append((None, enc(p.tokens[0])))
            self.plans[kind] = (word_rx, items)

    def counts(self, text: str | bytes) -> list[int]:
        """How many times each phrase occurs in ``text`` (in the order given)."""
        word_rx, items = self.plans[type(text)]
        found = word_rx.findall(text) if word_rx is not None else []
        return [found.count(w) if rx is None else sum(1 for _ in rx.finditer(text)) for rx, w in items]

# --------------------------------------------------------------------------- queries → FTS5 / tsquery

_WORD = re.compile(r"[^\W_]+")
_CHUNK = re.compile(r'"([^"]*)"|(\S+)')


def tokens(text: str) -> list[str]:
    """The words of ``text`` as the full-text index sees them: runs of letters and
    digits, lower case (FTS5's unicode61 tokenizer; the PostgreSQL backend builds its
    tsvectors with this same function, so both backends match the same paragraphs)."""
    return _WORD.findall(text.lower())


@dataclass(frozen=True)
class Phrase:
    """Consecutive index tokens; ``prefix``: the last one is a prefix (``hanh*``)."""

    tokens: tuple[str, ...]
    prefix: bool = False


@dataclass
class QueryPlan:
    """A user query parsed once: ``groups`` (ANDed; the phrases of a group are ORed)
    and ``negs`` (excluded), rendered for FTS5 as :attr:`match` and for PostgreSQL by
    :func:`extract.index.store_pg.tsquery`, plus what to highlight."""

    match: str
    folded: bool
    words: list[tuple[str, bool]]  # (normalised word, is_prefix) of the positive terms
    groups: list[list[Phrase]] = field(default_factory=list)
    negs: list[Phrase] = field(default_factory=list)
    query: str = ""

    def norm(self, token: str) -> str:
        """A token as the index column it is matched in sees it (case-folded)."""
        if self.folded:
            return fold(token).lower()
        return _tone(token).lower()

    def highlight_spans(self, text: str) -> list[tuple[int, int]]:
        """Spans of ``text`` whose words match a query word, adjacent ones merged."""
        exact = {w for w, pre in self.words if not pre}
        prefixes = [w for w, pre in self.words if pre]
        spans: list[tuple[int, int]] = []
        for m in _WORD.finditer(text):
            t = self.norm(m.group(0))
            if t in exact or any(t.startswith(p) for p in prefixes):
                if spans and re.fullmatch(r"[\s/.\-]{0,2}", text[spans[-1][1]:m.start()]):
                    spans[-1] = (spans[-1][0], m.end())
                else:
                    spans.append((m.start(), m.end()))
        return spans


def _tone(s: str) -> str:

    return tone_normalize(s)


class QueryTooLong(ValueError):
    """A search query over its size budget (the message says which, and the way out)."""


def check_query_size(query: str) -> None:
    lim = limits.current()
    if len(query) > lim.query_chars:
        raise QueryTooLong(f"query too long: {len(query)} characters (at most {lim.query_chars}; "
                           f"search for a phrase of it, or set {limits.ENV['query_chars']})")
    n = len(query.split())
    if n > lim.query_words:
        raise QueryTooLong(f"query too long: {n} words (at most {lim.query_words}; "
                           f"search for a phrase of it, or set {limits.ENV['query_words']})")


def parse_query(query: str, *, fold_mode: bool | None = None) -> QueryPlan | None:
    """The plan for a user query (None when it has no searchable word); see
    :meth:`Store.search` for the syntax.  A query longer than the budgets
    (``query_chars``, ``query_words``) raises :class:`QueryTooLong`: search for a
    phrase of it, not a pasted report."""
    check_query_size(query)
    q = unicodedata.normalize("NFC", query).replace("\u00d0", "Đ")
    folded = (not has_diacritics(q)) if fold_mode is None else fold_mode
    q = fold(q) if folded else _tone(q)
    groups: list[list[Phrase]] = []
    negs: list[Phrase] = []
    words: list[tuple[str, bool]] = []
    pending_or = False
    for m in _CHUNK.finditer(q):
        chunk = m.group(1) if m.group(1) is not None else m.group(2)
        if m.group(2) == "OR" and groups:
            pending_or = True
            continue
        neg = m.group(1) is None and chunk.startswith("-") and len(chunk) > 1
        if neg:
            chunk = chunk[1:]
        prefix = m.group(1) is None and chunk.endswith("*")
        toks = tokens(chunk)
        if not toks:
            continue
        phrase = Phrase(tuple(toks), prefix)
        if neg:
            negs.append(phrase)
            continue
        words.extend((t, prefix and i == len(toks) - 1) for i, t in enumerate(toks))
        if pending_or:
            groups[-1].append(phrase)
            pending_or = False
        else:
            groups.append([phrase])
    if not groups:
        return None
    return QueryPlan(_fts5_match(groups, negs, "folded" if folded else "text"), folded, words, groups, negs, query)


def _fts5_match(groups: list[list[Phrase]], negs: list[Phrase], col: str) -> str:
    """The FTS5 MATCH expression of a parsed query, on column ``col``."""
    def term(p: Phrase) -> str:
        return f'{col} : "{" ".join(p.tokens)}"' + ("*" if p.prefix else "")

    expr = " AND ".join(f"({' OR '.join(map(term, g))})" if len(g) > 1 else term(g[0]) for g in groups)
    for n in negs:
        expr = f"({expr}) NOT {term(n)}"
    return expr


def _locate_in_paragraph(lines: Sequence[Sequence[int]], offset: int, page: int | None,
                         line: int | None) -> tuple[int | None, int | None]:
    """(page, line) of ``offset`` inside a paragraph from its [[rel, page, line], …] map."""
    for rel, pg, ln in lines:
        if rel > offset:
            break
        page, line = pg, ln
    return page, line


def _snippet(text: str, spans: list[tuple[int, int]], best: tuple[int, int] | None,
             markers: tuple[str, str], width: int) -> str:
    """A window of ``text`` around the best match, matches marked, cut at word ends."""
    text_len = len(text)
    if not spans or best is None:
        head = text[:width]
        return head + ("…" if text_len > width else "")
    a = best[0]
    lo = max(0, a - width // 3)
    hi = min(text_len, lo + width)
    lo = max(0, min(lo, hi - width))
    if lo > 0:
        sp = text.find(" ", lo)
        lo = sp + 1 if 0 <= sp < a else lo
    if hi < text_len:
        sp = text.rfind(" ", max(lo, best[1]), hi)
        hi = sp if sp > 0 else hi
    out = []
    pos = lo
    for s, e in spans:
        if e <= lo or s >= hi:
            continue
        s, e = max(s, lo), min(e, hi)
        out.append(text[pos:s])
        out.append(markers[0] + text[s:e] + markers[1])
        pos = e
    out.append(text[pos:hi])
    body = re.sub(r"\s+", " ", "".join(out)).strip()
    return ("…" if lo > 0 else "") + body + ("…" if hi < text_len else "")


def iter_rows(store: Store, sql: str, params: Sequence[Any] = ()) -> Iterator[sqlite3.Row]:
    """Rows of ``sql`` as :class:`sqlite3.Row` (column access by name; SQLite stores only)."""
    cur = store.conn.cursor()
    cur.row_factory = sqlite3.Row
    yield from cur.execute(sql, params)
