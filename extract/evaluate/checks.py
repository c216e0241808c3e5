"""``baocao eval --kinds checks``: the checks against what careful readers found, per split.

The untuned splits **test** and **test2** (``corpus/gold/splits.yaml``; test2 was frozen a
session later, when spreadsheets, Word 97 files and scans became readable) have gold written
by annotators who do not tune: every checkable statement (its figures as written, page) and every real
inconsistency (``corpus/gold/checks/*.json``).  The **tuning** split is every other
readable document of ../shared/corpus; its gold is the list of findings a developer
verified as real (``corpus/gold/checks-tune.yaml``), so a finding there is either
confirmed or counted against the tool.

Per split: errors and warnings found; how many are real (matched to the gold: same page,
and the finding's figures among the statement's); false errors per 100 pages; real
inconsistencies found (as error or warning) out of those present; statements
recognised (a statement of the tool holding every figure of a gold statement, on its
page) out of those annotated.  On the test splits only the totals are printed (its
documents are not read while tuning); ``--misses`` lists the tuning split's details.
"""
from __future__ import annotations

import hashlib
import json
import math
import sys
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import yaml

from extract.checks import check_document
from extract.core.errors import ReadError
from extract.core.model import Document, Figure, Finding, Statement
from extract.core.numbers import NUMBER_RE, try_parse
from extract.find.extraction import Extraction
from extract.ingest.reader import read
from extract.ingest.walk import is_report_name

__all__ = ["DocScore", "evaluate_document", "run", "print_report"]


@dataclass
class DocScore:
    file: str
    pages: int
    errors: int = 0
    warnings: int = 0
    real_errors: int = 0
    real_warnings: int = 0
    gold_errors: int = 0
    gold_errors_found: int = 0
    gold_warnings: int = 0
    gold_warnings_found: int = 0
    statements: int = 0
    recognised: int = 0
    unreadable: str | None = None
    adjudicated_real: int = 0  # unmatched errors a blind reviewer later found real
    false: list[dict[str, Any]] = field(default_factory=list)   # findings not matched to the gold
    missed: list[dict[str, Any]] = field(default_factory=list)  # gold inconsistencies not found
    kinds: Counter[str] = field(default_factory=Counter)        # recognised / annotated by kind
    kinds_total: Counter[str] = field(default_factory=Counter)


def _values(texts: list[str]) -> set[Decimal]:
    """Numeric values of figures written as text ("1.889", "19.314,870", "80,15 %")."""
    out: set[Decimal] = set()
    for t in texts:
        for m in NUMBER_RE.finditer(str(t)):
            for maj in (None, "vi"):
                p = try_parse(m.group(0), majority=maj)
                if p is not None:
                    out.add(p.value.normalize())
    return out


def _figure_values(fig: Figure) -> set[Decimal]:
    vals = {fig.value.normalize()}
    for v in (fig.numerator, fig.denominator, fig.low, fig.high):
        if v is not None:
            vals.add(v.normalize())
    return vals


def _finding_values(doc: Document, f: Finding, figs_at: dict[tuple[int, int], Figure]) -> set[Decimal]:
    vals: set[Decimal] = set()
    for _role, a, b in f.involved:
        fig = figs_at.get((a, b))
        vals |= _figure_values(fig) if fig is not None else _values([doc.text[a:b]])
    if not vals:
        vals = _values([f.stated or "", f.computed or ""])
    return vals


def _page(doc: Document, offset: int | None) -> int | None:
    return doc.locate(offset)[0] if offset is not None and doc.kind == "pdf" else None


def _near(p: int | None, q: int | None) -> bool:
    return p is None or q is None or abs(p - q) <= 1


def _statement_values(s: Statement, figs: list[Figure]) -> set[Decimal]:
    out: set[Decimal] = set()
    for i in s.figure_indices():
        out |= _figure_values(figs[i])
    return out


