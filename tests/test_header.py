"""Header and signature parsing on small texts of our own."""
from __future__ import annotations

from extract.ingest.header import doc_type_from_number
from extract.ingest.reader import read


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
