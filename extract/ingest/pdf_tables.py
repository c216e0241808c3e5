"""Ruled tables of a text PDF, found with pdfium only.

pdfplumber's table finder parses every page with pdfminer (a few pages per second);
reports set their tables with ruling lines, and pdfium lists a page's path objects in
milliseconds.  So a page is looked at only when it holds path objects, its ruling
lines are collected from those paths (a thin filled rectangle is a line; a stroked
rectangle gives its four sides), snapped and joined, and a table is a connected set of
horizontal and vertical rules.  The grid is the distinct rule positions; two grid
cells are one merged cell when no rule separates them.  Characters are placed in
cells by their boxes, one pdfium text line at a time (a line that lies inside one
cell costs two box queries; only lines that cross cells are split character by
character).  Each cell keeps its text pieces with the page's line number as the
reader counts lines (the one iterator :func:`extract.ingest.pdf_source.numbered_lines`),
so that :mod:`extract.find.tables` can find every piece in the document text.

The table finder is called lazily by :mod:`extract.find.tables`, never by the reader,
so ``baocao read`` does not pay for it; it takes the pages the reader left loaded from
the document's :class:`~extract.ingest.pdf_source.PdfSource` instead of opening the file
again.  The one walk over a page's objects (:func:`page_paths`) serves the reader's chart
finder (:mod:`extract.ingest.pdf_charts`) as well: a page the reader walked for a chart
(those with an axis's numbers, most table pages too) is not walked again, and a page
whose walk finds no table is not loaded again.  Its tolerances are fields of
:class:`~extract.ingest.pdf_source.PdfSettings`.

Public API::

    find_tables(source_or_path, pages=None, settings=None) -> list[PdfTable]
"""
from __future__ import annotations

import bisect
import ctypes
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from extract.ingest.pdf_source import DEFAULT_SETTINGS, PdfSettings, PdfSource, handle, numbered_lines, pdfium_calls

__all__ = ["PagePaths", "PdfCell", "PdfTable", "find_tables", "is_rect", "page_paths", "shrunk_settings", "walk_page"]


