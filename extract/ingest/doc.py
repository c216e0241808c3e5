"""Read a Word 97–2003 binary (.doc) file into raw lines, footnotes and tables.

Pure Python (``olefile`` opens the OLE2 container): the text is rebuilt from the
Word piece table (the CLX in the table stream), paragraph properties from the
paragraph FKPs tell table cells and row ends apart, and the footnote PLCs give each
footnote its text and its marker in the body.  Measured against ``antiword`` and
``catdoc`` on the corpus's .doc files (``scripts/bench_doc.py``), this path is as
accurate on text, keeps tables as rows of cells, and needs no system package.

Output has the shape of :func:`extract.ingest.docx.read_docx`: one
:class:`~extract.core.model.RawLine` per paragraph (``line`` = paragraph index from 1,
table cells included), ``table`` = (table, row, column) for a cell's paragraphs, the
tables as rows of cell texts, footnotes with their display numbers.  Text in a legacy
Vietnamese font (TCVN3, VNI) comes out as its cp1252 code points, which the shared
cleaning pipeline detects and converts.

Reference: [MS-DOC] Word (.doc) Binary File Format (FIB, CLX/PlcPcd, PlcBtePapx/PapxFkp,
PlcffndRef/PlcffndTxt, PlcfTxbxTxt/FTXBXS, PlcSpaMom/FSPA).

Text boxes (the labels of a diagram drawn in Word, a framed note) live in their own
story after the main text, footnotes and headers; each is read as paragraphs placed
after the paragraph that anchors its shape (the shape's anchor CP in PlcSpaMom; a text
box inside a group takes the group's anchor: the nearest shape id at or below its own),
with the anchoring paragraph's number as its ``line``.  Text boxes of page headers go
with the headers.
"""
from __future__ import annotations

import bisect
import struct
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from extract.core.errors import ReadError
from extract.core.model import Footnote, RawLine

__all__ = ["DocContent", "read_doc", "is_word_ole", "field_instructions"]

# FIB offsets (FibBase, FibRgLw97, FibRgFcLcb97)
_FLAGS = 0x0A
_CCP_TEXT, _CCP_FTN, _CCP_HDD = 0x4C, 0x50, 0x54
_CCP_MCR, _CCP_ATN, _CCP_EDN, _CCP_TXBX, _CCP_HDRTXBX = 0x58, 0x5C, 0x60, 0x64, 0x68
_FC_PLCSPAMOM, _FC_PLCFTXBXTXT = 0x1DA, 0x25A
_FC_PLCFFNDREF, _FC_PLCFFNDTXT = 0xAA, 0xB2
_FC_PLCFBTEPAPX = 0x102
_FC_CLX = 0x1A2

# paragraph sprms
_SPRM_IN_TABLE, _SPRM_TTP, _SPRM_ITAP, _SPRM_INNER_TTP = 0x2416, 0x2417, 0x6649, 0x244C
_SPRM_DEF_TABLE, _SPRM_CHG_TABS = 0xD608, 0xC615

# special characters of the text stream
_CELL = "\x07"
_FIELD_BEGIN, _FIELD_SEP, _FIELD_END = "\x13", "\x14", "\x15"
_DROP = {"\x00", "\x01", "\x03", "\x04", "\x05", "\x06", "\x08", "\x1f", "\ufeff"}
_MAP = {"\x0b": "\n", "\x1e": "-", "\x0e": "\n", "\xa0": " "}


@dataclass
class DocContent:
    """What :func:`read_doc` found in a .doc file (the shape of ``DocxContent``)."""

    lines: list[RawLine] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)
    core: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # lines of the page headers and footers


@dataclass
class _Para:
    fc_start: int
    fc_end: int
    in_table: bool
    ttp: bool
    itap: int


def _olefile():
    try:
        import olefile  # optional dependency: only .doc/.xls need it
    except ImportError:  # pragma: no cover - installed with the package
        return None
    return olefile


def is_word_ole(path: str | Path) -> str:
    """The kind of an OLE2 (Compound File) file: doc, xls, encrypted, ole (another
    Office file), corrupt."""
    olefile = _olefile()
    if olefile is None:
        return "doc"
    try:
        with olefile.OleFileIO(str(path)) as ole:
            if ole.exists("WordDocument"):
                return "doc"
            if ole.exists("Workbook") or ole.exists("Book"):
                return "xls"
            if ole.exists("EncryptedPackage"):
                return "encrypted"
    except Exception:  # noqa: BLE001 - olefile raises many kinds on a corrupt container
        return "corrupt"
    return "ole"


