"""Header and signature: who issued the report, its own number and date, its type
and title, who signed it and to whom it goes.

Nghị định 30/2020/NĐ-CP fixes where these sit: the issuing body and number top
left, motto and place/date top right, type and title centred below, the signer
block bottom right and "Nơi nhận" bottom left.  Readers give those blocks in
that order (see ``order_header_zone``), so the parse is a walk over the first
and last paragraphs.  The own number is metadata, never a reference.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from extract.core.model import Document, Header, Removed, Signer
from extract.core.rules import layout_patterns, rules_dir

_SIGNED_MARK = re.compile(r"(?i)\(?đã ký\)?\s*$")

_ISO_TS = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})([+-]\d{2}):?(\d{2})")
_VN_TS = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})\s+(\d{2}:\d{2}:\d{2})(?:\s*([+-]\d{2}):?(\d{2}))?")
_SIGNED_BY = re.compile(r"^(?P<who>.+?)\s*(?:<[^>]*>)?\s*đã ký lên văn bản này")
_KY_BOI = re.compile(r"^Ký bởi\s*:\s*(?P<who>.+)$")
_ADMIN_UNIT = re.compile(r"^(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|ĐẶC KHU)\b")
_COLLECTIVE = re.compile(r"^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND)$")
_NAME = re.compile(r"^(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s+){1,5}[A-ZĐÀ-Ỹ][a-zà-ỹđ]+$")


def _lines(text: str) -> list[tuple[int, int, str]]:
    out = []
    pos = 0
    for raw in text.split("\n"):
        out.append((pos, pos + len(raw), raw.strip()))
        pos += len(raw) + 1
    return out


def _all_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _mostly_caps(s: str) -> bool:
    """Capitals but for an ordinal's letter ("PHỤ LỤC 02a: SO SÁNH …")."""
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _at_labels(s: int, e: int, t: str, label: re.Pattern[str]) -> list[tuple[int, int, str]]:
    """One header line cut before every label that extraction ran into it ("Biểu số 01/HND
    Đơn vị báo cáo: …", "PHÒNG Y TẾ Số: 76/PYT"), each piece with its own span."""
    cuts = list(label.finditer(t))
    if not cuts:
        return [(s, e, t)]
    out = []
    a = 0
    for m in cuts:
        out.append((s + a, s + m.start(), t[a:m.start()]))
        a = m.end()
    out.append((s + a, e, t[a:]))
    return [x for x in out if x[2]]


