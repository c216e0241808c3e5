"""Statements between figures: which figures a report presents as a whole and its parts,
as a ratio, a remainder or a comparison.

The consistency checks need to know *what was claimed* before they can test it: in
"424 biểu mẫu …, trong đó: giữ nguyên 352 …; sửa đổi 72 …" the report claims 352 + 72 =
424; in "50 nhiệm vụ trong tổng số 55 nhiệm vụ, đạt 90,90 %" it claims 50/55 = 90,90 %.
This module only records those claims (which figures, in which roles); it never checks
them, so a wrong sum in a report is still found as a statement.

Kinds:

``parts``        whole and parts ("trong đó", "gồm", a parenthesised list after a figure,
                 a bullet list under a total, "tổng số X, a …, b …"); ``complete`` says
                 whether the list is presented as exhaustive.
``range_parts``  the same where the whole or a part is a range ("12 - 14 cán bộ (01 …,
                 từ 5 - 7 …)"): the check compares end points.
``ratio``        percent = numerator / denominator ("P% (a/b)", "a/b … đạt P%",
                 "x … trong tổng số y …, đạt P%", "… y; trong đó x (tỷ lệ P%)").
``remainder``    whole = done + remaining ("hoàn thành 144/147, còn 03").
``comparison``   a figure against a base ("đạt 130% so với dự toán giao", "bằng 148% dự
                 toán", "tăng 11 bậc so với năm 2020"); the base is often unstated.
``distribution`` counts of one base by category, each a fraction of the base ("11/15 đơn vị
                 xếp loại Tốt, 03/15 … Khá, 01/15 … Trung bình"), or shares of one whole by
                 category ("Tốt 54,5%, Khá 36,4%, …", ``relation`` "percent"): ``whole_value``
                 the base (100 for shares), ``part_values`` the counts, ``base`` the scale.
``fraction_parts`` a fraction broken down into fractions ("17.432/20.248 hồ sơ. Trong đó, cơ quan
                 tổ chức: 2.157/2.517, doanh nghiệp 15.275/17.731"): numerators and denominators
                 each are parts of the whole's.
``arithmetic``   a calculation written out ("185.000 USD - 75.000 USD = 110.000 USD"): the
                 terms with their signs, and the result.
``table_total``  a table's total and the cells it sums: a "Tổng cộng"/"Cộng" row, a
                 section row over its items, a "Tổng số" column (see extract.find.tables).

Every statement names its figures by index into the figure list, and also carries the
values those roles stand for (``whole_value``, ``part_values``), so that a fraction
``144/147`` can be a whole (147) and a part (144) at once.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

from extract.core.model import Figure, Statement
from extract.core.numbers import vocabulary
from extract.core.rules import alternation, load_yaml
from extract.find.figures import family, group_index, word_led_spans

__all__ = ["find_statements", "inherit_units", "statement_values"]


# --------------------------------------------------------------------------- structure


#: a sentence end: ". " before a capital, a digit or a quote — not the dot of an abbreviation
#: that names what follows ("TP. Đà Lạt", "TX. Bảo Lộc", "ThS. Nguyễn Văn A")
#: (the mark first, then the abbreviations looked behind it: a pattern that opens with a
#: character class lets the regex engine skip to the marks instead of testing nine
#: look-behinds at every character)
_SENT_END = re.compile(r"[.!?…](?<!\bTP.)(?<!\bTp.)(?<!\bTX.)(?<!\bTx.)(?<!\bThS.)(?<!\bPGS.)(?<!\bGS.)(?<!\bTS.)"
                       r"(?<!\bBS.)(?=\s+[A-ZĐÀ-Ỹ\d\"“(])|\./\.")
_BULLET = re.compile(r"^\s*([-+•*–—▪●○]|[a-zđ]\)|\d{1,2}[.)])\s*")


@dataclass
class _Para:
    start: int
    end: int
    text: str
    bullet: str | None


def _paragraphs(text: str) -> list[_Para]:
    out = []
    pos = 0
    for p in text.split("\n"):
        m = _BULLET.match(p)
        b = None
        if m:
            g = m.group(1)
            b = "num" if g[0].isdigit() else ("alpha" if g[0].isalpha() else g)
        out.append(_Para(pos, pos + len(p), p, b))
        pos += len(p) + 1
    return out


_ABBREV_RUN_ON = re.compile(r"[A-ZĐ]{2,}[\s,]+[a-zà-ỹđ]")


def _joins_next(cur: str, nxt: str) -> bool:
    """A paragraph break the reader left inside a sentence: the line does not end a
    sentence and the next starts in lower case or with an abbreviation run on by
    lower case ("… 14 quyết định\\nQPPL ban hành …")."""
    c = cur.rstrip()
    if not c or c[-1] in ".:;!?)”\"":
        return False
    n = nxt.lstrip()
    if not n:
        return False
    if n[0].islower():
        return True
    return _ABBREV_RUN_ON.match(n) is not None


_PAREN_OR_NL = re.compile(r"[()\n]")


@lru_cache(maxsize=256)
def _text_facts(text: str) -> tuple:
    """What a _Doc knows of its text alone, computed once per text (the unit inheritance
    and the statement finders both ask, with different figures).  The texts are the
    pieces of :func:`_chunks`, asked for three times in a row (parts and remainders for
    the units, then every finder): the cache holds the pieces of a long document
    (256 pieces of ~3,000 characters), so none is computed twice."""
    paras = _paragraphs(text)
    # logical paragraph id of every paragraph
    lpara = []
    lid = 0
    for i, p in enumerate(paras):
        if i and not _joins_next(paras[i - 1].text, p.text):
            lid += 1
        lpara.append(lid)
    pstarts = [p.start for p in paras]
    # parenthesis depth before each character, and the matching ')' of each '('
    # (only "(", ")" and line ends change the depth: the runs between them are filled whole)
    depth: list[int] = []
    match: dict[int, int] = {}
    stack: list[int] = []
    d = 0
    last = 0
    for m in _PAREN_OR_NL.finditer(text):
        i = m.start()
        ch = text[i]
        if ch == ")" and not stack:
            continue  # an unmatched ")" changes nothing
        depth += [d] * (i + 1 - last)
        last = i + 1
        if ch == "(":
            stack.append(i)
            d += 1
        elif ch == ")":
            match[stack.pop()] = i
            d -= 1
        else:
            # parentheses never span paragraphs in these reports; reset
            stack.clear()
            d = 0
    depth += [d] * (len(text) + 1 - last)
    # a sentence never ends inside parentheses: "(TP. Đà Lạt 25 hồ sơ)", "(xem Phụ lục 2. Danh
    # mục …)" are notes within it, the sentence goes on after the ")".  Matched pairs nest or
    # lie apart, so the outermost ones (disjoint, in order) cover every point inside any pair
    outer: list[tuple[int, int]] = []
    for op, cp in sorted(match.items()):
        if not outer or op > outer[-1][1]:
            outer.append((op, cp))
    opens = [op for op, _ in outer]
    sent_ends = []
    for m in _SENT_END.finditer(text):
        e = m.start()
        if depth[e]:
            k = bisect.bisect_left(opens, e) - 1  # the last outer pair opening before e
            if k >= 0 and e < outer[k][1]:
                continue
        sent_ends.append(e)
    not_label = [m.start() for m in _NOT_LABEL_CHAR.finditer(text)]
    return text.lower(), paras, lpara, pstarts, depth, match, sent_ends, not_label


class _Doc:
    """The text with what the statement finders ask of it: paragraphs (with wraps
    undone), sentence ends, parenthesis depth."""

    def __init__(self, text: str, figures: Sequence[Figure]):
        self.text = text
        self.figs = list(figures)
        (self.lower, self.paras, self.lpara, self.pstarts, self.depth, self.match, self.sent_ends,
         self.not_label) = _text_facts(text)
        # min(end of figs[i:]) for every i: the last figure ending at or before a point
        self.min_end_after: list[int] = []
        lo = None
        for f in reversed(self.figs):
            lo = f.end if lo is None or f.end < lo else lo
            self.min_end_after.append(lo)
        self.min_end_after.reverse()
        self._by_end: list[tuple[int, int]] | None = None

    def last_ending_by(self, pos: int) -> int:
        """The largest index i with ``figs[i].end <= pos`` (-1 if none)."""
        return bisect.bisect_right(self.min_end_after, pos) - 1

    def ending_between(self, lo: int, hi: int) -> list[int]:
        """Indices (ascending) of the figures with ``lo <= end <= hi``."""
        if self._by_end is None:
            self._by_end = sorted((f.end, i) for i, f in enumerate(self.figs))
        a = bisect.bisect_left(self._by_end, (lo, -1))
        b = bisect.bisect_right(self._by_end, (hi, len(self.figs)))
        return sorted(i for _, i in self._by_end[a:b])

    def para_index(self, pos: int) -> int:

        return max(0, bisect.bisect_right(self.pstarts, pos) - 1)

    def same_sentence(self, a: int, b: int) -> bool:
        """No sentence end between offsets a < b (wrapped paragraphs count as one)."""

        if a > b:
            a, b = b, a
        i = bisect.bisect_left(self.sent_ends, a)
        if i < len(self.sent_ends) and self.sent_ends[i] < b:
            return False
        pa, pb = self.para_index(a), self.para_index(b)
        return self.lpara[pa] == self.lpara[pb]

    def sentence_end(self, pos: int) -> int:

        i = bisect.bisect_right(self.sent_ends, pos)
        end = self.sent_ends[i] if i < len(self.sent_ends) else len(self.text)
        # end of the logical paragraph
        pi = self.para_index(pos)
        lid = self.lpara[pi]
        j = pi
        while j + 1 < len(self.paras) and self.lpara[j + 1] == lid:
            j += 1
        return min(end, self.paras[j].end)

    def open_paren(self, pos: int, lo: int) -> int | None:
        """Offset of the innermost '(' still open at ``pos`` (searching back to ``lo``)."""
        d = 0
        for i in range(pos - 1, lo - 1, -1):
            ch = self.text[i]
            if ch == ")":
                d += 1
            elif ch == "(":
                if d == 0:
                    return i
                d -= 1
            elif ch == "\n":
                return None
        return None


# --------------------------------------------------------------------------- helpers


_NOT_COUNTS = ("age", "duration", "score", "rank", "area", "length")


def _is_count(f: Figure) -> bool:
    return f.kind in ("number", "money", "range") and f.unit_kind not in ("percent",) + _NOT_COUNTS


def _fam(unit: str | None) -> str | None:
    if unit is None:
        return None

    return family(unit)


@cache
def _cue_re() -> re.Pattern[str]:
    forms = [c for c in vocabulary().cues if c[2] != "whole"]
    alt = "|".join(re.escape(f.rstrip(":,")) for f, _, _ in forms)
    return re.compile(rf"(?<![{_LET}])(?:{alt})(?![{_LET}])\s*[:,]?", re.I)


_LET = "A-Za-zÀ-ỹĐđ"
_CUE_VERB = re.compile(r"\s*(?:đã|được|đang|sẽ|chủ yếu|chỉ|nhiều|phần lớn|đa số|tập trung|cần|phải|bao gồm cả)\b")


def _cue_complete(cue: str) -> bool:
    c = cue.lower().strip(" :,")
    for form, complete, role in vocabulary().cues:
        if form.lower().strip(" :,") == c:
            return complete
    return True


def _values(s: Statement, figs: Sequence[Figure]) -> None:
    """Fill whole_value / part_values from the roles."""
    if s.kind == "remainder":
        return
    if s.whole is not None:
        s.whole_value = figs[s.whole].value
    s.part_values = [figs[i].value for i in s.parts]


def statement_values(s: Statement, figs: Sequence[Figure]) -> tuple[str, Decimal | None, list[Decimal]]:
    """(kind, whole value, part values) — the membership a gold statement is compared with.
    For a ratio: whole = denominator, parts = [numerator, percent]; for a comparison:
    whole = the base if stated, parts = [subject, percent or change]."""
    if s.kind in ("ratio", "score"):  # a score: maximum, then score and index
        den = num = None
        if s.denominator is not None:
            f = figs[s.denominator]
            den = f.denominator if f.kind == "fraction" else f.value
        if s.numerator is not None:
            f = figs[s.numerator]
            num = f.numerator if f.kind == "fraction" else f.value
        parts = [v for v in (num, None if s.percent is None else figs[s.percent].value) if v is not None]
        return s.kind, den, parts
    return s.kind, s.whole_value, list(s.part_values)


# --------------------------------------------------------------------------- finders


def _item_number_first(d: _Doc, f: Figure, prev_end: int) -> bool:
    """Whether a list item starts with its number ("04 công chức") rather than a label
    ("HĐND tỉnh ban hành 06 nghị quyết")."""
    seg = d.text[prev_end:f.start]
    # only what follows the last item separator counts
    seg = re.split(r"[,;]|\s(?:và|hoặc)\s", seg)[-1]
    seg = re.sub(r"^(?:\s*(?:và|hoặc|trong đó(?: có)?|gồm(?: có)?|bao gồm|cụ thể))+[\s:,]*", "", seg, flags=re.I)
    seg = re.sub(r"(?:từ|khoảng|trên|hơn|gần|dưới)\s*$", "", seg.strip())
    return not re.search(f"[{_LET}0-9]", seg)


def _collect_parts(d: _Doc, whole: Figure | None, lo: int, hi: int, base_depth: int,
                   used_as_ratio: set[int], inline: bool) -> tuple[list[int], bool]:
    """Figures in [lo, hi) at parenthesis depth ``base_depth`` that can be parts.
    Returns (indices, closed_with_và)."""
    figs = d.figs
    out: list[int] = []
    styles: list[bool] = []
    prev_end = lo
    va = False
    for i, f in enumerate(figs):
        if f.start < lo or f.start >= hi:
            continue
        if d.depth[f.number_start] != base_depth:
            continue
        if f.kind == "percent" or f.unit_kind == "percent" or i in used_as_ratio:
            prev_end = f.end
            continue
        if f.kind == "fraction" or (f.unit_kind in _NOT_COUNTS and not _additive_like(whole, f)):
            prev_end = f.end
            continue
        if whole is not None and whole.unit_kind == "money" and f.unit_kind not in (None, "money") and not _bare_scale(f):
            prev_end = f.end
            continue
        if inline:
            style = _item_number_first(d, f, prev_end)
            if len(styles) >= 2 and styles[0] == styles[1] and style != styles[0]:
                break
            styles.append(style)
        between = d.lower[prev_end:f.start]
        va = bool(re.search(r"(?:^|\s)và\s+(?:\S+\s+){0,8}$", between)) or between.strip().startswith("và")
        out.append(i)
        prev_end = f.end
    return out, va


def _parenthesised_items(d: _Doc, whole: Figure, parts: list[int], lo: int, hi: int, depth: int) -> list[int]:
    """Items of an inline list whose figure is written only in parentheses ("cấp tỉnh 60
    hồ sơ, cấp huyện (40 hồ sơ), cấp xã 20 hồ sơ"): the first figure of the whole's unit
    family in a parenthesis at the list's level, in an item (between two separators) that
    has no figure of its own.  A careful reader sums every item: the list is also read with
    these figures (``parenthesised_item``), and is wrong only when neither reading adds up."""
    figs = d.figs
    fam = _fam(whole.unit)
    starts = sorted(figs[i].start for i in parts)
    out: list[int] = []
    for op, cp in d.match.items():
        if not lo <= op < hi or d.depth[op] != depth:
            continue
        # the item around the parenthesis: back to the last separator at the list's level
        a = max((k for k in range(lo, op) if d.text[k] in ",;" and d.depth[k] == depth), default=lo - 1)
        b = next((k for k in range(cp + 1, hi) if d.text[k] in ",;" and d.depth[k] == depth), hi)
        if any(a < x < b for x in starts):
            continue  # the item has its figure: the parenthesis is a note on it
        inner = [i for i, f in enumerate(figs) if op < f.start < cp and d.depth[f.number_start] == depth + 1]
        for i in inner[:1]:
            f = figs[i]
            if f.kind in ("percent", "fraction") or f.unit_kind == "percent":
                continue
            if fam is not None and f.unit is not None and _fam(f.unit) != fam:
                continue
            out.append(i)
    return out


#: scale words that stand alone after a figure ("ngân sách huyện 40 triệu")
_SCALE_WORDS = frozenset({"nghìn", "ngàn", "triệu", "tỷ", "tỉ", "nghìn tỷ", "ngàn tỷ"})


def _bare_scale(f: Figure) -> bool:
    """A figure whose only unit is its scale word: "40 triệu" in a list of amounts in
    "triệu đồng" is 40 triệu đồng, the writer leaving out the currency it repeats."""
    return bool(f.unit) and f.kind == "number" and " ".join((f.unit or "").lower().split()) in _SCALE_WORDS


#: measures that add up like counts when whole and part share them ("14.000 ha (năm 2011 3.000 ha; …)")
_ADDITIVE = ("area", "length")


def _additive_like(whole: Figure | None, part: Figure) -> bool:
    """An area or a length is a part only of a whole of the same measure and unit family: areas
    add up, but an area beside counts ("5 dự án, 12 ha") is another quantity."""
    return (whole is not None and part.unit_kind in _ADDITIVE and whole.unit_kind == part.unit_kind
            and _fam(whole.unit) == _fam(part.unit) and (whole.scale or 0) == (part.scale or 0))


def _known_other_family(whole: Figure, part: Figure) -> bool:
    """A part whose unit is a known unit of another family than the whole's."""

    if not part.unit or not whole.unit:
        return False
    idx = group_index()
    if part.unit.lower() not in idx or whole.unit.lower() not in idx:
        return False
    return _fam(part.unit) != _fam(whole.unit)


def _reject_unit_mismatch(whole: Figure, parts: list[Figure]) -> bool:
    """"68 Quyết định danh mục TTHC; trong đó, công bố mới 247 TTHC …": the parts count
    what the whole's items are about, not the whole."""
    units = {p.unit.lower() for p in parts if p.unit}
    if len(parts) < 1 or len(units) != 1 or any(p.unit is None for p in parts):
        return False
    u = next(iter(units))
    if whole.unit and whole.unit.lower() == u:
        return False
    counted = (whole.counted or "").lower()
    head = (whole.unit or "").lower()
    if head and counted.startswith(head) and counted[len(head):].strip().startswith(u):
        return False  # "2.904.315 lượt hồ sơ …, trong đó 412.870 hồ sơ": a measure word before the thing counted
    return u in counted and not counted.startswith(u) and head != u


def _second_measure(d: _Doc, wi: int, parts: list[int], c: int, lo: int, hi: int, depth: int, cue: str) -> list[Statement]:
    """Items that give two measures, the amount and a count: "2.500 dự án … tổng vốn 1.500.000 tỷ
    đồng (trong đó có 200 dự án FDI, vốn 150.000 tỷ đồng)".  The amounts are parts of the amount;
    the counts, of the count of their unit earlier in the sentence (cue "… (đại lượng khác)", a
    partial list: each count ≤ its whole)."""
    figs = d.figs
    taken = set(parts)
    groups: dict[str, list[int]] = {}
    for k in d.ending_between(lo, hi):
        g = figs[k]
        if (k in taken or g.start < lo or d.depth[g.number_start] != depth or not _is_count(g) or not g.unit
                or g.unit_kind == "money" or g.qualifier):
            continue
        groups.setdefault(g.unit.lower(), []).append(k)
    out = []
    for ks in groups.values():
        w2 = _whole_of_parts_unit(d, wi, ks, c)
        if w2 != wi:
            out.append(Statement("parts", w2, ks, False, start=figs[w2].start, end=figs[ks[-1]].end,
                                 cue=f"{cue} (đại lượng khác)"))
    return out


def _clause_subsets(d: _Doc, c: int, ce: int) -> list[Statement]:
    """The counts of a "trong đó <verb> …" clause in the unit of the whole before the cue: each
    a part of that whole on its own (cue "trong đó (mệnh đề)", one part, not complete)."""
    figs = d.figs
    wi = _find_whole(d, c, max(0, c - 400))
    if wi is None or not figs[wi].unit or not _is_count(figs[wi]) or figs[wi].qualifier:
        return []
    w = figs[wi]
    unit = (w.unit or "").lower()
    out = []
    for k in d.ending_between(ce, d.sentence_end(ce)):
        g = figs[k]
        if (g.start >= ce and d.depth[g.number_start] == d.depth[c] and g.kind in ("number", "money") and g.unit
                and g.unit.lower() == unit and (g.scale or 0) == (w.scale or 0) and not g.qualifier):
            out.append(Statement("parts", wi, [k], False, start=w.start, end=g.end, cue="trong đó (mệnh đề)"))
    return out


def _whole_of_parts_unit(d: _Doc, wi: int, parts: list[int], cue: int) -> int:
    """The whole of a list whose parts all count one thing the figure before the cue does not:
    "tổ chức 15 lớp tập huấn cho 1.200 lượt người, trong đó cấp tỉnh 5 lớp, cấp huyện 10 lớp" —
    the figure of the parts' unit earlier in the sentence, at the cue's depth; else ``wi``."""
    figs = d.figs
    units = {(figs[i].unit or "").lower() for i in parts}
    w = figs[wi]
    if len(units) != 1 or "" in units or w.unit is None or w.unit.lower() in units:
        return wi
    unit = next(iter(units))
    for k in range(wi - 1, max(-1, wi - 6), -1):
        g = figs[k]
        if not d.same_sentence(g.end, cue):
            break
        if (g.kind in ("number", "money") and g.unit and g.unit.lower() == unit and d.depth[g.number_start] == d.depth[w.number_start]
                and (g.scale or 0) == (figs[parts[0]].scale or 0)):
            return k
    return wi


def _find_whole(d: _Doc, pos: int, lo_limit: int) -> int | None:
    """The figure a cue at ``pos`` refers back to: the last count/money figure before it
    in the same sentence (percents and parenthesised figures skipped)."""
    figs = d.figs
    cue_depth = d.depth[pos]
    op = d.open_paren(pos, lo_limit) if cue_depth else None
    for i in range(d.last_ending_by(pos), -1, -1):
        f = figs[i]
        if f.end > pos:
            continue
        if f.end < lo_limit:
            break
        if not d.same_sentence(f.end, pos):
            break
        if f.kind in ("percent", "fraction") or f.unit_kind == "percent" or f.unit_kind in _NOT_COUNTS:
            continue
        if d.depth[f.number_start] > cue_depth:
            continue
        if op is not None and f.start < op and d.depth[f.number_start] == cue_depth:
            continue  # "(… chưa thực hiện 0,7 tỷ); khác đạt 99% (trong đó: …)": another parenthesis
        return i
    return None


def _previous_sentence_whole(d: _Doc, pos: int) -> int | None:
    """The whole of a list that opens a sentence ("X … . Trong đó, a …"): the last figure
    of the sentence before, in the same logical paragraph or the paragraph right before,
    when it is a count or an amount with a unit and ends that sentence's last clause (no
    ";" after it)."""
    k = d.last_ending_by(pos)
    if k < 0:
        return None
    f = d.figs[k]
    between = d.text[f.end:pos]
    if pos - f.end > 200 or ";" in between or between.count("\n") > 1 or d.depth[f.number_start] or d.depth[pos]:
        return None
    if f.kind not in ("number", "money") or f.unit_kind in ("percent",) + _NOT_COUNTS or f.qualifier:
        return None
    if not f.unit:
        # "Tổng tiền các cơ sở đã đề nghị thanh toán: 52.418.306.250,40. Trong đó: …": a total with
        # no unit, named a total ("tổng …") in its own clause; its parts must then share one unit
        se = bisect.bisect_left(d.sent_ends, f.start) - 1
        lo = max(d.sent_ends[se] + 1 if se >= 0 else 0, f.start - 150, d.paras[d.para_index(f.start)].start)
        if not re.search(r"(?<![^\W\d_])tổng(?![^\W\d_])", d.lower[lo:f.start]) or ";" in d.text[lo:f.start]:
            return None
    if not re.fullmatch(r"[^\d;]*[.:]\s*|[ \t]*\n\s*", between):
        return None  # "Tổng số thu: 1.000 triệu đồng\nTrong đó:\n- …": a line ending on the figure counts too
    return k


@cache
def _cue_words() -> tuple[str, ...]:
    """The words every match of :func:`_cue_re` starts with, in lower case."""
    return tuple(sorted({f.rstrip(":,").lower() for f, _, role in vocabulary().cues if role != "whole"}))


@lru_cache(maxsize=256)
def _cue_matches(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, text) of each cue of :func:`_cue_re` in ``text``; cached, as
    :func:`_text_facts`: the unit inheritance and the statement finders search the same
    pieces of a document.  The pattern is tried only where a cue word starts."""
    return tuple((a, b, text[a:b]) for a, b in word_led_spans(_cue_re(), text, _cue_words(), _text_facts(text)[0]))


def _parts_statements(d: _Doc) -> list[Statement]:
    figs = d.figs
    text = d.text
    out: list[Statement] = []
    taken_parens: set[int] = set()
    # A. cue-based
    for c, ce, written in _cue_matches(text):
        cue = written.strip(" :,")
        after = d.lower[ce:ce + 20]
        if cue.lower() == "cụ thể" and not (written.rstrip().endswith(":") or after.lstrip().startswith("như sau")
                                            or text[max(0, c - 2):c].strip() in (",", ";")):
            continue  # "32 mục tiêu cụ thể" — an adjective
        if _CUE_VERB.match(after):
            # "trong đó đã xác định 32 mục tiêu": a clause, not a list; each count of the whole's own
            # unit in it is a subset of the whole ("rà soát 500 văn bản, trong đó đề xuất xử lý 120 văn
            # bản và đã xử lý 120 văn bản": one subset at two stages, so each part ≤ whole, no sum)
            out.extend(_clause_subsets(d, c, ce))
            continue
        wi = _find_whole(d, c, max(0, c - 400))
        cross = False
        if wi is None and text[c:c + 1].isupper():
            # "… đã đưa 73.000 lao động đi làm việc ở nước ngoài. Trong đó, Đài Loan 21.000 lao động, …":
            # the list opens the next sentence; its whole is the last figure of the sentence before
            wi = _previous_sentence_whole(d, c)
            cross = wi is not None
        if wi is None:
            continue
        whole = figs[wi]
        op = d.open_paren(c, whole.end)
        if op is not None and op >= whole.end:
            hi = d.match.get(op, d.sentence_end(c))
            base_depth = d.depth[op] + 1
            taken_parens.add(op)
            bullets = False
        else:
            rest = text[ce:d.paras[d.para_index(c)].end]
            base_depth = d.depth[c]
            bullets = not rest.strip()
            if bullets:
                pi = d.para_index(c) + 1
                kind = d.paras[pi].bullet if pi < len(d.paras) else None
                hi = ce
                while pi < len(d.paras) and kind and d.paras[pi].bullet == kind:
                    hi = d.paras[pi].end
                    pi += 1
            else:
                hi = d.sentence_end(ce)
        bare = False  # a bullet item without a part: the list is not all there
        if bullets:
            parts = []
            pi = d.para_index(c) + 1
            while pi < len(d.paras) and d.paras[pi].end <= hi:
                p = d.paras[pi]
                for i, f in enumerate(figs):
                    if p.start <= f.start < p.end and d.depth[f.number_start] == 0 and f.kind not in ("percent", "fraction"):
                        parts.append(i)
                        break
                else:
                    bare = True
                pi += 1
            va = False
        else:
            parts, va = _collect_parts(d, whole, ce, hi, base_depth, set(), inline=True)
        if not parts:
            continue
        wi = _whole_of_parts_unit(d, wi, parts, c)
        whole = figs[wi]
        if _reject_unit_mismatch(whole, [figs[i] for i in parts]):
            continue
        if cross and not all(figs[i].unit and _fam(figs[i].unit) == _fam(whole.unit or figs[parts[0]].unit)
                             for i in parts):
            continue  # across a sentence end only parts of the whole's own unit are trusted (of one unit
            # when the total has none)
        complete = _cue_complete(cue)
        if not complete and va and len(parts) >= 2:
            complete = True
        if len(parts) == 1 or cross or bare:
            # across a sentence end the list may be of another quantity; an item whose figure is
            # not read is a part missing: only parts ≤ whole
            complete = False
        kind = "range_parts" if whole.kind == "range" or any(figs[i].kind == "range" for i in parts) else "parts"
        end = max(figs[i].end for i in parts)
        s = Statement(kind, wi, parts, complete, start=whole.start, end=end, cue=cue.lower() if not bullets else f"{cue.lower()}:bullets")
        if not bullets:
            held = _parenthesised_items(d, whole, parts, ce, hi, base_depth)
            if held:
                s.alternatives.append(("parenthesised_item", sorted(parts + held, key=lambda i: figs[i].start)))
        out.append(s)
        if not bullets and whole.unit_kind == "money":
            out.extend(_second_measure(d, wi, parts, c, ce, hi, base_depth, cue.lower()))
    # B. "X (a …, b …)" — a parenthesised list right after a figure
    for op, cp in d.match.items():
        if op in taken_parens:
            continue
        wi = None
        # only words and spaces may sit between the figure and the '(': none ends before
        # the last other character
        k = bisect.bisect_left(d.not_label, op) - 1
        for i in d.ending_between(d.not_label[k] + 1 if k >= 0 else 0, op):
            f = figs[i]
            if f.end <= op and f.kind not in ("percent", "fraction") and _SHORT_LABEL.fullmatch(text[f.end:op]):
                wi = i  # "58 đơn vị cấp huyện (20 …, 38 …)": a short qualifier may sit between
        if wi is None and k >= 0:
            # "3.004 vụ, đạt 95,6% (cấp tỉnh: 1.846 vụ, đạt 96,3%; cấp huyện: 1.158 vụ, đạt 94,4%)": the
            # whole's own share may sit between the whole and its parts
            j = d.last_ending_by(op)
            if (j >= 1 and figs[j].kind == "percent" and re.fullmatch(r"\s*", text[figs[j].end:op])
                    and re.fullmatch(r"\s*,?\s*(?:đạt|chiếm|bằng)(?:\s+(?:tỷ|tỉ) lệ)?\s*:?\s*", d.lower[figs[j - 1].end:figs[j].start])
                    and figs[j - 1].kind not in ("percent", "fraction") and _is_count(figs[j - 1])):
                wi = j - 1
        if wi is None:
            continue
        whole = figs[wi]
        inner = text[op + 1:cp]
        if re.match(r"\s*(?:trong đó|gồm|bao gồm|cụ thể)", inner, re.I):
            continue
        if _change_res()[1].search(inner) and re.match(r"\s*từ\s+\d", inner, re.I):
            continue  # "giảm 120 TTHC (từ 1.889 xuống còn 1.769)": the old and new values, no parts
        parts, va = _collect_parts(d, whole, op + 1, cp, d.depth[op] + 1, set(), inline=True)
        if len(parts) < 2:
            continue
        if whole.unit and any(_known_other_family(whole, figs[i]) for i in parts):
            continue  # "10 điểm (…, tổng số 1.100 phiếu, 22 xã …)": not parts of the whole
        if _reject_unit_mismatch(whole, [figs[i] for i in parts]):
            continue
        kind = "range_parts" if whole.kind == "range" or any(figs[i].kind == "range" for i in parts) else "parts"
        out.append(Statement(kind, wi, parts, True, start=whole.start, end=cp + 1, cue="("))
    # C. "tổng số X, label a, label b" — a total followed by labelled figures of its unit
    for i, f in enumerate(figs):
        pre = d.lower[max(0, f.start - 30):f.start]
        if "tổng" not in pre or not re.search(r"tổng (?:số|cộng)(?: là)?\s*:?\s*$", pre):
            # "tổng số lượng TTHC thuộc phạm vi quản lý … công bố 2.313 thủ tục, cấp tỉnh 1.859 …": the
            # clause opens with "tổng số" and this is its first figure
            lo = max(figs[i - 1].end if i else 0, f.start - 200)
            se = bisect.bisect_left(d.sent_ends, f.start) - 1  # the clause opens its own sentence
            if se >= 0 and d.sent_ends[se] >= lo:
                lo = d.sent_ends[se] + 1
            clause = d.lower[lo:f.start]
            cut = max(clause.rfind(";"), clause.rfind("("), clause.rfind(")"), clause.rfind("\n"))
            clause = clause[cut + 1:]
            if "tổng" not in clause or not re.search(r"(?<![^\W\d_])tổng (?:số|cộng)(?![^\W\d_])", clause) \
                    or not d.same_sentence(lo, f.start) \
                    or f.kind not in ("number", "money") or not f.unit:
                continue
        if any(s.whole == i for s in out):
            continue
        hi = d.sentence_end(f.end)
        op = d.open_paren(f.start, max(0, f.start - 300))
        if op is not None and op in d.match:
            hi = min(hi, d.match[op])
        parts = []
        prev = f.end
        for j in range(i + 1, len(figs)):
            g = figs[j]
            if g.start >= hi:
                break
            if d.depth[g.number_start] != d.depth[f.number_start]:
                continue
            sep = text[prev:g.start]
            if (g.kind == "percent" and parts and not is_threshold(g)
                    and re.fullmatch(r"\s*[,(]?\s*(?:(?:chiếm|đạt)(?:\s+(?:tỷ|tỉ) lệ)?|(?:tỷ|tỉ) lệ)?\s*:?\s*", d.lower[prev:g.start])):
                # "…; số xã đạt 45 xã, chiếm 90%; số xã chưa đạt 5 xã, chiếm 10%": each part's share
                prev = g.end + (1 if text[g.end:g.end + 1] == ")" else 0)
                continue
            if not re.match(r"\s*[,;]", sep) or g.unit is None or f.unit is None or g.unit.lower() != f.unit.lower():
                break
            parts.append(j)
            prev = g.end
        if len(parts) == 1 and parts[0] + 1 < len(figs) and figs[parts[0] + 1].kind == "percent" \
                and d.same_sentence(figs[parts[0]].end, figs[parts[0] + 1].start):
            continue  # "tổng số … 1.000 hồ sơ, đã giải quyết đúng hạn 909 hồ sơ, đạt 90,90 %": a ratio says it
        if parts:
            out.append(Statement("parts", i, parts, False, start=f.start, end=figs[parts[-1]].end, cue="tổng số"))
    # D. bullets under a total ending with ':' (no cue)
    for pi, p in enumerate(d.paras[:-1]):
        if not p.text.rstrip().endswith(":"):
            continue
        inpara = [i for i, f in enumerate(figs) if p.start <= f.start < p.end and _is_count(f)
                  and d.depth[f.number_start] == 0]
        if not inpara:
            continue
        wi = inpara[-1]
        if any(s.whole == wi for s in out):
            continue
        if not d.same_sentence(figs[wi].end, p.end - 1):
            continue
        kind = d.paras[pi + 1].bullet
        if not kind:
            continue
        parts = []
        k = pi + 1
        items = 0
        while k < len(d.paras) and d.paras[k].bullet == kind:
            q = d.paras[k]
            items += 1
            for i, f in enumerate(figs):
                if q.start <= f.start < q.end and d.depth[f.number_start] == 0 and _is_count(f):
                    parts.append(i)
                    break
            k += 1
        whole = figs[wi]
        fam = _fam(whole.unit)
        parts = [i for i in parts if figs[i].unit is None or _fam(figs[i].unit) == fam]
        if len(parts) >= 2:
            # an item without a count of the whole's kind: a part not read, the sum is no claim
            out.append(Statement("parts", wi, parts, len(parts) == items, start=whole.start,
                                 end=figs[parts[-1]].end, cue="bullets"))
    # F. "a …, b …, c …; tổng cộng X": the total after its parts
    out.extend(_total_after_parts(d, {s.whole for s in out}))
    # E. an outline: a numbered item with one figure over its numbered sub-items, one figure each
    out.extend(_outline_statements(d, {s.whole for s in out}))
    # nesting: a statement whose whole is a part of another statement (in the order of
    # ``out``; found through the wholes, not by trying every pair)
    by_whole: dict[int, list[int]] = {}
    for k, t in enumerate(out):
        if t.whole is not None:
            by_whole.setdefault(t.whole, []).append(k)
    for s in out:
        if len(s.parts) == 1:
            ks = by_whole.get(s.parts[0], [])
        else:
            ks = sorted(k for w in set(s.parts) for k in by_whole.get(w, ()))
        s.nested.extend(out[k] for k in ks if out[k] is not s)
    return out


#: the marker of an outline item (Nghị định 30/2020, Phụ lục I: I., 1., 1.1., a), -, +) and its rank
_OUTLINE = re.compile(r"\s*(?:(?P<roman>[IVX]{1,4})[.)/]|(?P<num>\d{1,2}(?:\.\d{1,2}){1,3}\.?|\d{1,2}[.)])"
                      r"|(?P<alpha>[a-zđ])\)|(?P<dash>[-–—])|(?P<plus>\+)|(?P<dot>[•▪●○*]))(?=\s)")


def _outline_marker(line: str) -> tuple[int, str] | None:
    """(rank, number) of the outline marker opening a line: I. < 1. < 1.1. < 1.1.1. < a) < - < +;
    the number without its final dot for numbered items, "" for the others.  How "*" and "•"
    rank against "-" differs between documents: they are never read as items under a "-"."""
    m = _OUTLINE.match(line)
    if not m:
        return None
    if m.group("roman"):
        return 0, m.group("roman")
    if m.group("num"):
        num = m.group("num").rstrip(".)")
        return 1 + num.count("."), num
    for rank, name in ((5, "alpha"), (6, "dash"), (7, "plus"), (8, "dot")):
        if m.group(name):
            return rank, ""
    return None


#: the total named after its parts: "…; tổng cộng 1.889 TTHC", "…, tổng số là 120 người", "(cộng: 45)"
_TOTAL_AFTER = re.compile(r"[;,(]\s*(?:(?:tổng|tính) cộng|tổng số|tổng|cộng|cộng lại|tất cả)(?:\s+(?:là|có|được))?\s*:?\s*$")


def _total_after_parts(d: _Doc, wholes: set[int | None]) -> list[Statement]:
    """"Cấp tỉnh 1.497 TTHC, cấp huyện 272 TTHC, cấp xã 120 TTHC; tổng cộng 1.889 TTHC": a total
    named after the list it sums, as the last figure of its sentence (or of its parenthesis).  The
    parts are the figures of its unit right before it, at its parenthesis depth, each set off by
    "," ";" or "và", back to the first figure of the sentence; at least two.  Not "nâng tổng số
    lên X" (a running total: what came before plus what was added)."""
    figs = d.figs
    out: list[Statement] = []
    for i, f in enumerate(figs):
        if i < 2 or i in wholes or not _is_count(f) or not f.unit:
            continue
        pre = d.lower[max(0, f.start - 40):f.start]
        if "tổng" not in pre and "cộng" not in pre and "tất cả" not in pre:
            continue
        m = _TOTAL_AFTER.search(pre)
        if not m:
            continue
        after = d.text[f.end:f.end + 3]
        if not re.match(r"\s*(?:[.;)]|$)", after) and not after.startswith("\n"):
            continue  # a total that opens its own list ("…; tổng số 120 người, trong đó …")
        dep = d.depth[f.number_start] - (1 if m.group().startswith("(") else 0)  # "…, b 8 hộ (tổng cộng 20 hộ)"
        parts: list[int] = []
        prev = f.start - (len(pre) - m.start()) + 1  # past the "," or ";" that sets the total off
        for j in range(i - 1, -1, -1):
            g = figs[j]
            if d.depth[g.number_start] != dep:
                if d.depth[g.number_start] > dep:
                    continue  # a part's own parenthesis
                break
            if not d.same_sentence(g.end, f.start):
                break
            sep = d.lower[g.end:prev] if prev > g.end else ","
            if g.kind not in ("number", "money") or not g.unit or g.unit.lower() != f.unit.lower() \
                    or (g.scale or 0) != (f.scale or 0) or not re.match(r"\s*(?:[,;()]|và\b)", sep):
                break
            parts.append(j)
            prev = g.start
        if len(parts) < 2:
            continue
        parts.reverse()
        out.append(Statement("parts", i, parts, True, start=figs[parts[0]].start, end=f.end, cue="tổng cộng (sau)"))
    return out


