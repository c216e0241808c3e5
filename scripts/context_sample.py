"""Draw a random sample of number tokens from a split of ../shared/corpus, for the
figure-context gold (issues #12 and #17: what each figure counts, its unit, its label).

The sample is drawn from the *text*, not from baocao's figures, so that numbers the tool
does not take as figures (or takes wrongly: place names, article numbers) are sampled too.
Documents are visited in a shuffled order, one random token each, round after round, so
that a large spreadsheet does not fill the sample on its own.

    python scripts/context_sample.py --split tune -n 60 --seed 17 > /tmp/sample-tune.json

Each item: file, sha256, offset (in Document.text), token, page, line, cell, and a context
snippet to help the annotator (the snippet is for reading only: the committed gold keeps
the offset and the token, not the text).

``--tables`` draws only tokens inside the value cells of data tables (spreadsheets, Word
and PDF tables), where figure context is hardest; ``--with-context`` adds what baocao
reads for each token (figure found, unit, base unit, magnitude, counted, label, column
header), so that a tuner can judge it against the source (never for the blind splits).
"""
from __future__ import annotations

import argparse
import bisect
import json
import random
import re
import sys
from pathlib import Path

import yaml

from extract import ReadError, read
from extract.core.model import Document, Figure
from extract.evaluate.context import align
from extract.find.extraction import Extraction
from extract.find.tables import tables
from extract.ingest.walk import is_report_name

ROOT = Path(__file__).resolve().parents[1]
NUMBER = re.compile(r"(?<![\w.,])\d(?:[\d.,]*\d)?(?![\w])")


def split_files(shared: Path, split: str) -> list[Path]:
    splits = yaml.safe_load((ROOT / "corpus" / "gold" / "splits.yaml").read_text(encoding="utf-8"))
    held = set(splits["test"]) | set(splits.get("test2") or [])
    if split in ("test", "test2"):
        return [shared / rel for rel in splits[split]]
    return [p for p in sorted(shared.rglob("*")) if p.is_file() and is_report_name(p.name)
            and p.relative_to(shared).as_posix() not in held and "ground-truth" not in p.as_posix()]


def value_spans(doc: Document) -> list[tuple[int, int]]:
    """The runs of text of the value cells of the document's data tables, in order."""
    spans = [s for t in tables(doc) if t.data for c in t.cells if c.row >= t.header_rows for s in c.spans]
    return sorted(spans)


def in_spans(spans: list[tuple[int, int]], offset: int) -> bool:
    i = bisect.bisect_right(spans, (offset, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


def reading(figures: list[Figure], offset: int) -> dict[str, object]:
    """What baocao reads for the token at ``offset``."""
    f = align(figures, offset)
    if f is None:
        return {"figure": False}
    return {"figure": True, "text": f.text, "unit": f.unit, "base_unit": f.base_unit, "magnitude": 10 ** f.scale,
            "counted": f.counted, "label": f.label, "column": f.column, "unit_source": f.unit_source}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=["tune", "test", "test2"], required=True)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("-n", type=int, default=60)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--tables", action="store_true", help="draw only tokens inside the value cells of data tables")
    ap.add_argument("--with-context", action="store_true",
                    help="add baocao's reading of each token (unit, magnitude, counted, label); tuning split only")
    args = ap.parse_args(argv)
    if args.with_context and args.split != "tune":
        ap.error("--with-context is for the tuning split only (the test splits are blind)")
    rng = random.Random(args.seed)
    docs = []
    for path in split_files(args.shared, args.split):
        try:
            doc = read(path)
        except ReadError:
            continue
        tokens = [m for m in NUMBER.finditer(doc.text)]
        if args.tables:
            spans = value_spans(doc)
            tokens = [m for m in tokens if in_spans(spans, m.start())]
        if tokens:
            docs.append((path, doc, tokens))
    rng.shuffle(docs)
    out: list[dict[str, object]] = []
    taken: set[tuple[str, int]] = set()
    figures: dict[int, list[Figure]] = {}
    while len(out) < args.n and any(len(t) > 0 for _p, _d, t in docs):
        for path, doc, tokens in docs:
            if len(out) >= args.n or not tokens:
                continue
            m = tokens.pop(rng.randrange(len(tokens)))
            key = (str(path), m.start())
            if key in taken:
                continue
            taken.add(key)
            page, line = doc.locate(m.start())
            lo, hi = max(0, m.start() - 160), min(len(doc.text), m.end() + 160)
            out.append({"file": path.relative_to(args.shared).as_posix(), "sha256": doc.sha256,
                        "offset": m.start(), "token": m.group(), "page": page, "line": line,
                        "cell": doc.cell_at(m.start()),
                        "snippet": doc.text[lo:m.start()] + "⟦" + m.group() + "⟧" + doc.text[m.end():hi]})
            if args.with_context:
                if id(doc) not in figures:
                    figures[id(doc)] = Extraction(doc).figures
                out[-1]["baocao"] = reading(figures[id(doc)], m.start())
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
