"""Does every stage take time linear in the length of its input?

For each shape of text (one run-on paragraph, one sentence per line, a real report
repeated), the input is doubled ``--doublings`` times from ``--start`` bytes; each size
is read from a file, then every find stage and the checks run (CPU seconds, so the
machine's other load does not count).  The growth of the time
from one size to the next must stay under ``--max-growth`` (2.2: linear plus noise; a
quadratic stage gives 4).  The smallest sizes are dominated by fixed costs, so the
growth is the mean over the last doublings only (``--judge``), stages under 0.1 s at
the largest size are not judged, and each time is the best of ``--repeat`` runs.

    python scripts/bench_scaling.py                 # 8 KB … 512 KB, all shapes
    python scripts/bench_scaling.py --shape paragraph --start 4000 --doublings 6

Exit 1 when a stage grows faster than allowed (the stage and the sizes are printed).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.checks import check_document
from extract.find.extraction import Extraction
from extract.ingest.reader import read

HEAD = "ỦY BAN NHÂN DÂN\nTỈNH HÒA PHONG\nSố: 12/BC-UBND\n\nBÁO CÁO\nKết quả thực hiện nhiệm vụ năm 2024\n\nI. KẾT QUẢ\n"
CLAUSE = "tổng số 55 nhiệm vụ, trong đó hoàn thành 50 nhiệm vụ, đạt 90,90 %; "
SENTENCE = ("Tổng số 55 nhiệm vụ, trong đó hoàn thành 50 nhiệm vụ, đạt 90,90 % theo Nghị định số "
            "107/2020/NĐ-CP ngày 14/9/2020 (gồm 20 xã, 30 phường).\n")


def _report_body() -> str:
    p = ROOT / "corpus" / "bc-188-ubnd-hoaphong-extracted.txt"
    text = p.read_text(encoding="utf-8") if p.exists() else SENTENCE * 40
    return text.split("\n", 8)[-1] + "\n"


def make(shape: str, size: int) -> str:
    """A text of about ``size`` UTF-8 bytes of the given shape."""
    unit = {"paragraph": CLAUSE, "lines": SENTENCE, "report": _report_body()}[shape]
    n = max(1, size // len(unit.encode()))
    body = unit * n
    if shape == "paragraph":
        body = "1. Nhiệm vụ được giao: " + body + "\n"
    return HEAD + body


def stages(path: Path) -> dict[str, float]:
    """Seconds of each stage on one file."""
    out: dict[str, float] = {}
    t = time.process_time()
    doc = read(path)
    out["read"] = time.process_time() - t
    ex = Extraction(doc)
    for name in ("figures", "statements", "references", "dates", "period"):
        t = time.process_time()
        getattr(ex, name)
        out[name] = time.process_time() - t
    t = time.process_time()
    check_document(ex)
    out["checks"] = time.process_time() - t
    if ex.errors:
        raise SystemExit(f"stage errors on {path}: {ex.errors}")
    out["total"] = sum(out.values())
    return out


def best_of(fn: Callable[[], dict[str, float]], repeat: int) -> dict[str, float]:
    runs = [fn() for _ in range(repeat)]
    return {k: min(r[k] for r in runs) for k in runs[0]}


def run(shape: str, start: int, doublings: int, repeat: int, judge: int, max_growth: float,
        floor: float = 0.1) -> list[str]:
    """Print the table of one shape; return the complaints (empty when linear)."""
    sizes = [start * 2 ** k for k in range(doublings + 1)]
    rows: list[tuple[int, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            p = Path(tmp) / f"{shape}-{size}.txt"
            p.write_text(make(shape, size), encoding="utf-8")
            rows.append((size, best_of(lambda p=p: stages(p), repeat)))
    names = list(rows[0][1])
    print(f"\n{shape}: seconds per stage")
    print(f"{'bytes':>9} " + " ".join(f"{n:>10}" for n in names))
    for size, r in rows:
        print(f"{size:>9} " + " ".join(f"{r[n]:>10.3f}" for n in names))
    bad = []
    (s0, r0), (s1, r1) = rows[-judge - 1], rows[-1]
    for n in names:
        if r1[n] < floor:  # too short to measure
            continue
        g = (r1[n] / max(r0[n], floor / 2 ** judge)) ** (1 / judge)  # mean growth per doubling
        if g > max_growth:
            bad.append(f"{shape}/{n}: {r0[n]:.3f} s at {s0} B -> {r1[n]:.3f} s at {s1} B "
                       f"(x{g:.2f} per doubling)")
    return bad


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shape", choices=("paragraph", "lines", "report"), action="append")
    ap.add_argument("--start", type=int, default=8000, help="bytes of the smallest input (default 8000)")
    ap.add_argument("--doublings", type=int, default=6)
    ap.add_argument("--repeat", type=int, default=2, help="best of this many runs per size")
    ap.add_argument("--judge", type=int, default=3, help="doublings judged (the last ones)")
    ap.add_argument("--max-growth", type=float, default=2.2)
    args = ap.parse_args(argv)
    bad: list[str] = []
    for shape in args.shape or ["paragraph", "lines", "report"]:
        bad += run(shape, args.start, args.doublings, args.repeat, args.judge, args.max_growth)
    if bad:
        print("\nsuper-linear:\n  " + "\n  ".join(bad))
        return 1
    print(f"\nevery stage grew at most x{args.max_growth} per doubling")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