_LABEL_RUN = re.compile(r"(?:^[^\n:]*:[ \t]*\n){3}", re.M)


def _paired_columns(d: _Doc, starts: list[int]) -> dict[int, int]:
    """A form printed in two columns, read column by column: a run of label lines ending in ':'
    with no figure ("3. Tổng số dư tiền:", "3.1. Tiền mặt:" …), then a run of as many lines
    holding one figure and nothing else ("17.500.000 VNĐ" …).  The n-th value belongs to the
    n-th label; returns {start of the label line: index of its figure}.  Runs of different
    lengths are left alone (which value goes with which label is not known)."""
    out: dict[int, int] = {}
    if not _LABEL_RUN.search(d.text):
        return out  # no three label lines in a row: nothing to pair (one scan, the usual case)
    paras = d.paras
    kinds: list[int | None | bool] = []  # False: a label line; an int: the one figure of a value line; None: other
    for p in paras:
        t = p.text.strip()
        lo, hi = bisect.bisect_left(starts, p.start), bisect.bisect_left(starts, p.end)
        if t.endswith(":") and hi == lo and len(t) > 2:
            kinds.append(False)
        elif hi - lo == 1 and not re.sub(r"[\s.,;]", "", t.replace(d.figs[lo].text, "", 1)):
            kinds.append(lo)
        else:
            kinds.append(None)
    i = 0
    while i < len(paras):
        if kinds[i] is not False:
            i += 1
            continue
        j = i
        while j < len(paras) and kinds[j] is False:
            j += 1
        k = j
        while k < len(paras) and isinstance(kinds[k], int) and kinds[k] is not False:
            k += 1
        if j - i >= 3 and k - j == j - i:
            for n in range(j - i):
                v = kinds[j + n]
                assert isinstance(v, int)
                out[paras[i + n].start] = v
        i = max(k, i + 1)
    return out


