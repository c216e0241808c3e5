"""One pdfium document per PDF, shared by the reader, the stamp reader and the table finder.

Loading a page (parsing its content stream) and its text page costs as much as reading
it, so a PDF is opened once: :func:`extract.ingest.pdf.read_pdf` reads every page
through a :class:`PdfSource`, keeps the pages that may hold a table loaded (see
:attr:`PdfSettings.keep_pages`), and hands the source on with the document; the table
finder (:mod:`extract.ingest.pdf_tables`) takes those pages, text and line numbers from
it instead of opening the file again, and closes it when done.

The reader and the table finder number a page's lines with the one iterator
:func:`numbered_lines`, so a table cell's ``(page, line)`` is the reader's.

Every tolerance of the reader and the table finder is a field of :class:`PdfSettings`,
a frozen dataclass that checks its ranges when made (as pdfplumber's table settings).
"""
from __future__ import annotations

import ctypes
import math
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from extract.core.errors import ReadError

__all__ = ["DEFAULT_SETTINGS", "CharBoxes", "PdfSettings", "PdfSource", "numbered_lines"]


@dataclass(frozen=True)
class PdfSettings:
    """Tolerances of the PDF reader and the table finder (lengths in PDF points).

    Table finder: ``snap`` (rules closer than this are one rule, pdfplumber's default),
    ``join`` (collinear pieces with a gap up to this are one rule), ``min_edge``
    (shorter pieces are ignored: corners of thin rectangles), ``rule_width`` (a stroke
    or rectangle thinner than this is a rule), ``axis_tolerance`` (a segment whose ends
    differ by less than this across its direction is horizontal or vertical),
    ``min_paths`` (a page with fewer path objects has no ruled table), ``max_segments``
    (a path with more segments is a drawing — logo, signature —, not rules).

    A table printed small (a whole sheet shrunk to one page: rows ~3 pt high) has rules
    shorter than ``min_edge`` and closer than ``snap``: stroked pieces down to
    ``fine_edge`` are kept apart, and a page where the usual tolerances find no table
    but at least ``shrunk_min`` vertical pieces shorter than ``2 * snap`` lie is looked at again with
    tolerances scaled to those pieces (see :func:`extract.ingest.pdf_tables.shrunk_settings`);
    ``shrunk_min`` 0 turns that off.

    Rows drawn cell by cell may set a column's rule a few points off in some rows: two
    column rules closer than ``sliver`` that no cell has on both its sides are one rule
    (the strip between them is no column); 0 turns that off.

    Reader: a row whose characters span more than ``char_width_em`` em per character
    plus ``slack_em`` em is searched for a gap; a space wider than ``column_gap_em`` em
    (at least ``column_gap_min`` points) splits it into blocks; a digit run glued to a
    word is a superscript when set below ``superscript_shrink`` of its neighbour's size
    or raised by more than ``superscript_rise`` of it.

    Sharing: ``keep_pages`` pages (at most) that may hold a table stay loaded after
    reading, for the table finder; 0 closes every page as soon as it is read."""

    snap: float = 3.0
    join: float = 3.0
    min_edge: float = 3.0
    rule_width: float = 3.0
    axis_tolerance: float = 1.0
    min_paths: int = 4
    max_segments: int = 4000
    fine_edge: float = 0.5
    shrunk_min: int = 12
    sliver: float = 8.0
    char_width_em: float = 0.5
    slack_em: float = 2.0
    column_gap_em: float = 3.0
    column_gap_min: float = 30.0
    superscript_shrink: float = 0.85
    superscript_rise: float = 0.2
    keep_pages: int = 100

    #: (low, high) allowed for each field, both included
    _RANGES = {
        "snap": (0.0, 50.0), "join": (0.0, 50.0), "min_edge": (0.0, 100.0), "rule_width": (0.0, 50.0),
        "axis_tolerance": (0.0, 10.0), "min_paths": (0, 10_000), "max_segments": (2, 10_000_000),
        "fine_edge": (0.0, 100.0), "shrunk_min": (0, 1_000_000), "sliver": (0.0, 100.0),
        "char_width_em": (0.0, 5.0), "slack_em": (0.0, 20.0), "column_gap_em": (0.0, 50.0),
        "column_gap_min": (0.0, 1000.0), "superscript_shrink": (0.0, 1.0), "superscript_rise": (0.0, 5.0),
        "keep_pages": (0, 100_000),
    }

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            lo, hi = self._RANGES[f.name]
            if isinstance(lo, int):
                if not isinstance(v, int) or isinstance(v, bool):
                    raise ValueError(f"PdfSettings.{f.name} must be an int, not {v!r}")
            elif not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v):
                raise ValueError(f"PdfSettings.{f.name} must be a finite number, not {v!r}")
            if not lo <= v <= hi:
                raise ValueError(f"PdfSettings.{f.name} = {v!r} is outside [{lo}, {hi}]")


