"""``baocao``: a thin command line over the library API.

Conventions: every command takes many files and never stops a batch on one bad
file; errors about input go to stderr as one line naming the file and the reason;
exit codes are 0 clean, 1 findings at or above ``--fail-on``, 2 usage or input
error.  No traceback reaches the user unless ``BAOCAO_DEBUG`` is set.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from extract.checks import check_document
from extract.core import __version__
from extract.core.errors import ReadError
from extract.core.limits import Limits
from extract.core.model import Document
from extract.core.rules import SEVERITY_RANK, load_rules, rules_dir
from extract.core.text import neutralize
from extract.evaluate import checks as evaluate_checks
from extract.evaluate import context as evaluate_context
from extract.evaluate import dates as evaluate_dates
from extract.evaluate import figures as evaluate_figures
from extract.evaluate import headers as evaluate_headers
from extract.evaluate.references import print_report, run
from extract.find.extraction import Extraction
from extract.index import queries
from extract.index.indexer import ExecutorError, index_paths, record_from_document
from extract.index.queries import write_frame
from extract.index.store import StoreError, is_server_url
from extract.ingest.reader import how_read, read
from extract.ingest.walk import Skipped, iter_paths, unread_files
from extract.report.frames import dates_frame, figures_frame, statements_frame
from extract.report.html import render_page
from extract.report.progress import MODES, Progress
from extract.report.records import document_record, finding_record, reference_record
from extract.report.records import where as _where
from extract.report.sarif import sarif_log
from extract.report.spacy_doc import LABELS, SPANS_KEY, to_docbin, to_spacy
from extract.report.terminal import DEFAULT_COLUMNS, choose_columns, render_table, where_column
from extract.web.app import ServeError, serve

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


class UsageError(Exception):
    """A mistake in the command line found while running (an unknown --columns name)."""


def _err(msg: str) -> None:
    print(f"baocao: {neutralize(msg)}", file=sys.stderr)


class _Neutralized:
    """sys.stdout for human output (text, table, summary): control characters and
    bidi overrides a document holds are shown escaped instead of acting on the
    terminal.  Machine formats (JSON, CSV, SARIF…) are written as read."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, s: str) -> int:
        return self._stream.write(neutralize(s))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


HUMAN_FORMATS = ("text", "table", "summary")


def _files(args: argparse.Namespace) -> list[str]:
    """The files a command reads (folders walked), after saying on stderr how many files
    of the folders given were left out because they are no report format."""
    _report_unread(args.files, getattr(args, "verbose", False))
    skipped = Skipped()
    files = list(iter_paths(args.files, skipped))
    _say_skipped(skipped)
    return files


def _say_skipped(skipped: Skipped) -> None:
    """Folders the walk could not list, on stderr (nothing is left out silently)."""
    for line in skipped.lines():
        _err(line)


def _report_unread(given: Sequence[str], verbose: bool) -> None:
    files = unread_files(given)
    if not files:
        return
    by_type = Counter(os.path.splitext(f)[1].lower() or "(no extension)" for f in files)
    _err("not read (no report format): " + ", ".join(f"{n} {ext}" for ext, n in by_type.most_common())
         + ("" if verbose else " (--verbose names them)"))
    if verbose:
        for f in files:
            _err(f"not read: {f}")


def _progress(args: argparse.Namespace, total: int, label: str) -> Progress:
    return Progress(total, "never" if getattr(args, "quiet", False) else getattr(args, "progress", "auto"),
                    label=label)


def _table(rows: list[dict], table: str, args: argparse.Namespace, available: Sequence[str] | None = None) -> None:
    """Rows for people: page:line as ``where``, the default columns of ``table`` (or
    ``--columns``), fitted to the terminal (or whole with ``--wide``)."""
    where_column(rows)
    avail = list(available) if available is not None else (list(rows[0]) if rows else [])
    if "where" not in avail and any("where" in r for r in rows):
        avail.append("where")
    try:
        cols = choose_columns(avail, DEFAULT_COLUMNS.get(table, avail), getattr(args, "columns", None))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    render_table(rows, cols, sys.stdout, wide=getattr(args, "wide", False))


# --- read -----------------------------------------------------------------------------

def cmd_read(args: argparse.Namespace) -> int:

    status = EXIT_OK
    paths = _files(args)
    bar = _progress(args, len(paths), "read")
    for done, path in enumerate(paths, 1):
        try:
            doc = read(path)
        except ReadError as exc:
            _err(str(exc))
            status = EXIT_INPUT
            bar.advance(failed=True)
            continue
        bar.update(done, bar.failed)
        if args.format == "json":
            print(json.dumps(document_record(doc, full=True), ensure_ascii=False))
            continue
        if args.format == "summary":
            h = doc.header
            size = "" if not doc.pages else (  # a DOCX or text has no pages of its own
                f"{doc.pages} sheet(s), " if doc.kind in ("xlsx", "xls") else f"{doc.pages} page(s), ")
            ident = " ".join(str(x) for x in (h.doc_type or "?", h.number or "(no number)", h.date) if x)
            print(f"{path}: {doc.kind}, {size}{len(doc.text)} chars; {ident} — {h.issuer or '?'}; "
                  f"{len(doc.footnotes)} footnote(s), {len(doc.removed)} furniture line(s) removed; "
                  f"read: {how_read(doc)}" + "".join(f"; warning: {w}" for w in doc.warnings))
            continue
        print(f"# {path}")
        pos = 0
        for para in doc.text.split("\n"):
            page, line = doc.locate(pos)
            print(f"{_where(page, line):>7}  {para}")
            pos += len(para) + 1
        for n in doc.footnotes:
            print(f"{'note':>7}  [{n.id}] {n.text}")
        if len(args.files) > 1:
            print()
    bar.close()
    return status


