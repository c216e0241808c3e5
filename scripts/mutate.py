"""Mutation suite for the number rules (issue #5, item 6).

    python scripts/mutate.py [--corpus DIR]... [--json FILE] [--max-per-doc N]
                             [--per-statement N] [--seed S] [--limit N] [--workers N]
    python scripts/mutate.py --from-gold --split tune|test|test2 [--max-per-doc N] [--workers N]

Default corpora: ``../shared/corpus`` (real documents, read-only) and the project's own
``corpus/`` (synthetic).  What it measures:

1. **Recall on seeded errors.**  Every *consistent* statement — a statement of a kind the
   number rules check (:func:`extract.checks.engine.checkable`; complements included) on which no NUM/TAB finding fires — is mutated one written number at a time:
   a digit changed, two adjacent digits transposed, the last written digit ±1, one item of
   a complete list of three or more dropped (label, number and separator, so that the
   rest is still the same list).  Each mutation is judged by an oracle that restates the
   claim each rule tests (complete list: parts = whole; partial list: parts ≤ whole;
   range: end point by end point; ratio: a/b within the rounding of P %; remainder: done
   + left = total; complements: sum = 100 %) with the rounding intervals of DESIGN.md (a
   figure written with d decimals stands for ±½·10⁻ᵈ, counts are exact).  A change
   within the tolerance, or an equally valid text (a part of a partial "trong đó có" list
   lowered), is a *valid edit*: run, but not counted.  The mutated document goes through
   figures → statements → checks again and the mutation is *flagged* when a NUM/TAB
   finding that was not there before involves one of the statement's numbers (the
   mutated one included) — or, for a finding that names no figures, overlaps it.  A
   missed mutation is listed with what the extractor made of the mutated text and a
   probable cause (the rule filters of :mod:`extract.checks.numbers` that skipped it).
   Tables are mutated like text: total rows, section totals, parent rows, total columns,
   rate rows and columns, and score rows (score / maximum = index, TAB005); the report
   gives the share flagged for text and for tables apart, and per shape of table statement.
   ``--split tune|test|test2`` runs one split of ../shared/corpus; the untuned test splits
   print their totals only.
2. **False alarms on untouched documents.**  Every error finding (all rules) on the
   untouched real documents, per 100 pages (PDF: its pages; DOCX/RTF/text: characters /
   3000, an estimate), overall and per folder.  Unreadable files are listed; a document
   whose text equals another's, or a ``ground-truth`` transcript of a document that was
   read, is counted once.

3. **Recall on the annotated statements** (``--from-gold``, issue #12).  The suite above
   mutates only what the tool already recognised, so it cannot see what the tool misses.
   This mode takes the statements a careful reader annotated (corpus/gold/checks/, the
   documents of one split) that hold, and changes ONE figure of each in the document:
   the figure as written is located on its page (a PDF: the page's text span from the
   page/line map), in its gold cell or else its row (a spreadsheet; "." and "," of the
   display may be exchanged), or in the whole text; among several occurrences, the one
   followed and preceded by most of the statement's other figures in order wins, and a
   figure with no unique place is not mutated ('unlocatable'; a day or month of a date is
   never the figure).  The change certainly breaks the relation under every rounding
   reading: the leading significant digit moved by 4 or 5 (1–4 → 6–9, 5–9 → 1–5; 100 →
   60), far more than half a last digit of each figure; a partial list (parts ≤ whole) has
   its whole (the largest figure) lowered under half the next largest; a threshold of a
   share after a threshold is never changed (only figures in the relation are); ranges
   (containment or end points?) and units (no arithmetic) are skipped.  Flagged as above:
   a new NUM/TAB finding that involves the mutated number or another located figure of the
   statement.  Reported overall, for text and tables (gold ``where``) and per gold kind;
   the untuned splits print totals only and write no JSON.  At most 40 statements per
   document (``--max-per-doc``), taken from each kind and place in turn.

The mutated document is the original :class:`~extract.core.model.Document` with the edit
spliced into its text and every offset after it (line map, header spans, footnote
anchors, PDF table cells) shifted: the header, the period, the DOCX table structure and
the page/line map stay exactly as read.  (``reader.document_from_text`` would re-clean the
text and lose the DOCX tables, so a mutated DOCX would not be the same document.)

Cost: each mutation re-runs the whole pipeline on its document (0,1–2 s).  By default a
document contributes at most 12 statements (taken from each kind in turn) and a statement
at most 4 mutations (one of each type in turn, on numbers not mutated yet), which keeps
the whole corpus to a few minutes on two cores; ``--max-per-doc 0 --per-statement 0``
runs every possible mutation (about 2 900 on the corpus; 20 minutes).  Documents are
planned in parallel and their mutations run in chunks spread over the workers.

Output: a text report on stdout; ``--json FILE`` writes everything (every mutation with
its verdict, the statements used, the findings on untouched documents).
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extract.checks import check_document, checkable  # noqa: E402
from extract.core.errors import ReadError  # noqa: E402
from extract.core.model import Document  # noqa: E402
from extract.find import (
    extract_figures,  # noqa: E402
    extract_statements,  # noqa: E402
)
from extract.find.statements import statement_values  # noqa: E402

EXTS = {".pdf", ".docx", ".txt", ".rtf", ".doc", ".xlsx", ".xls"}
NUM_SELECT = ("NUM", "TAB")
CHARS_PER_PAGE = 3000
DEFAULT_MAX_PER_DOC = 12
DEFAULT_PER_STATEMENT = 4
MUTATION_TYPES = ("digit", "transpose", "±1", "drop")
_ROUNDED_UNIT_KINDS = ("money", "percent", "score", "area", "length")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*")


# =========================================================================== documents


def default_corpora() -> list[Path]:
    return [ROOT.parent / "shared" / "corpus", ROOT / "corpus"]


def is_synthetic(path: Path) -> bool:
    """A file of the project's own corpus/ (written by scripts/make_corpus.py)."""
    try:
        path.resolve().relative_to((ROOT / "corpus").resolve())
        return True
    except ValueError:
        return False


