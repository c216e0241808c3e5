"""Figure context (extract/find/context.py): the examples of rules/figure_context.yaml,
base unit and magnitude, counted phrases and labels, both paths, and the scorer of
extract/evaluate/context.py."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from extract.core.rules import load_yaml
from extract.evaluate import context as ev
from extract.find import context as ctx
from extract.find.extraction import extract_figures_text

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
VOCAB = load_yaml("figure_context.yaml")


def _fig(text: str, token: str, mode: str = "rules"):
    k = text.index(token)
    return next((f for f in extract_figures_text(text, context=mode) if f.number_start <= k < f.number_end), None)


@pytest.mark.parametrize("ex", VOCAB["name_heads"]["examples"] + VOCAB["page_heads"]["examples"],
                         ids=lambda e: e["text"][:30])
def test_names_are_not_figures(ex):
    assert _fig(ex["text"], ex["not"]) is None


@pytest.mark.parametrize("ex", VOCAB["name_heads"]["counterexamples"] + VOCAB["page_heads"]["counterexamples"],
                         ids=lambda e: e["text"][:30])
def test_counts_stay_figures(ex):
    assert _fig(ex["text"], ex["keep"]) is not None


def test_ordinal_names_are_not_figures():
    text = "Theo Điều 5 của Quyết định, Khu phố 3 và xã Hòa Bình 3 có 12 hộ nghèo."
    figs = extract_figures_text(text)
    assert [f.raw for f in figs] == ["12"] and figs[0].counted.startswith("hộ nghèo")


@pytest.mark.parametrize("ex", VOCAB["count_prefixes"]["examples"], ids=lambda e: e["label"])
def test_counted_from_label(ex):
    assert ctx.counted_from_label(ex["label"]) == ex["counted"]


@pytest.mark.parametrize("ex", VOCAB["count_prefixes"]["counterexamples"], ids=lambda e: e["label"])
def test_no_counted_from_label(ex):
    assert ctx.counted_from_label(ex["label"]) is None


@pytest.mark.parametrize("ex", VOCAB["generic_columns"]["examples"], ids=lambda e: e["text"])
def test_generic_columns(ex):
    assert ctx.is_generic_column(ex["text"])


@pytest.mark.parametrize("ex", VOCAB["generic_columns"]["counterexamples"], ids=lambda e: e["text"])
def test_not_generic_columns(ex):
    assert not ctx.is_generic_column(ex["text"])


@pytest.mark.parametrize("ex", VOCAB["code_columns"]["examples"], ids=lambda e: e["text"])
def test_code_columns(ex):
    assert ctx.is_code_column(ex["text"])


def test_money_counted_examples():
    rx = ctx._money()
    assert all(rx.match(e["text"]) for e in VOCAB["money_counted"]["examples"])
    assert not any(rx.match(e["text"]) for e in VOCAB["money_counted"]["counterexamples"])


def test_unit_and_magnitude_apart():
    f = _fig("Sản lượng lúa đạt 12,5 nghìn tấn, doanh thu 41,3 tỷ đồng.", "12,5")
    assert (f.unit, f.base_unit, f.scale, f.value) == ("nghìn tấn", "tấn", 3, Decimal("12.5"))
    g = _fig("Sản lượng lúa đạt 12,5 nghìn tấn, doanh thu 41,3 tỷ đồng.", "41,3")
    assert (g.unit, g.base_unit, g.scale) == ("tỷ đồng", "đồng", 9)
    h = _fig("mức hỗ trợ 06 triệu đồng/1 ha rừng trồng", "06")
    assert (h.base_unit, h.scale) == ("đồng/ha", 6)
    assert ctx.base_unit("triệu", 6) is None and ctx.base_unit("người", 0) == "người"


def test_counted_from_label_and_joined_label():
    f = _fig("Số lượng giải quyết tinh giản biên chế là 103 người trong đó có 90 viên chức.", "103")
    assert f.counted == "người giải quyết tinh giản biên chế"
    g = _fig("Số phản ánh đã tiếp nhận là 788; số phản ánh, kiến nghị đã trả lời là 788, đạt 100%.", "788,")
    assert g.label == "số phản ánh, kiến nghị đã trả lời"
    assert g.unit == "phản ánh" and g.counted == "phản ánh, kiến nghị đã trả lời"


def test_mode_choice(monkeypatch):
    monkeypatch.setenv("BAOCAO_CONTEXT", "underthesea")
    assert ctx.choose_mode() == "underthesea"
    assert ctx.choose_mode("rules") == "rules"
    monkeypatch.delenv("BAOCAO_CONTEXT")
    assert ctx.choose_mode() == "rules"
    with pytest.raises(ValueError):
        ctx.choose_mode("bert")


def test_tagger_path():
    pytest.importorskip("underthesea")
    text = "Có 13/144 cơ quan, đơn vị, địa phương tham gia góp ý một số nội dung. Đã cấp 2.130 chứng thư cá nhân và 5 chứng thư tổ chức."
    rules = _fig(text, "13", "rules")
    tagged = _fig(text, "13", "underthesea")
    assert rules.counted == "cơ quan, đơn vị, địa phương"
    assert tagged.counted == "cơ quan, đơn vị, địa phương tham gia góp ý một số nội dung"
    assert tagged.label == tagged.counted  # "Có" names nothing
    # the tagger stops at the conjunction: "cá nhân" is part of the phrase, "và" is not
    assert _fig(text, "2.130", "underthesea").counted.startswith("chứng thư cá nhân")
    # a number glued into a proper noun is a name
    assert _fig("Nước sạch về tới Hòa Bình 3 từ tháng trước", "3", "underthesea") is None


def test_read_does_not_import_nlp():
    code = ("import sys; from extract.cli import main; "
            "main(['read', 'corpus/bc-188-ubnd-hoaphong-extracted.txt', '--format', 'summary']); "
            "main(['extract', 'corpus/bc-188-ubnd-hoaphong-extracted.txt', '--kinds', 'figures', '-f', 'jsonl']); "
            "bad = [m for m in ('spacy', 'underthesea', 'thinc') if m in sys.modules]; "
            "assert not bad, bad")
    env = {k: v for k, v in os.environ.items() if k != "BAOCAO_CONTEXT"}
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr[-2000:]


def test_agreement_rules():
    assert ev.agree_unit("VNĐ", "đồng") and ev.agree_unit("Ha", "ha")
    assert ev.agree_unit("cơ quan, đơn vị, địa phương", "cơ quan")
    assert ev.agree_unit(None, None) and not ev.agree_unit("đồng", None)
    assert not ev.agree_unit("tấn", "tỷ đồng")
    assert ev.agree_phrase("hồ sơ TTHC", "hồ sơ TTHC được hỗ trợ")
    assert not ev.agree_phrase("hồ", "hồ sơ")  # one syllable is not enough
    assert not ev.agree_phrase("chứng thư cá nhân", "doanh thu")
    assert ev.exact_phrase("Số  hộ nghèo", "số hộ nghèo")


def test_scorer_on_items(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("Tổng số hồ sơ tiếp nhận là 1.204 hồ sơ; xã Hòa Bình 3 có 12 thôn.\n", encoding="utf-8")
    text = doc.read_text(encoding="utf-8")
    items = [
        {"file": "a.txt", "offset": text.index("1.204"), "token": "1.204", "is_figure": True, "kind": "count",
         "value": "1204", "unit": "hồ sơ", "magnitude": 1, "counted": "hồ sơ", "label": "Tổng số hồ sơ tiếp nhận"},
        {"file": "a.txt", "offset": text.index("3 có"), "token": "3", "is_figure": False, "kind": "name"},
    ]
    r = ev.score_items(items, tmp_path)
    assert r["is_figure"]["precision"] == 1.0 and r["is_figure"]["recall"] == 1.0
    assert r["accuracy"]["value"] == 1.0 and r["accuracy"]["unit"] == 1.0 and r["accuracy"]["magnitude"] == 1.0


@pytest.mark.real
def test_eval_context_tune_split():
    """The scorer runs on the tuning split's gold; the test splits print totals only."""
    if not SHARED.is_dir() or not (ROOT / "corpus" / "gold" / "context" / "tune.json").exists():
        pytest.skip("no real corpus or no context gold")
    items = json.loads((ROOT / "corpus" / "gold" / "context" / "tune.json").read_text(encoding="utf-8"))["items"]
    r = ev.score_items(items[:30], SHARED)
    assert r["figures"] > 0 and r["accuracy"]["value"] >= 0.9


