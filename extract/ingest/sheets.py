"""Read spreadsheets (.xlsx with openpyxl, .xls with xlrd) as tables.

A statistical annex is a grid: each sheet becomes one table of ``Document.tables``
(rows of cell texts, a merged cell written once at its top-left and "" in the
positions it covers, as DOCX tables are), each non-empty cell one line of the text with
``table`` = (table, row, column).  Title rows above the grid and notes below it (rows
with a single filled cell) are paragraphs of their own, so that a "Đơn vị tính: …"
caption and the form's title read as text.  Rows and columns that are empty throughout
are left out.

Values are the cached results (``data_only``): what the author saw.  Numbers are
written the Vietnamese way (``14.575.337``, ``20,35``) with the decimals their number
format shows, a percent-formatted cell as ``12,5 %``, a date as ``dd/mm/yyyy``.  For .xlsx the formulas are read too: a formula
that is a plain sum (``=SUM(C5:C9)``, ``=C5+C6-C7``) is kept with the cached values of
the cells it adds, so that a cached total that disagrees with its own formula can be
reported (rule TAB002).  Provenance is ``sheet!cell`` (``Segment.cell``).
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from extract.core.errors import ReadError

__all__ = ["SheetCell", "Sheet", "Grid", "read_xlsx", "read_xls", "grids", "col_letter", "col_number", "plain_sum_terms",
           "formula_refs", "decimals_shown", "MAX_FORMULA_CELLS"]


@dataclass
class SheetCell:
    row: int  # 1-based, as Excel numbers them
    col: int  # 1-based
    value: Any
    number_format: str = "General"
    formula: str | None = None


@dataclass
class Sheet:
    name: str
    cells: dict[tuple[int, int], SheetCell] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 (inclusive)
    hidden: bool = False


@dataclass
class Grid:
    """One sheet laid out for the reader: title lines, the table, note lines."""

    sheet: Sheet
    index: int  # 1-based sheet number
    before: list[tuple[int, int, str]]  # (excel row, excel col, text) of title rows
    rows: list[list[str]]  # the table
    row_numbers: list[int]  # excel row of each table row
    col_numbers: list[int]  # excel column of each table column
    after: list[tuple[int, int, str]]


def col_letter(col: int) -> str:
    """The letters of a column number (1 → "A", 27 → "AA")."""
    s = ""
    while col:
        col, rem = divmod(col - 1, 26)
        s = chr(65 + rem) + s
    return s


def col_number(letters: str) -> int:
    """The column number of its letters ("A" → 1, "AA" → 27)."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


# --------------------------------------------------------------------------- values as text


def _decimals(fmt: str) -> int | None:
    m = re.search(r"0\.(0+)", fmt or "")
    if m:
        return len(m.group(1))
    if re.search(r"(^|[^.#0])[#0,]*0($|[^.0])", fmt or "") and "." not in (fmt or ""):
        return 0
    return None


def _group(int_part: str) -> str:
    out: list[str] = []
    while len(int_part) > 3:
        out.insert(0, int_part[-3:])
        int_part = int_part[:-3]
    out.insert(0, int_part)
    return ".".join(out)


def format_number(value: float | int | Decimal, fmt: str = "General") -> str:
    """A number as a Vietnamese report writes it: "." groups thousands, "," marks decimals;
    a percent format multiplies by 100 and appends " %".  A format that fixes its decimals
    ("#,##0.0", "0.00%", "#,##0") is followed, as Excel displays the cell (half away from
    zero): the figure is what the recipient sees and prints, and a total is checked
    within that rounding.  General keeps the stored precision (binary noise rounded off at
    10 decimals).  The stored values stay in ``Document.meta["cell_formulas"]`` for the
    formula check (rule TAB002)."""
    pct = "%" in (fmt or "")
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not d.is_finite():  # a NaN or infinity only a damaged file stores: no number to show
        return ""
    if pct:
        d *= 100
    shown = _decimals(fmt)
    if shown is not None and shown <= 10 and abs(d) < Decimal("1e15"):
        # what the recipient sees: the format's decimals ("#,##0.0" shows 898,4 of 898,44537…)
        d = d.quantize(Decimal(1).scaleb(-shown), rounding=ROUND_HALF_UP)
        if d == 0:
            d = abs(d)
    elif abs(d) < Decimal("1e15"):  # binary noise off; larger numbers have no decimals to round
        d = round(d, 10).normalize()
        if d == d.to_integral_value():
            d = d.quantize(Decimal(1))
    elif abs(d) > Decimal("1e40"):
        return str(value)  # beyond any quantity a report holds: shown as stored, not as a figure's digits
    sign = "-" if d < 0 else ""
    s = format(abs(d), "f")
    int_part, _, frac = s.partition(".")
    year_like = not frac and 1900 <= abs(d) <= 2100 and "#,##" not in (fmt or "")
    out = sign + (int_part if year_like else _group(int_part)) + ("," + frac if frac else "")
    return out + (" %" if pct else "")


