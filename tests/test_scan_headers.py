"""Scans and garbage text layers of the tuning split (extract.evaluate.scans): the header
number and date right or marked unreadable, and no page failing the syllable signals
passed silently — on the first pages of two real scans (one with a typed number and date,
one with a garbage text layer and a handwritten numeral and day), OCR'd here: a few
seconds, no cache needed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from extract.evaluate import scans
from extract.ingest import ocr
from tests.conftest import ROOT, shared_file

needs_ocr = pytest.mark.skipif(not ocr.available(), reason="tesseract with the vie model is not installed")


def _first_page(src: Path, tmp: Path) -> Path:
    """The first page of ``src`` alone, under the same file name (the header reader may
    take a handwritten numeral from it)."""
    import pypdfium2 as pdfium

    out = tmp / src.name
    pdf, new = pdfium.PdfDocument(str(src)), pdfium.PdfDocument.new()
    try:
        new.import_pages(pdf, [0])
        new.save(str(out))
    finally:
        new.close()
        pdf.close()
    return out


def _gold(rel: str) -> dict:
    return json.loads((ROOT / "corpus" / "gold" / "headers" / (rel.replace("/", "--")[:-4] + ".json"))
                      .read_text(encoding="utf-8"))["header"]


@needs_ocr
@pytest.mark.parametrize("rel, expect", [
    ("lamdong/qd-932-ttg-2025-scan.pdf", {"number": "right", "date": "right"}),
    # the numeral and the day are handwritten: the number comes from the file name, the
    # date is left empty and marked unreadable
    ("lamdong/qd-1406-ubnd-2025-scan-badocr.pdf", {"number": "right", "date": "marked"}),
])
def test_a_scans_header_is_right_or_marked_and_no_garbage_page_passes_silently(rel, expect, tmp_path):
    got = scans.check(_first_page(shared_file(rel), tmp_path), _gold(rel))
    assert {f: got[f] for f in scans.FIELDS} == expect, got
    assert got["via"] == "ocr"
    assert "silent" not in got["pages"].values()


def test_the_documents_are_the_tuning_splits_scans_and_legacy_fonts_never_a_test_split():
    shared = shared_file("SOURCES.tsv").parent
    docs = scans.documents(ROOT, shared)
    splits = yaml.safe_load((ROOT / "corpus" / "gold" / "splits.yaml").read_text(encoding="utf-8"))
    held = set(splits["test"]) | set(splits["test2"])
    names = {d["file"] for d in docs}
    assert names and not names & held
    assert "lamdong/qd-1716-ubnd-2025-scan-badocr.pdf" in names  # a garbage text layer
    assert "legacy/tcvn3/2006-16EZE_TT01.06GopvonDNNVV.pdf" in names  # a legacy font
