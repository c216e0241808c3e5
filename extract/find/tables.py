"""Tables: figures with their row and column labels, and the totals a table states.

A number in a table means nothing without its row and its column: ``3.150`` in the row
"Tổng cộng" of the column "Kinh phí (triệu đồng)" is a total of 3150 triệu đồng, and a
checker can only test it when it knows which cells it sums.  This module turns each
table of a :class:`~extract.core.model.Document` into plain data and reads it the way a
reader does:

* the **header rows** (several when cells are merged: "Lâm Đồng" over "Điểm số | Chỉ số
  | Thứ hạng"), a column-number row "(1) (2) (3)" included;
* the **numbering column** ("STT"; never a figure) and the numbering's **levels**: I, II
  (sections) > 1, 2 > 1.1 > 1.1.1 > a) > -;
* the **row-label column** (the first text column after STT) and the **unit** of each
  value: written in the cell ("8 người"), a "Đơn vị tính" column, the column header
  ("Kinh phí (triệu đồng)", "Tỷ lệ (%)", "Điểm tối đa"), the caption above the table
  ("Đơn vị tính: tỷ đồng") or the row label ("Số TTHC công bố mới");
* **value cells**, parsed with :mod:`extract.core.numbers` (Decimal, precision kept): a number,
  a percent, a fraction ``862/1.266``, a fraction with its rate ``862/1.266 (68,1%)``, and
  ``a/b/c`` under a header "A/B/C" (three figures);
* **totals**: a row labelled "Tổng cộng", "Tổng số", "Tổng", "Cộng" (rules/tables.yaml)
  is a statement of kind ``table_total`` whose whole is its cell and whose parts are the
  cells it sums — the rows since the previous total, or, when the total comes first, the
  rows after it; a "Cộng" sub-total stands for its section in the grand total; a
  section row ("I", "II", or a parent "1" over "1.1", "1.2" in a table without a unit
  column) with a value is a ``table_total`` of its children; a column headed "Tổng số"
  sums the value columns beside it;
* **rates**: a "Tỷ lệ"/"%" column after a count column and a "Tổng …" column, a rate row
  over exactly two count rows (its base, then its count: the national indicator forms),
  and a cell ``a/b (P%)`` become ``ratio`` statements.

Nothing is checked here: a wrong total is extracted like a right one.

DOCX tables come from ``Document.tables`` and the reader's segments (each paragraph of a
cell knows its (table, row, column)); PDF tables from :mod:`extract.ingest.pdf_tables`
(ruling lines read with pdfium), run lazily the first time a document's tables are
asked for and cached on the document.  A table continued on the next page (or in the
next Word table) with the same columns is one table.

Public API::

    tables(doc) -> list[Table]
    table_figures(doc) -> list[Figure]               # value cells, in document order
    table_statements(doc, figures) -> list[Statement]
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from extract.core.model import Document, Figure, Statement
from extract.core.numbers import ParsedNumber, document_majority, try_parse, vocabulary
from extract.core.rules import load_yaml
from extract.find.figures import TextContext, family, match_unit, scaled_unit, scan_figures, unit_from_label
from extract.ingest.pdf_tables import find_tables

#: module-level patterns of the hot loops (re.search(str) looks its pattern up each call)
_ANY_DIGIT = re.compile(r"\d")
_LATIN_LETTER = re.compile(r"[A-Za-zÀ-ỹĐđ]")
_RATE_WORD = re.compile(r"t[ỷỉ] lệ")

#: reader kinds whose tables come as ``Document.tables`` grids with cell segments
GRID_KINDS = ("docx", "doc", "xlsx", "xls")

__all__ = ["GRID_KINDS", "Cell", "Table", "tables", "table_figures", "row_outline", "table_statements", "annotate_figures",
           "check_cell_figures", "value_zones", "layout_zones", "parse_cell", "rules"]


# --------------------------------------------------------------------------- model


@dataclass
class Cell:
    """One cell (a merged cell once, at its top-left position).  ``spans`` are the runs of
    ``Document.text`` the cell's text was found at; ``start``/``end`` enclose them."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    page: int | None = None
    line: int | None = None
    start: int | None = None
    end: int | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    #: the reader gave this cell's row fewer cells than the table has columns (a merged
    #: cell of a Word 97 table it could not place): the row's columns are uncertain
    short_row: bool = False


@dataclass
class Table:
    """A table as a grid of cells plus what its layout says.

    ``header_rows`` rows are the header; ``stt_col`` the numbering column, ``label_col``
    the row-label column, ``unit_col`` a "Đơn vị tính" column (None when absent);
    ``caption`` the line above the table that gives its unit (``unit``); ``data`` is
    False for layout tables (header blocks, signature blocks) whose cells are not
    figures of a table."""

    index: int
    source: str  # docx | pdf
    n_rows: int
    n_cols: int
    cells: list[Cell]
    pages: list[int] = field(default_factory=list)
    header_rows: int = 0
    stt_col: int | None = None
    label_col: int | None = None
    unit_col: int | None = None
    caption: str | None = None
    unit: tuple[str, str, int] | None = None  # (unit, kind, scale) from the caption
    data: bool = False
    numbered_header: int | None = None  # the "(1) (2) (3)" row, if any
    caption_row: int | None = None  # a first row spanning the table that is its caption
    repeated_header: list[tuple[int, int]] = field(default_factory=list)  # spans of headers repeated on later pages
    #: columns that count the rows (1, 2, 3 … down the table) whatever their header says:
    #: a spreadsheet export's row ordinal, never a figure
    ordinal_cols: set[int] = field(default_factory=set)
    #: the header was moved onto its data (a spreadsheet export one column off): columns
    #: without a header there are the export's own (flags, ordinals), never values
    realigned: bool = False
    #: a sheet's rows above its own header (an export's field names and query values)
    header_start: int = 0
    _grid: dict[tuple[int, int], Cell] = field(default_factory=dict, repr=False)
    #: the data rows' outline (:func:`_rows`), computed once for the statements and the
    #: figure context
    _outline: list[Any] | None = field(default=None, repr=False, compare=False)
    _by_row: dict[int, list[Cell]] | None = field(default=None, repr=False, compare=False)

    def index_cells(self) -> None:
        self._grid = {}
        self._by_row = {}
        for c in self.cells:
            self._by_row.setdefault(c.row, []).append(c)
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    self._grid[(r, k)] = c

    def at(self, row: int, col: int) -> Cell | None:
        """The cell covering (row, col), merged cells included."""
        return self._grid.get((row, col))

    def origin(self, row: int, col: int) -> Cell | None:
        """The cell whose top-left corner is (row, col)."""
        c = self._grid.get((row, col))
        return c if c is not None and c.row == row and c.col == col else None

    def row_cells(self, row: int) -> list[Cell]:
        """The cells whose top row is ``row``, in the order of ``cells``."""
        if self._by_row is None:  # not indexed yet (tables being joined)
            return [c for c in self.cells if c.row == row]
        return list(self._by_row.get(row, ()))

    @property
    def page(self) -> int | None:
        return self.pages[0] if self.pages else None

    def column_label(self, col: int, colspan: int = 1) -> str | None:
        """The header texts over columns ``col`` … ``col + colspan - 1``, top to bottom,
        joined with " / " ("Lâm Đồng / Điểm số")."""
        out: list[str] = []
        for r in range(self.header_start, self.header_rows):
            if r in (self.numbered_header, self.caption_row):
                continue
            for c in range(col, col + colspan):
                t = self._header_text(r, c)
                if t and (not out or out[-1] != t) and t not in out:
                    if out and t[:1].islower():
                        out[-1] = out[-1] + " " + t  # "Thứ" over "hạng": one word cut by a rule
                    else:
                        out.append(t)
        label = " / ".join(_short(t, 16) for t in out)
        return label or None

    def _header_text(self, r: int, c: int) -> str:
        cell = self.at(r, c)
        if cell is not None and cell.text:
            return _one_line(cell.text)
        if self.source not in GRID_KINDS:
            return ""
        # DOCX writes a merged cell once and leaves "" in the positions it covers: a
        # blank header cell over a filled one continues the cell on its left (gridSpan);
        # a blank cell under a filled one continues the cell above (vMerge)
        below = self.at(r + 1, c) if r + 1 < self.header_rows else None
        if below is not None and below.text:
            for k in range(c - 1, -1, -1):
                left = self.at(r, k)
                if left is not None and left.text:
                    return _one_line(left.text)
                under = self.at(r + 1, k)
                if under is None or not under.text:
                    break
            return ""
        if r > 0:
            above = self.at(r - 1, c)
            return self._header_text(r - 1, c) if above is None or above.text else ""
        return ""

    def header_cell_texts(self, col: int, colspan: int = 1) -> list[str]:
        """Header texts over the columns, bottom row first (the most specific first)."""
        out = []
        for r in range(self.header_rows - 1, self.header_start - 1, -1):
            if r in (self.numbered_header, self.caption_row):
                continue
            for c in range(col, col + colspan):
                t = self._header_text(r, c)
                if t and t not in out:
                    out.append(t)
        return out

    def row_label(self, row: int) -> str | None:
        """The row's label: its label-column cell (or the first text cell before it), first
        line or sentence, at most 25 words."""
        cands = []
        if self.label_col is not None:
            cands.append(self.at(row, self.label_col))
            cands += [self.at(row, c) for c in range(self.label_col)]
        else:
            cands += [self.at(row, c) for c in range(self.n_cols)]
        for cell in cands:
            if cell is None or not cell.text:
                continue
            if self.stt_col is not None and cell.col == self.stt_col and cell.colspan == 1:
                continue
            if _rx("numbering").fullmatch(_low(cell.text)) or parse_cell(cell.text) is not None:
                continue
            return _label_text(cell.text)
        return None


# --------------------------------------------------------------------------- rules


@cache
def rules() -> dict[str, Any]:
    """``rules/tables.yaml``."""

    return load_yaml("tables.yaml")


@cache
def _rx(name: str) -> re.Pattern[str]:
    return re.compile(rules()[name]["pattern"], re.I)


@cache
def _list_rx(name: str) -> tuple[tuple[dict[str, Any], re.Pattern[str]], ...]:
    return tuple((e, re.compile(e["pattern"], re.I)) for e in rules()[name])


@lru_cache(maxsize=16384)
def _low(s: str) -> str:
    """``s`` with its blanks folded to one space, lower case (memoized: the same header
    and label texts are asked for by every cell under them)."""
    return " ".join(s.split()).lower()


def _one_line(s: str) -> str:
    return " ".join(s.split())


def _short(s: str, words: int) -> str:
    w = s.split()
    return " ".join(w[:words]) + (" …" if len(w) > words else "")


_SENT = re.compile(r"(?<=[.;:])\s+(?=[A-ZĐÀ-Ỹ(])")


def _label_text(text: str) -> str:
    first = text.split("\n", 1)[0].strip()
    m = _SENT.search(first)
    if m and m.start() > 12:
        first = first[:m.start()]
    first = first.rstrip(" .;:")
    return _short(" ".join(first.split()), 25)


def is_total_label(text: str) -> bool:
    """Whether a row label says "this row is a total" (rules/tables.yaml total_rows)."""
    return bool(_rx("total_rows").fullmatch(_low(text)))


# --------------------------------------------------------------------------- values

_NUM = r"\d+(?:[.,]\d+)*"
_CELL = re.compile(
    rf"^(?P<q>≥|≤|>=|<=|>|<|~)?\s*(?P<nums>{_NUM}(?:\s*/\s*{_NUM}){{0,3}})\s*(?P<pct>%)?"
    rf"\s*(?:\(\s*(?P<p>{_NUM})\s*%\s*\))?\s*(?P<rest>.*?)\s*$", re.S)
_EMPTY = re.compile(r"^[\s\-–—x×X…./]*$")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_QUAL = {"≥": "at_least", ">=": "at_least", "≤": "at_most", "<=": "at_most", ">": "more_than",
         "<": "less_than", "~": "about"}


@dataclass
class CellValue:
    """What a value cell holds: its numbers as written, a percent sign, a rate in
    parentheses, the unit text written after the numbers."""

    numbers: list[ParsedNumber]
    percent: bool = False
    rate: ParsedNumber | None = None
    unit_text: str = ""
    qualifier: str | None = None


def parse_cell(text: str, majority: str | None = None) -> CellValue | None:
    """The value(s) of a table cell, or None when the cell is not a value (prose, a date,
    a code, empty).  ``"862/1.266 (68,1%)"`` → numbers 862 and 1266 with rate 68.1.
    Memoized (a table's cells are parsed by several stages): the result is shared, not
    to be changed."""
    return _parse_cell(" ".join(text.split()), majority)


@lru_cache(maxsize=8192)
def _parse_cell(t: str, majority: str | None) -> CellValue | None:
    if not t or _EMPTY.match(t):
        return None
    m = _CELL.match(t)
    if not m:
        return None
    raws = [x.strip() for x in m.group("nums").split("/")]
    parsed = [try_parse(x, majority=majority) for x in raws]
    nums = [n for n in parsed if n is not None]
    if len(nums) != len(parsed):
        return None
    rest = m.group("rest")
    if len(nums) == 2 and _YEAR.fullmatch(raws[1]) and nums[0].value <= 12 and "." not in raws[0]:
        return None  # 3/2025: a month
    if len(nums) == 3 and len(raws[2]) == 4 and _YEAR.fullmatch(raws[2]):
        return None  # 31/12/2025: a date
    rate = try_parse(m.group("p"), majority=majority) if m.group("p") else None
    if rest and not _unit_ok(rest):
        return None
    return CellValue(nums, bool(m.group("pct")), rate, rest, _QUAL.get(m.group("q") or ""))


def _unit_ok(rest: str) -> bool:
    u = unit_of(rest)
    return u is not None and u[3] >= len(rest.rstrip(" .;,"))


@lru_cache(maxsize=8192)
def unit_of(text: str) -> tuple[str, str, int, int] | None:
    """The vocabulary unit written at the start of ``text``: (unit, kind, scale, end).
    Memoized: a column's cells repeat their units."""

    s = " " + text
    ctx = TextContext(s, s.lower(), bytearray(len(s) + 1), None)
    m = match_unit(ctx, 0)
    if m is None:
        return None
    unit, kind, scale, _, end = m
    return unit, kind, scale, end - 1


@lru_cache(maxsize=8192)
def _unit_name(text: str) -> tuple[str, str, int] | None:
    """A unit written alone (a "Đơn vị tính" cell, a header's parentheses, a caption):
    "Triệu đồng" → (triệu đồng, money, 6); "Cơ quan, đơn vị" → (cơ quan, đơn vị, count);
    "PAKN" → (PAKN, count).  Memoized: a unit column repeats a few units down the table."""
    t = " ".join(text.split()).strip(" .:;,")
    spelled = scaled_unit(t) if t else None  # "Tr.đ", "1000 tấn": the scale word spelled out
    if spelled:
        t = spelled
    if not t or len(t.split()) > 6 or (_ANY_DIGIT.search(t) and not spelled):
        return None
    if _SHARE_UNIT.fullmatch(t):
        return "%", "percent", 0
    u = unit_of(t)
    if u is None and spelled:
        scale_word, _, base = t.partition(" ")
        exp = vocabulary().scales.get(scale_word, ("", 0))[1]
        return f"{scale_word} {_case(base)}", "count", exp  # "Nghìn m3": 10³ × m3
    if u is not None:
        unit, kind, scale, end = u
        rest = t[end:]
        if rest.startswith("/"):
            unit += rest  # đồng/lần/người
        elif kind == "count" and rest.strip():
            unit = _case(t)
        return unit, kind, scale
    if t == "%" or _SHARE_UNIT.fullmatch(t):
        return "%", "percent", 0  # "Tỷ lệ", "Tỷ lệ %" in a "Đơn vị tính" cell: a percentage
    return _case(t), "count", 0


