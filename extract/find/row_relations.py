"""Relations between the columns of each row of a table that prints no formula.

A form often says in its headers, not in formulas, how a column follows from others:
"Còn lại" after "Kế hoạch | Thực hiện", "Tồn cuối kỳ" after "Tồn đầu kỳ | Thu | Chi",
"Tổng chi" over "Ngoại trú | Nội trú", "Tỷ lệ (%)" or "So sánh (%)" beside the counts
it divides, "Tỷ trọng (%)" of a row in its column's total.  A careful reader checks such
a column by trying the readings its header allows on the rows and keeping the one that
holds; a row where it fails is then an inconsistency of that row.

Here, for every column whose header names such a result (``row_relations`` in
``rules/tables.yaml``: a remainder, a total, a rate), the readings its family allows are
tried on every data row — a difference of two columns (``a − b``), a ledger of three
(``a + b − c``, ``a − b − c``), a sum of two to six neighbouring columns, a quotient of two
(``a / b`` as a ratio or × 100, a growth ``a / b × 100 − 100``) or a row's share of its
column's total row — over the columns nearest to it, each within the rounding of the
figures as written.  A reading is kept only when it is the unique best one and holds in at
least ``min_rows`` of the rows that can tell readings apart (a row of zeros, or one
where a term is 0, tells nothing) and in ``min_share`` of them or in all of them but one.  Each data row
where its cells are filled then gives one ``row_relation`` statement.  A sum or a
difference whose telling term is filled in two rows only may still be kept when the rows
where that term is empty or 0 agree with it too (the total equals the other terms there);
two readings that hold in as many rows are told apart by the rows where they fail, then
by the number of their terms (the fewer wins, when it holds firmly); a difference of two columns is stated the way round its
written signs read.  Each data row ``whole`` the
result cell, ``parts`` the operands (``signs`` for a sum or difference; ``numerator`` /
``denominator`` / ``percent`` for a rate), ``relation`` the reading, ``cue`` the formula
in the headers' words, ``complete`` whether the reading held firmly enough
(``firm_share`` of the rows, or all but one) for a row that breaks it to be flagged
(rule TAB007).

Cells computed by a spreadsheet formula are left to their formula (rule TAB002), columns
whose numbering row prints a formula to rule TAB004.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import combinations, permutations
from typing import Any

from extract.core.model import Document, Figure, Statement
from extract.find.tables import _cell_index, _column_formulas, rules, tables

__all__ = ["row_relation_statements", "relation_holds", "Reading"]

_HUNDRED = Decimal(100)


@cache
def _vocab() -> dict[str, Any]:
    return rules()["row_relations"]


@cache
def _rx(name: str) -> re.Pattern[str]:
    return re.compile(_vocab()[name]["pattern"], re.I)


def _low(s: str) -> str:
    return " ".join(s.split()).lower()


@dataclass(frozen=True)
class Reading:
    """One way a result column follows from others in the same row."""

    relation: str  # sum | difference | ratio | percent | growth | share_of_total | share_of_sum
    #: columns (share_of_total, share_of_sum: the column whose total row, or whose sum, divides)
    operands: tuple[int, ...]
    signs: tuple[int, ...] = ()


def _half(f: Figure) -> Decimal:
    """Half a unit of the last digit written (a spreadsheet figure: of the digits shown);
    zero for a whole number without a scale or a percent sign (a count, money to the đồng:
    exact, so a count one off is a finding)."""
    if f.precision == 0 and not f.scale and f.kind != "percent" and f.unit_kind not in ("percent", "score", "area", "length"):
        return Decimal(0)
    return Decimal(5).scaleb(-(f.precision + 1))


def relation_holds(relation: str, result: Figure, operands: Sequence[Figure], signs: Sequence[int] = ()) -> bool:
    """Whether the result cell agrees with its operands under one reading, within the
    rounding of every figure as written (a count is exact)."""
    w = result.value
    if relation == "sum_or_mean":
        if not operands:
            return False
        total = sum((f.value for f in operands), Decimal(0))
        halves = sum((_half(f) for f in operands), Decimal(0))
        return (abs(total - w) <= _half(result) + halves
                or abs(total / len(operands) - w) <= _half(result) + halves / len(operands))
    if relation in ("sum", "difference"):
        if not signs:
            signs = [1] + [1 if relation == "sum" else -1] * (len(operands) - 1)
        got = sum((s * f.value for s, f in zip(signs, operands)), Decimal(0))
        slack = _half(result) + sum((_half(f) for f in operands), Decimal(0))
        # a difference column may be written without its sign (a fall shown by the header)
        return abs(got - w) <= slack or (relation == "difference" and len(operands) == 2
                                         and abs(abs(got) - abs(w)) <= slack)
    a = operands[0]
    if relation == "share_of_sum":  # the row's share of its column's sum: operands = the row, then every row
        bv = sum((f.value for f in operands[1:]), Decimal(0))
        bh = sum((_half(f) for f in operands[1:]), Decimal(0))
    else:
        bv, bh = operands[1].value, _half(operands[1])
    if bv == 0:
        return False
    q = a.value / bv
    rel = (_half(a) / abs(a.value) if a.value else Decimal(0)) + bh / abs(bv)
    # a rate is computed, never counted: a whole number in a General cell ("85" under
    # "Tỷ lệ (%)", no % sign) is rounded to the digit it shows, like any rate
    shown = Decimal(5).scaleb(-(result.precision + 1))
    if relation == "ratio":
        return abs(q - w) <= max(_half(result), shown) + abs(q) * rel
    pct = q * _HUNDRED
    tol = max(_half(result), shown) + abs(pct) * rel
    if relation in ("percent", "share_of_total", "share_of_sum"):
        return abs(pct - w) <= tol
    if relation == "growth":
        return abs(pct - _HUNDRED - w) <= tol
    return False


def _family(heads: list[str]) -> str | None:
    """Which readings a column's header allows: remainder, total or rate (None: none)."""
    texts = [_low(h) for h in heads[:2]]
    if not texts:
        return None
    own = texts[0]
    if _rx("excluded").search(own):
        return None
    for fam in ("remainder", "rate", "total"):
        if _rx(fam).search(own):
            return fam
    # a "So sánh (%)" or "Tăng/giảm" group over sub-headers naming its terms ("KH 2021/ TH 2020"),
    # or a group that reads with its sub-header ("Tồn quỹ" over "Cuối kỳ": "tồn quỹ cuối kỳ")
    if len(texts) > 1:
        for fam in ("remainder", "rate"):
            for text in (texts[1], texts[1] + " " + own):
                if _rx(fam).search(text) and not _rx("excluded").search(text):
                    return fam
    return None


