"""Read a Word (.docx) file into raw lines, footnotes and tables.

The package is opened with :mod:`zipfile` and its parts parsed with
:mod:`lxml.etree` directly: python-docx is slow on long reports and does not
expose footnotes.  One :class:`~extract.core.model.RawLine` is produced per paragraph
(``line`` = running paragraph index from 1, counting every paragraph: empty
ones, those in table cells and those in text boxes), in reading order.

Text rules: ``w:t`` text, ``w:tab``/``w:ptab`` -> TAB, ``w:br``/``w:cr`` -> LF
(kept inside the paragraph's line), ``w:noBreakHyphen`` -> "-", soft hyphens
dropped, ``w:sym`` kept when its code point is not in the private-use area.
Tracked deletions (``w:del``, ``w:moveFrom``) are skipped, insertions kept;
field instructions are skipped and field results kept; hidden (``w:vanish``)
runs are skipped.  A footnote reference becomes its display number (1, 2, ...
in order of first reference) and the span of the marker -- together with a
superscript "(" / ")" around it, as Vietnamese reports often write "(3)" -- is
recorded in ``RawLine.superscripts``; superscript runs of digits are recorded
too.  Endnotes are numbered the same way and get ids "e1", "e2", ...
"""
from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from lxml import etree

from extract.core import limits
from extract.core.errors import ReadError
from extract.core.model import Footnote, RawLine

__all__ = ["DocxContent", "read_docx", "MAX_PART_SIZE"]

MAX_PART_SIZE = 200 * 1024 * 1024  # refuse any part that inflates beyond this
#: document.xml above this many bytes (inflated) is parsed as a stream, one body
#: block at a time, so memory follows the text read, not the size of the XML
STREAM_ABOVE = 8 * 1024 * 1024
#: ... and one body block (a paragraph, a table) of more elements than this is refused
MAX_BLOCK_ELEMENTS = 1_000_000

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STRICT_W_NS = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def _w(name: str) -> str:
    return "{%s}%s" % (W_NS, name)


# element tags, precomputed (tag comparison is the hot path)
P, R, T, TAB, PTAB, BR, CR = (_w(n) for n in ("p", "r", "t", "tab", "ptab", "br", "cr"))
NOBREAKHYPHEN, SYM = _w("noBreakHyphen"), _w("sym")
FNREF, ENREF = _w("footnoteReference"), _w("endnoteReference")
FNREF_MARK, ENREF_MARK = _w("footnoteRef"), _w("endnoteRef")
FLDCHAR, FLDSIMPLE = _w("fldChar"), _w("fldSimple")
TBL, TR, TC, TRPR, TCPR, TBLGRID, GRIDCOL = (
    _w(n) for n in ("tbl", "tr", "tc", "trPr", "tcPr", "tblGrid", "gridCol"))
GRIDSPAN, VMERGE, GRIDBEFORE = _w("gridSpan"), _w("vMerge"), _w("gridBefore")
SDT, SDTCONTENT, CUSTOMXML, SMARTTAG = _w("sdt"), _w("sdtContent"), _w("customXml"), _w("smartTag")
HYPERLINK, INS, DEL, MOVETO, MOVEFROM = (
    _w(n) for n in ("hyperlink", "ins", "del", "moveTo", "moveFrom"))
DIR, BDO = _w("dir"), _w("bdo")
PPR, RPR, PSTYLE, RSTYLE = _w("pPr"), _w("rPr"), _w("pStyle"), _w("rStyle")
SZ, VERTALIGN, VANISH = _w("sz"), _w("vertAlign"), _w("vanish")
DRAWING, PICT, TXBXCONTENT = _w("drawing"), _w("pict"), _w("txbxContent")
_C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
C_CHART, C_TITLE, C_STRCACHE, C_NUMCACHE, C_V = (
    "{%s}%s" % (_C_NS, n) for n in ("chart", "title", "strCache", "numCache", "v"))
A_P, A_T = "{%s}p" % _A_NS, "{%s}t" % _A_NS
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
BODY = _w("body")
_STRICT_PREFIX = "{" + _STRICT_W_NS.decode() + "}"
_STRICT_BODY = _STRICT_PREFIX + "body"
W_VAL, W_ID, W_TYPE, W_CHAR = _w("val"), _w("id"), _w("type"), _w("char")
W_FLDCHARTYPE, W_CUSTOMMARK = _w("fldCharType"), _w("customMarkFollows")
ALTCONTENT, MC_CHOICE, MC_FALLBACK = (
    "{%s}AlternateContent" % MC_NS, "{%s}Choice" % MC_NS, "{%s}Fallback" % MC_NS)