_SHARE_UNIT = re.compile(r"(?i)(?:t[ỷỉ]\s+(?:lệ|trọng))\s*\(?%?\)?")


def _case(t: str) -> str:
    """Lower case except abbreviations (TTHC, PAKN, ĐVSN)."""
    return " ".join(w if len(w) >= 2 and w.isupper() else w.lower() for w in t.split())


# --------------------------------------------------------------------------- building


def tables(doc: Document) -> list[Table]:
    """The document's tables (DOCX and PDF), analysed; cached on ``doc.meta``."""
    cached = doc.meta.get("_tables") if hasattr(doc, "meta") else None
    if cached is not None:
        return cached
    out: list[Table] = []
    kind = getattr(doc, "kind", None)
    try:
        if kind in GRID_KINDS:
            out = _docx_tables(doc)
        elif kind == "pdf":
            out = _pdf_tables(doc)
        out = _join_continued(doc, out)
        for i, t in enumerate(out):
            t.index = i
            t.index_cells()
            _analyse(doc, t)
    except Exception as exc:  # noqa: BLE001 - tables are an addition; never lose the text figures
        doc.warnings.append(f"tables not read: {type(exc).__name__}: {exc}")
        out = []
    if hasattr(doc, "meta"):
        doc.meta["_tables"] = out
    return out


def _docx_tables(doc: Document) -> list[Table]:
    by_cell: dict[tuple[int, int, int], list[tuple[int, int]]] = {}
    for seg in doc.segments:
        if seg.table is not None:
            a, b = seg.start, seg.end
            while b > a and doc.text[b - 1] in "\n ":
                b -= 1
            if b > a:
                by_cell.setdefault(seg.table, []).append((a, b))
    out = []
    for ti, rows in enumerate(doc.tables or []):
        if not rows:
            continue
        n_cols = max(len(r) for r in rows)
        cells = []
        for r, row in enumerate(rows):
            for c, raw in enumerate(row):
                spans = sorted(by_cell.get((ti, r, c), []))
                if spans:
                    text = "\n".join(" ".join(doc.text[a:b].split()) for a, b in spans)
                else:
                    text = "\n".join(" ".join(p.split()) for p in str(raw).split("\n") if p.strip())
                    text = unicodedata.normalize("NFC", text)
                if not text.strip():
                    continue
                cell = Cell(text, r, c, spans=spans, short_row=doc.kind == "doc" and len(row) < n_cols)
                if spans:
                    cell.start, cell.end = spans[0][0], spans[-1][1]
                    cell.page, cell.line = doc.locate(cell.start)
                cells.append(cell)
        out.append(Table(ti, doc.kind, len(rows), n_cols, cells))
    return out


def _pdf_tables(doc: Document) -> list[Table]:
    if not doc.path or not Path(doc.path).exists():
        return []
    pages = _table_pages(doc)
    if not pages:
        source = doc.meta.pop("_pdf", None) if hasattr(doc, "meta") else None
        if source is not None:
            source.close()  # no page worth a look: let the PDF go
        return []
    source = doc.meta.pop("_pdf", None) if hasattr(doc, "meta") else None
    try:
        raw = find_tables(source if source is not None else doc.path, pages)
        raw = _follow_runs(doc, source if source is not None else doc.path, raw, set(pages))
    finally:
        if source is not None:
            source.close()
    # a chart's frame and gridlines make a grid too: the reader set its region aside
    charts = [(c["page"], c["bbox"]) for c in doc.meta.get("charts", [])]
    raw = [t for t in raw if not any(
        pg == t.page and b[0] - 2 <= (t.bbox[0] + t.bbox[2]) / 2 <= b[2] + 2
        and b[1] - 2 <= (t.bbox[1] + t.bbox[3]) / 2 <= b[3] + 2 for pg, b in charts)]
    if not raw:
        return []
    # the document's text of every (page, line)
    by_line: dict[tuple[int | None, int], list[tuple[int, int]]] = {}
    for seg in doc.segments:
        by_line.setdefault((seg.page, seg.line), []).append((seg.start, seg.end))
    cursor: dict[tuple[int | None, int], int] = {}
    out = []
    for k, pt in enumerate(raw):
        # pieces of the page in reading order, so repeated numbers on a line map in order
        filled = [c for c in pt.cells if c.pieces]  # a grid's empty cells give nothing
        pieces = sorted(((p[0], p[2], id(c), i) for c in filled for i, p in enumerate(c.pieces)))
        cell_by_id = {id(c): c for c in filled}
        found: dict[int, list[tuple[int, int]]] = {}
        for ln, _x, cid, i in pieces:
            c = cell_by_id[cid]
            piece = c.pieces[i][1]
            span = _find_piece(doc.text, by_line.get((pt.page, ln), []), piece, cursor, (pt.page, ln))
            if span is not None:
                found.setdefault(cid, []).append(span)
        cells = []
        for c in filled:
            # (" ".join of each piece's words, then of the pieces: every piece holds a word)
            text = " ".join(" ".join(p[1] for p in c.pieces).split())
            if not text:
                continue
            spans = found.get(id(c))
            if spans:
                spans.sort()
                cell = Cell(text, c.row, c.col, c.rowspan, c.colspan, None, None, spans[0][0], spans[-1][1], spans)
                cell.page, cell.line = doc.locate(cell.start)  # type: ignore[arg-type]
            else:
                cell = Cell(text, c.row, c.col, c.rowspan, c.colspan, pt.page, c.pieces[0][0], spans=[])
            cells.append(cell)
        out.append(Table(k, "pdf", pt.n_rows, pt.n_cols, cells, pages=[pt.page]))
        out[-1]._xs = pt.xs  # type: ignore[attr-defined]
    return out


def _follow_runs(doc: Document, pdf: Any, raw: list[Any], seen: set[int]) -> list[Any]:
    """Tables that run on past the pages :func:`_table_pages` chose: a table that is the
    last thing on its page (no line of text after its last cell but the page's
    furniture) is looked for on the next page too, whose rows may hold words only (a
    plan's tasks and deadlines), until a page does not continue it."""
    last_line: dict[int, int] = {}  # page -> its last line with words that is not furniture
    for seg in doc.segments:
        piece = doc.text[seg.start:seg.end].strip()
        if seg.page is not None and _LETTERS.search(piece) and not _PAGE_FURNITURE.fullmatch(piece):
            last_line[seg.page] = max(last_line.get(seg.page, 0), seg.line)
    while True:
        nxt = set()
        for t in raw:
            if t.page + 1 in seen or t.page + 1 not in last_line:
                continue
            lines = [ln for c in t.cells for ln, *_rest in c.pieces]
            if lines and last_line.get(t.page, 0) <= max(lines):
                nxt.add(t.page + 1)
        if not nxt:
            return raw
        seen |= nxt
        more = find_tables(pdf, sorted(nxt))
        if not more:
            return raw
        raw = sorted(raw + more, key=lambda t: (t.page, -t.bbox[3]))


_WS = re.compile(r"[ \t\u00a0\u2002-\u200a]+")
_LETTERS = re.compile(r"[^\W\d_]")
_NUMBER_WORD = re.compile(r"\d[\d.,]*%?")


def _table_pages(doc: Document) -> list[int]:
    """Pages worth looking at for tables: those where the reader saw at least two line
    pieces made of numbers ("1.200", "1.1.2", "83,1/100 62/63 83,0%") — the values and
    the numbering of a table.  A page of running text has none, so its path objects are
    never parsed (loading a page costs as much as reading it).  A table printed small
    (4-pt type, rows 3 pt apart) comes out of pdfium as one long line, row after row: a
    page with a piece of at least 16 words, half of them numbers, is looked at too."""
    count: dict[int, int] = {}
    text = doc.text
    for seg in doc.segments:
        if seg.page is None:
            continue
        piece = text[seg.start:seg.end]
        if len(piece) < 80:
            if any(map(str.isdigit, piece)) and len(_LETTERS.findall(piece)) <= 2:
                count[seg.page] = count.get(seg.page, 0) + 1
        elif count.get(seg.page, 0) < 2 and _rows_run_together(piece):
            count[seg.page] = 2
    return sorted(p for p, n in count.items() if n >= 2)


def _rows_run_together(piece: str) -> bool:
    """Whether a long piece is mostly numbers: at least 16 words, half of them numbers
    (a shrunk table's rows read as one line, "1 Xã A 120 60 2 Xã B 127 63 …")."""
    words = piece.split()
    if len(words) < 16:
        return False
    nums = sum(1 for w in words if w[0].isdigit() and _NUMBER_WORD.fullmatch(w))
    return 2 * nums >= len(words)


def _find_piece(text: str, segs: list[tuple[int, int]], piece: str, cursor: dict, key) -> tuple[int, int] | None:
    """Where a cell's piece of a line is in the document text: searched in that line's
    segments, after the previous piece of the same line."""
    if not segs:
        return None
    needle = _WS.sub(" ", piece).strip()
    if not needle:
        return None
    lo = cursor.get(key, segs[0][0])
    for a, b in segs:
        if b <= lo:
            continue
        i = text.find(needle, max(a, lo), b)
        if i >= 0:
            cursor[key] = i + len(needle)
            return i, i + len(needle)
    # not found as written (a footnote marker cut out, a joined hyphen): the first and
    # last words, else the whole line
    words = needle.split()
    for a, b in segs:
        i = text.find(words[0], max(a, lo), b)
        if i >= 0:
            j = text.find(words[-1], i, b) if len(words) > 1 else i
            end = j + len(words[-1]) if j >= 0 else i + len(words[0])
            cursor[key] = end
            return i, end
    return None


def _join_continued(doc: Document, tabs: list[Table]) -> list[Table]:
    """A table continued on the next page (PDF) or in the next Word table: same number
    of columns (same rule positions in a PDF), nothing but furniture between them; a
    repeated header is dropped, a row cut by the page break is joined to its first part."""
    if len(tabs) < 2:
        return tabs
    out = [tabs[0]]
    for t in tabs[1:]:
        prev = out[-1]
        if not _continues(doc, prev, t):
            out.append(t)
            continue
        rows = _repeated_header(prev, t)
        shift = prev.n_rows - rows
        first = True
        by_row: dict[int, list[Cell]] = {}
        for c in t.cells:
            by_row.setdefault(c.row, []).append(c)
        for r in range(rows):
            for c in by_row.get(r, []):
                prev.repeated_header.extend(c.spans)
        prev.repeated_header.extend(t.repeated_header)
        for r in range(rows, t.n_rows):
            rcells = by_row.get(r, [])
            stt = next((c for c in rcells if c.col == 0), None)
            if (first and prev.n_rows and (stt is None or not stt.text) and rcells and _cut_row_rest(prev, rcells)
                    and not _opens_block(prev, by_row.get(r + 1, []))):
                # the rest of the previous page's last row
                last = prev.n_rows - 1
                for c in rcells:
                    target = next((p for p in prev.cells if p.row <= last < p.row + p.rowspan
                                   and p.col == c.col), None)
                    if target is None:
                        c.row, c.rowspan = last, 1
                        prev.cells.append(c)
                    else:
                        target.text = (target.text + " " + c.text).strip()
                        target.spans += c.spans
                        if c.end is not None:
                            target.end = max(target.end or c.end, c.end)
                            target.start = target.start if target.start is not None else c.start
                shift -= 1
                first = False
                continue
            first = False
            for c in rcells:
                c.row += shift
                prev.cells.append(c)
        prev.n_rows = max(c.row + c.rowspan for c in prev.cells)
        for p in t.pages:
            if p not in prev.pages:
                prev.pages.append(p)
    return out


def _cut_row_rest(prev: Table, rcells: list[Cell]) -> bool:
    """Whether the first row after a page break, its numbering cell empty, is the rest of
    the previous page's last row rather than a row of its own.  A row of its own says so:
    the page before ended on a total row, its label is a total ("Cộng khối xã" opening the
    next page), or it puts a figure in a
    column where the last row already has one (a cut row's value is printed once, on one
    side of the break: "45" and "812" are two rows, never one "45 812")."""
    last = prev.n_rows - 1
    if any(_total_text(p.text) for p in prev.cells if p.row == last):
        return False  # a total row closes its block on one line: the next page opens a row of its own
    for c in rcells:
        if _total_text(c.text):
            return False
        if parse_cell(c.text) is None:
            continue
        target = next((p for p in prev.cells if p.row <= last < p.row + p.rowspan and p.col == c.col), None)
        if target is not None and parse_cell(target.text) is not None:
            return False
    return True


def _opens_block(prev: Table, after: list[Cell]) -> bool:
    """Whether an unnumbered first row of a page heads a block of its own: the row under it
    opens a numbering ("1", "I", "a") while the previous page's last row went on with one
    ("7"): a cut row's rest is never followed by a numbering starting again."""
    nxt = next((c.text.strip().rstrip(".)") for c in after if c.col == 0), "")
    last = next((c.text.strip().rstrip(".)") for c in prev.cells if c.col == 0 and c.row == prev.n_rows - 1), "")
    opens = ("1", "I", "A", "a")
    return nxt in opens and bool(last) and _rx("numbering").fullmatch(_low(last)) is not None and last not in opens


#: a label that opens with a total word and goes on ("Cộng khối xã", "Tổng cộng phần II"):
#: a block's sub-total, once its figure is the sum of its block (``_block_subtotals``)
_TOTAL_LEAD = re.compile(r"^\s*(?:tổng\s+cộng|cộng)(?:\s*:)?\s+(?!đồng|hòa|hoà|tác|sự|sản|hưởng|điểm\b)\S")


def _total_text(text: str) -> bool:
    """A cell saying total: a total label ("Tổng cộng") or one that opens with a total word
    and names its block ("Cộng khối xã")."""
    return bool(is_total_label(text) or _TOTAL_LEAD.match(_low(text)))


def _continues(doc: Document, a: Table, b: Table) -> bool:
    if a.n_cols != b.n_cols or a.source != b.source:
        return False
    if a.source in ("xlsx", "xls"):
        return False  # a spreadsheet's blocks are whole: a sheet does not run on into the next sheet
    if a.source in GRID_KINDS and _own_header(a, b):
        return False
    xa, xb = getattr(a, "_xs", None), getattr(b, "_xs", None)
    if xa is not None and xb is not None:
        if any(abs(p - q) > 4 for p, q in zip(xa, xb)):
            return False
        if not a.pages or not b.pages or b.pages[0] != a.pages[-1] + 1:
            return False
    ends = [c.end for c in a.cells if c.end is not None]
    starts = [c.start for c in b.cells if c.start is not None]
    if not ends or not starts:
        return False
    between = doc.text[max(ends):min(starts)]
    return all(not re.search(r"[A-Za-zÀ-ỹĐđ0-9]", line) or _PAGE_FURNITURE.fullmatch(line.strip())
               for line in between.split("\n"))


#: a line the page itself prints between two blocks of one table: its number
_PAGE_FURNITURE = re.compile(r"(?i)[-–\s]*(?:(?:trang|page)(?:\s+số)?\s*)?\d{1,4}(?:\s*(?:/|trên|of)\s*\d{0,4})?[-–\s]*")


