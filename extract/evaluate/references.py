"""Evaluation of reference extraction against hand-made gold annotations.

Gold files (``corpus/gold/references/*.json``): ``{"file", "sha256", "references": [{"key",
"date", "issuer_code", "count"}]}``.  Predictions: an iterable of ``(key, date, issuer_code)``
triples, one per mention, in reading order (or Reference objects).

Three scores per document and micro-averaged over documents:
- ``keys``: the set of distinct keys;
- ``dates``: the (key, date) pairs of keys for which the gold states a date (a prediction
  counts when it gives that key a date; it is right when the date is equal);
- ``issuers``: the (key, issuer_code) pairs;
- ``mentions``: every citation, using the gold ``count`` per key.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from extract.find.references import extract_from_document
from extract.ingest.reader import read, sha256_file


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def _triples(pred: Iterable[Any]) -> list[tuple[str, str | None, str | None]]:
    out = []
    for p in pred:
        if hasattr(p, "key"):
            if getattr(p, "kind", "numbered") != "numbered":
                continue
            out.append((p.key, p.date, p.issuer_code))
        elif isinstance(p, dict):
            out.append((p["key"], p.get("date"), p.get("issuer_code")))
        else:
            k, d, *rest = p
            out.append((k, d, rest[0] if rest else None))
    return out


def evaluate_references(pred_keys_dates: Iterable[Any], gold: dict[str, Any]) -> dict[str, Any]:
    """Scores of one document's predictions against its gold annotation (see module doc)."""
    pred = _triples(pred_keys_dates)
    g = gold["references"]
    gold_keys = {r["key"] for r in g}
    pred_keys = {k for k, _, _ in pred}
    # first date / issuer given to each predicted key
    pdate: dict[str, str] = {}
    piss: dict[str, str] = {}
    for k, d, i in pred:
        if d and k not in pdate:
            pdate[k] = d
        if i and k not in piss:
            piss[k] = i
    gdate = {r["key"]: r["date"] for r in g if r.get("date")}
    giss = {r["key"]: r["issuer_code"] for r in g if r.get("issuer_code")}
    res: dict[str, Any] = {}
    res["keys"] = prf(len(gold_keys & pred_keys), len(pred_keys - gold_keys), len(gold_keys - pred_keys))
    tp = sum(1 for k, d in gdate.items() if pdate.get(k) == d)
    fp = sum(1 for k, d in pdate.items() if (k in gdate and gdate[k] != d) or (k not in gold_keys))
    fp += sum(1 for k, d in pdate.items() if k in gold_keys and k not in gdate)
    res["dates"] = prf(tp, fp, len(gdate) - tp)
    tp = sum(1 for k, i in giss.items() if piss.get(k) == i)
    fp = sum(1 for k, i in piss.items() if k not in giss or giss[k] != i)
    res["issuers"] = prf(tp, fp, len(giss) - tp)
    # mentions: every citation counted (gold "count"); a key cited 3 times and found twice = 2 tp, 1 fn

    pc = Counter(k for k, _, _ in pred)
    gc = {r["key"]: int(r.get("count") or 1) for r in g}
    tp = sum(min(pc.get(k, 0), c) for k, c in gc.items())
    res["mentions"] = prf(tp, sum(pc.values()) - tp, sum(gc.values()) - tp)
    res["misses"] = {
        "missing_keys": sorted(gold_keys - pred_keys),
        "extra_keys": sorted(pred_keys - gold_keys),
        "wrong_dates": sorted(f"{k}: gold {gdate.get(k)} pred {pdate.get(k)}" for k in set(gdate) | set(pdate)
                              if k in gold_keys and gdate.get(k) != pdate.get(k)),
        "mention_counts": sorted(f"{k}: gold {c} pred {pc.get(k, 0)}" for k, c in gc.items() if pc.get(k, 0) != c),
        "wrong_issuers": sorted(f"{k}: gold {giss.get(k)} pred {piss.get(k)}" for k in giss if piss.get(k) != giss[k]),
    }
    return res


def micro_average(per_doc: dict[str, dict[str, Any]]) -> dict[str, Any]:
    out = {}
    for kind in ("keys", "dates", "issuers", "mentions"):
        tp = sum(r[kind]["tp"] for r in per_doc.values())
        fp = sum(r[kind]["fp"] for r in per_doc.values())
        fn = sum(r[kind]["fn"] for r in per_doc.values())
        out[kind] = prf(tp, fp, fn)
    return out