def _cells(text: str, lines: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The header lines with a table row ("Bộ Tài chính|Cộng hoà xã hội …|", as RTF and Word
    tables come out) cut into its cells, each with its own span, and every line or cell cut
    before a label run into it (:func:`_at_labels`)."""
    label = layout_patterns()["header-label"]
    out: list[tuple[int, int, str]] = []
    for s, e, t in lines:
        if t.count("|") < 2 and not t.endswith("|"):  # a lone "|" is OCR noise, not a cell border
            out.extend(_at_labels(s, e, t, label) if t else [(s, e, t)])
            continue
        pos = s
        for cell in text[s:e].split("|"):
            c = cell.strip()
            if c:
                a = pos + cell.index(c)
                out.extend(_at_labels(a, a + len(c), c, label))
            pos += len(cell) + 1
        if not any(x for x in text[s:e].split("|") if x.strip()):
            out.append((s, e, ""))
    return out


def _body(name: str, pats: dict[str, re.Pattern[str]]) -> str:
    """ "Bộ trưởng Bộ Tài chính" -> "Bộ Tài chính": an author named by its head's title is
    the body; "Thủ tướng Chính phủ" stays."""
    m = pats["head-of-body"].match(name)
    if m and pats["issuer-head"].match(name[m.end():]):
        return name[m.end():].strip()
    return name.strip()


def _gazette(head: list[tuple[int, int, str]], k: int,
             pats: dict[str, re.Pattern[str]]) -> tuple[re.Match[str], int] | None:
    """A reprint's naming line, set on up to three lines from ``head[k]`` ("Quyết định" /
    "của Bộ trưởng Bộ Tài chính số 1141-TC/QĐ/CĐKT" / "ngày 01 tháng 11 năm 1995 …"):
    the match on the joined lines and the end of the last line used."""
    parts: list[tuple[int, int, str]] = []
    for x in head[k:]:
        if x[2]:
            parts.append(x)
        if len(parts) == 3:
            break
    for n in range(1, len(parts) + 1):
        m = pats["gazette-title"].match(" ".join(p[2] for p in parts[:n]))
        if m:
            return m, parts[n - 1][1]
    return None


# the motto run into a header cell; legacy files misspell it ("nghiã") and set it with en dashes
_MOTTO_IN_LINE = re.compile(r"CỘNG\s+H(?:OÀ|ÒA)\s+XÃ\s+HỘI\s+CHỦ\s+NGH\w*\s+VIỆT\s+NAM|ĐỘC\s+LẬP\s*[-–—]\s*TỰ\s+DO\s*[-–—]\s*HẠNH"
                            r"\s+PHÚC", re.IGNORECASE)
_GLUED = re.compile(r"[^\W\d_]{11,}")
_OCR_LEAD = re.compile(r"^(?:[^\w(“\"]|_)+\s+")
_PAREN_TAIL = re.compile(r"\s*(\([^()]{2,40}\))$")
_RULE_ENDS = re.compile(r"^[\s_\-–—*.=]{2,}|[\s_\-–—*.=]{2,}$")  # "SỞ Y TẾ _______": a rule typed after a name
_FOOTNOTE_TAIL = re.compile(r"\s*(?:\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)$")


_LETTER_SPACED = re.compile(r"^(?:\S {1,3}){3,}\S$")


def _unspaced(t: str, pat: re.Pattern[str]) -> str | None:
    """A type line set with its letters spaced out ("Q U Y Ế T  Đ Ị N H", "B Á O C Á O"), as
    extraction gives expanded character spacing: the words ``pat`` knows, or None.  Wider
    gaps part the words; with none, a blank is tried at every place (one or two of them)."""
    if not _LETTER_SPACED.match(t) or not all(len(w) == 1 for w in t.split()):
        return None
    words = ["".join(w.split()) for w in re.split(r"\s{2,}", t)]
    if len(words) > 1:
        joined = " ".join(words)
        return joined if pat.match(joined) else None
    s = words[0]
    if pat.match(s):
        return s
    for i in range(1, len(s)):
        for j in range(i, len(s)):
            cand = f"{s[:i]} {s[i:]}" if i == j else f"{s[:i]} {s[i:j]} {s[j:]}"
            if pat.match(cand):
                return cand
    return None


def _split_line(t: str, head: re.Pattern[str]) -> list[str]:
    """One extracted line that holds several header cells: the issuer's column merged with
    the motto ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM CHI CỤC …"),
    or two bodies on one line in normal case ("Bưu điện TP Hà Nội Bưu điện Trung tâm 1")."""
    parts = [x.strip() for x in _MOTTO_IN_LINE.split(t)]
    out = []
    for part in parts:
        if not part:
            continue
        if _all_caps(part):
            out.append(part)
            continue
        first = head.match(part)
        word = first.group(0).casefold() if first else None
        cuts = [0] + [m.start() + 1 for m in re.finditer(r" (?=[A-ZĐÀ-Ỹ])", part)
                      if word and part[m.start() + 1:].casefold().startswith(word + " ")]
        cuts.append(len(part))
        out.extend(part[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False) if part[a:b].strip())
    return out


def _issuer_names(lines: list[tuple[int, int, str]], pats: dict[str, re.Pattern[str]],
                  stacked: frozenset[int] = frozenset()) -> list[tuple[int, int, str]]:
    """The issuer block as names, parent first: a line that opens with a body's head word
    (SỞ, TRUNG TÂM, BAN …) starts a name; any other line, or any line after one ending in a
    comma, continues the name above, so a name set on up to four lines, with or without
    commas, comes out whole.  Lines before the first head word are no issuer (a title).
    A line whose start is in ``stacked`` (:func:`_stacked_under`) starts a name too."""
    names: list[tuple[int, int, str]] = []
    for s, e, t in lines:
        # "TỈNH LÂM ĐỒNG" opens a name only at the top (a form of "Huyện Đắk Song"); below
        # "ỦY BAN NHÂN DÂN" it is the rest of that name
        starts = bool(pats["issuer-head"].match(t) or (not names and pats["admin-unit"].match(t))
                      or (names and s in stacked))
        if names and pats["issuer-continuation"].match(t):
            starts = False  # "QUỸ ĐẤT" under "TRUNG TÂM PHÁT TRIỂN": a plain word, no new body
        if not names:
            if starts:
                names.append((s, e, t))
            continue
        ps, _pe, pt = names[-1]
        if starts and not pt.endswith((",", "-", "&")) and not pt.upper().endswith(" VÀ"):
            names.append((s, e, t))
            continue
        joiner = " "
        up = t.upper()
        if (not pt.endswith((",", "-", "&")) and not pt.upper().endswith(" VÀ") and " VÀ " in f" {up} "
                and not up.startswith("VÀ ")):
            joiner = ", "  # "TRUNG TÂM XÚC TIẾN ĐẦU TƯ" / "THƯƠNG MẠI VÀ DU LỊCH": a list set on two lines
        names[-1] = (ps, e, f"{pt}{joiner}{t}")
    return names


def _stacked_under(above: tuple[int, int, str] | None, t: str, seen: int,
                   pats: dict[str, re.Pattern[str]], *, apart: bool = False) -> bool:
    """Whether ``t``, a line in normal case whose first word is no head word the rules know
    ("Quầy Thu phí Bến Đá"), names the issuing office under its parent ``above``, the line
    just above it in the issuer block: ``above`` is a body's name in normal case, ``t``,
    near the top, starts capitalised, and a cue says it is a line of its own: the reader
    set it apart by its layout (``apart``: bold under plain, :func:`clean._stacked_body`),
    or ``above`` ends where names end, on its number ("Công ty Thoát nước Khu 2",
    name-end).  A name wrapped mid-way ("Công ty Cổ phần Đầu tư" / "Xây dựng Hà Nội")
    ends on a word and stays one name; so does one carried on by a joiner (",", "-", "và",
    "của")."""
    if above is None or seen > 6 or len(t) >= 60 or not t[:1].isupper() or _all_caps(t):
        return False
    a = above[2]
    if _all_caps(a) or not pats["issuer-head"].match(a) or not (apart or pats["name-end"].search(a)):
        return False
    if a.endswith((",", "-", "–", "&")) or a.casefold().endswith((" và", " của")):
        return False
    if pats["issuer-continuation"].match(t) or pats["title-start"].match(t.upper()) or pats["period-line"].search(t):
        return False
    return not (pats["own-number"].match(t) or pats["place-date"].match(t))


def _names_body(v: str, pats: dict[str, re.Pattern[str]]) -> bool:
    """Does a label's value name a body ("Trung tâm Y tế huyện Hạ Lộc", "UBND xã Ngọc Hà")?  A
    form's note ("Ban hành kèm theo …") does not, though its first word is a head word."""
    return bool((pats["issuer-head"].match(v) or pats["admin-unit"].match(v)) and not pats["form-note"].match(v))


def _label_values(head: list[tuple[int, int, str]], i: int,
                  pats: dict[str, re.Pattern[str]]) -> list[tuple[int, int]]:
    """A sheet's bare labels from ``head[i]`` ("Đơn vị báo cáo:", "Đơn vị nhận báo cáo:") and
    their values, as (label, value) indexes.  A cell's value stands in the next cell filled
    (to its right, or below it when the row holds labels only); labels set side by side in
    one row ("Đơn vị báo cáo:" | "Đơn vị nhận báo cáo:") take the next values in their order.
    A form's note or code in between is no value."""
    def bare(t: str) -> bool:
        return bool(pats["unit-label"].match(t) or pats["recipient-label"].match(t))

    filled = [k for k in range(i, min(len(head), i + 12)) if head[k][2]]
    labels = []
    for k in filled:
        if not bare(head[k][2]):
            break
        labels.append(k)
    values = [k for k in filled[len(labels):]
              if not (pats["form-note"].match(head[k][2]) or pats["form-code"].match(head[k][2])
                      or bare(head[k][2]))][:len(labels)]
    return list(zip(labels, values, strict=False))