DEFAULT_SETTINGS = PdfSettings()


def numbered_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """``(line number, offset, line)`` of a pdfium page text: lines split at CR LF,
    blank lines skipped and not counted, numbers from 1.  The reader's ``RawLine.line``
    and a table cell piece's line are both this number."""
    pos = 0
    lineno = 0
    for line in text.split("\r\n"):
        start = pos
        pos += len(line) + 2
        if not line.strip():
            continue
        lineno += 1
        yield lineno, start, line


class Pdfium:
    """The pdfium functions called once per page object or per character, bound with
    plain ctypes types: handles are ``c_void_p`` (Python ints), not pypdfium2's typed
    pointers, whose making and checking cost more than the call itself in the loops of
    the reader and the table finder.  Same C functions, same results; made once
    (:func:`pdfium_calls`).  :func:`handle` turns a pypdfium2 object's ``.raw`` into
    the int these take."""

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        V, I, F, D = ctypes.c_void_p, ctypes.c_int, ctypes.c_float, ctypes.c_double
        PF, PD, PI = ctypes.POINTER(F), ctypes.POINTER(D), ctypes.POINTER(I)

        def bind(fn: Any, restype: Any, *argtypes: Any) -> Any:
            addr = ctypes.cast(fn, ctypes.c_void_p).value
            if not addr:
                raise ImportError(f"pdfium function {fn!r} has no address")
            return ctypes.CFUNCTYPE(restype, *argtypes)(addr)

        # page objects and paths
        self.count_objects = bind(raw.FPDFPage_CountObjects, I, V)
        self.get_object = bind(raw.FPDFPage_GetObject, V, V, I)
        self.draw_mode = bind(raw.FPDFPath_GetDrawMode, I, V, PI, PI)
        # -1 for an object that is not a path: the walk's test of an object's type too
        self.count_segments = bind(raw.FPDFPath_CountSegments, I, V)
        self.matrix = bind(raw.FPDFPageObj_GetMatrix, I, V, ctypes.POINTER(F * 6))
        self.bounds = bind(raw.FPDFPageObj_GetBounds, I, V, PF, PF, PF, PF)
        self.segment = bind(raw.FPDFPath_GetPathSegment, V, V, I)
        self.point = bind(raw.FPDFPathSegment_GetPoint, I, V, PF, PF)
        self.segment_type = bind(raw.FPDFPathSegment_GetType, I, V)
        self.segment_close = bind(raw.FPDFPathSegment_GetClose, I, V)
        # characters of a text page
        self.char_box = bind(raw.FPDFText_GetCharBox, I, V, I, PD, PD, PD, PD)
        self.char_origin = bind(raw.FPDFText_GetCharOrigin, I, V, I, PD, PD)
        self.font_size = bind(raw.FPDFText_GetFontSize, D, V, I)
        self.font_weight = bind(raw.FPDFText_GetFontWeight, I, V, I)
        self.MOVETO = raw.FPDF_SEGMENT_MOVETO
        self.LINETO = raw.FPDF_SEGMENT_LINETO
        self.BEZIERTO = raw.FPDF_SEGMENT_BEZIERTO


_PDFIUM: list[Pdfium] = []


