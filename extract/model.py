"""Plain data passed between pipeline stages.

Every stage of baocao is a function from one of these dataclasses to another, so
that each can be used from Python without the CLI and tested on its own.  The
central one is :class:`Document`: the cleaned text of a report plus a map from
every character offset back to where it was read (page and line), which is what
lets every later finding say *where* it comes from.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
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
    indices of ``Document.tables``), None outside tables and for PDF and text."""

    start: int
    end: int
    page: int | None
    line: int
    table: tuple[int, int, int] | None = None


@dataclass
class Removed:
    """Page furniture taken out of the body: kept, never lost."""

    kind: str  # page-number | running-header | url | signature-stamp | ...
    text: str
    page: int | None
    line: int


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
    kind: str  # pdf | docx | text
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