def cell_text(value: Any, fmt: str = "General") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float, Decimal)):
        return format_number(value, fmt)
    if isinstance(value, _dt.datetime):
        if value.hour or value.minute:
            return value.strftime("%d/%m/%Y %H:%M")
        return value.strftime("%d/%m/%Y")
    if isinstance(value, _dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, _dt.time):
        return value.strftime("%H:%M")
    s = str(value).replace("\r\n", "\n").replace("\r", "\n")
    if s.startswith("#") and s.rstrip("!?0/").upper() in ("#REF", "#DIV", "#VALUE", "#N/A", "#NAME", "#NUM", "#NULL"):
        return s  # an error value is shown as Excel shows it
    return s


# --------------------------------------------------------------------------- readers


def read_xlsx(path: str | Path) -> list[Sheet]:
    try:
        import openpyxl  # optional heavy dependency, imported on use
    except ImportError:
        raise ReadError(path, "reading .xlsx needs the Python package openpyxl (pip install 'baocao[sheets]')") from None
    try:
        wb_values = openpyxl.load_workbook(str(path), data_only=True)
        # the formulas only: a streaming read, no merged cells or styles needed
        wb_formulas = openpyxl.load_workbook(str(path), data_only=False, read_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure to open is an input error
        raise ReadError(path, f"corrupt .xlsx ({type(exc).__name__}: {exc})") from None
    out = []
    for ws in wb_values.worksheets:
        formulas: dict[tuple[int, int], str] = {}
        for row in wb_formulas[ws.title].iter_rows():
            for c in row:
                v = getattr(c, "value", None)
                if isinstance(v, str) and v.startswith("="):
                    formulas[(c.row, c.column)] = v
        sheet = Sheet(ws.title, hidden=ws.sheet_state != "visible")
        for row in ws.iter_rows():
            for c in row:
                v = c.value
                if v is None or (isinstance(v, str) and not v.strip()):
                    continue
                sheet.cells[(c.row, c.column)] = SheetCell(c.row, c.column, v, c.number_format or "General",
                                                           formulas.get((c.row, c.column)))
        # a formula cell without a cached value (saved by a tool that does not compute)
        for (r, col), f in formulas.items():
            if (r, col) not in sheet.cells:
                sheet.cells[(r, col)] = SheetCell(r, col, None, "General", f)
        for rng in ws.merged_cells.ranges:
            sheet.merged.append((rng.min_row, rng.min_col, rng.max_row, rng.max_col))
        out.append(sheet)
    wb_formulas.close()
    return out


def read_xls(path: str | Path) -> list[Sheet]:
    try:
        import xlrd  # optional dependency, imported on use
    except ImportError:
        raise ReadError(path, "reading .xls needs the Python package xlrd (pip install 'baocao[sheets]')") from None
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True, ragged_rows=True)
    except Exception as exc:  # noqa: BLE001
        try:
            book = xlrd.open_workbook(str(path), on_demand=True, ragged_rows=True)
        except Exception:  # noqa: BLE001
            raise ReadError(path, f"corrupt .xls ({type(exc).__name__}: {exc})") from None
    out = []
    for si in range(book.nsheets):
        try:  # on demand: a sheet's records are parsed here, where a damaged one fails
            sh = book.sheet_by_index(si)
        except Exception as exc:  # noqa: BLE001 - xlrd asserts, IndexError, struct.error … on damaged records
            why = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            raise ReadError(path, f"corrupt .xls (sheet {si + 1}: {why})") from None
        sheet = Sheet(sh.name, hidden=bool(getattr(sh, "visibility", 0)))
        for r in range(sh.nrows):
            for c in range(sh.row_len(r)):  # the row's own cells (ragged), not the widest row's width
                cell = sh.cell(r, c)
                ctype, v = cell.ctype, cell.value
                if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    continue
                fmt = "General"
                try:
                    xf = book.xf_list[cell.xf_index]
                    fmt = book.format_map[xf.format_key].format_str
                except (AttributeError, IndexError, KeyError, TypeError):
                    pass
                if ctype == xlrd.XL_CELL_DATE:
                    try:
                        v = xlrd.xldate.xldate_as_datetime(v, book.datemode)
                    except Exception:  # noqa: BLE001
                        pass
                elif ctype == xlrd.XL_CELL_BOOLEAN:
                    v = bool(v)
                elif ctype == xlrd.XL_CELL_ERROR:
                    v = xlrd.error_text_from_code.get(v, "#ERR")
                elif ctype == xlrd.XL_CELL_TEXT and not v.strip():
                    continue
                if isinstance(v, float) and v.is_integer() and "." not in fmt and "%" not in fmt:
                    v = int(v)
                sheet.cells[(r + 1, c + 1)] = SheetCell(r + 1, c + 1, v, fmt)
        for r0, r1, c0, c1 in getattr(sh, "merged_cells", []) or []:
            sheet.merged.append((r0 + 1, c0 + 1, r1, c1))
        out.append(sheet)
    return out


