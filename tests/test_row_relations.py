"""Relations between a row's columns read from their headers (extract/find/row_relations.py,
rule TAB007): which readings are kept, which are refused, and what is flagged."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.checks import check_document
from extract.core.model import Figure
from extract.find.extraction import Extraction
from extract.find.row_relations import relation_holds
from extract.find.tables import rules

pytest.importorskip("docx")
from tests.table_docs import docx_with_table  # noqa: E402


def _relations(table):
    doc = docx_with_table(table)
    ex = Extraction(doc)
    return [s for s in ex.statements if s.kind == "row_relation"], ex


def _tab007(table):
    return [f for f in check_document(docx_with_table(table), select=["TAB007"]).findings]


def _vocab_cases():
    for name, entry in rules()["row_relations"].items():
        if isinstance(entry, dict):
            for ex in entry.get("examples", []):
                yield pytest.param(name, ex["label"], True, id=f"{name}:{ex['label']}")
            for ex in entry.get("counterexamples", []):
                yield pytest.param(name, ex["label"], False, id=f"{name}:not:{ex['label']}")


@pytest.mark.parametrize("name,label,positive", list(_vocab_cases()))
def test_vocabulary_examples(name, label, positive):
    rx = re.compile(rules()["row_relations"][name]["pattern"], re.I)
    low = " ".join(label.split()).lower()
    hit = rx.fullmatch(low) if name in ("total_rows", "whole_area_rows", "bare_rate") else rx.search(low)
    assert bool(hit) == positive


def test_remainder_reading_and_cue():
    st, _ex = _relations([["STT", "Đơn vị", "Kế hoạch", "Thực hiện", "Còn lại"],
                          [1, "Xã A", 120, 100, 20], [2, "Xã B", 80, 50, 30], [3, "Xã C", 95, 60, 35]])
    assert len(st) == 3 and all(s.relation == "difference" and s.complete for s in st)
    assert st[0].cue == "Còn lại = Kế hoạch − Thực hiện"
    assert st[0].whole_value == 20 and st[0].part_values == [120, 100]


def test_one_slip_is_flagged_two_readings_tied_are_not():
    bad = _tab007([["STT", "Đơn vị", "Kế hoạch", "Thực hiện", "Còn lại"],
                   [1, "Xã A", 120, 100, 20], [2, "Xã B", 80, 50, 30], [3, "Xã C", 95, 60, 35], [4, "Xã D", 70, 40, 25]])
    assert [(f.stated, f.severity) for f in bad] == [("25", "warning")]
    # two readings fit every row equally (b − a and c − a cannot be told apart when b = c): nothing claimed
    st, _ex = _relations([["STT", "Đơn vị", "Kế hoạch", "Thực hiện", "Đã chi", "Còn lại"],
                          [1, "Xã A", 120, 100, 100, 20], [2, "Xã B", 80, 50, 50, 30], [3, "Xã C", 95, 60, 60, 35]])
    assert not st


def test_ledger_and_rate_readings():
    st, _ex = _relations([["STT", "Bưu cục", "Tồn đầu kỳ", "Thu", "Chi", "Tồn cuối kỳ"],
                          [1, "BC Một", "1.200", 300, 500, "1.000"], [2, "BC Hai", 800, 450, 250, "1.000"],
                          [3, "BC Ba", 600, 150, 350, 400]])
    assert {s.cue for s in st} == {"Tồn cuối kỳ = Tồn đầu kỳ + Thu − Chi"}
    st, _ex = _relations([["STT", "Đơn vị", "Tiếp nhận", "Đã giải quyết", "Tỷ lệ (%)"],
                          [1, "Xã A", 200, 150, "75,0"], [2, "Xã B", 80, 60, "75,0"], [3, "Xã C", 50, 45, "90,0"]])
    assert st and all(s.relation == "percent" and s.numerator is not None and s.percent == s.whole for s in st)


def test_whole_area_row_sum_or_mean():
    table = [["STT", "Đơn vị", "Số hộ", "Dân số", "Lao động", "Điểm trung bình"],
             [1, "Xã A", 100, 400, 210, "8,0"], [2, "Xã B", 50, 210, 120, "6,0"], [3, "Xã C", 70, 300, 150, "7,0"],
             [4, "Toàn huyện", 220, 910, 480, "7,0"]]
    st, _ex = _relations(table)
    assert {s.relation for s in st} == {"sum_or_mean"} and len(st) == 4
    assert not _tab007(table)
    table[-1][3] = 990  # neither the sum (910) nor the mean
    assert [f.stated for f in _tab007(table)] == ["990"]


def _fig(v: str, precision: int = 0, kind: str = "number") -> Figure:
    return Figure(0, 1, v, Decimal(v), precision, kind=kind)


def test_relation_holds_rounding():
    # a percentage written to one decimal stands for ±0,05; counts are exact
    assert relation_holds("percent", _fig("66.7", 1), [_fig("2"), _fig("3")])
    assert not relation_holds("percent", _fig("66.5", 1), [_fig("2"), _fig("3")])
    assert relation_holds("difference", _fig("30"), [_fig("70"), _fig("40")], (1, -1))
    assert not relation_holds("difference", _fig("31"), [_fig("70"), _fig("40")], (1, -1))
    # a difference written without its sign
    assert relation_holds("difference", _fig("30"), [_fig("40"), _fig("70")], (1, -1))
    assert relation_holds("sum_or_mean", _fig("5"), [_fig("4"), _fig("6")])
    assert relation_holds("sum_or_mean", _fig("10"), [_fig("4"), _fig("6")])
    assert not relation_holds("sum_or_mean", _fig("7"), [_fig("4"), _fig("6")])
    assert relation_holds("growth", _fig("-25.0", 1), [_fig("60"), _fig("80")])


def test_ledger_down_the_rows():
    """A cash ledger written down the rows, one column per post office: "Tồn cuối ngày" =
    "Tồn đầu ngày" + "Thu" − "Chi" in every column; the one column that breaks it is flagged."""
    table = [["STT", "Chỉ tiêu", "BC Một", "BC Hai", "BC Ba", "BC Bốn"],
             [1, "Tồn đầu ngày", "1.200", 800, 600, 900],
             [2, "Thu trong ngày", 300, 450, 150, 100],
             [3, "Chi trong ngày", 500, 250, 350, 200],
             [4, "Tồn cuối ngày", "1.000", "1.000", 400, 800]]
    st, _ex = _relations(table)
    assert {s.cue for s in st} == {"Tồn cuối ngày = Tồn đầu ngày + Thu trong ngày − Chi trong ngày"}
    assert not _tab007(table)
    table[4][5] = 850
    assert [f.stated for f in _tab007(table)] == ["850"]


def test_share_of_the_column_sum():
    """"Tỉ lệ (%)" beside "Tổng chi" without a total row: each row's share of the column's
    sum; the row whose share is off is flagged."""
    table = [["STT", "Đơn vị", "Tổng chi", "Tỉ lệ (%)", "Ngoại trú"],
             [1, "BV A", 500, "50,0", 200], [2, "BV B", 300, "30,0", 100], [3, "BV C", 150, "15,0", 50],
             [4, "BV D", 50, "5,0", 20]]
    st, _ex = _relations(table)
    assert {s.relation for s in st} == {"share_of_sum"} and len(st) == 4
    # parts: the row, then every row of the column (the row included)
    assert st[0].cue == "Tỉ lệ (%) = Tổng chi / Σ Tổng chi × 100" and len(st[0].parts) == 5
    assert not _tab007(table)
    table[2][3] = "35,0"
    assert [f.stated for f in _tab007(table)] == ["35,0"]


def test_group_header_read_with_its_sub_header():
    """"Tồn quỹ" over "Đầu kỳ | Thu | Chi | Cuối kỳ": the closing column is named by the
    group and its sub-header together."""
    from extract.find.row_relations import _family

    assert _family(["Cuối kỳ", "Tồn quỹ"]) == "remainder"
    assert _family(["Đầu kỳ", "Tồn quỹ"]) is None
    assert _family(["KH 2021/ TH 2020", "So sánh %"]) == "rate"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab _1ểĐ|/%.", max_size=12), st.text(alphabet="ab _1ểĐ|/%.", min_size=1, max_size=30))
def test_word_in_is_the_bounded_search(h, text):
    # the header matcher's word test is the pattern it replaced, (?<!\w)h(?!\w), without compiling it
    from extract.find.row_relations import _word_in

    assert _word_in(h, text) == bool(re.search(r"(?<!\w)" + re.escape(h) + r"(?!\w)", text))


def test_a_term_filled_in_few_rows_still_confirms_the_reading():
    """"Cộng phát sinh" = "Số liệu STK1" + "Số liệu nhập", the second filled in three rows
    only: the rows where it is empty agree with the reading (the total is the first term),
    so one of the three rows that breaks it is a slip, not a reason to give the reading up."""
    head = ["STT", "Chỉ tiêu", "Số liệu STK1", "Số liệu nhập", "Cộng phát sinh"]
    rows = [[1, "Doanh thu A", "15.324.750", 220, "15.324.970"], [2, "Doanh thu B", "3.356.281", 120, "3.356.401"],
            [3, "Doanh thu C", "20.570.942", 500, "20.571.942"]]
    rows += [[4 + k, f"Chỉ tiêu {k}", f"{k + 2}.988.596", "", f"{k + 2}.988.596"] for k in range(6)]
    bad = _tab007([head] + rows)
    assert [(f.stated, f.severity) for f in bad] == [("20.571.942", "warning")]
    assert "Cộng phát sinh = Số liệu STK1 + Số liệu nhập" in bad[0].message
    # where the empty rows disagree too (the total is not the first term there), nothing is claimed
    other = [[4 + k, f"Chỉ tiêu {k}", f"{k + 2}.988.596", "", f"{k + 3}.000.000"] for k in range(6)]
    assert not _tab007([head] + rows[:3] + other)


def test_difference_rows_stated_the_way_their_signs_read():
    """"Chênh so toàn quốc" / "Chênh so vùng" under the province's row: the province minus
    the country (the sign written where the province is lower), not the country minus it;
    "Chênh so vùng" is not read as "Chênh so toàn quốc" + Toàn quốc − Vùng (more terms)."""
    table = [["Chỉ tiêu", "Tỷ lệ nội trú (%)", "Chi BQ chung (đồng)", "Chi BQ nội trú (đồng)", "Chi BQ ngoại trú (đồng)"],
             ["Toàn quốc", "10,05", "860.531", "5.401.165", "353.183"],
             ["Vùng", "13,44", "762.637", "3.752.431", "298.606"],
             ["Lào Cai", "20,35", "928.433", "3.270.677", "329.915"],
             ["Chênh so toàn quốc", "10,30", "67.902", "-2.130.488", "-23.268"],
             ["Chênh so vùng", "6,91", "165.796", "-481.754", "31.309"]]
    st, _ex = _relations(table)
    assert {s.cue for s in st} == {"Chênh so toàn quốc = Lào Cai − Toàn quốc", "Chênh so vùng = Lào Cai − Vùng"}
    assert not _tab007(table)


def test_two_readings_holding_in_as_many_rows_the_one_failing_in_fewer_wins():
    """Còn lại = Kế hoạch − Thực hiện holds in every row where it can be tried; Kế hoạch −
    Đã chi holds in as many rows but fails where the two differ: the first is the reading."""
    table = [["STT", "Đơn vị", "Kế hoạch", "Thực hiện", "Đã chi", "Còn lại"],
             [1, "Xã A", 120, 100, 100, 20], [2, "Xã B", 80, 50, 50, 30], [3, "Xã C", 95, 60, 60, 35],
             [4, "Xã D", 70, 40, 40, 30], [5, "Xã E", 66, 21, 21, 45], [6, "Xã G", 90, "", 75, 20]]
    st, _ex = _relations(table)
    assert st and {s.cue for s in st} == {"Còn lại = Kế hoạch − Thực hiện"}


def test_group_rows_by_their_code_sum_the_rows_under_them():
    """Regions coded "V01", "V02" … over provinces coded "02", "04" …: a region's count is
    the sum of its provinces' (claimed because every other region sums); its average is
    not (no group sums: the column is left alone); the region that does not sum is flagged."""
    table = [["Mã", "Đơn vị", "Số lượt", "Chi bình quân", "Ngày điều trị"],
             ["V01", "Vùng 1", "1.200", "500", "6,1"], ["02", "Tỉnh A", 500, 450, "6,0"], ["04", "Tỉnh B", 700, 560, "6,2"],
             ["V02", "Vùng 2", 900, 610, "5,9"], ["06", "Tỉnh C", 400, 600, "5,8"], ["08", "Tỉnh D", 300, 620, "6,0"],
             ["10", "Tỉnh E", 200, 605, "5,9"],
             ["V03", "Vùng 3", 650, 480, "6,4"], ["12", "Tỉnh G", 350, 470, "6,3"], ["14", "Tỉnh H", 300, 490, "6,5"],
             ["V04", "Vùng 4", 820, 530, "6,6"], ["16", "Tỉnh K", 410, 520, "6,7"], ["18", "Tỉnh L", 400, 545, "6,5"]]
    st, _ex = _relations(table)
    assert {s.cue for s in st} == {"Vùng 1 = tổng các dòng của nhóm", "Vùng 2 = tổng các dòng của nhóm",
                                   "Vùng 3 = tổng các dòng của nhóm", "Vùng 4 = tổng các dòng của nhóm"}
    bad = _tab007(table)
    assert [(f.stated, f.severity) for f in bad] == [("820", "warning")]


def test_two_slips_among_many_confirming_rows_are_both_flagged():
    """A "Toàn huyện" row that is the sum of its communes in six columns of eight: the two
    columns where it is not are each a finding (the relation stands; it does not become
    doubtful because a second column breaks it)."""
    head = ["STT", "Đơn vị", "Số hộ", "Dân số", "Lao động", "Học sinh", "Giáo viên", "Trường", "Trạm y tế", "Giường bệnh"]
    rows = [[1, "Xã A", 100, 400, 210, 95, 12, 3, 1, 10], [2, "Xã B", 50, 210, 120, 48, 7, 2, 1, 6],
            [3, "Xã C", 70, 300, 150, 66, 9, 2, 1, 8]]
    total = ["", "Toàn huyện", 220, 910, 480, 209, 28, 7, 3, 24]
    assert not _tab007([head] + rows + [total])
    total_bad = total[:]
    total_bad[3], total_bad[6] = 920, 29
    bad = _tab007([head] + rows + [total_bad])
    assert sorted(f.stated for f in bad) == ["29", "920"] and all(f.severity == "warning" for f in bad)


def test_two_value_columns_a_count_and_its_share():
    """"Số lượng | Tỷ lệ (%)" alone: the share of the total row (or, without one, of the
    column's sum) is read with two value columns; a row that breaks it is flagged."""
    table = [["STT", "Xếp loại", "Số lượng", "Tỷ lệ (%)"],
             [1, "Tốt", 6, "50,0"], [2, "Khá", 3, "25,0"], [3, "Trung bình", 2, "16,7"], [4, "Yếu", 1, "8,3"],
             ["", "Tổng cộng", 12, "100"]]
    st, _ex = _relations(table)
    assert [s.relation for s in st] == ["share_of_total"] * 4 and all(s.complete for s in st)
    assert not _tab007(table)
    table[3][3] = "15,7"
    assert [f.stated for f in _tab007(table)] == ["15,7"]
    st, _ex = _relations([["STT", "Xếp loại", "Số đơn vị", "Tỷ lệ %"],
                          [1, "Xuất sắc", 3, "15,0%"], [2, "Tốt", 12, "60,0%"], [3, "Khá", 5, "25,0%"]])
    assert [s.relation for s in st] == ["share_of_sum"] * 3
    # two columns that are no count and its share: nothing claimed
    st, _ex = _relations([["STT", "Đơn vị", "Dân số", "Tỷ lệ hộ nghèo (%)"],
                          [1, "Xã A", 1200, "5,2"], [2, "Xã B", 800, "7,1"], [3, "Xã C", 950, "3,3"]])
    assert not st


def test_share_in_the_count_cell_and_percent_cells_without_a_rate_header():
    """"118 (98,3%)": the share in the count's own cell is read as a column of its own;
    a column of "%" cells headed "Kết quả" is tried as a rate."""
    st, _ex = _relations([["STT", "Đơn vị", "Tổng số hồ sơ", "Đúng hạn", "Quá hạn"],
                          [1, "Sở A", 120, "118 (98,3%)", "2 (1,7%)"], [2, "Sở B", 40, "36 (90%)", "4 (10%)"],
                          [3, "Sở C", 50, "45 (90,0%)", "5 (10,0%)"]])
    assert len(st) == 6 and all(s.relation == "percent" and s.complete for s in st)
    assert {s.cue for s in st} == {"Đúng hạn (%) = Đúng hạn / Tổng số hồ sơ × 100",
                                   "Quá hạn (%) = Quá hạn / Tổng số hồ sơ × 100"}
    st, _ex = _relations([["STT", "Đơn vị", "Tổng số hồ sơ", "Đúng hạn", "Kết quả"],
                          [1, "Sở A", 120, 118, "98,3%"], [2, "Sở B", 40, 36, "90%"], [3, "Sở C", 50, 45, "90,0%"]])
    assert [s.cue for s in st] == ["Kết quả = Đúng hạn / Tổng số hồ sơ × 100"] * 3
    # a count with a growth beside it that the table cannot compute: nothing claimed
    st, _ex = _relations([["STT", "Đơn vị", "Tổng số hồ sơ", "Đúng hạn"],
                          [1, "Sở A", 120, "118 (tăng 8%)"], [2, "Sở B", 40, "36 (tăng 3%)"], [3, "Sở C", 50, "45 (tăng 11%)"]])
    assert not st


def test_a_comparison_is_no_share_and_a_share_no_growth():
    """"So với cùng kỳ (%)" compares two figures of its row: never read as the row's share
    of the total row, even where the figures would allow it; "Tỷ trọng (%)" is a share:
    never a growth of two columns."""
    table = [["STT", "Đơn vị", "Năm 2024", "Năm 2025", "So với cùng kỳ (%)"],
             [1, "Xã A", 90, 60, "50,0"], [2, "Xã B", 70, 36, "30,0"], [3, "Xã C", 40, 24, "20,0"],
             ["", "Tổng cộng", 200, 120, "100"]]
    st, _ex = _relations(table)
    assert not [s for s in st if s.relation.startswith("share")]
    table[0][4] = "Tỷ lệ (%)"  # the same figures under a plain rate header: the share of the total
    st, _ex = _relations(table)
    assert {s.relation for s in st} == {"share_of_total"}
    # a bare "Tỷ lệ (%)" under a comparing group header is a comparison
    from extract.find.row_relations import _rate_kind
    assert _rate_kind(["Tỷ lệ (%)", "So với cùng kỳ"]) == "comparison"
    assert _rate_kind(["Tỷ lệ đúng hạn (%)", "So với cùng kỳ"]) is None
    assert _rate_kind(["Tỷ trọng (%)"]) == "share"
    st, _ex = _relations([["STT", "Đơn vị", "Năm trước", "Năm nay", "Tỷ trọng (%)"],
                          [1, "Xã A", 100, 120, "20,0"], [2, "Xã B", 80, 60, "-25,0"], [3, "Xã C", 50, 55, "10,0"],
                          [4, "Xã D", 40, 50, "25,0"]])
    assert not [s for s in st if s.relation == "growth"]


def test_a_total_row_of_100_confirms_a_share_of_the_total():
    """"Tổng cộng | 40 | 100": the share column's total row written as 100 % confirms the
    reading as one more row, so two units over their total are read, and one slip among
    three units is flagged; a total row with another rate confirms nothing."""
    st, _ex = _relations([["STT", "Loại hình", "Số lượng", "Tỷ lệ (%)"],
                          [1, "Công lập", 30, "75"], [2, "Ngoài công lập", 10, "25"], ["", "Tổng", 40, "100"]])
    assert [s.relation for s in st] == ["share_of_total"] * 2
    table = [["STT", "Xếp loại", "Số lượng", "Tỷ lệ (%)"],
             [1, "Tốt", 6, "50,0"], [2, "Khá", 4, "33,3"], [3, "Trung bình", 2, "18,7"], ["", "Tổng cộng", 12, "100"]]
    assert [f.stated for f in _tab007(table)] == ["18,7"]
    table[4][3] = "95,0"  # no share column: its total row is no 100
    assert not _tab007(table)
    st, _ex = _relations(table)
    assert not st


def test_a_rate_of_a_zero_base_is_flagged_without_a_crash():
    """A row whose base is 0 under a rate column ("Tỷ lệ (%)" of 0 received): the relation
    cannot hold and the finding says so — the check does not divide by zero (a mutation
    of a shrunk sheet's table found this)."""
    bad = _tab007([["STT", "Đơn vị", "Tiếp nhận", "Đã giải quyết", "Tỷ lệ (%)"],
                   [1, "Xã A", 200, 150, "75,0"], [2, "Xã B", 80, 60, "75,0"], [3, "Xã C", 50, 45, "90,0"],
                   [4, "Xã D", 40, 30, "75,0"], [5, "Xã E", 0, 30, "75,0"]])
    assert [f.stated for f in bad] == ["75,0"]
    assert "undefined" in bad[0].computed


def test_a_row_printing_its_formula_still_has_its_row_relation():
    """A form's row printing its formula over other rows' codes relates the cell to other
    rows; its columns' relation ("Cộng phát sinh" = "Số liệu STK1" + "Số liệu nhập") is
    another claim about the same cell, and both are statements (a cell that a total column
    or a spreadsheet formula judges is still left to those)."""
    table = [["STT", "Chỉ tiêu", "Mã số", "Số liệu STK1", "Số liệu nhập", "Cộng phát sinh"],
             [1, "Tổng doanh thu (0500+4520)", "0001", "1.500", 20, "1.520"],
             [2, "Doanh thu dịch vụ", "0500", "1.200", 30, "1.230"],
             [3, "Doanh thu tài chính", "4520", 300, 10, 310],
             [4, "Thu nhập khác", "4530", 90, 15, 105]]
    st, ex = _relations(table)
    formulas = [s for s in ex.statements if s.kind == "formula"]
    assert formulas and {s.whole for s in formulas} & {s.whole for s in st}
    assert len(st) == 4 and all(s.relation == "sum" for s in st)
