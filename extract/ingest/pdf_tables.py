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
reader counts lines (pdfium's text split at CR LF, blank lines skipped), so that
:mod:`extract.find.tables` can find every piece in the document text.

This module is called lazily by :mod:`extract.find.tables`, never by the reader, so
``baocao read`` does not pay for it.

Public API::

    find_tables(path) -> list[PdfTable]
"""
from __future__ import annotations

import bisect
import ctypes
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["PdfCell", "PdfTable", "find_tables"]

SNAP = 3.0  # points: rules closer than this are one rule (pdfplumber's default)
JOIN = 3.0  # points: collinear pieces with a gap up to this are one rule
MIN_EDGE = 3.0  # shorter pieces are ignored (corners of thin rectangles)
MIN_PATHS = 4  # a page with fewer path objects has no ruled table
MAX_SEGMENTS = 4000  # a path with more segments is a drawing (logo, signature), not rules


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


def _page_edges(page_raw) -> tuple[list[list[float]], list[list[float]], int]:
    """Horizontal ``[y, x0, x1]`` and vertical ``[x, y0, y1]`` pieces of the page's
    visible paths, in page space, and the number of path objects."""
    import pypdfium2.raw as raw

    n = raw.FPDFPage_CountObjects(page_raw)
    hs: list[list[float]] = []
    vs: list[list[float]] = []
    x = ctypes.c_float()
    y = ctypes.c_float()
    fill = ctypes.c_int()
    stroke = ctypes.c_int()
    m = raw.FS_MATRIX()
    bl, bb, br, bt = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    PATH, MOVETO, LINETO = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_LINETO
    get_obj, get_type = raw.FPDFPage_GetObject, raw.FPDFPageObj_GetType
    get_seg, get_point = raw.FPDFPath_GetPathSegment, raw.FPDFPathSegment_GetPoint
    paths = 0
    for i in range(n):
        o = get_obj(page_raw, i)
        if get_type(o) != PATH:
            continue
        paths += 1
        if not raw.FPDFPath_GetDrawMode(o, fill, ctypes.byref(stroke)):
            continue
        if fill.value == 0 and not stroke.value:
            continue  # a clipping path: drawn nowhere
        ns = raw.FPDFPath_CountSegments(o)
        if ns < 2 or ns > MAX_SEGMENTS:
            continue
        raw.FPDFPageObj_GetMatrix(o, m)
        a, b, c, d, e, f = m.a, m.b, m.c, m.d, m.e, m.f
        if ns == 2 and abs(b) < 1e-6 and abs(c) < 1e-6:
            # a single stroke: its bounds are the line (plus the pen's width)
            raw.FPDFPageObj_GetBounds(o, bl, bb, br, bt)
            x0, y0, x1, y1 = bl.value, bb.value, br.value, bt.value
            if x1 - x0 >= MIN_EDGE and y1 - y0 <= 3.0:
                hs.append([(y0 + y1) / 2, x0, x1])
            elif y1 - y0 >= MIN_EDGE and x1 - x0 <= 3.0:
                vs.append([(x0 + x1) / 2, y0, y1])
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
                    raw.FPDFPageObj_GetBounds(o, bl, bb, br, bt)
                    x0, y0, x1, y1 = bl.value, bb.value, br.value, bt.value
                    _add(hs, vs, (x0, y0), (x1, y0))
                    _add(hs, vs, (x0, y1), (x1, y1))
                    _add(hs, vs, (x0, y0), (x0, y1))
                    _add(hs, vs, (x1, y0), (x1, y1))
                    continue
        start = prev = None
        for k in range(ns):
            sg = get_seg(o, k)
            get_point(sg, x, y)
            px, py = x.value, y.value
            pt = (a * px + c * py + e, b * px + d * py + f)
            kind = raw.FPDFPathSegment_GetType(sg)
            if kind == MOVETO:
                start = prev = pt
                continue
            if kind == LINETO and prev is not None:
                _add(hs, vs, prev, pt)
            prev = pt
            if raw.FPDFPathSegment_GetClose(sg) and start is not None:
                _add(hs, vs, pt, start)
                prev = start
    return hs, vs, paths


def _add(hs: list[list[float]], vs: list[list[float]], p: tuple[float, float], q: tuple[float, float]) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y1 - y0) < 1.0 and abs(x1 - x0) >= MIN_EDGE:
        hs.append([(y0 + y1) / 2, min(x0, x1), max(x0, x1)])
    elif abs(x1 - x0) < 1.0 and abs(y1 - y0) >= MIN_EDGE:
        vs.append([(x0 + x1) / 2, min(y0, y1), max(y0, y1)])


def _merge(edges: list[list[float]]) -> list[list[float]]:
    """Snap positions within SNAP to their mean, then join collinear pieces."""
    if not edges:
        return []
    edges.sort()
    clusters: list[list[list[float]]] = [[edges[0]]]
    for e in edges[1:]:
        if e[0] - clusters[-1][-1][0] <= SNAP:
            clusters[-1].append(e)
        else:
            clusters.append([e])
    out: list[list[float]] = []
    for cl in clusters:
        pos = sum(e[0] for e in cl) / len(cl)
        cl.sort(key=lambda e: e[1])
        cur = [pos, cl[0][1], cl[0][2]]
        for e in cl[1:]:
            if e[1] <= cur[2] + JOIN:
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


def _clusters(values: list[float]) -> list[float]:
    values = sorted(values)
    out: list[list[float]] = []
    for v in values:
        if out and v - out[-1][-1] <= SNAP:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _grids(hs: list[list[float]], vs: list[list[float]], page: int) -> list[PdfTable]:
    """Tables: connected sets of rules, each turned into a grid of (merged) cells."""
    nh = len(hs)
    parent = list(range(nh + len(vs)))
    touches = [0] * (nh + len(vs))
    for i, (hy, hx0, hx1) in enumerate(hs):
        for j, (vx, vy0, vy1) in enumerate(vs):
            if vy0 - SNAP <= hy <= vy1 + SNAP and hx0 - SNAP <= vx <= hx1 + SNAP:
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
        xs = _clusters([v[0] for v in gv])
        ys = sorted(_clusters([h[0] for h in gh]), reverse=True)  # top to bottom
        if len(xs) < 3 and len(ys) < 3 or len(xs) < 2 or len(ys) < 2:
            continue  # a frame or a single line, not a table
        t = _cells(xs, ys, gh, gv, page)
        if t is not None:
            tables.append(t)
    tables.sort(key=lambda t: -t.bbox[3])
    return tables


def _covered(edges: list[list[float]], pos: float, lo: float, hi: float) -> bool:
    """Whether a rule at ``pos`` covers most of [lo, hi]."""
    need = (hi - lo) * 0.5
    got = 0.0
    for p, a, b in edges:
        if abs(p - pos) <= SNAP:
            got += max(0.0, min(b, hi) - max(a, lo))
            if got >= need:
                return True
    return False


def _cells(xs: list[float], ys: list[float], gh: list[list[float]], gv: list[list[float]], page: int) -> PdfTable | None:
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = list(range(nr * nc))
    for r in range(nr):
        top, bot = ys[r], ys[r + 1]
        for c in range(nc):
            left, right = xs[c], xs[c + 1]
            if c + 1 < nc and not _covered(gv, right, bot, top):
                a, b = _find(parent, r * nc + c), _find(parent, r * nc + c + 1)
                if a != b:
                    parent[a] = b
            if r + 1 < nr and not _covered(gh, bot, left, right):
                a, b = _find(parent, r * nc + c), _find(parent, (r + 1) * nc + c)
                if a != b:
                    parent[a] = b
    spans: dict[int, list[int]] = {}
    for r in range(nr):
        for c in range(nc):
            root = _find(parent, r * nc + c)
            s = spans.get(root)
            if s is None:
                spans[root] = [r, c, r, c]
            else:
                s[0], s[1], s[2], s[3] = min(s[0], r), min(s[1], c), max(s[2], r), max(s[3], c)
    cells = []
    for r0, c0, r1, c1 in spans.values():
        cells.append(PdfCell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, (xs[c0], ys[r1 + 1], xs[c1 + 1], ys[r0])))
    if len(cells) < 2:
        return None
    cells.sort(key=lambda c: (c.row, c.col))
    return PdfTable(page, (xs[0], ys[-1], xs[-1], ys[0]), xs, ys, cells)


# --------------------------------------------------------------------------- text


class _Locator:
    """Which cell of which table a point falls in."""

    def __init__(self, tables: list[PdfTable]):
        self.tables = tables
        self.index = []
        for t in tables:
            grid: dict[tuple[int, int], PdfCell] = {}
            for cell in t.cells:
                for r in range(cell.row, cell.row + cell.rowspan):
                    for c in range(cell.col, cell.col + cell.colspan):
                        grid[(r, c)] = cell
            self.index.append((t, [-y for y in t.ys], grid))

    def cell(self, x: float, y: float) -> PdfCell | None:
        for t, negys, grid in self.index:
            x0, y0, x1, y1 = t.bbox
            if not (x0 <= x <= x1 and y0 <= y <= y1):
                continue
            c = bisect.bisect_right(t.xs, x) - 1
            r = bisect.bisect_right(negys, -y) - 1
            c = min(max(c, 0), t.n_cols - 1)
            r = min(max(r, 0), t.n_rows - 1)
            return grid.get((r, c))
        return None


def _fill(textpage, tables: list[PdfTable]) -> None:
    """Put the page's text into the cells, one reader line at a time."""
    import pypdfium2.raw as raw

    n = textpage.count_chars()
    if not n:
        return
    text = textpage.get_text_range().replace("\ufffe", "-")
    if len(text) != n:
        return  # surrogate pairs: char indices do not match the text; give up on this page
    tp = textpage.raw
    cl, cr, cb, ct = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()

    def centre(i: int) -> tuple[float, float, float, float]:
        raw.FPDFText_GetCharBox(tp, i, cl, cr, cb, ct)
        return (cl.value + cr.value) / 2, (cb.value + ct.value) / 2, cl.value, ct.value

    loc = _Locator(tables)
    pos = 0
    lineno = 0
    for line in text.split("\r\n"):
        start = pos
        pos += len(line) + 2
        if not line.strip():
            continue
        lineno += 1
        lead = start + len(line) - len(line.lstrip())
        tail = start + len(line.rstrip()) - 1
        fx, fy, fl, ft = centre(lead)
        lx, ly, _, _ = centre(tail)
        first, last = loc.cell(fx, fy), loc.cell(lx, ly)
        if first is None and last is None:
            continue
        if first is last:
            assert first is not None  # both None was skipped above
            first.pieces.append((lineno, line.strip(), fl, ft))
            continue
        # the line crosses cells (or a table border): split it character by character
        run_cell: PdfCell | None = None
        run: list[str] = []
        run_box = (0.0, 0.0)
        for i in range(lead, tail + 1):
            ch = text[i]
            if ch.isspace():
                if run:
                    run.append(ch)
                continue
            x, y, left, top = centre(i)
            cell = loc.cell(x, y)
            if cell is not run_cell:
                if run_cell is not None and "".join(run).strip():
                    run_cell.pieces.append((lineno, "".join(run).strip(), *run_box))
                run_cell, run, run_box = cell, [], (left, top)
            run.append(ch)
        if run_cell is not None and "".join(run).strip():
            run_cell.pieces.append((lineno, "".join(run).strip(), *run_box))


def _order(tables: list[PdfTable]) -> None:
    """Pieces of a cell top to bottom (pdfium's order is the content stream's)."""
    for t in tables:
        for cell in t.cells:
            if len(cell.pieces) > 1:
                cell.pieces.sort(key=lambda p: (-round(p[3]), p[2]))


def find_tables(path: str | Path, pages: list[int] | None = None) -> list[PdfTable]:
    """Ruled tables of a PDF, page by page (``pages``: 1-based page numbers to look at;
    all by default).  A page is only analysed when it holds path objects."""
    import pypdfium2 as pdfium

    out: list[PdfTable] = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        wanted = set(pages) if pages else None
        for pno in range(len(pdf)):
            if wanted is not None and pno + 1 not in wanted:
                continue
            page = pdf[pno]
            try:
                hs, vs, paths = _page_edges(page.raw)
                if paths < MIN_PATHS:
                    continue
                hs, vs = _merge(hs), _merge(vs)
                if len(hs) < 2 or len(vs) < 2:
                    continue
                tables = _grids(hs, vs, pno + 1)
                if not tables:
                    continue
                tp = page.get_textpage()
                try:
                    _fill(tp, tables)
                finally:
                    tp.close()
                _order(tables)
                for t in tables:
                    for cell in t.cells:
                        cell.pieces = [(ln, unicodedata.normalize("NFC", s), x, y) for ln, s, x, y in cell.pieces]
                    if any(c.pieces for c in t.cells):
                        out.append(t)
            finally:
                page.close()
    finally:
        pdf.close()
    return out