# --- extract ---------------------------------------------------------------------------

KINDS = ("references", "figures", "statements", "dates")


def _read_all(args: argparse.Namespace, label: str) -> Iterator[tuple[str, Document | None]]:
    """(path, Document) for each file; (path, None) after reporting a read error.  The
    progress counts a file done when the caller asks for the next one."""
    paths = _files(args)
    with _progress(args, len(paths), label) as bar:
        for path in paths:
            try:
                doc = read(path)
            except ReadError as exc:
                _err(str(exc))
                yield path, None
                bar.advance(failed=True)
                continue
            yield path, doc
            bar.advance()


def _writer(fmt: str):
    """A function taking (records, columns) that prints them in ``fmt``."""

    state: dict[str, csv.DictWriter[str]] = {}

    def write(records: list[dict], columns: list[str]) -> None:
        if fmt == "jsonl":
            for r in records:
                print(json.dumps(r, ensure_ascii=False, default=str))
        elif fmt == "csv":
            w = state.get("csv")
            if w is None:
                w = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore")
                w.writeheader()
                state["csv"] = w
            for r in records:
                w.writerow(r)

    return write


def cmd_extract(args: argparse.Namespace) -> int:

    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        _err(f"unknown kind(s): {', '.join(unknown)} (available: {', '.join(KINDS)})")
        return EXIT_INPUT
    if args.format == "xlsx":
        return _extract_xlsx(args, kinds)
    if args.format == "spacy":
        return _extract_spacy(args)
    status = EXIT_OK
    write = _writer(args.format)
    for path, doc in _read_all(args, "extract"):
        if doc is None:
            status = EXIT_INPUT
            continue
        ex = Extraction(doc)
        other = [k for k in kinds if k != "references"]
        if other:
            _extract_frames(ex, other, args, str(path))
        if "references" not in kinds:
            continue
        refs = ex.references
        records = [reference_record(doc, r) for r in refs]
        if args.format != "table":
            write(records, list(records[0]) if records else ["doc", "kind"])
            continue
        groups: dict[str, dict] = {}
        for rec in records:
            key = rec["key"] or rec["text"]
            g = groups.setdefault(key, {"key": key, "type": rec["doc_type"], "date": None, "issuer": None,
                                        "count": 0, "first": _where(rec["page"], rec["line"]),
                                        "form": rec["form"]})
            g["count"] += 1
            g["date"] = g["date"] or rec["date"]
            g["issuer"] = g["issuer"] or rec["issuer_code"] or rec["issuer"]
        print(f"# {_shown(path)}: {len(records)} reference mention(s), {len(groups)} distinct")
        avail = ["key", "type", "date", "issuer", "count", "first", "form"]
        try:
            cols = choose_columns(avail, avail, args.columns)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        render_table(list(groups.values()), cols, sys.stdout, wide=args.wide)
        print()
    return status


def _frame(ex: Extraction, kind: str):
    """One kind of item of one document as a DataFrame (the Python API's frames)."""
    import pandas as pd

    if kind == "references":
        return pd.DataFrame([reference_record(ex.doc, r) for r in ex.references])
    if kind == "figures":
        return figures_frame(ex)
    if kind == "statements":
        return statements_frame(ex)
    return dates_frame(ex)


def _extract_spacy(args: argparse.Namespace) -> int:
    """Every file as a spaCy Doc (REF, FIG, STMT, FINDING spans in doc.spans["baocao"],
    records in user_data) in one DocBin: training data for a learned model."""
    if not args.output:
        _err("--format spacy needs an output file (-o FILE.spacy)")
        return EXIT_INPUT
    status = EXIT_OK
    docs = []
    counts: Counter[str] = Counter()
    try:
        for _path, doc in _read_all(args, "extract"):
            if doc is None:
                status = EXIT_INPUT
                continue
            sd = to_spacy(doc)
            counts.update(s.label_ for s in sd.spans[SPANS_KEY])
            docs.append(sd)
        to_docbin(docs).to_disk(args.output)
    except ImportError as exc:
        _err(f"--format spacy needs spaCy (pip install 'baocao[nlp]'): {exc}")
        return EXIT_INPUT
    except OSError as exc:
        _err(f"{args.output}: cannot write ({exc.strerror or exc})")
        return EXIT_INPUT
    print(f"wrote {args.output}: {len(docs)} doc(s), " + ", ".join(f"{counts[k]} {k}" for k in LABELS),
          file=sys.stderr)
    return status