def _own_header(a: Table, b: Table) -> bool:
    """Whether ``b`` opens with a header row of its own (words only, not the first row of
    ``a`` again): the next Word table with as many columns is then another table."""
    first = [c for c in b.row_cells(0) if c.text.strip()]
    if len(first) < 2 or _repeated_header(a, b):
        return False
    if any(parse_cell(c.text) is not None or _rx("numbering").fullmatch(_low(c.text)) for c in first):
        return False
    head = [c for c in a.row_cells(0) if c.text.strip()]
    return bool(head) and all(not parse_cell(c.text) for c in head)


def _repeated_header(a: Table, b: Table) -> int:
    """How many first rows of ``b`` repeat the first rows of ``a``."""
    n = 0
    for r in range(min(4, a.n_rows, b.n_rows)):
        ra = [_low(c.text) for c in sorted(a.row_cells(r), key=lambda c: c.col)]
        rb = [_low(c.text) for c in sorted(b.row_cells(r), key=lambda c: c.col)]
        if ra and ra == rb:
            n = r + 1
        else:
            break
    return n


# --------------------------------------------------------------------------- analysis

_COLNUM = re.compile(r"^\(?\d{1,2}\)?$|^\(?[A-Z]\)?$")


_ELLIPSIS = re.compile(r"^(?:\.{2,}|…)$")


def _is_column_numbers(cells: list[Cell]) -> bool:
    """A row numbering the columns: "(1) (2) (3)", "A B C 1 2 3", or with the columns of a
    long run left out ("1 2 ... 31 32 33": the days of a month)."""
    texts = [c.text.strip() for c in sorted(cells, key=lambda c: c.col) if c.text.strip()]
    if len(texts) < 3 or not all(_COLNUM.match(t) or _ELLIPSIS.match(t) for t in texts):
        return False
    nums = [int(re.sub(r"\D", "", t)) for t in texts if _ANY_DIGIT.search(t)]
    if len(nums) < 3:
        return False
    if not any(_ELLIPSIS.match(t) for t in texts):
        return nums == list(range(nums[0], nums[0] + len(nums)))
    steps = [b - a for a, b in zip(nums, nums[1:])]
    return all(d > 0 for d in steps) and sum(d == 1 for d in steps) >= 2


def _is_data_row(t: Table, r: int, majority: str | None) -> bool:
    cells = sorted(t.row_cells(r), key=lambda c: c.col)
    cells = [c for c in cells if c.text.strip()]
    if not cells:
        return False
    if _is_column_numbers(cells):
        return False
    first = cells[0]
    if first.col == 0 and _rx("numbering").fullmatch(_low(first.text)) and len(cells) > 1:
        return True
    years = 0
    for c in cells:
        if c.col == 0 and len(cells) > 1:
            continue
        v = parse_cell(c.text, majority)
        if v is not None:
            if len(v.numbers) == 1 and _YEAR.fullmatch(v.numbers[0].raw) and v.numbers[0].value == int(v.numbers[0].raw):
                years += 1  # "2025" in a header row; "1998 | 1999 | 2000" over the columns
                continue
            return True
    return bool(years) and r > 0 and years < 2


def _analyse(doc: Document, t: Table) -> None:
    majority = _majority(doc)
    h = 0
    limit = min(6, max(0, t.n_rows - 1))
    while h < limit and not _is_data_row(t, h, majority):
        h += 1
    if h == limit and h and not _is_data_row(t, h, majority):
        h = 1 if t.n_rows > 1 else 0  # no data row found: the first row is the header
    # a row numbering the columns ends the header, whatever the rows above it look like
    # ("Ghi Nợ Tài khoản 662" over "1 2 3 … 10" is a header, not a data row)
    for r in range(min(8, t.n_rows - 1)):
        if r >= h and _is_column_numbers(t.row_cells(r)):
            h = r + 1
            break
    if t.source in ("xlsx", "xls"):
        h = _sheet_header_end(t, h, majority)
    # a caption in a first row that spans the table: "Đơn vị tính: triệu đồng"
    first = [c for c in t.row_cells(0) if c.text.strip()]
    if h and len(first) == 1 and (first[0].colspan == t.n_cols or t.source in GRID_KINDS):
        cap = _caption_unit(first[0].text)
        if cap:
            t.unit, t.caption, t.caption_row = cap, first[0].text, 0
    t.header_rows = h
    for r in range(h):
        if _is_column_numbers([c for c in t.row_cells(r)]):
            t.numbered_header = r
    if t.source in ("xls", "xlsx") and h:
        _align_header(t, majority)
        if t.realigned and hasattr(doc, "meta"):
            doc.meta.setdefault("realigned_tables", []).append(t.index)
    data_rows = range(h, t.n_rows)
    # numbering column
    col0 = [c for c in (t.origin(r, 0) for r in data_rows) if c is not None and c.text.strip() and c.colspan == 1]
    numbered = [c for c in col0 if _rx("numbering").fullmatch(_low(c.text))]
    if t.n_cols >= 2 and (any(_rx("stt_headers").fullmatch(_low(x)) for x in t.header_cell_texts(0))
                          or (col0 and len(numbered) >= 0.6 * len(col0) and len(numbered) >= 2)):
        t.stt_col = 0
    elif t.n_cols >= 3 and any(_rx("stt_headers").fullmatch(_low(x)) for x in t.header_cell_texts(1)):
        t.stt_col = 1  # a record key before the numbering (a database export): not a value
    # unit column, label column
    for c in range(t.n_cols):
        if any(_rx("unit_columns").fullmatch(_low(x)) for x in t.header_cell_texts(c)[:1]):
            t.unit_col = c
            break
    else:
        t.unit_col = _unit_column_by_content(t, majority) if t.source == "pdf" else None
    for c in range(t.n_cols):
        if c in (t.stt_col, t.unit_col):
            continue
        cells = [x for x in (t.origin(r, c) for r in data_rows) if x is not None and x.text.strip()]
        if not cells:
            continue
        texty = [x for x in cells if len(_LATIN_LETTER.findall(x.text)) >= 3
                 and parse_cell(x.text, majority) is None]
        if len(texty) >= 0.5 * len(cells):
            t.label_col = c
            break
    # caption above the table
    if t.unit is None:
        starts = [c.start for c in t.cells if c.start is not None]
        if starts:
            lo = min(starts)
            before = doc.text[max(0, lo - 400):lo].rstrip().split("\n")[-2:]
            for line in reversed(before):
                cap = _caption_unit(line)
                if cap:
                    t.unit, t.caption = cap, line.strip()
                    break
    if t.source in ("xls", "xlsx"):
        for c in range(t.n_cols):
            if c != t.stt_col and _ordinal_column(t, c):
                t.ordinal_cols.add(c)
    n_values = 0
    for r in data_rows:
        for cell in t.row_cells(r):
            if cell.col not in (t.stt_col, t.label_col, t.unit_col) and parse_cell(cell.text, majority) is not None:
                n_values += 1
    t.data = t.n_rows >= 2 and t.n_cols >= 2 and (t.stt_col is not None or n_values > 0)


def _unit_column_by_content(t: Table, majority: str | None) -> int | None:
    """In a PDF table, a column whose header is garbled or abbreviated otherwise ("DVT",
    "ĐVT ế Hoạch" of a PDF header run together) but whose cells are units ("Hộ", "Người", "%", "Ha",
    "Tạ/ha"), right after the column of labels: short words, no numbers, repeated (at
    least three cells, four in five of the filled ones, at most three distinct in five)."""
    seen_label = False
    for c in range(t.n_cols):
        if c == t.stt_col:
            continue
        cells = [" ".join(x.text.split()) for x in (t.origin(r, c) for r in range(t.header_rows, t.n_rows))
                 if x is not None and x.text.strip() and x.colspan == 1]
        if not cells:
            continue
        if seen_label:
            units = [x for x in cells if _UNIT_WORDS.fullmatch(x) and not _rx("no_units").fullmatch(_low(x))]
            if len(units) >= 3 and len(units) >= 0.8 * len(cells) and len(set(units)) <= 0.6 * len(units):
                return c
            return None  # only the column right after the labels
        if _texty(t, c, majority) >= 0.5:
            seen_label = True
    return None


#: a unit written alone in a cell: one or two short words, "%", "m2", "Tạ/ha"
_UNIT_WORDS = re.compile(r"%|[^\W\d_]{1,8}(?:\s[^\W\d_]{1,8})?[23]?(?:/[^\W\d_]{1,8}[23]?)?")


def row_outline(t: Table) -> list[tuple[int, int | None, str | None]]:
    """The data rows as (row, level, label): the numbering's depth (A > I > 1 > 1.1 > a)
    > - > +) and the row's label, for readers of the rows' hierarchy (figure context)."""
    return [(x.row, x.level, x.label) for x in _rows(t)]


def _ordinal_column(t: Table, col: int) -> bool:
    """Whether a column counts its rows: at least five integers, rising down the table,
    mostly by one (rows without a number between them allowed); a short token ("I",
    "A") may head a block."""
    vals = []
    for r in range(t.header_rows, t.n_rows):
        c = t.origin(r, col)
        text = c.text.strip() if c is not None else ""
        if not text:
            continue
        if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})*", text):
            vals.append(int(re.sub(r"[.,]", "", text)))  # "3.000" written with a group separator
        elif len(text) > 5 or re.search(r"\d", text):
            return False  # a label or another number: not a row counter ("I", "A" may head a block)
    steps = [b - a for a, b in zip(vals, vals[1:])]
    # rising by one from row to row (a few rows left without their number)
    return len(vals) >= 5 and all(d > 0 for d in steps) and sum(d == 1 for d in steps) >= 0.5 * len(steps)


def _texty(t: Table, col: int, majority: str | None) -> float:
    cells = [c for c in (t.origin(r, col) for r in range(t.header_rows, t.n_rows)) if c is not None and c.text.strip()]
    if not cells:
        return 0.0
    return sum(len(_LATIN_LETTER.findall(c.text)) >= 3 and parse_cell(c.text, majority) is None
               for c in cells) / len(cells)


def _align_header(t: Table, majority: str | None) -> None:
    """A spreadsheet export whose header row is one column off its data (a record key
    added before the columns, or the numbering left out): the header column of the row
    labels ("Tên chỉ tiêu") stands over codes while its neighbour holds the labels.  The
    header cells are moved onto the columns their data is in, so that "Cộng" heads the
    column it totals."""
    heads = [(c, _low(c.text)) for r in range(t.header_rows) for c in t.row_cells(r) if c.text.strip()]
    label_head = next((c.col for c, x in heads if re.match(r"(?:tên|nội dung|chỉ tiêu)\b", x)), None)
    if label_head is None or _texty(t, label_head, majority) >= 0.3:
        return
    for d in (1, -1):
        k = label_head + d
        if 0 <= k < t.n_cols and _texty(t, k, majority) >= 0.8:
            for r in range(t.header_rows):
                for c in t.row_cells(r):
                    c.col += d
            t.cells = [c for c in t.cells if c.row >= t.header_rows or 0 <= c.col and c.col + c.colspan <= t.n_cols]
            t.index_cells()
            t.realigned = True
            return


def _texty_row(t: Table, r: int, majority: str | None) -> bool:
    """A header row: at least three cells of words, none a number."""
    cells = [c for c in t.row_cells(r) if c.text.strip()]
    words = [c for c in cells if len(_LATIN_LETTER.findall(c.text)) >= 2]
    return len(words) >= 3 and not any(parse_cell(c.text, majority) is not None for c in cells if c not in words)


def _sheet_header_end(t: Table, h: int, majority: str | None) -> int:
    """A sheet exported from a database often starts with a row of field names and a row
    of query parameters ("10 | 0 | 6 | 6 | 2024 | -1") above the form's own header: the
    data starts after the last header row (cells of words only) of the first rows."""
    end = start = h
    for r in range(h, min(t.n_rows - 1, h + 8)):
        if _texty_row(t, r, majority):
            start = r if end == h else start
            end = r + 1
        elif end > h:
            break
    if end > h and not _is_data_row(t, end, majority):
        return h
    if end > h:
        t.header_start = start
    return end


def _caption_unit(text: str) -> tuple[str, str, int] | None:
    for _entry, rx in _list_rx("unit_captions"):
        m = rx.search(" ".join(text.split()))
        if m:
            u = _unit_name(m.group("unit"))
            if u is not None and (u[0] == "%" or unit_of(m.group("unit")) is not None):
                return u  # a unit of the vocabulary, not "Đơn vị: Sở Nội vụ"
    return None


def header_unit(text: str) -> tuple[str, str, int] | None:
    """The unit a column header states ("Kinh phí (triệu đồng)", "Tỷ lệ (%)", "Điểm tối
    đa", "Thứ hạng"), or None."""
    t = " ".join(text.split())
    for entry, rx in _list_rx("header_units"):
        m = rx.search(t)
        if not m:
            continue
        if "unit" in entry:
            u = entry["unit"]

            form = vocabulary().unit_by_form.get(u.lower())
            return u, entry.get("kind") or (form.kind if form else "count"), 0
        inner = m.group("unit")
        inner = scaled_unit(inner) or inner  # "(Tr.đ)", "(1000 tấn)"
        if inner.strip() == "%":
            return "%", "percent", 0
        u = unit_of(inner.strip())
        if u is not None and u[3] >= len(inner.strip().split("/")[0].rstrip()):
            unit, kind, scale, end = u
            rest = inner.strip()[end:]
            if rest.startswith("/"):
                unit += rest.replace(" ", "")
            return unit, kind, scale
    return None


def _majority(doc: Document) -> str | None:
    m = doc.meta.get("_majority", "?") if hasattr(doc, "meta") else "?"
    if m == "?":
        m = document_majority(doc.text)
        if hasattr(doc, "meta"):
            doc.meta["_majority"] = m
    return m


# --------------------------------------------------------------------------- rows


@dataclass
class _Row:
    row: int
    token: str | None
    level: int | None
    total: bool
    label: str | None
    #: a "Trong đó: …" row: some of the row above, never a term of any sum
    subset: bool = False

    @property
    def tok_numbered(self) -> bool:
        """Numbered "1", "2.", "II" (its label may print the number without a dot: "1 Dịch vụ …")."""
        return bool(self.token and (_ARABIC.fullmatch(self.token) or _ROMAN.fullmatch(self.token))) or bool(
            self.token is None and self.label and re.match(r"\d{1,2}\s+[^\W\d_]", self.label))




_BULLETS = ("-", "+", "*", "•", "–")


_ROMAN = re.compile(r"[IVX]{1,5}")
_ROMAN_DOTTED = re.compile(r"[IVX]{1,5}(?:\.\d{1,3})+")
_LETTER_TOKEN = re.compile(r"[A-Z]|([A-Z])\1{1,3}")
_ARABIC = re.compile(r"\d{1,3}(?:\.\d{1,3})*")
_SMALL_LETTER = re.compile(r"[a-hđ]")
_LABEL_NUMBERING = re.compile(r"^([IVX]{1,5}(?:\.\d{1,3})*|\d{1,3}(?:\.\d{1,3})*|[a-zđ])[.)]?\s+")
_LABEL_BULLET = re.compile(r"^([-+•–])\s+\S")
#: a label's own numbering with or without a space after its dot: "1.Cây …", "1.1.Lúa", "A. SẢN XUẤT"
_LABEL_TIGHT = re.compile(r"^([A-Z]|[IVX]{1,5}|\d{1,2}(?:\.\d{1,2})*)[.)]\s*(?=[^\W\d_])")


def _level(tok: str, last_num: int, last: int) -> int | None:
    """The depth a numbering token gives: A > I > 1 > 1.1 > 1.1.1 > a) > - > +."""
    if _ROMAN.fullmatch(tok):
        return 1  # I, II, IV: sections
    if _LETTER_TOKEN.fullmatch(tok):
        return 0  # A, B: groups of sections (and AA, NNN, OOO of forms that ran out of letters)
    if _ARABIC.fullmatch(tok):
        return 2 + tok.count(".")
    if _SMALL_LETTER.fullmatch(tok):
        return last_num + 1
    if tok in _BULLETS:
        return last + (2 if tok == "+" else 1)
    return None