def _rate_kind(heads: list[str]) -> str | None:
    """"comparison" for a rate whose header (or group header) compares two figures of the
    row ("So với cùng kỳ (%)", "Tăng (%)"), "share" for a share of a whole ("Tỷ trọng (%)",
    "Cơ cấu"), None for a plain rate ("Tỷ lệ (%)", "%")."""
    own = _low(heads[0]) if heads else ""
    # a bare "Tỷ lệ (%)" or "%" reads with its group header ("So với cùng kỳ" over it)
    text = own + " | " + _low(heads[1]) if len(heads) > 1 and _rx("bare_rate").fullmatch(own) else own
    if _rx("comparison").search(text):
        return "comparison"
    return "share" if _rx("share_only").search(text) else None


def _is_rate_column(heads: list[str]) -> bool:
    return any(_rx("rate").search(_low(h)) for h in heads[:1])


def _total_row(t: Any, rows: list[int]) -> int | None:
    """The row that is its columns' total ("Tổng cộng", "Toàn tỉnh", "Cộng"), first or last."""
    for r in (rows[:2] + rows[-2:]) if rows else []:
        lab = t.row_label(r)
        if lab and _rx("total_rows").fullmatch(_low(lab).rstrip(":. ")):
            return r
    return None


def _named(res: int, value_cols: list[int], heads_of: dict[int, list[str]],
           low_heads: dict[int, str] | None = None) -> list[int]:
    """Columns whose own header the result's header names: "KH 2021/ ƯTH/ TH 2020" under
    "So sánh %" names the columns headed "KH 2021" and "ƯTH/ TH 2020" (in every block).
    ``low_heads``: each column's first header, lower-cased (:func:`_low`), when the
    caller has them (the same for every result column of a table)."""
    if low_heads is None:
        low_heads = {c: _low(heads_of[c][0]) if heads_of[c] else "" for c in value_cols}
    own = " | ".join(_low(h) for h in heads_of[res][:1])
    out = []
    for c in value_cols:
        h = low_heads[c] if c != res else ""
        if len(h) >= 4 and _word_in(h, own):
            out.append(c)
    return out