def _outline_statements(d: _Doc, wholes: set[int | None]) -> list[Statement]:
    """"3. Tổng số dư: 17.500.000 đồng" over "3.1. Tiền mặt: 17.500.000 đồng", "3.2. Tiền gửi: 0
    đồng", "3.3. Đang chuyển: 0 đồng": an outline item holding one figure, and the items one
    rank deeper right under it (deeper ones skipped as their own sub-items), each holding one
    figure of the parent's measure, are its parts (cue "outline").  Numbered sub-items must
    carry the parent's number (3.1 under 3).  The list ends at the first line of the parent's
    rank or higher, or at a line with no marker; a sub-item with no figure, or with several,
    leaves the whole outline unclaimed (its figure is not known).  The numbering does not say
    the sub-items divide the item (they may be two measures of it), so the check reads an
    excess as a warning unless the labels divide the whole."""
    figs = d.figs
    if len(figs) < 3:
        return []
    starts = [f.start for f in figs]
    # logical paragraphs: (first physical paragraph, start, end)
    lines: list[tuple[int, int, int]] = []
    for pi, p in enumerate(d.paras):
        if pi and d.lpara[pi] == d.lpara[pi - 1]:
            a, _s, _e = lines[-1]
            lines[-1] = (a, _s, p.end)
        else:
            lines.append((pi, p.start, p.end))

    paired = _paired_columns(d, starts)

    def one_figure(a: int, b: int) -> int | None:
        """The one figure of measure of a line (None when it has none or several)."""
        if a in paired:
            return paired[a]
        lo, hi = bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)
        got = [i for i in range(lo, hi) if d.depth[figs[i].number_start] == d.depth[a]
               and figs[i].kind in ("number", "money") and figs[i].unit_kind != "percent"]
        return got[0] if len(got) == 1 else None

    marks = [_outline_marker(d.paras[pi].text) for pi, _a, _b in lines]
    out: list[Statement] = []
    for li, (_pi, a, b) in enumerate(lines):
        mk = marks[li]
        if mk is None:
            continue
        w = one_figure(a, b)
        if w is None or w in wholes or not (_is_count(figs[w]) or figs[w].unit_kind in _ADDITIVE):
            continue
        rank, num = mk
        if rank >= 7:
            continue  # "+" and "•" items have no items under them
        child_rank = None
        parts: list[int] = []
        ok = True
        for lj in range(li + 1, len(lines)):
            m2 = marks[lj]
            if m2 is None or m2[0] <= rank:
                break
            if child_rank is None:
                child_rank = m2[0]
                if rank == 6 and child_rank != 7:
                    break  # under a "-" item only "+" items (a "*" or "•" may rank above it)
            if m2[0] > child_rank:
                continue  # a sub-item of a part
            if m2[0] < child_rank or (num and m2[1] and "." in m2[1] and not m2[1].startswith(num + ".")):
                ok = False
                break
            _p2, a2, b2 = lines[lj]
            k = one_figure(a2, b2)
            if k is None:
                ok = False
                break
            g = figs[k]
            if ((g.unit is not None and _fam(g.unit) != _fam(figs[w].unit))
                    or (g.scale or 0) != (figs[w].scale or 0) or g.unit_kind in _NOT_COUNTS and not _additive_like(figs[w], g)):
                ok = False
                break
            parts.append(k)
        if not ok or not parts:
            continue
        if _reject_unit_mismatch(figs[w], [figs[k] for k in parts]):
            continue
        out.append(Statement("parts", w, parts, len(parts) >= 2, start=figs[w].start,
                             end=figs[parts[-1]].end, cue="outline"))
    # "- Tổng số quy trình rà soát là 184.\n- Kiến nghị giữ nguyên là: 52\n- Kiến nghị bãi bỏ: 19 …":
    # the first item of a list states the total, its siblings after it the parts
    taken = {s.whole for s in out}
    for li, (_pi, a, b) in enumerate(lines):
        mk = marks[li]
        if mk is None or (li and (prev := marks[li - 1]) is not None and prev[0] == mk[0]):
            continue  # the list's first item only
        body = _OUTLINE.sub("", d.lower[a:b], count=1)
        if not re.match(r"\s*tổng (?:số|cộng)(?![^\W\d_])", body):
            continue
        w = one_figure(a, b)
        if w is None or w in wholes or w in taken or not _is_count(figs[w]):
            continue
        parts = []
        for lj in range(li + 1, len(lines)):
            m2 = marks[lj]
            if m2 is None or m2[0] != mk[0]:
                break
            k = one_figure(lines[lj][1], lines[lj][2])
            if k is None:
                parts = []
                break
            g = figs[k]
            if (g.unit is not None and figs[w].unit is not None and _fam(g.unit) != _fam(figs[w].unit)) \
                    or (g.scale or 0) != (figs[w].scale or 0) or not _is_count(g):
                parts = []
                break
            parts.append(k)
        if len(parts) < 2:
            continue
        out.append(Statement("parts", w, parts, True, start=figs[w].start, end=figs[parts[-1]].end,
                             cue="outline (tổng số)"))
    return out


_SHORT_LABEL = re.compile(rf"\s*(?:[{_LET}]+\s+){{0,7}}?(?:[{_LET}]+)?\s*")  # "6.000 ha chủ yếu tập trung tại vùng I (…)"
_NOT_LABEL_CHAR = re.compile(rf"[^{_LET}\s]")  # a character _SHORT_LABEL never matches
_RATIO_WORDS = (r"(?:đạt(?: tỷ lệ| tỉ lệ)?|bằng|chiếm(?: tỷ lệ| tỉ lệ)?|tỷ lệ|tỉ lệ|tương ứng(?: với)?|tương đương(?: với)?|"
                r"(?:tương ứng |tương đương )?(?:với )?chỉ số(?: đạt)?|=)")


#: a clause opened by these states a hypothetical ("trường hợp đạt 100% thì …"), not a result
_CONDITION = re.compile(r"(?<![^\W\d_])(?:trường hợp|nếu|khi|giả sử|giả định)(?![^\W\d_])")


def is_threshold(f: Figure) -> bool:
    """A percentage that bounds a band or sets a condition ("từ 80% trở lên", "dưới 50%",
    "từ 65% đến dưới 80%") rather than stating a share: the figure finder marks such
    words as the figure's qualifier, and a band is a range."""
    if f.kind == "percent":
        return f.qualifier is not None
    return f.kind == "range" and (f.unit_kind == "percent" or f.text.rstrip().endswith("%"))


def _share_after(d: _Doc, j: int, used: set[int]) -> int | None:
    """The share stated after a threshold in the same sentence: the first later
    percentage that is no threshold and follows a ratio word ("…, chiếm tỷ lệ 75%")."""
    figs = d.figs
    for k in range(j + 1, min(len(figs), j + 6)):
        g = figs[k]
        if not d.same_sentence(figs[j].end, g.start) or g.start - figs[j].end > 160:
            return None
        if g.kind == "percent" and not is_threshold(g) and k not in used:
            gap = d.lower[figs[k - 1].end:g.start]
            if re.search(rf"{_RATIO_WORDS}\s*(?:là\s*)?:?\s*$", gap) and not _CONDITION.search(gap):
                return k
            return None
    return None