def parse_header(doc: Document) -> Header:
    """Fill a :class:`Header` from the document's text and removed furniture."""
    pats = layout_patterns()
    h = Header()
    lines = _lines(doc.text)
    head = _cells(doc.text, lines[:25])
    issuer_block: list[tuple[int, int, str]] = []
    unit: tuple[int, int, str] | None = None
    title_from = None
    numbered = False  # the own number ("Số: …") read: the issuer block stands above it
    coded = False  # a form's code read ("Biểu số 01/TCKH"): only a line naming a body may follow it in the block
    seen = 0  # non-empty lines looked at
    sheet = doc.kind in ("xlsx", "xls")  # a label's value stands in the next cell, one line below
    skip: set[int] = set()  # lines read already as a label's value
    stacked: set[int] = set()  # starts of office lines under their parent (:func:`_stacked_under`)
    apart = set(doc.meta.get("_stacked", ()))  # lines the reader set apart under their parent by layout
    upper: tuple[int, int, str] | None = None  # the last header line taken whole into the issuer block
    national = False  # the line above was the national name cut before "VIỆT NAM"
    closed = False  # a công văn's subject line read: the addressees follow, no issuer line
    for i, (s, e, t) in enumerate(head):
        if not t or i in skip:
            continue
        seen += 1
        up = t if _all_caps(t) else t.upper()
        if pats["motto"].match(t) or pats["motto"].match(up):
            national = up.rstrip().endswith("NGHĨA")  # "VIỆT NAM" may follow on its own line
            continue
        if national and up == "VIỆT NAM":
            national = False
            continue
        national = False
        if pats["form-note"].match(t):  # "Ban hành kèm theo Thông tư số …": a form's note
            continue
        if seen <= 2 and (g := _gazette(head, i, pats)):
            # a reprint: "Quyết định của Thủ tướng Chính phủ số 115/2004/QĐ-TTg ngày 25 tháng 6 năm 2004 …",
            # possibly on several lines, after the issuer's name alone ("Chính phủ")
            gm, end = g
            h.doc_type = gm.group("type").capitalize()
            h.issuer = _body(gm.group("issuer"), pats)
            h.spans["issuer"] = (s, end)
            h.number = re.sub(r"\s+", "", gm.group("num")).rstrip(".,;")
            h.spans["number"] = (s, end)
            d, mo, y = (gm.group("d"), gm.group("m"), gm.group("y")) if gm.group("d") else (
                gm.group("d2"), gm.group("m2"), gm.group("y2"))
            h.date = f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
            h.spans["date"] = (s, end)
            h.title = doc.text[s:end].replace("\n", " ")
            h.spans["title"] = (s, end)
            issuer_block = []
            break
        m = pats["own-number"].match(t)
        if m and h.number is None:
            numbered = True
            sym = re.sub(r"\s+", "", m.group("sym"))
            h.number = f"{m.group('num')}{sym}" if m.group("num") else sym
            h.spans["number"] = (s, e)
            rest = t[m.end():].strip()
            if rest and (pd := pats["place-date"].match(rest)):
                _place_date(h, pd, s, e)
            elif rest and (d := pats["stamp-number"].match(rest)):  # "Số: 2775/SNV-CCHC&VTLT; 10/11/2025; 10:59:46;"
                h.date = f"{int(d.group('y')):04d}-{int(d.group('m')):02d}-{int(d.group('d')):02d}"
                h.spans["date"] = (s, e)
            continue
        m = pats["place-date"].match(t)
        if m and h.place is None:
            _place_date(h, m, s, e)
            off = pats["office-place"].match(h.place or "")
            if off and not numbered and not closed and pats["issuer-head"].match(off.group("office")):
                # "Khoa Dược Tỉnh Hòa Sơn, ngày …": the issuing office set on the place-date line
                # with a blank between the two header columns
                h.place = off.group("place")
                a = s + doc.text[s:e].find(off.group("office"))
                issuer_block.append((a, a + len(off.group("office")), off.group("office")))
            continue
        m = pats["date-line"].match(t)
        if m and h.date is None and seen <= 6:
            h.date = f"{int(m.group('y')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
            h.spans["date"] = (s, e)
            continue
        spaced = _unspaced(t, pats["doc-type"]) if seen <= 12 else None
        m = (pats["doc-type"].match(t) or (pats["doc-type"].match(up) if seen <= 12 else None)
             or (pats["doc-type"].match(spaced) if spaced else None))
        if m and (h.doc_type is None or "title" in h.spans and h.doc_type == "Công văn"):
            typ = m.group("type").upper()
            if typ == "DỰ THẢO":  # "DỰ THẢO 2" above the type line marks a draft
                continue
            h.doc_type = {"BIỂU MẪU": "Biểu mẫu", "BIỂU TỔNG HỢP": "Biểu"}.get(typ, typ.capitalize())
            h.spans["doc_type"] = (s, e)
            title_from = i + 1
            if "title" in h.spans:  # a V/v line read as a công văn's subject before the type line
                del h.spans["title"]
                h.title = None
            break
        m = pats["type-of"].match(t)
        if m and h.doc_type is None:  # "quyết định của bộ trưởng bộ tài chính": type and author on one line
            h.doc_type = m.group("type").capitalize()
            h.spans["doc_type"] = (s, e)
            title_from = i + 1
            break
        m = pats["type-run-in"].match(t)
        if m and h.doc_type is None and seen <= 12:  # "thông tư Hướng dẫn …" (legacy capitals lost)
            h.doc_type = m.group("type").capitalize()
            h.spans["doc_type"] = (s, e)
            h.title = t[m.end():].strip()
            h.spans["title"] = (s + m.end(), e)
            break
        m = pats["headless-title"].match(t) if sheet and seen <= 4 and h.doc_type is None else None
        if m:  # a sheet's title row in normal case ("Báo cáo tình hình thu, chi ngân sách …")
            h.doc_type = m.group("type")
            h.spans["doc_type"] = (s, e)
            h.title = t
            h.spans["title"] = (s, e)
            break
        m = pats["form-title"].match(t)
        if m and h.doc_type is None:  # "B02. Thống kê KCB (tháng)": a tool's statistical form
            h.doc_type = "Biểu"
            h.spans["doc_type"] = (s, e)
            h.title = t
            h.spans["title"] = (s, e)
            break
        m = pats["type-title"].match(t)
        annex = (pats["type-title"].match(up) if m is None and seen <= 3 and h.doc_type is None
                 and not pats["form-code"].match(t) else None)
        if annex and annex.group("type") in ("PHỤ LỤC", "BIỂU"):
            # "Phụ lục 1: Danh mục …" opening the document in normal case: an annex's title
            h.doc_type = "Phụ lục" if annex.group("type") == "PHỤ LỤC" else "Biểu"
            h.spans["doc_type"] = (s, e)
            h.title = t
            h.spans["title"] = (s, e)
            break
        if m and h.doc_type == "Biểu" and "doc_type" not in h.spans and _mostly_caps(t):
            # a form named by its code ("Biểu số 02-TQ") over its title "BÁO CÁO …": the
            # title, and the end of the header block
            h.title = t
            h.spans["title"] = (s, e)
            break
        if m and h.doc_type is None and _mostly_caps(t):  # "BÁO CÁO NHANH TÌNH HÌNH SẢN XUẤT KINH DOANH"
            h.doc_type = m.group("type").capitalize()
            h.spans["doc_type"] = (s, e)
            h.title = t
            h.spans["title"] = (s, e)
            break
        m = pats["form-code"].match(t)
        if m and h.number is None and len(t) - m.end() <= 40:
            # "Biểu 02-05/GTGT -BC": a reporting form's code (a sentence that names a form,
            # "Biểu B1-2-TMĐT (Thuyết minh …), là một trong các biểu mẫu …", is none)
            code = re.sub(r"\s+", "", m.group("code"))
            if "/" in code:  # a symbol like a document's; "02-TQ" names the template only
                h.number = code
                h.spans["number"] = (s, e)
            h.doc_type = h.doc_type or "Biểu"
            coded = True
            continue
        m = pats["subject-line"].match(t)
        if m and h.doc_type is None and (h.number is not None or h.place is not None):
            h.doc_type = "Công văn"
            h.title = t
            h.spans["title"] = (s, e)
            closed = True  # the subject stands under the issuer and its number: the addressees follow it
            continue
        if sheet and (pats["unit-label"].match(t) or pats["recipient-label"].match(t)) \
                and not t.startswith(("Kính gửi", "Nơi nhận")):
            # a sheet's bare labels and their values in the cells after them (:func:`_label_values`):
            # the reporting unit is the issuer, the receiving unit is not
            for lab, val in _label_values(head, i, pats):
                skip.update((lab, val))
                if unit is None and pats["unit-label"].match(head[lab][2]) and _names_body(head[val][2], pats):
                    unit = head[val]
            continue
        if pats["recipient-label"].match(t) or pats["received-stamp"].match(t):
            # "Đơn vị nhận:" left bare, or an incoming-mail stamp: the body named just above
            # is the receiver, not the issuer
            after = next((k for k in range(i + 1, len(head)) if head[k][2]), None)
            if sheet and pats["recipient-label"].match(t) and after is not None:
                skip.add(after)
            else:
                above = {x[0] for x in head[max(0, i - 3):i] if x[2]}
                while issuer_block and issuer_block[-1][0] in above:
                    issuer_block.pop()
            if t.startswith("Kính gửi"):
                _addressees(h, head[i:], s)
                break
            continue
        if t.startswith("Kính gửi"):
            _addressees(h, head[i:], s)
            break
        if pats["unit-label"].match(t):  # "Đơn vị báo cáo:" bare, the unit in the next cell or line
            after = next((k for k in range(i + 1, len(head)) if head[k][2]), None)
            v = head[after][2] if after is not None else ""
            if unit is None and after is not None and _names_body(v, pats):
                unit = head[after]
                skip.add(after)
            continue
        m = pats["unit-line"].match(t)
        if m:  # "Đơn vị: UBND xã Đạ Khoa": the reporting unit of a form
            v = m.group("unit")
            if unit is None and (pats["issuer-head"].match(v) or pats["admin-unit"].match(v)):
                unit = (s + m.start("unit"), s + m.end("unit"), v)
            continue
        if pats["code-line"].match(t):
            continue
        if pats["table-header"].match(t) or pats["section-heading"].match(t):
            break  # the body (a table, a numbered section) has begun: nothing below is a header
        if not numbered and not closed and not pats["title-start"].match(up):
            # a form's code read as its number ("Biểu số 01/TCKH" in the top-right cell,
            # between the issuer's lines) does not end the issuer block; "Số: …" does
            t = _OCR_LEAD.sub("", t)  # "¡_ TỈNH PHÚ THỌ", "| ỦY BAN NHÂN DÂN": specks before a scanned line
            if (upper is not None and issuer_block and issuer_block[-1] == upper and upper[1] == head[i - 1][1]
                    and not pats["issuer-head"].match(t) and _stacked_under(upper, t, seen, pats, apart=s in apart)):
                # an office in normal case under its parent, named by a word no rule knows
                stacked.add(s)
                issuer_block.append((s, e, t))
                upper = issuer_block[-1]
                continue
            for part in _split_line(t, pats["issuer-head"]):
                if _GLUED.search(part):
                    continue  # "UBNDTỈNHPHÚTHỌ": OCR lost the spaces; no syllable is that long
                part = _RULE_ENDS.sub("", part).strip()
                if coded and not (pats["issuer-head"].match(part) or pats["admin-unit"].match(part)):
                    continue  # after the code, capitals naming no body are the form's title ("GIÁ TRỊ SẢN XUẤT …")
                if _all_caps(part) and len(part) < 90 and not pats["title-start"].match(part):
                    issuer_block.append((s, e, part))
                elif seen <= 6 and len(part) < 60 and (pats["issuer-head"].match(part)
                                                       or pats["admin-unit"].match(part)) \
                        and not pats["period-line"].search(part):
                    # a body named in normal case at the top of a form ("Bưu điện Trung tâm 1"),
                    # or in lower case by a legacy font that lost its capitals
                    issuer_block.append((s, e, part.upper() if part.islower() else part))
            upper = issuer_block[-1] if issuer_block and issuer_block[-1] == (s, e, t) else None
    if sheet and h.doc_type != "Biểu":
        # a sheet's form code set beside or below its title ("BÁO CÁO …" in A1, "Biểu số
        # 05/BC-TK" in F1 or the row below): the form's code names what the sheet is
        for s, e, t in [x for x in head if x[2]][:8]:
            m = pats["form-code"].match(t)
            if m and len(t) - m.end() <= 40:
                h.doc_type = "Biểu"
                code = re.sub(r"\s+", "", m.group("code"))
                if "/" in code and h.number is None:
                    h.number = code
                    h.spans["number"] = (s, e)
                break
    if sheet and unit is None and not issuer_block:
        # a sheet's reporting unit named below its title row ("Đơn vị báo cáo: …" in A2)
        for s, e, t in [x for x in head if x[2]][:8]:
            m = pats["unit-line"].match(t)
            if m and (pats["issuer-head"].match(m.group("unit")) or pats["admin-unit"].match(m.group("unit"))):
                unit = (s + m.start("unit"), s + m.end("unit"), m.group("unit"))
                break
    issuer_block = issuer_block if h.issuer is None else []
    names = _issuer_names(issuer_block, pats, frozenset(stacked))
    if not names and issuer_block and (numbered or h.place is not None):
        # a formal header ("Số: …", place-date) under a body whose head word is not known:
        # the capitals above the number are its issuer block all the same (a form's code is
        # no such header: the capitals after it are its title)
        names = [(issuer_block[0][0], issuer_block[-1][1], " ".join(x[2] for x in issuer_block))]
    if names and unit is not None and h.issuer is None and not numbered:
        # a form that names its reporting unit ("Đơn vị báo cáo: Sở Y tế …") under a body in
        # its title cells ("UBND TỈNH VÂN LÂM"): the unit reports, the body above is its parent
        h.issuer = unit[2]
        h.spans["issuer"] = unit[:2]
        h.parent_issuer = " ".join(x[2] for x in names)
    elif names:
        h.issuer = names[-1][2]
        h.spans["issuer"] = names[-1][:2]
        if len(names) > 1:
            h.parent_issuer = " ".join(x[2] for x in names[:-1])
    elif unit is not None and h.issuer is None:
        h.issuer = unit[2]
        h.spans["issuer"] = unit[:2]
    if h.issuer is None and not coded:
        _attached_to(h, head, pats)
    if title_from is not None and not h.addressees:
        for k, (_s, _e, t) in enumerate(head[title_from:title_from + 8]):
            if t.startswith("Kính gửi"):
                _addressees(h, head[title_from + k:], _s)
                break
    if title_from is not None:
        parts = []
        for s, e, t in head[title_from:title_from + 3]:
            if t.startswith("Kính gửi"):
                _addressees(h, head[title_from:], s)
                break
            if (not t or t.startswith("Căn cứ") or set(t) <= set("-_–— ") or pats["table-header"].match(t)
                    or pats["section-heading"].match(t)):
                break
            parts.append((s, e, t))
            if len(parts) == 1 and not t.endswith((",", "và", "của")) and len(head) > title_from + 1:
                nxt = head[title_from + 1][2] if title_from + 1 < len(head) else ""
                if not nxt or not nxt[:1].islower():
                    break
        if parts:
            h.title = " ".join(p[2] for p in parts)
            h.spans["title"] = (parts[0][0], parts[-1][1])
    if h.doc_type is None and doc.text.lstrip()[:40]:
        fs, _fe, first = next((x for x in lines if x[2]), (0, 0, ""))
        m = pats["doc-type"].match(first)
        if m:
            h.doc_type = m.group("type").capitalize()
        elif h.number is None and h.place is None and (m := pats["headless-title"].match(first)):
            # a text without its header block: "Nghị quyết về … Hội đồng nhân dân tỉnh Lai Châu Khoá XII …"
            h.doc_type = m.group("type")
            body = pats["enacting-body"].search(first)
            if body is not None and h.issuer is None:
                h.issuer = _body(body.group("body"), pats)
                h.spans["issuer"] = (fs + body.start("body"), fs + body.end("body"))
            cut = body.start() if body is not None else len(first)
            h.title = first[:cut].strip()
            h.spans["title"] = (fs, fs + cut)
    if h.doc_type is None and h.number:
        h.doc_type = doc_type_from_number(h.number)
        if h.doc_type is None and h.addressees and h.issuer is not None:
            # a numbered letter to named addressees whose symbol has no type code
            # ("Số: 123/UBND-VP" … "Kính gửi: …"), without its V/v line: a công văn
            h.doc_type = "Công văn"
    if h.place is None and h.date is None:
        # a form dates itself at the bottom, by its signatures ("Hà Nội, Ngày 30 tháng 8 năm 2018",
        # or the date alone: "Ngày 25 tháng 3 năm 2026")
        _first_dated_line(h, reversed(lines[-40:]), pats)
    if h.date is None and h.place is None and sheet:
        # a workbook whose first sheet is dated by its signatures, more sheets after it
        _first_dated_line(h, lines, pats)
    if h.date is None and h.place is None:
        # a law or resolution dates itself by its adoption ("… thông qua ngày 26 tháng 11 năm 2003")
        for s, e, t in reversed(lines[-40:]):
            m = pats["adopted-date"].search(t)
            if m:
                h.date = f"{int(m.group('y')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
                h.spans["date"] = (s + m.start(), s + m.end())
                break
    if h.number is None and h.issuer is None:
        _consolidation(h, lines, pats)
    _signature(h, lines, pats, sheet=sheet)
    _stamps(h, doc.removed)
    if h.issuer is None and h.signed_by:
        h.issuer = h.signed_by[0]  # a text without its header block: the e-signer is the issuer
    return h


