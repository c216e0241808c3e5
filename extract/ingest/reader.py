"""``read(path) -> Document``: dispatch on content, read, clean, parse the header.

The file's first bytes decide the reader, not its extension: a report saved as
``.doc`` that is really a DOCX, or a PDF without an extension, still reads.  Every
failure is a :class:`ReadError` naming the file and the reason in one line.
"""
from __future__ import annotations

import hashlib
import os
import re
import zipfile
from pathlib import Path

from extract.core import limits
from extract.core.errors import ReadError
from extract.core.model import Document, Footnote, RawLine
from extract.core.text import nfc, tone_normalize
from extract.ingest import clean, legacy
from extract.ingest.docx import read_docx
from extract.ingest.header import parse_header
from extract.ingest.pdf import read_pdf
from extract.ingest.quality import assess
from extract.ingest.textscore import rtf_text

_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200a]{2,}|[\t\u00a0\u2002-\u200a]")
MAX_BYTES = int(os.environ.get("BAOCAO_MAX_BYTES", 200 * 1024 * 1024))


def sniff(path: Path, head: bytes) -> str:
    """The kind of a file from its first bytes: pdf, docx, doc, rtf, zip, text."""
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            raise ReadError(path, "corrupt ZIP archive (truncated DOCX?)") from None
        return "docx" if "word/document.xml" in names else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    return "text"


def read(path: str | os.PathLike[str]) -> Document:
    """Read one report (PDF, DOCX or text) into a clean :class:`Document`."""
    p = Path(path)
    if not p.exists():
        raise ReadError(path, "no such file")
    if p.is_dir():
        raise ReadError(path, "is a directory, not a file")
    try:
        size = p.stat().st_size
        with open(p, "rb") as fh:
            head = fh.read(4096)
    except PermissionError:
        raise ReadError(path, "permission denied") from None
    except OSError as exc:
        raise ReadError(path, f"cannot read ({exc.strerror})") from None
    if size == 0:
        raise ReadError(path, "empty file")
    max_bytes = min(MAX_BYTES, limits.current().file_bytes)
    if size > max_bytes:
        raise ReadError(path, f"file too large ({size / 1e6:.0f} MB; limit {max_bytes / 1e6:.0f} MB, "
                              "set BAOCAO_MAX_BYTES to raise it)")
    kind = sniff(p, head)
    sha = sha256_file(p)
    if kind == "pdf":
        return _from_pdf(p, str(path), sha)
    if kind == "docx":
        return _from_docx(p, str(path), sha)
    if kind == "zip":
        raise ReadError(path, "ZIP archive is not a Word document (no word/document.xml)")
    if kind == "doc":
        raise ReadError(path, "legacy Word .doc (or encrypted Office file) is not supported — save it as DOCX or PDF")
    if kind == "rtf":
        return _from_rtf(p, str(path), sha)
    return _from_text(p, str(path), sha)