def pdfium_calls() -> Pdfium:
    """The one :class:`Pdfium` (made on first use: pypdfium2 loads lazily)."""
    if not _PDFIUM:
        _PDFIUM.append(Pdfium())
    return _PDFIUM[0]


def handle(raw_ptr: Any) -> int:
    """The address held by a pypdfium2 handle (``page.raw``, ``textpage.raw``)."""
    return ctypes.cast(raw_ptr, ctypes.c_void_p).value or 0


class CharBoxes:
    """Cheap per-character queries on one pdfium text page."""

    def __init__(self, textpage: Any) -> None:
        fast = pdfium_calls()
        self._textpage = textpage  # kept alive while its handle is used
        self.tp = handle(textpage.raw)
        self._char_box = fast.char_box
        self._char_origin = fast.char_origin
        self._font_size = fast.font_size
        self._font_weight = fast.font_weight
        self._l = ctypes.c_double()
        self._r = ctypes.c_double()
        self._b = ctypes.c_double()
        self._t = ctypes.c_double()

    def box(self, i: int) -> tuple[float, float, float, float]:
        """``(left, bottom, right, top)`` of character ``i``."""
        self._char_box(self.tp, i, self._l, self._r, self._b, self._t)
        return self._l.value, self._b.value, self._r.value, self._t.value

    def left(self, i: int) -> float:
        """Left edge of character ``i`` (``box(i)[0]``)."""
        self._char_box(self.tp, i, self._l, self._r, self._b, self._t)
        return self._l.value

    def right(self, i: int) -> float:
        """Right edge of character ``i`` (``box(i)[2]``)."""
        self._char_box(self.tp, i, self._l, self._r, self._b, self._t)
        return self._r.value

    def gap(self, i: int, j: int) -> float:
        """Space between the right edge of character ``i`` and the left edge of
        character ``j`` (``left(j) - right(i)``)."""
        box, tp, l, r, b, t = self._char_box, self.tp, self._l, self._r, self._b, self._t
        box(tp, i, l, r, b, t)
        right = r.value
        box(tp, j, l, r, b, t)
        return l.value - right

    def origin_y(self, i: int) -> float:
        self._char_origin(self.tp, i, self._l, self._b)
        return self._b.value

    def size(self, i: int) -> float:
        return float(self._font_size(self.tp, i))

    def bold(self, i: int, j: int) -> bool | None:
        """Whether characters ``i`` and ``j`` (a line's first and last) are both set in a bold
        face (font weight 600 or more), both not, or None: mixed, or a font with no weight."""
        a, b = self._font_weight(self.tp, i), self._font_weight(self.tp, j)
        if a <= 0 or b <= 0 or (a >= 600) != (b >= 600):
            return None
        return a >= 600