OMATH, OMATHPARA, MT = "{%s}oMath" % M_NS, "{%s}oMathPara" % M_NS, "{%s}t" % M_NS

# containers whose children are read as if they stood in the parent
_INLINE_WRAPPERS = frozenset({HYPERLINK, SMARTTAG, CUSTOMXML, INS, MOVETO, FLDSIMPLE, DIR, BDO})
_BLOCK_WRAPPERS = frozenset({CUSTOMXML, INS, MOVETO})
_SKIPPED = frozenset({DEL, MOVEFROM})

_FALSE = frozenset({"0", "false", "off"})
_MARKERISH = re.compile(r"[\s\d()\[\],;\-\u2013]+").fullmatch
_RX_ATTR = re.compile(rb"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_RX_RPR = re.compile(rb"<w:rPr\b[^>]*>(.*?)</w:rPr>", re.S)
_RX_SZ = re.compile(rb"<w:sz\b[^>]*?w:val\s*=\s*[\"'](\d+)")
_RX_VALIGN = re.compile(rb"<w:vertAlign\b[^>]*?w:val\s*=\s*[\"'](\w+)")
_RX_BASED = re.compile(rb"<w:basedOn\b[^>]*?w:val\s*=\s*[\"']([^\"']*)")
_NOTE_MARK = "\x00"
_LEADING_NOTE_MARK = re.compile(r"^\s*[(\[]?\x00[)\].:]?\s*")
_NUMERIC_SUP = re.compile(r"[(\[]?\d+(?:\s*[,;\-\u2013]\s*\d+)*[)\]]?")


@dataclass
class DocxContent:
    """What :func:`read_docx` found in a .docx file."""

    lines: list[RawLine] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    footers: list[str] = field(default_factory=list)
    core: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: charts (c:chart in a drawing), kept out of the body: (paragraph index, the chart's
    #: labels — series names, categories, values — and its title or None)
    charts: list[tuple[int, str, str | None]] = field(default_factory=list)


# ---------------------------------------------------------------------------
# package access


class _Package:
    def __init__(self, path: Path):
        self.path = path
        try:
            with open(path, "rb") as fh:
                head = fh.read(8)
        except OSError as exc:
            raise ReadError(str(path), f"cannot open file ({exc.strerror or exc})") from None
        if head.startswith(_OLE_MAGIC):
            raise ReadError(str(path), "encrypted or legacy .doc Word file — not a DOCX")
        try:
            self.zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, zlib.error, ValueError, EOFError, NotImplementedError):
            raise ReadError(str(path), "not a DOCX file (not a ZIP archive)") from None
        except OSError as exc:
            raise ReadError(str(path), f"cannot open file ({exc.strerror or exc})") from None
        self.names = set(self.zf.namelist())
        self.unpacked = 0  # bytes inflated so far (the unpacked_bytes budget)

    def size(self, name: str) -> int:
        return self.zf.getinfo(name).file_size

    def _count(self, name: str, n: int) -> None:
        self.unpacked += n
        budget = limits.current().unpacked_bytes
        if self.unpacked > budget:
            raise ReadError(str(self.path), f"over the {budget // (1024 * 1024)} MB budget of bytes after "
                                            f"decompression (at {name}; set {limits.ENV['unpacked_bytes']} to raise it)")

    def stream(self, name: str):
        """``name`` as a file object that counts what it inflates against the budgets."""
        info = self.zf.getinfo(name)
        if info.file_size > MAX_PART_SIZE:
            raise ReadError(str(self.path), f"corrupt DOCX: {name} inflates to "
                            f"{info.file_size} bytes (over the {MAX_PART_SIZE} byte limit)")
        pkg = self
        try:
            raw = self.zf.open(info)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError,
                NotImplementedError) as exc:  # a header offset past the end, an encrypted member …
            raise ReadError(str(self.path), f"corrupt DOCX: cannot unpack {name} ({exc})") from None

        class _Counted:
            def read(self, n: int = -1) -> bytes:
                data = raw.read(1 << 16 if n is None or n < 0 else n)
                pkg._count(name, len(data))
                return data

            def close(self) -> None:
                raw.close()

        return _Counted()

    def close(self) -> None:
        self.zf.close()

    def read(self, name: str) -> bytes:
        try:
            info = self.zf.getinfo(name)
            if info.file_size > MAX_PART_SIZE:
                raise ReadError(str(self.path), f"corrupt DOCX: {name} inflates to "
                                f"{info.file_size} bytes (over the {MAX_PART_SIZE} byte limit)")
            with self.zf.open(info) as fh:
                data = fh.read(MAX_PART_SIZE + 1)
        except ReadError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise ReadError(str(self.path), f"corrupt DOCX: cannot unpack {name} ({exc})") from None
        except (RuntimeError, NotImplementedError) as exc:  # encrypted member, odd method
            raise ReadError(str(self.path), f"corrupt DOCX: cannot unpack {name} ({exc})") from None
        if len(data) > MAX_PART_SIZE:
            raise ReadError(str(self.path), f"corrupt DOCX: {name} inflates beyond the "
                            f"{MAX_PART_SIZE} byte limit")
        self._count(name, len(data))
        return data

    def xml(self, name: str):
        data = self.read(name)
        if _STRICT_W_NS in data:  # ISO strict flavour: same vocabulary, other namespace
            data = data.replace(_STRICT_W_NS, W_NS.encode())
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True,
                                 remove_comments=True, remove_pis=True)
        try:
            return etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            raise ReadError(str(self.path), f"corrupt DOCX: {name} is not well-formed XML ({exc})") from None


