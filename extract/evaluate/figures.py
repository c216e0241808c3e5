"""Evaluation of figure and statement extraction against hand annotations.

Two gold formats are read:

* ``corpus/gold/figures/<name>.json`` for real documents in ``../shared/corpus``:
  ``{"file", "sha256", "figures": [{"text", "value", "unit"}], "statements": [{"kind",
  "whole", "parts"}]}`` with values as decimal strings, fractions ``"a/b"`` and ranges
  ``"low-high"``;
* ``corpus/<name>.gold.json`` of the synthetic documents (``figures`` with numeric values,
  ``statements`` whose whole and parts are quotes).

Scores:

* figure **values**: precision and recall of the multiset of values (a fraction counts as
  its pair, a range as its two ends);
* **units**: precision and recall of (value, unit) on figures aligned in document order; a
  unit agrees when the gold unit equals the figure's unit or its counted phrase, or one
  starts with the other (case-insensitive) — "dịch vụ công" vs "dịch vụ công trực tuyến";
* **statement membership**: a statement matches a gold one when kind, whole and the multiset
  of parts agree (for a ratio: denominator; numerator and percent); F1 over statements.
  Gold kinds outside this module (``progress``) are skipped and counted.

Tables: the synthetic gold lists each table's cells (``tables``); every number in a data
row (the numbering column left out) is a gold figure too, its unit not scored, and its
``table_total`` statements are scored like the others.  A real-document gold with
``"scope": "tables"`` annotates only the values of the document's tables (a long report
whose prose is not annotated): only table values (``Figure.cell``), the statements that
involve a table value, and the figures those statements link a table to (the count in
"… đối với 2.594 hồ sơ, cụ thể:" above a table) are scored.  A gold with
``"statement_kinds": [...]`` annotates only statements of those kinds; the tool's others
are not scored against it (a kind learnt after the annotation is neither hit nor miss).

``python -m extract.evaluate.figures`` prints per document and overall, and the misses.
"""
from __future__ import annotations

import copy
import difflib
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from extract.core.model import Document, Figure, Statement
from extract.core.numbers import NUMBER_RE, try_parse
from extract.find.extraction import Extraction
from extract.find.tables import is_total_label
from extract.ingest.reader import read

__all__ = ["evaluate_figures", "figure_key", "main"]

ROOT = Path(__file__).resolve().parents[2]
_OUT_OF_SCOPE = {"progress"}


def _d(s: Any) -> str:
    """Canonical text of a decimal: 90.90 → "90.9", 100 → "100" (never "1E+2")."""
    t = format(Decimal(str(s)).normalize(), "f")
    return t


def figure_key(f: Figure) -> str:
    """A figure's value as the gold writes it: ``144/147``, ``12-14`` or ``90.9``."""
    if f.kind == "fraction" and f.denominator is not None:
        return f"{_d(f.numerator)}/{_d(f.denominator)}"
    if f.kind == "range" and f.high is not None:
        return f"{_d(f.low)}-{_d(f.high)}"
    return str(_d(f.value))


def _gold_key(v: Any) -> str:
    s = str(v).strip()
    if "/" in s:
        a, b = s.split("/")
        return f"{_d(a)}/{_d(b)}"
    m = re.fullmatch(r"(\d[\d.]*)-(\d[\d.]*)", s)
    if m:
        return f"{_d(m.group(1))}-{_d(m.group(2))}"
    return str(_d(s))


def _quote_key(q: str, last: bool = False) -> str | None:
    """The number a synthetic gold quote names ("giữ nguyên 352" → 352)."""
    nums = NUMBER_RE.findall(q)
    if not nums:
        return None
    p = try_parse(nums[-1] if last else nums[0])
    return None if p is None else _d(p.value)


_ANY = object()


def _unit_ok(gold: Any, f: Figure) -> bool:
    if gold is _ANY:
        return True
    if gold is None:
        return f.unit is None
    g = gold.lower().strip()
    for cand in (f.unit, f.counted):
        if not cand:
            continue
        c = cand.lower().strip()
        if c == g or c.startswith(g) or g.startswith(c):
            return True
    return False


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "pred": n_pred, "gold": n_gold, "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(f, 4)}


def _statement_key(s: Statement, figs: Sequence[Figure]) -> tuple[str, str | None, tuple[str, ...]]:
    def k(i: int | None) -> str | None:
        return None if i is None else figure_key(figs[i])

    if s.kind == "ratio":
        den = num = None
        if s.denominator is not None:
            f = figs[s.denominator]
            den = str(_d(f.denominator)) if f.kind == "fraction" else k(s.denominator)
        if s.numerator is not None:
            f = figs[s.numerator]
            num = str(_d(f.numerator)) if f.kind == "fraction" else k(s.numerator)
        parts = [x for x in (num, k(s.percent)) if x is not None]
        return s.kind, den, tuple(sorted(parts))
    if s.kind == "remainder" or (s.kind == "table_total" and s.whole_value is not None):
        # the values the roles stand for (a table cell "862/1.266" counts as its 862)
        return s.kind, str(_d(s.whole_value)), tuple(sorted(str(_d(v)) for v in s.part_values))
    return s.kind, k(s.whole), tuple(sorted(figure_key(figs[i]) for i in s.parts))


