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
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

import yaml

from extract import ReadError, read
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=["tune", "test", "test2"], required=True)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("-n", type=int, default=60)
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    docs = []
    for path in split_files(args.shared, args.split):
        try:
            doc = read(path)
        except ReadError:
            continue
        tokens = [m for m in NUMBER.finditer(doc.text)]
        if tokens:
            docs.append((path, doc, tokens))
    rng.shuffle(docs)
    out: list[dict[str, object]] = []
    taken: set[tuple[str, int]] = set()
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
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
