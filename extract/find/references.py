"""Legal references: find every cited document in cleaned report text, normalise it,
resolve repeated mentions and back-references, and validate it.

The regular expressions are data (``rules/reference_patterns.yaml``); the type and
issuer vocabularies come from ``rules/doc_types.tsv`` and ``rules/issuers.tsv``.
Everything is compiled once per process (:func:`code_tables`).

Public API::

    extract_references(text, *, own_number=None, doc_date=None, own_doc_type=None) -> list[Reference]
    extract_from_document(doc) -> list[Reference]          # fills page/line from a Document
    canonical_key(raw) -> str | None
"""
from __future__ import annotations

import bisect
import csv
import datetime as _dt
import functools
import re
from pathlib import Path
from typing import Any

import yaml

from extract.core.model import Document, Reference
from extract.core.rules import rules_dir

__all__ = [
    "Reference",
    "extract_references",
    "extract_from_document",
    "code_tables",
    "canonical_key",
    "rules_dir",
]


# --------------------------------------------------------------------------- data


# --------------------------------------------------------------------------- tables


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines, delimiter="\t")]


class _Tables:
    def __init__(self, root: Path) -> None:

        self.doc_types = _read_tsv(root / "doc_types.tsv")
        self.issuers = _read_tsv(root / "issuers.tsv")
        self.patterns_doc = yaml.safe_load((root / "reference_patterns.yaml").read_text(encoding="utf-8"))
        # type codes -> canonical name, per category
        self.type_name: dict[str, str] = {}
        self.party_type_name: dict[str, str] = {}
        self.names: list[str] = []
        self.name_canon: dict[str, str] = {}
        for row in self.doc_types:
            names = [n for n in row["names"].split("|") if n]
            canon = names[0]
            for n in names:
                if n not in self.names:
                    self.names.append(n)
                self.name_canon.setdefault(n.lower(), "Công văn" if n == "Văn bản" else canon)
            code = row["code"]
            if code:
                if row["category"] == "party":
                    self.party_type_name.setdefault(code, canon)
                else:
                    self.type_name.setdefault(code, canon)
        self.type_codes = set(self.type_name) | set(self.party_type_name)
        self.issuer_by_code: dict[str, dict[str, str]] = {r["code"]: r for r in self.issuers}
        self.issuer_aliases: set[str] = set(self.issuer_by_code)
        for r in self.issuers:
            self.issuer_aliases.update(a for a in r["aliases"].split("|") if a and a.isupper() and " " not in a)
        self.issuer_by_name: dict[str, str] = {}
        for r in self.issuers:
            for cand in [r["name"]] + [a for a in r["aliases"].split("|") if a]:
                self.issuer_by_name.setdefault(cand.lower(), r["code"])
        # case-insensitive canonical spelling of every known code (TTG -> TTg)
        self.code_case: dict[str, str] = {}
        for c in list(self.type_codes) + list(self.issuer_by_code):
            self.code_case.setdefault(c.upper(), c)
        for r in self.issuers:
            for a in r["aliases"].split("|"):
                if a and a.isupper() and " " not in a:
                    self.code_case.setdefault(a.upper(), a)
        # codes typed with a plain D for Đ (ND-CP, QD-UBND): map back where unambiguous
        plain: dict[str, set[str]] = {}
        for c in list(self.type_codes) + list(self.issuer_by_code):
            if "Đ" in c:
                plain.setdefault(c.replace("Đ", "D").upper(), set()).add(c)
        for k, v in plain.items():
            if len(v) == 1 and k not in self.code_case:
                self.code_case[k] = next(iter(v))
        self.known_codes = set(self.type_codes) | set(self.issuer_by_code)
        self._compile()

    # -- regex assembly from the YAML blocks
    def _compile(self) -> None:
        blocks = {p["id"]: p["regex"] for p in self.patterns_doc["patterns"]}
        names = sorted(self.names, key=len, reverse=True)

        def words(n: str, anycase: bool) -> str:
            parts = [re.escape(w) for w in n.split()]
            if anycase:
                f = parts[0]
                parts[0] = f"[{f[0]}{f[0].lower()}]{f[1:]}" if f[0].isupper() else f
            return r"\s+".join(parts)

        caps = sorted(set(names))
        lowers = sorted({n[0].lower() + n[1:] for n in names if n != "Luật"})
        # lower-case "luật" is mostly "pháp luật": only the capitalised word counts
        trie_cap = _trie_regex(caps)
        trie_any = _trie_regex(sorted(set(caps) | set(lowers)))
        special = {
            "TYPE_WORDS": trie_any,
            "TYPE_WORDS_ANYCASE": trie_any,
            "TYPE_WORDS_CAP": trie_cap,
            "PARTY_TYPES": "|".join(sorted((re.escape(c) for c in self.party_type_name), key=len, reverse=True)),
        }
        cache: dict[str, str] = {}

        def expand(name: str) -> str:
            if name in special:
                return special[name]
            if name in cache:
                return cache[name]
            src = blocks[name]
            out = re.sub(r"\{([A-Za-z_]+)\}", lambda m: "(?:" + expand(m.group(1)) + ")", src)
            cache[name] = out
            return out

        self.block_source = {k: expand(k) for k in blocks}
        self.block_re = {k: re.compile(v) for k, v in self.block_source.items()}
        # Scans over the whole text.  Each starts with a literal or a small character set so
        # that the regex engine skips most positions in C: numbers with a code; capitalised
        # type words (partial mentions, back-references, named laws); lower-case back-reference
        # words, checked against the type word before them.
        tails = []
        for gname, block in (("slash", "slash_form"), ("dashf", "dash_form"), ("spacef", "space_party_form")):
            src = self.block_source[block]
            assert src.startswith(r"\d{1,6}"), block
            tails.append(f"(?P<{gname}>" + src[len(r"\d{1,6}"):] + ")")
        # one leading digit class outside the groups keeps the engine's fast prefix skip
        self.scan_num = re.compile(r"\d{1,6}(?:" + "|".join(tails) + ")")
        mention = self.block_source["type_mention"].replace(
            "(?P<mtw>" + "(?:" + special["TYPE_WORDS"] + ")", "(?P<mtw>" + "(?:" + special["TYPE_WORDS_CAP"] + ")"
        )
        assert mention != self.block_source["type_mention"]
        law_tail = r"|(?P<law>(?=" + _UPPER + "))"
        self.scan_cap = re.compile(mention[: mention.rindex(")")] + law_tail + ")")
        self.scan_back = [re.compile(w + r"(?!\w)") for w in ("này", "trên", "đã nêu")]
        self.back_before = re.compile(
            r"(?P<mtw>" + special["TYPE_WORDS"] + r")\s+(?:nêu\s+|nói\s+|dẫn\s+|đã\s+)?$"
        )
        self.date_after = re.compile(self.block_source["date_after"])
        self.date_before = re.compile(self.block_source["date_before"])
        self.type_before = re.compile(self.block_source["type_before"])
        self.pinpoint = re.compile(self.block_source["pinpoint"])
        self.issuer_after = re.compile(self.block_source["issuer_after"])
        self.subject = re.compile(self.block_source["subject"])
        self.type_last_words = {n.split()[-1] for n in names} | {n.split()[-1].lower() for n in names} | {"số", "Số"}
        self.form_before = re.compile(self.block_source["form_number"])
        self.trailing_type = re.compile(r"(?:,|;|\s)*(?:và\s+|các\s+)*(?:" + special["TYPE_WORDS"] + r")(?:\s+[Ss]ố)?\s*$")


