"""``baocao eval --kinds checks``: the checks against what careful readers found, per split.

The untuned splits **test** and **test2** (``corpus/gold/splits.yaml``; test2 was frozen a
session later, when spreadsheets, Word 97 files and scans became readable) have gold written
by annotators who do not tune: every checkable statement (its figures as written, page) and every real
inconsistency (``corpus/gold/checks/*.json``).  The **tuning** split is every other
readable document of ../shared/corpus; its gold is the list of findings a developer
verified as real (``corpus/gold/checks-tune.yaml``), so a finding there is either
confirmed or counted against the tool; a tuning document annotated in full by a blind
reader also has its ``corpus/gold/checks/*.json`` (session 6 on), whose statements give
the tuning split a recognition figure of its own.

Per split: errors and warnings found; how many are real (matched to the gold: same page,
the finding's figures among the statement's, and the figure it calls wrong — its stated
value — one of them: two small counts shared by chance do not make a table total's finding
the annotated one); false errors per 100 pages; real
inconsistencies found (as error or warning) out of those present; statements
recognised (a statement of the tool holding every figure of a gold statement, on its
page; on a spreadsheet, with a figure in the gold's cell, values compared at the decimals
the cell displays) out of those annotated.  On the test splits only the totals are printed (its
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
from extract.evaluate import HELD_OUT, load_splits
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
    covered: int = 0  # not recognised by one tool statement, but by several (see _covered)
    unreadable: str | None = None
    adjudicated_real: int = 0  # unmatched errors a blind reviewer later found real
    false: list[dict[str, Any]] = field(default_factory=list)   # findings not matched to the gold
    missed: list[dict[str, Any]] = field(default_factory=list)  # gold inconsistencies not found
    kinds: Counter[str] = field(default_factory=Counter)        # recognised / annotated by kind
    kinds_total: Counter[str] = field(default_factory=Counter)
    wheres: Counter[str] = field(default_factory=Counter)        # recognised / annotated by where (text, table)
    wheres_total: Counter[str] = field(default_factory=Counter)
    unrecognised: list[dict[str, Any]] = field(default_factory=list)  # gold statements no tool statement holds
    failed_stages: list[str] = field(default_factory=list)  # pipeline stages that raised (Extraction.errors)


#: a figure's value for matching: (absolute value, decimals written).  Figures carry no sign
#: (a leading "-" is not part of the number), so neither do the gold's.
Num = tuple[Decimal, int]

SPREADSHEETS = ("xlsx", "xls")


def _readings(texts: list[str]) -> set[frozenset[Num]]:
    """The distinct figures written as text ("1.889", "19.314,870", "80,15 %", "-34.573"),
    each as its readings (value, decimals written): one, or two for an ambiguous one — a
    spreadsheet's cell copied as an English-locale viewer shows it ("67,902", "928,433")
    reads both ways, as "51.000" does.  The same value written twice ("12.000.000 =
    12.000.000") is one figure."""
    out: dict[frozenset[Decimal], frozenset[Num]] = {}
    for t in texts:
        for m in NUMBER_RE.finditer(str(t)):
            alts = frozenset((p.value.normalize(), p.precision) for maj in (None, "vi", "en")
                             if (p := try_parse(m.group(0), majority=maj)) is not None)
            if alts:
                out.setdefault(frozenset(v for v, _p in alts), alts)
    return set(out.values())


def _nums(texts: list[str]) -> set[Num]:
    """Every reading of the figures written as text."""
    return {n for alts in _readings(texts) for n in alts}


def _values(texts: list[str]) -> set[Decimal]:
    """Numeric values of figures written as text ("1.889", "19.314,870", "80,15 %")."""
    return {v for v, _p in _nums(texts)}


def _decimals(d: Decimal) -> int:
    exp = d.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def _figure_nums(fig: Figure) -> set[Num]:
    """The figure's values, without their sign as the gold's are (a spreadsheet's negative
    cell, "-2.130.488", is read with its sign)."""
    out = {(abs(fig.value).normalize(), fig.precision)}
    for v in (fig.numerator, fig.denominator, fig.low, fig.high):
        if v is not None:
            out.add((abs(v).normalize(), _decimals(v)))
    return out


def _figure_values(fig: Figure) -> set[Decimal]:
    return {v for v, _p in _figure_nums(fig)}


def _same(a: Num, b: Num, rounded: bool) -> bool:
    """Is ``a`` the figure ``b``?  Equal values; in a spreadsheet (``rounded``) also a value
    that is the other one at fewer decimals: the gold writes a cell as displayed ("711,6",
    "384,55") where the reader takes the cached value (711,602; 384,547), or the gold writes
    more decimals than the reader's text keeps.  Both are rounded to the fewer decimals
    written (half a unit of the last one, either rounding direction of a tie)."""
    if a[0] == b[0]:
        return True
    if not rounded:
        return False
    p = min(a[1], b[1])
    return abs(a[0] - b[0]) <= Decimal(5).scaleb(-p - 1)


def _held(alts: frozenset[Num], tool: set[Num], rounded: bool) -> bool:
    return any(_same(g, t, rounded) for g in alts for t in tool)


def _common(gold: set[frozenset[Num]], tool: set[Num], rounded: bool) -> int:
    """How many of the gold's distinct figures the tool's figures hold."""
    return sum(_held(alts, tool, rounded) for alts in gold)


def _holds(gold: set[frozenset[Num]], tool: set[Num], rounded: bool) -> bool:
    """Does the tool hold every one of the gold's figures (an ambiguous one under a reading)?"""
    return all(_held(alts, tool, rounded) for alts in gold)


def _finding_nums(doc: Document, f: Finding, figs_at: dict[tuple[int, int], Figure]) -> set[Num]:
    vals: set[Num] = set()
    for _role, a, b in f.involved:
        fig = figs_at.get((a, b))
        vals |= _figure_nums(fig) if fig is not None else _nums([doc.text[a:b]])
    if not vals:
        vals = _nums([f.stated or "", f.computed or ""])
    return vals


def _finding_values(doc: Document, f: Finding, figs_at: dict[tuple[int, int], Figure]) -> set[Decimal]:
    return {v for v, _p in _finding_nums(doc, f, figs_at)}


def _page(doc: Document, offset: int | None) -> int | None:
    return doc.locate(offset)[0] if offset is not None and doc.kind == "pdf" else None


def _near(p: int | None, q: int | None) -> bool:
    return p is None or q is None or abs(p - q) <= 1


def _cells(doc: Document, offsets: list[int]) -> set[str]:
    """The spreadsheet cells ("Sheet1!C7") of these offsets: a spreadsheet's "page"."""
    return {c for o in offsets if (c := doc.cell_at(o)) is not None}


def _anchored(gold_cell: str | None, cells: set[str]) -> bool:
    """On a spreadsheet the gold names the cell of its statement (one of its figures); a
    tool statement or finding is about it only when one of its figures is in that cell.
    Without a gold cell (or a tool without cells) the page test alone applies."""
    return not gold_cell or not cells or gold_cell in cells


def _statement_nums(s: Statement, figs: list[Figure]) -> set[Num]:
    out: set[Num] = set()
    for i in s.figure_indices():
        out |= _figure_nums(figs[i])
    return out


def _statement_values(s: Statement, figs: list[Figure]) -> set[Decimal]:
    return {v for v, _p in _statement_nums(s, figs)}


def _checked_readings(s: dict[str, Any]) -> set[frozenset[Num]]:
    """The gold statement's figures that its relation checks.  ``figures`` lists every
    figure of the statement as written, including ones its relation leaves out (a band's
    threshold in "đạt từ 80% trở lên, chiếm 75%", a row's year label); when the relation
    names at least two of them, those are the statement — a threshold is not checked (gold
    README) — else all of them."""
    gfigs = _readings(s.get("figures", []))
    rel = _readings([s.get("relation") or ""])
    rel_values = {v for alts in rel for v, _p in alts}
    named = {alts for alts in gfigs if any(v in rel_values for v, _p in alts)}
    return named if len(named) >= 2 else gfigs


def _same_inconsistency(incons: list[dict[str, Any]], stmts: dict[str, dict[str, Any]]) -> list[int]:
    """For each gold inconsistency, the first one of the list that is the same inconsistency:
    on the same page (or cell) with the figures of one among the other's (or the same one
    figure, not 0: a "%" row holding 124, listed once by its figure alone).  The tuning
    split's gold lists some twice — in the developer-verified checks-tune.yaml and again in
    the blind annotation of the same document — and a finding of it finds both."""
    def key(k: int) -> tuple[Any, Any, set[frozenset[Decimal]]]:
        s = stmts.get(str(incons[k].get("statement")), {})
        return s.get("page"), s.get("cell"), {frozenset(v for v, _p in alts) for alts in _readings(s.get("figures", []))}

    keys = [key(k) for k in range(len(incons))]
    out: list[int] = []
    for k, (page, cell, vals) in enumerate(keys):
        out.append(next((out[i] for i, (p, c, v) in enumerate(keys[:k])
                         if p == page and c == cell and (
                             (len(v) >= 2 and len(vals) >= 2 and (v <= vals or vals <= v))
                             or (v == vals and len(v) == 1 and Decimal(0) not in next(iter(v))))), k))
    return out


def _credited(edges: dict[int, list[int]], severity: dict[int, set[str]], found: dict[int, str]) -> set[int]:
    """The gold inconsistencies found: each credited to a finding of its own, as many as can
    be (a maximum matching of gold to findings by augmenting paths).  A gold that lists one
    inconsistency twice — the developer-verified list and a blind annotation of the same
    document — or one per column is found when the tool has a finding for each; a finding
    that matches several gold entries by their figures alone (a row's "0") credits one.
    Findings are first matched to gold of their own severity (errors first), then the
    matching is grown over the other edges, so a gold that lists one inconsistency once as
    an error and once as a warning is credited on the side of the tool's verdict."""
    owner: dict[int, int] = {}  # finding -> gold

    def augment(k: int, seen: set[int], same: bool) -> bool:
        for j in edges.get(k, ()):
            if j in seen or (same and found[j] not in severity[k]):
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen, same):
                owner[j] = k
                return True
        return False

    order = sorted(edges, key=lambda k: ("error" not in severity[k], k))
    done = {k for k in order if augment(k, set(), True)}
    return done | {k for k in order if k not in done and augment(k, set(), False)}