def title_type(texts: list[str]) -> tuple[str, str] | None:
    """The type and title a sheet's title block names ("PHỤ LỤC 01. TÌNH HÌNH …",
    "B02. Thống kê KCB (tháng)", "BÁO CÁO" over its title), or None: how a workbook whose
    first sheet is a bare table names itself on a later sheet."""
    pats = layout_patterns()
    for k, t in enumerate(x.strip() for x in texts):
        if not t:
            continue
        m = pats["doc-type"].match(t.upper()) if _mostly_caps(t) else None
        if m and m.group("type") != "DỰ THẢO":
            typ = m.group("type")
            title = texts[k + 1].strip() if k + 1 < len(texts) else ""
            return {"BIỂU MẪU": "Biểu mẫu", "BIỂU TỔNG HỢP": "Biểu"}.get(typ, typ.capitalize()), title
        m = pats["type-title"].match(t)
        if m and _mostly_caps(t):
            return m.group("type").capitalize(), t
        if pats["form-title"].match(t):
            return "Biểu", t
    return None


def _consolidation(h: Header, lines: list[tuple[int, int, str]], pats: dict[str, re.Pattern[str]]) -> None:
    """A consolidated text's own header, set at its end beside "XÁC THỰC VĂN BẢN HỢP NHẤT":
    the issuing body in capitals, "Số: 46/VBHN-BQP" and the place-date around that line."""
    at = next((k for k in range(len(lines) - 1, max(-1, len(lines) - 80), -1)
               if pats["consolidation-block"].match(lines[k][2])), None)
    if at is None:
        return
    for s, e, t in lines[max(0, at - 20):at + 4]:  # the recipients list may stand in between
        m = pats["own-number"].match(t)
        if m and h.number is None and m.group("num"):
            h.number = f"{m.group('num')}{re.sub(r'[ ]+', '', m.group('sym'))}"
            h.spans["number"] = (s, e)
        m = pats["place-date"].match(t)
        if m and h.place is None:
            _place_date(h, m, s, e)
        if (h.issuer is None and _all_caps(t) and pats["issuer-head"].match(t) and len(t) < 60
                and not pats["authority"].match(t)):
            h.issuer = t
            h.spans["issuer"] = (s, e)