def evaluate_document(doc: Document, gold: dict[str, Any], ex: Extraction | None = None) -> DocScore:
    """One document against its gold (statements, inconsistencies)."""
    ex = ex or Extraction(doc)
    report = check_document(ex)
    figs = ex.figures
    figs_at = {(f.start, f.end): f for f in figs}
    score = DocScore(gold["file"], int(gold.get("pages") or 1))
    stmts = {s["id"]: s for s in gold.get("statements", [])}
    incons = gold.get("inconsistencies", [])
    matched_gold: set[int] = set()
    for f in report.findings:
        if f.severity not in ("error", "warning"):
            continue
        vals = _finding_values(doc, f, figs_at)
        page = _page(doc, f.start)
        hit = None
        for k, inc in enumerate(incons):
            s = stmts.get(inc.get("statement"), {})
            gvals = _values(s.get("figures", []))
            if _near(page, s.get("page")) and len(vals & gvals) >= min(2, len(vals), len(gvals)) and vals & gvals:
                hit = k
                break
        if f.severity == "error":
            score.errors += 1
        else:
            score.warnings += 1
        if hit is not None:
            matched_gold.add(hit)
            if f.severity == "error":
                score.real_errors += 1
            else:
                score.real_warnings += 1
        else:
            score.false.append({"rule": f.rule, "severity": f.severity, "page": page,
                                "line": doc.locate(f.start)[1] if f.start is not None else None,
                                "stated": f.stated, "computed": f.computed})
    for k, inc in enumerate(incons):
        if inc.get("severity") == "error":
            score.gold_errors += 1
            score.gold_errors_found += k in matched_gold
        else:
            score.gold_warnings += 1
            score.gold_warnings_found += k in matched_gold
        if k not in matched_gold:
            score.missed.append({"statement": inc.get("statement"), "severity": inc.get("severity")})
    tool = [(s, _statement_values(s, figs), s.page if doc.kind == "pdf" else None) for s in ex.statements]
    for s in stmts.values():
        gvals = _values(s.get("figures", []))
        if len(gvals) < 2:
            continue
        score.statements += 1
        score.kinds_total[s.get("kind", "?")] += 1
        if any(gvals <= vals and _near(page, s.get("page")) for _t, vals, page in tool):
            score.recognised += 1
            score.kinds[s.get("kind", "?")] += 1
    return score


def _gold_path(gold_dir: Path, rel: str) -> Path | None:
    """The gold file of ``rel``: ``<folder>--<stem>.json``, or ``<folder>--<name>.json`` where
    the stem is shared with a twin in another format (a form as PDF and as .xlsx)."""
    base = rel.replace("/", "--")
    for name in (base + ".json", base.rsplit(".", 1)[0] + ".json"):
        p = gold_dir / name
        if p.exists() and json.loads(p.read_text(encoding="utf-8")).get("file") == rel:
            return p
    return None


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _pages(doc: Document) -> int:
    return doc.pages if doc.kind == "pdf" and doc.pages else max(1, math.ceil(len(doc.text) / 3000))


def run(project: Path, shared: Path) -> dict[str, Any]:
    """Scores of both splits: ``{"test": [DocScore…], "tune": [DocScore…]}``."""
    splits = yaml.safe_load((project / "corpus" / "gold" / "splits.yaml").read_text(encoding="utf-8"))
    held_out = set(splits["test"]) | set(splits.get("test2") or [])
    out: dict[str, Any] = {"test": [], "test2": [], "tune": []}
    gold_dir = project / "corpus" / "gold" / "checks"
    for split in ("test", "test2"):
        for rel in sorted(splits.get(split) or []):
            path = shared / rel
            gpath = _gold_path(gold_dir, rel)
            if not path.exists() or gpath is None:
                continue
            gold = json.loads(gpath.read_text(encoding="utf-8"))
            try:
                doc = read(path)
            except ReadError as exc:
                out[split].append(DocScore(rel, int(gold.get("pages") or 1), unreadable=str(exc),
                                           gold_errors=sum(i.get("severity") == "error" for i in gold["inconsistencies"]),
                                           gold_warnings=sum(i.get("severity") != "error"
                                                             for i in gold["inconsistencies"]),
                                           statements=len(gold["statements"])))
                continue
            if gold.get("sha256") and gold["sha256"] != _sha(path):
                print(f"warning: {rel} changed since it was annotated", file=sys.stderr)
            out[split].append(evaluate_document(doc, gold))
    tune_gold_path = project / "corpus" / "gold" / "checks-tune.yaml"
    tune_gold = yaml.safe_load(tune_gold_path.read_text(encoding="utf-8")) if tune_gold_path.exists() else {}
    for path in sorted(p for p in shared.rglob("*") if p.is_file() and is_report_name(p.name)):
        rel = path.relative_to(shared).as_posix()
        if rel in held_out or "ground-truth" in rel:
            continue
        try:
            doc = read(path)
        except ReadError:
            continue
        entry = (tune_gold or {}).get(rel) or {}
        gold = {"file": rel, "pages": _pages(doc), "statements": entry.get("statements", []),
                "inconsistencies": entry.get("inconsistencies", [])}
        out["tune"].append(evaluate_document(doc, gold))
    for split in ("test", "test2"):
        _apply_adjudication(out[split], project / "corpus" / "gold" / "checks-adjudicated.yaml")
    return out