# ---------------------------------------------------------------- runs over the gold sets


def synthetic_gold(gold_file: Path) -> dict[str, Any]:
    """The project corpus's generator gold (``corpus/*.gold.json``) in the reference-gold
    shape: its keys carry the type name ("Nghị định 107/2020/NĐ-CP"), the code is the last word."""
    data = json.loads(gold_file.read_text(encoding="utf-8"))
    counts: dict[str, dict[str, Any]] = {}
    for r in data.get("references", []):
        key = r["key"].split()[-1]
        entry = counts.setdefault(key, {"key": key, "date": None, "issuer_code": r.get("issuer_code"),
                                        "count": 0})
        entry["count"] += 1
        entry["date"] = entry["date"] or r.get("date")
    return {"file": gold_file.name, "sha256": data["sha256"], "references": list(counts.values())}


def real_gold(gold_dir: Path, corpus_root: Path) -> list[tuple[Path, dict[str, Any]]]:
    """(file, gold) for every hand annotation in ``gold_dir`` whose file is present
    under ``corpus_root`` (the real corpus may be absent: then nothing)."""
    out = []
    if gold_dir.is_dir() and corpus_root.is_dir():
        for gp in sorted(gold_dir.glob("*.json")):
            gold = json.loads(gp.read_text(encoding="utf-8"))
            f = corpus_root / gold["file"]
            if f.exists():
                out.append((f, gold))
    return out


def same_file(path: Path, gold: dict[str, Any]) -> bool:
    """Is ``path`` the file the gold was annotated on (its sha256)?"""

    return sha256_file(path) == gold["sha256"]


def evaluate_file(path: Path, gold: dict[str, Any]) -> dict[str, Any]:
    """Read ``path`` with the product's reader and score its references against ``gold``."""

    if not same_file(path, gold):
        return {"error": "sha256 differs from the annotated file"}
    return evaluate_references(extract_from_document(read(path)), gold)


def run(gold_dir: Path, corpus_root: Path, project_corpus: Path | None = None) -> dict[str, Any]:
    """Score every annotated document that is present: real ones (gold_dir, files under
    corpus_root) and the project's own (``project_corpus/*.gold.json``)."""
    per_doc: dict[str, dict[str, Any]] = {}
    for f, gold in real_gold(gold_dir, corpus_root):
        per_doc[gold["file"]] = evaluate_file(f, gold)
    if project_corpus is not None:
        for gp in sorted(project_corpus.glob("*.gold.json")):
            stem = gp.name[: -len(".gold.json")]
            src = next((p for p in project_corpus.iterdir() if p.stem == stem and p.suffix != ".json"), None)
            if src is not None:
                per_doc[f"corpus/{src.name}"] = evaluate_file(src, synthetic_gold(gp))
    ok = {k: v for k, v in per_doc.items() if "error" not in v}
    return {"documents": per_doc, "micro": micro_average(ok)}


def print_report(result: dict[str, Any], out=None) -> None:
    """Per document, then micro-averaged precision/recall/F1 per kind, then the misses."""

    out = out or sys.stdout
    for name, r in result["documents"].items():
        if "error" in r:
            print(f"{name}: {r['error']}", file=out)
            continue
        print(f"{name:58s} keys P={r['keys']['precision']:.3f} R={r['keys']['recall']:.3f}  "
              f"dates P={r['dates']['precision']:.3f} R={r['dates']['recall']:.3f}  "
              f"issuers F1={r['issuers']['f1']:.3f}  mentions P={r['mentions']['precision']:.3f} "
              f"R={r['mentions']['recall']:.3f}", file=out)
        for k, v in r["misses"].items():
            if v:
                print(f"    {k}: {v}", file=out)
    for kind, v in result["micro"].items():
        print(f"overall {kind:8s} P={v['precision']:.4f} R={v['recall']:.4f} F1={v['f1']:.4f} "
              f"(tp={v['tp']} fp={v['fp']} fn={v['fn']})", file=out)


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[2]
    print_report(run(root / "corpus" / "gold" / "references", root.parent / "shared" / "corpus", root / "corpus"))