def evaluate_document(doc: Document, gold: dict[str, Any], ex: Extraction | None = None) -> DocScore:
    """One document against its gold (statements, inconsistencies).

    A tool statement recognises a gold statement when it holds every value of the gold's
    figures, near its page; on a spreadsheet (no pages) when one of its figures is in the
    gold's cell, values compared at the decimals displayed.  A gold statement of fewer than
    two distinct values is counted only where its cell pins it down (a spreadsheet): by
    values alone any statement holding that one value would match."""
    ex = ex or Extraction(doc)
    report = check_document(ex)
    score_failed = sorted(ex.errors)
    figs = ex.figures
    figs_at = {(f.start, f.end): f for f in figs}
    sheet = doc.kind in SPREADSHEETS
    score = DocScore(gold["file"], int(gold.get("pages") or 1))
    score.failed_stages = score_failed
    stmts = {s["id"]: s for s in gold.get("statements", [])}
    incons = gold.get("inconsistencies", [])
    edges: dict[int, list[int]] = {}  # gold inconsistency -> the findings that match it
    for j, f in enumerate(report.findings):
        if f.severity not in ("error", "warning"):
            continue
        vals = _finding_nums(doc, f, figs_at)
        page = _page(doc, f.start)
        cells = _cells(doc, [a for _r, a, _b in f.involved] + ([f.start] if f.start is not None else []))
        stated = _nums([f.stated]) if f.stated else set()
        hit = False
        for k, inc in enumerate(incons):
            s = stmts.get(inc.get("statement"), {})
            gfigs = _readings(s.get("figures", []))
            common = _common(gfigs, vals, sheet)
            if (_near(page, s.get("page")) and (not sheet or _anchored(s.get("cell"), cells))
                    and common >= min(2, len(vals), len(gfigs)) and common
                    and (not stated or _common(gfigs, stated, sheet))):
                edges.setdefault(k, []).append(j)
                hit = True
        if f.severity == "error":
            score.errors += 1
        else:
            score.warnings += 1
        if hit:
            if f.severity == "error":
                score.real_errors += 1
            else:
                score.real_warnings += 1
        else:
            score.false.append({"rule": f.rule, "severity": f.severity, "page": page,
                                "line": doc.locate(f.start)[1] if f.start is not None else None,
                                "stated": f.stated, "computed": f.computed})
    same = _same_inconsistency(incons, stmts)
    merged: dict[int, list[int]] = {}
    kinds: dict[int, set[str]] = {}
    for k, inc in enumerate(incons):
        merged.setdefault(same[k], []).extend(edges.get(k, ()))
        kinds.setdefault(same[k], set()).add("error" if inc.get("severity") == "error" else "warning")
    found = _credited(merged, kinds, {j: f.severity for j, f in enumerate(report.findings)})
    matched_gold = {k for k in range(len(incons)) if same[k] in found}
    for k, inc in enumerate(incons):
        if inc.get("severity") == "error":
            score.gold_errors += 1
            score.gold_errors_found += k in matched_gold
        else:
            score.gold_warnings += 1
            score.gold_warnings_found += k in matched_gold
        if k not in matched_gold:
            score.missed.append({"statement": inc.get("statement"), "severity": inc.get("severity")})
    tool = [(_statement_nums(s, figs), s.page if doc.kind == "pdf" else None,
             _cells(doc, [figs[i].start for i in s.figure_indices()]) if sheet else set())
            for s in ex.statements]
    tool_n = [(vals, page, cells, len(set(st.figure_indices()))) for (vals, page, cells), st in zip(tool, ex.statements)]
    n_of = {id(vals): n for vals, _p, _c, n in tool_n}
    for s in stmts.values():
        gfigs = _checked_readings(s)
        cell = s.get("cell") if sheet else None
        if not gfigs or (len(gfigs) < 2 and not cell):
            continue
        score.statements += 1
        score.kinds_total[s.get("kind", "?")] += 1
        where = f"{s.get('kind', '?')} in {s.get('where') or '?'}"
        score.wheres_total[where] += 1
        if any(_holds(gfigs, vals, sheet) and _near(page, s.get("page")) and _anchored(cell, cells)
               for vals, page, cells in tool):
            score.recognised += 1
            score.kinds[s.get("kind", "?")] += 1
            score.wheres[where] += 1
        elif _covered(gfigs, [(vals, page, cells) for vals, page, cells, n in tool_n
                               if _near(page, s.get("page")) and _anchored(cell, cells)], n_of, sheet,
                      s.get("kind")):
            score.covered += 1
            score.unrecognised.append({"id": s.get("id"), "where": where, "page": s.get("page"), "covered": True,
                                       "figures": s.get("figures", []), "relation": s.get("relation")})
        else:
            score.unrecognised.append({"id": s.get("id"), "where": where, "page": s.get("page"),
                                       "figures": s.get("figures", []), "relation": s.get("relation")})
    return score