def test_gold_item_found_again_when_the_text_moved():
    """A gold offset taken before the reader changed a sheet's text (a cell now shown with
    its format's decimals) is found again in its cell; a page/line item by its token."""
    from extract.core.model import Document, Segment

    text = "Vịt\n1,63\nGà\n2.500\n"
    segs = [Segment(0, 3, 1, 80, cell="S!A80"), Segment(4, 8, 1, 80, cell="S!AT80"),
            Segment(9, 11, 1, 81, cell="S!A81"), Segment(12, 17, 1, 81, cell="S!AT81")]
    doc = Document(path="x.xlsx", kind="xlsx", text=text, search_text=text, segments=segs, pages=1, sha256="")
    moved = {"offset": 20, "token": "1,631380704", "cell": "S!AT80", "page": 1, "line": 80}
    assert ev.locate_item(doc, moved) == text.index("1,63")
    same = {"offset": text.index("2.500"), "token": "2.500", "cell": "S!AT81"}
    assert ev.locate_item(doc, same) == text.index("2.500")
    by_line = {"offset": 3, "token": "2.500", "cell": None, "page": 1, "line": 81}
    assert ev.locate_item(doc, by_line) == text.index("2.500")


# --------------------------------------------------------------------------- table cells


def _cell(doc, token: str, label_start: str):
    from extract.find.extraction import extract_figures
    figs = extract_figures(doc)
    return next(f for f in figs if f.cell and f.raw == token and (f.label or "").startswith(label_start))


