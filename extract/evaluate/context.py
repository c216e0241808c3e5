"""Evaluation of figure context — is this number a figure, its value, unit, magnitude,
what it counts and its label — against the gold of ``corpus/gold/context/`` (issues #12
item 3 and #17; the format is that folder's README).

One gold file per split: ``tune.json`` and ``tune2.json`` (two samples of the tuning
split: scored with details; ``tune2`` was drawn and annotated later, by a tuner, so that
the tuning split has a measurement not already tuned to), ``test.json`` and
``test2.json`` (the untuned splits of ``corpus/gold/splits.yaml``: their totals only are
printed, so that nobody tunes on their misses).

**Alignment.**  Each gold item (a number token at ``offset`` of ``Document.text``) is
aligned to the baocao :class:`~extract.core.model.Figure` whose number covers the offset
(``number_start <= offset < number_end``; a fraction or range covers both numbers), or,
failing that, whose span ``start <= offset < end`` does.  A document that cannot be read
or whose sha256 differs from the annotated file's has no figures (its gold figures are
misses, listed in the details).

**Scores.**

* ``is_figure``: precision and recall of "is a figure" over all items (predicted: a
  figure covers the token).
* On the gold figures (``is_figure: true``), the accuracy of each field; a gold figure
  baocao did not find is wrong on every field (``found`` gives the accuracy on the found
  ones as well):

  - ``value``: the gold decimal equals the figure's number at the offset (its value, or
    the second number of a fraction or range when the token is that one), or equals it
    as shown: within half a unit of the last digit of the one with fewer decimals (a
    spreadsheet cell stored with more decimals than its number format shows).
  - ``unit``: the unit *without* its scale word (``Figure.base_unit``: "đồng" for "tỷ
    đồng").  Agree when equal after folding (NFC, one tone convention, case, blanks) and
    mapping each form to its vocabulary unit (``VNĐ``/``đ`` → ``đồng``, ``TTHC`` →
    ``thủ tục hành chính``); a gold list of units ("cơ quan, đơn vị, địa phương") agrees
    with its first item.  Both null agree.
  - ``magnitude``: the gold factor equals ``10 ** Figure.scale``.
  - ``counted`` and ``label`` (phrases): both null agree; otherwise, after folding, they
    agree when equal, or when the shorter (of at least two syllables) stands inside the
    longer as whole words, or when rapidfuzz's ``token_set_ratio`` is ≥ 90 and both have
    at least two syllables.  That is lenient on purpose (a counted phrase "hồ sơ TTHC"
    agrees with "hồ sơ TTHC được hỗ trợ"); ``exact`` reports strict equality after
    folding beside it.

``python -m extract.evaluate.context`` prints the tuning samples; ``baocao eval --kinds
context`` prints every split (``BAOCAO_CONTEXT=rules|underthesea`` chooses the path).
"""
from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TextIO

from rapidfuzz import fuzz

from extract.core.errors import ReadError
from extract.core.model import Document, Figure
from extract.core.numbers import try_parse
from extract.core.text import nfc, tone_normalize
from extract.find.extraction import Extraction
from extract.find.figures import group_index
from extract.ingest.reader import read

__all__ = ["FIELDS", "SPLITS", "agree_phrase", "agree_unit", "align", "main", "print_report", "run", "score_items"]

SPLITS = ("tune", "tune2", "test", "test2")
FIELDS = ("value", "unit", "magnitude", "counted", "label")
BLIND = {"test", "test2"}


def fold(s: str | None) -> str | None:
    """NFC, one tone convention, case folded, blanks collapsed, outer punctuation off."""
    if s is None:
        return None
    t = " ".join(tone_normalize(nfc(str(s))).casefold().split()).strip(" ,.;:-–")
    return t or None


def _canon_unit(u: str) -> str:
    f = fold(u) or ""
    g = group_index().get(f)
    return fold(g) or f if g else f


def agree_unit(gold: str | None, pred: str | None) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    g, p = _canon_unit(gold), _canon_unit(pred)
    if g == p:
        return True
    first = re.split(r",|\s+và\s+", fold(gold) or "")[0].strip()
    return bool(first) and _canon_unit(first) == p


def _contains(long: str, short: str) -> bool:
    return f" {short} " in f" {long} "


def agree_phrase(gold: str | None, pred: str | None) -> bool:
    """The lenient rule of the module doc."""
    g, p = fold(gold), fold(pred)
    if g is None or p is None:
        return g is None and p is None
    if g == p:
        return True
    short, long = sorted((g, p), key=len)
    if len(short.split()) >= 2 and _contains(long, short):
        return True
    if len(g.split()) >= 2 and len(p.split()) >= 2:
        return fuzz.token_set_ratio(g, p) >= 90
    return False


