"""Batch indexing: a folder of reports in, a consistent, incremental index out.

``index_paths(paths, db)`` walks the given files and folders, decides per file
whether the index is current (size and mtime first — free — then the content
sha256, computed in the workers), reads and extracts the changed ones in a process
pool, and writes each document in its own transaction from the parent, the single
writer.  Why this shape:

* Workers return plain, picklable records (:func:`process_file`), so the same
  function runs in a local process pool today and on a Dask cluster later.
* The parent is the only SQLite writer, so there is no lock contention and a
  document is always written whole (see :meth:`extract.store.Store.write_document`):
  kill the run at any point and the next run resumes where it stopped.
* A file that cannot be read is a row with ``status='failed'`` and its reason —
  recorded, counted, and skipped next time until it changes — never a stopped batch.
  A worker that dies (a crashing PDF library) breaks the pool; the files that were
  in flight are retried one at a time so the culprit is found and recorded.
"""
from __future__ import annotations

import bisect
import importlib
import json
import os
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from typing import IO, Any

from .reader import sha256_file
from .store import DEFAULT_DB, Store, fold, fold_key, open_store

__all__ = ["IndexSummary", "index_paths", "process_file", "record_from_document", "walk", "EXTENSIONS"]

EXTENSIONS = (".pdf", ".docx", ".txt")

#: A job sent to a worker: (absolute path, sha256 the index holds or None, size).
Job = tuple[str, "str | None", int]


# --------------------------------------------------------------------------- walking