def test_cell_counted_from_column_measure_and_row():
    from tests.table_docs import docx_with_table
    doc = docx_with_table([
        ["STT", "Tên chỉ tiêu", "Đơn vị tính", "GIÁ TRỊ SẢN XUẤT GIÁ 2010 (Tỷ đồng)", "SẢN LƯỢNG"],
        ["", "", "", "TH 2020", "TH 2020"],
        ["C", "THỦY SẢN", "", "20,7", "843,5"],
        ["", "- Cá trắm", "Tấn", "6,4", "218,4"],
        ["", "- Cá chép", "Tấn", "6,3", "208,4"],
    ])
    f = _cell(doc, "6,4", "Cá trắm")
    assert f.label == "Cá trắm"  # the bullet is no part of the label
    assert (f.base_unit, f.scale) == ("đồng", 9)  # the column's "(Tỷ đồng)" beats the row's "Tấn"
    assert f.counted == "giá trị sản xuất giá 2010 cá trắm"
    g = _cell(doc, "218,4", "Cá trắm")
    assert (g.base_unit, g.counted) == ("tấn", "sản lượng cá trắm")


def test_cell_counted_takes_the_section_measure_and_money():
    from tests.table_docs import docx_with_table
    doc = docx_with_table([
        ["STT", "Tên chỉ tiêu", "Mã số", "Thực hiện"],
        ["1", "I. Doanh thu cung cấp dịch vụ (1000+2000)", "0500", "39.254.963.363"],
        ["2", "2.3 Dịch vụ thanh toán, trong đó: (2501+2502)", "2500", "109.227.098"],
        ["3", "- DT hoạt động tài chính (4520)", "0005", "1.170.908"],
        ["4", "B. Tổng chi phí (5100+6000)", "5000", "12.000.000"],
        ["5", "1.4 Ăn giữa ca", "5205", "3.000.000"],
    ])
    f = _cell(doc, "109.227.098", "Dịch vụ thanh toán")
    assert f.label.startswith("Dịch vụ thanh toán, trong đó")  # numbering left out, the whole cell kept
    assert f.counted == "doanh thu dịch vụ thanh toán"
    assert f.unit == "đồng" and f.kind == "money"  # a revenue table leaves the currency unsaid
    g = _cell(doc, "1.170.908", "DT hoạt động")
    assert g.counted == "doanh thu hoạt động tài chính"  # DT under a revenue section is doanh thu
    h = _cell(doc, "3.000.000", "Ăn giữa ca")
    assert h.counted == "chi phí ăn giữa ca" and h.unit == "đồng"


