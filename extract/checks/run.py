"""Running the rules over one document: which rules run, in which order, and the
coverage that says how much was checked (a report with no findings and nothing checked
is not a clean report)."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from extract.checks import dates as _dates  # noqa: F401  (registers DAT rules)
from extract.checks import numbers as _numbers  # noqa: F401  (registers NUM and TAB rules)
from extract.checks import refs as _refs  # noqa: F401  (registers REF rules)
from extract.checks.engine import _CHECKS, implemented
from extract.checks.numbers import claimed_parts, same_kind
from extract.core import limits
from extract.core.model import DateMention, Document, Figure, Finding, Reference, Statement
from extract.core.rules import load_rules
from extract.find.extraction import Extraction
from extract.ingest.ocr import MIN_FIGURE_CONF
from extract.ingest.reader import document_from_text

__all__ = ["CheckReport", "check_document", "check_text", "checkable"]

_CHECKED_KINDS = {"parts", "range_parts", "remainder", "ratio", "table_total", "complement", "formula", "column_formula",
                  "distribution", "score", "unit", "sheet_formula", "row_relation", "fraction_parts",
                  "arithmetic"}


@dataclass
class CheckReport:
    """Findings of one document and the coverage behind them: a report with no
    findings and no statements checked is not a clean report."""

    findings: list[Finding]
    statements_found: int = 0
    statements_checked: int = 0
    references_checked: int = 0
    rules_run: tuple[str, ...] = ()
    #: the references the REF rules saw (footnote ones locate their findings: their
    #: offsets are into the note)
    refs: list[Reference] = field(default_factory=list)
    #: find stages that failed on this document (stage → reason)
    errors: dict[str, str] = field(default_factory=dict)
    #: statements no sensible reading could judge (a threshold taken for a share, …),
    #: left unflagged: silence there is not a clean bill
    ambiguous: int = 0


@limits.without_gc
def check_document(doc: Document | Extraction, *, select: Iterable[str] | None = None,
                   ignore: Iterable[str] | None = None, figures: list[Figure] | None = None,
                   statements: list[Statement] | None = None, refs: list[Reference] | None = None,
                   period: tuple[str, str] | None = None, ambiguous_notes: bool = False) -> CheckReport:
    """Run every rule (or the ``select``ed ones, minus ``ignore``) over one document,
    given as a :class:`Document` or as its :class:`Extraction` (whose stages are reused).
    Statements left unjudged as ambiguous are counted, and listed as notes only with
    ``ambiguous_notes``."""
    rules = load_rules()
    sel = {r.upper() for r in select or ()}
    ign = {r.upper() for r in ignore or ()}
    known = implemented()
    run = [rid for rid in sorted(rules) if rid in known
           and (not sel or rid in sel or rid[:3] in sel) and rid not in ign and rid[:3] not in ign]
    if isinstance(doc, Extraction):
        ctx = doc
    else:
        ctx = Extraction(doc, figures=figures, statements=statements, references=refs, period=period)
    findings: list[Finding] = []
    for ids, fn in _CHECKS:
        if any(rid in run for rid in ids):
            findings.extend(f for f in fn(ctx, rules) if f.rule in run)
    ambiguous = sum(1 for f in findings if f.ambiguous)
    if not ambiguous_notes:
        findings = [f for f in findings if not f.ambiguous]
    ocr_read = bool((ctx.doc.meta or {}).get("ocr"))
    _ocr_confidence(ctx.doc, findings, ctx.figures if ocr_read else (), ctx.dates if ocr_read else ())
    _realigned_tables(ctx, findings)
    findings = _one_rate_finding(findings)
    _place_unplaced(findings)
    findings.sort(key=lambda f: (f.start if f.start is not None else -1, f.rule))
    report = CheckReport(findings, rules_run=tuple(run), ambiguous=ambiguous)
    if any(r[:3] in ("NUM", "TAB") for r in run):
        stmts = ctx.statements
        report.statements_found = len(stmts)
        report.statements_checked = sum(1 for s in stmts if checkable(s, ctx.figures, ctx.doc.text))
    if any(r.startswith("REF") for r in run):
        report.references_checked = sum(1 for r in ctx.refs if r.kind == "numbered")
        report.refs = ctx.refs
    report.errors = dict(ctx.errors)
    return report


def _place_unplaced(findings: list[Finding]) -> None:
    """A finding whose own figure could not be found in the text (a table cell the
    reader did not place: offset -1) stands at the first of its figures that was, and
    where none was it is unplaced (None), never at a negative offset."""
    for f in findings:
        f.involved = [(role, a, b) for role, a, b in f.involved if a is not None and a >= 0]
        if f.start is None or f.start < 0:
            placed = [(a, b) for _role, a, b in f.involved]
            f.start, f.end = min(placed) if placed else (None, None)


def _ocr_confidence(doc: Document, findings: list[Finding], figures: Sequence[Figure] = (),
                    dates: Sequence[DateMention] = ()) -> None:
    """An error resting on a figure or a date that OCR read with low confidence is at
    most a warning: the digits may be misread, not the report wrong.  A figure's or a
    date's own confidence (``ocr_confidence``, its words') decides; a span that is
    neither with a known confidence falls back on its line (a word holding a digit read
    with low confidence there: ``meta["ocr"]["low_confidence_lines"]``)."""
    ocr = (doc.meta or {}).get("ocr") or {}
    if not ocr:
        return
    low = {tuple(x) for x in ocr.get("low_confidence_lines", ())}
    known = {d.start: d.ocr_confidence for d in dates if d.ocr_confidence is not None}
    known.update({f.start: f.ocr_confidence for f in figures if f.ocr_confidence is not None})
    known.update({f.number_start: f.ocr_confidence for f in figures
                  if f.ocr_confidence is not None and f.number_start})

    def doubtful(a: int) -> bool:
        conf = known.get(a)
        if conf is not None:
            return conf < MIN_FIGURE_CONF
        return doc.locate(a) in low

    for f in findings:
        if f.severity != "error":
            continue
        starts = [a for _role, a, _b in f.involved] or ([f.start] if f.start is not None else [])
        if any(doubtful(a) for a in starts):
            f.severity = "warning"
            f.message += " (số liệu đọc bằng OCR với độ tin cậy thấp)"
            if f.message_en:
                f.message_en += " (a figure read by OCR with low confidence)"


def _one_rate_finding(findings: list[Finding]) -> list[Finding]:
    """A "%" row holding 124 is one inconsistency: when NUM010 (a share of things above
    100 %) already names the cell, TAB006's finding on it is left out."""
    named = {(a, b) for f in findings if f.rule == "NUM010" for _role, a, b in f.involved}
    return [f for f in findings if not (f.rule == "TAB006" and f.involved
                                        and (f.involved[0][1], f.involved[0][2]) in named)]