def _gold_statements(gold: dict[str, Any]) -> tuple[list[tuple[str, str | None, tuple[str, ...]]], int]:
    out: list[tuple[str, str | None, tuple[str, ...]]] = []
    skipped = 0
    synthetic = "body_paragraphs" in gold
    for s in gold.get("statements", []):
        kind = s["kind"]
        if kind in _OUT_OF_SCOPE:
            skipped += 1
            continue
        if synthetic:
            whole = _quote_key(s["whole"]) if s.get("whole") else None
            parts = [_quote_key(p, last=True) for p in s.get("parts", [])]
            if kind == "ratio" and s.get("percent"):
                parts.append(_quote_key(s["percent"]))
        else:
            whole = None if s.get("whole") is None else _gold_key(s["whole"])
            parts = [_gold_key(p) for p in s.get("parts", [])]
        out.append((kind, whole, tuple(sorted(p for p in parts if p is not None))))
    if synthetic:
        # a synthetic table's last row "Tổng cộng" is, by construction, the sum of the
        # column above it (scripts/make_corpus.py table_rows): a table_total statement

        for table in gold.get("tables", []):
            if len(table) < 3 or len(table[-1]) < 2 or not is_total_label(str(table[-1][1])):
                continue
            whole = _quote_key(str(table[-1][-1]))
            tparts = tuple(sorted(k for k in (_quote_key(str(r[-1])) for r in table[1:-1]) if k is not None))
            key = ("table_total", whole, tparts)
            if whole is not None and tparts and key not in out:
                out.append(key)
    return out, skipped


def evaluate_figures(doc: Document, gold: dict[str, Any], *, figures: list[Figure] | None = None,
                     statements: list[Statement] | None = None) -> dict[str, Any]:
    """Scores of one document against its gold (either format; see the module doc).
    Returns ``values``, ``units``, ``statements`` (each with precision/recall/F1) and the
    ``misses``: gold figures not found, figures not in the gold, statements missed and
    spurious."""
    ex = Extraction(doc, figures=figures, statements=statements)
    figures, statements = ex.figures, ex.statements
    if gold.get("scope") == "tables":
        statements = [s for s in statements
                      if any(getattr(figures[i], "cell", False) for i in s.figure_indices())]
        linked = {i for s in statements for i in s.figure_indices()}
        keep = [i for i, f in enumerate(figures) if getattr(f, "cell", False) or i in linked]
        pos = {i: k for k, i in enumerate(keep)}
        figures = [figures[i] for i in keep]
        statements = [_reindex(s, pos) for s in statements]
    gfigs = list(gold.get("figures", [])) + _gold_table_figures(gold)
    gkeys = [_gold_key(g["value"]) for g in gfigs]
    pkeys = [figure_key(f) for f in figures]
    gc, pc = Counter(gkeys), Counter(pkeys)
    tp = sum(min(gc[k], pc[k]) for k in gc)
    values = _prf(tp, len(pkeys), len(gkeys))
    # align in document order for units
    sm = difflib.SequenceMatcher(a=gkeys, b=pkeys, autojunk=False)
    pairs = []
    for blk in sm.get_matching_blocks():
        for i in range(blk.size):
            pairs.append((blk.a + i, blk.b + i))
    # figures the document-order alignment left out are paired by value, in order
    # (the synthetic gold lists a table's cells after the body's figures)
    used_g = {gi for gi, _ in pairs}
    used_p = {pi for _, pi in pairs}
    free: dict[str, list[int]] = {}
    for pi, k in enumerate(pkeys):
        if pi not in used_p:
            free.setdefault(k, []).append(pi)
    for gi, k in enumerate(gkeys):
        if gi not in used_g and free.get(k):
            pairs.append((gi, free[k].pop(0)))

    def gunit(g: dict[str, Any]) -> Any:
        return g["unit"] if "unit" in g else _ANY

    unit_tp = sum(1 for gi, pi in pairs if _unit_ok(gunit(gfigs[gi]), figures[pi]))
    units = _prf(unit_tp, len(pkeys), len(gkeys))
    unit_wrong = [(gfigs[gi]["text"], gfigs[gi].get("unit"), figures[pi].unit, figures[pi].counted)
                  for gi, pi in pairs if not _unit_ok(gunit(gfigs[gi]), figures[pi])]
    # statements
    gst, skipped = _gold_statements(gold)
    # a gold that names the statement kinds it annotates ("statement_kinds") scores only
    # those: a kind the tool learnt after the annotation is neither a hit nor a miss
    kinds = gold.get("statement_kinds")
    pst = [_statement_key(s, figures) for s in statements if not kinds or s.kind in kinds]
    gsc, psc = Counter(gst), Counter(pst)
    stp = sum(min(gsc[k], psc[k]) for k in gsc)
    stm = _prf(stp, len(pst), len(gst))
    stm["skipped_gold"] = skipped
    missed_f = list((gc - pc).elements())
    extra_f = list((pc - gc).elements())
    return {
        "values": values,
        "units": units,
        "statements": stm,
        "misses": {
            "figures_missed": missed_f,
            "figures_extra": [f"{k} «{next(f.text for f in figures if figure_key(f) == k)}»" for k in extra_f],
            "units_wrong": unit_wrong,
            "statements_missed": [list(map(str, k)) for k in (gsc - psc).elements()],
            "statements_extra": [list(map(str, k)) for k in (psc - gsc).elements()],
        },
    }


