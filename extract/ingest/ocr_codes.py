"""Document codes on a scan (``59-CV/BCĐ``, ``05/HD-MTTW-BTT``), read a second time
before they are trusted.

Tesseract reads a code as one word, and two ways of misreading one leave no trace in
the text: a letter of a run of the same capital repeated ("BTT" read "BTTT", "ĐĐN" read
"ĐĐĐN" — its recogniser stutters on identical glyphs side by side) and, with a low
confidence, letters and digits swapped for others ("59-CV/BCĐ" read "39-CV/BCPĐ" at 18).
No rule over the text can tell "BTTT" from a real unit code (``BTTTT`` is one), so such a
word is *read again*, as the digits of a date are (extract.ingest.ocr_digits, whose crops
and tesseract run it shares): every word shaped like a code — a numeral, then ``/`` or
``-``, then capitals — that is *suspect*:

* a capital three times in a row in it (a stutter, or a real code: the second reading says); or
* its confidence is below :data:`SUSPECT_CONF`;

is cut out with its neighbours on the line, scaled up and read again.  The second
reading is the crop's word nearest to the first.  Equal to the first, it confirms it (a
word suspect for its confidence gets :data:`SUSPECT_CONF`).  A different one replaces the
first only when it is confident (≥ :data:`TAKE_CONF`), is itself shaped like a code with
the same separators in the same order, and is as confident as the first reading or more;
otherwise the word keeps its first text with its confidence lowered to
:data:`MARK_CONF` — the reference read from it carries that ``ocr_confidence``, and a
check on it is at most a warning.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz.distance import Levenshtein

from extract.ingest import ocr_digits

if TYPE_CHECKING:
    import numpy as np

__all__ = ["suspects", "decide", "reread"]

SUSPECT_CONF = ocr_digits.SUSPECT_CONF
TAKE_CONF = ocr_digits.TAKE_CONF
MARK_CONF = ocr_digits.MARK_CONF
_EDGE = "()[].,;:\"“”'"
_SEG = r"(?:TTg|TTr|[A-ZĐ0-9][A-ZĐ0-9&]*)"
#: a word shaped like a code: a numeral, "/" or "-", then segments of capitals and digits
_CODE = re.compile(rf"^\d{{1,6}}(?:\.\d{{1,2}})?(?:[/-]{_SEG})+$")
#: the code a word begins with, before what follows it unspaced that is no letter
#: ("2775/SNV-CCHC" of an e-signature's "2775/SNV-CCHC&amp;VTLT;"; a letter glued to a
#: code, "442/QĐ-TTự", may be a misread part of it, and the word is compared whole)
_CODE_HEAD = re.compile(rf"^\d{{1,6}}(?:\.\d{{1,2}})?(?:[/-]{_SEG})+(?<!&)(?![^\W\d_])")
#: a part of a code as tesseract may cut it into words ("05/HD-" and "MTTW-BTTT"): capitals
#: and digits with a separator
_PART = re.compile(rf"^-?{_SEG}(?:[/-]{_SEG})+-?$")
_TRIPLE = re.compile(r"([A-ZĐ])\1\1")
_ROMAN = re.compile(r"^[IVXLC]+$")


def _stutter(core: str) -> bool:
    """A capital three times in a row in a segment of ``core`` that is no Roman numeral
    ("III/2025" is a quarter)."""
    return any(_TRIPLE.search(seg) and not _ROMAN.match(seg) for seg in re.split(r"[/-]", core))


_LOOKALIKE = str.maketrans({"Ð": "Đ", "Ɖ": "Đ"})


def _core(text: str) -> str:
    """A word without its edge punctuation, the look-alikes of Đ as Đ (extract.ingest.ocr
    repairs them in the text later), and when it begins with a code, that code alone."""
    core = text.strip(_EDGE).translate(_LOOKALIKE)
    m = _CODE_HEAD.match(core)
    return m.group(0) if m else core


def _shape(code: str) -> str:
    return re.sub(r"[^/-]", "", code)


def is_code(text: str) -> bool:
    """``text`` (edge punctuation aside) is shaped like a document code."""
    core = _core(text)
    return bool(_CODE.match(core)) and any(c.isalpha() for c in core)


@dataclass
class CodeSuspect(ocr_digits.Suspect):
    left: str = ""  # the words on either side of it in its crop, as first read
    right: str = ""


def suspects(rows: list[list[str]]) -> list[CodeSuspect]:
    """The code words of a page's TSV rows to read again (see the module's docstring),
    each with the crop of its line around it (its neighbouring words)."""
    lines: dict[tuple[str, str, str], list[int]] = {}
    for i, f in enumerate(rows[1:], 1):
        if len(f) >= 12 and f[0] == "5" and f[11].strip():
            lines.setdefault((f[2], f[3], f[4]), []).append(i)
    out: list[CodeSuspect] = []
    for idx in lines.values():
        for k, i in enumerate(idx):
            f = rows[i]
            text = f[11].strip()
            conf = float(f[10])
            core = _core(text)
            why = ("repeat" if _stutter(core) and (is_code(core) or _PART.match(core))
                   else "confidence" if conf < SUSPECT_CONF and is_code(core) else "")
            if not why:
                continue
            x, y, w, h = (int(float(v)) for v in f[6:10])
            near = idx[max(0, k - 1):k + 2]
            left = int(rows[idx[k - 1]][6]) if k > 0 else max(0, x - h)
            right = int(rows[idx[k + 1]][6]) + int(rows[idx[k + 1]][8]) if k + 1 < len(idx) else x + w + h
            top = min(int(rows[j][7]) for j in near)
            bottom = max(int(rows[j][7]) + int(rows[j][9]) for j in near)
            pad = max(2, h // 10)
            s = CodeSuspect(i, text, conf, max(0, left - pad), max(0, top - pad), right + pad, bottom + pad, why,
                            left=rows[idx[k - 1]][11].strip() if k > 0 else "",
                            right=rows[idx[k + 1]][11].strip() if k + 1 < len(idx) else "")
            s.h = h
            out.append(s)
    return out


#: each suspect's crop is read at these scales (one tesseract run for all): two more
#: readings, so that a change takes two readings of three
SCALES = (1, 2)


def crops(page: np.ndarray, sus: list[CodeSuspect]) -> list[np.ndarray]:
    """Per suspect, its crop at each of :data:`SCALES`, with a white border."""
    return [ocr_digits.framed_crop(page, s.x0, s.y0, s.x1, s.y1, k) for s in sus for k in SCALES]


def _own(s: CodeSuspect, text: str) -> str:
    """The part of a word read in the crop that is the suspect's own: a neighbour the
    second reading glued to it ("05/HD-" + "MTTW-BTTT" read as one word) cut off."""
    word = text.strip(_EDGE).translate(_LOOKALIKE)
    first = s.text.strip(_EDGE).translate(_LOOKALIKE)
    left, right = (w.strip(_EDGE).translate(_LOOKALIKE) for w in (s.left, s.right))
    if left and word.startswith(left) and len(word) > len(left) and not first.startswith(left):
        word = word[len(left):]
    if right and word.endswith(right) and len(word) > len(right) and not first.endswith(right):
        word = word[:-len(right)]
    return _core(word)


def readings(tsv: str, sus: list[CodeSuspect]) -> list[list[tuple[str, float]]]:
    """Per suspect, its readings in its crops (``page_num`` n for the n-th crop): in each,
    the word nearest to the first reading (its own part, :func:`_own`), with its confidence."""
    crop: list[list[tuple[str, float]]] = [[] for _ in range(len(sus) * len(SCALES))]
    for f in ocr_digits._rows(tsv)[1:]:
        if len(f) < 12 or f[0] != "5" or not f[11].strip() or not 1 <= int(f[1]) <= len(crop):
            continue
        crop[int(f[1]) - 1].append((f[11].strip(), float(f[10])))
    out: list[list[tuple[str, float]]] = []
    for n, s in enumerate(sus):
        first = _core(s.text)
        got = []
        for words in crop[n * len(SCALES):(n + 1) * len(SCALES)]:
            cands = [(_own(s, t), c) for t, c in words]
            cands = [(t, c) for t, c in cands if is_code(t) or _PART.match(t)]
            if cands:
                got.append(min(cands, key=lambda tc: Levenshtein.distance(tc[0], first)))
        out.append(got)
    return out


def decide(s: ocr_digits.Suspect, second: list[tuple[str, float]]) -> tuple[str, float]:
    """The word's text and confidence after it was read again (see the module's docstring)."""
    core0 = _core(s.text)
    texts = [t for t, _ in second]
    if len(second) == len(SCALES) and len(set(texts)) == 1 and texts[0] != core0 \
            and _shape(texts[0]) == _shape(core0):
        # two readings of three against the first: they replace it
        start = s.text.translate(_LOOKALIKE).index(core0)
        return s.text[:start] + texts[0] + s.text[start + len(core0):], max(c for _, c in second)
    agree = [c for t, c in second if t == core0]
    if agree:  # read so again: confirmed
        return s.text, max(s.conf, min(max(agree), SUSPECT_CONF)) if s.why == "confidence" else s.conf
    if s.why == "confidence" and all(c < s.conf for _, c in second):
        return s.text, s.conf  # nothing read again, or only less surely: no evidence either way
    # every other reading differs, and they do not agree on one text: the word is not trusted
    return s.text, min(s.conf, MARK_CONF)


def reread(tsv: str, page: np.ndarray, run: Callable[[list[np.ndarray]], str]) -> str:
    """The page's TSV with its suspect code words read again by ``run`` (a function that
    OCRs a list of images into one TSV, the n-th image as page n), rewritten or marked."""
    rows = ocr_digits._rows(tsv)
    sus = suspects(rows)
    if not sus:
        return tsv
    H, W = page.shape
    for s in sus:
        s.x1, s.y1 = min(W, s.x1), min(H, s.y1)
    second = readings(run(crops(page, sus)), sus)
    for s, r in zip(sus, second):
        ocr_digits.set_word(rows, s.row, *decide(s, r))
    return ocr_digits.tsv_text(rows)