def _realigned_tables(ctx: Extraction, findings: list[Finding]) -> None:
    """An error on the cells of a spreadsheet whose header row stood one column off its
    data (moved back by :func:`extract.find.tables._align_header`) is at most a warning:
    which column a value belongs to was inferred, not read."""
    tabs = set((ctx.doc.meta or {}).get("realigned_tables", ()))
    if not tabs:
        return
    cells = {(f.start, f.end) for f in ctx.figures if f.cell and f.table in tabs}
    for f in findings:
        if f.severity == "error" and any((a, b) in cells for _role, a, b in f.involved):
            f.severity = "warning"
            f.message += " (tiêu đề cột của bảng xuất lệch một cột so với số liệu: cột được suy ra)"
            if f.message_en:
                f.message_en += " (the export's header stood one column off its data: the column was inferred)"


def checkable(s: Statement, figs: Sequence[Figure], text: str | None = None) -> bool:
    """Whether a statement makes a claim the number rules can test (a comparison with
    an unstated base, "đạt 130% so với dự toán", does not).  With the document's
    ``text``, a parts statement counts only when the rules test it
    (:func:`extract.checks.numbers.claimed_parts`); without, when its parts count the
    whole's kind of thing."""
    if s.kind not in _CHECKED_KINDS:
        return False
    if s.kind in ("ratio", "score"):
        return s.numerator is not None and (s.denominator is not None or figs[s.numerator].kind == "fraction")
    if s.kind in ("parts", "range_parts", "table_total") and s.whole is not None:
        if text is not None:
            return claimed_parts(text, s, figs) is not None
        return s.kind == "table_total" or same_kind(figs[s.whole], [figs[i] for i in s.parts])
    return True


def check_text(text: str, *, title: str | None = None, doc_date: str | None = None,
               period: tuple[str, str] | None = None, select: Iterable[str] | None = None) -> CheckReport:
    """Check a piece of text as if it were a report's body — what the rule examples use."""
    doc = document_from_text(text, title=title, doc_date=doc_date)
    return check_document(doc, select=select, period=period)