def _u16(b: bytes, o: int) -> int:
    return struct.unpack_from("<H", b, o)[0]


def _u32(b: bytes, o: int) -> int:
    return struct.unpack_from("<I", b, o)[0]


def _i32(b: bytes, o: int) -> int:
    return struct.unpack_from("<i", b, o)[0]


def _pieces(table: bytes, fc_clx: int, lcb_clx: int) -> list[tuple[int, int, int, bool]]:
    """(cp start, cp end, fc, compressed) of every piece of the piece table."""
    clx = table[fc_clx:fc_clx + lcb_clx]
    i = 0
    while i < len(clx) and clx[i] == 0x01:  # Prc: property modifiers
        i += 3 + _u16(clx, i + 1)
    if i >= len(clx) or clx[i] != 0x02:
        raise ValueError("no piece table")
    lcb = _u32(clx, i + 1)
    plc = clx[i + 5:i + 5 + lcb]
    n = (lcb - 4) // 12
    cps = [_u32(plc, 4 * k) for k in range(n + 1)]
    out = []
    for k in range(n):
        fc_raw = _u32(plc, 4 * (n + 1) + 8 * k + 2)
        compressed = bool(fc_raw & 0x40000000)
        fc = fc_raw & 0x3FFFFFFF
        if compressed:
            fc //= 2
        out.append((cps[k], cps[k + 1], fc, compressed))
    return out


def _sprm_size(grpprl: bytes, i: int, sprm: int) -> int:
    spra = sprm >> 13
    if spra in (0, 1):
        return 1
    if spra in (2, 4, 5):
        return 2
    if spra == 3:
        return 4
    if spra == 7:
        return 3
    # variable length
    if sprm == _SPRM_DEF_TABLE:
        return _u16(grpprl, i) + 1
    if sprm == _SPRM_CHG_TABS:
        cb = grpprl[i]
        if cb != 255:
            return cb + 1
        dels = grpprl[i + 1]
        adds = grpprl[i + 2 + 4 * dels]
        return 1 + 1 + 4 * dels + 1 + 3 * adds
    return grpprl[i] + 1


def _para_props(grpprl: bytes) -> tuple[bool, bool, int]:
    in_table = ttp = False
    itap = 0
    i = 0
    while i + 2 <= len(grpprl):
        sprm = _u16(grpprl, i)
        i += 2
        if i >= len(grpprl):
            break
        size = _sprm_size(grpprl, i, sprm)
        if sprm == _SPRM_IN_TABLE:
            in_table = bool(grpprl[i])
        elif sprm in (_SPRM_TTP, _SPRM_INNER_TTP):
            ttp = ttp or bool(grpprl[i])
        elif sprm == _SPRM_ITAP and i + 4 <= len(grpprl):
            itap = _i32(grpprl, i)
        i += size
    if in_table and itap == 0:
        itap = 1
    return in_table, ttp, itap


def _paragraphs(wd: bytes, table: bytes) -> list[_Para]:
    """Paragraph properties by FC range, from every PAPX FKP page."""
    fc, lcb = _u32(wd, _FC_PLCFBTEPAPX), _u32(wd, _FC_PLCFBTEPAPX + 4)
    if not lcb:
        return []
    plc = table[fc:fc + lcb]
    n = (lcb - 4) // 8
    out: list[_Para] = []
    for k in range(n):
        pn = _u32(plc, 4 * (n + 1) + 4 * k) & 0x3FFFFF
        fkp = wd[pn * 512:(pn + 1) * 512]
        if len(fkp) < 512:
            continue
        crun = fkp[511]
        fcs = [_u32(fkp, 4 * j) for j in range(crun + 1)]
        for j in range(crun):
            b_off = fkp[4 * (crun + 1) + 13 * j] * 2
            in_table = ttp = False
            itap = 0
            if b_off:
                cb = fkp[b_off]
                if cb == 0:
                    size = 2 * fkp[b_off + 1]
                    data = fkp[b_off + 2:b_off + 2 + size]
                else:
                    size = 2 * cb - 1
                    data = fkp[b_off + 1:b_off + 1 + size]
                in_table, ttp, itap = _para_props(data[2:])  # after the istd
            out.append(_Para(fcs[j], fcs[j + 1], in_table, ttp, itap))
    out.sort(key=lambda p: p.fc_start)
    return out


