"""OCR speed: baocao's OCR (extract.ingest.ocr) beside plain ``tesseract`` on the same pages.

    .venv/bin/python scripts/bench_ocr.py [PDF …] [--pages N] [--dpi 200]
    .venv/bin/python scripts/bench_ocr.py --synthetic [PDF:PAGE …] [--dpi 200]

For each PDF, its first N pages are rendered once; then timed: plain ``tesseract IMG
stdout -l vie --psm 3`` (tesseract's own threading, as a user would run it), the same with
``OMP_THREAD_LIMIT=1``, and baocao's ``ocr_pages`` without cache (render, OCR, TSV
parsing), once on one worker without the guard that reads again the lines psm 3 left out
(extract.ingest.ocr_regions), once with it, and once with one tesseract per core.  Prints, per page,
the wall time and the CPU time (user + system, of this process and of its children):
on a machine shared with other work the wall time of parallel runs says little about
the cost, the CPU seconds per page are what a core spends.  Not a test: a minute.

``--synthetic``: pages of *text* PDFs rendered and OCR'd (a scan without scanner noise),
scored against their own text layer: CER on the whitespace-normalised page text, and
the share of document codes (``107/2020/NĐ-CP``) and figures of the text layer that the
OCR text holds exactly.

``--noise SEED``: the same pages made to look scanned (:func:`scanned`: a slight
rotation, blur, speckle, a red stamp ring with letters over the text, 200 dpi), saved as
an image-only PDF and read by ``extract.read`` like any scan (OCR, code repair, guard,
digit re-reading), then scored on their dates and figures against the text PDF's own
(``extract.find.Extraction``, page by page, as multisets): *exact* (found as written),
and every date or figure the OCR text holds that the text layer does not — a misreading
— either *marked* (its ``ocr_confidence`` below ``MIN_FIGURE_CONF``: a check on it is at
most a warning) or *silent*.  *Marked but right* counts the trusted readings lost to the mark.
"""
from __future__ import annotations

import argparse
import hashlib
import math
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from rapidfuzz.distance import Levenshtein

from extract import read
from extract.find.extraction import Extraction
from extract.find.references import _DASH_TABLE, code_tables
from extract.ingest import ocr
from extract.ingest.pdf import read_pdf

#: ../shared/corpus, or $BAOCAO_CORPUS (a worktree beside the main checkout)
CORPUS = Path(os.environ.get("BAOCAO_CORPUS") or ROOT.parent / "shared" / "corpus")

# body pages (a first page's two-column header and signed-PDF overlays are ordered or
# placed differently in a text layer and in a render, which would count as OCR errors)
SYNTHETIC = ["lamdong/bc-181-snv-2025-mo-hinh-thi-diem.pdf:2", "lamdong/bc-181-snv-2025-mo-hinh-thi-diem.pdf:3",
             "lamdong/bc-181-snv-2025-mo-hinh-thi-diem.pdf:4", "lamdong/cd-2003-vpcp-2025.pdf:2",
             "lamdong/cd-2003-vpcp-2025.pdf:3", "lamdong/qd-2536-ubnd-2025-hop-nhat-dls.pdf:2",
             "lamdong/cv-8977-bnv-2025.pdf:2", "lamdong/hd-545-btv-2025.pdf:2",
             "lamdong/cv-644-ttxt-2025-pci.pdf:2", "lamdong/pl01-cv-2775-snv-2025-huong-dan-cham-diem.pdf:5"]
_FIG = re.compile(r"(?<![\w/.,-])\d{1,3}(?:\.\d{3})*(?:,\d+)?(?![\w/])")