_TYPE_IN_NUMBER = re.compile(r"^\d*[/-]\s*([A-ZĐa-z]+)[-/]")


@lru_cache(maxsize=1)
def _type_names() -> dict[str, str]:
    """Type code -> first name, from rules/doc_types.tsv (NĐ 30/2020 Phụ lục III)."""
    out: dict[str, str] = {}
    with open(rules_dir() / "doc_types.tsv", encoding="utf-8") as fh:
        rows = [ln.rstrip("\n").split("\t") for ln in fh if ln.strip() and not ln.startswith("#")]
    for row in rows[1:]:
        if len(row) >= 2 and row[0]:
            out.setdefault(row[0], row[1].split("|")[0].split(";")[0].strip())
    return out


def doc_type_from_number(number: str) -> str | None:
    """ "545/HD-BTV" -> "Hướng dẫn": the type code in the own number, when the
    type line is missing.  A công văn has no type code ("8151/BNV-CCHC")."""
    m = _TYPE_IN_NUMBER.match(number)
    if not m:
        return None
    return _type_names().get(m.group(1))


def _addressees(h: Header, lines: list[tuple[int, int, str]], start: int) -> None:
    """"Kính gửi: X" on one line, or "Kính gửi:" followed by "- X;" lines."""
    first = lines[0][2] if lines and lines[0][2].startswith("Kính gửi") else None
    for k, (_s, _e, t) in enumerate(lines):
        if t.startswith("Kính gửi"):
            first = t
            lines = lines[k + 1:]
            break
    if first is None:
        return
    rest = first.split(":", 1)[1].strip(" -+•") if ":" in first else ""
    out = [rest.rstrip(";.,").strip()] if rest else []
    for _s, _e, t in lines:
        if t.startswith(("-", "+", "•")):
            out.append(t.lstrip("-+• ").rstrip(";.,").strip())
        else:
            break
    h.addressees = [x for x in out if x]