#: "06/11 (54,5%)", "04/11 đơn vị (chiếm 36,4%)": the share of a/b in parentheses right after it
_SHARE_IN_PARENS = re.compile(r"[^\d()\n;.]{0,40}\(\s*(?:(?:chiếm|đạt)(?:\s+(?:tỷ|tỉ) lệ)?|(?:tỷ|tỉ) lệ|chỉ số(?:\s+đạt)?)?\s*:?\s*")
_CHIEM = re.compile(r"(?<![^\W\d_])chiếm(?:\s+(?:tỷ|tỉ) lệ)?\s*(?:là\s*)?:?\s*$")


def _ratio_statements(d: _Doc, parts_st: list[Statement]) -> list[Statement]:
    figs = d.figs
    text = d.text
    low = d.lower
    out: list[Statement] = []
    used_pct: set[int] = set()
    part_of: dict[int, Statement] = {}
    for s in parts_st:
        for p in s.parts:
            part_of.setdefault(p, s)
    n = len(figs)
    g: Figure | None
    for i, f in enumerate(figs):
        # R1: P% (a/b …) — unless the percentage already closed "a/b …, đạt tỷ lệ P%"
        if f.kind == "percent" and i + 1 < n and i not in used_pct:
            g = figs[i + 1]
            gap = text[f.end:g.start]
            if g.kind == "fraction" and re.fullmatch(r"\s*\(\s*", gap):
                out.append(Statement("ratio", None, [], True, percent=i, numerator=i + 1, denominator=i + 1,
                                     start=f.start, end=g.end, cue="P% (a/b)"))
                used_pct.add(i)
                continue
        # R2: a/b … đạt P%
        if f.kind == "fraction":
            j = i + 1
            # "1.842.306/1.951.420 công dân từ đủ 14 tuổi, đạt tỷ lệ 94,4%": past a qualifier's age
            while j < n and j < i + 3 and figs[j].unit_kind == "age" and d.same_sentence(f.end, figs[j].start):
                j += 1
            if j < n and j > i + 1 and figs[j].kind != "percent":
                j = i + 1
            g = figs[j] if j < n else None
            gap = low[f.end:g.start] if g is not None else ""
            if g is not None and is_threshold(g) and d.same_sentence(f.end, g.start):
                # "9/12 xã đạt từ 80% trở lên, chiếm tỷ lệ 75%": the band's bound is not the share
                k = _share_after(d, i + 1, used_pct)
                if k is not None:
                    out.append(Statement("ratio", None, [], True, percent=k, numerator=i, denominator=i,
                                         start=f.start, end=figs[k].end, cue="a/b … ngưỡng … P%"))
                    used_pct.add(k)
                    continue
            if (g is not None and g.kind == "percent" and j not in used_pct and d.same_sentence(f.end, g.start)
                    and not _CONDITION.search(gap) and not is_threshold(g)
                    and ((len(gap) < 120 and re.search(rf"{_RATIO_WORDS}\s*(?:là\s*)?:?\s*$", gap))
                         or _SHARE_IN_PARENS.fullmatch(gap)
                         # "Có 63/139 kiến nghị đã được trả lời …, chiếm 46%": "chiếm" names the share of a/b
                         or (len(gap) < 300 and ";" not in gap and _CHIEM.search(gap)))):
                out.append(Statement("ratio", None, [], True, percent=j, numerator=i, denominator=i,
                                     start=f.start, end=g.end, cue="a/b đạt P%"))
                used_pct.add(j)
                continue
            # the percent stated before: "hoàn thành 100% kế hoạch (33/33 lớp)"
            if i > 0 and figs[i - 1].kind == "percent" and i - 1 not in used_pct:
                gap2 = text[figs[i - 1].end:f.start]
                # "đạt 76,42% (số tiền đã nộp ngân sách đạt 512,310/670,380 triệu đồng)": words of the
                # fraction's own may open the parentheses (not a subset's "trong đó")
                if re.fullmatch(r"[^()\n;.]{0,40}\(\s*", gap2) or (
                        re.fullmatch(r"[^()\n;.]{0,40}\([^()\d\n;]{0,80}", gap2)
                        and not re.search(r"(?<![^\W\d_])(?:trong đó|riêng|gồm|cấp|tại)(?![^\W\d_])",
                                          gap2[gap2.index("("):].lower())
                        and re.match(r"[^()\d\n]{0,40}\)", text[f.end:f.end + 41]) is not None):
                    out.append(Statement("ratio", None, [], True, percent=i - 1, numerator=i, denominator=i,
                                         start=figs[i - 1].start, end=f.end, cue="P% … (a/b)"))
                    used_pct.add(i - 1)
                    continue
        # R3: x … trong tổng số y …[, đạt P%]   /  x …/y …  (also scores: "52,40 điểm/80 điểm, chỉ số 65,50%")
        scored = f.unit_kind == "score" and f.kind == "number"
        if (_is_count(f) or scored) and i + 1 < n:
            k = i + 1
            # "9 xã đạt từ 80% trở lên trên tổng số 12 xã": a band's bound may sit between the counts
            while k < n and k < i + 3 and is_threshold(figs[k]) and d.same_sentence(f.end, figs[k].start):
                k += 1
            inner = None
            if (k == i + 1 and k + 1 < n and figs[k].kind == "percent" and not is_threshold(figs[k]) and k not in used_pct
                    and re.fullmatch(r"[^\d()\n;.]{0,40}\(\s*(?:(?:đạt|chiếm)\s+)?(?:(?:tỷ|tỉ) lệ\s*)?:?\s*", low[f.end:figs[k].start])
                    and re.match(r"\s*\)", text[figs[k].end:figs[k].end + 3])):
                # "45 xã được công nhận (tỷ lệ 90%) trên tổng số 50 xã": the share in parentheses between
                inner, k = k, k + 1
            g = figs[k] if k < n else figs[i + 1]
            gap = low[figs[k - 1].end:g.start] if k < n else ""
            same_score = scored and g.unit_kind == "score" and g.kind == "number"
            if (k < n and (_is_count(g) if not scored else same_score) and d.same_sentence(f.end, g.start) and len(gap) < 80
                    and re.search(r"(?:trong tổng số|trên tổng số|trong số|/\s*(?:tổng số)?)\s*$", gap)
                    and (k == i + 1 or inner is not None or not scored)):
                pct = inner
                if inner is not None:
                    used_pct.add(inner)
                q = k + 1
                # "9 xã trên tổng số 12 xã đạt trên 80%, chiếm tỷ lệ 75%": past a band's bound
                while q < n and q < k + 3 and is_threshold(figs[q]) and d.same_sentence(g.end, figs[q].start):
                    q += 1
                if pct is None and q < n and figs[q].kind == "percent" and not is_threshold(figs[q]) and q not in used_pct:
                    gap3 = low[figs[q - 1].end:figs[q].start]
                    # "45 xã trong tổng số 50 xã của huyện đã hoàn thành …, đạt tỷ lệ 90%"
                    if ((len(gap3) < 60 or (len(gap3) < 160 and not re.search(r"[;()]", gap3)))
                            and re.search(rf"{_RATIO_WORDS}\s*:?\s*$", gap3) and d.same_sentence(g.end, figs[q].start)
                            and not _CONDITION.search(gap3)):
                        pct = q
                        used_pct.add(pct)
                if (pct is None and i > 0 and figs[i - 1].kind == "percent" and i - 1 not in used_pct
                        and not is_threshold(figs[i - 1]) and re.fullmatch(r"\s*\(\s*", text[figs[i - 1].end:f.start])):
                    # "đạt 90% (45 hồ sơ/50 hồ sơ)": the share, then its counts in parentheses
                    pct = i - 1
                    used_pct.add(pct)
                out.append(Statement("ratio", None, [], True, percent=pct, numerator=i, denominator=k,
                                     start=min(f.start, figs[pct].start) if pct is not None else f.start,
                                     end=max(g.end, figs[pct].end) if pct is not None else g.end,
                                     cue=("a (P%) trên tổng số b" if inner is not None else
                                          "trong tổng số" if k == i + 1 else "a … ngưỡng … trên tổng số b … P%")))
                continue
    # R4: x (tỷ lệ P%) where x is a part of a whole; or x … đạt tỷ lệ P% with the base unstated
    for i, f in enumerate(figs):
        if f.kind != "percent" or i in used_pct or i == 0:
            continue
        gap = low[figs[i - 1].end:f.start]
        x = figs[i - 1]
        if not _is_count(x):
            continue
        m = re.fullmatch(r"[\s,(]*(?:[^\d();.]{0,60}\s)?(?P<w>đạt tỷ lệ|đạt tỉ lệ|tỷ lệ|tỉ lệ|chiếm(?: tỷ lệ| tỉ lệ)?|đạt)\s*:?\s*", gap)
        if not m and i - 1 in part_of and (re.fullmatch(r"[^\d()\n;.]{0,60}\(\s*(?:(?:đạt|chiếm)\s+)?(?:(?:tỷ|tỉ) lệ\s*)?:?\s*", gap)
                                           or (len(gap) < 250 and ";" not in gap and "(" not in gap and _CHIEM.search(gap))):
            # a part with its share: "trong đó: loại A 5 đơn vị (41,7%)", "… 120 hồ sơ được …, chiếm 30%"
            m = re.search(r"(?P<w>chiếm|\()", gap)
        if not m:
            continue
        if not d.same_sentence(x.end, f.start):
            continue
        if re.match(rf"\s*(?:so với|{_BASE})", low[f.end:f.end + 40]):
            continue  # "40 hồ sơ cấp huyện (đạt 100% kế hoạch)": the rate against its own base, no share
        owner = part_of.get(i - 1)
        den = owner.whole if owner is not None else None
        if den is not None and den + 1 < len(figs) and figs[den + 1].kind == "percent" \
                and re.fullmatch(r"\s*,?\s*(?:đạt|bằng)(?:\s+(?:tỷ|tỉ) lệ)?\s*:?\s*", low[figs[den].end:figs[den + 1].start]):
            # "3.004 vụ, đạt 95,6% (cấp tỉnh: 1.846 vụ, đạt 96,3% …)": the whole has its own rate, so each
            # part's "đạt P%" is the part's own rate, not its share of the whole
            continue
        if den is None and i >= 2:
            # "Tổng số hồ sơ … là 1.000 hồ sơ, đã giải quyết đúng hạn 909 hồ sơ, đạt 90,90 %"
            y = figs[i - 2]
            if (_is_count(y) and y.unit and x.unit and y.unit.lower() == x.unit.lower()
                    and d.same_sentence(y.end, x.start) and re.search(r"\btổng\b", (y.label or "").lower())):
                den = i - 2
        cue = "tỷ lệ"
        if den is None and i >= 2 and not re.match(rf"\s*(?:so với|{_BASE})", low[f.end:f.end + 40]):
            # "tiếp nhận 1.000 hồ sơ, đã giải quyết 950 hồ sơ, đạt 95%", "Toàn tỉnh có 120 xã, đã có 100
            # xã …, chiếm 83,3%": the count right before, of the same unit and no smaller, is the likely
            # base (cue "tỷ lệ (số liền trước)": NUM005 warns, the base is inferred)
            y = figs[i - 2]
            between = low[y.end:x.number_start]
            if (_is_count(y) and y.unit and x.unit and y.unit.lower() == x.unit.lower() and (y.scale or 0) == (x.scale or 0)
                    and not y.qualifier and not x.qualifier and y.value >= x.value > 0 and d.same_sentence(y.end, x.start)
                    and d.depth[y.number_start] == d.depth[x.number_start] and len(between) < 150 and ";" not in between
                    and not _NESTING.search(between) and not re.search(r"(?<![^\W\d_])(?:tăng|giảm|so với)(?![^\W\d_])", between)):
                den, cue = i - 2, "tỷ lệ (số liền trước)"
        if den is None and i + 1 < len(figs):
            # "450 người, chiếm 45% tổng số lao động (1.000 người)": the base in parentheses after
            y = figs[i + 1]
            if (re.fullmatch(r"\s*(?:của\s+)?(?:tổng\s+)?số\s[^()\d;\n]{0,50}\(\s*", low[f.end:y.start]) and _is_count(y)
                    and y.unit and x.unit and y.unit.lower() == x.unit.lower() and (y.scale or 0) == (x.scale or 0)
                    and y.value >= x.value and not y.qualifier):
                den, cue = i + 1, "tỷ lệ (tổng số sau)"
        if m.group("w") == "đạt":
            if den is None or re.match(rf"\s*(?:so với|{_BASE})", low[f.end:f.end + 40]):
                continue  # "đạt 82%", "đạt 133% dự toán giao": against a plan, not a ratio
        out.append(Statement("ratio", None, [], True, percent=i, numerator=i - 1, denominator=den,
                             start=x.start if den is None else min(x.start, figs[den].start),
                             end=f.end if den is None else max(f.end, figs[den].end), cue=cue))
        used_pct.add(i)
    return out


#: the words between a done count and what is left: ", còn lại:"
_LEFT_GAP = re.compile(r"[\s,;]*(?:còn lại|còn)\s*:?\s*")


def _remainder_statements(d: _Doc) -> list[Statement]:
    figs = d.figs
    low = d.lower
    out = []
    for i, f in enumerate(figs[:-1]):
        g = figs[i + 1]
        gap = low[f.end:g.start]
        if (g.kind == "percent" and i + 2 < len(figs) and _SHARE_IN_PARENS.fullmatch(gap)
                and re.fullmatch(r"\s*\)[\s,;]*(?:còn lại|còn)\s*:?\s*", low[g.end:figs[i + 2].start])):
            # "100/120 xã (83,3%), còn 20 xã": the share in parentheses sits between done and left
            s0 = Statement("remainder", i, [i, i + 2], True, start=f.start, end=figs[i + 2].end, cue="còn")
            if f.kind == "fraction" and f.precision == 0 and not figs[i + 2].precision and _is_count(figs[i + 2]) \
                    and f.numerator is not None and f.denominator is not None:
                s0.whole_value = f.denominator
                s0.part_values = [f.numerator, figs[i + 2].value]
                out.append(s0)
            continue
        if not _LEFT_GAP.fullmatch(gap):
            continue
        if g.precision or not _is_count(g):
            continue
        if f.kind == "fraction" and f.precision == 0 and (f.denominator or 0) == int(f.denominator or 0):
            s = Statement("remainder", i, [i, i + 1], True, start=f.start, end=g.end, cue="còn")
            assert f.numerator is not None  # a fraction has both terms
            s.whole_value = f.denominator
            s.part_values = [f.numerator, g.value]
            out.append(s)
            continue
        # x … trong tổng số y …, còn z
        if i > 0 and _is_count(f) and _is_count(figs[i - 1]):
            gap0 = low[figs[i - 1].end:f.start]
            if re.search(r"(?:trong tổng số|trên tổng số|/)\s*$", gap0):
                s = Statement("remainder", i, [i - 1, i + 1], True, start=figs[i - 1].start, end=g.end, cue="còn")
                s.whole_value = f.value
                s.part_values = [figs[i - 1].value, g.value]
                out.append(s)
    return out


_BASE = (r"dự toán(?: giao| năm| được giao| trung ương giao| hđnd tỉnh giao)?|kế hoạch(?: năm| giao| đề ra)?|"
         r"cùng kỳ(?: năm trước| năm \d{4})?|chỉ tiêu(?: giao| được giao)?|mục tiêu|năm trước|năm \d{4}")


#: what may stand between a comparison's percentage and its stated base: "kế hoạch năm (", "so
#: với cùng kỳ năm trước là ", "dự toán giao: "
_STATED_BASE = re.compile(r"[^;()\n\d]{0,60}?(?:\(\s*|\s+là\s*:?\s*|:\s*)")


def _stated_plan(d: _Doc, subj: int, base_text: str) -> int | None:
    """The plan a share "đạt P% kế hoạch" is of, stated before its subject in the same or the
    previous sentence of the paragraph: the nearest earlier figure of the subject's unit whose
    words right before name the same base ("Kế hoạch vốn năm 2020 là 500 tỷ đồng", "dự toán giao
    1.200 tỷ đồng"), and no other figure of that unit between them."""
    head = re.match(r"(kế hoạch|dự toán|chỉ tiêu)", base_text)
    if head is None:
        return None
    figs = d.figs
    x = figs[subj]
    for k in range(subj - 1, max(-1, subj - 6), -1):
        y = figs[k]
        if x.start - y.end > 300 or d.lpara[d.para_index(y.start)] != d.lpara[d.para_index(x.start)]:
            return None
        if not _same_measure(x, y):
            continue
        lead = d.lower[max(figs[k - 1].end if k else 0, y.start - 60):y.number_start]
        if re.search(rf"(?<![^\W\d_]){head.group(1)}(?![^\W\d_])", lead) and y.value >= x.value:
            return k
        return None  # another amount of the unit stands between
    return None


