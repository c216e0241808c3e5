"""Number rules: parts of a whole, ranges, remainders, ratios, complements, table totals.

Each function reads the statements that :mod:`extract.find.statements` (and the table
extractor) found and tests the claim the text makes, by interval arithmetic (see
:mod:`extract.checks.engine`).  A partial list ("trong đó có …") only claims parts ≤ whole;
a complete one claims equality; a stated range is compared end point by end point.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from rapidfuzz import fuzz

from extract.checks.engine import (
    ZERO,
    CheckContext,
    Interval,
    Rule,
    check,
    ends,
    fig_text,
    finding,
    fmt,
    half_unit,
    interval,
    reading_text,
    tolerance_text,
    truncated,
)
from extract.core.model import Figure, Finding, Statement
from extract.core.numbers import parse_number_words
from extract.core.text import fold
from extract.find import sheet_formulas as _sheet_formulas
from extract.find.figures import family
from extract.find.row_relations import relation_holds
from extract.find.statements import COMMON_BASE, is_threshold


def _sum(figs: Sequence[Figure], scale: int, end: int | None = None) -> Interval:
    """Interval of the sum; ``end`` 0/1 picks the low/high written end of range parts."""
    total = ZERO
    for f in figs:
        v = None if end is None else ends(f)[end]
        total = total + interval(f, v, scale_to=scale)
    return total


def _unit(f: Figure) -> str | None:
    return f.unit


def _parts_text(parts: Sequence[Figure]) -> str:
    return " + ".join(fig_text(p, paren=True) for p in parts)


def same_kind(whole: Figure, parts: Sequence[Figure]) -> bool:
    """Whether the parts count the kind of thing the whole counts.  "51 Quyết định công
    bố TTHC; trong đó, công bố mới 109 thủ tục …" lists what the decisions are about,
    and "8.081 tàu cá (gồm: 8.081 chủ tàu, 1.016 thuyền trưởng …)" the crews of the
    boats: when the whole and every part carry a unit and no part is of the whole's unit
    family (rules/numbers.yaml groups units into families: nghị quyết and quyết định
    are văn bản, công chức and viên chức are people), the list is not a partition."""

    if not whole.unit and not any(p.unit for p in parts):
        return False  # "3.3 một số chi tiết …": bare numbers on both sides are numbering, not counts
    if not whole.unit or any(not p.unit for p in parts):
        return True
    fam = _scaleless_family(whole.unit)
    w = whole.unit.lower()

    def named_alike(u: str) -> bool:  # "500 hộ nghèo, trong đó 450 hộ …": one noun, once with its qualifier
        u = u.lower()
        return w.startswith(u + " ") or u.startswith(w + " ")
    return any(_scaleless_family(p.unit) == fam or named_alike(p.unit) for p in parts if p.unit)  # every part has one (above)


_SCALE_WORD = re.compile(r"^(?:nghìn|ngàn|triệu|tỷ|tỉ)\s+(?=\S)")


def _scaleless_family(unit: str) -> str:
    """The family of a unit without its scale word: 19 tỷ đồng and 9.000 triệu đồng are both đồng."""
    return family(_SCALE_WORD.sub("", unit.strip().lower()))


def effective_parts(text: str, s: Statement, whole: Figure, parts: list[Figure]) -> list[Figure]:
    """The parts a statement really claims.

    - "số máy trên 486 là 115 máy": a figure followed by "là" and the next figure is a
      threshold in the next part's label, not a part;
    - a partial list ("trong đó có 03 sinh viên; cử 188 cán bộ …") ends at the first ";"
      outside parentheses that does not lead straight into the next figure ("…; 1.130
      dịch vụ công …" goes on): what follows is the next sentence of the report.
    """
    out = []
    for k, p in enumerate(parts):
        nxt = parts[k + 1] if k + 1 < len(parts) else None
        if nxt is not None and re.fullmatch(r"\s+là\s+", text[p.end:nxt.start]):
            continue
        out.append(p)
    if s.complete or len(out) < 2:
        return out
    depth = 0
    for i in range(whole.end, out[-1].start):
        ch = text[i]
        depth += ch == "("
        depth -= ch == ")"
        if ch == ";" and depth <= 0 and not re.match(r"\s*(?:[-+•]\s*)?\d", text[i + 1:i + 8]):
            kept = [p for p in out if p.start < i]
            return kept or out
    return out


def closes_early(text: str, whole: Figure, parts: Sequence[Figure], scale: int) -> bool:
    """A list whose first k ≥ 2 parts already add up to the whole and then ends a
    clause: "744 văn bản của cấp tỉnh, trong đó hết hiệu lực 345 …, còn hiệu lực 378 …
    và sửa đổi 21 văn bản; cấp huyện 1.096 …" — the next level's figures were collected
    as parts too.  Without the ";" an equal prefix proves nothing ("04 công chức; 05
    viên chức và 01 lao động" against 10 must still be checked whole)."""
    w = interval(whole, scale_to=scale)
    total = ZERO
    for k, p in enumerate(parts[:-1]):
        total = total + interval(p, scale_to=scale)
        if k >= 1 and total.meets(w) and ";" in text[p.end:parts[k + 1].start]:
            return True
    return False


def changes_not_parts(text: str, whole: Figure, parts: Sequence[Figure], verbs: Sequence[str]) -> bool:
    """"1.593 đơn vị (thành lập mới 91 Trung tâm …, tổ chức lại 33 …)": items led by a
    verb of change list what happened to some of the units, not what the whole is made
    of — at most a partial list.  The verbs are data (NUM002.yaml, params.change_verbs)."""
    if not verbs:
        return False
    alt = "|".join(re.escape(v) for v in verbs)
    prev = whole.end
    for p in parts:
        lead = text[prev:p.start].lower()
        if not re.search(rf"(?:^|[\s(,;:])(?:{alt})\s+(?:\S+\s+){{0,2}}$", lead):
            return False
        prev = p.end
    return True


def other_reading(f: Figure) -> Figure | None:
    """The figure under the other separator convention when its writing is genuinely
    ambiguous ("3.850 triệu": 3 850 or 3,85), else None.  A document that mixes
    "50,000,000" and "34.000.000" decides such numbers by majority, and may be wrong;
    the caller asks only where the document's convention is not clearly Vietnamese."""

    m = re.fullmatch(r"([1-9]\d{0,2})([.,])(\d{3})", f.raw or "")
    if not m or f.kind not in ("number", "money") or (f.unit_kind == "count" and not f.scale):
        return None  # 305.712 hồ sơ: a count is never a decimal (3.850 triệu may be)
    head, tail = m.group(1), m.group(3)
    if f.precision == 0:  # read as thousands → the decimal reading
        return dataclasses.replace(f, value=Decimal(f"{head}.{tail}"), precision=3)
    return dataclasses.replace(f, value=Decimal(head + tail), precision=0)


def _conjunct_subject(text: str, whole: Figure, s: Statement) -> bool:
    """"22 mục tiêu chiến lược và danh mục triển khai thực tế gồm 54 nhiệm vụ": "gồm"
    lists the parts of the noun right before it, which is another conjunct than the
    whole."""
    if (s.cue or "").strip(" :") != "gồm":
        return False
    cue = text.lower().find("gồm", whole.end, s.end)
    return cue > 0 and re.search(r"\s(?:và|cùng)\s+[^\d,;()]+$", text[whole.end:cue]) is not None


def _parts_verdict(whole: Figure, parts: list[Figure], complete: bool) -> tuple[str, Interval, Interval, Interval] | None:
    """"exceeds" / "short" with the intervals compared, or None when consistent."""
    scale = whole.scale or 0
    w_hi = interval(whole, ends(whole)[1], scale_to=scale)
    w_lo = interval(whole, ends(whole)[0], scale_to=scale)
    lo, hi = _sum(parts, scale, 0), _sum(parts, scale, 1)
    if lo.lo > w_hi.hi:
        return "exceeds", w_hi, lo, hi
    if complete and hi.hi < w_lo.lo:
        return "short", w_hi, lo, hi
    return None


def _mid(iv: Interval) -> Decimal:
    return iv.lo + (iv.hi - iv.lo) / 2


def claimed_parts(text: str, s: Statement, figs: Sequence[Figure]) -> tuple[Figure, list[Figure]] | None:
    """The whole and the parts a parts, range or table-total statement claims, or None
    when its list is no partition of the whole (other kinds of things, a list that ran on
    into the next clause, "gồm" after another noun).  The rules and the coverage line
    both ask this, so "checked" counts exactly what the rules test."""
    if s.kind not in ("parts", "range_parts", "table_total") or s.whole is None or not s.parts:
        return None
    whole = figs[s.whole]
    parts = effective_parts(text, s, whole, [figs[i] for i in s.parts])
    if s.kind != "table_total" and (not same_kind(whole, parts) or closes_early(text, whole, parts, whole.scale or 0)
                                    or _conjunct_subject(text, whole, s)):
        return None
    return whole, parts


@check("NUM001", "NUM002", "NUM003", "TAB001")
def parts_of_whole(ctx: CheckContext, rules: dict[str, Rule]) -> Iterator[Finding]:
    """NUM001 parts exceed the whole; NUM002 a complete list falls short; NUM003 a stated
    range against the range its parts give; TAB001 the same claims for table totals."""
    figs = ctx.figures
    text = ctx.doc.text
    for s in ctx.statements:
        claim = claimed_parts(text, s, figs)
        if claim is None:
            continue
        whole, parts = claim
        table = s.kind == "table_total"
        inv = [("whole", whole)] + [("part", p) for p in parts]
        complete = s.complete and len(parts) >= 2  # one part alone never claims to be the whole
        if complete and not table and changes_not_parts(text, whole, parts, rules["NUM002"].params.get("change_verbs", ())):
            complete = False
        if whole.kind == "range" and complete:
            yield from _range_check(rules["NUM003"], s, whole, parts, inv)
            continue
        verdict = _parts_verdict(whole, parts, complete)
        if verdict is None:
            continue
        rescued = [name for name, alt in s.alternatives if (table or s.alternatives) and _parts_verdict(
            whole, [figs[i] for i in alt], complete or name == "first_children") is None]
        if rescued and set(rescued) == {"first_children"}:
            # an indicator's children by their numbering exceed it, its first children alone
            # make it: the most likely reading fails, another holds — a warning
            kind, w, lo, hi = verdict
            total = fmt(_mid(lo)) if lo == hi else f"{fmt(_mid(lo))} - {fmt(_mid(hi))}"
            yield finding(rules["TAB001"], start=s.start, end=s.end, stated=fig_text(whole),
                          computed=_parts_text(parts) + " = " + total,
                          tolerance=tolerance_text(w.hi - w.lo + hi.hi - hi.lo, _unit(whole)), involved=inv,
                          whole=fig_text(whole), parts=_parts_text(parts), severity="warning",
                          reading="first_children_only", tried="", tried_en="")
            continue
        if rescued:
            continue  # the total of its last block, or of its sections' subtotals: consistent
        blocks = [[figs[i] for i in alt] for name, alt in s.alternatives if name in _BLOCK_READINGS]
        if blocks:
            # a table in blocks: report the reading closest to its total (the sub-totals
            # of the blocks), not the rows and sub-totals counted twice; a list with an
            # item's figure in parentheses: with that item
            def off(ps: list[Figure]) -> Decimal:
                return abs(sum((p.value for p in ps), Decimal(0)) - whole.value)
            best = min(blocks, key=off)
            if off(best) < off(parts) and (v := _parts_verdict(whole, best, complete)) is not None:
                parts, verdict = best, v
                inv = [("whole", whole)] + [("part", p) for p in parts]
        if table and s.unsure and verdict[0] == "short":
            # the table may begin on an earlier page that was not joined to it: its total
            # adds blocks this part does not show — not judged on this part alone
            yield finding(rules["TAB001"], start=s.start, end=s.end, stated=fig_text(whole),
                          computed=_parts_text(parts), tolerance=None, involved=inv, severity="note",
                          ambiguous=True, whole=fig_text(whole), parts=_parts_text(parts),
                          reading=s.unsure, tried="", tried_en="")
            continue
        mixed = ctx.majority != "vi"
        alt_whole = other_reading(whole) if mixed else None
        alt_parts = [(other_reading(p) if mixed else None) or p for p in parts]
        if (alt_whole or alt_parts != parts) and any(
                _parts_verdict(w, ps, complete) is None
                for w, ps in ((alt_whole or whole, parts), (whole, alt_parts), (alt_whole or whole, alt_parts))):
            continue  # an ambiguous "3.850" read the other way makes the statement consistent
        if table and (alt_whole or alt_parts != parts):
            # every reading fails: report the one closest to its total (a column mixing
            # "825.000" and "3.848.400" is read in thousands throughout)
            def gap(w: Figure, ps: list[Figure]) -> Decimal:
                return abs(sum((p.value for p in ps), Decimal(0)) - w.value) / max(abs(w.value), Decimal(1))
            whole, parts = min(((whole, parts), (alt_whole or whole, alt_parts)), key=lambda c: gap(*c))
            inv = [("whole", whole)] + [("part", p) for p in parts]
            verdict = _parts_verdict(whole, parts, complete) or verdict
        kind, w, lo, hi = verdict
        if not table and kind == "exceeds" and _other_measure_agrees(whole, parts, complete):
            continue  # "5 tiêu chí và 20 tiêu chí thành phần": the items give two measures
        if not table and ((s.cue not in ("ledger", "outline", "outline (tổng số)") and _across_clauses(text, whole, parts)) or (
                kind == "exceeds" and len(parts) == 1 and parts[0].value > 2 * whole.value
                and "about" in (whole.qualifier, parts[0].qualifier))):
            # the list may belong to another quantity: "… 1 tỷ đồng); khác (trong đó: tổng 30 tỷ …)",
            # "thiếu khoảng 3 triệu tấn, trong đó năng lực … 15 triệu tấn" (trong đó: in that situation)
            yield finding(rules["NUM001" if kind == "exceeds" else "NUM002"], start=s.start, end=s.end,
                          stated=fig_text(whole), computed=_parts_text(parts), tolerance=None, involved=inv,
                          severity="note", ambiguous=True, whole=fig_text(whole), parts=_parts_text(parts))
            continue
        total = fmt(_mid(lo)) if lo == hi else f"{fmt(_mid(lo))} - {fmt(_mid(hi))}"
        rule = rules["TAB001"] if table else rules["NUM001" if kind == "exceeds" else "NUM002"]
        severity = reading = None
        extra: dict[str, Any] = {}  # template values for finding(**values) (str would clash with its bool keyword)
        if table and all(p.value == 0 for p in parts) and whole.value != 0:
            severity, reading = "warning", "details_empty"
        elif table and whole.value == 0 and any(p.value != 0 for p in parts):
            severity, reading = "warning", "total_empty"
        elif table:
            reading = _table_reading(s)
            if reading in ("indicator_form", "coded_form"):
                severity = "warning"  # the children may be stages or some breakdowns of the item
            tried = [reading_text(rule, "tried_" + name) for name, _ in s.alternatives]
            extra = {"tried": (" Cũng đã thử đọc " + "; ".join(v for v, _ in tried) + ": không khớp.") if tried else "",
                     "tried_en": (" Also tried: " + "; ".join(e for _, e in tried) + ": no match.") if tried else ""}
        elif not table and kind == "exceeds" and (s.cue or "").endswith("(đại lượng khác)"):
            severity, reading = "warning", "second_measure"  # the count may be of another scope than the amount's
        elif not table and kind == "exceeds" and s.cue == "trong đó (mệnh đề)":
            severity, reading = "warning", "clause"  # "trong đó" may mean "in that situation"
        elif not table and kind == "exceeds" and s.cue in ("outline", "outline (tổng số)"):
            # sub-items of a numbered item may be overlapping groups or other measures of it
            evidence = partition_evidence(text, s, whole, parts, rules["NUM002"].params)
            if evidence is None:
                severity, reading = "warning", "outline"
            else:
                reading = "any_list"
        elif not table and kind == "exceeds":
            reading = "any_list"
        elif not table and kind == "short":
            evidence = partition_evidence(text, s, whole, parts, rules["NUM002"].params)
            if evidence is None:
                severity, reading = "warning", "partial"
            else:
                reading, extra = "exhaustive", {"evidence": evidence}
        yield finding(rule, start=s.start, end=s.end, stated=fig_text(whole),
                      computed=_parts_text(parts) + " = " + total,
                      tolerance=tolerance_text(w.hi - w.lo + hi.hi - hi.lo, _unit(whole)), involved=inv,
                      whole=fig_text(whole), parts=_parts_text(parts), severity=severity, reading=reading, **extra)


#: readings of a table printed in blocks (find/tables.py), of a list with an item's figure
#: in parentheses (find/statements.py): the closest to the whole is the one reported
_BLOCK_READINGS = ("block_subtotals", "heading_subtotals", "leaf_rows", "earlier_pages", "parenthesised_item")


def _table_reading(s: Statement) -> str:
    """Which layout reading a table total was judged under (TAB001 ``params.readings``)."""
    cue = s.cue or ""
    if cue == "section":
        return "section_row"
    if cue == "parent":
        return "parent_row"
    if cue == "parent (indicator form)":
        return "indicator_form"
    if cue == "parent (coded form)":
        return "coded_form"
    if cue == "column group total":
        return "column_group"
    if cue == "column total":
        return "column_total"
    if cue == "table below":
        return "lead_in"
    return "total_row"


def partition_evidence(text: str, s: Statement, whole: Figure, parts: Sequence[Figure], params: dict[str, Any]) -> str | None:
    """Why a list of parts must be exhaustive, or None when it may name some parts only:
    the words before the parts name every term of a partition ("cấp tỉnh … cấp huyện …
    cấp xã", "đúng hạn … quá hạn"), the last part is a catch-all ("còn lại", "khác"), or
    the cue divides the whole ("chia ra").  The vocabularies are NUM002.yaml's params."""
    low = text.lower()
    leads = []
    # the total may come after its parts ("cấp tỉnh …, cấp xã …; tổng cộng X"): the first part's label before it
    prev = whole.end if whole.end <= parts[0].start else max(0, parts[0].start - 40)
    for p in parts:
        leads.append(low[prev:p.start])
        prev = p.end
    leads.append(low[prev:min(len(low), prev + 40)])  # the last part's noun may follow it
    joined = " | ".join(leads)

    def has(term: str) -> bool:
        return re.search(rf"(?<![^\W\d_]){re.escape(term)}(?![^\W\d_])", joined) is not None

    for group in params.get("partitions", []):
        if all(has(t) for t in group) and not any(
                has(o) and o != t and t in o for t in group for o in _longer_terms(group, params)):
            return ", ".join(group)
    last = leads[-2] + " " + leads[-1][:25]
    for word in params.get("catch_all", []):
        if re.search(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", last):
            return f"phần cuối là '{word}'"
    cue = (s.cue or "").lower().strip(" :")
    if any(cue == c or low[whole.end:parts[0].start].find(c) >= 0 for c in params.get("dividing_cues", [])):
        return f"'{cue}'"
    return None


def _longer_terms(group: Sequence[str], params: dict[str, Any]) -> list[str]:
    """Terms of other partitions that contain a term of this one ("không đạt" holds "đạt")."""
    return [t for g in params.get("partitions", []) if g is not group for t in g]


def _measure(f: Figure) -> str | None:
    m = f.counted or f.unit
    return " ".join(m.lower().split()) if m else None


def _other_measure_agrees(whole: Figure, parts: Sequence[Figure], complete: bool) -> bool:
    """Items that give two measures ("lĩnh vực thứ nhất có 2 tiêu chí và 8 tiêu chí thành
    phần"): when the parts count two things, the parts counting the whole's own thing may
    agree with it."""
    key = _measure(whole)
    if key is None or any(_measure(p) is None for p in parts):
        return False
    same = [p for p in parts if _measure(p) == key]
    if not same or len(same) == len(parts):
        return False
    return _parts_verdict(whole, same, complete) is None


#: a partition cue with its colon right after the break that ends the whole's clause
_CUE_AFTER_BREAK = re.compile(r"\s*(?:trong đó|bao gồm|gồm|cụ thể(?: như sau)?)\s*:", re.I)


def _across_clauses(text: str, whole: Figure, parts: Sequence[Figure]) -> bool:
    """Parts read after a break that closes the whole's clause: "… chưa thực hiện 1 tỷ
    đồng); kết quả khác đạt 99% (trong đó: tổng 30 tỷ …)" — the list belongs to another
    quantity of the next clause, whatever figure came last before it; and a list that
    names its own total ("tổng 30 tỷ, đã thực hiện …") is a ledger of its own."""
    gap = text[whole.end:parts[0].start]
    depth = 0
    for k, ch in enumerate(gap):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return True
        elif ch in ";." and depth == 0:
            if ch == "." and 0 < k < len(gap) - 1 and gap[k - 1].isdigit() and gap[k + 1].isdigit():
                continue  # "150.000 tỷ đồng": a thousands separator, no sentence end
            if _CUE_AFTER_BREAK.match(gap, k + 1):
                continue  # "… 1.405 đơn vị; gồm: + …", "… 398 triệu đồng. Trong đó: + …": the cue opens the whole's list
            return True
    return re.search(r"(?i)\btổng(?: số| cộng)?\s*:?\s*$", text[max(whole.end, parts[0].start - 20):parts[0].start]) is not None


def _range_check(rule: Rule, s: Statement, whole: Figure, parts: list[Figure], inv: list[tuple[str, Figure]]) -> Iterator[Finding]:
    scale = whole.scale or 0
    w_lo, w_hi = ends(whole)
    lo = _sum(parts, scale, 0)
    hi = _sum(parts, scale, 1)
    wl = interval(whole, w_lo, scale_to=scale)
    wh = interval(whole, w_hi, scale_to=scale)
    if lo.meets(wl) and hi.meets(wh):
        return
    comp = f"{fmt((lo.lo + lo.hi) / 2)} - {fmt((hi.lo + hi.hi) / 2)}"
    yield finding(rule, start=s.start, end=s.end, stated=fig_text(whole), computed=comp,
                  tolerance=tolerance_text(wl.hi - wl.lo + lo.hi - lo.lo, whole.unit), involved=inv,
                  whole=fig_text(whole), parts=_parts_text(parts))


@check("NUM004")
def remainder(ctx: CheckContext, rules: dict[str, Rule]) -> Iterator[Finding]:
    """"hoàn thành 144/147, còn 03": done + remaining = total.  A change between two stated
    values ("giảm 120 TTHC (từ 1.889 xuống còn 1.769)", cue "thay đổi") claims the larger
    value = the smaller + the change, within the rounding of each figure as written."""
    rule = rules["NUM004"]
    figs = ctx.figures
    for s in ctx.statements:
        if s.kind != "remainder" or s.whole_value is None or len(s.part_values) != 2:
            continue
        done, left = s.part_values
        total = s.whole_value
        if done + left == total:
            continue
        assert s.whole is not None  # a remainder names its whole
        inv = [("total", figs[s.whole])] + [("part", figs[i]) for i in s.parts if i != s.whole]
        tol = "0"
        if s.cue == "thay đổi":
            # a change between two stated values: each figure stands for its rounding interval
            a, b, c = figs[s.whole], figs[s.parts[0]], figs[s.parts[1]]
            got = interval(b) + interval(c)
            if got.meets(interval(a)):
                continue
            tol = tolerance_text(got.hi - got.lo + interval(a).hi - interval(a).lo, a.unit)
            reading = {"giảm": "decrease", "cao hơn": "above", "thấp hơn": "below"}.get(s.relation or "", "increase")
            yield finding(rule, start=s.start, end=s.end, stated=fmt(left), computed=fmt(total - done),
                          tolerance=tol, involved=inv, total=fmt(total), done=fmt(done), left=fmt(left),
                          reading=reading, old=fig_text(b if reading in ("increase", "above") else a),
                          new=fig_text(a if reading in ("increase", "above") else b), change=fig_text(c))
            continue
        yield finding(rule, start=s.start, end=s.end, stated=fmt(left), computed=fmt(total - done),
                      tolerance=tol, involved=inv, total=fmt(total), done=fmt(done), left=fmt(left))


def _ratio_operands(s: Statement, figs: Sequence[Figure]) -> tuple[Figure, Figure, Decimal, Decimal] | None:
    if s.numerator is None:
        return None
    nf = figs[s.numerator]
    if nf.kind == "fraction":
        if nf.numerator is None or nf.denominator is None:
            return None
        return nf, nf, nf.numerator, nf.denominator
    if s.denominator is None:
        return None
    df = figs[s.denominator]
    if df.kind == "fraction":
        assert df.denominator is not None  # a fraction has both terms
        return nf, df, nf.value, df.denominator
    return nf, df, nf.value, df.value


@check("NUM005", "NUM006", "NUM001")
def ratio(ctx: CheckContext, rules: dict[str, Rule]) -> Iterator[Finding]:
    """P% against a/b.  The stated percentage stands for ±½·10⁻ᵈ; a and b are counts
    (exact) or rounded money.  Outside the interval but equal to a/b truncated to the
    written decimals (50/55 = 90,909… written 90,90) is a warning (NUM006), else an
    error (NUM005).  "a trong tổng số b" with no percentage claims a ≤ b (NUM001)."""
    figs = ctx.figures
    for s in ctx.statements:
        if s.kind != "ratio":
            continue
        ops = _ratio_operands(s, figs)
        if ops is None:
            continue
        nf, df, a, b = ops
        inv = [("numerator", nf)] + ([("denominator", df)] if df is not nf else [])
        if s.percent is None:
            if a > b:
                yield finding(rules["NUM001"], start=s.start, end=s.end, stated=fmt(b), computed=fmt(a),
                              tolerance="0", involved=inv, whole=fmt(b), parts=fmt(a))
            continue
        if b == 0:
            continue
        pf = figs[s.percent]
        inv.append(("percent", pf))
        if is_threshold(pf):  # a band's bound or a condition, not the share: no claim to judge
            yield finding(rules["NUM005"], start=s.start, end=s.end, stated=fig_text(pf) + " %",
                          computed=f"{fmt(a)}/{fmt(b)}", tolerance=None, involved=inv, severity="note",
                          ambiguous=True)
            continue
        p = interval(pf)
        an = _operand(nf, a)
        bn = _operand(df, b, denominator=True)
        if bn.lo <= 0:
            continue
        c = Interval(an.lo * 100 / bn.hi, an.hi * 100 / bn.lo)
        exact = a * 100 / b
        growth = s.cue == "so với (Y)" and s.relation in ("tăng", "giảm")
        if growth:  # "95.000 người, tăng 5,6% so với cùng kỳ (89.962 người)": a/b - 1 = P %
            c = Interval(c.lo - 100, c.hi - 100) if s.relation == "tăng" else Interval(100 - c.hi, 100 - c.lo)
            exact = exact - 100 if s.relation == "tăng" else 100 - exact
        if c.meets(p):
            continue
        d = pf.precision
        shown = fmt(exact.quantize(Decimal(1).scaleb(-(d + 2))))
        tol = tolerance_text(p.hi - p.lo, "%") if p.hi > p.lo else "0"
        computed = f"{fmt(a)}/{fmt(b)} = {shown} %"
        if growth:
            computed = (f"{fmt(a)}/{fmt(b)} - 1 = {shown} %" if s.relation == "tăng"
                        else f"1 - {fmt(a)}/{fmt(b)} = {shown} %")
        if an.lo != an.hi or bn.lo != bn.hi:
            lo, hi = an.lo * 100 / bn.hi, an.hi * 100 / bn.lo
            computed += f" ({fmt(lo.quantize(Decimal(1).scaleb(-(d + 2))))} – {fmt(hi.quantize(Decimal(1).scaleb(-(d + 2))))} %)"
        reading = "share"
        extra: dict[str, Any] = {"counts": f"{fmt(a)}/{fmt(b)}"}  # template values for finding(**values)
        if s.cue == "a/b … ngưỡng … P%":
            assert s.numerator is not None  # a ratio with operands (_ratio_operands) names its numerator
            reading = "other_share"
            thr = next((g for g in figs[s.numerator + 1:s.percent] if is_threshold(g)), None)
            extra = {"threshold": thr.text if thr is not None else "", "counts": nf.text}
        if s.cue == "tỷ lệ (số liền trước)":
            # the base inferred as the count right before ("tiếp nhận 1.000 hồ sơ, đã giải quyết 950 hồ sơ,
            # đạt 95%"): the percentage may also be against a plan or another base — a warning
            yield finding(rules["NUM005"], start=s.start, end=s.end, stated=fig_text(pf) + " %",
                          computed=computed, tolerance=tol, involved=inv, severity="warning", reading="previous_base",
                          counts=f"{fmt(a)}/{fmt(b)}")
            continue
        if s.cue == "so với (Y)":
            # the base stated after a comparison ("đạt 7,5% kế hoạch năm (1.600.000 lao động)"): the
            # likely reading, not the only one (the figure may be another quantity): a warning
            yield finding(rules["NUM005"], start=s.start, end=s.end, stated=fig_text(pf) + " %",
                          computed=computed, tolerance=tol, involved=inv, severity="warning", reading="stated_base",
                          counts=f"{fmt(a)}/{fmt(b)}", relation=s.relation or "bằng", base=s.base or "")
            continue
        if truncated(exact, d) == pf.value and an.lo == an.hi:
            yield finding(rules["NUM006"], start=s.start, end=s.end, stated=fig_text(pf) + " %",
                          computed=computed, tolerance=tol, involved=inv,
                          rounded=fmt(exact.quantize(Decimal(1).scaleb(-d)), d) + " %")
        elif _adjusted_to_100(ctx.statements, figs, s, b, pf, exact):
            # "70/139 … chiếm 50%; 63/139 … chiếm 46%; 06/139 … chiếm 4%": the shares were nudged
            # to add up to 100 % (45,32 % shown as 46 %) — wrong, but another reading holds
            yield finding(rules["NUM005"], start=s.start, end=s.end, stated=fig_text(pf) + " %",
                          computed=computed, tolerance=tol, involved=inv, severity="warning",
                          reading="adjusted_to_100", **extra)
        else:
            yield finding(rules["NUM005"], start=s.start, end=s.end, stated=fig_text(pf) + " %",
                          computed=computed, tolerance=tol, involved=inv, reading=reading, **extra)


def _adjusted_to_100(stmts: Sequence[Statement], figs: Sequence[Figure], s: Statement, b: Decimal, pf: Figure,
                     exact: Decimal) -> bool:
    """Whether a share off by less than one unit of its last digit belongs to shares of one
    base whose counts add up to the base and whose stated shares add up to exactly 100 %:
    the writer rounded them to a total of 100 (largest remainder or by hand)."""
    unit = Decimal(1).scaleb(-pf.precision)
    if abs(exact - pf.value) >= unit:
        return False
    counts: list[Decimal] = []
    shares: list[Decimal] = []
    for t in stmts:
        if t.kind != "ratio" or t.percent is None or abs(t.start - s.start) > 1500:
            continue
        ops = _ratio_operands(t, figs)
        if ops is None or ops[3] != b:
            continue
        counts.append(ops[2])
        shares.append(figs[t.percent].value)
    return len(counts) >= 2 and sum(counts, Decimal(0)) == b and sum(shares, Decimal(0)) == 100


def _operand(f: Figure, v: Decimal, *, denominator: bool = False) -> Interval:
    """The interval a count of a ratio stands for.  A fraction's terms as written: "11,37/15"
    is 11,365–11,375 over 15 (a decimal numerator is rounded, an integer one exact)."""
    if f.kind != "fraction":
        return interval(f, v)
    written = f.denominator if denominator else f.numerator
    if written is None or written == written.to_integral_value():
        return Interval(v, v)
    exp = written.as_tuple().exponent
    d = -exp if isinstance(exp, int) else 0
    h = Decimal(5).scaleb(-(d + 1))
    return Interval(v - h, v + h)


# --------------------------------------------------------------------------- scores


def _index_interval(f: Figure) -> Interval:
    """The interval an index stands for: rounded to its last written digit, whatever its
    unit ("65,50" in a "Chỉ số" column is 65,495–65,505; "65" is 64,5–65,5)."""
    h = Decimal(5).scaleb(-(f.precision + 1))
    return Interval(f.value - h, f.value + h)


@check("TAB005")
def scores(ctx: CheckContext, rules: dict[str, Rule]) -> Iterator[Finding]:
    """TAB005: a criterion's score above its maximum, or an index that is not score /
    maximum × 100 (nor score / maximum, an index written as a ratio).  A maximum is
    exact (the scheme defines it); a score with decimals stands for the rounding of its
    last digit, whole points for themselves; the index for the rounding of its own."""
    rule = rules["TAB005"]
    figs = ctx.figures
    for s in ctx.statements:
        if s.kind != "score":
            continue
        ops = _ratio_operands(s, figs)
        if ops is None:
            continue
        nf, df, a, b = ops
        if b <= 0:
            continue
        an = _operand(nf, a)
        inv = [("numerator", nf)] + ([("denominator", df)] if df is not nf else [])
        shown = f"{fmt(a)}/{fmt(b)}"
        if an.lo > b:
            yield finding(rule, start=s.start, end=s.end, stated=shown, computed=f"{fmt(a)} > {fmt(b)}",
                          tolerance="0", involved=inv, reading="above_max", score=fmt(a), maximum=fmt(b))
            continue
        if s.percent is None:
            continue
        pf = figs[s.percent]
        inv.append(("percent", pf))
        p = _index_interval(pf)
        pct = Interval(an.lo * 100 / b, an.hi * 100 / b)
        if pct.meets(p) or Interval(an.lo / b, an.hi / b).meets(p):
            continue  # as a percentage, or as a ratio (0,655)
        d = pf.precision
        exact = a * 100 / b
        q = Decimal(1).scaleb(-(d + 2))
        computed = f"{shown} × 100 = {fmt(exact.quantize(q))}"
        if an.lo != an.hi:
            computed += f" ({fmt((an.lo * 100 / b).quantize(q))} – {fmt((an.hi * 100 / b).quantize(q))})"
        tol = tolerance_text(p.hi - p.lo, None)
        if an.lo == an.hi and truncated(exact, d) == pf.value:
            yield finding(rule, start=s.start, end=s.end, stated=fig_text(pf), computed=computed, tolerance=tol,
                          involved=inv, severity="warning", reading="truncated", score=fmt(a), maximum=fmt(b),
                          rounded=fmt(exact.quantize(Decimal(1).scaleb(-d)), d))
            continue
        yield finding(rule, start=s.start, end=s.end, stated=fig_text(pf), computed=computed, tolerance=tol,
                      involved=inv, reading="index", score=fmt(a), maximum=fmt(b))


@check("TAB006")
def rate_rows(ctx: CheckContext, rules: dict[str, Rule]) -> Iterator[Finding]:
    """TAB006: a "Tỷ lệ"/"%" row of a table holding what cannot be a share: a value
    above 100, or one of the counts of the rows under it."""
    rule = rules["TAB006"]
    figs = ctx.figures
    for s in ctx.statements:
        if s.kind != "unit" or s.whole is None:
            continue
        w = figs[s.whole]
        inv = [("whole", w)] + [("part", figs[i]) for i in s.parts]
        same = next((figs[i] for i in s.parts if figs[i].value == w.value), None)
        if w.value > 100:
            yield finding(rule, start=s.start, end=s.end, stated=fig_text(w), computed="> 100", tolerance=None,
                          involved=inv, reading="above_100", value=fig_text(w))
        elif same is not None:
            yield finding(rule, start=s.start, end=s.end, stated=fig_text(w), computed=f"= {same.label or ''}: {fig_text(same)}".strip(),
                          tolerance=None, involved=inv, reading="count", value=fig_text(w),
                          row=(same.label or "").strip() or "?")


# --------------------------------------------------------------------------- complements


@check("NUM007")
def complements(ctx: CheckContext, rules: dict[str, Rule]) -> Iterator[Finding]:
    """Percentages of one partition ("đúng hạn 99,1 %, trễ hạn 0,9 %") sum to 100 (the
    complement statements of :mod:`extract.find.statements`, groups in rules/numbers.yaml).
    A list of shares after "trong đó" closed by "và" may be of overlapping groups: a warning."""
    rule = rules["NUM007"]
    figs = ctx.figures
    for s in ctx.statements:
        if s.kind != "complement":
            continue
        parts = [figs[i] for i in s.parts]
        total = ZERO
        for p in parts:
            total = total + interval(p)
        if total.meets(Interval(Decimal(100), Decimal(100))):
            continue
        mid = (total.lo + total.hi) / 2
        shares = " + ".join(fig_text(p) for p in parts)
        yield finding(rule, start=s.start, end=s.end, stated="100 %", computed=f"{shares} = {fmt(mid)} %",
                      tolerance=tolerance_text(total.hi - total.lo, "%"), involved=[("part", p) for p in parts],
                      severity=None if s.complete else "warning", reading="partition" if s.complete else "list",
                      shares=shares)


# --------------------------------------------------------------------------- printed formulas


@check("TAB003")
def formulas(ctx: CheckContext, rules: dict[str, Rule]) -> Iterator[Finding]:
    """A form's row against the formula its label prints over row codes (blank = 0), or,
    where it prints none, against the rows coded under it (5311 → 53111 + 53112 …): a
    warning, as the form does not say they are all of it."""
    rule = rules["TAB003"]
    figs = ctx.figures
    for s in ctx.statements:
        if s.kind != "formula":
            continue
        whole = figs[s.whole] if s.whole is not None else None
        parts = [figs[i] for i in s.parts]
        total = ZERO
        for p, sign in zip(parts, s.signs, strict=True):
            iv = interval(p)
            total = total + (iv if sign > 0 else Interval(-iv.hi, -iv.lo))
        w = interval(whole) if whole is not None else ZERO
        if total.meets(w):
            continue
        implied = s.relation == "sub_codes"
        if implied and not s.complete and total.hi < w.lo:
            continue  # rows coded under it with no "other" row may be a selection of its parts
        terms = []
        for k, (p, sign) in enumerate(zip(parts, s.signs, strict=True)):
            terms.append(("" if k == 0 and sign > 0 else (" − " if sign < 0 else " + ")) + fig_text(p, paren=True))
        mid = _mid(total)
        computed = ("".join(terms) or "0") + f" = {fmt(mid)}"
        if s.blank:
            computed += f" ({s.blank} ô trống)"
        if whole is None or whole.value == 0:
            severity, reading = "warning", "total_empty"
        elif not parts:
            severity, reading = "warning", "details_empty"
        elif s.blank:
            severity, reading = "warning", "blank_terms"
        elif implied:
            severity, reading = "warning", "sub_codes"
        else:
            severity, reading = None, "formula"
        inv = ([("whole", whole)] if whole is not None else []) + [("part", p) for p in parts]
        yield finding(rule, start=s.start, end=s.end, stated=fig_text(whole) if whole is not None else "(trống)",
                      computed=computed, tolerance=tolerance_text(w.hi - w.lo + total.hi - total.lo, None),
                      involved=inv, severity=severity, reading=reading, formula=(s.cue or "").strip())


@check("TAB004")
def column_formulas(ctx: CheckContext, rules: dict[str, Rule]) -> Iterator[Finding]:
    """A cell against the formula its column's number prints ("8=7/4", "5=4-3")."""
    rule = rules["TAB004"]
    figs = ctx.figures
    for s in ctx.statements:
        if s.kind != "column_formula" or s.whole is None or len(s.parts) != 2:
            continue
        w, (x, y) = figs[s.whole], (figs[s.parts[0]], figs[s.parts[1]])
        stated = interval(w)
        a, b = interval(x), interval(y)
        op = s.relation or "/"
        if op == "/":
            if b.lo <= 0 or b.hi <= 0 or a.lo < 0:
                continue
            q = Interval(a.lo / b.hi, a.hi / b.lo)
            if q.meets(stated) or Interval(q.lo * 100, q.hi * 100).meets(stated):
                continue
            exact = x.value / y.value
            shown = f"{fmt(x.value)}/{fmt(y.value)} = {fmt(exact.quantize(Decimal('0.0001')))} (= {fmt((exact * 100).quantize(Decimal('0.01')))} %)"
            reading = "quotient"
        else:
            r = a + b if op == "+" else Interval(a.lo - b.hi, a.hi - b.lo)
            if r.meets(stated):
                continue
            exact = x.value + y.value if op == "+" else x.value - y.value
            shown = f"{fmt(x.value)} {'+' if op == '+' else '−'} {fmt(y.value)} = {fmt(exact)}"
            reading = "difference"
        yield finding(rule, start=s.start, end=s.end, stated=fig_text(w), computed=shown,
                      tolerance=tolerance_text(stated.hi - stated.lo, None),
                      involved=[("whole", w), ("part", x), ("part", y)], reading=reading, formula=s.cue or op)


@check("NUM008")
def impossible_percent(ctx: CheckContext, rules: dict[str, Rule]) -> Iterator[Finding]:
    """A "percentage" in the thousands: another quantity written with "%"."""
    rule = rules["NUM008"]
    limit = Decimal(str(rule.params.get("limit", 1000)))
    growth = "|".join(re.escape(w) for w in rule.params.get("growth_words", []))
    low = ctx.doc.text.lower()
    for f in ctx.figures:
        if f.kind != "percent" or f.value <= limit:
            continue
        if growth and re.search(rf"(?:{growth})\s*(?:lên|thêm|khoảng|là)?\s*$", low[max(0, f.start - 30):f.start]):
            continue
        if growth and f.cell and f.column and re.search(rf"(?:^|\W)(?:{growth}|% kỳ trước|so sánh)(?:\W|$)", f.column.lower()):
            continue  # a table column of growth ("tăng (%)", "So sánh (%)"): a small base grows by thousands of percent
        yield finding(rule, start=f.start, end=f.end, stated=fig_text(f) + " %", computed="> " + fmt(limit) + " %",
                      tolerance=None, involved=[("figure", f)])


@check("TAB002")
def formula_totals(ctx: CheckContext, rules: dict[str, Rule]) -> Iterator[Finding]:
    """TAB002: a spreadsheet cell whose formula is arithmetic over cells (``=SUM(C5:C9)``,
    ``=C5-C6``, ``=C5/C6*100``, ``=ROUND(…,2)``) shows a cached value that differs — beyond
    the rounding of its number format — from the formula recomputed from the cached
    values of its cells: the workbook was edited without recalculation, the value typed
    over, or a SUM skipped numbers stored as text that a reader sees and adds.  The cells
    of one column (or row) that share a formula and a verdict give one finding."""
    doc = ctx.doc
    entries = (getattr(doc, "meta", None) or {}).get("cell_formulas") or ()
    if not entries:
        return
    rule = rules["TAB002"]
    spans: dict[tuple[int, int, int], tuple[int, int]] = {}
    for seg in doc.segments:
        if seg.table is not None:
            a, b = spans.get(seg.table, (seg.start, seg.end))
            spans[seg.table] = (min(a, seg.start), max(b, seg.end))
    figs_at: dict[tuple[int, int, int], Figure] = {}
    for f in ctx.figures:
        if f.cell and f.table is not None and f.row is not None and f.col is not None:
            figs_at.setdefault((f.table, f.row, f.col), f)
    bad: list[tuple[dict[str, Any], Any]] = []
    for e in entries:
        v = _sheet_formulas.judge(e)
        if v is not None and v.reading is not None and (e["table"], e["row"], e["col"]) in spans:
            bad.append((e, v))
    for group in _formula_blocks(bad):
        e, v = group[0]
        a, b = spans[(e["table"], e["row"], e["col"])]
        while b > a and doc.text[b - 1] in "\n ":
            b -= 1
        involved: list[tuple[str, Figure]] = []
        seen: set[int] = set()
        for ge, _gv in group[:12]:
            w = figs_at.get((ge["table"], ge["row"], ge["col"]))
            if w is not None and id(w) not in seen:
                involved.append(("whole", w))
                seen.add(id(w))
            for addr, r in ge["refs"].items():
                p = figs_at.get((ge["table"], r[2], r[3])) if r[2] >= 0 else None
                if p is not None and id(p) not in seen:
                    involved.append(("part", p))
                    seen.add(id(p))
        cell = f"{e['sheet']}!{e['cell']}"
        if len(group) > 1:
            cell += f" (+{len(group) - 1}: {group[1][0]['cell']}" + (f" … {group[-1][0]['cell']}" if len(group) > 2 else "") + ")"
        fmt_code = e.get("fmt") or "General"
        stated, computed = _shown(v.cached, fmt_code), _shown(v.reader, fmt_code)
        reading = v.reading
        terms = ", ".join(v.text_cells[:4]) + (" …" if len(v.text_cells) > 4 else "")
        yield finding(rule, start=a, end=b, stated=stated, computed=f"{e['formula']} = {computed}",
                      tolerance=None if not v.tolerance else fmt(v.tolerance), involved=involved,
                      severity="warning" if reading == "inputs_empty" else None, reading=reading,
                      cell=cell, formula=e["formula"], terms=terms, n=len(group))


def _formula_blocks(bad: list[tuple[dict[str, Any], Any]]) -> list[list[tuple[dict[str, Any], Any]]]:
    """Failing formula cells in blocks: the cells of one column sharing a formula (written
    relative to each cell) and a reading, then what is left by row the same way."""
    def pattern(e: dict[str, Any]) -> str:
        return _sheet_formulas.r1c1(e["formula"], int(re.sub(r"\D", "", e["cell"])), _col_of(e["cell"]))

    by_col: dict[tuple, list] = {}
    for e, v in bad:
        by_col.setdefault((e["sheet"], e["table"], e["col"], pattern(e), v.reading), []).append((e, v))
    singles = [g[0] for g in by_col.values() if len(g) == 1]
    blocks = [g for g in by_col.values() if len(g) > 1]
    by_row: dict[tuple, list] = {}
    for e, v in singles:
        by_row.setdefault((e["sheet"], e["table"], e["row"], pattern(e), v.reading), []).append((e, v))
    blocks += list(by_row.values())
    blocks.sort(key=lambda g: (g[0][0]["table"], g[0][0]["row"], g[0][0]["col"]))
    return blocks


def _shown(v: Decimal, fmt_code: str) -> str:
    """A cell's value as the finding states it (a percent-formatted cell ×100, with " %")."""
    if "%" in fmt_code:
        return fmt(round(v * 100, 10).normalize()) + " %"
    return fmt(round(v, 10).normalize())


def _col_of(addr: str) -> int:
    n = 0
    for ch in re.match(r"[A-Z]+", addr).group(0):  # type: ignore[union-attr]
        n = n * 26 + ord(ch) - 64
    return n


# --------------------------------------------------------------------------- written calculations


@check("NUM012")
def arithmetic(ctx: CheckContext, rules: dict[str, Rule]) -> Iterator[Finding]:
    """A calculation written out ("185.000 USD - 75.000 USD = 110.000 USD", "40 người x 250
    triệu đồng = 10.000 triệu đồng"): the terms with their signs (or their product) against
    the result, each figure standing for its rounding interval."""
    rule = rules["NUM012"]
    figs = ctx.figures
    for s in ctx.statements:
        if s.kind != "arithmetic" or s.whole is None or len(s.signs) != len(s.parts) or len(s.parts) < 2:
            continue
        result = figs[s.whole]
        terms = [figs[i] for i in s.parts]
        product = s.cue == "×"
        if product:
            if any(t.value < 0 for t in terms):
                continue
            # in the result's scale: "40 người x 250 triệu đồng = 10.000 triệu đồng"
            lo = hi = Decimal(10) ** -(result.scale or 0)
            for t in terms:
                iv = interval(t, scale_to=0)
                lo, hi = lo * iv.lo, hi * iv.hi
            total = Interval(lo, hi)
        else:
            total = ZERO
            for t, sign in zip(terms, s.signs, strict=True):
                iv = interval(t, scale_to=result.scale or 0)
                total = total + (iv if sign > 0 else Interval(-iv.hi, -iv.lo))
        r = interval(result)
        if total.meets(r):
            continue
        expression = "".join(("" if k == 0 else (" × " if product else " + " if sign > 0 else " − ")) + fig_text(t)
                             for k, (t, sign) in enumerate(zip(terms, s.signs, strict=True)))
        yield finding(rule, start=s.start, end=s.end, stated=fig_text(result), computed=fmt(_mid(total)),
                      tolerance=tolerance_text((total.hi - total.lo + r.hi - r.lo).normalize(), _unit(result)),
                      involved=[("result", result)] + [("term", t) for t in terms], expression=expression)


# --------------------------------------------------------------------------- fractions of fractions


@check("NUM001")
def fraction_parts(ctx: CheckContext, rules: dict[str, Rule]) -> Iterator[Finding]:
    """A fraction broken down into fractions ("17.432/20.248 hồ sơ. Trong đó, cơ quan tổ chức:
    2.157/2.517, doanh nghiệp 15.275/17.731"): the groups' counts cannot exceed the whole's
    count, nor their bases the whole's base (statements of kind ``fraction_parts``)."""
    rule = rules["NUM001"]
    figs = ctx.figures
    for s in ctx.statements:
        if s.kind != "fraction_parts" or s.whole is None or len(s.parts) < 2:
            continue
        whole = figs[s.whole]
        parts = [figs[i] for i in s.parts]
        if whole.numerator is None or whole.denominator is None or any(
                p.numerator is None or p.denominator is None for p in parts):
            continue
        nums = sum((p.numerator or Decimal(0) for p in parts), Decimal(0))
        dens = sum((p.denominator or Decimal(0) for p in parts), Decimal(0))
        if nums <= whole.numerator and dens <= whole.denominator:
            continue
        which = [(t, " + ".join(fmt(v) for v in vs) + f" = {fmt(tot)}", w)
                 for t, vs, tot, w in (("num", [p.numerator or Decimal(0) for p in parts], nums, whole.numerator),
                                       ("den", [p.denominator or Decimal(0) for p in parts], dens, whole.denominator))
                 if tot > w]
        _t, computed, w = which[0]
        yield finding(rule, start=s.start, end=s.end, stated=fmt(w), computed=computed, tolerance="0",
                      involved=[("whole", whole)] + [("part", p) for p in parts], reading="fractions",
                      whole=fig_text(whole), parts=_parts_text(parts))


# --------------------------------------------------------------------------- distributions


@check("NUM009")
def distributions(ctx: CheckContext, rules: dict[str, Rule]) -> Iterator[Finding]:
    """Counts of one base by category ("Tốt 06/11, Khá 04/11, Trung bình 01/11"): the
    categories of a scale are disjoint, so the counts never exceed the base (an error
    under every reading); when every category of a closed scale is named they add up to
    it (an error); when the scale has categories left unnamed, a shortfall is a warning."""
    rule = rules["NUM009"]
    figs = ctx.figures
    for s in ctx.statements:
        if s.kind != "distribution" or s.whole_value is None or len(s.part_values) < 2:
            continue
        parts = [figs[i] for i in s.parts]
        if s.relation == "percent":  # shares of one whole: rounded, compared as intervals with 100 %
            iv = ZERO
            for f in parts:
                iv = iv + interval(f)
            base = Decimal(100)
            if iv.meets(Interval(base, base)):
                continue
            total = _mid(iv)
            computed = " + ".join(fig_text(f) for f in parts) + f" = {fmt(total)} %"
            over = iv.lo > base
            tol = tolerance_text(iv.hi - iv.lo, "%")
        else:
            base, total = s.whole_value, sum(s.part_values, Decimal(0))
            if total == base:
                continue
            computed = " + ".join(fmt(v) for v in s.part_values) + f" = {fmt(total)}"
            over = total > base
            tol = "0"
        severity = None
        if s.base == COMMON_BASE:
            reading = "partition"  # items with no named scale, taken as a partition for their shares
        elif over:
            reading = "disjoint"
        elif s.complete:
            reading = "exhaustive"
        else:
            severity, reading = "warning", "unnamed"
        yield finding(rule, start=s.start, end=s.end, stated=fmt(base) + (" %" if s.relation == "percent" else ""),
                      computed=computed, tolerance=tol, involved=[("part", f) for f in parts], severity=severity,
                      reading=reading, categories=s.cue or "")


# --------------------------------------------------------------------------- shares of things above 100 %


@check("NUM010")
def share_over_100(ctx: CheckContext, rules: dict[str, Rule]) -> Iterator[Finding]:
    """"Tỷ lệ hồ sơ … đạt 112,5%": a share of things above 100 % (not a comparison with a
    plan or an earlier period, not a growth, not a band's bound)."""
    rule = rules["NUM010"]
    nouns = "|".join(re.escape(str(w)) for w in sorted(rule.params.get("count_nouns", []), key=len, reverse=True))
    comp = "|".join(re.escape(str(w)) for w in rule.params.get("comparison_words", []))
    if not nouns:
        return
    label_re = re.compile(rf"(?<![^\W\d_])(?:tỷ|tỉ) lệ\s+(?:số\s+)?(?P<n>{nouns})(?![^\W\d_])")
    comp_re = re.compile(rf"(?<![^\W\d_])(?:{comp})(?![^\W\d_])") if comp else None
    row_re = re.compile(rf"(?<![^\W\d_])(?:tỷ|tỉ) lệ\s+(?:[^\W\d_]+\s+){{0,2}}?(?P<n>{nouns})(?![^\W\d_])")
    text = ctx.doc.text
    low = text.lower()
    for f in ctx.figures:
        if f.cell and f.kind in ("number", "percent") and not f.qualifier and 100 < interval(f).lo and f.value <= 1000:
            # a table row "Tỷ lệ UBND cấp xã đã hoàn thành … | % | 124": the row holds a count
            lab_low = (f.label or "").lower()
            head = (f.column or "").lower()
            row = row_re.search(lab_low)
            percent_row = f.kind == "percent" or (f.unit or "").strip() == "%" or "%" in head
            if (row and row.start() == 0 and percent_row and comp_re is not None
                    and not comp_re.search(lab_low) and not comp_re.search(head)):
                yield finding(rule, start=f.start, end=f.end, stated=fig_text(f) + " %", computed="≤ 100 %",
                              tolerance=None, involved=[("percent", f)], reading="row",
                              counted=(f.label or "")[row.start("n"):row.end("n")], row=(f.label or "")[:80])
            continue
        if f.kind != "percent" or f.cell or f.qualifier or interval(f).lo <= 100 or f.value > 1000:
            continue
        start = max(0, f.start - 150)
        cut = max(low.rfind(c, start, f.start) for c in ".;\n:")
        cut = max(cut, low.rfind("(", start, f.start))  # a parenthesis holds its own claim
        before = low[cut + 1:f.start] if cut >= 0 else low[start:f.start]
        labels = list(label_re.finditer(before))
        if not labels:
            continue
        lab = labels[-1]
        stop = [p for p in (low.find(c, f.end, f.end + 80) for c in ".;\n,(") if p >= 0]
        after = low[f.end:min(stop) if stop else f.end + 80]
        if comp_re is not None and (comp_re.search(before[lab.start():]) or comp_re.search(after)):
            continue
        counted = text[f.start - len(before) + lab.start("n"):f.start - len(before) + lab.end("n")]
        yield finding(rule, start=f.start - len(before) + lab.start(), end=f.end, stated=fig_text(f) + " %",
                      computed="≤ 100 %", tolerance=None, involved=[("percent", f)], reading="share", counted=counted)


# --------------------------------------------------------------------------- the same total stated twice


_MARKER = re.compile(r"^\s*([IVX]+[.)]|\d+(?:\.\d+)*[.)]|[a-zđ][.)]|-|\+|•)\s")


def _marker_level(line: str) -> int | None:
    """Depth of a line's list marker: I. → 0, 1. → 1, 1.1. → 2, a) → 3, - → 4, + → 5."""
    m = _MARKER.match(line)
    if not m:
        return None
    t = m.group(1)
    if re.match(r"[IVX]+[.)]", t):
        return 0
    if t[0].isdigit():
        return 1 + t.rstrip(".)").count(".")
    if t[0].isalpha():
        return 3
    return {"-": 4, "•": 4, "+": 5}[t]


def _parent_lines(text: str, pos: int, limit: int = 80) -> list[str]:
    """The headings a line sits under: going back, each earlier line whose list marker is
    shallower than the last one kept ("- Cấp xã: …" over "+ Số đơn vị …")."""
    start = text.rfind("\n", 0, pos) + 1
    want = _marker_level(text[start:start + 12])
    want = 6 if want is None else want
    out = []
    end = start - 1
    for _ in range(limit):
        if end <= 0 or want == 0:
            break
        s = text.rfind("\n", 0, end) + 1
        line = text[s:end]
        lv = _marker_level(line)
        if lv is not None and lv < want:
            out.append(line[:200])
            want = lv
        end = s - 1
    return out


def _alt(words: Sequence[Any]) -> str:
    return "|".join(re.escape(fold(str(w)).lower()) for w in sorted(words, key=len, reverse=True)) or "(?!)"


def _same_unit(a: str | None, b: str | None) -> bool:
    """Units that may name one thing: equal, one inside the other ("đơn vị" in "cơ quan,
    đơn vị"), of one family, or one of them unstated."""
    if not a or not b or a == b:
        return True
    if re.search(rf"(?<!\w){re.escape(a)}(?!\w)", b) or re.search(rf"(?<!\w){re.escape(b)}(?!\w)", a):
        return True
    fa = family(a)
    return fa is not None and fa == family(b)


def _place(doc: Any, f: Figure) -> tuple[str, str]:
    """Where a figure is, for a message: (Vietnamese, English)."""
    page, line = doc.locate(f.start)
    vi = ("bảng, " if f.cell else "") + (f"trang {page}, " if page else "") + f"dòng {line}"
    en = ("table, " if f.cell else "") + (f"page {page}, " if page else "") + f"line {line}"
    return vi, en


@check("NUM011")
def stated_twice(ctx: CheckContext, rules: dict[str, Rule]) -> Iterator[Finding]:
    """The same total ("Tổng số <thing>") stated twice with two values: in the narrative and
    in the report's own table, or in two sections.  Same counted phrase (after the filler
    words), same unit, the same scope words around both (label, sentence, headings or
    column); a warning naming both places.  In tables: two section rows of one name under two
    numbers (the ``same_row`` statements of :mod:`extract.find.tables`), column by column."""
    rule = rules["NUM011"]
    p = rule.params
    W = r"(?<![^\W\d_])(?:{})(?![^\W\d_])"
    total_re = re.compile(W.format(_alt(p.get("total_words", []))))
    filler_re = re.compile(W.format(_alt(p.get("filler", []))))
    scope_re = re.compile(W.format(_alt(p.get("scope_words", []))))
    filler_end = re.compile(r"\s(?:{})\s*$".format(_alt(p.get("filler", []))))
    sim = float(p.get("similarity", 95))
    min_words = int(p.get("min_words", 3))
    text = ctx.doc.text
    cands: list[tuple[Figure, str, frozenset[str], str | None, str]] = []
    for f in ctx.figures:
        if (f.kind not in ("number", "money") or (f.in_table and not f.cell) or not f.label or f.value < 10
                or f.qualifier):  # "từ 50 điểm": a bound, not a stated quantity
            continue
        lab = fold(f.label).lower()
        hits = list(total_re.finditer(lab))
        if not hits:
            continue
        m = hits[-1]
        phrase = filler_re.sub(" ", re.sub(r"\([^)]*\)", " ", lab[m.end():]))
        words = phrase.replace(":", " ").split()
        if len(words) < min_words or any(ch.isdigit() for ch in phrase):
            continue
        if f.cell:
            around = [lab, fold(f.column or "").lower()]
        else:
            a = max(text.rfind(c, 0, f.start) for c in ".;\n")
            around = [lab, fold(text[a + 1:f.start]).lower()] + [fold(x).lower() for x in _parent_lines(text, f.start)]
        scopes = frozenset(scope_re.findall(filler_re.sub(" ", " | ".join(around))))
        unit = " ".join(fold(f.unit).lower().split()) if f.unit else None
        what = f.label[m.start():].strip(" :")
        while (tail := filler_end.search(fold(what).lower())) is not None and tail.start() > 0:
            what = what[:tail.start()].rstrip(" :,")  # "Tổng số đơn vị … hiện" → "Tổng số đơn vị …"
        cands.append((f, " ".join(words), scopes, unit, what))
    figs = ctx.figures
    for s in ctx.statements:
        if s.kind != "same_row" or s.whole is None or not s.parts:
            continue
        f, g = figs[s.whole], figs[s.parts[0]]
        if interval(f).meets(interval(g)):
            continue
        here, there = _place(ctx.doc, f), _place(ctx.doc, g)
        what = re.sub(r"\s*\([^)]*\)", "", (f.label or s.text)).strip(" :,") + (f" — {s.cue}" if s.cue else "")
        yield finding(rule, start=s.start, end=s.end, stated=fig_text(f), computed=fig_text(g), tolerance=None,
                      involved=[("figure", f), ("figure", g)], reading="same_row", what=what,
                      other=fig_text(g), here_vi=here[0], here_en=here[1], there_vi=there[0], there_en=there[1])
    for a in range(len(cands)):
        f, pa, sa, ua, what = cands[a]
        for b in range(a + 1, len(cands)):
            g, pb, sb, ub, _w = cands[b]
            if f.cell and g.cell:
                continue  # two tables against each other: the table rules' business
            if sa != sb or not _same_unit(ua, ub) or interval(f).meets(interval(g)):
                continue
            if g.start - f.end < 200 or "\n" not in text[f.end:g.start]:
                continue  # one paragraph: a restatement of a part, not the same total
            if fuzz.token_sort_ratio(pa, pb) < sim:
                continue
            here, there = _place(ctx.doc, f), _place(ctx.doc, g)
            yield finding(rule, start=f.start, end=f.end, stated=fig_text(f), computed=fig_text(g), tolerance=None,
                          involved=[("figure", f), ("figure", g)], reading="same_quantity", what=what,
                          other=fig_text(g), here_vi=here[0], here_en=here[1], there_vi=there[0], there_en=there[1])


# --------------------------------------------------------------------------- row relations


_OPS = {"ratio": "{a} / {b}", "percent": "{a} / {b} × 100", "share_of_total": "{a} / {b} × 100",
        "share_of_sum": "{a} / Σ {b} × 100",
        "growth": "{a} / {b} × 100 − 100"}


@check("TAB007")
def row_relations(ctx: CheckContext, rules: dict[str, Rule]) -> Iterator[Finding]:
    """TAB007: a row breaking the relation its columns' headers state and the table's
    other rows keep ("Còn lại" = "Kế hoạch" − "Thực hiện"; "Tỷ lệ (%)" = a / b × 100).
    The relation is read from the headers and confirmed by the rows, not printed: a
    warning, and only where it held firmly (``Statement.complete``); elsewhere the row
    is left ambiguous (a note, counted in the coverage)."""
    rule = rules["TAB007"]
    figs = ctx.figures
    for s in ctx.statements:
        if s.kind != "row_relation" or s.whole is None or not s.relation:
            continue
        w = figs[s.whole]
        ops = [figs[i] for i in s.parts]
        if relation_holds(s.relation, w, ops, s.signs):
            continue
        inv = [("whole", w)] + [("part", f) for f in ops]
        if s.relation == "sum_or_mean":
            total = sum((f.value for f in ops), Decimal(0))
            computed = f"tổng/sum {fmt(total)}; trung bình/mean {fmt((total / len(ops)).quantize(Decimal('0.01')))}"
            width = 2 * half_unit(w)
        elif s.relation in ("sum", "difference"):
            got = sum((sg * f.value for sg, f in zip(s.signs, ops)), Decimal(0))
            terms = fmt(ops[0].value)
            for sg, f in zip(s.signs[1:], ops[1:]):
                terms += (" + " if sg > 0 else " − ") + fmt(f.value)
            computed = f"{terms} = {fmt(got)}"
            width = sum((2 * half_unit(f) for f in [w, *ops]), Decimal(0))
        else:
            a = ops[0]
            bv = sum((f.value for f in ops[1:]), Decimal(0)) if s.relation == "share_of_sum" else ops[1].value
            computed = _OPS[s.relation].format(a=fmt(a.value), b=fmt(bv)) + " = "
            if bv:
                q = a.value / bv * (1 if s.relation == "ratio" else 100) - (100 if s.relation == "growth" else 0)
                computed += fmt(q.quantize(Decimal("0.01")))
            else:  # a rate of a zero base: no rate at all (relation_holds says it fails)
                computed += "không xác định/undefined"
            width = 2 * half_unit(w)
        yield finding(rule, start=s.start, end=s.end, stated=fig_text(w), computed=computed,
                      tolerance=tolerance_text(width, None), involved=inv,
                      severity=None if s.complete else "note", ambiguous=not s.complete,
                      reading="inferred" if s.complete else "weak", formula=s.cue or s.relation)


#: a number's words right after it: "23 (hai mươi ba)", "5.769,7 triệu đồng (Năm tỷ … đồng)",
#: "226.081.000 Bằng chữ: (Hai trăm … đồng chẵn)", "500.000 đồng (bằng chữ: năm trăm nghìn đồng)"
_IN_WORDS = re.compile(r"(?:\s*(?=(?:số tiền\s+)?(?:viết\s+)?bằng chữ)|[ \t]*(?:[.,;:][ \t]*)?)(?:(?:số tiền[ \t]+)?(?:viết[ \t]+)?bằng chữ[ \t]*:?[ \t]*)?\([ \t]*"
                       r"(?:(?:số tiền[ \t]+)?(?:viết[ \t]+)?bằng chữ[ \t]*:?[ \t]*)?([^()\d\n]{1,200}?)[ \t]*\)", re.I)


def _words_value(words: str, unit_words: set[str], tail_ok: set[str]) -> tuple[int, int] | None:
    """The number that the words in parentheses spell, and how many numeral words it took;
    None unless the words are numerals followed only by unit words (the figure's own or
    ``tail_ok``).  "phẩy" (a decimal comma) is not read."""
    toks = [t for t in re.split(r"[\s,.;:/]+", words.lower()) if t]
    if not toks or "phẩy" in toks or "lẻ" in toks and toks.index("lẻ") == len(toks) - 1:
        return None
    k = len(toks)
    while k and parse_number_words(" ".join(toks[:k])) is None:
        k -= 1
    if not k or any(t not in unit_words and t not in tail_ok for t in toks[k:]):
        return None
    v = parse_number_words(" ".join(toks[:k]))
    return (v, k) if v is not None else None


@check("NUM013")
def digits_and_words(ctx: CheckContext, rules: dict[str, Rule]) -> Iterator[Finding]:
    """A number written in digits and then in words ("23 (hai mươi ba)", "… đồng (Bằng chữ:
    …)") states one quantity twice: the two must be equal."""
    rule = rules["NUM013"]
    tail_ok = {str(w).lower() for w in rule.params.get("tail_words", [])}
    ambiguous = {str(w).lower() for w in rule.params.get("ambiguous_alone", [])}
    text = ctx.doc.text
    for f in ctx.figures:
        if f.kind not in ("number", "money", "percent") or f.value < 0:
            continue
        nend = f.number_end or f.end
        unit_words = set(text[nend:f.end].lower().split())
        for at, values in ((nend, (f.value,)), (f.end, (f.value, f.value * Decimal(10) ** f.scale))):
            m = _IN_WORDS.match(text, at)
            if not m:
                continue
            got = _words_value(m.group(1), unit_words, tail_ok)
            if got is None:
                break
            v, k = got
            if any(x == v for x in values):
                break
            alt = other_reading(f)
            if alt is not None and any(x == v for x in (alt.value, alt.value * Decimal(10) ** f.scale)):
                break
            first = m.group(1).split()[0].lower()
            if k == 1 and first in ambiguous:
                break  # "10 (năm)": a unit in parentheses, not the number in words
            yield finding(rule, start=f.start, end=m.end(), stated=fig_text(f), computed=m.group(1).strip(),
                          tolerance=None, involved=[("figure", f)], words=m.group(1).strip(), spelled=fmt(Decimal(v)))
            break


# --------------------------------------------------------------------------- written arithmetic

#: where the left side of "= c" begins: an earlier "=", a colon, a line or sentence end, "là"
_EQ_LEFT_END = re.compile(r"[=:;\n|]|\.(?=\s)|(?<![^\W\d_])là(?![^\W\d_])")
_ARITH_OPS = {"+": "+", "-": "-", "–": "-", "−": "-", "x": "*", "×": "*", "*": "*", "(": "(", ")": ")", "[": "(", "]": ")"}


def _figure_interval(f: Figure, scaled: bool = True) -> Interval:
    """A figure's interval in base units (tỷ đồng → đồng; a percentage as a fraction);
    as written when not ``scaled``."""
    iv = interval(f)
    k = Decimal(10) ** (f.scale or 0) if scaled else Decimal(1)
    if f.kind == "percent":
        k = k / 100
    return Interval(iv.lo * k, iv.hi * k)


def _tokens(text: str, a: int, b: int, by_start: dict[int, Figure]) -> list[Any] | None:
    """Figures, operators and parentheses between a and b; None when anything else is there
    (a word other than at most two unit words right after a figure, a ruled fraction line)."""
    out: list[Any] = []
    i = a
    words_after_fig = 0
    while i < b:
        ch = text[i]
        f = by_start.get(i)
        if f is not None and f.kind in ("number", "money", "percent") and f.end <= b:
            if (f.unit or "").lower() in ("x", "×"):
                # "34.600 x 12%": the sign of the product was read as the figure's unit
                out.extend([dataclasses.replace(f, unit=None, base_unit=None, unit_kind=None), "*"])
            else:
                out.append(f)
            i, words_after_fig = f.end, 0
            continue
        if ch.isspace():
            i += 1
            continue
        if ch in _ARITH_OPS and not (ch == "x" and (text[i - 1:i].isalpha() or text[i + 1:i + 2].isalpha())):
            if ch in "-–−" and text[i + 1:i + 2] in ("-", "–", "−"):
                return None  # "-----": the line of a fraction drawn in text
            out.append(_ARITH_OPS[ch])
            i += 1
            continue
        m = re.match(r"[^\W\d_]+", text[i:b])
        if m and out and isinstance(out[-1], Figure) | (words_after_fig > 0) and words_after_fig < 2:
            words_after_fig += 1  # "11 USD lít": a unit word the figure did not take
            i += m.end()
            continue
        return None
    return out


def _evaluate(toks: list[Any], scaled: bool = True) -> tuple[Interval, list[Figure]] | None:
    """Sums and products of figure intervals (× binds tighter, parentheses); None when the
    tokens are no such expression or add a percentage to an amount."""
    pos = 0
    used: list[Figure] = []

    def atom() -> tuple[Interval, bool] | None:
        nonlocal pos
        if pos < len(toks) and toks[pos] == "(":
            pos += 1
            r = expr()
            if r is None or pos >= len(toks) or toks[pos] != ")":
                return None
            pos += 1
            return r
        if pos < len(toks) and isinstance(toks[pos], Figure):
            f = toks[pos]
            pos += 1
            used.append(f)
            return _figure_interval(f, scaled), f.kind == "percent"
        return None

    def term() -> tuple[Interval, bool] | None:
        nonlocal pos
        r = atom()
        while r is not None and pos < len(toks) and toks[pos] == "*":
            pos += 1
            q = atom()
            if q is None:
                return None
            ps = [r[0].lo * q[0].lo, r[0].lo * q[0].hi, r[0].hi * q[0].lo, r[0].hi * q[0].hi]
            r = (Interval(min(ps), max(ps)), r[1] and q[1])
        return r

    def expr() -> tuple[Interval, bool] | None:
        nonlocal pos
        r = term()
        while r is not None and pos < len(toks) and toks[pos] in ("+", "-"):
            op = toks[pos]
            pos += 1
            q = term()
            if q is None or q[1] != r[1]:
                return None  # "100 + 10%": a percentage added to an amount is no written sum
            r = (r[0] + q[0] if op == "+" else Interval(r[0].lo - q[0].hi, r[0].hi - q[0].lo), r[1])
        return r

    r = expr()
    if r is None or pos != len(toks) or r[1]:
        return None
    return r[0], used


@check("NUM015")
def written_arithmetic(ctx: CheckContext, rules: dict[str, Rule]) -> Iterator[Finding]:
    """A calculation written out in the text that is no plain chain of sums or of products
    (those are NUM012's): with percentages, brackets, or sums and products mixed ("320 triệu đồng - 200 triệu đồng = 120 triệu
    đồng", "(800 triệu đồng + 200 triệu đồng) x 32% = 320 triệu đồng"): the result must be
    what the figures before "=" give, within the rounding of each figure as written."""
    rule = rules["NUM015"]
    text = ctx.doc.text
    # plain chains of sums or of products are NUM012's (statements of kind "arithmetic")
    plain = {ctx.figures[s.whole].start for s in ctx.statements if s.kind == "arithmetic" and s.whole is not None}
    figs = [f for f in ctx.figures if not f.in_table]
    by_start = {f.start: f for f in figs}
    by_start.update({f.number_start: f for f in figs if f.number_start and f.number_start not in by_start})
    for eq in re.finditer(r"=", text):
        j = eq.end()
        while j < len(text) and text[j] in " \t":
            j += 1
        res = by_start.get(j)
        if res is None or res.kind not in ("number", "money") or res.in_table or res.start in plain:
            continue
        if re.match(r"\s*(?:[+\-–−x×*]|\.\s*[+\-–−x×*])\s*[\d(]", text[res.end:res.end + 12]):
            continue  # "= c - d = e": c alone is not the result
        lo = max(0, eq.start() - 200)
        ends = list(_EQ_LEFT_END.finditer(text, lo, eq.start()))
        a = ends[-1].end() if ends else lo
        if not ends and lo > 0:
            continue
        toks = _tokens(text, a, eq.start(), by_start)
        if not toks or sum(isinstance(t, Figure) for t in toks) < 2 or not any(t in ("+", "-", "*") for t in toks):
            continue
        # figures with no unit in a calculation whose result has one are in the result's
        # unit as written: "[5.200 - (34.600 x 12%)] x 25% = 262 triệu đồng"
        operands = [t for t in toks if isinstance(t, Figure)]
        scaled = any(f.unit for f in operands if f.kind != "percent")
        got = _evaluate(toks, scaled)
        if got is None:
            continue
        total, used = got
        units = {(f.base_unit or f.unit or "").lower() for f in [*used, res] if f.kind != "percent"} - {""}
        if len(units) > 1:
            continue
        stated = _figure_interval(res, scaled)
        if total.meets(stated):
            continue
        k = Decimal(10) ** (res.scale or 0) if scaled else Decimal(1)
        computed = fmt(((total.lo + total.hi) / 2 / k).normalize())
        yield finding(rule, start=min(f.start for f in used), end=res.end, stated=fig_text(res),
                      computed=computed, tolerance=tolerance_text((total.hi - total.lo + stated.hi - stated.lo) / k, res.unit),
                      involved=[("part", f) for f in used] + [("whole", res)],
                      expression=text[a:eq.start()].strip())


@check("NUM014")
def part_above_base(ctx: CheckContext, rules: dict[str, Rule]) -> Iterator[Finding]:
    """"a/b <things>" counts a of b things: a cannot exceed b ("131/144 cơ quan thống nhất",
    "15/21 nhiệm vụ hoàn thành")."""
    rule = rules["NUM014"]
    before = _alt(rule.params.get("not_after", []))
    not_units = {str(u).lower() for u in rule.params.get("not_units", [])}
    low = ctx.doc.text.lower()
    for f in ctx.figures:
        if (f.kind != "fraction" or f.in_table or f.numerator is None or f.denominator is None
                or f.unit_kind != "count" or f.precision or f.numerator <= f.denominator
                or f.numerator != int(f.numerator) or f.denominator != int(f.denominator)):
            continue
        if not f.unit or f.unit.lower().split()[0] in not_units:
            continue
        if before and re.search(rf"(?<![^\W\d_])(?:{before})\s*:?\s*$", low[max(0, f.start - 20):f.start]):
            continue  # "tại số 123/45 đường …": an address, not a count
        yield finding(rule, start=f.start, end=f.end, stated=f.raw or f.text,
                      computed=f"{fmt(f.numerator)} > {fmt(f.denominator)}", tolerance=None,
                      involved=[("figure", f)], counted=f.unit)
