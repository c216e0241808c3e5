"""Cleaning: from raw lines as read to paragraphs of clean text with a source map.

Each step is a named function over plain data so it can be tested alone:

- :func:`nfc` — one Unicode normal form for everything downstream;
- :func:`tone_normalize` — one tone-placement convention (``hoá`` → ``hóa``) for the
  search copy; the display text keeps what was written.  Both are NFC and of equal
  length, so offsets found in one are valid in the other;
- :func:`remove_furniture` — page numbers, running headers, URL-only footnote
  lines and e-signature stamps leave the body and are kept as :class:`Removed`;
- :func:`split_footnotes` — small-print footnote lines at a page bottom become
  :class:`Footnote` records;
- :func:`strip_markers` — superscript footnote markers glued to a word are cut out
  of the text (``QPPL4`` → ``QPPL`` + note 4) and remembered as anchors;
- :func:`join_paragraphs` — line wraps are undone, a code broken after its hyphen
  is rejoined without a space (``NĐ-`` + ``CP`` → ``NĐ-CP``).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from extract.core.model import Footnote, RawLine, Removed, Segment
from extract.core.rules import layout_patterns

_DIGIT_RUN = re.compile(r"\d+")

# --- furniture --------------------------------------------------------------------

def remove_furniture(lines: list[RawLine]) -> tuple[list[RawLine], list[Removed]]:
    """Take page numbers, running headers, URL-only lines and signature stamps out
    of the body.  Nothing is lost: each is returned as a :class:`Removed`."""
    pats = layout_patterns()
    removed: list[Removed] = []
    keep: list[RawLine] = []
    by_page: dict[int | None, list[RawLine]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    paged = len([p for p in by_page if p is not None]) > 1
    edge: set[int] = set()
    running: set[str] = set()
    under: set[int] = set()
    if paged:
        pages = len(by_page)
        # a running head of several lines: the first line of the later pages repeated,
        # then the line under a repeated one repeated too (the body's name, the plan's title)
        depth = {pg: 0 for pg, plines in by_page.items() if pg is not None and pg > 1 and plines}
        for level in range(3):
            tops: Counter[str] = Counter()
            for pg, k in depth.items():
                if k == level and k < len(by_page[pg]):
                    tops[_norm_digits(by_page[pg][k].text)] += 1
            found = {t for t, c in tops.items() if c >= 2 and c >= 0.5 * (pages - 1) and len(t) > 3}
            if level:
                # a line under the head is of the head unless the first page prints it lower
                # down: a table's header repeated at the top of each page stands under the
                # table's caption there
                page_one = [_norm_digits(ln.text) for ln in by_page.get(1, [])]
                found = {t for t in found if t not in page_one[level + 1:]}
            if not found:
                break
            if level == 0:
                running |= found  # the first line repeated: taken out wherever it stands
            for pg, k in depth.items():
                if k == level and k < len(by_page[pg]) and _norm_digits(by_page[pg][k].text) in found:
                    depth[pg] = k + 1
                    if level:
                        under.add(id(by_page[pg][k]))  # a line under it: only there
        bottoms = _bottom_numbers(by_page)
        for page, plines in by_page.items():
            if page is None or not plines:
                continue
            body = [ln for ln in plines if ln.role == "body"]
            for ln in body[:2] + bottoms[page]:
                edge.add(id(ln))
        # a header set in small print above the text of a later page counts even once
        sizes = Counter(round(ln.size) for ln in lines if ln.size)
        body_size = sizes.most_common(1)[0][0] if sizes else None
        for page, plines in by_page.items():
            first = plines[0] if plines else None
            if (page and page > 1 and first is not None and body_size and first.size
                    and first.size <= body_size * 0.8 and len(first.text.strip()) > 3
                    and not _END_SENT.search(first.text.strip())):
                running.add(_norm_digits(first.text))
    after_stamp = 0
    for i, ln in enumerate(lines):
        text = ln.text.strip()
        kind = None
        if ln.table is None:
            if pats["signature-stamp"].search(text):
                kind = "signature-stamp"
            elif after_stamp and pats["stamp-field"].match(text):
                kind = "signature-stamp"
            elif pats["url"].match(text):
                kind = "url"
            elif id(ln) in edge and pats["page-number"].match(text) and (ln.page or 0) >= 1:
                kind = "page-number"
            elif running and ln.page and ln.page > 1 and (_norm_digits(text) in running or id(ln) in under):
                kind = "running-header"
            elif ln.page is None and pats["page-number"].match(text) and _alone(lines, i):
                kind = "page-number"  # text from a PDF: a bare number between blank lines
        if text:
            after_stamp = 3 if kind == "signature-stamp" else max(0, after_stamp - 1)
        if kind:
            removed.append(Removed(kind, text, ln.page, ln.line))
        else:
            keep.append(ln)
    return keep, removed


def _bottom_numbers(by_page: dict[int | None, list[RawLine]]) -> dict[int, list[RawLine]]:
    """The last two lines of each page, where its printed number may stand; but when both
    are bare numbers ("18", "20": a table's last row, a cell a line) only the one that
    goes up page by page as other pages' numbers do (its number less the page's is that
    of the bottom number of another page) is taken for the page's number."""
    pats = layout_patterns()
    tails: dict[int, list[RawLine]] = {}
    offsets: Counter[int] = Counter()
    for page, plines in by_page.items():
        if page is None or not plines:
            continue
        tail = [ln for ln in plines if ln.role == "body"][-2:]
        tails[page] = tail
        offsets.update({int(re.findall(r"\d+", ln.text)[0]) - page for ln in tail
                        if pats["page-number"].match(ln.text.strip())})
    for page, tail in tails.items():
        nums = [ln for ln in tail if pats["page-number"].match(ln.text.strip())]
        if len(nums) == 2:
            tails[page] = [ln for ln in nums if offsets[int(re.findall(r"\d+", ln.text)[0]) - page] >= 2][-1:]
    return tails