def list_files(dirs: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for d in dirs:
        d = Path(d)
        if d.is_file():
            out.append(d)
            continue
        if not d.is_dir():
            continue
        for p in sorted(d.rglob("*")):
            if p.is_file() and p.suffix.lower() in EXTS and not p.name.startswith("."):
                out.append(p)
    return out


def estimated_pages(doc: Document) -> tuple[float, bool]:
    """(pages, estimated): a PDF's page count; characters / 3000 for anything else."""
    if doc.kind == "pdf" and doc.pages:
        return float(doc.pages), False
    return max(len(doc.text), 1) / CHARS_PER_PAGE, True


def splice(doc: Document, a: int, b: int, repl: str) -> Document:
    """The document with ``text[a:b]`` replaced by ``repl``; every offset after the edit
    (line map, header spans, footnote anchors) moves with the text, so the mutated
    document keeps the original's header, period, tables and page/line map.

    Tables: a DOCX's tables are read again from the mutated text (each cell's paragraphs
    are known by the line map); a PDF's tables come from the page geometry of the file,
    which cannot be re-read for an edit of the text, so the original's analysed tables
    (cached by :func:`extract.find.tables.tables`) are copied with the edited cell's text and
    every span after the edit moved."""
    import copy

    delta = len(repl) - (b - a)
    text = doc.text[:a] + repl + doc.text[b:]

    def pos(x: int | None) -> int | None:
        if x is None or x <= a:
            return x
        if x >= b:
            return x + delta
        return min(x, a + len(repl))

    segs = []
    for s in doc.segments:
        st, en = pos(s.start), pos(s.end)
        segs.append(dataclasses.replace(s, start=st, end=max(st, en)))
    header = dataclasses.replace(doc.header, spans={k: (pos(v[0]), pos(v[1])) for k, v in doc.header.spans.items()})
    notes = [dataclasses.replace(n, anchor=pos(n.anchor)) for n in doc.footnotes]
    meta = {k: v for k, v in doc.meta.items() if not k.startswith("_")}
    cached = doc.meta.get("_tables")
    if cached is not None and doc.kind != "docx":
        tabs = copy.deepcopy(cached)
        for t in tabs:
            for c in t.cells:
                if not c.spans:
                    continue
                old = " ".join(" ".join(doc.text[x:y].split()) for x, y in c.spans)
                touched = any(x < b and a < y or x == y == a for x, y in c.spans)
                c.spans = [(pos(x), pos(y)) for x, y in c.spans]
                c.start, c.end = pos(c.start), pos(c.end)
                if touched:
                    new = " ".join(" ".join(text[x:y].split()) for x, y in c.spans)
                    if old == c.text:
                        c.text = new
                    else:
                        c.text = _replace_number(c.text, doc.text[a:b], repl)
        meta["_tables"] = tabs
    if "_majority" in doc.meta:
        meta["_majority"] = doc.meta["_majority"]
    if doc.meta.get("cell_formulas"):
        meta["cell_formulas"] = _spliced_formulas(doc, text, a, b, delta)
    from extract.core.text import tone_normalize

    return dataclasses.replace(doc, text=text, search_text=tone_normalize(text), segments=segs, header=header,
                               footnotes=notes, meta=meta, warnings=list(doc.warnings))


def _spliced_formulas(doc: Document, text: str, a: int, b: int, delta: int) -> list[dict[str, Any]]:
    """A spreadsheet's formula cells after an edit of one cell's text: the cell's new
    number becomes its cached value (as a formula cell, or as an input of the formulas
    that name it), so that rule TAB002 sees the edit as a recipient would."""
    from extract.core.numbers import try_parse

    seg = next((g for g in doc.segments if g.table is not None and g.start <= a and b <= g.end), None)
    entries = doc.meta["cell_formulas"]
    if seg is None:
        return entries
    cell_text = text[seg.start:seg.end + delta].strip()
    pct = cell_text.endswith("%")
    parsed = try_parse(cell_text.rstrip("% ").strip(), majority="vi")
    if parsed is None:
        return entries
    value = repr(float(parsed.value / 100 if pct else parsed.value))
    ti, r, c = seg.table
    out = []
    for e in entries:
        hit = (e["table"], e["row"], e["col"]) == (ti, r, c)
        refs = e["refs"]
        touched = [k for k, x in refs.items() if e["table"] == ti and x[2] == r and x[3] == c]
        if not hit and not touched:
            out.append(e)
            continue
        e = dict(e, refs=dict(refs))
        if hit:
            e["cached"] = value
        for k in touched:
            e["refs"][k] = ["n", value, r, c]
        out.append(e)
    return out


def _replace_number(s: str, old: str, new: str) -> str:
    m = re.search(rf"(?<![\d.,]){re.escape(old)}(?![\d]|[.,]\d)", s)
    return s if m is None else s[:m.start()] + new + s[m.end():]


def analyse(doc: Document, period: Any) -> tuple[list[Any], list[Any], Any]:
    """Figures, statements and the NUM/TAB check report of a document — the pipeline the
    mutated documents go through (same as ``check_document`` computes internally)."""
    figs = extract_figures(doc)
    stmts = extract_statements(doc, figs)
    rep = check_document(doc, select=NUM_SELECT, figures=figs, statements=stmts, period=period)
    return figs, stmts, rep


# =========================================================================== statements


def roles(s: Any, figs: list[Any]) -> list[tuple[str, int, str]]:
    """(role, figure index, slot) of every written number a statement's claim rests on.
    ``slot`` is "value" (the number, a fraction's numerator, a range's low end), "den" (a
    fraction's denominator) or "high" (a range's high end)."""
    out: list[tuple[str, int, str]] = []

    def add(role: str, i: int | None) -> None:
        if i is None:
            return
        f = figs[i]
        if f.kind == "fraction":
            out.append((role + ":num", i, "value"))
            out.append((role + ":den", i, "den"))
        elif f.kind == "range" and f.high is not None:
            out.append((role + ":low", i, "value"))
            out.append((role + ":high", i, "high"))
        else:
            out.append((role, i, "value"))

    if s.kind in ("parts", "range_parts", "table_total"):
        add("whole", s.whole)
        for p in s.parts:
            add("part", p)
    elif s.kind == "score":
        add("index", s.percent)
        if s.numerator is not None and s.numerator == s.denominator:
            add("score/maximum", s.numerator)
        else:
            add("score", s.numerator)
            add("maximum", s.denominator)
    elif s.kind == "ratio":
        add("percent", s.percent)
        if s.numerator is not None and s.numerator == s.denominator:
            add("fraction", s.numerator)
        else:
            add("numerator", s.numerator)
            add("denominator", s.denominator)
    elif s.kind == "remainder":
        if figs[s.whole].kind == "fraction":
            add("done/total", s.whole)
            for p in s.parts:
                if p != s.whole:
                    add("left", p)
        else:
            add("done", s.parts[0])
            add("total", s.whole)
            add("left", s.parts[-1])
    elif s.kind == "complement":
        for p in s.parts:
            add("share", p)
    elif s.kind == "distribution":
        # the counts of one base by category; a changed base splits the group (no claim left)
        for p in s.parts:
            out.append(("count", p, "value"))
    elif s.kind == "sheet_formula":
        add("whole", s.whole)
        for p in s.parts:
            add("part", p)
    elif s.kind == "row_relation":
        add("result", s.whole)
        for p in s.parts:
            add("operand", p)
    # unique (a figure may hold two roles, e.g. a fraction that is done and total)
    seen = set()
    uniq = []
    for r in out:
        if (r[1], r[2]) not in seen:
            seen.add((r[1], r[2]))
            uniq.append(r)
    return uniq


# =========================================================================== the oracle


def half(f: Any) -> Decimal:
    """Half of the last written digit for a rounded figure (money, percentages, measures,
    anything written with decimals); zero for counts and for money written to the đồng."""
    rounded = f.kind in ("percent", "money") or f.unit_kind in _ROUNDED_UNIT_KINDS or f.precision > 0
    if not rounded:
        return Decimal(0)
    if f.unit_kind == "money" and not f.scale and f.precision == 0:
        return Decimal(0)
    if f.unit_kind == "score" and f.precision == 0 and getattr(f, "in_table", False):
        return Decimal(0)  # whole points of a score table are exact (engine.half_unit)
    return Decimal(5).scaleb(-(f.precision + 1))


def slot_value(f: Any, slot: str) -> Decimal | None:
    if slot == "den":
        return f.denominator
    if slot == "high":
        return f.high
    return f.value


class Values:
    """The written numbers of a document with some overridden (the mutation)."""

    def __init__(self, figs: list[Any], over: dict[tuple[int, str], Decimal] | None = None):
        self.figs = figs
        self.over = over or {}

    def __call__(self, i: int, slot: str = "value") -> Decimal:
        v = self.over.get((i, slot))
        return slot_value(self.figs[i], slot) if v is None else v

    def iv(self, i: int, slot: str, scale: int | None = None) -> tuple[Decimal, Decimal]:
        f = self.figs[i]
        v = self(i, slot)
        h = half(f)
        lo, hi = v - h, v + h
        if scale is not None and (f.scale or 0) != scale:
            k = Decimal(10) ** ((f.scale or 0) - scale)
            lo, hi = lo * k, hi * k
        return lo, hi

    def ends(self, i: int) -> tuple[str, str]:
        f = self.figs[i]
        return ("value", "high") if f.kind == "range" and f.high is not None else ("value", "value")


def _meets(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _add(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> tuple[Decimal, Decimal]:
    return a[0] + b[0], a[1] + b[1]


def claim(s: Any, v: Values, dropped: frozenset[int] = frozenset()) -> tuple[bool | None, str | None]:
    """(holds, rule that a false claim calls for) by the rules' own semantics; holds is
    None when the rule makes no claim for these values (a ratio over 0)."""
    figs = v.figs
    zero = (Decimal(0), Decimal(0))
    if s.kind == "table_total" and getattr(s, "alternatives", None) and not dropped:
        # another reading of the table (its last block, its sections' subtotals, its first
        # children only) that adds up keeps the claim true, as TAB001 judges it
        for name, alt in s.alternatives:
            other = dataclasses.replace(s, parts=list(alt), alternatives=[],
                                        complete=s.complete or name == "first_children")
            if claim(other, v)[0]:
                return True, None
    if s.kind in ("parts", "range_parts", "table_total"):
        w = s.whole
        parts = [p for p in s.parts if p not in dropped]
        scale = figs[w].scale or 0
        lo = hi = zero
        for p in parts:
            e0, e1 = v.ends(p)
            lo = _add(lo, v.iv(p, e0, scale))
            hi = _add(hi, v.iv(p, e1, scale))
        we0, we1 = v.ends(w)
        w_lo, w_hi = v.iv(w, we0, scale), v.iv(w, we1, scale)
        table = s.kind == "table_total"
        complete = s.complete and len(parts) >= 2  # one part alone never claims to be the whole
        if we0 != we1 and complete and not table:
            ok = _meets(lo, w_lo) and _meets(hi, w_hi)
            return ok, None if ok else "NUM003"
        if lo[0] > w_hi[1]:
            return False, "TAB001" if table else "NUM001"
        if complete and hi[1] < w_lo[0]:
            return False, "TAB001" if table else "NUM002"
        return True, None
    if s.kind == "ratio":
        nf = figs[s.numerator]
        if nf.kind == "fraction":
            an = (v(s.numerator, "value"),) * 2
            bn = (v(s.numerator, "den"),) * 2
        else:
            if s.denominator is None:
                return None, None
            df = figs[s.denominator]
            an = v.iv(s.numerator, "value")
            bn = (v(s.denominator, "den"),) * 2 if df.kind == "fraction" else v.iv(s.denominator, "value")
        a = an[0] + (an[1] - an[0]) / 2
        b = bn[0] + (bn[1] - bn[0]) / 2
        if s.percent is None:
            return (a <= b, None if a <= b else "NUM001")
        if b == 0 or bn[0] <= 0:
            return None, None
        p = v.iv(s.percent, "value")
        c = (an[0] * 100 / bn[1], an[1] * 100 / bn[0])
        exact = a * 100 / b
        if getattr(s, "cue", None) == "so với (Y)" and s.relation in ("tăng", "giảm"):  # a growth: a/b - 1
            c = (c[0] - 100, c[1] - 100) if s.relation == "tăng" else (100 - c[1], 100 - c[0])
            exact = exact - 100 if s.relation == "tăng" else 100 - exact
        if _meets(c, p):
            return True, None
        d = figs[s.percent].precision
        trunc = exact.quantize(Decimal(1).scaleb(-d), rounding=ROUND_DOWN)
        return False, "NUM006" if trunc == v(s.percent) else "NUM005"
    if s.kind == "score":
        # TAB005: a maximum is exact; a score stands for its rounding (a fraction's terms as
        # written: a decimal numerator is rounded); the index for the rounding of its last digit
        nf = figs[s.numerator]
        if nf.kind == "fraction":
            a, b = v(s.numerator, "value"), v(s.numerator, "den")
            h = Decimal(0) if a == a.to_integral_value() else Decimal(5).scaleb(-(_decimals(a) + 1))
            an = (a - h, a + h)
        else:
            b = v(s.denominator, "den") if figs[s.denominator].kind == "fraction" else v(s.denominator, "value")
            an = v.iv(s.numerator, "value")
        if b <= 0:
            return None, None
        if an[0] > b:
            return False, "TAB005"
        if s.percent is None:
            return True, None
        pv = v(s.percent, "value")
        ph = Decimal(5).scaleb(-(figs[s.percent].precision + 1))
        p = (pv - ph, pv + ph)
        if _meets((an[0] * 100 / b, an[1] * 100 / b), p) or _meets((an[0] / b, an[1] / b), p):
            return True, None
        return False, "TAB005"
    if s.kind == "remainder":
        if figs[s.whole].kind == "fraction":
            done, total = v(s.whole, "value"), v(s.whole, "den")
            left = v([p for p in s.parts if p != s.whole][0])
        else:
            done, total, left = v(s.parts[0]), v(s.whole), v(s.parts[-1])
        if s.cue == "thay đổi":  # a change between two stated values: each figure as rounded
            ok = _meets(_add(v.iv(s.parts[0], "value"), v.iv(s.parts[-1], "value")), v.iv(s.whole, "value"))
        else:
            ok = done + left == total
        return ok, None if ok else "NUM004"
    if s.kind == "distribution":
        if s.relation == "percent":  # shares of one whole by category: rounded, against 100 %
            t = zero
            for p in s.parts:
                t = _add(t, v.iv(p, "value"))
            ok = _meets(t, (Decimal(100), Decimal(100)))
        else:
            ok = sum((v(p, "value") for p in s.parts), Decimal(0)) == s.whole_value
        return ok, None if ok else "NUM009"
    if s.kind == "sheet_formula":
        return _sheet_claim(s, v)
    if s.kind == "row_relation":
        return _row_claim(s, v)
    if s.kind == "complement":
        t = zero
        for p in s.parts:
            t = _add(t, v.iv(p, "value"))
        ok = _meets(t, (Decimal(100), Decimal(100)))
        return ok, None if ok else "NUM007"
    return None, None


def _row_claim(s: Any, v: Values) -> tuple[bool | None, str | None]:
    """A column's relation to its row's other columns read from its header (TAB007): the
    result against its operands under the reading the table's rows confirmed, each figure
    within the rounding of its last written digit (counts exact).  A reading that held
    too weakly for a broken row to be flagged makes no claim."""
    from extract.find.row_relations import relation_holds

    if not s.complete or s.whole is None or not s.relation:
        return None, None
    figs = v.figs
    res = dataclasses.replace(figs[s.whole], value=v(s.whole))
    ops = [dataclasses.replace(figs[i], value=v(i)) for i in s.parts]
    if s.relation not in ("sum", "difference", "sum_or_mean") and sum(f.value for f in ops[1:]) == 0:
        return None, None
    ok = relation_holds(s.relation, res, ops, s.signs)
    return ok, None if ok else "TAB007"


def _sheet_claim(s: Any, v: Values) -> tuple[bool | None, str | None]:
    """A spreadsheet formula's claim over the figures it names, restated: a total or a
    difference adds its parts with their signs, a share is the numerator over the
    denominator (as a ratio or ×100), a copy repeats its cell; within half a unit of the
    last digit written of each figure.  Other formulas, and formulas naming cells outside
    the table, make no claim here."""
    from extract.find.sheet_formulas import Unsupported, parse, relation_of

    try:
        relation, terms = relation_of(parse(s.cue or ""))
    except Unsupported:
        return None, None
    if len(terms) != len(s.parts) or s.whole is None:
        return None, None
    whole = v(s.whole)
    slack = sum((half(v.figs[i]) for i in [s.whole, *s.parts]), Decimal(0))
    if relation in ("table_total", "remainder", "copy"):
        got = sum((sign * v(p) for sign, p in zip(s.signs, s.parts)), Decimal(0))
        ok = abs(got - whole) <= slack
        return ok, None if ok else "TAB002"
    if relation == "share" and s.numerator is not None and s.denominator is not None:
        den = v(s.denominator)
        if den == 0:
            return None, None
        q = v(s.numerator) / den
        tol = half(v.figs[s.whole]) + abs(q) * (half(v.figs[s.numerator]) / max(abs(v(s.numerator)), Decimal("1e-9"))
                                                + half(v.figs[s.denominator]) / abs(den)) * 100
        ok = abs(q - whole) <= tol or abs(q * 100 - whole) <= tol
        return ok, None if ok else "TAB002"
    return None, None


# =========================================================================== mutations


@dataclasses.dataclass
class Token:
    """One written number of a figure: its digits' span in the text and its value."""

    fig: int
    slot: str
    start: int
    end: int
    raw: str
    value: Decimal
    decimals: int


def _decimals(v: Decimal) -> int:
    return max(0, -v.as_tuple().exponent)


def tokens_of(text: str, figs: list[Any], i: int) -> dict[str, Token]:
    """The written numbers of figure ``i`` by slot; a token whose digits do not give the
    extracted value is left out (never mutate what we cannot re-compute)."""
    f = figs[i]
    a, b = f.number_start, f.number_end
    toks = list(_TOKEN.finditer(text, a, b))
    slots = ["value", "den"] if f.kind == "fraction" else (["value", "high"] if f.kind == "range" else ["value"])
    out: dict[str, Token] = {}
    for slot, m in zip(slots, toks):
        want = slot_value(f, slot)
        if want is None:
            continue
        d = _decimals(want)
        digits = re.sub(r"\D", "", m.group())
        if Decimal(int(digits)).scaleb(-d) != want:
            continue
        out[slot] = Token(i, slot, m.start(), m.end(), m.group(), want, d)
    return out


@dataclasses.dataclass
class Mutation:
    type: str
    role: str
    start: int  # edit span in the original text
    end: int
    repl: str
    original: str  # the number (or list item) as written
    mutated: str  # the number as mutated ("" for a drop)
    over: dict[tuple[int, str], Decimal] = dataclasses.field(default_factory=dict)
    dropped: frozenset[int] = frozenset()
    fig: int | None = None


def _with_digits(raw: str, digits: str) -> str:
    it = iter(digits)
    return "".join(next(it) if ch.isdigit() else ch for ch in raw)


def _leading_zero_ok(raw: str, old: str, new: str, decimals: int) -> bool:
    """A new leading zero is fine on a two-digit count ("14" → "04", as reports write
    small numbers) and never on a longer or grouped number ("0.889" would read as a
    decimal)."""
    if old[0] == "0" or new[0] != "0":
        return True
    int_digits = len(old) - decimals
    if int_digits <= 1:
        return True
    int_raw = raw if decimals == 0 else raw[: len(raw) - decimals - 1]
    return int_digits == 2 and int_raw.isdigit()


def number_mutations(tok: Token, role: str, rng: random.Random) -> list[Mutation]:
    """Digit change, adjacent transposition and ±1 of the last written digit of one
    written number — each only when it changes the value."""
    raw, d = tok.raw, tok.decimals
    digits = re.sub(r"\D", "", raw)
    n = len(digits)
    out: list[Mutation] = []

    def make(kind: str, new_digits: str) -> None:
        if new_digits == digits or not _leading_zero_ok(raw, digits, new_digits, d):
            return
        new_raw = _with_digits(raw, new_digits)
        val = Decimal(int(new_digits)).scaleb(-d)
        if val == tok.value:
            return
        out.append(Mutation(kind, role, tok.start, tok.end, new_raw, raw, new_raw, {(tok.fig, tok.slot): val},
                            fig=tok.fig))

    # digit change: one random position, one random other digit that is allowed there
    positions = list(range(n))
    rng.shuffle(positions)
    for j in positions:
        choices = [c for c in "0123456789" if c != digits[j]
                   and _leading_zero_ok(raw, digits, digits[:j] + c + digits[j + 1:], d)]
        if choices:
            make("digit", digits[:j] + rng.choice(choices) + digits[j + 1:])
            break
    # transposition of two digits adjacent in the text
    pairs = [j for j in range(len(raw) - 1) if raw[j].isdigit() and raw[j + 1].isdigit() and raw[j] != raw[j + 1]]
    rng.shuffle(pairs)
    for j in pairs:
        k = sum(1 for ch in raw[:j] if ch.isdigit())
        nd = digits[:k] + digits[k + 1] + digits[k] + digits[k + 2:]
        if _leading_zero_ok(raw, digits, nd, d):
            make("transpose", nd)
            break
    # ±1 in the last written digit (same width; "10" − 1 → "09")
    for step in (1, -1):
        v = int(digits) + step
        if v < 0 or len(str(v)) > n:
            continue
        make("±1", str(v).zfill(n))
    return out


def _gap_separators(gap: str, chars: str) -> list[int]:
    d = 0
    out = []
    for i, ch in enumerate(gap):
        if ch == "(":
            d += 1
        elif ch == ")":
            d -= 1
        elif d == 0 and ch in chars:
            out.append(i)
    return out


def _va_boundary(gap: str) -> int | None:
    m = re.search(r"\s(?:và|hoặc)\s", gap)
    return m.start() if m else None


def drop_mutations(text: str, s: Any, figs: list[Any]) -> list[Mutation]:
    """Remove one whole list item (label, number and what it counts) of a parts list:
    a bullet paragraph, or an inline item with its separator ("; sửa đổi 72"), so that
    what is left is still the same list one item shorter.  The last inline item is kept
    (it carries "và …" and the closing of the list)."""
    if s.kind not in ("parts", "range_parts") or len(s.parts) < 2:
        return []
    if not s.complete or len(s.parts) < 3:
        # a partial list one item shorter, or a complete list left with one item (which
        # then reads as "trong đó …" one part): equally valid texts, not seeded errors
        return []
    parts = s.parts
    out: list[Mutation] = []
    members = set(s.figure_indices())

    def item(a: int, b: int, k: int) -> None:
        inside = [i for i in members if a <= figs[i].number_start < b]
        if inside != [parts[k]]:
            return
        original = " ".join(text[a:b].split())
        out.append(Mutation("drop", "part", a, b, "", original, "", dropped=frozenset([parts[k]]), fig=parts[k]))

    cue = (s.cue or "")
    if cue.endswith("bullets"):
        for k, p in enumerate(parts):
            f = figs[p]
            a = text.rfind("\n", 0, f.start) + 1
            e = text.find("\n", f.start)
            e = len(text) if e < 0 else e + 1
            item(a, e, k)
        return out
    gaps = [(figs[parts[k]].end, figs[parts[k + 1]].start) for k in range(len(parts) - 1)]
    if any(b < a or "\n" in text[a:b] for a, b in gaps):
        return out
    semi = all(_gap_separators(text[a:b], ";") for a, b in gaps[:-1] or gaps)
    chars = ";" if semi else ",;"

    def boundary(k: int) -> tuple[int, bool] | None:
        """Offset of the separator between item k and k+1, and whether it is a "và"."""
        a, b = gaps[k]
        seps = _gap_separators(text[a:b], chars)
        if seps:
            return a + seps[0], False
        v = _va_boundary(text[a:b])
        return (a + v, True) if v is not None else None

    # where item 0 starts: after the cue, the "(" or the separator after a "tổng số" whole
    f0 = figs[parts[0]]
    wend = figs[s.whole].end
    lead = text[wend:f0.start]
    low = lead.lower()
    if cue == "(":
        j = lead.rfind("(")
        start0 = wend + j + 1 if j >= 0 else None
    elif cue == "tổng số":
        seps = _gap_separators(lead, ",;")
        start0 = wend + seps[0] + 1 if seps else None
    else:
        j = low.rfind(cue) if cue else -1
        start0 = wend + j + len(cue) if j >= 0 else None
    if start0 is not None:
        while start0 < f0.start and text[start0] in " \t:,":
            start0 += 1
    for k in range(len(parts) - 1):
        after = boundary(k)
        if after is None:
            continue
        if k == 0:
            if start0 is None or after[1]:
                continue
            e = after[0] + 1
            while e < len(text) and text[e] in " \t":
                e += 1
            item(start0, e, 0)
        else:
            before = boundary(k - 1)
            if before is None:
                continue
            item(before[0], after[0], k)
    return out


def sample_mutations(muts: list[Mutation], k: int, rng: random.Random) -> list[Mutation]:
    """At most ``k`` mutations, one of each type in turn (digit, transpose, ±1, drop, then
    again), each on a number whose role and figure were not mutated yet where possible."""
    if not k or len(muts) <= k:
        return muts
    pool = {t: [m for m in muts if m.type == t] for t in MUTATION_TYPES}
    for v in pool.values():
        rng.shuffle(v)
    out: list[Mutation] = []
    roles: set[str] = set()
    figs_used: set[Any] = set()
    while len(out) < k and any(pool.values()):
        for t in MUTATION_TYPES:
            if len(out) >= k or not pool[t]:
                continue
            cands = pool[t]
            best = min(cands, key=lambda m: (m.role in roles, (m.fig, m.role) in figs_used))
            cands.remove(best)
            out.append(best)
            roles.add(best.role)
            figs_used.add((best.fig, best.role))
    return sorted(out, key=lambda m: (m.start, m.type))


def table_shape(kind: str, cue: str | None) -> str:
    """Which part of a table a statement reads, or "text": total rows, section totals,
    parent rows, total columns, rate rows and columns, score rows, printed formulas."""
    cue = cue or ""
    if kind == "table_total":
        return {"section": "section total", "parent": "parent row", "column total": "total column",
                "parent (indicator form)": "indicator item", "table below": "lead-in total"}.get(cue, "total row")
    if kind == "ratio" and cue.startswith("table"):
        return {"table rate row": "rate row", "table column rate": "rate column"}.get(cue, "rate cell")
    if kind == "score":
        return "score row"
    if kind == "unit":
        return "rate row holding a count"
    if kind in ("formula", "column_formula"):
        return "printed formula"
    if kind == "row_relation":
        # the cue is the reading in the headers' words: "Còn lại = Kế hoạch − Thực hiện"
        rhs = cue.split(" = ", 1)[-1]
        return "row rate (header)" if " / " in rhs else "row remainder (header)" if " − " in rhs else "row total (header)"
    return "text"


def sample_statements(stmts: list[Any], k: int, rng: random.Random) -> list[Any]:
    """At most ``k`` statements, taken from each kind (and each shape of table statement:
    total rows, section totals, rate rows, score rows …) in turn, so a document with 58
    table totals still has its rates, scores and lists mutated."""
    if not k or len(stmts) <= k:
        return stmts
    by: dict[str, list[Any]] = defaultdict(list)
    for s in stmts:
        by[f"{s.kind}/{table_shape(s.kind, s.cue)}"].append(s)
    for v in by.values():
        rng.shuffle(v)
    out: list[Any] = []
    while len(out) < k:
        for kind in sorted(by):
            if by[kind] and len(out) < k:
                out.append(by[kind].pop())
    return sorted(out, key=lambda s: (s.start, s.end))


def mutations_for(text: str, s: Any, figs: list[Any], rng: random.Random) -> tuple[list[Mutation], Counter]:
    """Every mutation of one statement, and why others were not made."""
    skipped: Counter = Counter()
    out: list[Mutation] = []
    for role, i, slot in roles(s, figs):
        toks = tokens_of(text, figs, i)
        tok = toks.get(slot)
        if tok is None:
            skipped["number not re-computable from its digits"] += 1
            continue
        for m in number_mutations(tok, role, rng):
            f = figs[i]
            if f.kind == "range" and f.high is not None:
                lo = m.over.get((i, "value"), f.low)
                hi = m.over.get((i, "high"), f.high)
                if lo >= hi:
                    skipped["range end points reversed"] += 1
                    continue
            out.append(m)
    out.extend(drop_mutations(text, s, figs))
    return out, skipped


# =========================================================================== running


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1 or a0 == a1 and b0 <= a0 <= b1 or b0 == b1 and a0 <= b0 <= a1


def new_findings(findings: list, base_keys: set, shift: Callable[[int], int], spans: list[tuple[int, int]],
                 hull: tuple[int, int]) -> tuple[list, list]:
    """The findings of a mutated document that the untouched one did not have (its
    ``base_keys``, offsets moved by ``shift``), split into those on the mutation — involving
    one of ``spans``, or, naming no figures, overlapping ``hull`` — and the others."""
    shifted_base = {(r, shift(st), tuple((shift(a), shift(b)) for a, b in inv)) for r, st, inv in base_keys}
    on, elsewhere = [], []
    for f in findings:
        if _base_key(f) in shifted_base:
            continue
        if f.involved:
            hit = any(_overlap(x, y, a, b) for _r, a, b in f.involved for x, y in spans)
        else:
            hit = f.start is not None and _overlap(hull[0], hull[1], f.start, f.end if f.end is not None else f.start)
        (on if hit else elsewhere).append(f)
    return on, elsewhere


def snippet(text: str, a: int, b: int, width: int = 240) -> str:
    t = " ".join(text[a:b].split())
    return t if len(t) <= width else t[: width - 1] + "…"


def on_statement(f: Any, s: Any, figs: list[Any]) -> bool:
    """Whether a finding is about a statement: it involves one of the statement's
    figures (or, when it names none, its span overlaps the statement's)."""
    if not f.involved:
        return _overlap(s.start, s.end, f.start, f.end)
    spans = [(figs[i].number_start, max(figs[i].number_end, figs[i].number_start + 1)) for i in s.figure_indices()]
    return any(_overlap(x, y, a, b) for _r, a, b in f.involved for x, y in spans)


def local(text: str, a: int, b: int, s0: int, s1: int, width: int = 300) -> str:
    """The statement's text (with the edit [a, b) if it lies outside, as a table cell
    does) when short, else a window around the edit."""
    s0, s1 = min(s0, a), max(s1, b)
    if s1 - s0 <= width:
        return snippet(text, s0, s1, width)
    lo = max(s0, a - 110)
    hi = min(s1, b + 110)
    return ("…" if lo > s0 else "") + snippet(text, lo, hi, width) + ("…" if hi < s1 else "")


def describe_statement(s: Any, figs: list[Any]) -> str:
    if s.kind == "complement":
        return "complement " + " + ".join(str(figs[i].value) for i in s.parts)
    kind, whole, parts = statement_values(s, figs)
    extra = "" if s.kind != "parts" and s.kind != "range_parts" else (" complete" if s.complete else " partial")
    return f"{kind}[{s.cue}{extra}] whole={whole} parts={[str(p) for p in parts]}"


def diagnose(doc: Document, mfigs: list[Any], mstmt: Any, mfig: Any, m: Mutation, expected_value: Decimal | None) -> str:
    """A best-effort reason why a seeded error was not flagged, from what the extractor
    made of the mutated text and the number rules' own filters (looked up by name in
    extract.checks.numbers; a filter that no longer exists is not consulted)."""
    if m.type != "drop" and mfig is None:
        return "the mutated number is no longer a figure"
    if mfig is not None and expected_value is not None and slot_value(mfig, _slot_at(doc.text, mfig, m.start)) != expected_value:
        return f"the mutated number was read as {slot_value(mfig, _slot_at(doc.text, mfig, m.start))}, not {expected_value}"
    if mstmt is None:
        return "no statement of this kind re-extracted"
    return rule_filters(doc, mfigs, mstmt) or "statement re-extracted; the rule did not fire"


def rule_filters(doc: Document, mfigs: list[Any], mstmt: Any) -> str:
    """Which of the parts rule's filters (extract.checks.numbers) set a statement aside."""
    if mstmt.kind not in ("parts", "range_parts"):
        return ""
    from extract.checks import numbers as cn

    whole = mfigs[mstmt.whole]
    parts = [mfigs[i] for i in mstmt.parts]
    why = []
    eff = getattr(cn, "effective_parts", None)
    if eff is not None:
        kept = eff(doc.text, mstmt, whole, parts)
        if len(kept) != len(parts):
            why.append("effective_parts keeps " + " + ".join(str(p.value) for p in kept)
                       + " of " + " + ".join(str(p.value) for p in parts))
        parts = kept
    for name, call in (("same_kind", lambda f: not f(whole, parts)),
                       ("closes_early", lambda f: f(whole, parts, whole.scale or 0)),
                       ("_conjunct_subject", lambda f: f(doc.text, whole, mstmt))):
        f = getattr(cn, name, None)
        if f is not None:
            try:
                if call(f):
                    why.append(f"{name} skips the statement")
            except Exception:  # noqa: BLE001 - a helper whose signature changed
                pass
    other = getattr(cn, "other_reading", None)
    if other is not None and (other(whole) is not None or any(other(p) is not None for p in parts)):
        why.append("an ambiguous-separator reading (other_reading) of "
                   + ", ".join(f.raw for f in [whole] + parts if other(f) is not None) + " is consistent")
    return "; ".join(why)


def _slot_at(text: str, f: Any, pos: int) -> str:
    toks = list(_TOKEN.finditer(text, f.number_start, max(f.number_end, f.number_start + 1)))
    for k, t in enumerate(toks):
        if t.start() <= pos < t.end():
            return ("value", "den" if f.kind == "fraction" else "high")[min(k, 1)]
    return "value"


def describe_figure(f: Any) -> str:
    return f"{f.kind} {f.raw or f.text!r} value={f.value} unit={f.unit!r} unit_kind={f.unit_kind}"


def statement_key(s: Any) -> tuple:
    return (s.kind, s.start, s.end)


def _finding_dict(doc: Document, f: Any) -> dict[str, Any]:
    page, line = doc.locate(f.start) if f.start is not None else (None, None)
    return {"rule": f.rule, "severity": f.severity, "page": page, "line": line, "message": f.message,
            "stated": f.stated, "computed": f.computed, "tolerance": f.tolerance,
            "quote": snippet(doc.text, f.start or 0, f.end or 0, 400)}


@dataclasses.dataclass
class Plan:
    """One document read, checked untouched, and its mutations chosen (deterministic for
    a seed, so that a worker process can rebuild the same plan and run a slice of it)."""

    doc: Document
    period: Any
    figs: list[Any]
    claims: list[Any]
    base_keys: set
    res: dict[str, Any]
    work: list[tuple[Any, Mutation, int | None, int | None]]  # (statement, mutation, page, line)


def plan_document(doc: Document, *, name: str, path: str | None = None, seed: int = 0,
                  max_per_doc: int | None = None, per_statement: int | None = None,
                  untouched: bool = True) -> Plan:
    """Check the untouched document (every rule when ``untouched``), find its consistent
    statements and choose their mutations."""
    t0 = time.perf_counter()
    from extract.find.dates import report_period

    period = report_period(doc)
    pages, estimated = estimated_pages(doc)
    figs, stmts, rep = analyse(doc, period)
    full = check_document(doc, period=period, figures=figs, statements=stmts) if untouched else rep
    base = list(rep.findings)
    claims = [s for s in stmts if checkable(s, figs)]
    res: dict[str, Any] = {
        "doc": name, "path": path or name, "kind": doc.kind, "pages": pages, "pages_estimated": estimated,
        "chars": len(doc.text), "text_sha256": hashlib.sha256(doc.text.encode()).hexdigest(),
        "statements_found": len(stmts), "checkable": len(claims),
        "findings": [_finding_dict(doc, f) for f in full.findings],
        "statements": [], "inconsistent": 0, "disagreements": [], "mutations": [], "skipped": {},
        "consistent": 0, "candidates": 0,
    }
    rng = random.Random(f"{seed}:{name}")
    consistent = []
    for s in claims:
        if any(on_statement(f, s, figs) for f in base):
            res["inconsistent"] += 1
            continue
        holds, _ = claim(s, Values(figs))
        if holds is False:
            page, line = doc.locate(s.start)
            try:
                why = rule_filters(doc, figs, s)
            except Exception as exc:  # noqa: BLE001 - diagnosis is a courtesy
                why = f"diagnosis failed: {type(exc).__name__}: {exc}"
            res["disagreements"].append({"page": page, "line": line, "text": snippet(doc.text, s.start, s.end),
                                         "statement": describe_statement(s, figs), "why": why})
            continue
        consistent.append(s)
    res["consistent"] = len(consistent)
    consistent = sample_statements(consistent, max_per_doc or 0, rng)
    skipped: Counter = Counter()
    work = []
    for s in consistent:
        page, line = doc.locate(s.start)
        muts, sk = mutations_for(doc.text, s, figs, rng)
        skipped.update(sk)
        res["candidates"] += len(muts)
        muts = sample_mutations(muts, per_statement or 0, rng)
        res["statements"].append({"page": page, "line": line, "kind": s.kind, "cue": s.cue,
                                  "complete": s.complete, "text": snippet(doc.text, s.start, s.end),
                                  "mutations": len(muts)})
        work.extend((s, m, page, line) for m in muts)
    res["skipped"] = dict(skipped)
    res["planned"] = len(work)
    res["seconds"] = round(time.perf_counter() - t0, 3)
    # a finding is known by its rule, its place and the cells it rests on: two findings of
    # one rule may start at the same row label (a row's relations across its columns)
    return Plan(doc, period, figs, claims, {_base_key(f) for f in base}, res, work)


def _base_key(f: Any) -> tuple[str, int, tuple[tuple[int, int], ...]]:
    """A finding's identity across the untouched and the mutated document: its rule, its
    start and the spans of the figures it involves (a finding without figures: its end)."""
    inv = tuple((a, b) for _role, a, b in f.involved) if f.involved else ((f.end, f.end),)
    return (f.rule, f.start, inv)


def run_plan(plan: Plan, lo: int = 0, hi: int | None = None) -> list[dict[str, Any]]:
    """Run mutations ``lo:hi`` of a plan."""
    name = plan.res["doc"]
    return [run_mutation(plan.doc, plan.figs, s, m, plan.period, plan.base_keys, page, line, name, plan.claims)
            for s, m, page, line in plan.work[lo:hi]]


def run_document(doc: Document, *, name: str, path: str | None = None, seed: int = 0,
                 max_per_doc: int | None = None, per_statement: int | None = None) -> dict[str, Any]:
    """Everything for one document in this process: the untouched check, the plan and
    every mutation's verdict (plain, JSON-able data)."""
    t0 = time.perf_counter()
    plan = plan_document(doc, name=name, path=path, seed=seed, max_per_doc=max_per_doc, per_statement=per_statement)
    res = dict(plan.res)
    res["mutations"] = run_plan(plan)
    res["seconds"] = round(time.perf_counter() - t0, 3)
    return res


def _read(path: str, name: str) -> Document | dict[str, Any]:
    from extract import read

    try:
        return read(path)
    except ReadError as exc:
        return {"doc": name, "path": path, "error": getattr(exc, "reason", None) or str(exc)}
    except Exception as exc:  # noqa: BLE001 - a batch never stops on one file
        return {"doc": name, "path": path, "error": f"{type(exc).__name__}: {exc}"}


_PLANS: dict[tuple, Plan | dict[str, Any]] = {}


def _plan_cached(key: tuple, untouched: bool = False) -> Plan | dict[str, Any]:
    """A worker's plan of a document, built once per process (the untouched check with
    every rule only when asked: the mutation chunks do not need it)."""
    p = _PLANS.get(key)
    if p is None or untouched and isinstance(p, Plan) and not p.res.get("untouched"):
        path, name, seed, max_per_doc, per_statement, synthetic = key
        doc = _read(path, name)
        if isinstance(doc, dict):
            p = doc
        else:
            p = plan_document(doc, name=name, path=path, seed=seed, max_per_doc=max_per_doc,
                              per_statement=per_statement, untouched=untouched)
            p.res["synthetic"] = synthetic
            p.res["untouched"] = untouched
        if len(_PLANS) > 8:
            _PLANS.pop(next(iter(_PLANS)))
        _PLANS[key] = p
    return p


def run_mutation(doc: Document, figs: list[Any], s: Any, m: Mutation, period: Any, base_keys: set,
                 page: int | None, line: int | None, name: str, claims: list[Any]) -> dict[str, Any]:
    v = Values(figs, m.over)
    holds, expected = claim(s, v, m.dropped)
    should = holds is False
    # a valid edit of this statement that breaks another statement holding the same number
    collateral = False
    if not should and m.fig is not None:
        for t in claims:
            if t is s or m.fig not in t.figure_indices():
                continue
            h, _ = claim(t, v, m.dropped if t.kind in ("parts", "range_parts") else frozenset())
            if m.dropped and t.kind not in ("parts", "range_parts"):
                h = None  # its number is gone: that statement no longer exists
            if h is False:
                collateral = True
    delta = len(m.repl) - (m.end - m.start)
    mdoc = splice(doc, m.start, m.end, m.repl)
    mfigs, mstmts, rep = analyse(mdoc, period)

    def shift(x: int) -> int:
        return x + delta if x >= m.end else x

    s0, s1 = s.start, shift(s.end) if s.end >= m.end else max(s.end, m.start + len(m.repl))
    e0, e1 = m.start, m.start + len(m.repl)
    mine = [i for i in s.figure_indices() if i not in m.dropped]
    spans = [(shift(figs[i].number_start), shift(max(figs[i].number_end, figs[i].number_start + 1))) for i in mine]
    if m.type != "drop":
        spans.append((e0, e1))
    on, elsewhere = new_findings(rep.findings, base_keys, shift, spans, (s0, s1))
    # what the extractor made of the mutated text, for review: the statement of the same
    # kind sharing most figures with the original
    keys = {a for a, _b in spans}
    mstmt, best = None, 0
    for t in mstmts:
        if t.kind != s.kind:
            continue
        n = len(keys & {mfigs[j].number_start for j in t.figure_indices()})
        if n > best:
            mstmt, best = t, n
    mfig = None
    if m.type != "drop":
        mfig = next((f for f in mfigs if f.number_start <= e0 < max(f.number_end, f.number_start + 1)), None)
    ctx0 = max(0, s.start - 60)
    why = None
    if should and not on:
        exp = next(iter(m.over.values())) if m.over else None
        try:
            why = diagnose(mdoc, mfigs, mstmt, mfig, m, exp)
        except Exception as exc:  # noqa: BLE001 - diagnosis is a courtesy
            why = f"diagnosis failed: {type(exc).__name__}: {exc}"
    return {
        "doc": name, "page": page, "line": line, "statement_kind": s.kind, "cue": s.cue,
        "table_shape": table_shape(s.kind, s.cue),
        "complete": s.complete, "type": m.type, "role": m.role,
        "original": m.original, "mutated": m.mutated,
        "should_flag": should, "expected_rule": expected, "collateral": collateral,
        "oracle": None if holds is None else ("holds" if holds else "false"),
        "flagged": bool(on), "rules": sorted({f.rule for f in on}),
        "expected_fired": expected in {f.rule for f in on} if expected else None,
        "new_findings_elsewhere": sorted({f.rule for f in elsewhere}),
        "before": local(doc.text, m.start, m.end, s.start, s.end),
        "after": local(mdoc.text, e0, e1, s0, s1),
        "context": snippet(doc.text, ctx0, min(len(doc.text), s.end + 60), 400),
        "statement": describe_statement(s, figs),
        "mutated_statement": describe_statement(mstmt, mfigs) if mstmt is not None else None,
        "mutated_figure": describe_figure(mfig) if mfig is not None else None,
        "messages": [f.message for f in on],
        "why_missed": why,
    }


# =========================================================================== aggregation


def _transcript_of(path: str, readable: dict[str, str]) -> bool:
    """A file in a ``ground-truth`` folder is a transcript of a same-named document
    elsewhere in the corpus (legacy/ground-truth holds Unicode transcripts of the
    TCVN3/VNI files); when that document was read, the transcript is a duplicate."""
    p = Path(path)
    if "ground-truth" not in p.parts:
        return False
    return any(Path(q).stem == p.stem and "ground-truth" not in Path(q).parts for q in readable)


def summarize(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Aggregate per-document results into the report's figures."""
    unreadable = [{"doc": r["doc"], "reason": r["error"]} for r in results if "error" in r]
    ok = [r for r in results if "error" not in r]
    # duplicates: identical text, or a transcript of a document that was read
    by_sha: dict[str, str] = {}
    readable = {r["path"]: r["doc"] for r in ok}
    duplicates = []
    kept = []
    for r in sorted(ok, key=lambda r: ("ground-truth" in Path(r["path"]).parts, r["doc"])):
        if r["text_sha256"] in by_sha:
            duplicates.append({"doc": r["doc"], "same_as": by_sha[r["text_sha256"]]})
            continue
        if _transcript_of(r["path"], readable):
            stem = Path(r["path"]).stem
            twin = next(readable[q] for q in readable if Path(q).stem == stem and "ground-truth" not in Path(q).parts)
            duplicates.append({"doc": r["doc"], "same_as": twin, "why": "transcript"})
            continue
        by_sha[r["text_sha256"]] = r["doc"]
        kept.append(r)
    kept.sort(key=lambda r: r["doc"])
    muts = [m for r in kept for m in r["mutations"]]
    pos = [m for m in muts if m["should_flag"]]
    neg = [m for m in muts if not m["should_flag"]]

    def share(ms: list[dict]) -> dict[str, Any]:
        n = len(ms)
        k = sum(1 for m in ms if m["flagged"])
        return {"mutations": n, "flagged": k, "share": round(k / n, 4) if n else None}

    def group(ms: list[dict], key) -> dict[str, Any]:
        g: dict[str, list] = defaultdict(list)
        for m in ms:
            g[key(m)].append(m)
        return {k: share(v) for k, v in sorted(g.items(), key=lambda kv: str(kv[0]))}

    real = [r for r in kept if not r.get("synthetic")]
    pages = sum(r["pages"] for r in real)
    pages_est = sum(r["pages"] for r in real if r["pages_estimated"])
    errors = []
    warnings: Counter = Counter()
    for r in real:
        for f in r["findings"]:
            if f["severity"] == "error":
                errors.append({"doc": r["doc"], **f})
            else:
                warnings[f["rule"]] += 1
    folders: dict[str, dict[str, Any]] = {}
    for r in real:
        parts = Path(r["doc"]).parts
        key = "/".join(parts[:2]) if len(parts) > 2 else (parts[0] if parts else r["doc"])
        g = folders.setdefault(key, {"documents": 0, "pages": 0.0, "errors": 0})
        g["documents"] += 1
        g["pages"] += r["pages"]
        g["errors"] += sum(1 for f in r["findings"] if f["severity"] == "error")
    for g in folders.values():
        g["pages"] = round(g["pages"], 2)
        g["errors_per_100_pages"] = round(100 * g["errors"] / g["pages"], 3) if g["pages"] else None
    synth_errors = [{"doc": r["doc"], **f} for r in kept if r.get("synthetic") for f in r["findings"]
                    if f["severity"] == "error"]
    skipped: Counter = Counter()
    for r in kept:
        skipped.update(r["skipped"])
    return {
        "documents": {"files": len(results), "read": len(ok), "used": len(kept), "unreadable": unreadable,
                      "duplicates": duplicates, "real": len(real), "synthetic": len(kept) - len(real)},
        "statements": {
            "found": sum(r["statements_found"] for r in kept),
            "checkable": sum(r["checkable"] for r in kept),
            "with_finding": sum(r["inconsistent"] for r in kept),
            "oracle_disagrees": sum(len(r["disagreements"]) for r in kept),
            "consistent": sum(r.get("consistent", 0) for r in kept),
            "used": sum(len(r["statements"]) for r in kept),
            "used_by_kind": dict(Counter(s["kind"] for r in kept for s in r["statements"])),
            "used_real": sum(len(r["statements"]) for r in real),
        },
        "mutations": {
            "total": len(muts), "candidates": sum(r.get("candidates", 0) for r in kept),
            "should_flag": len(pos), "valid_edits": len(neg),
            "valid_edits_breaking_another_statement": sum(1 for m in neg if m["collateral"]),
            "skipped": dict(skipped),
            "by_type_generated": dict(Counter(m["type"] for m in muts)),
        },
        "recall": {
            "overall": share(pos),
            "real": share([m for m in pos if not _synthetic_doc(m, kept)]),
            "synthetic": share([m for m in pos if _synthetic_doc(m, kept)]),
            "by_type": group(pos, lambda m: m["type"]),
            "by_rule": group(pos, lambda m: m["expected_rule"]),
            "by_statement_kind": group(pos, lambda m: m["statement_kind"]),
            "by_source": group(pos, lambda m: "text" if m.get("table_shape", "text") == "text" else "tables"),
            "by_table_shape": group([m for m in pos if m.get("table_shape", "text") != "text"],
                                    lambda m: m["table_shape"]),
            "by_role": group(pos, lambda m: m["role"]),
            "expected_rule_fired": sum(1 for m in pos if m["expected_fired"]),
        },
        "unflagged": [m for m in pos if not m["flagged"]],
        "valid_edits_flagged": [m for m in neg if m["flagged"] and not m["collateral"]],
        "untouched": {
            "documents": len(real), "pages": round(pages, 2), "pages_estimated": round(pages_est, 2),
            "errors": len(errors), "errors_per_100_pages": round(100 * len(errors) / pages, 3) if pages else None,
            "warnings_by_rule": dict(warnings), "error_findings": errors, "synthetic_errors": synth_errors,
            "by_folder": folders,
        },
        "disagreements": [{"doc": r["doc"], **d} for r in kept for d in r["disagreements"]],
        "seconds": round(sum(r.get("seconds", 0) for r in kept), 2),
    }


def _synthetic_doc(m: dict, kept: list[dict]) -> bool:
    return any(r["doc"] == m["doc"] and r.get("synthetic") for r in kept)


# =========================================================================== report


def _pct(x: dict) -> str:
    if not x["mutations"]:
        return "    —"
    return f"{100 * x['share']:5.1f} % ({x['flagged']}/{x['mutations']})"


def _where(m: dict) -> str:
    return f"{m['doc']}:{m['page'] if m['page'] is not None else '-'}:{m['line']}"


def render(summary: dict[str, Any], *, show_valid: int = 50, totals_only: bool = False) -> str:
    """The text report; ``totals_only`` (the untuned test split) leaves out everything that
    names a document or quotes it: only the counts and the shares."""
    s = summary
    out: list[str] = []

    def w(line: str) -> None:
        if totals_only and line.startswith(("- ", "    quote:", "    before:", "    after:", "    re-extracted:",
                                            "    probable cause:", "    set aside by:", "  unreadable", "  duplicate",
                                            "  synthetic documents")):
            return
        out.append(line)
    d = s["documents"]
    w("# Mutation suite — number rules (NUM/TAB)")
    w("")
    w(f"Files: {d['files']}  read: {d['read']}  used: {d['used']} ({d['real']} real, {d['synthetic']} synthetic)  "
      f"unreadable: {len(d['unreadable'])}  duplicates skipped: {len(d['duplicates'])}")
    for u in d["unreadable"]:
        w(f"  unreadable  {u['doc']}: {u['reason']}")
    for u in d["duplicates"]:
        w(f"  duplicate   {u['doc']} = {u['same_as']}" + (f" ({u['why']})" if u.get("why") else ""))
    st = s["statements"]
    w("")
    w(f"Statements: found {st['found']}, checkable {st['checkable']}, with a finding {st['with_finding']}, "
      f"oracle disagrees {st['oracle_disagrees']}, consistent {st['consistent']}, mutated {st['used']} "
      f"({st['used_real']} from real documents) — by kind: "
      + ", ".join(f"{k} {v}" for k, v in sorted(st["used_by_kind"].items())))
    mu = s["mutations"]
    w(f"Mutations: {mu['total']} run (of {mu['candidates']} possible); {mu['should_flag']} make the claim false (counted), "
      f"{mu['valid_edits']} are valid edits (within tolerance, or a partial list lowered; not counted, "
      f"{mu['valid_edits_breaking_another_statement']} of them break another statement holding the number)")
    w("  made by type: " + ", ".join(f"{k} {v}" for k, v in sorted(mu["by_type_generated"].items())))
    if mu["skipped"]:
        w("  not made: " + ", ".join(f"{k} {v}" for k, v in sorted(mu["skipped"].items())))
    rc = s["recall"]
    w("")
    w(f"## Share flagged: {_pct(rc['overall'])}   (target ≥ 95 %)")
    w(f"  real documents   {_pct(rc['real'])}")
    w(f"  synthetic        {_pct(rc['synthetic'])}")
    w(f"  flagged by the rule the oracle expects: {rc['expected_rule_fired']}/{rc['overall']['mutations']}")
    for title, key in (("text or tables", "by_source"), ("shape of table statement", "by_table_shape"),
                       ("type", "by_type"), ("expected rule", "by_rule"), ("statement kind", "by_statement_kind"),
                       ("role of the mutated number", "by_role")):
        w(f"  by {title}:")
        for k, v in rc[key].items():
            w(f"    {str(k):<22} {_pct(v)}")
    un = s["unflagged"]
    w("")
    w(f"## Unflagged mutations ({len(un)})")
    for m in un if not totals_only else ():
        w(f"- {_where(m)} [{m['type']} {m['role']}] {m['original']!r} → {m['mutated']!r} "
          f"(expects {m['expected_rule']}; statement {m['statement']})")
        w(f"    before: {m['before']}")
        w(f"    after:  {m['after']}")
        w(f"    re-extracted: {m['mutated_statement'] or 'no statement of this kind'}; "
          f"figure: {m['mutated_figure'] or '—'}" + (f"; findings elsewhere: {m['new_findings_elsewhere']}"
                                                       if m["new_findings_elsewhere"] else ""))
        w(f"    probable cause: {m.get('why_missed') or '—'}")
    vf = s["valid_edits_flagged"]
    w("")
    w(f"## Valid edits flagged anyway ({len(vf)}) — false alarms caused by an edit that keeps the claim true")
    for m in vf[:show_valid] if not totals_only else ():
        w(f"- {_where(m)} [{m['type']} {m['role']}] {m['original']!r} → {m['mutated']!r} rules {m['rules']}")
        w(f"    after: {m['after']}")
        for msg in m["messages"]:
            w(f"    {msg}")
    if s["disagreements"]:
        w("")
        w(f"## Statements the oracle finds false but the rules set aside ({len(s['disagreements'])}; not mutated)")
        for x in s["disagreements"]:
            w(f"- {x['doc']}:{x['page'] if x['page'] is not None else '-'}:{x['line']} {x['statement']}: {x['text']}")
            w(f"    set aside by: {x.get('why') or '—'}")
    ut = s["untouched"]
    w("")
    w(f"## Untouched real documents: {ut['errors']} error findings on {ut['pages']} pages "
      f"= {ut['errors_per_100_pages']} per 100 pages   (target ≤ 1)")
    w(f"  pages: PDF page counts; DOCX/RTF/text estimated as characters/{CHARS_PER_PAGE} "
      f"({ut['pages_estimated']} of the {ut['pages']} pages are estimates)")
    for k, g in sorted(ut["by_folder"].items()) if not totals_only else ():
        w(f"  {k:<28} {g['documents']:3d} documents {g['pages']:8.1f} pages {g['errors']:3d} errors "
          f"= {g['errors_per_100_pages']} per 100 pages")
    if ut["warnings_by_rule"]:
        w("  warnings/notes (not counted): " + ", ".join(f"{k} {v}" for k, v in sorted(ut["warnings_by_rule"].items())))
    for e in ut["error_findings"]:
        w(f"- {e['doc']}:{e['page'] if e['page'] is not None else '-'}:{e['line']} {e['rule']} {e['message']}")
        w(f"    quote: {e['quote']}")
    if ut["synthetic_errors"]:
        w("  synthetic documents (errors planted on purpose, not counted): "
          + "; ".join(f"{e['doc']}:{e['line']} {e['rule']}" for e in ut["synthetic_errors"]))
    w("")
    w(f"CPU time in the pipeline: {s['seconds']} s")
    return "\n".join(out)


# =========================================================================== gold mode
#
# ``--from-gold``: the statements a careful reader annotated (corpus/gold/checks/), not the
# statements the tool recognised, so that what the tool misses is seen as a miss.

GOLD_DIR = ROOT / "corpus" / "gold" / "checks"
DEFAULT_GOLD_PER_DOC = 40
# kinds whose annotated relation no single-figure change certainly breaks (their skip reason)
GOLD_SKIPPED_KINDS = {
    "range": "a range's relation may read as containment or end point by end point: no one change "
             "certainly breaks both",
    "unit": "no arithmetic relation (a value that cannot have its unit)",
}
_GOLD_NUM = re.compile(r"\d+(?:[.,]\d+)*")


def gold_path(rel: str) -> Path | None:
    """The gold file of a document (``folder--stem[.ext].json``; the name with the
    extension first, as a spreadsheet twin of a PDF is named)."""
    p = Path(rel)
    pre = str(p.parent).replace("/", "--")
    for name in (f"{pre}--{p.stem}{p.suffix}.json", f"{pre}--{p.stem}.json"):
        q = GOLD_DIR / name
        if q.exists():
            return q
    return None


def load_gold(rel: str) -> dict[str, Any] | None:
    q = gold_path(rel)
    if q is None:
        return None
    g = json.loads(q.read_text(encoding="utf-8"))
    return g if g.get("file") == rel else None


def _figure_regex(fig: str, percent: bool = True) -> re.Pattern | None:
    """A figure as written, found with any spacing around "/", "%" and dashes, never
    inside a longer number."""
    fig = fig.strip()
    if not percent:
        fig = fig.rstrip("% ").strip()
    if not re.search(r"\d", fig):
        return None
    out = []
    for tok in re.findall(r"\d+(?:[.,]\d+)*|\s+|.", fig):
        if tok.isspace():
            out.append(r"\s*")
        elif tok in "%/–-":
            out.append(r"\s*" + re.escape(tok) + r"\s*")
        else:
            out.append(re.escape(tok))
    return re.compile(r"(?<![\d])(?<!\d[.,])" + "".join(out) + r"(?!\d)(?![.,]\d)")


def _cell_row(cell: str) -> tuple[str, int] | None:
    m = re.match(r"^(.*)!\$?[A-Z]+\$?(\d+)$", cell or "")
    return (m.group(1).strip("'"), int(m.group(2))) if m else None


def gold_regions(doc: Document, st: dict[str, Any]) -> list[list[tuple[int, int]]]:
    """Where a statement's figures are looked for, narrowest first: a spreadsheet's gold
    cell, then its row; a PDF's page (the page's text span by the page/line map); the
    whole text otherwise."""
    if st.get("cell") and doc.kind in ("xlsx", "xls"):
        cell = [(g.start, g.end) for g in doc.segments if g.cell == st["cell"]]
        rc = _cell_row(st["cell"])
        row = [(g.start, g.end) for g in doc.segments if g.cell and rc and _cell_row(g.cell) == rc]
        return [cell, row]
    if doc.kind == "pdf" and st.get("page"):
        segs = [g for g in doc.segments if g.page == st["page"]]
        if not segs:
            return [[]]
        return [[(min(g.start for g in segs), max(g.end for g in segs))]]
    return [[(0, len(doc.text))]]


def _swapped(fig: str) -> str:
    """A figure with "." and "," exchanged (a spreadsheet's display against the reader's)."""
    return fig.translate(str.maketrans(".,", ",."))


def _find(doc: Document, fig: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Occurrences of a figure as written (with or without its "%"; failing that, with
    "." and "," exchanged) inside the spans."""
    variants = [fig] if _swapped(fig) == fig else [fig, _swapped(fig)]
    for v in variants:
        for pct in (True, False):
            rx = _figure_regex(v, pct)
            if rx is None:
                return []
            hits = sorted({(m.start(), m.end()) for a, b in spans for m in rx.finditer(doc.text, a, b)})
            if "/" not in v:  # a day, month or year of a date is not the figure
                hits = [h for h in hits if not _in_date(doc.text, h)]
            if hits:
                return hits
            if not v.strip().endswith("%"):
                break
    return []


_DATE = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/\d{2,4}(?![\d/])")


def _in_date(text: str, h: tuple[int, int]) -> bool:
    return any(m.start() <= h[0] and h[1] <= m.end()
               for m in _DATE.finditer(text, max(0, h[0] - 6), min(len(text), h[1] + 6)))


def _chain(doc: Document, figs: list[str], j: int, h: tuple[int, int], gap: int) -> int:
    """How many of the statement's figures follow (and precede) the occurrence ``h`` of
    figure ``j`` in their written order, each within ``gap`` characters of the last."""
    n, pos = 0, h[1]
    for f in figs[j + 1:]:
        hit = _find(doc, f, [(pos, min(len(doc.text), pos + gap))])
        if not hit:
            break
        n, pos = n + 1, hit[0][1]
    pos = h[0]
    for f in reversed(figs[:j]):
        hit = _find(doc, f, [(max(0, pos - gap), pos)])
        if not hit:
            break
        n, pos = n + 1, hit[-1][0]
    return n


def locate_figure(doc: Document, st: dict[str, Any], j: int, near: int = 400) -> tuple[int, int] | None:
    """The one place of figure ``j`` of a gold statement in the document: its unique
    occurrence in the narrowest region holding it; among several, the one with strictly
    more of the statement's other figures within ``near`` characters."""
    fig = st["figures"][j]
    others = [f for k, f in enumerate(st["figures"]) if k != j and f != fig and re.search(r"\d", f)]
    for spans in gold_regions(doc, st):
        hits = _find(doc, fig, spans)
        if not hits:
            continue
        if len(hits) == 1:
            return hits[0]
        if not others:
            return None
        def score(h: tuple[int, int]) -> tuple[int, int]:
            win = [(max(0, h[0] - near), min(len(doc.text), h[1] + near))]
            return (_chain(doc, st["figures"], j, h, near // 2),
                    sum(1 for f in set(others) if _find(doc, f, win)))
        ranked = sorted(hits, key=score, reverse=True)
        return ranked[0] if score(ranked[0]) > score(ranked[1]) else None
    return None


def _in_relation(fig: str, relation: str) -> bool:
    """Every number of a figure appears in the annotated relation (a threshold that is
    not checked, a figure only described, does not)."""
    rel = set(_GOLD_NUM.findall(relation))
    nums = _GOLD_NUM.findall(fig)
    return bool(nums) and all(n in rel for n in nums)


def eligible_figures(st: dict[str, Any]) -> list[int]:
    figs = st.get("figures") or []
    rel = st.get("relation") or ""
    idx = [k for k, f in enumerate(figs) if _GOLD_NUM.search(f)]
    inrel = [k for k in idx if _in_relation(figs[k], rel)]
    if st.get("kind") == "share_after_threshold":
        return inrel  # the threshold is not checked: never mutated
    return inrel or idx


def leading_digit_edit(num: str) -> tuple[str, int] | None:
    """The number with its leading significant digit moved by 4 or 5 (1–4 → 6–9, 5–9 →
    1–5; 100 → 60 so that a share stays a share), and the change in units of its last
    written digit; a zero gets its last digit 9."""
    if re.fullmatch(r"100(?:[.,]0+)?", num):
        return "60" + num[3:], 40 * 10 ** len(num[4:]) if len(num) > 3 else 40
    digits = [i for i, ch in enumerate(num) if ch.isdigit()]
    lead = next((i for i in digits if num[i] != "0"), None)
    if lead is None:
        i = digits[-1]
        return num[:i] + "9" + num[i + 1:], 9
    d = int(num[lead])
    nd = d + 5 if d <= 4 else d - 4
    after = sum(1 for i in digits if i > lead)
    return num[:lead] + str(nd) + num[lead + 1:], abs(nd - d) * 10 ** after


def _parse_gold(num: str, doc: Document) -> Decimal | None:
    from extract.core.numbers import try_parse

    p = try_parse(num, majority="en" if doc.kind in ("xlsx", "xls") else "vi")
    return None if p is None else p.value


def _format_like(value: Decimal, like: str) -> str:
    """An integer-valued number written with the decimals and marks of ``like``."""
    dec_mark = "," if re.search(r",\d{1,2}$|,\d{4,}$", like) else "." if re.search(r"\.\d{1,2}$|\.\d{4,}$", like) else ""
    group = "." if dec_mark == "," or (not dec_mark and "." in like) else ","
    decs = len(like.rsplit(dec_mark, 1)[1]) if dec_mark else 0
    n = int(value)
    s = f"{n:,}".replace(",", group) if "." in like or "," in like else str(n)
    return s + (dec_mark + "0" * decs if decs else "")


@dataclasses.dataclass
class GoldEdit:
    sid: str
    kind: str
    where: str
    figure: str  # as written in the gold
    start: int
    end: int
    original: str
    repl: str
    spans: list[tuple[int, int]]  # the statement's other figures located (for 'flagged')


def gold_edit(doc: Document, st: dict[str, Any], seed: int = 0) -> tuple[GoldEdit | None, str]:
    """One edit of one figure of a gold statement that certainly breaks its relation, or
    None and why not ("unlocatable", "no breaking change", the skipped kind)."""
    kind = st.get("kind", "")
    if kind in GOLD_SKIPPED_KINDS:
        return None, f"kind skipped: {kind}"
    figs = st.get("figures") or []
    elig = eligible_figures(st)
    if not elig:
        return None, "no figure with digits"
    located = {k: locate_figure(doc, st, k) for k in range(len(figs)) if _GOLD_NUM.search(figs[k])}
    spans = [sp for sp in located.values() if sp is not None]
    order = elig
    if kind == "partial_parts":
        # parts ≤ whole: the whole (the largest figure) lowered under half the next largest
        vals = {k: _parse_gold(_GOLD_NUM.findall(figs[k])[0], doc) for k in elig}
        known = sorted(((v, k) for k, v in vals.items() if v is not None), reverse=True)
        if len(known) < 2 or known[1][0] < 2:
            return None, "no breaking change"
        k = known[0][1]
        sp = located.get(k)
        if sp is None:
            return None, "unlocatable"
        m = _GOLD_NUM.search(doc.text, sp[0], sp[1])
        if m is None:
            return None, "unlocatable"
        new = _format_like(known[1][0] / 2, m.group())
        return GoldEdit(st.get("id", "?"), kind, st.get("where", "text"), figs[k], m.start(), m.end(), m.group(),
                        new, spans), ""
    rot = int(hashlib.sha256(f"{seed}:{st.get('id')}:{figs}".encode()).hexdigest(), 16) % len(order)
    order = order[rot:] + order[:rot]
    n_rounded = sum(1 for k in elig if re.search(r"[.,]\d{1,2}$|%", figs[k]))
    any_located = False
    for k in order:
        sp = located.get(k)
        if sp is None:
            continue
        any_located = True
        m = _GOLD_NUM.search(doc.text, sp[0], sp[1])
        if m is None:
            continue
        ed = leading_digit_edit(m.group())
        if ed is None:
            continue
        new, units = ed
        # far beyond the rounding of every figure of the relation (each ± half a last digit)
        if units <= n_rounded:
            continue
        return GoldEdit(st.get("id", "?"), kind, st.get("where", "text"), figs[k], m.start(), m.end(), m.group(),
                        new, spans), ""
    return None, "no breaking change" if any_located else "unlocatable"


def run_gold_edit(doc: Document, base_keys: set, period: Any, e: GoldEdit) -> dict[str, Any]:
    """Splice the edit, re-run figures → statements → checks; flagged when a new NUM/TAB
    finding involves the mutated number or another located figure of the statement (a
    finding naming no figures: overlaps the mutated number or the statement's hull)."""
    delta = len(e.repl) - (e.end - e.start)
    mdoc = splice(doc, e.start, e.end, e.repl)
    _mfigs, _mstmts, rep = analyse(mdoc, period)

    def shift(x: int) -> int:
        return x + delta if x >= e.end else x

    e0, e1 = e.start, e.start + len(e.repl)
    spans = [(shift(a), shift(b)) for a, b in e.spans if not (a <= e.start < b)] + [(e0, e1)]
    lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
    hull = (lo, hi) if hi - lo <= 3000 else (e0, e1)
    on, _elsewhere = new_findings(rep.findings, base_keys, shift, spans, hull)
    return {"id": e.sid, "kind": e.kind, "where": e.where, "figure": e.figure, "original": e.original,
            "mutated": e.repl, "flagged": bool(on), "rules": sorted({f.rule for f in on}),
            "before": snippet(doc.text, max(0, e.start - 80), e.end + 80),
            "after": snippet(mdoc.text, max(0, e0 - 80), e1 + 80)}


def run_gold_document(doc: Document, gold: dict[str, Any], *, name: str, seed: int = 0,
                      max_per_doc: int | None = DEFAULT_GOLD_PER_DOC) -> dict[str, Any]:
    """Every holding gold statement of one document (at most ``max_per_doc``, taken from
    each kind and place in turn), one edit each, run through the pipeline."""
    from extract.find.dates import report_period

    t0 = time.perf_counter()
    period = report_period(doc)
    _figs, _stmts, rep = analyse(doc, period)
    base_keys = {_base_key(f) for f in rep.findings}
    holding = [s for s in gold.get("statements") or [] if s.get("holds") is True]
    res: dict[str, Any] = {"doc": name, "statements": len(holding), "skipped": Counter(), "mutations": [],
                           "not_run": 0}
    rng = random.Random(f"{seed}:{name}")
    by: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in holding:
        by[f"{s.get('kind')}/{s.get('where')}"].append(s)
    for v in by.values():
        rng.shuffle(v)
    order: list[dict[str, Any]] = []
    while any(by.values()):
        for key in sorted(by):
            if by[key]:
                order.append(by[key].pop())
    edits: list[GoldEdit] = []
    for s in order:
        if max_per_doc and len(edits) >= max_per_doc:
            res["not_run"] += 1
            continue
        e, why = gold_edit(doc, s, seed)
        if e is None:
            res["skipped"][why] += 1
            res.setdefault("skipped_by", []).append({"id": s.get("id"), "kind": s.get("kind"),
                                                     "where": s.get("where"), "why": why})
            continue
        edits.append(e)
    res["mutations"] = [run_gold_edit(doc, base_keys, period, e) for e in edits]
    res["skipped"] = dict(res["skipped"])
    res["seconds"] = round(time.perf_counter() - t0, 2)
    return res


def _gold_job(key: tuple) -> dict[str, Any]:
    path, rel, seed, max_per_doc = key
    gold = load_gold(rel)
    if gold is None:
        return {"doc": rel, "no_gold": True}
    doc = _read(path, rel)
    if isinstance(doc, dict):
        return doc
    try:
        return run_gold_document(doc, gold, name=rel, seed=seed, max_per_doc=max_per_doc)
    except Exception as exc:  # noqa: BLE001 - a batch never stops on one file
        return {"doc": rel, "error": f"{type(exc).__name__}: {exc}"}


def summarize_gold(results: list[dict[str, Any]]) -> dict[str, Any]:
    done = [r for r in results if "mutations" in r]
    muts = [m for r in done for m in r["mutations"]]

    def share(ms: list[dict[str, Any]]) -> dict[str, Any]:
        k = sum(1 for m in ms if m["flagged"])
        return {"mutations": len(ms), "flagged": k, "share": round(k / len(ms), 4) if ms else None}

    def group(key) -> dict[str, Any]:
        g: dict[str, list] = defaultdict(list)
        for m in muts:
            g[key(m)].append(m)
        return {k: share(v) for k, v in sorted(g.items())}

    skipped: Counter = Counter()
    for r in done:
        skipped.update(r["skipped"])
    return {
        "documents": {"with_gold": len(done), "errors": [r for r in results if "error" in r],
                      "without_gold": sum(1 for r in results if r.get("no_gold"))},
        "statements_holding": sum(r["statements"] for r in done),
        "not_run_over_limit": sum(r["not_run"] for r in done),
        "skipped": dict(skipped),
        "overall": share(muts),
        "by_where": group(lambda m: m["where"]),
        "by_kind": group(lambda m: m["kind"]),
        "by_kind_where": group(lambda m: f"{m['kind']}/{m['where']}"),
        "seconds": round(sum(r.get("seconds", 0) for r in done), 1),
    }


def render_gold(summary: dict[str, Any], results: list[dict[str, Any]], *, totals_only: bool) -> str:
    s = summary
    out = ["# Mutation suite from the gold — one figure of each annotated statement that holds", ""]
    d = s["documents"]
    out.append(f"Documents with gold: {d['with_gold']}  unreadable/failed: {len(d['errors'])}  "
               f"without gold: {d['without_gold']}")
    out.append(f"Holding statements: {s['statements_holding']}; mutations run: {s['overall']['mutations']}; "
               f"not run (over the per-document limit): {s['not_run_over_limit']}")
    out.append("Not mutated: " + (", ".join(f"{k} {v}" for k, v in sorted(s["skipped"].items())) or "—"))
    out.append("")
    out.append(f"## Flagged: {_pct(s['overall'])}")
    for title, key in (("text or tables", "by_where"), ("gold kind", "by_kind"), ("kind / where", "by_kind_where")):
        out.append(f"  by {title}:")
        for k, v in s[key].items():
            out.append(f"    {k:<34} {_pct(v)}")
    if not totals_only:
        for e in d["errors"]:
            out.append(f"  error {e['doc']}: {e['error']}")
        out.append("")
        out.append("## Per document")
        for r in results:
            if "mutations" not in r:
                continue
            ms = r["mutations"]
            out.append(f"- {r['doc']}: {sum(m['flagged'] for m in ms)}/{len(ms)} flagged; skipped {r['skipped']}")
        out.append("")
        out.append("## Missed")
        for r in results:
            for m in r.get("mutations", []):
                if not m["flagged"]:
                    out.append(f"- {r['doc']} {m['id']} [{m['kind']}/{m['where']}] {m['original']!r} → {m['mutated']!r}")
                    out.append(f"    after: {m['after']}")
    out.append("")
    out.append(f"CPU time in the pipeline: {s['seconds']} s")
    return "\n".join(out)


def run_gold(files: list[Path], rels: list[str], *, seed: int = 0, max_per_doc: int | None = DEFAULT_GOLD_PER_DOC,
             workers: int | None = None, progress: bool = False) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    keys = [(str(p), rel, seed, max_per_doc) for p, rel in zip(files, rels) if gold_path(rel) is not None]
    workers = workers or os.cpu_count() or 1
    results = []
    if workers > 1 and len(keys) > 1:
        import multiprocessing as mp

        with mp.get_context("fork").Pool(workers) as pool:
            for r in pool.imap_unordered(_gold_job, keys):
                results.append(r)
                if progress:
                    print(f"  {len(results)}/{len(keys)} done", file=sys.stderr)
    else:
        for k in keys:
            results.append(_gold_job(k))
            if progress:
                print(f"  {len(results)}/{len(keys)} done", file=sys.stderr)
    results.sort(key=lambda r: r["doc"])
    return summarize_gold(results), results


# =========================================================================== CLI


def _plan_job(key: tuple) -> dict[str, Any]:
    t = time.perf_counter()
    p = _plan_cached(key, untouched=True)
    if isinstance(p, dict):
        return dict(p)
    res = dict(p.res)
    res["plan_seconds"] = round(time.perf_counter() - t, 3)
    return res


def _chunk_job(task: tuple[tuple, int, int]) -> tuple[str, int, list[dict[str, Any]], float]:
    key, lo, hi = task
    t = time.perf_counter()
    p = _plan_cached(key)
    out = run_plan(p, lo, hi) if isinstance(p, Plan) else []
    return key[1], lo, out, time.perf_counter() - t


def run(corpora: list[Path], *, seed: int = 0, max_per_doc: int | None = DEFAULT_MAX_PER_DOC,
        per_statement: int | None = DEFAULT_PER_STATEMENT, limit: int | None = None,
        workers: int | None = None, progress: bool = False, chunk: int = 6) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Plan every document (in parallel), then run the mutations in chunks spread over
    the workers (largest documents first), so one big table-heavy report does not run
    alone at the end."""
    files = list_files(corpora)
    if limit is not None:
        files = files[:limit]
    keys = []
    for p in files:
        rel = None
        for c in corpora:
            try:
                rel = str(p.resolve().relative_to(Path(c).resolve().parent))
                break
            except ValueError:
                continue
        keys.append((str(p), rel or str(p), seed, max_per_doc, per_statement, is_synthetic(p)))
    workers = workers or os.cpu_count() or 1
    log = (lambda msg: print(msg, file=sys.stderr)) if progress else (lambda msg: None)
    by_name: dict[str, dict[str, Any]] = {}
    tasks = []

    def plans(mapper):
        for r in mapper(_plan_job, keys):
            by_name[r["doc"]] = r
            log(f"  planned {len(by_name)}/{len(keys)} {r['doc']} "
                + (f"error: {r['error']}" if "error" in r else f"{r.get('planned', 0)} mutations"))

    def chunks(mapper):
        done = 0
        for name, lo, out, secs in mapper(_chunk_job, tasks):
            by_name[name].setdefault("_chunks", []).append((lo, out, secs))
            done += 1
            log(f"  chunk {done}/{len(tasks)} {name}[{lo}:] {secs:.1f} s")

    if workers > 1 and len(keys) > 1:
        import multiprocessing as mp

        ctx = mp.get_context("fork") if sys.platform != "win32" else mp.get_context("spawn")
        with ctx.Pool(workers) as pool:
            plans(lambda fn, it: pool.imap_unordered(fn, it))
            tasks = _tasks(keys, by_name, chunk)
            chunks(lambda fn, it: pool.imap_unordered(fn, it))
    else:
        plans(lambda fn, it: map(fn, it))
        tasks = _tasks(keys, by_name, chunk)
        chunks(lambda fn, it: map(fn, it))
    results = []
    for r in by_name.values():
        parts = sorted(r.pop("_chunks", []), key=lambda x: x[0])
        r["mutations"] = [m for _lo, out, _s in parts for m in out]
        r["seconds"] = round(r.get("plan_seconds", 0) + sum(s for _lo, _o, s in parts), 3)
        results.append(r)
    results.sort(key=lambda r: r["doc"])
    _PLANS.clear()
    return summarize(results), results


def _tasks(keys: list[tuple], by_name: dict[str, dict[str, Any]], chunk: int) -> list[tuple[tuple, int, int]]:
    """Chunks of every document's planned mutations, costliest first (cost ≈ the
    document's planning time × the chunk's size)."""
    tasks = []
    for key in keys:
        r = by_name.get(key[1])
        n = (r or {}).get("planned", 0)
        for lo in range(0, n, chunk):
            tasks.append((key, lo, min(n, lo + chunk), r.get("plan_seconds", 1.0) * (min(n, lo + chunk) - lo)))
    tasks.sort(key=lambda t: -t[3])
    return [t[:3] for t in tasks]


def split_files(split: str) -> list[Path]:
    """The documents of one split of ../shared/corpus, as single-file corpora."""
    import yaml

    root = Path(__file__).resolve().parent.parent
    shared = root.parent / "shared" / "corpus"
    splits = yaml.safe_load((root / "corpus" / "gold" / "splits.yaml").read_text(encoding="utf-8"))
    test = set(splits["test"])
    if split in ("test", "test2"):
        return [shared / t for t in sorted(splits.get(split) or []) if (shared / t).exists()]
    held_out = test | set(splits.get("test2") or [])
    return [p for p in sorted(shared.rglob("*")) if p.is_file() and p.relative_to(shared).as_posix() not in held_out
            and "ground-truth" not in p.parts and p.suffix.lower() in (".pdf", ".docx", ".txt", ".xlsx", ".xls")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", action="append", type=Path,
                    help="a directory (or file) to read, repeatable; default ../shared/corpus and corpus/")
    ap.add_argument("--json", type=Path, help="write the machine-readable results here")
    ap.add_argument("--max-per-doc", type=int, default=DEFAULT_MAX_PER_DOC,
                    help=f"at most N consistent statements per document, taken from each kind in turn "
                         f"(default {DEFAULT_MAX_PER_DOC}; 0 = all)")
    ap.add_argument("--per-statement", type=int, default=DEFAULT_PER_STATEMENT,
                    help=f"at most N mutations per statement, one of each type in turn (default "
                         f"{DEFAULT_PER_STATEMENT}; 0 = every digit change, transposition, ±1 and drop made)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the digit and position choices (default 0)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N files (quick runs)")
    ap.add_argument("--workers", type=int, default=None, help="processes (default: every core)")
    ap.add_argument("--progress", action="store_true", help="one line per document on stderr")
    ap.add_argument("--split", choices=["test", "test2", "tune"],
                    help="only one split of ../shared/corpus (corpus/gold/splits.yaml): the untuned test "
                         "split, the second untuned split test2 (spreadsheets, .doc, scans), or the tuning "
                         "split (every other document); the untuned splits print their totals only")
    ap.add_argument("--from-gold", action="store_true",
                    help="mutate the statements annotated in corpus/gold/checks/ (those that hold) instead of "
                         "the tool's own; needs --split; --max-per-doc defaults to "
                         f"{DEFAULT_GOLD_PER_DOC} statements here")
    a = ap.parse_args(argv)
    if a.from_gold:
        return main_gold(a)
    corpora = a.corpus or [c for c in default_corpora() if c.exists()]
    if a.split:
        corpora = split_files(a.split)
    missing = [c for c in corpora if not c.exists()]
    if missing:
        print(f"mutate: no such corpus: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    t = time.perf_counter()
    summary, results = run(corpora, seed=a.seed, max_per_doc=a.max_per_doc, per_statement=a.per_statement,
                           limit=a.limit, workers=a.workers,
                           progress=a.progress)
    summary["wall_seconds"] = round(time.perf_counter() - t, 2)
    if a.json:
        payload = {"summary": summary, "documents": results,
                   "options": {"corpus": [str(c) for c in corpora], "seed": a.seed, "max_per_doc": a.max_per_doc,
                               "per_statement": a.per_statement, "limit": a.limit}}
        a.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    try:
        # the untuned split is not read while tuning: totals only, no document named or quoted
        print(render(summary, totals_only=a.split in ("test", "test2")))
        print(f"Wall time: {summary['wall_seconds']} s on {a.workers or os.cpu_count()} worker(s)")
    except BrokenPipeError:  # `… | head`
        sys.stderr.close()
    return 0


def main_gold(a: argparse.Namespace) -> int:
    """``--from-gold --split S``: the untuned splits print their totals only and write no
    JSON (nobody tuning reads their documents, their gold or per-statement results)."""
    if not a.split:
        print("mutate: --from-gold needs --split tune|test|test2", file=sys.stderr)
        return 2
    held_out = a.split in ("test", "test2")
    if held_out and a.json:
        print("mutate: no --json for an untuned split (totals only)", file=sys.stderr)
        return 2
    shared = ROOT.parent / "shared" / "corpus"
    files = split_files(a.split)
    if a.split == "tune":  # the annotated Word 97 and RTF files of the tuning split too
        import yaml

        splits = yaml.safe_load((ROOT / "corpus" / "gold" / "splits.yaml").read_text(encoding="utf-8"))
        held = set(splits.get("test") or []) | set(splits.get("test2") or [])
        files += [p for p in sorted(shared.rglob("*")) if p.is_file() and p.suffix.lower() in (".doc", ".rtf")
                  and "ground-truth" not in p.parts and p.relative_to(shared).as_posix() not in held]
    if a.limit is not None:
        files = files[:a.limit]
    rels = [p.relative_to(shared).as_posix() for p in files]
    per_doc = DEFAULT_GOLD_PER_DOC if a.max_per_doc == DEFAULT_MAX_PER_DOC else a.max_per_doc
    t = time.perf_counter()
    summary, results = run_gold(files, rels, seed=a.seed, max_per_doc=per_doc, workers=a.workers,
                                progress=a.progress)
    summary["wall_seconds"] = round(time.perf_counter() - t, 2)
    if a.json:
        a.json.write_text(json.dumps({"summary": summary, "documents": results,
                                      "options": {"split": a.split, "seed": a.seed, "max_per_doc": per_doc}},
                                     ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    try:
        print(render_gold(summary, results, totals_only=held_out))
        print(f"Limit: at most {per_doc or 'all'} statements per document. "
              f"Wall time: {summary['wall_seconds']} s on {a.workers or os.cpu_count()} worker(s)")
    except BrokenPipeError:
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