def _apply_adjudication(scores: list[DocScore], path: Path) -> None:
    """Errors the blind gold does not list, judged afterwards by a reviewer who does not
    tune (``corpus/gold/checks-adjudicated.yaml``): the ones found real are counted apart,
    so both figures — against the blind gold, and after adjudication — can be reported."""
    if not path.exists():
        return
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    real = {(e["file"], e["rule"], e.get("page"), e.get("line"), str(e.get("stated")))
            for e in entries if e.get("verdict") == "real"}
    for sc in scores:
        for f in sc.false:
            if f["severity"] == "error" and (sc.file, f["rule"], f["page"], f["line"], str(f["stated"])) in real:
                sc.adjudicated_real += 1


def _totals(scores: list[DocScore]) -> dict[str, Any]:
    t: dict[str, Any] = Counter()
    for s in scores:
        for k in ("pages", "errors", "warnings", "real_errors", "real_warnings", "gold_errors", "gold_errors_found",
                  "gold_warnings", "gold_warnings_found", "statements", "recognised", "adjudicated_real"):
            t[k] += getattr(s, k)
    t["documents"] = len(scores)
    t["unreadable"] = sum(1 for s in scores if s.unreadable)
    t["false_errors"] = t["errors"] - t["real_errors"]
    t["false_errors_per_100_pages"] = round(100 * t["false_errors"] / t["pages"], 2) if t["pages"] else 0.0
    return dict(t)


def print_report(res: dict[str, Any], *, misses: bool = False, out: TextIO = sys.stdout) -> None:
    for split in ("test", "test2", "tune"):
        scores = res.get(split) or []
        if not scores:
            continue
        t = _totals(scores)
        print(f"{split}: {t['documents']} documents ({t['unreadable']} unreadable), {t['pages']} pages", file=out)
        print(f"  errors {t['errors']} (real {t['real_errors']}, false {t['false_errors']}: "
              f"{t['false_errors_per_100_pages']} per 100 pages); warnings {t['warnings']} (real {t['real_warnings']})",
              file=out)
        if t.get("adjudicated_real"):
            left = t["false_errors"] - t["adjudicated_real"]
            print(f"  after adjudication of the unmatched errors: {t['adjudicated_real']} found real, "
                  f"{left} false ({round(100 * left / t['pages'], 2)} per 100 pages)", file=out)
        if t["gold_errors"] or t["gold_warnings"]:
            print(f"  real inconsistencies found: errors {t['gold_errors_found']}/{t['gold_errors']}, "
                  f"warnings {t['gold_warnings_found']}/{t['gold_warnings']}", file=out)
        if t["statements"]:
            kinds: Counter[str] = Counter()
            totals: Counter[str] = Counter()
            for s in scores:
                kinds.update(s.kinds)
                totals.update(s.kinds_total)
            by_kind = ", ".join(f"{k} {kinds[k]}/{n}" for k, n in totals.most_common())
            print(f"  statements recognised: {t['recognised']}/{t['statements']} "
                  f"({100 * t['recognised'] / t['statements']:.0f} %) — {by_kind}", file=out)
        if misses and split == "tune":
            for s in scores:
                for f in s.false:
                    print(f"    {s.file} p{f['page']}:{f['line']} {f['rule']} {f['severity']} "
                          f"stated {f['stated']} computed {f['computed']}", file=out)


def to_json(res: dict[str, Any]) -> str:
    return json.dumps({k: _totals(v) for k, v in res.items()}, ensure_ascii=False)