@dataclass
class PdfCell:
    """One (merged) cell: grid position and span, box in PDF user space (y up), and
    its text pieces ``(line, text, x0, top)`` in reading order, ``line`` being the
    page's line number as the reader counts it."""

    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    bbox: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # x0, y0, x1, y1
    pieces: list[tuple[int, str, float, float]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(p[1] for p in self.pieces)


@dataclass
class PdfTable:
    page: int  # 1-based
    bbox: tuple[float, float, float, float]
    xs: list[float]  # column rules, left to right
    ys: list[float]  # row rules, top to bottom (descending y)
    cells: list[PdfCell]

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1


# --------------------------------------------------------------------------- rules


class PagePaths(NamedTuple):
    """What one walk over a page's objects found: the table finder's ruling-line pieces
    ``hs`` (``[y, x0, x1]``) and ``vs`` (``[x, y0, y1]``) and its count of path objects,
    and — when asked for (``thin``) — the chart finder's ``shapes``: every visible path
    thicker than ``thin`` both ways, as ``(x0, y0, x1, y1, filled, segments, rect)``
    (``rect``: an unfilled axis-aligned rectangle, see :func:`is_rect`; only looked at
    for 4-6 segments: a filled shape is a mark or a frame by its area alone)."""

    hs: list[list[float]]
    vs: list[list[float]]
    paths: int
    shapes: list[tuple[float, float, float, float, int, int, bool]] | None = None
    #: the pieces shorter than ``min_edge`` (at least ``fine_edge``), ``[y, x0, x1]`` and
    #: ``[x, y0, y1]``: the rules of a table printed small (see :func:`shrunk_settings`)
    short_hs: list[list[float]] = []  # a NamedTuple default: never mutated
    short_vs: list[list[float]] = []


def page_paths(source: PdfSource, pno: int, opts: PdfSettings | None = None,
               thin: float | None = None) -> PagePaths:
    """:func:`walk_page` of page ``pno`` (0-based) of ``source``, walked once: the result
    stays in ``source.drawings`` (plain data, kept when the page is released), so the
    reader's chart finder and the table finder share one walk.  ``thin``: collect the
    chart finder's shapes too (a walk made without them is made again)."""
    opts = opts or source.settings
    got = source.drawings.get(pno)
    if got is not None:
        key, pp = got
        if key[0] == opts and (thin is None or key[1] == thin):
            return pp
    pp = walk_page(source.page(pno).raw, opts, thin)
    source.drawings[pno] = ((opts, thin), pp)
    return pp


def walk_page(page_raw, opts: PdfSettings = DEFAULT_SETTINGS, thin: float | None = None) -> PagePaths:
    """Horizontal ``[y, x0, x1]`` and vertical ``[x, y0, y1]`` pieces of the page's
    visible paths, in page space, the number of path objects, and with ``thin`` the
    shapes of :class:`PagePaths`.  (``page_raw``: a pypdfium2 page's ``.raw``.)  Every
    page object costs a few pdfium calls, made through
    :func:`~extract.ingest.pdf_source.pdfium_calls` (plain ctypes types)."""
    fast = pdfium_calls()
    page = handle(page_raw)
    n = fast.count_objects(page)
    hs: list[list[float]] = []
    vs: list[list[float]] = []
    short_hs: list[list[float]] = []
    short_vs: list[list[float]] = []
    drop_h: list[list[float]] = []  # the short sides of filled shapes, thrown away
    drop_v: list[list[float]] = []
    fine_edge = opts.fine_edge
    shapes: list[tuple[float, float, float, float, int, int, bool]] | None = None if thin is None else []
    x = ctypes.c_float()
    y = ctypes.c_float()
    fill = ctypes.c_int()
    stroke = ctypes.c_int()
    m = (ctypes.c_float * 6)()
    bl, bb, br, bt = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    MOVETO, LINETO = fast.MOVETO, fast.LINETO
    get_obj = fast.get_object
    draw_mode, count_segments, get_matrix, get_bounds = fast.draw_mode, fast.count_segments, fast.matrix, fast.bounds
    get_seg, get_point, seg_type, seg_close = fast.segment, fast.point, fast.segment_type, fast.segment_close
    min_edge, rule_width, max_segments = opts.min_edge, opts.rule_width, opts.max_segments
    paths = 0
    for i in range(n):
        o = get_obj(page, i)
        # pdfium counts the segments of a path object and answers -1 for any other
        # object (text, image, form): one call per object tells both
        ns = count_segments(o)
        if ns < 0:
            continue
        paths += 1
        if not draw_mode(o, fill, stroke):
            continue
        if fill.value == 0 and not stroke.value:
            continue  # a clipping path: drawn nowhere
        bounds = None
        if shapes is not None:
            get_bounds(o, bl, bb, br, bt)
            bounds = x0, y0, x1, y1 = bl.value, bb.value, br.value, bt.value
            if x1 - x0 > thin and y1 - y0 > thin:  # type: ignore[operator]
                shapes.append((x0, y0, x1, y1, fill.value, ns, not fill.value and 4 <= ns <= 6 and is_rect(o, ns)))
        if ns < 2 or ns > max_segments:
            continue
        get_matrix(o, m)
        a, b, c, d, e, f = m
        if ns == 2 and abs(b) < 1e-6 and abs(c) < 1e-6:
            # a single stroke: its bounds are the line (plus the pen's width)
            if bounds is None:
                get_bounds(o, bl, bb, br, bt)
                bounds = bl.value, bb.value, br.value, bt.value
            x0, y0, x1, y1 = bounds
            w, h = x1 - x0, y1 - y0
            if w >= min_edge and h <= rule_width:
                hs.append([(y0 + y1) / 2, x0, x1])
            elif h >= min_edge and w <= rule_width:
                vs.append([(x0 + x1) / 2, y0, y1])
            elif not stroke.value:
                pass  # a short filled shape is a mark, not a rule
            elif w > 2 * h and w >= fine_edge:  # shorter than min_edge, thinner than half its length
                short_hs.append([(y0 + y1) / 2, x0, x1])
            elif h > 2 * w and h >= fine_edge:
                short_vs.append([(x0 + x1) / 2, y0, y1])
            continue
        if ns in (4, 5) and abs(b) < 1e-6 and abs(c) < 1e-6:
            # the usual case, a rectangle ("re"): two opposite corners and the bounds say so
            get_point(get_seg(o, 0), x, y)
            p0 = (x.value, y.value)
            get_point(get_seg(o, 2), x, y)
            p2 = (x.value, y.value)
            if p0[0] != p2[0] and p0[1] != p2[1]:
                get_point(get_seg(o, 1), x, y)
                p1 = (x.value, y.value)
                if (p1[0] == p0[0] and p1[1] == p2[1]) or (p1[1] == p0[1] and p1[0] == p2[0]):
                    if bounds is None:
                        get_bounds(o, bl, bb, br, bt)
                        bounds = bl.value, bb.value, br.value, bt.value
                    x0, y0, x1, y1 = bounds
                    sh, sv = (short_hs, short_vs) if stroke.value else (drop_h, drop_v)
                    _add_edge(hs, vs, sh, sv, (x0, y0), (x1, y0), opts)
                    _add_edge(hs, vs, sh, sv, (x0, y1), (x1, y1), opts)
                    _add_edge(hs, vs, sh, sv, (x0, y0), (x0, y1), opts)
                    _add_edge(hs, vs, sh, sv, (x1, y0), (x1, y1), opts)
                    continue
        # a short side of a filled shape (the ends of a thin filled rule) is no rule
        sh, sv = (short_hs, short_vs) if stroke.value else (drop_h, drop_v)
        start = prev = None
        for k in range(ns):
            sg = get_seg(o, k)
            get_point(sg, x, y)
            px, py = x.value, y.value
            pt = (a * px + c * py + e, b * px + d * py + f)
            kind = seg_type(sg)
            if kind == MOVETO:
                start = prev = pt
                continue
            if kind == LINETO and prev is not None:
                _add_edge(hs, vs, sh, sv, prev, pt, opts)
            prev = pt
            if seg_close(sg) and start is not None:
                _add_edge(hs, vs, sh, sv, pt, start, opts)
                prev = start
    return PagePaths(hs, vs, paths, shapes, short_hs, short_vs)


def is_rect(o: int, ns: int) -> bool:
    """Whether path object ``o`` (a pdfium handle as an int) of ``ns`` segments is an
    axis-aligned rectangle: straight axis-parallel segments whose points all lie on its
    own bounding box (LibreOffice starts a frame mid-edge)."""
    fast = pdfium_calls()
    x, y = ctypes.c_float(), ctypes.c_float()
    pts = []
    for k in range(ns):
        seg = fast.segment(o, k)
        if fast.segment_type(seg) == fast.BEZIERTO:
            return False
        fast.point(seg, x, y)
        pts.append((x.value, y.value))
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    lo_x, hi_x, lo_y, hi_y = min(xs), max(xs), min(ys), max(ys)
    on_edge = all(abs(px - lo_x) < 0.5 or abs(px - hi_x) < 0.5 or abs(py - lo_y) < 0.5 or abs(py - hi_y) < 0.5
                  for px, py in pts)
    straight = all(abs(a[0] - b[0]) < 0.5 or abs(a[1] - b[1]) < 0.5 for a, b in zip(pts, pts[1:]))
    return on_edge and straight


def _add_edge(hs: list[list[float]], vs: list[list[float]], short_hs: list[list[float]], short_vs: list[list[float]],
              p: tuple[float, float], q: tuple[float, float], opts: PdfSettings) -> None:
    """The piece p–q as a rule ``[position, from, to]``: horizontal or vertical (within
    ``axis_tolerance``), at least ``min_edge`` long, else kept apart from ``fine_edge``."""
    (x0, y0), (x1, y1) = p, q
    if abs(y1 - y0) < opts.axis_tolerance:
        pos, a, b, rules, short = (y0 + y1) / 2, x0, x1, hs, short_hs
    elif abs(x1 - x0) < opts.axis_tolerance:
        pos, a, b, rules, short = (x0 + x1) / 2, y0, y1, vs, short_vs
    else:
        return
    n = abs(b - a)
    if n >= opts.min_edge:
        rules.append([pos, min(a, b), max(a, b)])
    elif n >= opts.fine_edge:
        short.append([pos, min(a, b), max(a, b)])


def _merge(edges: list[list[float]], opts: PdfSettings = DEFAULT_SETTINGS) -> list[list[float]]:
    """Snap positions within ``snap`` to their mean, then join collinear pieces."""
    if not edges:
        return []
    snap, join = opts.snap, opts.join
    edges.sort()
    clusters: list[list[list[float]]] = [[edges[0]]]
    for e in edges[1:]:
        if e[0] - clusters[-1][-1][0] <= snap:
            clusters[-1].append(e)
        else:
            clusters.append([e])
    out: list[list[float]] = []
    for cl in clusters:
        pos = sum(e[0] for e in cl) / len(cl)
        cl.sort(key=lambda e: e[1])
        cur = [pos, cl[0][1], cl[0][2]]
        for e in cl[1:]:
            if e[1] <= cur[2] + join:
                cur[2] = max(cur[2], e[2])
            else:
                out.append(cur)
                cur = [pos, e[1], e[2]]
        out.append(cur)
    return out


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _clusters(values: list[float], snap: float) -> list[float]:
    values = sorted(values)
    out: list[list[float]] = []
    for v in values:
        if out and v - out[-1][-1] <= snap:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _grids(hs: list[list[float]], vs: list[list[float]], page: int,
           opts: PdfSettings = DEFAULT_SETTINGS) -> list[PdfTable]:
    """Tables: connected sets of rules, each turned into a grid of (merged) cells."""
    snap = opts.snap
    nh = len(hs)
    parent = list(range(nh + len(vs)))
    touches = [0] * (nh + len(vs))
    # the vertical rules by position, to visit only those within a horizontal rule's reach
    by_x = sorted(range(len(vs)), key=lambda j: vs[j][0])
    vxs = [vs[j][0] for j in by_x]
    for i, (hy, hx0, hx1) in enumerate(hs):
        lo_x, hi_x = hx0 - snap, hx1 + snap
        for j in by_x[bisect.bisect_left(vxs, lo_x):bisect.bisect_right(vxs, hi_x)]:
            vx, vy0, vy1 = vs[j]
            if lo_x <= vx <= hi_x and vy0 - snap <= hy <= vy1 + snap:
                a, b = _find(parent, i), _find(parent, nh + j)
                if a != b:
                    parent[a] = b
                touches[i] += 1
                touches[nh + j] += 1
    groups: dict[int, tuple[list[list[float]], list[list[float]]]] = {}
    for i, h in enumerate(hs):
        if touches[i]:
            groups.setdefault(_find(parent, i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        if touches[nh + j]:
            groups.setdefault(_find(parent, nh + j), ([], []))[1].append(v)
    tables = []
    for gh, gv in groups.values():
        xs = _clusters([v[0] for v in gv], snap)
        ys = sorted(_clusters([h[0] for h in gh], snap), reverse=True)  # top to bottom
        if len(xs) < 3 and len(ys) < 3 or len(xs) < 2 or len(ys) < 2:
            continue  # a frame or a single line, not a table
        t = _cells(xs, ys, gh, gv, page, opts)
        if t is not None:
            tables.append(t)
    tables.sort(key=lambda t: -t.bbox[3])
    return tables


def _near(edges: list[list[float]], positions: list[float], snap: float) -> list[list[list[float]]]:
    """For each position, the edges within ``snap`` of it, in the order of ``edges``
    (sorted by position, as :func:`_merge` gives them: each position looks only at the
    edges a bisection finds near it)."""
    keys = [e[0] for e in edges]
    out = []
    for pos in positions:
        lo = bisect.bisect_left(keys, pos - 2 * snap - 1.0)
        hi = bisect.bisect_right(keys, pos + 2 * snap + 1.0)
        out.append([e for e in edges[lo:hi] if abs(e[0] - pos) <= snap])
    return out


def _covered(edges: list[list[float]], lo: float, hi: float) -> bool:
    """Whether the rules ``edges`` (those at one position) cover most of [lo, hi]."""
    need = (hi - lo) * 0.5
    got = 0.0
    for _p, a, b in edges:
        over = (b if b < hi else hi) - (a if a > lo else lo)
        if over > 0.0:
            got += over
        if got >= need:
            return True
    return False


def _cells(xs: list[float], ys: list[float], gh: list[list[float]], gv: list[list[float]], page: int,
           opts: PdfSettings = DEFAULT_SETTINGS) -> PdfTable | None:
    nr, nc = len(ys) - 1, len(xs) - 1
    at_x = _near(gv, xs, opts.snap)  # the vertical rules at each column rule
    at_y = _near(gh, ys, opts.snap)
    # grid cells joined to their right and lower neighbour: no rule between them
    right = [(r, c) for c in range(nc - 1) for r in range(nr) if not _covered(at_x[c + 1], ys[r + 1], ys[r])]
    down = [(r, c) for r in range(nr - 1) for c in range(nc) if not _covered(at_y[r + 1], xs[c], xs[c + 1])]
    if not right and not down:  # every grid cell is a cell
        if nr * nc < 2:
            return None
        cells = [PdfCell(r, c, 1, 1, (xs[c], ys[r + 1], xs[c + 1], ys[r])) for r in range(nr) for c in range(nc)]
        return PdfTable(page, (xs[0], ys[-1], xs[-1], ys[0]), xs, ys, cells)
    # merged cells: the grid cells joined to a neighbour, in connected groups (union-find);
    # every other grid cell is a cell of its own
    parent = list(range(nr * nc))
    joined: set[int] = set()
    for r, c in right:
        a, b = _find(parent, r * nc + c), _find(parent, r * nc + c + 1)
        if a != b:
            parent[a] = b
        joined.update((r * nc + c, r * nc + c + 1))
    for r, c in down:
        a, b = _find(parent, r * nc + c), _find(parent, (r + 1) * nc + c)
        if a != b:
            parent[a] = b
        joined.update((r * nc + c, (r + 1) * nc + c))
    spans: dict[int, list[int]] = {}  # root -> [first row, first col, last row, last col, first grid cell]
    for i in sorted(joined):  # grid cells in reading order: a span's first row is where it is met first
        r, c = divmod(i, nc)
        root = _find(parent, i)
        s = spans.get(root)
        if s is None:
            spans[root] = [r, c, r, c, i]
        else:
            if c < s[1]:
                s[1] = c
            s[2] = r
            if c > s[3]:
                s[3] = c
    # (row, col, first grid cell): a span's corner may be a cell of its own (an L-shaped
    # group); then the one met first in reading order comes first
    keyed = [(r0, c0, first, PdfCell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, (xs[c0], ys[r1 + 1], xs[c1 + 1], ys[r0])))
             for r0, c0, r1, c1, first in spans.values()]
    keyed += [(r, c, r * nc + c, PdfCell(r, c, 1, 1, (xs[c], ys[r + 1], xs[c + 1], ys[r])))
              for r in range(nr) for c in range(nc) if r * nc + c not in joined]
    if len(keyed) < 2:
        return None
    keyed.sort(key=lambda k: k[:3])
    cells = [k[3] for k in keyed]
    return PdfTable(page, (xs[0], ys[-1], xs[-1], ys[0]), xs, ys, cells)


# --------------------------------------------------------------------------- text


def _apart(tables: list[PdfTable]) -> bool:
    """Whether no two tables' boxes meet."""
    boxes = [t.bbox for t in tables]
    return all(a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]
               for i, a in enumerate(boxes) for b in boxes[i + 1:])


def _locator(tables: list[PdfTable]) -> Callable[[float, float], PdfCell | None]:
    """``cell(x, y)``: which cell of which table a point falls in (the first table whose
    box holds it; the nearest row and column rule inside), or None.  The characters of a
    line mostly fall in the cell of the one before: when no two tables' boxes meet, the
    last answer is given again while the point stays in its table's box and between the
    rules around its row and column (the same answer the search gives there)."""
    index = []
    for t in tables:
        grid: list[list[PdfCell | None]] = [[None] * t.n_cols for _ in range(t.n_rows)]
        for cell in t.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    grid[r][c] = cell
        x0, y0, x1, y1 = t.bbox
        index.append((x0, y0, x1, y1, t.xs, [-y for y in t.ys], t.n_cols - 1, t.n_rows - 1, grid))
    apart = _apart(tables)
    bisect_right = bisect.bisect_right
    inf = float("inf")
    # the last hit: its table's box, the column's and the row's range, the cell
    last: list = [inf, inf, -inf, -inf, 0.0, 0.0, 0.0, 0.0, None]

    def find(x: float, y: float) -> PdfCell | None:
        bx0, by0, bx1, by1, xlo, xhi, ylo, yhi, hit = last
        if bx0 <= x <= bx1 and by0 <= y <= by1 and xlo <= x < xhi and ylo <= -y < yhi:
            return hit
        for x0, y0, x1, y1, xs, negys, last_c, last_r, grid in index:
            if not (x0 <= x <= x1 and y0 <= y <= y1):
                continue
            c = bisect_right(xs, x) - 1
            r = bisect_right(negys, -y) - 1
            if c < 0:
                c = 0
            elif c > last_c:
                c = last_c
            if r < 0:
                r = 0
            elif r > last_r:
                r = last_r
            if apart:
                last[:] = [x0, y0, x1, y1, xs[c] if c > 0 else -inf, xs[c + 1] if c < last_c else inf,
                           negys[r] if r > 0 else -inf, negys[r + 1] if r < last_r else inf, grid[r][c]]
            return grid[r][c]
        return None

    return find


_WORD_RUN = re.compile(r"\S+")


def _fill(textpage, text: str, tables: list[PdfTable]) -> None:
    """Put the page's text (``text``: the reader's, see :meth:`PdfSource.text`) into the
    cells, one reader line at a time.

    A line whose first and last characters fall in one cell goes to that cell whole
    (two box queries).  A line that crosses cells is split word by word: when the tables'
    boxes do not meet, every region the locator answers is a rectangle, so a word whose
    first and last characters fall in one cell lies in it whole (its characters run
    between those two); only a word that crosses a rule (or any word, where tables meet)
    is placed character by character."""
    n = textpage.count_chars()
    if not n:
        return
    if len(text) != n:
        return  # surrogate pairs: char indices do not match the text; give up on this page
    tp = handle(textpage.raw)
    get_box = pdfium_calls().char_box
    cl, cr, cb, ct = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    loc = _locator(tables)
    whole_words = _apart(tables)
    for lineno, start, line in numbered_lines(text):
        lead = start + len(line) - len(line.lstrip())
        tail = start + len(line.rstrip()) - 1
        get_box(tp, lead, cl, cr, cb, ct)
        fl, ft = cl.value, ct.value
        first = loc((fl + cr.value) / 2, (cb.value + ft) / 2)
        get_box(tp, tail, cl, cr, cb, ct)
        last = loc((cl.value + cr.value) / 2, (cb.value + ct.value) / 2)
        if first is None and last is None:
            continue
        if first is last:
            assert first is not None  # both None was skipped above
            first.pieces.append((lineno, line.strip(), fl, ft))
            continue
        # the line crosses cells (or a table border): split it word by word, a word that
        # crosses a rule character by character
        run_cell: PdfCell | None = None
        run: list[str] = []
        run_box = (0.0, 0.0)
        prev_end = lead
        for m in _WORD_RUN.finditer(text, lead, tail + 1):
            a, b = m.span()
            if run and a > prev_end:
                run.append(text[prev_end:a])  # the spaces between two words
            prev_end = b
            get_box(tp, a, cl, cr, cb, ct)
            left, top = cl.value, ct.value
            cell = loc((left + cr.value) / 2, (cb.value + top) / 2)
            if whole_words and b - a > 1:
                get_box(tp, b - 1, cl, cr, cb, ct)
                if loc((cl.value + cr.value) / 2, (cb.value + ct.value) / 2) is cell:
                    if cell is not run_cell:
                        _close_run(run_cell, run, run_box, lineno)
                        run_cell, run, run_box = cell, [], (left, top)
                    run.append(m.group())
                    continue
            for i in range(a, b):
                if i > a:
                    get_box(tp, i, cl, cr, cb, ct)
                    left, top = cl.value, ct.value
                    cell = loc((left + cr.value) / 2, (cb.value + top) / 2)
                if cell is not run_cell:
                    _close_run(run_cell, run, run_box, lineno)
                    run_cell, run, run_box = cell, [], (left, top)
                run.append(text[i])
        _close_run(run_cell, run, run_box, lineno)


def _close_run(cell: PdfCell | None, run: list[str], box: tuple[float, float], lineno: int) -> None:
    """A run of a line's characters that fell in one cell becomes a piece of that cell
    (none outside every cell, none of blanks only)."""
    if cell is not None and (piece := "".join(run).strip()):
        cell.pieces.append((lineno, piece, *box))


def _order(tables: list[PdfTable]) -> None:
    """Pieces of a cell top to bottom (pdfium's order is the content stream's)."""
    for t in tables:
        for cell in t.cells:
            if len(cell.pieces) > 1:
                cell.pieces.sort(key=lambda p: (-round(p[3]), p[2]))


_FORMATTED = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)*")