_REL_BEFORE = re.compile(r"(đạt|bằng|vượt|tăng|giảm|tăng thêm|giảm đi)\s*(?:được\s*)?(?:tỷ lệ\s*|tỉ lệ\s*)?$")
_SO_AFTER = re.compile(r"\s*(?:\(\s*)?(?:so với|so cùng kỳ|so)\s+(?P<base>[^,;.()\n]{1,60})")
_BASE_AFTER = re.compile(rf"\s*(?P<base>{_BASE})")


def _comparison_statements(d: _Doc, used_pct: set[int]) -> list[Statement]:
    figs = d.figs
    low = d.lower
    out = []
    for i, f in enumerate(figs):
        if i in used_pct:
            continue
        pre = low[max(0, f.start - 25):f.start]
        post = low[f.end:f.end + 80]
        rel = _REL_BEFORE.search(pre)
        if rel is None:
            continue
        so = _SO_AFTER.match(post)
        base = _BASE_AFTER.match(post)
        r = rel.group(1)
        if so is None and not (f.kind == "percent" and base is not None):
            continue
        base_m = so if so else base
        assert base_m is not None  # without "so với …" a base word was required above
        base_text = base_m.group("base").strip()
        if so:
            bm = re.match(rf"(?:{_BASE})|[^,;.()\n]+", base_text)
            base_text = bm.group(0).strip() if bm else base_text
        subj = None
        if f.kind == "percent" or r in ("đạt", "bằng", "vượt"):
            for j in range(i - 1, -1, -1):
                g = figs[j]
                if not d.same_sentence(g.end, f.start) or f.start - g.end > 160:
                    break
                if g.kind == "percent":
                    break
                if _is_count(g) and g.unit_kind in ("money", "count", None) and d.depth[g.number_start] == d.depth[f.number_start]:
                    subj = j
                    break
        elif r in ("tăng", "giảm", "tăng thêm", "giảm đi"):
            for j in range(i - 1, -1, -1):
                g = figs[j]
                if not d.same_sentence(g.end, f.start) or f.start - g.end > 160:
                    break
                if g.unit and f.unit and g.unit == f.unit:
                    subj = j
                    break
        if so is None and subj is None:
            continue  # "đạt 51,8% kế hoạch": one figure, nothing to compare with
        if f.kind == "percent" and subj is not None and not f.qualifier:
            # the base stated right after: "đạt 7,5% kế hoạch năm (1.600.000 lao động)", "tăng 5,6% so
            # với cùng kỳ (89.962 người)": a share (or a growth) of two stated amounts
            y = figs[i + 1] if i + 1 < len(figs) else f
            tail = low[f.end:y.number_start]
            if (y is not f and _STATED_BASE.fullmatch(tail) and d.same_sentence(f.end, y.start) and _same_measure(figs[subj], y)
                    and not re.search(r"(?<![^\W\d_])(?:tăng|giảm|vượt|còn|thêm)(?![^\W\d_])", tail)):
                direction = r if r in ("tăng", "giảm", "tăng thêm", "giảm đi") else "bằng"
                out.append(Statement("ratio", None, [], True, percent=i, numerator=subj, denominator=i + 1,
                                     start=figs[subj].start, end=y.end, cue="so với (Y)", relation=direction[:4].strip(),
                                     base=base_text))
            elif r in ("đạt", "bằng") and (plan := _stated_plan(d, subj, base_text)) is not None:
                # "Kế hoạch vốn năm 2020 là 500 tỷ đồng. Đến nay đã giải ngân 320 tỷ đồng, đạt 64% kế hoạch."
                out.append(Statement("ratio", None, [], True, percent=i, numerator=subj, denominator=plan,
                                     start=figs[plan].start, end=f.end, cue="so với (Y)", relation="bằng",
                                     base=base_text))
        parts = ([subj] if subj is not None else []) + [i]
        s = Statement("comparison", None, parts, True, start=figs[parts[0]].start,
                      end=f.end + (len(so.group(0)) if so else len(base.group(0)) if base else 0),
                      cue="so với" if so else base_text, relation=r, base=base_text)
        out.append(s)
    return out


@cache
def _scales() -> tuple[list[tuple[str, bool, tuple[str, ...]]], re.Pattern[str], re.Pattern[str]]:
    """The category scales of a distribution (rules/numbers.yaml ``distribution_scales``),
    one pattern for all their terms (longest first) and one for cumulative bands."""
    y = load_yaml("numbers.yaml")
    scales = [(str(sc["name"]), bool(sc.get("closed")), tuple(str(t).lower() for t in sc["terms"]))
              for sc in y.get("distribution_scales", [])]
    terms = sorted({t for _n, _c, ts in scales for t in ts}, key=len, reverse=True)
    term_re = re.compile(rf"(?<![^\W\d_])(?:{'|'.join(re.escape(t) for t in terms)})(?![^\W\d_])")
    cum = "|".join(re.escape(str(w)) for w in y.get("distribution_cumulative", [])) or "(?!)"
    return scales, term_re, re.compile(rf"(?<![^\W\d_])(?:{cum})(?![^\W\d_])")


_ZONE_END = re.compile(r"[,;(.\n]")
#: a list nested in the previous item ("98 % hoàn thành nhiệm vụ, trong đó 60 % hoàn thành tốt")
_NESTING = re.compile(r"(?<![^\W\d_])(?:trong đó|trong số đó|bao gồm|gồm|riêng)(?![^\W\d_])")


def _category(d: _Doc, k: int, term_re: re.Pattern[str], cum_re: re.Pattern[str]) -> str | None:
    """The category a fraction counts: a scale term in its own clause, after it ("11/15 đơn
    vị xếp loại Tốt") or else before it ("Tốt 06/11"); "" when the clause holds a cumulative
    band ("Tốt trở lên"), which overlaps the other categories."""
    figs, low = d.figs, d.lower
    f = figs[k]
    stop = figs[k + 1].start if k + 1 < len(figs) else len(low)
    stop = min(stop, f.end + 60)
    m = _ZONE_END.search(low, f.end, stop)
    after = low[f.end:m.start() if m else stop]
    lo = max(figs[k - 1].end if k > 0 else 0, f.start - 50)
    before = low[lo:f.start]
    cut = max(before.rfind(c) for c in ",;(\n.")
    before = before[cut + 1:]
    if cum_re.search(after) or cum_re.search(before):
        return ""
    hit = term_re.search(after)
    if hit:
        return hit.group(0)
    hits = list(term_re.finditer(before))
    return hits[-1].group(0) if hits else None


def _distribution_statements(d: _Doc) -> list[Statement]:
    """Counts of one base by category, each a fraction of the base: "11/15 đơn vị xếp
    loại Tốt, 03/15 đơn vị xếp loại Khá, 01/15 đơn vị xếp loại Trung bình".  Consecutive
    fractions over the same base (percentages between them are their shares), in one
    sentence or in consecutive bullet items, each naming a distinct term of one scale
    (rules/numbers.yaml): kind ``distribution``, ``whole_value`` the base, ``part_values``
    the counts, ``complete`` when every term of a closed scale is named, ``base`` the
    scale's name and ``cue`` the categories."""
    scales, term_re, cum_re = _scales()
    figs = d.figs
    out: list[Statement] = []

    def joined(a: Figure, b: Figure) -> bool:
        if b.start - a.end > 300 or _NESTING.search(d.lower, a.end, b.start):
            return False
        if d.same_sentence(a.end, b.start):
            return True
        gap = d.text[a.end:b.start]  # consecutive bullet items: "+ Có 70/139 …, chiếm 50%.\n+ Có 63/139 …"
        return gap.count("\n") == 1 and re.search(r"\n\s*[-+•]\s*[^\n]*$", gap) is not None

    runs = _fraction_runs(figs, lambda k: _integral_fraction(figs[k]),
                          lambda a, b: figs[b].denominator == figs[a].denominator and joined(figs[a], figs[b]))
    for run in runs:
        # split the run where a category repeats (two groups over the same base)
        cats = [_category(d, k, term_re, cum_re) for k in run]
        groups: list[list[tuple[int, str]]] = [[]]
        for k, c in zip(run, cats, strict=True):
            if not c:
                groups.append([])
                continue
            if any(c == c2 for _k, c2 in groups[-1]):
                groups.append([])
            groups[-1].append((k, c))
        for grp in groups:
            if len(grp) < 2:
                continue
            named = {c for _k, c in grp}
            scale = next((sc for sc in scales if named <= set(sc[2])), None)
            if scale is None:
                continue
            name, closed, terms = scale
            idx = [k for k, _c in grp]
            first, last = figs[idx[0]], figs[idx[-1]]
            s = Statement("distribution", None, idx, complete=closed and named == set(terms),
                          start=first.start, end=last.end, cue=", ".join(c for _k, c in grp), base=name)
            s.whole_value = first.denominator
            s.part_values = [figs[k].numerator or Decimal(0) for k in idx]
            out.append(s)
    out += _share_distributions(d, scales, term_re, cum_re)
    out += _status_distributions(d, {k for s in out for k in s.parts})
    out += _common_base_distributions(d, {k for s in out for k in s.parts})
    return out


#: a line that opens a list item: "-", "+", "•", "2.", "2)", "b)"
_ITEM_START = re.compile(r"\n\s*(?:[-+•*–]|\d{1,2}[.)]|[a-zđ]\))\s*[^\n]*$")
#: the share of a fraction, in its own clause: "…, chiếm 50%", "(đạt tỷ lệ 86,09%)"
_OWN_SHARE = re.compile(r"[^\n;.]{0,120}?(?:chiếm|đạt|bằng|tỷ lệ|tỉ lệ)\s*(?:(?:tỷ|tỉ) lệ\s*)?(?:là\s*)?:?\s*$")

COMMON_BASE = "mẫu số chung"


_OPERATOR = re.compile(r"\s*([+\-–−]|[x×*](?=\s))\s*")
_EQUALS = re.compile(r"\s*=\s*")


def _arithmetic_statements(d: _Doc) -> list[Statement]:
    """A calculation written out: "= 185.000 USD - 75.000 USD = 110.000 USD", "Tổng = 120 + 45
    + 30 = 195 người", "40 người x 250 triệu đồng = 10.000 triệu đồng".  Two or more figures
    joined by "+" or "-", or all by "x" / "×" (nothing else between them but the operator),
    then "=" and the result.  The figures are counts or amounts (no percentage, fraction or
    range, no qualifier); sums and products mixed, or a figure after "/" or ":", are not
    taken.  Kind ``arithmetic``: ``whole`` the result, ``parts`` the terms, ``signs`` +1 /
    -1 each; ``cue`` "×" for a product, "=" for a sum."""
    figs, text = d.figs, d.text
    out: list[Statement] = []

    def plain(f: Figure) -> bool:
        return f.kind in ("number", "money") and not f.qualifier and f.low is None

    n = len(figs)
    i = 0
    while i < n:
        if not plain(figs[i]) or re.search(r"\d\s*[×x*/:]\s*$", text[max(0, figs[i].start - 4):figs[i].start]):
            i += 1
            continue
        terms, signs, ops = [i], [1], set()
        j = i + 1
        while j < n:
            gap = text[figs[j - 1].end:figs[j].start]
            if re.search(r"\s[x×]$", figs[j - 1].text):
                gap = " x" + gap  # "40 người x": the unit reader took the operator for a unit's "x"
            m = _OPERATOR.fullmatch(gap)
            if m is None or not plain(figs[j]):
                break
            op = m.group(1)
            ops.add("×" if op in "x×*" else "±")
            terms.append(j)
            signs.append(-1 if op in "-–−" else 1)
            j += 1
        if len(terms) >= 2 and len(ops) == 1 and j < n and plain(figs[j]) \
                and _EQUALS.fullmatch(text, figs[j - 1].end, figs[j].start) \
                and not re.match(r"\s*[×x*/:+\-–−]\s*\d", text[figs[j].end:figs[j].end + 4]):
            # "40 người x 250 triệu đồng = 10.000 triệu đồng": a product (cue "×")
            s = Statement("arithmetic", j, terms, True, start=figs[i].start, end=figs[j].end,
                          cue="×" if ops == {"×"} else "=")
            s.signs = signs
            s.whole_value = figs[j].value
            s.part_values = [figs[k].value for k in terms]
            out.append(s)
            i = j + 1
            continue
        i = max(i + 1, j if len(terms) >= 2 else i + 1)
    return out


_FRACTION_CUE = re.compile(r"(?<![^\W\d_])(?:trong đó|trong số đó|bao gồm|gồm|cụ thể)(?![^\W\d_])\s*[:,]?|\(")


def _fraction_runs(figs: Sequence[Figure], usable: Callable[[int], bool],
                   follows: Callable[[int, int], bool]) -> list[list[int]]:
    """Runs of consecutive usable fractions (indices into ``figs``), each following the run's
    last one (``follows(last, next)``); percentages between them — their shares — are passed
    over.  A run may be of one fraction."""
    runs: list[list[int]] = []
    n, i = len(figs), 0
    while i < n:
        if not usable(i):
            i += 1
            continue
        run = [i]
        j = i + 1
        while j < n:
            if figs[j].kind == "percent":
                j += 1
                continue
            if usable(j) and follows(run[-1], j):
                run.append(j)
                j += 1
                continue
            break
        runs.append(run)
        i = run[-1] + 1
    return runs


def _integral_fraction(f: Figure) -> bool:
    return (f.kind == "fraction" and f.numerator is not None and f.denominator is not None and f.precision == 0
            and f.numerator == f.numerator.to_integral_value() and f.denominator == f.denominator.to_integral_value()
            and f.denominator > 0)


def _fraction_parts(d: _Doc) -> list[Statement]:
    """A fraction broken down into fractions: "phê duyệt 17.432/20.248 hồ sơ (đạt tỷ lệ 86,09%).
    Trong đó, cơ quan tổ chức: 2.157/2.517 (đạt tỷ lệ 85,7%), doanh nghiệp 15.275/17.731 (đạt
    tỷ lệ 86,15%)" claims 2.157 + 15.275 ≤ 17.432 and 2.517 + 17.731 ≤ 20.248 (each group's
    done and its base are parts of the whole's).  The whole is the fraction right before a
    partition cue (in its sentence, or the cue opens the next one); the parts the two or more
    fractions after the cue, at its depth, to the end of the sentence, with nothing but their
    shares between them.  Kind ``fraction_parts``, ``complete`` False (a "trong đó" list may
    name some groups only); ``whole_value`` / ``part_values`` the numerators."""
    figs, low = d.figs, d.lower
    out: list[Statement] = []
    for m in _FRACTION_CUE.finditer(low):
        c = m.start()
        wi = d.last_ending_by(c)
        while wi > 0 and figs[wi].kind == "percent" and figs[wi].start - figs[wi - 1].end < 40:
            wi -= 1  # past the whole's share: "17.432/20.248 hồ sơ (đạt tỷ lệ 86,09%). Trong đó"
        if wi < 0 or not _integral_fraction(figs[wi]) or figs[wi].in_table or c - figs[wi].end > 150:
            continue
        whole = figs[wi]
        paren = m.group(0) == "("
        if paren and (c not in d.match or d.depth[whole.number_start] != d.depth[c]
                      or not d.same_sentence(whole.end, c)):
            continue  # "36/120 cơ quan, đạt tỷ lệ 30% (5/18 sở, ngành và 31/102 xã)": the groups in parentheses
        if not d.same_sentence(whole.end, c):
            se = bisect.bisect_left(d.sent_ends, whole.end)
            if se >= len(d.sent_ends) or not re.fullmatch(r"[.!?…]?\s*", d.text[d.sent_ends[se]:c]) \
                    or not d.same_sentence(d.sent_ends[se] + 1, c):
                continue  # the cue must open the sentence after the whole's
        hi = d.match[c] if paren else d.sentence_end(m.end())
        depth = d.depth[c] + (1 if paren else 0)
        parts: list[int] = []
        for k in range(wi + 1, len(figs)):
            g = figs[k]
            if g.start < m.end():
                continue
            if g.start >= hi:
                break
            if g.kind == "percent":
                continue
            if not _integral_fraction(g) or g.in_table or d.depth[g.number_start] != depth:
                break
            parts.append(k)
        if len(parts) < 2:
            continue
        s = Statement("fraction_parts", wi, parts, False, start=whole.start,
                      end=hi + 1 if paren else figs[parts[-1]].end, cue=m.group(0).rstrip(":, "))
        s.whole_value = whole.numerator
        s.part_values = [figs[k].numerator or Decimal(0) for k in parts]
        out.append(s)
    return out


