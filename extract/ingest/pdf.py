"""PDF reader: text, line positions and superscripts from pypdfium2.

pdfplumber's layout analysis runs at a few pages per second; pdfium gives the same
text about 40x faster.  So the plain text and line breaks come from pdfium's text
page, and character boxes and font sizes are asked for only where layout matters:
the first character of each line (position, size), the characters around each
space (a wide gap splits a two-column header row into its blocks), and digit runs
glued to a word (superscript footnote markers).  Signed PDFs from the e-office
systems carry their number and date as widget appearance streams over the blank
"Số: /BC-UBND"; pdfium's text page does not see those, so they are read with
pdfminer (a dependency of pdfplumber) and merged back into the line they cover.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from extract.core import limits
from extract.core.errors import ReadError
from extract.core.model import RawLine
from extract.ingest.clean import order_header_zone
from extract.ingest.pdf_charts import Chart, find_charts
from extract.ingest.pdf_source import DEFAULT_SETTINGS, CharBoxes, PdfSettings, PdfSource, numbered_lines
from extract.ingest.pdf_tables import page_paths

_DIGIT = re.compile(r"\d+")


@dataclass
class PdfContent:
    lines: list[RawLine]
    pages: int
    page_sizes: list[tuple[float, float]]
    metadata: dict[str, str] = field(default_factory=dict)
    overlays: list[tuple[int, str]] = field(default_factory=list)  # (page, text) merged from annotations
    chars: int = 0
    source: Any = None  # the PdfSource, with the pages that may hold a table still loaded
    bad_pages: list[int] = field(default_factory=list)  # pages pdfium could not load (damaged)
    charts: list[Chart] = field(default_factory=list)  # vector charts, their lines taken out of ``lines``


def read_pdf(path: str | Path, settings: PdfSettings | None = None) -> PdfContent:
    """Read every page of a text PDF into raw lines with page and line numbers.  The
    pages that may hold a table stay loaded in ``PdfContent.source`` for the table
    finder (:func:`extract.ingest.pdf_tables.find_tables`), which closes it."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    path = Path(path)
    source = PdfSource(path, settings)
    opts = source.settings
    pdf = source.pdf
    budget = limits.current()
    try:
        if len(pdf) > budget.pages:
            raise ReadError(path, f"over the {budget.pages}-page budget ({len(pdf)} pages; "
                                  f"set {limits.ENV['pages']} to raise it)")
        out: list[RawLine] = []
        sizes: list[tuple[float, float]] = []
        annotated: list[int] = []
        total_chars = 0
        kept: set[int] = set()
        bad_pages: list[int] = []
        charts: list[Chart] = []
        for pno in range(len(pdf)):
            try:
                page = source.page(pno)
            except pdfium.PdfiumError:  # a damaged page object: the other pages still read
                bad_pages.append(pno + 1)
                sizes.append((0.0, 0.0))
                continue
            width, height = page.get_size()
            sizes.append((width, height))
            if raw.FPDFPage_GetAnnotCount(page) > 0:
                annotated.append(pno)
            textpage = source.textpage(pno)
            n = textpage.count_chars()
            total_chars += n
            if total_chars > budget.chars:
                raise ReadError(path, f"over the {budget.chars}-character budget (at page {pno + 1}; "
                                      f"set {limits.ENV['chars']} to raise it)")
            text = source.text(pno)
            plines = _page_lines(CharBoxes(textpage), text, n, pno + 1, width, opts)
            if plines:
                found = find_charts(page.raw, plines, pno + 1, partial(page_paths, source, pno, opts))
                if found:
                    charted = {id(ln) for c in found for ln in c.lines}
                    plines = [ln for ln in plines if id(ln) not in charted]
                    charts.extend(found)
            if len(kept) < opts.keep_pages and _may_hold_table(plines):
                kept.add(pno)
            elif pno != 0 or not annotated:  # an annotated page 1 stays for the overlays below
                source.release([pno])
            if pno == 0:
                plines = order_header_zone(plines, width)
            out.extend(plines)
        meta = {k: v for k, v in (pdf.get_metadata_dict() or {}).items() if v}
        content = PdfContent(out, len(pdf), sizes, meta, chars=total_chars, source=source, bad_pages=bad_pages,
                             charts=charts)
        rows = _blank_rows(content.lines) if 0 in annotated else []
        if rows:
            _merge_overlays(path, content, [0], rows, source)
        source.release([p for p in source.loaded() if p not in kept])
    except BaseException:
        source.close()
        raise
    return content


_LETTERS = re.compile(r"[^\W\d_]")


