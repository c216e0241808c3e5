"""``read(path) -> Document``: dispatch on content, read, clean, parse the header.

The file's first bytes decide the reader, not its extension: a report saved as
``.doc`` that is really a DOCX, or a PDF without an extension, still reads.  Every
failure is a :class:`ReadError` naming the file and the reason in one line.
"""
from __future__ import annotations

import datetime
import hashlib
import os
import re
import zipfile
from pathlib import Path

from extract.core import limits
from extract.core.errors import ReadError
from extract.core.model import Document, Footnote, RawLine, Removed, Segment
from extract.core.text import nfc, tone_normalize
from extract.ingest import clean, legacy, ocr
from extract.ingest.doc import is_word_ole, read_doc
from extract.ingest.docx import read_docx
from extract.ingest.header import parse_header, title_type
from extract.ingest.pdf import read_pdf
from extract.ingest.quality import TextQuality, assess
from extract.ingest.sheets import col_letter, formula_refs, grids, plain_sum_terms, read_xls, read_xlsx
from extract.ingest.textscore import rtf_text

_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200a]{2,}|[\t\u00a0\u2002-\u200a]")
MAX_BYTES = int(os.environ.get("BAOCAO_MAX_BYTES", 200 * 1024 * 1024))


#: extensions whose files are never plain text: such a file that sniffs as text is broken
_BINARY_SUFFIXES = (".doc", ".docx", ".xls", ".xlsx", ".pdf")


def _zip_kind(path: str | os.PathLike[str]) -> str:
    """What a ZIP-based Office file claims to be by its name: XLSX or DOCX."""
    return "XLSX" if str(path).lower().endswith((".xlsx", ".xlsm")) else "DOCX"


def sniff(path: Path, head: bytes) -> str:
    """The kind of a file from its first bytes: pdf, docx, xlsx, doc (any OLE2 file: .doc
    or .xls), rtf, zip, text."""
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, EOFError):
            raise ReadError(path, f"corrupt ZIP archive (truncated {_zip_kind(path)}?)") from None
        except (ValueError, NotImplementedError) as exc:  # a name flagged UTF-8 that is not, a ZIP version from the future …
            why = "a member's name is not valid UTF-8" if isinstance(exc, UnicodeDecodeError) else str(exc)
            raise ReadError(path, f"corrupt or unsupported ZIP archive ({why})") from None
        if "word/document.xml" in names:
            return "docx"
        return "xlsx" if "xl/workbook.xml" in names else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    return "text"


@limits.without_gc
def read(path: str | os.PathLike[str]) -> Document:
    """Read one report (PDF, scan, DOCX, Word 97 .doc, .xlsx, .xls, RTF or text) into a
    clean :class:`Document`; a file that cannot be read raises :class:`ReadError`
    naming it and the reason."""
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
    if kind in ("text", "rtf") and p.suffix.lower() in _BINARY_SUFFIXES:
        raise ReadError(path, f"not a {p.suffix.lower()} file: its content is neither an Office file nor a PDF "
                              "(renamed or truncated?)")
    sha = sha256_file(p)
    if kind == "pdf":
        return _from_pdf(p, str(path), sha)
    if kind == "docx":
        return _from_docx(p, str(path), sha)
    if kind == "zip":
        raise ReadError(path, "ZIP archive that is neither a Word document nor an Excel workbook "
                              "(no word/document.xml, no xl/workbook.xml)")
    if kind == "doc":
        ole = is_word_ole(p)
        if ole == "doc":
            return _from_doc(p, str(path), sha)
        if ole == "xls":
            return _from_sheets(p, str(path), sha, "xls")
        if ole == "encrypted":
            raise ReadError(path, "encrypted Office file (password-protected)")
        if ole == "corrupt":
            raise ReadError(path, "corrupt OLE2 file (truncated .doc or .xls?)")
        raise ReadError(path, "OLE2 file that is neither a Word .doc nor an Excel .xls")
    if kind == "xlsx":
        return _from_sheets(p, str(path), sha, "xlsx")
    if kind == "rtf":
        return _from_rtf(p, str(path), sha)
    return _from_text(p, str(path), sha)


def how_read(doc: Document) -> str:
    """How a document was read, in a few words: "text layer", "OCR of 3/3 pages (mean
    confidence 95)", "Word 97 .doc, TCVN3", "spreadsheet: 2 sheets, 540 sum formulas"."""
    enc = f", legacy {doc.encoding.upper()} converted" if doc.encoding else ""
    info = doc.meta.get("ocr")
    if doc.kind == "pdf" and info:
        conf = info["confidence"]
        mean = sum(conf.values()) / len(conf) if conf else 0
        pages = _ranges(info["pages"])
        out = f"OCR of {len(info['pages'])}/{doc.pages} page(s) [{pages}] (mean confidence {mean:.0f})"
        if len(info["pages"]) < (doc.pages or 0):
            out = "text layer + " + out
        if info.get("number"):
            out += f"; number {info['number']['status']}"
        return out + enc
    if doc.kind == "pdf":
        return "text layer" + enc
    if doc.kind == "doc":
        return "Word 97 .doc" + enc
    if doc.kind in ("xlsx", "xls"):
        sheets = doc.meta.get("sheets", [])
        n = len(doc.meta.get("formulas", []))
        return f"spreadsheet .{doc.kind}: {len(sheets)} sheet(s), {len(doc.tables)} table(s), {n} sum formula(s)" + enc
    return {"docx": "DOCX", "rtf": "RTF", "text": "plain text"}.get(doc.kind, doc.kind) + enc