@functools.lru_cache(maxsize=4)
def _tables_for(root: str) -> _Tables:
    return _Tables(Path(root))


_CURRENT: _Tables | None = None


def code_tables() -> _Tables:
    """The code tables and compiled patterns of ``rules/`` (compiled once per process)."""
    global _CURRENT
    if _CURRENT is None:
        _CURRENT = _tables_for(str(rules_dir()))
    return _CURRENT


def _trie_regex(words: list[str]) -> str:
    """Alternation of literal words factored by common prefix, so that the regex engine
    rejects a position after one character test instead of trying every word."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = []
        end = "" in node
        for ch in sorted(k for k in node if k):
            piece = r"\s+" if ch == " " else re.escape(ch)
            alts.append(piece + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if end else body

    return emit(trie)


# --------------------------------------------------------------------------- helpers

_UPPER = "[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]"
_DASHES = "\u2010\u2011\u2013\u00ad\ufffe"
_DASH_TABLE = str.maketrans(dict.fromkeys(_DASHES, "-") | {"\u00d0": "Đ", " ": None, "\u00a0": None})
_SEG_SPLIT = re.compile(r"[/-]")
_TERM_CODE = re.compile(r"(UBTVQH|QH)\d+$")
_SLASH_HINT = re.compile(r"/ ?(?:\d{4} ?[-/\u2010\u2011\u2013\u00ad\ufffe] ?)?[A-ZĐÐ]")
_NUM_HEAD = re.compile(r"(\d+(?:\.\d+)?)([/-])(.*)")
_LIST_GAP = re.compile(r"\s*(?:,|;|và|hoặc|,\s*và)?\s*(?:số\s*)?")
_OWN_NO = re.compile(r"Số\s*:\s*$")
_HAS_SO = re.compile(r"(?:^|\W)[Ss]ố\s*[:.]?\s*$")
_ISSUER_STOP = re.compile(
    r"\s+(?:[Vv]ề|V/v|ban\s+hành|quy\s+định|phê\s+duyệt|hướng\s+dẫn|sửa\s+đổi|tổ\s+chức,|triển\s+khai|"
    r"thực\s+hiện|đối\s+với|gửi|trả\s+lời|xin|khóa|khoá|giao|đã|tại|lấy|công\s+bố|thành\s+lập|nhằm|để|"
    r"kèm|và\s+(?:các|Công\s+văn|Văn\s+bản|Quyết\s+định|Nghị\s+(?:định|quyết)|Kế\s+hoạch|Chỉ\s+thị|"
    r"Thông\s+tư|Hướng\s+dẫn|Kết\s+luận)|(?=\d))(?!\w)|\s*[,;.()“”\"':\n]"
)
_SUBJECT_STOP = re.compile(r";|\.(?:\s|$)|\n|:\s|\)")
_URLISH = re.compile(r"(?:https?:|www\.|@|=|\?|&)")
_WS = re.compile(r"\s+")


def _norm_code_seg(seg: str, t: _Tables) -> str:
    return t.code_case.get(seg.upper(), seg) if seg.upper() in t.code_case else seg


def _pad(num: str) -> str:
    num = num.lstrip("0") or "0"
    return num if len(num) >= 2 else num.zfill(2)


def _iso(d: str, m: str, y: str) -> tuple[str | None, bool]:
    """(ISO date, exists)."""
    try:
        return _dt.date(int(y), int(m), int(d)).isoformat(), True
    except ValueError:
        return None, False


def _parse_number(raw: str, form: str, t: _Tables) -> dict[str, Any]:
    """Split a matched number into key and parts (cached: a report cites the same number
    many times).  The returned dict is shared: do not modify it."""
    return _parse_number_cached(raw, form)


@functools.lru_cache(maxsize=8192)
def _parse_number_cached(raw: str, form: str) -> dict[str, Any]:
    t = code_tables()
    s = raw.translate(_DASH_TABLE)
    info: dict[str, Any] = {"year": None, "type_code": None, "issuer_code": None}
    if form == "spacef":
        sm = re.match(r"(\d+)(.*)", raw.replace("\u00d0", "Đ"))
        assert sm is not None  # the spacef form starts with its number
        num, rest = sm.groups()
        rest = rest.strip()
        s = num + "-" + rest
    m = _NUM_HEAD.match(s)
    assert m is not None  # every scanned form starts with a number
    num, first_sep, rest = m.group(1), m.group(2), m.group(3)
    if first_sep == "/":
        ym = re.match(r"((?:19|20)\d\d)-(?=\D)", rest)
        if ym:  # "126/2024-NĐ-CP": the official form has '/' after the year
            rest = ym.group(1) + "/" + rest[ym.end():]
            info["malformed"] = True
    numpad = _pad(num)
    seps = re.findall(r"[/-]", rest)
    segs = _SEG_SPLIT.split(rest)
    segs = [_norm_code_seg(x, t) if not x.isdigit() else x for x in segs]
    # rebuild the canonical code with its original separators
    code = segs[0]
    for sep, seg in zip(seps, segs[1:]):
        code += sep + seg
    info["key"] = f"{numpad}{first_sep}{code}"
    info["number"] = numpad
    if first_sep == "/":
        if segs and segs[0].isdigit() and len(segs[0]) == 4:
            info["year"] = int(segs[0])
            segs = segs[1:]
        if not segs:
            return info
        if len(segs) == 1:
            s0 = segs[0]
            if s0.startswith("QH") and s0[2:].isdigit():
                info["issuer_code"] = "QH"
            elif s0.startswith("UBTVQH"):
                info["issuer_code"] = "UBTVQH"
            elif s0 in t.type_name and s0 not in t.issuer_by_code:
                info["type_code"] = s0
            else:
                info["issuer_code"] = s0
        elif len(segs) >= 3 and segs[1] in t.type_codes and segs[0] in t.issuer_aliases and segs[0] != "CP":
            # old ministry style "999/TC-QĐ-CĐKT": ISSUER-TYPE-UNIT
            info["issuer_code"], info["type_code"] = segs[0], segs[1]
        elif segs[0] in t.type_codes:
            info["type_code"] = segs[0]
            info["issuer_code"] = segs[1]
        else:  # công văn: ISSUER-UNIT
            info["issuer_code"] = segs[0]
    else:  # number-TYPE/ISSUER (Party) or old number-ISSUER/TYPE/UNIT
        if len(segs) >= 3 and segs[1] in t.type_codes and segs[0] not in t.party_type_name:
            info["issuer_code"], info["type_code"] = segs[0], segs[1]
        elif len(segs) >= 3 and segs[1] in t.type_codes and segs[0] in t.issuer_by_code:
            info["issuer_code"], info["type_code"] = segs[0], segs[1]
        else:
            info["type_code"] = segs[0]
            info["issuer_code"] = segs[1] if len(segs) > 1 else None
        info["party"] = info["type_code"] in t.party_type_name and first_sep == "-"
    ic = info.get("issuer_code")
    if ic:
        qm = _TERM_CODE.match(ic)  # QH13, UBTVQH10: the issuer without the term
        if qm:
            info["issuer_code"] = qm.group(1)
    return info


def canonical_key(raw: str) -> str | None:
    """Canonical key of a number as written: ``' 2 /QĐ-ttg'`` is not valid; ``'1206 /QĐ-HVTC'`` → ``'1206/QĐ-HVTC'``."""
    t = code_tables()
    raw = raw.strip()
    for form in ("slash_form", "dash_form", "space_party_form"):
        if t.block_re[form].fullmatch(raw):
            return _parse_number(raw, {"slash_form": "slash", "dash_form": "dashf"}.get(form, "spacef"), t)["key"]
    return None


_REL_WORDS = (
    "căn cứ", "thực hiện", "triển khai", "sửa đổi, bổ sung", "sửa đổi", "bổ sung", "thay thế", "bãi bỏ",
    "hướng dẫn thi hành", "hướng dẫn thực hiện", "hướng dẫn",
)


def _last_relation(clause: str) -> str | None:
    """The relation verb nearest before a reference in its clause (căn cứ, thực hiện, …)."""
    cl = clause.lower()
    if "\n" in cl or "  " in cl:
        cl = _WS.sub(" ", cl)
    best, best_end = None, -1
    for w in _REL_WORDS:  # the verb ending last wins; on a tie the longer phrase
        i = cl.rfind(w)
        if i < 0:
            continue
        e = i + len(w)
        if e > best_end or (e == best_end and best is not None and len(w) > len(best)):
            best, best_end = w, e
    return best


def _clause_start(text: str, pos: int, limit: int = 200) -> int:
    lo = max(0, pos - limit)
    best = lo
    for ch in ".;\n:(":
        i = text.rfind(ch, lo, pos)
        if ch == "." and i > 0 and i + 1 < len(text) and text[i - 1].isdigit() and text[i + 1].isdigit():
            # a dot inside a date/number is not a sentence end; look further back
            j = text.rfind(".", lo, i)
            while j > 0 and j + 1 < len(text) and text[j - 1].isdigit() and text[j + 1].isdigit():
                j = text.rfind(".", lo, j)
            i = j
        if i + 1 > best:
            best = i + 1
    return best


def _issuer_name(text: str, pos: int) -> tuple[str | None, int]:
    seg = text[pos : pos + 160]
    if not seg or not seg[0].isupper():
        return None, pos
    m = _ISSUER_STOP.search(seg)
    name = seg[: m.start()] if m else seg[:80]
    name = _WS.sub(" ", name).strip()
    if len(name) < 2 or len(name) > 120:
        return None, pos
    return name, pos + (m.start() if m else len(seg[:80]))


def _issuer_code_from_name(name: str, t: _Tables) -> str | None:
    return _issuer_code_cached(name)


@functools.lru_cache(maxsize=4096)
def _issuer_code_cached(name: str) -> str | None:
    t = code_tables()
    words = _WS.sub(" ", name.lower()).split(" ")
    for k in range(min(len(words), 12), 0, -1):  # longest known name that starts the text
        code = t.issuer_by_name.get(" ".join(words[:k]))
        if code:
            return code
    n = " ".join(words)
    if n.startswith(("ủy ban nhân dân", "uỷ ban nhân dân", "ubnd", "chủ tịch ủy ban", "chủ tịch ubnd")):
        return "UBND"
    if n.startswith(("bộ chính trị", "ban bí thư", "ban chấp hành trung ương")):
        return "TW"
    if n.startswith("bộ trưởng bộ "):
        return _issuer_code_cached(name.split(" ", 1)[1])
    return None


# --------------------------------------------------------------------------- extraction


def extract_references(
    text: str,
    *,
    own_number: str | None = None,
    doc_date: str | None = None,
    own_doc_type: str | None = None,
) -> list[Reference]:
    """All references in ``text`` in reading order (see module doc)."""
    t = code_tables()
    own_key = canonical_key(own_number) if own_number else None
    refs: list[Reference] = []
    numbered_spans: list[tuple[int, int]] = []
    # (start, scan id, match); scan 2 (back references) holds (cue match, word match)
    events: list[tuple[int, int, re.Match[str] | tuple[re.Match[str], re.Match[str]]]] = []
    # Every numbered form has a '/' followed by a code (or by year + separator + code):
    # find those slashes first (a literal, so the engine skips fast), then match the
    # whole number in a small window around each.
    last_end = 0
    n = len(text)
    for h in _SLASH_HINT.finditer(text):
        p = h.start()
        if p < last_end:
            continue
        m = t.scan_num.search(text, max(last_end, p - 24), min(n, p + 90))
        while m is not None and m.end() <= p:  # a match wholly before this slash: try after it
            m = t.scan_num.search(text, m.end(), min(n, p + 90))
        if m is None or m.start() > p:
            continue
        events.append((m.start(), 0, m))
        last_end = m.end()
    for m in t.scan_cap.finditer(text):
        s0 = m.start()
        if s0 and text[s0 - 1].isalnum():
            continue
        events.append((s0, 1, m))
    for rx in t.scan_back:
        for m in rx.finditer(text):
            bm = t.back_before.search(text, max(0, m.start() - 40), m.start())
            if bm and not bm.group("mtw")[0].isupper():
                if bm.start() and text[bm.start() - 1].isalnum():
                    continue
                events.append((bm.start(), 2, (bm, m)))
    events.sort(key=lambda ev: (ev[0], ev[1]))
    prev_tail = -1  # end of the previous numbered reference's date/issuer tail
    num_starts = [ev[0] for ev in events if ev[1] == 0]
    ni = 0
    for s, kind, ev in events:
        if kind == 2:
            assert isinstance(ev, tuple)
            bm, wm = ev
            back = _WS.sub(" ", text[bm.end() : wm.end()]).strip() or wm.group(0)
            refs.append(_make_back(t, bm.group("mtw"), back, s, wm.end(), text))
            continue
        assert not isinstance(ev, tuple)
        m = ev
        if kind == 0:
            ni += 1
            ref = _numbered(text, m, t, refs, prev_tail, num_starts[ni] if ni < len(num_starts) else None)
            if ref is None:
                continue
            if own_key and ref.key == own_key:
                continue
            ref_tail = ref.__dict__.pop("_tail", ref.end)
            refs.append(ref)
            numbered_spans.append((ref.start, ref.end))
            prev_tail = ref_tail
        elif m.group("law") is not None:
            if _WS.sub(" ", m.group("mtw")) != "Luật":
                continue
            ref = _named_law(text, m, t)
            if ref is not None:
                refs.append(ref)
        elif m.group("mback"):
            refs.append(_make_back(t, m.group("mtw"), _WS.sub(" ", m.group("mback")), s, m.end(), text))
        else:
            e = m.end()
            pnum = m.group("mpnum")
            if pnum is None:
                continue
            n = int(pnum)
            if 1900 <= n <= 2100 and "số" not in m.group(0):
                continue
            tw = _WS.sub(" ", m.group("mtw"))
            doc_type = t.name_canon.get(tw.lower(), tw)
            refs.append(
                Reference(
                    start=s, end=e, text=m.group(0), key=f"{doc_type} {pnum}", doc_type=doc_type,
                    number=_pad(pnum) if len(pnum) < 2 else pnum, kind="partial",
                )
            )
    # drop partial/named mentions inside a numbered reference span (already covered)
    if numbered_spans:

        starts = [a for a, _ in numbered_spans]
        kept = []
        for r in refs:
            if r.kind != "numbered":
                k = bisect.bisect_right(starts, r.start) - 1
                if k >= 0 and numbered_spans[k][0] <= r.start < numbered_spans[k][1]:
                    continue
            kept.append(r)
        refs = kept
    _resolve(refs, own_doc_type)
    return refs


def _numbered(
    text: str, m: re.Match, t: _Tables, refs: list[Reference], prev_tail: int, next_start: int | None = None
) -> Reference | None:
    s, e = m.start(), m.end()
    raw = m.group(0)
    # left context: a number must not continue a longer token (digits, dates, URLs)
    if s > 0:
        before = text[s - 1]
        if before.isdigit() or before in "./,=&?%-_" or (before.isalpha() and not text[max(0, s - 2) : s].lower() == "số"):
            return None
    # inside a URL / e-mail?
    lo = max(0, s - 120)
    ws = max(text.rfind(" ", lo, s), text.rfind("\n", lo, s), text.rfind("\t", lo, s), lo - 1)
    if _URLISH.search(text, ws + 1, s):
        return None
    form = "slash" if m.group("slash") else ("dashf" if m.group("dashf") else "spacef")
    info = _parse_number(raw, form, t)
    # trailing word glued to the last segment ("NĐ-CPngày") is allowed; a trailing
    # dash+segment that is really the next word is already excluded by code_seg.
    window_start = max(0, s - 48)
    window = text[window_start:s]
    # own number in the header: "Số: 629/TTr-SNV"
    if window.rstrip().endswith(":") and _OWN_NO.search(window[-10:]):
        return None
    # a form number ("theo mẫu số 02/GTGT", "Biểu số 01/TK") is not a document
    if ("ẫu" in window or "iểu" in window) and t.form_before.search(window):
        return None
    tb = t.type_before.search(window)
    doc_type = None
    tw_start = s
    has_so = False
    if tb:
        doc_type = t.name_canon.get(_WS.sub(" ", tb.group("tw")).lower())
        tw_start = window_start + tb.start()
        has_so = bool(tb.group("so") or tb.group("so2"))
    else:
        has_so = bool(_HAS_SO.search(window[-8:]))
    n_segs = len(_SEG_SPLIT.split(info["key"]))
    single = n_segs == 2 and info.get("year") is None
    # list continuation: "các Nghị định số 107/2020/NĐ-CP và 108/2020/NĐ-CP", "…, số 94/1998/NĐ-CP"
    listed_from = None
    if doc_type is None and refs and prev_tail >= 0 and refs[-1].kind == "numbered":
        gap = text[prev_tail:s]
        if len(gap) <= 14 and _LIST_GAP.fullmatch(gap):
            listed_from = refs[-1]
            doc_type = listed_from.doc_type
    if single and not (tb or has_so or listed_from) and info["key"].split("/")[-1] not in t.known_codes:
        return None
    if doc_type is None:
        tc = info.get("type_code")
        if tc and info.get("party"):
            doc_type = t.party_type_name.get(tc)
        elif tc:
            doc_type = t.type_name.get(tc) or t.party_type_name.get(tc)
        elif info.get("issuer_code") == "QH":
            doc_type = None
        else:
            doc_type = "Công văn"
    elif doc_type == "Công văn" and info.get("type_code") and info["type_code"] not in ("CV",):
        # "Văn bản số 1149/QĐ-BNV": the code says what it is
        doc_type = t.type_name.get(info["type_code"], doc_type)
    ref = Reference(
        note="number written with '-' after the year" if info.get("malformed") else None,
        start=tw_start if tb else s, end=e, text="", key=info["key"], doc_type=doc_type,
        number=info["number"], year=info.get("year"), type_code=info.get("type_code"),
        issuer_code=info.get("issuer_code"),
    )
    # pinpoint
    pw_start = max(0, ref.start - 60)
    pp = t.pinpoint.search(text, pw_start, ref.start) if "iều" in text[pw_start : ref.start] else None
    if pp and pp.end() == ref.start or (pp and text[pp.end() : ref.start].strip() == ""):
        ref.pinpoint = _WS.sub(" ", pp.group("pin"))
    # relation: nearest verb in the clause before
    cs = _clause_start(text, ref.start)
    rel = None
    rel = _last_relation(text[cs : ref.start])
    if rel:
        ref.relation = _WS.sub(" ", rel.lower())
    elif listed_from is not None:
        ref.relation = listed_from.relation
    elif refs and refs[-1].kind == "numbered" and refs[-1].relation and cs > 0 and text[cs - 1] == ";":
        # "Thực hiện A; B" — the verb governs the whole list
        prev = refs[-1]
        if prev.end <= cs and "." not in text[prev.end : cs].replace("./.", ""):
            ref.relation = prev.relation
    # tail: date, issuer, subject
    pos = e
    dm = t.date_after.match(text, pos)
    if dm:
        if dm.group("dd"):
            d, mo, y = dm.group("dd"), dm.group("dm"), dm.group("dy")
        else:
            d, mo, y = dm.group("wd"), dm.group("wm"), dm.group("wy")
        ref.date, ok = _iso(d, mo, y)
        ref.date_text = _WS.sub(" ", text[dm.start() : dm.end()]).strip(" ,(")
        pos = dm.end()
    else:
        lo = max(0, ref.start - 160)
        db = t.date_before.search(text, lo, ref.start) if "gày" in text[lo : ref.start] else None
        if db and db.end() == ref.start or (db and text[db.end() : ref.start].strip() == ""):
            if db.group("dd"):
                d, mo, y = db.group("dd"), db.group("dm"), db.group("dy")
            else:
                d, mo, y = db.group("wd"), db.group("wm"), db.group("wy")
            ref.date, ok = _iso(d, mo, y)
            ref.date_text = _WS.sub(" ", db.group(0).split(",")[0]).strip()
            if ref.date:
                ref.note = ((ref.note + "; ") if ref.note else "") + "date stated before the citing verb"
    im = t.issuer_after.match(text, pos)
    if im:
        name, npos = _issuer_name(text, im.end())
        if name:
            ref.issuer = name
            pos = npos
            code = _issuer_code_from_name(name, t)
            if code and not ref.issuer_code:
                ref.issuer_code = code
    if ref.issuer is None and ref.issuer_code:
        row = t.issuer_by_code.get(ref.issuer_code)
        if row:
            ref.issuer = row["name"]
    tail_end = pos
    sm = t.subject.match(text, pos)
    if sm:
        rest = text[sm.end() : sm.end() + 400]
        stop = _SUBJECT_STOP.search(rest)
        subj = rest[: stop.start()] if stop else rest[:300]
        # do not run into the next reference
        nxt_at = next_start - sm.end() if next_start is not None else -1
        if 0 <= nxt_at < len(subj):
            cut = subj.rfind(",", 0, nxt_at)
            subj = subj[: cut if cut > 0 else nxt_at]
        subj = _WS.sub(" ", subj).strip(" ,")
        last = subj.rsplit(" ", 1)[-1]
        if last in t.type_last_words:
            head, tail_ = subj[:-40], subj[-40:]
            subj = (head + t.trailing_type.sub("", tail_)).strip(" ,")
        if subj:
            ref.subject = subj
    ref.end = tail_end if (dm or im) else e  # the span covers number, date and issuer
    ref.text = text[ref.start : ref.end]
    ref.__dict__["_tail"] = tail_end
    return ref


def _make_back(t: _Tables, tw: str, back: str, start: int, end: int, text: str) -> Reference:
    tw = _WS.sub(" ", tw)
    # "văn bản này" is the generic word for a document: kept as "Văn bản"
    doc_type = "Văn bản" if tw.lower() == "văn bản" else t.name_canon.get(tw.lower(), tw)
    return Reference(
        start=start, end=end, text=text[start:end], key=f"{doc_type} {back}", doc_type=doc_type,
        kind="back_reference",
    )


_LAW_YEAR = re.compile(r"([^;:()\n.\d]{1,80}?)\s+năm\s+((?:19|20)\d{2})(?!\d)")
_LAW_STOP = re.compile(
    r"\s*[,;:()\n.“”\"]|\s+(?:ngày|số|và|được|có|thì|đã|quy\s+định|tại|về|hiện\s+hành|của|theo|trong|để|nhằm|với|đối)(?!\w)"
)


def _named_law(text: str, m: re.Match, t: _Tables) -> Reference | None:
    s = m.start()
    pos = m.end()
    if text.startswith("số", pos) or text.startswith("Số", pos):
        return None
    seg = text[pos : pos + 120]
    year = None
    ym = _LAW_YEAR.match(seg)
    if ym and "," in ym.group(1) and len(ym.group(1)) <= 60:
        name = ym.group(1)
        year = int(ym.group(2))
        end = pos + ym.end()
    else:
        st = _LAW_STOP.search(seg)
        name = seg[: st.start()] if st else seg[:60]
        if st and seg[st.start():st.start() + 2] == ", " and seg[st.start() + 2 : st.start() + 3].islower():
            rest = seg[st.start() + 2 :]
            st2 = _LAW_STOP.search(rest)
            cont = rest[: st2.start()] if st2 else ""
            if cont and len(cont.split()) <= 5 and (not st2 or rest[st2.start():st2.start() + 1] != ","):
                name = seg[: st.start() + 2] + cont
        end = pos + len(name)
        after = text[end : end + 60]
        ym2 = re.match(r"\s+năm\s+((?:19|20)\d{2})(?!\d)", after)
        if ym2:
            year = int(ym2.group(1))
            end += ym2.end()
        else:
            dm = t.date_after.match(text, end)
            if dm:
                year = int(dm.group("dy") or dm.group("wy"))
    name = _WS.sub(" ", name).strip()
    if not name or len(name.split()) > 14:
        return None
    key = f"Luật {name}" + (f" năm {year}" if year else "")
    ref = Reference(
        start=s, end=end, text=text[s:end], key=key, doc_type="Luật", year=year,
        issuer_code="QH", issuer="Quốc hội", kind="named_law",
    )
    dm = t.date_after.match(text, end)
    if dm and dm.group("dd") or (dm and dm.group("wd")):
        d, mo, y = (dm.group("dd"), dm.group("dm"), dm.group("dy")) if dm.group("dd") else (dm.group("wd"), dm.group("wm"), dm.group("wy"))
        ref.date, _ = _iso(d, mo, y)
        ref.date_text = _WS.sub(" ", text[dm.start() : dm.end()]).strip(" ,(")
    return ref


# --------------------------------------------------------------------------- resolution


def _resolve(refs: list[Reference], own_doc_type: str | None) -> None:
    first: dict[str, int] = {}
    for i, r in enumerate(refs):
        if r.kind == "numbered" or r.kind == "named_law":
            assert r.key is not None  # numbered references and named laws always have a key
            j = first.get(r.key)
            if j is None:
                first[r.key] = i
                continue
            ant = refs[j]
            if ant.date is None and r.date is not None:
                # the first mention was bare; this one is the full mention
                first[r.key] = i
                continue
            r.resolved_to = j
            if r.date is None and ant.date is not None:
                r.date = ant.date
                r.date_inherited = True
            if r.issuer is None or (ant.issuer and r.issuer == code_tables().issuer_by_code.get(r.issuer_code or "", {}).get("name")):
                r.issuer = ant.issuer or r.issuer
        elif r.kind == "partial":
            cands = [k for k, r2 in ((k, refs[k]) for k in first.values())
                     if r2.kind == "numbered" and r2.doc_type == r.doc_type and (r2.number or "").lstrip("0") == (r.number or "").lstrip("0")]
            if len(cands) == 1:
                r.resolved_to = cands[0]
                r.note = f"partial mention of {refs[cands[0]].key}"
            elif len(cands) > 1:
                r.note = "unresolved: several earlier references match"
            else:
                r.note = "unresolved: no earlier reference with this number"
        elif r.kind == "back_reference":
            assert r.key is not None  # a back reference's key is its type and word
            is_this = r.key.endswith(" này")
            if is_this and r.doc_type == "Văn bản":
                r.resolved_to = "self"
                continue
            if is_this and own_doc_type and own_doc_type.lower() == (r.doc_type or "").lower():
                r.resolved_to = "self"
                continue
            if is_this and not own_doc_type:
                # "Quyết định này" in a Quyết định means itself: without the document's own
                # type we cannot tell, so we do not guess
                r.note = "unresolved: 'này' may mean the document itself (own document type not given)"
                continue
            earlier = [k for k in range(i - 1, -1, -1) if refs[k].kind in ("numbered", "named_law")
                       and (refs[k].doc_type == r.doc_type or r.doc_type == "Văn bản")]
            if not earlier:
                r.note = ("unresolved: no earlier " + (r.doc_type or "reference")
                          + (" (and the document's own type is unknown)" if is_this and not own_doc_type else ""))
                continue
            k0 = earlier[0]
            if is_this and r.start - refs[k0].end > 400:
                r.note = f"unresolved: nearest earlier {r.doc_type} ({refs[k0].key}) is too far for 'này'"
                continue
            target_key = refs[k0].key
            assert target_key is not None  # refs[k0] is numbered or a named law
            # ambiguous when another distinct key of the same type sits in the same list
            others = [k for k in earlier[1:4] if refs[k].key != target_key and refs[k0].start - refs[k].end < 40]
            if others:
                r.note = f"unresolved: ambiguous between {refs[k0].key} and {refs[others[0]].key}"
                continue
            r.resolved_to = first.get(target_key, k0)
            if is_this:
                r.note = "'này' taken as the nearest earlier " + (r.doc_type or "")


# --------------------------------------------------------------------------- Document glue


def extract_from_document(doc: Document) -> list[Reference]:
    """References of a cleaned :class:`extract.core.model.Document`, with page and line."""
    header = getattr(doc, "header", None)
    refs = extract_references(
        doc.text,
        own_number=getattr(header, "number", None),
        doc_date=getattr(header, "date", None),
        own_doc_type=getattr(header, "doc_type", None),
    )
    # the report's own number as written (an OCR'd "#6/QĐ-BCĐCCHC" whose digits were
    # unreadable: the header holds the number from elsewhere) is no reference either
    own = (getattr(header, "spans", None) or {}).get("number")
    if own:
        refs = [r for r in refs if not (r.kind == "numbered" and own[0] <= r.start < own[1])]
    for r in refs:
        r.page, r.line = doc.locate(r.start)
    # footnotes cite too ("Công văn số 2150/BNV-TCBC ngày …" in a note): offsets there
    # are into the note's text, and `footnote` names the note
    for note in getattr(doc, "footnotes", []) or []:
        if not note.text:
            continue
        for r in extract_references(note.text, own_number=getattr(header, "number", None),
                                    doc_date=getattr(header, "date", None)):
            if r.kind != "numbered":
                continue  # "Nghị định này" inside a note has no safe antecedent here
            r.footnote = note.id
            r.page, r.line = note.page, note.line
            refs.append(r)
    return refs
