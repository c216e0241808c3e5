"""corpus/gold/doc-transcript-fixes.yaml: corrections of the shared legacy transcripts used
by the ``checked`` column of scripts/bench_doc.py.  Each names a few words that must occur
exactly once in their transcript (else the correction is ambiguous or stale)."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.ingest.textscore import TranscriptFix, _tokens, apply_transcript_fixes, load_transcript_fixes, occurrences

from .conftest import SHARED

FIXES = Path(__file__).resolve().parents[1] / "corpus" / "gold" / "doc-transcript-fixes.yaml"
ALL = load_transcript_fixes(FIXES)


def test_every_fix_is_complete_and_short():
    assert ALL
    for fix in ALL:
        assert fix.file.startswith("legacy/") and fix.file.endswith(".doc")
        assert fix.reason.strip() and fix.evidence.strip()
        assert fix.transcript_text != fix.corrected_text
        assert len(fix.transcript_text.split()) <= 16  # snippets, not passages


@pytest.mark.real
@pytest.mark.parametrize("fix", ALL, ids=lambda f: f"{Path(f.file).stem}:{f.transcript_text[:24]}")
def test_fix_occurs_exactly_once_in_its_transcript(fix: TranscriptFix):
    truth = SHARED / "legacy" / "ground-truth" / f"{Path(fix.file).stem}.txt"
    if not truth.exists() or not (SHARED / fix.file).exists():
        pytest.skip(f"real corpus not available: {truth}")
    words = _tokens(truth.read_text(encoding="utf-8"))
    assert len(occurrences(words, _tokens(fix.transcript_text))) == 1


def test_apply_replaces_words_and_refuses_ambiguity():
    fix = TranscriptFix("legacy/x.doc", "BỘ KH&CN 2", "Bộ KH&CN 2", "r", "e")
    assert apply_transcript_fixes("Nhà nước\nBỘ KH&CN\n\n2\nGửi", [fix]) == "Nhà nước Bộ KH&CN 2 Gửi"
    with pytest.raises(ValueError):
        apply_transcript_fixes("BỘ KH&CN 2 và BỘ KH&CN 2", [fix])
    with pytest.raises(ValueError):
        apply_transcript_fixes("nothing here", [fix])
