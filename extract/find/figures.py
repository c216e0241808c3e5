"""Figures: every number in a report's text with what it counts, its unit, precision and
the phrase that names it.

A report's numbers are only useful to a checker when each one is data: ``1.889 TTHC`` is
the value 1889 of unit "TTHC", named "Toàn tỉnh tính đến nay có"; ``90,90 %`` is 90.90
with precision 2; ``144/147`` is a fraction; ``12 - 14 cán bộ`` a range.  Numbers that
are *not* figures — document numbers (``107/2020/NĐ-CP``), dates and periods, list
numbering, article pinpoints (``Điều 5``), phone numbers, times, URLs, level labels
(``mức độ 4``) — are excluded here so that later checks never see them.

Public API::

    extract_figures(doc, *, include_tables=True) -> list[Figure]   # tables: extract.find.tables
    extract_figures_text(text) -> list[Figure]
    figures_frame(doc) -> pandas.DataFrame     # output-contract columns

Everything is regular expressions compiled once plus a vocabulary from
``rules/numbers.yaml`` (see :func:`extract.core.numbers.vocabulary`); no NLP model.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

try:
    from re._casefix import _EXTRA_CASES  # what re.IGNORECASE adds to simple lower case
except ImportError:  # pragma: no cover - a Python without it scans every pattern the plain way
    _EXTRA_CASES = None

from extract.core.model import Document, Figure
from extract.core.numbers import ParsedNumber, document_majority, try_parse, vocabulary
from extract.core.rules import load_yaml

__all__ = ["TextContext", "docx_table_zones", "family", "group_index", "header_zones", "match_unit", "scaled_unit",
           "scan_figures", "unit_from_label", "word_led_spans"]


@cache
def _scaled_units() -> tuple[re.Pattern[str], dict[str, str], dict[str, str]]:
    v = load_yaml("figure_context.yaml")["scaled_units"]
    return (re.compile(v["pattern"]), {str(k).lower(): str(x) for k, x in v["scales"].items()},
            {str(k).lower(): str(x) for k, x in v["bases"].items()})


@lru_cache(maxsize=4096)
def scaled_unit(text: str) -> str | None:
    """A unit written with its scale word abbreviated or as a number, spelled out: "Tr.đ"
    → "triệu đồng", "1000 tấn" → "nghìn tấn", "Tỷ đ" → "tỷ đồng" (rules/figure_context.yaml
    scaled_units); None when ``text`` is no such unit."""
    rx, scales, bases = _scaled_units()
    m = rx.fullmatch(" ".join(text.split()).strip(" .:;,()"))
    if m is None:
        return None
    scale = scales.get(m.group("scale").lower().replace(" ", ""))
    if scale is None:
        return None
    head, slash, per = m.group("base").partition("/")
    head = bases.get(head.strip().lower(), head.strip())
    return f"{scale} {head}{slash}{per.strip()}" if slash else f"{scale} {head}"


# --------------------------------------------------------------------------- patterns

_L = "A-Za-zÀ-ỹĐđÐ"  # letters incl. Vietnamese
_LETTER = re.compile(f"[{_L}]")

_NUM = r"\d+(?:[.,]\d+)*"


#: legal pinpoints, section labels, codes, level labels ("Điều 5", "Thôn 3", never "chỉ số 6"
#: of "chỉ số 65,50%": (?!\d); "nông thôn 3" is no label)
_PINPOINT = (
    r"(?:Điều|điều|Khoản|khoản|Mẫu số|mẫu số|Mẫu|mẫu|Biểu số|biểu số|Biểu|Phụ lục|phụ lục|Chương|chương|"
    r"Mục|mục|Tiểu mục|Tiết|tiết|Phần|phần thứ|Đợt|đợt|Bước|bước|Lần|lần thứ|lần|Tổ|Khu|khu|Quầy|quầy|"
    r"Phòng số|phòng số|(?<![Nn]ông )(?:Thôn|thôn)|Ấp|ấp|Tầng|tầng|Giai đoạn|Nhóm|nhóm|Tiêu chí|tiêu chí|Chỉ số|chỉ số|"
    r"Phiên bản|phiên bản|Version|version|Khóa|khóa|Khoá|khoá|Tuần|tuần thứ|Liên|liên)\s+\d+(?:\.\d+)*"
    r"(?!\d)(?!\s*(?:[.,]\d|%|/\d))"
)


@cache
def _exclusion_res() -> list[re.Pattern[str]]:
    """Spans whose numbers are never figures.  Order does not matter: every span is
    masked."""
    doc_words = (
        r"Nghị định|Nghị quyết|Quyết định|Thông tư liên tịch|Thông tư|Chỉ thị|Kế hoạch|Công văn|"
        r"Văn bản|Báo cáo|Tờ trình|Thông báo|Kết luận|Đề án|Chương trình|Hướng dẫn|Công điện|"
        r"Quy định|Quy chế|Luật|Pháp lệnh|Lệnh|Hiến pháp|Chỉ thị|Dự án|Quyết định số"
    )
    pats = [
        # URLs and e-mail addresses
        r"(?:https?://|www\.)[^\s)\]”\"]+",
        _EMAIL,
        # document numbers: 107/2020/NĐ-CP, 1149/QĐ-BNV, 1206 /QĐ-HVTC, 1070/TCT, 360/HĐTĐ
        rf"\d+(?:\.\d+)?\s?/\s?(?:\d{{4}}\s?[/-]\s?)?[A-ZĐÐ][{_L}0-9&]*(?:\s?[/-]\s?[A-ZĐÐ][{_L}0-9&]*)*",
        # Party / old ministry numbers: 83-KL/TW, 06-NQ/TU, 1141-TC/QĐ/CĐKT
        r"\d+\s?[-–]\s?[A-ZĐÐ][A-ZĐÐa-z0-9]{0,8}\s?/\s?[A-ZĐÐ]",
        # "Quyết định số 12", "Đề án 06", "Chỉ thị 15", "QĐ932" — a document's number
        rf"(?i:{doc_words})\s+(?:số\s*)?\d+(?:[.,]\d+)*(?!\s*(?:/\s*\d|%))",
        r"(?<![\w])(?:QĐ|NĐ|NQ|CV|KH|TB|TT|CT|BC)\s?\d+",
        # dates and periods
        r"\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?\d{4}",
        r"(?i:ngày)\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s*,?\s+năm\s+\d{4})?",
        r"(?i:ngày|hôm|đêm|sáng|chiều|tối)\s+\d{1,2}\s?[/.-]\s?\d{1,2}\b",
        r"(?i:ngày|mùng|mồng)\s+\d{1,2}(?![\d.,%])",
        r"(?i:tháng)\s+\d{1,2}(?:\s?[/.-]\s?\d{4}|\s*,?\s+năm\s+\d{4})?(?!\s*(?:/\s*)?\d)",
        r"(?i:quý)\s+(?:[IV]{1,3}|\d)(?:\s?[/.-]\s?\d{4}|\s+năm\s+\d{4})?",
        r"(?:[IV]{1,3}|\d{1,2})\s?/\s?(?:19|20)\d{2}\b",
        r"(?i:năm|niên độ|niên khóa|niên khoá|nhiệm kỳ|giai đoạn|khóa|khoá|kỳ|từ năm|đến năm|trước năm|sau năm)"
        r"\s+(?:19|20)\d{2}(?:\s?[-–]\s?(?:19|20)\d{2})?",
        r"(?<![\d.,])(?:19|20)\d{2}\s?[-–]\s?(?:19|20)\d{2}(?![\d.,])",
        r"\d{1,2}\s+tháng\s+(?:đầu|cuối|giữa)\s+năm",
        # clock times
        r"\d{1,2}\s?(?:giờ|h)\s?\d{1,2}(?:\s?phút|')?",
        r"(?<![\d.,])\d{1,2}:\d{2}(?::\d{2})?(?![\d])",
        r"(?i:lúc|vào lúc|từ lúc|trước|sau|vào|từ|đến|tới)\s+\d{1,2}\s?(?:giờ|h)(?![{_L}])".replace("{_L}", _L),
        r"\d{1,2}\s?(?:giờ|h)\s+(?:ngày|sáng|chiều|tối|trưa|hằng|hàng)(?![{_L}])".replace("{_L}", _L),
        # phone numbers (leading 0 or +84, 9–11 digits in groups)
        r"(?<![\d.,])(?:\+84|\(?0\d{1,3}\)?)(?:[\s.-]?\d{2,4}){2,3}(?![\d.,]*\d)",
        # legal pinpoints, section labels, codes, level labels
        _PINPOINT,
        r"(?i:mức độ|cấp độ|mức|hạng|loại|nhóm)\s+\d+(?:\s*(?:,|và|hoặc|-|–)\s*(?:(?i:mức độ|cấp độ|mức)\s+)?\d+)*"
        r"(?!\d)(?!\s*(?:[.,]\d|%))",
        r"(?i:mã số|mã|số hiệu|số định danh|mã hồ sơ|mã TTHC|số điện thoại|điện thoại|ĐT|Fax|Hotline|SĐT)"
        r"(?:\s+TTHC)?\s*:?\s*[\d.,\s-]*\d",
        r"(?i:covid|sars-cov)\s?[-–]?\s?\d+",
        r"(?:ISO|TCVN|IEC)\s?\d+(?:[-:]\d+)*",
        r"(?i:công nghiệp|cách mạng|CMCN|web)\s+\d\.0",
        # list numbering: "(1)", "1)", paragraph-initial "1.", "2.1.", "2.1 Kết quả"
        r"\(\d{1,2}\)",
        r"(?<![\w.,])\d{1,2}\)(?=\s)",
        r"(?m)^[\t ]*(?:[-+•*]\s*)?\d{1,2}(?:\.\d{1,2})*[.)](?=\s|$|[A-ZĐ])",
        r"(?m)^[\t ]*\d{1,2}(?:\.\d{1,2})+(?=\s+[A-ZĐÀ-Ỹ])",
        r"(?m)^[\t ]*\d{1,2}(?:\.\d)+(?=\s+[a-zà-ỹđ])",  # "3.3 một số chi tiết" (never 87.38)
        # "2.1- Nội địa hoá", "3.1 - Đủ điều kiện", "1- Hoạt động": numbered clauses run into one
        # paragraph (old legal texts); a hyphen then a capital word after the number, on the
        # number's line ("45\n- Xe …" is a bullet list's part, then the next item's dash)
        r"(?:(?<=^)|(?<=\n)|(?<=[:;.]\s)|(?<=[:;]))[\t ]*\d{1,2}(?:\.\d{1,2})*\)?[\t ]?[-–](?=\s*[A-ZĐÀ-Ỹ])",
        # a paragraph that is only a short number: a footnote marker or page number left over
        r"(?m)^[\t ]*\d+(?:[.,]\d+)*[\t ]*$",
        # a PDF table row read as text: "1 Sở Khoa học và Công nghệ" (STT + first cell)
        r"(?m)^[\t ]*\d{1,2}(?=[ \t]+[A-ZĐÀ-Ỹ][a-zà-ỹđ])",
    ]
    pats = [_FAST_FORMS.get(p, p) for p in pats]
    # a word-led pattern must start at a word boundary ("ấp" is not inside "cấp")
    return [re.compile((rf"(?<![{_L}])" if p[:1] in "(r" and re.match(r"\(\?(?:i:|:)[A-Za-zÀ-ỹĐđ]", p) else "") + p)
            for p in pats]


#: exclusion patterns written as read (left) and as run (right): the same matches (a
#: property test holds each pair to it), but led by the character every match starts
#: with instead of a look-behind, so that the regex engine skips to those characters
#: instead of trying the pattern at every position of the text.  "x(?<!Yx)" is
#: "(?<!Y)x" once x is matched; a leading group splits by its first character.
_FAST_FORMS = {
    # a legal pinpoint's words: "(?<![Nn]ông )(?:Thôn|thôn)" is "Thôn|thôn" checked after
    # the word (no other word of the list ends in "hôn"), so that the list is plain words
    # and the scanner tries the pattern only where one of them starts
    _PINPOINT: _PINPOINT.replace(r"(?<![Nn]ông )(?:Thôn|thôn)", "Thôn|thôn").replace(
        r"|Liên|liên)\s+", r"|Liên|liên)(?<![Nn]ông [Tt]hôn)\s+", 1),
    r"(?<![\d.,])\d{1,2}:\d{2}(?::\d{2})?(?![\d])": r"\d(?<![\d.,]\d)\d?:\d{2}(?::\d{2})?(?![\d])",
    r"(?<![\w.,])\d{1,2}\)(?=\s)": r"\d(?<![\w.,]\d)\d?\)(?=\s)",
    r"(?<![\d.,])(?:\+84|\(?0\d{1,3}\)?)(?:[\s.-]?\d{2,4}){2,3}(?![\d.,]*\d)":
        r"(?:\+(?<![\d.,]\+)84|\((?<![\d.,]\()0\d{1,3}\)?|0(?<![\d.,]0)\d{1,3}\)?)(?:[\s.-]?\d{2,4}){2,3}(?![\d.,]*\d)",
    r"(?:[IV]{1,3}|\d{1,2})\s?/\s?(?:19|20)\d{2}\b": r"[IV\d](?:(?<=[IV])[IV]{0,2}|(?<=\d)\d?)\s?/\s?(?:19|20)\d{2}\b",
    r"(?<![\d.,])(?:19|20)\d{2}\s?[-–]\s?(?:19|20)\d{2}(?![\d.,])":
        r"(?:1(?<![\d.,]1)9|2(?<![\d.,]2)0)\d{2}\s?[-–]\s?(?:19|20)\d{2}(?![\d.,])",
    r"(?:(?<=^)|(?<=\n)|(?<=[:;.]\s)|(?<=[:;]))[\t ]*\d{1,2}(?:\.\d{1,2})*\)?[\t ]?[-–](?=\s*[A-ZĐÀ-Ỹ])":
        r"[\t \d](?:(?<=^[\t \d])|(?<=\n[\t \d])|(?<=[:;.]\s[\t \d])|(?<=[:;][\t \d]))"
        r"(?:(?<=[\t ])[\t ]*\d{1,2}|(?<=\d)\d?)(?:\.\d{1,2})*\)?[\t ]?[-–](?=\s*[A-ZĐÀ-Ỹ])",
}
#: e-mail addresses: every match reaches its "@" through [\w.+-] characters
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_EMAIL_CHAR = re.compile(r"[\w.+-]")


_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_SPACE = re.compile(r"[ \t\u00a0]*")


def _space(text: str, pos: int) -> re.Match[str]:
    """The run of spaces at ``pos`` (possibly empty: ``_SPACE`` always matches)."""
    m = _SPACE.match(text, pos)
    assert m is not None
    return m
_FRACTION_TAIL = re.compile(r"[ \t]?/[ \t]?(\d+(?:[.,]\d+)*)(?![\d/]|\s?/\s?\d)")
_RANGE_TAIL = re.compile(
    r"(?P<pct>[ \t]?%)?[ \t]*(?P<sep>-|–|—|đến|tới)[ \t]*(?P<q>dưới|trên|không quá|tối đa)?[ \t]*"
    r"(?P<num>\d+(?:[.,]\d+)*)"
)
_WORD = re.compile(f"[{_L}][{_L}0-9&-]*")

_STOP_START = {
    "là", "và", "hoặc", "đã", "được", "đạt", "trong", "so", "với", "của", "cho", "tại", "theo", "để",
    "nhằm", "từ", "đến", "trên", "dưới", "có", "không", "chưa", "còn", "bằng", "tăng", "giảm", "vượt",
    "chiếm", "xếp", "thuộc", "về", "sau", "trước", "khi", "thì", "mà", "này", "đó", "các", "những",
    "năm", "tháng", "ngày", "quý", "đang", "sẽ", "bị", "phải", "cần", "gồm", "bao", "trở", "hơn",
    "lần", "tương", "ra", "vào", "qua", "ở", "do", "cùng", "mỗi", "đều", "đúng", "trễ", "quá", "xuống", "lên",
}
_STOP_CONT = _STOP_START | {
    "cấp", "mức", "thực", "giải", "ban", "tiếp", "xử", "công", "triển", "tham", "đăng", "hoàn",
    "đề", "sửa", "bổ", "bãi", "kiểm", "rà", "phát", "tổ", "chuyển", "làm", "hưởng", "trực",
    "ước", "tính", "chỉ", "đảm", "lĩnh", "toàn", "riêng", "cụ", "hiện", "nay", "bởi", "tham",
    "gắn", "bên", "nêu", "như", "mới", "lại", "hết", "đối", "nhưng", "tuy",
}
# nouns allowed to continue a counted phrase although they are in _STOP_CONT
_CONT_OK = {"trực tuyến", "công lập", "chuyên môn", "công chức", "công vụ", "công trực"}

_LIST_SEP = re.compile(r",[ \t]*|[ \t]+và[ \t]+")
_FAMILY = {"người": "people", "cán bộ": "people", "đơn vị": "org", "xã": "org"}

_RATE_DENOM = re.compile(
    r"/[ \t]?(?:1[ \t])?((?:tháng|năm|ngày|người|hồ sơ|lượt|hộ|ha|m2|m²|km|giờ|buổi|lần|suất|học viên|trẻ|xã|đơn vị|bộ)(?![{_L}])"
    # an abbreviation that says of what ("đồng/lượt TV.": per consultation), closing the phrase
    r"(?:[ \t][A-ZĐ]{2,3}(?=[ \t]*(?:[.,;:)\n]|$)))?)"
    .replace("{_L}", _L)
)


def _norm_ws(s: str) -> str:
    return " ".join(s.split())


@dataclass
class TextContext:
    text: str
    lower: str
    mask: bytearray
    majority: str | None


_LEAD_WORDS = re.compile(r"(?:\(\?<[!=][^()]*\))?\(\?(i?):([^()\[\]\\.*+?{}^$|]+(?:\|[^()\[\]\\.*+?{}^$|]+)*)\)")
# characters that match another under re.IGNORECASE though their str.lower() differs
# ("ı" matches "i", "ſ" matches "s"): a text holding one is scanned the plain way
_FOLD_ODD = re.compile("[" + "".join(sorted({re.escape(chr(c)) for k, v in _EXTRA_CASES.items() for c in (k, *v)
                                              if c > 127})) + "]") if _EXTRA_CASES else None


@cache
def _exclusions() -> list[tuple[re.Pattern[str], tuple[str, ...] | None, bool]]:
    """Each exclusion pattern with the literal words every match starts with (None when
    it does not start with a plain alternation of words) and whether they ignore case."""
    out: list[tuple[re.Pattern[str], tuple[str, ...] | None, bool]] = []
    for pat in _exclusion_res():
        m = _LEAD_WORDS.match(pat.pattern)
        if m is None or pat.flags & re.IGNORECASE:
            out.append((pat, None, False))
        else:
            icase = bool(m.group(1))
            words = tuple(w.lower() for w in m.group(2).split("|")) if icase else tuple(m.group(2).split("|"))
            out.append((pat, words, icase))
    return out


def _matches(pat: re.Pattern[str], text: str, hay: str, words: tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """The spans of ``pat.finditer(text)``, for a pattern whose every match starts with
    one of ``words`` (as found in ``hay``: the text, or its lower case): the pattern is
    tried only where a word starts, in order, never inside the previous match — so the
    regex engine does not walk the whole text."""
    starts: set[int] = set()
    for w in words:
        k = hay.find(w)
        while k != -1:
            starts.add(k)
            k = hay.find(w, k + 1)
    end = 0
    for k in sorted(starts):
        if k < end:
            continue
        m = pat.match(text, k)
        if m is not None:
            yield m.span()
            end = max(m.end(), k + 1)


def word_led_spans(pat: re.Pattern[str], text: str, words: tuple[str, ...],
                   lower: str | None = None) -> Iterator[tuple[int, int]]:
    """The spans of ``pat.finditer(text)`` for a case-insensitive pattern whose every
    match starts with one of ``words`` (in lower case; ``lower``: ``text.lower()`` when
    at hand): tried only where a word starts in the lowered text (:func:`_matches`), unless
    lowering moves offsets or the text holds a character that folds unlike its lower()
    (then the regex engine walks the text as usual)."""
    if lower is None:
        lower = text.lower()
    if len(lower) == len(text) and (_FOLD_ODD is None or _FOLD_ODD.search(text) is None):
        return _matches(pat, text, lower, words)
    return (m.span() for m in pat.finditer(text))


def _at_matches(pat: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    """The spans of ``pat.finditer(text)`` for the e-mail pattern (:data:`_EMAIL`): a
    match starts where the run of [\\w.+-] characters before an "@" starts, so the
    pattern is tried there only (every start in that run reaches the same "@" and fails
    or succeeds with it; none before it reaches an "@")."""
    pos = 0
    at = text.find("@")
    while at != -1:
        s = at
        while s > pos and _EMAIL_CHAR.match(text, s - 1):
            s -= 1
        m = pat.match(text, s) if s < at else None
        if m is not None:
            yield m.span()
            pos = m.end()
            at = text.find("@", pos)
        else:
            at = text.find("@", at + 1)


def _build_mask(text: str, zones: list[tuple[int, int]], lower: str | None = None) -> bytearray:
    mask = bytearray(len(text) + 1)
    if lower is None:
        lower = text.lower()
    # a lowered text with the same offsets, and no character that folds unlike its lower()
    folds = len(lower) == len(text) and _FOLD_ODD is not None and _FOLD_ODD.search(text) is None
    for pat, words, icase in _exclusions():
        if pat.pattern == _EMAIL:
            spans: Iterable[tuple[int, int]] = _at_matches(pat, text)
        elif words is None or (icase and not folds):
            spans = (m.span() for m in pat.finditer(text))
        else:
            spans = _matches(pat, text, lower if icase else text, words)
        for a, b in spans:
            if b > a:
                mask[a:b] = b"\x01" * (b - a)
    for a, b in zones:
        a, b = max(0, a), min(len(text), b)
        if b > a:
            mask[a:b] = b"\x01" * (b - a)
    return mask


def _masked(ctx: TextContext, a: int, b: int) -> bool:
    return ctx.mask.find(1, a, b) != -1


# --------------------------------------------------------------------------- units


def match_unit(ctx: TextContext, pos: int) -> tuple[str, str, int, int, int] | None:
    """Unit written at ``pos`` (spaces skipped): (unit, kind, scale, unit_start, unit_end)."""
    text, lower = ctx.text, ctx.lower
    voc = vocabulary()
    p = pos + len(_space(text, pos).group())
    start = p
    scale = 0
    scale_word = None
    scale_end = p
    for form, (word, exp) in voc.scales.items():
        if lower.startswith(form, p) and not _is_letter(text, p + len(form)):
            scale, scale_word = exp, word
            p += len(form)
            scale_end = p
            p += len(_space(text, p).group())
            break
    if p < len(text) and text[p] == "%" and not scale_word:
        return "%", "percent", 0, start, p + 1
    for u, cased in _units_at(lower, p):
        f = u.form
        if not (text.startswith(f, p) if cased else lower.startswith(f, p)):
            continue
        end = p + len(f)
        glued_d = f == "đ"
        if _is_letter(text, end) or (end < len(text) and text[end].isdigit()):
            continue
        if glued_d and p > start:
            continue  # a lone "đ" after a space is too often something else
        unit = u.unit
        if scale_word:
            unit = f"{scale_word} {unit}"
        m = _RATE_DENOM.match(text, end)
        if m and u.kind == "money":
            unit = f"{unit}/{m.group(1)}"
            end = m.end()
        return unit, u.kind, scale, start, end
    if scale_word:
        return scale_word, "count", scale, start, scale_end  # "3 triệu" with no unit after it
    return None


@cache
def _units_by_initial() -> dict[str, tuple[tuple[Any, bool], ...]]:
    """Unit forms (but "%", matched apart) grouped by their lower-case first letter, in
    vocabulary order, each with whether it must match case ("TTHC", "USD").  The unit
    scan runs once per number, so it looks only at forms that can start there."""
    out: dict[str, list[tuple[Any, bool]]] = {}
    for u in vocabulary().units:
        if u.form == "%":
            continue
        out.setdefault(u.form[:1].lower(), []).append((u, any(c.isupper() for c in u.form)))
    return {k: tuple(v) for k, v in out.items()}


def _units_at(lower: str, p: int) -> tuple[tuple[Any, bool], ...]:
    return _units_by_initial().get(lower[p:p + 1], ()) if p < len(lower) else ()


def _is_letter(text: str, i: int) -> bool:
    return i < len(text) and bool(_LETTER.match(text[i]))


def _unit_form_at(ctx: TextContext, p: int):
    """The vocabulary unit form starting exactly at ``p`` (no scale), or None."""
    text, lower = ctx.text, ctx.lower
    for u, cased in _units_at(lower, p):
        f = u.form
        if f == "đ":
            continue
        ok = text.startswith(f, p) if cased else lower.startswith(f, p)
        if ok and not _is_letter(text, p + len(f)):
            return u
    return None


@cache
def group_index() -> dict[str, str]:
    out: dict[str, str] = {}
    for entry in vocabulary().raw["units"]:
        for f in entry["forms"]:
            out.setdefault(f.lower(), entry["unit"])
    return out


def family(form: str) -> str:
    g = group_index().get(form.lower(), form.lower())
    return _FAMILY.get(g, g)


def _counted_phrase(ctx: TextContext, p: int, head_form: str | None) -> tuple[str | None, int]:
    """The noun phrase counted, starting at ``p``: words until a stop word, punctuation
    or a digit; at most six words.  ``X, Y`` and ``X và Y`` continue when Y is a unit of
    the same family ("cơ quan, đơn vị", "công chức, viên chức và người lao động")."""
    text = ctx.text
    words: list[tuple[int, int]] = []
    i = p
    n = len(text)
    fam = family(head_form) if head_form else None
    while i < n and len(words) < 8:
        m = _WORD.match(text, i)
        if not m:
            break
        w = m.group()
        wl = w.lower()
        if words:
            two = ctx.lower[m.start():m.start() + 12]
            if wl in _STOP_CONT and not any(two.startswith(ok) for ok in _CONT_OK):
                # allow the head unit's own multi-word form to run on
                break
        elif wl in _STOP_START:
            return None, p
        words.append(m.span())
        i = m.end()
        # continuation: spaces then a word, or ", "/" và " + a unit of the same family
        mm = _LIST_SEP.match(text, i)
        if mm and fam is not None:
            u = _unit_form_at(ctx, mm.end())
            if u is not None and family(u.form) == fam:
                i = mm.end()  # "cơ quan, đơn vị", "công chức và người lao động"
                continue
        sp = _space(text, i).end()
        if sp < n and _WORD.match(text, sp) and sp > i:
            i = sp
            continue
        break
    if not words:
        return None, p
    # drop trailing words that are stop words for a phrase end
    while len(words) > 1 and ctx.lower[words[-1][0]:words[-1][1]] in _STOP_CONT:
        words.pop()
    a, b = words[0][0], words[-1][1]
    return _norm_ws(text[a:b]), b


# --------------------------------------------------------------------------- labels

_LABEL_STRIP_HEAD = re.compile(
    r"^(?:[-+•*–]\s*|\(|trong đó(?: có)?[:,]?\s*|bao gồm[:,]?\s*|gồm(?: có)?[:,]?\s*|cụ thể[:,]?\s*|"
    r"và\s+|hoặc\s+|riêng\s+)+",
    re.I,
)
_LABEL_STRIP_TAIL = re.compile(
    r"(?:\s+(?:là|đạt|ước đạt|ước|có|được|gồm|gồm có|bằng|chiếm|khoảng|trên|hơn|gần|dưới|từ|"
    r"tối thiểu|tối đa|ít nhất|không quá|xấp xỉ|với|cho|tổng số|tổng cộng|tổng|:|=))+\s*$",
    re.I,
)


_SENTENCE_CUT = re.compile(r"[.!?]\s+(?=[A-ZĐÀ-Ỹ])")
_SENTENCE_CUT_DIGIT = re.compile(r"[.!?]\s+(?=[A-ZĐÀ-Ỹ\d])")


def _label(ctx: TextContext, start: int) -> str | None:
    """The phrase that names the figure: the clause before it.  After a colon
    ("Số lượng TTHC thuộc …: 1497") the clause before the colon, commas included."""
    text = ctx.text
    j = start
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    colon = j > 0 and text[j - 1] == ":"
    lo = max(0, start - 300)
    seg = text[lo:(j - 1 if colon else start)]
    if colon:
        cut = max(seg.rfind("\n"), seg.rfind(";"), seg.rfind("("), seg.rfind(":"))
    else:
        cut = max(seg.rfind("\n"), seg.rfind(";"), seg.rfind("("), seg.rfind(":"), seg.rfind(","), seg.rfind(")"))
    # a sentence end ". X" also cuts (the last one)
    last = None
    for last in (_SENTENCE_CUT if colon else _SENTENCE_CUT_DIGIT).finditer(seg):
        pass
    if last is not None:
        cut = max(cut, last.end() - 1)
    lab = seg[cut + 1:]
    lab = _LABEL_STRIP_HEAD.sub("", lab.strip())
    lab = _LABEL_STRIP_TAIL.sub("", lab).strip(" ,:;-–")
    lab = _norm_ws(lab)
    if not lab or not _LETTER.search(lab):
        return None
    words = lab.split()
    if len(words) > 18:
        lab = " ".join(words[-18:])
    return lab


_LABEL_UNIT = re.compile(r"(?i)(?:^|\b)(?:tổng\s+)?(?:số\s+lượng|số|tổng\s+số)\s+(?:các\s+)?")


def unit_from_label(ctx: TextContext, label: str | None) -> tuple[str, str] | None:
    """"Số lượng TTHC thuộc …" → TTHC; "tổng số hồ sơ …" → hồ sơ.  (Read from the label
    alone: a table's row label is asked for by each of its cells, so it is memoized.)"""
    if not label:
        return None
    return _label_unit(label)


@lru_cache(maxsize=4096)
def _label_unit(label: str) -> tuple[str, str] | None:
    for m in _LABEL_UNIT.finditer(label):
        rest = label[m.end():]
        sub = TextContext(rest, rest.lower(), bytearray(len(rest) + 1), None)
        u = _unit_form_at(sub, 0)
        if u is not None and u.kind == "count":
            return u.unit, u.kind
    return None


# --------------------------------------------------------------------------- qualifiers


@cache
def _qualifier_re() -> re.Pattern[str]:
    forms = sorted(vocabulary().qualifiers, key=len, reverse=True)
    alt = "|".join(re.escape(f) for f in forms)
    return re.compile(rf"(?:(?<=[\s(:;,])|^)(?P<q>{alt})[ \t]*$", re.I)


def _qualifier(ctx: TextContext, start: int) -> tuple[str | None, int]:
    seg = ctx.text[max(0, start - 25):start]
    m = _qualifier_re().search(seg)
    if not m:
        return None, start
    form = m.group("q").lower()
    meaning = vocabulary().qualifiers.get(form) or vocabulary().qualifiers.get(m.group("q"))
    return meaning, start - (len(seg) - m.start("q"))


# --------------------------------------------------------------------------- main scan


def _date_like(a: ParsedNumber, b: ParsedNumber) -> bool:
    return (a.precision == 0 and b.precision == 0 and 1 <= a.value <= 31 and 1 <= b.value <= 12
            and "." not in a.raw and "," not in a.raw)


@cache
def _grade_before() -> re.Pattern[str]:
    """A category of a distribution right before a number ("Tốt 06/11", "Khá: 04/11"):
    the terms of rules/numbers.yaml ``distribution_scales``."""
    terms = sorted({str(t).lower() for sc in vocabulary().raw.get("distribution_scales", []) for t in sc["terms"]},
                   key=len, reverse=True)
    alt = "|".join(re.escape(t) for t in terms) or "(?!)"
    return re.compile(rf"(?<![^\W\d_])(?:{alt})\s*:?\s*$", re.I)


_SHARE_AFTER = re.compile(r"\s*\(\s*(?:chiếm\s*|tỷ lệ\s*|tỉ lệ\s*)?\d{1,3}(?:[.,]\d+)?\s*%")


#: "360.414 hồ sơ trực tuyến/370.320 tổng hồ sơ": a count, its noun, then "/" and the base
_COUNT_SLASH = re.compile(r"(?<![\d/.,])\d{1,3}(?:\.\d{3})*\s+[a-zà-ỹđ][a-zà-ỹđ ]{0,40}/$")


def _base_after_slash(text: str, a: int, b: int) -> bool:
    """"360.414 hồ sơ trực tuyến/370.320 tổng hồ sơ": the number after "/" is the base of
    the count before it when both count the same noun (its first two words recur right
    after the base); "22 máy/22 đơn vị" is a rate, and "12/QĐ" a code."""
    m = _COUNT_SLASH.search(text, max(0, a - 60), a)
    if not m:
        return False
    noun = m.group(0).split(None, 1)[1].rstrip("/").split()[:2]
    after = " ".join(text[b:b + 40].lower().split())
    return re.match(rf"(?:tổng\s+(?:số\s+)?)?{re.escape(' '.join(noun))}(?![^\W\d_])", after) is not None


def _count_of_base(text: str, a: int, end: int) -> bool:
    """"Tốt 06/11 (54,5%)": a date-like a/b that is a count of a base — a grade right
    before it, or its share in parentheses right after it."""
    return _SHARE_AFTER.match(text, end) is not None or _grade_before().search(text, max(0, a - 30), a) is not None


def _scan(ctx: TextContext, lo: int, hi: int) -> list[Figure]:
    text = ctx.text
    out: list[Figure] = []
    pos = lo
    while True:
        m = _NUMBER_TOKEN.search(text, pos, hi)
        if not m:
            break
        a, b = m.span()
        pos = b
        if _masked(ctx, a, b):
            continue
        # glued to a letter before ("B1", "QĐ932") or part of a code ("1.011963" already masked)
        if a > 0 and (_LETTER.match(text[a - 1]) or text[a - 1] in "_/\\#@") and not (
                text[a - 1] == "/" and _base_after_slash(text, a, b)):
            continue
        if a > 1 and text[a - 1] in "-–" and _LETTER.match(text[a - 2]):
            continue
        first = try_parse(m.group(), majority=ctx.majority)
        if first is None:
            continue
        kind = "number"
        num = den = low = high = None
        high_q = None
        end = b
        raw = m.group()
        # fraction a/b
        fm = _FRACTION_TAIL.match(text, b)
        if fm and not _masked(ctx, fm.start(1), fm.end(1)):
            second = try_parse(fm.group(1), majority=ctx.majority)
            if second is not None:
                unit_after = match_unit(ctx, fm.end())
                if (_date_like(first, second) and (unit_after is None or unit_after[1] != "count")
                        and not _count_of_base(text, a, fm.end())):
                    pos = fm.end()
                    continue  # 09/11, 26/3 – a date
                if _YEAR.fullmatch(fm.group(1)) and first.value <= 12:
                    pos = fm.end()
                    continue  # 3/2022 – a month
                kind = "fraction"
                num, den = first.value, second.value
                end = fm.end()
                raw = text[a:end]
        # range a - b / a đến b
        if kind == "number":
            rm = _RANGE_TAIL.match(text, b)
            if rm and not _masked(ctx, rm.start("num"), rm.end("num")):
                second = try_parse(rm.group("num"), majority=ctx.majority)
                yearish = _YEAR.fullmatch(m.group()) and _YEAR.fullmatch(rm.group("num"))
                if (second is not None and second.value > first.value and not yearish
                        and not (rm.group("pct") and text[rm.end("num"):rm.end("num") + 2].strip()[:1] != "%")):
                    after = rm.end("num")
                    if not _FRACTION_TAIL.match(text, after) and not re.match(r"\s?[/.-]\s?\d", text[after:after + 3]):
                        kind = "range"
                        low, high = first.value, second.value
                        high_q = vocabulary().qualifiers.get(rm.group("q")) if rm.group("q") else None
                        end = after
                        raw = text[a:end]
        # glued letters after the number: only a unit may follow ("300.000đ", "10%")
        if _is_letter(text, end):
            wm = _WORD.match(text, end)
            w = wm.group() if wm else ""
            if not (w.startswith("đ") and (len(w) == 1 or w in ("đồng",))) and w.lower() not in ("ha", "km", "m2", "tr"):
                continue
        # a bare four-digit year
        if kind == "number" and _YEAR.fullmatch(m.group()):
            year_unit = match_unit(ctx, end)
            if year_unit is None or year_unit[1] != "count":
                continue
        unit_t = match_unit(ctx, end)
        unit = counted = ukind = None
        scale = 0
        fig_end = end
        if unit_t is not None:
            unit, ukind, scale, us, ue = unit_t
            fig_end = ue
            if ukind == "count":
                head = text[us:ue]
                counted, cend = _counted_phrase(ctx, us, head)
                if counted is None:
                    counted = head
                # the unit keeps the form written (lower case unless an abbreviation)
                fig_end = max(ue, cend if counted else ue)
                # a form that is only the start of a longer phrase keeps its own name
            elif ukind == "percent":
                nxt = _space(text, ue).end()
                counted, _ = _counted_phrase(ctx, nxt, None) if _is_letter(text, nxt) else (None, nxt)
        else:
            # no vocabulary unit: the noun phrase right after the number, if any
            nxt = _space(text, end).end()
            if _is_letter(text, nxt) and nxt - end <= 1:
                c, cend = _counted_phrase(ctx, nxt, None)
                if c is not None:
                    counted = unit = c
                    ukind = "count"
                    fig_end = cend
        qual, qstart = _qualifier(ctx, a)
        if kind == "range" and qual == "at_least" and ctx.lower[qstart:qstart + 2] == "từ":
            qual = None  # "từ 5 - 7": the range itself
        if qual is None and kind == "range":
            qstart = a
            q2 = ctx.lower[max(0, a - 3):a]
            if q2.endswith("từ "):
                qstart = a - 3
        fkind = kind
        if kind == "number":
            if ukind == "percent":
                fkind = "percent"
            elif ukind == "money":
                fkind = "money"
        fig = Figure(
            start=qstart if qual or kind == "range" else a,
            end=fig_end,
            text=_norm_ws(text[(qstart if qual or kind == "range" else a):fig_end]),
            value=low if kind == "range" and low is not None else first.value,
            precision=first.precision,
            unit=unit,
            counted=counted,
            qualifier=qual,
            kind=fkind,
            numerator=num,
            denominator=den,
            low=low,
            high=high,
            high_qualifier=high_q,
            scale=scale,
            unit_kind=ukind,
            unit_source="text" if unit else None,
            raw=raw,
        )
        fig.number_start, fig.number_end = a, end
        out.append(fig)
        pos = max(pos, end)
    return out


# --------------------------------------------------------------------------- text


def scan_figures(text: str, *, zones: list[tuple[int, int]] | None = None,
                 majority: str | None = None, labels: bool = True) -> list[Figure]:
    """Figures of plain text, each with its label and the unit its label gives, before
    any unit is inherited from a statement.  ``zones`` are spans to skip; ``majority``
    overrides the separator convention found in the text; ``labels=False`` leaves every
    label (and the unit a label gives) out, for a caller that asks only which numbers
    are figures."""
    if majority is None:
        majority = document_majority(text)
    lower = text.lower()
    ctx = TextContext(text, lower, _build_mask(text, zones or [], lower), majority)
    figs = _scan(ctx, 0, len(text))
    if not labels:
        return figs
    for f in figs:
        f.label = _label(ctx, f.start)
        if f.unit is None:
            lu = unit_from_label(ctx, f.label)
            if lu:
                f.unit, f.unit_kind = lu
                f.unit_source = "label"
    return figs


# --------------------------------------------------------------------------- documents


def docx_table_zones(doc: Document) -> list[tuple[int, int]]:
    """Spans of ``doc.text`` that are DOCX table cells (from the reader's segments, each of
    which knows the table cell it was read from)."""
    if getattr(doc, "kind", None) not in ("docx", "doc", "xlsx", "xls"):
        return []
    out = []
    for seg in getattr(doc, "segments", None) or []:
        if getattr(seg, "table", None) is not None:
            out.append((seg.start, seg.end))
    return out


def header_zones(doc: Document) -> list[tuple[int, int]]:
    """The header (own number, date, type, title) and the closing block (Nơi nhận,
    signature) hold no figures of the report."""
    text = doc.text
    spans = dict(getattr(doc.header, "spans", {}) or {})
    zones = []
    for key in ("number", "date", "doc_type", "title", "issuer", "parent_issuer", "place"):
        s = spans.get(key)
        if s and s[0] < len(text) * 0.3:
            zones.append(s)
    tail = [spans[k][0] for k in ("recipients", "signer") if k in spans and spans[k][0] > len(text) * 0.5]
    if tail:
        zones.append((min(tail), len(text)))
    return zones