def sha256_file(p: str | os.PathLike[str]) -> str:
    """Content hash of a file, read in 1 MiB chunks (the index's change test uses it too)."""
    h = hashlib.sha256()
    with open(p, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF")
_XREF_AT = re.compile(rb"xref|\d+\s+\d+\s+obj")


def pdf_damage(p: Path) -> str | None:
    """Why a PDF's structure is broken, or None: near its end there must be
    ``startxref N %%EOF`` and N must point (give or take a line end) at a
    cross-reference table or stream.  pdfium rebuilds a broken table by scanning the
    file (a truncated download still opens), but what the lost part held is gone, so
    the Document says so."""
    try:
        size = p.stat().st_size
        with open(p, "rb") as fh:
            fh.seek(max(0, size - 4096))
            found = list(_STARTXREF.finditer(fh.read()))
            if not found:
                return "no end-of-file marker: truncated?"
            off = int(found[-1].group(1))
            if off <= 0 or off >= size:
                return "cross-reference offset outside the file"
            lo = max(0, off - 8)
            fh.seek(lo)
            m = _XREF_AT.search(fh.read(64))
            if m is None or lo + m.start() > off + 32:  # a few bytes off is common and harmless
                return "cross-reference offset points at no table"
    except OSError as exc:
        return f"cannot check its structure ({exc.strerror})"
    return None


# --- per-format front ends ------------------------------------------------------

def _from_pdf(p: Path, name: str, sha: str) -> Document:

    content = read_pdf(p)
    if content.bad_pages and not any(ln.text.strip() for ln in content.lines):
        raise ReadError(name, f"damaged PDF: page(s) {', '.join(map(str, content.bad_pages))} cannot be read "
                              "and no other page has text")
    if content.chars == 0 or not any(ln.text.strip() for ln in content.lines):
        raise ReadError(name, f"no text layer — needs OCR ({content.pages} page(s) of images)")
    doc = build(content.lines, name, "pdf", sha, pages=content.pages, garbage_check=True)
    doc.meta["pdf"] = content.metadata
    damage = pdf_damage(p)
    if content.bad_pages:
        damage = "; ".join(x for x in (damage, f"page(s) {', '.join(map(str, content.bad_pages))} unreadable") if x)
    if damage:
        doc.meta["recovered"] = damage
        doc.warnings.append(f"damaged PDF recovered by the reader ({damage}): what the lost part held "
                            "(e.g. signature stamps with the number and date) may be missing")
    if content.overlays:
        doc.meta["overlays"] = [{"page": pg, "text": t} for pg, t in content.overlays]
    return doc


def _from_docx(p: Path, name: str, sha: str) -> Document:

    try:
        content = read_docx(p)
    except ReadError as exc:
        raise ReadError(name, exc.reason) from None
    lines: list[RawLine] = []
    known = {n.id for n in content.footnotes}
    for ln in content.lines:
        # superscript digits that are not footnote references ("m2") stay in the text
        ln.superscripts = [(a, b) for a, b in ln.superscripts if _marker(ln.text[a:b]) in known]
        if "\n" in ln.text and not ln.superscripts:
            for part in ln.text.split("\n"):
                lines.append(RawLine(part, None, ln.line, table=ln.table, size=ln.size, role=ln.role))
        else:
            ln.text = ln.text.replace("\n", " ")
            lines.append(ln)
    doc = build(lines, name, "docx", sha, pages=None, footnotes=content.footnotes, wrap=False)
    doc.tables = content.tables
    if content.core:
        doc.meta["docx"] = content.core
    return doc


def _check_chars(name: str, n: int) -> None:
    budget = limits.current().chars
    if n > budget:
        raise ReadError(name, f"over the {budget}-character budget ({n} characters; "
                              f"set {limits.ENV['chars']} to raise it)")


def _from_rtf(p: Path, name: str, sha: str) -> Document:
    """RTF: the text runs (with \\'xx and \\u escapes decoded), table cells joined
    by " | "; legacy TCVN3/VNI fonts are then detected like any text."""

    try:
        text = rtf_text(p.read_bytes())
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - a malformed RTF is an input error
        raise ReadError(name, f"corrupt RTF ({type(exc).__name__})") from None
    _check_chars(name, len(text))
    lines = [RawLine(t, None, i + 1) for i, t in enumerate(text.split("\n"))]
    if not any(ln.text.strip() for ln in lines):
        raise ReadError(name, "RTF has no text")
    return build(lines, name, "rtf", sha, pages=None, garbage_check=True)


def _utf16_without_bom(head: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when the first bytes look like UTF-16 text with no
    byte order mark: most code units of Latin and Vietnamese text have a zero high byte
    (ASCII) or a high byte of 0x00-0x01/0x1E (Latin, combining marks, Vietnamese), so one
    byte of each pair is mostly zero and the other almost never is."""
    n = len(head) // 2
    if n < 8:
        return None
    even = sum(1 for b in head[0:2 * n:2] if b == 0)
    odd = sum(1 for b in head[1:2 * n:2] if b == 0)
    if odd >= 0.3 * n and even <= 0.02 * n:
        return "utf-16-le"
    if even >= 0.3 * n and odd <= 0.02 * n:
        return "utf-16-be"
    return None


#: UTF-8 with a few bad bytes is still UTF-8: the valid multi-byte characters must
#: outnumber the bad sequences this many times (a cp1258 or TCVN3 file has almost no
#: valid multi-byte sequence by chance).
UTF8_MAJORITY = 20


def _decode(p: Path, data: bytes) -> tuple[str, list[str]]:
    """The text of a plain-text file and what the decoding had to say about it.

    UTF-8 (with or without BOM) and UTF-16 (with or without BOM) are read as such; a
    UTF-8 file with a few invalid bytes keeps its text, each bad sequence replaced by
    U+FFFD and counted in a warning.  Only a file whose non-ASCII bytes are mostly not
    UTF-8 is read as a legacy single-byte code page (cp1258; TCVN3/VNI fonts are then
    detected from the text itself)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked_utf16(p, data, "utf-16")
    else:
        enc16 = _utf16_without_bom(data[:4096])
        if enc16:
            text, warnings = _checked_utf16(p, data, enc16, note=f"decoded as {enc16.upper()} (no byte order mark)")
            controls = sum(1 for ch in text[:2048] if ord(ch) < 32 and ch not in "\t\n\r\f")
            if controls > 0.05 * min(len(text), 2048):
                raise ReadError(p, "binary file, not text (unsupported type)")
            return text, warnings
        if b"\x00" in data[:4096]:
            raise ReadError(p, "binary file, not text (unsupported type)")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        first = exc.start
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - bad - data.count(b"\xef\xbf\xbd")
    if multibyte >= UTF8_MAJORITY * bad:
        return text, [f"{bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD (first at byte {first})"]
    return data.decode("cp1258", errors="replace"), []


def _checked_utf16(p: Path, data: bytes, enc: str, note: str | None = None) -> tuple[str, list[str]]:
    text = data.decode(enc, errors="replace")
    warnings = [note] if note else []
    bad = text.count("\ufffd")
    if bad:
        warnings.append(f"{bad} invalid UTF-16 code unit(s) replaced by U+FFFD")
    return text.lstrip("\ufeff"), warnings


#: a syllable joined to the next by "_" — text that passed through a Vietnamese word
#: segmenter ("Quyết_định về việc điều_chỉnh"), as NLP corpora publish it
_SEGMENTED = re.compile(r"(?<=[^\W\d_])_(?=[^\W\d_])")


def unsegment(text: str) -> tuple[str, bool]:
    """Word-segmented text back to syllables separated by spaces ("điều_chỉnh" →
    "điều chỉnh"), when the joins are frequent enough to be a segmenter's and not an
    identifier's; same length, so every offset stays valid."""
    joins = len(_SEGMENTED.findall(text))
    words = max(1, len(text.split()))
    if joins >= 20 and joins >= 0.03 * words:
        return _SEGMENTED.sub(" ", text), True
    return text, False


def _from_text(p: Path, name: str, sha: str) -> Document:
    text, warnings = _decode(p, p.read_bytes())
    _check_chars(name, len(text))
    text, segmented = unsegment(text)
    lines = [RawLine(t.rstrip("\r"), None, i + 1) for i, t in enumerate(text.split("\n"))]
    lines = clean.order_header_zone(clean.split_tab_columns(lines))
    if not any(ln.text.strip() for ln in lines):
        raise ReadError(name, "empty file (only whitespace)")
    doc = build(lines, name, "text", sha, pages=None, garbage_check=True)
    doc.warnings.extend(warnings)
    if segmented:
        doc.warnings.append("word-segmented text: the '_' joining syllables read as spaces")
        doc.meta["segmented"] = True
    return doc


def document_from_text(text: str, *, name: str = "<text>", title: str | None = None,
                       doc_date: str | None = None) -> Document:
    """A Document from a string, as the text reader would make it from a file.  Rule
    examples and notebooks use it; ``title``/``doc_date`` stand in for a header the
    snippet does not have."""

    lines = [RawLine(t, None, i + 1) for i, t in enumerate(text.split("\n"))]
    doc = build(lines, name, "text", hashlib.sha256(text.encode()).hexdigest(), pages=None)
    if title is not None:
        doc.header.title = title
    if doc_date is not None:
        doc.header.date = doc_date
    return doc


# --- shared cleaning pipeline ---------------------------------------------------------

def _normalize_line(ln: RawLine, convert=None) -> None:
    """NFC (and legacy conversion) piecewise, so superscript spans stay aligned."""
    def fn(s: str) -> str:
        s = nfc(convert(s)) if convert else nfc(s)
        return _SPACES.sub(" ", s)

    if not ln.superscripts:
        ln.text = fn(ln.text)
        return
    out = ""
    spans = []
    pos = 0
    for a, b in sorted(ln.superscripts):
        out += fn(ln.text[pos:a])
        start = len(out)
        out += ln.text[a:b]
        spans.append((start, len(out)))
        pos = b
    out += fn(ln.text[pos:])
    ln.text = out
    ln.superscripts = spans


def _legacy(lines: list[RawLine]):
    sample = "\n".join(ln.text for ln in lines[:400])
    enc = legacy.detect(sample)
    if not enc:
        return None, None
    return enc, (lambda s: legacy.to_unicode(s, enc))


def build(lines: list[RawLine], name: str, kind: str, sha: str, *, pages: int | None,
          footnotes: list[Footnote] | None = None, wrap: bool = True,
          garbage_check: bool = False) -> Document:
    """The cleaning pipeline shared by every reader."""
    enc, convert = _legacy(lines)
    for ln in lines:
        _normalize_line(ln, convert)
    if garbage_check:
        q = assess("\n".join(ln.text for ln in lines))
        if q.garbage:
            raise ReadError(name, "text layer is garbage (OCR noise or a broken font mapping: "
                                  f"{q.syllable_share:.0%} of {q.words} words are Vietnamese syllables, "
                                  f"{q.toned_share:.0%} carry diacritics) — needs OCR")
    body, removed = clean.remove_furniture(lines)
    notes = list(footnotes or [])
    if kind == "pdf":
        body, pdf_notes = clean.split_footnotes(body)
        notes.extend(pdf_notes)
    paras = clean.join_paragraphs(body, wrap=wrap)
    text, segments, anchors = clean.assemble(paras)
    _table_cells(paras, segments)
    _link_footnotes(notes, anchors)
    doc = Document(path=name, kind=kind, text=text, search_text=tone_normalize(text),
                   segments=segments, pages=pages, sha256=sha, footnotes=notes, removed=removed,
                   encoding=enc)
    doc.header = parse_header(doc)
    return doc


def _table_cells(paras: list, segments: list) -> None:
    """Give each segment the table cell its paragraph came from (assemble writes one
    segment per paragraph piece, in order)."""
    k = 0
    for p in paras:
        n = len(p.pieces)
        if p.table is not None:
            for seg in segments[k:k + n]:
                seg.table = p.table
        k += n


def _marker(text: str) -> str:
    """Footnote marker as an id: "(4)" and "4" are the same note."""
    return text.strip().strip("()[]").strip()


def _link_footnotes(notes: list[Footnote], anchors: list[tuple[int, str]]) -> None:
    """Give each footnote the offset of its marker in the body; a marker with no
    note text is kept as an empty note so the anchor is not lost."""
    by_id: dict[str, Footnote] = {}
    for n in notes:
        by_id.setdefault(n.id, n)
    for offset, raw_marker in anchors:
        marker = _marker(raw_marker)
        note = by_id.get(marker)
        if note is None:
            note = Footnote(marker, "", offset)
            notes.append(note)
            by_id[marker] = note
        elif note.anchor is None:
            note.anchor = offset