def _may_hold_table(lines: list[RawLine]) -> bool:
    """Whether a page's lines look like a table's values or numbering (two short pieces
    of numbers: "1.200", "1.1.2", "83,1/100 62/63 83,0%"), so its page is worth keeping
    loaded for the table finder.  Only a matter of speed: the finder loads any other
    page it asks for."""
    found = 0
    for ln in lines:
        t = ln.text
        if len(t) < 160 and any(map(str.isdigit, t)) and len(_LETTERS.findall(t)) <= 2:
            found += 1
            if found >= 2:
                return True
    return False


def _page_lines(pg: CharBoxes, text: str, n: int, pno: int, width: float,
                opts: PdfSettings = DEFAULT_SETTINGS) -> list[RawLine]:
    if not text.strip():
        return []
    aligned = len(text) == n  # char index i <-> text[i]; false only with surrogate pairs
    lines: list[RawLine] = []
    for lineno, start, raw_line in numbered_lines(text):
        if not aligned:
            lines.append(RawLine(raw_line, pno, lineno))
            continue
        lead = start + (len(raw_line) - len(raw_line.lstrip()))
        l, b, r, t = pg.box(lead)
        size = pg.size(lead)
        tail = start + len(raw_line.rstrip()) - 1
        tail_right = pg.right(tail)
        span = tail_right - l
        # a row much wider than its characters need holds a gap: look for columns
        if span > (tail - lead + 1) * (size or 12) * opts.char_width_em + opts.slack_em * (size or 12):
            pieces = _split_columns(pg, raw_line, start, size, opts)
        else:
            pieces = [(raw_line.strip(), lead, 0)]
        for piece_text, piece_start, col in pieces:
            if piece_start != lead:
                l, b, r, t = pg.box(piece_start)
            sup = _superscripts(pg, piece_text, piece_start, size, opts)
            end = piece_start + len(piece_text) - 1
            right = tail_right if end == tail else pg.right(end)
            lines.append(
                RawLine(piece_text, pno, lineno, x0=round(l, 1), x1=round(right, 1), top=round(t, 1),
                        size=round(size, 1),
                        column=col, superscripts=sup, bold=pg.bold(piece_start, end))
            )
    return lines


_SPACE_RUN = re.compile(" +")


def _split_columns(pg: CharBoxes, line: str, start: int, size: float,
                   opts: PdfSettings = DEFAULT_SETTINGS) -> list[tuple[str, int, int]]:
    """Split a row where a space spans a gap wider than a few em: two blocks set
    side by side (header blocks, signature blocks), not one sentence."""
    gap_limit = max(opts.column_gap_em * (size or 12.0), opts.column_gap_min)
    cuts: list[int] = []
    gap = pg.gap
    n = len(line)
    for m in _SPACE_RUN.finditer(line):  # each run of spaces inside the line
        k, j = m.span()
        if 0 < k and j < n and gap(start + k - 1, start + j) > gap_limit:
            label = unicodedata.normalize("NFC", line[:k].rstrip())
            if not label.endswith(("Số:", "Số :", "Số", "ngày")):  # a blank field, not a gap
                cuts.append(k)
                cuts.append(j)
    if not cuts:
        return [(line.strip(), start + len(line) - len(line.lstrip()), 0)]
    bounds = [0, *cuts, len(line)]
    pieces = []
    for a, b in zip(bounds[::2], bounds[1::2]):
        seg = line[a:b]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            pieces.append((seg.strip(), start + a + lead))
    return [(p, s, i + 1) for i, (p, s) in enumerate(pieces)]


#: a digit right after a character that may glue a marker to its word: every candidate
#: of :func:`_superscripts` has one (a line without any has no marker, at no pdfium call)
_GLUED_DIGIT = re.compile(r"[^\s\d/.,:-]\d")


def _superscripts(pg: CharBoxes, line: str, start: int, size: float,
                  opts: PdfSettings = DEFAULT_SETTINGS) -> list[tuple[int, int]]:
    """Digit runs glued to a word and set smaller or raised: footnote markers."""
    if _GLUED_DIGIT.search(line) is None:
        return []
    spans = []
    for m in _DIGIT.finditer(line):
        a = m.start()
        if a == 0 or line[a - 1].isspace() or line[a - 1].isdigit() or line[a - 1] in "/.,-:":
            continue
        d = pg.size(start + a)
        prev = pg.size(start + a - 1)
        smaller = prev > 0 and d < prev * opts.superscript_shrink
        raised = pg.origin_y(start + a) - pg.origin_y(start + a - 1) > (prev or size or 10) * opts.superscript_rise
        if smaller or raised:
            spans.append((a, m.end()))
    return spans