def _ranges(pages: list[int]) -> str:
    """[1, 2, 3, 5] -> "1-3,5"."""
    out: list[str] = []
    for p in pages:
        if out and out[-1].split("-")[-1].isdigit() and int(out[-1].split("-")[-1]) == p - 1:
            out[-1] = out[-1].split("-")[0] + f"-{p}"
        else:
            out.append(str(p))
    return ",".join(out)


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
    """A PDF: the text layer, page by page; a page without one, or whose text (decoded
    from a legacy font when the document is one) fails the syllable/diacritic signals,
    is read by OCR instead (extract.ingest.ocr)."""

    content = read_pdf(p)
    try:
        if content.bad_pages and not any(ln.text.strip() for ln in content.lines):
            raise ReadError(name, f"damaged PDF: page(s) {', '.join(map(str, content.bad_pages))} cannot be read "
                                  "and no other page has text")
        bad = _pages_to_ocr(content)
        bad = {pg: why for pg, why in bad.items() if pg not in content.bad_pages}  # pdfium cannot load them at all
        few = [pg for pg, why in bad.items() if not why.startswith("garbage")]
        if few:  # a short page without a page-size image is just short, not a scan
            share = ocr.image_share(p, few)
            bad = {pg: why for pg, why in bad.items() if pg not in share or share[pg] >= MIN_IMAGE_SHARE}
        ocr_info: dict | None = None
        unread: dict[int, str] = {}  # pages that needed OCR when it is not available
        pages: dict[int, ocr.OcrPage] = {}
        tried = False
        words: dict[tuple[int, int], list[ocr.OcrWord]] = {}
        if bad:
            if not ocr.available():
                if content.chars == 0 or not any(ln.text.strip() for ln in content.lines):
                    raise ReadError(name, f"no text layer — needs OCR ({content.pages} page(s) of images); "
                                          f"{ocr.missing_reason()}")
                if len(bad) == content.pages:
                    q = assess(_decoded("\n".join(ln.text for ln in content.lines)))
                    raise ReadError(name, "text layer is garbage (OCR noise or a broken font mapping: "
                                          f"{q.syllable_share:.0%} of {q.words} words are Vietnamese syllables, "
                                          f"{q.toned_share:.0%} carry diacritics) — needs OCR; {ocr.missing_reason()}")
                unread = dict(bad)
            else:
                pages = ocr.ocr_pages(p, sorted(bad), sha)
                tried = True
                # a page where OCR finds no word keeps what its text layer had
                pages = {pg: op for pg, op in pages.items() if op.words}
                bad = {pg: why for pg, why in bad.items() if pg in pages}
                keep = [ln for ln in content.lines if ln.page not in bad]
                for pg in sorted(pages):
                    plines = pages[pg].lines
                    if pg == 1 and content.page_sizes:
                        plines = clean.order_header_zone(plines, content.page_sizes[0][0])
                    keep += plines
                    for w in pages[pg].words:
                        words.setdefault((pg, w.line), []).append(w)
                keep.sort(key=lambda ln: (ln.page or 0))  # stable: each page's own order
                content.lines = keep
                if not pages:
                    bad = {}
            if bad and ocr.available():
                ocr_info = {"pages": sorted(pages), "dpi": ocr.DPI, "engine": ocr._version(),
                            "confidence": {str(pg): round(pages[pg].confidence, 1) for pg in sorted(pages)},
                            "reason": {str(pg): bad[pg] for pg in sorted(bad)}}
                # what OCR read is judged by the same signals: garbage is never passed on silently
                still = unreadable_pages({pg: pages[pg].lines for pg in pages})
                if still:
                    ocr_info["unreadable"] = still
                if not any(ln.text.strip() for ln in content.lines):
                    raise ReadError(name, f"no text layer, and OCR found no text ({content.pages} page(s) of images)")
                if still and len(still) == content.pages:
                    q = assess("\n".join(ln.text for ln in content.lines))
                    raise ReadError(name, "text layer is garbage, and OCR does not read it as Vietnamese either "
                                          f"({q.syllable_share:.0%} of {q.words} words are Vietnamese syllables)")
        if not any(ln.text.strip() for ln in content.lines):
            if tried:
                raise ReadError(name, f"no text layer, and OCR found no text ({content.pages} page(s) of images)")
            raise ReadError(name, f"no text layer — needs OCR ({content.pages} page(s) of images)")
        # pages that were OCR'd are not judged again; the rest was judged page by page
        doc = build(content.lines, name, "pdf", sha, pages=content.pages, garbage_check=not bad)
    except BaseException:
        content.source.close()  # the shared PDF: no table finder will close it
        raise
    doc.meta["pdf"] = content.metadata
    if content.charts:  # drawn charts: their labels kept out of the body, their titles as captions
        ocr_pages = set(ocr_info["pages"]) if ocr_info else set()
        kept = [c for c in content.charts if c.page not in ocr_pages]
        doc.removed.extend(c.removed() for c in kept)
        doc.removed.sort(key=lambda r: (r.page or 0, r.line))
        if kept:
            doc.meta["charts"] = [{"page": c.page, "bbox": [round(v, 1) for v in c.bbox], "caption": c.title}
                                  for c in kept]
    doc.meta["_pdf"] = content.source  # the open PDF, for the table finder (which closes it)
    damage = pdf_damage(p)
    if content.bad_pages:
        damage = "; ".join(x for x in (damage, f"page(s) {', '.join(map(str, content.bad_pages))} unreadable") if x)
    if damage:
        doc.meta["recovered"] = damage
        doc.warnings.append(f"damaged PDF recovered by the reader ({damage}): what the lost part held "
                            "(e.g. signature stamps with the number and date) may be missing")
    if unread:
        doc.warnings.append(f"page(s) {', '.join(map(str, sorted(unread)))} not read: "
                            f"{'; '.join(sorted(set(unread.values())))} — needs OCR; {ocr.missing_reason()}")
        doc.meta["unread_pages"] = {str(k): v for k, v in sorted(unread.items())}
    if content.overlays:
        doc.meta["overlays"] = [{"page": pg, "text": t} for pg, t in content.overlays]
    if ocr_info is not None:
        # lines where a word holding a digit was read with low confidence: a check on a
        # figure there is at most a warning (extract.checks.run)
        ocr_info["low_confidence_lines"] = sorted(
            [pg, ln] for (pg, ln), ws in words.items()
            if any(w.conf < ocr.MIN_FIGURE_CONF for w in ws if any(c.isdigit() for c in w.text)))
        doc.meta["ocr"] = ocr_info
        # the words of each OCR'd line with their confidence, for the figures and references
        # read from them (extract.find.ocr_confidence); private: no output prints it
        doc.meta["_ocr_words"] = {key: [(w.text, w.conf) for w in ws] for key, ws in words.items()}
        if ocr_info.get("unreadable"):
            doc.warnings.append(f"page(s) {', '.join(map(str, ocr_info['unreadable']))}: OCR text fails the "
                                "Vietnamese syllable signals — figures there are not to be trusted")
        _guard_ocr_header(doc, words, p)
    doc.meta["read"] = {"via": "ocr" if ocr_info else "text layer", "encoding": doc.encoding}
    if ocr_info:
        doc.meta["read"]["text_layer_pages"] = content.pages - len(ocr_info["pages"])
    return doc


