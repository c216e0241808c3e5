"""Batch indexing: a folder of reports in, a consistent, incremental index out.

``index_paths(paths, db)`` walks the given files and folders, decides per file
whether the index is current (size and mtime first — free — then the content
sha256, computed in the workers), reads and extracts the changed ones in a process
pool (or on a Dask cluster), and writes each document whole from the parent, the
single writer.  Why this shape:

* Workers return plain, picklable records (:func:`process_file`), so the same
  function runs in this process (``executor="inline"``), in a local process pool
  (``"local"``, the default) or on an existing Dask distributed cluster
  (``"dask://HOST:PORT"``).
* The parent is the only writer, so there is no lock contention and a document is
  always written whole (see :meth:`extract.index.store.Store.write_document`): kill the
  run at any point and the next run resumes where it stopped.  That holds whatever
  the executor: Dask workers only compute records, the parent writes them.
* A file that cannot be read is a row with ``status='failed'`` and its reason —
  recorded, counted, and skipped next time until it changes — never a stopped batch.
  A worker that dies (a crashing PDF library) breaks the pool; the files that were
  in flight are retried one at a time so the culprit is found and recorded.
* What is extracted is a list of *stages* (:data:`DEFAULT_STAGES`): references,
  figures, statements between figures and the consistency checks, all on by default.
  ``stages=("references",)`` skips the expensive ones.  The index remembers per
  document which stages it holds, so a later run that asks for more re-reads the
  documents indexed with fewer.
"""
from __future__ import annotations

import bisect
import importlib
import json
import logging
import os
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from extract.checks import check_document
from extract.checks.refs import validate_references
from extract.core import __version__, limits
from extract.core.errors import ReadError
from extract.core.limits import Limits
from extract.core.model import Document, Figure, Finding, Reference, Statement
from extract.core.rules import SEVERITY_RANK
from extract.core.text import fold, fold_key, tone_normalize
from extract.find import tables as _tables
from extract.find.extraction import Extraction
from extract.find.statements import statement_values
from extract.index import budget
from extract.index.backends import open_store
from extract.index.store import DEFAULT_DB, Store
from extract.ingest.reader import read, sha256_file
from extract.ingest.walk import EXTENSIONS, Skipped, unread_files, walk
from extract.report.progress import Progress
from extract.report.records import note_anchors, table_layout

if TYPE_CHECKING:
    from distributed import Client

__all__ = [
    "BUILTIN_STAGES",
    "DEFAULT_STAGES",
    "EXTENSIONS",
    "ExecutorError",
    "IndexSummary",
    "Progress",
    "index_paths",
    "parse_executor",
    "process_file",
    "record_from_document",
    "resolve_stages",
    "walk",
]


#: The built-in extraction stages, in the order they run.  Each needs the ones
#: before it that it uses: statements link figures, checks test references,
#: figures and statements.
BUILTIN_STAGES = ("references", "figures", "statements", "checks")
#: What :func:`index_paths` extracts unless told otherwise: everything.
DEFAULT_STAGES = BUILTIN_STAGES
_NEEDS = {"figures": (), "references": (), "statements": ("figures",),
          "checks": ("references", "figures", "statements")}

#: A job sent to a worker: (absolute path, sha256 the index holds or None, size).
Job = tuple[str, "str | None", int]


class IndexInterrupted(KeyboardInterrupt):
    """Ctrl-C (or SIGTERM through the CLI) during ``index_paths``: every record received
    before it is written, whole; the message says how many and how to resume."""


class ExecutorError(Exception):
    """The executor cannot run the batch: the Dask cluster cannot be reached, was
    lost during the run, or its workers cannot read the files.  What was already
    written to the index stays there, whole; running again resumes."""


def resolve_stages(stages: Sequence[str] | str | None = None) -> tuple[str, ...]:
    """The stages to run, validated and completed with what they need.

    ``None`` means :data:`DEFAULT_STAGES`.  Items are built-in names
    (``references``, ``figures``, ``statements``, ``checks``; a comma-separated
    string is accepted too) or ``"module:function"`` extra stages (see
    :func:`record_from_document`).  A stage pulls in the ones it needs
    (``checks`` → all four), so the result lists built-ins in their run order,
    then the extras in the order given.

    >>> resolve_stages(["statements"])
    ('figures', 'statements')
    """
    if stages is None:
        return DEFAULT_STAGES
    if isinstance(stages, str):
        stages = stages.split(",")
    built: set[str] = set()
    extras: list[str] = []
    for raw in stages:
        name = str(raw).strip()
        if not name:
            continue
        if ":" in name:
            if name not in extras:
                extras.append(name)
        elif name in _NEEDS:
            built.add(name)
            built.update(_NEEDS[name])
        else:
            raise ValueError(f"unknown stage {name!r} (built-in: {', '.join(BUILTIN_STAGES)}; "
                             "or an extra stage as module:function)")
    return tuple(s for s in BUILTIN_STAGES if s in built) + tuple(extras)


# --------------------------------------------------------------------------- walking


# --------------------------------------------------------------------------- worker side


# (start, page, line, text, search_or_None, lines_json_or_None, folded): see _paragraphs
ParagraphRow = tuple[int, int | None, int | None, str, str | None, str | None, str]


def _paragraphs(doc: Document) -> list[ParagraphRow]:
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
    out: list[ParagraphRow] = []
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

    for note in getattr(doc, "footnotes", []) or []:
        if note.text and note.text.strip():
            s = tone_normalize(note.text)
            out.append((-1, note.page, note.line, note.text, s if s != note.text else None, None, fold(s)))
    return out


