"""Consistency checks: the rule engine and one small function per rule.

The rules themselves — id, title, severity, explanations and messages in Vietnamese
and English, failing and passing examples — are data in ``rules/checks/*.yaml``; this
module holds what cannot be data: the arithmetic.  A rule function receives the
extracted figures, statements, dates and references of one document and yields
:class:`~extract.model.Finding` objects.

Why intervals: a report writes "19.314,870 tỷ đồng" or "90,90 %", and those digits
stand for every value that rounds to them.  A figure with ``d`` decimals is the
interval ``value ± ½·10⁻ᵈ`` (counts of people, documents and procedures are exact), and
a sum of parts agrees with its whole when the two intervals intersect — the approach of
XBRL Calculations 1.1.  Every finding states the tolerance that was used, so a reader
can see why 0,1 of difference is or is not an error.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

from .model import Document, Finding
from .numbers import format_vi
from .rules import rules_dir

__all__ = ["Rule", "CheckReport", "load_rules", "check_document", "check_text", "Interval", "interval"]

SEVERITIES = ("error", "warning", "note")


# --------------------------------------------------------------------------- rule data


@dataclass(frozen=True)
class Rule:
    """One rule as written in ``rules/checks/<ID>.yaml``."""

    id: str
    title: str
    title_vi: str
    severity: str
    explanation_vi: str
    explanation_en: str
    message_vi: str
    message_en: str
    failing: tuple[dict[str, Any], ...]
    passing: tuple[dict[str, Any], ...]
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def message(self, lang: str = "vi", **values: Any) -> str:
        return (self.message_en if lang == "en" else self.message_vi).format(**values).strip()


@functools.lru_cache(maxsize=4)
def _load_rules(root: str) -> dict[str, Rule]:
    from pathlib import Path

    import yaml

    out: dict[str, Rule] = {}
    for p in sorted(Path(root, "checks").glob("*.yaml")):
        d = yaml.safe_load(p.read_text(encoding="utf-8"))
        if d.get("id") != p.stem:
            raise ValueError(f"{p}: id {d.get('id')!r} does not match the file name")
        out[d["id"]] = Rule(
            id=d["id"], title=d["title"], title_vi=d.get("title_vi", d["title"]), severity=d["severity"],
            explanation_vi=d["explanation_vi"], explanation_en=d["explanation_en"],
            message_vi=d.get("message_vi", ""), message_en=d.get("message_en", ""),
            failing=tuple(d.get("failing") or ()), passing=tuple(d.get("passing") or ()),
            params=d.get("params") or {},
        )
    return out


def load_rules() -> dict[str, Rule]:
    """All rules by id, loaded once per process."""
    return _load_rules(str(rules_dir()))


# --------------------------------------------------------------------------- intervals


@dataclass(frozen=True)
class Interval:
    """A closed interval of values a written figure may stand for."""

    lo: Decimal
    hi: Decimal

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def meets(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    @property
    def exact(self) -> bool:
        return self.lo == self.hi


ZERO = Interval(Decimal(0), Decimal(0))
_ROUNDED_KINDS = ("money", "percent", "score", "area", "length")


def half_unit(f: Any) -> Decimal:
    """Half of the last written digit, in the figure's own unit; zero for counts.

    Counts of things (people, documents, procedures) are exact whatever their
    precision; money, percentages and measures are rounded as written: "16.424 tỷ đồng"
    is 16.424 ± 0,5 tỷ đồng, "90,90 %" is 90,90 ± 0,005.
    """
    rounded = f.kind in ("percent", "money") or f.unit_kind in _ROUNDED_KINDS or f.precision > 0
    if not rounded:
        return Decimal(0)
    if f.unit_kind == "money" and not f.scale and f.precision == 0:
        return Decimal(0)  # "95.120.259.153 đồng" is written to the đồng
    return Decimal(5).scaleb(-(f.precision + 1))


def interval(f: Any, value: Decimal | None = None, *, scale_to: int | None = None) -> Interval:
    """The interval a figure's ``value`` (or the given end point) stands for, expressed
    in units of ``10**scale_to`` when given (so that triệu and tỷ đồng can be added)."""
    v = f.value if value is None else value
    h = half_unit(f)
    lo, hi = v - h, v + h
    if scale_to is not None and (f.scale or 0) != scale_to:
        k = Decimal(10) ** ((f.scale or 0) - scale_to)
        lo, hi = lo * k, hi * k
    return Interval(lo, hi)


def ends(f: Any) -> tuple[Decimal, Decimal]:
    """(low, high) written end points of a figure; a point figure is its own range."""
    if f.kind == "range" and f.low is not None and f.high is not None:
        return f.low, f.high
    return f.value, f.value


def fmt(v: Decimal, precision: int | None = None) -> str:
    """A value the Vietnamese way; without a precision, a whole number loses the
    decimals arithmetic gave it (352 + 72 = 424, not 424,000)."""
    if precision is None and v == v.to_integral_value():
        v = v.quantize(Decimal(1))
    return format_vi(v, precision)


def fig_text(f: Any, *, paren: bool = False) -> str:
    """A figure as written (normalised); a range in parentheses when it is one term of a sum."""
    lo, hi = ends(f)
    if lo != hi:
        return f"({fmt(lo)} - {fmt(hi)})" if paren else f"{fmt(lo)} - {fmt(hi)}"
    return fmt(f.value, f.precision)


def tolerance_text(width: Decimal, unit: str | None) -> str:
    """The tolerance of a comparison, from the total width of the intervals compared:
    "0" for exact counts, else "±half-width unit"."""
    if width == 0:
        return "0"
    return f"±{fmt(width / 2)}" + (f" {unit}" if unit else "")


# --------------------------------------------------------------------------- context


@dataclass
class CheckContext:
    """What the rules see for one document.  Extracted lazily: a run with
    ``--select REF001`` does not pay for figure extraction."""

    doc: Document
    period: tuple[str, str] | None = None
    _figures: list[Any] | None = None
    _statements: list[Any] | None = None
    _refs: list[Any] | None = None
    _dates: list[Any] | None = None

    @property
    def figures(self) -> list[Any]:
        if self._figures is None:
            from .figures import extract_figures

            self._figures = extract_figures(self.doc)
        return self._figures

    @property
    def statements(self) -> list[Any]:
        if self._statements is None:
            from .statements import extract_statements

            self._statements = extract_statements(self.doc, self.figures)
        return self._statements

    @property
    def refs(self) -> list[Any]:
        if self._refs is None:
            from .references import extract_from_document

            self._refs = extract_from_document(self.doc)
        return self._refs

    @property
    def majority(self) -> str | None:
        """The document's number convention ("vi", "en" or None when mixed/unknown)."""
        if "majority" not in self.__dict__:
            from .numbers import document_majority

            self.__dict__["majority"] = document_majority(self.doc.text)
        return self.__dict__["majority"]

    @property
    def dates(self) -> list[Any]:
        if self._dates is None:
            from .dates import extract_dates

            self._dates = extract_dates(self.doc.text, default_year=_year(self.doc.header.date))
        return self._dates