# -- signed-PDF overlays ---------------------------------------------------------

_BLANK_NUMBER = re.compile(r"Số\s*:?\s*/")
_BLANK_DATE = re.compile(r"ngày\s+tháng\s+(?:\d{1,2}\s+)?năm|ngày\s+\d{1,2}\s+tháng\s+năm")


def _blank_rows(lines: list[RawLine]) -> list[tuple[float, float]]:
    """Vertical ranges (PDF user space) of page-1 rows that show a blank number or
    date.  Only annotations over those rows (where e-office systems stamp the
    number and date) are worth parsing."""
    rows = []
    for ln in lines[:20]:
        if ln.page != 1:
            break
        t = unicodedata.normalize("NFC", ln.text)
        if (_BLANK_NUMBER.search(t) or _BLANK_DATE.search(t)) and ln.top is not None and ln.size:
            rows.append((ln.top - 2 * ln.size, ln.top + ln.size))
    return rows


def _overlay_texts(path: Path, pages: list[int],
                   rows: list[tuple[float, float]]) -> dict[int, list[tuple[float, float, float, float, str]]]:
    """Text drawn by annotation appearance streams, per page: (x0, y0, x1, y1, text)
    in PDF user space.  Only pages that have annotations are parsed."""

    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTContainer, LTItem
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, resolve1

    found: dict[int, list[tuple[float, float, float, float, str]]] = {}
    wanted = set(pages)
    with open(path, "rb") as fh:
        doc = PDFDocument(PDFParser(fh))
        rsrc = PDFResourceManager(caching=True)
        for pno, page in enumerate(PDFPage.create_pages(doc)):
            if pno > max(wanted):
                break
            if pno not in wanted:
                continue
            for ref in resolve1(page.annots) or []:
                annot = resolve1(ref)
                if not isinstance(annot, dict):
                    continue
                rect = [float(v) for v in resolve1(annot.get("Rect")) or (0, 0, 0, 0)]
                if not any(lo <= (rect[1] + rect[3]) / 2 <= hi for lo, hi in rows):
                    continue
                ap = resolve1(annot.get("AP"))
                normal = resolve1(ap.get("N")) if isinstance(ap, dict) else None
                if isinstance(normal, dict):  # appearance states: take the one in /AS
                    state = resolve1(annot.get("AS"))
                    normal = resolve1(normal.get(getattr(state, "name", ""), None))
                if not isinstance(normal, PDFStream):
                    continue
                bbox = [float(v) for v in resolve1(normal.attrs.get("BBox", rect))]
                fake = SimpleNamespace(pageid=pno, mediabox=bbox, cropbox=bbox, rotate=0,
                                       resources=resolve1(normal.attrs.get("Resources")) or {},
                                       contents=[normal], attrs={}, annots=None, label=None, doc=doc)
                device = PDFPageAggregator(rsrc, laparams=None)
                try:
                    # a stand-in for a PDFPage: the interpreter reads only the attributes set above
                    PDFPageInterpreter(rsrc, device).process_page(cast(PDFPage, fake))
                except Exception:  # a broken appearance stream must not stop the read
                    continue
                chars: list[LTChar] = []
                stack: list[LTItem] = [device.get_result()]
                while stack:
                    node = stack.pop()
                    if isinstance(node, LTChar):
                        chars.append(node)
                    elif isinstance(node, LTContainer):
                        stack.extend(node)
                text = "".join(c.get_text() for c in sorted(chars, key=lambda c: c.x0)).strip()
                if not text:
                    continue
                sx = (rect[2] - rect[0]) / ((bbox[2] - bbox[0]) or 1)
                sy = (rect[3] - rect[1]) / ((bbox[3] - bbox[1]) or 1)
                x0 = rect[0] + (min(c.x0 for c in chars) - bbox[0]) * sx
                x1 = rect[0] + (max(c.x1 for c in chars) - bbox[0]) * sx
                y0 = rect[1] + (min(c.y0 for c in chars) - bbox[1]) * sy
                y1 = rect[1] + (max(c.y1 for c in chars) - bbox[1]) * sy
                found.setdefault(pno + 1, []).append((x0, y0, x1, y1, text))
    return found