def _rows(t: Table) -> list[_Row]:
    """The data rows with their numbering, level, total flag and label.  A row without
    numbering stays at the level of the row before it.  Computed once per table."""
    if t._outline is None:
        t._outline = _rows_of(t)
    return t._outline


def _rows_of(t: Table) -> list[_Row]:
    out: list[_Row] = []
    # a score table (a maximum column beside the scores) closes with its overall index
    # ("CHỈ SỐ CHUNG"): the total of the maxima and of the scores
    scored = any("max" in g and "score" in g for g in _score_roles(t).values())
    last_num = 2  # level of the last arabic number (a letter goes one below it)
    offset = 0  # 1 under a dotted sub-section ("III.1"): its numbered items go one deeper
    last = 2  # level of the last numbered row (a bullet goes one below it)
    # an STT column that only counts the rows ("1, 2, 3 …" on every row) while the labels carry
    # their own outline ("1.Cây lương thực" > "1.1.Lúa" > "- Diện tích"): the labels' numbering
    # gives the hierarchy
    own = [m.group(1) for r in range(t.header_rows, t.n_rows)
           if (m := _LABEL_TIGHT.match(t.row_label(r) or "")) and "." in m.group(1)]
    counter = (t.stt_col is not None and len(own) >= 2 and _ordinal_column(t, t.stt_col)
               and all(re.fullmatch(r"\d{1,3}", (c.text.strip() if (c := t.origin(r, t.stt_col)) is not None else ""))
                       for r in range(t.header_rows, t.n_rows)))
    for r in range(t.header_rows, t.n_rows):
        tok = None
        if counter:
            label = t.row_label(r)
            m = _LABEL_TIGHT.match(label or "")
            if m:
                tok = m.group(1)
        elif t.stt_col is not None:
            c = t.origin(r, t.stt_col)
            if c is not None and c.colspan == 1 and c.text.strip():
                tok = _one_line(c.text).rstrip(".):")
        label = t.row_label(r)
        if tok is None and label:
            m = _LABEL_NUMBERING.match(label)
            if m and (m.group(0).rstrip().endswith((".", ")")) or "." in m.group(1)):
                tok = m.group(1)
            elif (b := _LABEL_BULLET.match(label)) and not _SUBSET.match(_low(label)):
                tok = b.group(1)  # "- Bán sim": a bullet one level under the item above
        total = False
        for c in sorted(t.row_cells(r), key=lambda x: x.col)[:3]:
            if is_total_label(c.text) or (scored and _rx("score_total_rows").fullmatch(_low(c.text))):
                total, label = True, _one_line(c.text)
                break
        level = _level(tok, last_num, last) if tok else None
        if tok and _ROMAN.fullmatch(tok):
            offset = 0
        elif tok and _ROMAN_DOTTED.fullmatch(tok):
            # "III.1", "III.2": sub-sections, siblings of each other under III
            level, offset = 1 + tok.count("."), tok.count(".")
        elif level is not None and tok and _ARABIC.fullmatch(tok):
            level += offset  # "1", "2" under a sub-section go one level deeper
        subset = not total and _SUBSET.match(_low(label or "")) is not None
        if subset:
            level = (out[-1].level if out and out[-1].level is not None else last) + 1
        elif level is not None:
            assert tok is not None  # a level comes from a numbering token
            if _ARABIC.fullmatch(tok):
                last_num = level
            if tok not in _BULLETS:
                last = level
        elif not total:
            level = last
        out.append(_Row(r, tok, level, total, label, subset))
    # a block's heading row: no number, no total word, right above units numbered from 1 again
    # ("Khối quản lý | 31 | 35" over "1 Ban Giám đốc …", then "Khối chuyên môn" over "1 Khoa …"):
    # one level above its units (its figures are the block's sub-totals)
    for k in range(len(out) - 1):
        row, nxt = out[k], out[k + 1]
        if (row.token is None and not row.total and not row.subset and row.label and nxt.token == "1"
                and nxt.level is not None and nxt.level >= 1
                and not re.match(r"(?:cộng|tổng|toàn|số dư|lũy kế|luỹ kế)(?![^\W\d_])", _low(row.label))):
            # ("Cộng khối huyện" before the next block closes the block above: not its heading)
            row.level = nxt.level - 1
    return out


#: a row that names some of the row above ("Trong đó: Bưu phẩm bảo đảm KT1")
_SUBSET = re.compile(r"^\s*(?:[-+•]\s*)?(?:trong đó|riêng|bao gồm cả)\b")


# --------------------------------------------------------------------------- figures


def table_figures(doc: Document) -> list[Figure]:
    """Figures of the value cells of every data table, each with ``label`` = its row's
    label, ``column`` = its column's header, ``table``/``row``/``col``, ``cell=True``,
    ``in_table=True``, its unit and where it came from (``unit_source``: ``cell``,
    ``unit column``, ``column``, ``caption`` or ``label``)."""
    out = []
    majority = _majority(doc)
    for t in tables(doc):
        if not t.data:
            continue
        memo: dict[tuple[int, ...], Any] = {}  # what a column's headers and a row's label say, found once
        for r in range(t.header_rows, t.n_rows):
            for c in sorted(t.row_cells(r), key=lambda x: x.col):
                if (c.col in (t.stt_col, t.label_col, t.unit_col) or c.col in t.ordinal_cols
                        or _sheet_code_column(t, c.col)
                        or (t.stt_col is not None and c.col < t.stt_col)
                        or ((t.realigned or (t.source in ("xls", "xlsx") and t.label_col is not None
                                             and c.col < t.label_col))
                            and not t.header_cell_texts(c.col, c.colspan))):
                    # a spreadsheet's column without a header before its labels: record keys
                    continue
                out.extend(_cell_figures(doc, t, c, majority, memo))
    out.sort(key=lambda f: (f.start, f.end))
    return out


def _non_value_column(t: Table, col: int, colspan: int) -> bool:
    heads = t.header_cell_texts(col, colspan)
    # the top header may be a title spanning the table ("PHẦN I - SẢN LƯỢNG …"); the
    # column's own name is its lowest header cell
    return any(_rx("non_value_columns").fullmatch(_low(h)) is not None for h in heads[:1] + heads[-1:])


class _Column(NamedTuple):
    """What a column's headers say, the same for each of its cells (:func:`_column`)."""

    non_value: bool
    label: str | None
    heads: list[str]
    of_years: bool  # a header names years ("năm")
    money: tuple[str, str, int] | None  # an amount of money a header states in parentheses
    unit: tuple[str, str, int] | None  # the first unit a header states, or else names


def _column(t: Table, col: int, colspan: int) -> _Column:
    column = t.column_label(col, colspan)
    heads = t.header_cell_texts(col, colspan)
    if column and " / " in column:
        heads = [column.rsplit(" / ", 1)[1]] + heads  # "Thứ" over "hạng": "Thứ hạng"
    elif column and column not in heads:
        heads = [column] + heads
    money = next((u for h in heads if "(" in h and (u := header_unit(h)) is not None), None)
    unit = next((u for h in heads if (u := header_unit(h)) is not None), None)
    if unit is None:
        for h in heads:
            lu = unit_from_label(TextContext(h, h.lower(), bytearray(len(h) + 1), None), h)
            if lu:
                unit = (lu[0], lu[1], 0)
                break
    return _Column(_non_value_column(t, col, colspan), column, heads, any("năm" in _low(x) for x in heads),
                   money if money is not None and money[1] == "money" else None, unit)


def _cell_figures(doc: Document, t: Table, c: Cell, majority: str | None,
                  memo: dict[tuple[int, ...], Any] | None = None) -> list[Figure]:
    """The figures of one value cell.  ``memo``: the table's columns and row labels as
    found for its earlier cells (they do not change while its figures are made)."""
    if memo is None:
        memo = {}
    neg = _sheet_negative(doc, t, c, majority, memo)
    if neg:
        return neg
    v = parse_cell(c.text, majority)
    if v is None:
        return []
    col = memo.get((c.col, c.colspan))
    if col is None:
        col = memo[(c.col, c.colspan)] = _column(t, c.col, c.colspan)
    if col.non_value:
        return []
    column, heads = col.label, col.heads
    if (c.row,) in memo:
        label = memo[(c.row,)]
    else:
        label = memo[(c.row,)] = t.row_label(c.row)
    if len(v.numbers) == 1 and _YEAR.fullmatch(v.numbers[0].raw) and col.of_years:
        return []
    # the unit: written in the cell > unit column > column header > caption > row label
    unit: tuple[str, str, int] | None = None
    source = None
    if v.percent or v.unit_text:
        if v.percent:
            unit, source = ("%", "percent", 0), "cell"
        else:
            uw = unit_of(v.unit_text)
            assert uw is not None  # parse_cell keeps a unit text only when it is a unit
            unit, source = (uw[0], uw[1], uw[2]), "cell"
    # an amount of money the column header states in parentheses ("GIÁ TRỊ SẢN XUẤT (Tỷ
    # đồng)") is the column's own and beats the row's "ĐVT" cell, which names the unit of
    # the quantity columns ("Tấn" for sản lượng beside a column of values in tỷ đồng); a
    # "(%)" over a group of columns is not taken so (its sub-columns hold quantities)
    if unit is None and t.unit_col is not None and col.money is not None:
        unit, source = col.money, "column"
    if unit is None and t.unit_col is not None:
        uc = t.at(c.row, t.unit_col)
        if uc is not None and uc.text.strip():
            if _rx("coded_units").search(uc.text):
                return []  # "Có = 1; Không = 0": a code, not a figure
            if not _rx("no_units").fullmatch(_low(uc.text)):
                unit, source = _unit_name(uc.text), "unit column"
    if unit is None and col.unit is not None:
        unit, source = col.unit, "column"
    if unit is None and t.unit is not None:
        unit, source = t.unit, "caption"
    if unit is None and label:
        lu = unit_from_label(TextContext(label, label.lower(), bytearray(len(label) + 1), None), label)
        if lu:
            unit, source = (lu[0], lu[1], 0), "label"
    locs = _locate_numbers(doc, c, [n.raw for n in v.numbers] + ([v.rate.raw] if v.rate else []))
    figs = []

    def make(i_from: int, i_to: int, kind: str, value: Decimal, precision: int, raw: str,
             u: tuple[str, str, int] | None, col_label: str | None, **kw) -> Figure:
        a = locs[i_from][0]
        b = locs[i_to][1]
        f = Figure(start=a, end=b, text=" ".join(doc.text[a:b].split()) if b > a else raw, value=value,
                   precision=precision, unit=u[0] if u else None,
                   counted=u[0] if u and u[1] == "count" else None, label=label, kind=kind,
                   scale=u[2] if u else 0, unit_kind=u[1] if u else None,
                   unit_source=source if u else None, raw=raw, in_table=True, column=col_label,
                   table=t.index, row=c.row, col=c.col, cell=True, qualifier=v.qualifier, **kw)
        f.number_start, f.number_end = a, b
        f.page, f.line = doc.locate(a) if a >= 0 else (c.page, c.line)
        return f

    nums = v.numbers
    if len(nums) == 1:
        n = nums[0]
        u = unit
        kind = "number"
        if u and u[1] == "percent":
            kind = "percent"
        elif u and u[1] == "money":
            kind = "money"
        end_i = 0
        f = make(0, end_i, kind, n.value, n.precision, n.raw, u, column)
        if v.percent:
            _extend_to(doc, f, "%")
        elif v.unit_text:
            _extend_to(doc, f, v.unit_text)
        figs.append(f)
    elif len(nums) == 2 or (len(nums) > 2 and not _split_header(heads, len(nums))):
        if len(nums) > 2:
            return []  # a/b/c without a header that names the three: not a figure
        a, b = nums
        raw = f"{a.raw}/{b.raw}"
        figs.append(make(0, 1, "fraction", a.value, a.precision, raw, unit if unit and unit[1] != "percent" else None,
                         column, numerator=a.value, denominator=b.value))
    else:
        names = _split_header(heads, len(nums))
        for i, n in enumerate(nums):
            sub = names[i] if names else None
            lu = None
            if sub:
                lu = unit_from_label(TextContext(sub, sub.lower(), bytearray(len(sub) + 1), None), sub)
            u = (lu[0], lu[1], 0) if lu else unit
            col_label = f"{column} [{sub}]" if sub and column else (sub or column)
            figs.append(make(i, i, "number", n.value, n.precision, n.raw, u, col_label))
    if v.rate is not None:
        k = len(nums)
        f = make(k, k, "percent", v.rate.value, v.rate.precision, v.rate.raw + "%", ("%", "percent", 0), column)
        _extend_to(doc, f, "%")
        f.unit_source = "cell"
        figs.append(f)
    return figs


def _sheet_code_column(t: Table, col: int) -> bool:
    """In a sheet, a column left of the row labels holds numbering or the indicator's code
    ("3.071" written as a grouped number), never a quantity of the row."""
    return t.source in ("xlsx", "xls") and t.label_col is not None and col < t.label_col


def _sheet_negative(doc: Document, t: Table, c: Cell, majority: str | None,
                    memo: dict[tuple[int, ...], Any] | None = None) -> list[Figure]:
    """A spreadsheet cell holding a negative number ("-130.468.154.880", "-27,45 %"): a
    sheet writes its numbers itself, so the "-" is a sign, not a bullet (a difference
    column, a fall).  Read as the positive number, then given its sign.  A Word table's
    cell holding nothing but such a number ("-2.130.488", no space after the "-": a bullet
    has one) is read the same way."""
    text = c.text.strip()
    if t.source not in GRID_KINDS or not re.fullmatch(r"-\d[\d.,]*(?: %)?", text) or c.start is None:
        return []
    pos = Cell(text[1:], c.row, c.col, colspan=c.colspan, rowspan=c.rowspan,
               spans=[(a + 1, b) if a == c.start else (a, b) for a, b in c.spans])
    pos.start, pos.end, pos.page, pos.line = c.start + 1, c.end, c.page, c.line
    figs = _cell_figures(doc, t, pos, majority, memo)
    if len(figs) != 1 or figs[0].kind not in ("number", "money", "percent"):
        return []
    f = figs[0]
    f.value, f.raw = -f.value, "-" + f.raw
    f.start, f.number_start = f.start - 1, f.number_start - 1
    f.text = "-" + f.text
    return figs


def _split_header(heads: list[str], n: int) -> list[str] | None:
    """"Số lượng hồ sơ hỗ trợ/Tổng hồ sơ trực tuyến/Tổng số hồ sơ" over "12/73/82": the
    names of the three numbers."""
    for h in heads:
        parts = [p.strip() for p in h.split("/")]
        if len(parts) == n and all(re.search(r"[A-Za-zÀ-ỹĐđ]", p) for p in parts):
            return parts
    return None


def _extend_to(doc: Document, f: Figure, tail: str) -> None:
    """Take the unit written after the number into the figure's span."""
    text = doc.text
    j = f.end
    while j < len(text) and text[j] == " ":
        j += 1
    tail = tail.strip()
    if tail and text.startswith(tail, j):
        f.end = j + len(tail)
        f.text = " ".join(text[f.start:f.end].split())


