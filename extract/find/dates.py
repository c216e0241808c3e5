"""Dates and periods in Vietnamese reports, each with the ISO interval it denotes.

Why intervals: the checks compare what a report says about time ("năm 2021" inside a
report on 2022, a deadline after the report's own date, a period that ends before it
starts), and those comparisons only work when "quý III năm 2022", "6 tháng đầu năm 2022"
and "20/12/2022" are all the same kind of thing - a first and a last day.

The written forms are data (``rules/dates.yaml``: one regex per form plus examples); this
module gives each form its meaning.  It also fills in what the text leaves implicit:

- a year-less mention ("tháng 02", "quý III", "ngày 30/5") takes the year of its range
  partner ("từ tháng 1 đến tháng 6 năm 2022"), else of the nearest earlier mention with a
  year in the same paragraph, else ``default_year`` or the report's own period, else the
  nearest earlier one anywhere, else the year of the report's date;
- a bounding word right before a mention ("từ", "đến", "trước", "sau") is its qualifier,
  and "từ X đến Y" adds one more mention for the whole span;
- a date that cannot exist (31/02/2022) is kept, ``valid=False``, with a note, because a
  reader must be told about it rather than have it silently dropped.

Years that are only part of a document number (``107/2020/NĐ-CP``), fractions (``144/147``)
and scores (``87.38/100``) are not mentions: every pattern needs a day and month with the
year, or a keyword ("năm", "tháng", "quý", "giai đoạn", "nhiệm kỳ").
"""
from __future__ import annotations

import bisect
import calendar
import datetime as _dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extract.core.model import DateMention
from extract.core.rules import load_yaml

if TYPE_CHECKING:  # pragma: no cover

    from extract.core.model import Document

__all__ = ["extract_dates", "patterns", "report_period"]

KINDS = ("date", "month", "quarter", "half", "year", "period", "term")


# ------------------------------------------------------------------ compiled patterns

@dataclass(frozen=True)
class _Pattern:
    id: str
    kind: str
    regex: re.Pattern[str]
    priority: int


@dataclass(frozen=True)
class _Compiled:
    patterns: tuple[_Pattern, ...]
    qualifier: re.Pattern[str]
    reference_before: re.Pattern[str]
    range_connector: re.Pattern[str]
    trigger: re.Pattern[str]
    number_words: dict[str, int]
    qualifier_map: dict[str, str]


_COMPILED: _Compiled | None = None  # built once per process from rules/dates.yaml


def _substitute(regex: str, blocks: dict[str, str]) -> str:
    """Expand {block} names (recursively); quantifier braces like {1,2} are left alone."""
    def rep(m: re.Match[str]) -> str:
        name = m.group(1)
        return f"(?:{_substitute(blocks[name], blocks)})" if name in blocks else m.group(0)

    return re.sub(r"\{([A-Za-z_]\w*)\}", rep, regex)


def _compile() -> _Compiled:
    data = load_yaml("dates.yaml")
    words = {str(k): int(v) for k, v in data["number_words"].items()}
    blocks = {b["id"]: b["regex"] for b in data["blocks"]}
    blocks["NUMBER_WORDS"] = "|".join(re.escape(w).replace(r"\ ", "[^\\S\\n]+")
                                      for w in sorted(words, key=len, reverse=True))
    flags_of = {b["id"]: (0 if b.get("case_sensitive") else re.IGNORECASE) for b in data["blocks"]}

    def block(name: str) -> re.Pattern[str]:
        return re.compile(_substitute(blocks[name], blocks), flags_of[name])

    pats = []
    for i, p in enumerate(data["patterns"]):
        flags = 0 if p.get("case_sensitive") else re.IGNORECASE
        pats.append(_Pattern(p["id"], p["kind"], re.compile(_substitute(p["regex"], blocks), flags), i))
    qmap: dict[str, str] = {}
    for q, forms in data["qualifiers"].items():
        for f in forms:
            qmap[" ".join(f.split()).lower()] = q
    return _Compiled(tuple(pats), block("qualifier"), block("reference_before"), block("range_connector"),
                     block("trigger"), words, qmap)


def patterns() -> _Compiled:
    """The compiled vocabulary (built on first use, then cached for the process)."""
    global _COMPILED
    if _COMPILED is None:
        _COMPILED = _compile()
    return _COMPILED


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_WS = re.compile(r"\s+")


# ------------------------------------------------------------------ interval helpers