def _rejoin_numbers(tables: list[PdfTable], text: str) -> None:
    """A grouped amount wider than its cell spills over the rule into the cell on its left
    ("79,847,644,856.00" right-aligned in a narrow column: "7" lands left of the rule,
    "9,847,644,856.00" right of it; "0.00-130,468,154,880.00" when the left cell holds a
    number of its own).  Where the two cells' pieces touch in the reader's line (no space
    between them), the run of characters is cut again where the right part is a whole
    grouped amount and the left part empty or a number of its own."""
    lines: dict[int, str] | None = None
    for t in tables:
        at = {(c.row, c.col): c for c in t.cells}
        for a in t.cells:
            if not a.pieces:
                continue
            b = at.get((a.row, a.col + a.colspan))
            if b is None or not b.pieces:
                continue
            for i, (ln, sa, xa, ya) in enumerate(a.pieces):
                if not sa or not sa[-1].isdigit() and sa[-1] != "-":
                    continue
                j = next((k for k, p in enumerate(b.pieces) if p[0] == ln), None)
                if j is None:
                    continue
                sb = b.pieces[j][1]
                ta, tb = sa.split()[-1], sb.split()[0]
                if not tb[:1].isdigit() and tb[:1] not in ".,":
                    continue
                if lines is None:
                    lines = {n: line for n, _start, line in numbered_lines(text)}
                if ta + tb not in lines.get(ln, ""):
                    continue  # a space between them: two cells' own numbers
                joined = ta + tb
                for k in range(len(ta)):
                    left, right = joined[:k], joined[k:]
                    if _FORMATTED.fullmatch(right) and (not left or _PLAIN_NUMBER.fullmatch(left)):
                        head = sa[: len(sa) - len(ta)] + left
                        a.pieces[i] = (ln, head.strip(), xa, ya)
                        b.pieces[j] = (ln, right + sb[len(tb):], *b.pieces[j][2:])
                        break
            a.pieces = [p for p in a.pieces if p[1]]