def _locate_numbers(doc: Document, c: Cell, raws: list[str]) -> list[tuple[int, int]]:
    """Offsets of each number of a cell in the document text, in order; the cell's start
    where a number cannot be found."""
    text = doc.text
    spans: Sequence[tuple[int, int | None]] = c.spans or ([(c.start, c.end)] if c.start is not None else [])
    out = []
    si = 0
    pos = spans[0][0] if spans else -1
    for raw in raws:
        hit = None
        k = si
        while k < len(spans):
            a, b = spans[k]
            i = text.find(raw, max(a, pos), b)
            while i >= 0 and ((i > 0 and text[i - 1].isdigit()) or (i + len(raw) < len(text) and text[i + len(raw)].isdigit())):
                i = text.find(raw, i + 1, b)
            if i >= 0:
                hit = (i, i + len(raw))
                si = k
                pos = i + len(raw)
                break
            k += 1
        if hit is None:
            base = c.start if c.start is not None else -1
            hit = (base, base if base < 0 else min(c.end or base, base + len(raw)))
        out.append(hit)
    return out


# --------------------------------------------------------------------------- zones


def value_zones(doc: Document) -> list[tuple[int, int]]:
    """Spans of ``doc.text`` the text scanner must skip: the header, value cells,
    numbering cells and unit cells of data tables (the table extractor reads them)."""
    out = []
    majority = _majority(doc)
    for t in tables(doc):
        if not t.data:
            continue
        out.extend(t.repeated_header)
        for c in t.cells:
            if c.row < t.header_rows:
                out.extend(c.spans)  # "(Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)"
                continue
            skip = c.col in (t.stt_col, t.unit_col) and c.colspan == 1
            if not skip and c.col != t.label_col and parse_cell(c.text, majority) is not None:
                skip = True
            if skip:
                out.extend(c.spans)
    return out


def layout_zones(doc: Document) -> list[tuple[int, int]]:
    """Cells of DOCX layout tables (header blocks, signature blocks): not read as text
    figures, as before tables were read."""
    out = []
    for t in tables(doc):
        if t.data or t.source not in GRID_KINDS:
            continue
        for c in t.cells:
            out.extend(c.spans)
    return out


def annotate_figures(doc: Document, figures: list[Figure]) -> None:
    """Give a figure found in a table cell's prose its table, row, column and the column's
    header (``in_table=True``; ``label`` stays the phrase before it)."""
    items = []
    for t in tables(doc):
        if not t.data:
            continue
        for c in t.cells:
            for a, b in c.spans:
                items.append((a, b, t, c))
    if not items:
        return
    items.sort(key=lambda x: x[0])
    starts = [x[0] for x in items]
    for f in figures:
        if f.cell:
            continue
        i = bisect.bisect_right(starts, f.number_start) - 1
        if i < 0:
            continue
        a, b, t, c = items[i]
        if a <= f.number_start < b:
            f.in_table = True
            f.table, f.row, f.col = t.index, c.row, c.col
            f.column = t.column_label(c.col, c.colspan) if c.row >= t.header_rows else None


def check_cell_figures(doc: Document, figures: list[Figure]) -> list[Figure]:
    """Drop a number found in a cell's prose that the cell's own text does not give as a
    figure: the document text joins cells and pages ("(mã TTHC:" on one page, "1.011443)"
    continuing the cell on the next), the cell alone keeps the context that excludes it.
    The cells are scanned together, one paragraph each, in one pass."""

    # keyed as figures name their cell: (table, row, column), None outside a table
    cells: dict[tuple[int | None, int | None, int | None], Cell] = {}
    for t in tables(doc):
        for c in t.cells:
            cells[(t.index, c.row, c.col)] = c
    wanted = sorted({(f.table, f.row, f.col) for f in figures
                     if not f.cell and f.table is not None and f.in_table and (f.table, f.row, f.col) in cells})
    if not wanted:
        return figures
    parts, starts = [], []
    pos = 0
    for key in wanted:
        text = " ".join(cells[key].text.split())
        starts.append(pos)
        parts.append(text)
        pos += len(text) + 2
    found: dict[tuple[int | None, int | None, int | None], set[str]] = {key: set() for key in wanted}
    for g in scan_figures("\n\n".join(parts), labels=False):  # which numbers are figures: no labels needed
        i = bisect.bisect_right(starts, g.number_start) - 1
        found[wanted[i]].add(g.raw)
    return [f for f in figures if f.cell or f.table is None or not f.in_table
            or (f.table, f.row, f.col) not in found or f.raw in found[(f.table, f.row, f.col)]]


# --------------------------------------------------------------------------- statements


def table_statements(doc: Document, figures: Sequence[Figure]) -> list[Statement]:
    """``table_total`` and ``ratio`` statements of the document's tables, naming figures
    by index into ``figures`` (the table figures must be in it: see
    :func:`extract.find.figures.extract_figures`)."""

    where: dict[tuple[int, int | None, int | None], list[int]] = {}
    for i, f in enumerate(figures):
        if getattr(f, "cell", False) and f.table is not None:
            where.setdefault((f.table, f.row, f.col), []).append(i)
    if not where:
        return []
    out: list[Statement] = []
    # a spreadsheet total computed by a formula says itself what it adds: the layout's
    # guess is not a claim of the author (rule TAB002 checks the formula's cached value)
    computed = {tuple(k) for k in (getattr(doc, "meta", None) or {}).get("formula_cells", ())}
    tabs = tables(doc)
    for t in tabs:
        if not t.data:
            continue
        sts = _table_statements(doc, t, figures, where)
        _earlier_pages(doc, tabs, t, sts, figures, where)
        for st in sts:
            w = figures[st.whole] if st.kind == "table_total" and st.whole is not None else None
            if w is not None and (w.table, w.row, w.col) in computed:
                continue
            out.append(st)
    for s in out:
        s.page, s.line = doc.locate(s.start) if s.start >= 0 else (None, None)
        if s.kind != "ratio":
            s.whole_value = figures[s.whole].value if s.whole is not None else None
            s.part_values = [figures[i].value for i in s.parts]
    out.sort(key=lambda s: (s.start, s.end))
    return out


def _main(figs: Sequence[Figure], idx: list[int] | None) -> int | None:
    """The figure of a cell that can be summed: one number (not a fraction, not a rate)."""
    if not idx or len(idx) != 1:
        return None
    f = figs[idx[0]]
    if f.kind == "fraction" or f.unit_kind == "percent" or f.kind == "percent":
        return None
    return idx[0]


def _table_statements(doc: Document, t: Table, figs: Sequence[Figure], where: dict) -> list[Statement]:

    rows = _rows(t)
    if not rows:
        return []
    meta = getattr(doc, "meta", None) or {}
    codes = {c for ti, c in meta.get("code_cols", ()) if ti == t.index}
    value_cols = sorted({c for (ti, _r, c) in where if ti == t.index and c not in codes})
    # a spreadsheet's row hierarchy is not written in its labels the way a report's table
    # is (and its sums are formulas): only explicit total rows and columns are claims
    sheet = getattr(doc, "kind", None) in ("xlsx", "xls")
    # a form whose rows have codes ("Mã số") defines its aggregates over those codes, and
    # prints them where it states them ("(1110+1120+1130)", rule TAB003): its indentation
    # and bullets are no claim of a sum (a code may subtract or leave out a row)
    coded = False
    if not sheet and _code_column(t) is not None:
        sheet = coded = True
    out: list[Statement] = []

    def cell_fig(r: int, c: int) -> int | None:
        return _main(figs, where.get((t.index, r, c)))

    def mk(kind: str, whole: int, parts: list[int], cue: str, complete: bool = True, anchor_row: int | None = None):
        w = figs[whole]
        start, end = w.start, w.end
        if anchor_row is not None:
            lab = t.at(anchor_row, t.label_col) if t.label_col is not None else None
            if lab is not None and lab.start is not None and 0 <= lab.start < start and start - lab.start < 400:
                start = lab.start
        text = " ".join(doc.text[start:end].split()) if end > start >= 0 else w.text
        return Statement(kind, whole, parts, complete, start=start, end=end, text=text, cue=cue)

    # a row the reader gave too few cells may have its values in the wrong columns: no
    # column of such a table is summed (its rows' own total columns still are, row by row)
    short = {c.row for c in t.cells if c.short_row and c.row >= t.header_rows}
    coded_found: list[tuple[int, Statement]] = []  # a coded form's numbered rows over their "- " rows
    # 1. total rows and section rows, per value column
    for c in ([] if short else value_cols):
        def fig_of(j: int, c: int = c) -> int | None:
            return cell_fig(rows[j].row, c)

        for k, region in _total_regions(rows):
            whole = fig_of(k)
            named = _named_rows(rows, k)
            if named is not None:
                # "Cộng (1+2+3)": the rows it names and no other; a named row that says it is
                # a total ("Tổng số xe khách (1)") adds the unmarked rows above it
                parts = [f for f in map(fig_of, named) if f is not None]
                if whole is not None and len(parts) == len(named):
                    out.append(mk("table_total", whole, parts, rows[k].label or "tổng", anchor_row=rows[k].row))
                out.extend(_marked_subtotals(rows, named, fig_of, mk))
                continue
            parts = _sum_set(rows, region, fig_of)
            if whole is not None and parts:
                st = mk("table_total", whole, parts, rows[k].label or "tổng", anchor_row=rows[k].row)
                st.alternatives = _other_readings(rows, region, fig_of, parts)
                out.append(st)
        # section and parent rows
        has_unit_col = t.unit_col is not None
        rate_head = any(_rate_header(h) or "%" in h or "so sánh" in _low(h) for h in t.header_cell_texts(c))
        for k, row in enumerate(rows):
            if coded and not row.total and row.level is not None and row.tok_numbered:
                st = _coded_parent(rows, k, fig_of, mk)
                if st is not None:
                    coded_found.append((row.row, st))
                continue
            if sheet or row.total or row.level is None:
                continue
            whole = cell_fig(row.row, c)
            if whole is None:
                continue
            section = row.level <= 1
            if not section and _RATE_WORD.match(_low(row.label or "")):
                continue
            kids = []
            for j in range(k + 1, len(rows)):
                lj = rows[j].level
                if rows[j].total or lj is None or lj <= row.level or not _descends(row.token, rows[j].token):
                    break
                kids.append(j)
            if not kids:
                continue
            cue = "section" if section else "parent"
            if has_unit_col and not section and not rate_head and (attr := _attribute_rows(t, rows, k, kids, fig_of)):
                # "1.Cây lương thực (Ha)" over "1.1.Lúa" and "1.2.Ngô", each with "- Diện tích (Ha)" and
                # "- Sản lượng (Tấn)": the item is the sum of its sub-headings' rows of its own unit
                st = mk("table_total", whole, attr, "parent (indicator form)", False, anchor_row=row.row)
                out.append(st)
                continue
            if has_unit_col and not section:
                # an indicator form ("STT | Chỉ tiêu | Đơn vị tính | Số liệu"): an item over
                # children of its own unit may be their total — or list some breakdowns of
                # it ("cấp tỉnh", "ngành dọc" of all TTHC) or its stages ("đã kiểm tra", "có
                # sai phạm"): a partial claim (children ≤ item), judged as a warning only
                unit = _unit_text(t, row.row)
                if not unit or unit == "%" or any(_unit_text(t, rows[j].row) not in (unit, "")
                                                  for j in kids if fig_of(j) is not None):
                    continue
                cue = "parent (indicator form)"
            parts = _sum_set(rows, kids, fig_of)
            if parts:
                complete = cue != "parent (indicator form)" and not any(
                    _low(rows[j].label or "").startswith("trong đó") for j in kids)
                st = mk("table_total", whole, parts, cue, complete, anchor_row=row.row)
                if cue == "parent (indicator form)":
                    # "cấp tỉnh 1.865, cấp xã 445, ngành dọc 420" under 2.310: the first
                    # children may be the item's breakdown, the next one another quantity
                    st.alternatives = [("first_children", parts[:k]) for k in range(2, len(parts))]
                out.append(st)
    out.extend(_coded_parents_kept(figs, coded_found))
    # 2. total columns
    for c in value_cols:
        heads = t.header_cell_texts(c)
        if not heads or not _rx("total_columns").fullmatch(_low(heads[0])):
            continue
        # a total column under a group header ("BÁO CÁO SỐ DƯ" over "CỘNG") adds the
        # columns of its group only
        parent = heads[1] if len(heads) > 1 else None
        for side in (1, -1):
            group = []
            k = c + side
            while 0 <= k < t.n_cols:
                kh = t.header_cell_texts(k)
                if parent is not None and kh and parent in kh and _rate_header(kh[0]):
                    k += side  # "Tổng chi | Tỉ lệ (%) | Ngoại trú | % tiền khám | Nội trú": rates between the parts
                    continue
                if not kh and t.source in ("xls", "xlsx"):
                    break  # a column of the export without a header: not one of the parts
                if kh and (_rx("total_columns").fullmatch(_low(kh[0])) or header_unit(kh[0]) == ("%", "percent", 0)):
                    break
                if parent is not None and parent not in kh or k not in value_cols:
                    break
                group.append(k)
                k += side
            if group:
                break
        if not group:
            continue
        if any(_rx("factor_columns").fullmatch(_low(h)) for g in group for h in t.header_cell_texts(g)[:1]):
            continue  # "Số lượng | Trọng số | Tổng": a product, not a sum
        partial = any(_rx("partial_groups").match(_low(h)) for g in group for h in t.header_cell_texts(g))
        found = []
        for row in rows:
            if row.row in short:
                continue
            whole = cell_fig(row.row, c)
            parts = [p for p in (cell_fig(row.row, g) for g in group) if p is not None]
            if whole is not None and parts:
                found.append(mk("table_total", whole, parts, "column total", not partial, anchor_row=row.row))
        if sheet and not partial and not _column_total_holds(figs, found):
            continue
        out.extend(found)
    # 2b. repeated column groups: "Toàn huyện | Xã A | Xã B …", each over the same sub-columns
    if not short:
        out.extend(_group_totals(t, rows, figs, value_cols, cell_fig, mk))
    # 3. rates, and scores against their maximum
    out.extend(_ratios(doc, t, rows, figs, where, value_cols, mk))
    out.extend(_scores(t, rows, figs, where, mk))
    out.extend(_rate_rows_with_counts(t, rows, figs, where, value_cols, mk))
    # 4. a sentence that announces the table's total: "… đối với 2.594 hồ sơ TTHC, cụ thể:"
    if not any(r.total for r in rows):
        s = _lead_in(doc, t, rows, figs, where, value_cols)
        if s is not None:
            out.append(s)
    return out


_GROUP_TOTAL = re.compile(r"(?:toàn\s+(?:huyện|tỉnh|thành\s+phố|thị\s+xã|xã|quốc|ngành|vùng)|tổng\s+(?:số|cộng)|tổng|cộng|cộng\s+chung)")
_AVERAGE_ROW = re.compile(r"năng\s+suất|bình\s+quân|trung\s+bình|t[ỷỉ]\s+lệ|t[ỷỉ]\s+trọng|đơn\s+giá|giá\b|%|/")


