"""Scoring helpers for converted text, and reference readers for the legacy corpus.

:func:`syllable_accuracy` is the corpus metric (whitespace tokens of the transcript
matched exactly after alignment).  :func:`pdf_text` and :func:`rtf_text` are small,
dependency-light readers used to score the legacy corpus from tests and from
``scripts/score_legacy.py``; they are not the product's ingest path
(``extract.ingest``), they exist so that the conversion can be measured on its own.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = ["syllable_accuracy", "pdf_text", "rtf_text", "TranscriptFix", "load_transcript_fixes",
           "apply_transcript_fixes", "occurrences"]


def _tokens(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).split()


def syllable_accuracy(pred: str, truth: str) -> float:
    """Share of ground-truth whitespace tokens that an alignment matches exactly.

    Both sides are NFC-normalised and split on any whitespace; the token lists are
    aligned with :class:`difflib.SequenceMatcher` (no autojunk, so frequent syllables
    like ``của`` are not ignored) and the matched-block sizes are summed.  Extra
    predicted tokens cost nothing directly but can break alignment around them.
    An empty truth scores 1.0 for an empty prediction and 0.0 otherwise.
    """
    t = _tokens(truth)
    p = _tokens(pred)
    if not t:
        return 1.0 if not p else 0.0
    matcher = difflib.SequenceMatcher(None, p, t, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / len(t)


# ------------------------------------------------------------------ transcript fixes

@dataclass(frozen=True)
class TranscriptFix:
    """One correction of a published transcript (``corpus/gold/doc-transcript-fixes.yaml``):
    the words ``transcript_text`` of the transcript of ``file`` become ``corrected_text``."""

    file: str
    transcript_text: str
    corrected_text: str
    reason: str
    evidence: str


def load_transcript_fixes(path: Path) -> list[TranscriptFix]:
    """The fixes of a YAML file ``{fixes: [{file, transcript_text, corrected_text, reason,
    evidence}, ...]}``; every field is required."""

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [TranscriptFix(**{k: str(e[k]) for k in ("file", "transcript_text", "corrected_text",
                                                    "reason", "evidence")})
            for e in data.get("fixes") or []]


def occurrences(words: list[str], seq: list[str]) -> list[int]:
    """Start indexes of ``seq`` as a contiguous run of ``words``."""
    n = len(seq)
    if not n:
        return []
    return [i for i in range(len(words) - n + 1) if words[i:i + n] == seq]


def apply_transcript_fixes(truth: str, fixes: list[TranscriptFix]) -> str:
    """``truth`` as NFC words joined by spaces, each fix's ``transcript_text`` (as words)
    replaced by its ``corrected_text``.  A fix whose words do not occur exactly once is an
    error: the correction would be ambiguous or stale."""
    words = _tokens(truth)
    for fix in fixes:
        seq = _tokens(fix.transcript_text)
        at = occurrences(words, seq)
        if len(at) != 1:
            raise ValueError(f"{fix.file}: {fix.transcript_text!r} occurs {len(at)} times in the transcript")
        words[at[0]:at[0] + len(seq)] = _tokens(fix.corrected_text)
    return " ".join(words)


# ----------------------------------------------------------------------------- PDF

def pdf_text(path: Path, layout: bool = True) -> str:
    """Text layer of every page via pypdfium2.

    With ``layout`` (default) pdfium's line segments are regrouped into visual rows:
    segments whose vertical centres lie within half a line height of each other are
    one row, ordered left to right, rows top to bottom.  Word-made PDFs of
    government documents store the two-column letterhead and the signature block as
    separate text runs that pdfium emits column by column; the transcripts (and a
    human reader) go row by row.  ``layout=False`` returns pdfium's stream order.
    """
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(path))
    try:
        parts = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            parts.append(_page_rows(textpage) if layout else textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(parts)
    finally:
        doc.close()


def _page_rows(textpage) -> str:
    """Regroup one page's pdfium line segments into visual rows (see :func:`pdf_text`)."""
    text = textpage.get_text_range()
    if len(text) != textpage.count_chars():  # no 1:1 char/box mapping: keep stream order
        return text
    segments: list[tuple[float, float, float, str]] = []  # (centre y, height, left x, text)
    start = 0
    for m in re.finditer(r"\r\n|\n|\r|$", text):
        seg = text[start:m.start()]
        idx = [k for k in range(start, m.start()) if not text[k].isspace()]
        start = m.end()
        if not idx:
            continue
        boxes = [textpage.get_charbox(k, loose=True) for k in idx]
        centres = sorted((b[1] + b[3]) / 2 for b in boxes)
        heights = sorted(b[3] - b[1] for b in boxes)
        segments.append((centres[len(centres) // 2], heights[len(heights) // 2] or 1.0,
                         min(b[0] for b in boxes), seg.strip()))
        if m.end() == len(text):
            break
    segments.sort(key=lambda s: -s[0])
    rows: list[list[tuple[float, float, float, str]]] = []
    for seg in segments:
        if rows:
            ref = rows[-1][0]
            if abs(ref[0] - seg[0]) < 0.5 * min(ref[1], seg[1]):
                rows[-1].append(seg)
                continue
        rows.append([seg])
    return "\n".join(" ".join(s[3] for s in sorted(row, key=lambda s: s[2])) for row in rows)


# ----------------------------------------------------------------------------- RTF

_SKIP_DESTINATIONS = {
    "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header", "footer",
    "headerl", "headerr", "headerf", "footerl", "footerr", "footerf", "listtable",
    "listoverridetable", "rsidtbl", "latentstyles", "datastore", "themedata",
    "colorschememapping", "xmlnstbl", "generator", "filetbl", "revtbl", "pgdsctbl",
    "fldinst", "bkmkstart", "bkmkend", "datafield", "shppict", "nonshppict",
}
_RTF_SYMBOLS = {
    "emdash": "\u2014", "endash": "\u2013", "lquote": "\u2018", "rquote": "\u2019",
    "ldblquote": "\u201c", "rdblquote": "\u201d", "bullet": "\u2022",
}
_RTF_TOKEN = re.compile(
    r"\\([a-zA-Z]+)(-?\d+)? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|([\r\n]+)|([^\\{}\r\n]+)"
)


def rtf_text(raw: bytes) -> str:
    """Plain text of an RTF file, with 8-bit escapes decoded as cp1252.

    Handles groups, ``\\'xx`` hex escapes, ``\\uN`` (skipping ``\\ucN`` fallback
    characters), paragraph/line/tab controls, and drops ignorable ``\\*`` and
    non-text destinations (colour tables, styles, info, pictures, headers/footers,
    field instructions).  The font table is read only to learn which fonts are
    symbol fonts (``\\fcharset2``: Symbol, Wingdings); their bytes are bullets and
    dingbats, not TCVN3 letters, and come out as ``•``.  Table cells end with ``|``
    (the corpus transcripts' convention), rows with a newline.  Legacy bytes stay as
    cp1252 code points, which is exactly what the legacy converter expects.
    """
    text = raw.decode("latin-1")
    out: list[str] = []
    # group state: (skipping, \\uc value, current font, inside font table)
    stack: list[tuple[bool, int, int | None, bool]] = []
    skip, uc, font, in_fonttbl = False, 1, None, False
    symbol_fonts: set[int] = set()
    table_font: int | None = None
    pending_skip = 0  # fallback characters still to drop after a \\uN

    def emit(chunk: str) -> None:
        out.append("\u2022" if font in symbol_fonts and chunk.strip() else chunk)

    for m in _RTF_TOKEN.finditer(text):
        word, arg, hexcode, sym, brace, newline, plain = m.groups()
        if brace == "{":
            stack.append((skip, uc, font, in_fonttbl))
            pending_skip = 0
            continue
        if brace == "}":
            if stack:
                skip, uc, font, in_fonttbl = stack.pop()
            pending_skip = 0
            continue
        if newline is not None:
            continue
        if word is not None:
            if in_fonttbl:
                if word == "f" and arg is not None:
                    table_font = int(arg)
                elif word == "fcharset" and arg == "2" and table_font is not None:
                    symbol_fonts.add(table_font)
                continue
            if word == "fonttbl":
                in_fonttbl = skip = True
            elif word in _SKIP_DESTINATIONS:
                skip = True
            elif word == "f" and arg is not None:
                font = int(arg)
            elif word == "uc" and arg is not None:
                uc = int(arg)
            elif word == "u" and arg is not None:
                if not skip:
                    code = int(arg)
                    if code < 0:
                        code += 65536
                    emit(chr(code))
                pending_skip = uc
            elif not skip and pending_skip == 0:
                if word in ("par", "line", "sect", "page", "row"):
                    out.append("\n")
                elif word == "cell":
                    out.append("|")
                elif word == "tab":
                    out.append("\t")
                elif word in _RTF_SYMBOLS:
                    out.append(_RTF_SYMBOLS[word])
            continue
        if sym is not None:
            if sym == "*":
                skip = True
            elif pending_skip:
                pending_skip -= 1
            elif not skip:
                if sym in "\\{}":
                    out.append(sym)
                elif sym == "~":
                    out.append("\u00a0")
                elif sym in "\r\n":
                    out.append("\n")
            continue
        if hexcode is not None:
            if pending_skip:
                pending_skip -= 1
            elif not skip:
                emit(bytes([int(hexcode, 16)]).decode("cp1252", errors="replace"))
            continue
        if plain is not None:
            if pending_skip:
                dropped = min(pending_skip, len(plain))
                plain = plain[dropped:]
                pending_skip -= dropped
            if not skip:
                emit(plain)
    return "".join(out)
