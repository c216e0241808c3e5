"""Tables for people on a terminal: only the columns a person needs, fitted to the
terminal's width (long text wrapped inside its column), integers as integers, empty
cells empty, paths relative to where the command was run.

Machine formats (jsonl, csv, xlsx, parquet) never go through here: they keep every
column and every value as it is.

    render_table(rows, ["where", "rule", "message"], width=120)

``width`` defaults to the terminal's (``COLUMNS``, then the terminal, else 120);
``wide=True`` prints every cell whole on one line, whatever the width.
"""
from __future__ import annotations

import math
import os
import shutil
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import IO, Any

from extract.core.numbers import format_vi

__all__ = ["DEFAULT_COLUMNS", "cell", "choose_columns", "render_table", "terminal_width", "where_column"]

#: What a person needs to see by default, per table (``--columns`` picks others; the
#: machine formats keep every column).  ``where`` is page:line.
DEFAULT_COLUMNS: dict[str, list[str]] = {
    "findings": ["doc", "where", "rule", "severity", "message", "stated", "computed"],
    "figures": ["doc", "where", "label", "value", "unit", "period", "match"],
    "conflicts": ["group", "issuer", "period", "unit", "group_label", "value", "documents", "doc", "where"],
    "cites": ["doc", "where", "key", "date", "relation", "quote"],
    "search": ["doc", "where", "snippet"],
    "refs": ["key", "doc_type", "issuer", "year", "documents", "citations"],
    "extract-figures": ["where", "value", "unit", "counted", "label"],
    "extract-statements": ["where", "statement", "relation", "whole", "parts", "text"],
    "extract-dates": ["where", "text", "date", "end_date", "date_kind"],
    "check": ["where", "quote", "rule", "stated", "computed", "verdict", "message"],
}

_PATH_COLUMNS = {"doc", "path", "file"}
#: a figure's value: shown the Vietnamese way (``.`` groups thousands, ``,`` marks decimals)
#: beside the findings' stated and computed values, which are; ``68.5`` read as 685 there
_NUMBER_COLUMNS = {"value", "whole", "parts"}
_GAP = 2


def terminal_width(default: int = 120) -> int:
    """Columns of the terminal (``COLUMNS`` first); ``default`` when not a terminal."""
    return max(40, shutil.get_terminal_size((default, 24)).columns)


def _is_missing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return type(v).__name__ in ("NAType", "NaTType")


def cell(value: Any, column: str = "") -> str:
    """One value as a person reads it: ``None``/NaN → empty, ``1.0`` → ``1``, a path
    relative to the working directory, blanks collapsed."""
    if _is_missing(value):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if column in _NUMBER_COLUMNS:  # written as the reports write it, as `stated`/`computed` are
        if isinstance(value, (list, tuple)):  # "; " between numbers whose decimal mark is a comma
            return "; ".join(_vietnamese(v) or cell(v) for v in value)
        shown = _vietnamese(value)
        if shown is not None:
            return shown
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v) for v in value)
    s = str(value)
    if column in _PATH_COLUMNS and os.path.isabs(s):
        try:
            rel = os.path.relpath(s)
        except ValueError:  # another drive
            rel = s
        s = rel if len(rel) < len(s) else s  # relative to the working directory, unless that is longer
    return " ".join(s.split())


