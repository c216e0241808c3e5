"""The readers on the real documents of ../shared/corpus (skipped when absent)."""
from __future__ import annotations

import pytest
from rapidfuzz import fuzz

from extract import ReadError, read
from extract.core.rules import layout_patterns
from extract.ingest import ocr

from .conftest import SHARED, shared_file

REAL = sorted(p for p in SHARED.rglob("*") if p.suffix.lower() in (".pdf", ".docx")) if SHARED.is_dir() else []
UNREADABLE = {"scan": "no text layer — needs OCR", "badocr": "text layer is garbage"}


@pytest.mark.real
@pytest.mark.parametrize("path", REAL, ids=[p.name for p in REAL])
def test_every_real_document_reads_or_says_why(path):
    expected = next((msg for tag, msg in UNREADABLE.items() if path.stem.endswith(tag)), None)
    if "legacy" in path.parts:
        pytest.skip("legacy-encoded files are scored by test_legacy")
    if expected and not ocr.available():
        with pytest.raises(ReadError) as exc:
            read(path)
        assert exc.value.reason.startswith(expected)
        return
    if expected:  # read by OCR (tests/test_inputs.py checks what it reads)
        doc = read(path)
        assert doc.meta["ocr"]["pages"] and len(doc.text) > 300
        return
    doc = read(path)
    assert len(doc.text) > 300
    # a header field may be missing (a summary or a form without header block), but never
    # be a table header or a section heading (issue #15)
    pats = layout_patterns()
    for value in (doc.header.issuer, doc.header.parent_issuer, doc.header.title):
        assert not value or not (pats["table-header"].match(value) or pats["section-heading"].match(value)), value
    # every character maps back to a source line
    assert doc.locate(len(doc.text) - 1)[1] is not None


def _body(doc) -> str:
    """Text after the header block (title or Kính gửi), before the signature."""
    start = doc.header.spans.get("title", (0, 0))[1]
    end = doc.header.spans.get("recipients", (len(doc.text), 0))[0]
    return " ".join(doc.text[start:end].split())


@pytest.mark.real
def test_pdf_and_docx_twins_agree():
    pdf = read(shared_file("lamdong/ttr-629-snv-2025-trinh-bc-cchc.pdf"))
    docx = read(shared_file("lamdong/ttr-629-snv-2025-trinh-bc-cchc.docx"))
    score = fuzz.ratio(_body(pdf), _body(docx))
    print(f"ttr-629 PDF vs DOCX body similarity: {score:.2f} %")
    assert score >= 98.0


@pytest.mark.real
def test_signed_pdf_number_and_date_come_from_annotations():
    doc = read(shared_file("lamdong/ttr-629-snv-2025-trinh-bc-cchc.pdf"))
    h = doc.header
    assert (h.number, h.date, h.place) == ("629/TTr-SNV", "2025-12-12", "Lâm Đồng")
    assert (h.issuer, h.parent_issuer, h.doc_type) == ("SỞ NỘI VỤ", "UBND TỈNH LÂM ĐỒNG", "Tờ trình")
    assert h.title.startswith("Về việc trình ký Báo cáo") and h.title.endswith("của tỉnh Lâm Đồng")
    assert (h.signer.authority, h.signer.on_behalf, h.signer.position, h.signer.name) == (
        "KT.", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Hữu Tuấn")
    assert h.recipients[0] == "Như trên" and len(h.recipients) == 4
    # the two-column header keeps each block together
    lines = doc.text.split("\n")
    assert lines[:3] == ["UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ", "Số: 629 /TTr-SNV"]
    # footnote marker "tổng hợp1" is separated and linked
    note = doc.footnotes[0]
    assert note.id == "1" and note.text.startswith("Gồm:")
    assert doc.text[note.anchor - len("tổng hợp"):note.anchor] == "tổng hợp"


@pytest.mark.real
def test_blank_draft_number_in_docx():
    doc = read(shared_file("lamdong/ttr-629-snv-2025-trinh-bc-cchc.docx"))
    assert doc.header.number == "/TTr-SNV" and doc.header.date is None


@pytest.mark.real
def test_seed_report_body_is_clean():
    doc = read(shared_file("seed/000_5f89cc50c2f18dcc.txt"))
    assert "106/2020/NĐ-CP" in doc.text and "23/BNV-CCHC" in doc.text
    assert "đã ký lên văn bản này" not in doc.text and "BAN CƠ YẾU" not in doc.text
    assert not any(line.startswith("http") for line in doc.text.split("\n"))
    kinds = {r.kind for r in doc.removed}
    assert {"url", "signature-stamp"} <= kinds
    assert len(doc.header.signed_at) == 3 and doc.header.signed_at[0] == "2022-12-20T15:22:42+07:00"
    assert doc.header.doc_type == "Báo cáo" and doc.header.title.endswith("tỉnh Hải Dương")
    assert doc.header.signer.name == "Nguyễn Minh Hùng"
    # the phrase broken over a blank line inside a paragraph is whole
    assert "trong tổng số 55 nhiệm vụ, đạt 90,90 %" in doc.text
    page, line = doc.locate(doc.text.index("106/2020/NĐ-CP"))
    assert page is None and line == 850


LEGACY = sorted((SHARED / "legacy" / "tcvn3").glob("*")) if SHARED.is_dir() else []


@pytest.mark.real
@pytest.mark.parametrize("path", [p for p in LEGACY if p.suffix in (".pdf", ".rtf")],
                         ids=[p.name for p in LEGACY if p.suffix in (".pdf", ".rtf")])
def test_legacy_tcvn3_through_the_reader(path):
    """`baocao read` detects TCVN3 and converts.  RTF and the text agree with the
    transcripts at >= 99 %; the PDFs at >= 97 % here because the reader keeps the
    two-column letterhead's blocks together while the transcripts go row by row
    (scripts/score_legacy.py scores the conversion itself row by row: >= 99 %)."""
    from extract.ingest.textscore import syllable_accuracy

    doc = read(path)
    assert doc.encoding == "tcvn3"
    truth = (SHARED / "legacy" / "ground-truth" / f"{path.stem}.txt").read_text(encoding="utf-8")
    acc = syllable_accuracy(doc.text, truth)
    print(f"{path.name}: {acc:.4f}")
    assert acc >= (0.97 if path.suffix == ".pdf" else 0.99)
