"""Is a text layer real Vietnamese text, or OCR noise / a broken font mapping?

A scanned page with a hidden OCR layer done without Vietnamese support reads
like ``Cdn c* LuQt Tii ch*c`` — Latin letters, digits and symbols mixed inside
words, and almost none of the diacritics that roughly half of real Vietnamese
syllables carry.  Two measures over the word tokens decide it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\S+")
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


def assess(text: str, limit: int = 1500) -> TextQuality:
    """Measure the first ``limit`` words of ``text``."""
    words = 0
    good = 0
    toned = 0
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        w = _WORD.match(tok)
        if not w:
            continue
        word = w.group("w")
        if not any(c.isalpha() for c in word):
            continue
        words += 1
        low = word.lower()
        if _SYLLABLE.match(low) or _CODE.match(word):
            good += 1
        if any(c in _TONED for c in low):
            toned += 1
        if words >= limit:
            break
    if not words:
        return TextQuality(0, 0.0, 0.0)
    return TextQuality(words, good / words, toned / words)
