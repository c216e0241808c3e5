"""Figures, statements and dates of one document as pandas DataFrames, in the output
contract's columns (``doc, kind, page, line, text, start, end`` …) — what ``baocao
extract --format csv|xlsx|parquet`` writes and what a notebook works with."""
from __future__ import annotations

from typing import TYPE_CHECKING

from extract.core.model import Document, Figure, Statement
from extract.find.extraction import Extraction, extract_figures, extract_statements
from extract.report.records import figure_record, statement_record

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FIGURE_COLUMNS", "STATEMENT_COLUMNS", "DATE_COLUMNS", "figures_frame", "statements_frame", "dates_frame"]

FIGURE_COLUMNS = ["doc", "kind", "page", "line", "text", "start", "end", "value", "unit", "counted",
                  "precision", "label"]
_EXTRA_COLUMNS = ["base_unit", "magnitude", "figure_kind", "qualifier", "numerator", "denominator", "low", "high",
                  "scale", "unit_source", "column", "in_table", "table", "row", "col", "ocr_confidence"]
STATEMENT_COLUMNS = ["doc", "kind", "page", "line", "text", "start", "end", "statement", "whole", "parts",
                     "complete", "percent", "relation", "base", "cue", "figures"]
DATE_COLUMNS = ["doc", "kind", "page", "line", "text", "start", "end", "date", "end_date", "date_kind",
                "qualifier", "valid", "note", "pattern", "ocr_confidence"]


def _extraction(doc: Document | Extraction | str, figures: list[Figure] | None = None,
                statements: list[Statement] | None = None) -> tuple[Extraction | None, Document | str]:
    if isinstance(doc, Extraction):
        return doc, doc.doc
    if isinstance(doc, Document):
        return Extraction(doc, figures=figures, statements=statements), doc
    return None, doc


def figures_frame(doc: Document | Extraction | str, figures: list[Figure] | None = None) -> pd.DataFrame:
    """Figures as a DataFrame: the output-contract columns (``doc, kind="figure", page,
    line, text, start, end, value`` (str), ``unit, counted, precision, label``) followed by
    ``base_unit, magnitude`` (the unit without its scale word, and 10 ** scale),
    ``figure_kind, qualifier, numerator, denominator, low, high, scale, unit_source`` and,
    for a figure in a table, ``column`` (the column's header; ``label`` is then the row's
    label), ``in_table``, ``table``, ``row``, ``col``; ``ocr_confidence``, the lowest
    tesseract confidence of its words on a page read by OCR (else None)."""
    import pandas as pd

    ex, d = _extraction(doc, figures)
    if ex is not None:
        figures = ex.figures
    elif figures is None:
        figures = extract_figures(d)
    if isinstance(d, str):
        name = d if len(d) < 300 and "\n" not in d else None
    else:
        name = d.path
    rows = [figure_record(name, f) for f in figures]
    df = pd.DataFrame(rows, columns=FIGURE_COLUMNS + _EXTRA_COLUMNS)
    for c in ("table", "row", "col"):  # ints or None, never floats
        df[c] = pd.Series([r[c] for r in rows], dtype=object, index=df.index)
    return df


def statements_frame(doc: Document | Extraction | str, figures: list[Figure] | None = None,
                     statements: list[Statement] | None = None) -> pd.DataFrame:
    """Statements as a DataFrame, one row per statement: ``doc, kind="statement", page,
    line, text, start, end, statement`` (its kind), ``whole, parts, complete, percent``
    (values as strings), ``relation, base, cue, figures`` (indices)."""
    import pandas as pd

    ex, d = _extraction(doc, figures, statements)
    if ex is not None:
        figures, statements = ex.figures, ex.statements
    else:
        figures = figures if figures is not None else extract_figures(d)
        statements = statements if statements is not None else extract_statements(d, figures)
    name = None if isinstance(d, str) else d.path
    rows = [statement_record(name, st, figures) for st in statements]
    return pd.DataFrame(rows, columns=STATEMENT_COLUMNS)


def dates_frame(doc: Document | Extraction) -> pd.DataFrame:
    """The document's dates as a DataFrame: doc, kind="date", page, line, text, start,
    end, date (start ISO), end_date, date_kind — plus qualifier, valid, note, pattern and,
    on a page read by OCR, ocr_confidence (the lowest confidence of its digits' words)."""
    import pandas as pd

    ex, d = _extraction(doc)
    assert ex is not None and isinstance(d, Document)
    rows = []
    for m in ex.dates:
        page, line = d.locate(m.start)
        rows.append({"doc": d.path, "kind": "date", "page": page, "line": line, "text": m.text,
                     "start": m.start, "end": m.end, "date": m.start_date, "end_date": m.end_date,
                     "date_kind": m.kind, "qualifier": m.qualifier, "valid": m.valid, "note": m.note,
                     "pattern": m.pattern, "ocr_confidence": m.ocr_confidence})
    return pd.DataFrame(rows, columns=DATE_COLUMNS)