class _Text:
    """The document's characters by CP, with the FC of each (for paragraph lookups)."""

    def __init__(self, wd: bytes, pieces: list[tuple[int, int, int, bool]]):
        self.wd = wd
        self.pieces = pieces
        self.starts = [p[0] for p in pieces]

    def span(self, cp0: int, cp1: int) -> list[tuple[str, int, int]]:
        """(text, fc of its first char, bytes per char) runs covering [cp0, cp1)."""
        out = []
        k = max(0, bisect.bisect_right(self.starts, cp0) - 1)
        while k < len(self.pieces) and self.pieces[k][0] < cp1:
            a, b, fc, compressed = self.pieces[k]
            lo, hi = max(a, cp0), min(b, cp1)
            if lo < hi:
                w = 1 if compressed else 2
                raw = self.wd[fc + (lo - a) * w:fc + (hi - a) * w]
                text = raw.decode("cp1252", errors="replace") if compressed else raw.decode("utf-16-le", errors="replace")
                out.append((text, fc + (lo - a) * w, w))
            k += 1
        return out

    def string(self, cp0: int, cp1: int) -> str:
        return "".join(t for t, _, _ in self.span(cp0, cp1))


_C = TypeVar("_C", bound=tuple)


def _strip_fields(chars: list[_C]) -> list[_C]:
    """Drop field instructions (between 0x13 and 0x14, or 0x15 without a separator),
    keep field results.  ``chars`` are tuples whose first item is the character."""
    out: list[_C] = []
    stack: list[bool] = []  # per open field: True while in its instruction part
    for item in chars:
        ch = item[0]
        if ch == _FIELD_BEGIN:
            stack.append(True)
            continue
        if ch == _FIELD_SEP:
            if stack:
                stack[-1] = False
            continue
        if ch == _FIELD_END:
            if stack:
                stack.pop()
            continue
        if any(stack):
            continue
        out.append(item)
    return out


def _clean(s: str) -> str:
    return "".join(_MAP.get(c, c) for c in s if c not in _DROP)


#: SummaryInformation property ids kept as the document's core properties
_SUMMARY_IDS = {2: "title", 4: "author", 8: "last_saved_by", 12: "create_time", 13: "last_saved_time"}
_VT_LPSTR, _VT_FILETIME = 30, 64