#: an OCR'd page with this many words or more is judged by the syllable signals (fewer
#: say too little: a page with a signature and a date)
MIN_SIGNAL_WORDS = 10


def fails_signals(q: TextQuality, min_words: int) -> bool:
    """A page's text, of ``min_words`` words or more, that is not Vietnamese: < 85 %
    well-formed syllables or < 20 % words with diacritics."""
    return q.words >= min_words and (q.syllable_share < 0.85 or q.toned_share < 0.2)


def unreadable_pages(pages: dict[int, list[RawLine]]) -> list[int]:
    """The OCR'd pages whose text fails the Vietnamese syllable signals over
    MIN_SIGNAL_WORDS words or more: what OCR read is judged as a text layer is, and
    garbage is never passed on silently."""
    return [pg for pg in sorted(pages)
            if fails_signals(assess("\n".join(ln.text for ln in pages[pg])), MIN_SIGNAL_WORDS)]


#: a page with fewer words than this in its text layer, and an image covering at least
#: MIN_IMAGE_SHARE of it, is read by OCR (a scan with an e-signature stamp has a line or
#: two of text and nothing else)
MIN_PAGE_WORDS = 12
MIN_IMAGE_SHARE = 0.3


def _decoded(text: str) -> str:
    enc = legacy.detect(text)
    return legacy.to_unicode(text, enc) if enc else text