def _ref_rows(refs: Sequence[Reference]) -> list[dict[str, Any]]:
    """Reference rows (store columns), each with the key it cites: its own for a
    numbered mention, the resolved one for a partial mention or back-reference."""
    rows = []
    for r in refs:
        note_id = getattr(r, "footnote", None)
        if r.kind in ("numbered", "named_law"):
            cited = r.key
        elif isinstance(r.resolved_to, int) and note_id is None and 0 <= r.resolved_to < len(refs):
            cited = refs[r.resolved_to].key  # a partial mention or back-reference, resolved
        else:
            cited = None
        rows.append({
            "key": r.key, "doc_type": r.doc_type, "number": r.number, "year": r.year,
            "type_code": r.type_code, "issuer_code": r.issuer_code, "issuer": r.issuer, "date": r.date,
            "date_inherited": int(bool(r.date_inherited)), "subject": r.subject, "page": r.page,
            "line": r.line, "start": r.start, "end": r.end, "quote": r.text, "relation": r.relation,
            "pinpoint": r.pinpoint, "kind": r.kind, "note": r.note, "cited_key": cited, "footnote": note_id,
            "key_fold": fold_key(r.key), "cited_fold": fold_key(cited),
        })
    return rows


def _dec(v: Any) -> str | None:
    return None if v is None else str(v)


def _figure_rows(figs: Sequence[Figure]) -> list[dict[str, Any]]:
    """Figure rows: the output contract's fields in the store's columns (``quote`` is
    the figure as written, ``value`` a decimal string), the rest in ``data`` — the
    figure's ``index`` in the document (statements and findings point at it), its
    ``kind`` (number, percent, money, fraction, range), fraction and range ends,
    qualifier, scale, unit kind and where the unit came from."""
    rows = []
    for i, f in enumerate(figs):
        data = {"index": i, "kind": f.kind, "qualifier": f.qualifier, "numerator": _dec(f.numerator),
                "denominator": _dec(f.denominator), "low": _dec(f.low), "high": _dec(f.high),
                "high_qualifier": f.high_qualifier, "scale": f.scale or None, "unit_kind": f.unit_kind,
                "unit_source": f.unit_source, "raw": f.raw, "in_table": True if f.in_table else None}
        rows.append({
            "value": str(f.value), "unit": f.unit, "counted": f.counted, "precision": f.precision,
            "label": f.label, "period": None, "page": f.page, "line": f.line, "start": f.start, "end": f.end,
            "quote": f.text, "data": {k: v for k, v in data.items() if v is not None},
        })
    return rows


def _statement_rows(stmts: Sequence[Statement], figs: Sequence[Figure]) -> list[dict[str, Any]]:
    """Statement rows: kind, place, quote; ``data`` holds the claim — whole and part
    values (as :func:`extract.find.statements.statement_values` gives them), whether the
    list is complete, cue, relation, base — and ``figures``: each figure by role,
    with its index into the document's figures and its span."""

    rows = []
    for s in stmts:
        _kind, whole, parts = statement_values(s, figs)
        roles: list[tuple[str, int]] = []
        if s.whole is not None:
            roles.append(("whole", s.whole))
        roles += [("part", i) for i in s.parts]
        roles += [(r, i) for r, i in (("percent", s.percent), ("numerator", s.numerator),
                                       ("denominator", s.denominator)) if i is not None]
        data = {
            "whole": _dec(whole), "parts": [str(v) for v in parts], "complete": s.complete, "cue": s.cue,
            "relation": s.relation, "base": s.base,
            "figures": [{"role": r, "index": i, "start": figs[i].start, "end": figs[i].end} for r, i in roles],
        }
        rows.append({"kind": s.kind, "page": s.page, "line": s.line, "start": s.start, "end": s.end,
                     "quote": s.text, "data": {k: v for k, v in data.items() if v is not None}})
    return rows


def _finding_rows(doc: Document, findings: Sequence[Finding], refs: Sequence[Reference] | None,
                  figs: Sequence[Figure] | None) -> list[dict[str, Any]]:
    """Finding rows: rule, severity, message, stated, computed, tolerance, place and
    quote; ``data`` holds the English message and ``involved``: every figure or
    reference the verdict rests on (role, span, page, line, text, and the figure's
    index when it is one of the document's figures).

    A reference finding is placed where its reference is: offsets of references found
    in footnotes are into the note, so take quote and place from the reference."""
    by_span: dict[tuple[int | None, int | None], list[Reference]] = {}
    for r in refs or ():
        by_span.setdefault((r.start, r.end), []).append(r)
    fig_at = {(g.start, g.end): i for i, g in enumerate(figs or ())}
    rows = []
    for f in findings:
        cands = by_span.get((f.start, f.end), []) if f.rule.startswith("REF") else []
        ref = next((r for r in cands if r.key and r.key in f.message), cands[0] if cands else None)
        quote: str | None
        if ref is not None:
            page, line, quote = ref.page, ref.line, ref.text
        elif f.start is not None:
            page, line = doc.locate(f.start)
            quote = " ".join(doc.text[f.start:f.end].split()) if f.end is not None else None
        else:
            page = line = quote = None
        involved = []
        for role, a, b in getattr(f, "involved", None) or ():
            p, ln = doc.locate(a)
            item = {"role": role, "start": a, "end": b, "page": p, "line": ln, "text": doc.text[a:b]}
            if (a, b) in fig_at:
                item["figure"] = fig_at[(a, b)]
            involved.append(item)
        data = {k: v for k, v in (("message_en", getattr(f, "message_en", None)), ("involved", involved),
                                  ("reading", getattr(f, "reading", None)),
                                  ("reading_en", getattr(f, "reading_en", None))) if v}
        rows.append({
            "rule": f.rule, "severity": f.severity, "message": f.message, "stated": f.stated,
            "computed": f.computed, "tolerance": f.tolerance, "page": page, "line": line,
            "start": f.start, "end": f.end, "quote": quote, "data": data or None,
        })
    return rows


