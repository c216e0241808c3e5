"""Is a text layer real Vietnamese text, or OCR noise / a broken font mapping?

A scanned page with a hidden OCR layer done without Vietnamese support reads
like ``Cdn c* LuQt Tii ch*c`` — Latin letters, digits and symbols mixed inside
words, and almost none of the diacritics that roughly half of real Vietnamese
syllables carry.  Two measures over the word tokens decide it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"^[\(\[\"“‘']*(?P<w>.+?)[\)\]\"”’'.,;:!?…]*$")
_VOWELS = "aăâeêioôơuưy"
_TONED = set("àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵđăâêôơư")
# a Vietnamese syllable: onset, vowel nucleus, coda (lowercase, NFC letters)
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"[aăâeêioôơuưyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]{1,3}"
    r"(?:ng|nh|ch|[cmnpt])?$"
)
_CODE = re.compile(r"^[A-ZĐ0-9&/.\-]+$")  # codes and numbers: 107/2020/NĐ-CP, CCHC, 1.889


@dataclass
class TextQuality:
    words: int
    syllable_share: float  # words that are well-formed syllables or codes
    toned_share: float  # words carrying a Vietnamese diacritic

    @property
    def garbage(self) -> bool:
        if self.words < 30:
            return False
        return self.syllable_share < 0.6 or self.toned_share < 0.12


#: token -> what it says: 0 not a word, else _IS_WORD plus _IS_GOOD and _IS_TONED when
#: they hold.  Tokens repeat (a report uses a few thousand syllables), so each distinct
#: one is judged once; the cache is emptied when it grows past _CACHE_MAX.
_IS_WORD, _IS_GOOD, _IS_TONED = 1, 2, 4
_CACHE: dict[str, int] = {}
_CACHE_MAX = 200_000


def _judge(tok: str) -> int:
    w = _WORD.match(tok)
    if not w:
        return 0
    word = w.group("w")
    if not any(c.isalpha() for c in word):
        return 0
    low = word.lower()
    v = _IS_WORD
    if _SYLLABLE.match(low) or _CODE.match(word):
        v |= _IS_GOOD
    if any(c in _TONED for c in low):
        v |= _IS_TONED
    return v


def assess(text: str, limit: int = 1500) -> TextQuality:
    """Measure the first ``limit`` words of ``text``."""
    words = 0
    good = 0
    toned = 0
    cache = _CACHE
    if len(cache) > _CACHE_MAX:
        cache.clear()
    rest = text
    step = 2 * limit + 1
    while rest:
        # the tokens (runs of non-space: str.split and re's \S agree), a bounded number at a time
        toks = rest.split(None, step)
        rest = toks.pop() if len(toks) > step else ""
        for tok in toks:
            v = cache.get(tok)
            if v is None:
                v = cache[tok] = _judge(tok)
            if not v:
                continue
            words += 1
            if v & _IS_GOOD:
                good += 1
            if v & _IS_TONED:
                toned += 1
            if words >= limit:
                rest = ""
                break
    if not words:
        return TextQuality(0, 0.0, 0.0)
    return TextQuality(words, good / words, toned / words)