def walk(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """(files, roots, missing): every report under ``paths`` as an absolute path,
    sorted; the absolute roots given (for pruning); and given paths that do not exist.

    Folders are walked recursively for .pdf/.docx/.txt, skipping hidden files and
    folders and Office lock files (``~$…``); a file named explicitly is taken
    whatever its extension (the reader then says what it is)."""
    files: set[str] = set()
    roots: list[str] = []
    missing: list[tuple[str, str]] = []
    for p in paths:
        ap = os.path.abspath(os.fspath(p))
        if os.path.isdir(ap):
            roots.append(ap)
            for root, dirs, names in os.walk(ap):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for n in names:
                    if n.startswith((".", "~$")) or not n.lower().endswith(EXTENSIONS):
                        continue
                    full = os.path.join(root, n)
                    if os.path.isfile(full):
                        files.add(full)
        elif os.path.isfile(ap):
            roots.append(ap)
            files.add(ap)
        else:
            missing.append((os.fspath(p), "no such file or directory"))
    return sorted(files), roots, missing


# --------------------------------------------------------------------------- worker side


def _paragraphs(doc: Any) -> list[tuple[int, int | None, int | None, str, str | None, str | None]]:
    """The document's paragraphs for the full-text index.

    Each is ``(start, page, line, text, search_or_None, lines_json_or_None, folded)``:
    ``search`` only when the tone-normalised copy differs from the text (most
    paragraphs need no second copy); ``lines`` maps offsets inside a paragraph that
    spans several source lines back to (page, line), so a search hit in the middle of
    a long paragraph still says where it is; ``folded`` is what the diacritic-blind
    column indexes (computed here, in the worker, to spare the single writer).
    Footnotes follow, with start -1."""
    text, search = doc.text, doc.search_text
    segs = doc.segments
    starts = [s.start for s in segs]
    out = []
    pos = 0
    n = len(text)
    while pos <= n:
        end = text.find("\n", pos)
        if end < 0:
            end = n
        para = text[pos:end]
        if para.strip():
            i = max(0, bisect.bisect_right(starts, pos) - 1)
            page = line = None
            where: list[list[Any]] = []
            while i < len(segs) and segs[i].start < end:
                sg = segs[i]
                if sg.end > pos or not where:
                    rel = max(sg.start, pos) - pos
                    if not where or (where[-1][1], where[-1][2]) != (sg.page, sg.line):
                        where.append([rel, sg.page, sg.line])
                i += 1
            if where:
                page, line = where[0][1], where[0][2]
            s = search[pos:end]
            out.append((pos, page, line, para, s if s != para else None,
                        json.dumps(where) if len(where) > 1 else None, fold(s)))
        pos = end + 1
    from .clean import tone_normalize

    for note in getattr(doc, "footnotes", []) or []:
        if note.text and note.text.strip():
            s = tone_normalize(note.text)
            out.append((-1, note.page, note.line, note.text, s if s != note.text else None, None, fold(s)))
    return out


def record_from_document(doc: Any, *, size: int | None = None, mtime_ns: int | None = None,
                         stages: Sequence[str] = ()) -> dict[str, Any]:
    """The plain record the store writes for one read :class:`~extract.model.Document`:
    header metadata, paragraphs, references (with the key each one cites, resolved
    for partial mentions and back-references) and reference findings, plus whatever
    the extra ``stages`` add.

    A stage is ``"module:function"``, called as ``function(doc, refs)`` and
    returning a dict with any of ``figures``, ``statements``, ``findings`` (lists of
    dicts keyed by the store's column names).  Names, not callables, so that the
    same job runs in any executor."""
    from .references import extract_from_document, validate_references

    h = doc.header
    refs = extract_from_document(doc)
    ref_rows = []
    for r in refs:
        note_id = getattr(r, "footnote", None)
        if r.kind in ("numbered", "named_law"):
            cited = r.key
        elif isinstance(r.resolved_to, int) and note_id is None and 0 <= r.resolved_to < len(refs):
            cited = refs[r.resolved_to].key  # a partial mention or back-reference, resolved
        else:
            cited = None
        ref_rows.append({
            "key": r.key, "doc_type": r.doc_type, "number": r.number, "year": r.year,
            "type_code": r.type_code, "issuer_code": r.issuer_code, "issuer": r.issuer, "date": r.date,
            "date_inherited": int(bool(r.date_inherited)), "subject": r.subject, "page": r.page,
            "line": r.line, "start": r.start, "end": r.end, "quote": r.text, "relation": r.relation,
            "pinpoint": r.pinpoint, "kind": r.kind, "note": r.note, "cited_key": cited, "footnote": note_id,
            "key_fold": fold_key(r.key), "cited_fold": fold_key(cited),
        })
    # A finding names the span of the reference it is about; offsets of references
    # found in footnotes are into the note, so take quote and place from the reference.
    by_span: dict[tuple[int | None, int | None], list[Any]] = {}
    for r in refs:
        by_span.setdefault((r.start, r.end), []).append(r)
    findings = []
    for f in validate_references(refs, h.date):
        cands = by_span.get((f.start, f.end), [])
        ref = next((r for r in cands if r.key and r.key in f.message), cands[0] if cands else None)
        if ref is not None:
            page, line, quote = ref.page, ref.line, ref.text
        elif f.start is not None:
            page, line = doc.locate(f.start)
            quote = doc.text[f.start:f.end] if f.end is not None else None
        else:
            page = line = quote = None
        findings.append({
            "rule": f.rule, "severity": f.severity, "message": f.message, "stated": f.stated,
            "computed": f.computed, "tolerance": f.tolerance, "page": page, "line": line,
            "start": f.start, "end": f.end, "quote": quote,
        })
    rec: dict[str, Any] = {
        "path": doc.path, "sha256": doc.sha256, "size": size, "mtime_ns": mtime_ns, "kind": doc.kind,
        "pages": doc.pages, "doc_type": h.doc_type, "number": h.number, "issuer": h.issuer, "date": h.date,
        "title": h.title, "status": "ok", "reason": None, "chars": len(doc.text),
        "meta": {
            "parent_issuer": h.parent_issuer, "place": h.place, "signer": asdict(h.signer),
            "recipients": h.recipients, "signed_at": h.signed_at, "encoding": doc.encoding,
            "warnings": doc.warnings, "footnotes": len(doc.footnotes),
        },
        "paragraphs": _paragraphs(doc), "refs": ref_rows, "findings": findings,
        "figures": [], "statements": [],
    }
    for name in stages:
        mod, _, fn = name.partition(":")
        extra = getattr(importlib.import_module(mod), fn)(doc, refs) or {}
        for k in ("figures", "statements", "findings"):
            rec[k].extend(extra.get(k) or [])
    return rec


def _failed(path: str, size: int | None, mtime_ns: int | None, reason: str, sha: str | None = None) -> dict[str, Any]:
    """The record of a file that could not be indexed (kept, so the next run skips it
    until it changes)."""
    if mtime_ns is None:
        try:
            st = os.stat(path)
            size, mtime_ns = st.st_size, st.st_mtime_ns
        except OSError:
            pass
    if sha is None:
        try:
            sha = sha256_file(path)
        except OSError:
            sha = None
    return {"path": path, "sha256": sha, "size": size, "mtime_ns": mtime_ns, "status": "failed",
            "reason": reason}


def process_file(path: str, known_sha: str | None = None, stages: Sequence[str] = ()) -> dict[str, Any]:
    """Read and extract one file into a plain record (runs in a worker).

    With ``known_sha`` (the index already has this path), the content is hashed
    first and, if it did not change, only ``{'status': 'unchanged', …}`` comes back:
    hashing is far cheaper than reading.  Never raises for a bad file: the record
    then has ``status='failed'`` and the reason."""
    from .errors import ReadError
    from .reader import read

    try:
        st = os.stat(path)
    except OSError as exc:
        return _failed(path, None, None, f"cannot stat ({exc.strerror})", sha="")
    size, mtime = st.st_size, st.st_mtime_ns
    if known_sha is not None:
        try:
            sha = sha256_file(path)
        except OSError as exc:
            return _failed(path, size, mtime, f"cannot read ({exc.strerror})", sha="")
        if sha == known_sha:
            return {"path": path, "sha256": sha, "size": size, "mtime_ns": mtime, "status": "unchanged"}
    try:
        doc = read(path)
    except ReadError as exc:
        return _failed(path, size, mtime, str(exc.reason))
    except Exception as exc:  # noqa: BLE001 - a reader bug must not stop the batch
        return _failed(path, size, mtime, f"internal error while reading: {type(exc).__name__}: {exc}")
    try:
        return record_from_document(doc, size=size, mtime_ns=mtime, stages=stages)
    except Exception as exc:  # noqa: BLE001 - an extractor bug must not stop the batch
        return _failed(path, size, mtime, f"internal error while extracting: {type(exc).__name__}: {exc}",
                       sha=doc.sha256)


def _process_chunk(jobs: list[Job], stages: Sequence[str]) -> list[dict[str, Any]]:
    return [process_file(path, sha, stages) for path, sha, _size in jobs]


# --------------------------------------------------------------------------- progress


class Progress:
    """One status line on stderr: done/total, files/s, ETA.

    Plain ``\\r`` rewrites on a terminal; when not a terminal it stays quiet unless
    forced, and then writes a full line every few seconds (logs stay readable)."""

    def __init__(self, total: int, mode: bool | str = True, stream: IO[str] | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = bool(mode) and (tty or mode == "always")
        self.tty = tty
        self.total = total
        self.t0 = time.monotonic()
        self.last = 0.0
        self.width = 0

    def update(self, done: int, failed: int = 0, *, final: bool = False) -> None:
        """Redraw the line (throttled) after ``done`` of ``total`` files."""
        if not self.enabled:
            return
        now = time.monotonic()
        if not final and now - self.last < (0.2 if self.tty else 5.0):
            return
        self.last = now
        el = max(now - self.t0, 1e-9)
        rate = done / el
        eta = (self.total - done) / rate if rate > 0 else float("nan")
        eta_s = "--:--" if eta != eta else _hms(eta)
        msg = (f"index: {done}/{self.total} files  {rate:6.1f} files/s  ETA {eta_s}"
               + (f"  ({failed} failed)" if failed else ""))
        if self.tty:
            pad = max(0, self.width - len(msg))
            self.stream.write("\r" + msg + " " * pad)
            self.width = len(msg)
        else:
            self.stream.write(msg + "\n")
        self.stream.flush()

    def close(self) -> None:
        """Erase the status line (the summary follows on a clean line)."""
        if self.enabled and self.tty and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()


def _hms(sec: float) -> str:
    sec = int(sec + 0.5)
    h, rem = divmod(sec, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


# --------------------------------------------------------------------------- summary


@dataclass
class IndexSummary:
    """What a run did.  ``failures`` lists (path, reason) for files that failed in
    this run; ``missing`` paths given that did not exist."""

    db: str
    files: int = 0
    indexed: int = 0
    skipped: int = 0
    failed: int = 0
    pruned: int = 0
    rehashed: int = 0
    refs: int = 0
    findings: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)
    workers: int = 1
    elapsed: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (for ``--format jsonl``)."""
        return asdict(self)

    def __str__(self) -> str:
        sev = ", ".join(f"{n} {s}" for s, n in sorted(self.findings.items(), key=lambda kv: _SEV.get(kv[0], 9)))
        rate = self.indexed / self.elapsed if self.elapsed > 0 else 0.0
        lines = [
            f"{self.files} file(s): {self.indexed} indexed, {self.skipped} unchanged, {self.failed} failed"
            + (f", {self.pruned} pruned" if self.pruned else "")
            + f" in {self.elapsed:.1f} s ({rate:.1f} files/s, {self.workers} worker(s)) → {self.db}",
            f"{self.refs} reference(s); findings: {sev or 'none'}",
        ]
        lines += [f"failed: {p}: {r}" for p, r in self.failures]
        lines += [f"missing: {p}: {r}" for p, r in self.missing]
        return "\n".join(lines)


_SEV = {"error": 0, "warning": 1, "note": 2}


# --------------------------------------------------------------------------- running


def _chunks(jobs: list[Job], max_files: int = 32, max_bytes: int = 1 << 20) -> Iterator[list[Job]]:
    """Group small files so that per-task overhead does not dominate; a big file
    (a PDF) travels alone."""
    cur: list[Job] = []
    size = 0
    for j in jobs:
        if cur and (len(cur) >= max_files or size + j[2] > max_bytes):
            yield cur
            cur, size = [], 0
        cur.append(j)
        size += j[2]
    if cur:
        yield cur


def _run_inline(jobs: list[Job], stages: Sequence[str]) -> Iterator[dict[str, Any]]:
    for path, sha, _size in jobs:
        yield process_file(path, sha, stages)


def _run_pool(jobs: list[Job], stages: Sequence[str], workers: int) -> Iterator[dict[str, Any]]:
    """Records in completion order from a process pool, a bounded number of tasks in
    flight (memory stays flat however many files).  A broken pool (a worker died) is
    replaced; the files it had in flight are retried one per task, alone, and a file
    that kills a worker on its own is reported as failed."""
    pending: deque[list[Job]] = deque(_chunks(jobs))
    suspects: deque[list[Job]] = deque()
    ex = ProcessPoolExecutor(max_workers=workers)
    inflight: dict[Future[list[dict[str, Any]]], tuple[list[Job], bool]] = {}
    try:
        while pending or suspects or inflight:
            if suspects:
                if not inflight:  # a suspect runs alone, so a crash names it
                    ch = suspects.popleft()
                    inflight[ex.submit(_process_chunk, ch, stages)] = (ch, True)
            else:
                while pending and len(inflight) < workers * 3:
                    ch = pending.popleft()
                    inflight[ex.submit(_process_chunk, ch, stages)] = (ch, False)
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            broken = False
            for fut in done:
                ch, alone = inflight.pop(fut)
                try:
                    recs = fut.result()
                except BrokenProcessPool:
                    broken = True
                    if alone:
                        path, _sha, size = ch[0]
                        yield _failed(path, size, None, "the reader crashed its worker process on this file")
                    else:
                        suspects.extend([j] for j in ch)
                    continue
                except Exception as exc:  # noqa: BLE001 - e.g. a record that cannot be pickled
                    for path, _sha, size in ch:
                        yield _failed(path, size, None, f"internal error in worker: {type(exc).__name__}: {exc}")
                    continue
                yield from recs
            if broken:
                for fut, (ch, _alone) in inflight.items():
                    suspects.extend([j] for j in ch)
                inflight.clear()
                ex.shutdown(wait=False, cancel_futures=True)
                ex = ProcessPoolExecutor(max_workers=workers)
    finally:
        ex.shutdown(wait=False, cancel_futures=True)


def index_paths(
    paths: Iterable[str | os.PathLike[str]],
    db: str | os.PathLike[str] | Store = DEFAULT_DB,
    *,
    workers: int | None = None,
    prune: bool = False,
    progress: bool | str = True,
    force: bool = False,
    stages: Sequence[str] = (),
    on_record: Callable[[dict[str, Any]], None] | None = None,
    batch_size: int = 64,
    batch_seconds: float = 1.0,
) -> IndexSummary:
    """Index every report under ``paths`` into ``db``; return what was done.

    ``workers``: processes to read with (default: every core; 1 reads in this
    process).  ``prune``: drop index rows of files under the given folders that are
    gone.  ``progress``: True shows a status line when stderr is a terminal,
    ``"always"`` shows it anyway, False never.  ``force``: re-read every file.
    ``stages``: extra extraction stages (see :func:`record_from_document`).
    ``on_record``: called with each record after it is written (tests, logging).
    ``batch_size``/``batch_seconds``: documents are committed in batches of at most
    this many, or after this long — each batch one transaction.
    """
    t0 = time.monotonic()
    files, roots, missing = walk(paths)
    store = open_store(db)
    own = not isinstance(db, Store)
    summary = IndexSummary(db=store.path, files=len(files), missing=missing)
    try:
        states = {} if force else store.states()
        jobs: list[Job] = []
        for f in files:
            try:
                st = os.stat(f)
            except OSError:
                continue  # vanished between the walk and now; a later run sees it gone
            s = states.get(f)
            if s is not None and s.size == st.st_size and s.mtime_ns == st.st_mtime_ns:
                summary.skipped += 1
                continue
            jobs.append((f, s.sha256 if s is not None and s.sha256 else None, st.st_size))
        n = workers if workers and workers > 0 else (os.cpu_count() or 1)
        n = max(1, min(n, len(jobs))) if jobs else 1
        summary.workers = n
        bar = Progress(len(jobs), progress)
        findings: Counter[str] = Counter()
        done = 0
        batch: list[dict[str, Any]] = []
        batch_t0 = time.monotonic()

        def flush() -> None:
            # Records are committed in small batches: a batch is one transaction, so a
            # document is never half written, and the full-text index is spared a
            # segment flush per document.  A killed run loses at most the open batch.
            nonlocal batch
            if batch:
                store.write_documents(batch)
                if on_record is not None:
                    for r in batch:
                        on_record(r)
                batch = []

        runner = _run_inline(jobs, stages) if n == 1 else _run_pool(jobs, stages, n)
        try:
            for rec in runner:
                done += 1
                if not batch:
                    batch_t0 = time.monotonic()
                batch.append(rec)
                if rec["status"] == "unchanged":
                    summary.skipped += 1
                    summary.rehashed += 1
                elif rec["status"] == "ok":
                    summary.indexed += 1
                    summary.refs += len(rec.get("refs") or [])
                    findings.update(f["severity"] for f in rec.get("findings") or [])
                else:
                    summary.failed += 1
                    summary.failures.append((rec["path"], rec.get("reason") or "unknown"))
                if len(batch) >= batch_size or time.monotonic() - batch_t0 >= batch_seconds:
                    flush()
                bar.update(done, summary.failed)
            flush()
            bar.update(done, summary.failed, final=True)
        except KeyboardInterrupt:
            flush()  # what was read completely is kept; the next run resumes after it
            raise
        finally:
            bar.close()
            if hasattr(runner, "close"):
                runner.close()
        summary.findings = dict(findings)
        if prune:
            seen = set(files)
            scope = roots + [os.path.abspath(m) for m, _reason in missing]
            gone = [p for p in (states or store.states()) if p not in seen and _under(p, scope)]
            summary.pruned = store.delete_paths(gone)
    finally:
        if own:
            store.close()
    summary.elapsed = time.monotonic() - t0
    return summary


def _under(path: str, roots: Sequence[str]) -> bool:
    """Is ``path`` one of ``roots`` or inside one of them (for ``prune``)?"""
    for r in roots:
        if path == r or path.startswith(r.rstrip(os.sep) + os.sep):
            return True
    return False