def _extract_xlsx(args: argparse.Namespace, kinds: list[str]) -> int:
    """All files into one workbook, one sheet per kind — what a clerk compiling figures
    from many reports opens in Excel."""
    import pandas as pd

    if not args.output:
        _err("--format xlsx needs an output file (-o FILE.xlsx)")
        return EXIT_INPUT
    status = EXIT_OK
    frames: dict[str, list] = {k: [] for k in kinds}
    for _path, doc in _read_all(args, "extract"):
        if doc is None:
            status = EXIT_INPUT
            continue
        ex = Extraction(doc)
        for kind in kinds:
            frames[kind].append(_frame(ex, kind))
    try:
        with pd.ExcelWriter(args.output) as xw:
            for kind, dfs in frames.items():
                df = pd.concat([d for d in dfs if not d.empty], ignore_index=True) if any(not d.empty for d in dfs) \
                    else pd.DataFrame(columns=["doc", "kind"])
                for col in df.columns:  # lists and Decimals are not Excel cell types
                    if df[col].map(lambda v: isinstance(v, (list, tuple, dict))).any():
                        df[col] = df[col].map(lambda v: json.dumps(v, ensure_ascii=False, default=str)
                                              if isinstance(v, (list, tuple, dict)) else v)
                df.to_excel(xw, sheet_name=kind, index=False)
    except ImportError as exc:
        _err(f"--format xlsx needs openpyxl (pip install 'baocao[xlsx]'): {exc}")
        return EXIT_INPUT
    except OSError as exc:
        _err(f"{args.output}: cannot write ({exc.strerror or exc})")
        return EXIT_INPUT
    print(f"wrote {args.output}: " + ", ".join(f"{sum(len(d) for d in dfs)} {k}" for k, dfs in frames.items()),
          file=sys.stderr)
    return status


def _extract_frames(ex: Extraction, kinds: list[str], args: argparse.Namespace, path: str) -> None:
    """Figures, statements and dates through their DataFrame APIs: every column in
    jsonl/csv, the columns a person reads in a table."""
    for kind in kinds:
        df = _frame(ex, kind)
        if args.format != "table":
            write_frame(df, args.format)
            continue
        print(f"# {_shown(path)}: {len(df)} {kind}")
        _table(df.to_dict("records"), f"extract-{kind}", args, available=list(df.columns))
        print()


def _shown(path: str) -> str:
    """A path as a person reads it: relative to where the command was run."""
    if not os.path.isabs(path):
        return path
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive
        return path
    return rel if len(rel) < len(path) else path


# --- index and queries ------------------------------------------------------------------