def _first_dated_line(h: Header, lines: Iterable[tuple[int, int, str]], pats: dict[str, re.Pattern[str]]) -> None:
    """Date ``h`` from the first of ``lines`` that is a place-and-date line, a bare date line,
    or a date label whose value is the next cell ("Ngày:" | "14/01/2024")."""
    seq = list(lines)
    backwards = len(seq) > 1 and seq[0][0] > seq[-1][0]  # walked from the end
    for k, (s, e, t) in enumerate(seq):
        m = pats["place-date"].match(t)
        if m and m.group("d") and m.group("m"):
            _place_date(h, m, s, e)
            return
        m = pats["date-line"].match(t)
        if m is None and (v := pats["cell-date"].match(t)):
            j = k + 1 if backwards else k - 1  # the line before it in the text: its label?
            if 0 <= j < len(seq) and pats["date-label"].match(seq[j][2]):
                m = v
        if m:
            h.date = f"{int(m.group('y')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
            h.spans["date"] = (s, e)
            return


def _attached_to(h: Header, head: list[tuple[int, int, str]], pats: dict[str, re.Pattern[str]]) -> None:
    """An annex with no header block of its own: its issuer is the author its attachment line
    names under the title ("(Kèm theo Báo cáo số …, ngày … của UBND xã Tân Khê)", set on one
    line or two), when that author is a body ("của Bộ trưởng Bộ Khoa học và Công nghệ" names
    the ministry).  Only among the first lines, before the body (a table, a section) begins."""
    filled = [x for x in head if x[2]][:8]
    for k, (s, e, t) in enumerate(filled):
        if pats["table-header"].match(t) or pats["section-heading"].match(t):
            return
        if not pats["form-note"].match(t):
            continue
        m = None if t.startswith("(") and ")" not in t else pats["attachment-line"].match(t)
        end = e
        if m is None and k + 1 < len(filled):  # set on two lines: its bracket closes on the second
            m = pats["attachment-line"].match(f"{t} {filled[k + 1][2]}")
            end = filled[k + 1][1]
        if m is None:
            continue
        body = _body(m.group("body"), pats)
        if pats["issuer-head"].match(body) or pats["admin-unit"].match(body):
            h.issuer = body
            h.spans["issuer"] = (s, end)
        return


def _place_date(h: Header, m: re.Match[str], s: int, e: int) -> None:
    h.place = m.group("place").strip()
    h.spans["date"] = (s, e)
    d, mo, y = m.group("d"), m.group("m"), m.group("y")
    if d and mo and y:
        h.date = f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"


def _signature(h: Header, lines: list[tuple[int, int, str]], pats: dict[str, re.Pattern[str]], *,
               sheet: bool = False) -> None:
    tail = lines[-60:]
    for i, (s, e, t) in enumerate(tail):
        if pats["recipients"].match(t):
            rest = pats["recipients"].sub("", t).strip()
            recips = [rest.lstrip("-+ ").rstrip(";.,")] if rest else []
            for s2, e2, t2 in tail[i + 1:]:
                if t2.startswith(("-", "+", "•")):
                    recips.append(t2.lstrip("-+• ").rstrip(";.,").strip())
                elif not t2:
                    continue
                else:
                    break
            h.recipients = [r for r in recips if r]
            h.spans["recipients"] = (s, e)
            break
    sig = _signer(tail, pats)
    if sig.name is None:
        # a signature block followed by annexes (tables) is not among the last lines: look
        # around the first "Nơi nhận"
        at = next((k for k, (_s, _e, t) in enumerate(lines) if pats["recipients"].match(t)), None)
        if at is not None and at < len(lines) - len(tail):
            other = _signer(lines[max(0, at - 8):at + 30], pats)
            if other.name is not None:
                sig = other
    if sig.name is None and sheet:
        sig = _sheet_signer(lines, pats) or sig
    if sig.name is None:
        sig = _listed_signer(tail, pats) or sig
    if sig.name is None:
        sig = _loose_signer(lines, pats) or sig
    if sig.name is not None:
        h.spans["signer"] = sig_span(lines, sig.name)
    h.signer = sig