def _pages_to_ocr(content) -> dict[int, str]:
    """{page: why} for pages whose text layer is absent, nearly empty or garbage.  The
    signals are measured on the decoded text: a legacy-font guess that does not give
    Vietnamese syllables is rejected like any garbage."""
    by_page: dict[int, list[str]] = {pg: [] for pg in range(1, content.pages + 1)}
    for ln in content.lines:
        if ln.page is not None:
            by_page.setdefault(ln.page, []).append(ln.text)
    enc = legacy.detect("\n".join(ln.text for ln in content.lines[:2000]))
    out: dict[int, str] = {}
    for pg, texts in by_page.items():
        text = "\n".join(texts)
        if enc:
            text = legacy.to_unicode(text, enc)
        q = assess(text)
        if q.words < MIN_PAGE_WORDS:
            out[pg] = "no text layer" if q.words == 0 else f"{q.words} words of text layer"
        elif fails_signals(q, 30):
            out[pg] = (f"garbage text layer ({q.syllable_share:.0%} syllables, "
                       f"{q.toned_share:.0%} with diacritics)")
    return out


_NUMBER_DIGITS = re.compile(r"^\s*([^/\s]*)")
_FILE_NUMBER = re.compile(r"^[a-z]+-(\d+)-")
#: an OCR'd header number below this word confidence is not trusted
MIN_NUMBER_CONF = 80.0


_DATE_LINE = re.compile(r"^[^,]{2,40},\s*ngày(.{0,8}?)tháng(.{0,5}?)năm\s*(\d{4})")


_CONSOLIDATION = re.compile(r"^\s*XÁC THỰC VĂN BẢN HỢP NHẤT\s*$")


def _header_lines(doc: Document) -> list[tuple[int, str]]:
    """(offset, line) of where a header's number and date stand: the first 20 lines, and
    for a consolidated text the lines around its "XÁC THỰC VĂN BẢN HỢP NHẤT" block at the
    end (its own number and date are there, extract.ingest.header._consolidation)."""
    out: list[tuple[int, str]] = []
    pos = 0
    for line in doc.text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    at = next((k for k in range(len(out) - 1, max(-1, len(out) - 80), -1) if _CONSOLIDATION.match(out[k][1])), None)
    if at is None or at < 20:
        return out[:20]
    return out[:20] + out[max(20, at - 20):at + 4]


def _unparsed_date(doc: Document) -> None:
    """No header date on an OCR'd first page while a "Place, ngày … tháng … năm …" line is
    there: when it reads as a real date it is taken (the parser missed the layout),
    otherwise its day or month is unreadable (handwritten) — left empty, with a note."""
    for _pos, line in _header_lines(doc):
        m = _DATE_LINE.search(line.strip())
        if not m:
            continue
        read_as = " ".join(m.group(0).split())
        day, month, year = m.group(1).strip(), m.group(2).strip(), m.group(3)
        if day.isdigit() and month.isdigit():
            try:
                doc.header.date = datetime.date(int(year), int(month), int(day)).isoformat()
                doc.meta["ocr"]["date"] = {"status": "from the date line", "read": read_as}
                return
            except ValueError:
                pass
        doc.warnings.append(f"header date read by OCR as {read_as!r} is unreadable: left empty")
        doc.meta["ocr"]["date"] = {"status": "unreadable", "read": read_as}
        return
    doc.warnings.append("no header date found on the OCR'd first page")
    doc.meta["ocr"]["date"] = {"status": "not found"}


_SO_LINE = re.compile(r"(?:^|\s)Số\s*:?\s*(\S*?)\s*(/\s*[^\s,]+)")
_NUMBER_SUFFIX = re.compile(r"(?:/\d{4})?/[A-ZĐ][^/\s]*$")


def _unparsed_number(doc: Document, path: Path) -> None:
    """The header parser found no number on an OCR'd first page: when a "Số: …/…" line is
    there (its digits unreadable, "34#/QĐ-TTg"), say so, and take the digits from the
    file name when it carries them."""
    for start, line in _header_lines(doc):
        m = _SO_LINE.search(line)
        if not m:
            continue
        read_as = (m.group(1) + m.group(2)).replace(" ", "")
        doc.header.spans["number"] = (start + m.start(1), start + m.end(2))
        fm = _FILE_NUMBER.match(path.name.lower())
        suffix = _NUMBER_SUFFIX.search(read_as)
        if fm and suffix:
            doc.header.number = fm.group(1) + suffix.group(0)
            doc.warnings.append(f"header number read by OCR as {read_as!r}; number taken from the file name")
            doc.meta["ocr"]["number"] = {"status": "from file name", "read": read_as}
        else:
            doc.warnings.append(f"header number read by OCR as {read_as!r} is unreadable: left empty")
            doc.meta["ocr"]["number"] = {"status": "unreadable", "read": read_as}
        return
    doc.warnings.append("no header number found on the OCR'd first page")
    doc.meta["ocr"]["number"] = {"status": "not found"}