def test_cell_rows_of_bodies_are_not_counted():
    from tests.table_docs import docx_with_table
    doc = docx_with_table([
        ["Mã CSKCB", "Tên CSKCB", "Lần khám BQ", "BQ nội trú", "Tỷ lệ nội trú (%)"],
        ["10.405", "Trạm y tế xã Xuân Thượng - Lào Cai", "1", "720.708", "3,5"],
        ["10.406", "Trạm y tế xã Bản Mế - Lào Cai", "2", "96.989", "4,1"],
    ])
    f = _cell(doc, "1", "Trạm y tế xã Xuân Thượng")
    assert (f.unit, f.counted) == ("lần", "lần khám bình quân")  # the column's counter noun
    g = _cell(doc, "720.708", "Trạm y tế xã Xuân Thượng")
    assert (g.unit, g.counted) == ("đồng", "chi bình quân nội trú")  # "BQ" of a cost column is an average cost
    assert ctx.expand_abbreviations("thứ hạng ↑ chi BQ") == "thứ hạng tăng chi bình quân"


def test_unit_column_found_by_its_cells():
    from extract.find.tables import Cell, Table, _analyse
    rows = [["STT", "Chỉ tiêu", "DVT Kế hoạch", "Số liệu"], ["1", "Tổng số hộ", "Hộ", "12"],
            ["2", "Hộ dân tộc kinh", "Hộ", "10"], ["3", "Tỷ lệ hộ nghèo", "%", "1,5"],
            ["4", "Số hộ nghèo (hộ thiếu đói)", "Hộ", "3"], ["5", "Dân số trung bình", "Người", "250"]]

    class _Doc:
        text = ""
        meta: dict = {}
        warnings: list = []

    t = Table(0, "pdf", len(rows), 4, [Cell(x, r, c) for r, row in enumerate(rows) for c, x in enumerate(row)])
    t.index_cells()
    _analyse(_Doc(), t)  # type: ignore[arg-type]
    assert (t.label_col, t.unit_col) == (1, 2)  # a PDF header run together: the cells say it


def test_index_column_has_no_unit():
    from tests.table_docs import docx_with_table
    doc = docx_with_table([
        ["STT", "Tên chỉ tiêu", "Đơn vị tính", "SẢN LƯỢNG", "CHỈ SỐ BÁN TT"],
        ["", "", "", "TH 2017", "TH 2017"],
        ["1", "Lúa", "Tấn", "120,5", "1,05"],
        ["2", "Ngô", "Tấn", "80,0", "1,10"],
    ])
    assert _cell(doc, "1,05", "Lúa").unit is None
    assert _cell(doc, "120,5", "Lúa").unit == "tấn"


@pytest.mark.parametrize("ex", VOCAB["indicator_label_columns"]["examples"], ids=lambda e: e["text"])
def test_indicator_label_columns(ex):
    assert ctx._indicator_column().fullmatch(ex["text"])


@pytest.mark.parametrize("ex", VOCAB["indicator_label_columns"]["counterexamples"], ids=lambda e: e["text"])
def test_not_indicator_label_columns(ex):
    assert not ctx._indicator_column().fullmatch(ex["text"])


def test_measure_heads_and_counters_and_index_columns():
    for e in VOCAB["measure_heads"]["examples"]:
        assert ctx._row_measure(e["text"]) == e["head"]
    assert not any(ctx._row_measure(e["text"]) for e in VOCAB["measure_heads"]["counterexamples"])
    for e in VOCAB["column_counters"]["examples"]:
        assert ctx._column_counter().match(e["text"]).group("unit").lower() == e["unit"]
    assert not any(ctx._column_counter().match(e["text"]) for e in VOCAB["column_counters"]["counterexamples"])
    assert all(ctx._index_column().match(e["text"]) for e in VOCAB["index_columns"]["examples"])
    assert not any(ctx._index_column().match(e["text"]) for e in VOCAB["index_columns"]["counterexamples"])
    assert ctx._expand_under("doanh thu", "DT hoạt động tài chính") == "doanh thu hoạt động tài chính"


