"""Spreadsheet formulas as statements (extract.find.sheet_formulas) and the spreadsheet
tables without formulas (header of an export, row counters, shifted headers)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from extract.checks import check_document
from extract.find import sheet_formulas as sf
from extract.find.extraction import Extraction
from extract.find.tables import tables
from extract.ingest.reader import read
from tests.table_docs import write_xlsx


def _look(values: dict[str, object]):
    def look(addr: str):
        v = values.get(addr)
        if v is None:
            return ("", None)
        if isinstance(v, str):
            n = sf.text_number(v)
            return ("t", None if n is None else float(n))
        return ("n", float(v))  # type: ignore[arg-type]
    return look


def test_parse_and_evaluate_the_arithmetic_of_forms():
    look = _look({"A1": 10, "A2": 20, "A3": "5", "B1": 4, "C1": 0})
    assert sf.evaluate(sf.parse("=SUM(A1:A3)"), look) == 30  # Excel skips the text "5"
    assert sf.evaluate(sf.parse("=SUM(A1:A3)"), look, reader=True) == 35  # a reader does not
    assert sf.evaluate(sf.parse("=A1+A3"), look) == 15  # "+" takes the text's number
    assert sf.evaluate(sf.parse("=ROUND(A1/B1*100,1)"), look) == 250
    assert sf.evaluate(sf.parse("=-A1^2"), look) == 100  # Excel: negation before the power
    assert sf.evaluate(sf.parse("=(A2/A1)^(1/2)*100"), look) == pytest.approx(141.4213562)
    assert sf.evaluate(sf.parse("=50%*A2"), look) == 10
    with pytest.raises(sf.Unsupported):
        sf.evaluate(sf.parse("=A1/C1"), look)  # #DIV/0!
    for bad in ("=IF(A1>0,1,0)", '="TH "&A1', "=Sheet2!A1+1", "=A1:A3", "=VLOOKUP(A1,B1:C3,2)"):
        with pytest.raises(sf.Unsupported):
            sf.parse(bad)


def test_what_a_formula_claims():
    assert sf.relation_of(sf.parse("=SUM(E46:E48)"))[0] == "table_total"
    assert sf.relation_of(sf.parse("=E7+E14+E17"))[1] == [(1, "E7"), (1, "E14"), (1, "E17")]
    assert sf.relation_of(sf.parse("=J6-E6")) == ("remainder", [(1, "J6"), (-1, "E6")])
    assert sf.relation_of(sf.parse("=J6/I6*100")) == ("share", [(1, "J6"), (-1, "I6")])
    assert sf.relation_of(sf.parse("=ROUND(C2/B2*100,1)"))[0] == "share"
    assert sf.relation_of(sf.parse("=AP45")) == ("copy", [(1, "AP45")])
    assert sf.relation_of(sf.parse("=Q46*AC46/1000000000"))[0] == "formula"
    # the identical formulas of a column share their relative form
    assert sf.r1c1("=E7+E8", 6, 5) == sf.r1c1("=F7+F8", 6, 6) != sf.r1c1("=E7+E9", 6, 5)
    assert sf.r1c1("=$B$1*E7", 6, 5) == sf.r1c1("=$B$1*F7", 6, 6)


def test_formula_cells_become_statements_over_their_figures(tmp_path):
    rows = [["STT", "Đơn vị", "Kế hoạch", "Thực hiện", "Chênh lệch", "Tỷ lệ (%)"],
            [1, "Xã A", 200, 150, {"formula": "=D2-C2", "value": -50}, {"formula": "=D2/C2*100", "value": 75}],
            [2, "Xã B", 120, 90, {"formula": "=D3-C3", "value": -30}, {"formula": "=D3/C3*100", "value": 75}],
            ["", "Tổng cộng", {"formula": "=SUM(C2:C3)", "value": 320}, {"formula": "=SUM(D2:D3)", "value": 240},
             {"formula": "=D4-C4", "value": -80}, {"formula": "=D4/C4*100", "value": 75}]]
    doc = read(write_xlsx(tmp_path / "bieu.xlsx", rows))
    ex = Extraction(doc)
    st = [s for s in ex.statements if s.kind == "sheet_formula"]
    assert sorted(s.relation or "" for s in st) == ["remainder"] * 3 + ["share"] * 3 + ["table_total"] * 2
    total = next(s for s in st if s.cue == "=SUM(C2:C3)")
    assert [ex.figures[i].value for i in total.parts] == [Decimal(200), Decimal(120)]
    assert doc.cell_at(ex.figures[total.whole].start) == "Biểu 01!C4"
    share = next(s for s in st if s.cue == "=D2/C2*100")
    assert (ex.figures[share.numerator].value, ex.figures[share.denominator].value) == (150, 200)
    report = check_document(ex)
    assert not report.findings and report.statements_checked >= 8


def test_a_column_of_stale_formulas_is_one_finding(tmp_path):
    # the counts were changed after the last recalculation: every share of the column is off
    rows = [["STT", "Đơn vị", "Hồ sơ nhận", "Đúng hạn", "Tỷ lệ (%)"]]
    for i in range(2, 8):
        rows.append([i - 1, f"Xã {i}", 100 + i, 90, {"formula": f"=D{i}/C{i}*100", "value": 95.5}])
    doc = read(write_xlsx(tmp_path / "bieu.xlsx", rows))
    found = [f for f in check_document(doc, select=["TAB002"]).findings]
    assert len(found) == 1 and found[0].severity == "error"
    assert "E2" in found[0].message and "(+5: E3 … E7)" in found[0].message
    assert found[0].reading and "tính lại" in found[0].reading


def test_sum_skipping_a_number_stored_as_text(tmp_path):
    rows = [["STT", "Đơn vị", "Số hồ sơ"], [1, "Sở Tư pháp", 1250], [2, "Sở Nội vụ", "940"],
            [3, "Sở Tài chính", 712], ["", "Tổng cộng", {"formula": "=SUM(C2:C4)", "value": 1962}]]
    doc = read(write_xlsx(tmp_path / "bieu.xlsx", rows))
    (f,) = check_document(doc, select=["TAB002"]).findings
    assert f.severity == "error" and "C3" in (f.reading or "") and f.computed.endswith("2.902")
    # a total that adds the text cell as the reader does is consistent
    rows[-1][2] = {"formula": "=C2+C3+C4", "value": 2902}
    doc = read(write_xlsx(tmp_path / "bieu2.xlsx", rows))
    assert not check_document(doc, select=["TAB002"]).findings


def test_a_formula_over_a_text_result_is_not_judged(tmp_path):
    # a tool wrote an error result as the text "0": its dependents are errors in Excel too
    rows = [["Chỉ tiêu", "Năm 2019", "Năm 2020", "Tăng BQ (%)", "Tổng"],
            ["Số hộ", 0, 0, {"formula": "=(C2/B2)^(1/5)*100", "value": "0"}, 5],
            ["Số người", 10, 12, {"formula": "=D2+E2", "value": 0}, 7]]
    path = write_xlsx(tmp_path / "bieu.xlsx", rows)
    doc = read(path)
    assert not check_document(doc, select=["TAB002"]).findings


def test_displayed_decimals_follow_the_number_format():
    from extract.ingest.sheets import format_number

    assert format_number(898.4453746491, "#,##0.0") == "898,4"
    assert format_number(0.1255, "0.0%") == "12,6 %"
    assert format_number(1234.5, "#,##0") == "1.235"
    assert format_number(12.345, "General") == "12,345"
    assert format_number(-0.04, "#,##0.0") == "0,0"


def test_export_sheet_header_after_field_names_and_query_row(tmp_path):
    rows = [["ma_tinh", "ma_loai", "tu_thang", "den_thang", "nam"],
            [10, 0, 6, 6, 2024],
            ["Mã CSKCB", "Tên CSKCB", "Tổng cộng", "Ngoại trú", "Nội trú"],
            ["10.003", "Bệnh viện A", 6866, 5361, 1505],
            ["10.004", "Bệnh viện B", 3551, 2580, 971],
            ["10.005", "Bệnh viện C", 2677, 1791, 880]]
    doc = read(write_xlsx(tmp_path / "bieu.xlsx", rows))
    t = tables(doc)[0]
    assert t.header_rows == 3 and t.header_start == 2
    assert t.header_cell_texts(2) == ["Tổng cộng"]
    found = [f for f in check_document(doc).findings if f.rule == "TAB001"]
    assert [f.stated for f in found] == ["2.677"]  # 1.791 + 880 = 2.671


def test_row_counters_and_shifted_headers_are_not_totals(tmp_path):
    # an export whose field names sit one column off its data: "Cộng" over a column of 0
    rows = [["STT", "Tên chỉ tiêu", "Mã số", "Cộng", "Thực hiện"]]
    for i in range(1, 9):
        rows.append([f"Chỉ tiêu {i}", f"{i:04d}", i, 0, 1000 * i])
    doc = read(write_xlsx(tmp_path / "bieu.xlsx", rows))
    ex = Extraction(doc)
    assert not [s for s in ex.statements if s.kind == "table_total"]
    assert not check_document(ex).findings


def test_codes_left_of_the_row_labels_are_not_figures(tmp_path):
    # "3.015" is the indicator's code (3015 with a thousands format), not 3.015 %
    rows = [["STT", "Mã", "Tên chỉ tiêu", "Đơn vị tính", "Năm 2019", "Năm 2020"],
            [1, 3015, "Tỷ lệ hộ nghèo", "%", 4.5, 3.9],
            [2, 3016, "Tỷ lệ trẻ em suy dinh dưỡng", "%", 12.1, 11.8],
            [3, 3017, "Số hộ nghèo", "Hộ", 450, 390]]
    doc = read(write_xlsx(tmp_path / "bieu.xlsx", rows))
    ex = Extraction(doc)
    assert not [f for f in ex.figures if f.cell and f.value in (3015, 3016, 3017)]
    assert [f.value for f in ex.figures if f.cell and f.row == 1] == [Decimal("4.5"), Decimal("3.9")]


def test_a_formula_names_the_cells_of_its_own_sheet(tmp_path):
    """Two sheets of one form, the same columns: the second's SUM, which skipped numbers
    stored as text, is found on the second sheet's cells (it had been mapped onto the
    first's by table and row numbers), and the sheets stay two tables."""
    from extract import read
    from extract.checks import check_document
    from extract.find.extraction import Extraction
    from tests.table_docs import write_xlsx_sheets

    head = ["STT", "Đơn vị", "Số lượt", "Số tiền"]
    first = [head, [1, "Xã A", 10, 500], [2, "Xã B", 20, 700],
             ["", "Cộng", {"formula": "=SUM(C2:C3)", "value": 30}, {"formula": "=SUM(D2:D3)", "value": 1200}]]
    second = [head, [1, "Xã C", 30, {"text": "900"}], [2, "Xã D", 40, {"text": "400"}],
              ["", "Cộng", {"formula": "=SUM(C2:C3)", "value": 70}, {"formula": "=SUM(D2:D3)", "value": 0}]]
    doc = read(write_xlsx_sheets(tmp_path / "pl.xlsx", {"PL01": first, "PL02": second}))
    report = check_document(Extraction(doc))
    tab002 = [f for f in report.findings if f.rule == "TAB002" and f.severity == "error"]
    assert len(tab002) == 1, [(f.rule, f.severity, f.message) for f in report.findings]
    cells = {doc.cell_at(a) for _role, a, _b in tab002[0].involved}
    assert cells and all(c.startswith("PL02!") for c in cells), cells
    assert doc.cell_at(tab002[0].start) == "PL02!D4"