def _span_words(doc: Document, words: dict[tuple[int, int], list[ocr.OcrWord]],
                span: tuple[int, int]) -> tuple[list[ocr.OcrWord], list[ocr.OcrWord]] | None:
    """The OCR words of the line a header span stands on (None when that line was not
    OCR'd): those the span's text holds, and the marks of the line that no text kept
    (what the guard trimmed off a line it read again, extract.ingest.ocr_regions)."""
    a, b = span
    page, line = doc.locate(a)
    if page is None or line is None or page not in doc.meta["ocr"]["pages"]:
        return None
    ws = words.get((page, line), [])
    text = doc.text[a:b]
    seg = next((s for s in doc.segments if s.page == page and s.line == line), None)
    line_text = doc.text[seg.start:seg.end] if seg is not None else text
    return [w for w in ws if w.text in text], [w for w in ws if w.text not in line_text]


def _guard_ocr_signer(doc: Document, words: dict[tuple[int, int], list[ocr.OcrWord]]) -> None:
    """A signer's name read by OCR is kept when every word of it was read with
    confidence, and nothing on its line was dropped as unreadable (a signature across
    the family name leaves "Đức Vũ" of "Nguyễn Đức Vũ"); else it is left empty with a note."""
    sig = doc.header.signer
    if sig is None or not sig.name or "signer" not in doc.header.spans:
        if doc.meta["ocr"]["pages"] and sig is not None and not sig.name:
            doc.meta["ocr"]["signer"] = {"status": "not found"}
        return
    got = _span_words(doc, words, doc.header.spans["signer"])
    if got is None:
        return
    own, marks = got
    own = [w for w in own if w.text in sig.name.split()]
    low = min((w.conf for w in own + marks), default=100.0)
    if low >= MIN_NAME_CONF:
        return
    problem = (f"a mark read with low OCR confidence ({low:.0f}) on its line: the name may be cut"
               if marks and low == min(w.conf for w in marks) else f"low OCR confidence ({low:.0f})")
    doc.warnings.append(f"signer's name read by OCR as {sig.name!r} is unreliable ({problem}): left empty")
    doc.meta["ocr"]["signer"] = {"status": "unreadable", "read": sig.name, "problem": problem}
    sig.name = None
    del doc.header.spans["signer"]


def _guard_ocr_date(doc: Document, words: dict[tuple[int, int], list[ocr.OcrWord]]) -> None:
    """A header date whose digits OCR read with low confidence is kept, and marked:
    ``meta["ocr"]["date"]`` says "low confidence" with the lowest confidence of its digits'
    words, and a note says so (as a figure's ``ocr_confidence`` does)."""
    h = doc.header
    if h.date is None or "date" not in h.spans:
        return
    got = _span_words(doc, words, h.spans["date"])
    if got is None:
        return
    digits = [w for w in got[0] if any(c.isdigit() for c in w.text)]
    low = min((w.conf for w in digits), default=100.0)
    if low >= MIN_NUMBER_CONF:
        return
    a, b = h.spans["date"]
    read_as = " ".join(doc.text[a:b].split())
    doc.warnings.append(f"header date {h.date} read by OCR from {read_as!r} with low confidence ({low:.0f})")
    doc.meta["ocr"]["date"] = {"status": "low confidence", "read": read_as, "confidence": round(low, 1)}


#: an OCR'd signer's name below this word confidence is not trusted
MIN_NAME_CONF = 80.0


def _guard_ocr_header(doc: Document, words: dict[tuple[int, int], list[ocr.OcrWord]], path: Path) -> None:
    """A header number read by OCR with low confidence or with non-digits where the
    digits go is never silently wrong: it is left empty with a note, or filled from the
    file name when that carries the number (``qd-932-ttg-2025-scan.pdf``).  The same for
    the date and the signer's name: low confidence leaves them empty, with a note."""
    h = doc.header
    _guard_ocr_signer(doc, words)
    _guard_ocr_date(doc, words)
    if h.date is None and 1 in doc.meta["ocr"]["pages"] and "date" not in doc.meta["ocr"]:
        _unparsed_date(doc)
    if not h.number or "number" not in h.spans:
        if 1 in doc.meta["ocr"]["pages"]:
            _unparsed_number(doc, path)
        return
    a, _b = h.spans["number"]
    page, line = doc.locate(a)
    if page not in doc.meta["ocr"]["pages"]:
        return
    dm = _NUMBER_DIGITS.match(h.number)
    digits = dm.group(1) if dm else ""
    confs = [w.conf for w in words.get((page or 0, line or 0), []) if digits and digits in w.text]
    conf = min(confs) if confs else None
    problem = None
    if digits and not digits.isdigit():
        problem = f"non-digits in the number ({digits!r})"
    elif conf is not None and conf < MIN_NUMBER_CONF:
        problem = f"low OCR confidence ({conf:.0f})"
    if problem is None:
        return
    m = _FILE_NUMBER.match(path.name.lower())
    rest = h.number[len(digits):] if digits else h.number
    if m and rest.startswith("/"):
        h.number = m.group(1) + rest
        doc.warnings.append(f"header number read by OCR is unreliable ({problem}); number taken from the file name")
        doc.meta["ocr"]["number"] = {"status": "from file name", "problem": problem}
    else:
        doc.warnings.append(f"header number read by OCR is unreliable ({problem}): left empty")
        doc.meta["ocr"]["number"] = {"status": "unreadable", "read": h.number, "problem": problem}
        h.number = None


