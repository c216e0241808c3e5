"""Tables and sheets of the tuning split whose numeric columns no statement covers.

    python scripts/table_gaps.py [--corpus DIR] [--grid] [--only SUBSTR] [--min-rows N]

For every table of every tuning-split document (``corpus/gold/splits.yaml``: the test
splits, and the twins of their documents in another format, are never opened), each value column is counted: how many of its cell figures
some statement of the pipeline holds, and how many none does.  Columns are then grouped
by the shape of their header (the bottom header text, digits and years folded), so the
header shapes a careful reader would check but baocao recognises nothing for come first.
``--grid`` prints each table with its uncovered cells marked ``!`` (for reading samples).
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

from extract.core.errors import ReadError
from extract.find.extraction import Extraction
from extract.find.tables import tables
from extract.ingest.reader import read
from extract.ingest.walk import is_report_name

ROOT = Path(__file__).resolve().parents[1]


def tuning_files(shared: Path) -> list[Path]:
    splits = yaml.safe_load((ROOT / "corpus" / "gold" / "splits.yaml").read_text(encoding="utf-8"))
    held = set(splits.get("test") or []) | set(splits.get("test2") or [])
    # a twin of a held-out document (the same form as PDF and as a spreadsheet) is left out too
    stems = {h.rsplit(".", 1)[0] for h in held}
    out = []
    for p in sorted(shared.rglob("*")):
        rel = p.relative_to(shared).as_posix()
        if (p.is_file() and is_report_name(p.name) and rel not in held and rel.rsplit(".", 1)[0] not in stems
                and "ground-truth" not in rel):
            out.append(p)
    return out


def shape(text: str) -> str:
    t = re.sub(r"(?:19|20)\d{2}", "YYYY", text.lower())
    t = re.sub(r"\d+", "N", t)
    return " ".join(t.split())[:60]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus",
                    help="the shared corpus (default ../shared/corpus); only its tuning split is read")
    ap.add_argument("--grid", action="store_true", help="print every table with its uncovered cells marked '!'")
    ap.add_argument("--only", default="", help="only files whose path contains this text")
    ap.add_argument("--top", type=int, default=60, help="how many header shapes to list (default 60)")
    ap.add_argument("--min-rows", type=int, default=3, help="columns with fewer value cells are left out (default 3)")
    args = ap.parse_args(argv)
    by_shape: Counter[str] = Counter()
    by_shape_total: Counter[str] = Counter()
    files_of: dict[str, set[str]] = defaultdict(set)
    tot = cov = 0
    for path in tuning_files(args.corpus):
        rel = path.relative_to(args.corpus).as_posix()
        if args.only and args.only not in rel:
            continue
        try:
            doc = read(path)
        except ReadError:
            continue
        ex = Extraction(doc)
        figs = ex.figures
        held = {i for s in ex.statements for i in s.figure_indices()}
        cols: dict[tuple[int, int], list[tuple[int, bool]]] = defaultdict(list)
        for i, f in enumerate(figs):
            if f.cell and f.table is not None and f.col is not None and f.row is not None:
                cols[(f.table, f.col)].append((f.row, i in held))
        tabs = {t.index: t for t in tables(doc)}
        for (ti, c), cells in sorted(cols.items()):
            if len(cells) < args.min_rows or ti not in tabs:
                continue
            t = tabs[ti]
            heads = t.header_cell_texts(c)
            key = shape(" / ".join(heads[:2]) or "(no header)")
            n_cov = sum(h for _r, h in cells)
            tot += len(cells)
            cov += n_cov
            by_shape_total[key] += len(cells)
            by_shape[key] += len(cells) - n_cov
            if len(cells) - n_cov:
                files_of[key].add(rel)
        if args.grid:
            for ti, t in tabs.items():
                if not t.data:
                    continue
                print(f"## {rel} table {ti} ({t.n_rows}x{t.n_cols}, header {t.header_rows})")
                flags = {(f.row, f.col): (i in held) for i, f in enumerate(figs) if f.cell and f.table == ti}
                for r in range(t.n_rows):
                    row = []
                    for cc in range(t.n_cols):
                        cell = t.origin(r, cc)
                        txt = " ".join((cell.text or "").split())[:18] if cell else ""
                        mark = {True: "", False: "!"}.get(flags.get((r, cc)), "") if (r, cc) in flags else ""
                        row.append(mark + txt)
                    print(f"  {r:3d} | " + " | ".join(row))
    print(f"tuning table figures: {tot}, held by a statement: {cov} ({100 * cov / max(tot, 1):.0f} %)")
    print("uncovered cells by header shape (uncovered/total, files):")
    for key, n in by_shape.most_common(args.top):
        if n:
            print(f"  {n:5d}/{by_shape_total[key]:<5d} {key!r}  {', '.join(sorted(files_of[key]))[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