# ---------------------------------------------------------------------------
# styles: only what size and superscript need


class _Styles:
    """Paragraph/character style sizes and vertical alignment, with basedOn
    inheritance.  styles.xml is often large (python-docx's template: 350 kB of
    table styles), so the usual ``w:``-prefixed file is scanned with regular
    expressions; anything else goes through lxml."""

    def __init__(self):
        self.sz: dict[str, float | None] = {}
        self.valign: dict[str, str | None] = {}
        self.based: dict[str, str] = {}
        self.default_para: str | None = None
        self.default_sz: float | None = None
        self._cache_sz: dict[str, float | None] = {}
        self._cache_va: dict[str, str | None] = {}

    def load_bytes(self, data: bytes) -> bool:
        """Fast path; False when the file is not in the usual form."""
        head = data[:8192]
        if b"<w:styles" not in head or b'xmlns:w="' + W_NS.encode() + b'"' not in head:
            return False
        i = data.find(b"<w:rPrDefault>")
        j = data.find(b"</w:rPrDefault>", i) if i >= 0 else -1
        if j > i:
            m = _RX_SZ.search(data, i, j)
            if m:
                self.default_sz = int(m.group(1)) / 2.0
        pos = 0
        while True:  # bytes.find is much faster than a lazy regex over 350 kB
            start = data.find(b"<w:style ", pos)
            if start < 0:
                break
            tag_end = data.find(b">", start)
            if tag_end < 0:
                break
            if data[tag_end - 1:tag_end] == b"/":
                inner, pos = b"", tag_end + 1
            else:
                end = data.find(b"</w:style>", tag_end)
                if end < 0:
                    break
                inner, pos = data[tag_end + 1:end], end + 10
            attrs = {k.decode(): unescape((v1 or v2).decode("utf-8", "replace"))
                     for k, v1, v2 in _RX_ATTR.findall(data, start, tag_end)}
            sid = attrs.get("w:styleId")
            if sid is None:
                continue
            if attrs.get("w:type") == "paragraph" and attrs.get("w:default") in ("1", "true", "on"):
                self.default_para = sid
            cut = inner.find(b"<w:tblStylePr")
            if cut >= 0:
                inner = inner[:cut]
            mb = _RX_BASED.search(inner)
            if mb:
                self.based[sid] = unescape(mb.group(1).decode("utf-8", "replace"))
            mr = _RX_RPR.search(inner)
            if mr:
                rpr = mr.group(1)
                ms = _RX_SZ.search(rpr)
                self.sz[sid] = int(ms.group(1)) / 2.0 if ms else None
                mv = _RX_VALIGN.search(rpr)
                self.valign[sid] = mv.group(1).decode() if mv else None
        return True

    def load_tree(self, root) -> None:
        dd = _child(root, _w("docDefaults"))
        if dd is not None:
            el = dd.find("%s/%s/%s" % (_w("rPrDefault"), RPR, SZ))
            self.default_sz = _half_points(el)
        for st in root.iterfind(_w("style")):
            sid = st.get(_w("styleId"))
            if sid is None:
                continue
            if st.get(W_TYPE) == "paragraph" and st.get(_w("default")) in ("1", "true", "on"):
                self.default_para = sid
            b = _child(st, _w("basedOn"))
            if b is not None and b.get(W_VAL):
                self.based[sid] = b.get(W_VAL)
            rpr = _child(st, RPR)
            if rpr is not None:
                self.sz[sid] = _half_points(_child(rpr, SZ))
                va = _child(rpr, VERTALIGN)
                self.valign[sid] = va.get(W_VAL) if va is not None else None

    def _chain(self, sid, table, cache):
        if sid in cache:
            return cache[sid]
        seen = set()
        cur, val = sid, None
        while cur is not None and cur not in seen:
            seen.add(cur)
            val = table.get(cur)
            if val is not None:
                break
            cur = self.based.get(cur)
        cache[sid] = val
        return val

    def size(self, sid):
        return self._chain(sid, self.sz, self._cache_sz) if sid else None

    def vert_align(self, sid):
        return self._chain(sid, self.valign, self._cache_va) if sid else None