def _summary(ole: Any) -> dict[str, str]:
    """Title, author, last saver and the two times of the SummaryInformation stream, read
    by a bounded parser of just those five properties: a damaged property set (a count
    of billions, a vector of billions of empty items) kept olefile's general parser busy
    for minutes (found by fuzzing)."""
    name = "\x05SummaryInformation"
    if not ole.exists(name):
        return {}
    data = ole.openstream(name).read(1 << 20)
    if len(data) < 48:
        return {}
    sec = _u32(data, 44)
    if sec + 8 > len(data):
        return {}
    count = min(_u32(data, sec + 4), 4096, (len(data) - sec - 8) // 8)
    out: dict[str, str] = {}
    for i in range(count):
        pid, off = _u32(data, sec + 8 + 8 * i), _u32(data, sec + 12 + 8 * i)
        key = _SUMMARY_IDS.get(pid)
        at = sec + off
        if key is None or at + 8 > len(data):
            continue
        vt = _u32(data, at)
        if vt == _VT_LPSTR:
            n = _u32(data, at + 4)
            raw = data[at + 8:at + 8 + min(n, 4096)].split(b"\0", 1)[0]
            if raw:
                out[key] = raw.decode("cp1252", "replace")
        elif vt == _VT_FILETIME and at + 12 <= len(data):
            ticks = _u32(data, at + 4) | (_u32(data, at + 8) << 32)  # 100 ns since 1601-01-01
            if ticks:
                try:
                    out[key] = str(datetime(1601, 1, 1) + timedelta(microseconds=ticks // 10))
                except OverflowError:
                    pass
    return out


def read_doc(path: str | Path) -> DocContent:
    """Read ``path`` (Word 97–2003 .doc).  Raises :class:`ReadError` on anything that is
    not a readable Word binary document."""
    olefile = _olefile()
    if olefile is None:  # pragma: no cover
        raise ReadError(path, "legacy Word .doc needs the Python package olefile (pip install olefile)")
    try:
        ole = olefile.OleFileIO(str(path))
    except Exception as exc:  # noqa: BLE001
        raise ReadError(path, f"corrupt OLE2 file ({exc})") from None
    try:
        if not ole.exists("WordDocument"):
            raise ReadError(path, "OLE2 file is not a Word document (no WordDocument stream)")
        wd = ole.openstream("WordDocument").read()
        if len(wd) < 0x1AA or _u16(wd, 0) not in (0xA5EC, 0xA5DC):
            raise ReadError(path, "Word file older than Word 97 (or corrupt FIB) is not supported")
        flags = _u16(wd, _FLAGS)
        if flags & 0x0100:
            raise ReadError(path, "encrypted Word .doc (password-protected)")
        tname = "1Table" if flags & 0x0200 else "0Table"
        if not ole.exists(tname):
            raise ReadError(path, f"corrupt Word .doc (no {tname} stream)")
        table = ole.openstream(tname).read()
        try:
            core = _summary(ole)
        except (OSError, ValueError, struct.error):  # metadata is optional
            core = {}
    finally:
        ole.close()
    try:
        pieces = _pieces(table, _u32(wd, _FC_CLX), _u32(wd, _FC_CLX + 4))
        paras = _paragraphs(wd, table)
    except (ValueError, struct.error, IndexError) as exc:
        raise ReadError(path, f"corrupt Word .doc ({exc})") from None
    content = DocContent(core=core)
    text = _Text(wd, pieces)
    ccp_text = _i32(wd, _CCP_TEXT)
    ccp_ftn = _i32(wd, _CCP_FTN)
    ends = _body(content, text, paras, ccp_text, _footnote_refs(wd, table))
    if ccp_ftn > 0:
        content.footnotes = _footnotes(wd, table, text, ccp_text, ccp_ftn)
    ccp_hdd = _i32(wd, _CCP_HDD)
    if ccp_hdd > 0:
        content.headers = _header_lines(text, ccp_text + max(0, ccp_ftn), ccp_hdd)
    # the text-box stories follow the main text, footnotes, headers, macro, annotation
    # and endnote stories
    txbx_start = ccp_text + sum(max(0, _i32(wd, o)) for o in (_CCP_FTN, _CCP_HDD, _CCP_MCR, _CCP_ATN, _CCP_EDN))
    ccp_txbx, ccp_hdr_txbx = max(0, _i32(wd, _CCP_TXBX)), max(0, _i32(wd, _CCP_HDRTXBX))
    try:
        if ccp_txbx:
            _place_textboxes(content, ends, _textboxes(wd, table, text, txbx_start, ccp_txbx), _anchors(wd, table))
        if ccp_hdr_txbx:
            start = txbx_start + ccp_txbx
            for line in _story_lines(text.string(start, start + ccp_hdr_txbx)):
                if not line.isdigit() and line not in content.headers:
                    content.headers.append(line)
    except (ValueError, struct.error, IndexError):  # a damaged drawing table: the body stands
        content.warnings.append("text boxes not read (damaged text-box or shape table)")
    return content


def _story_lines(raw: str) -> list[str]:
    """The non-empty lines of a piece of a story (field instructions dropped)."""
    s = "".join(c for c, in _strip_fields([(c,) for c in raw])).replace("\x02", "")
    out = []
    for part in _clean(s).replace(_CELL, "\r").replace("\n", "\r").split("\r"):
        line = " ".join(part.split())
        if line:
            out.append(line)
    return out


def _textboxes(wd: bytes, table: bytes, text: _Text, start: int, length: int) -> list[tuple[int, list[str]]]:
    """(shape id, lines) of every text box of the main document's text-box story
    (PlcfTxbxTxt: n + 1 CPs, then n FTXBXS of 22 bytes, the shape id at byte 14; the last
    entry closes the story)."""
    fc, lcb = _u32(wd, _FC_PLCFTXBXTXT), _u32(wd, _FC_PLCFTXBXTXT + 4)
    if lcb < 4 + 26 or fc + lcb > len(table):
        return []
    n = (lcb - 4) // 26
    cps = [_u32(table, fc + 4 * k) for k in range(n + 1)]
    out = []
    for k in range(n):
        a, b = start + cps[k], start + min(cps[k + 1], length)
        if a >= b:
            continue
        lid = _i32(table, fc + 4 * (n + 1) + 22 * k + 14)
        lines = _story_lines(text.string(a, b))
        if lines:
            out.append((lid, lines))
    return out


def _anchors(wd: bytes, table: bytes) -> list[tuple[int, int]]:
    """(shape id, anchor CP) of every shape of the main document (PlcSpaMom: n + 1 CPs,
    then n FSPA of 26 bytes, the shape id first), by shape id."""
    fc, lcb = _u32(wd, _FC_PLCSPAMOM), _u32(wd, _FC_PLCSPAMOM + 4)
    if lcb < 4 + 30 or fc + lcb > len(table):
        return []
    n = (lcb - 4) // 30
    return sorted((_i32(table, fc + 4 * (n + 1) + 26 * k), _u32(table, fc + 4 * k)) for k in range(n))


def _place_textboxes(content: DocContent, ends: list[int], boxes: list[tuple[int, list[str]]],
                     anchors: list[tuple[int, int]]) -> None:
    """Put each text box's lines after the paragraph (a table: after the table) that
    anchors its shape, numbered as that paragraph; a box whose shape is not found goes
    after the last paragraph."""
    if not boxes:
        return
    ids = [a for a, _ in anchors]
    after: dict[int, list[RawLine]] = {}
    n = len(content.lines)
    for lid, lines in boxes:
        k = bisect.bisect_right(ids, lid) - 1
        i = n - 1
        if k >= 0:
            cp = anchors[k][1]
            i = min(bisect.bisect_left(ends, cp), n - 1)
        while i + 1 < n and content.lines[i].table is not None and content.lines[i + 1].table is not None:
            i += 1
        if i < 0:
            continue
        line_no = content.lines[i].line
        after.setdefault(i, []).extend(RawLine(text=t, page=None, line=line_no) for t in lines)
    out: list[RawLine] = []
    for i, ln in enumerate(content.lines):
        out.append(ln)
        out.extend(after.get(i, []))
    content.lines = out


def field_instructions(path: str | Path) -> list[str]:
    """The instruction of every field of every story of ``path`` (``PAGE``, ``EMBED
    Excel.Sheet.8``, ``=SUM(ABOVE)``), in file order: what Word hides behind a field's
    result.  For scoring against transcripts that kept them (``scripts/bench_doc.py``)."""
    olefile = _olefile()
    if olefile is None:  # pragma: no cover
        return []
    with olefile.OleFileIO(str(path)) as ole:
        wd = ole.openstream("WordDocument").read()
        table = ole.openstream("1Table" if _u16(wd, _FLAGS) & 0x0200 else "0Table").read()
    text = _Text(wd, _pieces(table, _u32(wd, _FC_CLX), _u32(wd, _FC_CLX + 4)))
    total = sum(max(0, _i32(wd, o)) for o in range(_CCP_TEXT, _CCP_HDRTXBX + 4, 4))
    out: list[str] = []
    stack: list[list[str] | None] = []  # per open field: its instruction while in it
    for ch in text.string(0, total + 1):
        if ch == _FIELD_BEGIN:
            stack.append([])
        elif ch in (_FIELD_SEP, _FIELD_END):
            if stack and stack[-1] is not None:
                ins = " ".join(_clean("".join(stack[-1])).split())
                if ins:
                    out.append(ins)
                stack[-1] = None
            if ch == _FIELD_END and stack:
                stack.pop()
        elif stack and stack[-1] is not None:
            stack[-1].append(ch)
    return out


def _header_lines(text: _Text, start: int, length: int) -> list[str]:
    """The distinct lines of the header/footer stories (field codes such as PAGE dropped,
    page numbers left out)."""
    chars = [(c, 0) for c in text.string(start, start + length)]
    raw = "".join(c for c, _ in _strip_fields(chars))
    out: list[str] = []
    for part in _clean(raw).replace(_CELL, "\r").replace("\n", "\r").split("\r"):
        line = " ".join(part.split())
        if line and not line.isdigit() and line not in out:
            out.append(line)
    return out


def _footnote_refs(wd: bytes, table: bytes) -> list[int]:
    fc, lcb = _u32(wd, _FC_PLCFFNDREF), _u32(wd, _FC_PLCFFNDREF + 4)
    if not lcb:
        return []
    n = (lcb - 4) // 6
    return [_u32(table, fc + 4 * k) for k in range(n)]


def _footnotes(wd: bytes, table: bytes, text: _Text, ccp_text: int, ccp_ftn: int) -> list[Footnote]:
    fc, lcb = _u32(wd, _FC_PLCFFNDTXT), _u32(wd, _FC_PLCFFNDTXT + 4)
    if not lcb:
        return []
    cps = [_u32(table, fc + 4 * k) for k in range(lcb // 4)]
    out = []
    for k in range(len(cps) - 1):
        a, b = ccp_text + cps[k], ccp_text + min(cps[k + 1], ccp_ftn)
        if a >= b:
            continue
        chars = [(c, 0) for c in text.string(a, b)]
        s = "".join(c for c, _ in _strip_fields(chars)).replace("\x02", "")
        s = " ".join(_clean(s).replace("\r", "\n").replace(_CELL, " ").split())
        out.append(Footnote(str(k + 1), s))
    return out


def _body(content: DocContent, text: _Text, paras: list[_Para], ccp_text: int, refs: list[int]) -> list[int]:
    """Fill ``content`` with the main text's paragraphs and tables; return the CP at which
    each line of ``content.lines`` ends."""
    para_starts = [p.fc_start for p in paras]

    def props(fc: int) -> _Para | None:
        k = bisect.bisect_right(para_starts, fc) - 1
        if k >= 0 and paras[k].fc_start <= fc < paras[k].fc_end:
            return paras[k]
        return None

    ref_at = {cp: i + 1 for i, cp in enumerate(refs)}
    chars: list[tuple[str, int, int]] = []  # (char, fc, cp) ; footnote markers as ("\x02", -n, cp)
    cp = 0
    for s, fc0, w in text.span(0, ccp_text):
        for i, ch in enumerate(s):
            if ch == "\x02" and cp in ref_at:
                chars.append(("\x02", -ref_at[cp], cp))
            else:
                chars.append((ch, fc0 + i * w, cp))
            cp += 1
    chars = _strip_fields(chars)

    line_no = 0
    buf: list[str] = []
    sups: list[tuple[int, int]] = []
    row: list[str] = []
    rows: list[list[str]] = []
    cell_lines: list[RawLine] = []  # paragraphs of the current cell (table index set at row end)
    end_cp: dict[int, int] = {}  # id(line) -> CP of its last character
    at = 0

    def flush(cell: tuple[int, int, int] | None) -> RawLine:
        nonlocal line_no, buf, sups
        line_no += 1
        ln = RawLine(text=_clean_keep(buf), page=None, line=line_no, table=cell, superscripts=sups)
        end_cp[id(ln)] = at
        buf, sups = [], []
        return ln

    def close_table() -> None:
        nonlocal rows
        if rows:
            content.tables.append(rows)
        rows = []

    for ch, fc, at in chars:
        if ch == "\x02" and fc < 0:
            mark = str(-fc)
            start = len(_clean_keep(buf))
            buf.append(mark)
            sups.append((start, start + len(mark)))
            continue
        if ch in ("\r", "\x0c", _CELL):
            p = props(fc) if fc >= 0 else None
            in_table = p is not None and p.in_table
            if ch == _CELL and in_table and p is not None and p.itap <= 1:
                if p.ttp:  # row end mark
                    if buf and "".join(buf).strip():
                        row.append(_clean_keep(buf))
                    buf, sups = [], []
                    ti = len(content.tables)
                    r = len(rows)
                    for ln in cell_lines:
                        c = ln.table[2] if ln.table else 0
                        ln.table = (ti, r, c)
                        content.lines.append(ln)
                    cell_lines = []
                    rows.append(row)
                    row = []
                    continue
                # end of a cell: its last paragraph
                col = len(row)
                ln = flush((0, 0, col))
                cell_lines.append(ln)
                row.append("\n".join(x.text for x in cell_lines if x.table and x.table[2] == col))
                continue
            if in_table and p is not None and p.itap <= 1 and ch == "\r":
                cell_lines.append(flush((0, 0, len(row))))  # a paragraph inside a cell
                continue
            if in_table and p is not None and p.itap > 1:
                buf.append("\n" if ch == "\r" else " ")  # nested table: flattened into the cell
                continue
            if row or cell_lines:  # a table ended without its row mark
                for ln in cell_lines:
                    content.lines.append(ln)
                cell_lines = []
                if row:
                    rows.append(row)
                row = []
            close_table()
            content.lines.append(flush(None))
            continue
        if rows and not row and not cell_lines and not buf and fc >= 0:
            p = props(fc)
            if p is None or not p.in_table:  # the first character after a table
                close_table()
        buf.append(ch)
    if buf:
        content.lines.append(flush(None))
    close_table()
    return [end_cp.get(id(ln), ccp_text) for ln in content.lines]


def _clean_keep(buf: list[str]) -> str:
    """The paragraph's text with special characters mapped (one output char per input
    char, so superscript spans stay aligned: dropped characters become nothing only
    outside the spans' prefixes — the markers are appended digits, never dropped)."""
    out = []
    for c in "".join(buf):
        if c in _DROP:
            out.append("")
        else:
            out.append(_MAP.get(c, c))
    return "".join(out)
