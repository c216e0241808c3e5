"""Detect and convert pre-Unicode Vietnamese text (TCVN3/ABC and VNI) to Unicode.

Documents from before about 2008 were typed in 8-bit "Vietnamese fonts": the file
stores ordinary Latin-1/cp1252 bytes and only the font makes them look Vietnamese.
Every text extractor (PDF text layer, Word, RTF) therefore hands us mojibake such as
``B¸o c¸o`` (TCVN3) or ``Baùo caùo`` (VNI).  This module recognises the two families
and maps them back.

Design choices, and why:

* The conversion tables are data (``rules/encodings/*.tsv``), not code, so that they
  can be reviewed against the published tables and extended without touching logic.
* Conversion is a per-character table lookup (the C ``charmap`` codec, several times
  faster than ``str.translate`` with a dict) followed by NFC normalisation, so it runs
  at tens of MB/s on ordinary text (~15 MB/s for VNI).  For VNI, each
  *mark byte* is translated to the Unicode combining marks it stands for and NFC then
  composes base + marks; that needs no regex and no longest-match logic.
* Detection is a vote over whitespace tokens.  A token only counts for a legacy
  encoding if it contains a character (or, for VNI, a vowel+mark pair) that Unicode
  Vietnamese never uses *and* its conversion is a well-formed Vietnamese syllable.
  Tokens containing Vietnamese letters outside Latin-1 (ă, đ, ơ, ư, ạ ... ) vote for
  Unicode.  The syllable check is what keeps German/French/Spanish words and stray
  ©, «, § from firing, and it is what lets two-word strings be detected reliably.

Known limits (documented rather than guessed around):

* TCVN3 has no codes for capitals with a tone mark; such text was set in the "H"
  fonts (``.VnTimeH``) which draw lowercase codes as capitals.  The code alone cannot
  tell, so those letters come back lowercase (``céng hoµ`` -> ``cộng hoà`` even if the
  page showed CỘNG HOÀ).  Only the seven base capitals Ă Â Ê Ô Ơ Ư Đ keep their case.
* In TCVN3 text every Latin-1 punctuation code in the table (« » © ® § · ...) is a
  letter; a genuine guillemet inside TCVN3 text cannot be distinguished and becomes
  ô/ằ, exactly as it would have rendered in the legacy font.
* The standard's five spacing tone marks (B0-B4) are not mapped: they collide with
  ° ± ² ³ ´ from ordinary fonts and do not occur in the documents we have.
"""
from __future__ import annotations

import codecs
import functools
import re
import unicodedata

from extract.core.rules import rules_dir

__all__ = [
    "rules_dir",
    "load_table",
    "detect",
    "detect_scores",
    "better_reading",
    "to_unicode",
    "convert_if_legacy",
    "is_vietnamese_syllable",
]

ENCODINGS = ("tcvn3", "vni")
_ALIASES = {"tcvn3": "tcvn3", "tcvn": "tcvn3", "abc": "tcvn3", "vn3": "tcvn3",
            "vni": "vni", "vni-windows": "vni"}


