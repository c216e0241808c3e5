"""Figure extraction: values, units, counted phrases, labels, and numbers that are not figures."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from extract import read
from extract.evaluate.figures import evaluate_figures, figure_key
from extract.find import extract_figures, extract_figures_text
from extract.report.frames import FIGURE_COLUMNS, figures_frame

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def one(text: str):
    figs = extract_figures_text(text)
    assert len(figs) == 1, figs
    return figs[0]


def test_count_with_unit_label_and_counted():
    f = one("+ Số lượng TTHC thuộc thẩm quyền giải quyết của UBND cấp huyện: 272;")
    assert (f.value, f.unit, f.unit_source) == (Decimal(272), "TTHC", "label")
    assert f.label == "Số lượng TTHC thuộc thẩm quyền giải quyết của UBND cấp huyện"
    f = one("Từ đầu năm đến nay đã ban hành 23 văn bản QPPL theo quy định.")
    assert (f.unit, f.counted) == ("văn bản QPPL", "văn bản QPPL")
    f = one("Có 10 công chức, viên chức và người lao động làm việc")
    assert f.counted == "công chức, viên chức và người lao động"


def test_money_percent_fraction_range():
    f = one("Tổng thu toàn tỉnh ước đạt 19.314,870 tỷ đồng;")
    assert (f.value, f.precision, f.unit, f.kind, f.scale) == (Decimal("19314.870"), 3, "tỷ đồng", "money", 9)
    assert f.label == "Tổng thu toàn tỉnh"
    f = one("đạt 90,90 % kế hoạch")
    assert (f.value, f.precision, f.kind) == (Decimal("90.90"), 2, "percent")
    f = one("tỉnh đạt 87.38/100 điểm")
    assert (f.value, f.numerator, f.denominator, f.unit, f.kind) == (Decimal("87.38"), Decimal("87.38"), Decimal(100), "điểm", "fraction")
    f = one("gồm có từ 12 - 14 cán bộ, công chức")
    assert (f.kind, f.low, f.high, f.counted) == ("range", Decimal(12), Decimal(14), "cán bộ, công chức")
    f = one("tiếp nhận 360.414/370.320 hồ sơ")
    assert figure_key(f) == "360414/370320"


def test_qualifiers():
    assert one("đã cấp được khoảng 3.000 chữ ký số").qualifier == "about"
    assert one("cấp trên 8.000 tài khoản").qualifier == "more_than"
    assert one("≥ 98% hồ sơ").qualifier == "at_least"


@pytest.mark.parametrize("text", [
    "Nghị định số 107/2020/NĐ-CP ngày 14/9/2020 của Chính phủ",
    "Quyết định số 1149/QĐ-BNV; Kết luận số 83-KL/TW; Nghị quyết số 06-NQ/TU",
    "ngày 21 tháng 02 năm 2022; Tháng 3 năm 2022; quý III; năm 2022; giai đoạn 2021 - 2030",
    "1. Cải cách thể chế",
    "II. KẾT QUẢ",
    "a) Công tác cải cách",
    "Căn cứ khoản 2 Điều 5 và Mẫu số 14 Phụ lục III",
    "Điện thoại: 0263.3822.123; họp lúc 8 giờ 30 phút; 14:30",
    "xem http://pbgdpl.haiduong.gov.vn/tin-2022/123 và dichvucong@haiduong.gov.vn",
    "dịch vụ công trực tuyến mức độ 3, 4 và mức độ 3 và 4",
    "thích ứng với dịch Covid - 19; chỉ số B1; thành viên theo QĐ932",
    "triển khai Đề án 06 của tỉnh, Chỉ thị 15/CT-TTg",
    "6 tháng đầu năm 2022 và 6 tháng cuối năm 2021",
    "Ngày pháp luật - 09/11” năm 2022; lấy ngày 26/3 là ngày chuyển đổi số",
    "(1) Thuế tỉnh; (2) Sở Y tế",
])
def test_not_figures(text):
    assert extract_figures_text(text) == []


def test_year_with_unit_is_a_count_but_bare_year_is_not():
    assert extract_figures_text("Fulbright 2022 ở nước ngoài") == []
    f = one("đã tiếp nhận 2022 hồ sơ")
    assert f.value == 2022


def test_glued_letters_are_not_figures_but_glued_units_are():
    assert extract_figures_text("mạng 4G và 5G, phòng 10b") == []
    f = one("mức hỗ trợ 300.000đ/tháng")
    assert (f.value, f.unit, f.kind) == (Decimal(300000), "đồng/tháng", "money")


def test_bare_parts_inherit_the_unit_of_the_whole():
    figs = extract_figures_text("rà soát 424 biểu mẫu, trong đó: giữ nguyên 352; sửa đổi 72.")
    assert [(f.value, f.unit) for f in figs] == [(424, "biểu mẫu"), (352, "biểu mẫu"), (72, "biểu mẫu")]
    assert figs[1].unit_source == "whole"


def test_document_page_line_and_frame():
    doc = read(CORPUS / "bc-231-ubnd-anlac-cchc-2025.pdf")
    figs = extract_figures(doc)
    f = next(f for f in figs if f.value == 424)
    assert f.page == 1 and f.line is not None
    assert doc.text[f.start:f.end].startswith("424")
    df = figures_frame(doc, figs)
    assert list(df.columns[: len(FIGURE_COLUMNS)]) == FIGURE_COLUMNS
    assert set(df["kind"]) == {"figure"}
    assert df.loc[df["value"] == "90.90", "precision"].iloc[0] == 2
    assert all(isinstance(v, str) for v in df["value"])


def test_docx_table_values_are_figures_with_row_and_column_labels():
    doc = read(CORPUS / "kh-snv-anlac-2026.docx")
    body = extract_figures(doc, include_tables=False)
    assert [figure_key(f) for f in body] == ["20", "8", "12"]
    figs = extract_figures(doc)
    assert [figure_key(f) for f in figs] == ["20", "8", "12", "8", "12", "20"]
    cells = [f for f in figs if f.cell]
    assert [(f.label, f.column, f.in_table) for f in cells] == [
        ("Sở, ban, ngành", "Số đơn vị", True), ("Xã, phường", "Số đơn vị", True), ("Tổng cộng", "Số đơn vị", True)]
    assert all(doc.text[f.start:f.end] == f.text for f in cells)


GOLD = sorted(CORPUS.glob("*.gold.json"))


@pytest.mark.parametrize("gold_path", GOLD, ids=[g.name[:-10] for g in GOLD])
def test_synthetic_gold_figures(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    stem = gold_path.name[: -len(".gold.json")]
    src = next(p for p in CORPUS.iterdir() if p.stem == stem and p.suffix in (".pdf", ".docx", ".txt"))
    res = evaluate_figures(read(src), gold)
    assert res["values"]["precision"] == 1.0 and res["values"]["recall"] == 1.0, res["misses"]
    assert res["units"]["recall"] == 1.0, res["misses"]
    assert res["statements"]["f1"] == 1.0, res["misses"]


REAL_GOLD = sorted((CORPUS / "gold" / "figures").glob("*.json"))


@pytest.mark.real
@pytest.mark.parametrize("gold_path", REAL_GOLD, ids=[g.stem for g in REAL_GOLD])
def test_real_gold_figures(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    path = SHARED / gold["file"]
    if not path.exists():
        pytest.skip(f"real corpus not available: {path}")
    import hashlib

    assert hashlib.sha256(path.read_bytes()).hexdigest() == gold["sha256"]
    res = evaluate_figures(read(path), gold)
    assert res["values"]["precision"] >= 0.99, res["misses"]
    assert res["values"]["recall"] >= 0.97, res["misses"]
    assert res["statements"]["f1"] >= 0.90 or not gold["statements"], res["misses"]


def test_fast_enough():
    import time

    text = (CORPUS / "bc-188-ubnd-hoaphong-extracted.txt").read_text(encoding="utf-8") * 20
    t = time.perf_counter()
    extract_figures_text(text)
    assert time.perf_counter() - t < 5


def test_topic_before_colon_gives_bare_counts_their_unit():
    from extract.find import extract_figures_text

    figs = extract_figures_text("+ Đối với viên chức diện Tỉnh uỷ quản lý: Bổ nhiệm 02, bổ nhiệm lại 04.\n"
                                "+ Tổng kinh phí: 120")
    assert [(f.raw or f.text, f.unit, f.unit_source) for f in figs][:2] == [("02", "viên chức", "topic"),
                                                                          ("04", "viên chức", "topic")]
    assert figs[2].unit is None  # another paragraph, and "kinh phí" is no count topic


@pytest.mark.parametrize("text", [
    "Theo Quyết định số 12/QĐ-UBND ngày 3 tháng 4 năm 2020, Nghị định 15 và Kế hoạch 01: 1.200 hồ sơ.",
    "NGÀY 3 THÁNG 4 NĂM 2020 — Điều 5 khoản 2, mức 4 và mức độ 3, 4; COVID-19; web 2.0; ISO 9001:2015",
    "xNghị định 5 ｘ Nghị Định 7/2020/NĐ-CP vào lúc 9 giờ, QĐ932, 19 2020-2025",
    # letters that re.IGNORECASE folds unlike str.lower (ı, ſ) or that lower to two (İ)
    "Nghı định 12 và Nghị định 13", "ſố 5 và mã ſố 7", "İ năm 2020 Quyết định 9",
])
def test_exclusion_mask_equals_a_plain_scan(text):
    """The mask tries word-led exclusion patterns only where their words start: it must
    equal running every pattern over the whole text."""
    from extract.find.figures import _build_mask, _exclusion_res

    plain = bytearray(len(text) + 1)
    for pat in _exclusion_res():
        for m in pat.finditer(text):
            plain[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    assert _build_mask(text, []) == plain