def exact_phrase(gold: str | None, pred: str | None) -> bool:
    return fold(gold) == fold(pred)


def align(figures: Sequence[Figure], offset: int) -> Figure | None:
    """The figure whose number covers ``offset``, else the one whose span does."""
    for f in figures:
        if f.number_start <= offset < max(f.number_end, f.number_start + 1):
            return f
    for f in figures:
        if f.start <= offset < f.end:
            return f
    return None


def _number_at(doc_text: str, f: Figure, offset: int) -> Decimal | None:
    """The figure's number written at ``offset``: its value, or the second number of a
    fraction or range."""
    if offset <= f.number_start or f.kind not in ("fraction", "range"):
        return f.value
    return f.denominator if f.kind == "fraction" else f.high


def predicted(doc_text: str, f: Figure | None, offset: int) -> dict[str, Any]:
    if f is None:
        return {"is_figure": False}
    return {"is_figure": True, "value": _number_at(doc_text, f, offset), "unit": f.base_unit if f.base_unit is not None else f.unit,
            "unit_written": f.unit, "magnitude": 10 ** f.scale, "counted": f.counted, "label": f.label,
            "text": f.text}


def _dec(s: Any) -> Decimal | None:
    try:
        return Decimal(str(s))
    except (InvalidOperation, ValueError):
        p = try_parse(str(s))
        return p.value if p else None


def _same_value(gold: Decimal | None, pred: Decimal | None) -> bool:
    """Equal, or equal as shown: a spreadsheet cell stored as 1,631380704 and shown (with
    its number format) as 1,63 — the gold may give either, so the two agree within half a
    unit of the last digit of the one with fewer decimals."""
    if gold is None or pred is None:
        return False
    if gold == pred:
        return True
    e = max(int(gold.as_tuple().exponent), int(pred.as_tuple().exponent))
    return abs(gold - pred) <= Decimal(1).scaleb(e) / 2


def score_item(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, bool]:
    """Per field: is the prediction right (the gold item being a figure)?"""
    if not pred.get("is_figure"):
        return dict.fromkeys(FIELDS, False) | {"exact_counted": False, "exact_label": False}
    gv = _dec(gold.get("value"))
    pv = pred.get("value")
    return {
        "value": _same_value(gv, pv),
        "unit": agree_unit(gold.get("unit"), pred.get("unit")),
        "magnitude": int(gold.get("magnitude") or 1) == int(pred.get("magnitude") or 1),
        "counted": agree_phrase(gold.get("counted"), pred.get("counted")),
        "label": agree_phrase(gold.get("label"), pred.get("label")),
        "exact_counted": exact_phrase(gold.get("counted"), pred.get("counted")),
        "exact_label": exact_phrase(gold.get("label"), pred.get("label")),
    }


def _figures(path: Path, sha256: str | None, cache: dict[str, Any]) -> tuple[Document | None, list[Figure], str | None]:
    key = str(path)
    if key not in cache:
        try:
            doc = read(path)
        except ReadError as exc:
            cache[key] = (None, [], f"cannot read: {exc.reason}")
        else:
            if sha256 and doc.sha256 != sha256:
                cache[key] = (None, [], "sha256 differs from the annotated file")
            else:
                cache[key] = (doc, Extraction(doc).figures, None)
    return cache[key]


_DIGITS = re.compile(r"\d(?:[\d.,]*\d)?")


def locate_item(doc: Document, it: dict[str, Any]) -> int:
    """The item's offset in the document as read now.  The gold keeps the offset the
    sampler saw, with the token and its cell (spreadsheets) or page and line; when the
    reader has changed the text since (a cell now shown with its format's decimals), the
    token is found again in its cell, or on its page and line nearest the old offset; a
    cell whose number is now shown otherwise gives its first number."""
    off, tok = int(it["offset"]), str(it.get("token") or "")
    if tok and doc.text[off:off + len(tok)] == tok and (not it.get("cell") or doc.cell_at(off) == it["cell"]):
        return off  # the same token at the same place (and, in a sheet, in the same cell: "0" of "0,0" elsewhere is not)
    if it.get("cell"):
        spans = [(g.start, g.end) for g in doc.segments if g.cell == it["cell"]]
    else:
        spans = [(g.start, g.end) for g in doc.segments if (g.page, g.line) == (it.get("page"), it.get("line"))]
    hits = [m.start() for a, b in spans for m in _DIGITS.finditer(doc.text, a, b) if m.group() == tok]
    if not hits and it.get("cell"):
        hits = [m.start() for a, b in spans[:1] for m in _DIGITS.finditer(doc.text, a, b)][:1]
    return min(hits, key=lambda h: abs(h - off)) if hits else off