def _alone(lines: list[RawLine], i: int) -> bool:
    """Is line i set off from the body: a blank line, a URL or a stamp line (the
    page-bottom furniture it sits among) on one side?"""
    pats = layout_patterns()

    def furniture(t: str) -> bool:
        return not t or bool(pats["url"].match(t) or pats["signature-stamp"].search(t))

    before = lines[i - 1].text.strip() if i > 0 else ""
    after = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
    return furniture(before) or furniture(after)


def _norm_digits(s: str) -> str:
    return _DIGIT_RUN.sub("#", s.strip())


def order_header_zone(lines: list[RawLine], width: float | None = None) -> list[RawLine]:
    """Reading order for the two-column header of page 1: the issuing body's block
    (left) before the national motto and place/date block (right).  The zone ends
    at the place-date line or at the document-type line, whichever comes first."""
    pats = layout_patterns()
    end = 0
    for i, ln in enumerate(lines[:14]):
        t = unicodedata.normalize("NFC", ln.text.strip())
        if pats["doc-type"].match(t):
            break
        end = i + 1
        if pats["place-date"].match(t):
            break
    else:
        end = 0
    if end == 0 or not any(pats["motto"].match(unicodedata.normalize("NFC", ln.text.strip()))
                           for ln in lines[:end]):
        return lines
    zone = lines[:end]
    split = any(ln.column for ln in zone)
    for ln in zone:
        if ln.column == 0 and ln.x0 is not None and width:
            ln.column = 1 if ln.x0 < width * 0.4 else 2
        elif ln.column == 0 and ln.x0 is None and split and ln.text.strip():
            # text whose other rows were split at their tabs: a row with one block only
            # belongs to the left block when it starts at the margin ("XÂY DỰNG KHU VỰC",
            # the third line of an issuer beside a two-line motto), to the right when indented
            ln.column = 2 if ln.text[:1] == "\t" or ln.text.startswith("      ") else 1
    zone.sort(key=lambda ln: ln.column)  # stable: keeps top-to-bottom order inside a block
    return zone + lines[end:]


def split_tab_columns(lines: list[RawLine], limit: int = 15) -> list[RawLine]:
    """Text extracted from a PDF sets the two header blocks side by side with tabs:
    split those rows into their blocks (column 1 and 2)."""
    out: list[RawLine] = []
    for i, ln in enumerate(lines):
        sep = r"\t+" if "\t" in ln.text else r" {6,}"
        parts = [p.strip() for p in re.split(sep, ln.text) if p.strip()] if i < limit else []
        if len(parts) == 2:
            out.extend(RawLine(p, ln.page, ln.line, column=k + 1) for k, p in enumerate(parts))
        else:
            out.append(ln)
    return out


