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

import hashlib
import json
import re
from pathlib import Path
from typing import Any, Iterable


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
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
    res["keys"] = _prf(len(gold_keys & pred_keys), len(pred_keys - gold_keys), len(gold_keys - pred_keys))
    tp = sum(1 for k, d in gdate.items() if pdate.get(k) == d)
    fp = sum(1 for k, d in pdate.items() if (k in gdate and gdate[k] != d) or (k not in gold_keys))
    fp += sum(1 for k, d in pdate.items() if k in gold_keys and k not in gdate)
    res["dates"] = _prf(tp, fp, len(gdate) - tp)
    tp = sum(1 for k, i in giss.items() if piss.get(k) == i)
    fp = sum(1 for k, i in piss.items() if k not in giss or giss[k] != i)
    res["issuers"] = _prf(tp, fp, len(giss) - tp)
    # mentions: every citation counted (gold "count"); a key cited 3 times and found twice = 2 tp, 1 fn
    from collections import Counter

    pc = Counter(k for k, _, _ in pred)
    gc = {r["key"]: int(r.get("count") or 1) for r in g}
    tp = sum(min(pc.get(k, 0), c) for k, c in gc.items())
    res["mentions"] = _prf(tp, sum(pc.values()) - tp, sum(gc.values()) - tp)
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
        out[kind] = _prf(tp, fp, fn)
    return out


# ---------------------------------------------------------------- stand-alone run (until the CLI is wired)


def _quick_text(path: Path) -> str:
    """Text of a corpus file without the project's readers: pypdfium2 for PDF, python-docx for
    DOCX; line breaks joined (a line ending in a hyphen directly, others with a space)."""
    if path.suffix.lower() == ".pdf":
        import pypdfium2

        pdf = pypdfium2.PdfDocument(str(path))
        raw = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    elif path.suffix.lower() == ".docx":
        import docx

        d = docx.Document(str(path))
        parts = [p.text for p in d.paragraphs]
        for tb in d.tables:
            for row in tb.rows:
                parts.extend(c.text for c in row.cells)
        raw = "\n".join(parts)
    else:
        raw = path.read_text(encoding="utf-8")
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    raw = re.sub(r"[-\ufffe\u00ad][ \t]*\n\s*", "-", raw)
    return re.sub(r"\s*\n\s*", " ", raw)


def run(gold_dir: Path, corpus_root: Path) -> dict[str, Any]:
    from .references import extract_references

    per_doc = {}
    for gp in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gp.read_text(encoding="utf-8"))
        f = corpus_root / gold["file"]
        if not f.exists():
            continue
        if hashlib.sha256(f.read_bytes()).hexdigest() != gold["sha256"]:
            per_doc[gold["file"]] = {"error": "sha256 differs from the annotated file"}
            continue
        refs = extract_references(_quick_text(f))
        per_doc[gold["file"]] = evaluate_references(refs, gold)
    ok = {k: v for k, v in per_doc.items() if "error" not in v}
    return {"documents": per_doc, "micro": micro_average(ok)}


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    result = run(root / "corpus" / "gold" / "references", root.parent / "shared" / "corpus")
    for name, r in result["documents"].items():
        if "error" in r:
            print(f"{name}: {r['error']}")
            continue
        print(f"{name:55s} keys P={r['keys']['precision']:.3f} R={r['keys']['recall']:.3f}  "
              f"dates P={r['dates']['precision']:.3f} R={r['dates']['recall']:.3f}  "
              f"issuers F1={r['issuers']['f1']:.3f}  mentions P={r['mentions']['precision']:.3f} R={r['mentions']['recall']:.3f}")
        for k, v in r["misses"].items():
            if v:
                print(f"    {k}: {v}")
    for kind, v in result["micro"].items():
        print(f"micro {kind:8s} P={v['precision']:.4f} R={v['recall']:.4f} F1={v['f1']:.4f} (tp={v['tp']} fp={v['fp']} fn={v['fn']})")
