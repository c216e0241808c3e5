"""Questions asked of the index, each answered as a pandas DataFrame.

Every function answers alike from a SQLite file or a PostgreSQL server
(``db="postgresql://…"``): the SQL here is written once, SQLite-flavoured, and the
store translates it (:meth:`extract.index.store.Store.execute`).

The DataFrame is the common currency: the CLI prints it as a table or writes it as
CSV / JSON Lines / Excel / Parquet (:func:`write_frame`), a notebook keeps working
with it.  Every function takes ``db`` as a path or an open
:class:`~extract.index.store.Store`.

Users type reference numbers the way they remember them — ``nd 107/2020``,
``107/2020/ND-CP``, ``QĐ 1149 BNV`` — so :func:`cites` turns such input into the
set of canonical keys it can mean (folding Đ/D and case) before asking the index.
"""
from __future__ import annotations

import functools
import io
import json
import os
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace
from typing import IO, TYPE_CHECKING, Any

from rapidfuzz import fuzz, process, utils

from extract.core.rules import SEVERITIES
from extract.core.text import fold, fold_key
from extract.find.dates import report_period
from extract.find.references import canonical_key, code_tables
from extract.index.backends import open_store
from extract.index.store import DEFAULT_DB, FIGURE_COLS, FINDING_COLS, REF_COLS, STATEMENT_COLS, Store, check_query_size

#: findings most severe first, in the one order of extract.core.rules.SEVERITIES
_SEVERITY_ORDER = ("CASE f.severity " + " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(SEVERITIES))
                   + f" ELSE {len(SEVERITIES)} END")

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "KeyQuery",
    "parse_key_query",
    "cites",
    "cites_timeline",
    "search",
    "refs",
    "findings",
    "figures",
    "figure_conflicts",
    "body_key",
    "cross_date_conflicts",
    "documents",
    "report",
    "findings_across",
    "write_frame",
    "valid_period",
]

DB = "str | os.PathLike[str] | Store"


def _frame(store: Store, sql: str, params: Sequence[Any], columns: list[str]) -> pd.DataFrame:
    """Rows of a SQLite-flavoured query (the store translates it) as a DataFrame."""
    import pandas as pd

    rows = store.execute(sql, tuple(params)).fetchall()  # plain tuples: fastest into pandas
    return pd.DataFrame.from_records(rows, columns=columns)