def _vietnamese(value: Any) -> str | None:
    """A number (int, Decimal, float or decimal string) written the Vietnamese way, with
    the decimals it carries; ``None`` for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        value = int(value) if value.is_integer() else Decimal(repr(value))
    elif isinstance(value, str):
        t = value.strip()
        if not t or not all(ch.isdigit() or ch in ".-" for ch in t) or t.count(".") > 1:
            return None
        try:
            value = Decimal(t)
        except ArithmeticError:
            return None
    if isinstance(value, (int, Decimal)) and (not isinstance(value, Decimal) or value.is_finite()):
        exp = value.as_tuple().exponent if isinstance(value, Decimal) else 0
        if isinstance(value, Decimal) and isinstance(exp, int) and exp > 0:
            value = value.quantize(Decimal(1))  # 1E+3 → 1000
        return format_vi(value)
    return None


def where_column(rows: Iterable[dict[str, Any]]) -> None:
    """Add ``where`` (page:line, or the line alone; `` n.ID`` for a footnote; a
    spreadsheet's ``cell`` address when the row has one) to each row."""
    for r in rows:
        p, ln = r.get("page"), r.get("line")
        page = None if _is_missing(p) else int(p)  # type: ignore[arg-type]
        line = None if _is_missing(ln) else int(ln)  # type: ignore[arg-type]
        r["where"] = f"{page}:{line}" if page is not None and line is not None else (
            "" if line is None else str(line))
        if r.get("cell"):  # a spreadsheet's cell says more than its sheet:row
            r["where"] = str(r["cell"])
        if r.get("footnote"):  # in footnote 3: "44 n.3" (a DOCX note has no line of its own)
            r["where"] = f"{r['where']} n.{r['footnote']}".strip()


def choose_columns(available: Sequence[str], default: Sequence[str], wanted: str | None) -> list[str]:
    """The columns to show: ``wanted`` (comma-separated; ``all`` for every one) or the
    default ones that exist.  Raises ValueError naming the unknown ones."""
    if wanted:
        if wanted.strip() == "all":
            return [c for c in available if c not in ("page", "line")] if "where" in available else list(available)
        cols = [c.strip() for c in wanted.split(",") if c.strip()]
        unknown = [c for c in cols if c not in available]
        if unknown:
            raise ValueError(f"unknown column(s): {', '.join(unknown)} (available: {', '.join(available)})")
        return cols
    return [c for c in default if c in available] or list(available)


#: prose columns: they wrap first, before names, keys and paths are broken
_PROSE = {"message", "quote", "label", "snippet", "text", "group_label", "relation", "title", "counted",
          "computed", "stated", "reason", "issuer", "unit"}


def _fit(natural: list[int], headers: list[str], width: int, prose: list[bool] | None = None) -> list[int]:
    """Column widths that fit ``width``: prose columns give way first (down to 40
    characters), then names and paths (to 24), then prose again (to 20), then any column
    down to its header (or 6 characters)."""
    widths = list(natural)
    prose = prose or [False] * len(widths)
    floor = [min(n, max(len(h), 6)) for n, h in zip(natural, headers, strict=True)]


    def limits(prose_min: int, other_min: int | None) -> list[int]:
        return [min(n, max(f, prose_min)) if p else (n if other_min is None else min(n, max(f, other_min)))
                for n, f, p in zip(natural, floor, prose, strict=True)]

    total = sum(widths) + _GAP * (len(widths) - 1)
    # prose to 40 first, then paths and names to 24, then prose to 20, then anything to its floor
    for limit in (limits(40, None), limits(40, 24), limits(20, 24), floor):
        while total > width:
            i = max(range(len(widths)), key=lambda k: widths[k] - limit[k])
            if widths[i] <= limit[i]:
                break  # this phase cannot shrink further
            step = min(total - width, widths[i] - limit[i], max(1, widths[i] // 8))
            widths[i] -= step
            total -= step
    return widths


def render_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], out: IO[str], *,
                 width: int | None = None, wide: bool = False, headers: Mapping[str, str] | None = None) -> None:
    """Print ``rows`` as an aligned table of ``columns``; long cells wrap inside their
    column so that the table fits ``width`` (unless ``wide``)."""
    headers = headers or {}
    if not rows:
        print("(no rows)", file=out)
        return
    cols = list(columns)
    head = [headers.get(c, c).upper() for c in cols]
    cells = [[cell(r.get(c), c) for c in cols] for r in rows]
    for i, c in enumerate(cols):  # the folder all paths share is said once, above the table
        if c in _PATH_COLUMNS:
            common = _common_dir([row[i] for row in cells])
            if common:
                print(f"({c} under {common}{os.sep})", file=out)
                for row in cells:
                    row[i] = row[i][len(common) + 1:]
    natural = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(head)]
    widths = natural if wide else _fit(natural, head, width or terminal_width(), [c in _PROSE for c in cols])
    numeric = [all(not row[i] or _looks_numeric(row[i]) for row in cells) for i in range(len(cols))]

    def emit(parts: list[str]) -> None:
        print((" " * _GAP).join(parts).rstrip(), file=out)

    emit([h.ljust(w) for h, w in zip(head, widths, strict=True)])
    for row in cells:
        wrapped = [textwrap.wrap(v, w, break_long_words=True, break_on_hyphens=c in _PATH_COLUMNS) or [""]
                   if len(v) > w else [v] for v, w, c in zip(row, widths, cols, strict=True)]
        for k in range(max(len(x) for x in wrapped)):
            emit([(x[k] if k < len(x) else "").rjust(w) if numeric[i] else (x[k] if k < len(x) else "").ljust(w)
                  for i, (x, w) in enumerate(zip(wrapped, widths, strict=True))])


def _common_dir(paths: list[str]) -> str | None:
    """The folder every path is under (``None`` when they share none worth saying)."""
    if len(paths) < 2 or not all(paths):
        return None
    try:
        common = os.path.commonpath(paths)
    except ValueError:  # absolute and relative mixed
        return None
    if common in paths:  # one of them is the folder itself
        common = os.path.dirname(common)
    return common if len(common) > 2 and common not in ("..", os.sep) else None


def _looks_numeric(s: str) -> bool:
    t = s.replace(".", "").replace(",", "").replace("-", "", 1).replace(" ", "")
    return t.isdigit()
