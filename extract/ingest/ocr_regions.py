"""Text that tesseract's page segmentation left out, found from the ink and read again.

At ``--psm 3`` tesseract lays the page out first and recognises only the blocks it took
for text: a signer's name under a stamp, a line beside a signature or a logo, sometimes
a whole paragraph, is classed as part of an image and never read.  This guard looks at
the page itself: the ink (dark pixels) that no recognised word box covers is split into
connected components; components of a letter's size set side by side make a text-line
candidate (a stamp's ring, a signature's strokes and rules are too large or too thin to
be letters).  The candidates are cut out of the page (with every recognised word
painted white, so nothing is read twice), stacked into one image and read by one more
tesseract run (``--psm 6``); a line it reads with good confidence is added to the page's
TSV as a block of its own, with its words' boxes in page coordinates, and finds its place
in the reading order like any other line (extract.ingest.ocr._parse_tsv).

A line read again whose ink is mostly red or blue (a stamp: its ring's letters, its name) is
dropped (:func:`drop_coloured`, on a colour render at half the resolution).

Pure numpy (connected components by run-length union-find); a page without candidates
costs the ink analysis only (~50 ms CPU at 200 dpi on the tuning scans; with candidates,
the second tesseract run adds ~0.13 s).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extract.ingest.legacy import is_vietnamese_syllable

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Box", "word_boxes", "text_height", "candidates", "stack", "accept", "drop_coloured", "EXTRA_BLOCK"]

#: block numbers of the lines this guard adds to a page's TSV start here
EXTRA_BLOCK = 1000
#: a re-read line is kept when one of its words, a syllable or a number, reaches this …
MIN_LINE_CONF = 85.0
#: … and its words' mean confidence this (a stamp's letters and a signature read as
#: letters come out far below); marks below it are trimmed from the line's ends
MIN_WORD_CONF = 45.0
#: a pixel whose colour channels differ by more than this is coloured ink (a red or blue stamp)
CHROMA = 60
#: a re-read line whose ink is coloured for more than this share is a stamp's, not the page's text
MAX_COLOURED = 0.4


@dataclass
class Box:
    x0: int
    y0: int
    x1: int  # exclusive
    y1: int

    @property
    def h(self) -> int:
        return self.y1 - self.y0

    @property
    def w(self) -> int:
        return self.x1 - self.x0


def word_boxes(tsv: str) -> list[tuple[Box, str, float]]:
    """The recognised words of a tesseract TSV (level 5, non-blank text)."""
    out = []
    for row in tsv.splitlines()[1:]:
        f = row.split("\t")
        if len(f) < 12 or f[0] != "5" or not f[11].strip():
            continue
        x, y, w, h = (int(float(v)) for v in f[6:10])
        out.append((Box(x, y, x + w, y + h), f[11].strip(), float(f[10])))
    return out


def _ink_threshold(img: np.ndarray) -> int:
    """Otsu's threshold of the grey page, kept within 90–180 (a blank page has none)."""
    import numpy as np  # heavy: loaded when a scan is read

    hist = np.bincount(img.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    mt = m0[-1]
    w1 = total - w0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mt * w0 / total - m0) ** 2 / (w0 * w1)
    between = np.nan_to_num(between)
    return int(min(180, max(90, int(np.argmax(between)))))


def _components(mask: np.ndarray) -> tuple[list[Box], list[list[tuple[int, int, int]]]]:
    """The 8-connected components of a boolean image: their bounding boxes and their
    runs (row, first column, end column)."""
    import numpy as np  # heavy: loaded when a scan is read

    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    d = np.diff(padded, axis=1)
    ys, xs = np.nonzero(d)
    vals = d[ys, xs]
    # starts (+1) and ends (-1) alternate along each row
    starts = xs[vals == 1]
    ends = xs[vals == -1]
    rows = ys[vals == 1]
    runs_y = rows.tolist()
    runs_a = starts.tolist()
    runs_b = ends.tolist()  # exclusive
    n = len(runs_y)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # runs of each row: index ranges
    row_start = [0] * (mask.shape[0] + 1)
    for y in runs_y:
        row_start[y + 1] += 1
    for y in range(mask.shape[0]):
        row_start[y + 1] += row_start[y]
    for y in range(1, mask.shape[0]):
        i0, i1 = row_start[y], row_start[y + 1]
        j0, j1 = row_start[y - 1], row_start[y]
        if i0 == i1 or j0 == j1:
            continue
        j = j0
        for i in range(i0, i1):
            a, b = runs_a[i], runs_b[i]
            while j < j1 and runs_b[j] < a:  # ends before this run (8-connected: touching diagonally counts)
                j += 1
            k = j
            while k < j1 and runs_a[k] <= b:
                ri, rk = find(i), find(k)
                if ri != rk:
                    parent[ri] = rk
                k += 1
    boxes: dict[int, list[int]] = {}
    runs: dict[int, list[tuple[int, int, int]]] = {}
    for i in range(n):
        r = find(i)
        y, a, b = runs_y[i], runs_a[i], runs_b[i]
        runs.setdefault(r, []).append((y, a, b))
        bx = boxes.get(r)
        if bx is None:
            boxes[r] = [a, y, b, y + 1]
        else:
            bx[0] = min(bx[0], a)
            bx[1] = min(bx[1], y)
            bx[2] = max(bx[2], b)
            bx[3] = max(bx[3], y + 1)
    return [Box(*b) for b in boxes.values()], list(runs.values())