# --------------------------------------------------------------------------- tables

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescape(field: str) -> str:
    """Decode ``\\uXXXX`` escapes so tables can spell invisible/ambiguous code points."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), field)


@functools.cache
def load_table(encoding: str) -> tuple[tuple[str, str], ...]:
    """Read ``rules/encodings/<encoding>.tsv`` as (legacy sequence, unicode) pairs.

    Lines starting with ``#`` are provenance comments; the first non-comment line is
    the column header.  Cached because the tables never change during a run.
    """
    name = _canonical(encoding)
    path = rules_dir() / "encodings" / f"{name}.tsv"
    rows: list[tuple[str, str]] = []
    header_seen = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        cols = raw.split("\t")
        if len(cols) < 2:
            raise ValueError(f"{path}: malformed row {raw!r}")
        legacy, uni = _unescape(cols[0]), unicodedata.normalize("NFC", _unescape(cols[1]))
        rows.append((legacy, uni))
    return tuple(rows)


def _canonical(encoding: str) -> str:
    try:
        return _ALIASES[encoding.strip().lower()]
    except KeyError:
        raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {ENCODINGS}") from None


@functools.cache
def _tcvn3_translation() -> dict[int, str]:
    """TCVN3 is one code per letter, so the table is directly a translate map."""
    table: dict[int, str] = {}
    for legacy, uni in load_table("tcvn3"):
        if len(legacy) != 1:
            raise ValueError(f"tcvn3 table: multi-character legacy entry {legacy!r}")
        table[ord(legacy)] = uni
    return table


@functools.cache
def _vni_translation() -> dict[int, str]:
    """Derive a per-character translate map from VNI's (base + mark) -> letter rows.

    Single-byte letters (ô=ơ, ñ=đ, ó=ĩ ...) map to their NFD form; each mark byte maps
    to the combining marks that remain once the base is removed from the NFD of the
    letter.  NFC afterwards recomposes.  A mark byte that would mean two different
    things is a table error and raises, so the derivation doubles as a table check.
    """
    rows = load_table("vni")
    single: dict[str, str] = {}
    for legacy, uni in rows:
        if len(legacy) == 1:
            single[legacy] = unicodedata.normalize("NFD", uni)
    marks: dict[str, str] = {}
    for legacy, uni in rows:
        if len(legacy) == 1:
            continue
        if len(legacy) != 2:
            raise ValueError(f"vni table: unsupported sequence {legacy!r}")
        base, mark = legacy[0], legacy[1]
        base_nfd = single.get(base, unicodedata.normalize("NFD", base))
        full = unicodedata.normalize("NFD", uni)
        if not full.startswith(base_nfd):
            raise ValueError(f"vni table: {legacy!r} -> {uni!r} does not extend its base")
        combining = full[len(base_nfd):]
        if marks.setdefault(mark, combining) != combining:
            raise ValueError(f"vni table: mark {mark!r} has two meanings")
    overlap = set(marks) & set(single)
    if overlap:
        raise ValueError(f"vni table: bytes used both as mark and letter: {sorted(overlap)}")
    table = {ord(k): v for k, v in single.items()}
    table.update({ord(k): v for k, v in marks.items()})
    return table


# ------------------------------------------------------------------------ conversion

def to_unicode(text: str, encoding: str) -> str:
    """Convert legacy-encoded ``text`` (as decoded via Latin-1/cp1252) to NFC Unicode.

    ASCII and characters outside the table pass through untouched, so converting a
    document whose legacy runs are mixed with plain ASCII is safe.

    For TCVN3 a word whose ASCII letters are all capitals (at least two capitals,
    counting Ă Â Ê Ô Ơ Ư Đ) is upper-cased as a whole: it was set in an "H" font,
    whose lowercase codes render as capitals, so ``NGHÜA`` -> ``NGHĨA`` rather than
    ``NGHĩA``.  A capitalised word with a single capital (``Bé``) stays as is -- the
    code cannot say whether it was ``Bộ`` or ``BỘ``.
    """
    name = _canonical(encoding)
    if name == "vni":
        return unicodedata.normalize("NFC", _charmap(text, _vni_codec()))
    table, aliases = _tcvn3_codec()
    for alias, code in aliases.items():  # PDF glyph-name aliases back to their byte
        if alias in text:
            text = text.replace(alias, code)
    out = _charmap(text, table)  # one output char per input char: spans carry over
    spans = _caps_spans(text)
    if spans:
        parts, last = [], 0
        for start, end in spans:
            parts.append(out[last:start])
            parts.append(out[start:end].upper())
            last = end
        parts.append(out[last:])
        out = "".join(parts)
    return unicodedata.normalize("NFC", _caps_between_caps(text, out))


_WORD = re.compile(r"[^\W\d_]+")


def _caps_between_caps(legacy_text: str, out: str) -> str:
    """A capitalised word of TCVN3 codes (``Vµ`` -> ``Và``) that stands between two
    words in TCVN3 capitals on its line was set in the same "H" font as they were:
    ``MỤC ĐÍCH Và YÊU CẦU`` is ``MỤC ĐÍCH VÀ YÊU CẦU``; ASCII acronyms around it
    (``UBND, Bộ KH``) say nothing.  A run of such words between capitals is
    upper-cased as a whole; a word with no capitals on one side keeps its case.
    ``out`` is the conversion of ``legacy_text``, one character for one."""
    if len(out) != len(legacy_text):
        return out
    lower_codes = _tcvn3_lower_codes()
    result = list(out)
    for line in _LINE_SPANS.finditer(out):
        words = [m for m in _WORD.finditer(out, line.start(), line.end())]
        # capitals that were typed in the legacy font (not ASCII acronyms like UBND)
        caps = [len(m.group()) > 1 and m.group().isupper()
                and not legacy_text[m.start():m.end()].isascii() for m in words]
        i = 0
        while i < len(words):
            j = i
            while j < len(words) and _one_capital(words[j].group()) and any(
                    c in lower_codes for c in legacy_text[words[j].start():words[j].end()]):
                j += 1
            if j > i and i > 0 and j < len(words) and caps[i - 1] and caps[j]:
                for m in words[i:j]:
                    result[m.start():m.end()] = m.group().upper()
            i = max(j, i + 1)
    return "".join(result)


_LINE_SPANS = re.compile(r"[^\n]+")


def _one_capital(word: str) -> bool:
    return word[0].isupper() and len(word) > 1 and word[1:].islower()


_NON_LATIN1 = re.compile(r"([^\x00-\xff]+)")


def _charmap(text: str, table: str | dict[int, str]) -> str:
    """Map Latin-1 code points through ``table`` with the C charmap codec.

    ``str.translate`` with a dict runs at ~8 MB/s; the codec runs at hundreds.  Code
    points above U+00FF (curly quotes, bullets, Unicode already in the text) are not
    legacy bytes and are passed through by splitting around them.
    """
    try:
        return codecs.charmap_decode(text.encode("latin-1"), "strict", table)[0]
    except UnicodeEncodeError:
        pieces = _NON_LATIN1.split(text)
        for i in range(0, len(pieces), 2):
            pieces[i] = codecs.charmap_decode(pieces[i].encode("latin-1"), "strict", table)[0]
        return "".join(pieces)


@functools.cache
def _tcvn3_codec() -> tuple[str, dict[str, str]]:
    """256-entry decoding table, plus aliases (> U+00FF) mapped to the byte they stand for."""
    mapping = _tcvn3_translation()
    table = "".join(mapping.get(i, chr(i)) for i in range(256))
    by_letter = {uni: chr(code) for code, uni in sorted(mapping.items()) if code < 256}
    aliases = {chr(code): by_letter[uni] for code, uni in mapping.items() if code >= 256}
    return table, aliases


@functools.cache
def _vni_codec() -> dict[int, str]:
    mapping = _vni_translation()
    if any(code >= 256 for code in mapping):
        raise ValueError("vni table: legacy code points must be Latin-1")
    return {i: mapping.get(i, chr(i)) for i in range(256)}


# Runs of capitals (ASCII or TCVN3's seven) and TCVN3 codes holding >= 2 capitals and
# a lowercase code; _caps_spans keeps those that are whole words.
_CAPS_RUN = re.compile(
    "[A-Z\u00a1-\u00a7]"
    "(?:[A-Z\u00a1-\u00a7]+[\u00a8-\u00fe]|[\u00a8-\u00fe]+[A-Z\u00a1-\u00a7])"
    "[A-Z\u00a1-\u00fe]*"
)
_TCVN3_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00a1\u00a2\u00a3\u00a4\u00a5\u00a6\u00a7")


def _caps_spans(text: str) -> list[tuple[int, int]]:
    """Spans of words set in a TCVN3 "H" (capitals) font, found on the legacy text."""
    lower_codes = _tcvn3_lower_codes()
    spans = []
    n = len(text)
    for m in _CAPS_RUN.finditer(text):
        start, end = m.span()
        if (start and (text[start - 1].isalpha() or text[start - 1] in lower_codes)) or (
            end < n and text[end].isalpha()
        ):
            continue  # part of a mixed-case word
        word = m.group()
        if sum(c in _TCVN3_CAPITALS for c in word) >= 2 and any(c in lower_codes for c in word):
            spans.append((start, end))
    return spans


@functools.cache
def _tcvn3_lower_codes() -> frozenset[str]:
    return frozenset(chr(c) for c, u in _tcvn3_translation().items() if c < 256 and u.islower())


def convert_if_legacy(text: str) -> tuple[str, str | None]:
    """Detect and convert in one step; returns (text, encoding or None if untouched)."""
    enc = detect(text)
    if enc is None:
        return text, None
    return to_unicode(text, enc), enc


# ------------------------------------------------------------------------- syllables

_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx]"
# Tone-less Vietnamese rhymes (vần).  Kept as a plain word list: this is linguistic
# validation for the detector, not part of any encoding table.
_RHYMES = """
a ai ao au ay ac ach am an ang anh ap at
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e ec em en eng eo ep et
ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt
oc oe oen oeo oet oi om on ong oong ooc op ot
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua uân uâng uât uây uc uê uêch uênh ui um un ung uơ uôc uôi uôm uôn uông uôt
up ut uy uya uych uyên uyêt uynh uyt uyu
ư ưa ưc ưi ưm ưn ưng ươc ươi ươm ươn ương ươp ươt ươu ưt ưu
y yêm yên yêt yêu
""".split()
_SYLLABLE = re.compile(
    "(?:%s)?(?:%s)" % (_ONSET, "|".join(sorted(_RHYMES, key=len, reverse=True)))
)
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def is_vietnamese_syllable(word: str) -> bool:
    """True if ``word`` is a well-formed Vietnamese syllable (onset, rhyme, ≤1 tone).

    Used by the detector to check that a legacy reading of a token makes sense; a
    pure-ASCII word like ``an`` also passes, which is fine because the detector only
    asks about tokens that the conversion changed.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    stripped = "".join(c for c in decomposed if c not in _TONES)
    if len(decomposed) - len(stripped) > 1:
        return False
    return _SYLLABLE.fullmatch(unicodedata.normalize("NFC", stripped)) is not None


