"""The OCR confidence of a figure, a reference or a date: the lowest tesseract confidence of the
words it was read from.

The reader keeps, for every line of a page it read by OCR, the words tesseract gave with
their confidence (``Document.meta["_ocr_words"]``, keyed by (page, line)).  Cleaning
joins lines and repairs codes, so offsets into the text do not lead back to a word; the
words are found again by their content instead: a word is one the item was read from
when one of its runs of letters and digits is one of the item's runs holding a digit
(or, for an item without digits, of its runs of two letters or more), or one lies inside
the other (``_same``).  An item on a text-layer page, or whose words cannot be found, keeps
``None``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from extract.core.model import DateMention, Document

__all__ = ["annotate", "annotate_dates", "confidence"]

_RUN = re.compile(r"\w+")


class _Read(Protocol):
    text: str
    ocr_confidence: float | None


class _Item(_Read, Protocol):
    page: int | None
    line: int | None


def confidence(words: dict[tuple[int, int], list[tuple[str, float]]], page: int | None, line: int | None,
               text: str) -> float | None:
    """The lowest confidence of the words of (page, line) — and of the next line, where
    a figure broken over a line end continues — that ``text`` was read from."""
    if page is None or line is None:
        return None
    runs = [r for r in _RUN.findall(text) if any(c.isdigit() for c in r)]
    runs = runs or [r for r in _RUN.findall(text) if len(r) > 1]  # a named law, a code without digits
    if not runs:
        return None
    found: list[float] = []
    left = set(runs)
    for key in ((page, line), (page, line + 1)):
        for word, conf in words.get(key, ()):
            hit = [r for wr in _RUN.findall(word) for r in runs if _same(r, wr)]
            if hit:
                found.append(conf)
                left.difference_update(hit)
        if not left:
            break
    return min(found) if found else None


def _same(run: str, word_run: str) -> bool:
    """A run of the item and a run of an OCR word are the same piece of text: equal, or
    one inside the other when the inner one is at least two characters ("1.274" read
    as one word holds the runs "1" and "274"; the digit "1" alone is in every year)."""
    return run == word_run or (len(run) >= 2 and run in word_run) or (len(word_run) >= 2 and word_run in run)


def annotate_dates(doc: Document, dates: Iterable[DateMention]) -> None:
    """Set ``ocr_confidence`` on the dates read from an OCR'd page: a date whose digits
    tesseract was unsure of is marked, never silently taken as read."""
    _annotate(doc, ((d, *doc.locate(d.start)) for d in dates))


def annotate(doc: Document, items: Iterable[_Item]) -> None:
    """Set ``ocr_confidence`` on the figures or references read from an OCR'd page."""
    _annotate(doc, ((it, it.page, it.line) for it in items))


def _annotate(doc: Document, placed: Iterable[tuple[_Read, int | None, int | None]]) -> None:
    """Set ``ocr_confidence`` on each item at its (page, line) that is on an OCR'd page."""
    words = (doc.meta or {}).get("_ocr_words")
    if not words:
        return
    pages = {p for p, _ in words}
    for it, page, line in placed:
        if page in pages:
            it.ocr_confidence = confidence(words, page, line, it.text)