def text_height(words: list[tuple[Box, str, float]]) -> float:
    """The median height of the confidently read words with a letter: the page's letter size."""
    hs = sorted(b.h for b, t, c in words if c >= 60 and any(ch.isalpha() for ch in t))
    return float(hs[len(hs) // 2]) if hs else 28.0


def candidates(img: np.ndarray, words: list[tuple[Box, str, float]], *,
               scale: int = 2) -> list[tuple[Box, np.ndarray]]:
    """Text-line candidates among the ink no recognised word covers: each its box in page
    pixels and its image, cut from the page with the recognised words painted white and,
    outside the line's own rows, any other component (a stamp's ring, a signature
    stroke, the next line) painted white too."""
    import numpy as np  # heavy: loaded when a scan is read

    h = text_height(words)
    thr = _ink_threshold(img)
    clean = img.copy()
    pad = max(2, int(h * 0.12))
    H, W = img.shape
    for b, _t, _c in words:
        clean[max(0, b.y0 - pad):min(H, b.y1 + pad), max(0, b.x0 - pad):min(W, b.x1 + pad)] = 255
    ink = clean < thr
    # OR-pool by `scale`: a quarter of the pixels, the same components for letters of 20+ px
    Hs, Ws = H // scale, W // scale
    small: np.ndarray = np.asarray(ink[:Hs * scale, :Ws * scale].reshape(Hs, scale, Ws, scale).any(axis=(1, 3)))
    if small.sum() > small.size * 0.25:  # a photo or a dark page: no text lines to find here
        return []
    hs = h / scale
    comps, runs = _components(small)
    tiny = 0.3 * hs
    letters = sorted((i for i, c in enumerate(comps) if 0.35 * hs <= c.h <= 1.5 * hs and c.w <= 6 * hs),
                     key=lambda i: comps[i].x0)
    lines: list[list[int]] = []
    for i in letters:
        c = comps[i]
        cy = (c.y0 + c.y1) / 2
        for ln in lines:
            tail = [comps[j] for j in ln[-3:]]
            ly = (min(b.y0 for b in tail) + max(b.y1 for b in tail)) / 2
            if abs(cy - ly) <= 0.5 * hs and c.x0 - max(b.x1 for b in tail) <= 1.2 * hs:
                ln.append(i)
                break
        else:
            lines.append([i])
    out: list[tuple[Box, np.ndarray]] = []
    for ln in lines:
        mine = set(ln)
        x0, x1 = min(comps[i].x0 for i in ln), max(comps[i].x1 for i in ln)
        y0, y1 = min(comps[i].y0 for i in ln), max(comps[i].y1 for i in ln)
        if len(ln) < 3 or x1 - x0 < 2 * hs:
            continue
        # widen along the line's rows while ink continues (a first letter joined to a
        # stamp's ring is no letter-sized component of its own)
        cols: np.ndarray = np.asarray(small[y0:y1].any(axis=0))
        gap = max(1, int(1.0 * hs))
        while x0 > 0 and cols[max(0, x0 - gap):x0].any():
            x0 = max(0, x0 - gap) + int(np.nonzero(cols[max(0, x0 - gap):x0])[0][0])
        while x1 < Ws and cols[x1:x1 + gap].any():
            x1 = x1 + int(np.nonzero(cols[x1:x1 + gap])[0][-1]) + 1
        m = int(0.3 * hs)
        box = Box(max(0, x0 - m), max(0, y0 - m), min(Ws, x1 + m), min(Hs, y1 + m))
        crop = clean[box.y0 * scale:box.y1 * scale, box.x0 * scale:box.x1 * scale].copy()
        for j, c in enumerate(comps):
            if j in mine or (c.h < tiny and c.w < tiny) or c.x1 <= box.x0 or c.x0 >= box.x1 \
                    or c.y1 <= box.y0 or c.y0 >= box.y1:
                continue
            for y, ra, rb in runs[j]:
                if (y < y0 or y >= y1) and box.y0 <= y < box.y1:
                    ra, rb = max(ra, box.x0), min(rb, box.x1)
                    crop[(y - box.y0) * scale:(y - box.y0 + 1) * scale,
                         (ra - box.x0) * scale:(rb - box.x0) * scale] = 255
        out.append((Box(box.x0 * scale, box.y0 * scale, box.x1 * scale, box.y1 * scale), crop))
    out.sort(key=lambda bc: (bc[0].y0, bc[0].x0))
    return out


def stack(cands: list[tuple[Box, np.ndarray]], gap: int) -> tuple[np.ndarray, list[tuple[int, Box]]]:
    """The candidates' images stacked one under the other, ``gap`` white pixels apart:
    (image, [(its top in the stack, its box on the page)])."""
    import numpy as np  # heavy: loaded when a scan is read

    width = max(b.w for b, _ in cands) + 2 * gap
    height = sum(b.h for b, _ in cands) + gap * (len(cands) + 1)
    out = np.full((height, width), 255, dtype=np.uint8)
    placed = []
    y = gap
    for b, crop in cands:
        out[y:y + crop.shape[0], gap:gap + crop.shape[1]] = crop
        placed.append((y, b))
        y += b.h + gap
    return out, placed


def _wordlike(t: str) -> bool:
    """Letters or digits only, once the punctuation at its ends is stripped."""
    w = t.strip(".,;:()\"“”'!?-_")
    return bool(w) and all(unicodedata.category(c) in ("Lu", "Ll", "Nd") or c in "/.,-" for c in w)


def accept(tsv: str, placed: list[tuple[int, Box]], gap: int) -> list[str]:
    """The TSV rows (level 5, page coordinates) of the lines read from the stacked
    candidates that look like text: marks and symbol strings of low confidence trimmed
    from their ends (what a stamp or signature beside the line left), then at least one
    confident word (a Vietnamese syllable of two letters or a number, MIN_LINE_CONF) and
    a mean confidence of MIN_WORD_CONF (the symbol strings of low confidence inside it are
    left out of its text too).  A low-confidence *word* is kept with its
    confidence (a name a signature crosses): what reads it decides how far to trust it."""
    lines: dict[tuple[int, int, int], list[list[str]]] = {}
    for row in tsv.splitlines()[1:]:
        f = row.split("\t")
        if len(f) < 12 or f[0] != "5" or not f[11].strip():
            continue
        lines.setdefault((int(f[2]), int(f[3]), int(f[4])), []).append(f)
    rows: list[str] = []
    n = 0
    for key in sorted(lines):
        ws = lines[key]
        trimmed = []
        while ws and float(ws[0][10]) < MIN_WORD_CONF and not _wordlike(ws[0][11]):
            trimmed.append(ws[0])
            ws = ws[1:]
        while ws and float(ws[-1][10]) < MIN_WORD_CONF and not _wordlike(ws[-1][11]):
            trimmed.append(ws[-1])
            ws = ws[:-1]
        # symbol strings of low confidence inside the line go the same way
        trimmed += [f for f in ws if float(f[10]) < MIN_WORD_CONF and not _wordlike(f[11])]
        ws = [f for f in ws if float(f[10]) >= MIN_WORD_CONF or _wordlike(f[11])]
        if not ws:
            continue
        confs = [float(f[10]) for f in ws]
        good = [f for f in ws if float(f[10]) >= MIN_LINE_CONF
                and (any(c.isdigit() for c in f[11])
                     or (len(w := f[11].strip(".,;:()\"“”'!?-_")) >= 2 and is_vietnamese_syllable(w.lower())))]
        if not good or sum(confs) / len(confs) < MIN_WORD_CONF:
            continue
        cy = sum(int(f[7]) + int(f[9]) / 2 for f in ws) / len(ws)
        at = next(((top, b) for top, b in placed if top - gap / 2 <= cy < top + b.h + gap / 2), None)
        if at is None:
            continue
        top, b = at
        n += 1
        # the marks trimmed go along as paragraph 0 of the line's block: not text, but
        # their low confidence stays with the line (a name whose first word a signature
        # crossed is not taken for a whole name)
        for k, f in enumerate(ws + trimmed, 1):
            x = int(f[6]) - gap + b.x0
            y = int(f[7]) - top + b.y0
            rows.append("\t".join(["5", f[1], str(EXTRA_BLOCK + n), "0" if k > len(ws) else "1", "1", str(k),
                                   str(x), str(y), f[8], f[9], f[10], f[11].strip()]))
    return rows


def drop_coloured(rows: list[str], page: np.ndarray, chroma: np.ndarray, step: int) -> list[str]:
    """The TSV rows of :func:`accept` without the lines whose ink is coloured: a stamp
    is red or blue, the body text black.  ``chroma`` is the page's chroma (see
    extract.ingest.ocr._chroma) at 1/``step`` of ``page``'s resolution; the ink of a line
    is its dark or tinted pixels inside its words' boxes."""

    thr = _ink_threshold(page)
    lines: dict[str, list[list[str]]] = {}
    for r in rows:
        f = r.split("\t")
        lines.setdefault(f[2], []).append(f)
    keep: set[str] = set()
    H, W = chroma.shape
    for block, fs in lines.items():
        ink = coloured = 0
        for f in fs:
            if f[3] == "0":  # the marks trimmed off the line
                continue
            x, y, w, h = (int(v) for v in f[6:10])
            gray = page[y:y + h, x:x + w][::step, ::step]
            col = chroma[y // step:min(H, y // step + gray.shape[0]), x // step:min(W, x // step + gray.shape[1])]
            gray = gray[:col.shape[0], :col.shape[1]]
            tinted = (col > CHROMA) & (gray < 230)  # a stamp's light red is paler than black ink
            ink += int(((gray < thr) | tinted).sum())
            coloured += int(tinted.sum())
        if not ink or coloured / ink <= MAX_COLOURED:
            keep.add(block)
    return [r for r in rows if r.split("\t")[2] in keep]