def open_pdf(path: str | Path) -> Any:
    """A pypdfium2 document, or a :class:`ReadError` that says why not."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        # pdfium's error code is global state that a failed load does not always set: after
        # an encrypted file, a PDF of no pages in the same process was "encrypted" too.  So
        # the reason is read from the file itself: an /Encrypt entry, or else damage.
        if _has_encrypt_entry(path):
            raise ReadError(path, "encrypted PDF (a password is needed to open it)") from None
        raise ReadError(path, "corrupt or truncated PDF, or one without pages (pdfium could not load it)") from None


def _has_encrypt_entry(path: str | Path, chunk: int = 1 << 20) -> bool:
    """Does the file name an /Encrypt dictionary (in a trailer or an xref stream's
    dictionary, which are never encrypted themselves)?  Read in chunks, only on failure."""
    key = b"/Encrypt"
    tail = b""
    try:
        with open(path, "rb") as fh:
            while block := fh.read(chunk):
                if key in tail + block:
                    return True
                tail = block[-len(key):]
    except OSError:
        return False
    return False


#: open sources per thread, oldest first: a caller that keeps many documents without
#: asking for their tables keeps at most this many PDFs (file handles, loaded pages) open
MAX_OPEN = 8
_open_sources = threading.local()


def _register(source: PdfSource) -> None:
    """Note that ``source`` opened its document in this thread; close the oldest source
    of this thread beyond :data:`MAX_OPEN` (it reopens, from the file, if used again)."""
    live: OrderedDict[int, weakref.ref[PdfSource]] | None = getattr(_open_sources, "live", None)
    if live is None:
        live = _open_sources.live = OrderedDict()
    live[id(source)] = weakref.ref(source)
    live.move_to_end(id(source))
    while len(live) > MAX_OPEN:
        _, ref = live.popitem(last=False)
        old = ref()
        if old is not None and old is not source:
            old.close()


def _unregister(source: PdfSource) -> None:
    live = getattr(_open_sources, "live", None)
    if live is not None:
        live.pop(id(source), None)


class PdfSource:
    """One PDF opened once: its pages, text pages and page texts, loaded on first use
    and kept until :meth:`release` or :meth:`close`.  Page numbers are 0-based.  Opened
    lazily, so a source survives pickling (as its path) and reopens when used again; a
    thread keeps at most :data:`MAX_OPEN` sources open (the oldest is closed)."""

    def __init__(self, path: str | Path, settings: PdfSettings | None = None) -> None:
        self.path = Path(path)
        self.settings = settings or DEFAULT_SETTINGS
        self._pdf: Any = None
        self._pages: dict[int, Any] = {}
        self._textpages: dict[int, Any] = {}
        self._texts: dict[int, str] = {}
        self._pinned: set[int] = set()
        #: what one walk over a page's objects found (:func:`extract.ingest.pdf_tables.page_paths`),
        #: kept when the page is released: plain data, read by the chart finder and the
        #: table finder from the one walk
        self.drawings: dict[int, Any] = {}

    # pickling (the indexer may ship documents between processes): the path only
    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path, "settings": self.settings}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["path"], state["settings"])  # type: ignore[misc]

    @property
    def pdf(self) -> Any:
        if self._pdf is None:
            self._pdf = open_pdf(self.path)
            _register(self)
        return self._pdf

    def __len__(self) -> int:
        return len(self.pdf)

    def page(self, i: int) -> Any:
        p = self._pages.get(i)
        if p is None:
            p = self._pages[i] = self.pdf[i]
        return p

    def textpage(self, i: int) -> Any:
        tp = self._textpages.get(i)
        if tp is None:
            tp = self._textpages[i] = self.page(i).get_textpage()
        return tp

    def text(self, i: int) -> str:
        """The page's text as pdfium gives it, with U+FFFE (pdfium's mark for a hyphen
        at a line end, which it joins) back to a hyphen: in these documents it is a real
        hyphen inside a code (NĐ-CP)."""
        t = self._texts.get(i)
        if t is None:
            tp = self.textpage(i)
            t = tp.get_text_range().replace("\ufffe", "-") if tp.count_chars() else ""
            self._texts[i] = t
        return t

    def loaded(self) -> list[int]:
        """Pages loaded now."""
        return sorted(self._pages)

    def pin(self, i: int) -> None:
        """Keep page ``i`` loaded until :meth:`close`: its file content was changed in
        memory (annotations flattened into it) and a reload would show the change."""
        self.page(i)
        self._pinned.add(i)
        self.drawings.pop(i, None)  # walked before the change: the table finder walks it again

    def release(self, pages: Iterable[int] | None = None) -> None:
        """Close the given pages (all by default) except pinned ones; the document
        stays open."""
        self._release([i for i in (list(self._pages) if pages is None else pages) if i not in self._pinned])

    def _release(self, pages: Iterable[int]) -> None:
        for i in list(pages):
            tp = self._textpages.pop(i, None)
            if tp is not None:
                tp.close()
            p = self._pages.pop(i, None)
            if p is not None:
                p.close()
            self._texts.pop(i, None)

    def close(self) -> None:
        """Close every page and the document (it reopens, unchanged, if used again)."""
        self._release(list(self._pages))
        self._pinned.clear()
        self.drawings.clear()
        if self._pdf is not None:
            _unregister(self)
            self._pdf.close()
            self._pdf = None

    def __repr__(self) -> str:
        return f"PdfSource({str(self.path)!r}, loaded={self.loaded()})"