def test_numbers_typed_as_text_follow_the_workbooks_own_convention():
    """Text cells that group thousands with commas ("1,250", "12,345.5") are read as the
    numeric cells are, the Vietnamese way; a workbook whose text cells write "1.250,5" or
    "68,25" keeps them; one "1,250" alone says nothing and is left as typed."""
    from extract.ingest.sheets import Sheet, SheetCell, grids, text_number_convention

    def book(*texts: object) -> list[Sheet]:
        s = Sheet("Biểu 01")
        for r, v in enumerate(texts, 1):
            s.cells[(r, 1)] = SheetCell(r, 1, "Xã")
            s.cells[(r, 2)] = SheetCell(r, 2, v)
            s.cells[(r, 3)] = SheetCell(r, 3, 90)
        return [s]

    en = book("1,250", "12,345.5", "980", "85.5 %")
    assert text_number_convention(en) == "en"
    # "85.5 %" has no group: a dot and one digit read the same either way, left as typed
    assert [row[1] for row in grids(en)[0].rows] == ["1.250", "12.345,5", "980", "85.5 %"]
    vi = book("1.250,5", "68,25", "1,250")
    assert text_number_convention(vi) == "vi"
    assert [row[1] for row in grids(vi)[0].rows] == ["1.250,5", "68,25", "1,250"]
    assert text_number_convention(book("1,250", "Ghi chú")) is None
    assert text_number_convention(book("1,250", "2,340")) == "en"  # only thousands groups, nothing Vietnamese


def test_a_number_typed_with_its_unit_follows_the_workbooks_convention_too():
    from extract.ingest.sheets import Sheet, SheetCell, grids

    s = Sheet("Biểu 01")
    for r, v in enumerate(["1,250 hồ sơ", "(2,340)", "12,345.5", "Ghi chú: 3 xã"], 1):
        s.cells[(r, 1)] = SheetCell(r, 1, "Xã")
        s.cells[(r, 2)] = SheetCell(r, 2, v)
        s.cells[(r, 3)] = SheetCell(r, 3, 90)
    assert [row[1] for row in grids([s])[0].rows] == ["1.250 hồ sơ", "(2.340)", "12.345,5", "Ghi chú: 3 xã"]