def _header_table_by_columns(lines: list[RawLine]) -> list[RawLine]:
    """A Word header set as a two-column table (issuer | national motto, number |
    place-date) is read column by column, as the same header is read from a PDF
    (:func:`clean.order_header_zone`): the issuer's block, then the motto's.  Row by row
    the number would fall between the motto and the place-date, so a report and its own
    PDF would read their headers in two orders."""
    head = [ln for ln in lines[:14] if ln.text.strip()]
    if not head or head[0].table is None:
        return lines
    t = head[0].table[0]
    cols = sorted({ln.table[2] for ln in lines[:14] if ln.table is not None and ln.table[0] == t})
    if len(cols) != 2:
        return lines
    for ln in lines:
        if ln.table is not None and ln.table[0] == t:
            ln.column = 1 if ln.table[2] == cols[0] else 2
    return clean.order_header_zone(lines)


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
    lines = _header_table_by_columns(lines)
    doc = build(lines, name, "docx", sha, pages=None, footnotes=content.footnotes, wrap=False)
    doc.tables = content.tables
    # charts are drawn, not written: their labels never reach the body; the title is their caption
    doc.removed.extend(Removed("chart", labels, None, line, caption) for line, labels, caption in content.charts)
    if content.core:
        doc.meta["docx"] = content.core
    return doc


def _check_chars(name: str, n: int) -> None:
    budget = limits.current().chars
    if n > budget:
        raise ReadError(name, f"over the {budget}-character budget ({n} characters; "
                              f"set {limits.ENV['chars']} to raise it)")


def _from_doc(p: Path, name: str, sha: str) -> Document:
    """Word 97–2003: the pure-Python reader (extract.ingest.doc), then the pipeline.  A
    file typed partly in TCVN3 and partly in VNI fonts is converted paragraph by
    paragraph."""

    try:
        content = read_doc(p)
    except ReadError as exc:
        raise ReadError(name, exc.reason) from None
    lines: list[RawLine] = []
    for ln in content.lines:
        if "\n" in ln.text and not ln.superscripts:
            for part in ln.text.split("\n"):
                lines.append(RawLine(part, None, ln.line, table=ln.table, role=ln.role))
        else:
            ln.text = ln.text.replace("\n", " ")
            lines.append(ln)
    lines = _header_table_by_columns(lines)
    mixed = _mixed_legacy(lines)
    tables = content.tables
    if mixed:
        tables = [[[_convert_mixed(c) for c in row] for row in t] for t in tables]
    doc = build(lines, name, "doc", sha, pages=None, footnotes=content.footnotes, wrap=False,
                garbage_check=True)
    if mixed:
        doc.encoding = mixed
        for n in doc.footnotes:
            n.text = nfc(_convert_mixed(n.text))
    elif doc.encoding:
        tables = [[[legacy.to_unicode(c, doc.encoding) for c in row] for row in t] for t in tables]
        for n in doc.footnotes:
            n.text = nfc(legacy.to_unicode(n.text, doc.encoding))
    doc.tables = [[[nfc(c) for c in row] for row in t] for t in tables]
    for h in content.headers:  # page headers and footers: furniture, kept
        text = _convert_mixed(h) if mixed else (legacy.to_unicode(h, doc.encoding) if doc.encoding else h)
        doc.removed.append(Removed("running-header", nfc(text), None, 0))
    doc.meta["read"] = {"via": "word97", "encoding": doc.encoding}
    if content.core:
        doc.meta["doc"] = content.core
    return doc