def cmd_index(args: argparse.Namespace) -> int:

    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing and not args.prune:
        for p in missing:
            _err(f"{p}: no such file or directory")
        return EXIT_INPUT  # before any work: no index is created for a mistyped path
    def _term(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt  # `kill`, `timeout`, systemd: stop as on Ctrl-C, keeping what was read

    old_term = signal.signal(signal.SIGTERM, _term)
    try:
        budgets = Limits.from_env(file_seconds=args.file_seconds, worker_mb=args.worker_mb)
        summary = index_paths(args.paths, args.db, workers=args.workers, prune=args.prune,
                              progress="never" if args.quiet else args.progress, executor=args.executor,
                              stages=args.stages, retry_failed=args.retry_failed, budgets=budgets)
    except (StoreError, ExecutorError, ValueError) as exc:
        _err(str(exc))
        return EXIT_INPUT
    finally:
        signal.signal(signal.SIGTERM, old_term)
    summary.verbose = args.verbose
    if getattr(args, "format", "text") == "json":
        print(json.dumps(summary.as_dict(), ensure_ascii=False, default=str))
    else:
        print(summary)
    # files that fail, in this run or still from an earlier one, are not indexed: not a clean run
    return EXIT_INPUT if summary.failed or summary.still_failing or summary.missing else EXIT_OK


def _query_argument_error(args: argparse.Namespace) -> str | None:
    """What is wrong with a query's arguments before the index is opened, or None."""
    if args.command == "search":
        words = " ".join(args.text).split()
        if not words:
            return "nothing to search for: give a word or a \"phrase\""
        if all(w.startswith("-") for w in words):
            return (f"nothing to search for: {' '.join(words)} only excludes (give a word to find as well: "
                    f"'cai cach {words[0]}')")
        if args.limit < 1:
            return f"--limit must be at least 1, not {args.limit}"
    if args.command == "findings" and args.rule:
        rules = load_rules()
        if args.rule.strip().upper() not in rules:
            return f"unknown rule {args.rule} (known: {', '.join(sorted(rules))})"
    if args.command == "figures":
        if args.period is not None and not queries.valid_period(args.period):
            return f"--period {args.period!r} is not a period (2024, 2024-03, 2021..2025 or 2024-01-01/2024-12-31)"
        if args.threshold is not None and not 0 <= args.threshold <= 100:
            return f"--threshold is a score from 0 to 100, not {args.threshold:g}"
    return None


#: rows of ``figures`` and ``findings`` shown in a table by default (``--limit``)
TABLE_ROWS = 200


def cmd_query(args: argparse.Namespace) -> int:

    if not is_server_url(args.db) and not os.path.exists(args.db):
        _err(f"{args.db}: no index here (run `baocao index PATH… --db {args.db}` first)")
        return EXIT_INPUT
    wrong = _query_argument_error(args)
    if wrong:  # a filter that can match nothing as typed is a mistake, not "(no rows)"
        _err(wrong)
        return EXIT_INPUT
    try:
        if args.command == "cites":
            df = queries.cites(args.db, args.key)
        elif args.command == "search":
            df = queries.search(args.db, " ".join(args.text).strip(), limit=args.limit)
        elif args.command == "refs":
            df = queries.refs(args.db, issuer=args.issuer, type_code=args.type, year=args.year,
                              cited_by=args.cited_by)
        elif args.command == "figures":
            kw = {"unit": args.unit, "period": args.period, "issuer": args.issuer}
            if args.conflicts:
                df = queries.figure_conflicts(args.db, args.label, **kw,
                                              **({"threshold": args.threshold} if args.threshold is not None else {}))
            else:
                df = queries.figures(args.db, args.label, **kw,
                                     **({"threshold": args.threshold} if args.threshold is not None else {}))
        else:
            df = queries.findings(args.db, rule=args.rule, severity=args.severity)
        human = args.format == "table" and not args.output
        cut = ""
        rows_limit = getattr(args, "rows", None)
        if args.command in ("figures", "findings"):
            if rows_limit is None:
                rows_limit = TABLE_ROWS if human else 0
            if 0 < rows_limit < len(df):  # a terminal gets a screenful, not every figure of the index
                cut = (f"showing {rows_limit} of {len(df)} {args.command}: --limit 0 for all, or narrow with "
                       f"{'--label/--unit/--period/--issuer' if args.command == 'figures' else '--rule/--severity'}")
                df = df.head(rows_limit)
        if human:
            table = "conflicts" if args.command == "figures" and args.conflicts else args.command
            _table(df.to_dict("records"), table, args, available=list(df.columns))
        else:
            queries.write_frame(df, args.format, args.output)
        if cut:
            _err(cut)
    except (StoreError, ValueError) as exc:  # a server's message names it without the password
        named = is_server_url(args.db) or str(exc).startswith(f"{args.db}: ")
        _err(str(exc) if named else f"{args.db}: {exc}")
        return EXIT_INPUT
    return EXIT_OK


# --- check -------------------------------------------------------------------------------

def _rule_list(text: str | None) -> set[str]:
    return {r.strip().upper() for r in (text or "").split(",") if r.strip()}


#: the figure whose cell places a spreadsheet finding: the value stated (a total, a percentage)
_STATED_ROLES = ("whole", "total", "percent", "figure")


def _cell_of(doc: Document, rec: dict) -> str | None:
    """A spreadsheet finding's cell address: that of the figure stated ("Biểu 01!C5", the
    total that does not add up), else of the end of its span (its row); None elsewhere."""
    if doc.kind not in ("xlsx", "xls"):
        return None
    involved = rec.get("involved") or []
    for role in _STATED_ROLES:
        for inv in involved:
            if inv["role"] == role and inv.get("start") is not None:
                return doc.cell_at(inv["start"])
    start, end = rec.get("start"), rec.get("end")
    if start is None or end is None or end <= start:
        return None
    return doc.cell_at(end - 1)


#: the columns of ``check``'s table (``--columns``)
CHECK_COLUMNS = ["where", "page", "line", "footnote", "cell", "quote", "rule", "stated", "computed", "verdict", "message",
                 "tolerance", "severity"]


def cmd_check(args: argparse.Namespace) -> int:

    rules = load_rules()
    select, ignore = _rule_list(args.select), _rule_list(args.ignore)
    unknown = sorted(r for r in select | ignore if r not in rules and not any(k.startswith(r) for k in rules))
    if unknown:
        _err(f"unknown rule(s): {', '.join(unknown)} (known: {', '.join(sorted(rules))})")
        return EXIT_INPUT
    if args.format == "table" and args.columns:  # a mistyped column is said before any work, not after it
        try:
            choose_columns(CHECK_COLUMNS, DEFAULT_COLUMNS["check"], args.columns)
        except ValueError as exc:
            _err(str(exc))
            return EXIT_INPUT
    status = EXIT_OK
    write = _writer(args.format)
    counts = {"error": 0, "warning": 0, "note": 0}
    docs = found = checked = refs_checked = ambiguous = 0
    worst = -1
    all_records: list[dict] = []
    paths: list[str] = []
    for path, doc in _read_all(args, "check"):
        if doc is None:
            status = EXIT_INPUT
            continue
        docs += 1
        paths.append(path)
        report = check_document(Extraction(doc), select=select, ignore=ignore)
        found += report.statements_found
        checked += report.statements_checked
        refs_checked += report.references_checked
        ambiguous += report.ambiguous
        records = [finding_record(doc, f, report.refs, lang=args.lang) for f in report.findings]
        # by place: page, line, then offset (a footnote's findings at the footnote's own place)
        records.sort(key=lambda r: (r["page"] or 0, r["line"] or 0, r["start"] if r["start"] is not None else -1))
        for rec in records:
            counts[rec["severity"]] = counts.get(rec["severity"], 0) + 1
            worst = max(worst, SEVERITY_RANK.get(rec["severity"], 0))
        if args.format == "sarif":
            all_records.extend(records)
        elif args.format == "table":
            if records:
                print(f"# {_shown(path)}")
                rows = [{"page": r["page"], "line": r["line"], "footnote": r.get("footnote"),
                         "cell": _cell_of(doc, r), "quote": r["text"],
                         "rule": r["rule"], "stated": r["stated"], "computed": r["computed"],
                         "verdict": r["severity"], "message": r["message"], "tolerance": r["tolerance"],
                         "severity": r["severity"]} for r in records]
                _table(rows, "check", args, available=CHECK_COLUMNS)
                print()
        else:
            write(records, ["doc", "kind", "page", "line", "text", "start", "end", "rule", "severity",
                            "message", "stated", "computed", "tolerance"])
    if args.format == "sarif":

        print(json.dumps(sarif_log(all_records, rules, lang=args.lang, documents=paths), ensure_ascii=False, indent=1))
    if args.lang == "en":
        cov = (f"coverage: {docs} document(s), {found} statement(s) found, {checked} checked, "
               f"{ambiguous} left unjudged as ambiguous, {refs_checked} reference(s) checked; findings: {counts['error']} error(s), "
               f"{counts['warning']} warning(s), {counts['note']} note(s)")
    else:
        cov = (f"coverage: {docs} văn bản, {found} mệnh đề số liệu tìm thấy, {checked} được kiểm tra, "
               f"{ambiguous} mơ hồ không kết luận, {refs_checked} trích dẫn được kiểm tra; kết quả: {counts['error']} lỗi, "
               f"{counts['warning']} cảnh báo, {counts['note']} ghi chú")
    print(cov, file=sys.stderr)
    if status == EXIT_OK and args.fail_on != "never" and worst >= SEVERITY_RANK[args.fail_on]:
        status = EXIT_FINDINGS
    return status


# --- html and serve ------------------------------------------------------------------------

def cmd_html(args: argparse.Namespace) -> int:
    out_dir = Path(args.output or ".")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        _err(f"{out_dir}: exists and is not a folder (-o names the folder for the pages)")
        return EXIT_INPUT
    except OSError as exc:
        _err(f"{out_dir}: cannot create the folder for the pages ({exc.strerror})")
        return EXIT_INPUT
    status = EXIT_OK
    used: set[str] = set()
    for path, doc in _read_all(args, "html"):
        if doc is None:
            status = EXIT_INPUT
            continue
        name = Path(path).name + ".html"
        if name in used:  # two reports of one name in different folders
            name = f"{Path(path).name}.{doc.sha256[:8]}.html"
        used.add(name)
        target = out_dir / name
        target.write_text(render_page(record_from_document(doc), lang=args.lang), encoding="utf-8")
        print(target)
    return status


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        return serve(args.db, host=args.host, port=args.port, lang=args.lang, open_browser=args.open,
                     explicit_host=args.host is not None)
    except ServeError as exc:
        _err(str(exc))
        return EXIT_INPUT


# --- eval --------------------------------------------------------------------------------

EVAL_KINDS = ("references", "figures", "dates", "checks", "headers", "context")


def cmd_eval(args: argparse.Namespace) -> int:


    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in EVAL_KINDS]
    if unknown:
        _err(f"unknown kind(s): {', '.join(unknown)} (available: {', '.join(EVAL_KINDS)})")
        return EXIT_INPUT
    project = Path(args.project) if args.project else rules_dir().parent
    shared = Path(args.shared) if args.shared else project.parent / "shared" / "corpus"
    found = False
    if "references" in kinds:

        result = run(project / "corpus" / "gold" / "references", shared, project / "corpus")
        if result["documents"]:
            found = True
            print("## references (keys, dates, issuers, mentions)")
            print_report(result)
            print()
    if "figures" in kinds:

        res = evaluate_figures.run(shared)
        if res["documents"]:
            found = True
            print("## figures (values, units) and statements (membership F1)")
            evaluate_figures.print_report(res, misses=args.misses)
            print()
    if "dates" in kinds:

        res = evaluate_dates.run(project / "corpus" / "gold" / "dates", shared)
        if res["documents"]:
            found = True
            print("## dates and periods")
            evaluate_dates.print_report(res)
            print()
    if "checks" in kinds and shared.is_dir():
        res = evaluate_checks.run(project, shared)
        if res["test"] or res["tune"]:
            found = True
            print("## checks: findings against the gold, per split (test: untuned)")
            evaluate_checks.print_report(res, misses=args.misses)
            print()
    if "headers" in kinds:
        res = evaluate_headers.run(project, shared)
        if res:
            found = True
            print("## headers (type, number, date, issuer, signer): accuracy per field, per split")
            evaluate_headers.print_report(res)
    if "context" in kinds:
        res = evaluate_context.run(project, shared)
        if res:
            found = True
            print("## figure context (is it a figure; value, unit, magnitude, counted, label), per split "
                  "(test, test2: untuned, totals only)")
            evaluate_context.print_report(res, misses=True)
    if not found:
        _err(f"no annotated documents found (gold in {project / 'corpus'}, real corpus in {shared})")
        return EXIT_INPUT
    return EXIT_OK