# --- footnotes --------------------------------------------------------------------

_FN_START = re.compile(r"^(\d{1,3})(?:\s+|(?=\D))(\S.*)$")


def split_footnotes(lines: list[RawLine]) -> tuple[list[RawLine], list[Footnote]]:
    """PDF footnotes: lines at the bottom of a page in a smaller size than the
    page's body text, the first starting with its number.  Continuation lines
    of a note belong to it."""
    sized = [ln for ln in lines if ln.size and ln.page is not None and ln.table is None]
    if not sized:
        return lines, []
    body_size = Counter(round(ln.size or 0) for ln in sized).most_common(1)[0][0]
    notes: list[Footnote] = []
    note_size: dict[int, float] = {}  # id(note) -> size of its first line
    drop: set[int] = set()
    by_page: dict[int, list[RawLine]] = {}
    for ln in sized:
        by_page.setdefault(ln.page or 0, []).append(ln)
    for page, plines in by_page.items():
        # walk up from the page bottom while lines are small print
        tail: list[RawLine] = []
        for ln in reversed(plines):
            if (ln.size or 0) <= body_size * 0.85 and ln.column == 0:
                tail.append(ln)
            else:
                break
        tail.reverse()
        current = _continued_note(notes, note_size, page, tail)
        marker: RawLine | None = None
        for ln in tail:
            text = ln.text.strip()
            if text.isdigit() and len(text) <= 3:
                # the note's number set as a superscript of its own, a line apart from the
                # note's text (LibreOffice's PDF export): it starts the next line's note
                marker = ln
                drop.add(id(ln))
                continue
            lone = marker
            if marker is not None:
                text = marker.text.strip() + " " + text
                marker = None
            m = _FN_START.match(text)
            if m and current is not None and int(m.group(1)) != int(current.id) + 1:
                m = None  # "2025." continuing a note is not note 202
            if lone is not None and not m:  # no note after all: the number stays where it was
                drop.discard(id(lone))
                text = ln.text.strip()
            if m:
                current = Footnote(m.group(1), m.group(2).strip(), None, ln.page, ln.line)
                notes.append(current)
                note_size[id(current)] = ln.size or 0
                drop.add(id(ln))
            elif current is not None:
                current.text += " " + text
                drop.add(id(ln))
        if marker is not None:  # a lone number at the foot of the page is no note: keep it
            drop.discard(id(marker))
    return [ln for ln in lines if id(ln) not in drop], notes


def _continued_note(notes: list[Footnote], note_size: dict[int, float], page: int,
                    tail: list[RawLine]) -> Footnote | None:
    """The note a page's small print continues, if it does: Word runs a long footnote on
    at the foot of the next page, without its number.  That is the case when the page's
    small print does not open with a note number, the previous page's foot ended with a
    note, and the lines are set in that note's size (the "Nơi nhận" list of a last page,
    also small print at the foot, is set larger and names itself)."""
    if not tail or not notes or notes[-1].page != page - 1:
        return None
    first = tail[0].text.strip()
    if not first or _FN_START.match(first) or _RECIPIENTS.match(first):
        return None
    size = note_size.get(id(notes[-1]), 0)
    if not size or any(abs((ln.size or 0) - size) > 0.3 for ln in tail):
        return None
    return notes[-1]


#: the recipients' list that closes a document ("Nơi nhận:"), never a note's continuation
_RECIPIENTS = re.compile(r"(?i)^n[ơo]i\s+nh[ậa]n\b")


# --- markers and paragraphs --------------------------------------------------------