def _from_sheets(p: Path, name: str, sha: str, kind: str) -> Document:
    """A workbook: every sheet one table (extract.ingest.sheets), each cell a line whose
    segments carry ``page`` = sheet number, ``line`` = Excel row, ``cell`` = "Sheet!C7"."""

    try:
        sheets = read_xlsx(p) if kind == "xlsx" else read_xls(p)
    except ReadError as exc:
        raise ReadError(name, exc.reason) from None
    layout = grids(sheets)
    if not layout:
        raise ReadError(name, f"spreadsheet has no filled cells ({len(sheets)} sheet(s))")
    lines: list[RawLine] = []
    where: dict[int, tuple[int, int, str]] = {}  # line no -> (sheet no, excel row, address)
    tables: list[list[list[str]]] = []
    formulas: list[dict] = []
    formula_cells: list[tuple[int, int, int]] = []
    cell_formulas: list[dict] = []
    code_cols: list[tuple[int, int]] = []

    def add(text: str, g, row: int, col: int, cell: tuple[int, int, int] | None) -> None:
        n = len(where) + 1
        where[n] = (g.index, row, f"{g.sheet.name}!{col_letter(col)}{row}")
        for part in text.split("\n"):
            lines.append(RawLine(part, None, n, table=cell))

    for g in layout:
        for row, col, text in g.before:
            add(text, g, row, col, None)
        if g.rows:
            ti = len(tables)
            tables.append(g.rows)
            for r, (xr, cells) in enumerate(zip(g.row_numbers, g.rows)):
                for c, (xc, text) in enumerate(zip(g.col_numbers, cells)):
                    if text.strip():
                        add(text, g, xr, xc, (ti, r, c))
            formulas += _sum_formulas(g, ti)
            cell_formulas += _cell_formulas(g, ti)
            code_cols += [(ti, c) for c in _code_columns(g)]
            rows_at = {xr: r for r, xr in enumerate(g.row_numbers)}
            cols_at = {xc: c for c, xc in enumerate(g.col_numbers)}
            formula_cells += [(ti, rows_at[xr], cols_at[xc]) for (xr, xc), sc in g.sheet.cells.items()
                              if sc.formula and xr in rows_at and xc in cols_at]
        for row, col, text in g.after:
            add(text, g, row, col, None)
    enc, convert = _legacy(lines)
    if enc:
        tables = [[[legacy.to_unicode(c, enc) for c in row] for row in t] for t in tables]
    doc = build(lines, name, kind, sha, pages=len(sheets), wrap=False)
    for seg in doc.segments:
        sheet_no, row, addr = where.get(seg.line, (None, seg.line, None))
        seg.page, seg.line, seg.cell = sheet_no, row, addr
    doc.meta.pop("_starts", None)
    if doc.header.doc_type is None:
        # the first sheet a bare table: the workbook names itself on the title rows of a later one
        for g in layout[1:]:
            named = title_type([nfc(convert(x[2]) if convert else x[2]) for x in g.before[:4]])
            if named is not None:
                doc.header.doc_type, doc.header.title = named
                break
    doc.tables = [[[nfc(c) for c in row] for row in t] for t in tables]
    doc.meta["sheets"] = [{"name": s.name, "hidden": s.hidden, "cells": len(s.cells)} for s in sheets]
    if formulas:
        doc.meta["formulas"] = formulas
    if formula_cells:
        doc.meta["formula_cells"] = sorted(formula_cells)
    if cell_formulas:
        doc.meta["cell_formulas"] = cell_formulas
    if code_cols:
        doc.meta["code_cols"] = code_cols
    doc.meta["read"] = {"via": "spreadsheet", "sheets": len(sheets), "formulas": len(formulas)}
    return doc


def _code_columns(g) -> list[int]:
    """Columns whose cells are mostly digits typed as text ("1216", "0500"): codes, not
    quantities; and columns of row numbers (:func:`_counter_column`)."""
    out = []
    for c, xc in enumerate(g.col_numbers):
        text_digits = numeric = 0
        for xr in g.row_numbers:
            sc = g.sheet.cells.get((xr, xc))
            if sc is None:
                continue
            if isinstance(sc.value, str) and sc.value.strip().isdigit():
                text_digits += 1
            elif isinstance(sc.value, (int, float)) and not isinstance(sc.value, bool):
                numeric += 1
        if text_digits >= 3 and text_digits >= 4 * numeric:
            out.append(c)
        elif numeric >= 5 and _counter_column(g, xc):
            out.append(c)
    return out


def _counter_column(g, xc: int) -> bool:
    """A column of row numbers (1, 2, 3 … down the rows, as a database export repeats
    them): a count of rows, not a quantity."""
    vals = [sc.value for xr in g.row_numbers if (sc := g.sheet.cells.get((xr, xc))) is not None]
    nums = [v for v in vals if isinstance(v, int) and not isinstance(v, bool)]
    if len(nums) < 5 or len(nums) < 0.9 * len(vals):
        return False
    steps = sum(1 for a, b in zip(nums, nums[1:]) if b == a + 1)
    return steps >= 0.9 * (len(nums) - 1)


def _cell_formulas(g, ti: int) -> list[dict]:
    """Every formula cell of a grid's table that shows a number, with the cached value of
    each cell its formula names (``refs``: address → [kind, value, table row, table
    column]; kind "n" a number, "t" text, "" empty; row and column -1 outside the table),
    so that the find and check floors can read the formula as a statement between the
    figures the recipient sees (extract.find.sheet_formulas)."""
    out = []
    rows = {xr: r for r, xr in enumerate(g.row_numbers)}
    cols = {xc: c for c, xc in enumerate(g.col_numbers)}
    cells = g.sheet.cells
    for (xr, xc), cell in sorted(cells.items()):
        v = cell.value
        if (not cell.formula or xr not in rows or xc not in cols or isinstance(v, bool)
                or not isinstance(v, (int, float))):
            continue
        refs = formula_refs(cell.formula)
        if not refs:
            continue
        named: dict[str, list] = {}
        for r, c in refs:
            t = cells.get((r, c))
            tv = None if t is None else t.value
            if isinstance(tv, bool) or tv is None:
                entry: list = ["", None]
            elif isinstance(tv, (int, float)):
                entry = ["n", repr(tv)]
            elif t is not None and t.formula:
                entry = ["x", str(tv)]  # a formula whose result is text: an error a tool wrote as "0"
            else:
                entry = ["t", str(tv)]
            named[f"{col_letter(c)}{r}"] = entry + [rows.get(r, -1), cols.get(c, -1)]
        out.append({"sheet": g.sheet.name, "cell": f"{col_letter(xc)}{xr}", "table": ti, "row": rows[xr],
                    "col": cols[xc], "formula": cell.formula, "cached": repr(v), "fmt": cell.number_format,
                    "refs": named})
    return out


