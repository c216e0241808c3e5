"""Tables: figures with row and column labels, totals and rates (extract.find.tables).

Synthetic DOCX tables are written here with python-docx (merged header cells, an STT
column, sections with "Cộng" sub-totals, a "Tổng cộng" row with a wrong sum, a "Tổng số"
column, a rate column); a PDF table is drawn with fpdf2 (DejaVu, as scripts/make_corpus.py
does).  Real-corpus tests read documents of ../shared/corpus whose tables were checked by
reading them, and skip when the corpus is absent.
"""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from extract import read
from extract.find import extract_figures, extract_statements
from extract.find.statements import statement_values
from extract.find.tables import header_unit, is_total_label, parse_cell, rules, tables
from extract.report.frames import figures_frame

D = Decimal
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")


def values(doc):
    figs = extract_figures(doc)
    sts = extract_statements(doc, figs)
    return figs, sts, [(k, w, sorted(p)) for k, w, p in (statement_values(s, figs) for s in sts)]


def has(vals, kind, whole, parts):
    return (kind, None if whole is None else D(whole), sorted(D(p) for p in parts)) in vals


# --------------------------------------------------------------------------- DOCX fixtures


def _merge_right(table, row, c0, c1, text):
    cell = table.cell(row, c0).merge(table.cell(row, c1))
    cell.text = text
    return cell


@pytest.fixture(scope="module")
def staff_docx(tmp_path_factory) -> Path:
    """Two header rows (STT and Đơn vị merged down; "Số lượng (người)" merged across
    "Tổng số | Nam | Nữ"; "Tỷ lệ nữ (%)"), sections I/II with "Cộng" sub-totals and a
    "Tổng cộng" whose first column is wrong (90 instead of 80)."""
    import docx

    d = docx.Document()
    d.add_paragraph("BÁO CÁO")
    d.add_paragraph("Tình hình biên chế năm 2025")
    d.add_paragraph("Bảng 1. Số lượng công chức theo đơn vị")
    rows = [
        ["I", "Khối tỉnh", "", "", "", ""],
        ["1", "Sở Nội vụ", "30", "20", "10", "33,3"],
        ["2", "Sở Tài chính", "20", "12", "8", "40,0"],
        ["", "Cộng", "50", "32", "18", "36,0"],
        ["II", "Khối xã", "", "", "", ""],
        ["1", "Xã An Lạc", "18", "10", "8", "44,4"],
        ["2", "Xã Bình Sơn", "12", "7", "5", "41,7"],
        ["", "Cộng", "30", "17", "13", "43,3"],
        ["", "Tổng cộng", "90", "49", "31", "38,8"],
    ]
    t = d.add_table(rows=2 + len(rows), cols=6)
    t.style = "Table Grid"
    a = t.cell(0, 0).merge(t.cell(1, 0))
    a.text = "STT"
    b = t.cell(0, 1).merge(t.cell(1, 1))
    b.text = "Đơn vị"
    _merge_right(t, 0, 2, 4, "Số lượng (người)")
    f = t.cell(0, 5).merge(t.cell(1, 5))
    f.text = "Tỷ lệ nữ (%)"
    for k, h in enumerate(["Tổng số", "Nam", "Nữ"]):
        t.cell(1, 2 + k).text = h
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v:
                t.cell(2 + r, c).text = v
    d.add_paragraph("Trên đây là báo cáo của Sở Nội vụ./.")
    p = tmp_path_factory.mktemp("tables_docx") / "bien-che.docx"
    d.save(p)
    return p


