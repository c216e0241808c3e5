"""Figure context: what each figure counts, the phrase that names it, its unit apart from
its scale word, and the numbers that are names rather than figures (issue #17).

Runs last in :func:`extract.find.extraction.extract_figures`, over the figures the
scanner (:mod:`.figures`) and the table reader (:mod:`.tables`) found.  Two paths, chosen
by ``mode`` (``BAOCAO_CONTEXT``: ``rules``, the default, or ``underthesea``):

* **rules** (always): ``base_unit`` = the unit without its scale word ("tỷ đồng" →
  "đồng"; ``scale`` keeps the power of ten, so the quantity is value × 10^scale
  base_unit); a table cell's counted phrase from its column header (less the parts that
  name a period or series, "Thực hiện / Trong tháng", "KH 2024") or else from a row label
  "Số X" → X; a prose figure whose counted phrase is its unit alone ("103 người") takes
  the rest of a "Số lượng …" label; a label cut at a comma inside "số phản ánh, kiến nghị
  đã trả lời là 788" is joined back; a figure with no label takes its counted phrase;
  numbers that end a place or body name ("xã Hòa Bình 3", "Khu phố 3", "Bưu điện Trung
  tâm 5") are dropped (vocabulary: ``rules/figure_context.yaml``).
* **underthesea** (on top of the rules): the sentences that hold a prose figure the tags
  can change (a counted phrase the rules stopped at a word, a bare number after a
  Title-case word) are POS-tagged once each, with every number masked by a placeholder (naively the tagger glues
  "2.130 chứng thư" into one word and tags bare numbers as verbs).  The tags then
  (a) extend a counted phrase over the relative clause that restricts it ("13 cơ quan,
  đơn vị, địa phương tham gia góp ý một số nội dung": a verb right after the noun, its
  object), stopping at a conjunction, preposition or punctuation, and (b) find names the
  vocabulary misses: a placeholder the tagger glues into a proper noun ("Hòa Bình 3" is one
  Np word).  The rules keep the last word where they are sure: the unit, the scale word
  and a table cell's labels are never changed by the tagger.  underthesea loads lazily,
  only when this path is chosen; it is an optional dependency (``pip install
  'baocao[nlp]'``) and its bundled models work offline.  When it cannot be imported the
  rules path runs and ``Document.warnings`` says so.

Where each is better: see the note in docs/figure-context.md.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from typing import Any

from extract.core.model import Figure
from extract.core.numbers import vocabulary
from extract.core.rules import alternation, load_yaml, rules_dir
from extract.find.figures import TextContext, group_index, scaled_unit, unit_from_label
from extract.find.tables import Table, header_unit, row_outline, unit_of

_TWO_LETTERS = re.compile(r"[^\W\d_]{2}")

__all__ = ["MODES", "base_unit", "choose_mode", "counted_from_label", "is_generic_column", "name_number",
           "refine_figures"]

MODES = ("rules", "underthesea")
ENV = "BAOCAO_CONTEXT"


def choose_mode(mode: str | None = None) -> str:
    """The path to run: ``mode`` when given, else ``$BAOCAO_CONTEXT``, else ``rules``."""
    m = (mode or os.environ.get(ENV) or "rules").strip().lower()
    if m in ("tagger", "syntax", "nlp"):
        m = "underthesea"
    if m not in MODES:
        raise ValueError(f"unknown figure-context mode {m!r} (choose {', '.join(MODES)}; {ENV})")
    return m


# --------------------------------------------------------------------------- vocabulary


@cache
def _vocab() -> dict[str, Any]:
    return load_yaml("figure_context.yaml")


@cache
def _vocab_re(name: str) -> re.Pattern[str]:
    """The pattern of a vocabulary of rules/figure_context.yaml, compiled once."""
    return re.compile(_vocab()[name]["pattern"])


_count_prefix = partial(_vocab_re, "count_prefixes")
_generic_column = partial(_vocab_re, "generic_columns")
_body_column = partial(_vocab_re, "body_columns")
_prose_column_re = partial(_vocab_re, "prose_columns")


def _prose_column(column: str) -> bool:
    """A column of prose (evidence, notes, comments): it says nothing of what the numbers
    in its cells count (rules/figure_context.yaml prose_columns)."""
    return any(_prose_column_re().match(" ".join(p.split())) for p in column.split(" / "))


_TITLE = r"[A-ZĐÀ-Ỹ][a-zà-ỹđ]*"


@cache
def _name_re() -> re.Pattern[str]:
    v = _vocab()["name_heads"]
    bare = set(v.get("bare") or [])
    # head, then one to four Title-case syllables (or a code such as "TCT"), then the
    # number; a bare head ("Khu phố") right before the number
    name = rf"(?:\s+(?:{_TITLE}|[A-ZĐ]{{2,5}})){{1,4}}"
    return re.compile(rf"(?<![\w])(?:(?i:{alternation(set(v['forms']) - bare)}){name}|(?i:{alternation(bare)})(?:{name})?)\s+$")


#: what the word before the number must be for :func:`_name_re` to match: a name's
#: Title-case syllable or code (its last word), or the end of a bare head ("Khu phố 3")
_NAME_WORD = re.compile(rf"(?:{_TITLE}|[A-ZĐ]{{2,5}})")


@cache
def _bare_tail_re() -> re.Pattern[str]:
    """The last word of every bare head of rules/figure_context.yaml, case-insensitively
    as :func:`_name_re` matches it, at the end of a word."""
    tails = {w.split(" ")[-1] for w in _vocab()["name_heads"].get("bare") or []}
    return re.compile(rf"(?i:{alternation(tails)})\Z")


def _may_end_name(before: str) -> bool:
    """Whether :func:`_name_re` can match ``before`` at all: it ends in white space after
    a word that is a name's last syllable or code, or the end of a bare head.  (The
    pattern ends in ``\\s+$`` and each of its endings is a whole word after white space
    or a head's tail; this cheap test leaves the pattern's search for the few windows
    that pass.)"""
    if not before or not before[-1].isspace():
        return False
    words = before.rsplit(None, 1)
    if not words:
        return False
    last = words[-1]
    return _NAME_WORD.fullmatch(last) is not None or _bare_tail_re().search(last) is not None


_page_head = partial(_vocab_re, "page_heads")
_code_column = partial(_vocab_re, "code_columns")
_indicator_column = partial(_vocab_re, "indicator_label_columns")
_column_counter = partial(_vocab_re, "column_counters")
_measure_head = partial(_vocab_re, "measure_heads")
_index_column = partial(_vocab_re, "index_columns")
_money = partial(_vocab_re, "money_counted")


@cache
def _abbrev() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile((rf"(?<!\w){re.escape(k)}" if k[:1].isalnum() else re.escape(k))
                        + (r"(?!\w)" if k[-1:].isalnum() else "")), v)
            for k, v in (_vocab().get("abbreviations") or {}).items()]


@cache
def _head_abbrev() -> dict[str, list[tuple[re.Pattern[str], str]]]:
    return {h: [(re.compile(rf"(?<!\w){re.escape(k)}(?!\w)"), v) for k, v in m.items()]
            for h, m in (_vocab().get("head_abbreviations") or {}).items()}


def _expand_under(head: str, phrase: str) -> str:
    """Expand the abbreviations a section's measure gives their meaning ("DT" under
    "Doanh thu …" is doanh thu)."""
    for rx, full in _head_abbrev().get(head, []):
        phrase = rx.sub(full, phrase)
    return phrase


@cache
def _any_abbrev() -> re.Pattern[str] | None:
    """One pattern for all of :func:`_abbrev`: a phrase none of them matches is left as it is."""
    pats = [rx.pattern for rx, _ in _abbrev()]
    return re.compile("|".join(f"(?:{p})" for p in pats)) if pats else None


@lru_cache(maxsize=16384)
@lru_cache(maxsize=8192)  # pure, and asked once per figure or row: the same texts recur
def expand_abbreviations(phrase: str) -> str:
    any_rx = _any_abbrev()
    if any_rx is None or any_rx.search(phrase) is None:
        return phrase  # no abbreviation in it: each substitution below would leave it so
    for rx, full in _abbrev():
        phrase = rx.sub(full, phrase)
    return phrase


@lru_cache(maxsize=8192)  # pure, and asked once per figure or row: the same texts recur
def is_code_column(column: str | None) -> bool:
    if not column:
        return False
    last = column.split(" / ")[-1]
    return _code_column().fullmatch(" ".join(last.split())) is not None


# codes of three to six digits joined by + and - ("(5201+5202+…+5214)"), or a column
# formula "(3=1-2)"; a prose sum of small numbers ("15 (10 + 5)") is left alone
_CODE_FORMULA = re.compile(r"\(\s*(?:\d{3,6}(?:\s*[-+]\s*(?:\d{3,6}|…|\.{3}))+|\d{1,2}\s*=\s*\d{1,2}(?:\s*[-+x*/]\s*\d{1,2})+)\s*\)?")


def formula_code(text: str, f: Figure) -> bool:
    """A number inside a printed formula over row or column codes ("Chi phí cho lao động
    (5201+5202+…+5214)", "Doanh thu thuần (3=1-2)"): a code, not a figure."""
    if f.cell or f.unit is not None or f.kind not in ("number", "range") or f.precision:
        return False
    lo = text.rfind("(", max(0, f.number_start - 120), f.number_start + 1)
    if lo < 0 or ")" in text[lo:f.number_start]:
        return False
    m = _CODE_FORMULA.match(text, lo)
    return m is not None and m.end() >= f.number_end


_ORDINAL_BEFORE = re.compile(r"(?i)(?:kỳ họp|lần|khóa|khoá|đợt|phiên|đại hội|hội nghị)(?:\s+lần)?\s+thứ\s*$")
_LEGAL_BEFORE = re.compile(r"(?i)(?<!\w)(?:khoản|điểm|tiết|mục|điều)\s+(?:\d{1,3}|[a-zđ]|[ivx]{1,4})(?:\.\d{1,3})*"
                           r"(?:\s*,\s*(?:\d{1,3}|[a-zđ]|[ivx]{1,4})(?:\.\d{1,3})*)*\s*(?:,|và)\s*$")
_LEGAL_AFTER = re.compile(r"\s+(?:Điều|Mục|Phần|Chương|Khoản)\s+[\dIVXLC]")


_LINE_START = re.compile(r"(?:^|\n)[ \t]*$")
_SPACED_ITEM = re.compile(r"[ \t]+[.)][ \t]+(?=[^\W\d_])")  # "1 . Quỹ …", "2 ) Đối với …"


def numbering(text: str, f: Figure) -> bool:
    """An ordinal or a legal numbering, not a quantity: "kỳ họp thứ 4", "khoản 1, 2 Điều
    7", "điểm 1 Mục V Phần B"."""
    if f.cell or f.kind != "number" or f.precision or f.value > 999:
        return False
    before = text[max(0, f.number_start - 40):f.number_start]
    return (_ORDINAL_BEFORE.search(before) is not None or _LEGAL_BEFORE.search(before) is not None
            or _LEGAL_AFTER.match(text, f.number_end) is not None
            or (_LINE_START.search(before) is not None and _SPACED_ITEM.match(text, f.number_end) is not None))


def page_number(text: str, f: Figure) -> bool:
    """"Trang số 2 / 18": a page number, not a figure."""
    if f.cell or f.unit_source == "text":
        return False
    return _page_head().search(text, max(0, f.number_start - 20), f.number_start) is not None


@lru_cache(maxsize=8192)  # pure, and asked once per figure or row: the same texts recur
def base_unit(unit: str | None, scale: int) -> str | None:
    """The unit without its leading scale word: ("tỷ đồng", 9) → "đồng"; ("triệu đồng/ha",
    6) → "đồng/ha"; a scale word alone ("3 triệu") has no unit."""
    if unit is None or not scale:
        return unit
    low = unit.lower()
    for form in sorted(vocabulary().scales, key=len, reverse=True):
        if low == form:
            return None
        if low.startswith(form + " "):
            return unit[len(form) + 1:].strip() or None
    return unit


def counted_from_label(label: str | None) -> str | None:
    """"Số hộ nghèo" → "hộ nghèo"; None when the label does not say "số …"."""
    if not label:
        return None
    m = _count_prefix().match(" ".join(label.split()))
    return m.group("rest").strip(" :,;") or None if m else None


_share_prefix = partial(_vocab_re, "share_prefixes")
_money_words = partial(_vocab_re, "money_words")


@lru_cache(maxsize=8192)
def _says_money(phrase: str) -> bool:
    """A money word anywhere in a cell's counted phrase (cached: a column repeats it)."""
    return _money_words().search(phrase) is not None


_share_predicate = partial(_vocab_re, "share_predicates")


def _population(phrase: str) -> str:
    """What a share is of, without the predicate that says which part: "xóm/ấp có nhà văn
    hóa" → "xóm/ấp" (rules/figure_context.yaml share_predicates)."""
    m = _share_predicate().search(phrase)
    return phrase[:m.start()].strip(" ,") if m and m.start() > 0 else phrase


def counted_from_share(label: str | None) -> str | None:
    """"Tỷ lệ hồ sơ trực tuyến toàn trình" → "hồ sơ trực tuyến toàn trình"; None when the
    label names no share."""
    if not label:
        return None
    m = _share_prefix().match(" ".join(label.split()))
    return _population(m.group("rest").strip(" :,;")) or None if m else None


_TIME_NOUN = re.compile(r"(?i)\b(?:thời gian|thời hạn|thời kỳ|thời hiệu)\b")
_LEAD_PREP = re.compile(r"(?i)^(?:trong|sau|trước|tại|với)\s+(?=\S+\s+\S)")
_MEASURE_KINDS = {"money", "percent", "duration", "area", "length", "weight", "age", "score", "volume"}


_SHARE_AT_END = re.compile(r"(?i)(?:^|,\s*|\s(?:và|hoặc|với)\s+)(?:t[ỷỉ]\s+(?:lệ|trọng))\s+(?P<rest>[^\W\d_][^,;:()\d]{1,60})$")


def counted_from_prose_label(label: str | None, unit_kind: str | None) -> str | None:
    """What a prose figure that says nothing after its number counts or measures, from the
    phrase that names it: "Số X" → X, "Tỷ lệ X" → X (a share is of X); a measure ("Thời
    gian được gia hạn không quá 30 ngày", "Tổng kinh phí: 41,3 tỷ đồng") measures what its
    label names.  None for a weak or long label."""
    if not label:
        return "thời hạn" if unit_kind == "duration" else None
    lab = _LEAD_NUMBERING.sub("", " ".join(label.split())).strip(" ,:;")
    if not lab or lab.lower() in _WEAK_LABEL or len(lab.split()) > 20:
        return None
    rest = counted_from_label(lab) or counted_from_share(lab)
    if rest:
        return rest
    if unit_kind == "percent":
        m = _SHARE_AT_END.search(lab)  # "cả mức trượt giá hàng năm và tỷ lệ lãi suất"
        if m:
            return _population(m.group("rest"))
    lab = _LEAD_PREP.sub("", lab)  # "Trong thời hạn chậm nhất" measures the thời hạn
    if unit_kind == "duration":
        # a time limit: what its label names when it says thời gian/thời hạn, else a
        # thời hạn ("Chậm nhất là 5 ngày kể từ …", "Trong vòng 5 ngày …")
        m = _TIME_NOUN.search(lab)
        return _phrase(lab[m.start():]) if m else "thời hạn"
    if unit_kind in _MEASURE_KINDS and unit_kind != "percent" and len(lab.split()) >= 2 and not _is_province(lab):
        return _phrase(lab)
    return None


def is_body_column(part: str) -> bool:
    """A header part naming a body or a place (rules/figure_context.yaml body_columns)."""
    return _body_column().match(" ".join(part.split())) is not None


def is_generic_column(part: str) -> bool:
    return _generic_column().fullmatch(" ".join(part.split())) is not None


_PAREN_TAIL = re.compile(r"\s*\([^()]*\)\s*$")
_LEAD_NUMBERING = re.compile(r"^\s*(?:[IVX]{1,4}|[a-zđ]|\d{1,3}(?:\.\d{1,3})*)[.)]\s+|^\s*[-+•*]\s*")


_MONEY_TAIL = re.compile(r"(?i)(?:^|(?<=[\s(]))\(?\s*(?P<scale>nghìn|ngàn|triệu|tr\.?|tỷ)?\s*(?:đồng|đ|vnđ)\s*\)?\s*$")
_PLACE_DONG = re.compile(r"(?:^|\s)[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s+Đồng$")  # Lâm Đồng, Hải Đồng: a place name
_SCALES = {"nghìn": 3, "ngàn": 3, "triệu": 6, "tr": 6, "tr.": 6, "tỷ": 9}
_FIELD = re.compile(r"[A-Za-z]+(?:_[A-Za-z]+)+")


def _money_tail(part: str) -> tuple[str, str, int] | None:
    """A header that ends in its money unit, with or without parentheses: "GIÁ TRỊ SẢN
    XUẤT (THỰC TẾ) Tỷ đồng", "BHTT (tỷ đ)" → (tỷ đồng, money, 9)."""
    t = " ".join(part.split())
    m = _MONEY_TAIL.search(t)
    if m is None:
        return None
    if not m.group("scale") and "(" not in m.group() and _PLACE_DONG.search(t):
        return None  # "Lâm Đồng / Thứ hạng": a place, not the currency
    sc = (m.group("scale") or "").lower()
    return (f"{sc.rstrip('.').replace('tr', 'triệu') if sc.startswith('tr') else sc} đồng".strip(), "money",
            _SCALES.get(sc, 0))


def _field_prefix(part: str) -> str | None:
    """The words a database field name's known prefix stands for ("CHI_BQ_XN" → "chi bình
    quân"; rules/figure_context.yaml field_prefixes)."""
    p = part.strip()
    if not _FIELD.fullmatch(p):
        return None
    up = p.upper()
    for k, v in sorted((_vocab().get("field_prefixes") or {}).items(), key=lambda kv: -len(kv[0])):
        if up == k or up.startswith(k + "_"):
            return str(v)
    return None


def _column_counted(column: str | None) -> str | None:
    """What a column header says its cells count: its parts that are not a period or a
    series, the unit in parentheses and a leading "Số"/"Số lượng" dropped; a field name's
    known prefix ("CHI_BQ_…") goes first."""
    if not column:
        return None
    keep: list[str] = []
    prefix = None
    for part in column.split(" / "):
        prefix = prefix or _field_prefix(part)
        part = _unwrap_head(part)
        p = _PAREN_TAIL.sub("", _MONEY_TAIL.sub("", part) if _money_tail(part) else part).strip()
        if not p or is_generic_column(part) or is_generic_column(p) or _is_province(p) or is_body_column(p):
            continue
        if "/" in p:  # "Số lượng hồ sơ hỗ trợ /Tổng số hồ sơ": the numerator's name
            p = p.split("/")[0].strip()
        p = counted_from_label(p) or p
        if not keep or keep[-1].lower() != p.lower():  # "Tổng chi (tỷ đ) / Tổng chi": once
            keep.append(p)
    text = " ".join(keep).strip()
    if prefix and not text.lower().startswith(prefix.split()[0]):
        text = f"{prefix} {text}".strip()
    return text if text and _TWO_LETTERS.search(text) else None


@cache
def _provinces() -> frozenset[str]:
    """The province names of rules/provinces.tsv, folded ("lâm đồng", "đắk lắk")."""
    path = rules_dir() / "provinces.tsv"
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if line and not line.startswith("#"):
            names.add(" ".join(line.split("\t")[0].lower().split()))
    names.discard("name")
    return frozenset(names)


_PROVINCE_HEAD = re.compile(r"(?i)^(?:tỉnh|thành phố|tp\.?)\s+")


def _is_province(part: str) -> bool:
    """A column header part that names a province ("Lâm Đồng", "Tỉnh Lâm Đồng"): it says
    whose figure, not what is counted (like a row of places)."""
    t = _PROVINCE_HEAD.sub("", " ".join(part.split())).lower()
    return t in _provinces()


def _unwrap_head(part: str) -> str:
    """A header cell wrapped over lines in a PDF can lose its second syllable to the next
    cell ("Doanh" for "Doanh thu"): the lone first syllable of a measure is written out
    (rules/figure_context.yaml wrapped_heads)."""
    t = " ".join(part.split())
    full = (_vocab().get("wrapped_heads") or {}).get(t.lower())
    return str(full) if full else part


def name_number(text: str, f: Figure) -> bool:
    """Is the number of ``f`` the end of a place or body name ("xã Hòa Bình 3")?"""
    if f.cell or f.kind not in ("number",) or (f.unit_source == "text" and (f.unit or "").lower() in group_index()):
        return False  # a number with a unit of the vocabulary after it counts ("xã X 3 hộ" is no name)
    if f.precision or f.value > 999:
        return False
    before = text[max(0, f.number_start - 60):f.number_start]
    return _may_end_name(before) and _name_re().search(before) is not None


# --------------------------------------------------------------------------- table cells


_ROW_NUMBERING = re.compile(r"^\s*(?:(?:[IVX]{1,5}|[A-Z]|[a-zđ]|\d{1,3}(?:\.\d{1,3})*)(?:[.):]+\s*|-\s*|\s+(?=\S))"
                            r"|\d{1,3}\s*-\s*(?=[^\W\d_])|[-+•*–]\s*)+")
_FORMULA_TAIL = re.compile(r"\s*\((?:[\d\s+\-.…x,]|mã)+\)\s*$", re.I)
_SHARE_WORD = re.compile(r"(?i)^(?:%|tỷ lệ|tỉ lệ|tỷ trọng|tỉ trọng)\s+|\s+(?:tỷ lệ|tỉ lệ|tỷ trọng|tỉ trọng)$")
_PART_HEAD = re.compile(r"^\s*(?:trong\s+đó|gồm|bao\s+gồm)\s*[:,]\s*", re.I)
_PART_TAIL = re.compile(r"[,:\s]*\btrong đó\b[\s:,]*$", re.I)


def clean_row_label(text: str) -> str:
    """A row label as a reader names it: one line, without its numbering or bullet ("2.3
    Dịch vụ thanh toán" → "Dịch vụ thanh toán", "- Cá trắm" → "Cá trắm", "40-Nghệ An"
    → "Nghệ An")."""
    t = " ".join(text.split())
    m = _ROW_NUMBERING.match(t)
    if m and _TWO_LETTERS.search(t[m.end():]):
        t = t[m.end():]
    words = t.split()
    half = len(words) // 2
    if len(words) >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]:
        t = " ".join(words[:half])  # a merged cell read twice: "Tỷ lệ hộ nghèo Tỷ lệ hộ nghèo"
    return t.rstrip(" .;:")