@pytest.mark.parametrize("text,clean", [("2.3 Dịch vụ thanh toán, trong đó", "Dịch vụ thanh toán, trong đó"),
                                        ("- Cá trắm", "Cá trắm"), ("40-Nghệ An", "Nghệ An"),
                                        ("I Tổng doanh thu", "Tổng doanh thu"), ("a) Xã Hòa Bình", "Xã Hòa Bình"),
                                        ("Hạng 2/Bệnh viện tỉnh", "Hạng 2/Bệnh viện tỉnh"), ("1.500", "1.500")])
def test_clean_row_label(text, clean):
    assert ctx.clean_row_label(text) == clean


def test_money_and_percent_headers_and_field_names():
    assert ctx._money_tail("GIÁ TRỊ SẢN XUẤT (THỰC TẾ) Tỷ đồng") == ("tỷ đồng", "money", 9)
    assert ctx._money_tail("BHTT (tỷ đ)") == ("tỷ đồng", "money", 9)
    assert ctx._money_tail("Số QĐ") is None and ctx._money_tail("Đơn giá") is None
    assert ctx._column_counted("Xét nghiệm / CHI_BQ_XN") == "chi bình quân Xét nghiệm"
    assert ctx._column_counted("GIÁ TRỊ SẢN XUẤT (THỰC TẾ) Tỷ đồng / KH 2022") == "GIÁ TRỊ SẢN XUẤT"
    from tests.table_docs import docx_with_table
    doc = docx_with_table([
        ["Mã CSKCB", "Tên CSKCB", "% nội trú", "BHTT (tỷ đ)", "Xét nghiệm"],
        ["", "", "Trong kỳ", "Nội trú", "CHI_BQ_XN"],
        ["10.405", "Trạm y tế xã Xuân Thượng - Lào Cai", "12,5", "1,25", "96.989"],
        ["10.406", "Trạm y tế xã Bản Mế - Lào Cai", "8,1", "0,75", "84.000"],
    ])
    assert _cell(doc, "12,5", "Trạm y tế xã Xuân").unit == "%"
    f = _cell(doc, "1,25", "Trạm y tế xã Xuân")
    assert (f.base_unit, f.scale, f.kind) == ("đồng", 9, "money")
    g = _cell(doc, "96.989", "Trạm y tế xã Xuân")
    assert (g.counted, g.unit) == ("chi bình quân xét nghiệm", "đồng")


def test_number_in_a_cells_prose_takes_the_row_label_when_it_has_none():
    from extract.find.extraction import extract_figures
    from tests.table_docs import docx_with_table
    doc = docx_with_table([
        ["TT", "Nội dung các bước công việc", "Thời hạn"],
        ["1", "Thành lập Hội đồng đánh giá cơ sở", "Trong thời hạn 15 ngày kể từ ngày nhận hồ sơ"],
        ["2", "Hoàn thiện hồ sơ đánh giá", "Trong thời hạn\n30 ngày kể từ ngày có kết quả"],
    ])
    f = next(x for x in extract_figures(doc) if x.raw == "30")
    assert not f.cell and f.label == "Hoàn thiện hồ sơ đánh giá"


def test_money_words_and_share_prefixes():
    rx = ctx._money_words()
    assert all(rx.search(e["text"]) for e in VOCAB["money_words"]["examples"])
    assert not any(rx.search(e["text"]) for e in VOCAB["money_words"]["counterexamples"])
    for e in VOCAB["share_prefixes"]["examples"]:
        assert ctx.counted_from_share(e["label"]) == e["counted"]
    assert not any(ctx.counted_from_share(e["label"]) for e in VOCAB["share_prefixes"]["counterexamples"])


def test_prose_counted_from_its_label():
    assert _fig("Tỷ lệ hồ sơ trực tuyến toàn trình đạt tối thiểu 90%.", "90").counted == "hồ sơ trực tuyến toàn trình"
    assert _fig("Thời gian được gia hạn không quá 30 ngày.", "30").counted == "thời gian được gia hạn"
    assert _fig("Tổng kinh phí thực hiện: 41,3 tỷ đồng.", "41,3").counted == "tổng kinh phí thực hiện"
    assert _fig("Hệ số bị trừ cho 01 lần vi phạm", "01").counted != "hệ số bị trừ cho"  # a count keeps its noun