def codes(text: str) -> list[str]:
    """The document codes of ``text`` (``107/2020/NĐ-CP``, ``83-KL/TW``, ``02-05/GTGT-BC``'s
    ``05/GTGT-BC``), found by the references parser's own number grammar (so a code is what
    the product reads as one: ``27/CT-TTg`` whole, not ``27/CT``), each as written with its
    blanks dropped and its dashes as ``-``: a text layer that breaks a code at a line end
    ("05/HD-MTTW- BTT") or sets a blank inside it ("GTGT -BC") holds the printed code, not
    a shorter one, and an OCR reading is exact when the parser reads the same code."""
    t = code_tables()
    return [m.group(0).translate(_DASH_TABLE) for m in t.scan_num.finditer(text)]


def scale_specs(base: Path) -> tuple[list[str], list[str]]:
    """The pages of ``--synthetic-scale``, from the tuning split's text PDFs (the test splits
    of corpus/gold/splits.yaml left out): *body prose* pages — pages 2 and 3 that are not the
    last page (its two-column signature block reads in another order in a render) and hold
    no table, 500 characters or more — for the CER; those and every first page for codes."""
    import yaml

    from extract.find.tables import tables

    splits = yaml.safe_load((ROOT / "corpus" / "gold" / "splits.yaml").read_text(encoding="utf-8"))
    held = set(splits["test"]) | set(splits.get("test2") or [])
    prose: list[str] = []
    firsts: list[str] = []
    for path in sorted(base.rglob("*.pdf")):
        rel = path.relative_to(base).as_posix()
        if rel in held or "scan" in path.stem or "legacy" in path.parts:
            continue
        try:
            lines = read_pdf(path).lines
        except Exception:  # noqa: BLE001 - a PDF that does not read is no page to score
            continue
        if not lines:
            continue
        last = max(ln.page for ln in lines)
        firsts.append(f"{rel}:1")
        in_tables = {pg for t in tables(read(path)) if t.data for pg in t.pages}
        for pg in (2, 3):
            chars = sum(len(ln.text) for ln in lines if ln.page == pg)
            if pg < last and pg not in in_tables and chars >= 500:
                prose.append(f"{rel}:{pg}")
    return prose, firsts + prose


def synthetic(specs: list[str], dpi: int, code_specs: list[str] | None = None) -> None:
    """CER, codes and figures of ``specs``; with ``code_specs``, the CER of ``specs`` and
    the codes of ``code_specs`` (:func:`codes`; a page's codes compared as a multiset: a
    code cited twice and misread once is one miss)."""
    base = CORPUS
    tot = {"chars": 0, "edits": 0, "codes": [0, 0], "figs": [0, 0]}
    cer_specs = set(specs)
    for spec in list(dict.fromkeys(specs + (code_specs or []))):
        rel, page = spec.rsplit(":", 1)
        path = base / rel if not Path(rel).is_absolute() else Path(rel)
        pg = int(page)
        content = read_pdf(path)
        ref = " ".join(" ".join(ln.text for ln in content.lines if ln.page == pg).split())
        # a numeral an e-signature stamps into a form field ("Số: 181/BC-SNV", the 181) is in
        # the text layer but not drawn by the render: its code cannot be read from the image
        stamped = {t for p, t in content.overlays if p == pg}
        sha = "synthetic-" + hashlib.sha256(path.read_bytes()).hexdigest()
        got = ocr.ocr_pages(path, [pg], sha=sha, dpi=dpi)[pg]
        hyp = " ".join(" ".join(ln.text for ln in got.lines).split())
        # a code broken after its hyphen at a line end is one code (as the reader joins it)
        ref, hyp = (re.sub(r"(?<=[A-ZĐ0-9&]-) (?=[A-ZĐ])", "", x) for x in (ref, hyp))
        edits = Levenshtein.distance(ref, hyp)
        ref_codes = Counter(c for c in codes(ref) if re.match(r"\d+", c).group(0) not in stamped) \
            if code_specs is None or spec in code_specs else Counter()
        figs = _FIG.findall(ref)
        hf = set(_FIG.findall(hyp))
        missed = ref_codes - Counter(codes(hyp))
        cok, fok = ref_codes.total() - missed.total(), sum(f in hf for f in figs)
        print(f"{path.name} p{pg}: CER {edits / max(1, len(ref)):.2%} ({len(ref)} chars), "
              f"codes {cok}/{ref_codes.total()}{' (missed ' + ', '.join(missed.elements()) + ')' if missed else ''}, "
              f"figures {fok}/{len(figs)}")
        if spec in cer_specs:
            tot["chars"] += len(ref)
            tot["edits"] += edits
            tot["figs"][0] += fok
            tot["figs"][1] += len(figs)
        tot["codes"][0] += cok
        tot["codes"][1] += ref_codes.total()
    c, f = tot["codes"], tot["figs"]
    print(f"all: CER {tot['edits'] / max(1, tot['chars']):.2%} ({len(cer_specs)} pages), codes {c[0]}/{c[1]} "
          f"({c[0] / max(1, c[1]):.1%}), "
          f"figures {f[0]}/{f[1]} ({f[0] / max(1, f[1]):.1%})")