def score_items(items: list[dict[str, Any]], shared: Path) -> dict[str, Any]:
    """Score the items of one split; ``rows`` keep each item's gold, prediction and verdicts."""
    cache: dict[str, Any] = {}
    rows = []
    for it in items:
        doc, figs, err = _figures(shared / it["file"], it.get("sha256"), cache)
        off = locate_item(doc, it) if doc is not None else int(it["offset"])
        f = align(figs, off) if doc is not None else None
        pred = predicted(doc.text if doc else "", f, off)
        row: dict[str, Any] = {"gold": it, "pred": pred, "error": err}
        if it.get("is_figure"):
            row["right"] = score_item(it, pred)
        rows.append(row)
    tp = sum(1 for r in rows if r["gold"].get("is_figure") and r["pred"]["is_figure"])
    n_pred = sum(1 for r in rows if r["pred"]["is_figure"])
    n_gold = sum(1 for r in rows if r["gold"].get("is_figure"))
    gold_rows = [r for r in rows if r["gold"].get("is_figure")]
    found = [r for r in gold_rows if r["pred"]["is_figure"]]
    keys = (*FIELDS, "exact_counted", "exact_label")
    acc = {k: (sum(r["right"][k] for r in gold_rows) / len(gold_rows) if gold_rows else 0.0) for k in keys}
    acc_found = {k: (sum(r["right"][k] for r in found) / len(found) if found else 0.0) for k in keys}
    return {"n": len(rows), "figures": n_gold, "found": len(found),
            "is_figure": {"tp": tp, "pred": n_pred, "gold": n_gold,
                          "precision": tp / n_pred if n_pred else 1.0, "recall": tp / n_gold if n_gold else 1.0},
            "accuracy": acc, "accuracy_found": acc_found, "rows": rows}


def load_split(project: Path, split: str) -> list[dict[str, Any]]:
    p = project / "corpus" / "gold" / "context" / f"{split}.json"
    if not p.exists():
        return []
    return list(json.loads(p.read_text(encoding="utf-8")).get("items") or [])


def run(project: Path, shared: Path, splits: Sequence[str] = SPLITS) -> dict[str, Any]:
    """Score every split whose gold file exists (and the real corpus is at hand)."""
    out: dict[str, Any] = {}
    if not shared.is_dir():
        return out
    for split in splits:
        items = load_split(project, split)
        if items:
            out[split] = score_items(items, shared)
    return out


def print_report(result: dict[str, Any], *, misses: bool = True, out: TextIO | None = None) -> None:
    """Per split: is_figure precision/recall and the accuracy of each field on the gold
    figures; the tuning split also lists its misses (the untuned splits: totals only)."""
    out = out or sys.stdout
    for split, r in result.items():
        isf = r["is_figure"]
        print(f"{split} split: {r['n']} items, {r['figures']} gold figures, {r['found']} found", file=out)
        print(f"  is_figure  precision {isf['precision']:.3f} ({isf['tp']}/{isf['pred']})  "
              f"recall {isf['recall']:.3f} ({isf['tp']}/{isf['gold']})", file=out)
        for k in (*FIELDS, "exact_counted", "exact_label"):
            right = round(r["accuracy"][k] * r["figures"])
            print(f"  {k:14s} {r['accuracy'][k]:.3f} ({right}/{r['figures']})   on the found: "
                  f"{r['accuracy_found'][k]:.3f}", file=out)
        if not misses or split in BLIND:
            continue
        for row in r["rows"]:
            g, p = row["gold"], row["pred"]
            where = f"{g['file']}@{g['offset']} {g['token']!r}"
            if bool(g.get("is_figure")) != bool(p["is_figure"]):
                why = f" ({row['error']})" if row["error"] else ""
                print(f"    {where}: is_figure gold {g.get('is_figure')} ({g.get('kind')}), got {p['is_figure']}{why}",
                      file=out)
                continue
            if not g.get("is_figure"):
                continue
            for k in FIELDS:
                if not row["right"][k]:
                    gv = g.get(k)
                    pv = p.get(k)
                    print(f"    {where}: {k}: got {pv!r}, gold {gv!r}", file=out)


def main(argv: list[str] | None = None) -> int:
    """``python -m extract.evaluate.context [PROJECT [SHARED]]``: the tuning samples."""
    argv = sys.argv[1:] if argv is None else argv
    root = Path(argv[0]) if argv else Path(__file__).resolve().parents[2]
    shared = Path(argv[1]) if len(argv) > 1 else root.parent / "shared" / "corpus"
    result = run(root, shared, ("tune", "tune2"))
    if not result:
        print(f"no context gold found ({root}, {shared})", file=sys.stderr)
        return 2
    print_report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
