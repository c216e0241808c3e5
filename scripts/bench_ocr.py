"""OCR speed: baocao's OCR (extract.ingest.ocr) beside plain ``tesseract`` on the same pages.

    .venv/bin/python scripts/bench_ocr.py [PDF …] [--pages N] [--dpi 200]

For each PDF, its first N pages are rendered once; then timed: plain ``tesseract IMG
stdout -l vie --psm 3`` (tesseract's own threading, as a user would run it), the same with
``OMP_THREAD_LIMIT=1``, and baocao's ``ocr_pages`` without cache (one tesseract per core).
Prints seconds per page and per page per core.  Not a test: it takes a minute.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium

from extract.ingest import ocr

DEFAULT = [ROOT.parent / "shared" / "corpus" / "lamdong" / "qd-932-ttg-2025-scan.pdf"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdfs", nargs="*", type=Path, default=DEFAULT)
    ap.add_argument("--pages", type=int, default=2)
    ap.add_argument("--dpi", type=int, default=ocr.DPI)
    args = ap.parse_args(argv)
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
                t0 = time.perf_counter()
                for png in pngs:
                    subprocess.run(["tesseract", png, "stdout", "-l", "vie", "--psm", "3"], env=env,
                                   capture_output=True, check=True)
                dt = time.perf_counter() - t0
                print(f"{pdf_path.name}: {label:30} {dt / n:6.2f} s/page (sequential)")
        with tempfile.TemporaryDirectory() as cache:
            os.environ["BAOCAO_CACHE"] = cache
            t0 = time.perf_counter()
            ocr.ocr_pages(pdf_path, list(range(1, n + 1)), sha=f"bench-{time.time()}", dpi=args.dpi)
            dt = time.perf_counter() - t0
        used = min(n, cores)
        print(f"{pdf_path.name}: {'baocao ocr_pages':30} {dt / n:6.2f} s/page wall, "
              f"{dt * used / n:6.2f} s/page/core ({used} parallel, render + TSV included)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