def test_formula_codes_are_not_figures():
    text = "1. Chi phí cho lao động (5201+5202+5203+…+5214) và Doanh thu thuần (3=1-2)"
    assert not [f for f in extract_figures_text(text) if f.raw != "1"]
    assert _fig("tổng số 15 hồ sơ (10 + 5)", "10") is not None  # a prose sum of small numbers stays


def test_column_parts_that_name_a_place_or_were_wrapped():
    assert ctx._money_tail("Lâm Đồng") is None and ctx._money_tail("GIÁ TRỊ (Tỷ đồng)") is not None
    assert ctx._column_counted("Lâm Đồng / Thứ hạng") == "Thứ hạng"
    assert ctx._column_counted("Doanh / Phát sinh") == "Doanh thu"


def test_ordinals_and_legal_numbering_are_not_figures():
    assert _fig("Quốc hội khóa XI, kỳ họp thứ 4 thông qua ngày 26/11/2003", "4 thông") is None
    assert _fig("theo quy định tại khoản 1, 2 Điều 7 Bản Quy định này", "2 Điều") is None
    assert _fig("hướng dẫn tại điểm 1 Mục V Phần B Thông tư", "1 Mục") is None
    assert _fig("toàn huyện có 3 xã đạt chuẩn", "3") is not None


def test_durations_shares_and_labels_over_figures():
    assert _fig("2. Chậm nhất là 5 ngày kể từ khi thay đổi mặt hàng", "5").counted == "thời hạn"
    f = _fig("phê duyệt thành công 17.432/20.248 hồ sơ (đạt tỷ lệ 86,09%). Trong đó", "86,09")
    assert f.counted == "hồ sơ"  # the share of what the count before it counts
    g = _fig("giải quyết được 3.004 vụ, đạt 95,6% (cấp tỉnh: 1.846 vụ, đạt 96,3%, cấp huyện: 1.158 vụ)", "1.158")
    assert g.label == "cấp huyện"
    h = _fig("Tổng số người có mặt là 54.764 thấp hơn số biên chế được giao là 59.339.", "59.339")
    assert (h.label, h.counted) == ("số biên chế được giao", "biên chế được giao")
    assert _fig("Tổng số người có mặt là 54.764 thấp hơn", "54.764").unit != "thấp"
    k = _fig("HĐND và UBND tỉnh đã ban hành 23 văn bản QPPL (HĐND tỉnh ban hành 06 nghị quyết).", "23")
    assert k.label == "văn bản QPPL đã ban hành"
    m = _fig("toàn tỉnh có 12.125 chứng thư (cấp xã có 7.291 chứng thư chữ ký số).", "7.291")
    assert m.label == "chứng thư chữ ký số cấp xã"


def test_form_read_label_column_first():
    text = ("Tiếp quỹ TCBC số tiền:\n22.500.000 VNĐ\nSố tiền bằng chữ:\n"
            "3. Tổng số dư tiền:\n3.1. Số dư tiền mặt tại đơn vị:\n- Tại Bưu cục:\n- Tại BĐTT/BĐH:\n"
            "17.500.000 VNĐ\n17.500.000 VNĐ\n17.000.000 VNĐ\n500.000 VNĐ\nNơi nhận:")
    assert _fig(text, "22.500.000").label == "Tiếp quỹ TCBC số tiền"
    assert _fig(text, "17.000.000").label == "Số dư tiền mặt tại đơn vị - Tại Bưu cục"
    f = _fig(text, "500.000 VNĐ\nNơi")
    assert f.label == "Số dư tiền mặt tại đơn vị - Tại BĐTT/BĐH" and f.counted.startswith("số dư tiền mặt")
    assert _fig("Bưu điện Trung tâm 1 kính trình Giám đốc", "1") is None  # a name, whatever follows


def test_a_list_after_muc_tieu_is_no_legal_numbering():
    assert _fig("Kế hoạch với 7 nội dung, 28 mục tiêu và 55 nhiệm vụ cụ thể", "55") is not None
    assert _fig("theo điểm a, b khoản 2 Điều 5", "2") is None


