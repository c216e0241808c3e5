"""Digits of dates and figures on a scan, read a second time before they are trusted.

Tesseract reads a word of digits as a whole and may return it with a high confidence
and one digit short ("29" as "2", the other digit dropped) or one digit swapped for its
look-alike ("25/04" as "23/04").  A date or a figure read so is silently wrong.  So every
word of a page whose content is digits and date or number separators (``29``,
``25/04/2011``, ``1.274``, ``12,5%``) and that is *suspect* is read again:

* its confidence is below :data:`SUSPECT_CONF`; or
* it is digits only and its box does not fit them: the box's width against the width
  the text would take at the page's digit width (a two-digit box read as one digit;
  words with separators are left to the other signs, their widths vary too much from
  font to font); or
* ink no word covers lies just beside it on its line (a digit tesseract dropped); or
* it is the day or the month of a date (``29/4``, ``25/04/2011``, the number after
  "ngày" or "tháng"): a look-alike digit there ("25" read "23") leaves no other trace, so
  every one is read twice; or
* it was mended from letters that look like digits (:func:`mend_lookalikes`: ``l1`` →
  ``11``, ``0l`` → ``01``, and where only a day or month can stand ``0T`` → ``01``,
  ``L0`` → ``10``): mended at :data:`MENDED_CONF`, under the 85 a figure is trusted at,
  and trusted only when the second reading agrees; or
* its grouping is impossible (``1.23.456``, ``12.345,6,7``: a digit of a group dropped or
  a separator misread; :func:`impossible_grouping`): read again, and set right only by a
  confident reading of a possible shape, else marked; or
* it is the raised mark that begins a line, set smaller than the line (a footnote's
  number at the foot of the page, read as ``*``, ``!`` or ``*%``): a second reading of
  digits only, made with confidence, replaces it; any other leaves it as it was (a mark
  is no figure: nothing is silently wrong).

The suspects are cut out of the page with their neighbouring words (the reader needs
their context: a lone digit is read worse than a digit in a line), scaled up
(:data:`UPSCALE`) and read by one more tesseract run per page, each crop a page of its
own (an image list, ``--psm 6``).  Measured on 82 suspects of real and noisy tuning pages,
that agreed most often with the first reading (71, against 63–68 for the crops stacked
into one image at psm 4 or 6, or read at psm 7, at 2–3×), at the lowest cost; a digits
whitelist (``tessedit_char_whitelist``, which tesseract 5's LSTM honours) gave
confidences of 0 on readings that were right, so none is used: letters beside a digit
that look like one ("l2") are taken as the digit instead.
A second reading equal to the first confirms it (a word suspect for its confidence then
gets :data:`SUSPECT_CONF`); none at all leaves it as it was, unless its box was what made it
suspect.
One that is a part of the first ("202" for "2021": the crop cut the word or glued a digit
to a neighbour) says nothing against it, nor does an unsure one (below :data:`TAKE_CONF`)
against a day or month read with confidence and a box that fits.  A different one replaces the first only when
it is as confident (≥ :data:`TAKE_CONF`), keeps the word's shape (its separators), is
not shorter (the shape to mend is a digit dropped) and fits the box better; else the word keeps
its first text with its confidence lowered to :data:`MARK_CONF`, so the date or figure read
from it carries a low ``ocr_confidence`` (extract.find.ocr_confidence) and a check on it
is at most a warning.  Pure numpy besides the tesseract run; the words are rewritten in
the page's TSV, which is what the OCR cache keeps.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extract.core.numbers import DOTTED_DATE, try_parse

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Suspect", "suspects", "crops", "readings", "decide", "reread", "set_word", "tsv_text"]

#: a digit word below this confidence is read again
SUSPECT_CONF = 93.0
#: a second reading that differs replaces the first only at this confidence or above
TAKE_CONF = 90.0
#: the confidence a word keeps when its two readings disagree (below the 85 under which
#: a date or figure is not trusted for an error)
MARK_CONF = 50.0
#: the crops are scaled up by this factor before the second reading
UPSCALE = 2
#: the confidence of a word mended from digit look-alikes before its second reading (under
#: the 85 a figure is trusted at: an unconfirmed mending stays marked)
MENDED_CONF = 80.0
#: a raised mark that begins a line is read again when its box is at most this share of
#: the height of the line's other words
MARK_HEIGHT = 0.7
#: a raised mark's crop: this many white pixels around its box, scaled up this many times
MARK_PAD = 6
MARK_UPSCALE = 3
#: a word whose box is this much wider or narrower than its text is suspect
WIDTH_TOLERANCE = 0.6  # in digit widths
_DIGIT_RUN = re.compile(r"\d[\d/.,%-]*\d%?|\d%?")
_WORD = re.compile(r"^[(\[]?(\d[\d/.,%-]*\d|\d)[%)\].,;:]*$")
#: the width of a character in digit widths (Times-like print)
_CHAR_W = {"/": 0.55, ".": 0.45, ",": 0.45, "-": 0.6, "%": 1.6, "(": 0.6, ")": 0.6, ";": 0.45, ":": 0.45,
           "[": 0.6, "]": 0.6}


@dataclass
class Suspect:
    row: int  # index of the word's row in the TSV's lines
    text: str
    conf: float
    x0: int
    y0: int
    x1: int
    y1: int
    why: str
    ink: int = 0  # the width of the ink in the word's span, in pixels
    h: int = 0  # the height of the word's box
    wx0: int = 0  # the word's span on the page: from its left neighbour's end …
    wx1: int = 0  # … to its right neighbour's start
    before: int = 0  # runs of digits in the crop before the word's own (its left neighbour's)
    expect: int = 0  # runs of digits in the whole crop (its neighbours' and its own)
    scale: int = 0  # the crop's upscale (0: UPSCALE)


def _width(text: str) -> float:
    return sum(_CHAR_W.get(c, 1.0) for c in text)


def _rows(tsv: str) -> list[list[str]]:
    return [r.split("\t") for r in tsv.splitlines()]


def tsv_text(rows: list[list[str]]) -> str:
    """The TSV of ``rows`` (as :func:`_rows` split it)."""
    return "\n".join("\t".join(f) for f in rows) + "\n"


def set_word(rows: list[list[str]], row: int, text: str, conf: float) -> None:
    """A second reading's decision written into the TSV row of its word."""
    rows[row][10] = f"{conf:.6f}"
    rows[row][11] = text