@pytest.fixture(scope="module")
def indicator_docx(tmp_path_factory) -> Path:
    """The national CCHC indicator form: STT | Chỉ tiêu | Đơn vị tính | Số liệu, a rate
    row over its base and count, a yes/no code, a "Tổng số" row whose sub-rows overlap."""
    import docx

    d = docx.Document()
    d.add_paragraph("Phụ lục: Số liệu thống kê")
    rows = [
        ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu"],
        ["1", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", "95,53"],
        ["1.1", "Tổng số hồ sơ đã giải quyết", "Hồ sơ", "125.712"],
        ["1.2", "Số hồ sơ giải quyết đúng hạn", "Hồ sơ", "120.088"],
        ["2", "Tổng số TTHC tại địa phương", "Thủ tục", "2.310"],
        ["2.1", "Số TTHC cấp tỉnh", "Thủ tục", "1.865"],
        ["2.2", "Số TTHC ngành dọc", "Thủ tục", "420"],
        ["3", "Khảo sát sự hài lòng", "Có = 1; Không = 0", "1"],
        ["4", "Kinh phí giải ngân", "Triệu đồng", "13.203.300"],
        ["5", "Số lượng phiếu khảo sát", "Số lượng", "9.458"],
    ]
    t = d.add_table(rows=len(rows), cols=4)
    t.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    p = tmp_path_factory.mktemp("tables_docx") / "chi-tieu.docx"
    d.save(p)
    return p


@pytest.fixture(scope="module")
def total_first_docx(tmp_path_factory) -> Path:
    """A statistical table: the "Tổng số" row first, a "Tổng số" column followed by a
    "Trong đó" group (a selection of the total, not a partition)."""
    import docx

    d = docx.Document()
    d.add_paragraph("Biểu 2. Cán bộ, công chức cấp xã")
    t = d.add_table(rows=5, cols=5)
    t.style = "Table Grid"
    t.cell(0, 0).merge(t.cell(1, 0)).text = "STT"
    t.cell(0, 1).merge(t.cell(1, 1)).text = "Đơn vị"
    t.cell(0, 2).merge(t.cell(1, 2)).text = "Tổng số"
    _merge_right(t, 0, 3, 4, "Trong đó")
    t.cell(1, 3).text = "Nữ"
    t.cell(1, 4).text = "Đảng viên"
    for r, row in enumerate([["", "Tổng số", "100", "40", "30"], ["1", "Xã An Lạc", "60", "25", "20"],
                             ["2", "Xã Bình Sơn", "40", "15", "10"]]):
        for c, v in enumerate(row):
            if v:
                t.cell(2 + r, c).text = v
    p = tmp_path_factory.mktemp("tables_docx") / "tong-so-truoc.docx"
    d.save(p)
    return p


# --------------------------------------------------------------------------- DOCX tests


def test_docx_total_row_first_and_partial_column_group(total_first_docx):
    doc = read(total_first_docx)
    figs, sts, vals = values(doc)
    assert has(vals, "table_total", 100, [60, 40]) and has(vals, "table_total", 40, [25, 15])
    col = [s for s in sts if s.cue == "column total"]
    assert {(figs[s.whole].value, tuple(figs[i].value for i in s.parts), s.complete) for s in col} == {
        (100, (40, 30), False), (60, (25, 20), False), (40, (15, 10), False)}


def test_docx_header_stt_label_and_column_labels(staff_docx):
    doc = read(staff_docx)
    (t,) = [t for t in tables(doc) if t.data]
    assert (t.header_rows, t.stt_col, t.label_col, t.unit_col) == (2, 0, 1, None)
    assert t.column_label(2) == "Số lượng (người) / Tổng số"
    assert t.column_label(4) == "Số lượng (người) / Nữ"
    assert t.column_label(5) == "Tỷ lệ nữ (%)"
    figs = extract_figures(doc)
    f = next(f for f in figs if f.cell and f.label == "Sở Tài chính" and f.column.endswith("Nữ"))
    assert (f.value, f.unit, f.unit_kind, f.unit_source, f.in_table) == (D(8), "người", "count", "column", True)
    assert doc.text[f.start:f.end] == "8"
    pct = next(f for f in figs if f.cell and f.label == "Xã An Lạc" and f.column == "Tỷ lệ nữ (%)")
    assert (pct.value, pct.precision, pct.kind, pct.unit) == (D("44.4"), 1, "percent", "%")
    # the numbering column and the header never give figures
    assert not any(f.cell and f.col == 0 for f in figs)
    assert not any(f.cell and f.row < 2 for f in figs)


def test_docx_subtotals_grand_total_sections_and_column_totals(staff_docx):
    doc = read(staff_docx)
    figs, sts, vals = values(doc)
    # "Cộng" rows: sub-totals of their section's rows
    assert has(vals, "table_total", 50, [30, 20])
    assert has(vals, "table_total", 30, [18, 12])
    assert has(vals, "table_total", 18, [10, 8])
    # "Tổng cộng": the sub-totals, not every row; the wrong 90 (50 + 30 = 80) is still extracted
    assert has(vals, "table_total", 90, [50, 30])
    assert has(vals, "table_total", 49, [32, 17])
    assert not has(vals, "table_total", 90, [30, 20, 18, 12])
    # the "Tổng số" column sums Nam + Nữ on every row (the rate column is not a part)
    assert has(vals, "table_total", 30, [20, 10]) and has(vals, "table_total", 90, [49, 31])
    # the rate column: Nữ / Tổng số
    assert has(vals, "ratio", 30, [10, "33.3"])
    assert has(vals, "ratio", 90, [31, "38.8"])
    grand = next(s for s in sts if s.kind == "table_total" and figs[s.whole].value == 90 and s.cue == "Tổng cộng")
    assert grand.line is not None and "Tổng cộng" in grand.text and "90" in grand.text
    assert grand.complete and grand.whole_value == 90 and grand.part_values == [50, 30]


def test_docx_indicator_form_rates_codes_and_units(indicator_docx):
    doc = read(indicator_docx)
    (t,) = [t for t in tables(doc) if t.data]
    assert t.unit_col == 2
    figs, sts, vals = values(doc)
    cells = {f.label: f for f in figs if f.cell}
    assert cells["Tổng số hồ sơ đã giải quyết"].unit == "hồ sơ"
    assert cells["Tổng số hồ sơ đã giải quyết"].unit_source == "unit column"
    assert (cells["Kinh phí giải ngân"].unit, cells["Kinh phí giải ngân"].kind) == ("triệu đồng", "money")
    assert cells["Số lượng phiếu khảo sát"].unit == "phiếu"  # "Số lượng" is no unit: the label gives it
    assert "Khảo sát sự hài lòng" not in cells  # "Có = 1; Không = 0": a code
    # the rate row over its base and its count
    assert has(vals, "ratio", 125712, [120088, "95.53"])
    # an indicator table's "Tổng số" row with sub-rows of its unit is claimed to hold them
    # (a partial claim: the form may list some breakdowns only), not to be their sum
    s = next(s for s in sts if s.kind == "table_total")
    assert (figs[s.whole].value, s.complete, s.cue) == (2310, False, "parent (indicator form)")
    from extract.checks import check_document
    assert not [f for f in check_document(doc).findings if f.rule == "TAB001"]


def test_docx_caption_row_gives_the_unit(tmp_path):
    import docx

    d = docx.Document()
    t = d.add_table(rows=4, cols=3)
    t.style = "Table Grid"
    _merge_right(t, 0, 0, 2, "Đơn vị tính: người")
    for r, row in enumerate([["STT", "Cơ quan", "Biên chế giao"], ["1", "Sở Nội vụ", "45"], ["2", "Sở Tư pháp", "38"]]):
        for c, v in enumerate(row):
            t.cell(1 + r, c).text = v
    d.save(tmp_path / "cap.docx")
    doc = read(tmp_path / "cap.docx")
    (tab,) = [x for x in tables(doc) if x.data]
    assert tab.unit == ("người", "count", 0) and tab.header_rows == 2
    f = next(f for f in extract_figures(doc) if f.cell and f.value == 45)
    assert (f.unit, f.unit_source, f.label, f.column) == ("người", "caption", "Sở Nội vụ", "Biên chế giao")


def test_docx_figures_frame_has_column(staff_docx):
    doc = read(staff_docx)
    df = figures_frame(doc)
    row = df[(df["label"] == "Sở Nội vụ") & (df["column"] == "Số lượng (người) / Nam")].iloc[0]
    assert row["value"] == "20" and bool(row["in_table"]) and row["unit"] == "người"


def test_include_tables_false_keeps_the_old_behaviour(staff_docx):
    doc = read(staff_docx)
    assert [f for f in extract_figures(doc, include_tables=False) if f.in_table] == []


# --------------------------------------------------------------------------- PDF


def _add_rows(t, rows) -> None:
    """Each of ``rows`` (a list of cell texts) as a row of the fpdf2 table ``t``."""
    for r in rows:
        row = t.row()
        for c in r:
            row.cell(c)


def _fpdf_page():
    """An fpdf2 A4 page (mm) with DejaVu as font "S" (regular and bold), set at 12 pt."""
    if not FONT.exists():
        pytest.skip("DejaVu fonts not installed")
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.add_page()
    pdf.add_font("S", "", str(FONT))
    pdf.add_font("S", "B", str(FONT_BOLD if FONT_BOLD.exists() else FONT))
    pdf.set_font("S", "", 12)
    return pdf


@pytest.fixture(scope="module")
def budget_pdf(tmp_path_factory) -> Path:
    """A ruled fpdf2 table: caption with the unit, a merged header over two columns,
    roman sections whose rows are the sub-totals of their items, a grand total."""
    pdf = _fpdf_page()
    from fpdf.fonts import FontFace

    pdf.multi_cell(0, 6, "Điều 1. Phân bổ kinh phí chuyển đổi số năm 2026 cho các cơ quan như sau:")
    pdf.ln(2)
    pdf.cell(0, 6, "Đơn vị tính: triệu đồng", align="R", new_x="LMARGIN", new_y="NEXT")
    rows = [
        ["I", "Khối tỉnh", "2.050", "1.200"],
        ["1", "Sở Khoa học và Công nghệ", "1.200", "700"],
        ["2", "Văn phòng UBND tỉnh", "850", "500"],
        ["II", "Khối xã", "1.100", "600"],
        ["1", "Xã An Lạc", "620", "350"],
        ["2", "Xã Bình Sơn", "480", "250"],
        ["", "Tổng cộng", "3.150", "1.800"],
    ]
    with pdf.table(col_widths=(15, 95, 40, 40), line_height=7, text_align=("CENTER", "LEFT", "RIGHT", "RIGHT"),
                   headings_style=FontFace(emphasis="BOLD"), num_heading_rows=2) as t:
        h1 = t.row()
        h1.cell("STT", rowspan=2)
        h1.cell("Cơ quan", rowspan=2)
        h1.cell("Kinh phí năm 2026", colspan=2)
        h2 = t.row()
        h2.cell("Dự toán")
        h2.cell("Đã giao")
        _add_rows(t, rows)
    pdf.ln(3)
    pdf.multi_cell(0, 6, "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
    p = tmp_path_factory.mktemp("tables_pdf") / "kinh-phi.pdf"
    pdf.output(str(p))
    return p


def test_pdf_table_cells_labels_units_and_place(budget_pdf):
    doc = read(budget_pdf)
    (t,) = [t for t in tables(doc) if t.data]
    assert (t.header_rows, t.stt_col, t.label_col) == (2, 0, 1)
    assert t.unit == ("triệu đồng", "money", 6)
    figs = extract_figures(doc)
    f = next(f for f in figs if f.cell and f.label == "Văn phòng UBND tỉnh" and f.column.endswith("Đã giao"))
    assert (f.value, f.unit, f.kind, f.unit_source) == (D(500), "triệu đồng", "money", "caption")
    assert f.column == "Kinh phí năm 2026 / Đã giao"
    assert f.page == 1 and f.line is not None and doc.text[f.start:f.end] == "500"
    # each table value is one figure: the text scanner does not read it again
    assert len([g for g in figs if g.value == 850]) == 1
    assert not any(g.cell and g.col == 0 for g in figs)


def test_pdf_sections_and_grand_total(budget_pdf):
    doc = read(budget_pdf)
    figs, sts, vals = values(doc)
    assert has(vals, "table_total", 2050, [1200, 850])
    assert has(vals, "table_total", 1100, [620, 480])
    assert has(vals, "table_total", 3150, [2050, 1100])
    assert has(vals, "table_total", 1800, [1200, 600])
    s = next(s for s in sts if s.kind == "table_total" and figs[s.whole].value == 3150)
    assert (s.page, s.cue) == (1, "Tổng cộng") and s.text.startswith("Tổng cộng")


def test_pdf_reader_does_not_read_tables(budget_pdf, monkeypatch):
    """`baocao read` must not pay for table detection."""
    import extract.ingest.pdf_tables as pt

    def boom(*a, **k):
        raise AssertionError("find_tables called by the reader")

    monkeypatch.setattr(pt, "find_tables", boom)
    doc = read(budget_pdf)
    assert "Tổng cộng" in doc.text


def test_pdf_is_opened_once(budget_pdf, monkeypatch):
    """Text, line numbers and tables come from one pdfium document: the table finder takes
    the pages the reader left loaded, and closes the document when done."""
    import pypdfium2 as pdfium

    opened = []
    real = pdfium.PdfDocument

    class Counting(real):
        def __init__(self, *a, **k):
            opened.append(a[0] if a else None)
            super().__init__(*a, **k)

    monkeypatch.setattr(pdfium, "PdfDocument", Counting)
    doc = read(budget_pdf)
    source = doc.meta["_pdf"]
    assert source.loaded() == [0]  # the page with the table's numbers stays loaded
    assert len(tables(doc)) == 1
    assert len(opened) == 1
    assert "_pdf" not in doc.meta and source.loaded() == []


def test_documents_kept_without_tables_keep_few_pdfs_open(budget_pdf):
    """Documents held without asking for their tables keep at most MAX_OPEN PDFs open;
    a closed one reopens from the file when its tables are asked for."""
    from extract.ingest import pdf_source

    docs = [read(budget_pdf) for _ in range(pdf_source.MAX_OPEN + 3)]
    open_now = [d for d in docs if d.meta["_pdf"]._pdf is not None]
    assert len(open_now) == pdf_source.MAX_OPEN and docs[0].meta["_pdf"]._pdf is None
    assert len(tables(docs[0])) == 1 and len(tables(docs[-1])) == 1
    assert [(c.row, c.col, c.text) for c in tables(docs[0])[0].cells] == \
        [(c.row, c.col, c.text) for c in tables(docs[-1])[0].cells]


def test_pdf_settings_are_checked():
    import dataclasses

    from extract.ingest.pdf_source import DEFAULT_SETTINGS, PdfSettings

    assert PdfSettings() == DEFAULT_SETTINGS and DEFAULT_SETTINGS.snap == 3.0
    assert PdfSettings(snap=1.5, min_paths=0).snap == 1.5
    for bad in ({"snap": -1.0}, {"snap": float("nan")}, {"join": 1e9}, {"min_paths": 2.5}, {"keep_pages": True},
                {"superscript_shrink": 1.5}, {"max_segments": 1}, {"column_gap_em": "3"}):
        with pytest.raises(ValueError, match=next(iter(bad))):
            PdfSettings(**bad)
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_SETTINGS.snap = 4.0  # type: ignore[misc]


def test_pdf_settings_reach_the_table_finder(budget_pdf):
    from extract.ingest.pdf_source import PdfSettings
    from extract.ingest.pdf_tables import find_tables

    assert len(find_tables(budget_pdf)) == 1
    assert find_tables(budget_pdf, settings=PdfSettings(min_paths=10_000)) == []


def test_numbered_lines_skip_blank_lines():
    from extract.ingest.pdf_source import numbered_lines

    text = "Tiêu đề\r\n \r\n\r\n  1.200\r\nCuối"
    assert list(numbered_lines(text)) == [(1, 0, "Tiêu đề"), (2, 14, "  1.200"), (3, 23, "Cuối")]


def test_pdf_pages_without_numbers_are_not_parsed(monkeypatch):
    """A page of running text holds no table: its path objects are never looked at."""
    import extract.ingest.pdf_tables as pt

    doc = read(Path(__file__).resolve().parents[1] / "corpus" / "cv-1582-vp-hoaphong.pdf")
    monkeypatch.setattr(pt, "find_tables", lambda *a, **k: (_ for _ in ()).throw(AssertionError("parsed")))
    assert tables(doc) == []


# --------------------------------------------------------------------------- units


@pytest.mark.parametrize("text,want", [
    ("1.200", [("1200", 0)]),
    ("90,90 %", [("90.90", 2)]),
    ("862/1.266 (68,1%)", [("862", 0), ("1266", 0)]),
    ("12/73/82", [("12", 0), ("73", 0), ("82", 0)]),
    ("8 người", [("8", 0)]),
])
def test_parse_cell(text, want):
    v = parse_cell(text)
    assert [(str(n.value), n.precision) for n in v.numbers] == [(D(a).__str__(), p) for a, p in want]


@pytest.mark.parametrize("text", ["", "-", "x", "Sở Nội vụ", "31/12/2025", "3/2025", "Hằng năm", "8 người dân ở xã"])
def test_parse_cell_not_values(text):
    assert parse_cell(text) is None


# --------------------------------------------------------------------------- rules examples


def _rule_examples():
    for name, entry in rules().items():
        if not isinstance(entry, (dict, list)) or name == "version":
            continue
        entries = entry if isinstance(entry, list) else [entry]
        for e in entries:
            for ex in e.get("examples", []):
                yield pytest.param(name, e, ex, True, id=f"{name}:{e.get('id', '')}:{ex.get('label') or ex.get('text')}")
            for ex in e.get("counterexamples", []):
                yield pytest.param(name, e, ex, False, id=f"{name}:{e.get('id', '')}:not:{ex.get('label') or ex.get('text')}")


@pytest.mark.parametrize("name,entry,ex,positive", list(_rule_examples()))
def test_rules_examples(name, entry, ex, positive):
    from extract.find.tables import _caption_unit

    if "label" in ex:
        hit = re.compile(entry["pattern"], re.I)
        low = " ".join(ex["label"].split()).lower()
        ok = hit.fullmatch(low) if name not in ("partial_groups", "coded_units", "row_formulas", "marked_totals",
                                                       "row_marks", "total_word") else hit.search(low)
        assert bool(ok) == positive, (entry["pattern"], ex)
        if name == "total_rows":
            assert is_total_label(ex["label"]) == positive
        return
    got = _caption_unit(ex["text"]) if name == "unit_captions" else header_unit(ex["text"])
    if not positive:
        assert got is None, got
        return
    assert got is not None and got[0] == ex["unit"], got
    if "kind" in ex:
        assert got[1] == ex["kind"], got


# --------------------------------------------------------------------------- real corpus


def _real(rel: str) -> Path:
    p = SHARED / rel
    if not p.exists():
        pytest.skip(f"real corpus not available: {p}")
    return p


@pytest.mark.real
def test_real_pdf_score_guide_total_points():
    """PL01 of CV 2775/SNV (35 pages, one table continued on every page): "TỔNG ĐIỂM 75,0"
    is the sum of the seven criteria (14,5 + 6,5 + 15 + 5 + 8,5 + 8 + 17,5), and each
    criterion the sum of its sub-criteria."""
    doc = read(_real("lamdong/pl01-cv-2775-snv-2025-huong-dan-cham-diem.pdf"))
    tabs = [t for t in tables(doc) if t.data]
    assert len(tabs) == 1 and tabs[0].pages == list(range(1, 36))
    figs, sts, vals = values(doc)
    assert has(vals, "table_total", 75, ["14.5", "6.5", 15, 5, "8.5", 8, "17.5"])
    assert has(vals, "table_total", "14.5", [3, "1.5", "1.5", 2, 3, "1.5", 2])
    assert has(vals, "table_total", 3, [1, 2])
    total = next(s for s in sts if s.kind == "table_total" and figs[s.whole].value == 75)
    assert (total.page, total.cue) == (35, "TỔNG ĐIỂM")
    f = figs[total.parts[0]]
    assert (f.label, f.column, f.unit) == ("CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH", "Điểm tối đa", "điểm")


@pytest.mark.real
def test_real_pdf_fraction_and_rate_cells():
    """BC 181/BC-SNV: "Số lượng hồ sơ đã hỗ trợ/Tổng số hồ sơ" cells "862/1.266 (68,1%)";
    "a/b/c" under a header naming three counts."""
    doc = read(_real("lamdong/bc-181-snv-2025-mo-hinh-thi-diem.pdf"))
    figs, sts, vals = values(doc)
    for num, den, pct in [(862, 1266, "68.1"), (1732, 2090, "82.9"), (8368, 8654, "96.7"),
                          (7158, 7385, "96.9"), (4790, 9578, 50)]:
        assert has(vals, "ratio", den, [num, pct])
    f = next(f for f in figs if f.cell and f.value == 862)
    assert (f.kind, f.denominator, f.unit, f.page) == ("fraction", 1266, "hồ sơ", 3)
    assert f.label.startswith("Đăng ký biến động đối với trường hợp thay đổi quyền sử dụng đất")
    triple = [f for f in figs if f.cell and f.label == "Phường Bình Thuận"]
    assert [f.value for f in triple] == [12, 73, 82]
    assert triple[2].column.endswith("[Tổng số hồ sơ]")


@pytest.mark.real
def test_real_pdf_merged_header_scores_and_ranks():
    """CV 644/TTXT: the PCI table (two header rows, "Lâm Đồng" over "Điểm số | Chỉ số | Thứ
    hạng", continued on page 2); "Chỉ số chung" is not a sum of the components."""
    doc = read(_real("lamdong/cv-644-ttxt-2025-pci.pdf"))
    figs, sts, vals = values(doc)
    f = next(f for f in figs if f.cell and f.label == "Chi phí gia nhập thị trường" and f.column == "Lâm Đồng / Điểm số")
    assert (f.value, f.unit, f.page) == (D("6.74"), "điểm", 1)
    r = next(f for f in figs if f.cell and f.label == "Chỉ số chung" and f.column == "Bình Thuận / Thứ hạng")
    assert (r.value, r.unit, r.page) == (19, "hạng", 2)
    assert not any(k == "table_total" for k, _, _ in vals)


@pytest.mark.real
def test_real_docx_par_index_sections():
    """Báo cáo chấm điểm PAR Index 2025 (DOCX): a criterion's points are the sum of its
    sub-criteria, in both "Điểm chuẩn" and "Điểm tự đánh giá"."""
    doc = read(_real("lamdong/bc-cham-diem-par-index-2025.docx"))
    figs, sts, vals = values(doc)
    assert has(vals, "table_total", "8.00", ["1.50", "0.50", "2.00", "1.50", "1.50", "1.00"])
    assert has(vals, "table_total", "11.99", ["1.00", "3.50", "2.50", "3.99", "1.00"])
    assert has(vals, "table_total", "3.99", ["1.49", "1.50", "0.25", "0.75"])
    assert has(vals, "table_total", "7.25", ["2.50", "1.75", "3.00"])
    f = next(f for f in figs if f.cell and f.value == D("11.99"))
    assert (f.label, f.column, f.unit) == ("CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "Điểm tự đánh giá", "điểm")


@pytest.mark.real
def test_real_docx_indicator_tables_rates():
    """Báo cáo CCHC quý I/2026 (DOCX): indicator tables "STT | Chỉ tiêu | Đơn vị tính | Số
    liệu", one continued in the next Word table; a rate row over its base and count."""
    doc = read(_real("lamdong/bc-cchc-quy-1-2026.docx"))
    figs, _, vals = values(doc)
    assert has(vals, "ratio", 49, [11, "22.45"])
    assert has(vals, "ratio", 125712, [120088, "95.53"])
    assert has(vals, "ratio", 241331, [237412, "98.38"])  # 3.2.2 is in the next Word table
    assert has(vals, "ratio", 13203300, [248415, "1.9"])
    f = next(f for f in figs if f.cell and f.value == 13203300)
    assert (f.label, f.unit, f.kind, f.column) == ("Kế hoạch được giao", "triệu đồng", "money", "Kết quả thống kê / Số liệu")
    assert not any(k == "ratio" and w == 0 for k, w, _ in vals)  # 0 of 0 is no rate


# --------------------------------------------------------------------------- layouts read as a reader does


def test_xlsx_header_one_column_off_its_data_is_moved_onto_it():
    """A database export: a record key before the numbering, the header row one column
    to the left of its data.  The header is moved onto its data, so "Cộng" heads the
    column it totals, the key and the columns without a header are no values, and an
    error on the moved table is at most a warning."""
    from extract.checks import check_document
    from tests.table_docs import xlsx_with_sheet

    rows = [["STT", "Tên chỉ tiêu", "Mã số", "Số liệu nhập", "Cộng", "Thực hiện"]]
    for k, (name, a) in enumerate([("Doanh thu bưu chính", 120), ("Doanh thu tài chính", 80),
                                   ("Doanh thu phân phối", 40), ("Thu nhập khác", 0), ("Chi phí", 30)], 1):
        rows.append(["K0720181", k, name, f"000{k}", a, 0, 0, a + 1, k])
    doc = xlsx_with_sheet(rows)
    (t,) = [t for t in tables(doc) if t.data]
    assert t.realigned and t.stt_col == 1 and t.label_col == 2
    assert t.header_cell_texts(5) == ["Cộng"]
    figs = extract_figures(doc)
    cols = {f.col for f in figs if f.cell}
    assert 0 not in cols and 7 not in cols and 8 not in cols  # the key, the unlabelled columns
    assert not [f for f in check_document(doc).findings if f.severity == "error"]


def test_word_table_with_its_own_header_is_not_joined_to_the_one_before(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for rows in ([["STT", "Thiết bị", "Thành tiền"], ["1", "Máy chủ", "825"], ["", "Tổng cộng", "825"]],
                 [["Số TT", "Nội dung", "Kinh phí"], ["1", "Dự án A", "100"], ["2", "Dự án B", "250"]]):
        tab = d.add_table(rows=len(rows), cols=3)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                tab.cell(r, c).text = text
    p = tmp_path / "two.docx"
    d.save(p)
    doc = read(p)
    assert len([t for t in tables(doc) if t.data]) == 2


def test_pdf_table_over_two_pages_with_page_numbers_is_one_table(tmp_path):
    """A table printed in blocks over two pages, its header repeated after the break and the
    page number ("Trang 1 / 2") printed between the blocks, is one table: its "CỘNG" row
    sums both blocks."""
    if not FONT.exists():
        pytest.skip("DejaVu fonts not installed")
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    class Paged(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("S", "", 9)
            self.cell(0, 6, f"Trang {self.page_no()} / {{nb}}", align="C")

    pdf = Paged(format="A4", unit="mm")
    pdf.add_font("S", "", str(FONT))
    pdf.add_font("S", "B", str(FONT_BOLD if FONT_BOLD.exists() else FONT))
    pdf.add_page()
    pdf.set_font("S", "", 11)
    rows = [[str(k), f"Xã số {k}", f"{100 + k}"] for k in range(1, 46)]
    total = sum(100 + k for k in range(1, 46))
    with pdf.table(col_widths=(20, 110, 50), line_height=8, text_align=("CENTER", "LEFT", "RIGHT"),
                   headings_style=FontFace(emphasis="BOLD")) as t:
        _add_rows(t, [["STT", "Đơn vị", "Số hồ sơ"], *rows, ["", "CỘNG", f"{total:,}".replace(",", ".")]])
    p = tmp_path / "bang-hai-trang.pdf"
    pdf.output(str(p))
    doc = read(p)
    assert doc.pages == 2
    (tab,) = [t for t in tables(doc) if t.data]
    assert tab.pages == [1, 2]
    figs, sts, vals = values(doc)
    s = next(s for s in sts if s.kind == "table_total" and figs[s.whole].value == total)
    assert len(s.parts) == 45
    from extract.checks import check_document
    assert not [f for f in check_document(doc).findings if f.rule == "TAB001"]


def test_a_count_in_a_percent_row_is_one_finding():
    """NUM010 (a share of things above 100 %) and TAB006 (a "%" row holding a count) both
    read "Tỷ lệ UBND cấp xã … | % | 124": the reviewer sees one finding."""
    from extract.checks import check_document
    from tests.table_docs import docx_with_table

    doc = docx_with_table([
        ["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu"],
        ["1.2", "Tỷ lệ UBND cấp xã đã hoàn thành việc sắp xếp các phòng chuyên môn", "%", "124"],
        ["1.3", "Số lượng các ban quản lý trực thuộc UBND cấp tỉnh", "Ban", "03"],
    ])
    found = [f for f in check_document(doc).findings if f.rule in ("NUM010", "TAB006")]
    assert len(found) == 1 and found[0].severity == "warning"


def test_a_table_runs_on_over_a_page_of_words_only(tmp_path):
    """A plan's task table over three pages, whose middle page holds words only (no
    numbering, no figures): one table, its header repeated on pages 2 and 3 read once."""
    pdf = _fpdf_page()
    from fpdf.fonts import FontFace

    pdf.multi_cell(0, 6, "Phụ lục. Nhiệm vụ cải cách hành chính giai đoạn 2026 - 2030")
    words = ("Rà soát, đánh giá quy trình nội bộ giải quyết thủ tục hành chính của cơ quan, "
             "đề xuất phương án đơn giản hóa và tái cấu trúc quy trình phù hợp với thực tiễn")
    rows = [[str(i), f"Nhiệm vụ {i}: {words}", f"{i:02d}/12/2026", "Sở Nội vụ"] for i in range(1, 8)]
    rows += [["-", words, "Hằng năm", "Các sở, ban, ngành"] for _ in range(30)]
    rows += [[str(i), f"Nhiệm vụ {i}: {words}", f"{i:02d}/6/2027", "Văn phòng"] for i in range(8, 14)]
    with pdf.table(col_widths=(12, 110, 30, 38), line_height=6, headings_style=FontFace(emphasis="BOLD")) as t:
        _add_rows(t, [["STT", "Nhiệm vụ", "Thời hạn", "Chủ trì"], *rows])
    p = tmp_path / "ke-hoach.pdf"
    pdf.output(str(p))
    doc = read(p)
    assert doc.pages is not None and doc.pages >= 3
    words_only = [pg for pg in range(1, doc.pages + 1)
                  if not any(ch.isdigit() for s in doc.segments if s.page == pg for ch in doc.text[s.start:s.end])]
    assert words_only, "the test needs a page of words only inside the table"
    tabs = tables(doc)
    assert len(tabs) == 1
    assert tabs[0].pages == list(range(1, doc.pages + 1))
    heads = [c.text for c in tabs[0].cells if c.text == "STT"]
    assert heads == ["STT"]  # the header read once; its repeats are spans apart
    assert len({doc.locate(a)[0] for a, _b in tabs[0].repeated_header}) == doc.pages - 1


def test_pdf_amount_spilling_over_its_cell_rule_is_joined_again():
    """A grouped amount wider than its narrow column spills left over the rule: the
    characters are put back together where the two cells touch in the reader's line, and
    left apart where a space separates two cells' own numbers."""
    from extract.ingest.pdf_tables import PdfCell, PdfTable, _rejoin_numbers

    def table(a: str, b: str) -> PdfTable:
        return PdfTable(1, (0, 0, 100, 10), [0, 50, 100], [10, 0],
                        [PdfCell(0, 0, pieces=[(1, a, 40.0, 9.0)]), PdfCell(0, 1, pieces=[(1, b, 50.0, 9.0)])])

    t = table("7", "9,847,644,856.00")
    _rejoin_numbers([t], "79,847,644,856.00\n")
    assert [c.text for c in t.cells] == ["", "79,847,644,856.00"]
    t = table("0.00-13", "0,468,154,880.00")
    _rejoin_numbers([t], "0.00-130,468,154,880.00\n")
    assert [c.text for c in t.cells] == ["0.00", "-130,468,154,880.00"]
    t = table("7", "9,847,644,856.00")
    _rejoin_numbers([t], "7 9,847,644,856.00\n")
    assert [c.text for c in t.cells] == ["7", "9,847,644,856.00"]


# --------------------------------------------------------------------------- tables in blocks over pages


def _blocks_pdf(path: Path, blocks: list[list[int]], total: int, *, shift_last: float = 0,
                titles: bool = False, breaks: bool = True) -> Path:
    """A table printed in blocks, each closed by a bold "Cộng khối …" row, one block per page
    (``breaks``) or flowing on; the last block's columns ``shift_last`` mm wider (so its
    rules do not line up and it is not joined), its "Tổng cộng" row stating ``total``."""
    from fpdf.fonts import FontFace

    pdf = _fpdf_page()
    pdf.set_font("S", "", 11)
    pdf.multi_cell(0, 6, "Phụ lục. Số hồ sơ tiếp nhận năm 2025 của các đơn vị như sau:")
    names = ["khối sở", "khối huyện", "khối xã", "khối doanh nghiệp"]
    n = 0
    for b, block in enumerate(blocks):
        if b and breaks:
            pdf.add_page()
        if b and titles:
            pdf.multi_cell(0, 6, f"{b + 1}. Các đơn vị {names[b]}")
        last = b == len(blocks) - 1
        widths = (15 + shift_last, 105 - shift_last, 60) if last else (15, 105, 60)
        with pdf.table(col_widths=widths, line_height=8, text_align=("CENTER", "LEFT", "RIGHT"),
                       headings_style=FontFace(emphasis="BOLD")) as t:
            h = t.row()
            for x in ("STT", "Đơn vị", "Số hồ sơ"):
                h.cell(x)
            for k, v in enumerate(block, 1):
                n += 1
                row = t.row()
                for c in (str(k), f"Đơn vị số {n}", str(v)):
                    row.cell(c)
            bold = FontFace(emphasis="BOLD")
            row = t.row(style=bold)
            for c in ("", f"Cộng {names[b]}", str(sum(block))):
                row.cell(c)
            if last:
                row = t.row(style=bold)
                for c in ("", "Tổng cộng", f"{total:,}".replace(",", ".")):
                    row.cell(c)
    pdf.output(str(path))
    return path


_BLOCKS = [[47, 84, 30, 67, 13, 50, 87, 33], [70, 16, 53, 90, 36, 73, 19, 56, 93], [39, 76, 22, 59, 96, 42, 79]]


def test_a_grand_total_adds_the_blocks_printed_on_earlier_pages(tmp_path):
    """The last block of a table over three pages is not joined to the blocks before it (its
    rules do not line up): its "Tổng cộng" is read with their "Cộng …" rows and adds up — no
    finding.  When it adds up under no reading, it is left unjudged (counted as ambiguous),
    never an error judged on the last block alone."""
    from extract.checks import check_document

    total = sum(map(sum, _BLOCKS))
    doc = read(_blocks_pdf(tmp_path / "ok.pdf", _BLOCKS, total, shift_last=10))
    assert len([t for t in tables(doc) if t.data]) == 2  # the first two blocks line up and join
    rep = check_document(doc, select=["TAB001"], ambiguous_notes=True)
    assert not rep.findings
    doc = read(_blocks_pdf(tmp_path / "wrong.pdf", _BLOCKS, total + 100, shift_last=10))
    rep = check_document(doc, select=["TAB001"], ambiguous_notes=True)
    assert [(f.severity, f.ambiguous) for f in rep.findings] == [("note", True)]
    assert "trang" in (rep.findings[0].reading or "")


def test_blocks_with_their_titles_between_are_one_table_for_the_grand_total(tmp_path):
    """Blocks flowing on over two pages, each a table of its own under a title line: the
    grand total adds the blocks' "Cộng …" rows."""
    from extract.checks import check_document

    total = sum(map(sum, _BLOCKS))
    doc = read(_blocks_pdf(tmp_path / "titled.pdf", _BLOCKS + [[12, 30, 45, 8, 61, 25, 17, 40, 33, 21]], total + 292,
                           titles=True, breaks=False))
    assert doc.pages is not None and doc.pages >= 2
    assert not check_document(doc, select=["TAB001"], ambiguous_notes=True).findings


def test_a_subtotal_row_opening_the_next_page_is_a_row_of_its_own(tmp_path):
    """One ruled table whose block's "Cộng …" row is the first row of page 2 (its numbering
    cell empty): a row of its own, not the rest of the last row of page 1 ("45 812"); the
    grand total adds the blocks' sub-totals."""
    from extract.checks import check_document

    blocks = [[40 + k for k in range(27)], [10, 20, 30]]
    pdf = _fpdf_page()
    pdf.set_font("S", "", 11)
    rows = [[str(k), f"Đơn vị số {k}", str(v)] for k, v in enumerate(blocks[0], 1)]
    rows.append(["", "Cộng khối huyện", str(sum(blocks[0]))])
    rows += [[str(k), f"Xã số {k}", str(v)] for k, v in enumerate(blocks[1], 1)]
    rows.append(["", "Cộng khối xã", str(sum(blocks[1]))])
    rows.append(["", "Tổng cộng", f"{sum(map(sum, blocks)):,}".replace(",", ".")])
    pdf.ln(40)
    with pdf.table(col_widths=(15, 105, 60), line_height=8) as t:
        _add_rows(t, [["STT", "Đơn vị", "Số hồ sơ"], *rows])
    p = tmp_path / "one.pdf"
    pdf.output(str(p))
    doc = read(p)
    (tab,) = [t for t in tables(doc) if t.data]
    assert tab.pages == [1, 2]
    texts = [c.text for c in tab.cells]
    assert "Cộng khối huyện" in texts and str(sum(blocks[0])) in texts
    assert not any(" " in x and x.replace(" ", "").isdigit() for x in texts), texts
    assert not check_document(doc, select=["TAB001"]).findings


# --------------------------------------------------------------------------- a table printed small


def _shrunk_pdf(path: Path, total: int | None = None, row_pt: float = 2.8) -> tuple[Path, int]:
    """A whole sheet shrunk onto one page, as a spreadsheet prints it: 30 rows ``row_pt``
    high (under the finder's 3-pt ``min_edge`` and ``snap``) in 4-pt type, every row rule
    one stroke across the table, every column rule a stroke per row (each shorter than
    ``min_edge``), a total row at the bottom (``total``: what it says; the sum by default)."""
    pdf = _fpdf_page()
    pdf.multi_cell(0, 6, "Phụ lục. Số liệu thu ngân sách của các xã năm 2026")
    pdf.cell(0, 6, "Đơn vị tính: triệu đồng", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("S", "", 4)
    pdf.set_line_width(0.05)
    h = row_pt * 25.4 / 72  # mm
    widths = (8, 40, 20, 20)
    amounts = [(120 + 7 * k, 60 + 3 * k) for k in range(30)]
    rows = [["STT", "Đơn vị", "Dự toán", "Thực hiện"]]
    rows += [[str(k), f"Xã số {k}", str(a), str(b)] for k, (a, b) in enumerate(amounts, 1)]
    real = sum(a for a, _ in amounts)
    rows.append(["", "Tổng cộng", str(real if total is None else total), str(sum(b for _, b in amounts))])
    x0, y = pdf.l_margin, pdf.get_y() + 2
    xs = [x0 + sum(widths[:i]) for i in range(len(widths) + 1)]
    pdf.line(xs[0], y, xs[-1], y)
    for r in rows:
        for i, text in enumerate(r):
            if text:
                tx = xs[i] + 0.5 if i == 1 else xs[i + 1] - 0.5 - pdf.get_string_width(text)
                pdf.text(tx, y + h * 0.8, text)
        for x in xs:
            pdf.line(x, y, x, y + h)
        y += h
        pdf.line(xs[0], y, xs[-1], y)
    pdf.output(str(path))
    return path, real


@pytest.mark.parametrize("row_pt", [2.5, 2.8, 2.9])
def test_pdf_table_printed_small_is_found_with_its_cells(tmp_path, row_pt):
    """Rows 2.8 pt high: every vertical rule piece is shorter than ``min_edge`` and the row
    rules are closer than ``snap``; the tolerances scaled to the page's own short rules
    find the 32 × 4 grid, each figure in its cell, and the total row's sum."""
    from extract.ingest.pdf_source import PdfSettings
    from extract.ingest.pdf_tables import find_tables

    path, real = _shrunk_pdf(tmp_path / "shrunk.pdf", row_pt=row_pt)
    assert find_tables(path, settings=PdfSettings(shrunk_min=0)) == []  # the usual tolerances alone: no grid
    (t,) = find_tables(path)
    assert (t.n_rows, t.n_cols) == (32, 4)
    at = {(c.row, c.col): c.text for c in t.cells}
    assert [at[0, c] for c in range(4)] == ["STT", "Đơn vị", "Dự toán", "Thực hiện"]
    assert [at[5, c] for c in range(4)] == ["5", "Xã số 5", "148", "72"]
    assert [at[31, c] for c in range(4)] == ["", "Tổng cộng", str(real), "3105"]
    doc = read(path)
    (tt,) = [x for x in tables(doc) if x.data]
    _figs, _sts, vals = values(doc)
    assert has(vals, "table_total", real, [120 + 7 * k for k in range(30)])


def test_pdf_table_printed_small_wrong_total_is_an_error(tmp_path):
    """The shrunk sheet's total row, 6 465 for a sum of 6 645, is a table-total error;
    the right total is none."""
    from extract.checks import check_document

    path, real = _shrunk_pdf(tmp_path / "shrunk-wrong.pdf", total=6465)
    assert real == 6645
    errors = [f for f in check_document(read(path)).findings if f.severity == "error"]
    assert any("6.465" in f.message for f in errors), errors
    path, _ = _shrunk_pdf(tmp_path / "shrunk-right.pdf")
    assert not [f for f in check_document(read(path)).findings if f.severity == "error"]


def test_normal_table_is_read_with_the_usual_tolerances(budget_pdf):
    """A page whose usual tolerances find a table is not looked at again; the scaled
    tolerances only come from short stroked pieces (none here)."""
    from extract.ingest.pdf_source import PdfSource
    from extract.ingest.pdf_tables import find_tables, page_paths

    src = PdfSource(budget_pdf)
    try:
        assert len(page_paths(src, 0).short_vs) < src.settings.shrunk_min
    finally:
        src.close()
    assert find_tables(budget_pdf)


def test_a_column_rule_some_rows_draw_a_few_points_off_is_one_rule():
    """Rows drawn cell by cell, the rule between two columns 5 pt further right in some
    rows: the strip between the two rules is never a cell, so they are one rule and every
    row meets the same columns; a narrow column that is a cell of its own stays."""
    from extract.ingest.pdf_tables import PdfCell, PdfTable, _merge_slivers

    xs = [0.0, 60.0, 65.0, 120.0]
    cells = [PdfCell(0, 0, colspan=1), PdfCell(0, 1, colspan=2),  # rule at 60
             PdfCell(1, 0, colspan=2), PdfCell(1, 2, colspan=1)]  # rule at 65
    t = PdfTable(1, (0, 0, 120, 20), list(xs), [20, 10, 0], cells)
    _merge_slivers(t, 8.0)
    assert t.n_cols == 2 and t.xs == [0.0, 62.5, 120.0]
    assert [(c.row, c.col, c.colspan) for c in t.cells] == [(0, 0, 1), (0, 1, 1), (1, 0, 1), (1, 1, 1)]
    kept = PdfTable(1, (0, 0, 120, 20), list(xs), [20, 10, 0],
                    [PdfCell(0, 0), PdfCell(0, 1), PdfCell(0, 2), PdfCell(1, 0, colspan=2), PdfCell(1, 2)])
    _merge_slivers(kept, 8.0)
    assert kept.n_cols == 3