#: gold kinds whose bundled statements may be covered by several of the tool's (see _covered)
_BUNDLED_KINDS = ("share", "table_total")


def _covered(gfigs: set[frozenset[Num]], near: list[tuple[set[Num], Any, set[str]]], n_of: dict[int, int],
             sheet: bool, kind: str | None) -> bool:
    """A gold share or table total that no single tool statement holds, but that several
    tool statements hold between them, each one wholly inside it: the annotator bundled a
    row's two rates, or a total row's columns, into one statement ("a/b = c %, d/b = e %"),
    where the tool states one relation per rate or column.  A tool statement is *inside*
    when at least two of the gold's figures are among its values and it has no more figures
    than it holds of the gold's (so it is not a larger relation sharing two figures).  The
    eval prints this count apart from ``recognised``: it credits the relations, not the
    annotator's grouping."""
    if kind not in _BUNDLED_KINDS or len(gfigs) < 3:
        return False
    seen: set[frozenset[Num]] = set()
    for vals, _page, _cells in near:
        held = {alts for alts in gfigs if _held(alts, vals, sheet)}
        if len(held) >= max(2, n_of.get(id(vals), 99)):
            seen |= held
    return seen == gfigs


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
    splits = load_splits(project)
    held_out = {f for name in HELD_OUT for f in splits.get(name) or []}
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
        gpath = _gold_path(gold_dir, rel)
        if gpath is not None:
            # A tuning document annotated in full by a blind reader: its statements and
            # inconsistencies join the developer-verified findings of checks-tune.yaml.
            # Its ids are prefixed so they cannot collide with the yaml's.
            annotated = json.loads(gpath.read_text(encoding="utf-8"))
            gold["statements"] = gold["statements"] + [
                {**st, "id": f"a:{st['id']}"} for st in annotated.get("statements", [])]
            gold["inconsistencies"] = gold["inconsistencies"] + [
                {**inc, "statement": f"a:{inc.get('statement')}"} for inc in annotated.get("inconsistencies", [])]
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
                  "gold_warnings", "gold_warnings_found", "statements", "recognised", "covered",
                  "adjudicated_real"):
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
            if t["covered"]:
                both = t["recognised"] + t["covered"]
                print(f"  with bundled shares and totals held by several statements of the tool: {both}/{t['statements']} "
                      f"({100 * both / t['statements']:.0f} %; {t['covered']} covered)", file=out)
            wheres: Counter[str] = Counter()
            wheres_total: Counter[str] = Counter()
            for s in scores:
                wheres.update(s.wheres)
                wheres_total.update(s.wheres_total)
            print("  by kind and place: " + ", ".join(f"{k} {wheres[k]}/{n}" for k, n in sorted(wheres_total.items())),
                  file=out)
        failed = Counter(stage for s in scores for stage in s.failed_stages)
        if failed:
            print("  pipeline stages that raised (documents): " + ", ".join(f"{k} {n}" for k, n in sorted(failed.items())),
                  file=out)
        if misses and split == "tune":
            for s in scores:
                for f in s.false:
                    print(f"    {s.file} p{f['page']}:{f['line']} {f['rule']} {f['severity']} "
                          f"stated {f['stated']} computed {f['computed']}", file=out)
            for s in scores:
                for g in s.unrecognised:
                    print(f"    unrecognised {s.file} {g['id']} p{g['page']} {g['where']}: "
                          f"{' '.join(map(str, g['figures']))} — {g['relation']}", file=out)


def to_json(res: dict[str, Any]) -> str:
    return json.dumps({k: _totals(v) for k, v in res.items()}, ensure_ascii=False)