def _group_totals(t: Table, rows: list[_Row], figs: Sequence[Figure], value_cols: list[int],
                  cell_fig: Callable[[int, int], int | None], mk: Callable[..., Statement]) -> list[Statement]:
    """A form whose columns repeat one group of sub-columns per unit under a header row that
    names the units, the first group named as their total ("Toàn huyện | Xã Bình An | Xã Hòa
    Lợi …", each over "TH 2029 | KH 2030 | ƯTH 2030 | So sánh %"): each cell of the total's
    group is the sum of the units' cells of the same sub-column, row by row.  Rate and
    comparison sub-columns are not summed, nor rows of an average or a rate (a yield, a
    price, a "%" or "…/…" unit); a sub-column whose rows mostly do not add up is not read
    as a sum at all (its group header was something else).  Cue "column group total"."""
    heads = {c: t.header_cell_texts(c) for c in value_cols}
    out: list[Statement] = []
    for c in value_cols:
        hs = heads[c]
        k = next((k for k in range(1, len(hs)) if _GROUP_TOTAL.fullmatch(_low(hs[k]))), None)
        if k is None:
            continue
        sub = hs[:k]
        if any(_rate_header(h) or "%" in h or _RATE_WORD.search(_low(h)) or "so sánh" in _low(h) for h in sub):
            continue
        group = [c2 for c2 in value_cols if c2 != c and len(heads[c2]) > k and heads[c2][:k] == sub
                 and heads[c2][k] != hs[k] and not _GROUP_TOTAL.fullmatch(_low(heads[c2][k]))]
        if len(group) < 2:
            continue
        found = []
        for row in rows:
            lab = _low(row.label or "") + " " + _low(_unit_text(t, row.row))
            if _AVERAGE_ROW.search(lab):
                continue
            whole = cell_fig(row.row, c)
            parts = [p for p in (cell_fig(row.row, g) for g in group) if p is not None]
            if whole is not None and len(parts) >= 2:
                found.append(mk("table_total", whole, parts, "column group total", True, anchor_row=row.row))
        if found and _column_total_holds(figs, found) and any(_sum_holds(figs, st) for st in found):
            out.extend(found)
    return out


def _attribute_rows(t: Table, rows: list[_Row], k: int, kids: list[int],
                    fig_of: Callable[[int], int | None]) -> list[int]:
    """The figures of an indicator's sub-headings' rows of its own unit: under "1.Cây lương
    thực có hạt | Ha", the sub-headings "1.1.Lúa", "1.2.Ngô" hold no figure and list their
    attributes ("- Diện tích | Ha", "- Sản lượng | Tấn"); each sub-heading's one row of the
    item's unit is a part.  Empty when the children are not all such sub-headings."""
    unit = _unit_text(t, rows[k].row)
    level = rows[k].level
    if not unit or unit == "%" or level is None:
        return []
    heads = [j for j in kids if rows[j].level == level + 1]
    if len(heads) < 2 or any(fig_of(j) is not None for j in heads):
        return []
    parts = []
    for n, h in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else kids[-1] + 1
        same = [j for j in range(h + 1, end) if _unit_text(t, rows[j].row) == unit and fig_of(j) is not None]
        if len(same) != 1:
            return []
        parts.append(fig_of(same[0]))
    return [p for p in parts if p is not None]


def _sum_holds(figs: Sequence[Figure], st: Statement) -> bool:
    """The whole is the sum of the parts within half a unit of each figure's last digit."""
    assert st.whole is not None
    w = figs[st.whole].value
    slack = sum((Decimal(1).scaleb(-figs[i].precision) for i in [st.whole, *st.parts]), Decimal(0)) / 2
    return abs(w - sum((figs[i].value for i in st.parts), Decimal(0))) <= slack


def _coded_parents_kept(figs: Sequence[Figure], found: list[tuple[int, Statement]]) -> list[Statement]:
    """The coded form's parent rows, where the form itself shows them to be sums: at least
    one of them adds up (nonzero) in some column.  A table where none does is no list of
    sums (its bullets may be breakdowns or stages of their item), and is left unread; in one
    where some do, a row that does not is an inconsistency of the form (a TAB001 warning)."""
    if any(_sum_holds(figs, st) and figs[st.whole].value != 0 for _r, st in found if st.whole is not None):
        return [st for _r, st in found]
    return []


def _coded_parent(rows: list[_Row], k: int, fig_of: Callable[[int], int | None], mk: Callable[..., Statement]) -> Statement | None:
    """A coded form's numbered row over its "- " rows ("1 Dịch vụ thư tín" over "- Thư thường
    trong tỉnh", "- Thư thường ngoài tỉnh", "- Thư quốc tế"; a "Trong đó:" row names some of
    the row above and adds nothing; a blank row adds nothing): the reader takes the item as
    the sum of its children.  The form defines its aggregates over its codes, which may
    subtract or leave out a row, so the claim is the layout's, not the author's: cue "parent
    (coded form)", judged as a warning (rule TAB001)."""
    row = rows[k]
    whole = fig_of(k)
    if whole is None:
        return None
    kids: list[int] = []
    for j in range(k + 1, len(rows)):
        r = rows[j]
        if r.subset:
            continue
        if r.total or r.token not in _BULLETS or r.level is None or r.level <= (row.level or 0):
            break
        kids.append(j)
    parts = [p for p in map(fig_of, kids) if p is not None]
    if len(parts) < 2:
        return None
    return mk("table_total", whole, parts, "parent (coded form)", True, anchor_row=row.row)


def _earlier_pages(doc: Document, tabs: list[Table], t: Table, sts: list[Statement],
                   figs: Sequence[Figure], where: dict) -> None:
    """A PDF table that opens at the top of a page after the first may be the last part of
    a table printed over several pages whose earlier blocks were not joined to it (their
    rules sit elsewhere, a caption between): its grand total is then read with the
    earlier blocks too (their "Cộng …" sub-totals, or their items, added to this part's:
    ``earlier_pages``), and when no reading adds up the claim is left open (``unsure``),
    never judged on this part alone."""
    if t.source != "pdf" or not t.pages or min(t.pages) <= 1:
        return
    rows = _rows(t)
    totals = [k for k, r in enumerate(rows) if r.total]
    if not totals:
        return
    last = rows[totals[-1]].row
    page = min(t.pages)
    earlier = []  # the tables just before it, block by block, page by page, of the same columns
    for u in reversed(tabs[:t.index]):
        if not u.data or u.n_cols != t.n_cols or not u.pages or max(u.pages) not in (page, page - 1):
            break
        earlier.append(u)
        page = min(u.pages)
    if not ((earlier or _runs_on(doc, tabs, t)) and (
            _opens_page(doc, t) or _no_header_of_its_own(tabs, t) or _continues_numbering(t))):
        return
    for st in sts:
        w = figs[st.whole] if st.whole is not None else None
        if st.kind != "table_total" or w is None or w.table != t.index or w.row != last or st.cue in (
                "column total", "section", "parent", "parent (indicator form)", "table below"):
            continue
        st.unsure = "earlier_pages"
        before_subs: list[int] = []
        before_leaves: list[int] = []
        for u in earlier:
            urows = _rows(u)

            def fig_u(j: int, u: Table = u, urows: list[_Row] = urows) -> int | None:
                return _main(figs, where.get((u.index, urows[j].row, w.col)))
            subs = [j for j, r in enumerate(urows) if r.total or _TOTAL_LEAD.match(_low(r.label or ""))]
            before_subs += [f for f in (fig_u(j) for j in subs) if f is not None]
            before_leaves += _sum_set(urows, [j for j in range(len(urows)) if j not in subs], fig_u)
        if not earlier:
            continue
        # blocks with their sub-totals on their heading rows, a block running on over a page
        # break: read over the parts in page order as one run of rows
        run_rows: list[_Row] = []
        run_figs: list[int | None] = []
        for u in reversed(earlier):
            for r in _rows(u):
                run_rows.append(r)
                run_figs.append(_main(figs, where.get((u.index, r.row, w.col))))
        for r in rows[:totals[-1]]:
            run_rows.append(r)
            run_figs.append(_main(figs, where.get((t.index, r.row, w.col))))
        heads = _heading_reading(run_rows, list(range(len(run_rows))), run_figs.__getitem__)
        own = [("parts", st.parts)] + list(st.alternatives)
        for name, parts in own:
            st.alternatives.append(("earlier_pages", before_subs + parts))
            if name == "leaf_rows":
                st.alternatives.append(("earlier_pages", before_leaves + parts))
        if heads is not None:
            st.alternatives.append(("earlier_pages", heads))


def _opens_page(doc: Document, t: Table) -> bool:
    """Whether a table begins at the top of a page after the first: nothing but the page's
    furniture, a unit caption or a "(tiếp theo)" line above its first cell there."""
    starts = [c.start for c in t.cells if c.start is not None]
    if not starts:
        return False
    lo = min(starts)
    page, _line = doc.locate(lo)
    if not page or page <= 1:
        return False
    top = min((seg.start for seg in doc.segments if seg.page == page), default=lo)
    for line in doc.text[top:lo].split("\n"):
        line = line.strip()
        if line and not (_PAGE_FURNITURE.fullmatch(line) or _GOES_ON.search(_low(line))
                         or (len(line) < 60 and _caption_unit(line))):
            return False
    return True


def _no_header_of_its_own(tabs: list[Table], t: Table) -> bool:
    """A table with no header row, or whose header repeats the header of the table before
    it: a part of a table printed over pages, whatever is printed above it."""
    if t.header_rows == 0:
        return True
    prev = tabs[t.index - 1] if t.index > 0 else None
    return prev is not None and prev.n_cols == t.n_cols and _repeated_header(prev, t) >= t.header_rows


#: a line saying the table goes on from the page before: "(tiếp theo)", "Biểu 01 (tiếp)"
_GOES_ON = re.compile(r"\(\s*tiếp(?:\s+theo)?\s*\)|\btiếp\s+theo\b")


def _runs_on(doc: Document, tabs: list[Table], t: Table) -> bool:
    """Whether a table may go on from the page before: a table ends on that page, or its
    first numbered row does not open a numbering ("5", "III")."""
    page = min(t.pages) if t.pages else None
    if page is None:
        return False
    return any(u.pages and max(u.pages) == page - 1 for u in tabs[:t.index]) or _continues_numbering(t)


def _continues_numbering(t: Table) -> bool:
    """Whether the table's first numbered row goes on with a numbering ("5", "III"), not
    opens one ("1", "I", "A")."""
    first = next((r.token for r in _rows(t) if r.token and r.token not in _BULLETS), None)
    return first is not None and first.upper() not in ("1", "I", "A", "1.1", "I.1")


def _lead_in(doc: Document, t: Table, rows: list[_Row], figs: Sequence[Figure], where: dict, value_cols: list[int]) -> Statement | None:
    """A count stated in the paragraph that introduces the table and ends with ":" ("đã hỗ
    trợ hướng dẫn đối với 2.594 hồ sơ TTHC, cụ thể:") is the total of the table's column
    of that unit (the first number of each cell: the count in "862/1.266 (68,1%)")."""

    starts = [c.start for c in t.cells if c.start is not None]
    if not starts:
        return None
    lo = min(starts)
    para_start = doc.text.rfind("\n", 0, max(0, lo - 1)) + 1
    intro = doc.text[para_start:lo].rstrip()
    if not intro.endswith(":") or "\n" in intro:
        return None
    cands = [i for i, f in enumerate(figs) if para_start <= f.start < lo and not f.cell and f.unit
             and f.unit_kind == "count" and f.kind == "number"]
    for wi in reversed(cands):
        unit = figs[wi].unit
        assert unit is not None  # cands have a unit
        fam = family(unit)
        for c in value_cols:
            firsts = []
            for row in rows:
                idx = where.get((t.index, row.row, c))
                if idx:
                    firsts.append((row, idx[0]))
            if len(firsts) < 1 or any(figs[i].unit is None or family(figs[i].unit) != fam for _, i in firsts):
                continue
            parts = [i for _, i in firsts]
            w = figs[wi]
            s = Statement("table_total", wi, parts, True, start=w.start, end=lo, cue="table below")
            s.text = " ".join(doc.text[w.start:lo].split())
            return s
    return None


_DOTTED = re.compile(r"\d{1,3}(?:\.\d{1,3})*")


def _descends(parent: str | None, kid: str | None) -> bool:
    """Whether a row numbered ``kid`` can be under the row numbered ``parent``: "3.1" is
    under "3", never under "2" (a dotted number names its parent)."""
    if not parent or not kid or not _DOTTED.fullmatch(parent) or not _DOTTED.fullmatch(kid):
        return True
    if kid.count(".") <= parent.count("."):
        return True  # not a dotted child: the levels decide
    return kid.startswith(parent + ".")


def _total_regions(rows: list[_Row]) -> list[tuple[int, list[int]]]:
    """(total row, the rows it sums) for every total row.  A total followed by another is
    a sub-total of the rows since the previous total (or, when it comes first, of the rows
    after it); the last total sums the sub-totals and the rows no sub-total closes."""
    totals = [k for k, row in enumerate(rows) if row.total]
    out = []
    covered: set[int] = set()
    subs: list[int] = []
    prev = -1
    for n, k in enumerate(totals):
        nxt = totals[n + 1] if n + 1 < len(totals) else len(rows)
        if n + 1 < len(totals):
            region = [j for j in range(prev + 1, k) if not rows[j].total]
            if not region:
                region = [j for j in range(k + 1, nxt) if not rows[j].total]
            covered.update(region)
            subs.append(k)
        else:
            region = [j for j in range(k) if not rows[j].total and j not in covered]
            region = sorted(region + subs)
            if not region:  # a grand total above its rows
                region = [j for j in range(k + 1, len(rows)) if not rows[j].total]
        out.append((k, region))
        prev = k
    return out


def _mark(label: str | None) -> str | None:
    """The mark a row prints at the end of its label ("Xe tải (2)" → "2"), lower case."""
    m = _rx("row_marks").search(_low(label or ""))
    return m.group(1) if m else None


def _named_rows(rows: list[_Row], k: int) -> list[int] | None:
    """The rows a total row names by their marks ("Cộng (1+2+3)": the rows above it marked
    (1), (2), (3), or numbered so when no label prints marks), once each; None when its
    label names none or a named row is not found."""
    m = _rx("marked_totals").search(_low(rows[k].label or ""))
    if m is None:
        return None
    names = [n.strip() for n in m.group(1).split("+")]
    marked: dict[str, list[int]] = {}
    numbered: dict[str, list[int]] = {}
    for j in range(k):
        if (mk := _mark(rows[j].label)) is not None:
            marked.setdefault(mk, []).append(j)
        if tok := rows[j].token:
            numbered.setdefault(tok.lower(), []).append(j)
    for table in (marked, numbered):
        found = [table.get(n, []) for n in names]
        if all(len(f) == 1 for f in found):
            return [f[0] for f in found]
    return None




def _marked_subtotals(rows: list[_Row], named: list[int], fig_of, mk) -> list[Statement]:
    """A row a total names by its mark and that says it is a total ("Tổng số xe khách (1)")
    adds the rows above it back to the row named before it (or the table's top)."""
    out = []
    prev = -1
    for j in named:
        lo, prev = prev, j
        if not _rx("total_word").match(_low(rows[j].label or "")):
            continue
        whole = fig_of(j)
        region = [i for i in range(lo + 1, j) if not rows[i].total]
        parts = _sum_set(rows, region, fig_of) if whole is not None and region else []
        if whole is not None and len(parts) >= 2:
            out.append(mk("table_total", whole, parts, rows[j].label or "tổng", anchor_row=rows[j].row))
    return out


def _unit_text(t: Table, row: int) -> str:
    """The unit a form's "Đơn vị tính" column gives a row, in lower case ("" when blank)."""
    c = t.origin(row, t.unit_col) if t.unit_col is not None else None
    return " ".join(_low(c.text).split()) if c is not None and c.text.strip() else ""