def record_from_document(doc: Document, *, size: int | None = None, mtime_ns: int | None = None,
                         stages: Sequence[str] | None = None, extraction: Extraction | None = None) -> dict[str, Any]:
    """The plain record the store writes for one read :class:`~extract.core.model.Document`:
    header metadata and paragraphs, plus what the ``stages`` extract (default
    :data:`DEFAULT_STAGES`, see :func:`resolve_stages`):

    ``references``  every reference, with the key it cites (resolved for partial
                    mentions and back-references), and the reference findings;
    ``figures``     every figure (:func:`extract.find.figures.extract_figures`);
    ``statements``  claims between figures (:func:`extract.find.statements.extract_statements`);
    ``checks``      every consistency rule (:func:`extract.checks.engine.check_document`, given
                    the references, figures and statements already extracted): its
                    findings replace the reference findings, and its coverage
                    (statements found and checked, references checked) goes in
                    ``meta["coverage"]``.

    An extra stage is ``"module:function"``, called as ``function(doc, refs)`` and
    returning a dict with any of ``figures``, ``statements``, ``findings`` (lists of
    dicts keyed by the store's column names).  Names, not callables, so that the
    same job runs in any executor.

    A stage after ``references`` that raises does not lose the document: its rows
    (and those of the stages that need it) are left out, the error is kept in
    ``meta["stage_errors"]``, the reference findings stand in for the checks, and
    the run goes on.
    ``meta["stages"]`` lists the stages run (so that a later run asking for more
    knows to re-read the document).  ``extraction``: the document's
    :class:`~extract.find.extraction.Extraction` when one is at hand (its stages are reused)."""

    stages = resolve_stages(stages)
    h = doc.header
    ex = extraction if extraction is not None and extraction.doc is doc else Extraction(doc)
    period = ex.period  # the period the report is about, from its title (figures are compared within one)
    rec: dict[str, Any] = {
        "path": doc.path, "sha256": doc.sha256, "size": size, "mtime_ns": mtime_ns, "kind": doc.kind,
        "pages": doc.pages, "doc_type": h.doc_type, "number": h.number, "issuer": h.issuer, "date": h.date,
        "title": h.title, "period_start": period[0] if period else None,
        "period_end": period[1] if period else None, "status": "ok", "reason": None, "chars": len(doc.text),
        "meta": {
            "parent_issuer": h.parent_issuer, "place": h.place, "signer": asdict(h.signer),
            "recipients": h.recipients, "signed_at": h.signed_at, "encoding": doc.encoding,
            "warnings": doc.warnings, "footnotes": len(doc.footnotes), "stages": list(stages),
            # what a page drawn from the index needs: the footnotes' markers, the tables' cells
            "notes": note_anchors(doc),
        },
        "paragraphs": _paragraphs(doc), "refs": [], "findings": [], "figures": [], "statements": [],
    }
    if doc.meta.get("recovered"):
        rec["meta"]["recovered"] = doc.meta["recovered"]
    errors: dict[str, str] = {}

    @contextmanager
    def stage(name: str) -> Iterator[None]:
        try:
            yield
        except Exception as exc:  # noqa: BLE001 - one extractor's bug must not lose the document
            errors[name] = f"{type(exc).__name__}: {exc}"

    if "references" in stages:
        rec["refs"] = _ref_rows(ex.references)
    if "figures" in stages:
        with stage("figures"):
            figs = ex.figures
            if "figures" not in ex.errors:
                rec["figures"] = _figure_rows(figs)
                if doc.kind in ("docx", "pdf"):  # read by the figures stage (cached on the document)
                    rec["meta"]["tables"] = table_layout(_tables.tables(doc))
    if "statements" in stages and "figures" in ex.errors:
        errors.setdefault("statements", "not run: figures failed")
    elif "statements" in stages:
        with stage("statements"):
            rec["statements"] = _statement_rows(ex.statements, ex.figures)
    checked = False
    lost = [n for n in ("figures", "statements") if n in errors or n in ex.errors]
    if "checks" in stages and lost:
        errors["checks"] = f"not run: {' and '.join(lost)} failed"  # it would only fail again
    elif "checks" in stages:
        with stage("checks"):
            report = check_document(ex)
            rec["findings"] = _finding_rows(doc, report.findings, ex.references, ex.figures)
            rec["meta"]["coverage"] = {"statements_found": report.statements_found,
                                       "statements_checked": report.statements_checked,
                                       "references_checked": report.references_checked}
            checked = True
    if not checked and "references" in stages:  # the reference rules, at least (cheap, and REF findings matter)
        rec["findings"] = _finding_rows(doc, validate_references(ex.references, h.date, text=doc.text),
                                        ex.references, None)
    for name in stages:
        if ":" not in name:
            continue
        mod, _, fn = name.partition(":")
        extra = getattr(importlib.import_module(mod), fn)(doc, ex.references) or {}
        for k in ("figures", "statements", "findings"):
            rec[k].extend(extra.get(k) or [])
    errors = {**{k: v for k, v in ex.errors.items() if k != "period"}, **errors}
    if errors:
        rec["meta"]["stage_errors"] = errors
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


def process_file(path: str, known_sha: str | None = None, stages: Sequence[str] | None = None) -> dict[str, Any]:
    """Read and extract one file into a plain record (runs in a worker).

    With ``known_sha`` (the index already has this path), the content is hashed
    first and, if it did not change, only ``{'status': 'unchanged', …}`` comes back:
    hashing is far cheaper than reading.  Never raises for a bad file: the record
    then has ``status='failed'`` and the reason."""

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
    except MemoryError:
        raise  # over the memory budget: the caller names it
    except Exception as exc:  # noqa: BLE001 - a reader bug must not stop the batch
        return _failed(path, size, mtime, f"internal error while reading: {type(exc).__name__}: {exc}")
    try:
        return record_from_document(doc, size=size, mtime_ns=mtime, stages=stages)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - an extractor bug must not stop the batch
        return _failed(path, size, mtime, f"internal error while extracting: {type(exc).__name__}: {exc}",
                       sha=doc.sha256)


def _process_budgeted(job: Job, stages: Sequence[str] | None) -> dict[str, Any]:
    """:func:`process_file` under the time and memory budgets (see :mod:`.budget`)."""
    path, sha, size = job
    return budget.run_budgeted(lambda: process_file(path, sha, stages), path,
                               lambda reason: _failed(path, size, None, reason))


