"""Date and period rules: a reversed period (DAT002), a day that does not exist
(DAT003), and a figure reported as this period's result but dated to another year
(DAT001).

DAT001 is a warning, not an error, because reports legitimately quote last year's
results ("Chỉ số CCHC năm 2021 … đạt 87,38 điểm" is published in the 2022 report).
What makes the other year suspicious is an *estimate* cue: a past year's result is
final, so "Tổng chi ngân sách địa phương năm 2021 ước đạt …" in the report on 2022 is
almost always the current year mistyped.  The cues are data in DAT001.yaml.
"""
from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator

from extract.checks.engine import CheckContext, Rule, check, fig_text, finding, iter_sentences
from extract.core.model import Finding


@check("DAT002", "DAT003")
def impossible_dates(ctx: CheckContext, rules: dict[str, Rule]) -> Iterator[Finding]:
    for m in ctx.dates:
        if m.valid or not m.note:
            continue
        if m.note.startswith("period ends before"):
            yield finding(rules["DAT002"], start=m.start, end=m.end, stated=m.text,
                          computed=f"{m.start_date} > {m.end_date}", tolerance=None)
        elif m.note.startswith("no such day") and not _in_reference(ctx, m.start):
            yield finding(rules["DAT003"], start=m.start, end=m.end, stated=m.text,
                          computed=m.note.split(":", 1)[-1].strip(), tolerance=None)


def _in_reference(ctx: CheckContext, pos: int) -> bool:
    """The issue date of a cited document: REF002 reports it, with the document's key."""
    return any(r.start <= pos < r.end for r in ctx.refs if not r.footnote)


@check("DAT001")
def other_year(ctx: CheckContext, rules: dict[str, Rule]) -> Iterator[Finding]:
    rule = rules["DAT001"]
    if ctx.period is None:
        return
    p0, p1 = int(ctx.period[0][:4]), int(ctx.period[1][:4])
    text = ctx.doc.text
    low = text.lower()
    pats = _dat001_patterns(tuple(rule.params["estimate_cues"]), tuple(rule.params["comparison_words"]))
    # years before the period, not a comparison base; estimate cues — each found once
    years = [m for m in pats[0].finditer(low) if int(m.group(1)) < p0 and not pats[2].search(low, max(0, m.start() - 20), m.start())]
    if not years:
        return
    cue_pos = [m.start() for m in pats[1].finditer(low)]
    starts = [m.start() for m in years]
    sentences = list(iter_sentences(text))
    j = 0
    flagged: set[int] = set()
    for f in ctx.figures:
        if f.kind not in ("number", "money") or f.in_table:
            continue
        while j < len(sentences) and sentences[j][1] <= f.start:
            j += 1
        if j >= len(sentences):
            break
        a = sentences[j][0]
        k = bisect.bisect_left(starts, f.start) - 1  # the last year mention before the figure …
        if k < 0 or starts[k] < a:
            continue  # … in the same sentence
        ym = years[k]
        c = bisect.bisect_left(cue_pos, ym.end())
        if c >= len(cue_pos) or cue_pos[c] >= f.start or ym.start() in flagged:
            continue  # no estimate cue between the year and the figure
        flagged.add(ym.start())  # one finding per year mention, on its first figure
        y = int(ym.group(1))
        yield finding(rule, start=ym.start(), end=f.end, stated=f"năm {y}",
                      computed=f"{p0}" if p0 == p1 else f"{p0}-{p1}", tolerance=None,
                      involved=[("figure", f)], figure=fig_text(f) + (f" {f.unit}" if f.unit else ""),
                      year=y, period=ctx.period[0][:4] if p0 == p1 else f"{p0}-{p1}")


@functools.lru_cache(maxsize=4)
def _dat001_patterns(cues: tuple[str, ...], comparison: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """(year mention, estimate cue, comparison word right before a year) — compiled once.
    "so với năm 2021", "cùng kỳ năm 2021" name a comparison base, not the period."""
    return (re.compile(r"\bnăm (\d{4})\b"),
            re.compile(rf"\b(?:{'|'.join(re.escape(c) for c in cues)})\b"),
            re.compile(rf"(?:{'|'.join(re.escape(c) for c in comparison)})\s*$"))