def _common_base_distributions(d: _Doc, taken: set[int]) -> list[Statement]:
    """Items over one base with no scale of categories: "+ Có 70/139 kiến nghị đã được trả lời
    …, chiếm 50%. / + Có 63/139 kiến nghị … rõ lộ trình, chiếm 46%; Có 06/139 kiến nghị … chưa
    rõ nội dung, chiếm 4%"; "1. Có 131/144 cơ quan … thống nhất. / 2. Có 13/144 cơ quan … góp
    ý".  Consecutive fractions of one unit over the same base, in one sentence or in sibling
    list items, with nothing but their shares between them.  Without named categories the
    items may overlap ("12/15 xã công khai, 10/15 xã có bộ phận một cửa"), so the list is
    taken as a partition of its base only where the text shows it is one: its counts add up
    to the base, or each count has its share and the shares add up to 100 % (as written,
    rounded).  Kind ``distribution``, ``base`` :data:`COMMON_BASE`, ``complete`` True; with
    the shares also a ``complement`` statement of them (cue :data:`COMMON_BASE`)."""
    figs, low = d.figs, d.lower
    out: list[Statement] = []
    n = len(figs)

    def usable(k: int) -> bool:
        f = figs[k]
        return k not in taken and _integral_fraction(f) and not f.in_table and bool(f.unit)

    def linked(a: Figure, b: Figure) -> bool:
        if b.start - a.end > 400 or _NESTING.search(low, a.end, b.start):
            return False
        if d.same_sentence(a.end, b.start):
            return True
        gap = d.text[a.end:b.start]
        return gap.count("\n") == 1 and _ITEM_START.search(gap) is not None

    def share(k: int, stop: int) -> int | None:
        """The percentage right after fraction k, in its clause ("…, chiếm 50%")."""
        if k + 1 >= n or figs[k + 1].kind != "percent" or figs[k + 1].start >= stop or figs[k + 1].qualifier:
            return None
        return k + 1 if _OWN_SHARE.match(low, figs[k].end, figs[k + 1].start) else None

    def follows(a: int, b: int) -> bool:  # a the run's last fraction; the run shares its first's base and unit
        return (figs[b].denominator == figs[a].denominator
                and (figs[b].unit or "").lower() == (figs[a].unit or "").lower() and linked(figs[a], figs[b]))

    for run in _fraction_runs(figs, usable, follows):
        if len(run) < 2:
            continue
        f0 = figs[run[0]]
        shares: list[int | None] = []
        for a, k in enumerate(run):
            stop = figs[run[a + 1]].start if a + 1 < len(run) else d.sentence_end(figs[k].end)
            shares.append(share(k, stop))
        counts = [figs[k].numerator or Decimal(0) for k in run]
        adds_up = sum(counts, Decimal(0)) == f0.denominator
        shared = all(p is not None for p in shares)
        if shared:
            lo = hi = Decimal(0)
            for p in shares:
                h = Decimal(5).scaleb(-figs[p].precision - 1)  # type: ignore[index]
                lo, hi = lo + figs[p].value - h, hi + figs[p].value + h  # type: ignore[index]
            shared = lo <= 100 <= hi
        if not (adds_up or shared):
            continue
        s = Statement("distribution", None, run, complete=True, start=f0.start, end=figs[run[-1]].end,
                      cue=COMMON_BASE, base=COMMON_BASE)
        s.whole_value = f0.denominator
        s.part_values = counts
        out.append(s)
        if all(p is not None for p in shares):
            pk = [p for p in shares if p is not None]
            c = Statement("complement", None, pk, True, start=figs[pk[0]].start, end=figs[pk[-1]].end,
                          cue=COMMON_BASE, relation="percent")
            c.whole_value = Decimal(100)
            c.part_values = [figs[p].value for p in pk]
            out.append(c)
    return out


@cache
def _status_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    y = load_yaml("numbers.yaml")["distribution_status"]

    def alt(words: list[str]) -> re.Pattern[str]:
        return re.compile(rf"(?<![^\W\d_])(?:{alternation(words)})(?![^\W\d_])")

    return alt(y["done"]), alt(y["open"])


def _status_distributions(d: _Doc, taken: set[int]) -> list[Statement]:
    """Statuses of one base (rules/numbers.yaml ``distribution_status``): "đã triển khai 13/19
    nhiệm vụ, đang triển khai 04 nhiệm vụ, chưa triển khai 02 nhiệm vụ" — the fraction of what is
    done, then counts (or fractions over the same base) of the same unit in other statuses, one a
    clause.  Kind ``distribution`` (base "trạng thái"), never complete."""
    done_re, open_re = _status_res()
    figs, low = d.figs, d.lower
    out: list[Statement] = []

    def lead(k: int) -> str:
        lo = max(figs[k - 1].end if k else 0, figs[k].start - 80)
        seg = low[lo:figs[k].number_start]
        return re.split(r"[,;(:]", seg)[-1]

    for i, f in enumerate(figs):
        if i in taken or f.kind != "fraction" or f.numerator is None or f.denominator is None or f.precision \
                or f.numerator != f.numerator.to_integral_value() or f.denominator != f.denominator.to_integral_value() \
                or not f.unit or f.in_table:
            continue
        ld = lead(i)
        if not done_re.search(ld) or open_re.search(ld):
            continue
        parts, values = [i], [f.numerator]
        j = i + 1
        while j < len(figs):
            g = figs[j]
            gap = low[figs[j - 1].end:g.number_start]
            if not d.same_sentence(figs[j - 1].end, g.start) or not re.match(r"\s*(?:[,;]|và\s)", gap) or "(" in gap:
                break
            if not (g.unit and g.unit.lower() == f.unit.lower()) or g.in_table or g.precision:
                break
            if g.kind == "fraction":
                if g.denominator != f.denominator or g.numerator is None:
                    break
                v = g.numerator
            elif g.kind == "number" and not g.qualifier:
                v = g.value
            else:
                break
            if not open_re.search(low[figs[j - 1].end:g.number_start]):
                break
            parts.append(j)
            values.append(v)
            j += 1
        if len(parts) < 2:
            continue
        if len(parts) == 2 and re.fullmatch(r"[\s,;]*(?:còn lại|còn)\s*:?\s*", low[f.end:figs[parts[1]].start]):
            continue  # "144/147 nhiệm vụ, còn 03 nhiệm vụ": a remainder
        nxt_unit = figs[j].unit if j < len(figs) else None
        if nxt_unit and d.same_sentence(figs[j - 1].end, figs[j].start) and nxt_unit.lower() == f.unit.lower():
            continue  # another count of the unit follows: the list may go on
        s = Statement("distribution", None, parts, complete=False, start=f.start, end=figs[parts[-1]].end,
                      cue="đã / " + " / ".join(open_re.findall(low[figs[k - 1].end:figs[k].number_start])[0]
                                               for k in parts[1:]), base="trạng thái")
        s.whole_value = f.denominator
        s.part_values = values
        out.append(s)
    return out


def _share_distributions(d: _Doc, scales: list[tuple[str, bool, tuple[str, ...]]], term_re: re.Pattern[str],
                         cum_re: re.Pattern[str]) -> list[Statement]:
    """Shares of one whole by category: "Tốt 54,5%, Khá 36,4%, Trung bình 9,1%" — consecutive
    percentages in one sentence, each naming a distinct term of one scale, none of them a
    share in parentheses after its own count (those are ratios) nor a band's bound.
    ``relation`` "percent", ``whole_value`` 100."""
    figs = d.figs
    out: list[Statement] = []

    def usable(k: int) -> bool:
        f = figs[k]
        if f.kind != "percent" or f.qualifier or f.in_table:
            return False
        return not re.search(r"\(\s*(?:(?:chiếm|đạt)\s*)?(?:(?:tỷ|tỉ) lệ\s*)?:?\s*$", d.lower[max(0, f.start - 25):f.start])

    i, n = 0, len(figs)
    while i < n:
        if not usable(i):
            i += 1
            continue
        run = [i]
        j = i + 1
        while j < n and usable(j) and d.same_sentence(figs[run[-1]].end, figs[j].start) \
                and figs[j].start - figs[run[-1]].end < 200 and not _NESTING.search(d.lower, figs[run[-1]].end, figs[j].start):
            run.append(j)
            j += 1
        i = run[-1] + 1
        if len(run) < 2:
            continue
        cats = [_category(d, k, term_re, cum_re) for k in run]
        if any(not c for c in cats) or len(set(cats)) != len(cats):
            continue
        named = {c for c in cats if c}
        scale = next((sc for sc in scales if named <= set(sc[2])), None)
        if scale is None:
            continue
        name, closed, terms = scale
        if closed:
            continue  # shares of a closed pair ("đúng hạn 95 %, quá hạn 5 %") are NUM007's complements
        s = Statement("distribution", None, run, complete=closed and named == set(terms), start=figs[run[0]].start,
                      end=figs[run[-1]].end, cue=", ".join(c or "" for c in cats), base=name, relation="percent")
        s.whole_value = Decimal(100)
        s.part_values = [figs[k].value for k in run]
        out.append(s)
    return out


# --------------------------------------------------------------------------- API


def _dedupe(stmts: list[Statement]) -> list[Statement]:
    seen = set()
    out = []
    for s in stmts:
        key = (s.kind, s.whole, tuple(s.parts), s.percent, s.numerator, s.denominator)
        if key in seen:
            continue
        seen.add(key)
        out.append(s)
    return out


@cache
def _ledger_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    cues = load_yaml("numbers.yaml")["ledger_cues"]

    def alt(words: list[str]) -> re.Pattern[str]:
        return re.compile(rf"(?<![^\W\d_])(?:{alternation(words)})\s*(?:là|được)?\s*:?\s*$")

    return alt(cues["done"]), alt(cues["left"])


_DONE_AFTER = re.compile(r"\s*(?:đã|được)\s+(?:được\s+)?([^\W\d_]+)")
_LEFT_AFTER = re.compile(r"\s*(?:chưa|đang|còn)\s+(?:được\s+)?([^\W\d_]+)")


def _status_pair(d: _Doc, before_x: str, x: Figure, before_y: str, y: Figure) -> bool:
    """Done and not done named by one verb, after the counts or before them: "45 đơn vị đã báo
    cáo, còn 5 đơn vị chưa báo cáo", "đã kiểm tra 18 cơ sở, chưa kiểm tra 2 cơ sở" — "đã V" at x
    and "chưa V" (or "đang V", "còn … V") at y, the same verb V."""
    def verb(before: str, f: Figure, pat: re.Pattern[str], words: str) -> str | None:
        m = pat.match(d.lower[f.end:f.end + 40])
        if m:
            return m.group(1)
        m = re.search(rf"(?<![^\W\d_])(?:{words})\s+(?:được\s+)?([^\W\d_]+)(?:\s+[^\W\d_]+)?\s*:?\s*$", before)
        return m.group(1) if m else None
    v1 = verb(before_x, x, _DONE_AFTER, "đã|được")
    if v1 is None or v1 in ("có", "là", "được"):
        return False
    v2 = verb(before_y, y, _LEFT_AFTER, "chưa|đang|còn")
    return v2 == v1


def _done_of_total(d: _Doc, done_re: re.Pattern[str], left_re: re.Pattern[str], i: int, j: int, k: int,
                   outside: Callable[[int, int], str]) -> bool:
    """Done, then the total it is part of, then what is left: "đã thu hồi 300 triệu đồng trong
    tổng số 500 triệu đồng phải thu hồi, còn phải thu hồi 200 triệu đồng"."""
    figs = d.figs
    lo = figs[i - 1].end if i else 0
    lead = d.lower[max(lo, figs[i].start - 60):figs[i].start]
    lead = re.split(r"[,;.()\n]", lead)[-1]
    return (bool(done_re.search(lead) or re.search(r"(?<![^\W\d_])đã\s+[^\W\d_]+(?:\s+[^\W\d_]+)?\s*:?\s*$", lead))
            and re.search(r"(?:trong|trên)\s+(?:tổng\s+)?số\s*:?\s*$", outside(figs[i].end, figs[j].start)) is not None
            and left_re.search(outside(figs[j].end, figs[k].start)) is not None
            and figs[j].value >= figs[i].value)


def _ledger_statements(d: _Doc, taken: set[int]) -> list[Statement]:
    """Total, done and remaining in one sentence, with the share done when stated:
    "Số kiến nghị 42 tỷ đồng, đã thực hiện 41,3 tỷ đồng, chưa thực hiện 0,7 tỷ đồng; đạt
    98,33%" → parts (42 = 41,3 + 0,7, cue "ledger") and ratio (41,3/42 = 98,33 %)."""
    done_re, left_re = _ledger_res()
    figs = d.figs
    out: list[Statement] = []
    def after(k: int) -> int | None:
        """The next figure at the depth of figure k, past any parenthesis that follows k
        ("đã giải quyết 305.712 hồ sơ (đúng hạn …, quá hạn …); đang giải quyết 33.421 …")."""
        for m in range(k + 1, min(len(figs), k + 12)):
            if d.depth[figs[m].number_start] == d.depth[figs[k].number_start]:
                return m
        return None

    def outside(a: int, b: int) -> str:
        """The text between two offsets with parenthesised spans dropped."""
        seg, depth, keep = d.lower[a:b], 0, []
        for ch in seg:
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth = max(0, depth - 1)
            elif depth == 0:
                keep.append(ch)
        return "".join(keep)

    for i in range(len(figs) - 2):
        j = after(i)
        k = after(j) if j is not None else None
        if j is None or k is None:
            continue
        w, x, y = figs[i], figs[j], figs[k]
        if i in taken or any(f.kind not in ("number", "money") for f in (w, x, y)):
            continue
        if not (d.same_sentence(w.end, y.start) and y.start - w.end < 400):
            continue
        if w.unit and x.unit and y.unit and not (w.unit.lower() == x.unit.lower() == y.unit.lower()):
            continue
        if not (done_re.search(outside(w.end, x.start)) and left_re.search(outside(x.end, y.start))):
            if not _status_pair(d, outside(w.end, x.start), x, outside(x.end, y.start), y):
                if _done_of_total(d, done_re, left_re, i, j, k, outside):
                    # "đã thu hồi 300 triệu đồng trong tổng số 500 triệu đồng, còn phải thu hồi 200 triệu đồng"
                    out.append(Statement("parts", j, [i, k], True, start=w.start, end=y.end, cue="ledger"))
                continue
        out.append(Statement("parts", i, [j, k], True, start=w.start, end=y.end, cue="ledger"))
        share = None
        if k + 1 < len(figs) and figs[k + 1].kind == "percent" and d.same_sentence(y.end, figs[k + 1].start):
            gap = d.lower[y.end:figs[k + 1].start]
            # "…; đạt 98,33%", "…; tỷ lệ thực hiện 98,33%", "…) (đạt 98,33%)"
            if len(gap) < 40 and ")" not in gap and d.depth[figs[k + 1].number_start] == d.depth[y.number_start] \
                    and (re.search(rf"{_RATIO_WORDS}\s*:?\s*$", gap)
                                  or re.search(r"(?:tỷ|tỉ) lệ\s+(?:đã\s+)?(?:thực hiện|hoàn thành|giải quyết|thu hồi|xử lý)\s*(?:được\s*)?(?:là|đạt)?\s*:?\s*$", gap)):
                share = k + 1
        if share is None and i > 0 and figs[i - 1].kind == "percent" and not figs[i - 1].qualifier:
            # "… đạt 98,33% (tổng số kiến nghị 42 tỷ đồng, đã thực hiện 41,3 tỷ đồng, chưa thực hiện …)"
            op = d.open_paren(w.start, figs[i - 1].end)
            if (op is not None and re.fullmatch(r"\s*", d.text[figs[i - 1].end:op])
                    and d.match.get(op, -1) >= y.end and re.search(rf"{_RATIO_WORDS}\s*:?\s*$", d.lower[max(0, figs[i - 1].start - 20):figs[i - 1].start])):
                share = i - 1
        if share is not None:
            out.append(Statement("ratio", None, [], True, percent=share, numerator=j, denominator=i,
                                 start=min(w.start, figs[share].start), end=max(y.end, figs[share].end), cue="ledger"))
    return out