def _phrase(text: str) -> str:
    """Lower case, abbreviations kept ("TTHC", "CNTT"); a header written in capitals all lower."""
    words = text.split()
    if sum(w.isupper() for w in words) >= max(2, len(words) // 2 + 1):
        return text.lower()
    return " ".join(w if len(w) >= 2 and w.isupper() else w.lower() for w in words)


@lru_cache(maxsize=8192)  # pure, and asked once per figure or row: the same texts recur
def _row_measure(label: str | None) -> str | None:
    if not label:
        return None
    m = _measure_head().match(clean_row_label(label))
    return m.group("head").lower() if m else None


@dataclass
class _TableContext:
    """What a table's rows and columns say, computed once per table (not per cell)."""

    indicator_rows: bool
    heads: dict[int, str | None]  # row → the measure a section above it names
    labels: dict[int, str | None]  # row → its whole label, cleaned
    columns: dict[tuple[int, int], tuple[str | None, tuple[str, str, int] | None, bool]]
    rows: dict[tuple[int, bool], list[str]] = field(default_factory=dict)  # (row, column has a measure) → parts
    col_heads: dict[int, str] = field(default_factory=dict)  # column → its header texts, folded
    parents: dict[int, str] = field(default_factory=dict)  # a bare measure's row → its group row's label
    units: dict[int, tuple[str, str, int]] = field(default_factory=dict)  # row → its unit, a label run over it


def _label_cells(t: Table, row: int, label: str | None) -> str | None:
    """The whole text of the cell the row label was read from (joined over its lines)."""
    if not label:
        return None
    for c in sorted(t.row_cells(row), key=lambda x: x.col):
        one = " ".join(c.text.split())
        if one.startswith(label[:12]) and _TWO_LETTERS.search(one):
            full = one if len(one.split()) <= 40 else label
            return clean_row_label(full) or None
    return clean_row_label(label) or None


_LEVEL_TOKEN = re.compile(r"^\s*(?:(?P<part>phần)\b|(?P<tok>[IVX]{1,5}|[A-Z]|\d{1,3}(?:\.\d{1,3})*|[a-hđ])(?:[.):]+|\s)|(?P<bullet>[-+•–]))",
                          re.I)


@lru_cache(maxsize=8192)  # pure, and asked once per figure or row: the same texts recur
def _label_level(label: str | None) -> float | None:
    """The depth the numbering written in a row label gives: PHẦN > A > I > 1 > 1.1 > a) >
    - > +; None when the label has none."""
    if not label:
        return None
    m = _LEVEL_TOKEN.match(label)
    if m is None:
        return None
    if m.group("part"):
        return -1.0
    if m.group("bullet"):
        return 6.0 if m.group("bullet") != "+" else 7.0
    tok = m.group("tok")
    if re.fullmatch(r"[IVX]{1,5}", tok):
        return 1.0
    if re.fullmatch(r"[A-Z]", tok):
        return 0.0
    if tok[0].isdigit():
        return 2.0 + tok.count(".")
    return 5.0


def _table_context(t: Table, carried: list[tuple[float, str]]) -> _TableContext:
    indicator = t.unit_col is not None
    if t.label_col is not None and not indicator:
        heads = t.header_cell_texts(t.label_col)
        indicator = any(_indicator_column().fullmatch(" ".join(h.split())) for h in heads[:1] + heads[-1:])
    stack = list(carried)
    row_heads: dict[int, str | None] = {}
    labels: dict[int, str | None] = {}
    parents: dict[int, str] = {}
    units: dict[int, tuple[str, str, int]] = {}
    above: list[tuple[float, str]] = []  # the rows above by depth: (level, cleaned label)
    last = 2.0
    for row, level, label in row_outline(t):
        lv = _label_level(label)
        if lv is None:
            # a row numbered only by its STT (an ordinal 1, 2, 3 … in many forms) or not at
            # all: one below the last numbered row, unless the STT gives a section (I, A)
            lv = float(level) if level is not None and level < 2 else last + 0.5
        else:
            last = lv
        while stack and stack[-1][0] >= lv:
            stack.pop()
        row_heads[row] = stack[-1][1] if stack else None
        labels[row] = _label_cells(t, row, label)
        over = _unit_overrun(t, row)
        if over is not None:
            labels[row] = f"{labels[row] or ''} {over[0]}".strip()  # the label's end, run over the ĐVT cell
            units[row] = over[1]
        while above and above[-1][0] >= lv:
            above.pop()
        if above and labels[row] and _bare_measure(labels[row] or ""):
            parents[row] = above[-1][1]  # "- Sản lượng" under "2.1. Mận"
        if labels[row]:
            above.append((lv, labels[row] or ""))
        head = _row_measure(label)
        if head:
            stack.append((lv, head))
    carried[:] = stack
    return _TableContext(indicator, row_heads, labels, {}, parents=parents, units=units)


def _unit_overrun(t: Table, row: int) -> tuple[str, tuple[str, str, int]] | None:
    """A row label too long for its cell in a PDF that does not wrap runs on over the
    "Đơn vị tính" cell ("… đến trung tâm" | "xã huyện %"): (the label's words read in the
    unit cell, the unit at its end)."""
    if t.unit_col is None:
        return None
    uc = t.at(row, t.unit_col)
    if uc is None:
        return None
    words = uc.text.split()
    if len(words) < 2 or scaled_unit(uc.text) is not None:
        return None
    lead, tail = " ".join(words[:-1]), words[-1]
    if not lead[:1].islower() or _SHARE_WORD.match(lead + " "):
        return None
    if tail == "%":
        return lead, ("%", "percent", 0)
    if unit_of(lead) is not None:
        return None
    u = unit_of(tail)
    if u is None or u[3] < len(tail):
        return None
    return lead, (u[0], u[1], u[2])


def _bare_measure(label: str) -> bool:
    """A row label that is a measure alone ("Sản lượng", "- Năng suất"): it measures the
    object its group row names."""
    m = _measure_head().match(label)
    return m is not None and not _PAREN_TAIL.sub("", label[m.end():]).strip(" ,:;.")


_PERCENT_HEAD = re.compile(r"(?i)^(?:%|tl_|t[ỷỉ] lệ\b)")
_PERCENT_TAIL = re.compile(r"(?i)(?:^|\s)(?:so\s+sánh|tăng|giảm|tăng\s*/\s*giảm)\s*\(?%\)?\s*$")


def _column_context(t: Table, col: int, colspan: int) -> tuple[str | None, tuple[str, str, int] | None, bool]:
    """(the column's measure, a unit its own lowest header states over the row's "Đơn vị
    tính" — "(%)" —, whether it is an index with no unit)."""
    column = t.column_label(col, colspan)
    measure = _column_counted(column)
    if measure:
        measure = _phrase(expand_abbreviations(measure))
    own: tuple[str, str, int] | None = None
    index = False
    parts = column.split(" / ") if column else []
    if parts:
        low = parts[-1]
        u = header_unit(low) if "(" in low or "%" in low else None
        if u is not None and u[1] == "percent":
            own = u
        elif u is None and (_PERCENT_HEAD.match(" ".join(next((p for p in reversed(parts) if not is_generic_column(p)),
                                                             low).split()))
                            or any(_PERCENT_TAIL.search(p) for p in parts)):
            own = u = ("%", "percent", 0)  # "% nội trú", "TL_Nội trú", "Tỷ lệ nội trú", "So sánh % / KH 2021/TH 2020"
        index = any(_index_column().match(" ".join(p.split())) for p in parts)
        if u is None and not index:
            money = next((mt for p in parts if (mt := _money_tail(p)) is not None), None)
            if money is not None:
                own = u = money
        if u is None and not index:
            for p in reversed(parts):
                if is_generic_column(p):
                    continue
                cm = _column_counter().match(" ".join(p.split()))
                if cm:
                    own = (" ".join(cm.group("unit").lower().split()), "count", 0)  # "Lần khám BQ": counts lần
                break
    return measure, own, index


def _row_counted(label: str, head: str | None, measure: str | None, parent: str | None = None) -> list[str]:
    """The row's part of a cell's counted phrase: the section's measure when neither the
    row nor the column names one, then the row's indicator (for a bare measure, "-
    Sản lượng" under "2.1. Mận", the object its group row names: "mận")."""
    row = _PART_HEAD.sub("", _PART_TAIL.sub("", _FORMULA_TAIL.sub("", label))).strip(" ,:;")
    row = counted_from_label(row) or row
    if parent:
        obj = _PART_TAIL.sub("", _FORMULA_TAIL.sub("", _PAREN_TAIL.sub("", parent))).strip(" ,:;")
        row = counted_from_label(obj) or obj  # the label says the measure, the group row what is measured
    out = []
    if head:
        row = _expand_under(head, row)
        if not measure and not _row_measure(row):
            out.append(head)
    if row:
        out.append(_phrase(expand_abbreviations(row)))
    return out


def _head_key(t: Table, tc: _TableContext, col: int) -> str:
    if col not in tc.col_heads:
        tc.col_heads[col] = " ".join(" / ".join(t.header_cell_texts(col)).lower().split())
    return tc.col_heads[col]


def _beside_label(t: Table, tc: _TableContext, row: int, col: int) -> str | None:
    """A table whose value columns each have their own name column, headed as the label
    column ("Tên CSKCB | Tỷ lệ nội trú | Tên CSKCB | Chi BQ chung …", each pair sorted on
    its own): a value's label is the name cell left of it, not the row's first name."""
    lc = t.label_col
    if lc is None or col - 1 <= lc:
        return None
    left = t.at(row, col - 1)
    if left is None or left.col != col - 1 or not _TWO_LETTERS.search(left.text) or re.search(r"\d[\d.,]*\s*$", left.text):
        return None
    key = _head_key(t, tc, lc)
    if not key or _head_key(t, tc, col - 1) != key:
        return None
    return clean_row_label(left.text) or None


def _refine_cells(figures: list[Figure], tabs: Sequence[Table]) -> None:
    """Counted phrase, label and unit of the table cells, from their table's rows and
    columns: counted = the column's measure + (the section's measure) + the row's
    indicator; label = the row's whole label without its numbering."""
    by_index = {t.index: t for t in tabs}
    contexts: dict[int, _TableContext] = {}
    carried: list[tuple[float, str]] = []
    last_label_head: tuple[str, ...] | None = None
    for t in tabs:  # in document order, a section carried into the next table of the same kind
        if not t.data:
            continue
        lh = tuple(t.header_cell_texts(t.label_col)) if t.label_col is not None else ()
        if lh != last_label_head:
            carried = []
        last_label_head = lh
        contexts[t.index] = _table_context(t, carried)
    for f in figures:
        if f.table is None or f.row is None or f.col is None or f.table not in contexts:
            continue
        if not f.cell:
            # a number in a cell's prose keeps its phrase as label; without one, the row's
            if f.label is None and f.col != by_index[f.table].label_col:
                f.label = contexts[f.table].labels.get(f.row)
            continue
        t = by_index[f.table]
        tc = contexts[f.table]
        cell = t.at(f.row, f.col)
        span = cell.colspan if cell is not None else 1
        key = (f.col, span)
        if key not in tc.columns:
            tc.columns[key] = _column_context(t, f.col, span)
        measure, own_unit, index = tc.columns[key]
        label = _beside_label(t, tc, f.row, f.col) or tc.labels.get(f.row)
        if label:
            f.label = label
        # the unit: the column's own "(%)" or counter noun over the row's "Đơn vị tính";
        # an index column has none
        if f.unit_source == "unit column" and f.row in tc.units:
            f.unit, f.unit_kind, f.scale = tc.units[f.row]
            if f.unit_kind == "percent" and f.kind == "number":
                f.kind = "percent"
        if f.unit_source == "unit column" and index:
            f.unit, f.unit_kind, f.unit_source, f.scale = None, None, None, 0
        if own_unit is not None and (f.unit is None or (f.unit_source == "unit column" and own_unit[1] != "count")):
            f.unit, f.unit_kind, f.scale, f.unit_source = own_unit[0], own_unit[1], own_unit[2], "column"
            if own_unit[1] in ("percent", "money"):
                f.kind = own_unit[1] if f.kind == "number" else f.kind
        parts: list[str] = []
        if measure:
            parts.append(measure)
        if label and tc.indicator_rows:
            key_r = (f.row, measure is not None)
            if key_r not in tc.rows:
                tc.rows[key_r] = _row_counted(label, tc.heads.get(f.row), measure, tc.parents.get(f.row))
            parts.extend(tc.rows[key_r])
        if parts:
            f.counted = " ".join(parts)
            if f.unit_kind == "percent":  # a share counts what it is the share of
                rest = _SHARE_WORD.sub("", f.counted)
                if rest != f.counted and len(rest.split()) >= 2:
                    f.counted = _population(rest)


# --------------------------------------------------------------------------- rules


_LABEL_JOIN = re.compile(r"(?i)(?:^|[;:.\n(]\s*)((?:tổng\s+số|số\s+lượng|số|tỷ\s+lệ|tỉ\s+lệ)\s+[^,;:.\n()]{1,40}),\s*$")


def _join_label(text: str, f: Figure) -> str | None:
    """A label the scanner cut at a comma of a list that "số" opens: "số phản ánh, kiến
    nghị đã trả lời là 788" → "số phản ánh, kiến nghị đã trả lời"."""
    lab = f.label
    if not lab or f.cell:
        return None
    k = text.rfind(lab, max(0, f.start - 400), f.start)
    if k < 0:
        return None
    m = _LABEL_JOIN.search(text, max(0, k - 60), k)
    if m is None or m.end() != k:
        return None
    return " ".join(f"{m.group(1)}, {lab}".split())


_LAST_NUMBER = re.compile(r"^.*\d(?:[\d.,/%]*\d)?%?\s*(?:[^\W\d_]+\s+){0,3}?(?:hơn|so với|với|và|còn|của)\s+")


def _after_last_number(label: str | None) -> str | None:
    """A prose label that runs over an earlier figure names this one after it: "Tổng số
    người có mặt là 54.764 thấp hơn số biên chế được giao" → "số biên chế được giao"."""
    if not label or not re.search(r"\d", label):
        return label
    m = _LAST_NUMBER.match(label)
    if m is not None:
        rest = label[m.end():].strip()
        if len(rest.split()) >= 2 and not re.search(r"\d", rest):
            return rest
    last = max(label.rfind(","), label.rfind(";"))
    rest = label[last + 1:].strip(" ,;:") if last > 0 else ""
    if rest and re.search(r"\d", label[:last]) and not re.search(r"\d", rest) and len(rest.split()) >= 2:
        return rest  # "cấp tỉnh: 1.846 vụ, đạt 96,3%, cấp huyện: 1.158 vụ" → cấp huyện
    return label


_NOT_UNITS = {"thấp", "cao", "nhiều", "ít", "hơn", "lớn", "nhỏ", "bằng", "tương", "gấp"}
_CLAUSE_GAP = {"", "với", "đối với", "cho", "có", "gồm", "gồm có", "được"}
_VERB_MARK = re.compile(r"(?i)(?:^|\s)(?:đã|được|đang|sẽ|bị|chưa)\s")
_DANGLING = re.compile(r"(?i)(?:\s+(?:đối|đối với|với|cho|của|tại|là|có))+$")
_CUT_WITH = re.compile(r"(?i)^.*\svới\s+(?=(?:tổng\s+)?(?:số|kinh phí|diện tích|giá trị|vốn|tổng)\b)")


_TIME_LEAD = re.compile(r"(?i)(?:kết quả\s*,?\s*)?(?:(?:tính\s+)?đến\s+nay|hiện\s+nay|hiện\s+tại|đến\s+thời\s+điểm\s+(?:này|hiện\s+tại)"
                        r"|trong\s+(?:kỳ|năm|tháng|quý))?\s*,?\s*(?:đã)?")
_RELATIVE_AFTER = re.compile(r"[ \t]+((?:đã|được|đang|chưa|sẽ|bị)\s[^,.;:()\n\d]{3,100}?)(?=\s*[,.;:()\n]|\s+(?:và|hoặc)\s|$)")


def _clause_label(text: str, f: Figure) -> str | None:
    """The label of a prose count whose number is the object of the clause before it: the
    counted phrase is what the clause names, with its verb ("đã ban hành 23 văn bản QPPL"
    → "văn bản QPPL đã ban hành"; "đã hỗ trợ hướng dẫn đối với 20.316 hồ sơ TTHC" → "hồ sơ
    TTHC đã hỗ trợ hướng dẫn"; "cấp xã có 7.291 chứng thư" → "chứng thư cấp xã").  A label
    before ":", "là" or "đạt" names the figure itself and is kept; a measure cut after
    "với" ("… và HIV/AIDS với tổng kinh phí là 5.769,7 triệu đồng") keeps its measure."""
    lab = f.label
    if not lab:
        return None
    m = _CUT_WITH.match(lab)
    if m and len(lab[m.end():].split()) >= 2:
        return lab[m.end():]
    if f.unit_kind != "count" or not f.counted or len(f.counted.split()) < 2 or counted_from_label(lab):
        return None
    k = text.rfind(lab, max(0, f.start - 400), f.start)
    if k < 0:
        return None
    gap = " ".join(text[k + len(lab):f.start].split()).lower()
    if gap not in _CLAUSE_GAP:
        return None
    mark = None
    for mark in _VERB_MARK.finditer(lab):
        pass
    if re.search(r"\d", lab):
        return f.counted  # a clause over another figure: the counted phrase alone
    if mark is not None:
        tail = _DANGLING.sub("", lab[mark.start():].strip())
        return f"{f.counted} {tail}" if len(tail.split()) >= 2 else f.counted
    if gap in ("có", "gồm", "gồm có") and _TIME_LEAD.fullmatch(lab):
        # "Kết quả, đến nay có 165/165 kiến nghị đã được … trả lời": a time, not a label;
        # the count and the clause after it name the figure
        rel = _RELATIVE_AFTER.match(text, f.end)
        return f"{f.counted} {' '.join(rel.group(1).split())}" if rel else f.counted
    if gap in ("có", "gồm", "gồm có") and len(lab.split()) <= 4:
        return f"{f.counted} {lab[:1].lower() + lab[1:] if not lab[:2].isupper() else lab}"
    return f.counted


_WEAK_LABEL = {"có", "là", "đạt", "gồm", "bao gồm", "với", "được", "và", "cho", "còn", "trong đó", "tổng"}


@lru_cache(maxsize=4096)
@lru_cache(maxsize=8192)  # pure, and asked once per figure or row: the same texts recur
def _label_unit(label: str) -> tuple[Any, ...] | None:
    lab = _LEAD_NUMBERING.sub("", label)
    return unit_from_label(TextContext(lab, lab.lower(), bytearray(len(lab) + 1), None), lab)


_SHARE_GAP = re.compile(r"(?i)^[\s,;(]*(?:(?:đạt|chiếm|bằng|là)\s*)?(?:(?:tỷ|tỉ)\s+lệ\s*)?(?:là\s*)?$")


_LONE_FIGURE = re.compile(r"^\s*(?:[-+]\s*)?\d[\d.,]*(?:\s*(?:%|[^\W\d_]{1,6}))?\s*$")
_BULLET = re.compile(r"^\s*[-+•*–]\s*")


def _line(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, len(text) if b < 0 else b


def _form_label(text: str, f: Figure) -> str | None:
    """The label of a figure alone on its line in a form read label column first: the
    line above when it ends with ":" ("Tiếp quỹ TCBC số tiền:" over "22.500.000 VNĐ"), or,
    for the k-th of a run of lone figures under a run of as many "…:" lines, the k-th of
    those ("3.1. Số dư tiền mặt tại đơn vị:" … "- Tại BĐTT/BĐH:" then their amounts); a
    bulleted line joins the unbulleted line above it ("Số dư tiền mặt tại đơn vị - Tại
    BĐTT/BĐH")."""
    a, b = _line(text, f.number_start)
    if text[a:f.start].strip() or text[f.end:b].strip():
        return None
    lines: list[str] = []  # the lines above, nearest first
    k = 0  # how many lone figures are above this one in its run
    pos = a - 1
    while pos > 0 and len(lines) < 80:
        la, lb = _line(text, pos - 1 if text[pos] == "\n" else pos)
        lines.append(text[la:lb].strip())
        pos = la - 1
        if not _LONE_FIGURE.match(lines[-1]):
            break
        k += 1
    if not lines or not lines[-1].endswith(":"):
        return None
    back = pos
    after = 0  # lone figures below it in the run
    pos = b + 1
    while pos < len(text) and after < 80:
        la, lb = _line(text, pos)
        if not _LONE_FIGURE.match(text[la:lb]):
            break
        after += 1
        pos = lb + 1
    n = k + 1 + after
    labels = [lines[-1]]
    pos = back
    while pos > 0 and len(labels) < n:
        la, lb = _line(text, pos - 1 if pos < len(text) and text[pos] == "\n" else pos)
        t = text[la:lb].strip()
        pos = la - 1
        if not t.endswith(":"):
            break
        labels.append(t)
    if n == 1:
        chosen = 0
    elif len(labels) == n:
        chosen = n - 1 - k  # labels run bottom-up: the last collected is the first label
    else:
        return None
    lab = labels[chosen]
    if _BULLET.match(lab):
        parent = next((x for x in labels[chosen + 1:] if not _BULLET.match(x)), None)
        if parent:
            lab = f"{_LEAD_NUMBERING.sub('', parent).rstrip(' :')} - {_BULLET.sub('', lab)}"
    lab = _LEAD_NUMBERING.sub("", lab).rstrip(" :").strip()
    return lab or None


def _share_of_previous(text: str, f: Figure, prev: Figure) -> None:
    """A percentage right after the count it rates ("17.432/20.248 hồ sơ (đạt tỷ lệ
    86,09%)", "1.846 vụ, đạt 96,3%") is the share of what that count counts."""
    if prev.cell or not prev.counted or prev.unit_kind not in ("count", None) or prev.end > f.start \
            or f.start - prev.end > 30 or not _SHARE_GAP.match(text[prev.end:f.start]):
        return
    f.counted = prev.counted
    if f.label is None or f.label.lower() in _WEAK_LABEL or f.label.lower() in ("đạt tỷ lệ", "tỷ lệ", "chiếm"):
        f.label = prev.label


_CLOSING_SHARE = re.compile(r"(?i)\s*,\s*(?:(?:đạt|chiếm|bằng)\s+)?(?:tỷ|tỉ)\s+lệ\s*(?:là\s*)?$|\s*,\s*(?:đạt|chiếm)\s*$")


def _share_closing_clause(text: str, f: Figure, prev: Figure) -> None:
    """"… đã có 3.412/5.107 hộ kinh doanh, hợp tác xã … đăng ký sử dụng hóa đơn điện tử,
    đạt tỷ lệ 66,8%": the share closing a clause is of what the count before it counts,
    and the clause (that count's phrase and predicate) names it."""
    if prev.cell or not prev.counted or prev.unit_kind not in ("count", None) or prev.end > f.start \
            or f.start - prev.end > 250:
        return
    gap = text[prev.end:f.start]
    m = _CLOSING_SHARE.search(gap)
    if m is None or re.search(r"[.;:\n(]|\d", gap[:m.start()]):
        return
    f.counted = prev.counted
    clause = " ".join(f"{text[prev.number_end:prev.end]}{gap[:m.start()]}".split()).strip(" ,")
    if len(clause.split()) >= 2:
        f.label = clause
        if "," in gap[:m.start()]:
            f.counted = clause  # a list the count's phrase stopped at ("hộ kinh doanh, hợp tác xã …"): all of it


_QUOTE_OPEN = "“\"«‘"
_QUOTE_CLOSE = "”\"»’"


def quoted_name(text: str, f: Figure) -> bool:
    """A figure that is the whole of a quotation ("Nghị quyết về cấp bản sao “0 đồng”"):
    the name of a policy or a slogan, not a quantity."""
    a = f.start - 1
    while a >= 0 and text[a] in " \t":
        a -= 1
    b = f.end
    while b < len(text) and text[b] in " \t":
        b += 1
    return a >= 0 and b < len(text) and text[a] in _QUOTE_OPEN and text[b] in _QUOTE_CLOSE


def _quoted_phrase(text: str, f: Figure) -> str | None:
    """The rest of the quotation a figure opens (“100% dịch vụ công được cung cấp trực
    tuyến toàn trình”): what it measures."""
    a = f.start - 1
    while a >= 0 and text[a] in " \t":
        a -= 1
    if a < 0 or text[a] not in _QUOTE_OPEN:
        return None
    close = min((k for k in (text.find(q, f.end, f.end + 200) for q in _QUOTE_CLOSE) if k >= 0), default=-1)
    if close < 0:
        return None
    rest = " ".join(text[f.number_end:close].split())
    rest = re.sub(r"^(?:%|phần trăm)\s*", "", rest).strip(" ,")
    return rest if len(rest.split()) >= 2 else None


_SHARE_OF = re.compile(r"\s*%\s+(?:trên|của)\s+(?P<of>(?:tổng\s+)?[^\W\d_][^,.;:()\n\d]{2,80}?)(?=\s*(?:[,.;:()\n]|$))")


def _share_of_after(text: str, f: Figure) -> str | None:
    """"trích để lại 30 % trên tổng số tiền thu được", "70% của tổng số thu phí": the
    share is of what follows "trên"/"của"."""
    m = _SHARE_OF.match(text, f.number_end)
    return " ".join(m.group("of").split()) if m else None


_PAREN_SHARE = re.compile(r"\(\s*$")


def _parenthesised_share(text: str, f: Figure, prev: Figure | None) -> None:
    """"Phần còn lại ( 70 % ) nộp vào ngân sách Nhà nước": a share in parentheses after
    its subject is named by the subject and the predicate after it, and is of what the
    share just before it is of."""
    if not _PAREN_SHARE.search(text, max(0, f.number_start - 3), f.number_start):
        return
    close = re.match(r"\s*%?\s*\)", text[f.number_end:])
    if close is None:
        return
    s0 = max(text.rfind(c, max(0, f.number_start - 200), f.number_start) for c in ".;:\n") + 1
    subject = " ".join(text[s0:f.number_start].split()).rstrip(" (")
    b = f.number_end + close.end()
    e = _SENT_END.search(text, b, b + 200)
    pred = " ".join(text[b:e.start() if e else b + 200].split()).strip(" ,.")
    if subject and pred and len(f"{subject} {pred}".split()) >= 3:
        f.label = _LEAD_NUMBERING.sub("", f"{subject} {pred}")
    if f.counted is None and prev is not None and prev.unit_kind == "percent" and prev.counted \
            and 0 <= f.start - prev.end <= 250:
        f.counted = prev.counted


_HAVE_BEFORE = re.compile(r"(?i)(?:^|\s)(?:có|còn)\s*$")
_PHRASE_END = re.compile(r"[,.;:()\n]|\s(?:theo|trong đó|so với|tại|vào năm|đến năm)\s")


def _share_after(text: str, f: Figure) -> str | None:
    """"… có 85% HS đạt chuẩn đầu ra về ngoại ngữ và tin học theo quy định": a share that
    is the object of "có" is named by the phrase after it."""
    if not _HAVE_BEFORE.search(text, max(0, f.number_start - 6), f.number_start):
        return None
    a = f.number_end
    m = re.match(r"\s*%\s*", text[a:])
    if m is None:
        return None
    a += m.end()
    e = _PHRASE_END.search(text, a, a + 200)
    phrase = " ".join(text[a:e.start() if e else a + 200].split())
    return phrase if len(phrase.split()) >= 3 else None


_BULLET_FIELD = re.compile(r"(?:^|\n)[ \t]*[-+•*–][ \t]*(?P<field>[^\W\d_][^\n:\d]{1,30}?)\s*:")


def _bullet_field(text: str, f: Figure) -> str | None:
    """"- Thành phần: … cử 02 tổ trưởng …": the field a bullet opens names the first
    figure after it that no phrase of its own names."""
    m = None
    for m in _BULLET_FIELD.finditer(text, max(0, f.start - 300), f.start):
        pass
    if m is None or len(m.group("field").split()) > 4:
        return None
    between = text[m.end():f.start]
    if "\n" in between or ":" in between or re.search(r"\d", between):
        return None
    return m.group("field").strip()

_TR_TAIL = re.compile(r"\.?\s?(?:đồng|đ)(?!\w)")


def _spell_scale(text: str, f: Figure) -> None:
    """A prose unit whose scale word is abbreviated ("45,6 tr.đồng", "3 Trđ"): the scale
    to ``scale``, the unit spelled out (rules/figure_context.yaml scaled_units)."""
    unit = f.unit or ""
    tail = _TR_TAIL.match(text, f.end) if unit.lower().rstrip(".") == "tr" else None
    spelled = scaled_unit(unit + (tail.group() if tail else ""))
    if not spelled:
        return
    u = unit_of(spelled)
    if u is None or not u[2]:
        return
    f.unit, f.unit_kind, f.scale = u[0], u[1], u[2]
    if f.counted and f.counted.lower().rstrip(".") == unit.lower().rstrip("."):
        f.counted = None if u[1] == "money" else u[0]


def _without_scale(phrase: str) -> str:
    """A counted phrase without its leading scale word ("nghìn người" → "người")."""
    head, _, rest = phrase.partition(" ")
    return rest if rest and head.lower() in vocabulary().scales else phrase


_BEFORE_PAREN = re.compile(r"(?:^|[\n;.:])\s*(?:[-+•*]\s*)?(?P<lab>[^\W\d_][^\n;.:()\d]{2,80}?)\s*\([^()]{0,200}\)\s*"
                           r"(?:là|đạt|có|gồm)?\s*:?\s*$")


def _label_before_paren(text: str, f: Figure) -> str | None:
    """"Tổng số biên chế được giao (tại Quyết định số …) là 9.818": the phrase before the
    parenthetical names the figure."""
    m = _BEFORE_PAREN.search(text, max(0, f.start - 300), f.start)
    if m is None or m.group("lab").strip().lower() in _LEAD_IN:
        return None
    return " ".join(m.group("lab").split())


def _breakdown(text: str, f: Figure, done: list[Figure]) -> None:
    """"… là 9.818 (cấp tỉnh: 3.585; cấp xã: 6.233)": a part in parentheses after a total
    counts what the total counts, of its part."""
    if f.counted is not None or not f.label or len(f.label.split()) > 4 or not done:
        return
    k = text.rfind("(", max(0, f.start - 120), f.start)
    if k < 0 or ")" in text[k:f.start] or not re.search(r":\s*$", text[k:f.start]):
        return  # parts are written "(A: n; B: m)"
    whole = next((g for g in reversed(done) if g.end <= k), None)
    if whole is None or whole.counted is None or k - whole.end > 3:
        return
    f.counted = f"{whole.counted} {f.label}"
    f.label = f.counted
    if f.unit is None and whole.unit is not None:
        f.unit, f.unit_kind, f.scale, f.unit_source = whole.unit, whole.unit_kind, whole.scale, "whole"


_LEAD_IN = {"kết quả", "trong đó", "cụ thể", "ví dụ", "như sau", "gồm", "bao gồm", "ghi chú", "tổng"}
_COLON_LABEL = re.compile(r"(?:^|[\n;.])\s*(?:[-+•*]\s*)?(?P<lab>[^\n;.:]{2,60}?)\s*:\s*$")


def _label_before_colon(text: str, f: Figure) -> str | None:
    """The phrase before ":" when nothing or a weak word stands between it and the figure:
    "Vùng III : Bao gồm 8 xã" names Vùng III."""
    c = text.rfind(":", max(0, f.start - 30), f.start)
    if c < 0 or " ".join(text[c + 1:f.start].split()).lower() not in _WEAK_LABEL | {""}:
        return None
    m = _COLON_LABEL.search(text, max(0, c - 80), c + 1)
    if m is None or not _TWO_LETTERS.search(m.group("lab")) or m.group("lab").strip().lower() in _LEAD_IN:
        return None
    return _LEAD_NUMBERING.sub("", m.group("lab").strip()) or None


def _refine_rules(text: str, figures: list[Figure], tabs: Sequence[Table] | None = None) -> list[Figure]:
    out: list[Figure] = []
    if tabs:
        _refine_cells(figures, tabs)
    for f in figures:
        if is_code_column(f.column) or (not f.cell and (name_number(text, f) or page_number(text, f)
                                                        or formula_code(text, f) or numbering(text, f)
                                                        or quoted_name(text, f))):
            continue
        if f.cell and tabs and f.table is not None:
            pass  # counted and label from the table (_refine_cells)
        elif f.cell:
            col = _column_counted(f.column)
            if col is not None:
                f.counted = col
            elif f.counted is None or (f.unit and f.counted == f.unit):
                lab = _LEAD_NUMBERING.sub("", f.label or "")
                f.counted = counted_from_label(lab) or f.counted
        else:
            if f.unit_source == "text" and f.unit and f.unit.split()[0].lower() in _NOT_UNITS:
                f.unit = f.counted = f.unit_kind = f.unit_source = None  # "54.764 thấp hơn …": a comparison
            if f.unit_source == "text" and f.unit and not f.scale:
                _spell_scale(text, f)
            if f.scale and f.counted and f.unit_kind == "count":
                f.counted = _without_scale(f.counted)  # "1.320 nghìn người": người are counted
            if f.label is None or f.label.lower() in _WEAK_LABEL:
                f.label = _label_before_colon(text, f) or _label_before_paren(text, f) or f.label  # "Vùng III: Bao gồm 8 xã"
            joined = _join_label(text, f)
            if joined:
                f.label = joined
            if f.label is None:
                f.label = _form_label(text, f)
            f.label = _after_last_number(f.label)
            rest = counted_from_label(f.label)
            if rest and f.unit_kind == "count" and f.counted and f.unit and f.counted.lower() == f.unit.lower() \
                    and not rest.lower().startswith(f.unit.lower()):
                f.counted = f"{f.counted} {rest}"  # 103 người … "Số lượng giải quyết tinh giản biên chế"
            elif rest and f.counted is None and f.unit is None:
                f.counted = rest
            quoted = _quoted_phrase(text, f) if f.label and f.label.rstrip()[-1:] in _QUOTE_OPEN else None
            share_after = _share_after(text, f) if f.unit_kind == "percent" else None
            if quoted:  # “100% dịch vụ công …”: the quotation names it
                f.label = quoted
                if f.unit_kind == "percent":
                    f.counted = _population(quoted)
            elif share_after:
                f.label = share_after
                head = share_after.split()[0]
                if len(head) >= 2 and head.isupper() and head.isalpha():
                    f.counted = head  # "80% CB bảo đảm …": the abbreviation is who
            elif (f.label is None or f.label.lower() in _WEAK_LABEL) and f.counted and len(f.counted.split()) >= 2:
                f.label = _bullet_field(text, f) or f.counted
            else:
                f.label = _clause_label(text, f) or f.label
                if f.counted and f.label == f.counted:
                    f.label = _bullet_field(text, f) or f.label
            if f.counted is None and f.column and f.table is not None and not _prose_column(f.column):
                col = _column_counted(f.column)  # a number in a cell's prose: its column says what
                f.counted = _phrase(expand_abbreviations(col)) if col else None
            if f.counted is None:
                f.counted = counted_from_prose_label(f.label, f.unit_kind)
            _breakdown(text, f, out)
            if f.counted is None and f.unit_kind == "percent":
                f.counted = _share_of_after(text, f)
            if f.unit_kind == "percent" and (f.label is None or f.counted is None):
                _parenthesised_share(text, f, out[-1] if out else None)
            if f.counted is None and f.unit_kind == "percent" and out:
                _share_of_previous(text, f, out[-1])
                if f.counted is None:
                    _share_closing_clause(text, f, out[-1])
        if f.counted:
            f.counted = expand_abbreviations(f.counted)
        if f.unit is None and f.label:
            lu = _label_unit(f.label)
            if lu:  # "số phản ánh, kiến nghị đã trả lời là 788" → phản ánh
                f.unit, f.unit_kind, f.unit_source = lu[0], lu[1], "label"
        if f.unit is None and f.counted and f.kind in ("number", "money") and (
                _money().match(f.counted) or (f.cell and _says_money(f.counted))):
            f.unit, f.unit_kind, f.unit_source = "đồng", "money", "counted"  # the currency left unsaid
            f.kind = "money"
        if f.unit_kind == "money" and f.counted and f.counted.startswith("bình quân ") and _money().match(f.counted):
            f.counted = "chi " + f.counted  # "BQ nội trú" of a cost table: chi bình quân nội trú
        if f.unit and f.unit_source == "unit column" and " " in f.unit:
            joined = f.unit.replace(" ", "")
            if joined.lower() in group_index():  # "Ngườ i" of a PDF cell: người
                f.unit = joined
        f.base_unit = base_unit(f.unit, f.scale)
        out.append(f)
    return out


# --------------------------------------------------------------------------- underthesea


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SENT_END = re.compile(r"[.!?;:\n](?!\d)")
_HOLDER = "Xso"  # the placeholder a masked number becomes ("X" + a syllable the tagger keeps apart)


@dataclass
class _Tok:
    word: str
    tag: str
    start: int  # offsets in the document's text
    end: int


def _sentence_span(text: str, a: int, b: int) -> tuple[int, int]:
    lo = max(0, a - 300)
    starts = [m.end() for m in _SENT_END.finditer(text, lo, a)]
    s = starts[-1] if starts else lo
    m = _SENT_END.search(text, b, min(len(text), b + 300))
    e = m.start() if m else min(len(text), b + 300)
    return s, e


def _masked(text: str, s: int, e: int) -> tuple[str, list[int]]:
    """The sentence with blanks collapsed and every number replaced by the placeholder,
    and for each of its characters the offset in ``text`` it stands for."""
    out: list[str] = []
    where: list[int] = []
    i = s
    while i < e:
        m = _NUMBER.match(text, i)
        if m and (i == s or not text[i - 1].isalnum()):
            out.append(_HOLDER)
            where.extend([i] * len(_HOLDER))
            i = m.end()
            continue
        ch = text[i]
        if ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                where.append(i)
        else:
            out.append(ch)
            where.append(i)
        i += 1
    return "".join(out), where


@cache
def _tagger() -> Any:
    from underthesea import pos_tag  # optional and heavy: loaded when the path is chosen
    return pos_tag


def available() -> bool:
    try:
        _tagger()
    except ImportError:
        return False
    return True


def _tag_sentences(text: str, spans: Iterable[tuple[int, int]]) -> dict[tuple[int, int], list[_Tok]]:
    """POS tags of each sentence span (each tagged once; the model loads once)."""
    pos_tag = _tagger()
    out: dict[tuple[int, int], list[_Tok]] = {}
    for s, e in spans:
        if (s, e) in out:
            continue
        masked, where = _masked(text, s, e)
        toks: list[_Tok] = []
        cur = 0
        for word, tag in pos_tag(masked):
            k = masked.find(word, cur)
            if k < 0:
                continue
            a = where[k] if k < len(where) else e
            z = where[k + len(word) - 1] + 1 if k + len(word) - 1 < len(where) else e
            if _HOLDER in word:  # the placeholder stands for a whole number
                m = _NUMBER.match(text, where[k + word.rfind(_HOLDER)])
                if m:
                    z = max(z, m.end())
            toks.append(_Tok(word, tag, a, z))
            cur = k + len(word)
        out[(s, e)] = toks
    return out


_NOUNISH = {"N", "Np", "Nc", "Nu", "Ny", "Nb", "A", "M", "L"}
_REL_START = {"đã", "được", "bị", "đang", "chưa", "sẽ"}
_STOP_WORDS = {"là", "đạt", "chiếm", "trong", "bằng", "so", "với", "tăng", "giảm", "gồm", "và", "hoặc", "của",
               "cho", "tại", "từ", "đến", "theo", "trên", "dưới", "có", "còn", "thì", "nhưng", "để", "về", "ước"}


def _extend_counted(text: str, f: Figure, toks: list[_Tok]) -> None:
    """Extend a prose figure's counted phrase over the relative clause the tags show."""
    if not f.counted or f.unit_kind != "count":
        return
    i = next((k for k, t in enumerate(toks) if t.start >= f.end), None)
    if i is None or toks[i].start - f.end > 1:
        return
    words: list[_Tok] = []
    saw_verb = False
    for t in toks[i:i + 12]:
        w = t.word.lower()
        if t.tag == "CH" or t.tag in ("C", "E", "P", "CC") or w in _STOP_WORDS or _HOLDER in t.word:
            break
        if t.tag == "V":
            saw_verb = True
        elif t.tag == "R":
            if w not in _REL_START:
                break
        elif t.tag not in _NOUNISH:
            break
        words.append(t)
    # a clause must hold a verb to be a relative clause; a trailing adverb is dropped
    while words and words[-1].tag == "R":
        words.pop()
    if not words or not saw_verb:
        return
    b = words[-1].end
    counted_start = text.lower().find(f.counted.lower()[:8], f.number_end, f.end + 1)
    if counted_start < 0:
        return
    f.counted = " ".join(text[counted_start:b].split())


def _glued_name(f: Figure, toks: list[_Tok]) -> bool:
    """The tagger glued the masked number into a proper noun ("Hòa Bình 3")."""
    for t in toks:
        if t.start <= f.number_start < t.end and _HOLDER in t.word:
            return t.tag == "Np" and len(t.word.replace(_HOLDER, "").split()) >= 1 and t.word.strip() != _HOLDER
    return False


_WORD_NEXT = re.compile(r"[ \t]+[^\W\d_]")
_TITLE_BEFORE = re.compile(rf"{_TITLE}\s+$")


def _name_candidate(text: str, f: Figure) -> bool:
    return (f.kind == "number" and f.unit is None and not f.precision and f.value <= 999
            and _TITLE_BEFORE.search(text, max(0, f.number_start - 30), f.number_start) is not None)


def _needs_tags(text: str, f: Figure) -> bool:
    """Only where the tags can change something: a counted phrase the rules stopped at a
    word (a relative clause may go on), or a bare number after a Title-case word (a name)."""
    if f.cell:
        return False
    if f.unit_kind == "count" and f.counted and _WORD_NEXT.match(text, f.end):
        return True
    return _name_candidate(text, f)


def _refine_tagger(text: str, figures: list[Figure]) -> list[Figure]:
    prose = [f for f in figures if _needs_tags(text, f)]
    spans = {id(f): _sentence_span(text, f.number_start, f.end) for f in prose}
    tags = _tag_sentences(text, sorted(set(spans.values())))
    out = []
    for f in figures:
        if id(f) in spans:
            toks = tags[spans[id(f)]]
            if _name_candidate(text, f) and _glued_name(f, toks):
                continue
            _extend_counted(text, f, toks)
        out.append(f)
    return out


def refine_figures(text: str, figures: Sequence[Figure], *, mode: str | None = None,
                   warnings: list[str] | None = None, tables: Sequence[Table] | None = None) -> list[Figure]:
    """The figures with their context refined (the names among them dropped), in order;
    ``tables`` (the document's, :func:`extract.find.tables.tables`) give table cells their
    counted phrase, label and unit from the table's rows and columns."""
    m = choose_mode(mode)
    figs = list(figures)
    if m == "underthesea" and figs:
        try:
            figs = _refine_tagger(text, figs)
        except ImportError:
            if warnings is not None:
                warnings.append("figure context: underthesea is not installed (pip install 'baocao[nlp]'); "
                                "the rules alone were used")
    return _refine_rules(text, figs, tables)
