"""Statements between figures: parts, ranges, ratios, remainders, comparisons."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from extract import read
from extract.find import extract_figures, extract_figures_text, extract_statements
from extract.find.statements import statement_values
from extract.report.frames import statements_frame

SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seed" / "000_5f89cc50c2f18dcc.txt"
D = Decimal


def found(text: str):
    figs = extract_figures_text(text)
    sts = extract_statements(text, figs)
    return figs, sts, [(k, w, sorted(p)) for k, w, p in (statement_values(s, figs) for s in sts)]


def has(vals, kind, whole, parts):
    want = (kind, None if whole is None else D(whole), sorted(D(p) for p in parts))
    return want in vals


def test_trong_do_colon_list():
    _, sts, vals = found("UBND tỉnh đã rà soát 424 biểu mẫu, trong đó: giữ nguyên 352 biểu mẫu; sửa đổi 72 biểu mẫu.")
    assert has(vals, "parts", 424, [352, 72]) and sts[0].complete


def test_bullets_under_a_total():
    text = ("Toàn tỉnh có 1.889 TTHC, trong đó:\n+ Cấp tỉnh: 1497;\n+ Cấp huyện: 272;\n+ Cấp xã: 120;\n"
            "Số lượng TTHC khác: 96 TTHC.")
    _, _, vals = found(text)
    assert has(vals, "parts", 1889, [1497, 272, 120])


def test_bullets_without_cue():
    text = "Toàn tỉnh có 280 đơn vị sự nghiệp:\n- Cấp tỉnh 200 đơn vị;\n- Cấp xã 80 đơn vị.\nHết."
    _, _, vals = found(text)
    assert has(vals, "parts", 280, [200, 80])


def test_parenthesised_parts_without_cue_and_nesting():
    text = "Tỉnh có 123 đơn vị (36 đơn vị cấp tỉnh, 58 đơn vị cấp huyện (20 đơn vị loại A, 38 đơn vị loại B), 29 đơn vị cấp xã)."
    figs, sts, vals = found(text)
    assert has(vals, "parts", 123, [36, 58, 29])
    assert has(vals, "parts", 58, [20, 38])
    outer = next(s for s in sts if s.whole is not None and figs[s.whole].value == 123)
    assert [figs[c.whole].value for c in outer.nested] == [58]


def test_two_partitions_of_one_whole():
    text = ("Tổng số 120 người (70 nam, 50 nữ), trong đó: 100 người có trình độ đại học và 20 người có trình độ thạc sĩ.")
    figs, sts, vals = found(text)
    assert has(vals, "parts", 120, [70, 50]) and has(vals, "parts", 120, [100, 20])


def test_partial_list_trong_do_co():
    _, sts, vals = found("đang cung cấp 1.950 dịch vụ công trực tuyến, trong đó có 587 dịch vụ mức độ 4; "
                         "1.130 dịch vụ mức độ 3; tích hợp được 574 dịch vụ công trên Cổng Quốc gia.")
    assert has(vals, "parts", 1950, [587, 1130])
    assert not sts[0].complete


def test_parts_about_a_different_thing_are_not_parts():
    _, _, vals = found("đã công bố 68 Quyết định danh mục TTHC; trong đó, công bố mới 247 TTHC, sửa đổi 338 TTHC và bãi bỏ 60 TTHC.")
    assert not any(k == "parts" for k, _, _ in vals)


def test_verb_after_trong_do_is_not_a_list():
    _, _, vals = found("ban hành Kế hoạch thực hiện 7 nội dung, trong đó đã xác định 32 mục tiêu cụ thể, gắn với 55 nhiệm vụ.")
    assert vals == []


def test_range_parts():
    _, sts, vals = found("gồm có từ 12 - 14 cán bộ, công chức (trong đó có 01 lãnh đạo, 01 chuyên viên, từ 5 - 7 công chức, "
                         "04 chiến sỹ và 02 công chức khác).")
    s = next(s for s in sts if s.kind == "range_parts")
    assert s.complete and len(s.parts) == 5


@pytest.mark.parametrize("text,whole,parts", [
    ("đã thực hiện được 50 nhiệm vụ trong tổng số 55 nhiệm vụ, đạt 90,90 % kế hoạch", "55", ["50", "90.90"]),
    ("tỷ lệ hồ sơ trực tuyến 90,58% (419.218/462.814 hồ sơ)", "462814", ["419218", "90.58"]),
    ("đã hoàn thành 123/123 nhiệm vụ được giao đạt 100% kế hoạch", "123", ["123", "100"]),
    ("hoàn thành 100% kế hoạch (33/33 lớp)", "33", ["33", "100"]),
    ("Tổng số hồ sơ đã giải quyết là 195.197 hồ sơ; trong đó: Số hồ sơ đúng hạn là 193.457 (tỷ lệ 99,1%).", "195197", ["193457", "99.1"]),
    ("Tổng số hồ sơ tiếp nhận là 1.000 hồ sơ, đã giải quyết đúng hạn 909 hồ sơ, đạt 90,90 %;", "1000", ["909", "90.90"]),
])
def test_ratios(text, whole, parts):
    _, _, vals = found(text)
    assert has(vals, "ratio", whole, parts), vals


def test_remainder():
    _, sts, vals = found("UBND tỉnh được giao và hoàn thành 144/147 còn 03 nhiệm vụ đang trong thời gian thực hiện.")
    assert has(vals, "remainder", 147, [144, 3])
    figs = extract_figures_text("hoàn thành 144/147 còn 03 nhiệm vụ")
    assert figs[0].unit == "nhiệm vụ"  # the fraction takes the unit of what remains


def test_remainder_needs_whole_numbers():
    _, _, vals = found("tự đánh giá đạt 60,5/61,5 điểm, còn lại 6,5 điểm do các bộ đánh giá")
    assert not any(k == "remainder" for k, _, _ in vals)


@pytest.mark.parametrize("text,parts,relation", [
    ("Tổng thu ước đạt 19.314,870 tỷ đồng; đạt 130% so với dự toán giao.", ["19314.870", "130"], "đạt"),
    ("Chi đầu tư phát triển ước đạt 6.182,582 tỷ đồng, bằng 148% dự toán.", ["6182.582", "148"], "bằng"),
    ("tỉnh đạt 87.38/100 điểm tăng 11 bậc so với năm 2020", ["11"], "tăng"),
])
def test_comparisons(text, parts, relation):
    _, sts, vals = found(text)
    assert has(vals, "comparison", None, parts), vals
    assert next(s for s in sts if s.kind == "comparison").relation == relation


def test_single_percent_against_a_plan_is_not_a_statement():
    assert found("Giải ngân vốn đầu tư công đạt 51,8% kế hoạch.")[2] == []


def test_statements_frame():
    doc = read(Path(__file__).resolve().parents[1] / "corpus" / "bc-231-ubnd-anlac-cchc-2025.pdf")
    df = statements_frame(doc)
    assert set(df["kind"]) == {"statement"}
    row = df[df["whole"] == "424"].iloc[0]
    assert row["statement"] == "parts" and row["parts"] == ["352", "72"] and row["page"] == 1


@pytest.mark.real
def test_seed_report_statements():
    """issue 4 "Done means": every statement a reader sees in the seed report."""
    if not SEED.exists():
        pytest.skip("../shared/corpus is absent")
    doc = read(SEED)
    figs = extract_figures(doc)
    sts = extract_statements(doc, figs)
    vals = [(k, w, sorted(p)) for k, w, p in (statement_values(s, figs) for s in sts)]
    for whole, parts in [(424, [352, 72]), ("1889", [1497, 272, 120]), (96, [37, 45, 14]), (10, [4, 5, 1]),
                         (103, [90, 13]), (28, [10, 18]), (23, [6, 17]), (21, [14, 7])]:
        assert has(vals, "parts", whole, parts), (whole, vals)
    assert has(vals, "ratio", 55, [50, "90.90"])
    assert has(vals, "remainder", 147, [144, 3])
    rng = next(s for s in sts if s.kind == "range_parts")
    w = figs[rng.whole]
    assert (w.low, w.high) == (12, 14)
    assert sorted((figs[i].low or figs[i].value, figs[i].high or figs[i].value) for i in rng.parts) == \
        [(1, 1), (1, 1), (2, 2), (4, 4), (5, 7)]
    comp = next(s for s in sts if s.kind == "comparison" and any(figs[i].value == D("19314.870") for i in s.parts))
    assert [figs[i].value for i in comp.parts] == [D("19314.870"), D(130)] and comp.whole is None
    assert "dự toán" in comp.base
    score = next(f for f in figs if f.kind == "fraction" and f.unit == "điểm")
    assert score.value == D("87.38") and score.denominator == 100
    # statements carry page/line and their text
    assert all(s.line is not None and s.text for s in sts)