# --- parser -----------------------------------------------------------------------------

PROGRESS_HELP = ("progress on stderr: auto (default) a bar on a terminal and a log line every 10 s "
                 "elsewhere (BAOCAO_PROGRESS_INTERVAL), always (also a first and a last line), never")


def _long_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--progress", choices=MODES, default="auto", help=PROGRESS_HELP)
    p.add_argument("--quiet", "-q", action="store_true", help="no progress (same as --progress never)")
    p.add_argument("--verbose", "-v", action="store_true",
                   help="name every file of the folders given that is left out (no report format)")


def _table_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--columns", metavar="LIST",
                   help="table columns to show, comma-separated, or 'all' (default: the ones a person needs; "
                        "jsonl, csv and xlsx always have every column)")
    p.add_argument("--wide", action="store_true",
                   help="print every cell whole, one line per row, instead of fitting the terminal's width")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="baocao",
        description="Read Vietnamese state reports (PDF with a text layer or scanned, DOCX, Word 97 .doc, "
                    ".xlsx, .xls, text): extract references, figures and dates, cross-check the numbers.",
        epilog="Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.",
    )
    parser.add_argument("--version", action="version", version=f"baocao {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("read", help="read reports and print the cleaned text or the Document as JSON",
                       description="Read each FILE (PDF, DOCX or text; a directory is searched for them) and "
                                   "print its cleaned text with page:line prefixes, a one-line summary, or the "
                                   "Document as JSON (one object per line).")
    p.add_argument("files", nargs="+", metavar="FILE", help="report files, or folders to search for them")
    p.add_argument("--format", "-f", choices=["text", "json", "summary"], default="text",
                   help="output format (default: text)")
    _long_run_options(p)
    p.set_defaults(func=cmd_read)

    p = sub.add_parser("extract", help="extract references, figures, statements and dates",
                       description="Extract items from each FILE.  --format table groups repeated mentions "
                                   "of one key (count, first page:line); jsonl and csv give one record per "
                                   "mention with the output contract's fields.")
    p.add_argument("files", nargs="+", metavar="FILE", help="report files, or folders to search for them")
    p.add_argument("--kinds", "-k", default="references",
                   help=f"comma-separated kinds to extract (available: {', '.join(KINDS)})")
    p.add_argument("--format", "-f", choices=["table", "jsonl", "csv", "xlsx", "spacy"], default="table",
                   help="table (default), jsonl, csv, xlsx (one sheet per kind; needs -o), or spacy (a spaCy "
                        "DocBin of every file with its REF/FIG/STMT/FINDING spans, whatever --kinds says; "
                        "needs -o and pip install 'baocao[nlp]')")
    p.add_argument("--output", "-o", metavar="FILE", help="output file (needed for xlsx and spacy)")
    _table_options(p)
    _long_run_options(p)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("check", help="check each report's numbers, dates and references; print findings",
                       description="Run the consistency rules over each FILE: parts against wholes, ranges, "
                                   "remainders, percentages against their counts, complements, table totals, "
                                   "dates and periods, references (see docs/rules.md).  One finding per "
                                   "problem: rule, severity, what was stated, what follows, the tolerance and "
                                   "where.  The run ends with its coverage on stderr: documents, statements "
                                   "found and checked, findings by severity.")
    p.add_argument("files", nargs="+", metavar="FILE", help="report files, or folders to search for them")
    p.add_argument("--format", "-f", choices=["table", "jsonl", "csv", "sarif"], default="table",
                   help="table (default: findings by place, messages wrapped), jsonl or csv (one finding "
                        "record per line, every field), sarif (SARIF 2.1.0 for code-scanning viewers)")
    p.add_argument("--fail-on", choices=["error", "warning", "note", "never"], default="error",
                   help="exit 1 when a finding at or above this severity is found (default: error)")
    p.add_argument("--select", metavar="RULES", help="only these rules (comma-separated ids or prefixes: NUM,DAT)")
    p.add_argument("--ignore", metavar="RULES", help="skip these rules (comma-separated ids or prefixes)")
    p.add_argument("--lang", choices=["vi", "en"], default="vi", help="language of messages (default: vi)")
    _table_options(p)
    _long_run_options(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("index", help="index reports into a searchable store (SQLite, or PostgreSQL)",
                       description="Read every report under PATH… (recursively, all cores) into the index: "
                                   "documents, references, figures, statements, findings, full text.  Unchanged files are skipped; "
                                   "a file that fails is recorded with its reason and the run goes on.")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="report files or folders (walked recursively); a path that does not exist is an error")
    p.add_argument("--db", default="baocao.db", help="index file or postgresql:// URL (default: baocao.db)")
    p.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    p.add_argument("--prune", action="store_true", help="drop indexed files that are gone")
    p.add_argument("--executor", default="local", metavar="local|inline|dask://HOST:PORT",
                   help="where files are read and extracted: a local process pool (default), inline (this "
                        "process), or the Dask cluster whose scheduler is at HOST:PORT (its workers read the "
                        "files, so they must see the same paths; needs baocao[dask])")
    p.add_argument("--stages", default=None, metavar="LIST",
                   help="what to extract, comma-separated (default: references,figures,statements,checks; "
                        "'references' gives a fast reference-only index)")
    p.add_argument("--retry-failed", action="store_true",
                   help="read again the files that failed in an earlier run though they did not change (without "
                        "it they are reported as still failing, and the exit code is 2 while any remain)")
    p.add_argument("--format", "-f", choices=["text", "json"], default="text",
                   help="the end-of-run summary as text (default) or as one JSON object")
    _long_run_options(p)
    p.add_argument("--file-seconds", type=float, metavar="S",
                   help="time budget of one file: past it the file is recorded as failed and the run goes on "
                        "(default 300, or BAOCAO_FILE_SECONDS)")
    p.add_argument("--worker-mb", type=int, metavar="MB",
                   help="memory budget of one worker process, on top of its ~50 MB at start (default 960, or "
                        "BAOCAO_WORKER_MB); other "
                        "budgets (characters, pages, figures, unpacked bytes) are set by BAOCAO_MAX_* variables")
    p.set_defaults(func=cmd_index)

    def query(name: str, help_: str):
        q = sub.add_parser(name, help=help_, description=help_)
        q.add_argument("--db", default="baocao.db", help="index file or postgresql:// URL (default: baocao.db)")
        q.add_argument("--format", "-f", choices=["table", "csv", "jsonl", "xlsx", "parquet"], default="table",
                       help="table (default: for people, fitted to the terminal), csv, jsonl, xlsx or parquet "
                            "(every column)")
        q.add_argument("--output", "-o", metavar="FILE", help="write to FILE (needed for xlsx, parquet)")
        _table_options(q)
        q.set_defaults(func=cmd_query)
        return q

    query("cites", "which indexed documents cite KEY (messy input accepted: 'nd 107/2020', "
                   "'QĐ 1149 BNV')").add_argument(
        "key", metavar="KEY", help="the cited document's number, as messy as typed ('nd 107/2020')")
    q = query("search", "full-text search; without diacritics it ignores them ('cai cach hanh chinh')")
    q.add_argument("text", metavar="TEXT", nargs="+",
                   help="words to find; \"a phrase\" in quotes, -word to exclude (baocao search -- \"-word\" or "
                        "a leading word: 'cai cach -tinh')")
    q.add_argument("--limit", type=int, default=20, help="at most this many hits, best first (default: 20)")
    q = query("refs", "most-cited documents in the index, with counts")
    q.add_argument("--issuer", metavar="CODE", help="issuer code or part of its name (BNV, 'Bộ Nội vụ'; "
                                                     "diacritics optional)")
    q.add_argument("--type", metavar="CODE", help="type code of the cited documents (NĐ, QĐ, TT; ND = NĐ)")
    q.add_argument("--year", type=int, help="year of the cited documents (from their number, else their date)")
    q.add_argument("--cited-by", metavar="PATTERN",
                   help="only citations by reports whose path or number matches (substring, or * and ? wildcards)")
    def rows_option(q: argparse.ArgumentParser) -> None:
        q.add_argument("--limit", dest="rows", type=int, metavar="N",
                       help=f"at most N rows, 0 for all (default: {TABLE_ROWS} in a table, the rest counted on "
                            "stderr; every row in csv, jsonl, xlsx, parquet)")

    q = query("findings", "findings stored in the index")
    rows_option(q)
    q.add_argument("--rule", metavar="ID", help="only this rule (NUM002, DAT001 …; see docs/rules.md)")
    q.add_argument("--severity", choices=["error", "warning", "note"], help="only findings of this severity")
    q = query("figures", "the same figure across reports (labels matched fuzzily); with --conflicts, figures "
                         "one body reports differently for one period")
    q.add_argument("--label", metavar="TEXT", help="what the figure is called (fuzzy, diacritics optional)")
    q.add_argument("--unit", metavar="U", help="unit (e.g. 'hồ sơ', '%%', 'ty dong')")
    q.add_argument("--period", metavar="Y", help="period of the report: 2024, 2024-03, 2021..2025 or START/END")
    q.add_argument("--issuer", metavar="NAME", help="words of the issuing body's name or of its parent's")
    q.add_argument("--conflicts", action="store_true",
                   help="only groups of figures (same body, period, unit, alike labels) whose values differ "
                        "between reports")
    q.add_argument("--threshold", type=float, metavar="N",
                   help="how alike labels must be, 0-100 (default: 80 for --label; 90 to group labels "
                        "with --conflicts)")
    rows_option(q)

    p = sub.add_parser("html", help="an annotated HTML page per report (references, figures, findings marked)",
                       description="Write one self-contained HTML page per FILE into DIR: the report's text with "
                                   "every reference, figure, statement and finding marked, the findings beside "
                                   "it with a link to their place, footnotes and tables.  No network is needed "
                                   "to open it.")
    p.add_argument("files", nargs="+", metavar="FILE", help="reports (PDF, DOCX, .doc, .xlsx, .xls, text) or folders "
                                                            "of them")
    p.add_argument("--output", "-o", metavar="DIR", help="folder for the pages (default: the current folder)")
    p.add_argument("--lang", choices=["vi", "en"], default="vi", help="language of the page (default: vi)")
    _long_run_options(p)
    p.set_defaults(func=cmd_html)

    p = sub.add_parser("serve", help="browse the index in a web browser (search, reports, who cites, findings)",
                       description="Serve the index read-only at http://127.0.0.1:PORT/: full-text search with "
                                   "facets, each report annotated, who cites a document, findings and figures "
                                   "across reports, CSV/XLSX downloads.  Only this computer can connect unless "
                                   "--host names another address.")
    p.add_argument("--db", default="baocao.db", help="index file or postgresql:// URL (default: baocao.db)")
    p.add_argument("--port", type=int, default=8765, help="port (default: 8765; 0 picks a free one)")
    p.add_argument("--host", default=None,
                   help="address to listen on (default: 127.0.0.1, this computer only); another address lets "
                        "other computers connect and must be given explicitly")
    p.add_argument("--lang", choices=["vi", "en"], default="vi", help="language of the pages (default: vi)")
    p.add_argument("--open", action="store_true", help="open the start page in the default browser")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("eval", help="precision/recall of extraction against the gold annotations",
                       description="Score extraction against the gold annotations, per document and overall: "
                                   "references (keys, attached dates, issuers, mentions), figures (values, "
                                   "units), statements (which figures each links: membership F1), dates "
                                   "(mentions, intervals) and headers (type, number, date, issuer, signer: "
                                   "accuracy per field on the tuning split, on the untuned test splits and on the project's own "
                                   "header documents in corpus/headers, split 'own'), figure context (is a number a "
                                   "figure; its value, unit, magnitude, counted phrase, label: corpus/gold/context), on the project's corpus/ gold and on the annotated "
                                   "real documents in ../shared/corpus when present.")
    p.add_argument("--kinds", "-k", default="references,figures,dates",
                   help=f"comma-separated (default: {','.join(EVAL_KINDS)})")
    p.add_argument("--misses", action="store_true", help="list every figure/statement miss")
    p.add_argument("--project", metavar="DIR", help="project directory holding corpus/ (default: this checkout)")
    p.add_argument("--shared", metavar="DIR", help="the real corpus (default: ../shared/corpus)")
    p.set_defaults(func=cmd_eval)
    return parser


