"""Evaluation of date extraction against hand-made gold annotations.

Gold files (``corpus/gold/dates/*.json``): ``{"file", "sha256", "dates": [{"text",
"start_date", "end_date"}]}``, one entry per mention in reading order, annotated by reading
the document (see each file's ``scope``).  A prediction is right when its quote (blanks
collapsed, case folded) and its interval both equal a gold entry's; each gold entry is
matched at most once, so a mention written three times must be found three times.

Two scores per document and micro-averaged: ``mentions`` (quote and interval) and
``intervals`` (the interval alone: does the document's list of periods come out right,
whatever the exact quote boundaries).
"""
from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from extract.core.model import DateMention, Document
from extract.evaluate.references import prf, real_gold, same_file
from extract.find.dates import extract_dates
from extract.ingest.reader import read

__all__ = ["evaluate_dates", "evaluate_file", "main", "print_report", "run"]


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _items(mentions: Iterable[DateMention | dict[str, Any]]) -> list[tuple[str, str | None, str | None]]:
    out = []
    for m in mentions:
        if isinstance(m, dict):
            out.append((_norm(m["text"]), m.get("start_date"), m.get("end_date")))
        else:
            out.append((_norm(m.text), m.start_date, m.end_date))
    return out


def _score(pred: list[tuple], gold: list[tuple]) -> tuple[dict[str, Any], list[tuple], list[tuple]]:
    pc, gc = Counter(pred), Counter(gold)
    tp = sum(min(c, pc[k]) for k, c in gc.items())
    missed = sorted((pc - gc).elements(), key=str), sorted((gc - pc).elements(), key=str)
    return prf(tp, sum(pc.values()) - tp, sum(gc.values()) - tp), missed[0], missed[1]


def evaluate_dates(doc: Document | list[DateMention], gold: dict[str, Any]) -> dict[str, Any]:
    """Precision/recall/F1 of ``extract_dates(doc)`` (``doc``: a Document, or a list of
    mentions already extracted) against a gold annotation, with the misses listed."""
    if isinstance(doc, list):
        mentions = doc
    else:

        mentions = extract_dates(doc)
    pred = _items(mentions)
    gold_items = _items(gold["dates"])
    res: dict[str, Any] = {}
    res["mentions"], extra, missing = _score(pred, gold_items)
    res["intervals"], _, _ = _score([p[1:] for p in pred], [g[1:] for g in gold_items])
    res["misses"] = {"missing": [f"{t} [{s}..{e}]" for t, s, e in missing],
                     "extra": [f"{t} [{s}..{e}]" for t, s, e in extra]}
    return res


def evaluate_file(path: Path, gold: dict[str, Any]) -> dict[str, Any]:
    """Read ``path`` with the product's reader and score its dates; refuses a file whose
    sha256 is not the annotated one (the annotation would not be about it)."""

    if not same_file(path, gold):
        return {"error": "sha256 differs from the annotated file"}
    return evaluate_dates(read(path), gold)


def run(gold_dir: Path, corpus_root: Path) -> dict[str, Any]:
    """Score every annotated document present under ``corpus_root``; micro-averaged."""
    per_doc: dict[str, dict[str, Any]] = {}
    for f, gold in real_gold(gold_dir, corpus_root):
        per_doc[gold["file"]] = evaluate_file(f, gold)
    ok = [r for r in per_doc.values() if "error" not in r]
    micro = {}
    for kind in ("mentions", "intervals"):
        micro[kind] = prf(sum(r[kind]["tp"] for r in ok), sum(r[kind]["fp"] for r in ok),
                           sum(r[kind]["fn"] for r in ok))
    return {"documents": per_doc, "micro": micro}


def print_report(result: dict[str, Any], out: TextIO | None = None) -> None:
    """Per document, then overall, then what was missed and what was extra."""
    out = out or sys.stdout
    for name, r in result["documents"].items():
        if "error" in r:
            print(f"{name}: {r['error']}", file=out)
            continue
        m, i = r["mentions"], r["intervals"]
        print(f"{name:52s} mentions P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f}  "
              f"intervals F1={i['f1']:.3f}  (tp={m['tp']} fp={m['fp']} fn={m['fn']})", file=out)
        for k, v in r["misses"].items():
            if v:
                print(f"    {k}: {v}", file=out)
    for kind, v in result["micro"].items():
        print(f"overall {kind:9s} P={v['precision']:.4f} R={v['recall']:.4f} F1={v['f1']:.4f} "
              f"(tp={v['tp']} fp={v['fp']} fn={v['fn']})", file=out)


def main(argv: list[str] | None = None) -> int:
    """``python -m extract.evaluate.dates [GOLD_DIR [CORPUS_ROOT]]``: defaults are the
    project's ``corpus/gold/dates`` and ``../shared/corpus``."""
    argv = sys.argv[1:] if argv is None else argv
    root = Path(__file__).resolve().parents[2]
    gold_dir = Path(argv[0]) if argv else root / "corpus" / "gold" / "dates"
    corpus = Path(argv[1]) if len(argv) > 1 else root.parent / "shared" / "corpus"
    result = run(gold_dir, corpus)
    if not result["documents"]:
        print(f"no annotated documents found ({gold_dir}, {corpus})", file=sys.stderr)
        return 2
    print_report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
