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
from functools import lru_cache

from extract.core.model import Document, Header, Removed, Signer
from extract.core.rules import layout_patterns, rules_dir

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


def parse_header(doc: Document) -> Header:
    """Fill a :class:`Header` from the document's text and removed furniture."""
    pats = layout_patterns()
    h = Header()
    lines = _lines(doc.text)
    head = lines[:25]
    issuer_block: list[tuple[int, int, str]] = []
    title_from = None
    for i, (s, e, t) in enumerate(head):
        if not t:
            continue
        if pats["motto"].match(t):
            continue
        m = pats["own-number"].match(t)
        if m and h.number is None:
            sym = re.sub(r"\s+", "", m.group("sym"))
            h.number = f"{m.group('num')}{sym}" if m.group("num") else sym
            h.spans["number"] = (s, e)
            rest = t[m.end():].strip()
            if rest and (pd := pats["place-date"].match(rest)):
                _place_date(h, pd, s, e)
            continue
        m = pats["place-date"].match(t)
        if m and h.place is None:
            _place_date(h, m, s, e)
            continue
        m = pats["doc-type"].match(t)
        if m and h.doc_type is None:
            h.doc_type = m.group("type").capitalize()
            h.spans["doc_type"] = (s, e)
            title_from = i + 1
            break
        m = pats["subject-line"].match(t)
        if m and h.doc_type is None and h.number is not None:
            h.doc_type = "Công văn"
            h.title = t
            h.spans["title"] = (s, e)
            continue
        if t.startswith("Kính gửi"):
            _addressees(h, head[i:], s)
            break
        if h.number is None and _all_caps(t) and len(t) < 90:
            issuer_block.append((s, e, t))
    while len(issuer_block) > 1 and issuer_block[-2][2].endswith((",", "-", "VÀ")):
        (s1, _e1, t1), (_s2, e2, t2) = issuer_block[-2:]
        issuer_block[-2:] = [(s1, e2, f"{t1} {t2}")]
    if len(issuer_block) > 1 and _ADMIN_UNIT.match(issuer_block[-1][2]) and _COLLECTIVE.match(issuer_block[-2][2]):
        # "ỦY BAN NHÂN DÂN" / "TỈNH LÂM ĐỒNG" is one name set on two lines
        (s1, _e1, t1), (_s2, e2, t2) = issuer_block[-2:]
        issuer_block[-2:] = [(s1, e2, f"{t1} {t2}")]
    if issuer_block:
        h.issuer = issuer_block[-1][2]
        h.spans["issuer"] = issuer_block[-1][:2]
        if len(issuer_block) > 1:
            h.parent_issuer = " ".join(x[2] for x in issuer_block[:-1])
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
            if not t or t.startswith("Căn cứ") or set(t) <= set("-_–— "):
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
        first = next((t for _, _, t in lines if t), "")
        m = pats["doc-type"].match(first)
        if m:
            h.doc_type = m.group("type").capitalize()
    if h.doc_type is None and h.number:
        h.doc_type = doc_type_from_number(h.number)
    _signature(h, lines, pats)
    _stamps(h, doc.removed)
    if h.issuer is None and h.signed_by:
        h.issuer = h.signed_by[0]  # a text without its header block: the e-signer is the issuer
    return h


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


def _place_date(h: Header, m: re.Match[str], s: int, e: int) -> None:
    h.place = m.group("place").strip()
    h.spans["date"] = (s, e)
    d, mo, y = m.group("d"), m.group("m"), m.group("y")
    if d and mo:
        h.date = f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"


def _signature(h: Header, lines: list[tuple[int, int, str]], pats: dict[str, re.Pattern[str]]) -> None:
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
    sig = Signer()
    for i, (s, e, t) in enumerate(tail):
        m = pats["authority"].match(t)
        if m and _all_caps(m.group("who")):
            sig.authority = m.group("auth") + "."
            sig.on_behalf = m.group("who").strip()
            after = [x for x in tail[i + 1:] if x[2]]
            inner = pats["authority"].match(after[0][2]) if after else None
            if sig.authority == "TM." and inner:  # TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH
                sig.for_body = sig.on_behalf
                sig.authority = inner.group("auth") + "."
                sig.on_behalf = inner.group("who").strip()
                after = after[1:]
            if after and _all_caps(after[0][2]) and not pats["authority"].match(after[0][2]):
                sig.position = after[0][2]
                after = after[1:]
            for s2, e2, t2 in after[:3]:
                if _NAME.match(t2):
                    sig.name = t2
                    h.spans["signer"] = (s, e2)
                    break
            break
    if sig.authority is None:  # head signing in own name: "GIÁM ĐỐC" then the name
        for i in range(len(tail) - 1, 0, -1):
            s, e, t = tail[i]
            if _NAME.match(t):
                prev = [x for x in tail[max(0, i - 3):i] if x[2]]
                if prev and _all_caps(prev[-1][2]) and len(prev[-1][2]) < 40:
                    sig.position = prev[-1][2]
                    sig.name = t
                    h.spans["signer"] = (prev[-1][0], e)
                    break
    h.signer = sig


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