def _year(iso: str | None) -> int | None:
    return int(iso[:4]) if iso else None


@dataclass
class CheckReport:
    """Findings of one document and the coverage behind them: a report with no
    findings and no statements checked is not a clean report."""

    findings: list[Finding]
    statements_found: int = 0
    statements_checked: int = 0
    references_checked: int = 0
    rules_run: tuple[str, ...] = ()
    refs: list[Any] = field(default_factory=list)  # the references the REF rules saw (footnote ones locate
    #                                                their findings: their offsets are into the note)


#: a rule function gets the context and every rule by id (one function may report
#: several rules: parts_of_whole reports NUM001–NUM003 and TAB001)
CheckFn = Callable[[CheckContext, dict[str, Rule]], Iterable[Finding]]
_CHECKS: list[tuple[tuple[str, ...], CheckFn]] = []
_CHECKED_KINDS = {"parts", "range_parts", "remainder", "ratio", "table_total", "complement"}


def check(*rule_ids: str) -> Callable[[CheckFn], CheckFn]:
    """Register a function as the implementation of the rule ids it may report (a
    function may report several; a rule may come from several functions)."""
    def deco(fn: CheckFn) -> CheckFn:
        _CHECKS.append((rule_ids, fn))
        return fn
    return deco


def implemented() -> set[str]:
    _register_builtin()
    return {rid for ids, _fn in _CHECKS for rid in ids}