@dataclass
class Paragraph:
    """Clean text of one paragraph and where each piece of it came from."""

    text: str = ""
    pieces: list[tuple[int, int, int | None, int]] = field(default_factory=list)  # (start, end, page, line)
    anchors: list[tuple[int, str]] = field(default_factory=list)  # (offset in paragraph, marker)
    role: str = "body"
    column: int = 0
    table: tuple[int, int, int] | None = None
    stacked: bool = False  # a body's name the layout set apart under its parent (:func:`_stacked_body`)

    def add(self, text: str, page: int | None, line: int, sep: str = "") -> None:
        if sep and self.text:
            self.text += sep
            # the separator belongs to the previous piece
            s, e, p, ln = self.pieces[-1]
            self.pieces[-1] = (s, e + len(sep), p, ln)
        start = len(self.text)
        self.text += text
        self.pieces.append((start, len(self.text), page, line))


def strip_markers(line: RawLine) -> tuple[str, list[tuple[int, str]]]:
    """Cut superscript marker digits out of a line; return the text and
    (offset, marker) anchors in the cut text."""
    if not line.superscripts:
        return line.text, []
    out = []
    anchors = []
    pos = 0
    removed = 0
    for a, b in sorted(line.superscripts):
        out.append(line.text[pos:a])
        anchors.append((a - removed, line.text[a:b]))
        removed += b - a
        pos = b
    out.append(line.text[pos:])
    return "".join(out), anchors


_LIST_START = re.compile(
    r"^(?:[-+•*–—▪●○]|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ][).]\s|[IVXLC]{1,6}[.)]\s|\(\d{1,2}\)|[A-ZĐ]\.\s)"
)
_END_SENT = re.compile(r"[.:;!?…]\)?[\"”’]?$|\./\.$")
_CODE_BREAK = re.compile(r"[A-ZĐ0-9&]-$")
#: the longest match of _END_SENT and _CODE_BREAK (both end at the end of the text and
#: look at nothing before their match): a paragraph's end is searched from this far back
_TAIL = 4
_PUNCT_ONLY = re.compile(r"^[.,;:)\]…!?]+$")
_UPPER = re.compile(r"[A-ZĐÀ-Ỹ]")


def _caps_heading(s: str) -> bool:
    """A line set in capitals as a heading: at least three letters among its first eight
    when short, all capitals (digits and punctuation ignored).  (The header parser's
    ``_all_caps`` asks less: two letters, all capitals.)"""
    return s.isupper() and sum(c.isalpha() for c in s[:8]) >= 3 if len(s) < 8 else s.isupper()


def join_paragraphs(lines: list[RawLine], *, wrap: bool = True) -> list[Paragraph]:
    """Undo line wraps.  A line continues the previous one unless it starts a list
    item, follows a sentence end with a capital, changes between capitals-only
    and running text, sits in another column or table cell, or starts indented
    after a sentence end.  With ``wrap=False`` (DOCX) every line is a paragraph."""
    paras: list[Paragraph] = []
    cur: Paragraph | None = None
    prev: RawLine | None = None
    margin = _left_margin(lines)
    right = _right_margin(lines)
    hard = _hard_pattern()
    blank = False
    for ln in lines:
        text, anchors = strip_markers(ln)
        text = text.strip()
        if not text:
            blank = True
            continue
        new = True
        sep = " "
        stacked = False
        if wrap and cur is not None and prev is not None and ln.table is None and prev.table is None:
            p = cur.text.rstrip()
            last = prev.text.strip()
            if ln.column != prev.column:
                new = True
            elif _CODE_BREAK.search(p, len(p) - _TAIL) and _UPPER.match(text):
                new, sep = False, ""
            elif _PUNCT_ONLY.match(text):
                new, sep = False, ""  # "." left alone after a footnote marker at a line end
            elif hard.match(text) or hard.match(last):
                new = True
            elif _LIST_START.match(text):
                new = True
            elif _caps_heading(last) != _caps_heading(text):
                new = True
            elif _caps_heading(last) and len(last) < 45:
                new = True  # stacked header lines, not a wrapped heading
            elif ln.column and _stacked_body(last, text, bolder=prev.bold is False and ln.bold is True):
                new = stacked = True  # a body under its parent in a header column, both in normal case
            elif _END_SENT.search(p, len(p) - _TAIL) and (text[:1].isupper() or text[:1].isdigit() or text[:1] in "(\"“"):
                new = True
            elif blank and text[:1].isupper():
                new = True  # a blank line before a capital: paragraph break (text from PDF)
            elif (prev.x1 is not None and right is not None and prev.size and ln.column == 0
                  and prev.x1 < right - 3 * prev.size and not text[:1].islower()):
                new = True  # previous line stops short of the right margin
            elif (ln.x0 is not None and margin is not None and ln.size and ln.column == 0
                  and ln.x0 - margin > ln.size * 1.5 and _END_SENT.search(p, len(p) - _TAIL)):
                new = True
            else:
                new = False
        blank = False
        if new or cur is None:
            cur = Paragraph(role=ln.role, column=ln.column, table=ln.table, stacked=stacked)
            paras.append(cur)
            sep = ""
        else:
            if cur.text.endswith(" "):
                sep = ""
        base = len(cur.text) + len(sep) if cur.text else 0
        cur.add(text, ln.page, ln.line, sep)
        cur.anchors.extend((base + a, m) for a, m in anchors)
        prev = ln
    return paras