# -------------------------------------------------------------------------- detection

@functools.cache
def _charsets() -> dict[str, frozenset[str]]:
    """Character classes the detector votes with, all derived from the tables."""
    viet_letters = {u for _, u in load_table("vni")} | {u for _, u in load_table("tcvn3")}
    viet_letters = {c for c in viet_letters if c.isalpha()}
    viet_latin1 = frozenset(c for c in viet_letters if ord(c) <= 0xFF)
    viet_beyond = frozenset(c for c in viet_letters if ord(c) > 0xFF)
    tcvn3_codes = frozenset(chr(k) for k in _tcvn3_translation())
    vni_codes = frozenset(chr(k) for k in _vni_translation())
    return {
        "viet_beyond": viet_beyond,
        # codes Unicode Vietnamese never contains: seeing one is evidence of legacy text
        "tcvn3_strong": tcvn3_codes - viet_latin1,
        "vni_strong": vni_codes - viet_latin1,
    }


# VNI vowel + mark pairs made only of Unicode-Vietnamese letters (e.g. "aù", "oâ"):
# still evidence, because Unicode Vietnamese never puts ù/õ after a vowel and never
# writes "oâ"; the syllable check throws out the look-alikes ("quân" -> quûn).
_VNI_PAIR = re.compile("[aeouyAEOUYôÔöÖ][ùõÙÕ]|[aeoAEO][âÂ]|[aA][êÊ]")
_EDGE_PUNCT = "\"'()[]{}<>.,;:!?-–—…“”‘’*/\\0123456789%&+=_|~`#@$^"
_MAX_TOKENS = 20000  # enough for a stable vote; keeps detect() cheap on long documents


