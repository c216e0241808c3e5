"""Sentences of the prose that hold two or more figures and no statement (issues #11, #12).

    python scripts/unrecognised.py [--corpus DIR] [--folder NAME]... [--sample N] [--seed S]
                                   [--json FILE] [--min-figures N]

Runs on the TUNING split only: every readable document of ``../shared/corpus`` that
``corpus/gold/splits.yaml`` does not hold out (test, test2) and that is no ``ground-truth``
transcript.  For each document, the prose (figures outside table cells) is cut into
sentences (:func:`extract.checks.engine.iter_sentences`); a sentence is *unrecognised* when
it holds at least ``--min-figures`` figures (dates and references are no figures) and no
statement of the prose uses any of them (``--loose``: when that many of its figures are in no
statement, the shape then made of those figures alone).  The sentences are grouped by *shape*: the kinds
of their figures in order (``N`` a count or amount, ``P`` a percentage, ``F`` a fraction
a/b, ``R`` a range, ``T`` a threshold percentage) and the cue words they contain (trong đó,
gồm, đạt, chiếm, tỷ lệ, còn, tổng số, so với, tăng, giảm …).  The report prints the
shapes by frequency, each with up to ``--sample`` sentences (location and a short text),
for a developer to read; nothing is written into the repository.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extract.checks.engine import iter_sentences  # noqa: E402
from extract.core.errors import ReadError  # noqa: E402
from extract.find.extraction import Extraction  # noqa: E402
from extract.find.statements import is_threshold  # noqa: E402
from extract.ingest.reader import read  # noqa: E402
from extract.ingest.walk import is_report_name  # noqa: E402

CUES = ["trong đó có", "trong đó", "trong số", "bao gồm", "gồm", "cụ thể", "tổng số", "tổng cộng", "chiếm",
        "tỷ lệ", "tỉ lệ", "đạt", "còn lại", "còn", "chưa", "so với", "so cùng kỳ", "tăng", "giảm", "bằng",
        "đúng hạn", "trễ hạn", "quá hạn", "trực tuyến", "điểm", "/", "trở lên", "dưới", "trên", "kế hoạch",
        "dự toán", "cùng kỳ", "lũy kế", "luỹ kế", "đã", "xếp loại", "hoàn thành"]
_CUE_RE = re.compile("|".join(rf"(?<![^\W\d_]){re.escape(c)}(?![^\W\d_])" if c != "/" else r"/" for c in CUES))


def tuning_files(corpus: Path, folders: list[str]) -> list[Path]:
    splits = yaml.safe_load((ROOT / "corpus" / "gold" / "splits.yaml").read_text(encoding="utf-8"))
    held = set(splits.get("test") or []) | set(splits.get("test2") or [])
    out = []
    for p in sorted(corpus.rglob("*")):
        if not p.is_file() or not is_report_name(p.name):
            continue
        rel = p.relative_to(corpus).as_posix()
        if rel in held or "ground-truth" in rel:
            continue
        if folders and rel.split("/", 1)[0] not in folders:
            continue
        out.append(p)
    return out


def _letter(f: Any) -> str:
    if f.kind == "fraction":
        return "F"
    if f.kind == "range":
        return "T" if is_threshold(f) else "R"
    if f.kind == "percent" or f.unit_kind == "percent":
        return "T" if is_threshold(f) else "P"
    return "N"


def shape(text: str, figs: list[Any], a: int) -> str:
    letters = "".join(_letter(f) for f in figs)
    # the figures' own text is left out of the cue search
    low = text.lower()
    for f in sorted(figs, key=lambda f: -f.start):
        low = low[:f.start - a] + " # " + low[f.end - a:]
    cues = sorted({m.group(0) for m in _CUE_RE.finditer(low)})
    return letters + " | " + ",".join(cues)


def scan(path: Path, corpus: Path, min_figures: int, loose: bool = False) -> list[dict[str, Any]]:
    try:
        doc = read(path)
    except ReadError:
        return []
    ex = Extraction(doc)
    figs = ex.figures
    used: set[int] = set()
    for s in ex.statements:
        used.update(s.figure_indices())
    prose = [(i, f) for i, f in enumerate(figs) if not f.in_table and not f.cell]
    out = []
    k = 0
    for a, b in iter_sentences(doc.text):
        while k < len(prose) and prose[k][1].start < a:
            k += 1
        inside = []
        j = k
        while j < len(prose) and prose[j][1].start < b:
            inside.append(prose[j])
            j += 1
        free = [(i, f) for i, f in inside if i not in used]
        if loose:
            if len(free) < min_figures:
                continue
            inside = free
        elif len(inside) < min_figures or len(free) < len(inside):
            continue
        sent = doc.text[a:b]
        page, line = doc.locate(a)
        out.append({"file": path.relative_to(corpus).as_posix(), "page": page, "line": line,
                    "shape": shape(sent, [f for _i, f in inside], a), "text": " ".join(sent.split())[:400]})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus",
                    help="the shared corpus (default ../shared/corpus); only its tuning split is read")
    ap.add_argument("--folder", action="append", default=[], help="only this top folder of the corpus (repeatable)")
    ap.add_argument("--sample", type=int, default=4, help="sentences shown per shape (default 4)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the sample (default 1)")
    ap.add_argument("--min-figures", type=int, default=2, help="figures a sentence must hold (default 2)")
    ap.add_argument("--top", type=int, default=40, help="shapes shown (default 40)")
    ap.add_argument("--loose", action="store_true",
                    help="list a sentence when --min-figures of its figures are in no statement (default: when none is)")
    ap.add_argument("--json", type=Path, help="write every unrecognised sentence here")
    args = ap.parse_args(argv)
    rows: list[dict[str, Any]] = []
    for p in tuning_files(args.corpus, args.folder):
        rows += scan(p, args.corpus, args.min_figures, args.loose)
    by: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by[r["shape"]].append(r)
    rnd = random.Random(args.seed)
    print(f"{len(rows)} unrecognised sentences with >= {args.min_figures} figures, {len(by)} shapes")
    for shp, items in sorted(by.items(), key=lambda kv: -len(kv[1]))[:args.top]:
        print(f"\n## {len(items):4d}  {shp}")
        for r in rnd.sample(items, min(args.sample, len(items))):
            print(f"   {r['file']} p{r['page']}:{r['line']}  {r['text'][:300]}")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
