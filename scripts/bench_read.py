"""Benchmark: `baocao read` (the whole read + clean + header stage) against
`pdftotext` on the same text PDFs, side by side in one run.

    python scripts/bench_read.py [DIR ...]      (default: ../shared/corpus)
    python scripts/bench_read.py --stage pipeline   # read + references, figures,
                                                    # statements, dates + every check

Prints pages/s for each and the ratio of times; the budget (issue #10) is reading ≤ 1.5×
pdftotext and the whole pipeline ≤ 2×.
Each tool is timed over all files, best of --repeat runs, on one core, in CPU seconds
(baocao: this process's user+system time plus that of any child process it runs — a
page judged to need OCR runs tesseract, unless its result is in the OCR cache;
pdftotext: its child processes' user+system time), so that other work on a shared
machine does not move the ratio; the wall-clock times are printed beside them.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract import ReadError, read  # noqa: E402


def text_pdfs(dirs: list[Path]) -> list[Path]:
    import pypdfium2 as pdfium

    out = []
    for d in dirs:
        for p in sorted(d.rglob("*.pdf")):
            try:
                pdf = pdfium.PdfDocument(str(p))
                chars = sum(pdf[i].get_textpage().count_chars() for i in range(len(pdf)))
                pdf.close()
            except pdfium.PdfiumError:
                continue
            if chars and "scan" not in p.stem and "legacy" not in p.parts:
                out.append(p)
    return out


def pages(p: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(p))
    n = len(pdf)
    pdf.close()
    return n


def _children_cpu() -> float:
    t = os.times()
    return t.children_user + t.children_system


def time_baocao(files: list[Path], stage: str = "read") -> tuple[float, float]:
    """(CPU seconds, wall seconds) of reading ``files`` (and running the pipeline): this
    process's CPU time and its children's (tesseract for a page read by OCR)."""
    from extract.checks import check_document

    t, c, k = time.perf_counter(), time.process_time(), _children_cpu()
    for f in files:
        try:
            doc = read(f)
        except ReadError:
            continue
        if stage == "pipeline":
            check_document(doc)  # extracts references, figures, statements and dates on the way
    return time.process_time() - c + _children_cpu() - k, time.perf_counter() - t


def time_pdftotext(files: list[Path]) -> tuple[float, float]:
    """(CPU seconds of the pdftotext processes, wall seconds)."""
    t, c = time.perf_counter(), _children_cpu()
    for f in files:
        subprocess.run(["pdftotext", "-layout", str(f), "-"], stdout=subprocess.DEVNULL, check=False)
    return _children_cpu() - c, time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="*", type=Path, default=[ROOT.parent / "shared" / "corpus"])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--stage", choices=["read", "pipeline"], default="read",
                    help="read: read+clean+header; pipeline: that plus extraction and all checks")
    args = ap.parse_args()
    if not shutil.which("pdftotext"):
        print("pdftotext not found (apt-get install poppler-utils)", file=sys.stderr)
        return 2
    files = text_pdfs(args.dirs)
    n_pages = sum(pages(f) for f in files)
    time_baocao(files[:2], args.stage)  # warm imports and compiled rules
    ours, base = [], []
    for _ in range(args.repeat):  # interleaved, so that both see the same load
        ours.append(time_baocao(files, args.stage))
        base.append(time_pdftotext(files))
    cpu, wall = min(c for c, _ in ours), min(w for _, w in ours)
    bcpu, bwall = min(c for c, _ in base), min(w for _, w in base)
    print(f"{len(files)} text PDFs, {n_pages} pages; CPU seconds, best of {args.repeat} (wall beside)")
    print(f"pdftotext -layout : {bcpu:7.3f} s  {n_pages / bcpu:7.1f} pages/s  (wall {bwall:.3f} s)")
    print(f"baocao {args.stage:<11}: {cpu:7.3f} s  {n_pages / cpu:7.1f} pages/s  (wall {wall:.3f} s)")
    budget = 2.0 if args.stage == "pipeline" else 1.5
    print(f"ratio baocao/pdftotext: {cpu / bcpu:.2f}x CPU (budget {budget:.2f}x), {wall / bwall:.2f}x wall")
    return 0


if __name__ == "__main__":
    sys.exit(main())
