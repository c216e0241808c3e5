"""The fast paths of the reading layer give what the plain ones gave (issue #10: speed,
with the output unchanged)."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.ingest import quality

# --------------------------------------------------------------------- quality.assess


def _assess_plain(text: str, limit: int = 1500) -> quality.TextQuality:
    """The measure token by token, with no cache (as it was written first)."""
    words = good = toned = 0
    for m in re.finditer(r"\S+", text):
        w = quality._WORD.match(m.group(0))
        if not w:
            continue
        word = w.group("w")
        if not any(c.isalpha() for c in word):
            continue
        words += 1
        low = word.lower()
        if quality._SYLLABLE.match(low) or quality._CODE.match(word):
            good += 1
        if any(c in quality._TONED for c in low):
            toned += 1
        if words >= limit:
            break
    if not words:
        return quality.TextQuality(0, 0.0, 0.0)
    return quality.TextQuality(words, good / words, toned / words)


_PIECES = ["người", "Nghị", "định", "107/2020/NĐ-CP", "1.889", "(a)", "“xã”", "Cdn", "c*", "LuQt", "12", "-",
           "ı", "Ðà", "ư", " ", "  ", "\n", "\t", "\u00a0", "\u2003", "\x1c", "\x85", "\r\n", "."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=4), max_size=60), st.integers(min_value=1, max_value=12))
def test_assess_matches_the_plain_measure(pieces: list[str], limit: int) -> None:
    text = "".join(pieces)
    assert quality.assess(text, limit) == _assess_plain(text, limit)
    assert quality.assess(text) == _assess_plain(text)


def test_assess_limit_over_many_chunks() -> None:
    text = " 12 ".join(["Báo cáo kết quả thực hiện"] * 2000)  # numbers are tokens, not words
    for limit in (1, 7, 1500, 5000):
        assert quality.assess(text, limit) == _assess_plain(text, limit)