def digit_width(rows: list[list[str]]) -> float | None:
    """The page's digit width as a share of a digit word's box height: the median over
    the confidently read words of two digits or more (so small print, a footer or the
    list of recipients, is measured by its own size)."""
    ws = sorted(float(f[8]) / float(f[9]) / _width(f[11].strip()) for f in rows[1:]
                if len(f) >= 12 and f[0] == "5" and f[11].strip().isdigit() and float(f[10]) >= 90
                and len(f[11].strip()) >= 2 and float(f[9]) > 0)
    return ws[len(ws) // 2] if len(ws) >= 3 else None


def digit_height(rows: list[list[str]]) -> float | None:
    """The median box height of the page's confidently read digit words of two digits or more."""
    hs = sorted(float(f[9]) for f in rows[1:]
                if len(f) >= 12 and f[0] == "5" and f[11].strip().isdigit() and float(f[10]) >= 90
                and len(f[11].strip()) >= 2)
    return hs[len(hs) // 2] if len(hs) >= 3 else None


#: a digit word's box this many times the page's digit height holds more than its digits
TALL = 1.3
#: a grey level below this is ink (the crops' and the neighbours' tests)
INK = 140


def suspects(tsv: str, page: np.ndarray, ink: int = INK) -> list[Suspect]:
    """The digit words of a page's TSV to read again (see the module's docstring)."""
    rows = _rows(tsv)
    mend_lookalikes(rows)
    return _suspects(rows, digit_width(rows), page, ink)


#: letters tesseract gives for a digit inside a number (l, I for 1; O, o for 0): a word
#: of digits and these, with one between two digits, is a number in any Vietnamese text
#: ("2O21"); at a word's edge only in a day or month ("tháng l1"): in a table, a rule
#: beside a number is read as such a letter ("220|", "220l").  "|" is always a rule
_LOOK = {"l": "1", "I": "1", "O": "0", "o": "0"}
#: … and, in a day or a month (after "ngày" or "tháng", before "tháng" or "năm"), a
#: capital L or T for the 1 of a serif or italic face ("ngày 0T tháng 0l", "ngày L0"): a
#: capital before digits elsewhere is a code's ("tầng T1", "lô L10")
_LOOK_DATE = {**_LOOK, "L": "1", "T": "1"}
_EDGE = "()[].,;:"


def _mended(text: str, prev: str, nxt: str) -> str | None:
    """``text`` with its digit look-alikes as digits, or None when it is no such word."""
    core = text.strip(_EDGE)
    if not core or not any(c.isdigit() for c in core) or core.isdigit():
        return None
    dated = prev.lower() in ("ngày", "tháng") or nxt.lower() in ("tháng", "năm")
    table = _LOOK_DATE if dated and len(core) <= 2 else _LOOK
    if not dated and (core[0] in table or core[-1] in table):
        return None  # a letter at the edge, outside a date: a rule's, or a code's
    if not any(c in table for c in core) or not all(
            c.isdigit() or c in table or (c in "./," and 0 < i < len(core) - 1) for i, c in enumerate(core)):
        return None
    digits = "".join(table.get(c, c) for c in core)
    if dated and len(digits) <= 2 and not 1 <= int(digits) <= (12 if prev.lower() == "tháng" else 31):
        return None
    start = text.index(core)
    return text[:start] + digits + text[start + len(core):]


def mend_lookalikes(rows: list[list[str]]) -> int:
    """Rewrite, in place, the words of a page's TSV rows that are numbers with letters
    looking like digits (see :data:`_LOOK`, :data:`_LOOK_DATE`) as digits, at
    :data:`MENDED_CONF` at most; the number of words mended."""
    lines: dict[tuple[str, str, str, str], list[int]] = {}
    for i, f in enumerate(rows[1:], 1):
        if len(f) >= 12 and f[0] == "5" and f[11].strip():
            lines.setdefault((f[1], f[2], f[3], f[4]), []).append(i)
    n = 0
    for idx in lines.values():
        words = [rows[i][11].strip() for i in idx]
        for k, i in enumerate(idx):
            fixed = _mended(words[k], words[k - 1] if k else "", words[k + 1] if k + 1 < len(words) else "")
            if fixed is not None:
                rows[i][11] = fixed
                rows[i][10] = f"{min(float(rows[i][10]), MENDED_CONF):.6f}"
                n += 1
    return n


#: what tesseract gives for a raised footnote number it cannot read as digits
_MARK = re.compile(r"^[*!%'\"`^°’”“‘¹²³⁰-⁹]{1,3}$")


_STROKE = ("!", "|", "'", "’")


def _mark(rows: list[list[str]], idx: list[int], k: int) -> bool:
    """``rows[idx[k]]`` is a raised mark beginning its line, smaller than the line's
    other words (a footnote's number read as a sign)."""
    if k != 0 or len(idx) < 3 or not _MARK.match(rows[idx[0]][11].strip()):
        return False
    h = float(rows[idx[0]][9])
    others = sorted(float(rows[j][9]) for j in idx[1:])
    return h <= MARK_HEIGHT * others[len(others) // 2]


def _inked(page: np.ndarray, y: int, h: int, a: int, b: int, ink: int) -> bool:
    """Ink in at least 3 pixel columns of the band [a, b) of the line's rows, a table's
    rule left out (:func:`rule_columns`)."""
    H = page.shape[0]
    if b - a <= 2:
        return False
    cols = (page[max(0, y):min(H, y + h), a:b] < ink).any(axis=0) & ~rule_columns(page, y, h, a, b, ink)
    return int(cols.sum()) >= 3


def rule_columns(page: np.ndarray, y: int, h: int, a: int, b: int, ink: int = INK) -> np.ndarray:
    """Per pixel column of [a, b), whether it is a table's rule: inked along nine tenths of
    a band half a line taller than the line above and below (no digit reaches so far; a
    vertical rule crosses it).  A rule touching a number is no digit tesseract dropped, and
    no part of the number's width."""
    import numpy as np  # heavy: loaded when a scan is read

    H = page.shape[0]
    band = page[max(0, y - h // 2):min(H, y + h + h // 2), max(0, a):b] < ink
    if band.shape[0] == 0:
        return np.zeros(max(0, b - max(0, a)), dtype=bool)
    return band.sum(axis=0) >= 0.9 * band.shape[0]


def _suspects(rows: list[list[str]], ratio: float | None, page: np.ndarray, ink: int) -> list[Suspect]:
    import numpy as np  # heavy: loaded when a scan is read

    lines: dict[tuple[str, str, str], list[int]] = {}
    for i, f in enumerate(rows[1:], 1):
        if len(f) >= 12 and f[0] == "5" and f[11].strip():
            lines.setdefault((f[2], f[3], f[4]), []).append(i)
    out: list[Suspect] = []
    H, W = page.shape
    tall = digit_height(rows)
    for idx in lines.values():
        for k, i in enumerate(idx):
            f = rows[i]
            text = f[11].strip()
            if _mark(rows, idx, k):
                out.append(_mark_suspect(rows, idx, i, page))
                continue
            if not _WORD.match(text):
                continue
            x, y, w, h = (int(float(v)) for v in f[6:10])
            # the digits' own height, for the decision (not for the signs above: a tall box
            # is a sign of its own): a box taller than the page's digits may hold a mark of
            # the line above or below
            h_digits = h
            if tall and h > TALL * tall:
                h_ink = ink_height(page, x, y, w, h, ink)
                h_digits = h_ink if h_ink >= 0.7 * tall else h
            conf = float(f[10])
            dw = ratio * h if ratio else None
            why = ""
            if impossible_grouping(text):
                why = "shape"
            elif conf < SUSPECT_CONF:
                why = "confidence"
            elif dw and text.strip("()[].,;:%").isdigit() and abs(w / dw - _width(text)) > WIDTH_TOLERANCE:
                why = "width"
            else:
                # ink just right of the word that no word covers: a dropped digit
                right = int(rows[idx[k + 1]][6]) if k + 1 < len(idx) else W
                left = int(rows[idx[k - 1]][6]) + int(rows[idx[k - 1]][8]) if k > 0 else 0
                beside = int(1.2 * (dw or h * 0.5))
                if (_inked(page, y, h, x + w + 2, min(right - 2, x + w + beside), ink)
                        or _inked(page, y, h, max(left + 2, x - beside), x - 2, ink)):
                    why = "ink beside"
            if not why and _is_date_part(text, [rows[j][11].strip() for j in idx], k):
                why = "date"  # a day or month is read twice whatever its confidence
            if not why:
                continue
            # the crop holds the word between its neighbours on the line (the reader
            # needs their context: a lone digit is read worse than a digit in a line)
            reach = int(1.5 * (dw or h * 0.5))
            left = int(rows[idx[k - 1]][6]) if k > 0 else max(0, x - reach)
            right = int(rows[idx[k + 1]][6]) + int(rows[idx[k + 1]][8]) if k + 1 < len(idx) else min(W, x + w + reach)
            ys = [int(rows[j][7]) for j in idx[max(0, k - 1):k + 2]]
            ye = [int(rows[j][7]) + int(rows[j][9]) for j in idx[max(0, k - 1):k + 2]]
            pad = max(2, h // 10)  # little: the next line's accents in the crop make the reader see a line more
            s = Suspect(i, text, conf, max(0, left - pad), max(0, min(ys) - pad), min(W, right + pad),
                        min(H, max(ye) + pad), why)
            # the word's own span: to its neighbours' edges, where a dropped digit would be
            prev_end = int(rows[idx[k - 1]][6]) + int(rows[idx[k - 1]][8]) if k > 0 else x - reach
            next_start = int(rows[idx[k + 1]][6]) if k + 1 < len(idx) else x + w + reach
            s.h = h_digits
            near = [rows[j][11].strip() for j in idx[max(0, k - 1):k + 2]]
            s.before = len(_DIGIT_RUN.findall(rows[idx[k - 1]][11])) if k > 0 else 0
            s.expect = sum(len(_DIGIT_RUN.findall(t)) for t in near)
            s.wx0, s.wx1 = max(prev_end + 1, x - reach), min(next_start - 1, x + w + reach)
            cols = np.nonzero((page[y:y + h, s.wx0:s.wx1] < ink).any(axis=0)
                              & ~rule_columns(page, y, h, s.wx0, s.wx1, ink))[0]
            s.ink = int(cols[-1] - cols[0] + 1) if len(cols) else w
            out.append(s)
    return out


_PHONE = re.compile(r"^0\d{2,4}([.\s]\d{2,4}){1,3}$")


def impossible_grouping(text: str) -> bool:
    """A number whose separators no report writes (``1.23.456``: a group of three digits
    beside one of two; ``1.234,5,6``): :func:`extract.core.numbers.parse_number` refuses
    it, and it is no heading number (``1.2.3``: groups of one or two digits), dotted date
    (``25.04.2011``) or telephone number (``0258.3822.111``)."""
    core = text.strip(_EDGE + "%")
    if core.count(".") + core.count(",") < 2 or "/" in core or "-" in core:
        return False
    if try_parse(core) is not None or DOTTED_DATE.fullmatch(core) or _PHONE.match(core):
        return False
    return not all(len(g) <= 2 for g in re.split(r"[.,]", core))


def _mark_suspect(rows: list[list[str]], idx: list[int], i: int, page: np.ndarray) -> Suspect:
    """The crop of a raised mark beginning a line: the mark alone with a little white
    around it, scaled up :data:`MARK_UPSCALE` times (to the size of the line's digits at
    the usual :data:`UPSCALE`; read with its line's words, or cut close, the raised digits
    of a footnote's number come back as signs, "*" for "42")."""
    H, W = page.shape
    x, y, w, h = (int(float(v)) for v in rows[i][6:10])
    s = Suspect(i, rows[i][11].strip(), float(rows[i][10]), max(0, x - MARK_PAD), max(0, y - MARK_PAD),
                min(W, x + w + MARK_PAD), min(H, y + h + MARK_PAD), "mark", ink=w, h=h, scale=MARK_UPSCALE)
    s.wx0, s.wx1 = s.x0, s.x1
    s.before, s.expect = 0, 1
    return s


def ink_height(page: np.ndarray, x: int, y: int, w: int, h: int, ink: int = INK) -> int:
    """The height of a word's digits: its box's inked rows less a small mark at the top
    or the bottom set apart by white (a run of at most :data:`EDGE_MARK` of the box's
    height, after a white gap of at least an eighth of it).  A box that reaches down to
    an accent of the next line, or up to one of the line above, holds that mark too:
    measured by the box, the digits would seem taller, their expected width wider, and a
    reading with the digit tesseract dropped would seem not to fit it.  Strokes of a
    faint scan broken by white are no marks: they are not small, or not at an edge."""
    import numpy as np  # heavy: loaded when a scan is read

    rows = np.nonzero((page[max(0, y):y + h, max(0, x):x + w] < ink).any(axis=1))[0]
    if len(rows) == 0:
        return h
    gap = max(2, h // 8)
    runs: list[list[int]] = [[int(rows[0]), int(rows[0])]]
    for r in rows[1:]:
        if r - runs[-1][1] > gap:
            runs.append([int(r), int(r)])
        else:
            runs[-1][1] = int(r)
    small = EDGE_MARK * h
    while len(runs) > 1 and runs[-1][1] - runs[-1][0] + 1 <= small:
        runs.pop()
    while len(runs) > 1 and runs[0][1] - runs[0][0] + 1 <= small:
        runs.pop(0)
    return min(h, runs[-1][1] - runs[0][0] + 1) if len(runs) < 3 else h


#: the most of a digit word's box height a mark at its edge takes (:func:`ink_height`)
EDGE_MARK = 0.35


_DMY = re.compile(r"^\(?\d{1,2}/\d{1,2}(?:/\d{2,4})?[.,;:)]*$")


def _is_date_part(text: str, line: list[str], k: int) -> bool:
    """``line[k]`` is a day or month of a date: "25/04/2011", "29/4", or the number after
    "ngày" or "tháng" ("ngày 29 tháng 4")."""
    if _DMY.match(text):
        return True
    core = text.strip(".,;:()")
    return core.isdigit() and len(core) <= 2 and k > 0 and line[k - 1].lower() in ("ngày", "tháng")


#: white pixels around each crop
BORDER = 20


def framed_crop(page: np.ndarray, x0: int, y0: int, x1: int, y1: int, scale: int) -> np.ndarray:
    """The box (x0, y0)–(x1, y1) of the page, scaled up ``scale`` times (bicubic), with a
    white border of :data:`BORDER` pixels: an image tesseract reads as a page of its own."""
    import numpy as np  # heavy: loaded when a scan is read
    from PIL import Image

    c = np.asarray(Image.fromarray(page[y0:y1, x0:x1]).resize(
        ((x1 - x0) * scale, (y1 - y0) * scale), Image.Resampling.BICUBIC))
    framed = np.full((c.shape[0] + 2 * BORDER, c.shape[1] + 2 * BORDER), 255, dtype=np.uint8)
    framed[BORDER:BORDER + c.shape[0], BORDER:BORDER + c.shape[1]] = c
    return framed


def crops(page: np.ndarray, sus: list[Suspect]) -> list[np.ndarray]:
    """The suspects' crops, scaled up by :data:`UPSCALE`, each with a white border."""
    return [framed_crop(page, s.x0, s.y0, s.x1, s.y1, s.scale or UPSCALE) for s in sus]


def readings(tsv: str, sus: list[Suspect]) -> list[tuple[str, float] | None]:
    """Per suspect, its second reading and its confidence, from the TSV of its crop
    (``page_num`` n for the n-th crop): when the crop reads with as many runs of digits
    as the first reading had there (the word's and its neighbours'), the run in the
    word's place; else the digits of the words read whose left edge lies in the word's span."""
    crop: list[list[tuple[int, str, float]]] = [[] for _ in sus]
    for f in _rows(tsv)[1:]:
        if len(f) < 12 or f[0] != "5" or not f[11].strip() or not 1 <= int(f[1]) <= len(sus):
            continue
        crop[int(f[1]) - 1].append((int(f[6]), _digits_for_lookalikes(f[11].strip()), float(f[10])))
    out: list[tuple[str, float] | None] = []
    for s, words in zip(sus, crop):
        words.sort()
        runs = [(m.group(0), c) for _, t, c in words for m in _DIGIT_RUN.finditer(t)]
        if len(runs) == s.expect and s.expect > s.before:
            out.append(runs[s.before])
            continue
        mine = [(t, c) for x, t, c in words if s.wx0 <= s.x0 + (x - BORDER) / (s.scale or UPSCALE) + 1 < s.wx1]
        # the digits and separators of what was read there (a neighbour's letters the
        # reader glued to the word, "Điều7,", are no part of it)
        found = _DIGIT_RUN.findall("".join(t for t, _ in mine))
        out.append((max(found, key=len), min(c for _, c in mine)) if found else None)
    return out


_ONE = re.compile(r"(?<=\d)[lI|]|[lI|](?=\d)")
_ZERO = re.compile(r"(?<=\d)[Oo]|[Oo](?=\d)")


def _digits_for_lookalikes(text: str) -> str:
    """Letters beside a digit that are a digit's look-alikes, as the digit: an italic
    "12" is often read "l2" (l, I, | → 1; O, o → 0)."""
    return _ZERO.sub("0", _ONE.sub("1", text)) if any(c.isdigit() for c in text) else text


def _shape(text: str) -> str:
    """The separators of a word, in order (``25/04/2011`` → ``//``)."""
    return re.sub(r"\d+", "", text.strip("()[].,;:"))


def _date_ok(text: str) -> bool:
    """A day/month/year word names a day that can exist (a day ≤ 31, a month ≤ 12)."""
    parts = text.strip("()[].,;:").split("/")
    if len(parts) < 2 or not all(p.isdigit() for p in parts):
        return True
    return 1 <= int(parts[0]) <= 31 and 1 <= int(parts[1]) <= 12


def decide(s: Suspect, second: tuple[str, float] | None, ratio: float | None) -> tuple[str, float]:
    """The word's text and confidence after its second reading (see the module's docstring)."""
    if s.why == "shape":
        # an impossible number: only a confident reading of a possible one, with the
        # same separators and no digit less, sets it right
        if second is not None and second[1] >= TAKE_CONF and not impossible_grouping(second[0]) \
                and _shape(second[0]) == _shape(s.text) and 0 <= len(second[0]) - len(s.text.strip("()[].,;:%")) <= 1:
            start = s.text.index(s.text.strip("()[].,;:%"))
            core0 = s.text.strip("()[].,;:%")
            return s.text[:start] + second[0].strip("()[].,;:%") + s.text[start + len(core0):], second[1]
        return s.text, min(s.conf, MARK_CONF)
    if s.why == "mark":
        # a mark is no figure: only digits read with confidence replace it; a lone stroke
        # ("!", "|") that is not read again as a sign is the raised 1 it looks like, marked
        if second is not None and second[0].isdigit() and len(second[0]) <= 3 and second[1] >= TAKE_CONF:
            return second
        if s.text in _STROKE and (second is None or second[0].isdigit()):
            return "1", min(s.conf, MENDED_CONF)
        return s.text, s.conf
    if second is None:  # nothing read there: evidence against the first reading only if its box was wrong
        return s.text, min(s.conf, MARK_CONF) if s.why in ("width", "ink beside") else s.conf
    text, conf = second
    dw = ratio * s.h if ratio else None
    core0, core1 = s.text.strip("()[].,;:%"), text.strip("()[].,;:%")
    if core1 == core0:
        return s.text, max(s.conf, min(conf, SUSPECT_CONF)) if s.why == "confidence" else s.conf
    if core1 and core1 in core0:
        # a part of the first reading: the crop showed the reader less of the word (its
        # edge cut, a digit glued to a neighbour), which says nothing against it
        return s.text, s.conf
    if s.why == "date" and conf < TAKE_CONF:
        # a confident first reading whose box fits, against an unsure second: no evidence
        return s.text, s.conf
    if not core1 or conf < TAKE_CONF or _shape(core1) != _shape(core0) or not _date_ok(core1) \
            or not 0 <= len(core1) - len(core0) <= 1:
        return s.text, min(s.conf, MARK_CONF)
    fits = None
    if dw:
        fits = abs(s.ink / dw - _width(core1)) < abs(s.ink / dw - _width(core0))
    if not (fits or (fits is None and conf > s.conf) or (conf > s.conf and len(core1) == len(core0))):
        return s.text, min(s.conf, MARK_CONF)
    # the first text with its edge punctuation, the digits of the second
    start = s.text.index(core0)
    return s.text[:start] + core1 + s.text[start + len(core0):], conf


def reread(tsv: str, page: np.ndarray, run: Callable[[list[np.ndarray]], str]) -> str:
    """The page's TSV with its suspect digit words read again by ``run`` (a function that
    OCRs a list of images into one TSV, the n-th image as page n) and rewritten or marked."""
    rows = _rows(tsv)
    mended = mend_lookalikes(rows)
    ratio = digit_width(rows)
    sus = _suspects(rows, ratio, page, INK)
    if not sus:
        return tsv_text(rows) if mended else tsv
    second = readings(run(crops(page, sus)), sus)
    for s, r in zip(sus, second):
        set_word(rows, s.row, *decide(s, r, ratio))
    return tsv_text(rows)