def _word_in(h: str, text: str) -> bool:
    """Is ``h`` in ``text`` with no word character (``\\w``: letter, digit, "_") right before
    or after it?  The same as searching ``(?<!\\w)h(?!\\w)``, without compiling a pattern
    for every header."""
    i = text.find(h)
    while i >= 0:
        j = i + len(h)
        if (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")) \
                and (j == len(text) or not (text[j].isalnum() or text[j] == "_")):
            return True
        i = text.find(h, i + 1)
    return False


def _candidates(fam: str, res: int, value_cols: list[int], rate_cols: set[int], total_row: int | None,
                near: int, named: list[int], kind: str | None = None) -> Iterator[Reading]:
    """The readings a result column's family allows over its neighbours; a rate's
    ``kind`` (:func:`_rate_kind`) narrows them: a comparison is no share of the total,
    a share ("Tỷ trọng") no ratio or growth."""
    if fam == "rate":
        near = int(_vocab()["nearest_rate_columns"])  # pairs of them, three readings each
    left = [c for c in value_cols if c < res and c not in rate_cols][-near:]
    right = [c for c in value_cols if c > res and c not in rate_cols][:near]
    both = left + right + [c for c in named[:2 * near] if c not in left and c not in right]
    if fam == "remainder":
        for a, b in combinations(both, 2):  # a − b or b − a: the same reading (a sign may be left out)
            yield Reading("difference", (a, b), (1, -1))
        for a, b in combinations(left, 2):
            for c in left:
                if c not in (a, b):
                    yield Reading("difference", (a, b, c), (1, 1, -1))
        for a in left:
            for b, c in combinations(left, 2):
                if a not in (b, c):
                    yield Reading("difference", (a, b, c), (1, -1, -1))
    elif fam == "total":
        for side in (right, list(reversed(left))):
            for n in range(2, min(6, len(side)) + 1):
                run = tuple(sorted(side[:n]))
                yield Reading("sum", run, (1,) * n)
    elif fam == "rate":
        for a, b in permutations(both, 2):
            for rel in ("percent",) if kind == "share" else ("percent", "ratio", "growth"):
                yield Reading(rel, (a, b))
        if kind == "comparison":
            return  # two figures of the row compared: no share of the column's total
        for a in both:
            # the row's share of its column's total row, or of its column's sum where the
            # table prints no total row ("Tỉ lệ (%)" of each hospital's "Tổng chi")
            yield Reading("share_of_total" if total_row is not None else "share_of_sum", (a,))


def row_relation_statements(doc: Any, figures: Sequence[Figure]) -> list[Statement]:
    """``row_relation`` statements of the document's tables (see the module's doc)."""
    where = _cell_index(figures)
    if not where:
        return []
    min_rows = int(_vocab()["min_rows"])
    meta = getattr(doc, "meta", None) or {}
    computed = {tuple(k) for k in meta.get("formula_cells", ())}
    codes = {(ti, c) for ti, c in meta.get("code_cols", ())}
    out: list[Statement] = []
    for t in tables(doc):
        if not t.data:
            continue
        printed = _column_formulas(t)
        printed_cols = set(printed[1]) if printed else set()

        def one(r: int, c: int) -> int | None:
            idx = where.get((t.index, r, c))  # noqa: B023 - used within the loop iteration
            if not idx or len(idx) != 1:
                return None
            f = figures[idx[0]]
            return None if f.kind in ("fraction", "range") else idx[0]

        skip_rows = {t.numbered_header} if t.numbered_header is not None else set()
        rows = sorted({r for (ti, r, _c) in where if ti == t.index and r >= t.header_rows and r not in skip_rows})
        cols_count: dict[int, int] = {}
        for (ti, r, c) in where:
            if ti == t.index and r in rows and (ti, c) not in codes and c not in t.ordinal_cols:
                cols_count[c] = cols_count.get(c, 0) + 1
        value_cols = sorted(c for c, n in cols_count.items() if n >= min_rows)
        if len(value_cols) < 2:
            continue
        heads_of = {c: t.header_cell_texts(c) for c in value_cols}
        rate_cols = {c for c in value_cols if _is_rate_column(heads_of[c])}
        grid = {(r, c): i for r in rows for c in value_cols if (i := one(r, c)) is not None}
        pct_cols = _percent_lines(grid, figures, value_cols, min_rows)
        split = _split_cells(t, where, figures, rows, value_cols, min_rows)
        if len(value_cols) < 3 and not (rate_cols or pct_cols or split):
            continue  # two columns: only a rate beside its count (a share of the total) can hold
        total_row = _total_row(t, rows)
        # across the columns of each row (the form's usual way) …
        out.extend(_across(doc, t, figures, grid, rows, value_cols, heads_of, rate_cols, total_row,
                           ("remainder", "rate", "total"), printed_cols, pct_cols, computed, lambda c: c))
        # … the share written in a count's own cell ("118 (98,3%)"), as a column of its own
        if split:
            # every column c at 2c, the percents of a column of split cells at 2c + 1
            g2 = {(r, 2 * c): i for (r, c), i in grid.items()}
            heads2 = {2 * c: h for c, h in heads_of.items()}
            for c, cells in split.items():
                for r, (n, pc) in cells.items():
                    g2[(r, 2 * c)], g2[(r, 2 * c + 1)] = n, pc
                head = heads_of[c][0] if heads_of[c] else ""
                heads2[2 * c + 1] = [f"{head} (%)"] + heads_of[c][1:]
            lines2 = sorted(heads2)
            out.extend(_across(doc, t, figures, g2, rows, lines2, heads2, {2 * c for c in rate_cols}, total_row,
                               ("rate",), {2 * c + 1 for c in split} ^ set(lines2), set(), computed,
                               lambda c: c // 2))
        # … and down the rows of each column ("Tồn cuối kỳ" under "Tồn đầu kỳ", "Thu", "Chi";
        # "Còn lại" under "Kế hoạch", "Đã thực hiện"; a "Tỷ lệ" row under its counts)
        labels = {r: [text] for r in rows if (text := t.row_label(r))}
        row_lines = [r for r in rows if r in labels and sum((r, c) in grid for c in value_cols) >= min_rows]
        if len(row_lines) >= 3:
            tgrid = {(c, r): i for (r, c), i in grid.items() if r in labels}
            rate_rows = {r for r in row_lines if _is_rate_column(labels[r])}
            pct_rows = _percent_lines(tgrid, figures, row_lines, min_rows)
            for res, rd, firm_ok in _search(tgrid, figures, value_cols, row_lines, labels, rate_rows, None,
                                            ("remainder", "rate"), set(), pct_rows):
                cue = _cue(rd, labels[res], [labels[r] for r in rd.operands], None)
                row_keys = [(c2, rd.operands[0]) for c2 in value_cols if (c2, rd.operands[0]) in tgrid]
                for c in value_cols:
                    if (t.index, res, c) in computed:
                        continue
                    keys = ([(c, rd.operands[0])] + row_keys if rd.relation == "share_of_sum"
                            else [(c, r) for r in rd.operands])
                    st = _statement(doc, figures, tgrid.get((c, res)), [tgrid.get(k) for k in keys], rd, firm_ok, cue, None)
                    if st is not None:
                        out.append(st)
        out.extend(_whole_area_rows(doc, t, figures, grid, rows, value_cols, heads_of, rate_cols, computed))
        out.extend(_group_rows(doc, t, figures, grid, rows, value_cols, computed))
    out.sort(key=lambda s: (s.start, s.end))
    return out


def _across(doc: Any, t: Any, figures: Sequence[Figure], grid: dict[tuple[int, int], int], rows: list[int],
            lines: list[int], heads_of: dict[int, list[str]], rate_cols: set[int], total_row: int | None,
            families: tuple[str, ...], skip: set[int], pct_cols: set[int], computed: set[Any],
            real: Any) -> list[Statement]:
    """The statements of the readings kept across the columns of each row of one table
    (``lines`` its value columns, keys of ``grid``; ``real`` maps one to the table's column;
    ``skip``: columns never read as a result)."""
    out: list[Statement] = []
    for res, rd, firm_ok in _search(grid, figures, rows, lines, heads_of, rate_cols, total_row,
                                    families, skip, pct_cols):
        cue = _cue(rd, heads_of[res], [heads_of[c] for c in rd.operands],
                   t.row_label(total_row) if total_row is not None else None)
        column_keys = [(r2, rd.operands[0]) for r2 in rows if (r2, rd.operands[0]) in grid]
        for r in rows:
            if (t.index, r, real(res)) in computed or r == total_row and rd.relation == "share_of_total":
                continue
            tr = -1 if total_row is None else total_row  # a share_of_total reading has its total row
            keys = ([(r, rd.operands[0]), (tr, rd.operands[0])] if rd.relation == "share_of_total"
                    else [(r, rd.operands[0])] + column_keys
                    if rd.relation == "share_of_sum" else [(r, c) for c in rd.operands])
            lab_cell = t.at(r, t.label_col) if t.label_col is not None else None
            st = _statement(doc, figures, grid.get((r, res)), [grid.get(k) for k in keys],
                            rd, firm_ok, cue, lab_cell.start if lab_cell is not None else None)
            if st is not None:
                out.append(st)
    return out


def _split_cells(t: Any, where: dict[tuple[int, int, int], list[int]], figures: Sequence[Figure], rows: list[int],
                 value_cols: list[int], min_rows: int) -> dict[int, dict[int, tuple[int, int]]]:
    """Columns whose cells write a count with its share after it ("118 (98,3%)", "45 - 90%"):
    {column: {row: (count, percent)}}, for columns with ``min_rows`` such cells or more
    and no other kind of filled cell than a plain count (or 0)."""
    out: dict[int, dict[int, tuple[int, int]]] = {}
    for c in value_cols:
        cells: dict[int, tuple[int, int]] = {}
        for r in rows:
            idx = where.get((t.index, r, c))
            if not idx:
                continue
            if len(idx) == 2 and figures[idx[1]].kind == "percent" and figures[idx[0]].kind == "number" \
                    and figures[idx[0]].unit_kind != "percent":
                cells[r] = (idx[0], idx[1])
            elif len(idx) != 1 or figures[idx[0]].kind != "number" or figures[idx[0]].unit_kind == "percent":
                cells = {}
                break
        if len(cells) >= min_rows:
            out[c] = cells
    return out


class _Columns(dict[int, list[tuple[float, float, int] | None]]):
    """Each other line as a list over the result's items (``fv`` of (item, line), None
    where empty), made when a reading first asks for it: a result line's readings name
    a few of the lines near it, and a wide table has dozens."""

    def __init__(self, fv: dict[tuple[int, int], tuple[float, float, int]], items: list[int],
                 lines: set[int]) -> None:
        super().__init__()
        self.fv, self.res_items, self.lines = fv, items, lines

    def __missing__(self, c: int) -> list[tuple[float, float, int] | None]:
        if c not in self.lines:
            raise KeyError(c)
        col = self[c] = [self.fv.get((r, c)) for r in self.res_items]
        return col


def _search(grid: dict[tuple[int, int], int], figures: Sequence[Figure], items: list[int], lines: list[int],
            heads_of: dict[int, list[str]], rate_lines: set[int], total_item: int | None, families: tuple[str, ...],
            printed: set[int], pct_lines: frozenset[int] | set[int] = frozenset()) -> Iterator[tuple[int, Reading, bool]]:
    """The readings kept for the result lines of one orientation of a table: ``grid`` maps
    (item, line) to a figure (a row and a column, or a column and a row); each line whose
    header names a family of ``families`` gets its unique best reading over the other
    lines, with whether it held firmly: (result line, reading, firm).  A line of
    ``pct_lines`` (its cells written with "%") whose header names no family and is not
    ``excluded`` is read as a rate ("Kết quả | 98,3%")."""
    voc = _vocab()
    min_rows, min_share, firm = int(voc["min_rows"]), Decimal(str(voc["min_share"])), Decimal(str(voc["firm_share"]))
    near = int(voc["nearest_columns"])
    # the figures as floats for the search over readings (the kept reading is judged
    # again in Decimal, figure by figure, by relation_holds)
    fv = {k: (float(figures[i].value), float(_half(figures[i])), figures[i].scale or 0) for k, i in grid.items()}
    low_heads = {c: _low(heads_of[c][0]) if heads_of[c] else "" for c in lines}
    for res in lines:
        if res in printed:
            continue
        fam = _family(heads_of[res])
        if fam is None and res in pct_lines and not any(_rx("excluded").search(_low(h)) for h in heads_of[res][:2]):
            fam = "rate"
        if fam is None or fam not in families or (fam != "rate" and res in rate_lines):
            continue
        kept: list[tuple[int, int, int, int, Reading]] = []
        named = _named(res, lines, heads_of, low_heads)
        # items that can tell readings apart have a non-zero result; every line as a list
        # over those items, so a reading is scored by walking lists side by side
        res_items = [r for r in items if (r, res) in fv and fv[(r, res)][0] != 0
                     and not (r == total_item and fam == "rate")]
        # a share's total row written as 100 (%) confirms a reading as the row's share of
        # that total: one more row that holds it ("Tổng cộng | 40 | 100")
        hundred = (fam == "rate" and total_item is not None and (tw := fv.get((total_item, res))) is not None
                   and abs(tw[0] - 100) <= tw[1] + 1e-9)
        if len(res_items) + hundred < min_rows:
            continue
        wcol = [fv[(r, res)] for r in res_items]
        cols = _Columns(fv, res_items, set(lines) - {res})
        for rd in _candidates(fam, res, lines, rate_lines, total_item, near, named,
                              _rate_kind(heads_of[res]) if fam == "rate" else None):
            if rd.relation == "share_of_total":
                tot = fv.get((total_item, rd.operands[0])) if total_item is not None else None
                ops_cols = [cols[rd.operands[0]], [tot] * len(res_items)]
            elif rd.relation == "share_of_sum":
                vals = [v for r in items if (v := fv.get((r, rd.operands[0]))) is not None]
                colsum = (sum(v[0] for v in vals), sum(v[1] for v in vals), 0)
                ops_cols = [cols[rd.operands[0]], [colsum if colsum[0] else None] * len(res_items)]
            else:
                ops_cols = [cols[c] for c in rd.operands]
            held, tried, sup, sup_tried = _score(rd, wcol, ops_cols)
            if hundred and rd.relation == "share_of_total" and ops_cols[1][0] is not None and ops_cols[1][0][0]:
                held, tried = held + 1, tried + 1
            if not _kept(held, tried, sup, sup_tried, min_rows, min_share, rd.relation in ("sum", "difference")):
                continue
            kept.append((held, tried, sup, sup_tried, rd))
        if not kept:
            continue
        top = max(k[0] for k in kept)
        best_ones = [k for k in kept if k[0] == top]
        if len(best_ones) > 1:
            # two readings that hold in as many rows: the one that fails in fewer rows, then
            # the one with fewer terms ("Chênh so vùng" = Lào Cai − Vùng, not "Chênh so toàn
            # quốc" + Toàn quốc − Vùng) — when it holds firmly; else ambiguous
            least = min(k[1] - k[0] for k in best_ones)
            best_ones = [k for k in best_ones if k[1] - k[0] == least]
            fewest = min(len(k[4].operands) for k in best_ones)
            best_ones = [k for k in best_ones if len(k[4].operands) == fewest]
            if len(best_ones) > 1 or not _firm(*best_ones[0][:4], firm, best_ones[0][4].relation in ("sum", "difference")):
                continue  # ambiguous, nothing claimed
        held, tried, sup, sup_tried, rd = best_ones[0]
        rd = _oriented(rd, wcol, [cols[c] for c in rd.operands] if rd.relation == "difference" else [])
        # a notes column ("Ghi chú/ Đánh giá") read as a rate by its "%" cells: its header
        # promises no rate, so a row where the reading fails is no finding (the note may rate
        # that row against something else)
        notes = any(re.search(r"\bghi\s+chú\b", _low(h)) for h in heads_of[res][:2])
        yield res, rd, not notes and _firm(held, tried, sup, sup_tried, firm, rd.relation in ("sum", "difference"))


def _percent_lines(grid: dict[tuple[int, int], int], figures: Sequence[Figure], lines: list[int],
                   min_rows: int) -> set[int]:
    """The lines (columns, or rows) whose filled cells are all written with "%", at least
    ``min_rows`` of them: a rate by its cells where its header does not say so."""
    seen: dict[int, list[bool]] = {}
    for (_item, line), i in grid.items():
        seen.setdefault(line, []).append(figures[i].kind == "percent")
    return {c for c in lines if len(marks := seen.get(c, ())) >= min_rows and all(marks)}


def _enough(held: int, tried: int, share: Decimal, additive: bool = False) -> bool:
    """Did a reading hold in enough of the rows that try it: in ``share`` of them, in all of
    them but one (the classic slip), or — with ``many_held`` rows or more confirming it — in
    all but ``slips_share`` of them (two slips in a table of eight: each is a finding, not a
    reason to doubt a relation eight rows of exact figures confirm).  A sum or a difference
    the header names (``additive``) may rest on fewer: ``additive_held`` rows confirming it
    and at most ``additive_slips_share`` broken (a second slip in a five-row form)."""
    voc = _vocab()
    broken = Decimal(tried - held)
    return (Decimal(held) >= share * tried or tried - held <= 1
            or held >= int(voc["many_held"]) and broken <= Decimal(str(voc["slips_share"])) * tried
            or additive and held >= int(voc["additive_held"])
            and broken <= Decimal(str(voc["additive_slips_share"])) * tried)


def _kept(held: int, tried: int, sup: int, sup_tried: int, min_rows: int, min_share: Decimal,
          additive: bool = False) -> bool:
    """Does a reading hold well enough to be claimed?  In ``min_rows`` of the rows that tell
    readings apart and in ``min_share`` of them (or all but one); or, for a sum or a
    difference, in at least two of them and, counting the rows where a term is empty or 0,
    in ``min_rows`` rows and ``min_share`` of them (or all but one): a form where the term
    that tells the readings apart is filled in few rows ("Cộng phát sinh" = "Số liệu STK1"
    + "Số liệu nhập", the second filled in three rows of thirty)."""
    if held >= min_rows and _enough(held, tried, min_share, additive):
        return True
    ev, trials = held + sup, tried + sup_tried
    return (sup_tried > 0 and held >= 2 and _enough(held, tried, min_share, additive)
            and ev >= min_rows and _enough(ev, trials, min_share, additive))


def _firm(held: int, tried: int, sup: int, sup_tried: int, firm: Decimal, additive: bool = False) -> bool:
    """Did it hold firmly enough for a row that breaks it to be flagged: in ``firm`` of the
    rows that tell readings apart or in all of them but one (the classic slip), and where
    it rests on two such rows only, in ``firm`` of all its rows or all of them but one."""
    ok_d = _enough(held, tried, firm, additive)
    if held >= 3 or not sup_tried:
        return ok_d
    ev, trials = held + sup, tried + sup_tried
    return ok_d and held >= 2 and _enough(ev, trials, firm, additive)


def _oriented(rd: Reading, wcol: list[tuple[float, float, int]],
              ops_cols: list[list[tuple[float, float, int] | None]]) -> Reading:
    """A difference of two columns is tried without its sign (a fall may be written without
    it); stated as the header reads it, the way round that gives the signs written in more
    rows ("Chênh so toàn quốc" = Lào Cai − Toàn quốc: −2.130.488 where Lào Cai is lower)."""
    if rd.relation != "difference" or len(rd.operands) != 2:
        return rd
    fwd = back = 0
    for w, a, b in zip(wcol, *ops_cols):
        if a is None or b is None or w[0] == 0:
            continue
        slack = w[1] + a[1] + b[1] + 1e-9 * abs(w[0])
        fwd += abs(a[0] - b[0] - w[0]) <= slack
        back += abs(b[0] - a[0] - w[0]) <= slack
    return Reading("difference", (rd.operands[1], rd.operands[0]), rd.signs) if back > fwd else rd


def _statement(doc: Any, figures: Sequence[Figure], w: int | None, ops: list[int | None], rd: Reading, firm: bool,
               cue: str, label_start: int | None) -> Statement | None:
    """One row's (or column's) claim under the kept reading, when its cells are filled."""
    if w is None or any(o is None for o in ops):
        return None
    oi = [o for o in ops if o is not None]
    fw = figures[w]
    if rd.relation in ("sum", "difference") and any(figures[o].scale != fw.scale for o in oi):
        return None
    start = label_start if label_start is not None and 0 <= label_start < fw.start and fw.start - label_start <= 400 \
        else fw.start
    end = max([fw.end] + [figures[o].end for o in oi])
    s = Statement("row_relation", w, oi, firm, start=start, end=end,
                  text=" ".join(doc.text[start:fw.end].split()) if fw.end > start >= 0 else fw.text,
                  cue=cue, relation=rd.relation, signs=list(rd.signs))
    if rd.relation not in ("sum", "difference"):
        s.numerator, s.denominator, s.percent = oi[0], (None if rd.relation == "share_of_sum" else oi[1]), w
    s.page, s.line = doc.locate(start) if start >= 0 else (None, None)
    s.whole_value = fw.value
    s.part_values = [figures[o].value for o in oi]
    return s


def _whole_area_rows(doc: Any, t: Any, figures: Sequence[Figure], grid: dict[tuple[int, int], int], rows: list[int],
                     value_cols: list[int], heads_of: dict[int, list[str]], rate_cols: set[int],
                     computed: set[Any]) -> list[Statement]:
    """A "Toàn tỉnh" / "Toàn huyện" / "Toàn quốc" row over the rows of its units: in each
    column it may be their sum (counts, money) or their mean (an average figure, an index);
    both readings are tried, column by column.  Claimed only when one of them holds in
    nearly every column of the table (``min_share``, at least ``min_rows``); a column
    where neither holds is then a finding.  Rates and averages (``excluded``) are weighted
    by what the table does not show: never judged."""
    voc = _vocab()
    r0 = next((r for r in rows[:1] + rows[-1:] if (lab := t.row_label(r)) and _rx("whole_area_rows").fullmatch(
        _low(lab).rstrip(":. "))), None)
    if r0 is None:
        return []
    parts_rows = [r for r in rows if r != r0]
    judged: list[tuple[int, list[int], bool]] = []
    for c in value_cols:
        if c in rate_cols or any(_rx("excluded").search(_low(h)) for h in heads_of[c][:2]):
            continue
        w = grid.get((r0, c))
        parts = [i for r in parts_rows if (i := grid.get((r, c))) is not None]
        if w is None or len(parts) < 2 or figures[w].value == 0 or any(figures[i].scale != figures[w].scale for i in parts):
            continue
        judged.append((w, parts, relation_holds("sum_or_mean", figures[w], [figures[i] for i in parts])))
    held = sum(ok for _w, _p, ok in judged)
    if held < int(voc["min_rows"]) or not _enough(held, len(judged), Decimal(str(voc["min_share"])), True):
        return []
    firm = _enough(held, len(judged), Decimal(str(voc["firm_share"])), True)
    lab = t.row_label(r0) or ""
    out = []
    for w, parts, _ok in judged:
        fw = figures[w]
        if (t.index, r0, fw.col) in computed:
            continue
        out.append(_rows_statement(doc, figures, w, parts, firm, f"{lab} = tổng hoặc trung bình các dòng",
                                   "sum_or_mean"))
    return out


def _code_shape(text: str) -> str:
    """The shape of a row code: "V01" → "A99", "02" → "99", "" for none."""
    t = text.strip()
    return "".join("9" if ch.isdigit() else "A" if ch.isalpha() else ch for ch in t) if t else ""


def _group_rows(doc: Any, t: Any, figures: Sequence[Figure], grid: dict[tuple[int, int], int], rows: list[int],
                value_cols: list[int], computed: set[Any]) -> list[Statement]:
    """Rows that group the rows under them by their code: in a list of provinces coded
    "02", "04" … a few rows coded "V01", "V02" … (regions) each stand over the rows that
    follow them up to the next such row.  In a column where the value of such a row is the
    sum of its rows' values (counts, money, a share of the whole: "Tỉ trọng (%)") in
    nearly every group (``min_share``, at least ``min_rows`` groups) it is claimed for every
    group, and a group where it fails is a finding; a column of averages, where no group
    sums, is left alone."""
    voc = _vocab()
    key = t.stt_col if t.stt_col is not None else (0 if t.label_col else None)
    if key is None:
        return []
    codes = {}
    for r in rows:
        cell = t.at(r, key)
        codes[r] = _code_shape(cell.text) if cell is not None else ""
    shapes = [sh for sh in codes.values() if sh]
    if not shapes:
        return []
    common = max(set(shapes), key=shapes.count)
    group_shapes = {sh for sh in shapes if sh != common and "A" in sh}
    if len(group_shapes) != 1 or "A" in common:
        return []
    gshape = next(iter(group_shapes))
    groups: list[tuple[int, list[int]]] = []
    for i, r in enumerate(rows):
        if codes[r] != gshape:
            continue
        kids = []
        for r2 in rows[i + 1:]:
            if codes[r2] == gshape or codes[r2] != common:
                break
            kids.append(r2)
        if kids:
            groups.append((r, kids))
    min_rows, min_share = int(voc["min_rows"]), Decimal(str(voc["min_share"]))
    firm_share = Decimal(str(voc["firm_share"]))
    if len(groups) < min_rows:
        return []
    out = []
    for c in value_cols:
        judged: list[tuple[int, list[int], bool]] = []
        for g, kids in groups:
            w = grid.get((g, c))
            parts = [k for r in kids if (k := grid.get((r, c))) is not None]
            if w is None or len(parts) < 2 or figures[w].value == 0 \
                    or any(figures[k].scale != figures[w].scale for k in parts):
                continue
            judged.append((w, parts, relation_holds("sum", figures[w], [figures[i] for i in parts])))
        held = sum(ok for _w, _p, ok in judged)
        if held < min_rows or not _enough(held, len(judged), min_share, True):
            continue
        firm = _enough(held, len(judged), firm_share, True)
        for w, parts, _ok in judged:
            fw = figures[w]
            if (t.index, fw.row, fw.col) in computed:
                continue
            lab = t.row_label(fw.row) or ""
            out.append(_rows_statement(doc, figures, w, parts, firm, f"{_name([lab])} = tổng các dòng của nhóm",
                                       "sum"))
    return out


def _holds_f(relation: str, w: tuple[float, float, int], ops: list[tuple[float, float, int]],
             signs: tuple[int, ...]) -> bool | None:
    """``relation_holds`` on floats, for the search; None for a row that tells nothing."""
    wv, wh, ws = w
    for o in ops:
        if o[0] == 0:
            return None
    if relation in ("sum", "difference"):
        for o in ops:
            if o[2] != ws or o[0] == wv:
                return None
        got = sum(sg * o[0] for sg, o in zip(signs, ops))
        slack = wh + sum(o[1] for o in ops) + 1e-9 * abs(wv)
        return abs(got - wv) <= slack or (relation == "difference" and len(ops) == 2
                                          and abs(abs(got) - abs(wv)) <= slack)
    (av, ah, _), (bv, bh, _) = ops
    q = av / bv
    rel = ah / abs(av) + bh / abs(bv)
    if relation == "ratio":
        return abs(q - wv) <= wh + abs(q) * rel + 1e-9
    pct = q * 100
    tol = wh + abs(pct) * rel + 1e-9
    if relation == "growth":
        return abs(pct - 100 - wv) <= tol
    return abs(pct - wv) <= tol


def _support(relation: str, w: tuple[float, float, int], ops: list[tuple[float, float, int] | None],
             signs: tuple[int, ...]) -> bool | None:
    """A sum or difference on a row where a term is empty or 0 (a form leaves an empty cell
    for nothing): it cannot tell the reading from the one without that term, but it agrees
    with it or not.  None where it says nothing (no term left, a term in another scale, or
    a term equal to the result beside a term that is not 0)."""
    wv, wh, ws = w
    present = [(sg, o) for sg, o in zip(signs, ops) if o is not None and o[0] != 0]
    if not present or any(o[2] != ws for _sg, o in present):
        return None
    got = sum(sg * o[0] for sg, o in present)
    slack = wh + sum(o[1] for _sg, o in present) + 1e-9 * abs(wv)
    return abs(got - wv) <= slack or (relation == "difference" and len(ops) == 2
                                      and abs(abs(got) - abs(wv)) <= slack)


def _score(rd: Reading, wcol: list[tuple[float, float, int]],
           ops_cols: list[list[tuple[float, float, int] | None]]) -> tuple[int, int, int, int]:
    """(rows where the reading holds, rows that can tell readings apart, and of a sum or
    difference the rows with an empty or 0 term where it still holds, and such rows); a
    reading that fails its first five rows, or most of its first ten, is given up early."""
    held = tried = sup = sup_tried = 0
    rel, signs = rd.relation, rd.signs
    additive = rel in ("sum", "difference")
    for w, *ops in zip(wcol, *ops_cols):
        if None in ops or additive and any(o[0] == 0 for o in ops if o is not None):
            if additive and (ok := _support(rel, w, ops, signs)) is not None:
                sup_tried += 1
                sup += ok
            continue
        ok = _holds_f(rel, w, ops, signs)  # type: ignore[arg-type]  # None was ruled out above
        if ok is None:
            continue
        tried += 1
        held += ok
        if tried >= 10 and 2 * held < tried or tried >= 5 and not held:
            break
    return held, tried, sup, sup_tried


def _name(heads: list[str]) -> str:
    return " ".join((heads[0] if heads else "?").split())[:40]


def _cue(rd: Reading, res_heads: list[str], op_heads: list[list[str]], total_label: str | None) -> str:
    """The reading in the headers' words: "Còn lại = Kế hoạch − Thực hiện"."""
    r = _name(res_heads)
    names = [_name(h) for h in op_heads]
    if rd.relation in ("sum", "difference"):
        expr = names[0] if rd.signs[0] > 0 else "−" + names[0]
        for s, n in zip(rd.signs[1:], names[1:]):
            expr += (" + " if s > 0 else " − ") + n
        return f"{r} = {expr}"
    if rd.relation == "share_of_total":
        return f"{r} = {names[0]} / {names[0]} ({total_label or 'tổng'}) × 100"
    if rd.relation == "share_of_sum":
        return f"{r} = {names[0]} / Σ {names[0]} × 100"
    if rd.relation == "ratio":
        return f"{r} = {names[0]} / {names[1]}"
    if rd.relation == "growth":
        return f"{r} = {names[0]} / {names[1]} × 100 − 100"
    return f"{r} = {names[0]} / {names[1]} × 100"


def _rows_statement(doc: Document, figures: Sequence[Figure], w: int, parts: list[int], firm: bool,
                    cue: str, relation: str) -> Statement:
    """A row that sums (or averages) other rows of its column, as a statement at its cell."""
    fw = figures[w]
    s = Statement("row_relation", w, parts, firm, start=fw.start, end=fw.end, text=fw.text,
                  cue=cue, relation=relation, signs=[1] * len(parts))
    s.page, s.line = doc.locate(fw.start) if fw.start >= 0 else (None, None)
    s.whole_value = fw.value
    s.part_values = [figures[i].value for i in parts]
    return s