def _process_chunk(jobs: list[Job], stages: Sequence[str] | None) -> list[dict[str, Any]]:
    return [_process_budgeted(j, stages) for j in jobs]


def _failed_for(path: str, size: int | None, reason: str) -> dict[str, Any]:
    return _failed(path, size, None, reason)


def _process_chunk_remote(jobs: list[Job], stages: Sequence[str] | None,
                          lim: Limits) -> tuple[list[dict[str, Any]], str | None, list[Job]]:
    """A chunk on a Dask worker, each file under ``lim`` (the parent's budgets, not the
    worker's environment) in a thread of its own (see :func:`budget.run_threaded`).
    Returns the records, and when a file overran a budget this worker's address (for
    the parent to restart it) and the chunk's files not yet read (they run elsewhere:
    a runaway thread would slow them here)."""
    limits.set_current(lim)
    out: list[dict[str, Any]] = []
    for i, (path, sha, size) in enumerate(jobs):
        rec, bad = budget.run_threaded(partial(process_file, path, sha, stages),
                                       partial(_failed_for, path, size), lim)
        out.append(rec)
        if bad:
            try:
                from distributed import get_worker  # the dask extra; this runs on a worker, where it is there
                return out, get_worker().address, jobs[i + 1:]
            except (ImportError, ValueError):
                return out, None, jobs[i + 1:]
    return out, None, []


def _probe_worker(path: str) -> tuple[str, bool]:
    """Run on a Dask worker before the batch: the baocao version it runs and whether
    it sees ``path`` (the executor assumes a filesystem shared with the parent)."""

    return __version__, os.path.exists(path)


# --------------------------------------------------------------------------- progress
# Progress (a rich bar on a terminal, log lines elsewhere) is extract.report.progress.Progress.


# --------------------------------------------------------------------------- summary