def _valid_reading(token: str, encoding: str) -> bool:
    """Does the legacy reading of ``token`` consist of Vietnamese syllables only?

    Letter runs that the conversion left pure ASCII (e.g. ``TTg`` in ``QĐ-TTg``) are
    not judged; at least one converted run of two or more letters is required, so a
    lone ``©`` (-> ``â``) is not evidence.
    """
    converted = to_unicode(token.strip(_EDGE_PUNCT), encoding)
    runs = re.findall(r"[^\W\d_]+", converted)
    judged = [r for r in runs if not r.isascii()]
    if not judged or max(len(r) for r in judged) < 2:
        return False
    return all(is_vietnamese_syllable(r) for r in judged)


#: token -> its votes (unicode, tcvn3, vni), each 0 or 1: tokens repeat, so each
#: distinct one is judged once; emptied when it grows past _VOTES_MAX
_VOTES: dict[str, tuple[int, int, int]] = {}
_VOTES_MAX = 100_000


def _token_votes(token: str) -> tuple[int, int, int]:
    sets = _charsets()
    chars = set(token)
    if chars & sets["viet_beyond"]:
        return 1, 0, 0
    tcvn3 = 1 if chars & sets["tcvn3_strong"] and _valid_reading(token, "tcvn3") else 0
    vni = 1 if (chars & sets["vni_strong"] or _VNI_PAIR.search(token)) and _valid_reading(token, "vni") else 0
    return 0, tcvn3, vni