def test_a_time_limit_without_label_and_a_number_in_a_cells_prose():
    assert ctx.counted_from_prose_label(None, "duration") == "thời hạn"
    assert ctx.counted_from_prose_label(None, "count") is None


@pytest.mark.parametrize("ex", VOCAB["scaled_units"]["examples"], ids=lambda e: e["text"])
def test_scaled_units(ex):
    from extract.find.figures import scaled_unit
    from extract.find.tables import _unit_name

    assert scaled_unit(ex["text"]) == ex["unit"]
    u = _unit_name(ex["text"])
    assert u is not None and u[2] > 0 and ctx.base_unit(u[0], u[2]) == ex["unit"].split(" ", 1)[1]


@pytest.mark.parametrize("ex", VOCAB["scaled_units"]["counterexamples"], ids=lambda e: e["text"])
def test_not_scaled_units(ex):
    from extract.find.figures import scaled_unit

    assert scaled_unit(ex["text"]) is None


def test_abbreviated_scale_in_prose():
    f = _fig("Doanh thu đạt 45,6 tr.đồng, dân số trung bình 1.320 nghìn người.", "45,6")
    assert (f.base_unit, f.scale) == ("đồng", 6)
    g = _fig("Doanh thu đạt 45,6 tr.đồng, dân số trung bình 1.320 nghìn người.", "1.320")
    assert (g.base_unit, g.scale, g.counted) == ("người", 3, "người")


def test_label_before_colon_and_weak_lead_in():
    f = _fig("- Vùng III : Bao gồm 8 xã lưu vực sông Nậm Na của huyện Phong Thổ.", "8")
    assert f.label == "Vùng III"


@pytest.mark.parametrize("ex", VOCAB["body_columns"]["examples"], ids=lambda e: e["text"])
def test_body_columns(ex):
    assert ctx.is_body_column(ex["text"])


@pytest.mark.parametrize("ex", VOCAB["body_columns"]["counterexamples"], ids=lambda e: e["text"])
def test_not_body_columns(ex):
    assert not ctx.is_body_column(ex["text"])


@pytest.mark.parametrize("ex", VOCAB["share_predicates"]["examples"], ids=lambda e: e["label"])
def test_share_population(ex):
    assert ctx.counted_from_share(ex["label"]) == ex["counted"]


def test_time_lead_in_is_no_label():
    text = "Kết quả, đến nay có 165/165 kiến nghị đã được các cơ quan liên quan trả lời đảm bảo kịp thời (đạt 100%)."
    f = _fig(text, "165/165")
    assert f.label.startswith("kiến nghị đã được các cơ quan liên quan trả lời")


def test_quoted_target_is_named_by_its_quotation():
    f = _fig("đề nghị điều chỉnh chỉ tiêu “100% dịch vụ công được cung cấp trực tuyến toàn trình” thành", "100")
    assert f.label == "dịch vụ công được cung cấp trực tuyến toàn trình"


def test_share_of_what_follows_and_in_parentheses():
    text = ("- Đơn vị thu lệ phí được trích để lại 30 % trên tổng số tiền thu được .\n"
            "Phần còn lại ( 70 % ) nộp vào ngân sách Nhà nước .\n")
    assert _fig(text, "30").counted == "tổng số tiền thu được"
    f = _fig(text, "70")
    assert (f.counted, f.label) == ("tổng số tiền thu được", "Phần còn lại nộp vào ngân sách Nhà nước")


@pytest.mark.parametrize("ex", VOCAB["prose_columns"]["examples"], ids=lambda e: e["text"][:30])
def test_prose_columns(ex):
    assert ctx._prose_column(ex["text"])


@pytest.mark.parametrize("ex", VOCAB["prose_columns"]["counterexamples"], ids=lambda e: e["text"])
def test_not_prose_columns(ex):
    assert not ctx._prose_column(ex["text"])


def test_parts_in_parentheses_count_what_the_whole_counts():
    text = "- Tổng số biên chế được giao (tại Quyết định số 26/QĐ-UBND của UBND tỉnh) là 9.818 (cấp tỉnh: 3.585; cấp xã: 6.233)"
    assert _fig(text, "9.818").label == "Tổng số biên chế được giao"
    assert _fig(text, "6.233").counted == "biên chế được giao cấp xã"