def _other_readings(rows: list[_Row], region: list[int], fig_of, parts: list[int]) -> list[tuple[str, list[int]]]:
    """Other part lists a total row may mean, beside the rows of its region:

    - ``last_block``: the unnumbered rows right above the total, after numbered ones
      ("1 … 4", then "Ngân sách Trung ương | Ngân sách địa phương | TỔNG CỘNG"): the
      total of that last list only;
    - ``section_subtotals``: a section without a value whose last row is unnumbered and
      has one ("I Trang bị | 1 … 9 | Cộng I"): that row is the section's subtotal."""
    out: list[tuple[str, list[int]]] = []
    tail: list[int] = []
    for j in reversed([j for j in region if not rows[j].total]):
        if rows[j].token is not None:
            break
        tail.append(j)
    tail.reverse()
    if len(tail) >= 2 and len(tail) < len([j for j in region if not rows[j].total]):
        block = [f for f in (fig_of(j) for j in tail) if f is not None]
        if len(block) >= 2 and block != parts:
            out.append(("last_block", block))
    levels = [lv for j in region if (lv := rows[j].level) is not None and not rows[j].total]
    top = min(levels) if levels else None
    alt: list[int] = []
    changed = False
    i = 0
    while i < len(region):
        j = region[i]
        m = i + 1
        while m < len(region) and not rows[region[m]].total and (rows[region[m]].level or 0) > (rows[j].level or 0):
            m += 1
        if rows[j].level == top and not rows[j].total and fig_of(j) is None and m - 1 > i:
            last = region[m - 1]
            if rows[last].token is None and fig_of(last) is not None:
                alt.append(fig_of(last))
                changed = True
                i = m
                continue
        if rows[j].level == top or rows[j].total:
            f = fig_of(j)
            if f is not None:
                alt.append(f)
            elif m - 1 > i:
                alt.extend(_sum_set(rows, region[i + 1:m], fig_of))
        i = m
    if changed and alt and alt != parts:
        out.append(("section_subtotals", alt))
    out.extend(_block_subtotals(rows, region, fig_of, parts))
    return out


def _block_subtotals(rows: list[_Row], region: list[int], fig_of, parts: list[int]) -> list[tuple[str, list[int]]]:
    """A table printed in blocks, each closed by a row whose label opens with a total word
    and names its block ("Cộng khối huyện", "Cộng trang"): the grand total is the sum of
    those sub-totals and of the rows after the last one (``block_subtotals``), or the sum
    of every other row, the blocks' items over all pages (``leaf_rows``)."""
    out: list[tuple[str, list[int]]] = _heading_subtotals(rows, region, fig_of, parts)
    subs = [j for j in region if not rows[j].total and _TOTAL_LEAD.match(_low(rows[j].label or ""))
            and fig_of(j) is not None]
    if not subs:
        return out
    tail = [j for j in region if j > subs[-1]]
    blocks = [f for f in (fig_of(j) for j in subs) if f is not None] + (_sum_set(rows, tail, fig_of) if tail else [])
    if len(blocks) >= 2 and blocks != parts:
        out.append(("block_subtotals", blocks))
    leaves = _sum_set(rows, [j for j in region if j not in subs], fig_of)
    if leaves and leaves != parts:
        out.append(("leaf_rows", leaves))
    return out


def _heading_subtotals(rows: list[_Row], region: list[int], fig_of, parts: list[int]) -> list[tuple[str, list[int]]]:
    """A table in blocks that print their sub-total on the block's heading row, at its top
    ("Khối nội | 64 | 71", an unnumbered row over numbered ones, no total word): the total
    is the sum of those headings' figures and of the items of the blocks whose heading has
    none (``heading_subtotals``)."""
    out = _heading_reading(rows, region, fig_of)
    return [("heading_subtotals", out)] if out is not None and len(out) >= 2 and out != parts else []


def _heading_reading(rows: list[_Row], region: list[int], fig_of) -> list[int] | None:
    """The figures a total over ``region`` adds when its blocks print their sub-totals on
    their heading rows (see :func:`_heading_subtotals`); None when the region has fewer
    than two block headings or none with a figure."""
    body = [j for j in region if not rows[j].total]
    heads = [j for n, j in enumerate(body) if rows[j].token is None and not rows[j].subset and rows[j].label
             and n + 1 < len(body) and body[n + 1] == j + 1 and rows[j + 1].token is not None
             and rows[j + 1].token not in _BULLETS]
    if len(heads) < 2 or not any(fig_of(j) is not None for j in heads):
        return None
    out: list[int] = _sum_set(rows, [j for j in body if j < heads[0]], fig_of)
    for n, h in enumerate(heads):
        nxt = heads[n + 1] if n + 1 < len(heads) else len(rows)
        block = [j for j in body if h < j < nxt]
        f = fig_of(h)
        out += [f] if f is not None else _sum_set(rows, block, fig_of)
    return out


def _sum_set(rows: list[_Row], region: list[int], fig_of) -> list[int]:
    """The figures a total over ``region`` adds up: the region's top-level rows; a row
    without a value in the column stands for its children's."""
    region = [j for j in region if not rows[j].subset]
    if not region:
        return []
    levels = [lv for j in region if (lv := rows[j].level) is not None and not rows[j].total]
    top = min(levels) if levels else None
    out: list[int] = []
    i = 0
    while i < len(region):
        j = region[i]
        row = rows[j]
        if row.total:
            f = fig_of(j)
            if f is not None:
                out.append(f)
            i += 1
            continue
        if row.level is not None and top is not None and row.level > top:
            i += 1
            continue
        kids = []
        m = i + 1
        while m < len(region) and (rows[region[m]].total is False and (lm := rows[region[m]].level) is not None
                                   and row.level is not None and lm > row.level):
            kids.append(region[m])
            m += 1
        f = fig_of(j)
        if f is not None:
            out.append(f)
        elif kids:
            out.extend(_sum_set(rows, kids, fig_of))
        i = m
    return out


def _ratios(doc: Document, t: Table, rows: list[_Row], figs: Sequence[Figure], where: dict, value_cols: list[int], mk) -> list[Statement]:

    out = []

    def ratio(pct: int, num: int, den: int, cue: str, row: int | None = None) -> Statement | None:
        d = figs[den]
        if (d.denominator if d.kind == "fraction" else d.value) == 0:
            return None  # 0 of 0: no rate to check
        p = figs[pct]
        if row is not None:
            s = mk("ratio", pct, [], cue, anchor_row=row)
            s.whole = None
            s.percent, s.numerator, s.denominator = pct, num, den
            return s
        a, b = min(figs[num].start, p.start, figs[den].start), max(figs[num].end, p.end, figs[den].end)
        s = Statement("ratio", None, [], True, percent=pct, numerator=num, denominator=den,
                      start=a, end=b, cue=cue)
        s.text = " ".join(doc.text[a:b].split()) if b > a >= 0 and b - a < 400 else p.text
        return s

    # a. a cell "a/b (P%)"
    for (ti, r, c), idx in where.items():
        if ti != t.index or len(idx) != 2:
            continue
        f, g = figs[idx[0]], figs[idx[1]]
        if f.kind == "fraction" and g.kind == "percent":
            out.append(ratio(idx[1], idx[0], idx[0], "table cell a/b (P%)"))
    out = [x for x in out if x is not None]
    # b. a rate column after a count column and a "Tổng …" column
    for p in value_cols:
        heads = t.header_cell_texts(p)
        if not heads or (header_unit(heads[0]) != ("%", "percent", 0)
                         and not (t.source in ("xlsx", "xls") and _rate_header(heads[0]))):
            continue
        left = [c for c in value_cols if c < p]
        if len(left) < 2:
            continue
        num_col = left[-1]
        den_col = next((c for c in reversed(left[:-1])
                        if any(_low(h).startswith("tổng") for h in t.header_cell_texts(c)[:2])), None)
        if den_col is None or not _rate_columns_related(t, p, num_col, den_col):
            continue
        if header_unit(heads[0]) != ("%", "percent", 0):
            # a sheet's rate named by its numerator ("TL_Nội trú" after "Nội trú"), not "% tiền giường"
            nh = t.header_cell_texts(num_col)
            if not nh or _low(nh[0]) not in _low(heads[0]):
                continue
        for row in rows:
            pi = where.get((t.index, row.row, p))
            ni = _main(figs, where.get((t.index, row.row, num_col)))
            di = _main(figs, where.get((t.index, row.row, den_col)))
            if pi and len(pi) == 1 and ni is not None and di is not None:
                out.append(ratio(pi[0], ni, di, "table column rate", row.row))
    # c. a rate row over its base and its count (indicator tables)
    for c in value_cols:
        for k, row in enumerate(rows):
            pi = where.get((t.index, row.row, c))
            if not pi or len(pi) != 1 or row.level is None:
                continue
            pf = figs[pi[0]]
            if not (pf.unit_kind == "percent" or _RATE_WORD.match(_low(row.label or ""))):
                continue
            kids = []
            for j in range(k + 1, len(rows)):
                lj = rows[j].level
                if rows[j].total or lj is None or lj <= row.level:
                    break
                if rows[j].level == row.level + 1:
                    kids.append(j)
            if len(kids) != 2:
                continue
            found = [_main(figs, where.get((t.index, rows[j].row, c))) for j in kids]
            if any(i is None for i in found):
                continue
            ki = [i for i in found if i is not None]
            if any(figs[i].unit_kind == "percent" for i in ki):
                continue
            kv = [figs[i].value for i in ki]
            if pf.precision == 0 and pf.value in kv and not (kv[0] > 0 and abs(kv[1] * 100 / kv[0] - pf.value) < 1
                                                            or kv[1] > 0 and abs(kv[0] * 100 / kv[1] - pf.value) < 1):
                continue  # the "%" row holds one of its counts: no rate (rule TAB006)
            labels = [_low(rows[j].label or "") for j in kids]
            den, num = ki
            if labels[1].startswith("tổng") and not labels[0].startswith("tổng"):
                num, den = ki
            out.append(ratio(pi[0], num, den, "table rate row", row.row))
    return [x for x in out if x is not None]


_RATE_LABEL = re.compile(r"^(?:[-+•]\s*)?(?:\d+(?:\.\d+)*[.)]?\s+)?t[ỷỉ] lệ\b")
#: a rate that may pass 100: a comparison or a growth, not a share of a whole
_RATE_OVER_100 = re.compile(r"so với|so sánh|tăng|giảm|vượt|cùng kỳ|kế hoạch|bình quân|tốc độ|chỉ số|lần")


def _rate_rows_with_counts(t: Table, rows: list[_Row], figs: Sequence[Figure], where: dict,
                           value_cols: list[int], mk) -> list[Statement]:
    """``unit`` statements: a "Tỷ lệ …" row (or a row whose unit is "%") holding what
    cannot be a share: a value above 100, or one of the counts of the rows under it
    ("Tỷ lệ hồ sơ đúng hạn | 45" over "Số hồ sơ giải quyết | 60", "Đúng hạn | 45")."""
    out: list[Statement] = []
    for k, row in enumerate(rows):
        label = _low(row.label or "")
        unit_cell = t.origin(row.row, t.unit_col) if t.unit_col is not None else None
        by_unit = unit_cell is not None and unit_cell.text.strip() == "%"
        if row.total or not (_RATE_LABEL.match(label) or by_unit) or _RATE_OVER_100.search(label):
            continue
        kids = []
        for j in range(k + 1, len(rows)):
            lj = rows[j].level
            if rows[j].total or lj is None or row.level is None or lj <= row.level:
                break
            if not _RATE_LABEL.match(_low(rows[j].label or "")):
                kids.append(j)
        for c in value_cols:
            idx = where.get((t.index, row.row, c))
            if not idx or len(idx) != 1 or figs[idx[0]].kind == "fraction" or not t.header_cell_texts(c):
                continue  # a column without a header says nothing of its unit
            pf = figs[idx[0]]
            counts = [i for i in (_main(figs, where.get((t.index, rows[j].row, c))) for j in kids) if i is not None]
            vals = [figs[i].value for i in counts]
            # "50" over 100 and 50 is both the count and the share: no finding
            share = any(b > 0 and abs(a * 100 / b - pf.value) < 1 for a in vals for b in vals)
            if pf.value > 100 or (pf.precision == 0 and pf.value >= 2 and pf.value in vals and not share):
                s = mk("unit", idx[0], counts, "rate row holds a count" if pf.value <= 100 else "rate row above 100",
                       anchor_row=row.row)
                out.append(s)
    return out


def _score_roles(t: Table) -> dict[tuple[str, ...], dict[str, int]]:
    """The score columns of a table by group header: {group: {"max": c, "score": c,
    "index": c}} ("Lâm Đồng / Điểm số | Chỉ số" under one group)."""
    groups: dict[tuple[str, ...], dict[str, int]] = {}
    for c in range(t.n_cols):
        if c in (t.stt_col, t.label_col, t.unit_col):
            continue
        heads = t.header_cell_texts(c)
        if not heads:
            continue
        h = _low(heads[0])
        role = ("max" if _rx("score_max_columns").fullmatch(h) else "index" if _rx("index_columns").fullmatch(h)
                else "score" if _rx("score_columns").fullmatch(h) else None)
        if role is not None:
            groups.setdefault(tuple(heads[1:]), {}).setdefault(role, c)
    return groups


def _scores(t: Table, rows: list[_Row], figs: Sequence[Figure], where: dict, mk) -> list[Statement]:
    """``score`` statements: a criterion's score against its maximum, and the index the
    table gives for them (score / maximum × 100), from the columns "Điểm tối đa | Điểm
    đạt | Chỉ số (%)", or from one cell "52,40/80" beside its index "65,50%"."""
    out: list[Statement] = []

    def score(num: int, den: int, pct: int | None, cue: str, row: int) -> None:
        s = mk("score", num, [], cue, anchor_row=row)
        s.whole = None
        s.numerator, s.denominator, s.percent = num, den, pct
        out.append(s)

    def one(idx: list[int] | None) -> int | None:
        if not idx or len(idx) != 1 or figs[idx[0]].kind == "fraction":
            return None
        return idx[0]

    for roles in _score_roles(t).values():
        if "max" not in roles or "score" not in roles:
            continue
        for row in rows:
            num = _main(figs, where.get((t.index, row.row, roles["score"])))
            den = _main(figs, where.get((t.index, row.row, roles["max"])))
            if num is None or den is None or figs[den].value <= 0:
                continue
            pct = one(where.get((t.index, row.row, roles["index"]))) if "index" in roles else None
            score(num, den, pct, "score / maximum" + (" = index" if pct is not None else ""), row.row)
    # "52,40/80" in one cell, its index in the next value cell of the row
    for (ti, r, c), idx in where.items():
        if ti != t.index or len(idx) != 1:
            continue
        f = figs[idx[0]]
        if f.kind != "fraction" or f.denominator is None or f.denominator <= 0:
            continue
        heads = " ".join(_low(h) for h in t.header_cell_texts(c))
        if f.unit_kind != "score" and "điểm" not in heads:
            continue
        nxt = next((where[(ti, r, k)] for k in range(c + 1, min(c + 3, t.n_cols)) if (ti, r, k) in where), None)
        pct = one(nxt)
        if pct is not None and figs[pct].kind != "percent" and not any(
                _rx("index_columns").fullmatch(_low(h)) for h in t.header_cell_texts(figs[pct].col or 0)[:1]):
            pct = None
        score(idx[0], idx[0], pct, "score/maximum" + (" = index" if pct is not None else ""), r)
    return out


def _column_total_holds(figs: Sequence[Figure], found: list[Statement]) -> bool:
    """Whether a sheet's "Cộng" column, read as the total of its neighbours, agrees in at
    least half of the rows that hold a number: a guess that nearly every row contradicts
    is a header set over the wrong columns (an export whose field names are shifted
    against its data), not a column of wrong totals."""
    filled = agree = 0
    for st in found:
        assert st.whole is not None
        w = figs[st.whole].value
        parts = [figs[i].value for i in st.parts]
        if w == 0 and not any(parts):
            continue
        filled += 1
        agree += _sum_holds(figs, st)
    return filled < 3 or 2 * agree >= filled


