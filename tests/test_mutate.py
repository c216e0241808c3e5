"""The mutation suite (scripts/mutate.py): single-figure mutations of consistent
statements must be flagged by the number rules; valid edits must not count."""
from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from extract.ingest.reader import document_from_text

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def mutate():
    spec = importlib.util.spec_from_file_location("baocao_mutate", ROOT / "scripts" / "mutate.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def _run(mutate, text: str, **kw):
    doc = document_from_text(text)
    return mutate.run_document(doc, name="<text>", per_statement=0, **kw)


def test_digit_change_in_a_complete_list_is_flagged(mutate):
    res = _run(mutate, "Tổng số 424 biểu mẫu, trong đó: giữ nguyên 352; sửa đổi 72.")
    assert res["consistent"] == 1
    muts = res["mutations"]
    assert {m["type"] for m in muts} >= {"digit", "transpose", "±1"}
    digits = [m for m in muts if m["type"] == "digit"]
    assert digits and all(m["should_flag"] and m["flagged"] for m in digits)
    assert all(m["rules"] and m["expected_fired"] for m in muts if m["should_flag"])
    # a 2-item list loses no item: "trong đó: sửa đổi 72" would be a valid partial list
    assert not [m for m in muts if m["type"] == "drop"]
    one = next(m for m in digits if m["original"] == "352")
    assert one["after"] == one["before"].replace("352", one["mutated"])


def test_drop_of_a_list_item_keeps_the_list(mutate):
    res = _run(mutate, "Rà soát 46 văn bản, trong đó: còn hiệu lực 31; hết hiệu lực toàn bộ 12; "
                       "hết hiệu lực một phần 3.")
    drops = [m for m in res["mutations"] if m["type"] == "drop"]
    assert len(drops) == 2  # never the last item
    first = next(m for m in drops if "31" in m["original"])
    assert "trong đó: hết hiệu lực toàn bộ 12; hết hiệu lực một phần 3" in first["after"]
    assert all(m["should_flag"] and m["flagged"] and m["expected_rule"] == "NUM002" for m in drops)
    assert all(m["mutated_statement"] and "complete" in m["mutated_statement"] for m in drops)


def test_partial_list_only_counts_parts_exceeding_the_whole(mutate):
    res = _run(mutate, "Đã ban hành 21 văn bản QPPL, trong đó có 14 quyết định của UBND tỉnh.")
    muts = res["mutations"]
    assert muts and not [m for m in muts if m["type"] == "drop"]
    for m in muts:
        if m["role"] == "part":
            assert m["should_flag"] == (int(m["mutated"]) > 21), m
        if m["role"] == "whole":
            assert m["should_flag"] == (int(m["mutated"]) < 14), m
        assert m["flagged"] == m["should_flag"], m


def test_rounding_tolerance_decides(mutate):
    from extract.find import extract_figures_text, extract_statements

    text = "Tổng chi 100,5 tỷ đồng, gồm chi đầu tư 40,2 tỷ đồng và chi thường xuyên 60,3 tỷ đồng."
    figs = extract_figures_text(text)
    (s,) = [s for s in extract_statements(text, figs) if s.kind == "parts"]
    v = mutate.Values
    assert mutate.claim(s, v(figs)) == (True, None)
    # 40,3 + 60,3 = 100,6 against 100,5: within ±0,05 + ±0,05 + ±0,05 — a valid edit
    assert mutate.claim(s, v(figs, {(s.parts[0], "value"): Decimal("40.3")}))[0] is True
    assert mutate.claim(s, v(figs, {(s.parts[0], "value"): Decimal("40.5")})) == (False, "NUM001")
    assert mutate.claim(s, v(figs, {(s.whole, "value"): Decimal("109.5")})) == (False, "NUM002")
    res = _run(mutate, text)
    pm = [m for m in res["mutations"] if m["type"] == "±1"]
    assert pm and not any(m["should_flag"] for m in pm)  # every ±1 of a last decimal is within tolerance
    assert all(m["flagged"] for m in res["mutations"] if m["should_flag"])
    assert not any(m["flagged"] for m in res["mutations"] if not m["should_flag"])


def test_ratio_and_remainder(mutate):
    res = _run(mutate, "Đã hoàn thành 50 nhiệm vụ trong tổng số 55 nhiệm vụ, đạt 90,91 %. "
                       "Đến nay đã hoàn thành 144/147 nhiệm vụ, còn 03 nhiệm vụ.")
    kinds = {s["kind"] for s in res["statements"]}
    assert kinds == {"ratio", "remainder"}
    pos = [m for m in res["mutations"] if m["should_flag"]]
    assert {m["expected_rule"] for m in pos} >= {"NUM004", "NUM005"}
    assert {m["role"] for m in pos if m["statement_kind"] == "ratio"} >= {"percent", "numerator", "denominator"}
    assert all(m["flagged"] for m in pos), [m for m in pos if not m["flagged"]]
    # ±1 in the percentage's last digit: 90,92 % is outside 50/55 = 90,909… ± 0,005
    assert any(m["type"] == "±1" and m["role"] == "percent" and m["should_flag"] for m in res["mutations"])


def test_splice_keeps_the_document(mutate):
    from extract.find.dates import report_period

    text = "BÁO CÁO\nKết quả năm 2025\nTổng số 424 biểu mẫu, trong đó: giữ nguyên 352; sửa đổi 72.\nHết."
    doc = document_from_text(text)
    same = mutate.splice(doc, 10, 10, "")
    assert same.text == doc.text and [(s.start, s.end) for s in same.segments] == [(s.start, s.end) for s in doc.segments]
    a = doc.text.index("giữ nguyên 352; ")
    cut = mutate.splice(doc, a, a + len("giữ nguyên 352; "), "")
    assert "trong đó: sửa đổi 72" in cut.text
    assert cut.locate(cut.text.index("Hết")) == doc.locate(doc.text.index("Hết"))
    p = report_period(doc)
    f0, s0, r0 = mutate.analyse(doc, p)
    f1, s1, r1 = mutate.analyse(same, p)
    assert [(f.start, f.value) for f in f0] == [(f.start, f.value) for f in f1]
    assert len(s0) == len(s1) and not r0.findings and not r1.findings


def test_corpus_run_counts_are_consistent(mutate):
    summary, results = mutate.run([ROOT / "corpus"], workers=1, max_per_doc=0, per_statement=4)
    docs = summary["documents"]
    assert docs["read"] == docs["files"] and docs["synthetic"] == docs["used"] and not docs["unreadable"]
    st = summary["statements"]
    assert st["used"] == st["consistent"] <= st["checkable"] <= st["found"]
    assert st["consistent"] + st["with_finding"] + st["oracle_disagrees"] == st["checkable"]
    mu, rc = summary["mutations"], summary["recall"]
    assert mu["total"] == mu["should_flag"] + mu["valid_edits"] == sum(len(r["mutations"]) for r in results)
    assert mu["total"] == sum(mu["by_type_generated"].values())
    ov = rc["overall"]
    assert ov["mutations"] == mu["should_flag"]
    for key in ("by_type", "by_rule", "by_statement_kind", "by_role"):
        assert sum(g["mutations"] for g in rc[key].values()) == ov["mutations"], key
        assert sum(g["flagged"] for g in rc[key].values()) == ov["flagged"], key
    assert len(summary["unflagged"]) == ov["mutations"] - ov["flagged"]
    assert ov["share"] >= 0.95, summary["unflagged"]
    # the synthetic documents' planted errors are reported, not counted as false alarms
    assert summary["untouched"]["errors"] == 0 and summary["untouched"]["synthetic_errors"]
    text = mutate.render(summary)
    assert "Share flagged" in text and "per 100 pages" in text


def test_score_rows_of_a_table_are_mutated_and_flagged(mutate):
    """Score / maximum = index rows (TAB005) and the table's total row: every mutation that
    breaks a claim is flagged, and the report sorts them by the shape of table statement."""
    from tests.table_docs import docx_with_table

    doc = docx_with_table([
        ["STT", "Lĩnh vực", "Điểm tối đa", "Điểm đạt", "Chỉ số (%)"],
        ["1", "Công tác chỉ đạo điều hành", "12", "9,50", "79,17"],
        ["2", "Cải cách thể chế", "8", "6,25", "78,13"],
        ["", "Tổng cộng", "20", "15,75", "78,75"],
    ])
    res = mutate.run_document(doc, name="<score table>", per_statement=0, max_per_doc=0)
    shapes = {m["table_shape"] for m in res["mutations"]}
    assert {"score row", "total row"} <= shapes
    scores = [m for m in res["mutations"] if m["statement_kind"] == "score" and m["should_flag"]]
    assert scores and all(m["flagged"] and m["expected_rule"] == "TAB005" for m in scores)
    summary = mutate.summarize([res])
    assert summary["recall"]["by_source"]["tables"]["mutations"] == len(
        [m for m in res["mutations"] if m["should_flag"]])
    assert "score row" in summary["recall"]["by_table_shape"]


def test_table_shape_names_the_part_of_a_table(mutate):
    assert mutate.table_shape("table_total", "section") == "section total"
    assert mutate.table_shape("table_total", "Tổng cộng") == "total row"
    assert mutate.table_shape("ratio", "table rate row") == "rate row"
    assert mutate.table_shape("ratio", "so với") == "text"
    assert mutate.table_shape("score", "score / maximum = index") == "score row"


def test_totals_only_report_names_no_document(mutate):
    """The untuned test split's report (--split test) gives counts and shares only."""
    from tests.table_docs import docx_with_table

    doc = docx_with_table([
        ["STT", "Lĩnh vực", "Điểm tối đa", "Điểm đạt", "Chỉ số (%)"],
        ["1", "Công tác chỉ đạo điều hành", "12", "9,50", "79,17"],
        ["2", "Cải cách thể chế", "8", "6,25", "87,50"],
    ])
    res = mutate.run_document(doc, name="secret-report.docx", per_statement=0, max_per_doc=0)
    summary = mutate.summarize([res])
    full = mutate.render(summary)
    assert "secret-report.docx" in full
    short = mutate.render(summary, totals_only=True)
    assert "secret-report.docx" not in short and "Cải cách" not in short
    assert "by text or tables:" in short and "    tables" in short


def test_spreadsheet_formula_cells_are_mutated(mutate, tmp_path):
    # a generated workbook: a SUM total and a share, each a formula with its cached value
    from extract.ingest.reader import read
    from tests.table_docs import write_xlsx

    rows = [["STT", "Đơn vị", "Hồ sơ nhận", "Đúng hạn", "Tỷ lệ (%)"],
            [1, "Xã A", 200, 150, {"formula": "=D2/C2*100", "value": 75}],
            [2, "Xã B", 120, 90, {"formula": "=D3/C3*100", "value": 75}],
            ["", "Tổng cộng", {"formula": "=SUM(C2:C3)", "value": 320}, {"formula": "=SUM(D2:D3)", "value": 240},
             {"formula": "=D4/C4*100", "value": 75}]]
    doc = read(write_xlsx(tmp_path / "bieu.xlsx", rows))
    res = mutate.run_document(doc, name="bieu.xlsx", per_statement=0, max_per_doc=0)
    muts = [m for m in res["mutations"] if m["statement_kind"] == "sheet_formula"]
    assert muts, res
    seeded = [m for m in muts if m["should_flag"]]
    assert seeded and all(m["flagged"] and "TAB002" in m["rules"] for m in seeded), \
        [(m["original"], m["mutated"], m["rules"]) for m in seeded if not m["flagged"]]


def test_row_relations_of_a_form_are_mutated_and_flagged(mutate):
    """A form without formulas whose "Còn lại" column follows from its neighbours (TAB007):
    a one-figure change in any row breaks its reading and is flagged at that row."""
    from tests.table_docs import docx_with_table

    doc = docx_with_table([
        ["STT", "Đơn vị", "Kế hoạch", "Thực hiện", "Còn lại"],
        ["1", "Xã A", "120", "100", "20"],
        ["2", "Xã B", "80", "50", "30"],
        ["3", "Xã C", "95", "60", "35"],
        ["4", "Xã D", "70", "40", "30"],
        ["5", "Xã Đ", "64", "21", "43"],
    ])
    res = mutate.run_document(doc, name="<form>", per_statement=0, max_per_doc=0)
    rows = [m for m in res["mutations"] if m["statement_kind"] == "row_relation" and m["should_flag"]]
    assert rows and {m["table_shape"] for m in rows} == {"row remainder (header)"}
    assert all(m["flagged"] and m["expected_rule"] == "TAB007" for m in rows)


def test_a_finding_in_the_same_row_of_another_column_does_not_hide_a_new_one(mutate):
    """Two relations of one row start at the row's label: a TAB007 finding the untouched
    table already has on "Chưa chi" must not hide the one a change of "Còn lại" in that row
    causes (findings are told apart by the cells they rest on, not their start alone); and
    a second slip in a five-row column still breaks the relation its header names."""
    pytest.importorskip("docx")
    from tests.table_docs import docx_with_table

    doc = docx_with_table([["STT", "Đơn vị", "Kế hoạch", "Thực hiện", "Còn lại", "Dự toán", "Đã chi", "Chưa chi"],
                           [1, "Xã A", 120, 100, 20, 300, 250, 50], [2, "Xã B", 80, 50, 30, 200, 120, 80],
                           [3, "Xã C", 95, 60, 35, 150, 100, 55], [4, "Xã D", 70, 40, 30, 260, 200, 60],
                           [5, "Xã E", 66, 21, 45, 90, 40, 50]])
    res = mutate.run_document(doc, name="<table>", max_per_doc=0, per_statement=1)
    rows = [m for m in res["mutations"] if m["statement_kind"] == "row_relation" and m["should_flag"]]
    assert len(rows) >= 9 and all(m["flagged"] for m in rows)


def test_gold_mode_mutates_annotated_statements(mutate):
    """--from-gold: one figure of each holding gold statement, located in the text and
    changed far beyond its rounding; a caught and a missed case, an unlocatable figure
    and a skipped kind are each counted."""
    text = ("Tổng số 424 biểu mẫu, trong đó: giữ nguyên 352; sửa đổi 72.\n"
            "Hiệp hội hướng dẫn: 23 (hai mươi ba) hội có thay đổi địa giới.\n"
            "Có 7 tổ và 7 đội.\n")
    doc = document_from_text(text)
    gold = {"statements": [
        {"id": "s1", "page": None, "where": "text", "kind": "whole_parts", "figures": ["424", "352", "72"],
         "relation": "424 = 352 + 72", "holds": True},
        {"id": "s2", "page": None, "where": "text", "kind": "same_quantity_twice",
         "figures": ["23", "hai mươi ba"], "relation": "23 = hai mươi ba", "holds": True},
        {"id": "s3", "page": None, "where": "text", "kind": "whole_parts", "figures": ["7"],
         "relation": "7 teams", "holds": True},
        {"id": "s4", "page": None, "where": "text", "kind": "range", "figures": ["7", "7"],
         "relation": "7–7", "holds": True},
        {"id": "s5", "page": None, "where": "text", "kind": "share", "figures": ["1", "2", "50%"],
         "relation": "1/2 = 50 %", "holds": False},
    ]}
    res = mutate.run_gold_document(doc, gold, name="<text>", max_per_doc=0)
    by_id = {m["id"]: m for m in res["mutations"]}
    assert set(by_id) == {"s1", "s2"}
    s1 = by_id["s1"]
    assert s1["flagged"] and s1["rules"]
    assert s1["original"] != s1["mutated"] and s1["original"][0] != s1["mutated"][0]
    # number against words: NUM013 (a number and its words disagree)
    assert by_id["s2"]["flagged"] and by_id["s2"]["mutated"] == "73" and "NUM013" in by_id["s2"]["rules"]
    assert res["skipped"] == {"unlocatable": 1, "kind skipped: range": 1}
    summary = mutate.summarize_gold([res])
    assert summary["overall"] == {"mutations": 2, "flagged": 2, "share": 1.0}
    short = mutate.render_gold(summary, [dict(res, doc="secret.docx")], totals_only=True)
    assert "secret" not in short and "hai mươi" not in short and "unlocatable 1" in short


def test_gold_edits_break_the_relation(mutate):
    assert mutate.leading_digit_edit("1.593") == ("6.593", 5000)
    assert mutate.leading_digit_edit("0,508") == ("0,108", 400)
    assert mutate.leading_digit_edit("100,0")[0] == "60,0"
    assert mutate.leading_digit_edit("0.0") == ("0.9", 9)
    assert mutate.eligible_figures({"kind": "share_after_threshold", "figures": ["30%", "42/139", "30,2%"],
                                    "relation": "42 / 139 = 30,2 %"}) == [1, 2]
