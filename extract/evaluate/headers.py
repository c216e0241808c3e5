"""Evaluation of the header parser (type, number, date, issuer, signer) against gold.

Two splits, scored separately:

* ``tuning``: ``corpus/gold/headers/*.json`` — ``{"file", "sha256", "header": {"type",
  "number", "date", "issuer", "signer"}, "note"}``, written while tuning the parser;
* ``test``: the untuned split of ``corpus/gold/splits.yaml``, whose headers were written by
  annotators who do not tune (the ``header`` field of ``corpus/gold/checks/*.json``);
* ``own``: the project's own header documents in ``corpus/headers/`` (written by
  ``scripts/make_header_corpus.py`` in the shapes the conventions allow, each with its
  ``<name>.gold.json``), read from the project, not from the shared corpus;
* ``blind``: documents of the tuning split that annotators who do not tune wrote gold for
  in ``corpus/gold/checks/`` (from session 6), scored on that gold's ``header`` field: the
  same documents as ``tuning`` read by a second, blind reader, so that where the parser
  and ``tuning`` agree with each other but not with a blind annotator shows (a convention
  the tuning gold settled one way and blind annotators, like those of the test splits,
  read another).  Its misses are printed: it is tuning material.

A field is right when the parser's value equals the gold's after normalisation (``None``
equals ``None``: a blank a document does not have must stay blank):

* every field: NFC, one tone-placement convention, case folded, blanks collapsed, the
  punctuation ``, . ; :`` and spaces around ``-``/``/`` dropped;
* ``number``: a number without its numeral (``/BC-UBND`` of a draft, ``/2025/TT-BTC``) is
  no number (``None``);
* ``issuer``: the abbreviations ``UBND``, ``HĐND``, ``TP`` are written out; the issuing body
  alone or under its parent (``UBND TỈNH LÂM ĐỒNG SỞ NỘI VỤ``) are both right;
* ``signer``: the name alone.

A document that cannot be read, or whose sha256 differs from the annotated file's, counts
as wrong on every field it has a gold value for (it is listed, not hidden).
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any, TextIO

import yaml

from extract.core.errors import ReadError
from extract.core.text import nfc, tone_normalize
from extract.evaluate import held_out
from extract.ingest.reader import read, sha256_file

__all__ = ["FIELDS", "MARKED", "evaluate_header", "load_split", "main", "normalise", "print_report", "run"]

FIELDS = ("type", "number", "date", "issuer", "signer")

_PUNCT = re.compile(r"[,.;:()\"“”]")
_ABBREV = [(re.compile(r"\bubnd\b"), "ủy ban nhân dân"), (re.compile(r"\bhđnd\b"), "hội đồng nhân dân"),
           (re.compile(r"\btp\b"), "thành phố")]


def normalise(field: str, value: Any) -> str | None:
    """The form in which a predicted and a gold value are compared."""
    if value is None:
        return None
    s = tone_normalize(nfc(str(value))).casefold()
    s = re.sub(r"\s*([-/])\s*", r"\1", s)
    if field == "number":
        s = "".join(s.split())
        return s if s[:1].isdigit() else None
    s = " ".join(_PUNCT.sub(" ", s).split())
    if field == "issuer":
        s = s.replace("uỷ", "ủy")
        for pat, full in _ABBREV:
            s = pat.sub(full, s)
    return s or None


# what the OCR reader says of a header field it could not vouch for (``meta["ocr"][field]``):
# a field so marked is not silently wrong, whatever its value
MARKED = frozenset({"unreadable", "low confidence", "not found"})


def predicted(doc: Any) -> dict[str, Any]:
    """The five fields as the product gives them for a Document."""
    h = doc.header
    ocr = doc.meta.get("ocr") or {}
    marked = sorted(f for f in ("number", "date", "signer")
                    if isinstance(ocr.get(f), dict) and ocr[f].get("status") in MARKED)
    return {"type": h.doc_type, "number": h.number, "date": h.date, "issuer": h.issuer,
            "parent": h.parent_issuer, "signer": h.signer.name if h.signer else None,
            "marked": marked}


def evaluate_header(pred: dict[str, Any], gold: dict[str, Any]) -> dict[str, bool]:
    """Per field: is the prediction right?"""
    out = {}
    for f in FIELDS:
        g = normalise(f, gold.get(f))
        p = normalise(f, pred.get(f))
        ok = p == g
        if not ok and f == "issuer" and pred.get("parent") and g is not None:
            ok = normalise(f, f"{pred['parent']} {pred.get('issuer') or ''}") == g
        out[f] = ok
    return out


def load_split(project: Path, split: str) -> list[dict[str, Any]]:
    """Gold records ``{"file", "sha256", "header"}`` of one split (``tuning``, ``blind``, ``test``,
    ``test2`` or ``own``)."""
    gold_dir = project / "corpus" / "gold"
    out = []
    if split == "own":
        for gp in sorted((project / "corpus" / "headers").glob("*.gold.json")):
            out.append(json.loads(gp.read_text(encoding="utf-8")))
    elif split == "tuning":
        for gp in sorted((gold_dir / "headers").glob("*.json")):
            out.append(json.loads(gp.read_text(encoding="utf-8")))
    elif split == "blind":  # tuning documents with a blind annotation: never a test split's
        held = held_out(project)
        for gp in sorted((gold_dir / "checks").glob("*.json")):
            rec = json.loads(gp.read_text(encoding="utf-8"))
            if rec.get("file") and rec["file"] not in held and isinstance(rec.get("header"), dict):
                out.append(rec)
    else:
        listed = set(yaml.safe_load((gold_dir / "splits.yaml").read_text(encoding="utf-8")).get(split) or [])
        for gp in sorted((gold_dir / "checks").glob("*.json")):
            rec = json.loads(gp.read_text(encoding="utf-8"))
            if rec.get("file") in listed and isinstance(rec.get("header"), dict):
                out.append(rec)
    return out


def run(project: Path, shared: Path,
        splits: tuple[str, ...] = ("tuning", "blind", "test", "test2", "own")) -> dict[str, Any]:
    """Score every split: per document its fields right or wrong, per field the accuracy.
    The splits of the shared corpus are left out when it is absent."""
    result: dict[str, Any] = {}
    for split in splits:
        base = project / "corpus" / "headers" if split == "own" else shared
        if not base.is_dir():
            continue
        docs: dict[str, Any] = {}
        for rec in load_split(project, split):
            path = base / rec["file"]
            if not path.exists():
                continue
            gold = rec["header"]
            entry: dict[str, Any] = {"gold": gold}
            if sha256_file(path) != rec.get("sha256"):
                entry["error"] = "sha256 differs from the annotated file"
            else:
                try:
                    entry["pred"] = predicted(read(path))
                except ReadError as exc:
                    entry["error"] = f"cannot read: {exc.reason}"
            if "pred" in entry:
                entry["right"] = evaluate_header(entry["pred"], gold)
            else:  # nothing read: right only where the gold is blank too
                entry["right"] = {f: gold.get(f) is None for f in FIELDS}
            docs[rec["file"]] = entry
        if not docs:
            continue
        fields = {f: sum(d["right"][f] for d in docs.values()) / len(docs) for f in FIELDS}
        # right, or marked by the OCR reader as unreadable: the wrong ones left are silent
        for d in docs.values():
            marked = set(d.get("pred", {}).get("marked", ()))
            d["right_or_marked"] = {f: d["right"][f] or f in marked for f in FIELDS}
        readable = [d for d in docs.values() if "error" not in d]
        result[split] = {"documents": docs, "fields": fields, "n": len(docs),
                         "unreadable": len(docs) - len(readable),
                         "fields_readable": {f: sum(d["right"][f] for d in readable) / len(readable) if readable
                                             else 0.0 for f in FIELDS}}
    return result


def print_report(result: dict[str, Any], *, misses: bool = True, out: TextIO | None = None) -> None:
    """Per split: accuracy per field, then (with ``misses``) every wrong field — of the
    tuning, blind and own splits only: the untuned test splits print their totals alone."""
    out = out or sys.stdout
    for split, r in result.items():
        extra = f", {r['unreadable']} unreadable" if r["unreadable"] else ""
        print(f"{split} split: {r['n']} document(s){extra}", file=out)
        n_read = r["n"] - r["unreadable"]
        for f, acc in r["fields"].items():
            right = sum(d["right"][f] for d in r["documents"].values())
            line = f"  {f:7s} {acc:.3f}  ({right}/{r['n']})"
            if r["unreadable"]:
                line += f"   on the {n_read} readable: {r['fields_readable'][f]:.3f}"
            marked = sum(d["right_or_marked"][f] for d in r["documents"].values())
            if marked != right:
                line += f"   right or marked unreadable: {marked / r['n']:.3f} ({marked}/{r['n']})"
            print(line, file=out)
        if not misses or split in ("test", "test2"):
            continue  # the untuned split: totals only, so that nobody tunes on its misses
        for name, d in r["documents"].items():
            if "error" in d:
                print(f"    {name}: {d['error']}", file=out)
                continue
            for f in FIELDS:
                if not d["right"][f]:
                    said = " (marked unreadable)" if d["right_or_marked"][f] else ""
                    print(f"    {name}: {f}: got {d['pred'].get(f)!r}, gold {d['gold'].get(f)!r}{said}", file=out)


def main(argv: list[str] | None = None) -> int:
    """``python -m extract.evaluate.headers [PROJECT [SHARED]]``."""
    argv = sys.argv[1:] if argv is None else argv
    root = Path(argv[0]) if argv else Path(__file__).resolve().parents[2]
    shared = Path(argv[1]) if len(argv) > 1 else root.parent / "shared" / "corpus"
    result = run(root, shared, ("tuning",))
    if not result:
        print(f"no annotated documents found ({root}, {shared})", file=sys.stderr)
        return 2
    print_report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
