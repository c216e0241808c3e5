"""Vector charts of a text PDF, found from the page's drawing objects, kept out of the text.

A chart exported from Word or LibreOffice is drawn: bars, pie slices, markers and data
series are path objects, and its axis ticks, category names, legend and data labels are
short text lines set among them.  Read as text they land in the body as a run of
numbers and names ("0 500 1000 1500 Sở Nội vụ Sở Tài chính …") that later stages would
take for figures.  So, per page, from pdfium's path objects:

1. **marks** are the drawn shapes that are neither rules nor backgrounds: filled shapes
   thicker than a rule and smaller than :data:`MAX_MARK_AREA`, and stroked polylines
   that are not rectangles (line series);
2. marks closer than :data:`JOIN` points are one cluster; a cluster of at least
   :data:`MIN_MARKS` marks is a chart candidate, unless half of its marks hold a text
   line (shaded cells of a table hold their text; bars do not);
3. the chart's region is the smallest rectangle drawn around the cluster (the chart's
   frame or background) or, without one, the cluster widened by a label's reach on each
   side; the text lines in it are the chart's, when at least :data:`MIN_LABELS` of them
   are and most are short (labels, not prose); a long line counts only inside the
   cluster or a drawn frame;
4. the title is the chart's lines above its marks, or else a caption line beside the
   region ("Biểu đồ 1…", "Hình 2…"), which stays in the body.

The chart's lines are returned as :class:`~extract.core.model.Removed` of kind
``"chart"`` (its labels in ``text``, its title in ``caption``) and its region, so the
table finder can leave the chart's gridlines alone.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from extract.core.model import RawLine, Removed
from extract.ingest.pdf_source import DEFAULT_SETTINGS
from extract.ingest.pdf_tables import PagePaths, walk_page

__all__ = ["Chart", "find_charts"]

#: a drawn line thinner than this (points) is a rule, never a mark
RULE = 2.0
#: a filled shape larger than this (pt²) is a background or frame, never a mark
MAX_MARK_AREA = 30000.0
#: a drawn rectangle around the marks is the chart's frame when it is at most this many
#: times their area and at most MAX_FRAME_AREA (pt², half an A4 page: never a page border)
FRAME_SHARE = 10.0
MAX_FRAME_AREA = 250000.0
#: marks closer than this (points) belong to one chart; so do marks on one baseline (the
#: bars of a column chart, or of a bar chart on its left axis) up to four times as far apart
JOIN = 40.0
#: a chart has at least this many marks ...
MIN_MARKS = 3
#: ... and at least this many text lines among them
MIN_LABELS = 3
#: how far (points) labels reach out of the marks when no frame is drawn
REACH = (60.0, 45.0, 45.0, 40.0)  # left, below, right, above
#: a line of at most this many words is a label
SHORT_WORDS = 5
_CAPTION = re.compile(r"^(?:Biểu\s+đồ|Đồ\s+thị|Hình|Sơ\s+đồ)\b", re.I)
_NUMERIC = re.compile(r"^[\d\s.,%()\-–+/:]+$")
_TICK = re.compile(r"^[\d.,%\-–+]{1,12}$")


@dataclass
class Chart:
    page: int
    bbox: tuple[float, float, float, float]  # x0, y0, x1, y1, PDF user space (y up)
    lines: list[RawLine] = field(default_factory=list)
    title: str | None = None

    def removed(self) -> Removed:
        labels = " ".join(ln.text.strip() for ln in self.lines if ln.text.strip())
        first = self.lines[0].line if self.lines else 0
        return Removed("chart", labels, self.page, first, caption=self.title)


Box = tuple[float, float, float, float]


def _paths(shapes: list[tuple[float, float, float, float, int, int, bool]]) -> tuple[list[Box], list[Box]]:
    """(marks, frames) of a page from its visible paths thicker than :data:`RULE`
    (:attr:`~extract.ingest.pdf_tables.PagePaths.shapes`): see the module's docstring."""
    marks: list[Box] = []
    frames: list[Box] = []
    for x0, y0, x1, y1, filled, ns, rect in shapes:
        if filled:
            (frames if (x1 - x0) * (y1 - y0) > MAX_MARK_AREA else marks).append((x0, y0, x1, y1))
        elif rect:
            frames.append((x0, y0, x1, y1))  # a stroked rectangle: a border
        elif ns >= 3:
            marks.append((x0, y0, x1, y1))  # a polyline: a data series
    return marks, frames