# pages with many dates ("ngày 29 tháng 4 năm 2025", "25/04/2025") and figures, for --noise
NOISY = ["lamdong/ttr-176-snv-2026-kh-cchc-2026-2030.pdf:1", "lamdong/ttr-51-snv-2026-kh-kiem-tra-cchc.pdf:1",
         "lamdong/ttr-629-snv-2025-trinh-bc-cchc.pdf:1", "lamdong/ttr-666-snv-2025-kh-cchc-2026.pdf:1",
         "lamdong/cv-8151-bnv-2025.pdf:1", "lamdong/qd-2536-ubnd-2025-hop-nhat-dls.pdf:1",
         "lamdong/cv-8977-bnv-2025.pdf:1", "lamdong/bc-181-snv-2025-mo-hinh-thi-diem.pdf:1",
         "lamdong/bc-181-snv-2025-mo-hinh-thi-diem.pdf:5", "lamdong/hd-545-btv-2025.pdf:2",
         "lamdong/hd-545-btv-2025.pdf:3", "lamdong/cd-2003-vpcp-2025.pdf:3",
         "lamdong/cv-11902-bnv-2025.pdf:1", "lamdong/hd-545-btv-2025.pdf:6"]


def scanned(img: Image.Image, seed: int) -> Image.Image:
    """``img`` (RGB, a rendered page) as a scanner gives it back: a red stamp ring with
    letters round it over the text, a rotation under a degree, blur and speckle."""
    rng = random.Random(seed)
    w, h = img.size
    img = img.copy()
    draw = ImageDraw.Draw(img)
    r = int(min(w, h) * rng.uniform(0.07, 0.10))
    cx, cy = int(w * rng.uniform(0.2, 0.8)), int(h * rng.uniform(0.2, 0.8))
    red = (rng.randint(190, 225), rng.randint(30, 70), rng.randint(40, 80))
    for rr, width in ((r, 5), (int(r * 0.72), 3)):
        draw.ellipse((cx - rr, cy - rr, cx + rr, cy + rr), outline=red, width=width)
    font = ImageFont.load_default(size=max(12, r // 7))
    for i, ch in enumerate("UY BAN NHAN DAN TINH LAM DONG *"):
        a = math.pi * (1.1 + i / 22)
        draw.text((cx + 0.86 * r * math.cos(a), cy + 0.86 * r * math.sin(a)), ch, fill=red, font=font, anchor="mm")
    draw.text((cx, cy), "CHU TICH", fill=red, font=font, anchor="mm")
    img = img.rotate(rng.uniform(-0.8, 0.8), resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 0.9)))
    arr = np.asarray(img).copy()
    nrng = np.random.default_rng(seed)
    speck = nrng.random(arr.shape[:2])
    arr[speck < 0.0015] = 40
    arr[speck > 0.997] = 255
    arr = np.clip(arr.astype(np.int16) + nrng.normal(0, 6, arr.shape).astype(np.int16), 0, 255).astype(np.uint8)
    return Image.fromarray(arr)