# --------------------------------------------------------------------------- layout


#: a number typed as text with commas grouping its thousands ("1,250", "12,345.6", "85.5 %")
_EN_GROUPED = re.compile(r"([-+]?)(\d{1,3}(?:,\d{3})+)(\.\d+)?(\s*%)?")
#: a number typed as text the Vietnamese way, unambiguously ("1.234.567", "1.234,5", "68,25")
_VI_WRITTEN = re.compile(r"[-+]?(?:\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?|\d{1,3}(?:\.\d{3})+,\d+|\d+,\d{1,2})(?:\s*%)?")


def text_number_convention(sheets: list[Sheet]) -> str | None:
    """How the workbook's numbers typed as text group their thousands: "en" when its text
    cells write "1,234,567" or "1,234.5" (or only "1,250"-like groups, two or more, and
    nothing written the Vietnamese way), "vi" when they write "1.234.567", "1.234,5" or
    "68,25", None when they say nothing.  Numeric cells do not vote: the reader writes
    them itself from their stored value (:func:`format_number`)."""
    en = vi = grouped = 0
    for sheet in sheets:
        for c in sheet.cells.values():
            if not isinstance(c.value, str):
                continue
            t = c.value.strip()
            if len(t) > 24:
                continue
            m = _EN_GROUPED.fullmatch(t) or _EN_LEADING.match(t)
            if m:
                if m.group(3) or m.group(2).count(",") >= 2:
                    en += 1
                else:
                    grouped += 1
            elif _VI_WRITTEN.fullmatch(t):
                vi += 1
    if en > vi or (not vi and grouped >= 2):
        return "en"
    return "vi" if vi else None


#: the same number opening a text cell, a unit or a note after it ("1,250 hồ sơ", "(1,250)")
_EN_LEADING = re.compile(r"(\(?[-+]?)(\d{1,3}(?:,\d{3})+)(\.\d+)?(\s*%)?(?=[\s)]|$)")


def _vi_written(text: str) -> str:
    """A text cell's number typed with English separators, written the Vietnamese way
    ("1,250" → "1.250", "12,345.6" → "12.345,6", "1,250 hồ sơ" → "1.250 hồ sơ"), as the
    numeric cells are."""
    t = text.strip()
    m = _EN_GROUPED.fullmatch(t) or _EN_LEADING.match(t)
    if not m:
        return text
    sign, whole, frac, pct = m.groups()
    return (sign + whole.replace(",", ".") + ("," + frac[1:] if frac else "") + (" %" if pct else "")
            + t[m.end():])