@dataclass
class IndexSummary:
    """What a run did.  ``failures`` lists (path, reason) for files that failed in
    this run; ``still_failing`` (path, reason) for unchanged files that failed in an
    earlier run and were not tried again (``retry_failed``); ``unread`` counts the files
    under the given folders that are no report format, by extension (``unread_files``
    names them); ``missing`` paths given that did not exist; ``stage_errors`` (path,
    "stage: reason") for documents indexed without one of their stages (an
    extractor bug, see :func:`record_from_document`).  ``figures``, ``statements``
    and ``checked`` (statements the number rules could test) are the coverage of
    the documents indexed in this run — a run with no findings and nothing checked
    is not a clean run."""

    db: str
    files: int = 0
    indexed: int = 0
    skipped: int = 0
    failed: int = 0
    pruned: int = 0
    rehashed: int = 0
    refs: int = 0
    figures: int = 0
    statements: int = 0
    checked: int = 0
    findings: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)
    stage_errors: list[tuple[str, str]] = field(default_factory=list)
    still_failing: list[tuple[str, str]] = field(default_factory=list)
    unread: dict[str, int] = field(default_factory=dict)
    unread_files: list[str] = field(default_factory=list)
    recovered: list[tuple[str, str]] = field(default_factory=list)  # damaged PDFs read as far as they go
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # folders the walk could not list
    workers: int = 1
    executor: str = "local"
    stages: tuple[str, ...] = DEFAULT_STAGES
    elapsed: float = 0.0
    verbose: bool = False

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (for ``--format json``)."""
        out = asdict(self)
        out.pop("verbose", None)  # how the text is printed, not what the run did
        return out

    def __str__(self) -> str:
        sev = ", ".join(f"{n} {s}" for s, n in sorted(self.findings.items(), key=lambda kv: -SEVERITY_RANK.get(kv[0], 0)))
        rate = self.indexed / self.elapsed if self.elapsed > 0 else 0.0
        where = (f"{self.workers} worker(s)" if self.executor in ("local", "inline")
                 else f"{self.workers} worker thread(s) on {self.executor}")
        found = [f"{self.refs} reference(s)"] if "references" in self.stages else []
        if "figures" in self.stages:
            found.append(f"{self.figures} figure(s)")
        if "statements" in self.stages:
            found.append(f"{self.statements} statement(s)" + (f", {self.checked} checked"
                                                              if "checks" in self.stages else ""))
        still = len(self.still_failing)
        lines = [
            f"{self.files} file(s): {self.indexed} indexed, {self.skipped - still} unchanged, {self.failed} failed"
            + (f", {still} still failing from earlier runs" if still else "")
            + (f", {self.pruned} pruned" if self.pruned else "")
            + f" in {self.elapsed:.1f} s ({rate:.1f} files/s, {where}) → {self.db}",
            f"{', '.join(found) or 'full text only'}; findings: {sev or 'none'}",
        ]
        if self.unread:
            lines.append("not read (no report format): " + ", ".join(
                f"{n} {ext}" for ext, n in sorted(self.unread.items(), key=lambda kv: (-kv[1], kv[0])))
                + ("" if self.verbose else " (--verbose names them)"))
            if self.verbose:
                lines += [f"not read: {p}" for p in self.unread_files]
        lines += [f"failed: {p}: {r}" for p, r in self.failures]
        lines += [f"still failing: {p}: {r}" for p, r in self.still_failing]
        if still:
            lines.append(f"{still} file(s) failed in an earlier run and did not change: run with --retry-failed "
                         "to read them again")
        lines += [f"partly indexed: {p}: {r}" for p, r in self.stage_errors]
        lines += [f"missing: {p}: {r}" for p, r in self.missing]
        lines += [f"damaged (read as far as it goes): {p}: {r}" for p, r in self.recovered]
        lines += Skipped(list(self.unreadable)).lines()
        return "\n".join(lines)




# --------------------------------------------------------------------------- executors


def parse_executor(executor: Any) -> tuple[str, Any]:
    """(kind, target) for an ``executor`` argument: ``("local", None)``,
    ``("inline", None)``, ``("dask", "tcp://HOST:PORT")`` for ``"dask://HOST:PORT"``
    (``"dask+tls://…"`` → ``"tls://…"``), or ``("dask", client)`` for an open
    ``distributed.Client`` (used as is and left open).  Raises ValueError for
    anything else."""
    if executor is None:
        return "local", None
    if not isinstance(executor, str):
        if hasattr(executor, "submit") and hasattr(executor, "scheduler_info"):
            return "dask", executor
        raise ValueError(f"unknown executor {executor!r} (local, inline, dask://HOST:PORT)")
    e = executor.strip()
    if e.lower() in ("local", "inline"):
        return e.lower(), None
    low = e.lower()
    if low.startswith("dask://"):
        rest = e[len("dask://"):].strip("/")
        if not rest:
            raise ValueError(f"executor {executor!r}: give the scheduler's address, dask://HOST:PORT")
        return "dask", "tcp://" + rest
    if low.startswith("dask+") and "://" in low:
        return "dask", e[len("dask+"):].rstrip("/")
    raise ValueError(f"unknown executor {executor!r} (local, inline, dask://HOST:PORT)")


def _chunk_files(n_jobs: int, workers: int, most: int = 32) -> int:
    """Files per task: up to ``most``, fewer when the batch is small, so that every
    worker still gets about four tasks (a small batch is not one worker's task)."""
    return max(1, min(most, n_jobs // max(1, 4 * workers)))


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
    """In this process, one file after another, under the time budget (the memory
    budget needs a worker process)."""
    for job in jobs:
        yield _process_budgeted(job, stages)


def _killed_fail(ch: list[Job], killed: dict[str, str]) -> Generator[dict[str, Any], None, list[Job]]:
    """The failed records of the chunk's files whose worker the watchdog killed (taken
    out of ``killed``); returns the chunk's other files, to run again."""
    rest = []
    for job in ch:
        if job[0] in killed:
            yield _failed(job[0], job[2], None, killed.pop(job[0]))
        else:
            rest.append(job)
    return rest


def _run_pool(jobs: list[Job], stages: Sequence[str], workers: int,
              lim: Limits | None = None) -> Iterator[dict[str, Any]]:
    """Records in completion order from a process pool, a bounded number of tasks in
    flight (memory stays flat however many files).  Each worker runs under the
    budgets of ``lim`` and a watchdog kills one that overruns them (see
    :mod:`.budget`): the file is recorded as failed with the budget as reason, the
    other files it had in flight run again.  A pool broken otherwise (a worker died)
    is replaced; the files it had in flight are retried one per task, alone, and a
    file that kills a worker on its own is reported as failed."""
    lim = lim or limits.current()
    pending: deque[list[Job]] = deque(_chunks(jobs, _chunk_files(len(jobs), workers)))
    suspects: deque[list[Job]] = deque()
    dog = budget.Watchdog(lim)

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, initializer=budget.init_worker,
                                   initargs=(lim, os.getpid(), dog.dir))

    ex = new_pool()
    finished = False
    inflight: dict[Future[list[dict[str, Any]]], tuple[list[Job], bool]] = {}
    killed: dict[str, str] = {}  # path -> reason, files whose worker the watchdog killed
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
            done, _ = wait(inflight, timeout=0.5, return_when=FIRST_COMPLETED)
            killed.update(dog.check(set(getattr(ex, "_processes", None) or ())))
            ours = bool(killed)  # a break now is the watchdog's doing
            broken = False
            for fut in done:
                ch, alone = inflight.pop(fut)
                try:
                    recs = fut.result()
                except BrokenProcessPool:
                    broken = True
                    if ours:  # the watchdog's doing: its file fails, the others run again
                        rest = yield from _killed_fail(ch, killed)
                        if rest:
                            pending.appendleft(rest)
                    elif alone:
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
                    rest = yield from _killed_fail(ch, killed)
                    if rest and ours:
                        pending.appendleft(rest)
                    elif rest:
                        suspects.extend([j] for j in rest)
                inflight.clear()
                killed.clear()  # any left were finished before the kill landed: stale
                ex.shutdown(wait=False, cancel_futures=True)
                ex = new_pool()
        finished = True
    finally:
        if not finished:  # closed early (Ctrl-C): stop the workers now, not after their files
            _stop_workers(ex)
        ex.shutdown(wait=False, cancel_futures=True)
        dog.close()


def _stop_workers(ex: ProcessPoolExecutor) -> None:
    """Terminate the pool's worker processes (they ignore SIGINT, and the interpreter
    would otherwise wait at exit for the chunk each of them is reading)."""
    for proc in list((getattr(ex, "_processes", None) or {}).values()):
        with suppress(Exception):
            proc.terminate()
    for proc in list((getattr(ex, "_processes", None) or {}).values()):
        with suppress(Exception):
            proc.join(5)


#: Seconds to wait for a Dask cluster to have at least one worker (at the start, and
#: when every worker has gone during the run) before giving up with ExecutorError.
DASK_WORKER_TIMEOUT = 60.0
#: Tasks in flight on a Dask cluster beyond one per worker thread.  Few: the scheduler
#: assigns a submitted task to a worker at once, so a deep queue would fix the split of
#: the work before anyone knows which chunks are slow; a short one lets each free
#: thread take the next chunk (a chunk takes seconds, a round trip milliseconds).
DASK_EXTRA_TASKS = 2
_DASK_LOGGERS = ("distributed.client", "distributed.core", "distributed.comm", "distributed.batched",
                 "distributed.utils", "distributed.worker")


@contextmanager
def _quiet_dask_client() -> Iterator[None]:
    """Keep the Dask client's own logging (reconnect attempts with tracebacks) off the
    user's terminal: its failures reach the user as one ExecutorError instead."""
    saved = []
    for name in _DASK_LOGGERS:
        lg = logging.getLogger(name)
        saved.append((lg, lg.level))
        lg.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for lg, level in saved:
            lg.setLevel(level)


class _DaskRunner:
    """Runs the jobs on an existing Dask distributed cluster and yields the records
    in completion order, like :func:`_run_pool`.

    The workers read the files themselves, from the same absolute paths: a
    filesystem shared with this process is assumed (checked on one worker before the
    batch starts).  A bounded number of chunks is in flight (one per worker thread
    plus :data:`DASK_EXTRA_TASKS`), so memory stays flat and a free thread takes the
    next chunk.  A chunk whose worker died (Dask's
    ``KilledWorker``, after the scheduler's ``allowed-failures`` retries) or whose
    task raised is split and its files retried one per task, alone, so a file that
    kills workers on its own is recorded as failed with the reason, and the others
    go through.  A lost scheduler connection, or a cluster left without workers for
    :data:`DASK_WORKER_TIMEOUT` seconds, raises :class:`ExecutorError`.

    Budgets (``lim``, the parent's): each file runs under them on its worker (see
    :func:`budget.run_threaded`); a task that reports a file over budget has its worker
    restarted; a task still in flight past :func:`budget.task_deadline` (a worker that
    cannot answer) has its worker restarted and its files run again alone, where one
    past the deadline again is recorded as over the time budget.

    ``distributed`` is imported here only (the ``dask`` extra)."""

    def __init__(self, target: Any, jobs: list[Job], stages: Sequence[str], lim: Limits | None = None) -> None:
        try:
            import distributed
        except ImportError:
            raise ExecutorError("the Dask executor needs dask.distributed: pip install 'baocao[dask]'") from None
        self.distributed = distributed
        self.jobs = jobs
        self.stages = tuple(stages)
        self.lim = lim or limits.current()
        self.own = isinstance(target, str)
        self.address = target if self.own else getattr(getattr(target, "scheduler", None), "address", "dask")
        self._quiet: AbstractContextManager[None] | None = _quiet_dask_client()
        self._quiet.__enter__()
        self.client: Client | None = None
        self._threads = 0
        self.inflight: dict[Any, tuple[list[Job], bool]] = {}
        self.started: dict[Any, float] = {}  # future -> when it was submitted
        self._suspects: deque[list[Job]] = deque()
        self.restarted = 0  # workers restarted for a file over its budget
        try:
            if self.own:
                try:
                    self.client = distributed.Client(target, set_as_default=False)
                except Exception as exc:  # noqa: BLE001 - OSError, TimeoutError, a bad address …
                    raise ExecutorError(f"cannot connect to the Dask scheduler at {target}: {_why(exc)}") from None
            else:
                self.client = target
            self._probe()
            self._threads = self._count_threads()
        except BaseException:
            self.close()
            raise

    @property
    def _live(self) -> Client:
        """The client (None only after :meth:`close`)."""
        assert self.client is not None
        return self.client

    # -- setup
    def _probe(self) -> None:
        c = self._live
        try:
            c.wait_for_workers(1, timeout=DASK_WORKER_TIMEOUT)
        except Exception as exc:  # noqa: BLE001
            raise ExecutorError(f"the Dask cluster at {self.address} has no worker "
                                f"(waited {DASK_WORKER_TIMEOUT:.0f} s): {_why(exc)}") from None
        path = self.jobs[0][0] if self.jobs else os.getcwd()
        try:
            version, sees = c.submit(_probe_worker, path, pure=False,
                                     key=f"baocao-probe-{uuid.uuid4().hex}").result(timeout=DASK_WORKER_TIMEOUT)
        except ExecutorError:
            raise
        except Exception as exc:  # noqa: BLE001 - ModuleNotFoundError on the worker, a lost connection …
            raise ExecutorError(f"the Dask workers at {self.address} cannot run baocao ({_why(exc)}): install "
                                "baocao, the same version, where the workers run") from None
        if not sees:
            raise ExecutorError(f"a Dask worker at {self.address} cannot see {path}: the workers read the files "
                                "themselves, so they must share this filesystem under the same paths")

        if version != __version__:
            logging.getLogger(__name__).warning("Dask workers run baocao %s, this process %s", version, __version__)

    def _count_threads(self) -> int:
        try:
            return sum(self._live.nthreads().values())
        except Exception:  # noqa: BLE001 - asked again at the next tick
            return 0

    @property
    def threads(self) -> int:
        """Worker threads on the cluster (at least 1), as last counted."""
        return max(1, self._threads)

    # -- running
    def _submit(self, ch: list[Job], alone: bool) -> None:
        fut = self._live.submit(_process_chunk_remote, ch, self.stages, self.lim, pure=False,
                                 key=f"baocao-index-{uuid.uuid4().hex}")
        self.inflight[fut] = (ch, alone)
        self.started[fut] = time.monotonic()

    def _restart(self, addresses: list[str]) -> None:
        """Restart these workers (a runaway thread, or memory a file took); a cluster
        without nannies cannot, and then only the budget's record is kept."""
        if not addresses:
            return
        self.restarted += len(addresses)
        with suppress(Exception):
            self._live.restart_workers(addresses, timeout=DASK_WORKER_TIMEOUT, raise_for_error=False)

    def _overdue(self) -> Iterator[dict[str, Any]]:
        """Tasks in flight past their deadline: restart the workers running them; their
        files run again alone, and a file alone past it fails as over its time budget."""
        now = time.monotonic()
        late = [f for f, t0 in self.started.items()
                if now - t0 > budget.task_deadline(len(self.inflight[f][0]), self.lim)]
        if not late:
            return
        keys = {f.key for f in late}
        try:
            processing = self._live.processing()
        except Exception:  # noqa: BLE001 - asked again at the next tick
            return
        workers = [w for w, ks in processing.items() if keys & set(ks)]
        for fut in late:
            ch, alone = self.inflight.pop(fut)
            self.started.pop(fut, None)
            with suppress(Exception):
                fut.cancel()
            if alone:
                path, _sha, size = ch[0]
                yield _failed(path, size, None, budget.over_time(self.lim))
            else:
                self._suspects.extend([j] for j in ch)
        self._restart(workers)

    def _lost(self, what: str) -> ExecutorError:
        return ExecutorError(f"lost the Dask cluster at {self.address} ({what})")

    def __iter__(self) -> Iterator[dict[str, Any]]:
        d = self.distributed
        pending: deque[list[Job]] = deque(_chunks(self.jobs, _chunk_files(len(self.jobs), self.threads)))
        suspects: deque[list[Job]] = deque()
        self._suspects = suspects
        no_workers_since: float | None = None
        counted = time.monotonic()
        while pending or suspects or self.inflight:
            if self._live.status not in ("running", "newly-created"):
                raise self._lost(f"client {self._live.status}")
            if time.monotonic() - counted > 10:  # the cluster may have grown or shrunk
                self._threads, counted = self._count_threads() or self._threads, time.monotonic()
            if suspects:
                if not self.inflight:  # a suspect runs alone, so a dying worker names it
                    self._submit(suspects.popleft(), True)
            else:
                limit = self.threads + DASK_EXTRA_TASKS
                while pending and len(self.inflight) < limit:
                    self._submit(pending.popleft(), False)
            try:
                with self._live.as_current():  # wait() asks for the current client; ours is not the default
                    done, _ = d.wait(list(self.inflight), timeout=5, return_when="FIRST_COMPLETED")
            except TimeoutError:
                done = set()
            except CancelledError:  # distributed's FuturesCancelledError: the scheduler is gone
                raise self._lost("the connection to the scheduler was lost") from None
            except Exception as exc:  # noqa: BLE001
                raise self._lost(_why(exc)) from None
            yield from self._overdue()
            done = {f for f in done if f in self.inflight}
            if not done:
                # nothing finished for a while: is the cluster still there, and working?
                if self._live.status != "running":
                    raise self._lost(f"client {self._live.status}")
                self._threads = self._count_threads()
                if self._threads == 0:
                    no_workers_since = no_workers_since or time.monotonic()
                    if time.monotonic() - no_workers_since > DASK_WORKER_TIMEOUT:
                        raise self._lost(f"no worker left for {DASK_WORKER_TIMEOUT:.0f} s")
                else:
                    no_workers_since = None
                continue
            for fut in done:
                ch, alone = self.inflight.pop(fut)
                self.started.pop(fut, None)
                try:
                    recs, restart, rest = fut.result()
                except d.KilledWorker:
                    yield from self._retry_or_fail(ch, alone, suspects,
                                                   "the reader crashed its worker process on this file (or took it "
                                                   "over the cluster's memory limit per worker)")
                    continue
                except Exception as exc:  # noqa: BLE001 - a task error; a cancelled future
                    if isinstance(exc, CancelledError) or fut.status == "cancelled" or self._live.status != "running":
                        raise self._lost("the connection to the scheduler was lost") from None
                    yield from self._retry_or_fail(ch, alone, suspects,
                                                   f"internal error in worker: {type(exc).__name__}: {exc}")
                    continue
                finally:
                    fut.release()
                if restart:
                    self._restart([restart])
                if rest:
                    pending.appendleft(rest)
                yield from recs

    @staticmethod
    def _retry_or_fail(ch: list[Job], alone: bool, suspects: deque[list[Job]], reason: str) -> Iterator[dict[str, Any]]:
        """A file is recorded as failed only when it failed running alone: a task that
        merely shared the dying worker with the culprit (even a one-file task) is tried
        again, alone."""
        if alone:
            path, _sha, size = ch[0]
            yield _failed(path, size, None, reason)
        else:
            suspects.extend([j] for j in ch)

    def close(self) -> None:
        """Cancel what is still in flight and close the client this runner opened."""
        c = self.client
        with suppress(Exception):  # a client that lost its scheduler cannot cancel; nothing to do then
            if c is not None and self.inflight and c.status == "running":
                c.cancel(list(self.inflight), force=True)
        self.inflight.clear()
        self.started.clear()
        if c is not None and self.own:
            with suppress(Exception):
                c.close(timeout=5)
        self.client = None
        if self._quiet is not None:
            self._quiet.__exit__(None, None, None)
            self._quiet = None


def _why(exc: BaseException) -> str:
    """An exception as one short line for a user-facing message."""
    msg = " ".join(str(exc).split())
    if len(msg) > 200:
        msg = msg[:200] + "…"
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


# --------------------------------------------------------------------------- running


def _stale_stages(store: Store, wanted: Sequence[str]) -> set[str]:
    """Paths of indexed documents that hold fewer stages than ``wanted`` (indexed
    by an older baocao, or with ``stages`` limited): a run asking for more re-reads
    them even though the file did not change."""
    want = set(wanted)
    if not want:
        return set()
    exact = '"stages": ' + json.dumps(list(wanted), ensure_ascii=False)
    out = set()
    for path, meta in store.execute("SELECT path, meta FROM documents WHERE status = 'ok'"):
        if isinstance(meta, str):
            if exact in meta:  # the common case, without parsing
                continue
            try:
                meta = json.loads(meta)
            except ValueError:
                meta = None
        have = meta.get("stages") if isinstance(meta, dict) else None
        if not isinstance(have, list):
            have = ["references"]  # indexed before stages were recorded
        if not want <= set(have):
            out.add(path)
    return out


def index_paths(
    paths: Iterable[str | os.PathLike[str]],
    db: str | os.PathLike[str] | Store = DEFAULT_DB,
    *,
    workers: int | None = None,
    prune: bool = False,
    progress: bool | str = True,
    force: bool = False,
    retry_failed: bool = False,
    stages: Sequence[str] | str | None = None,
    executor: Any = "local",
    on_record: Callable[[dict[str, Any]], None] | None = None,
    batch_size: int = 64,
    batch_seconds: float = 1.0,
    budgets: Limits | None = None,
) -> IndexSummary:
    """Index every report under ``paths`` into ``db``; return what was done.

    ``workers``: processes to read with (default: every core; 1 reads in this
    process).  ``prune``: drop index rows of files under the given folders that are
    gone.  ``progress``: ``"auto"`` (or True) a bar when stderr is a terminal and a log
    line every few seconds elsewhere, ``"always"`` also a first and last line, ``"never"``
    (or False) nothing (see :mod:`extract.report.progress`).  ``force``: re-read every
    file.  ``retry_failed``: read again the unchanged files that failed in an earlier run
    (else they are reported in ``summary.still_failing``).
    ``stages``: what to extract (default :data:`DEFAULT_STAGES`: references,
    figures, statements, checks; ``("references",)`` for a fast reference-only index;
    see :func:`resolve_stages` and :func:`record_from_document`).  Documents indexed
    earlier with fewer stages than asked for are re-read.
    ``executor``: where files are read and extracted —

    * ``"local"`` (default): a process pool of ``workers`` processes on this machine
      (in this process when ``workers`` is 1);
    * ``"inline"``: in this process, one file after another;
    * ``"dask://HOST:PORT"``: on an existing Dask distributed cluster (its scheduler's
      address; ``"dask+tls://…"`` for TLS; or an open ``distributed.Client``).  Needs
      the ``dask`` extra here and baocao installed on the workers.  **The workers read
      the files from the paths walked here, so they must see the same filesystem at
      the same paths** (a shared mount); this is checked on one worker first.
      ``workers`` is ignored: the cluster's worker threads decide.  Records stream
      back and are written here exactly as with the local pool.  A file that crashes
      its workers is recorded as failed with the reason; a lost connection to the
      cluster raises :class:`ExecutorError` after writing every record already
      received (the index stays consistent; rerun to resume).

    ``budgets``: the per-file budgets (default: :func:`extract.core.limits.current`,
    i.e. the ``BAOCAO_*`` environment).  A file over its time or memory budget is
    recorded as failed with the budget as reason and the batch goes on; the memory
    budget is enforced in worker processes (the local pool), the time budget in every
    executor but Dask.

    ``on_record``: called with each record after it is written (tests, logging).
    ``batch_size``/``batch_seconds``: documents are committed in batches of at most
    this many, or after this long — each batch one transaction, so each document is
    written whole and a killed run loses at most the open batch.
    """
    kind, target = parse_executor(executor)
    stages = resolve_stages(stages)
    lim = budgets or limits.current()
    before = limits.current()
    limits.set_current(lim)  # the reader's budgets, in this process (inline) and in the workers
    t0 = time.monotonic()
    passed_over = Skipped()
    files, roots, missing = walk(paths, passed_over)
    store = open_store(db)
    own = not isinstance(db, Store)
    summary = IndexSummary(db=store.path, files=len(files), missing=missing, stages=stages,
                           executor=kind if kind != "dask" else (target if isinstance(target, str) else "dask"),
                           unreadable=passed_over.unreadable)
    summary.unread_files = unread_files(paths)
    for p in summary.unread_files:
        ext = os.path.splitext(p)[1].lower() or "(no extension)"
        summary.unread[ext] = summary.unread.get(ext, 0) + 1
    try:
        states = {} if force else store.states()
        stale = set() if force else _stale_stages(store, stages)
        jobs: list[Job] = []
        failing: list[str] = []
        for f in files:
            try:
                st = os.stat(f)
            except OSError:
                continue  # vanished between the walk and now; a later run sees it gone
            s = states.get(f)
            if s is not None and f in stale:
                jobs.append((f, None, st.st_size))  # same file, more stages wanted: read it again
                continue
            if s is not None and s.status == "failed" and retry_failed:
                jobs.append((f, None, st.st_size))  # failed before: try again though unchanged
                continue
            if s is not None and s.size == st.st_size and s.mtime_ns == st.st_mtime_ns:
                summary.skipped += 1
                if s.status == "failed":
                    failing.append(f)
                continue
            jobs.append((f, s.sha256 if s is not None and s.sha256 else None, st.st_size))
        n = workers if workers and workers > 0 else (os.cpu_count() or 1)
        n = max(1, min(n, len(jobs))) if jobs else 1
        runner: Any
        if not jobs:
            runner = iter(())
        elif kind == "dask":
            runner = _DaskRunner(target, jobs, stages, lim)
            n = runner.threads
        elif kind == "inline" or n == 1:
            runner = _run_inline(jobs, stages)
            n = 1
        else:
            runner = _run_pool(jobs, stages, n, lim)
        summary.workers = n
        if failing:
            summary.still_failing = _reasons(store, failing)
        bar = Progress(len(jobs), progress, label="index")
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
                    summary.figures += len(rec.get("figures") or [])
                    summary.statements += len(rec.get("statements") or [])
                    meta = rec.get("meta") or {}
                    summary.checked += (meta.get("coverage") or {}).get("statements_checked", 0)
                    for stage_name, why in (meta.get("stage_errors") or {}).items():
                        summary.stage_errors.append((rec["path"], f"{stage_name}: {why}"))
                    if meta.get("recovered"):
                        summary.recovered.append((rec["path"], meta["recovered"]))
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
            bar.close()
            raise IndexInterrupted(
                f"interrupted: {done} of {len(jobs)} file(s) were written to {store.path} — "
                "run the same command again to resume") from None
        except ExecutorError as exc:
            flush()  # every record received is written, whole; the rest waits for the next run
            bar.close()
            raise ExecutorError(f"{exc}; {done} of {len(jobs)} file(s) were written to {store.path} before it "
                                "stopped — run the same command again to resume") from None
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
        limits.set_current(before)
        if own:
            store.close()
    summary.elapsed = time.monotonic() - t0
    return summary


def _reasons(store: Store, paths: Sequence[str]) -> list[tuple[str, str]]:
    """(path, reason) of failed documents of the index, for ``paths``."""
    want = set(paths)
    rows = store.execute("SELECT path, reason FROM documents WHERE status = 'failed'").fetchall()
    return sorted((p, r or "unknown") for p, r in rows if p in want)


def _under(path: str, roots: Sequence[str]) -> bool:
    """Is ``path`` one of ``roots`` or inside one of them (for ``prune``)?"""
    for r in roots:
        if path == r or path.startswith(r.rstrip(os.sep) + os.sep):
            return True
    return False