def _sheet_signer(lines: list[tuple[int, int, str]], pats: dict[str, re.Pattern[str]]) -> Signer | None:
    """The first signature block of a workbook whose first sheet is signed and more sheets
    follow it (so the block is not among the last lines): from a role or a place-date line,
    over roles, hints and blanks, to the end of the names below them."""
    for k, (_s, _e, t) in enumerate(lines):
        if k < 5 or not (pats["signer-role"].match(t) or pats["place-date"].match(t)):
            continue
        j, named = k, False
        while j < len(lines) and j < k + 16:
            tj = lines[j][2]
            if tj and (_name(tj) is not None or _names(tj)):
                named = True
            elif tj and (named or not (pats["signer-role"].match(tj) or pats["signer-hint"].match(tj)
                                        or pats["authority"].match(tj) or pats["place-date"].match(tj)
                                        or (_all_caps(tj) and len(tj) < 40))):
                break
            j += 1
        if named:
            sig = _signer(lines[max(0, k - 2):j], pats)
            if sig.name is not None:
                return sig
    return None


def _listed_signer(tail: list[tuple[int, int, str]], pats: dict[str, re.Pattern[str]]) -> Signer | None:
    """A signature block that a scan's reading interleaved with the recipients list and the
    body's last lines: the signer's name alone on a line among the list's items after "Nơi
    nhận:", its role a line in capitals among the few lines just above that label ("GIÁM
    ĐỐC", specks of the rule before it dropped).  Only one such name, and a role that names
    a signing head (signer-role) or an authority: a list naming a person has no role above."""
    at = next((k for k in range(len(tail) - 1, -1, -1) if pats["recipients"].match(tail[k][2])), None)
    if at is None:
        return None
    named = [n for _s, _e, t in tail[at + 1:]
             if t and not t.startswith(("-", "+", "•")) and (n := _name(t)) is not None]
    if len(named) != 1:
        return None
    above = [x[2] for x in tail[max(0, at - 6):at] if x[2]][-4:]
    for t in reversed(above):
        role = _RULE_ENDS.sub("", t).strip()
        if _all_caps(role) and len(role) < 40 and (pats["signer-role"].match(role) or pats["authority"].match(role)):
            sig = Signer(name=named[0])
            if m := pats["authority"].match(role):
                sig.authority, sig.on_behalf = m.group("auth") + ".", m.group("who").strip()
            else:
                sig.position = role
            return sig
    return None


def _loose_signer(lines: list[tuple[int, int, str]], pats: dict[str, re.Pattern[str]]) -> Signer | None:
    """The signer of a block whose columns came out merged with the recipients, in any
    case (legacy fonts): from the first signing authority ("KT/ bộ trưởng bộ tài chính",
    "TM. chính phủ") or "(Đã ký)" mark, the first personal name that ends a line or a cell
    ("thành phố trực thuộc TW Trương Chí Trung", "|Vũ Văn Ninh|")."""
    for k, (_s, _e, t) in enumerate(lines):
        auth = pats["loose-authority"].search(t)
        if auth is None and not _SIGNED_MARK.search(t):
            continue
        for _s2, _e2, t2 in lines[k:k + 16]:
            for cell in t2.split("|"):
                m = pats["person-name"].search(cell.strip())
                if m is None:
                    # a name alone on its line or cell, its family name not among the common ones
                    # ("Âu Văn Hùng", "Sùng Thị Mỷ")
                    alone = _name(cell.strip()) if not pats["signer-role"].match(cell.strip()) else None
                    if alone is not None and len(alone.split()) >= 2:
                        return _authorised(alone, auth)
                    continue
                words = m.group("name").split()
                k2 = next((j for j, w in enumerate(words) if not w[:1].isupper()), len(words))
                if k2 < 2:
                    continue
                name = " ".join(words[:k2])  # "Nguyễn Tấn Dũng đã": the class of capitals lets "đ" in
                whole = cell.strip() in (name, f"{name} đã ký") or cell.strip().startswith(f"{name} (")
                if whole or len(name.split()) >= 3:  # a name run into other text needs three syllables
                    return _authorised(name, auth)
        if auth is not None:
            return None  # the block names nobody
    return None


def _authorised(name: str, auth: re.Match[str] | None) -> Signer:
    """The signer ``name`` under the loose authority ``auth`` ("KT/ bộ trưởng …") when one was read."""
    sig = Signer(name=name)
    if auth is not None:
        sig.authority = auth.group("auth").upper().replace("/", "") + "."
        sig.on_behalf = auth.group("who").strip(" |")
    return sig


def _names(t: str) -> list[str]:
    """Several people's names run together on one line ("Phí Thị Mơ Lã Văn Bền Vương Đình
    Khải"), cut where a family name starts so that every name has two to four syllables
    (as many three-syllable names as can be); [] unless the line holds two or more.  Only
    lines of five syllables or more are cut: "Trần Lê Hoàng Minh" is one name."""
    fam = layout_patterns()["family-name"]
    words = t.split()
    if len(words) < 5 or not _NAME.match(" ".join(words[:2])) or not all(w[:1].isupper() for w in words):
        return []
    # best[i]: the best cut of words[i:] (its count of three-syllable names, its names)
    best: dict[int, tuple[int, list[str]]] = {len(words): (0, [])}
    for i in range(len(words) - 1, -1, -1):
        if not fam.match(words[i]):
            continue
        for n in (2, 3, 4):
            rest = best.get(i + n)
            if rest is None:
                continue
            score = rest[0] + (n == 3)
            if i not in best or score > best[i][0]:
                best[i] = (score, [" ".join(words[i:i + n]), *rest[1]])
    whole = best.get(0)
    return whole[1] if whole is not None and len(whole[1]) >= 2 else []


def _name(t: str) -> str | None:
    """The person's name a line holds (a footnote marker after it, a rank, title or "(Đã ký)"
    before it dropped), or None; None for a line of several names (:func:`_names`)."""
    pats = layout_patterns()
    t = _FOOTNOTE_TAIL.sub("", t).strip()
    t = pats["signer-prefix"].sub("", t, count=1).strip()
    mark = _PAREN_TAIL.search(t)
    if mark and pats["signer-hint"].match(mark.group(1)):  # "Nguyễn Văn An (đã ký)"
        t = t[:mark.start()].strip()
    if _names(t):
        return None
    if _NAME.match(t) and all(w[:1].isupper() for w in t.split()):
        return t
    words = t.split()
    if 3 <= len(words) <= 5 and _all_caps(t) and all(w.isalpha() for w in words) \
            and pats["family-name"].match(words[0].capitalize()):
        # a name printed in capitals ("NGUYỄN VĂN AN"); three syllables at least, so that a
        # place ("HÀ NỘI", "LÂM ĐỒNG") is never one
        name = " ".join(w.capitalize() for w in words)
        return name if _NAME.match(name) else None
    return None