def _stamped_texts(source: PdfSource, pages: list[int],
                   rows: list[tuple[float, float]]) -> dict[int, list[tuple[float, float, float, float, str]]]:
    """The same as :func:`_overlay_texts`, with pdfium: flatten the page's annotations
    into its content (FPDFPage_Flatten), load the page a second time, and read the
    characters the flattening appended.  About 40× cheaper than parsing the file with
    pdfminer, which stays the fallback.  The page already loaded keeps what it parsed
    before the flattening, and is pinned so that the table finder reads that, never a
    reload.  Runs of characters on one text line are split where the gap is wider than
    a character, so separate stamps ("181", "05") stay separate."""
    import pypdfium2.raw as raw

    found: dict[int, list[tuple[float, float, float, float, str]]] = {}
    for pno in pages:
        before = source.textpage(pno).count_chars()
        source.pin(pno)
        ok = raw.FPDFPage_Flatten(source.page(pno).raw, raw.FLAT_NORMALDISPLAY)
        if ok != raw.FLATTEN_SUCCESS:
            continue
        page = source.pdf[pno]  # flattening shows only in a new load of the page
        tp = page.get_textpage()
        try:
            pg = CharBoxes(tp)
            run: list[tuple[str, tuple[float, float, float, float]]] = []

            def flush() -> None:
                text = "".join(c for c, _ in run).strip()
                if text:
                    boxes = [b for c, b in run if not c.isspace()]
                    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
                    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
                    if any(lo <= (y0 + y1) / 2 <= hi for lo, hi in rows):
                        found.setdefault(pno + 1, []).append((x0, y0, x1, y1, text))
                run.clear()

            for i in range(before, tp.count_chars()):
                ch = tp.get_text_range(i, 1)
                if ch in ("\r", "\n"):
                    flush()
                    continue
                box = pg.box(i)
                if run and not ch.isspace():
                    prev = next((b for c, b in reversed(run) if not c.isspace()), None)
                    if prev is not None and box[0] - prev[2] > max(prev[3] - prev[1], 1.0) * 1.5:
                        flush()
                run.append((ch, box))
            flush()
        finally:
            tp.close()
            page.close()
    return found


def _merge_overlays(path: Path, content: PdfContent, pages: list[int], rows: list[tuple[float, float]],
                    source: PdfSource) -> None:
    """Put annotation text into the line it is drawn over, at its x position (read from
    the page as loaded before the flattening)."""
    try:
        overlays = _stamped_texts(source, pages, rows)
    except Exception:  # pdfium's flattening is the fast path; pdfminer parses what it cannot
        overlays = {}
    if not overlays:
        try:
            overlays = _overlay_texts(path, pages, rows)
        except Exception:  # pdfminer may fail on PDFs pdfium reads; overlays are a bonus
            return
    if not overlays:
        return
    for pno, items in overlays.items():
        tp = source.textpage(pno - 1)
        pg = CharBoxes(tp)
        text = tp.get_text_range()
        placed: dict[int, list[tuple[int, str]]] = {}
        targets: dict[int, RawLine] = {}
        for x0, y0, x1, y1, otext in items:
            content.overlays.append((pno, otext))
            hit = _place_overlay(content.lines, pg, text, pno, x0, y0, otext)
            if hit is not None:
                line, at = hit
                targets[id(line)] = line
                placed.setdefault(id(line), []).append((at, otext))
        for key, inserts in placed.items():
            _insert(targets[key], sorted(inserts, reverse=True))


def _place_overlay(lines: list[RawLine], pg: CharBoxes, text: str, pno: int,
                   x0: float, y0: float, otext: str) -> tuple[RawLine, int] | None:
    """The line an overlay is drawn on (its baseline within the line's height,
    the line starting left of it) and the character offset where it goes."""
    best = None
    for ln in lines:
        if ln.page != pno or ln.top is None or not ln.size:
            continue
        if ln.top - ln.size * 1.4 <= y0 <= ln.top + ln.size * 0.2 and (ln.x0 or 0) <= x0 + 2:
            if best is None or (ln.x0 or 0) > (best.x0 or 0):
                best = ln
    if best is None:
        return None
    idx = text.find(best.text)
    at = len(best.text)
    if idx >= 0:
        for k, ch in enumerate(best.text):
            if ch != " " and pg.box(idx + k)[0] >= x0 - 0.5:
                at = k
                break
    return best, at


def _insert(line: RawLine, inserts: list[tuple[int, str]]) -> None:
    """Insert overlay texts, right to left so earlier offsets stay valid."""
    for at, otext in inserts:
        while at < len(line.text) and line.text[at] in ":.,;":
            at += 1  # a stamped number goes after the label's colon, never inside it
        before, after = line.text[:at], line.text[at:]
        piece = otext
        if before and not before.endswith(" "):
            piece = " " + piece
        if after and not after.startswith(" "):
            piece = piece + " "
        shift = len(piece)
        line.superscripts = [(a + shift, b + shift) if a >= at else (a, b) for a, b in line.superscripts]
        line.text = before + piece + after
