"""Vietnamese numbers: parse what a report wrote into an exact value, and write a value
back the way a Vietnamese report would.

Why this is its own module: reports mix two conventions.  Vietnamese writes ``1.889``
(thousands) and ``19.314,870`` (decimal comma), while tables exported from English-locale
tools write ``87.38``.  Reading ``87.38/100 điểm`` as 8738, or ``1.889 TTHC`` as 1.889,
turns every later consistency check into noise, so the rules live in one place
(see DESIGN.md "Numbers" and ``rules/numbers.yaml``):

* both separators present → the last one is the decimal mark (``19.314,870``, ``1,234.5``);
* several equal separators → they group thousands (``95.120.259.153``);
* ``,`` not followed by exactly three digits → decimal (``90,90``);
* ``.`` followed by groups of exactly three digits → thousands (``1.889``); otherwise a
  decimal point (``87.38``);
* a single separator followed by exactly three digits is ambiguous; the document's
  *majority* decides (``"vi"``: dot = thousands, comma = decimal; ``"en"``: the reverse).
  With no majority, Vietnamese usage wins.

Values are :class:`~decimal.Decimal`, never float, and keep the precision as written:
``90,90`` is ``Decimal("90.90")`` with precision 2, so a check can give it the
±0.005 tolerance it deserves.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext
from functools import cache, lru_cache
from typing import Any

from extract.core.rules import load_yaml

_SEPARATORS = re.compile(r"[.,]")
#: a date written with dots (``25.04.2011``): no number, though its groups look like one.
DOTTED_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}")

__all__ = [
    "ParsedNumber",
    "parse_number",
    "format_vi",
    "document_majority",
    "parse_number_words",
    "vocabulary",
    "NUMBER_RE",
    "DOTTED_DATE",
    "try_parse",
]

#: A number as written: digits with optional '.'/',' separators between digit groups.
#: A separator only belongs to the number when a digit follows it, so a full stop or a
#: list comma after a number is left alone.
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class ParsedNumber:
    """A number as written.  ``precision`` is the count of decimals written (``90,90``
    → 2, ``1.889`` → 0); ``raw`` the text it came from."""

    value: Decimal
    precision: int
    raw: str


class NumberError(ValueError):
    """The text is not a number this parser understands."""


def _make(int_digits: str, frac_digits: str, raw: str) -> ParsedNumber:
    text = int_digits.lstrip("0") or "0"
    if frac_digits:
        text += "." + frac_digits
    try:
        value = Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - digits only reach here
        raise NumberError(raw) from exc
    return ParsedNumber(value, len(frac_digits), raw)


def parse_number(s: str, *, majority: str | None = None) -> ParsedNumber:
    """Parse one number as written in a Vietnamese report.

    ``majority`` is ``"vi"`` (dot groups thousands, comma is decimal), ``"en"`` (the
    reverse) or ``None``; it only decides the genuinely ambiguous single-group case
    (``1.889``, ``1,250``).  Raises :class:`NumberError` (a ``ValueError``) when ``s``
    is not a number.
    """
    raw = s
    s = s.strip().replace("\u00a0", "").replace(" ", "")
    if not s or not NUMBER_RE.fullmatch(s):
        raise NumberError(f"not a number: {raw!r}")
    seps = [c for c in s if c in ".,"]
    if not seps:
        return _make(s, "", raw)
    groups = re.split(r"[.,]", s)
    if "." in seps and "," in seps:
        # both present: the last separator is the decimal mark, the others group
        dec = seps[-1]
        if seps.count(dec) != 1 or any(len(g) != 3 for g in groups[1:-1]):
            raise NumberError(f"inconsistent separators: {raw!r}")
        return _make("".join(groups[:-1]), groups[-1], raw)
    sep = seps[0]
    if len(seps) > 1:
        # 95.120.259.153 / 1,234,567: grouping; every group after the first has 3 digits
        if any(len(g) != 3 for g in groups[1:]):
            raise NumberError(f"not a grouped number: {raw!r}")
        return _make("".join(groups), "", raw)
    head, tail = groups
    if len(tail) != 3:
        return _make(head, tail, raw)  # 90,90 / 87.38 / 0,5 / 1.5
    # exactly three digits after a single separator: ambiguous
    if len(head) > 3 or head.startswith("0") and head != "0":
        # 1234.567 / 01.234 cannot be thousands grouping → decimal
        return _make(head, tail, raw)
    if head == "0":
        return _make(head, tail, raw)  # 0,125 / 0.125
    if sep == ".":
        thousands = majority != "en"
    else:
        thousands = majority == "en"
    if thousands:
        return _make(head + tail, "", raw)
    return _make(head, tail, raw)


def try_parse(s: str, *, majority: str | None = None) -> ParsedNumber | None:
    """:func:`parse_number`, or ``None`` instead of an exception.  Cached: the figure
    scanner and the table cells ask for the same tokens ("1", "100", "2025") over and
    over, and a :class:`ParsedNumber` is immutable."""
    return _try_parse(s, majority)


@lru_cache(maxsize=8192)
def _try_parse(s: str, majority: str | None) -> ParsedNumber | None:
    try:
        return parse_number(s, majority=majority)
    except NumberError:
        return None


def format_vi(value: Decimal | int | str, precision: int | None = None) -> str:
    """Write ``value`` the Vietnamese way: ``.`` groups thousands, ``,`` marks decimals,
    exactly ``precision`` decimals (default: as many as the Decimal carries).

    ``format_vi(Decimal("19314.870"), 3) == "19.314,870"``; ``format_vi(1889) == "1.889"``.
    Parsing the result back with :func:`parse_number` (no majority, or ``"vi"``) gives the
    same value and precision; the property tests check this.
    """
    d = Decimal(value) if not isinstance(value, Decimal) else value
    if precision is None:
        exp = d.as_tuple().exponent
        precision = -exp if isinstance(exp, int) and exp < 0 else 0
    q = Decimal(1).scaleb(-precision)
    with localcontext() as ctx:  # a figure of more digits than the default 28 is still written
        ctx.prec = max(ctx.prec, d.adjusted() + precision + 2)
        d = d.quantize(q)
    sign = "-" if d < 0 else ""
    d = d.copy_abs()  # abs() would round to the context's 28 digits
    text = f"{d:f}"
    if "." in text:
        int_part, frac = text.split(".")
    else:
        int_part, frac = text, ""
    grouped = f"{int(int_part):,}".replace(",", ".")
    return sign + grouped + ("," + frac if precision > 0 else "")


# --------------------------------------------------------------------------- majority

_EVIDENCE_RE = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)+(?![\d])")


def document_majority(text: str | Iterable[str]) -> str | None:
    """Which convention a document uses, from its unambiguous numbers.

    Evidence for ``"vi"``: ``19.314,870``; ``95.120.259``; ``90,90`` (comma + 1–2 digits).
    Evidence for ``"en"``: ``1,234.5``; ``1,234,567``; ``87.38`` (dot + 1–2 digits).
    Returns the convention with more evidence, or ``None`` when there is none or a tie.
    Dates (``30/12/2020`` uses '/') are not matched; ``d.m.yyyy`` dates are skipped.
    """
    if isinstance(text, str):
        return _text_majority(text)  # the figures, the tables and the checks all ask
    return _majority(list(text))


@lru_cache(maxsize=8)
def _text_majority(text: str) -> str | None:
    return _majority([text])


def _majority(chunks: list[str]) -> str | None:
    vi = en = 0
    for chunk in chunks:
        for m in _EVIDENCE_RE.finditer(chunk):
            s = m.group()
            seps = [c for c in s if c in ".,"]
            groups = _SEPARATORS.split(s)
            if DOTTED_DATE.fullmatch(s):
                continue  # a date 30.12.2020
            if "." in seps and "," in seps:
                if seps[-1] == ",":
                    vi += 1
                else:
                    en += 1
            elif len(seps) > 1:
                if all(len(g) == 3 for g in groups[1:]):
                    if seps[0] == ".":
                        vi += 1
                    else:
                        en += 1
            else:
                tail = groups[1]
                if len(tail) in (1, 2):
                    if seps[0] == ",":
                        vi += 1
                    else:
                        # "2.1." style section numbers are not evidence
                        end = m.end()
                        if end < len(chunk) and chunk[end:end + 1] == ".":
                            continue
                        if m.start() == 0 or chunk[m.start() - 1] == "\n":
                            continue
                        en += 1
    if vi == en:
        return None
    return "vi" if vi > en else "en"


# --------------------------------------------------------------------------- words

_UNITS_W = {
    "không": 0, "linh": 0, "lẻ": 0,
    "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "nhăm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10,
}
_SCALES_W = {"mươi": 10, "chục": 10, "trăm": 100, "nghìn": 1000, "ngàn": 1000,
             "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}


def parse_number_words(s: str) -> int | None:
    """Read a number written in words (``hai mươi ba`` → 23, ``một trăm linh năm`` → 105,
    ``ba nghìn`` → 3000).  Returns ``None`` when a word is not a numeral.

    Cheap and strict on purpose: reports write counts in digits; words appear in
    "Một là, Hai là", "hai cấp" and in legal amounts written out after the digits, so
    the figure extractor does not call this on running text.
    """
    words = s.lower().replace("-", " ").split()
    if not words:
        return None
    done: list[tuple[int, int]] = []  # (value, scale) of completed groups (≥ nghìn), largest first
    group = 0  # current group below 1000
    current = 0  # current digit
    said = False  # a digit word was written for ``current`` ("không trăm" is 0, "trăm" alone 100)
    for w in words:
        if w in _UNITS_W:
            n = _UNITS_W[w]
            if said and current % 10:
                return None  # "hai bốn": two digits in a row are no written number
            if n == 10:
                current = 10 if current == 0 else current * 10
            else:
                current = current + n if current >= 10 and current % 10 == 0 else n
            said = True
            continue
        if w in _SCALES_W:
            k = _SCALES_W[w]
            if k == 10:
                current = (current or 1) * 10
            elif k == 100:
                group += (current if said else 1) * 100
                current = 0
            else:
                n = group + current
                if n == 0 and not said:
                    if not done or done[-1][1] >= k:
                        n = 1
                if n == 0 and done and done[-1][1] < k:
                    # "một nghìn tỷ": the scale multiplies the groups before it
                    done = [(v * k, sc * k) for v, sc in done]
                else:
                    done.append((n * k, k))
                group = current = 0
            said = False
            continue
        return None
    return sum(v for v, _ in done) + group + current


# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class UnitForm:
    form: str  # as matched (lower-case unless it is an abbreviation)
    unit: str  # the unit the figure gets
    kind: str  # money | percent | count | score | rank | area | length | duration


@dataclass(frozen=True)
class Vocabulary:
    """``rules/numbers.yaml`` compiled: unit forms (longest first), scale words,
    qualifiers and partition cues."""

    units: tuple[UnitForm, ...]
    unit_by_form: dict[str, UnitForm]
    scales: dict[str, tuple[str, int]]  # form → (canonical word, exponent)
    qualifiers: dict[str, str]  # form → meaning
    cues: tuple[tuple[str, bool, str], ...]  # (form, complete, role)
    raw: dict[str, Any]


@cache
def vocabulary() -> Vocabulary:
    """Load ``rules/numbers.yaml`` once per process."""

    data = load_yaml("numbers.yaml")
    units: list[UnitForm] = []
    for entry in data["units"]:
        kind = entry["kind"]
        for form in entry["forms"]:
            shown = entry["unit"] if kind in ("money", "percent", "score", "rank") else form
            units.append(UnitForm(form, shown, kind))
    units.sort(key=lambda u: -len(u.form))
    by_form: dict[str, UnitForm] = {}
    for u in units:
        by_form.setdefault(u.form.lower(), u)
    scales: dict[str, tuple[str, int]] = {}
    for entry in data["scale_words"]:
        for form in entry["forms"]:
            scales[form] = (entry["word"], int(entry["exponent"]))
    quals: dict[str, str] = {}
    for entry in data["qualifiers"]:
        for form in entry["forms"]:
            quals.setdefault(form, entry["meaning"])
    cues: list[tuple[str, bool, str]] = []
    for entry in data["partition_cues"]:
        for form in entry["forms"]:
            cues.append((form, bool(entry.get("complete", True)), entry.get("role", "list")))
    cues.sort(key=lambda c: -len(c[0]))
    return Vocabulary(tuple(units), by_form, scales, quals, tuple(cues), data)