def _clusters(boxes: list[Box]) -> list[list[Box]]:
    parent = list(range(len(boxes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(boxes)), key=lambda i: boxes[i][0])
    for a_i, a in enumerate(order):
        ax0, ay0, ax1, ay1 = boxes[a]
        for b in order[a_i + 1:]:
            bx0, by0, bx1, by1 = boxes[b]
            if bx0 > ax1 + 4 * JOIN:
                break
            near = bx0 <= ax1 + JOIN and by0 <= ay1 + JOIN and ay0 <= by1 + JOIN
            # bars of a column chart stand on one baseline, however wide the gaps between them
            row = abs(by0 - ay0) < 1.0 and bx0 <= ax1 + 4 * JOIN
            # ... and those of a bar chart start from one axis
            col = abs(bx0 - ax0) < 1.0 and by0 <= ay1 + 4 * JOIN and ay0 <= by1 + 4 * JOIN
            if near or row or col:
                ra, rb = find(a), find(b)
                if ra != rb:
                    parent[ra] = rb
    groups: dict[int, list[Box]] = {}
    for i in range(len(boxes)):
        groups.setdefault(find(i), []).append(boxes[i])
    return list(groups.values())


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _line_box(ln: RawLine) -> Box | None:
    if ln.x0 is None or ln.x1 is None or ln.top is None:
        return None
    size = ln.size or 10.0
    return (ln.x0, ln.top - size, max(ln.x1, ln.x0 + 1), ln.top)


def _center_in(lb: Box, box: Box, pad: float = 0.0) -> bool:
    cx, cy = (lb[0] + lb[2]) / 2, (lb[1] + lb[3]) / 2
    return box[0] - pad <= cx <= box[2] + pad and box[1] - pad <= cy <= box[3] + pad


def _inside(lb: Box, box: Box, pad: float = 2.0) -> bool:
    return lb[0] >= box[0] - pad and lb[2] <= box[2] + pad and lb[1] >= box[1] - pad and lb[3] <= box[3] + pad


def _short(text: str) -> bool:
    t = text.strip()
    return bool(_NUMERIC.match(t)) or len(t.split()) <= SHORT_WORDS


def find_charts(page_raw: Any, lines: list[RawLine], page: int,
                walk: Callable[[float], PagePaths] | None = None) -> list[Chart]:
    """The charts drawn on one page, each with the text lines (of ``lines``, the page's
    lines as the reader made them) that belong to it.  ``walk(thin)``: the page's walk
    over its objects (the reader's :func:`~extract.ingest.pdf_tables.page_paths`, which
    the table finder reuses); by default ``page_raw`` is walked here."""
    # a chart has an axis or data labels: numbers standing alone on their line.  A page
    # without three of them is not walked (walking a page's objects costs a ctypes call each)
    # (on a row of numbers only, as an axis's ticks are; a table's numbers share a row with its label)
    # (a horizontal axis is one line of numbers: "0 500 1000 1500")
    ticks = [(ln, len(toks)) for ln in lines if (toks := ln.text.split()) and all(_TICK.match(t) for t in toks)]
    if sum(n for _, n in ticks) < MIN_LABELS:
        return []
    numeric = {id(ln) for ln, _ in ticks}
    worded = {round(ln.top) for ln in lines if ln.top is not None and id(ln) not in numeric}
    alone = sum(n for ln, n in ticks if ln.top is None or round(ln.top) not in worded)
    if alone < MIN_LABELS:
        return []
    pp = walk(RULE) if walk is not None else walk_page(page_raw, DEFAULT_SETTINGS, RULE)
    marks, frames = _paths(pp.shapes or [])
    if len(marks) < MIN_MARKS:
        return []
    boxes = [(ln, b) for ln in lines if (b := _line_box(ln)) is not None and ln.text.strip()]
    charts: list[Chart] = []
    taken: set[int] = set()
    for group in _clusters(marks):
        if len(group) < MIN_MARKS:
            continue
        core = _union(group)
        # shaded table cells hold their own text; bars, slices and markers do not
        holding = sum(1 for m in group if any(_center_in(b, m) for _, b in boxes))
        if holding * 2 >= len(group):
            continue
        around = [f for f in frames if f[0] <= core[0] + 1 and f[1] <= core[1] + 1 and f[2] >= core[2] - 1
                  and f[3] >= core[3] - 1 and (f[2] - f[0]) * (f[3] - f[1]) <= min(
                      MAX_FRAME_AREA, FRAME_SHARE * max((core[2] - core[0]) * (core[3] - core[1]), 1.0))]
        if around:
            region = min(around, key=lambda f: (f[2] - f[0]) * (f[3] - f[1]))
            inner = region
        else:
            left, below, right, above = REACH
            region = (core[0] - left, core[1] - below, core[2] + right, core[3] + above)
            inner = core
        mine = [(ln, b) for ln, b in boxes if id(ln) not in taken
                and (_inside(b, inner) or (_center_in(b, region) and _short(ln.text)))]
        if len(mine) < MIN_LABELS or sum(_short(ln.text) for ln, _ in mine) < 0.7 * len(mine):
            continue
        chart = Chart(page, region, [ln for ln, _ in mine])
        above_marks = [ln for ln, b in mine if b[1] >= core[3] - 1 and not _NUMERIC.match(ln.text.strip())]
        title = " ".join(ln.text.strip() for ln in above_marks)
        chart.title = " ".join(unicodedata.normalize("NFC", title).split()) or _caption(boxes, region, taken, mine)
        taken.update(id(ln) for ln, _ in mine)
        charts.append(chart)
    return charts


def _caption(boxes: list[tuple[RawLine, Box]], region: Box, taken: set[int],
             mine: list[tuple[RawLine, Box]]) -> str | None:
    """A caption line just above or below the region ("Biểu đồ 1. …"): it stays in the body."""
    own = {id(ln) for ln, _ in mine} | taken
    best: tuple[float, str] | None = None
    for ln, b in boxes:
        if id(ln) in own or not _CAPTION.match(unicodedata.normalize("NFC", ln.text.strip())):
            continue
        gap = min(abs(b[1] - region[3]), abs(region[1] - b[3]))
        if gap <= 3 * (ln.size or 12) and (best is None or gap < best[0]):
            best = (gap, " ".join(unicodedata.normalize("NFC", ln.text).split()))
    return best[1] if best else None