class _Open:
    """Open a read-only store for one query unless given an open one."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self.store: Store | None = None

    def __enter__(self) -> Store:
        self.store = open_store(self.db, readonly=True)
        return self.store

    def __exit__(self, *exc: object) -> None:
        if self.store is not None and self.store is not self.db:
            self.store.close()


# --------------------------------------------------------------------------- messy keys


@dataclass
class KeyQuery:
    """What a typed reference can mean: an exact key (when the input parses as one),
    else a number with the year, codes and document type that must go with it."""

    text: str
    exact: str | None = None  # folded canonical key
    number: str | None = None
    year: int | None = None
    codes: list[str] = field(default_factory=list)  # folded upper codes that must be key segments
    doc_type: str | None = None  # folded lower canonical type name (for types without a code)

    def matches(self, key_fold: str, year: int | None, date: str | None, doc_type: str | None) -> bool:
        """Does an indexed key (folded) satisfy the field constraints?"""
        segs = re.split(r"[/\-]", key_fold)
        if self.number is not None and (not segs or segs[0].lstrip("0") != self.number.lstrip("0")):
            return False
        for c in self.codes:
            if c not in segs and not any(s.startswith(c) and s[len(c):].isdigit() for s in segs):
                return False
        if self.year is not None:
            if str(self.year) not in segs and year != self.year and not (date or "").startswith(str(self.year)):
                return False
        if self.doc_type is not None and fold(doc_type or "").lower() != self.doc_type:
            return False
        return True


@functools.lru_cache(maxsize=1)
def _vocab() -> tuple[re.Pattern[str], dict[str, str], set[str]]:
    """(names regex, folded name → replacement, known codes).

    Document-type and issuer names (folded, lower case, longest first) are replaced
    in one pass by their code, or by an ``@type`` token when the type has no code
    (Luật, Công văn), from the same rules/ tables the extractor uses."""

    t = code_tables()
    names: dict[str, str] = {}
    for row in t.doc_types:
        for n in (x for x in row["names"].split("|") if x):
            canon = t.name_canon.get(n.lower(), n)
            repl = fold_key(row["code"]) if row["code"] else "@" + fold(canon).lower().replace(" ", "_")
            names.setdefault(" ".join(fold(n).lower().split()), repl)
    for row in t.issuers:
        for n in [row["name"]] + [a for a in row["aliases"].split("|") if a]:
            if " " in n.strip():  # single tokens are codes, handled as codes
                names.setdefault(" ".join(fold(n).lower().split()), fold_key(row["code"]))
    alts = sorted(names, key=len, reverse=True)
    rx = re.compile(r"(?<![\w@])(?:" + "|".join(r"\s+".join(map(re.escape, n.split())) for n in alts) + r")(?!\w)")
    codes = {fold_key(c) for c in t.known_codes if c} | {"QH", "UBTVQH"}
    return rx, names, codes


_FILLER = {"SO", "NGAY", "THANG", "NAM", "CUA", "VE", "VIEC", "THEO", "TAI", "VA", "BAN", "HANH", "KY", "HIEU"}
_TOKENS = re.compile(r"@\w+|[^\W\d_]+\d*|\d+")


def parse_key_query(text: str) -> KeyQuery:
    """Turn a typed reference into a :class:`KeyQuery` (see module doc).

    >>> q = parse_key_query("nd 107/2020"); (q.number, q.year, q.codes)
    ('107', 2020, ['ND'])
    """

    raw = unicodedata.normalize("NFC", text).replace("\u00d0", "Đ").strip()
    q = KeyQuery(text=text)
    compact = re.sub(r"\s*([/\-])\s*", r"\1", raw)
    compact = re.sub(r"^(?:[Ss]ố|[Ss]o)\s*[:.]?\s*", "", compact)
    try:
        key = canonical_key(compact)
    except Exception:  # noqa: BLE001 - a parse failure just means "not an exact key"
        key = None
    if key:
        q.exact = fold_key(key)
    rx, names, codes = _vocab()
    low = rx.sub(lambda m: f" {names[' '.join(m.group(0).split())]} ", fold(raw).lower())
    # upper-case words of the input are codes even when the tables do not know them
    typed_upper = {fold(w) for w in re.findall(r"[^\W\d_]+\d*", raw) if w.isupper()}
    for tok in _TOKENS.findall(low):
        if tok.startswith("@") or tok.upper() == "CV":
            dt = "cong van" if tok.upper() == "CV" else tok[1:].replace("_", " ")
            # "văn bản"/"công văn" says nothing definite: "Văn bản số 1149/QĐ-BNV" is a Quyết định
            q.doc_type = None if dt == "cong van" else dt
        elif tok.isdigit():
            if q.number is None:
                q.number = tok
            elif len(tok) == 4 and tok[:2] in ("19", "20"):
                q.year = int(tok)
        else:
            tu = tok.upper()
            if tu in _FILLER:
                continue
            if tu in codes or tu in typed_upper or re.fullmatch(r"QH\d+", tu) or (
                    len(tu) <= 3 and not re.search(r"[AEIOUY]", tu[1:])):
                if tu not in q.codes:
                    q.codes.append(tu)
    if q.number is not None:
        q.number = q.number.lstrip("0").zfill(2)
    return q


def _cited_keys(store: Store, q: KeyQuery) -> list[str]:
    """The folded keys in the index that ``q`` can mean."""
    if q.exact:
        hit = store.execute("SELECT 1 FROM refs WHERE cited_fold = ? LIMIT 1", (q.exact,)).fetchone()
        if hit:
            return [q.exact]
    if q.number is None:
        return []
    numbers = {q.number, q.number.lstrip("0") or "0"}
    rows = store.execute(
        f"SELECT DISTINCT cited_fold, year, date, doc_type FROM refs WHERE number IN ({','.join('?' * len(numbers))}) "
        "AND cited_fold IS NOT NULL", tuple(numbers)).fetchall()
    return sorted({k for k, y, d, t in rows if q.matches(k, y, d, t)})


def cites(db: Any = DEFAULT_DB, key_text: str = "", *, kinds: Sequence[str] | None = None,
          limit: int | None = None) -> pd.DataFrame:
    """Which documents cite ``key_text``, one row per mention: doc, page, line,
    quote, date (as that mention gives it, or inherited from an earlier mention of
    the same key), key, kind (numbered, partial, back_reference, named_law),
    relation, pinpoint, and the citing document's own number and date.

    ``key_text`` may be messy (``nd 107/2020``, ``107/2020/ND-CP``, ``QĐ 1149 BNV``);
    when it can mean several keys, rows for all of them come back, by citing document
    and place — with ``limit``, the first ``limit`` mentions indexed, by document."""
    import pandas as pd

    cols = ["doc", "page", "line", "quote", "date", "key", "kind", "relation", "pinpoint", "doc_number", "doc_date"]
    with _Open(db) as store:
        keys = _cited_keys(store, parse_key_query(key_text))
        if not keys:
            return pd.DataFrame(columns=cols)
        sql = (
            "SELECT d.path, r.page, r.line, r.quote, r.date, r.cited_key, r.kind, r.relation, r.pinpoint, "
            "d.number, d.date FROM refs r JOIN documents d ON d.id = r.doc_id "
            f"WHERE r.cited_fold IN ({','.join('?' * len(keys))})"
        )
        params: list[Any] = list(keys)
        if kinds:
            sql += f" AND r.kind IN ({','.join('?' * len(kinds))})"
            params += list(kinds)
        if limit is None:
            return _frame(store, sql + " ORDER BY d.path, r.seq", params, cols)
        # the first mentions in the order they were indexed (the order of the key's
        # index entries: a key cited 200 000 times is not sorted whole), then by document
        df = _frame(store, sql + f" ORDER BY r.id LIMIT {int(limit)}", params, cols)
        return df.sort_values("doc", kind="stable").reset_index(drop=True)


def cites_timeline(db: Any = DEFAULT_DB, key_text: str = "") -> pd.DataFrame:
    """How many documents cite ``key_text`` (read as :func:`cites` reads it), per year
    of the citing document's date: year (None: undated), documents, citations
    (mentions).  Counted in the index, so a key cited by thousands stays quick."""
    import pandas as pd

    cols = ["year", "documents", "citations"]
    with _Open(db) as store:
        keys = _cited_keys(store, parse_key_query(key_text))
        if not keys:
            return pd.DataFrame(columns=cols)
        # mentions per citing document from the (key, document) index alone, then one
        # lookup per document for its date
        sql = ("SELECT substr(d.date, 1, 4) AS y, COUNT(*), SUM(x.n) FROM (SELECT doc_id, COUNT(*) AS n FROM refs "
               f"WHERE cited_fold IN ({','.join('?' * len(keys))}) GROUP BY doc_id) x "
               "JOIN documents d ON d.id = x.doc_id GROUP BY substr(d.date, 1, 4) ORDER BY y")
        return _frame(store, sql, keys, cols)


# --------------------------------------------------------------------------- full text


def search(db: Any = DEFAULT_DB, text: str = "", limit: int = 20, *, fold_mode: bool | None = None,
           markers: tuple[str, str] = ("[", "]"), width: int = 160,
           max_ranked: int | None = 5000) -> pd.DataFrame:
    """Ranked full-text search (bm25): doc, page, line, snippet, rank (1 = best), score.

    Typed without diacritics the query ignores them and đ/Đ (``cai cach hanh
    chinh``, ``ND-CP``); typed with them it honours them; tone placement never
    matters (``hoá`` = ``hóa``).  See :meth:`extract.index.store.Store.search` for syntax
    and ``max_ranked``; ``df.attrs["capped"]`` is True when a very common query was
    ranked among its most recent matches only (at most 5 000; on SQLite 1 000 when
    every word of it is common)."""
    check_query_size(text)  # before the index is opened: a pasted report is refused at once
    import pandas as pd

    cols = ["doc", "page", "line", "snippet", "rank", "score"]
    with _Open(db) as store:
        hits = store.search(text, limit=limit, fold_mode=fold_mode, markers=markers, width=width,
                            max_ranked=max_ranked)
    df = pd.DataFrame.from_records(
        [(h.doc, h.page, h.line, h.snippet, i + 1, round(h.score, 4)) for i, h in enumerate(hits)], columns=cols)
    df.attrs["capped"] = hits.capped
    return df


# --------------------------------------------------------------------------- aggregates


def _like(pattern: str) -> str:
    """A user pattern as SQL LIKE: shell wildcards if given, else a substring."""
    if any(c in pattern for c in "*?"):
        return pattern.replace("%", r"\%").replace("_", r"\_").replace("*", "%").replace("?", "_")
    return "%" + pattern.replace("%", r"\%").replace("_", r"\_") + "%"


def refs(db: Any = DEFAULT_DB, issuer: str | None = None, type_code: str | None = None,
         year: int | None = None, cited_by: str | None = None, *, limit: int | None = None) -> pd.DataFrame:
    """Most-cited documents: key, doc_type, issuer_code, issuer, year, documents
    (how many reports cite it), citations (mentions), dates (the issue dates given).

    Filters: ``issuer`` a code or part of a name (folded: ``BGDDT`` = ``BGDĐT``);
    ``type_code`` (``ND`` = ``NĐ``); ``year`` of the cited document (from its number,
    else its date); ``cited_by`` a pattern on the citing report's path or number
    (substring, or ``*``/``?`` wildcards)."""
    cols = ["key", "doc_type", "issuer_code", "issuer", "year", "documents", "citations", "dates"]
    where = ["r.cited_fold IS NOT NULL"]
    params: list[Any] = []
    if issuer:
        where.append("(fold_key(r.issuer_code) = ? OR lower(fold(r.issuer)) LIKE ? ESCAPE '\\')")
        params += [fold_key(issuer), _like(fold(issuer).lower())]
    if type_code:
        where.append("fold_key(r.type_code) = ?")
        params.append(fold_key(type_code))
    if year is not None:
        where.append("(r.year = ? OR (r.year IS NULL AND substr(r.date, 1, 4) = ?))")
        params += [int(year), str(int(year))]
    if cited_by:
        where.append("(d.path LIKE ? ESCAPE '\\' OR d.number LIKE ? ESCAPE '\\')")
        params += [_like(cited_by), _like(cited_by)]
    with _Open(db) as store:
        sql = (
            "SELECT MIN(r.cited_key), MAX(r.doc_type), MAX(r.issuer_code), MAX(r.issuer), MAX(r.year), "
            "COUNT(DISTINCT r.doc_id) AS ndocs, COUNT(*) AS n, "
            f"{store.group_concat('CASE WHEN r.date_inherited = 0 THEN r.date END')} "
            "FROM refs r JOIN documents d ON d.id = r.doc_id "
            f"WHERE {' AND '.join(where)} AND r.kind IN ('numbered', 'named_law', 'partial') "
            "GROUP BY r.cited_fold ORDER BY ndocs DESC, n DESC, MIN(r.cited_key)"
        )
        if limit:
            sql += f" LIMIT {int(limit)}"
        df = _frame(store, sql, params, cols)
    df["dates"] = df["dates"].map(lambda s: ", ".join(sorted(s.split(","))) if isinstance(s, str) else "")
    return df


def _finding_filter(rule: str | None, severity: str | None) -> tuple[list[str], list[Any]]:
    """SQL conditions and parameters for a rule and a severity (case-insensitive)."""
    where: list[str] = []
    params: list[Any] = []
    if rule:
        where.append("upper(f.rule) = upper(?)")
        params.append(rule)
    if severity:
        where.append("lower(f.severity) = lower(?)")
        params.append(severity)
    return where, params


def findings(db: Any = DEFAULT_DB, rule: str | None = None, severity: str | None = None) -> pd.DataFrame:
    """Findings across the index: doc, page, line, rule, severity, message, stated,
    computed, tolerance, quote (``rule`` and ``severity`` filter, case-insensitive)."""
    cols = ["doc", "page", "line", "rule", "severity", "message", "stated", "computed", "tolerance", "quote"]
    where, params = _finding_filter(rule, severity)
    sql = ("SELECT d.path, f.page, f.line, f.rule, f.severity, f.message, f.stated, f.computed, f.tolerance, "
           "f.quote FROM findings f JOIN documents d ON d.id = f.doc_id"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY " + _SEVERITY_ORDER + ", d.path, f.start, f.id")
    with _Open(db) as store:
        return _frame(store, sql, params, cols)


# --------------------------------------------------------------------------- figures across reports

_ABBREV = [(re.compile(r"\bubnd\b"), "uy ban nhan dan"), (re.compile(r"\bhdnd\b"), "hoi dong nhan dan"),
           (re.compile(r"\btp\.?\s"), "thanh pho ")]


def body_key(issuer: str | None, parent: str | None = None) -> str | None:
    """Who issued a report, as a key two reports of one body share: the issuing body
    under its parent (``Sở Nội vụ`` of ``UBND tỉnh Lâm Đồng`` is not that of another
    province), folded, lower case, with UBND/HĐND spelt out and punctuation dropped."""
    parts = []
    for name in (parent, issuer):
        if not name:
            continue
        k = fold(unicodedata.normalize("NFC", name)).lower()
        for rx, full in _ABBREV:
            k = rx.sub(full, k)
        k = " ".join(re.findall(r"[^\W_]+", k))
        if k:
            parts.append(k)
    return " / ".join(parts) or None


def _period_of(title: str | None, date: str | None) -> tuple[str, str] | None:
    """The report period of a document indexed before the index stored it (schema v1)."""
    if not title:
        return None


    try:
        return report_period(SimpleNamespace(header=SimpleNamespace(title=title, date=date)))  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - no period rather than no answer
        return None


def _period_text(start: str | None, end: str | None) -> str | None:
    """A period as an ISO 8601 interval, ``2024-01-01/2024-12-31``."""
    return f"{start}/{end}" if start and end else None


#: a year, a month or a day: the bounds of a ``--period`` range, or a period alone
_PERIOD_PART = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _period_parts(period: str | int) -> tuple[str, str, str]:
    """A ``--period`` argument taken apart: ("interval", start, end) for
    ``2024-01-01/2024-12-31``, ("range", a, b) for ``2021..2025`` (either end may be
    empty), ("within", p, "") for ``2024`` or ``2024-03``."""
    p = str(period).strip()
    if "/" in p:
        a, _, b = p.partition("/")
        return "interval", a.strip(), b.strip()
    if ".." in p:
        a, _, b = p.partition("..")
        return "range", a.strip(), b.strip()
    return "within", p, ""


def valid_period(period: str | int) -> bool:
    """Whether a ``--period`` argument is one :func:`figures` understands: 2024, 2024-03,
    2021..2025 (either end open), or START/END as ISO dates."""
    kind, a, b = _period_parts(period)
    if kind == "interval":
        return bool(_ISO_DAY.fullmatch(a) and _ISO_DAY.fullmatch(b))
    if kind == "range":
        return bool(a or b) and all(not x or _PERIOD_PART.fullmatch(x) for x in (a, b))
    return bool(_PERIOD_PART.fullmatch(a))


def _period_filter(period: str | int | None) -> Any:
    """A predicate on (start, end) ISO dates for a ``--period`` argument: ``2024`` (a
    period within 2024), ``2024-03`` (within March 2024), ``2021..2025`` (within those
    years), or an exact interval ``2024-01-01/2024-12-31``."""
    if period is None or str(period).strip() == "":
        return lambda s, e: True
    kind, a, b = _period_parts(period)
    if kind == "interval":
        return lambda s, e: s == a and e == b
    if kind == "range":
        return lambda s, e: bool(s and e) and (not a or s >= a) and (not b or e[:len(b)] <= b)
    return lambda s, e: bool(s and e) and s.startswith(a) and e.startswith(a)


def _issuer_filter(issuer: str | None) -> Any:
    """A predicate on body keys for an ``--issuer`` argument: every word of it (folded,
    UBND/HĐND spelt out) is in the body's name or its parent's."""
    if not issuer or not issuer.strip():
        return lambda body: True
    words = (body_key(issuer) or "").split()
    return lambda body: bool(body) and all(w in body.split() for w in words)


def _documents_info(store: Store, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
    """doc id → (body key, period start, period end, issuing body as written — under
    its parent, ``UBND TỈNH LÂM ĐỒNG / SỞ NỘI VỤ``) for the given documents."""

    out: dict[int, tuple[Any, ...]] = {}
    ids = sorted(set(ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        rows = store.execute(
            "SELECT id, issuer, meta, period_start, period_end, title, date FROM documents "
            f"WHERE id IN ({','.join('?' * len(chunk))})", tuple(chunk)).fetchall()
        for doc_id, issuer, meta, ps, pe, title, date in rows:
            parent = None
            if isinstance(meta, str) and '"parent_issuer"' in meta:
                try:
                    parent = (json.loads(meta) or {}).get("parent_issuer")
                except ValueError:
                    parent = None
            if ps is None and pe is None:
                ps, pe = _period_of(title, date) or (None, None)
            shown = " / ".join(" ".join(x.split()) for x in (parent, issuer) if x) or None
            out[int(doc_id)] = (body_key(issuer, parent), ps, pe, shown)
    return out


_FIGURE_SQL = ("SELECT g.doc_id, d.path, g.page, g.line, g.label, g.value, g.unit, g.counted, g.period, g.quote, "
               "g.label_fold, d.issuer, g.data FROM figures g JOIN documents d ON d.id = g.doc_id")


def _figure_rows(store: Store, unit: str | None) -> list[tuple[Any, ...]]:
    where, params = [], []
    if unit:
        where.append("lower(fold(g.unit)) = ?")
        params.append(" ".join(fold(unicodedata.normalize("NFC", unit)).lower().split()))
    sql = _FIGURE_SQL + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY d.path, g.start, g.id"
    return store.execute(sql, tuple(params)).fetchall()


def figures(db: Any = DEFAULT_DB, label: str | None = None, *, unit: str | None = None,
            period: str | int | None = None, issuer: str | None = None, threshold: float = 80.0) -> pd.DataFrame:
    """The same figure across reports (filled by the figures stage): doc, page, line,
    label, value, unit, counted, period, quote, issuer — and ``match`` (0–100) when
    ``label`` is given.

    ``label`` is matched fuzzily (rapidfuzz ``token_set_ratio`` on the folded label,
    at least ``threshold``), best first; ``unit`` exactly but for case and
    diacritics (``ty dong`` = ``tỷ đồng``); ``issuer`` a part of the issuing body's
    name (folded); ``period`` the period the figure is about — the report's period
    (:func:`extract.find.dates.report_period`: ``năm 2024`` → ``2024-01-01/2024-12-31``),
    given as ``2024``, ``2024-03``, ``2021..2025`` or an exact ``START/END``."""
    import pandas as pd

    cols = ["doc", "page", "line", "label", "value", "unit", "counted", "period", "quote", "issuer"]
    want = _period_filter(period)
    want_body = _issuer_filter(issuer)
    with _Open(db) as store:
        rows = _figure_rows(store, unit)
        info = _documents_info(store, [r[0] for r in rows]) if rows else {}
    out = []
    folds = []
    for (doc_id, path, page, line, lab, value, unit_, counted, gperiod, quote, lab_fold, _iss, _data) in rows:
        body, ps, pe, shown = info.get(int(doc_id), (None, None, None, None))
        if gperiod and "/" in gperiod:  # a figure that states its own period
            ps, pe = gperiod.split("/", 1)
        if period is not None and not want(ps, pe):
            continue
        if not want_body(body):
            continue
        out.append((path, page, line, lab, value, unit_, counted, _period_text(ps, pe), quote, shown))
        folds.append(lab_fold)
    df = pd.DataFrame.from_records(out, columns=cols)
    if label:

        want_label = fold(label).lower()
        df["match"] = [fuzz.token_set_ratio(want_label, s or "") for s in folds]
        df = df[df["match"] >= threshold].sort_values(["match", "doc"], ascending=[False, True], kind="stable")
    return df.reset_index(drop=True)


def _value_key(value: str | None, data: Any) -> tuple[Any, ...] | None:
    """What a figure states, comparable across reports: its value with the other end
    of a range or the denominator of a fraction, as Decimals, and its precision."""

    if value is None:
        return None
    try:
        d = json.loads(data) if isinstance(data, str) else (data or {})
    except ValueError:
        d = {}
    try:
        v = Decimal(value)
        other = tuple(Decimal(d[k]) if d.get(k) is not None else None for k in ("high", "denominator"))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return (v, *other)


def _agree(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """Two stated values are the same figure as written: equal, or — for figures written
    with decimals — their rounding intervals (±½·10⁻ᵈ) meet (``90,9`` and ``90,91``)."""

    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x is None or y is None:
            if x is not y:
                return False
            continue
        if x == y:
            continue
        ex, ey = -x.as_tuple().exponent, -y.as_tuple().exponent
        if max(ex, ey) <= 0:  # counts: exact
            return False
        half = Decimal(5).scaleb(-max(ex, 0) - 1) + Decimal(5).scaleb(-max(ey, 0) - 1)
        if abs(x - y) > half:
            return False
    return True


def _fmt_value(v: tuple[Any, ...]) -> str:
    s = str(v[0])
    if v[1] is not None:
        s += f" - {v[1]}"
    if v[2] is not None:
        s += f"/{v[2]}"
    return s


def figure_conflicts(db: Any = DEFAULT_DB, label: str | None = None, *, unit: str | None = None,
                     period: str | int | None = None, issuer: str | None = None, threshold: float = 90.0,
                     label_threshold: float = 80.0) -> pd.DataFrame:
    """One figure reported differently for the same period by the same body.

    Figures are compared when they come from different reports of one issuing body
    (:func:`body_key`: the body under its parent), about one period (the figure's own,
    else its report's, :func:`extract.find.dates.report_period`), in one unit (case and
    diacritics aside), and their labels match fuzzily: rapidfuzz ``token_set_ratio``
    of the folded labels at least ``threshold``.  Labels are grouped around the most
    frequent one (a label joins the first group whose leading label it matches), so
    groups do not chain through near-misses.  A group is a conflict when two reports
    state values that differ — beyond rounding for figures written with decimals.  A
    report that itself gives several different values under the group's label is left
    out of the comparison: the label does not pin down one figure there.

    One row per report and value stated: ``group`` (a number per conflict), issuer,
    period, unit, ``group_label`` (the group's leading label), value, ``documents``
    (how many reports state that value), ``majority_value`` (the value most reports
    state), doc, page, line (of the report's first mention), label, quote.  ``label``,
    ``unit``, ``period``, ``issuer`` filter as in :func:`figures` (``label`` keeps
    groups with a label matching it at least ``label_threshold``)."""
    import pandas as pd


    cols = ["group", "issuer", "period", "unit", "group_label", "value", "documents", "majority_value", "doc",
            "page", "line", "label", "quote"]
    want = _period_filter(period)
    want_body = _issuer_filter(issuer)
    with _Open(db) as store:
        rows = [r for r in _figure_rows(store, unit) if r[4] and r[6] and r[5] is not None]
        info = _documents_info(store, [r[0] for r in rows]) if rows else {}
    buckets: dict[tuple[str, str, str, str], list[tuple[Any, ...]]] = {}
    issuers: dict[str, str] = {}
    for r in rows:
        doc_id, path, page, line, lab, value, unit_, _counted, gperiod, quote, lab_fold, _iss, data = r
        body, ps, pe, shown = info.get(int(doc_id), (None, None, None, None))
        if gperiod and "/" in gperiod:
            ps, pe = gperiod.split("/", 1)
        if not body or not ps or not pe or not want(ps, pe) or not want_body(body):
            continue
        vk = _value_key(value, data)
        if vk is None:
            continue
        ukey = " ".join(fold(unit_).lower().split())
        key = (body, ps, pe, ukey)
        buckets.setdefault(key, []).append((int(doc_id), path, page, line, lab, lab_fold or fold(lab).lower(),
                                            vk, quote, unit_))
        issuers.setdefault(body, shown)
    want_label = utils.default_process(fold(label).lower()) if label else None
    groups: list[tuple[tuple[str, str, str, str], str, list[list[tuple[Any, ...]]]]] = []
    for key in sorted(buckets):
        figs = buckets[key]
        if len({f[0] for f in figs}) < 2:
            continue  # one report: nothing to compare
        freq: Counter[str] = Counter(utils.default_process(f[5]) for f in figs)
        labels = sorted(freq, key=lambda s: (-freq[s], s))
        leader_of: dict[str, str] = {}
        for lead in labels:
            if lead in leader_of or not lead:
                continue
            leader_of[lead] = lead
            rest = [s for s in labels if s not in leader_of and s]
            if rest:
                for _s, score, j in process.extract(lead, rest, scorer=fuzz.token_set_ratio,
                                                    score_cutoff=threshold, limit=None):
                    leader_of[rest[j]] = lead
        members: dict[str, list[tuple[Any, ...]]] = {}
        for f in figs:
            leader = leader_of.get(utils.default_process(f[5]))
            if leader:
                members.setdefault(leader, []).append(f)
        for lead, grp in members.items():
            if want_label is not None and not any(
                    fuzz.token_set_ratio(want_label, utils.default_process(f[5])) >= label_threshold for f in grp):
                continue
            by_doc: dict[int, list[tuple[Any, ...]]] = {}
            for f in grp:
                by_doc.setdefault(f[0], []).append(f)
            firsts = []
            for fs in by_doc.values():
                vals: list[tuple[Any, ...]] = []
                for f in fs:
                    if not any(_agree(f[6], v) for v in vals):
                        vals.append(f[6])
                if len(vals) == 1:  # one figure in this report (a repeat states the same value)
                    firsts.append(fs[0])
            if len({f[0] for f in firsts}) < 2:
                continue
            classes: list[list[tuple[Any, ...]]] = []  # reports whose values agree
            for f in firsts:
                for c in classes:
                    if _agree(c[0][6], f[6]):
                        c.append(f)
                        break
                else:
                    classes.append([f])
            if len(classes) < 2:
                continue
            lead_label = next((f[4] for f in grp if utils.default_process(f[5]) == lead), grp[0][4])
            groups.append((key, lead_label, classes))
    out = []
    for n, (key, lead_label, classes) in enumerate(sorted(groups, key=lambda g: (g[0], g[1])), 1):
        body, ps, pe, _u = key
        classes.sort(key=lambda c: (-len(c), c[0][6][0], _fmt_value(c[0][6])))
        majority = _fmt_value(classes[0][0][6])
        unit_written = min(f[8] for c in classes for f in c)
        for c in classes:
            for f in sorted(c, key=lambda f: f[1]):
                out.append((n, issuers.get(body), _period_text(ps, pe), unit_written, lead_label, _fmt_value(f[6]),
                            len(c), majority, f[1], f[2], f[3], f[4], f[7]))
    return pd.DataFrame.from_records(out, columns=cols)


def cross_date_conflicts(db: Any = DEFAULT_DB) -> pd.DataFrame:
    """One key cited with different issue dates in different reports.

    One row per (key, date, citing report), with where that report first gives the
    date; ``documents`` is how many reports give that date and ``majority_date`` the
    date most reports give, so the odd one out stands out.  Only dates a mention
    states itself count (not ones inherited from an earlier mention).

    Administrative and Party numbers restart every year (``02/NQ-CP`` of 2022 and of
    2026 are two resolutions), so for a key without a year two dates conflict only
    when they share the year (a wrong day) or the day and month (a wrong year);
    for a key with its year every difference counts."""
    import pandas as pd

    cols = ["key", "date", "majority_date", "documents", "doc", "page", "line", "quote"]
    sql = """
        WITH d AS (
            SELECT r.cited_fold AS k, r.cited_key AS key, r.date AS date, r.doc_id, r.page, r.line, r.quote, r.seq
            FROM refs r
            WHERE r.kind = 'numbered' AND r.date IS NOT NULL AND r.date_inherited = 0 AND r.cited_fold IS NOT NULL
        ),
        bad AS (
            SELECT k FROM d GROUP BY k HAVING COUNT(DISTINCT date) > 1 AND COUNT(DISTINCT doc_id) > 1
        ),
        firsts AS (
            SELECT d.*, ROW_NUMBER() OVER (PARTITION BY d.k, d.date, d.doc_id ORDER BY d.seq) AS rn
            FROM d WHERE d.k IN (SELECT k FROM bad)
        )
        SELECT f.k, f.key, f.date, f.doc_id, doc.path, f.page, f.line, f.quote
        FROM firsts f JOIN documents doc ON doc.id = f.doc_id
        WHERE f.rn = 1
        ORDER BY f.k, f.date, doc.path
    """
    with _Open(db) as store:
        rows = store.execute(sql).fetchall()
    by_key: dict[str, list[tuple[Any, ...]]] = {}
    for r in rows:
        by_key.setdefault(r[0], []).append(r)
    out = []
    for k, krows in by_key.items():
        has_year = bool(re.search(r"/(?:19|20)\d\d(?:/|$)", k))
        dates = sorted({r[2] for r in krows})
        parent = {d: d for d in dates}

        def find(x: str) -> str:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for i, d1 in enumerate(dates):
            for d2 in dates[i + 1:]:
                if has_year or d1[:4] == d2[:4] or d1[4:] == d2[4:]:
                    parent[find(d1)] = find(d2)
        groups: dict[str, list[tuple[Any, ...]]] = {}
        for r in krows:
            groups.setdefault(find(r[2]), []).append(r)
        for grows in groups.values():
            docs_per_date: dict[str, set[int]] = {}
            for r in grows:
                docs_per_date.setdefault(r[2], set()).add(r[3])
            if len(docs_per_date) < 2 or len({r[3] for r in grows}) < 2:
                continue
            majority = min(docs_per_date, key=lambda d: (-len(docs_per_date[d]), d))
            for r in grows:
                out.append((r[1], r[2], majority, len(docs_per_date[r[2]]), r[4], r[5], r[6], r[7]))
    df = pd.DataFrame.from_records(out, columns=cols)
    if not df.empty:
        df = df.sort_values(["key", "documents", "date", "doc"], ascending=[True, False, True, True])
    return df.reset_index(drop=True)


def documents(db: Any = DEFAULT_DB, status: str | None = None, *, paths: Sequence[str] | None = None,
              limit: int | None = None, offset: int = 0) -> pd.DataFrame:
    """The indexed documents: doc, status, reason, kind, pages, doc_type, number,
    issuer, date, title, sha256, indexed_at (``status`` ok|failed filters; ``paths``
    keeps those documents only; ``limit``/``offset`` page through them by path)."""
    cols = ["doc", "status", "reason", "kind", "pages", "doc_type", "number", "issuer", "date", "title", "sha256",
            "indexed_at"]
    where, params = [], []
    if status:
        where.append("status = ?")
        params.append(status)
    sql = ("SELECT path, status, reason, kind, pages, doc_type, number, issuer, date, title, sha256, indexed_at "
           "FROM documents")
    if paths is not None:
        import pandas as pd

        wanted = sorted(set(paths))
        with _Open(db) as store:  # in chunks: a statement takes a bounded number of parameters
            parts = [_frame(store, sql + " WHERE " + " AND ".join(
                where + [f"path IN ({','.join('?' * len(wanted[i:i + 500]))})"]) + " ORDER BY path",
                params + wanted[i:i + 500], cols) for i in range(0, len(wanted), 500)]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)
    sql += (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY path"
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    with _Open(db) as store:
        return _frame(store, sql, params, cols)


def _cols(cols: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in cols)


def report(db: Any = DEFAULT_DB, doc: str = "") -> dict[str, Any] | None:
    """Everything the index holds about one document (by its path), as the plain
    record the indexer wrote (:func:`extract.index.indexer.record_from_document`):
    document fields, ``meta``, ``paragraphs`` (start, page, line, text, None, lines —
    footnotes with start -1, in order), ``refs``, ``figures``, ``statements``,
    ``findings`` (dicts by column, in the order written).  None when the path is not
    indexed.  What :func:`extract.report.html.render_page` draws a report from."""
    doc_cols = ["id", "path", "kind", "pages", "doc_type", "number", "issuer", "date", "title", "status", "reason",
                "chars", "meta", "sha256", "indexed_at", "period_start", "period_end"]
    with _Open(db) as store:
        row = store.execute(f"SELECT {_cols(doc_cols)} FROM documents WHERE path = ?", (doc,)).fetchone()
        if row is None:
            return None
        rec: dict[str, Any] = dict(zip(doc_cols, row))
        doc_id = rec["id"]
        try:
            rec["meta"] = json.loads(rec["meta"]) if isinstance(rec["meta"], str) else (rec["meta"] or {})
        except ValueError:
            rec["meta"] = {}
        rec["paragraphs"] = [tuple(r) for r in store.execute(
            "SELECT start, page, line, text, NULL, lines FROM paragraphs WHERE doc_id = ? ORDER BY id", (doc_id,))]
        for table, cols, order in (("refs", REF_COLS, "seq"), ("figures", FIGURE_COLS, "id"),
                                   ("statements", STATEMENT_COLS, "id"), ("findings", FINDING_COLS, "id")):
            rows = store.execute(f"SELECT {_cols(cols)} FROM {table} WHERE doc_id = ? ORDER BY {order}", (doc_id,))
            rec[table] = [dict(zip(cols, r)) for r in rows]
    return rec


def findings_across(db: Any = DEFAULT_DB, rule: str | None = None, severity: str | None = None, *,
                    issuer: str | None = None, period: str | int | None = None,
                    doc: str | None = None) -> pd.DataFrame:
    """Findings across reports with who issued each report and when: doc, number,
    issuer (the body under its parent, as written), date, year (of the report's period,
    when it lies within one year), period, page, line,
    rule, severity, message, stated, computed, tolerance, quote, and ``n`` — the
    finding's place among its report's findings (what the report page anchors it by,
    ``#f<n>``).  ``rule`` and ``severity`` filter as in :func:`findings`, ``issuer``
    and ``period`` as in :func:`figures` (the report's period), ``doc`` by path."""
    import pandas as pd

    cols = ["doc", "number", "issuer", "date", "year", "period", "page", "line", "rule", "severity", "message",
            "stated", "computed", "tolerance", "quote", "n"]
    where, params = _finding_filter(rule, severity)
    if doc:
        where.append("d.path = ?")
        params.append(doc)
    sql = ("SELECT f.doc_id, d.path, d.number, d.date, f.page, f.line, f.rule, f.severity, f.message, f.stated, "
           "f.computed, f.tolerance, f.quote, f.n FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY doc_id ORDER BY id) "
           "- 1 AS n FROM findings) f JOIN documents d ON d.id = f.doc_id"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY " + _SEVERITY_ORDER + ", d.path, f.start, f.id")
    want = _period_filter(period)
    want_body = _issuer_filter(issuer)
    with _Open(db) as store:
        rows = store.execute(sql, tuple(params)).fetchall()
        info = _documents_info(store, [r[0] for r in rows]) if rows else {}
    out = []
    for (doc_id, path, number, date, page, line, rule_, sev, msg, stated, computed, tol, quote, n) in rows:
        body, ps, pe, shown = info.get(int(doc_id), (None, None, None, None))
        if period is not None and str(period).strip() and not want(ps, pe):
            continue
        if not want_body(body):
            continue
        # the year the report is about (what ``period=YYYY`` keeps), when its period lies in one year
        year = int(ps[:4]) if ps and pe and ps[:4] == pe[:4] and ps[:4].isdigit() else None
        out.append((path, number, shown, date, year, _period_text(ps, pe), page, line, rule_, sev, msg, stated,
                    computed, tol, quote, int(n)))
    return pd.DataFrame.from_records(out, columns=cols)


# --------------------------------------------------------------------------- output


def write_frame(df: pd.DataFrame, fmt: str = "table", out: str | os.PathLike[str] | IO[str] | None = None) -> None:
    """Write a query result as ``table`` (aligned text), ``csv``, ``jsonl``, ``xlsx``
    or ``parquet``.  ``out`` is a path or text stream (default stdout); xlsx and
    parquet need a path."""
    if fmt in ("xlsx", "parquet"):
        if out is None or not isinstance(out, (str, os.PathLike)):
            raise ValueError(f"--format {fmt} needs an output file (-o FILE)")
        if fmt == "xlsx":
            df.to_excel(out, index=False)
        else:
            try:
                df.to_parquet(out, index=False)
            except ImportError as exc:
                raise ValueError(f"--format parquet needs pyarrow ({exc})") from None
        return
    df = _integral(df)
    if fmt == "table":
        text = "(no rows)\n" if df.empty else df.to_string(index=False, na_rep="", max_colwidth=80) + "\n"
    elif fmt == "csv":
        buf = io.StringIO()
        df.to_csv(buf, index=False)
        text = buf.getvalue()
    elif fmt == "jsonl":
        text = "".join(json.dumps({k: _plain(v) for k, v in rec.items()}, ensure_ascii=False, default=str) + "\n"
                       for rec in df.to_dict("records"))
    else:
        raise ValueError(f"unknown format {fmt!r} (table, csv, jsonl, xlsx, parquet)")
    if out is None:
        sys.stdout.write(text)
    elif isinstance(out, (str, os.PathLike)):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    else:
        out.write(text)


def _integral(df: pd.DataFrame) -> pd.DataFrame:
    """Float columns that only hold whole numbers and blanks (page, line, year, after
    pandas met a missing value) as integers: ``1``, not ``1.0``."""
    out = df
    for col in df.columns:
        s = df[col]
        if s.dtype.kind == "f" and s.notna().any() and (s.dropna() % 1 == 0).all():
            if out is df:
                out = df.copy()
            out[col] = s.astype("Int64")
    return out


def _plain(v: Any) -> Any:
    """A cell as JSON: missing (NaN, NA) as null, numpy numbers as Python's."""
    if v is None:
        return None
    try:
        if v != v or type(v).__name__ in ("NAType", "NaTType"):  # NaN, pd.NA
            return None
    except (TypeError, ValueError):  # pd.NA compares to nothing
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        return v.item()
    return v
