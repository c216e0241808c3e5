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
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium
from rapidfuzz.distance import Levenshtein

from extract.ingest import ocr
from extract.ingest.pdf import read_pdf

# body pages (a first page's two-column header and signed-PDF overlays are ordered or
# placed differently in a text layer and in a render, which would count as OCR errors)
SYNTHETIC = ["lamdong/bc-181-snv-2025-mo-hinh-thi-diem.pdf:2", "lamdong/bc-181-snv-2025-mo-hinh-thi-diem.pdf:3",
             "lamdong/bc-181-snv-2025-mo-hinh-thi-diem.pdf:4", "lamdong/cd-2003-vpcp-2025.pdf:2",
             "lamdong/cd-2003-vpcp-2025.pdf:3", "lamdong/qd-2536-ubnd-2025-hop-nhat-dls.pdf:2",
             "lamdong/cv-8977-bnv-2025.pdf:2", "lamdong/hd-545-btv-2025.pdf:2",
             "lamdong/cv-644-ttxt-2025-pci.pdf:2", "lamdong/pl01-cv-2775-snv-2025-huong-dan-cham-diem.pdf:5"]
_CODE = re.compile(r"\b\d+(?:/\d{4})?/[A-ZĐ][A-Za-zĐđ0-9&.\-]*[A-ZĐ]\b|\b\d+-[A-Z]{2,}/[A-Z]+\b")
_FIG = re.compile(r"(?<![\w/.,-])\d{1,3}(?:\.\d{3})*(?:,\d+)?(?![\w/])")


def synthetic(specs: list[str], dpi: int) -> None:
    base = ROOT.parent / "shared" / "corpus"
    tot = {"chars": 0, "edits": 0, "codes": [0, 0], "figs": [0, 0]}
    for spec in specs:
        rel, page = spec.rsplit(":", 1)
        path = base / rel if not Path(rel).is_absolute() else Path(rel)
        pg = int(page)
        ref = " ".join(" ".join(ln.text for ln in read_pdf(path).lines if ln.page == pg).split())
        sha = "synthetic-" + hashlib.sha256(path.read_bytes()).hexdigest()
        got = ocr.ocr_pages(path, [pg], sha=sha, dpi=dpi)[pg]
        hyp = " ".join(" ".join(ln.text for ln in got.lines).split())
        # a code broken after its hyphen at a line end is one code (as the reader joins it)
        ref, hyp = (re.sub(r"(?<=[A-ZĐ0-9&]-) (?=[A-ZĐ])", "", x) for x in (ref, hyp))
        edits = Levenshtein.distance(ref, hyp)
        codes = _CODE.findall(ref)
        figs = _FIG.findall(ref)
        hc, hf = set(_CODE.findall(hyp)), set(_FIG.findall(hyp))
        cok, fok = sum(c in hc for c in codes), sum(f in hf for f in figs)
        print(f"{path.name} p{pg}: CER {edits / max(1, len(ref)):.2%} ({len(ref)} chars), "
              f"codes {cok}/{len(codes)}, figures {fok}/{len(figs)}")
        tot["chars"] += len(ref)
        tot["edits"] += edits
        tot["codes"][0] += cok
        tot["codes"][1] += len(codes)
        tot["figs"][0] += fok
        tot["figs"][1] += len(figs)
    c, f = tot["codes"], tot["figs"]
    print(f"all: CER {tot['edits'] / max(1, tot['chars']):.2%}, codes {c[0]}/{c[1]} "
          f"({c[0] / max(1, c[1]):.1%}), figures {f[0]}/{f[1]} ({f[0] / max(1, f[1]):.1%})")

DEFAULT = [ROOT.parent / "shared" / "corpus" / "lamdong" / "qd-932-ttg-2025-scan.pdf"]


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
    args = ap.parse_args(argv)
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