def _register_builtin() -> None:
    from . import checks_dates, checks_numbers, checks_refs  # noqa: F401  (they register themselves)


def check_document(doc: Document, *, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
                   figures: list[Any] | None = None, statements: list[Any] | None = None,
                   refs: list[Any] | None = None, period: tuple[str, str] | None = None) -> CheckReport:
    """Run every rule (or the ``select``ed ones, minus ``ignore``) over one document."""
    _register_builtin()
    rules = load_rules()
    sel = {r.upper() for r in select or ()}
    ign = {r.upper() for r in ignore or ()}
    known = implemented()
    run = [rid for rid in sorted(rules) if rid in known
           and (not sel or rid in sel or rid[:3] in sel) and rid not in ign and rid[:3] not in ign]
    if period is None:
        from .dates import report_period

        period = report_period(doc)
    ctx = CheckContext(doc, period, figures, statements, refs)
    findings: list[Finding] = []
    for ids, fn in _CHECKS:
        if any(rid in run for rid in ids):
            findings.extend(f for f in fn(ctx, rules) if f.rule in run)
    findings.sort(key=lambda f: (f.start if f.start is not None else -1, f.rule))
    report = CheckReport(findings, rules_run=tuple(run))
    if any(r[:3] in ("NUM", "TAB") for r in run):
        stmts = ctx.statements
        report.statements_found = len(stmts)
        report.statements_checked = sum(1 for s in stmts if checkable(s, ctx.figures, ctx.doc.text))
    if any(r.startswith("REF") for r in run):
        report.references_checked = sum(1 for r in ctx.refs if r.kind == "numbered")
        report.refs = ctx.refs
    return report


def checkable(s: Any, figs: Sequence[Any], text: str | None = None) -> bool:
    """Whether a statement makes a claim the number rules can test (a comparison with
    an unstated base, "đạt 130% so với dự toán", does not).  With the document's
    ``text``, a parts statement counts only when the rules test it
    (:func:`extract.checks_numbers.claimed_parts`); without, when its parts count the
    whole's kind of thing."""
    if s.kind not in _CHECKED_KINDS:
        return False
    if s.kind == "ratio":
        return s.numerator is not None and (s.denominator is not None or figs[s.numerator].kind == "fraction")
    if s.kind in ("parts", "range_parts", "table_total") and s.whole is not None:
        from .checks_numbers import claimed_parts, same_kind

        if text is not None:
            return claimed_parts(text, s, figs) is not None
        return s.kind == "table_total" or same_kind(figs[s.whole], [figs[i] for i in s.parts])
    return True


def check_text(text: str, *, title: str | None = None, doc_date: str | None = None,
               period: tuple[str, str] | None = None, select: Iterable[str] | None = None) -> CheckReport:
    """Check a piece of text as if it were a report's body — what the rule examples use."""
    from .reader import document_from_text

    doc = document_from_text(text, title=title, doc_date=doc_date)
    return check_document(doc, select=select, period=period)


# --------------------------------------------------------------------------- helpers for rules


def finding(rule: Rule, *, start: int, end: int, stated: str, computed: str, tolerance: str | None,
            involved: Sequence[tuple[str, Any]] = (), severity: str | None = None, **values: Any) -> Finding:
    """A Finding with both messages filled from the rule's templates."""
    values = {"stated": stated, "computed": computed, "tolerance": tolerance or "0", **values}
    return Finding(rule.id, severity or rule.severity, rule.message("vi", **values), stated=stated,
                   computed=computed, tolerance=tolerance, start=start, end=end,
                   message_en=rule.message("en", **values),
                   involved=[(role, f.start, f.end) for role, f in involved])


def truncated(value: Decimal, precision: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-precision), rounding=ROUND_DOWN)


def iter_sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of sentences and list items: split at ". ", ";", and line breaks."""
    pos = 0
    for m in re.finditer(r"(?<!\d)\.(?=\s)|;|\n", text):
        yield pos, m.end()
        pos = m.end()
    if pos < len(text):
        yield pos, len(text)
