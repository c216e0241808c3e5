"""Agreement of PDF/DOCX twins: the same report read from its PDF and from its DOCX.

    .venv/bin/python scripts/score_twins.py [DIR …] [--show N]

A pair is ``NAME.pdf`` beside ``NAME.docx`` in a DIR (default: the twins of
../shared/corpus outside the held-out splits, i.e. lamdong/ttr-629).  Both are read with
:func:`extract.read`; the agreement is difflib's ratio (2·matches / total) over the word
tokens of the body followed by the footnotes (NFC, case kept, punctuation split off),
so a chart's axis ticks and legends left in the PDF body count against it.  A second
figure reads the tables as the table model does (``tables as cells``): each table's cells
in the order the body reads them (row by row; a Word header table block by block, as its
PDF), a header repeated on a continuation page once, the rest of the body as it is —
a PDF prints a row's multi-line cells line by line across the row, a DOCX cell by cell,
so the plain text of a table-heavy pair differs in order where the tables read the same.  Also prints
the charts each side set aside (``Document.removed`` of kind ``chart``) and their
captions.  ``--show N`` prints the first N differing runs of each pair.

Twins with charts are made by ``scripts/make_chart_twins.py``.
"""
from __future__ import annotations

import argparse
import difflib
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml

from extract import read
from extract.core.model import Document
from extract.find.tables import tables

CORPUS = ROOT.parent / "shared" / "corpus"
_TOKEN = re.compile(r"\w+|[^\w\s]")


def tokens(doc: Document) -> list[str]:
    text = doc.text + "\n" + "\n".join(f.text for f in doc.footnotes)
    return _TOKEN.findall(unicodedata.normalize("NFC", text))


def table_tokens(doc: Document) -> list[str]:
    """Tokens of the body with every table read as its cells, row by row (the repeated
    header of a table continued on the next page once), then the footnotes."""
    chars = list(doc.text)
    at: dict[int, str] = {}
    for t in tables(doc):
        spans = [sp for c in t.cells for sp in c.spans] + list(t.repeated_header)
        if not spans:
            continue
        for a, b in spans:
            chars[a:b] = " " * (b - a)
        # cells in the order the body reads them: row by row for a table, block by block
        # for a Word header table (read as its PDF reads it, clean.order_header_zone)
        cells = sorted(t.cells, key=lambda c: (min((a for a, _b in c.spans), default=len(chars)), c.row, c.col))
        at[min(a for a, _b in spans)] = "\n".join(c.text for c in cells) + "\n"
    body = "".join(at.get(i, "") + ch for i, ch in enumerate(chars))
    text = body + "\n" + "\n".join(f.text for f in doc.footnotes)
    return _TOKEN.findall(unicodedata.normalize("NFC", text))


def agreement(a: list[str], b: list[str]) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() if a or b else 1.0


def pairs(dirs: list[Path]) -> list[tuple[Path, Path]]:
    found = []
    for d in dirs:
        for pdf in sorted(d.rglob("*.pdf")):
            docx = pdf.with_suffix(".docx")
            if docx.exists():
                found.append((pdf, docx))
    return found


def _blind() -> set[str]:
    splits = yaml.safe_load((ROOT / "corpus" / "gold" / "splits.yaml").read_text(encoding="utf-8"))
    return {p for k in ("test", "test2") for p in splits.get(k) or []}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="*", type=Path, help="folders holding NAME.pdf beside NAME.docx "
                                                       "(default: ../shared/corpus, held-out splits left out)")
    ap.add_argument("--show", type=int, default=0, help="print the first N differing runs of each pair")
    args = ap.parse_args(argv)
    found = pairs(args.dirs or [CORPUS])
    if not args.dirs:
        blind = _blind()
        found = [(p, d) for p, d in found
                 if str(p.relative_to(CORPUS)) not in blind and str(d.relative_to(CORPUS)) not in blind]
    scores, by_cells = [], []
    for pdf, docx in found:
        dp, dd = read(pdf), read(docx)
        ta, tb = tokens(dp), tokens(dd)
        s = agreement(ta, tb)
        c = agreement(table_tokens(dp), table_tokens(dd))
        scores.append(s)
        by_cells.append(c)
        charts = [sum(r.kind == "chart" for r in d.removed) for d in (dp, dd)]
        print(f"{s:.4f}  tables as cells {c:.4f}  {len(ta):6d}/{len(tb):<6d} tokens  "
              f"charts pdf {charts[0]} docx {charts[1]}  {pdf.with_suffix('')}")
        for d, side in ((dp, "pdf"), (dd, "docx")):
            for r in d.removed:
                if r.kind == "chart":
                    print(f"        {side} p{r.page}:{r.line} caption: {getattr(r, 'caption', None)!r}")
        if args.show:
            sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
            shown = 0
            for op, a0, a1, b0, b1 in sm.get_opcodes():
                if op == "equal":
                    continue
                print(f"        {op}: pdf {' '.join(ta[a0:a1])[:120]!r} | docx {' '.join(tb[b0:b1])[:120]!r}")
                shown += 1
                if shown >= args.show:
                    break
    if scores:
        print(f"mean {sum(scores) / len(scores):.4f} over {len(scores)} pair(s); min {min(scores):.4f}; "
              f"tables as cells: mean {sum(by_cells) / len(by_cells):.4f}, min {min(by_cells):.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