def sig_span(lines: list[tuple[int, int, str]], name: str) -> tuple[int, int]:
    """Where the signer's name stands (its last occurrence, in any case)."""
    for s, e, t in reversed(lines):
        if name in t:
            return (s, e)
    folded = name.casefold()
    for s, e, t in reversed(lines):
        if folded in t.casefold():
            return (s, e)
    return (0, 0)


def _signature_row(tail: list[tuple[int, int, str]], pats: dict[str, re.Pattern[str]]) -> Signer | None:
    """A form's signature row, as a sheet or a table gives it one cell a line: its roles
    ("Người lập biểu", "Kế toán trưởng", "Thủ trưởng đơn vị"), perhaps their hints
    ("(Ký, họ tên)"), then its names in the same order.  The head of the unit signs last,
    at the right: the last name is the signer, under the last role."""
    names: list[str] = []
    k = len(tail) - 1
    while k >= 0:
        t = tail[k][2]
        if t:
            name = _name(t)
            several = _names(t) if name is None else []
            if name is None and not several:
                break
            names.extend(reversed(several) if name is None else [name])
        k -= 1
    if len(names) < 2:
        return None
    roles: list[str] = []
    marked = False  # a role by its words, or a hint: a signature row, not a list of people
    while k >= 0 and len(roles) < 6:
        t = tail[k][2]
        if not t or pats["signer-hint"].match(t):
            marked = marked or bool(t)
            k -= 1
            continue
        while (hint := _PAREN_TAIL.search(t)) and pats["signer-hint"].match(hint.group(1)):
            # "Thủ trưởng đơn vị (Ký, họ tên)", or a row of roles with its row of hints run in
            # ("Người lập biểu Kế toán trưởng Giám đốc (Ký, họ tên) (Ký, họ tên) (Ký, họ tên, đóng dấu)")
            marked, t = True, t[:hint.start()].strip()
        if not t:  # a row of hints alone ("(Ký, họ tên) (Ký, họ tên)")
            k -= 1
            continue
        if pats["signer-role"].match(t) or pats["authority"].match(t):
            marked = True
            roles.append(t)
        elif _all_caps(t) and len(t) < 40 and not pats["motto"].match(t):
            roles.append(t)
        else:
            break
        k -= 1
    if not roles or not marked or (len(roles) < 2 and not pats["signer-role"].match(roles[0])):
        return None  # one line of roles run together ("Người lập biểu Kế toán trưởng Thủ trưởng đơn vị") will do
    roles.reverse()
    sig = Signer(name=names[0])
    last = roles[-1]
    if (r := pats["signer-role"].match(last)) and not pats["authority"].match(last):
        last = r.group("role")
    if len(roles) >= 2 and (m := pats["authority"].match(roles[-2])) and not pats["authority"].match(last):
        sig.authority, sig.on_behalf = m.group("auth") + ".", m.group("who").strip()
    elif m := pats["authority"].match(last):
        sig.authority, sig.on_behalf = m.group("auth") + ".", m.group("who").strip()
        return sig
    sig.position = last
    return sig


def _signer(tail: list[tuple[int, int, str]], pats: dict[str, re.Pattern[str]]) -> Signer:
    """The signature block among ``tail``: authority (TM., KT. …), position and name."""
    row = _signature_row(tail, pats)
    if row is not None:
        return row
    sig = Signer()
    for i, (_s, _e, t) in enumerate(tail):
        m = pats["authority"].match(t)
        if m and _all_caps(m.group("who")):
            sig.authority = m.group("auth") + "."
            sig.on_behalf = m.group("who").strip()
            # recipients ("- Như trên;") may be interleaved with the block in extraction order
            rest = [x for x in tail[i + 1:] if x[2] and not x[2].startswith(("-", "+", "•"))]
            inner = pats["authority"].match(rest[0][2]) if rest else None
            if sig.authority == "TM." and inner:  # TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH
                sig.for_body = sig.on_behalf
                sig.authority = inner.group("auth") + "."
                sig.on_behalf = inner.group("who").strip()
                rest = rest[1:]
            if rest and _all_caps(rest[0][2]) and not pats["authority"].match(rest[0][2]):
                sig.position = rest[0][2]
                rest = rest[1:]
            for _s2, _e2, t2 in rest[:4]:
                name = _name(t2)
                if name:
                    sig.name = name
                    break
            break
    if sig.authority is None:  # head signing in own name: "GIÁM ĐỐC" then the name
        for i in range(len(tail) - 1, 0, -1):
            _s, _e, t = tail[i]
            m = pats["place-date"].match(t)
            name = _name(t[m.end():].strip()) if m else _name(t)  # "Hà Nội, Ngày 27 … 2018 Nguyễn Văn An"
            if not name:
                continue
            prev = []
            for x in reversed(tail[max(0, i - 10):i]):
                if not x[2] or x[2].startswith(("-", "+", "•")) or pats["recipients"].match(x[2]):
                    continue  # recipients set beside the signature come out between its lines
                prev.append(x)
                if len(prev) == 2:
                    break
            if prev and _all_caps(prev[0][2]) and len(prev[0][2]) < 40:
                loose = pats["loose-authority"].match(prev[0][2])
                if loose:  # "KT, BỘ TRƯỞNG" as OCR gives "KT." over a rank and name
                    sig.authority = loose.group("auth").upper().replace("/", "") + "."
                    sig.on_behalf = loose.group("who").strip()
                else:
                    sig.position = prev[0][2]
                sig.name = name
                break
            role = next((x for x in prev if pats["signer-role"].match(x[2])), None)
            if role is not None or (m and any(pats["signer-role"].match(x[2]) for x in prev[:1])):
                sig.position = role[2] if role is not None and not pats["place-date"].match(role[2]) else None
                sig.name = name
                break
    return sig


def _stamps(h: Header, removed: list[Removed]) -> None:
    for r in removed:
        if r.kind != "signature-stamp":
            continue
        m = _ISO_TS.search(r.text)
        if m:
            h.signed_at.append(f"{m.group(1)}T{m.group(2)}{m.group(3)}:{m.group(4)}")
            continue
        m = _VN_TS.search(r.text)
        if m and "ký" in r.text.lower():
            tz = f"{m.group(5)}:{m.group(6)}" if m.group(5) else ""
            h.signed_at.append(f"{int(m.group(3)):04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}T{m.group(4)}{tz}")
            continue
        m = _SIGNED_BY.match(r.text) or _KY_BOI.match(r.text)
        if m:
            h.signed_by.append(m.group("who").strip())