def _key(s: str) -> str:
    return re.sub(r"\s*/\s*", "/", " ".join(s.split()))


_DIGITS = re.compile(r"\d+")


def _runs(s: str) -> tuple[str, ...]:
    return tuple(_DIGITS.findall(s))


def _inside(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    return bool(part) and any(whole[i:i + len(part)] == part for i in range(len(whole) - len(part) + 1))


def _marks(path: Path, page: int) -> tuple[list[tuple[str, float | None]], list[tuple[str, float | None]], str]:
    """Dates and figures (outside tables) of one page, as written, with their OCR
    confidence; and the page's text."""
    doc = read(path)
    ex = Extraction(doc)
    dates = [(_key(d.text), d.ocr_confidence) for d in ex.dates if doc.locate(d.start)[0] == page]
    figs = [(_key(f.raw or f.text), f.ocr_confidence) for f in ex.figures if f.page == page and not f.in_table]
    text = " ".join(doc.text[s.start:s.end] for s in doc.segments if s.page == page)
    return dates, figs, text


def noisy(specs: list[str], seed: int, dpi: int) -> None:
    """Score dates and figures of scanned-looking renders of text pages (see the module's
    docstring).  A date read from the scan is right when its digits are those of a date
    of the text layer or a run of them ("tháng 3 năm 2026" of "ngày 17 tháng 3 năm 2026":
    the text layer and the OCR text may break a date apart differently, and a day filled
    in by an e-signature overlay is not in the render); a figure when its digits are a
    run of the page's digits in the text layer."""
    base = CORPUS
    tot: dict[str, Counter[str]] = {"dates": Counter(), "figures": Counter()}
    with tempfile.TemporaryDirectory(prefix="baocao-noisy-") as tmp:
        os.environ["BAOCAO_CACHE"] = os.path.join(tmp, "cache")
        cpu = 0.0
        for n, spec in enumerate(specs):
            rel, page = spec.rsplit(":", 1)
            path = base / rel if not Path(rel).is_absolute() else Path(rel)
            pg = int(page)
            ref_d, ref_f, ref_text = _marks(path, pg)
            pdf = pdfium.PdfDocument(str(path))
            img = pdf[pg - 1].render(scale=dpi / 72).to_pil().convert("RGB")
            pdf.close()
            out = Path(tmp) / f"{path.stem}-p{pg}.pdf"
            scanned(img, seed + n).save(out, "PDF", resolution=dpi)
            c0 = _cpu()
            hyp_d, hyp_f, _ = _marks(out, 1)
            cpu += _cpu() - c0
            line = []
            page_runs = _runs(ref_text)
            for kind, ref, hyp in (("dates", ref_d, hyp_d), ("figures", ref_f, hyp_f)):
                t = tot[kind]
                got: Counter[str] = Counter()
                exact = Counter(k for k, _ in ref) & Counter(k for k, _ in hyp)
                got["exact"] = sum(exact.values())
                got["total"] = len(ref)
                silent = []
                for k, conf in hyp:
                    low = conf is None or conf < ocr.MIN_FIGURE_CONF
                    ok = (any(_inside(_runs(k), _runs(r)) for r, _ in ref) if kind == "dates"
                          else _inside(_runs(k), page_runs))
                    if ok:
                        got["marked but right"] += low
                    else:
                        got["marked" if low else "silent"] += 1
                        if not low:
                            silent.append(k)
                t.update(got)
                line.append(f"{kind} {got['exact']}/{got['total']} exact, misread {got['marked']} marked "
                            f"{got['silent']} silent ({', '.join(silent)}), marked but right {got['marked but right']}")
            print(f"{path.name} p{pg}: " + "; ".join(line))
    for kind, t in tot.items():
        print(f"all {kind}: exact {t['exact']}/{t['total']} ({t['exact'] / max(1, t['total']):.1%}), "
              f"misread {t['marked'] + t['silent']}: marked {t['marked']}, silent {t['silent']}; "
              f"marked but right {t['marked but right']}")
    print(f"read (render of the image PDF + OCR + extraction): {cpu / len(specs):.2f} s CPU/page")


DEFAULT = [CORPUS / "lamdong" / "qd-932-ttg-2025-scan.pdf"]


def _cpu() -> float:
    """CPU seconds (user + system) of this process and of its finished children."""
    a, b = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdfs", nargs="*", default=None)
    ap.add_argument("--pages", type=int, default=2)
    ap.add_argument("--dpi", type=int, default=ocr.DPI)
    ap.add_argument("--synthetic", action="store_true", help="score OCR of rendered text-PDF pages")
    ap.add_argument("--synthetic-scale", action="store_true",
                    help="--synthetic on every body-prose page of the tuning split's text PDFs (CER) and "
                         "those and every first page (codes); see scale_specs")
    ap.add_argument("--noise", type=int, metavar="SEED", default=None,
                    help="score dates and figures of scanned-looking renders of text-PDF pages (PDF:PAGE …, "
                         "default a set of tuning pages), noise drawn from SEED")
    args = ap.parse_args(argv)
    if args.noise is not None:
        noisy(args.pdfs or NOISY, args.noise, args.dpi)
        return 0
    if args.synthetic_scale:
        prose, code_pages = scale_specs(CORPUS)
        synthetic(prose, args.dpi, code_pages)
        return 0
    if args.synthetic:
        synthetic(args.pdfs or SYNTHETIC, args.dpi)
        return 0
    args.pdfs = [Path(p) for p in args.pdfs] if args.pdfs else DEFAULT
    cores = os.cpu_count() or 1
    for pdf_path in args.pdfs:
        pdf = pdfium.PdfDocument(str(pdf_path))
        n = min(args.pages, len(pdf))
        with tempfile.TemporaryDirectory() as tmp:
            pngs = []
            for i in range(n):
                png = os.path.join(tmp, f"p{i}.png")
                pdf[i].render(scale=args.dpi / 72, grayscale=True).to_pil().save(png)
                pngs.append(png)
            pdf.close()
            for label, env in (("tesseract (own threads)", dict(os.environ)),
                               ("tesseract OMP_THREAD_LIMIT=1", dict(os.environ, OMP_THREAD_LIMIT="1"))):
                t0, c0 = time.perf_counter(), _cpu()
                for png in pngs:
                    subprocess.run(["tesseract", png, "stdout", "-l", "vie", "--psm", "3"], env=env,
                                   capture_output=True, check=True)
                dt, dc = time.perf_counter() - t0, _cpu() - c0
                print(f"{pdf_path.name}: {label:30} {dt / n:6.2f} s/page wall, {dc / n:6.2f} s/page CPU "
                      "(sequential, image already rendered)")
        guard = ocr.GUARD
        for workers, on in ((1, False), (1, True), (min(n, cores), True)):
            ocr.GUARD = guard if on else ""
            with tempfile.TemporaryDirectory() as cache:
                os.environ["BAOCAO_CACHE"] = cache
                t0, c0 = time.perf_counter(), _cpu()
                got = ocr.ocr_pages(pdf_path, list(range(1, n + 1)), sha=f"bench-{time.time()}", dpi=args.dpi,
                                    workers=workers)
                dt, dc = time.perf_counter() - t0, _cpu() - c0
            ocr.GUARD = guard
            label = f"baocao{'' if on else ' no guard'}, {workers} worker(s)"
            added = sum(len(pg.lines) for pg in got.values())
            print(f"{pdf_path.name}: {label:30} {dt / n:6.2f} s/page wall, "
                  f"{dc / n:6.2f} s/page CPU, {dt * workers / n:6.2f} s/page/core by wall "
                  f"(render + OCR + TSV{' + guard' if on else ''}; {added} lines)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
