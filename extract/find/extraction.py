"""One pipeline: every find stage of one :class:`Document`, each run once, on demand.

The command line, the indexer, the checks, the evaluation and the notebooks all go
through :class:`Extraction`; nothing else wires the stages together.  A stage that fails
(a bug meeting a document nobody foresaw) is recorded in :attr:`Extraction.errors` and
yields nothing, so the document keeps its other results instead of being lost
(``BAOCAO_DEBUG=1`` raises instead).

Order of the stages: figures of the prose (:mod:`.figures`), units a bare part takes from
its whole (:func:`.statements.inherit_units`), table figures (:mod:`.tables`), then the
statements of the prose and of the tables; references and dates stand alone.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import TypeVar

from extract.core import limits
from extract.core.limits import LimitError
from extract.core.model import DateMention, Document, Figure, Reference, Statement
from extract.core.numbers import document_majority
from extract.find import ocr_confidence
from extract.find import row_relations as _row_relations
from extract.find import sheet_formulas as _sheet_formulas
from extract.find import tables as _tables
from extract.find.context import refine_figures
from extract.find.dates import extract_dates, report_period
from extract.find.figures import docx_table_zones, header_zones, scan_figures
from extract.find.references import extract_from_document
from extract.find.statements import find_statements, inherit_units

__all__ = ["Extraction", "extract_figures", "extract_figures_text", "extract_statements"]

T = TypeVar("T")


def extract_figures_text(text: str, *, zones: list[tuple[int, int]] | None = None,
                         majority: str | None = None, context: str | None = None,
                         refine: bool = True) -> list[Figure]:
    """Figures of plain text, with the units bare parts inherit from their whole and their
    context refined (:mod:`.context`; ``context``: ``rules`` or ``underthesea``, default
    ``$BAOCAO_CONTEXT`` or ``rules``)."""
    figs = scan_figures(text, zones=zones, majority=majority)
    budget = limits.current().figures
    if len(figs) > budget:
        raise LimitError(f"over the {budget}-figure budget ({len(figs)} figures; "
                         f"set {limits.ENV['figures']} to raise it)")
    if figs:
        inherit_units(text, figs)
    if refine:
        figs = refine_figures(text, figs, mode=context)
    return figs


def extract_figures(doc: Document | str, *, include_tables: bool = True, context: str | None = None) -> list[Figure]:
    """Figures of a :class:`Document` (or of a str), with page and line, in document order.

    Tables (DOCX, and ruled PDF tables) are read by :mod:`extract.find.tables`: each value
    cell is a figure with ``label`` = its row's label, ``column`` = its column's header,
    ``table``/``row``/``col``, ``cell=True`` and ``in_table=True``; a number written in a
    cell's prose is found by the text scanner and gets the same table coordinates
    (``cell=False``).  The text scanner never reads a value cell, so no number is counted
    twice.  Layout tables (header and signature blocks) are skipped, and so are the
    header and the closing block.  ``include_tables=False`` skips every DOCX table cell
    and reads no table.
    """
    if isinstance(doc, str):
        return extract_figures_text(doc)
    zones = header_zones(doc)
    use_tables = include_tables and doc.kind in (*_tables.GRID_KINDS, "pdf")
    if use_tables:
        if doc.kind in _tables.GRID_KINDS and doc.tables and not _tables.tables(doc):
            zones += docx_table_zones(doc)  # the tables could not be read: skip their cells
        else:
            zones += _tables.layout_zones(doc) + _tables.value_zones(doc)
    else:
        zones += docx_table_zones(doc)
    figs = extract_figures_text(doc.text, zones=zones, refine=False)
    for f in figs:
        f.page, f.line = doc.locate(f.start)
    if use_tables:
        _tables.annotate_figures(doc, figs)
        figs = _tables.check_cell_figures(doc, figs)
        cells = _tables.table_figures(doc)
        if cells:
            figs = sorted(figs + cells, key=lambda f: (f.start, f.end))
    figs = refine_figures(doc.text, figs, mode=context, warnings=doc.warnings,
                          tables=_tables.tables(doc) if use_tables else None)
    ocr_confidence.annotate(doc, figs)
    return figs


def extract_statements(doc: Document | str, figures: Sequence[Figure] | None = None) -> list[Statement]:
    """Statements linking ``figures`` (found here when not given) in a Document or a str.

    For a Document, the statements of its tables follow from :mod:`extract.find.tables`
    (``table_total``: a total row, a section row or a total column and the cells it sums;
    ``ratio``: a rate column, a rate row over its base and count, a cell ``a/b (P%)``);
    ``sheet_formula``: a spreadsheet cell's formula over the cells it names,
    :mod:`extract.find.sheet_formulas`; ``formula``: a row against the formula its label prints
    over row codes, or the rows coded under it; ``same_row``: two section rows of one name
    under two numbers, one quantity stated twice; ``row_relation``: a column that follows from its
    row's other columns by what its header says, :mod:`extract.find.row_relations`); the text finders only see the figures that are
    not table values."""
    if figures is None:
        figures = extract_figures(doc)
    if isinstance(doc, str):
        return find_statements(doc, figures)
    out = find_statements(doc.text, figures)
    for s in out:
        s.page, s.line = doc.locate(s.start)
    if any(f.cell for f in figures):
        out += _tables.table_statements(doc, figures)
        out += _tables.formula_statements(doc, figures)
        out += _tables.same_section_statements(doc, figures)
        out += _tables.column_formula_statements(doc, figures)
        out += _sheet_formulas.sheet_formula_statements(doc, figures)
        # a column's relation to its row's other columns read from its header (a remainder,
        # a total, a rate), where no other table statement already judges that cell
        # (a row's printed formula over other rows' codes, or a section stated twice, relate
        # the cell to other rows, not to its own row's columns: both claims stand)
        judged = {i for s in out if s.kind not in ("formula", "same_row") for i in (s.whole, s.percent) if i is not None}
        out += [s for s in _row_relations.row_relation_statements(doc, figures) if s.whole not in judged]
        out.sort(key=lambda s: (s.start, s.end))
    return out


def _dates(doc: Document) -> list[DateMention]:
    dates = extract_dates(doc)
    ocr_confidence.annotate_dates(doc, dates)
    return dates


def _references(doc: Document) -> list[Reference]:
    refs = extract_from_document(doc)
    ocr_confidence.annotate(doc, refs)
    return refs


class Extraction:
    """The find stages of one document, each computed once when first asked for.

    ``figures``, ``statements``, ``references`` (alias ``refs``), ``dates``, ``period``
    (the interval the report is about) and ``majority`` (the document's number
    convention).  Results already at hand may be given to the constructor.  A stage
    that raises is recorded in ``errors`` (stage → reason) and yields nothing."""

    def __init__(self, doc: Document, *, figures: list[Figure] | None = None,
                 statements: list[Statement] | None = None, references: list[Reference] | None = None,
                 period: tuple[str, str] | None = None) -> None:
        self.doc = doc
        self.errors: dict[str, str] = {}
        if figures is not None:
            self.__dict__["figures"] = figures
        if statements is not None:
            self.__dict__["statements"] = statements
        if references is not None:
            self.__dict__["references"] = references
        if period is not None:
            self.__dict__["period"] = period

    def _stage(self, name: str, fn: Callable[[], T], empty: T) -> T:
        try:
            with limits.gc_paused():
                return fn()
        except Exception as exc:
            if os.environ.get("BAOCAO_DEBUG"):
                raise
            self.errors[name] = f"{type(exc).__name__}: {exc}"
            return empty

    @cached_property
    def figures(self) -> list[Figure]:
        return self._stage("figures", lambda: extract_figures(self.doc), [])

    @cached_property
    def statements(self) -> list[Statement]:
        return self._stage("statements", lambda: extract_statements(self.doc, self.figures), [])

    @cached_property
    def references(self) -> list[Reference]:
        return self._stage("references", lambda: _references(self.doc), [])

    @property
    def refs(self) -> list[Reference]:
        return self.references

    @cached_property
    def dates(self) -> list[DateMention]:
        return self._stage("dates", lambda: _dates(self.doc), [])

    @cached_property
    def period(self) -> tuple[str, str] | None:
        return self._stage("period", lambda: report_period(self.doc), None)

    @cached_property
    def majority(self) -> str | None:
        return document_majority(self.doc.text)

    @property
    def done(self) -> tuple[str, ...]:
        """The stages computed so far."""
        return tuple(k for k in ("figures", "statements", "references", "dates", "period") if k in self.__dict__)

    def __repr__(self) -> str:
        return f"Extraction({self.doc.path!r}, done={self.done}, errors={self.errors})"


def as_extraction(doc: Document | Extraction) -> Extraction:
    return doc if isinstance(doc, Extraction) else Extraction(doc)


__all__ += ["as_extraction"]