def _stacked_body(last: str, text: str, *, bolder: bool = False) -> bool:
    """Whether ``text``, a line in normal case of a header column (the issuer's block beside
    the motto), names a body of its own under ``last`` ("Công ty Cấp nước Sông Mây" /
    "Xưởng Lọc Bắc") rather than continuing it: it is capitalised as a name is, ``last``
    does not end on a joiner (a comma, a hyphen, "và", "của") that would carry the name on,
    and a cue says it stands on its own: it opens with a body's head word, or the layout
    parts it from ``last`` though its head word is none the rules know ("Quầy …") — it is
    set in bold under a plain line (``bolder``: a wrapped name keeps its weight), or ``last``
    is a body's name that ends where names end, on its number ("… Khu 2", name-end)."""
    pats = layout_patterns()
    if not text[:1].isupper() or _caps_heading(text) or pats["issuer-continuation"].match(text):
        return False
    if last.endswith((",", "-", "–", "&")) or last.casefold().endswith((" và", " của")):
        return False
    if pats["issuer-head"].match(text):
        return True
    return bolder or bool(pats["issuer-head"].match(last) and pats["name-end"].search(last))


def _right_margin(lines: list[RawLine]) -> float | None:
    xs = sorted(ln.x1 for ln in lines if ln.x1 is not None and ln.column == 0)
    return xs[int(len(xs) * 0.9)] if len(xs) >= 5 else None


@lru_cache(maxsize=1)
def _hard_pattern() -> re.Pattern[str]:
    """Lines that always stand alone: motto, own number, place/date, type line,
    Kính gửi, Nơi nhận, signing authority."""
    pats = layout_patterns()
    alts = [pats[k].pattern for k in ("motto", "own-number", "place-date", "doc-type", "recipients", "authority")]
    alts.append(r"^Kính gửi\b")
    return re.compile("|".join(f"(?:{a})" for a in alts))


def _left_margin(lines: list[RawLine]) -> float | None:
    xs = [round(ln.x0) for ln in lines if ln.x0 is not None and ln.column == 0]
    if not xs:
        return None
    common = Counter(xs).most_common(3)
    return float(min(x for x, _ in common))


def stacked_starts(paras: list[Paragraph]) -> list[int]:
    """The offsets in the assembled text (:func:`assemble`) where a paragraph marked
    ``stacked`` starts: bodies the layout set apart under their parent in a header column."""
    out = []
    pos = 0
    for p in paras:
        if p.stacked:
            out.append(pos)
        pos += len(p.text) + 1
    return out


def assemble(paras: list[Paragraph]) -> tuple[str, list[Segment], list[tuple[int, str]]]:
    """Join paragraphs with newlines into the document text, its segment map and
    the absolute offsets of footnote anchors."""
    parts: list[str] = []
    segments: list[Segment] = []
    anchors: list[tuple[int, str]] = []
    pos = 0
    for i, p in enumerate(paras):
        if i:
            parts.append("\n")
            if segments:
                segments[-1].end += 1
            pos += 1
        parts.append(p.text)
        for s, e, page, line in p.pieces:
            segments.append(Segment(pos + s, pos + e, page, line))
        anchors.extend((pos + a, m) for a, m in p.anchors)
        pos += len(p.text)
    return "".join(parts), segments, anchors