@cache
def _change_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Patterns of a change between two stated values (rules/numbers.yaml ``change_cues``):
    the verb before the change, the words between the old and the new value, the change
    after the new value, and the comparison that names a base stated right after it."""
    y = load_yaml("numbers.yaml")["change_cues"]

    verb = rf"(?<![^\W\d_])(?:(?P<down>{alternation(y['down'])})|(?P<up>{alternation(y['up'])}))\s*(?:là\s*)?:?\s*"
    to = re.compile(rf"[^\d;()\n]{{0,30}}?(?<![^\W\d_])(?:(?P<down>{alternation(y['to_down'])})|(?P<up>{alternation(y['to_up'])}))\s*")
    before = re.compile(rf"{verb}$")
    # "1.200 hộ được hỗ trợ, tăng 200 hộ …": a few words of the subject may close its clause
    after = re.compile(rf"\s*(?:[^\W\d_]+\s+){{0,3}}?[^\W\d_]*\s*[,;(]?\s*(?:[^\W\d_]+\s+){{0,2}}?{verb}")
    base = re.compile(r"[^;()\n]{0,60}?(?<![^\W\d_])so (?:với|cùng kỳ)[^;()\n]{0,60}?(?:\(\s*|\s+là\s*:?\s*|:\s*)")
    return before, to, after, base


#: the comparison opening right after the new value: "X, so với năm trước (Y) …"
_SO_NEXT = re.compile(r"\s*[,;]?\s*so ")


@cache
def _change_close() -> re.Pattern[str]:
    """The change after a base stated in parentheses: "(11.000 triệu đồng) tăng 1.500 …"."""
    y = load_yaml("numbers.yaml")["change_cues"]

    return re.compile(rf"\s*\)?\s*,?\s*(?:thì\s+)?(?:(?P<down>{alternation(y['down'])})|(?P<up>{alternation(y['up'])}))\s*:?\s*")


def _same_measure(*fs: Figure) -> bool:
    """Counts or amounts of one unit (a bare figure takes the others'), no percentage."""
    if any(f.kind not in ("number", "money") or f.unit_kind == "percent" or f.unit_kind in _NOT_COUNTS for f in fs):
        return False
    units = {f.unit.lower() for f in fs if f.unit}
    scales = {f.scale or 0 for f in fs if f.unit}
    return len(units) <= 1 and len(scales) <= 1 and any(f.unit for f in fs)


def _change_statements(d: _Doc) -> list[Statement]:
    """A change between two stated values, as a remainder (the larger value is the smaller
    plus the change): "giảm 120 TTHC (từ 1.889 xuống còn 1.769 TTHC)", "từ 1.200 xuống còn
    1.050 đơn vị, giảm 150 đơn vị", "9.976 người, giảm 224 người so với năm 2024 (10.200
    người)".  ``relation`` "giảm"/"tăng"; whole the larger value, parts [smaller, change]."""
    before, to, after, base = _change_res()
    figs, low = d.figs, d.lower
    out: list[Statement] = []

    def add(big: int, small: int, change: int, rel: str, lo: int, hi: int) -> None:
        s = Statement("remainder", big, [small, change], True, start=figs[lo].start, end=figs[hi].end,
                      cue="thay đổi", relation=rel)
        s.whole_value = figs[big].value
        s.part_values = [figs[small].value, figs[change].value]
        out.append(s)

    def direction(m: re.Match[str]) -> str:
        return "giảm" if m.group("down") else "tăng"

    for i in range(len(figs) - 2):
        a, b, c = figs[i], figs[i + 1], figs[i + 2]
        if not (d.same_sentence(a.start, c.end) and c.start - a.end < 250 and _same_measure(a, b, c)):
            continue
        # "giảm C (từ A xuống B)": a = C, b = A, c = B
        t = to.fullmatch(low, b.number_end, c.number_start)
        v = before.search(low, max(0, a.number_start - 25), a.number_start)
        if (t and v and direction(t) == direction(v) and re.fullmatch(r"[^\d;()\n]{0,40}\(\s*từ\s*", low[a.end:b.number_start])
                and d.match.get(d.text.rfind("(", a.end, b.number_start), -1) >= c.end):
            big, small = (i + 1, i + 2) if direction(t) == "giảm" else (i + 2, i + 1)
            add(big, small, i, direction(t), i, i + 2)
            continue
        # "từ A xuống B, giảm C": a = A, b = B, c = C
        t = to.fullmatch(low, a.number_end, b.number_start)
        v = after.match(low, b.end, c.number_start)
        if (t and v and v.end() == c.number_start and direction(t) == direction(v)
                and re.search(r"(?<![^\W\d_])từ\s*$", low[max(0, a.number_start - 8):a.number_start])):
            big, small = (i, i + 1) if direction(t) == "giảm" else (i + 1, i)
            add(big, small, i + 2, direction(t), i, i + 2)
            continue
        # "X, giảm C so với năm trước (Y)": a = X, b = C, c = Y
        v = after.match(low, a.end, b.number_start)
        if v and v.end() == b.number_start and base.fullmatch(low, b.end, c.number_start):
            if direction(v) == "giảm":
                add(i + 2, i, i + 1, "giảm", i, i + 2)
            else:
                add(i, i + 2, i + 1, "tăng", i, i + 2)
            continue
        # "X, so với năm trước (Y) giảm C": a = X, b = Y, c = C
        if _SO_NEXT.match(low, a.end, b.number_start) and base.fullmatch(low, a.end, b.number_start):
            close = low[b.end:c.number_start]
            v = _change_close().fullmatch(close) if close else None
            if v and d.depth[a.number_start] == d.depth[c.number_start]:
                if v.group("down"):
                    add(i + 1, i, i + 2, "giảm", i, i + 2)
                else:
                    add(i, i + 1, i + 2, "tăng", i, i + 2)
    # "Tỷ lệ điều trị nội trú: 18,45 %, bình quân toàn quốc: 11,20 % ( cao hơn 7,25 )": a value against
    # a benchmark ("bình quân", "trung bình" in the benchmark's clause), the gap in parentheses; the
    # value is the first figure of the item's line of the benchmark's measure (the line may name a
    # second benchmark: "… . Bình quân vùng: 15,05 % ( cao hơn 3,40 )")
    for k in range(1, len(figs) - 1):
        b, c = figs[k], figs[k + 1]
        m = _GAP.fullmatch(low, b.end, c.number_start)
        if m is None or not re.match(r"\s*\)", low[c.end:c.end + 3]) or c.kind not in ("number", "money", "percent"):
            continue
        ls = d.text.rfind("\n", 0, b.start) + 1
        lo = max(ls, figs[k - 1].end, b.start - 60)
        cut = max(low.rfind(ch, lo, b.start) for ch in ",.;")
        if not _BENCHMARK.search(low, max(lo, cut + 1), b.start):
            continue  # the benchmark's own clause names an average
        a_i = next((j for j in range(k) if figs[j].start >= ls and _bench_measure(figs[j], b)
                    and not _GAP.match(low, figs[j].end)), None)
        if a_i is None or (c.unit and not _bench_measure(b, c)) or c.kind not in ("number", "money"):
            continue
        if m.group(1) == "cao hơn":
            add(a_i, k, k + 1, "cao hơn", a_i, k + 1)
        else:
            add(k, a_i, k + 1, "thấp hơn", a_i, k + 1)
    return out


def _bench_measure(a: Figure, b: Figure) -> bool:
    """Two figures of one measure: both percentages, or of one unit and scale."""
    if a.kind == "percent" or b.kind == "percent":
        return a.kind == b.kind == "percent"
    return (a.kind in ("number", "money") and b.kind in ("number", "money") and bool(a.unit) and bool(b.unit)
            and (a.unit or "").lower() == (b.unit or "").lower() and (a.scale or 0) == (b.scale or 0))


#: the gap of a value to its benchmark, in parentheses after the benchmark: "( cao hơn 7,25 )"
_GAP = re.compile(r"\s*\(\s*(cao hơn|thấp hơn)\s*:?\s*")
_BENCHMARK = re.compile(r"(?<![^\W\d_])(?:bình quân|trung bình)(?![^\W\d_])[^\d;]*$")


@cache
def _complement_terms() -> tuple[list[list[tuple[str, ...]]], re.Pattern[str]]:
    """The partitions of rules/numbers.yaml ``complement_groups`` (each term with its forms)
    and one pattern for every form, longest first."""
    groups = [[tuple(f.strip().lower() for f in str(t).split("|")) for t in g]
              for g in load_yaml("numbers.yaml").get("complement_groups", [])]
    forms = sorted({f for g in groups for t in g for f in t}, key=len, reverse=True)
    return groups, re.compile(rf"(?<![^\W\d_])(?:{'|'.join(re.escape(f) for f in forms)})(?![^\W\d_])")


def _terms_near(d: _Doc, k: int, term_re: re.Pattern[str]) -> set[str]:
    """The complement forms written in the clause of percentage ``k``: before it (back to
    the previous figure or the last "," / ";"), or else after it (up to the next figure or
    the next "," ";" ".")."""
    figs, low = d.figs, d.lower
    if _share_of(d, k):
        k -= 1  # "trễ hạn là 5.624 (tỷ lệ 4,47%)": the share's term names its count
    f = figs[k]
    lo = max(figs[k - 1].end if k > 0 else 0, f.start - 45)
    before = low[lo:f.start]
    cut = max(before.rfind(","), before.rfind(";"), before.rfind("\n"))
    before = before[cut + 1:]
    # a form nested in a longer one at the same place ("không đạt" holds "đạt") is not named
    found = {m.group(0) for m in term_re.finditer(before)}
    if found:
        return found
    hi = min(figs[k + 1].start if k + 1 < len(figs) else len(low), f.end + 45)
    m = re.search(r"[,;.\n]", low[f.end:hi])
    after = low[f.end:f.end + m.start() if m else hi]
    return {m.group(0) for m in term_re.finditer(after)}


def _share_of(d: _Doc, k: int) -> bool:
    """Percentage k is the share of the count right before it, in parentheses: "5.624 (tỷ lệ 4,47%)"."""
    return k > 0 and _is_count(d.figs[k - 1]) and re.fullmatch(
        r"\s*\(\s*(?:(?:đạt|chiếm)\s+)?(?:(?:tỷ|tỉ) lệ\s*)?:?\s*", d.lower[d.figs[k - 1].end:d.figs[k].start]) is not None


def _complement_statements(d: _Doc) -> list[Statement]:
    """Percentages of one whole that name every term of a partition, one each ("đúng hạn
    99,1 %, trễ hạn 0,9 %"), consecutive in one sentence: kind ``complement``, parts the
    percentages, ``whole_value`` 100.  Also a list of two or more percentages after a
    partition cue on a count or amount, closed by "và" (cue "trong đó", ``complete``
    False: the shares may overlap)."""
    groups, term_re = _complement_terms()
    figs = d.figs
    out: list[Statement] = []

    def pct(k: int) -> bool:
        f = figs[k]
        return f.kind == "percent" and not f.qualifier and not f.in_table

    def emit(run: list[int], cue: str, complete: bool) -> None:
        s = Statement("complement", None, run, complete, start=figs[run[0]].start, end=figs[run[-1]].end, cue=cue,
                      relation="percent")
        s.whole_value = Decimal(100)
        s.part_values = [figs[k].value for k in run]
        out.append(s)

    n = len(figs)
    i = 0
    taken: set[int] = set()
    while i < n:
        if not pct(i):
            i += 1
            continue
        run = [i]
        j = i + 1
        while j < n:
            if (not pct(j) and j + 1 < n and pct(j + 1) and _is_count(figs[j]) and _share_of(d, i) and _share_of(d, j + 1)
                    and d.same_sentence(figs[run[-1]].end, figs[j + 1].start)):
                j += 1  # "đúng hạn là 120.088 (tỷ lệ 95,53%), trễ hạn là 5.624 (tỷ lệ 4,47%)": past each share's count
            if not (pct(j) and d.same_sentence(figs[run[-1]].end, figs[j].start)
                    and figs[j].start - figs[run[-1]].end < 160 and not _NESTING.search(d.lower, figs[run[-1]].end, figs[j].start)):
                break
            run.append(j)
            j += 1
        i = j
        if len(run) < 2:
            continue
        cands = [_terms_near(d, k, term_re) for k in run]
        a = 0
        while a < len(run):
            hit = None
            for g in sorted(groups, key=len, reverse=True):
                if a + len(g) > len(run):
                    continue
                used: set[int] = set()
                ok = True
                for k in range(len(g)):
                    t = next((x for x, forms in enumerate(g) if x not in used and cands[a + k] & set(forms)), None)
                    if t is None:
                        ok = False
                        break
                    used.add(t)
                if ok:
                    hit = g
                    break
            if hit is None:
                a += 1
                continue
            emit(run[a:a + len(hit)], "complement", True)
            taken.update(run[a:a + len(hit)])
            a += len(hit)
    # "18.000 ha, trong đó 85 % … và 15 % …": shares of a count or amount after a cue
    for m in re.finditer(r"(?<![^\W\d_])(?:trong đó|trong số đó|gồm|bao gồm|cụ thể|chia ra)(?![^\W\d_])\s*:?", d.lower):
        c = m.start()
        k0 = d.last_ending_by(c)
        if k0 < 0 or not d.same_sentence(figs[k0].end, c) or c - figs[k0].end > 120 \
                or figs[k0].kind in ("percent", "fraction") or figs[k0].unit_kind == "percent":
            continue  # the whole must be a count or an amount ("hài lòng 98 %, trong đó …" is no partition of 100)
        hi = d.sentence_end(m.end())
        run = [k for k in d.ending_between(m.end(), hi) if figs[k].start >= m.end()]
        if len(run) < 2 or any(not pct(k) or k in taken or d.depth[figs[k].number_start] != d.depth[c] for k in run):
            continue
        # closed: "và" right before the last percentage
        if not re.search(r"(?<![^\W\d_])và\s*$", d.lower[max(figs[run[-2]].end, figs[run[-1]].start - 8):figs[run[-1]].start]):
            continue
        emit(run, "trong đó", False)
    # "Cơ quan thu phí được trích 12 % trên tổng số phí thu được.\nPhần còn lại (88 %) phải nộp vào ngân
    # sách": the rest of a share, in the next sentence or list item, completes it to 100 %
    for k in range(1, n):
        if not (pct(k) and pct(k - 1)) or k in taken or k - 1 in taken or d.same_sentence(figs[k - 1].end, figs[k].start):
            continue
        fa, fb = figs[k - 1], figs[k]
        gap = d.text[fa.end:fb.start]
        if fb.start - fa.end > 250 or gap.count("\n") > 1 or d.depth[fa.number_start] or is_threshold(fa):
            continue
        lo = max(fa.end, d.text.rfind("\n", 0, fb.start) + 1)
        own = d.lower[lo:fb.start] + " " + d.lower[fb.end:min(len(d.lower), fb.end + 25)].split("\n")[0]
        if not re.search(r"(?<![^\W\d_])(?:phần|số|tỷ lệ|tỉ lệ)?\s*còn lại(?![^\W\d_])", own):
            continue
        first = d.lower[max(0, d.text.rfind("\n", 0, fa.start) + 1, fa.start - 150):fa.end]
        if re.search(r"(?<![^\W\d_])(?:tăng|giảm|so với|vượt|kế hoạch|còn lại)(?![^\W\d_])", first):
            continue  # a change or a plan's share has no rest
        emit([k - 1, k], "còn lại", True)
        taken.update((k - 1, k))
    # "Cơ cấu kinh tế: nông nghiệp 40%, công nghiệp - xây dựng 25%, dịch vụ 35%": a structure is
    # shares of one whole; every figure of the sentence after the cue a percentage
    for m in re.finditer(r"(?<![^\W\d_])cơ cấu(?![^\W\d_])[^:;.()\n]{0,60}?:", d.lower):
        hi = d.sentence_end(m.end())
        run = [k for k in d.ending_between(m.end(), hi) if figs[k].start >= m.end()]
        if len(run) < 2 or any(not pct(k) or k in taken or d.depth[figs[k].number_start] != d.depth[m.start()] for k in run):
            continue
        if any(_NESTING.search(d.lower, figs[a].end, figs[b].start) for a, b in zip(run, run[1:])):
            continue
        emit(run, "cơ cấu", False)
        taken.update(run)
    return out


def _ledger_lines(d: _Doc, taken: set[int]) -> list[Statement]:
    """A ledger written one item a line: "+ Tổng số kiến nghị xử lý về tài chính: 8.300 triệu đồng.
    / + Số kiến nghị đã thực hiện: 7.100 triệu đồng. / + Số kiến nghị chưa thực hiện: 1.200 triệu
    đồng. / Tỷ lệ đã thực hiện: 85,54%."  Three consecutive lines, each holding one figure of one
    unit: the first names a total ("tổng"), the second what was done, the third what remains (the
    cues of rules/numbers.yaml ``ledger_cues``); a fourth line with the share done makes a ratio."""
    done_re, left_re = _ledger_res()
    figs = d.figs
    out: list[Statement] = []
    by_para: dict[int, list[int]] = {}
    for i, f in enumerate(figs):
        by_para.setdefault(d.para_index(f.start), []).append(i)

    def only(pi: int) -> int | None:
        idx = by_para.get(pi) or []
        return idx[0] if len(idx) == 1 else None

    def lead(i: int) -> str:
        p = d.paras[d.para_index(figs[i].start)]
        return d.lower[p.start:figs[i].start]

    for pi in sorted(by_para):
        w, x, y = only(pi), only(pi + 1), only(pi + 2)
        if w is None or x is None or y is None or w in taken:
            continue
        if any(figs[k].kind not in ("number", "money") or figs[k].unit_kind == "percent" for k in (w, x, y)):
            continue
        units = {(figs[k].unit or "").lower() for k in (w, x, y)}
        if len(units) != 1 or not next(iter(units)):
            continue
        if not (re.search(r"(?<![^\W\d_])tổng(?![^\W\d_])", lead(w)) and _ledger_cue(done_re, lead(x))
                and not _ledger_cue(left_re, lead(x)) and _ledger_cue(left_re, lead(y))):
            continue
        out.append(Statement("parts", w, [x, y], True, start=figs[w].start, end=figs[y].end, cue="ledger"))
        z = only(pi + 3)
        if z is not None and figs[z].kind == "percent" and re.search(r"(?:tỷ|tỉ) lệ", lead(z)) \
                and _ledger_cue(done_re, lead(z).replace("tỷ lệ", "").replace("tỉ lệ", "")):
            out.append(Statement("ratio", None, [], True, percent=z, numerator=x, denominator=w,
                                 start=figs[w].start, end=figs[z].end, cue="ledger"))
    return out


def _ledger_cue(cue_re: re.Pattern[str], lead: str) -> bool:
    """Whether a line's words before its figure end with a ledger cue (a ':' and spaces
    after it allowed)."""
    return cue_re.search(lead) is not None


_SO_CLOSE = re.compile(r"\s*(?:như vậy|tóm lại|tổng cộng|cộng)(?![^\W\d_])")


def _closing_totals(d: _Doc, wholes: set[int | None]) -> list[Statement]:
    """A sentence that closes a list by its total: "- Ở nước ngoài: 40 người x 250 triệu đồng =
    10.000 triệu đồng / - Ở trong nước: 120 người x 75 triệu đồng = 9.000 triệu đồng. / Như vậy,
    kinh phí đào tạo hằng năm là 19 tỷ đồng".  The closing line opens with "Như vậy", "Tóm lại",
    "Tổng cộng" or "Cộng" and its first figure is an amount (or count) with a unit; the two or
    more bullet lines right above it each end on a figure of that unit's family (triệu and tỷ
    đồng alike): their last figures are the parts (cue "như vậy", complete)."""
    figs = d.figs
    out: list[Statement] = []
    for pi, p in enumerate(d.paras):
        if pi < 2 or not _SO_CLOSE.match(p.text.lower()):
            continue
        inpara = [i for i, f in enumerate(figs) if p.start <= f.start < p.end]
        if not inpara:
            continue
        w = inpara[0]
        W = figs[w]
        if w in wholes or W.kind not in ("number", "money") or not W.unit or W.unit_kind in ("percent",) + _NOT_COUNTS:
            continue
        parts: list[int] = []
        qi = pi - 1
        while qi >= 0 and d.paras[qi].bullet in ("-", "+", "•", "–"):
            q = d.paras[qi]
            last = [i for i, f in enumerate(figs) if q.start <= f.start < q.end]
            if not last:
                break
            parts.append(last[-1])
            qi -= 1
        parts.reverse()
        if len(parts) < 2 or d.paras[qi + 1].bullet != d.paras[pi - 1].bullet:
            continue
        def base(f: Figure) -> str:
            u = (f.unit or "").lower().split()
            return " ".join(u[1:]) if u and u[0] in _SCALE_WORDS else " ".join(u)

        if not all(figs[k].unit and figs[k].kind == W.kind and (_fam(figs[k].unit) == _fam(W.unit) or base(figs[k]) == base(W))
                   for k in parts):
            continue
        s = Statement("parts", w, parts, True, start=figs[parts[0]].start, end=W.end, cue="như vậy")
        out.append(s)
    return out


def _find(text: str, figures: Sequence[Figure]) -> list[Statement]:
    d = _Doc(text, figures)
    parts = _parts_statements(d)
    # a total and the figures after it, or "X, trong đó đã V a, còn lại b" read clause by clause:
    # a ledger may say more
    loose = ("tổng số", "outline (tổng số)", "trong đó (mệnh đề)")
    taken = {s.whole for s in parts if s.whole is not None and s.cue not in loose}
    ledgers = _ledger_statements(d, taken) + _ledger_lines(d, taken)
    # a ledger says more than "tổng số X, a …, b …" or "X, trong đó đã V a, còn lại b" read
    # clause by clause (done and not done divide the total)
    led = {(s.whole, tuple(s.parts)) for s in ledgers if s.kind == "parts"}
    led_parts = {(s.whole, p) for s in ledgers if s.kind == "parts" for p in s.parts}
    parts = [s for s in parts if not (s.cue in loose and (s.whole, tuple(s.parts)) in led)
             and not (s.cue == "trong đó (mệnh đề)" and all((s.whole, p) in led_parts for p in s.parts))] + ledgers
    parts += _closing_totals(d, {s.whole for s in parts})
    ratios = _ratio_statements(d, parts)
    used = {s.percent for s in ratios if s.percent is not None}
    rem = _remainder_statements(d) + _change_statements(d)
    comp = _comparison_statements(d, used)
    dist = _distribution_statements(d) + _complement_statements(d) + _fraction_parts(d) + _arithmetic_statements(d)
    out = _dedupe(parts + ratios + rem + comp + dist)
    for s in out:
        if s.kind not in ("remainder", "distribution", "complement", "fraction_parts", "arithmetic"):
            _values(s, figures)
        s.text = " ".join(text[s.start:s.end].split())
    out.sort(key=lambda s: (s.start, s.end))
    return out


def find_statements(text: str, figures: Sequence[Figure]) -> list[Statement]:
    """Statements of the prose: every figure that is not a table value takes part
    (indices still point into ``figures``).  The finders run on pieces of the text
    (see :func:`_chunks`), so the time is linear in the length of the document."""
    keep = [i for i, f in enumerate(figures) if not f.cell]
    if len(keep) == len(figures):
        return _per_chunk(text, figures, _find)
    out = _per_chunk(text, [figures[i] for i in keep], _find)
    _remap(out, keep)
    return out


# --------------------------------------------------------------------------- pieces
#
# The finders look at every figure for every cue, so on one text their time grows with
# (cues x figures).  They never link figures across a sentence end that closes a logical
# paragraph, so the text is cut into pieces at such places — only where no finder looks
# across (the previous paragraph closes with . ! ? or ;, the next is no bullet item and
# does not open with "(" or "còn") — and each piece is searched alone with its own
# figures.  A paragraph longer than ``_LONG`` characters is cut at its sentence ends,
# and where it has none at ";" (a pasted table or a run-on list: one claim per clause),
# at "," and at last at a space.  A run of paragraphs with no safe place is cut at a
# paragraph break once it passes ``_HARD`` characters.  Documents that are all short
# pieces give the same statements as one search over the whole text.

_TARGET = 3000  # a piece is closed at the first safe place after this many characters
_HARD = 20000  # ... or at any paragraph break after this many
_LONG = 5000  # a paragraph longer than this is cut inside
_SAFE_END = re.compile(r"[.!?;…]\s*$")
_CLAUSE_CUTS = (_SENT_END, re.compile(r";\s"), re.compile(r",\s"), re.compile(r"\s"))


def _cut_long(text: str, a: int, b: int, level: int = 0) -> list[int]:
    """Cut points inside the paragraph text[a:b] so that no piece is longer than
    ``_LONG`` (sentence ends first, then ";", then ",", then spaces)."""
    if b - a <= _LONG or level >= len(_CLAUSE_CUTS):
        return []
    cuts = [m.end() for m in _CLAUSE_CUTS[level].finditer(text, a, b) if a < m.end() < b]
    if not cuts:
        return _cut_long(text, a, b, level + 1)
    if level == len(_CLAUSE_CUTS) - 1:  # spaces: keep pieces near _LONG, not one per word
        kept, last = [], a
        for c in cuts:
            if c - last >= _LONG // 2:
                kept.append(c)
                last = c
        cuts = kept
    out: list[int] = []
    lo = a
    for c in cuts + [b]:
        out += _cut_long(text, lo, c, level + 1)
        if c < b:
            out.append(c)
        lo = c
    return out


def _chunks(text: str) -> list[tuple[int, int]]:
    """The pieces [start, end) the statement finders search one at a time."""
    if len(text) <= _TARGET:
        return [(0, len(text))]
    cuts: list[int] = []
    pos = 0
    piece_start = 0
    prev: str | None = None
    for line in text.split("\n"):
        end = pos + len(line)
        if prev is not None and pos - piece_start >= _TARGET:
            nxt = line.lstrip()
            safe = (bool(_SAFE_END.search(prev)) and not _BULLET.match(line) and not nxt.startswith("(")
                    and not nxt.lower().startswith("còn"))
            if safe or pos - piece_start >= _HARD:
                cuts.append(pos)
                piece_start = pos
        if len(line) > _LONG:
            inner = _cut_long(text, pos, end)
            if inner:
                if pos > piece_start:
                    cuts.append(pos)
                cuts += inner
                cuts.append(end + 1)
                piece_start = end + 1
        prev = line
        pos = end + 1
    bounds = [0] + [c for c in cuts if 0 < c < len(text)] + [len(text)]
    return [(x, y) for x, y in zip(bounds, bounds[1:]) if y > x]


@lru_cache(maxsize=8)
def _chunk_spans(text: str) -> tuple[tuple[int, int], ...]:
    """:func:`_chunks` of a text, cached: the units and the finders cut the same text."""
    return tuple(_chunks(text))


def _shifted(f: Figure, x: int) -> Figure:
    """A copy of ``f`` with its offsets ``x`` characters earlier (a shallow copy of
    its fields: dataclasses.replace would run __init__, several times slower)."""
    g = object.__new__(Figure)
    g.__dict__.update(f.__dict__)
    g.start, g.end = f.start - x, f.end - x
    g.number_start, g.number_end = f.number_start - x, f.number_end - x
    return g


def _per_chunk(text: str, figures: Sequence[Figure],
               find: Callable[[str, Sequence[Figure]], list[Statement]]) -> list[Statement]:
    """``find`` run on each piece of ``text`` with the figures that lie in it (copies,
    offsets into the piece); the statements come back with indices into ``figures``
    and offsets into ``text``."""
    spans = _chunk_spans(text)
    if len(spans) == 1:
        return find(text, figures)
    # a cut inside a figure (a hard cut at a space) is dropped: the two pieces are one
    fs = sorted((f.start, f.end) for f in figures)
    fstarts = [a for a, _ in fs]
    merged: list[tuple[int, int]] = []
    for x, y in spans:
        k = bisect.bisect_left(fstarts, x)
        if merged and any(e > x for _, e in fs[max(0, k - 16):k]):
            merged[-1] = (merged[-1][0], y)
        else:
            merged.append((x, y))
    starts = [x for x, _ in merged]
    groups: list[list[int]] = [[] for _ in merged]
    for i, f in enumerate(figures):
        groups[max(0, bisect.bisect_right(starts, f.start) - 1)].append(i)
    out: list[Statement] = []
    for (x, y), idx in zip(merged, groups):
        if not idx:
            continue
        sub = [_shifted(figures[i], x) for i in idx]
        found = find(text[x:y], sub)
        _remap(found, idx)
        for s in found:
            s.start += x
            s.end += x
        out += found
    out.sort(key=lambda s: (s.start, s.end))
    return out


def _remap(stmts: list[Statement], keep: list[int]) -> None:
    """Indices into a sub-list of the figures → indices into the whole list."""
    seen: set[int] = set()

    def one(s: Statement) -> None:
        if id(s) in seen:
            return
        seen.add(id(s))
        s.whole = None if s.whole is None else keep[s.whole]
        s.parts = [keep[i] for i in s.parts]
        s.alternatives = [(name, [keep[i] for i in alt]) for name, alt in s.alternatives]
        for k in ("percent", "numerator", "denominator"):
            v = getattr(s, k)
            if v is not None:
                setattr(s, k, keep[v])
        for n in s.nested:
            one(n)

    for s in stmts:
        one(s)


def inherit_units(text: str, figures: list[Figure]) -> None:
    """Give a bare part the unit of its whole ("trong đó: giữ nguyên 352" → biểu mẫu),
    a bare whole the common unit of its parts ("là 2.372 (cấp tỉnh 1.946 TTHC, cấp xã
    426 TTHC)"), and a bare fraction the unit of its remainder ("144/147 còn 03 nhiệm
    vụ").  Called by the figure extractor so that every record carries its unit."""
    if not figures:
        return
    for s in _per_chunk(text, figures, lambda t, fs: _parts_statements(_Doc(t, fs))):
        assert s.whole is not None  # a parts statement names its whole
        whole = figures[s.whole]
        parts = [figures[i] for i in s.parts]
        if whole.unit:
            for p in parts:
                if whole.unit_kind == "money" and _bare_scale(p):
                    # "ngân sách huyện 40 triệu" among amounts in triệu đồng: the currency left out
                    p.unit = whole.unit if (p.scale or 0) == (whole.scale or 0) else f"{p.unit} đồng"
                    p.unit_kind, p.unit_source, p.kind = "money", "whole", "money"
                elif p.unit is None:
                    p.unit, p.unit_kind, p.unit_source = whole.unit, whole.unit_kind, "whole"
                    p.scale = whole.scale
                    if whole.unit_kind == "money" and p.kind == "number":
                        p.kind = "money"
        else:
            units = {(p.unit, p.unit_kind) for p in parts if p.unit}
            if len(units) == 1 and all(p.unit for p in parts):
                whole.unit, whole.unit_kind = next(iter(units))
                whole.unit_source = "parts"
    for s in _per_chunk(text, figures, lambda t, fs: _remainder_statements(_Doc(t, fs))):
        f, g = figures[s.parts[0]], figures[s.parts[1]]
        if f.unit is None and g.unit:
            f.unit, f.unit_kind, f.unit_source = g.unit, g.unit_kind, "parts"
    _topic_units(text, figures)


@cache
def _topic_re() -> re.Pattern[str]:
    """"Đối với viên chức diện Tỉnh uỷ quản lý: Bổ nhiệm 02, bổ nhiệm lại 04" — the
    topic before the colon names what the bare counts after it count.  The topic words
    are the count units of rules/numbers.yaml."""
    forms = sorted((u.form for u in vocabulary().units if u.kind == "count"), key=len, reverse=True)
    alt = "|".join(re.escape(f) for f in forms)
    return re.compile(rf"(?i:đối với|về)\s+(?P<u>{alt})(?![{_LET}])[^:\n]{{0,80}}:")


def _topic_units(text: str, figures: list[Figure]) -> None:
    topics = list(_topic_re().finditer(text))
    if not topics:
        return
    unit_of = {u.form.lower(): u.unit for u in vocabulary().units if u.kind == "count"}
    ends = [m.end() for m in topics]  # matches do not overlap: ends rise with starts
    newlines = [m.start() for m in re.finditer("\n", text)]
    for f in figures:
        if f.unit is not None or f.kind != "number" or f.precision:
            continue
        k = bisect.bisect_left(newlines, f.start) - 1
        nl = newlines[k] if k >= 0 else -1
        j = bisect.bisect_right(ends, f.start) - 1  # the last topic ending before the figure
        if j >= 0 and topics[j].start() > nl:
            m = topics[j]
            f.unit = unit_of.get(m.group("u").lower(), m.group("u"))
            f.unit_kind, f.unit_source = "count", "topic"
