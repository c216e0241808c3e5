"""Spreadsheet formulas as statements between the figures a recipient sees.

A workbook's formula cell (``=SUM(E46:E74)``, ``=J6-E6``, ``=J6/I6*100``,
``=ROUND(Q46*AC46/1000000000,2)``) says what its value is made of.  The reader
(:func:`extract.ingest.reader._cell_formulas`) keeps, for every formula cell of a sheet's
table that shows a number, the formula, its cached value, its number format and the
cached value of every cell it names.  Here the formula is parsed (a small Excel
grammar: numbers, cells, ranges inside functions, ``+ - * / ^ %``, parentheses and
``SUM AVERAGE ROUND ROUNDUP ROUNDDOWN ABS MIN MAX PRODUCT``; anything else — text,
comparisons, IF, other sheets — is left alone) and:

- :func:`sheet_formula_statements` turns each formula into a ``sheet_formula``
  statement over the figures of its cells: ``relation`` says what it claims — a total
  (``table_total``: a sum of cells), a difference (``remainder``), a share or ratio
  (``share``: a cell over another, ×100 or not), a copy of another cell (``copy``) or
  another arithmetic (``formula``);
- :func:`judge` recomputes a formula from the cached values of its cells twice: as Excel
  does (``SUM`` skips a number stored as text) and as a careful reader does (the digits
  of a text cell are a number) — what rule TAB002 compares with the cached value.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from extract.core.model import Statement
from extract.core.numbers import try_parse
from extract.ingest.sheets import col_letter, col_number, decimals_shown

__all__ = ["parse", "Unsupported", "Verdict", "judge", "relation_of", "r1c1", "sheet_formula_statements",
           "FUNCTIONS"]

FUNCTIONS = ("SUM", "AVERAGE", "ROUND", "ROUNDUP", "ROUNDDOWN", "ABS", "MIN", "MAX", "PRODUCT")
_AGGREGATES = ("SUM", "AVERAGE", "MIN", "MAX", "PRODUCT")


class Unsupported(ValueError):
    """A formula outside the arithmetic read here, or one that cannot be evaluated."""


_TOKEN = re.compile(r"""
    \s+
  | (?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)
  | (?P<range>\$?[A-Z]{1,3}\$?\d{1,7}:\$?[A-Z]{1,3}\$?\d{1,7})
  | (?P<fn>[A-Z][A-Z0-9.]*)\(
  | (?P<ref>\$?[A-Z]{1,3}\$?\d{1,7})
  | (?P<op>[-+*/^(),%])
""", re.X)

Node = tuple  # ("num", Decimal) | ("ref", addr) | ("range", [addr…]) | ("neg", n) | ("pct", n)
#               | ("bin", op, a, b) | ("fn", name, [args])


def _addr(ref: str) -> str:
    return ref.replace("$", "")


def _split(addr: str) -> tuple[int, int]:
    m = re.fullmatch(r"([A-Z]{1,3})(\d+)", addr)
    if m is None:
        raise Unsupported(addr)
    return int(m.group(2)), col_number(m.group(1))


def _expand(rng: str) -> list[str]:
    a, b = (_addr(x) for x in rng.split(":"))
    (r0, c0), (r1, c1) = _split(a), _split(b)
    return [f"{col_letter(c)}{r}" for r in range(min(r0, r1), max(r0, r1) + 1)
            for c in range(min(c0, c1), max(c0, c1) + 1)]


def _tokens(formula: str) -> list[tuple[str, str]]:
    f = formula.strip()
    if f.startswith("="):
        f = f[1:]
    f = f.upper()
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(f):
        m = _TOKEN.match(f, pos)
        if m is None or m.end() == pos:
            raise Unsupported(f"cannot read {f[pos:pos + 10]!r}")
        pos = m.end()
        if m.lastgroup is None:
            continue
        out.append((m.lastgroup, m.group(m.lastgroup)))
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.toks, self.i = tokens, 0

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> tuple[str, str]:
        t = self.peek()
        if t is None:
            raise Unsupported("unexpected end")
        self.i += 1
        return t

    def expect(self, op: str) -> None:
        if self.take() != ("op", op):
            raise Unsupported(f"expected {op}")

    def expr(self) -> Node:
        node = self.term()
        while (t := self.peek()) is not None and t[0] == "op" and t[1] in "+-":
            self.i += 1
            node = ("bin", t[1], node, self.term())
        return node

    def term(self) -> Node:
        node = self.power()
        while (t := self.peek()) is not None and t[0] == "op" and t[1] in "*/":
            self.i += 1
            node = ("bin", t[1], node, self.power())
        return node

    def power(self) -> Node:
        node = self.unary()
        while (t := self.peek()) is not None and t == ("op", "^"):
            self.i += 1
            node = ("bin", "^", node, self.unary())
        return node

    def unary(self) -> Node:
        t = self.peek()
        if t == ("op", "-"):
            self.i += 1
            return ("neg", self.unary())
        if t == ("op", "+"):
            self.i += 1
            return self.unary()
        node = self.primary()
        while self.peek() == ("op", "%"):
            self.i += 1
            node = ("pct", node)
        return node

    def primary(self) -> Node:
        kind, text = self.take()
        if kind == "num":
            return ("num", Decimal(text), float(text))
        if kind == "ref":
            return ("ref", _addr(text))
        if kind == "range":
            return ("range", _expand(text))
        if kind == "fn":
            if text not in FUNCTIONS:
                raise Unsupported(f"function {text}")
            args: list[Node] = []
            if self.peek() != ("op", ")"):
                args.append(self.expr())
                while self.peek() == ("op", ","):
                    self.i += 1
                    args.append(self.expr())
            self.expect(")")
            if text in ("ROUND", "ROUNDUP", "ROUNDDOWN") and len(args) != 2:
                raise Unsupported(text)
            if text == "ABS" and len(args) != 1:
                raise Unsupported(text)
            if any(a[0] == "range" for a in args) and text not in _AGGREGATES:
                raise Unsupported("range outside an aggregate")
            return ("fn", text, args)
        if (kind, text) == ("op", "("):
            node = self.expr()
            self.expect(")")
            if node[0] == "range":
                raise Unsupported("range in parentheses")
            return node
        raise Unsupported(f"unexpected {text}")


def parse(formula: str) -> Node:
    """The formula's tree; :class:`Unsupported` for anything but the arithmetic above."""
    p = _Parser(_tokens(formula))
    node = p.expr()
    if p.peek() is not None:
        raise Unsupported("trailing tokens")
    if node[0] == "range":
        raise Unsupported("a bare range")
    return node


# --------------------------------------------------------------------------- evaluation

#: address → (kind, value): kind "n" a number, "t" text (value: its number, or None), "" empty
Lookup = Callable[[str], tuple[str, float | None]]


def text_number(text: str) -> Decimal | None:
    """The number a text cell plainly holds ("1234", "1.234", "12,5", " 85 "), or None."""
    t = text.strip()
    if not re.fullmatch(r"[-+]?\d[\d.,]*", t) or len(t) > 24:
        return None
    p = try_parse(t.lstrip("+"), majority="vi")
    return None if p is None else p.value


def _round(x: float, n: int, mode: str) -> float:
    if abs(n) > 15:
        return x
    d = Decimal(repr(x)).quantize(Decimal(1).scaleb(-n), rounding=mode)
    return float(d)


def _eval(node: Node, look: Lookup, reader: bool) -> float:
    """In binary floating point, as Excel computes."""
    kind = node[0]
    if kind == "num":
        return node[2]
    if kind == "ref":
        k, v = look(node[1])
        if k == "":
            return 0.0
        if v is None:
            raise Unsupported("#VALUE!")
        return v
    if kind == "neg":
        return -_eval(node[1], look, reader)
    if kind == "pct":
        return _eval(node[1], look, reader) / 100
    if kind == "bin":
        a, b = _eval(node[2], look, reader), _eval(node[3], look, reader)
        op = node[1]
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            if b == 0:
                raise Unsupported("#DIV/0!")
            return a / b
        if (a < 0 and b != int(b)) or (a == 0 and b < 0) or abs(b) > 1000:
            raise Unsupported("#NUM!")
        return float(a ** b)
    if kind == "fn":
        name, args = node[1], node[2]
        if name in _AGGREGATES:
            vals: list[float] = []
            for a in args:
                if a[0] in ("range", "ref"):
                    for addr in (a[1] if a[0] == "range" else [a[1]]):
                        k, v = look(addr)
                        # Excel's aggregates skip text cells; a reader counts the digits he sees
                        if v is not None and (k == "n" or (k == "t" and reader)):
                            vals.append(v)
                else:
                    vals.append(_eval(a, look, reader))
            if name == "SUM":
                return sum(vals)
            if name == "PRODUCT":
                out = 1.0
                for v in vals:
                    out *= v
                return out if vals else 0.0
            if not vals:
                if name == "AVERAGE":
                    raise Unsupported("#DIV/0!")
                return 0.0
            if name == "AVERAGE":
                return sum(vals) / len(vals)
            return min(vals) if name == "MIN" else max(vals)
        x = _eval(args[0], look, reader)
        if name == "ABS":
            return abs(x)
        n = int(_eval(args[1], look, reader))
        mode = {"ROUND": "ROUND_HALF_UP", "ROUNDUP": "ROUND_UP", "ROUNDDOWN": "ROUND_DOWN"}[name]
        return _round(x, n, mode)
    raise Unsupported(kind)


def evaluate(node: Node, look: Lookup, *, reader: bool = False) -> float:
    """The formula's value over the looked-up cells, as Excel computes it (``reader``
    False) or as a reader who counts numbers stored as text does (True)."""
    try:
        out = _eval(node, look, reader)
    except (ArithmeticError, ValueError, TypeError) as exc:
        if isinstance(exc, Unsupported):
            raise
        raise Unsupported(str(exc)) from None
    if out != out or out in (float("inf"), float("-inf")):
        raise Unsupported("#NUM!")
    return out


def _addresses(node: Node) -> list[str]:
    kind = node[0]
    if kind == "ref":
        return [node[1]]
    if kind == "range":
        return list(node[1])
    if kind in ("neg", "pct"):
        return _addresses(node[1])
    if kind == "bin":
        return _addresses(node[2]) + _addresses(node[3])
    if kind == "fn":
        return [a for x in node[2] for a in _addresses(x)]
    return []


def _sum_terms(node: Node, sign: int, out: list[tuple[int, str]]) -> bool:
    """Flatten a sum of cells (``A+B-C``, ``SUM(A1:A5)+B7``) into (sign, address)."""
    kind = node[0]
    if kind == "ref":
        out.append((sign, node[1]))
        return True
    if kind == "neg":
        return _sum_terms(node[1], -sign, out)
    if kind == "bin" and node[1] in "+-":
        return _sum_terms(node[2], sign, out) and _sum_terms(node[3], sign if node[1] == "+" else -sign, out)
    if kind == "fn" and node[1] == "SUM":
        for a in node[2]:
            if a[0] == "range":
                out.extend((sign, x) for x in a[1])
            elif not _sum_terms(a, sign, out):
                return False
        return True
    return False


def _quotient(node: Node) -> tuple[str, str, bool] | None:
    """(numerator, denominator, ×100) of ``A/B``, ``A/B*100``, ``A*100/B``,
    ``ROUND(A/B*100,1)``, ``(A/B)*100``."""
    if node[0] == "fn" and node[1] in ("ROUND", "ROUNDUP", "ROUNDDOWN"):
        return _quotient(node[2][0])
    if node[0] != "bin":
        return None
    op, a, b = node[1], node[2], node[3]

    def hundred(n: Node) -> bool:
        return n[0] == "num" and n[1] == 100
    if op == "/" and a[0] == "ref" and b[0] == "ref":
        return a[1], b[1], False
    if op == "*" and hundred(b):
        q = _quotient(a)
        return (q[0], q[1], True) if q and not q[2] else None
    if op == "*" and hundred(a):
        q = _quotient(b)
        return (q[0], q[1], True) if q and not q[2] else None
    if op == "/" and b[0] == "ref" and a[0] == "bin" and a[1] == "*" and hundred(a[3]) and a[2][0] == "ref":
        return a[2][1], b[1], True
    return None


def relation_of(node: Node) -> tuple[str, list[tuple[int, str]]]:
    """What a formula claims: ``table_total`` (cells added), ``remainder`` (cells added
    and taken away), ``share`` (one cell over another, ×100 or not), ``copy`` (another
    cell), or ``formula`` (other arithmetic); with the (sign, address) of its terms (for
    a share: numerator +1, denominator -1)."""
    if node[0] == "ref":
        return "copy", [(1, node[1])]
    terms: list[tuple[int, str]] = []
    if _sum_terms(node, 1, terms) and len(terms) >= 2:
        return ("table_total" if all(s > 0 for s, _a in terms) else "remainder"), terms
    q = _quotient(node)
    if q is not None:
        return "share", [(1, q[0]), (-1, q[1])]
    return "formula", [(1, a) for a in _addresses(node)]


_REL = re.compile(r"(\$?)([A-Z]{1,3})(\$?)(\d{1,7})")


def r1c1(formula: str, row: int, col: int) -> str:
    """The formula with its relative references written as offsets from (row, col): the
    identical formulas of a column or row share it (``=E7+E8`` in E6 and ``=F7+F8`` in F6)."""
    def sub(m: re.Match[str]) -> str:
        c, r = col_number(m.group(2)), int(m.group(4))
        cs = f"C{c}" if m.group(1) else f"C[{c - col}]"
        rs = f"R{r}" if m.group(3) else f"R[{r - row}]"
        return rs + cs
    return _REL.sub(sub, formula.upper())


# --------------------------------------------------------------------------- judging


@dataclass
class Verdict:
    """One formula cell recomputed from the cached values of its cells."""

    cached: Decimal
    excel: Decimal  # as Excel computes it: aggregates skip text
    reader: Decimal  # a number stored as text counted
    tolerance: Decimal  # half a unit of the last decimal the cell's format shows (0: exact)
    text_cells: list[str]  # cells holding a number as text that an aggregate skips
    empty: bool  # every cell named is empty or 0
    node: Node

    @property
    def relation(self) -> str:
        return relation_of(self.node)[0]

    @property
    def agrees(self) -> bool:
        return _close(self.cached, self.reader, self.tolerance)

    @property
    def reading(self) -> str | None:
        """None when the cached value agrees; ``text_numbers`` when it is Excel's result
        with numbers stored as text left out; ``inputs_empty`` when every cell is blank or
        0 (a template); ``stale`` otherwise."""
        if self.agrees:
            return None
        if self.text_cells and _close(self.cached, self.excel, self.tolerance):
            return "text_numbers"
        if self.empty:
            return "inputs_empty"
        return "stale"


def _close(a: Decimal, b: Decimal, tol: Decimal) -> bool:
    return abs(a - b) <= tol + max(abs(a), abs(b), Decimal(1)) * _REL_EPS


_REL_EPS = Decimal("1e-9")


def tolerance_of(fmt: str) -> Decimal:
    """Half a unit of the last decimal a number format shows (a percent format shows the
    value ×100); 0 for General, which shows what is stored."""
    d = decimals_shown(fmt or "General")
    if d is None:
        return Decimal(0)
    half = Decimal(5).scaleb(-d - 1)
    return half / 100 if "%" in fmt else half


def judge(entry: dict[str, Any]) -> Verdict | None:
    """Recompute one ``meta["cell_formulas"]`` entry; None when its formula is not plain
    arithmetic or cannot be evaluated (a text cell in ``+``, a division by zero)."""
    try:
        node = _parsed(entry["formula"])
        cached = float(entry["cached"])
    except (Unsupported, ValueError):
        return None
    refs = entry["refs"]
    if any(r[0] == "x" for r in refs.values()):
        return None  # a cell whose formula gave text: in Excel an error, whatever the file shows
    values: dict[str, tuple[str, float | None]] = {}
    has_text = empty = False
    nonzero = False
    for addr, r in refs.items():
        k = r[0]
        if k == "n":
            v = float(r[1])
            nonzero = nonzero or v != 0
            values[addr] = ("n", v)
        elif k == "t":
            tn = text_number(r[1])
            has_text = True
            nonzero = nonzero or tn is None or tn != 0
            values[addr] = ("t", None if tn is None else float(tn))
    empty = not nonzero
    blank = ("", None)

    def look(addr: str) -> tuple[str, float | None]:
        return values.get(addr, blank)

    try:
        excel = evaluate(node, look)
        reader = evaluate(node, look, reader=True) if has_text else excel
    except Unsupported:
        return None
    text_cells = [a for a, (k, v) in values.items() if k == "t" and v is not None] if has_text else []
    tol = _TOL.get(entry.get("fmt") or "General")
    if tol is None:
        tol = _TOL[entry.get("fmt") or "General"] = tolerance_of(entry.get("fmt") or "General")
    return Verdict(_dec(cached), _dec(excel), _dec(reader), tol, text_cells, empty, node)


_TOL: dict[str, Decimal] = {}


def _dec(x: float) -> Decimal:
    return Decimal(repr(x))


_PARSED: dict[str, Node] = {}


def _parsed(formula: str) -> Node:
    node = _PARSED.get(formula)
    if node is None:
        node = parse(formula)
        if len(_PARSED) > 50_000:
            _PARSED.clear()
        _PARSED[formula] = node
    return node


# --------------------------------------------------------------------------- statements


def sheet_formula_statements(doc: Any, figures: Sequence[Any]) -> list[Statement]:
    """A ``sheet_formula`` statement for every formula cell of the document's sheets
    whose formula is plain arithmetic: ``whole`` the formula cell's figure, ``parts`` the
    figures of the cells it names (those in the table), ``relation`` what it claims,
    ``signs`` the sign of each part in a total or difference, ``numerator`` and
    ``denominator`` for a share, ``cue`` the formula."""
    entries = (getattr(doc, "meta", None) or {}).get("cell_formulas") or ()
    if not entries:
        return []
    # figures by the address of their cell ("PL02c!F175"): the find layer's table and row
    # numbers need not be the reader's (tables are joined, headers skipped)
    where: dict[str, int] = {}
    for i, f in enumerate(figures):
        if getattr(f, "cell", False) and f.table is not None:
            addr = doc.cell_at(f.number_start or f.start)
            if addr is not None:
                where.setdefault(addr, i)
    out: list[Statement] = []
    for e in entries:
        whole = where.get(f"{e['sheet']}!{e['cell']}")
        if whole is None:
            continue
        try:
            node = _parsed(e["formula"])
        except Unsupported:
            continue
        relation, terms = relation_of(node)
        parts: list[int] = []
        signs: list[int] = []
        fig_of: dict[str, int] = {}
        for sign, addr in terms:
            r = e["refs"].get(addr)
            if r is None or r[2] < 0:
                continue
            got = where.get(f"{e['sheet']}!{addr.replace('$', '')}")
            if got is None or got == whole:
                continue
            i = got
            fig_of[addr] = i
            parts.append(i)
            signs.append(sign)
        if not parts:
            continue
        w = figures[whole]
        s = Statement("sheet_formula", whole, parts, True, start=w.start, end=w.end,
                      text=f"{e['sheet']}!{e['cell']} {e['formula']}", cue=e["formula"], relation=relation,
                      signs=signs)
        if relation == "share" and len(terms) == 2:
            s.percent = whole
            s.numerator, s.denominator = fig_of.get(terms[0][1]), fig_of.get(terms[1][1])
        s.whole_value = w.value
        s.part_values = [figures[i].value for i in parts]
        s.page, s.line = w.page, w.line
        out.append(s)
    return out
