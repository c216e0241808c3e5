"""Header and signature parsing on small texts of our own."""
from __future__ import annotations

import json

import pytest

from extract.ingest.header import doc_type_from_number
from extract.ingest.reader import read
from tests.conftest import ROOT, shared_file


def _doc(tmp_path, text):
    p = tmp_path / "vb.txt"
    p.write_text(text, encoding="utf-8")
    return read(p)


HEAD = ("ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH AN LẠC\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 15/TTr-UBND\tAn Lạc, ngày 03 tháng 02 năm 2026\n\n")


def test_two_column_text_header_and_tm_kt_signer(tmp_path):
    doc = _doc(tmp_path, HEAD + "TỜ TRÌNH\nVề việc phê duyệt kế hoạch năm 2026\n\n"
               "Kính gửi:\n- Bộ Nội vụ;\n- Bộ Tài chính.\n\nThực hiện nhiệm vụ được giao, UBND tỉnh trình.\n\n"
               "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTrần Văn Bình\n")
    h = doc.header
    assert (h.issuer, h.number, h.place, h.date) == ("ỦY BAN NHÂN DÂN TỈNH AN LẠC", "15/TTr-UBND", "An Lạc",
                                                    "2026-02-03")
    assert (h.doc_type, h.title) == ("Tờ trình", "Về việc phê duyệt kế hoạch năm 2026")
    assert h.addressees == ["Bộ Nội vụ", "Bộ Tài chính"]
    assert h.recipients == ["Như trên", "Lưu: VT"]
    s = h.signer
    assert (s.for_body, s.authority, s.on_behalf, s.position, s.name) == (
        "ỦY BAN NHÂN DÂN", "KT.", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Bình")
    # the own number is metadata: it stays in the text but is recorded as the header's span
    s0, e0 = h.spans["number"]
    assert "15/TTr-UBND" in doc.text[s0:e0]


def test_cong_van_subject_line_and_blank_draft_number(tmp_path):
    doc = _doc(tmp_path, "BỘ NỘI VỤ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
               "Số:      /BNV-CCHC\tĐộc lập - Tự do - Hạnh phúc\n"
               "V/v hướng dẫn báo cáo định kỳ\tHà Nội, ngày    tháng   năm 2026\n\n"
               "Kính gửi: Ủy ban nhân dân các tỉnh\n\nBộ Nội vụ đề nghị các địa phương báo cáo.\n")
    h = doc.header
    assert (h.doc_type, h.number, h.date, h.place) == ("Công văn", "/BNV-CCHC", None, "Hà Nội")
    assert h.title == "V/v hướng dẫn báo cáo định kỳ"
    assert h.addressees == ["Ủy ban nhân dân các tỉnh"]


def test_doc_type_from_number():
    assert doc_type_from_number("545/HD-BTV") == "Hướng dẫn"
    assert doc_type_from_number("441-QĐ/TU") == "Quyết định"
    assert doc_type_from_number("8151/BNV-CCHC") is None


# --- real documents: the cases of issue #15 and the header gold --------------------------------

@pytest.mark.real
@pytest.mark.parametrize("rel,issuer,parent", [
    # three lines, no comma at the break: the name is joined, not its last line
    ("lamdong/cv-644-ttxt-2025-pci.pdf", "TRUNG TÂM XÚC TIẾN ĐẦU TƯ, THƯƠNG MẠI VÀ DU LỊCH", "UBND TỈNH LÂM ĐỒNG"),
    # a table header ("STT") is not an issuer
    ("lamdong/pl-ttr-666-tong-hop-gop-y.pdf", None, None),
    # nor a section heading ("III. CẢI CÁCH THỦ TỤC HÀNH CHÍNH …") or a title set in capitals
    ("lamdong/bc-tom-tat-cchc-2025.docx", None, None),
    # the motto extracted on the issuer's line is cut out of it
    ("ktxh/cv-791-ccqldd-binhdinh-2020-giao-dat.pdf", "CHI CỤC QUẢN LÝ ĐẤT ĐAI", "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG"),
    ("lamdong/ttr-95-hdtd-2026-cong-bo-chi-so.pdf", "HỘI ĐỒNG THẨM ĐỊNH, ĐÁNH GIÁ CHỈ SỐ CCHC", "UBND TỈNH LÂM ĐỒNG"),
])
def test_issuer_blocks_of_real_headers(rel, issuer, parent):
    h = read(shared_file(rel)).header
    assert (h.issuer, h.parent_issuer) == (issuer, parent)
    assert h.title is None or not h.title.startswith(("STT", "I.", "III."))


@pytest.mark.real
def test_table_header_is_never_issuer_nor_title():
    h = read(shared_file("ktxh/bieu-huyen-daksong-2019-chi-tieu-kinh-te.pdf")).header
    assert h.issuer == "Huyện Đắk Song" and h.doc_type == "Biểu mẫu"


@pytest.mark.real
def test_signature_before_annexes_and_after_a_footnote_marker():
    assert read(shared_file("lamdong/kh-cchc-2026-2030.docx")).header.signer.name == "Nguyễn Ngọc Phúc"
    assert read(shared_file("lamdong/ttr-666-snv-2025-kh-cchc-2026.pdf")).header.signer.name == "Trần Hữu Tuấn"


def test_header_gold_files_are_well_formed_and_hold_no_text():
    """corpus/gold/headers: one file per annotated document, keyed by path and sha256,
    the five header fields and nothing of the document's text beyond them."""
    files = sorted((ROOT / "corpus" / "gold" / "headers").glob("*.json"))
    assert len(files) >= 30
    for gp in files:
        rec = json.loads(gp.read_text(encoding="utf-8"))
        assert set(rec) <= {"file", "sha256", "header", "note"}, gp.name
        assert len(rec["sha256"]) == 64 and set(rec["header"]) == {"type", "number", "date", "issuer", "signer"}


@pytest.mark.real
def test_eval_headers_scores_each_split(shared):
    from extract.evaluate.headers import FIELDS, normalise, run

    res = run(ROOT, shared, ("tuning",))
    fields = res["tuning"]["fields"]
    assert set(fields) == set(FIELDS)
    assert min(fields.values()) >= 0.95, fields
    assert normalise("number", "/BC-UBND") is None and normalise("number", "644 /TTXT-ĐTDN") == "644/ttxt-đtdn"
    assert normalise("issuer", "UBND TỈNH LÂM ĐỒNG") == normalise("issuer", "Ủy ban nhân dân tỉnh Lâm Đồng")