def _gold_table_figures(gold: dict[str, Any]) -> list[dict[str, Any]]:
    """The numbers of a synthetic gold's tables (``tables``: rows of cell texts, the first
    row the header, the first column the numbering) as gold figures without a unit."""
    if "body_paragraphs" not in gold:
        return []
    out = []
    for table in gold.get("tables", []):
        for row in table[1:]:
            for cell in row[1:]:
                t = str(cell).strip()
                if NUMBER_RE.fullmatch(t) and (n := try_parse(t)) is not None:
                    out.append({"text": t, "value": _d(n.value)})
    return out


def _reindex(s: Statement, pos: dict[int, int]) -> Statement:
    """A copy of a statement whose figure indices point into a filtered figure list."""

    t = copy.copy(s)
    t.whole = None if s.whole is None else pos[s.whole]
    t.parts = [pos[i] for i in s.parts]
    for k in ("percent", "numerator", "denominator"):
        v = getattr(s, k)
        setattr(t, k, None if v is None else pos[v])
    return t


def _sum(results: list[dict[str, Any]], key: str) -> dict[str, Any]:
    tp = sum(r[key]["tp"] for r in results)
    return _prf(tp, sum(r[key]["pred"] for r in results), sum(r[key]["gold"] for r in results))


def _docs(corpus_root: Path) -> list[tuple[str, Path, dict[str, Any]]]:
    out = []
    for g in sorted((ROOT / "corpus" / "gold" / "figures").glob("*.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        path = corpus_root / gold["file"]
        if path.exists():
            out.append((g.stem, path, gold))
    for g in sorted((ROOT / "corpus").glob("*.gold.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        stem = g.name[: -len(".gold.json")]
        src = next((p for p in (ROOT / "corpus").iterdir() if p.stem == stem and p.suffix in (".pdf", ".docx", ".txt")), None)
        if src is not None:
            out.append(("synthetic/" + stem, src, gold))
    return out


def run(corpus_root: Path | None = None) -> dict[str, Any]:
    """Evaluate every gold document found; returns per-document and overall scores
    (overall = micro-average over the real documents; the synthetic ones separately)."""

    corpus_root = corpus_root or ROOT.parent / "shared" / "corpus"
    per: dict[str, Any] = {}
    for name, path, gold in _docs(corpus_root):
        doc = read(path)
        per[name] = evaluate_figures(doc, gold)
    real = [v for k, v in per.items() if not k.startswith("synthetic/")]
    synth = [v for k, v in per.items() if k.startswith("synthetic/")]
    overall = {k: _sum(real, k) for k in ("values", "units", "statements")} if real else {}
    synthetic = {k: _sum(synth, k) for k in ("values", "units", "statements")} if synth else {}
    return {"documents": per, "overall": overall, "synthetic": synthetic}


def print_report(res: dict[str, Any], out: Any = None, *, misses: bool = True) -> None:
    """Per-document and overall scores (real documents; synthetic ones apart), then the misses."""
    out = out or sys.stdout
    line = "{:<42} {:>7} {:>7} {:>7} {:>7} {:>7}"
    print(line.format("document", "val P", "val R", "unit P", "unit R", "stm F1"), file=out)
    for name, r in res["documents"].items():
        print(line.format(name[:42], r["values"]["precision"], r["values"]["recall"], r["units"]["precision"],
                          r["units"]["recall"], r["statements"]["f1"]), file=out)
    for label in ("overall", "synthetic"):
        o = res[label]
        if o:
            print(line.format(label.upper() + (" (real documents)" if label == "overall" else ""),
                              o["values"]["precision"], o["values"]["recall"], o["units"]["precision"],
                              o["units"]["recall"], o["statements"]["f1"]), file=out)
    if not misses:
        return
    print(file=out)
    for name, r in res["documents"].items():
        m = r["misses"]
        if any(m.values()):
            print(f"== {name}", file=out)
            for k, v in m.items():
                for item in v:
                    print(f"   {k}: {item}", file=out)


def main(argv: Sequence[str] | None = None) -> int:
    """Print per-document and overall scores and the misses."""
    args = list(sys.argv[1:] if argv is None else argv)
    root = Path(args[0]) if args else None
    print_report(run(root))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
