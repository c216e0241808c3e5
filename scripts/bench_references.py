"""Throughput of extract_references on cleaned report text, next to one compiled-regex scan.

Usage: python scripts/bench_references.py [PATH] [--mb 5]
Default text: ../shared/corpus/seed/000_5f89cc50c2f18dcc.txt, line breaks joined the way the
cleaner will (a line ending in '-' joined directly, other breaks become a space), repeated to ~5 MB.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.find.references import code_tables as _tables  # noqa: E402
from extract.find.references import extract_references

SEED = ROOT.parent / "shared" / "corpus" / "seed" / "000_5f89cc50c2f18dcc.txt"


def join_lines(raw: str) -> str:
    raw = re.sub(r"-[ \t]*\n\s*", "-", raw)
    return re.sub(r"\s*\n\s*", " ", raw)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", default=str(SEED))
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args(argv)
    base = join_lines(Path(a.path).read_text(encoding="utf-8"))
    n = max(1, int(a.mb * 1e6 / len(base.encode("utf-8"))))
    text = (base + "\n") * n
    size_mb = len(text.encode("utf-8")) / 1e6
    _tables()  # compile once, outside the timing
    plain = re.compile(r"\d{1,6}\s?[/-]\s?(?:\d{4}\s?/\s?)?[A-ZĐ][A-ZĐa-z0-9&/-]*")

    def best(fn):
        """Best of N runs: wall time and CPU time of this process (one core)."""
        walls, cpus = [], []
        for _ in range(a.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            r = fn()
            walls.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
        return min(walls), min(cpus), r

    w_plain, c_plain, hits = best(lambda: sum(1 for _ in plain.finditer(text)))
    w_ext, c_ext, refs = best(lambda: extract_references(text))
    print(f"text: {size_mb:.2f} MB ({n} x {Path(a.path).name}), best of {a.repeat}")
    print(f"one compiled regex scan : {size_mb / w_plain:8.1f} MB/s wall {size_mb / c_plain:8.1f} MB/s cpu  ({hits} matches)")
    print(f"extract_references      : {size_mb / w_ext:8.1f} MB/s wall {size_mb / c_ext:8.1f} MB/s cpu  ({len(refs)} references)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
