"""Consistency checks: the rule engine and one small function per rule.

The rules themselves — id, title, severity, explanations and messages in Vietnamese
and English, failing and passing examples — are data in ``rules/checks/*.yaml``; this
module holds what cannot be data: the arithmetic.  A rule function receives the
extracted figures, statements, dates and references of one document and yields
:class:`~extract.core.model.Finding` objects.

Why intervals: a report writes "19.314,870 tỷ đồng" or "90,90 %", and those digits
stand for every value that rounds to them.  A figure with ``d`` decimals is the
interval ``value ± ½·10⁻ᵈ`` (counts of people, documents and procedures are exact), and
a sum of parts agrees with its whole when the two intervals intersect — the approach of
XBRL Calculations 1.1.  Every finding states the tolerance that was used, so a reader
can see why 0,1 of difference is or is not an error.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, localcontext
from typing import Any

from extract.core.model import Figure, Finding
from extract.core.numbers import format_vi
from extract.core.rules import SEVERITIES, Rule, load_rules
from extract.find.extraction import Extraction

__all__ = ["Rule", "SEVERITIES", "load_rules", "check", "implemented", "Extraction", "Interval", "interval",
           "finding", "fig_text", "iter_sentences"]

#: what a rule function sees of one document (the pipeline's lazy extraction)
CheckContext = Extraction


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


def half_unit(f: Figure) -> Decimal:
    """Half of the last written digit, in the figure's own unit; zero for counts.

    Counts of things (people, documents, procedures) are exact whatever their
    precision; money, percentages and measures are rounded as written: "16.424 tỷ đồng"
    is 16.424 ± 0,5 tỷ đồng, "90,90 %" is 90,90 ± 0,005.  Whole points in a score table
    are exact (a section total one point off is a finding).
    """
    rounded = f.kind in ("percent", "money") or f.unit_kind in _ROUNDED_KINDS or f.precision > 0
    if not rounded:
        return Decimal(0)
    if f.unit_kind == "money" and not f.scale and f.precision == 0:
        return Decimal(0)  # "95.120.259.153 đồng" is written to the đồng
    if f.unit_kind == "score" and f.precision == 0 and f.in_table:
        return Decimal(0)  # whole points of a score table are awarded whole: 3 điểm is 3, not 2,5–3,5
    return Decimal(5).scaleb(-(f.precision + 1))


def interval(f: Figure, value: Decimal | None = None, *, scale_to: int | None = None) -> Interval:
    """The interval a figure's ``value`` (or the given end point) stands for, expressed
    in units of ``10**scale_to`` when given (so that triệu and tỷ đồng can be added)."""
    v = f.value if value is None else value
    h = half_unit(f)
    lo, hi = v - h, v + h
    if scale_to is not None and (f.scale or 0) != scale_to:
        k = Decimal(10) ** ((f.scale or 0) - scale_to)
        lo, hi = lo * k, hi * k
    return Interval(lo, hi)


def ends(f: Figure) -> tuple[Decimal, Decimal]:
    """(low, high) written end points of a figure; a point figure is its own range."""
    if f.kind == "range" and f.low is not None and f.high is not None:
        return f.low, f.high
    return f.value, f.value


def fmt(v: Decimal, precision: int | None = None) -> str:
    """A value the Vietnamese way; without a precision, a whole number loses the
    decimals arithmetic gave it (352 + 72 = 424, not 424,000)."""
    if precision is None and v == v.to_integral_value():
        with localcontext() as ctx:  # a 40-digit "number" (found by the fuzzer) is past the default 28
            ctx.prec = max(ctx.prec, v.adjusted() + 2)
            v = v.quantize(Decimal(1))
    return format_vi(v, precision)


def fig_text(f: Figure, *, paren: bool = False) -> str:
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


# --------------------------------------------------------------------------- registry


#: a rule function gets the context and every rule by id (one function may report
#: several rules: parts_of_whole reports NUM001–NUM003 and TAB001)
CheckFn = Callable[[CheckContext, dict[str, Rule]], Iterable[Finding]]
_CHECKS: list[tuple[tuple[str, ...], CheckFn]] = []


def check(*rule_ids: str) -> Callable[[CheckFn], CheckFn]:
    """Register a function as the implementation of the rule ids it may report (a
    function may report several; a rule may come from several functions)."""
    def deco(fn: CheckFn) -> CheckFn:
        _CHECKS.append((rule_ids, fn))
        return fn
    return deco


def implemented() -> set[str]:
    """Rule ids some registered function reports (the rule modules register on import
    of :mod:`extract.checks`)."""
    return {rid for ids, _fn in _CHECKS for rid in ids}


# --------------------------------------------------------------------------- helpers for rules


def finding(rule: Rule, *, start: int, end: int, stated: str, computed: str, tolerance: str | None,
            involved: Sequence[tuple[str, Figure]] = (), severity: str | None = None, reading: str | None = None,
            ambiguous: bool = False, **values: Any) -> Finding:
    """A Finding with both messages filled from the rule's templates; ``reading`` names
    one of the rule's ``params.readings`` (how the sentence was read, what was ruled out)."""
    values = {"stated": stated, "computed": computed, "tolerance": tolerance or "0", **values}
    said = said_en = None
    if reading is not None:
        said, said_en = reading_text(rule, reading, **values)
    return Finding(rule.id, severity or rule.severity, rule.message("vi", **values), stated=stated,
                   computed=computed, tolerance=tolerance, start=start, end=end,
                   message_en=rule.message("en", **values),
                   involved=[(role, f.start, f.end) for role, f in involved],
                   reading=said, reading_en=said_en, ambiguous=ambiguous)


def reading_text(rule: Rule, key: str, **values: Any) -> tuple[str, str]:
    """The sentence (Vietnamese, English) of one of a rule's readings (``params.readings``
    in its YAML, with the finding's values filled in)."""
    r = (rule.params.get("readings") or {})[key]
    return r["vi"].format(**values).strip(), r["en"].format(**values).strip()


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
