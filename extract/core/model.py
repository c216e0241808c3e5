"""Plain data passed between pipeline stages.

Every stage of baocao is a function from one of these dataclasses to another, so
that each can be used from Python without the CLI and tested on its own.  The
central one is :class:`Document`: the cleaned text of a report plus a map from
every character offset back to where it was read (page and line), which is what
lets every later finding say *where* it comes from.
"""
from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any


@dataclass
class RawLine:
    """One line as a reader saw it, before cleaning.

    ``line`` follows the output contract: the page's line for PDF (1-based), the
    file's line for text, the paragraph's index for DOCX.  ``superscripts`` holds
    (start, end) spans inside ``text`` that were set as superscript (footnote
    markers); ``table`` is (table index, row, column) for a table cell.
    """

    text: str
    page: int | None
    line: int
    x0: float | None = None
    x1: float | None = None
    top: float | None = None
    size: float | None = None
    column: int = 0  # 0 full width, 1 left block, 2 right block (two-column headers)
    table: tuple[int, int, int] | None = None
    superscripts: list[tuple[int, int]] = field(default_factory=list)
    role: str = "body"  # body | footnote | header | footer
    bold: bool | None = None  # set in a bold face, first to last character (PDF); None when unknown or mixed


@dataclass
class Footnote:
    """A footnote kept with its text and the offset of its marker in the body."""

    id: str
    text: str
    anchor: int | None = None  # offset in Document.text where the marker stood
    page: int | None = None
    line: int | None = None


@dataclass
class Segment:
    """A run of Document.text that came from one (page, line).  ``table`` is the
    (table index, row, column) of the DOCX table cell the run was read from (the
    indices of ``Document.tables``), None outside tables and for PDF and text.  For a
    spreadsheet ``page`` is the sheet's number (from 1), ``line`` the Excel row and
    ``cell`` the address the run was read from, ``"Sheet1!C7"``."""

    start: int
    end: int
    page: int | None
    line: int
    table: tuple[int, int, int] | None = None
    cell: str | None = None


@dataclass
class Removed:
    """Page furniture taken out of the body: kept, never lost."""

    kind: str  # page-number | running-header | url | signature-stamp | chart | ...
    text: str
    page: int | None
    line: int
    #: a chart's title, kept as its caption (``kind == "chart"``: ``text`` holds the
    #: chart's labels — axis ticks, legend, data labels — as read)
    caption: str | None = None


@dataclass
class Signer:
    authority: str | None = None  # KT. / TM. / TL. / Q. / TUQ. — of the person who signs
    for_body: str | None = None  # "ỦY BAN NHÂN DÂN" of a "TM. ỦY BAN NHÂN DÂN" line above a KT. line
    on_behalf: str | None = None  # "CHỦ TỊCH", "GIÁM ĐỐC" after KT./TM.
    position: str | None = None  # "PHÓ CHỦ TỊCH"
    name: str | None = None


@dataclass
class Header:
    """The report's own identity.  Its own number is metadata, never a reference."""

    issuer: str | None = None
    parent_issuer: str | None = None
    number: str | None = None  # "629/TTr-SNV" or "/BC-UBND" for a blank draft number
    place: str | None = None
    date: str | None = None  # ISO
    doc_type: str | None = None  # "Tờ trình", "Báo cáo", ...
    title: str | None = None
    signer: Signer = field(default_factory=Signer)
    addressees: list[str] = field(default_factory=list)  # "Kính gửi:"
    recipients: list[str] = field(default_factory=list)  # "Nơi nhận:"
    signed_at: list[str] = field(default_factory=list)  # e-signature timestamps, ISO
    signed_by: list[str] = field(default_factory=list)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass
class Document:
    """A report read and cleaned.  ``text`` is what was written (NFC);
    ``search_text`` is the same length with one tone-placement convention, so an
    offset found in one is valid in the other."""

    path: str
    kind: str  # pdf | docx | doc | xlsx | xls | rtf | text
    text: str
    search_text: str
    segments: list[Segment]
    pages: int | None
    sha256: str
    header: Header = field(default_factory=Header)
    footnotes: list[Footnote] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)
    encoding: str | None = None  # legacy encoding converted from, if any
    warnings: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def locate(self, offset: int) -> tuple[int | None, int | None]:
        """(page, line) of the character at ``offset`` in ``text``."""
        if not self.segments:
            return None, None
        starts = self._starts()
        i = max(0, bisect.bisect_right(starts, offset) - 1)
        seg = self.segments[i]
        return seg.page, seg.line

    def cell_at(self, offset: int) -> str | None:
        """The spreadsheet address ("Sheet1!C7") of the character at ``offset``, or None."""
        if not self.segments:
            return None
        i = max(0, bisect.bisect_right(self._starts(), offset) - 1)
        return self.segments[i].cell

    def _starts(self) -> list[int]:
        cache = self.meta.get("_starts")
        if cache is None or len(cache) != len(self.segments):
            cache = [s.start for s in self.segments]
            self.meta["_starts"] = cache
        return cache


@dataclass
class Finding:
    """One consistency finding: what was stated, what follows, the tolerance used, and
    where.  ``start``/``end`` span the statement in ``Document.text``; ``involved`` lists
    each figure or reference the rule used as ``(role, start, end)`` so a reviewer can see
    every number the verdict rests on, not only the sentence."""

    rule: str
    severity: str
    message: str
    stated: str | None = None
    computed: str | None = None
    tolerance: str | None = None
    start: int | None = None
    end: int | None = None
    message_en: str | None = None
    involved: list[tuple[str, int, int]] = field(default_factory=list)
    #: the reading of the sentence the verdict used and the readings it ruled out, in a
    #: sentence a reviewer understands (None: the sentence allows one reading only)
    reading: str | None = None
    reading_en: str | None = None
    #: a statement no sensible reading can be judged on (kept as a note only on request;
    #: counted in the coverage line either way)
    ambiguous: bool = False


# --------------------------------------------------------------------------- what the find stage produces


@dataclass
class Figure:
    """One figure as written.

    ``value`` is the number as written (scale words stay in the unit: ``19.314,870 tỷ
    đồng`` has value 19314.870, unit "tỷ đồng", ``scale`` 9).  For a fraction ``a/b`` the
    value is ``a`` and ``numerator``/``denominator`` hold both; for a range ``a - b`` the
    value is ``low`` and ``low``/``high`` hold both ends.  ``precision`` is the number of
    decimals written (of the value).  ``unit_source`` says where the unit came from:
    ``"text"`` (written after the number), ``"label"`` ("Số lượng TTHC …: 1497"),
    ``"whole"`` (a bare part of a list takes the unit of its whole) or ``"parts"``.
    """

    start: int
    end: int
    text: str
    value: Decimal
    precision: int
    unit: str | None = None
    counted: str | None = None
    label: str | None = None
    qualifier: str | None = None
    kind: str = "number"  # number | percent | fraction | range | money
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    high_qualifier: str | None = None
    scale: int = 0  # power of ten of a scale word in the unit (tỷ → 9)
    unit_kind: str | None = None  # count | money | percent | score | rank | ...
    unit_source: str | None = None
    # the unit without its scale word ("đồng" for "tỷ đồng"; ``unit`` keeps the words as
    # written, ``scale`` the power of ten): 19.314,870 tỷ đồng is 19314.870 × 10⁹ đồng
    base_unit: str | None = None
    raw: str = ""  # the number(s) as written, e.g. "144/147"
    page: int | None = None
    line: int | None = None
    in_table: bool = False

    number_start: int = 0  # offset of the first digit (``start`` may include a qualifier)
    number_end: int = 0  # offset after the last digit (before the unit)

    # in a table (see extract.find.tables): the column's header (``label`` is then the row's
    # label), the table's index in the document and the cell's row and column;
    # ``cell`` is True when the figure is the whole content of its cell (a table value),
    # False for a number written inside a cell's prose
    column: str | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    cell: bool = False
    #: on a page read by OCR: the lowest tesseract confidence (0–100) of the words the
    #: figure was read from; None on a text layer (or when no word could be matched)
    ocr_confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("value", "numerator", "denominator", "low", "high"):
            if d[k] is not None:
                d[k] = str(d[k])
        return d