def _search_words(argv: list[str]) -> list[str]:
    """``baocao search -cai`` (an excluded word) is a search, not an unknown option: a
    word after ``search`` that starts with one dash and is no option of ``search`` is kept
    as text (argparse takes an argument with a space for text already)."""
    if "search" not in argv:
        return argv
    at = argv.index("search")
    known = ("-f", "-o", "-h", "--")
    out = argv[:at + 1]
    for a in argv[at + 1:]:
        if a.startswith("-") and not a.startswith(known) and len(a) > 1 and not a[1:2].isdigit():
            a = " " + a  # not an option: argparse leaves an argument with a space alone
        out.append(a)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_search_words(list(sys.argv[1:] if argv is None else argv)))
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_INPUT
    stdout = sys.stdout
    if getattr(args, "format", "text") in HUMAN_FORMATS and not isinstance(stdout, _Neutralized):
        sys.stdout = _Neutralized(stdout)
    try:
        return int(args.func(args))
    except UsageError as exc:
        _err(str(exc))
        return EXIT_INPUT
    except KeyboardInterrupt as exc:
        _err(str(exc) or "interrupted")
        return 130
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        except OSError:
            pass
        return EXIT_OK
    except Exception as exc:  # last resort: one line, no traceback
        if os.environ.get("BAOCAO_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (set BAOCAO_DEBUG=1 for details)")
        return EXIT_INPUT
    finally:
        if isinstance(sys.stdout, _Neutralized):
            sys.stdout = stdout


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