def grids(sheets: list[Sheet]) -> list[Grid]:
    """Each non-empty sheet as title lines, one table and note lines: the table runs from
    the first to the last row with several filled cells (two for a sheet of at most three
    columns, three otherwise).  Numbers typed as text in a workbook that groups them with
    commas are written the Vietnamese way, like its numeric cells, so that "1,250" is read
    as one thousand two hundred and fifty, never as 1,25."""
    out = []
    english = text_number_convention(sheets) == "en"
    for si, sheet in enumerate(sheets, 1):
        if not sheet.cells:
            continue
        texts = {k: (_vi_written(cell_text(c.value)) if english and isinstance(c.value, str) else cell_text(c.value, c.number_format))
                 for k, c in sheet.cells.items()}
        texts = {k: t for k, t in texts.items() if t.strip()}
        if not texts:
            continue
        rows = sorted({r for r, _ in texts})
        per_row: dict[int, list[int]] = {}
        for r, c in texts:
            per_row.setdefault(r, []).append(c)
        # the grid starts at the first row with several filled cells: a title row holds
        # one or two (the title, a year), a wide form's header many
        widest = max(len(v) for v in per_row.values())
        need = 2 if widest <= 3 else 3
        first = next((r for r in rows if len(per_row[r]) >= need), None)
        last = next((r for r in reversed(rows) if len(per_row[r]) >= need), None)
        if first is None or last is None:
            before = [(r, c, texts[(r, c)]) for r in rows for c in sorted(per_row[r])]
            out.append(Grid(sheet, si, before, [], [], [], []))
            continue
        before = [(r, c, texts[(r, c)]) for r in rows if r < first for c in sorted(per_row[r])]
        after = [(r, c, texts[(r, c)]) for r in rows if r > last for c in sorted(per_row[r])]
        body_rows = [r for r in rows if first <= r <= last]
        cols = sorted({c for r, c in texts if first <= r <= last})
        table = [[texts.get((r, c), "") for c in cols] for r in body_rows]
        out.append(Grid(sheet, si, before, table, body_rows, cols, after))
    return out


# --------------------------------------------------------------------------- formulas

_REF = r"\$?([A-Z]{1,3})\$?(\d+)"
_RANGE = re.compile(rf"^{_REF}(?::{_REF})?$")
_SUM = re.compile(r"^SUM\((.*)\)$", re.I)


def plain_sum_terms(formula: str) -> list[tuple[int, int, int]] | None:
    """The cells a plain-sum formula adds, as (row, col, sign), or None when the formula is
    anything else (a product, a function other than SUM, a reference to another sheet)."""
    f = formula.lstrip("=").replace(" ", "").upper()
    if not f or "!" in f:
        return None
    terms: list[tuple[int, int, int]] = []
    # split on + and - at the top level
    parts: list[tuple[int, str]] = []
    depth, sign, cur = 0, 1, ""
    for ch in f:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if depth == 0 and ch in "+-":
            if cur:
                parts.append((sign, cur))
            elif ch == "-":
                sign = -sign
                continue
            sign, cur = (1 if ch == "+" else -1), ""
            continue
        cur += ch
    if cur:
        parts.append((sign, cur))
    if not parts:
        return None
    for sign, p in parts:
        m = _SUM.match(p)
        items = m.group(1).split(",") if m else [p]
        if not m and not _RANGE.match(p):
            return None
        for it in items:
            r = _RANGE.match(it)
            if not r:
                return None
            c0, r0 = col_number(r.group(1)), int(r.group(2))
            c1, r1 = (col_number(r.group(3)), int(r.group(4))) if r.group(3) else (c0, r0)
            if (r1 - r0 + 1) * (c1 - c0 + 1) > 100_000:
                return None
            for rr in range(min(r0, r1), max(r0, r1) + 1):
                for cc in range(min(c0, c1), max(c0, c1) + 1):
                    terms.append((rr, cc, sign))
    return terms if len(terms) >= 2 else None


_ANY_REF = re.compile(r"(?<![A-Za-z0-9_!.'\"])\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?(?![A-Za-z0-9_(!])")
_STRING = re.compile(r'"[^"]*"')

#: cells one formula may name (a SUM over a whole column is not a statement between figures)
MAX_FORMULA_CELLS = 2_000


def formula_refs(formula: str) -> list[tuple[int, int]] | None:
    """Every cell a formula of its own sheet names, ranges expanded (row, col), in order;
    None when it names another sheet, a defined name's external book, or more than
    :data:`MAX_FORMULA_CELLS` cells."""
    f = _STRING.sub('""', formula.lstrip("="))
    if "!" in f or "[" in f:
        return None
    out: list[tuple[int, int]] = []
    for m in _ANY_REF.finditer(f.upper()):
        c0, r0 = col_number(m.group(1)), int(m.group(2))
        c1, r1 = (col_number(m.group(3)), int(m.group(4))) if m.group(3) else (c0, r0)
        if (abs(r1 - r0) + 1) * (abs(c1 - c0) + 1) + len(out) > MAX_FORMULA_CELLS:
            return None
        for rr in range(min(r0, r1), max(r0, r1) + 1):
            for cc in range(min(c0, c1), max(c0, c1) + 1):
                out.append((rr, cc))
    return out


def decimals_shown(fmt: str) -> int | None:
    """Decimals a number format shows ("#,##0.00" → 2, "0" → 0, "0.0%" → 1 of the
    percentage), None for General (as many as fit)."""
    return _decimals(fmt)
