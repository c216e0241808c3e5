"""Time the figure-context pass (extract/find/context.refine_figures) alone, over the
tuning split of ../shared/corpus (the test splits are left out: they are blind).

    python scripts/bench_context.py                 # text PDFs of the tuning split
    python scripts/bench_context.py --kinds pdf,xlsx,xls,docx,doc
    BAOCAO_CONTEXT=underthesea python scripts/bench_context.py

Prints the files, their pages, the figures the pass refined and the CPU seconds it took
(best of --repeat; reading and the other stages are not counted).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract import ReadError, read  # noqa: E402
from extract.checks import check_document  # noqa: E402
from extract.find import extraction  # noqa: E402


def tuning_files(shared: Path, kinds: set[str]) -> list[Path]:
    splits = yaml.safe_load((ROOT / "corpus" / "gold" / "splits.yaml").read_text(encoding="utf-8"))
    held = set(splits["test"]) | set(splits.get("test2") or [])
    out = []
    for p in sorted(shared.rglob("*")):
        rel = p.relative_to(shared).as_posix()
        if p.is_file() and p.suffix.lower().lstrip(".") in kinds and rel not in held and "ground-truth" not in rel \
                and "scan" not in p.stem and "legacy" not in p.parts:
            out.append(p)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--kinds", default="pdf", help="file extensions to time, comma-separated (default: pdf)")
    ap.add_argument("--repeat", type=int, default=3, help="runs; the best is printed")
    ap.add_argument("--pipeline", action="store_true",
                    help="also time the whole extraction and checks (check_document) of the read documents")
    args = ap.parse_args(argv)
    docs = []
    for p in tuning_files(args.shared, set(args.kinds.split(","))):
        try:
            doc = read(p)
        except ReadError:
            continue
        if doc.kind == "pdf" and doc.meta.get("ocr"):
            continue  # scans: the text PDFs only
        docs.append(doc)
    inner = extraction.refine_figures
    spent = [0.0]
    n_figs = [0]

    def timed(*a, **kw):  # type: ignore[no-untyped-def]
        t = time.process_time()
        out = inner(*a, **kw)
        spent[0] += time.process_time() - t
        n_figs[0] += len(out)
        return out

    extraction.refine_figures = timed  # type: ignore[assignment]
    best = None
    whole = None
    for _ in range(args.repeat):
        spent[0], n_figs[0] = 0.0, 0
        t0 = time.process_time()
        for doc in docs:
            for k in [k for k in doc.meta if k.startswith("_")]:
                doc.meta.pop(k)  # the caches of the stages: each run computes them again
            if args.pipeline:
                check_document(doc)
            else:
                extraction.extract_figures(doc)
        took = time.process_time() - t0
        best = spent[0] if best is None else min(best, spent[0])
        whole = took if whole is None else min(whole, took)
    pages = sum(doc.pages or 0 for doc in docs)
    print(f"{len(docs)} files ({args.kinds}), {pages} pages, {n_figs[0]} figures: "
          f"context pass {best:.3f} s CPU (best of {args.repeat})"
          + (f"; extraction and checks {whole:.3f} s CPU" if args.pipeline else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