def _half_points(el) -> float | None:
    if el is None:
        return None
    try:
        return int(el.get(W_VAL)) / 2.0
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------------------
# the reader


class _Para:
    """A paragraph being assembled."""

    __slots__ = ("parts", "n", "pieces", "size", "boxes", "pending_mark", "pstyle")

    def __init__(self, pstyle):
        self.parts: list[str] = []
        self.n = 0
        self.pieces: list[tuple[int, int, bool]] = []  # superscript candidates (start, end, is_ref)
        self.size: float | None = None
        self.boxes: list = []  # w:txbxContent elements anchored in this paragraph
        self.pending_mark = None  # (kind, xml id) after customMarkFollows
        self.pstyle = pstyle

    def add(self, s: str) -> tuple[int, int]:
        start = self.n
        self.parts.append(s)
        self.n += len(s)
        return start, self.n


class _Notes:
    """Footnotes or endnotes of one kind: xml id -> element, numbering by first reference."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.elements: dict[str, object] = {}
        self.number: dict[str, str] = {}  # xml id -> display id ("3", "e3", custom mark)
        self.order: list[tuple[str, int]] = []  # (xml id, paragraph index of first reference)
        self.count = 0


class _Reader:
    def __init__(self, pkg: _Package):
        if "word/document.xml" not in pkg.names:
            raise ReadError(str(pkg.path), "ZIP archive is not a Word document (no word/document.xml)")
        self.pkg = pkg
        self.content = DocxContent()
        self.lines = self.content.lines
        self.index = 0  # running paragraph index
        self.fld: list[bool] = []  # open complex fields: True while in the instruction part
        self.fld_instr = 0
        self.hidden: set = set()  # hidden (w:vanish) runs of every part read
        self.in_notes = False
        self.chart_refs: list[tuple[int, str]] = []  # (paragraph index, relationship id)
        self.styles = _Styles()
        try:
            data = pkg.read("word/styles.xml") if "word/styles.xml" in pkg.names else None
        except ReadError as exc:  # styles only give sizes: read on without them
            self.content.warnings.append(exc.reason)
            data = None
        if data is not None:
            if not self.styles.load_bytes(data):
                root = self._optional_xml("word/styles.xml")
                if root is not None:
                    self.styles.load_tree(root)
        self.notes = {"f": _Notes(""), "e": _Notes("e")}
        for kind, part, tag in (("f", "word/footnotes.xml", "footnote"),
                                ("e", "word/endnotes.xml", "endnote")):
            root = self._optional_xml(part)
            if root is None:
                continue
            self.hidden |= _hidden_runs(root)
            for note in root.iterfind(_w(tag)):
                if note.get(W_TYPE) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                nid = note.get(W_ID)
                if nid is not None:
                    self.notes[kind].elements[nid] = note

    def _optional_xml(self, name):
        if name not in self.pkg.names:
            return None
        try:
            return self.pkg.xml(name)
        except ReadError as exc:
            self.content.warnings.append(exc.reason)
            return None

    # -- main ---------------------------------------------------------------

    def run(self) -> DocxContent:
        try:
            large = self.pkg.size("word/document.xml") > STREAM_ABOVE
        except (KeyError, ValueError):
            large = False
        if large:
            self._stream_body()
        else:
            root = self.pkg.xml("word/document.xml")
            self.hidden |= _hidden_runs(root)
            body = _child(root, BODY)
            if body is None:
                raise ReadError(str(self.pkg.path), "corrupt DOCX: word/document.xml has no w:body")
            self._blocks(body, None, None)
        self._check_chars()
        self._collect_charts()
        self._collect_notes()
        self._collect_furniture()
        self._collect_core()
        return self.content

    def _check_chars(self) -> None:
        n = sum(len(ln.text) for ln in self.lines)
        budget = limits.current().chars
        if n > budget:
            raise ReadError(str(self.pkg.path), f"over the {budget}-character budget "
                                                f"(set {limits.ENV['chars']} to raise it)")

    def _stream_body(self) -> None:
        """Read a large document.xml one body block at a time (lxml iterparse), each
        block freed once read, and stop at the character budget: a compressed XML bomb
        costs what its text costs, up to the budget, not the size of its tree."""
        name = "word/document.xml"
        fh = self.pkg.stream(name)
        budget = limits.current().chars
        chars = 0
        body = None
        notes_hidden = self.hidden
        try:
            events = etree.iterparse(fh, events=("start", "end"), resolve_entities=False, no_network=True,
                                     huge_tree=True, remove_comments=True, remove_pis=True)
            depth = 0
            elements = 0  # in the block being read
            for ev, el in events:
                if ev == "start":
                    depth += 1
                    elements += 1
                    if depth == 2 and el.tag in (BODY, _STRICT_BODY):
                        body = el
                    elif elements > MAX_BLOCK_ELEMENTS:
                        raise ReadError(str(self.pkg.path), f"corrupt DOCX: one paragraph or table of over "
                                                            f"{MAX_BLOCK_ELEMENTS} XML elements")
                    continue
                depth -= 1
                if depth != 2 or body is None or el.getparent() is not body:
                    continue
                elements = 0
                if el.tag.startswith(_STRICT_PREFIX):
                    raise ReadError(str(self.pkg.path), "strict OOXML too large to stream")
                self.hidden = notes_hidden | _hidden_runs(el)
                n0 = len(self.lines)
                self._blocks([el], None, None)
                chars += sum(len(ln.text) for ln in self.lines[n0:])
                if chars > budget:
                    raise ReadError(str(self.pkg.path), f"over the {budget}-character budget "
                                                        f"(set {limits.ENV['chars']} to raise it)")
                el.clear()
                while body is not None and len(body) and body[0] is not el:
                    del body[0]
        except etree.XMLSyntaxError as exc:
            raise ReadError(str(self.pkg.path), f"corrupt DOCX: {name} is not well-formed XML ({exc})") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
            raise ReadError(str(self.pkg.path), f"corrupt DOCX: cannot unpack {name} ({exc})") from None
        finally:
            fh.close()
            self.hidden = notes_hidden
        if body is None:
            raise ReadError(str(self.pkg.path), "corrupt DOCX: word/document.xml has no w:body")

    # -- block level --------------------------------------------------------

    def _blocks(self, parent, cell, sink, blank=False):
        """Read block-level children.  ``cell`` is the (table, row, col) the
        blocks sit in (None outside tables); ``sink`` collects paragraph texts
        when the caller needs them (cell texts, footnote text, headers)."""
        for el in parent:
            tag = el.tag
            if tag == P:
                self._paragraph(el, cell, sink, blank)
            elif tag == TBL:
                self._table(el, cell, sink, blank)
            elif tag == SDT:
                c = _child(el, SDTCONTENT)
                if c is not None:
                    self._blocks(c, cell, sink, blank)
            elif tag in _BLOCK_WRAPPERS:
                self._blocks(el, cell, sink, blank)
            elif tag == ALTCONTENT:
                branch = _alt_branch(el)
                if branch is not None:
                    self._blocks(branch, cell, sink, blank)

    def _table(self, tbl, cell, sink, blank):
        if cell is not None or sink is not None:
            # nested table (or a table outside the body): flatten in cell order
            for tr in _rows(tbl):
                for tc, _span, cont in _cells(tr):
                    self._blocks(tc, cell, sink, blank or cont)
            return
        ti = len(self.content.tables)
        grid_el = _child(tbl, TBLGRID)
        width = sum(1 for c in grid_el if c.tag == GRIDCOL) if grid_el is not None else 0
        rows: list[list[str]] = []
        self.content.tables.append(rows)
        for tr in _rows(tbl):
            ri = len(rows)
            row: list[str] = []
            trpr = _child(tr, TRPR)
            col = 0
            if trpr is not None:
                gb = _child(trpr, GRIDBEFORE)
                if gb is not None:
                    col = _int(gb.get(W_VAL), 0)
            row.extend([""] * col)
            for tc, span, cont in _cells(tr):
                texts: list[str] = []
                self._blocks(tc, (ti, ri, col), texts, blank or cont)
                row.append("" if cont else "\n".join(texts))
                row.extend([""] * (span - 1))
                col += span
            rows.append(row)
        width = max([width] + [len(r) for r in rows])
        for r in rows:
            if len(r) < width:
                r.extend([""] * (width - len(r)))

    def _paragraph(self, p, cell, sink, blank):
        pstyle = None
        ppr = p[0] if len(p) and p[0].tag == PPR else None  # pPr comes first
        if ppr is not None:
            ps = ppr[0] if len(ppr) and ppr[0].tag == PSTYLE else None  # so does pStyle
            if ps is not None:
                pstyle = ps.get(W_VAL)
        para = _Para(pstyle or self.styles.default_para)
        self.index += 1
        line_no = self.index
        self._inline(p, para, line_no)
        text = "".join(para.parts)
        if sink is not None:
            sink.append(text)
        if cell is not None or sink is None:  # body paragraph (not footnote/header text)
            if blank:
                text, sups = "", []
            else:
                sups = _superscript_spans(text, para.pieces)
            size = para.size
            if size is None and ppr is not None:  # empty paragraph: the mark's size
                mark = _child(ppr, RPR)
                if mark is not None:
                    size = _half_points(_child(mark, SZ))
            if size is None:
                size = self.styles.size(para.pstyle) or self.styles.default_sz
            self.lines.append(RawLine(text=text, page=None, line=line_no, size=size,
                                      table=cell, superscripts=sups))
        for box in para.boxes:
            self._blocks(box, cell, sink, blank)

    # -- inline level -------------------------------------------------------

    def _inline(self, parent, para, line_no):
        for el in parent:
            tag = el.tag
            if tag == R:
                self._run(el, para, line_no)
            elif tag in _INLINE_WRAPPERS:
                self._inline(el, para, line_no)
            elif tag == SDT:
                c = _child(el, SDTCONTENT)
                if c is not None:
                    self._inline(c, para, line_no)
            elif tag in _SKIPPED:
                continue
            elif tag == ALTCONTENT:
                branch = _alt_branch(el)
                if branch is not None:
                    self._inline(branch, para, line_no)
            elif tag == OMATHPARA or tag == OMATH:
                if not self.fld_instr:
                    s = "".join(t.text or "" for t in el.iter(MT))
                    if s:
                        para.add(s)

    def _run(self, r, para, line_no):
        if r in self.hidden:
            return
        rpr = None
        sup = None  # resolved lazily
        for ch in r:
            tag = ch.tag
            if tag == RPR:
                rpr = ch
                continue
            if tag == T:
                s = ch.text
                if not s or self.fld_instr:
                    continue
                span = para.add(s)
                if para.size is None and s.strip():
                    para.size = self._run_size(rpr, para)
                if para.pending_mark is not None:
                    kind, nid = para.pending_mark
                    para.pending_mark = None
                    self._note_ref(kind, nid, line_no, custom=s.strip() or s)
                    para.pieces.append((span[0], span[1], True))
                    continue
                # only marker-like text can end up in a superscript span
                if len(s) <= 12 and _MARKERISH(s):
                    if sup is None:
                        sup = self._is_superscript(rpr, para)
                    if sup:
                        para.pieces.append((span[0], span[1], False))
            elif tag == FLDCHAR:
                kind = ch.get(W_FLDCHARTYPE)
                if kind == "begin":
                    self.fld.append(True)
                    self.fld_instr += 1
                elif kind == "separate":
                    if self.fld and self.fld[-1]:
                        self.fld[-1] = False
                        self.fld_instr -= 1
                elif kind == "end":
                    if self.fld and self.fld.pop():
                        self.fld_instr -= 1
            elif self.fld_instr:
                continue
            elif tag == TAB or tag == PTAB:
                para.add("\t")
            elif tag == BR or tag == CR:
                para.add("\n")
            elif tag == NOBREAKHYPHEN:
                para.add("-")
            elif tag == SYM:
                c = _int(ch.get(W_CHAR), None, 16)
                if c is not None and 0 < c < 0x110000 and not (0xE000 <= c <= 0xF8FF) \
                        and not (0xD800 <= c <= 0xDFFF):
                    para.add(chr(c))
            elif tag == FNREF or tag == ENREF:
                kind = "f" if tag == FNREF else "e"
                nid = ch.get(W_ID)
                if nid is None:
                    continue
                if _flag_attr(ch.get(W_CUSTOMMARK)):
                    para.pending_mark = (kind, nid)
                    continue
                shown = self._note_ref(kind, nid, line_no)
                if shown:
                    start, end = para.add(shown)
                    para.pieces.append((start, end, True))
            elif tag == DRAWING or tag == PICT or tag == ALTCONTENT:
                para.boxes.extend(_text_boxes(ch))
                if tag != PICT:
                    for chart in ch.iter(C_CHART):
                        rid = chart.get(R_ID)
                        if rid:
                            self.chart_refs.append((line_no, rid))
            elif (tag == FNREF_MARK or tag == ENREF_MARK) and self.in_notes:
                para.add(_NOTE_MARK)  # the note's own number: stripped in _collect_notes
            # w:delText, w:instrText, w:softHyphen, w:lastRenderedPageBreak,
            # w:separator, w:object ...: nothing to add

    def _run_size(self, rpr, para):
        if rpr is not None:
            v = _half_points(_child(rpr, SZ))
            if v is not None:
                return v
            rs = _child(rpr, RSTYLE)
            if rs is not None:
                v = self.styles.size(rs.get(W_VAL))
                if v is not None:
                    return v
        return self.styles.size(para.pstyle) or self.styles.default_sz

    def _is_superscript(self, rpr, para):
        if rpr is not None:
            va = _child(rpr, VERTALIGN)
            if va is not None:
                return va.get(W_VAL) == "superscript"
            rs = _child(rpr, RSTYLE)
            if rs is not None:
                v = self.styles.vert_align(rs.get(W_VAL))
                if v is not None:
                    return v == "superscript"
        return self.styles.vert_align(para.pstyle) == "superscript"

    # -- notes --------------------------------------------------------------

    def _note_ref(self, kind, nid, line_no, custom=None):
        """Number a note at its first reference; returns the text to show."""
        notes = self.notes[kind]
        if nid in notes.number:
            shown = notes.number[nid]
            return custom if custom is not None else shown[len(notes.prefix):]
        if custom is not None:
            notes.number[nid] = custom
            notes.order.append((nid, line_no))
            return custom
        notes.count += 1
        notes.number[nid] = notes.prefix + str(notes.count)
        notes.order.append((nid, line_no))
        return str(notes.count)

    def _collect_notes(self):
        saved = (self.fld, self.fld_instr)
        for kind in ("f", "e"):
            notes = self.notes[kind]
            for nid, line_no in notes.order:
                el = notes.elements.get(nid)
                if el is None:
                    self.content.warnings.append(
                        f"{'foot' if kind == 'f' else 'end'}note reference {nid} has no note text")
                    continue
                self.fld, self.fld_instr = [], 0
                texts: list[str] = []
                self.in_notes = True
                self._note_blocks(el, texts)
                self.in_notes = False
                text = _LEADING_NOTE_MARK.sub("", "\n".join(texts), count=1)
                text = text.replace(_NOTE_MARK, "").strip()
                self.content.footnotes.append(Footnote(id=notes.number[nid], text=text, line=line_no))
            unreferenced = [n for n in notes.elements if n not in notes.number]
            if unreferenced:
                self.content.warnings.append(
                    f"{len(unreferenced)} {'foot' if kind == 'f' else 'end'}note(s) never "
                    f"referenced in the body (ids {', '.join(unreferenced[:10])})")
        self.fld, self.fld_instr = saved

    def _note_blocks(self, el, texts):
        # paragraphs of notes, headers and footers do not take line numbers
        saved = self.index
        self._blocks(el, None, texts)
        self.index = saved

    def _collect_charts(self):
        """Each chart's title and labels, from its part (word/charts/chartN.xml): the
        chart is drawn, not written, so its text stays out of the body."""
        if not self.chart_refs:
            return
        rels = self._optional_xml("word/_rels/document.xml.rels")
        targets = {} if rels is None else {r.get("Id"): r.get("Target") or "" for r in rels}
        for line_no, rid in self.chart_refs:
            target = targets.get(rid, "")
            name = target.lstrip("/") if target.startswith("/") else "word/" + target
            root = self._optional_xml(name) if target else None
            if root is None:
                self.content.charts.append((line_no, "", None))
                continue
            title_el = next(root.iter(C_TITLE), None)
            title = None
            if title_el is not None:
                title = " ".join("".join(t.text or "" for t in p.iter(A_T)) for p in title_el.iter(A_P)).strip()
                title = " ".join(title.split()) or None
            labels: list[str] = []
            for cache in root.iter(C_STRCACHE, C_NUMCACHE):
                labels.extend((v.text or "").strip() for v in cache.iter(C_V) if (v.text or "").strip())
            self.content.charts.append((line_no, " ".join(labels), title))

    def _collect_furniture(self):
        def key(name):
            m = re.search(r"(\d+)\.xml$", name)
            return (int(m.group(1)) if m else 0, name)

        for prefix, out in (("word/header", self.content.headers), ("word/footer", self.content.footers)):
            names = sorted((n for n in self.pkg.names
                            if n.startswith(prefix) and n.endswith(".xml") and "/" not in n[5:]), key=key)
            for name in names:
                root = self._optional_xml(name)
                if root is None:
                    continue
                self.hidden |= _hidden_runs(root)
                self.fld, self.fld_instr = [], 0
                texts: list[str] = []
                self._note_blocks(root, texts)
                text = "\n".join(t for t in texts if t.strip()).strip()
                if text:
                    out.append(text)

    def _collect_core(self):
        root = self._optional_xml("docProps/core.xml")
        if root is None:
            return
        wanted = {"{http://purl.org/dc/elements/1.1/}title": "title",
                  "{http://purl.org/dc/elements/1.1/}creator": "creator",
                  "{http://purl.org/dc/terms/}created": "created",
                  "{http://purl.org/dc/terms/}modified": "modified"}
        for el in root:
            k = wanted.get(el.tag)
            if k and el.text and el.text.strip():
                self.content.core[k] = el.text.strip()


# ---------------------------------------------------------------------------
# helpers


def _child(el, tag):
    """First child with ``tag`` (a plain loop: lxml's find() goes through
    ElementPath and costs several times more)."""
    for c in el:
        if c.tag == tag:
            return c
    return None


def _hidden_runs(root) -> set:
    """Runs whose own properties say w:vanish (hidden text)."""
    out = set()
    for v in root.iter(VANISH):
        rpr = v.getparent()
        run = rpr.getparent() if rpr is not None and rpr.tag == RPR else None
        if run is not None and run.tag == R and _flag(v):
            out.add(run)
    return out


def _int(s, default, base=10):
    try:
        return int(s, base)
    except (TypeError, ValueError):
        return default


def _flag_attr(v) -> bool:
    return v is not None and v.lower() not in _FALSE


def _flag(el) -> bool:
    """An OOXML on/off property: present without w:val means on."""
    if el is None:
        return False
    v = el.get(W_VAL)
    return v is None or v.lower() not in _FALSE


def _alt_branch(alt):
    """mc:AlternateContent: the first Choice (we understand all the usual
    requirements), else the Fallback."""
    for ch in alt:
        if ch.tag == MC_CHOICE or ch.tag == MC_FALLBACK:
            return ch
    return None


def _text_boxes(el) -> list[etree._Element]:
    """Outermost w:txbxContent inside a drawing, reading only one branch of
    each mc:AlternateContent (Word writes the box twice: DrawingML + VML)."""
    out: list[etree._Element] = []
    if el.tag == ALTCONTENT:
        el = _alt_branch(el)
        if el is None:
            return out
    stack = [el]
    while stack:
        cur = stack.pop()
        for ch in cur:
            tag = ch.tag
            if tag == TXBXCONTENT:
                out.append(ch)
            elif tag == ALTCONTENT:
                b = _alt_branch(ch)
                if b is not None:
                    stack.append(b)
            elif isinstance(tag, str):
                stack.append(ch)
    return out


def _rows(tbl):
    for el in tbl:
        tag = el.tag
        if tag == TR:
            trpr = _child(el, TRPR)
            if trpr is not None and _child(trpr, DEL) is not None:
                continue  # tracked deletion of the whole row
            yield el
        elif tag == SDT:
            c = _child(el, SDTCONTENT)
            if c is not None:
                yield from _rows(c)
        elif tag in _BLOCK_WRAPPERS:
            yield from _rows(el)


def _cells(tr):
    """(w:tc, grid span, is vMerge continuation) in order."""
    for el in tr:
        tag = el.tag
        if tag == TC:
            span, cont = 1, False
            tcpr = el[0] if len(el) and el[0].tag == TCPR else None  # tcPr comes first
            if tcpr is not None:
                for prop in tcpr:
                    ptag = prop.tag
                    if ptag == GRIDSPAN:
                        span = max(1, _int(prop.get(W_VAL), 1))
                    elif ptag == VMERGE and prop.get(W_VAL) != "restart":
                        cont = True
            yield el, span, cont
        elif tag == SDT:
            c = _child(el, SDTCONTENT)
            if c is not None:
                yield from _cells(c)
        elif tag in _BLOCK_WRAPPERS:
            yield from _cells(el)


def _superscript_spans(text, pieces):
    """Merge touching superscript pieces; keep groups holding a note reference
    or reading as a number ("3", "(3)", "1,2"); trim surrounding spaces."""
    if not pieces:
        return []
    pieces.sort()
    groups = []
    cs, ce, cref = pieces[0]
    for s, e, ref in pieces[1:]:
        if s <= ce:
            ce, cref = max(ce, e), cref or ref
        else:
            groups.append((cs, ce, cref))
            cs, ce, cref = s, e, ref
    groups.append((cs, ce, cref))
    out = []
    for s, e, ref in groups:
        seg = text[s:e]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        s, e = s + lead, e - trail
        if s >= e:
            continue
        if ref or _NUMERIC_SUP.fullmatch(text[s:e]):
            out.append((s, e))
    return out


def read_docx(path: str | Path) -> DocxContent:
    """Read ``path`` (a .docx) into lines, footnotes, tables, headers/footers
    and core properties.  Raises :class:`extract.core.errors.ReadError` on anything
    that is not a readable Word document."""
    path = Path(path)
    pkg = _Package(path)
    try:
        return _Reader(pkg).run()
    except RecursionError:  # tables in tables, fields in fields … hundreds deep: built to hurt
        raise ReadError(str(path), "corrupt DOCX: elements nested too deep to read") from None
    finally:
        pkg.close()
