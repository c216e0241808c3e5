"""Text normal forms: NFC, one tone-placement convention for searching, and folding
(no diacritics, đ → d) — each the same length as its input, so offsets stay valid."""
from __future__ import annotations

import re
import unicodedata
from typing import overload

__all__ = ["FOLD_TABLE", "fold", "fold_key", "has_diacritics", "neutralize", "nfc", "tone_normalize"]

_ENTITIES = re.compile(r"&(amp|lt|gt|quot|#39);")
_ENTITY_CHARS = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "#39": "'"}


def nfc(text: str) -> str:
    """Unicode NFC: decomposed marks (cp1258 habits, macOS) composed.  HTML
    entities that e-office stamps print literally (``CCHC&amp;VTLT``) are
    unescaped here too, so codes come out as written."""
    if "&" in text:
        text = _ENTITIES.sub(lambda m: _ENTITY_CHARS[m.group(1)], text)
    return unicodedata.normalize("NFC", text)


# --- tone placement -------------------------------------------------------------

_TONE_MARKS = "\u0301\u0300\u0309\u0303\u0323"


def _tone_table() -> dict[str, str]:
    """"oá" -> "óa" etc.: old style puts the tone on the second vowel of an open
    oa/oe/uy syllable, the search copy puts it on the first.  Precomposed pairs
    of equal length, so the swap never moves an offset."""
    table = {}
    for first in "oOuU":
        for second in "aAeEyY":
            if first in "uU" and second not in "yY":
                continue
            for mark in _TONE_MARKS:
                old = unicodedata.normalize("NFC", first + second + mark)
                new = unicodedata.normalize("NFC", first + mark + second)
                if len(old) == 2 and len(new) == 2:
                    table[old] = new
    return table


_TONE_SWAP = _tone_table()


def _old_style_re() -> re.Pattern[str]:
    r"""An old-style pair not after q (``quý``), not followed by a letter: in words,
    ``(?<![qQ])(?:oá|oà|…|uỷ)(?![^\W\d_])``.  Written with the first vowel leading
    each branch and the q test after it (``o(?<![qQ].)(?:á|à|…)``): the same matches,
    but a pattern that starts with a plain letter lets the regex engine skip ahead to
    the next o/u instead of trying the look-behind at every character (30× faster)."""
    seconds: dict[str, list[str]] = {}
    for pair in sorted(_TONE_SWAP):
        seconds.setdefault(pair[0], []).append(pair[1])
    branches = [f"{re.escape(first)}(?<![qQ].)(?:{'|'.join(rest)})" for first, rest in sorted(seconds.items())]
    return re.compile("(?:" + "|".join(branches) + r")(?![^\W\d_])")


_OLD_STYLE = _old_style_re()


def tone_normalize(text: str) -> str:
    """The search copy: tone mark on the first vowel of open oa/oe/uy (``hoá`` →
    ``hóa``, ``thuỷ`` → ``thủy``; ``quý`` keeps its tone, u is part of the onset).
    Same length as the input."""
    if text.isascii():
        return text
    return _OLD_STYLE.sub(lambda m: _TONE_SWAP[m.group(0)], text)


# --- folding (search without diacritics) ------------------------------------------


def _build_fold_table() -> dict[int, str]:
    """Map every precomposed Latin letter to its base letter, one char to one char.

    Length is preserved on purpose: a match found in the folded copy of a paragraph
    is at the same offsets in the original, which is how snippets and page:line are
    computed without storing the folded text."""
    table: dict[int, str] = {}
    for cp in list(range(0x00C0, 0x0250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        nfd = unicodedata.normalize("NFD", ch)
        if len(nfd) > 1 and nfd[0].isascii() and all(unicodedata.combining(c) for c in nfd[1:]):
            table[cp] = nfd[0]
    table[ord("đ")] = "d"
    table[ord("Đ")] = "D"
    table[0x00D0] = "D"  # Ð (Icelandic eth), a common stand-in for Đ in converted text
    table[0x0111] = "d"
    return table


FOLD_TABLE = _build_fold_table()


def fold(text: str) -> str:
    """``text`` without diacritics, đ/Đ → d/D, same length (see :func:`_build_fold_table`)."""
    if text.isascii():
        return text
    return text.translate(FOLD_TABLE)


def has_diacritics(text: str) -> bool:
    """True when folding changes ``text`` (the user typed Vietnamese marks)."""
    text = unicodedata.normalize("NFC", text)
    return fold(text) != text


@overload
def fold_key(key: str) -> str: ...
@overload
def fold_key(key: None) -> None: ...
def fold_key(key: str | None) -> str | None:
    """A reference key for matching: folded, upper case, no spaces (``107/2020/nđ-cp``
    and ``107/2020/ND-CP`` both → ``107/2020/ND-CP``)."""
    if key is None:
        return None
    return re.sub(r"\s+", "", fold(unicodedata.normalize("NFC", key))).upper()


# Characters that act on a terminal instead of being shown: C0 controls (but tab and
# line feed), DEL, C1 controls (ESC's 8-bit twins), and the bidirectional embeddings,
# overrides and isolates that reorder what follows them ("Trojan source").
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def neutralize(text: str) -> str:
    """``text`` safe to print on a terminal: every control character and bidi override
    is shown as its escape (``\\x1b``, ``\\u202e``) instead of acting.  For human
    output only; JSON keeps the text as read."""
    if not _TERMINAL_UNSAFE.search(text):
        return text
    return _TERMINAL_UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                                else f"\\u{ord(m.group()):04x}", text)
