"""OCR of PDF pages that have no usable text layer, with tesseract's Vietnamese model.

Pages are rendered with pypdfium2 (grayscale, 200 dpi by default: as accurate as 300 dpi
on the corpus and a quarter faster; a finer render is brought down to :data:`WORK_DPI`
before recognition) and read by the ``tesseract`` command with ``-l vie
--psm 3`` — not ``vie+eng``, which turns Đ into D and breaks codes such as QĐ-BNV — in
TSV mode, so every word keeps its box and confidence and every character its page and
line.  ``OMP_THREAD_LIMIT=1`` and one tesseract per core: tesseract's own threading is
many times slower on a shared machine.

Results are cached on disk by (file hash, page, dpi, engine version) under
``$BAOCAO_CACHE`` (default ``~/.cache/baocao``): reading, extracting and checking the
same scan OCR it once.  ``BAOCAO_OCR=0`` turns OCR off (a scan then fails as before).
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import threading
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from extract.core.errors import ReadError
from extract.core.model import RawLine
from extract.core.rules import load_yaml
from extract.ingest import ocr_codes, ocr_digits, ocr_regions
from extract.ingest.legacy import is_vietnamese_syllable

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

__all__ = ["OcrPage", "OcrWord", "available", "missing_reason", "ocr_pages", "repair_codes", "DPI"]

DPI = int(os.environ.get("BAOCAO_OCR_DPI", "200"))
#: the working resolution: a page rendered finer than this (``ocr_pages(dpi=300)``, a
#: 300 dpi scan read at its own resolution) is brought down to it (Lanczos) before
#: tesseract reads it.  Tesseract's Vietnamese model reads 10–14 pt print best at about
#: this glyph height: on the synthetic pages of scripts/bench_ocr.py, a 300 dpi render
#: read as is gave 0.82 % CER and 75/78 codes, brought to 200 dpi 0.62 % and 77/78
#: (area averaging instead of Lanczos: 0.70 %, 76/78)
WORK_DPI = int(os.environ.get("BAOCAO_OCR_WORK_DPI", "200"))
LANG = "vie"
PSM = "3"
#: the guard that reads again the text lines psm 3 left out (extract.ingest.ocr_regions);
#: part of the cache key.  BAOCAO_OCR_GUARD=0 turns it off
GUARD = "g5" if os.environ.get("BAOCAO_OCR_GUARD", "1") != "0" else ""
#: the second reading of suspect digit words (extract.ingest.ocr_digits); part of the
#: cache key.  BAOCAO_OCR_DIGITS=0 turns it off
DIGITS = "d9" if os.environ.get("BAOCAO_OCR_DIGITS", "1") != "0" else ""
#: the second reading of suspect code words (extract.ingest.ocr_codes); part of the
#: cache key.  BAOCAO_OCR_CODES=0 turns it off
CODES = "c2" if os.environ.get("BAOCAO_OCR_CODES", "1") != "0" else ""
INSTALL = "install the Debian packages tesseract-ocr and tesseract-ocr-vie"
#: a figure whose OCR'd word is below this confidence is not trusted for an error
MIN_FIGURE_CONF = 85.0
#: a block of a line whose words are all below this confidence is noise (extract.ingest.ocr._parse_tsv)
NOISE_CONF = 20.0


@dataclass
class OcrWord:
    text: str
    conf: float
    line: int  # line number on its page (1-based, reading order)


@dataclass
class OcrPage:
    page: int  # 1-based
    lines: list[RawLine] = field(default_factory=list)
    words: list[OcrWord] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        ws = [w.conf for w in self.words if w.conf >= 0]
        return sum(ws) / len(ws) if ws else 0.0


@functools.cache
def _version() -> str | None:
    exe = shutil.which("tesseract")
    if not exe:
        return None
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30)
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if LANG not in langs.stdout.split():
        return "no-vie"
    first = (out.stdout or out.stderr).splitlines()
    return first[0].strip() if first else "tesseract"


def available() -> bool:
    v = _version()
    return v is not None and v != "no-vie" and os.environ.get("BAOCAO_OCR", "1") != "0"


def missing_reason() -> str:
    if os.environ.get("BAOCAO_OCR", "1") == "0":
        return "OCR is turned off (BAOCAO_OCR=0)"
    v = _version()
    if v is None:
        return f"tesseract is not installed ({INSTALL})"
    return f"tesseract has no Vietnamese model ({INSTALL})"


# --------------------------------------------------------------------------- repair

_LOOKALIKE = str.maketrans({"Ð": "Đ", "ð": "đ", "Ɖ": "Đ"})
# spaces OCR puts around "/" and "-" inside document codes: "15 / 2010 / QĐ - UBND"
_SLASH = re.compile(r"(?<=[0-9A-ZĐ])[ ]*/[ ]*(?=[0-9A-ZĐ])")
_DASH = re.compile(r"(?<=[A-ZĐ])[ ]*[-–][ ]*(?=[A-ZĐ])|(?<=[0-9A-ZĐ][a-z])[ ]*[-–][ ]*(?=[A-ZĐ]{2})"
                   r"|(?<=[0-9])[ ]*[-–][ ]*(?=[A-ZĐ]{2})")


# tesseract often drops the circumflex of a toned capital (QUYÉT for QUYẾT): a word that
# is no syllable, and becomes one with the circumflex put back, gets it back
_CIRCUMFLEX = str.maketrans({"É": "Ế", "È": "Ề", "Ẻ": "Ể", "Ẽ": "Ễ", "Ẹ": "Ệ",
                             "Ó": "Ố", "Ò": "Ồ", "Ỏ": "Ổ", "Õ": "Ỗ", "Ọ": "Ộ",
                             "é": "ế", "è": "ề", "ẻ": "ể", "ẽ": "ễ", "ẹ": "ệ"})
_WORDS = re.compile(r"[^\W\d_]+")


def _fix_word(m: re.Match) -> str:
    w = m.group(0)
    if is_vietnamese_syllable(w.lower()):
        return w
    fixed = w.translate(_CIRCUMFLEX)
    return fixed if fixed != w and is_vietnamese_syllable(fixed.lower()) else w


@functools.cache
def _repairs() -> list[tuple[re.Pattern[str], str]]:
    """``rules/ocr_repairs.yaml``: confusions that cannot be right Vietnamese."""
    return [(re.compile(r["pattern"]), r["replace"]) for r in load_yaml("ocr_repairs.yaml") or []]


@functools.cache
def _glued() -> tuple[int, frozenset[str]]:
    spec = load_yaml("ocr_glued.yaml") or {}
    return int(spec.get("min_length", 8)), frozenset(spec.get("abbreviations", ()))


_CAPS = re.compile(r"\b[A-ZĐÀ-ỸẠ-Ỹ]+\b")


def _split(token: str, abbrev: frozenset[str]) -> list[str] | None:
    """``token`` as syllables or abbreviations, the last piece the longest that fits."""
    if not token:
        return []
    for k in range(min(7, len(token)), 1, -1):
        piece = token[-k:]
        if piece in abbrev or (is_vietnamese_syllable(piece.lower()) and any(c in "AEIOUY" for c in _base(piece))):
            rest = _split(token[:-k], abbrev)
            if rest is not None:
                return rest + [piece]
    return None


def _base(s: str) -> str:
    """The letters without their tone marks and hats (Ế → E), for the vowel test."""
    return unicodedata.normalize("NFD", s).encode("ascii", "ignore").decode().upper()


def split_glued(text: str) -> str:
    """Words in capitals OCR ran together, split again (``rules/ocr_glued.yaml``)."""
    least, abbrev = _glued()

    def fix(m: re.Match[str]) -> str:
        w = m.group(0)
        if len(w) < least or not w.isupper() or is_vietnamese_syllable(w.lower()):
            return w
        parts = _split(w, abbrev)
        return " ".join(parts) if parts and len(parts) > 1 else w

    return _CAPS.sub(fix, text)


def repair_codes(text: str) -> str:
    """The cheap repair before extraction: look-alike Ð → Đ, a lost circumflex on a word
    that is otherwise no syllable (QUYÉT → QUYẾT), and no spaces around "/"
    and "-" between the parts of a code (``629 / TTr - SNV`` → ``629/TTr-SNV``; a range
    ``12 - 14`` is left alone)."""
    text = text.translate(_LOOKALIKE)
    text = split_glued(text)
    text = _WORDS.sub(_fix_word, text)
    text = _SLASH.sub("/", text)
    text = _DASH.sub("-", text)
    for rx, rep in _repairs():
        text = rx.sub(rep, text)
    return text


# --------------------------------------------------------------------------- running


def image_share(path: str | Path, pages: list[int]) -> dict[int, float]:
    """{page: share of the page covered by its largest image}: a page with few words and
    a page-size image is a scan; a page with few words and no image is just short."""
    import pypdfium2 as pdfium  # the PDF reader's own dependency
    import pypdfium2.raw as pdfium_c

    out: dict[int, float] = {}
    pdf = pdfium.PdfDocument(str(path))
    try:
        for p in pages:
            page = pdf[p - 1]
            w, h = page.get_size()
            best = 0.0
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
                left, bottom, right, top = obj.get_bounds()
                best = max(best, (right - left) * (top - bottom) / (w * h or 1))
            out[p] = min(best, 1.0)
    finally:
        pdf.close()
    return out


def _cache_dir() -> Path:
    base = os.environ.get("BAOCAO_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "baocao")
    return Path(base) / "ocr"


def _cache_key(sha: str, page: int, dpi: int) -> str:
    # a finer render read at the working resolution (L: brought down by Lanczos resampling)
    work = f"w{_work(dpi)}L" if _work(dpi) != dpi else ""
    raw = f"{sha}:{page}:{dpi}{work}:{LANG}:{PSM}:{_version()}" + (f":{GUARD}" if GUARD else "") \
        + (f":{DIGITS}" if DIGITS else "") + (f":{CODES}" if CODES else "")
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _parse_tsv(tsv: str, page: int, scale: float) -> OcrPage:
    out = OcrPage(page)
    groups: dict[tuple[int, int, int], list[tuple[str, float, float, float, float, float]]] = {}
    order: list[tuple[int, int, int]] = []
    marks: dict[int, list[tuple[str, float]]] = {}  # per added block: the marks trimmed off its line
    for row in tsv.splitlines()[1:]:
        f = row.split("\t")
        if len(f) < 12 or f[0] != "5":
            continue
        text = f[11].strip()
        if not text:
            continue
        if int(f[2]) >= ocr_regions.EXTRA_BLOCK and f[3] == "0":
            marks.setdefault(int(f[2]), []).append((text, float(f[10])))
            continue
        key = (int(f[2]), int(f[3]), int(f[4]))
        if key not in groups:
            groups[key] = []
            order.append(key)
        left, top, width, height = (float(x) for x in f[6:10])
        groups[key].append((text, float(f[10]), left, top, width, height))
    order = _reading_order(order, groups)
    for n, key in enumerate(order, 1):
        words = groups[key]
        heights = sorted(w[5] for w in words)
        size = heights[len(heights) // 2] * scale
        pieces = _split_blocks(words, size / scale)
        # a block set apart whose every word tesseract could not read (a speck beside
        # the header read as "Ö_", a stamp's edge) is no column of the line: it would
        # push the real columns one place on (the issuer taken for the right column)
        noise = [p for p in pieces if max(w[1] for w in p) < NOISE_CONF]
        if noise and len(noise) < len(pieces):
            pieces = [p for p in pieces if max(w[1] for w in p) >= NOISE_CONF]
        for col, piece in enumerate(pieces, 1 if len(pieces) > 1 else 0):
            text = repair_codes(" ".join(w[0] for w in piece))
            if not any(c.isalnum() for c in text):
                continue  # a rule under the header, a smudge
            x0 = min(w[2] for w in piece) * scale
            x1 = max(w[2] + w[4] for w in piece) * scale
            top = min(w[3] for w in piece) * scale
            out.lines.append(RawLine(text=text, page=page, line=n, x0=x0, x1=x1, top=top, size=size, column=col))
        out.words += [OcrWord(w[0], w[1], n) for w in words]
        out.words += [OcrWord(t, c, n) for t, c in marks.get(key[0], ())]
    return out


def _reading_order(order: list[tuple[int, int, int]], groups: dict) -> list[tuple[int, int, int]]:
    """Tesseract's lines in its own order, and each line the guard added
    (extract.ingest.ocr_regions) after the last line above it that shares its columns
    (the name under a signature block follows the block's title), else after the last
    line above it."""
    base = [k for k in order if k[0] < ocr_regions.EXTRA_BLOCK]
    extra = [k for k in order if k[0] >= ocr_regions.EXTRA_BLOCK]
    if not extra:
        return order

    def span(key: tuple[int, int, int]) -> tuple[float, float, float]:
        ws = groups[key]
        return min(w[3] for w in ws), min(w[2] for w in ws), max(w[2] + w[4] for w in ws)

    for key in sorted(extra, key=lambda k: span(k)[0]):
        top, x0, x1 = span(key)
        at = 0
        for i, k in enumerate(base):
            t, a, b = span(k)
            if t <= top and a < x1 and x0 < b:
                at = i + 1
        if at == 0:
            at = max((i + 1 for i, k in enumerate(base) if span(k)[0] <= top), default=0)
        # never inside one of tesseract's blocks (a paragraph whose last line is short
        # would take the line in): after the block's last line
        while 0 < at < len(base) and base[at][0] == base[at - 1][0] < ocr_regions.EXTRA_BLOCK:
            at += 1
        base.insert(at, key)
    return base


def _split_blocks(words: list, height: float) -> list[list]:
    """Split a line where two words are further apart than a few letter heights: blocks
    set side by side (the two-column header, signature blocks), as the PDF reader does."""
    gap = max(3.0 * height, 30.0)
    pieces = [[words[0]]]
    for prev, w in zip(words, words[1:]):
        left = " ".join(x[0] for x in pieces[-1])
        if w[2] - (prev[2] + prev[4]) > gap and not left.endswith(("Số:", "Số", "ngày")):
            pieces.append([w])
        else:
            pieces[-1].append(w)
    return pieces


def _tesseract(png: str, psm: str = PSM) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    r = subprocess.run(["tesseract", png, "stdout", "-l", LANG, "--psm", psm, "tsv"],
                       capture_output=True, env=env, timeout=600)
    if r.returncode != 0:
        raise RuntimeError(r.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or "tesseract failed")
    return r.stdout.decode("utf-8", "replace")


def read_crops(crops: list[np.ndarray], stem: str) -> str:
    """Tesseract's TSV of small images (grey arrays) read in one run, each as a page of its
    own (psm 6): they are written beside ``stem`` (``stem0.pgm`` …) with the list of their
    names (``stem.txt``), which tesseract takes as a multi-page input."""
    from PIL import Image

    names = []
    for n, c in enumerate(crops):
        names.append(f"{stem}{n}.pgm")
        Image.fromarray(c).save(names[-1])
    with open(f"{stem}.txt", "w", encoding="utf-8") as fh:
        fh.write("\n".join(names) + "\n")
    return _tesseract(f"{stem}.txt", "6")


def _read_page(img: str) -> str:
    """The page's TSV: tesseract at psm 3, its suspect digit words and code words read
    again (extract.ingest.ocr_digits, extract.ingest.ocr_codes), plus the lines it left out, read again from the
    ink no word of it covers (extract.ingest.ocr_regions), as blocks numbered from
    ocr_regions.EXTRA_BLOCK."""
    tsv = _tesseract(img)
    if not GUARD and not DIGITS and not CODES:
        return tsv
    import numpy as np
    from PIL import Image

    with Image.open(img) as im:
        page = np.asarray(im.convert("L"))

    def run(crops: list[np.ndarray], kind: str = "d") -> str:
        return read_crops(crops, f"{img}.{kind}")

    if DIGITS:
        tsv = ocr_digits.reread(tsv, page, run)
    if CODES:
        tsv = ocr_codes.reread(tsv, page, lambda crops: run(crops, "c"))
    if not GUARD:
        return tsv
    words = ocr_regions.word_boxes(tsv)
    cands = ocr_regions.candidates(page, words)
    if not cands:
        return tsv
    gap = int(ocr_regions.text_height(words))
    stacked, placed = ocr_regions.stack(cands, gap)
    extra = img + ".lines.pgm"
    Image.fromarray(stacked).save(extra)
    rows = ocr_regions.accept(_tesseract(extra, "6"), placed, gap)
    if rows and os.path.exists(img + ".chroma.pgm"):
        with Image.open(img + ".chroma.pgm") as im:
            rows = ocr_regions.drop_coloured(rows, page, np.asarray(im), CHROMA_STEP)
    return tsv.rstrip("\n") + "\n" + "\n".join(rows) + "\n" if rows else tsv


#: the colour of a scan's ink is looked at on a render this many times coarser
CHROMA_STEP = 2


def _chroma(page: object, scale: float) -> Image.Image:
    """The page rendered in colour at ``scale``, as one channel: each pixel's chroma
    (its largest colour channel minus its smallest; 0 for grey and black)."""
    import numpy as np
    from PIL import Image

    rgb = np.asarray(page.render(scale=scale).to_pil().convert("RGB"))  # type: ignore[attr-defined]
    return Image.fromarray((rgb.max(axis=2) - rgb.min(axis=2)).astype(np.uint8))


def _work(dpi: int) -> int:
    """The resolution a page rendered at ``dpi`` is read at (:data:`WORK_DPI`)."""
    return min(dpi, WORK_DPI) if WORK_DPI > 0 else dpi


def to_work(img: Image.Image, dpi: int) -> Image.Image:
    """``img``, rendered at ``dpi``, at the working resolution (:func:`_work`): a finer
    render brought down by Lanczos resampling (sharper strokes than area averaging,
    which read "VTLT" as "VTL/T" on a synthetic page)."""
    from PIL import Image

    work = _work(dpi)
    if work >= dpi:
        return img
    size = (max(1, round(img.width * work / dpi)), max(1, round(img.height * work / dpi)))
    return img.resize(size, Image.Resampling.LANCZOS)


def ocr_pages(path: str | Path, pages: list[int], sha: str, *, dpi: int = DPI,
              workers: int | None = None) -> dict[int, OcrPage]:
    """OCR ``pages`` (1-based) of the PDF at ``path``: {page: OcrPage}.  Raises
    :class:`ReadError` when tesseract or its Vietnamese model is missing."""
    if not available():
        raise ReadError(path, f"needs OCR, but {missing_reason()}")
    import pypdfium2 as pdfium  # the PDF reader's own dependency

    cache = _cache_dir()
    out: dict[int, OcrPage] = {}
    todo: list[int] = []
    work = _work(dpi)
    scale = 72.0 / work
    for p in pages:
        f = cache / f"{_cache_key(sha, p, dpi)}.tsv"
        if f.exists():
            out[p] = _parse_tsv(f.read_text(encoding="utf-8"), p, scale)
        else:
            todo.append(p)
    if not todo:
        return out
    n = workers or max(1, min(len(todo), os.cpu_count() or 1))
    with tempfile.TemporaryDirectory(prefix="baocao-ocr-") as tmp, ThreadPoolExecutor(max_workers=n) as ex:
        # pdfium is not thread-safe: pages are rendered here, one after the other, and each
        # goes to tesseract as soon as it is drawn (rendering overlaps the OCR of the page
        # before).  Written as PGM, uncompressed: a PNG costs more to compress (~0.16 s a
        # page at 200 dpi) than tesseract saves reading it.
        pdf = pdfium.PdfDocument(str(path))
        futures = {}
        try:
            for p in todo:
                bitmap = pdf[p - 1].render(scale=dpi / 72.0, grayscale=True)
                img = os.path.join(tmp, f"p{p}.pgm")
                to_work(bitmap.to_pil(), dpi).save(img)
                if GUARD:
                    # the colour of the ink, at a lower resolution: a line the guard reads again
                    # in red or blue ink is a stamp's (extract.ingest.ocr_regions.drop_coloured)
                    _chroma(pdf[p - 1], work / 72.0 / CHROMA_STEP).save(img + ".chroma.pgm")
                futures[p] = ex.submit(_read_page, img)
        finally:
            pdf.close()
        results = {p: fut.result() for p, fut in futures.items()}
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    for p, tsv in results.items():
        # written beside and renamed into place: another process reading the same scan (index
        # workers, a second command) sees the whole page or none of it
        final = cache / f"{_cache_key(sha, p, dpi)}.tsv"
        part = final.with_name(f"{final.name}.{os.getpid()}.{threading.get_ident()}.part")
        try:
            part.write_text(tsv, encoding="utf-8")
            os.replace(part, final)
        except OSError:
            part.unlink(missing_ok=True)
        out[p] = _parse_tsv(tsv, p, scale)
    return out