def _sum_formulas(g, ti: int) -> list[dict]:
    """The plain-sum formulas of a grid's table with the cached values they add."""
    out = []
    rows = {xr: r for r, xr in enumerate(g.row_numbers)}
    cols = {xc: c for c, xc in enumerate(g.col_numbers)}
    for (xr, xc), cell in g.sheet.cells.items():
        if not cell.formula or xr not in rows or xc not in cols:
            continue
        terms = plain_sum_terms(cell.formula)
        if terms is None or not isinstance(cell.value, (int, float)) or isinstance(cell.value, bool):
            continue
        values: list[list] = []
        ok = True
        for r, c, sign in terms:
            t = g.sheet.cells.get((r, c))
            v = None if t is None else t.value
            if v is not None and not isinstance(v, (int, float)):
                ok = False
                break
            values.append([f"{col_letter(c)}{r}", sign, None if v is None else repr(v)])
        if not ok:
            continue
        out.append({"sheet": g.sheet.name, "cell": f"{col_letter(xc)}{xr}", "table": ti, "row": rows[xr],
                    "col": cols[xc], "formula": cell.formula, "cached": repr(cell.value), "terms": values})
    return out


def _mixed_legacy(lines: list[RawLine]) -> str | None:
    """When a file mixes TCVN3 and VNI runs (each at least a tenth of the legacy votes),
    convert every line by its own vote (a line without votes takes the previous line's
    encoding) and return "tcvn3+vni"; otherwise None and the pipeline decides."""
    votes = legacy.detect_scores("\n".join(ln.text for ln in lines))
    t, v = votes["tcvn3"], votes["vni"]
    if min(t, v) < 0.1 * (t + v) or min(t, v) < 5:
        return None
    prev = "tcvn3" if t >= v else "vni"
    for ln in lines:
        if ln.text.isascii():
            continue
        s = legacy.detect_scores(ln.text)
        enc = prev
        if s["tcvn3"] != s["vni"]:
            enc = "tcvn3" if s["tcvn3"] > s["vni"] else "vni"
        else:  # a tie (or no strong code): the table under which more words read as Vietnamese
            enc = legacy.better_reading(ln.text) or (prev if not s["tcvn3"] else "tcvn3")
        if s["unicode"] > s["tcvn3"] + s["vni"]:
            continue
        prev = enc
        _convert_line(ln, enc)
    return "tcvn3+vni"


def _convert_line(ln: RawLine, enc: str) -> None:
    if not ln.superscripts:
        ln.text = legacy.to_unicode(ln.text, enc)
        return
    out, spans, pos = "", [], 0
    for a, b in sorted(ln.superscripts):
        out += legacy.to_unicode(ln.text[pos:a], enc)
        spans.append((len(out), len(out) + b - a))
        out += ln.text[a:b]
        pos = b
    ln.text = out + legacy.to_unicode(ln.text[pos:], enc)
    ln.superscripts = spans


def _convert_mixed(s: str) -> str:
    if s.isascii():
        return s
    enc = legacy.detect(s, min_share=0.5)
    return legacy.to_unicode(s, enc) if enc else s


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


def document_as_is(text: str, *, name: str = "<text>") -> Document:
    """A Document whose text is ``text`` exactly — no cleaning, one segment per line — for
    callers whose offsets must stay valid in their own string (the spaCy component
    annotates the Doc it is given).  ``search_text`` needs one tone convention at the same
    length, which ``tone_normalize`` keeps."""
    segments = []
    pos = 0
    for i, line in enumerate(text.split("\n")):
        segments.append(Segment(pos, pos + len(line), None, i + 1))
        pos += len(line) + 1
    doc = Document(path=name, kind="text", text=text, search_text=tone_normalize(text), segments=segments,
                   pages=None, sha256=hashlib.sha256(text.encode()).hexdigest())
    doc.header = parse_header(doc)
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
    stacked = clean.stacked_starts(paras)
    if stacked:
        doc.meta["_stacked"] = stacked  # for the header parser: offices the layout set under their parent
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