def _merge_slivers(t: PdfTable, limit: float) -> None:
    """One column whose rule some rows draw a few points off: two column rules closer than
    ``limit`` that no cell has on both its sides (the strip between them is never a cell of
    its own) are one rule, at their mean.  Cells are renumbered on the grid that is left (a
    cell's box stays where it was drawn: the text was placed by it).  Every row then meets
    the same columns, whichever of the two rules it drew."""
    while limit > 0:
        nc = len(t.xs) - 1
        alone = {c.col for c in t.cells if c.colspan == 1}
        strip = next((k for k in range(nc) if t.xs[k + 1] - t.xs[k] < limit and k not in alone), None)
        if strip is None or nc < 2:
            return

        def moved(b: int, k: int = strip) -> int:  # grid rule b on the grid without rule k + 1
            return b if b <= k else b - 1
        t.xs = t.xs[:strip] + [(t.xs[strip] + t.xs[strip + 1]) / 2] + t.xs[strip + 2:]
        for c in t.cells:
            a, b = moved(c.col), moved(c.col + c.colspan)
            c.col, c.colspan = a, b - a


def _page_tables(hs: list[list[float]], vs: list[list[float]], page: int, opts: PdfSettings) -> list[PdfTable]:
    """The grids of one page's ruling-line pieces (copied: the walk's stay as they are)."""
    # merging only joins pieces: a direction with fewer than two pieces stays so,
    # and the other is not merged for nothing (a page of dotted lines: 13,000
    # horizontal pieces and no vertical one)
    if len(hs) < 2 or len(vs) < 2:
        return []
    vs = _merge(list(vs), opts)
    if len(vs) < 2:
        return []
    hs = _merge(list(hs), opts)
    if len(hs) < 2:
        return []
    return _grids(hs, vs, page, opts)