def detect_scores(text: str) -> dict[str, int]:
    """Token votes behind :func:`detect`: counts for ``tcvn3``, ``vni``, ``unicode``.

    Exposed so callers (and tests) can see why a decision was taken.
    """
    cache = _VOTES
    if len(cache) > _VOTES_MAX:
        cache.clear()
    unicode_ = tcvn3 = vni = 0
    seen = 0
    for token in text.split():
        if token.isascii():
            continue
        seen += 1
        if seen > _MAX_TOKENS:
            break
        v = cache.get(token)
        if v is None:
            v = cache[token] = _token_votes(token)
        unicode_ += v[0]
        tcvn3 += v[1]
        vni += v[2]
    return {"tcvn3": tcvn3, "vni": vni, "unicode": unicode_}


def better_reading(text: str) -> str | None:
    """``"tcvn3"`` or ``"vni"``: the table under which more of the non-ASCII words of
    ``text`` read as Vietnamese syllables (:func:`_valid_reading`, no strong code needed);
    None on a tie.  The tie-break of a line of a mixed file whose strong votes are level:
    VNI "Phaàn meàm heä thoáng" has two TCVN3 votes ("heọ", "thoỏng" are well-formed) and
    two VNI ones, but all four words read as VNI and only two as TCVN3."""
    words = [w for w in text.split() if not w.isascii()]
    t = sum(_valid_reading(w, "tcvn3") for w in words)
    v = sum(_valid_reading(w, "vni") for w in words)
    if t == v:
        return None
    return "tcvn3" if t > v else "vni"


def detect(text: str, min_share: float = 0.6) -> str | None:
    """Return ``"tcvn3"``, ``"vni"`` or ``None`` (Unicode, ASCII, or undecidable).

    The winning legacy encoding must hold at least ``min_share`` of all votes
    (its own, the other family's and Unicode's).  Mostly-Unicode documents with an
    odd legacy-looking token therefore stay None; a two-word legacy phrase, whose
    tokens both read as Vietnamese syllables, is detected.
    """
    votes = detect_scores(text)
    best = max(ENCODINGS, key=lambda e: votes[e])
    if votes[best] == 0:
        return None
    total = votes["tcvn3"] + votes["vni"] + votes["unicode"]
    return best if votes[best] / total >= min_share else None