def _iso(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _month_span(y: int, m1: int, m2: int) -> tuple[str, str]:
    return _iso(y, m1, 1), _iso(y, m2, _last_day(y, m2))


@dataclass
class _Cand:
    """A match before years are filled in: what the text fixes, and what it leaves open."""

    start: int
    end: int
    pid: str
    kind: str
    priority: int
    year: int | None = None  # written year (single-year forms)
    d: int | None = None
    m: int | None = None
    m2: int | None = None  # last month of a month span
    y1: int | None = None  # multi-year forms
    y2: int | None = None
    note: str | None = None
    qualifier: str | None = None
    q_start: int | None = None  # where the qualifier word starts
    is_reference_date: bool = False


def _num(s: str | None, words: dict[str, int]) -> int | None:
    if s is None:
        return None
    s = " ".join(s.split()).lower()
    if s.isdigit():
        return int(s)
    return words.get(s)


def _candidate(p: _Pattern, m: re.Match[str], words: dict[str, int]) -> _Cand | None:
    """Read one match's groups into a candidate; None when the numbers cannot be a date
    at all (month 13, day 32) - those are not dates written wrongly but not dates."""
    g = m.groupdict()
    s, e = (m.span("core") if g.get("core") is not None else m.span())
    c = _Cand(s, e, p.id, p.kind, p.priority)
    y = g.get("y") or g.get("y2") if p.id == "months_of_year" else g.get("y")
    c.year = int(y) if y else None
    if p.kind == "date":
        c.d, c.m = int(g["d"]), int(g["m"])
        if not (1 <= c.d <= 31 and 1 <= c.m <= 12):
            return None
        if g.get("bad"):
            c.note = f"year written with {len(g['bad'])} digits"
    elif p.kind == "month":
        c.m = c.m2 = int(g["m"])
        if not 1 <= c.m <= 12:
            return None
        if p.id == "month_blank_day":
            c.note = "day left blank"
    elif p.kind == "quarter":
        qs = g["q"].lower()
        q = _ROMAN.get(qs) or int(qs)
        c.m, c.m2 = 3 * q - 2, 3 * q
    elif p.kind in ("months", "half"):
        n = 6 if p.kind == "half" else _num(g.get("n"), words)
        if n is None or not 1 <= n <= 12:
            return None
        pos = (g.get("pos") or "đầu").lower()
        c.m, c.m2 = (1, n) if pos == "đầu" else (13 - n, 12)
        if n == 6:
            c.kind = "half"
        elif n == 3:
            c.kind = "quarter"
        elif n == 12:
            c.kind = "year"
        else:
            c.kind = "period"
    elif p.kind in ("period", "term"):
        c.y1, c.y2 = int(g["y1"]), int(g["y2"])
        if p.id == "bare_year_range" and not 0 < c.y2 - c.y1 <= 30:
            return None
    elif p.kind == "year":
        pass
    return c


_REACH = 100  # a mention is shorter than this, and its lookahead context too


def _windows(text: str, trigger: re.Pattern[str]) -> list[tuple[int, int]]:
    """Merged spans of ±_REACH characters around every trigger: every mention contains a
    trigger, so it lies wholly inside one span with room for its lookahead after it
    (lookbehinds see before a span's start anyway)."""
    out: list[list[int]] = []
    for m in trigger.finditer(text):
        a, b = max(0, m.start() - _REACH), min(len(text), m.end() + _REACH)
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _scan(text: str) -> list[_Cand]:
    """Every pattern's matches, overlaps resolved: the longer match wins, then the pattern
    listed first in the rules file."""
    comp = patterns()
    wins = _windows(text, comp.trigger)
    cands: list[_Cand] = []
    for p in comp.patterns:
        for a, b in wins:
            for m in p.regex.finditer(text, a, b):
                c = _candidate(p, m, comp.number_words)
                if c is not None:
                    cands.append(c)
    cands.sort(key=lambda c: (-(c.end - c.start), c.priority, c.start))
    taken: list[tuple[int, int]] = []  # sorted, non-overlapping
    kept: list[_Cand] = []
    for c in cands:
        i = bisect.bisect_left(taken, (c.start, c.end))
        if i > 0 and taken[i - 1][1] > c.start:
            continue
        if i < len(taken) and taken[i][0] < c.end:
            continue
        taken.insert(i, (c.start, c.end))
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept


def _context(text: str, cands: list[_Cand]) -> None:
    """Qualifier words and document numbers right before each mention."""
    comp = patterns()
    for c in cands:
        lo = max(0, c.start - 48)
        window = text[lo:c.start]
        q = comp.qualifier.search(window)
        if q:
            c.qualifier = comp.qualifier_map.get(" ".join(q.group("q").split()).lower())
            c.q_start = lo + q.start("q")
        if c.kind == "date" and comp.reference_before.search(window):
            c.is_reference_date = True


def _written_year(c: _Cand) -> int | None:
    """The single year a mention fixes by itself (anchors year-less mentions after it)."""
    if c.year is not None:
        return c.year
    if c.y1 is not None and c.y1 == c.y2:
        return c.y1
    return None


_NEWLINE = re.compile(r"\n")
_SENTENCE_END = re.compile(r"[.;:!?\n]")


def _needs_year(c: _Cand) -> bool:
    return c.y1 is None and c.year is None and not (c.note or "").startswith("year written")


def _interval(c: _Cand, year: int | None) -> tuple[str | None, str | None, bool, str | None]:
    """(start_date, end_date, valid, note) of a candidate once its year is known."""
    if c.kind in ("period", "term") and c.y1 is not None:
        s, e = _iso(c.y1, 1, 1), _iso(c.y2 or c.y1, 12, 31)
        if (c.y2 or c.y1) < c.y1:
            return s, e, False, "period ends before it starts"
        return s, e, True, c.note
    if c.note and c.note.startswith("year written with"):
        return None, None, False, c.note
    if year is None:
        return None, None, True, "year unknown"
    if c.kind == "date":
        try:
            d = _iso(year, c.m or 0, c.d or 0)
            _dt.date(year, c.m or 0, c.d or 0)
        except ValueError:
            return None, None, False, f"no such day: {c.d}/{c.m}/{year}"
        return d, d, True, c.note
    if c.kind == "year":
        return _iso(year, 1, 1), _iso(year, 12, 31), True, c.note
    s, e = _month_span(year, c.m or 1, c.m2 or c.m or 12)
    return s, e, True, c.note


def _pairs(text: str, cands: list[_Cand]) -> list[tuple[int, int]]:
    """Index pairs (i, j) of "từ X đến Y": X qualified "từ", Y the next mention, qualified
    "đến", and nothing between them but the connector."""
    comp = patterns()
    out = []
    for i in range(len(cands) - 1):
        a, b = cands[i], cands[i + 1]
        if a.qualifier == "từ" and b.qualifier == "đến" and comp.range_connector.search(text[a.end:b.start]):
            out.append((i, i + 1))
    return out


def _own_year(doc: Document) -> int | None:
    date = getattr(getattr(doc, "header", None), "date", None)
    return int(date[:4]) if date else None


def extract_dates(doc_or_text: Document | str, *, default_year: int | None = None) -> list[DateMention]:
    """Every date and period in a Document's text (or a plain string), in reading order.

    A "từ X đến Y" span is returned after its ends as one more mention (kind "period",
    pattern "range").  ``default_year`` is the year for year-less mentions with no dated
    mention before them in their paragraph; for a Document the report's own period
    (:func:`report_period`) serves when no default is given.
    """
    if isinstance(doc_or_text, str):
        text, doc = doc_or_text, None
    else:
        text, doc = doc_or_text.text, doc_or_text
    cands = _scan(text)
    if not cands:
        return []
    _context(text, cands)
    pairs = _pairs(text, cands)
    partner = {}
    for i, j in pairs:
        partner[i] = j
        partner[j] = i

    period_year: int | None = None
    if doc is not None:
        rp = report_period(doc)
        if rp and rp[0][:4] == rp[1][:4]:
            period_year = int(rp[0][:4])
    header_year = _own_year(doc) if doc is not None else None

    # paragraph of each offset
    nl = [m.start() for m in _NEWLINE.finditer(text)]

    def para(off: int) -> int:
        return bisect.bisect_right(nl, off)

    # Anchors for year-less mentions.  A day, month, quarter or half with its year written
    # anchors the rest of its paragraph; a bare "năm 2021" only the rest of its sentence
    # (years are named in passing - "chỉ số CCHC năm 2021" inside a list of 2022 months);
    # a cited document's issue date anchors nothing.
    years: list[int | None] = [None] * len(cands)
    sources: list[str | None] = [None] * len(cands)
    last_anchor: tuple[int, int, int] | None = None  # (paragraph, year, end): nearest earlier specific anchor
    last_year: tuple[int, int] | None = None  # (end offset, year): nearest earlier bare year
    last_any: int | None = None
    for i, c in enumerate(cands):
        wy = _written_year(c)
        if not _needs_year(c):
            years[i] = c.year
        else:
            y, src = None, None
            pj = partner.get(i)
            if pj is not None and _written_year(cands[pj]) is not None:
                y, src = _written_year(cands[pj]), "range"
            elif last_year is not None and (last_anchor is None or last_year[0] > last_anchor[2]) \
                    and not _SENTENCE_END.search(text, last_year[0], c.start):
                y, src = last_year[1], "sentence"
            elif last_anchor is not None and last_anchor[0] == para(c.start):
                y, src = last_anchor[1], "paragraph"
            elif default_year is not None:
                y, src = default_year, "default"
            elif period_year is not None:
                y, src = period_year, "period"
            elif last_anchor is not None:
                y, src = last_anchor[1], "text"
            elif last_any is not None:
                y, src = last_any, "text"
            elif header_year is not None:
                y, src = header_year, "header"
            years[i], sources[i] = y, src
        if wy is not None:
            last_any = wy
            if c.is_reference_date or c.pid == "range":
                pass
            elif c.kind == "year" and c.m is None:
                last_year = (c.end, wy)
            else:
                last_anchor = (para(c.start), wy, c.end)

    mentions: list[DateMention] = []
    for i, c in enumerate(cands):
        s, e, valid, note = _interval(c, years[i])
        mentions.append(DateMention(c.start, c.end, text[c.start:c.end], c.kind, s, e, c.qualifier, valid,
                                    note, c.pid, sources[i]))
    # a range whose borrowed year puts its end before its start crosses a new year:
    # "từ 15/12/2025 đến 15/01" ends in 2026, "từ 15/12 đến 15/01/2026" starts in 2025
    for i, j in pairs:
        a, b = mentions[i], mentions[j]
        if not (a.start_date and b.end_date and b.end_date < a.start_date):
            continue
        k, shift = (j, 1) if sources[j] == "range" else (i, -1) if sources[i] == "range" else (None, 0)
        yk = years[k] if k is not None else None
        if k is not None and yk is not None:
            s, e, valid, note = _interval(cands[k], yk + shift)
            mk = mentions[k]
            mk.start_date, mk.end_date, mk.valid, mk.note = s, e, valid, note
    out = list(mentions)
    for i, j in pairs:
        a, b, ca = mentions[i], mentions[j], cands[i]
        qs = ca.q_start if ca.q_start is not None else a.start
        valid = a.valid and b.valid and a.start_date is not None and b.end_date is not None
        note = None
        if not (a.valid and b.valid):
            note = "an end of the range cannot exist"
        elif a.start_date is None or b.end_date is None:
            note = "year unknown"
        elif b.end_date < a.start_date:
            valid, note = False, "period ends before it starts"
        out.append(DateMention(qs, b.end, text[qs:b.end], "period", a.start_date, b.end_date, None, valid,
                               note, "range", a.year_from or b.year_from))
    out.sort(key=lambda m: (m.start, -m.end))
    return out


def report_period(doc: Document | str) -> tuple[str, str] | None:
    """The period the report is about, from its title: "Báo cáo … năm 2022" →
    ("2022-01-01", "2022-12-31"); "quý I năm 2026", "6 tháng đầu năm 2025", "tháng 10 năm
    2025", "giai đoạn 2021-2025".

    The first mention in the title wins ("… năm 2022 và nhiệm vụ năm 2023" is about 2022),
    except the issue date of a document the title names and a bound ("đến năm 2030").  A
    year-less quarter or month takes the year of the report's own date, a year earlier when
    that would put the period after the date (a "quý IV" report dated in January).
    """
    title: str | None
    own: str | None
    if isinstance(doc, str):
        title, own = doc, None
    else:
        title = doc.header.title
        own = doc.header.date
    if not title:
        return None
    own_year = int(own[:4]) if own else None
    t = " ".join(title.split())
    for m in extract_dates(t, default_year=own_year):
        if m.qualifier in ("đến", "trước", "sau") or m.start_date is None or m.end_date is None:
            continue
        if m.kind == "date" and patterns().reference_before.search(t[max(0, m.start - 48):m.start]):
            continue
        s, e = m.start_date, m.end_date
        if m.year_from is not None and own and s > own and m.kind != "date":
            yr = int(s[:4]) - 1  # month spans only: they start on day 1 and end on a month's last day
            s = f"{yr}{s[4:]}"
            e = _iso(yr, int(e[5:7]), _last_day(yr, int(e[5:7])))
        return s, e
    return None