def shrunk_settings(short_vs: list[list[float]], opts: PdfSettings = DEFAULT_SETTINGS) -> PdfSettings:
    """Tolerances for a table printed small, scaled to the page's own short vertical rule
    pieces (``short_vs``: those under ``2 * snap``): in a ruled grid a vertical piece runs
    from one row rule to the next, so the median piece is a row's height; rules closer than a quarter of it are one rule, pieces
    shorter than that are corners (never below ``fine_edge``, never above the usual)."""
    lengths = sorted(e[2] - e[1] for e in short_vs)
    row = lengths[len(lengths) // 2]
    tol = min(opts.snap, opts.join, opts.min_edge, max(opts.fine_edge, row / 4))
    return replace(opts, snap=tol, join=tol, min_edge=tol,
                   sliver=opts.sliver * tol / opts.snap if opts.snap else 0.0)


def find_tables(pdf: PdfSource | str | Path, pages: list[int] | None = None,
                settings: PdfSettings | None = None) -> list[PdfTable]:
    """Ruled tables of a PDF, page by page (``pages``: 1-based page numbers to look at;
    all by default).  A page is only analysed when it holds path objects.  ``pdf`` is the
    document's shared :class:`PdfSource` (its pages are released as they are done) or a
    path (opened and closed here)."""
    source = pdf if isinstance(pdf, PdfSource) else PdfSource(pdf, settings)
    opts = settings or source.settings
    out: list[PdfTable] = []
    try:
        wanted = set(pages) if pages else None
        for pno in range(len(source)):
            if wanted is not None and pno + 1 not in wanted:
                continue
            try:
                pp = page_paths(source, pno, opts)
                if pp.paths < opts.min_paths:
                    continue
                tables = _page_tables(pp.hs, pp.vs, pno + 1, opts)
                fine = None
                if not tables and opts.shrunk_min and len(pp.short_vs) + len(pp.vs) >= opts.shrunk_min:
                    # a table printed small? its column rules are pieces a row high, under
                    # min_edge or not much over it (a stroke's box adds the pen's width)
                    low = [e for e in pp.vs if e[2] - e[1] < 2 * opts.snap]
                    if len(pp.short_vs) + len(low) < opts.shrunk_min:
                        continue
                    fine = shrunk_settings(pp.short_vs + low, opts)
                    keep = fine.min_edge
                    tables = _page_tables(pp.hs + [e for e in pp.short_hs if e[2] - e[1] >= keep],
                                          pp.vs + [e for e in pp.short_vs if e[2] - e[1] >= keep], pno + 1, fine)
                    tables = [t for t in tables if t.n_rows >= 3]
                if not tables:
                    continue
                _fill(source.textpage(pno), source.text(pno), tables)
                for t in tables:
                    _merge_slivers(t, fine.sliver if fine is not None else opts.sliver)
                _order(tables)
                _rejoin_numbers(tables, source.text(pno))
                for t in tables:
                    filled = False
                    for cell in t.cells:
                        if cell.pieces:
                            cell.pieces = [(ln, unicodedata.normalize("NFC", s), x, y) for ln, s, x, y in cell.pieces]
                            filled = True
                    if filled:
                        out.append(t)
            finally:
                source.release([pno])
    finally:
        if source is not pdf:
            source.close()
    return out