def _rate_header(text: str) -> bool:
    """A column header naming a rate: "Tỷ lệ (%)", "% tiền khám", "TL_Nội trú (%)"."""
    low = _low(text)
    return (header_unit(text) == ("%", "percent", 0) or low.startswith("%")
            or re.match(r"t[ỷỉ] lệ|tl[_ ]", low) is not None)


def _rate_columns_related(t: Table, p: int, num_col: int, den_col: int) -> bool:
    """Whether a rate column can be its left neighbour over a "Tổng …" column: not when
    the neighbour is itself a total ("Tổng chi | Tỉ lệ (%)": the row's share of the
    column's total), nor when the three sit under different group headers ("Số lượt KCB:
    Tổng cộng …" and "Tổng chi (tỷ đ): Tổng chi | Tỉ lệ (%)")."""
    num_heads = t.header_cell_texts(num_col)
    if num_heads and re.match(r"tổng", _low(num_heads[0])):
        return False
    groups = [h[1:] for h in (t.header_cell_texts(p), num_heads, t.header_cell_texts(den_col))]
    if all(groups) and not (groups[0] == groups[1] == groups[2]):
        return False
    return True


# --------------------------------------------------------------------------- printed formulas


def _code_column(t: Table) -> int | None:
    """The form's row-code column ("Mã số"), by its header."""
    for c in range(t.n_cols):
        heads = t.header_cell_texts(c)
        if heads and any(_rx("code_columns").fullmatch(_low(h)) for h in heads[:1] + heads[-1:]):
            return c
    return None


def _rate_column(t: Table, c: int) -> bool:
    return any(_rx("rate_columns").fullmatch(_low(h)) for h in t.header_cell_texts(c))


def _cell_index(figures: Sequence[Any]) -> dict[tuple[int, int, int], list[int]]:
    """(table, row, column) → the indices of the value figures read from that cell."""
    where: dict[tuple[int, int, int], list[int]] = {}
    for i, f in enumerate(figures):
        if f.cell and f.table is not None and f.row is not None and f.col is not None:
            where.setdefault((f.table, f.row, f.col), []).append(i)
    return where


def _sub_codes(code: str, codes: Container[str]) -> list[str]:
    """The codes of the form one digit longer that begin with ``code`` (4671 → 46711, 46712)."""
    return [c for c in (code + str(d) for d in range(10)) if c in codes]


def _table_at(tabs: Sequence[Table], ti: int, r: int) -> Any:
    """The label cell of row ``r`` of the table numbered ``ti``."""
    t = next((x for x in tabs if x.index == ti), None)
    return t.at(r, t.label_col) if t is not None and t.label_col is not None else None


def formula_terms(formula: str, codes: Container[str]) -> list[tuple[int, str]] | None:
    """The signed codes of a printed row formula (the inside of ``row_formulas``): a code
    broken over a line ("53 19") read whole, a doubled sign as one, and "…" between two
    added codes as every code of the form (``codes``) between them, of their length (the
    range's upper bound only where the form has that row; a code counts as the form's where
    rows are coded under it).  None when an ellipsis has no two added codes of one length around it."""
    toks = re.findall(r"(\d{1,2} \d{2,3}(?!\d)|\d{3,5})|([-+])|(…|\.{2,})", formula)
    out: list[tuple[int, str]] = []
    sign, gap = 1, False
    for code, op, dots in toks:
        if op:
            sign = -1 if op == "-" else (sign if sign < 0 else 1)
            continue
        if dots:
            gap = True
            continue
        code = code.replace(" ", "")
        if gap:
            lo = out[-1][1] if out else ""
            if not lo or out[-1][0] < 0 or sign < 0 or len(lo) != len(code) or int(lo) >= int(code):
                return None
            out.extend((1, c) for c in (str(n).zfill(len(code)) for n in range(int(lo) + 1, int(code)))
                       if c in codes or _sub_codes(c, codes))
            gap = False
            if code not in codes and not _sub_codes(code, codes):
                sign = 1
                continue  # the range's bound, not a row of the form ("…+4649" where the rows stop at 4646)
        out.append((sign, code))
        sign = 1
    return out


def formula_statements(doc: Any, figures: Sequence[Any]) -> list[Statement]:
    """``formula`` statements: a row whose label prints its formula over the codes of other
    rows ("I. Tổng doanh thu (0500-4400+4520+4530)", "V. Chênh lệch thu chi (0040-0050)",
    "- DT hoạt động tài chính (4520)"), one per value column.  Codes are looked up in every
    table of the document (a form runs over many pages); a formula naming codes the
    document does not have is left alone, unless it is one code of four or more (a row the
    form leaves out: a blank term).  Blank cells count as 0 and are counted
    (``blank``); the parts carry their signs (``signs``)."""
    where = _cell_index(figures)
    tabs = [t for t in tables(doc) if t.data]
    code_of: dict[tuple[int, int], str] = {}
    row_of: dict[str, tuple[int, int]] = {}
    code_cols: dict[int, int] = {}
    twice: set[str] = set()  # a code on two rows: a formula naming it could mean either
    for t in tabs:
        col = _code_column(t)
        if col is None:
            continue
        code_cols[t.index] = col
        for r in range(t.header_rows, t.n_rows):
            cell = t.origin(r, col)
            code = cell.text.strip() if cell is not None else ""
            if re.fullmatch(r"\d{3,5}", code):
                code_of[(t.index, r)] = code
                if code in row_of:
                    twice.add(code)
                row_of.setdefault(code, (t.index, r))
    out: list[Statement] = []
    for t in tabs:
        if t.index not in code_cols or t.label_col is None:
            continue
        skip = {t.stt_col, t.label_col, t.unit_col, code_cols[t.index]}
        value_cols = [c for c in range(t.n_cols) if c not in skip and not _non_value_column(t, c, 1)
                      and not _rate_column(t, c)]
        for r in range(t.header_rows, t.n_rows):
            lab = t.at(r, t.label_col)
            if lab is None or lab.row != r:
                continue
            own = code_of.get((t.index, r))
            if own is None:
                continue
            found = list(_rx("row_formulas").finditer(lab.text))
            relation, complete = None, True
            if found:
                cue = found[-1].group(0)
                terms = formula_terms(found[-1].group(1), row_of)
                if terms is None:
                    continue
                # a code the form has no row for, but rows under it by sub-codes (4671 → 46711, 46712)
                terms = [(sg, sub) for sg, code in terms
                         for sub in (([code] if code in row_of else _sub_codes(code, row_of)) or [code])]
            else:
                # no printed formula: the rows coded under this one (5311 → 53111, 53112 …) are its
                # parts when they are at least two; a list with an "other" row ("… khác") is complete
                subs = _sub_codes(own, row_of)
                if len(subs) < 2:
                    continue
                terms = [(1, sub) for sub in subs]
                relation, cue = "sub_codes", "(" + "+".join(subs) + ")"
                complete = any(re.search(r"\bkhác\b", _low(lab2.text))
                               for sub in subs for ti, rr in [row_of[sub]]
                               if (lab2 := _table_at(tabs, ti, rr)) is not None)
            if any(code == own or code in twice for _s, code in terms):
                continue
            absent = sum(code not in row_of for _s, code in terms)
            if absent and (absent > 1 or len(terms) < 4):
                continue  # a formula over codes the form does not have is another form's
            start = lab.start if lab.start is not None else -1
            end = lab.end if lab.end is not None else -1
            for c in value_cols:
                whole = _main(figures, where.get((t.index, r, c)))
                if whole is None and where.get((t.index, r, c)):
                    continue  # a cell that is not one summable number
                parts: list[int] = []
                signs: list[int] = []
                blank = 0
                ok = True
                for sign, code in terms:
                    if code not in row_of:
                        blank += 1
                        continue
                    ti, rr = row_of[code]
                    idx = where.get((ti, rr, c))
                    f = _main(figures, idx)
                    if f is None:
                        if idx:
                            ok = False
                            break
                        blank += 1
                        continue
                    parts.append(f)
                    signs.append(sign)
                if not ok or (whole is None and not parts):
                    continue
                s = Statement("formula", whole, parts, complete, start=start, end=end,
                              text=" ".join(doc.text[start:end].split()) if end > start >= 0 else lab.text,
                              cue=cue, signs=signs, blank=blank, relation=relation)
                if start >= 0:
                    s.page, s.line = doc.locate(start)
                s.whole_value = figures[whole].value if whole is not None else None
                s.part_values = [figures[i].value for i in parts]
                out.append(s)
    return out


# --------------------------------------------------------------------------- a section stated twice

_SECTION_MARK = re.compile(r"^\s*(?:[IVX]{1,4}|[A-Z])\s*[.)]?\s*$")
_LEADING_MARK = re.compile(r"^\s*((?:[IVX]{1,4}|[A-Z])(?:\s*[.)]\s*|\s+))(?=[A-ZĐÀ-Ỹ])")


def _section_name(text: str) -> str:
    """A row label as a name to compare: lower case, without what is in brackets (a printed
    formula), a trailing colon or "trong đó"."""
    low = _low(re.sub(r"\([^)]*\)", " ", text))
    return re.sub(r"[\s,:;.]*(?:trong đó)?[\s,:;.]*$", "", low)


def same_section_statements(doc: Any, figures: Sequence[Any]) -> list[Statement]:
    """``same_row`` statements: two section rows of one document's tables (numbered by a roman
    numeral or a capital letter in the STT column) under two different numbers with the same
    name of at least three words ("V. Chênh lệch thu chi (0040-0050)" in the summary, "C.
    Chênh lệch thu chi (4510+4520+4530-5000)" in the detail): one quantity stated twice, so
    each value column (same header) holds one value.  Rows under the same number ("I. Tổng
    thu" of two periods' blocks) are another instance of a repeated block, not a restatement."""
    where = _cell_index(figures)
    rows: dict[str, list[tuple[Table, int, str]]] = {}
    for t in tables(doc):
        if not t.data or t.label_col is None:
            continue
        for r in range(t.header_rows, t.n_rows):
            lab = t.at(r, t.label_col)
            if lab is None or lab.row != r:
                continue
            stt = t.at(r, t.stt_col) if t.stt_col is not None and t.stt_col != t.label_col else None
            text = lab.text
            if stt is not None and _SECTION_MARK.match(stt.text):
                mark = stt.text
            elif (m := _LEADING_MARK.match(text)) is not None:  # "V. Chênh lệch thu chi": the number in the label
                mark, text = m.group(1), text[m.end():]
            else:
                continue
            name = _section_name(text)
            if len(name.split()) >= 3 and not is_total_label(name):
                rows.setdefault(name, []).append((t, r, mark.strip(" .)")))
    out: list[Statement] = []
    for group in rows.values():
        for a in range(len(group)):
            for b in range(a + 1, len(group)):
                (ta, ra, ma), (tb, rb, mb) = group[a], group[b]
                if ma == mb:
                    continue
                lab = ta.at(ra, ta.label_col) if ta.label_col is not None else None
                for ca in range(ta.n_cols):
                    x = _main(figures, where.get((ta.index, ra, ca)))
                    if x is None or _rate_column(ta, ca):
                        continue
                    head = figures[x].column
                    y = next((y for cb in range(tb.n_cols)
                              if (y := _main(figures, where.get((tb.index, rb, cb)))) is not None
                              and figures[y].column == head and (tb.index != ta.index or cb == ca)), None)
                    if y is None or not head or figures[x].unit != figures[y].unit:
                        continue
                    start = lab.start if lab is not None and lab.start is not None else figures[x].start
                    end = lab.end if lab is not None and lab.end is not None else figures[x].end
                    st = Statement("same_row", x, [y], True, start=start, end=end,
                                   text=_one_line(doc.text[start:end]), cue=head)
                    st.page, st.line = doc.locate(start)
                    st.whole_value, st.part_values = figures[x].value, [figures[y].value]
                    out.append(st)
    return out


# --------------------------------------------------------------------------- column formulas

_COLUMN_CELL = re.compile(r"^\(?\s*(\d{1,2})\s*(?:=\s*([0-9\s+\-*/x×:().]+?))?\s*\)?$")
_COLUMN_TERM = re.compile(r"^\s*\(?\s*(\d{1,2})\s*([+\-/:])\s*(\d{1,2})\s*\)?\s*(?:[*x×]\s*100)?\s*$")


def _column_formulas(t: Table) -> tuple[int, dict[int, tuple[int, str, int]]] | None:
    """The row numbering the columns ("1 2 3 … 8=7/4 9 10=9/7") and the formulas it prints:
    (its row, {result column: (left column, operator, right column)}), or None."""
    for r in range(min(t.n_rows, t.header_rows + 2)):
        cells = sorted((c for c in t.row_cells(r) if c.text.strip()), key=lambda c: c.col)
        if len(cells) < 3:
            continue
        number_of: dict[int, int] = {}
        formulas: dict[int, str] = {}
        for c in cells:
            m = _COLUMN_CELL.match(" ".join(c.text.split()))
            if m is None:
                break
            number_of[int(m.group(1))] = c.col
            if m.group(2):
                formulas[c.col] = m.group(2)
        else:
            if not formulas:
                continue
            out: dict[int, tuple[int, str, int]] = {}
            for col, f in formulas.items():
                m2 = _COLUMN_TERM.match(f)
                if m2 and int(m2.group(1)) in number_of and int(m2.group(3)) in number_of:
                    op = "/" if m2.group(2) in "/:" else m2.group(2)
                    out[col] = (number_of[int(m2.group(1))], op, number_of[int(m2.group(3))])
            return (r, out) if out else None
    return None


def column_formula_statements(doc: Any, figures: Sequence[Any]) -> list[Statement]:
    """``column_formula`` statements: a form whose column-numbering row prints how a column
    follows from others ("8=7/4": column 8 is column 7 over column 4; "5=3-4"), one per
    data row where all three cells hold one number.  ``parts`` = [left, right], ``whole``
    the result, ``cue`` the formula as printed."""
    where = _cell_index(figures)
    out: list[Statement] = []
    for t in tables(doc):
        if not t.data:
            continue
        found = _column_formulas(t)
        if found is None:
            continue
        numbering_row, formulas = found

        def one(r: int, c: int) -> int | None:
            idx = where.get((t.index, r, c))  # noqa: B023 - used within the loop iteration
            return idx[0] if idx and len(idx) == 1 and figures[idx[0]].kind != "fraction" else None

        for r in range(numbering_row + 1, t.n_rows):
            for col, (a, op, b) in formulas.items():
                w, x, y = one(r, col), one(r, a), one(r, b)
                if w is None or x is None or y is None:
                    continue
                cell = t.at(r, col)
                lab = t.at(r, t.label_col) if t.label_col is not None else None
                start = lab.start if lab is not None and lab.start is not None else figures[w].start
                end = figures[w].end
                numbers = t.at(numbering_row, col)
                cue = " ".join(numbers.text.split()) if numbers is not None else op
                s = Statement("column_formula", w, [x, y], True, start=start, end=end,
                              text=" ".join(doc.text[start:end].split()) if end > start >= 0 else (cell.text if cell else ""),
                              cue=cue, signs=[1, -1 if op == "-" else 1], relation=op)
                s.page, s.line = doc.locate(start) if start >= 0 else (None, None)
                s.whole_value = figures[w].value
                s.part_values = [figures[x].value, figures[y].value]
                out.append(s)
    return out