@dataclass
class Statement:
    """One claim between figures.  Indices point into the figure list given to
    :func:`extract_statements`.  The returned list is flat: a nested statement (the
    parts of a part) is in the list and also in its parent's ``nested``."""

    kind: str  # parts | range_parts | ratio | remainder | comparison | table_total | distribution | score | unit | …
    whole: int | None = None
    parts: list[int] = field(default_factory=list)
    complete: bool = True
    percent: int | None = None
    numerator: int | None = None
    denominator: int | None = None
    nested: list["Statement"] = field(default_factory=list)
    start: int = 0
    end: int = 0
    text: str = ""
    cue: str | None = None  # "trong đó", "gồm", "(", "bullets", "tổng số", "so với" …
    relation: str | None = None  # comparison: đạt | bằng | tăng | giảm | vượt
    base: str | None = None  # comparison: "dự toán giao", "năm 2020"
    whole_value: Decimal | None = None
    part_values: list[Decimal] = field(default_factory=list)
    #: a ``formula`` statement (a table row whose label prints its formula over row codes,
    #: "(0500-4400+4520+4530)"): the sign of each part, and how many terms were left blank
    signs: list[int] = field(default_factory=list)
    blank: int = 0
    page: int | None = None
    line: int | None = None
    #: other readings of the same claim, each a name and its part list: a table total
    #: read as the total of its last block only ("last_block"), with an unlabelled row
    #: closing a section read as that section's subtotal ("section_subtotals"), or as the
    #: exact sum of its first children only ("first_children").  The claim holds when any
    #: reading adds up.
    alternatives: list[tuple[str, list[int]]] = field(default_factory=list)
    #: a reading the text leaves open that no part list can stand for: "earlier_pages", a
    #: table's total whose table may begin on an earlier page that was not joined to it.
    #: A claim that fails short under every listed reading is then left unjudged.
    unsure: str | None = None

    def figure_indices(self) -> list[int]:
        out = [] if self.whole is None else [self.whole]
        out += [p for p in self.parts if p not in out]
        for i in (self.percent, self.numerator, self.denominator):
            if i is not None and i not in out:
                out.append(i)
        return out


@dataclass
class Reference:
    start: int
    end: int
    text: str
    key: str | None
    doc_type: str | None = None
    number: str | None = None
    year: int | None = None
    type_code: str | None = None
    issuer_code: str | None = None
    issuer: str | None = None
    date: str | None = None  # ISO, only when the date exists
    subject: str | None = None
    pinpoint: str | None = None
    relation: str | None = None
    kind: str = "numbered"  # numbered | named_law | partial | back_reference
    resolved_to: int | str | None = None  # index into the returned list, or "self"
    note: str | None = None
    date_text: str | None = None  # the date as written (kept for REF002)
    date_inherited: bool = False
    page: int | None = None
    line: int | None = None
    footnote: str | None = None  # id of the footnote the reference stands in (offsets are into its text)
    #: on a page read by OCR: the lowest tesseract confidence (0–100) of its words (see Figure)
    ocr_confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def index_key(self) -> str | None:
        """Key for an index across documents.  Administrative and Party numbers restart
        every year (Party: every term), so without a year in the number the issue year
        is appended when known: ``'1149/QĐ-BNV@2020'``."""
        if self.key is None or self.kind != "numbered":
            return self.key
        if self.year is None and self.date:
            return f"{self.key}@{self.date[:4]}"
        return self.key


@dataclass
class DateMention:
    """One date or period as written, with the interval it denotes.

    ``start``/``end`` are offsets into the text read (``Document.text``); ``start_date`` and
    ``end_date`` are ISO days, both None when the year is unknown or the day cannot exist.
    ``pattern`` names the rule in rules/dates.yaml that found it ("range" for a từ … đến …
    span), ``year_from`` says where a year-less mention got its year.
    """

    start: int
    end: int
    text: str
    kind: str
    start_date: str | None
    end_date: str | None
    qualifier: str | None = None
    valid: bool = True
    note: str | None = None
    pattern: str = ""
    year_from: str | None = None  # None: written; else range | sentence | paragraph | default | period | text | header
    #: on a page read by OCR: the lowest tesseract confidence (0–100) of the words holding
    #: its digits; None on a text layer (or when no word could be matched)
    ocr_confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
