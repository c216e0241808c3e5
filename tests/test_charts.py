"""Charts kept out of the text (#13 item 6): vector charts of PDFs found from their drawing
objects, DOCX chart objects, both set aside in ``Document.removed`` (kind ``chart``) with
their title as the caption."""
from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from extract import read
from extract.find.tables import tables

from .conftest import shared_file
from .hostile_files import FONT

ROOT = Path(__file__).resolve().parents[1]

BEFORE = "Năm 2025, toàn tỉnh tiếp nhận 9.412 hồ sơ thủ tục hành chính, giải quyết đúng hạn 9.120 hồ sơ."
AFTER = "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 96,9%, tăng 2,1% so với năm 2024."
TITLE = "Số hồ sơ tiếp nhận theo đơn vị"
UNITS = ["Sở Nội vụ", "Sở Tư pháp", "Sở Y tế", "UBND xã"]
VALUES = [1274, 834, 1815, 2241]


def _script(name: str):
    spec = importlib.util.spec_from_file_location(f"baocao_{name}", ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def chart_pdf(path: Path, *, frame: bool = True, table: bool = False) -> Path:
    """A one-page report: a paragraph, a bar chart (bars, gridlines, value-axis ticks,
    category names, data labels, legend, title), another paragraph; with ``table``, a
    ruled table with a shaded header row below it (which is no chart)."""
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF(unit="pt", format="A4")
    pdf.add_font("dv", "", str(FONT))
    pdf.add_page()
    pdf.set_font("dv", size=12)
    pdf.set_xy(60, 60)
    pdf.multi_cell(470, 16, BEFORE)
    x0, y0, w, h = 90, 130, 420, 260  # chart area (top-left origin, fpdf's y down)
    if frame:
        pdf.set_draw_color(0, 0, 0)
        pdf.rect(x0, y0, w, h, style="D")
    pdf.set_font("dv", size=13)
    pdf.set_xy(x0, y0 + 8)
    pdf.cell(w, 16, TITLE, align="C")
    px0, py1, pw, ph = x0 + 50, y0 + h - 60, w - 70, 160  # plot area, py1 its bottom
    pdf.set_font("dv", size=9)
    pdf.set_line_width(0.5)
    for i, tick in enumerate(range(0, 2501, 500)):
        y = py1 - ph * tick / 2500
        pdf.line(px0, y, px0 + pw, y)
        pdf.set_xy(px0 - 40, y - 5)
        pdf.cell(34, 10, str(tick), align="R")
    slot = pw / len(UNITS)
    for i, (name, v) in enumerate(zip(UNITS, VALUES)):
        bh = ph * v / 2500
        bx = px0 + i * slot + slot * 0.3
        pdf.set_fill_color(70, 110, 180)
        pdf.rect(bx, py1 - bh, slot * 0.4, bh, style="F")
        pdf.set_xy(bx - 10, py1 - bh - 12)
        pdf.cell(slot * 0.4 + 20, 10, str(v), align="C")
        pdf.set_xy(px0 + i * slot, py1 + 4)
        pdf.cell(slot, 10, name, align="C")
    pdf.rect(x0 + w / 2 - 40, y0 + h - 22, 8, 8, style="F")  # legend key
    pdf.set_xy(x0 + w / 2 - 28, y0 + h - 24)
    pdf.cell(80, 12, "Tiếp nhận")
    pdf.set_font("dv", size=12)
    pdf.set_xy(60, y0 + h + 20)
    pdf.multi_cell(470, 16, AFTER)
    if table:
        top, rows = y0 + h + 70, [("STT", "Đơn vị", "Số hồ sơ"), ("1", "Sở Nội vụ", "1.274"),
                                  ("2", "Sở Tư pháp", "834"), ("3", "Sở Y tế", "1.815")]
        widths = [50, 250, 120]
        for r, row in enumerate(rows):
            x = 80
            for c, (cw, text) in enumerate(zip(widths, row)):
                pdf.set_fill_color(220, 220, 220)
                pdf.set_xy(x, top + r * 22)
                pdf.cell(cw, 22, text, border=1, fill=(r == 0), align="C" if c != 1 else "L")
                x += cw
    pdf.output(str(path))
    return path


def test_a_drawn_chart_is_set_aside_with_its_title(tmp_path):
    doc = read(chart_pdf(tmp_path / "chart.pdf"))
    charts = [r for r in doc.removed if r.kind == "chart"]
    assert len(charts) == 1
    c = charts[0]
    assert c.caption == TITLE and c.page == 1
    for label in ("2500", "1815", "Sở Tư pháp", "Tiếp nhận"):
        assert label in c.text
    # the body is the two paragraphs, no axis ticks, data labels or legend between them
    assert BEFORE in doc.text and AFTER in doc.text
    assert "2500" not in doc.text and "Tiếp nhận" not in doc.text and TITLE not in doc.text
    assert doc.meta["charts"][0]["caption"] == TITLE


def test_a_chart_without_a_frame_is_found_by_its_marks(tmp_path):
    doc = read(chart_pdf(tmp_path / "bare.pdf", frame=False))
    charts = [r for r in doc.removed if r.kind == "chart"]
    assert len(charts) == 1 and "1000" in charts[0].text
    assert "1000" not in doc.text and BEFORE in doc.text and AFTER in doc.text


def test_a_horizontal_bar_chart_with_wide_gaps(tmp_path):
    """Bars starting from one axis, far apart, labels to their left, ticks below."""
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF(unit="pt", format="A4")
    pdf.add_font("dv", "", str(FONT))
    pdf.add_page()
    pdf.set_font("dv", size=12)
    pdf.set_xy(60, 60)
    pdf.multi_cell(470, 16, BEFORE)
    ax, top, gap = 200, 140, 70
    pdf.set_font("dv", size=9)
    for i, (name, v) in enumerate(zip(UNITS, VALUES)):
        y = top + i * gap
        pdf.set_fill_color(70, 110, 180)
        pdf.rect(ax, y, 300 * v / 2500, 14, style="F")
        pdf.set_xy(ax - 110, y + 2)
        pdf.cell(100, 10, name, align="R")
    for tick in range(0, 2501, 500):
        pdf.set_xy(ax + 300 * tick / 2500 - 15, top + 3 * gap + 22)
        pdf.cell(30, 10, str(tick), align="C")
    pdf.set_font("dv", size=12)
    pdf.set_xy(60, top + 4 * gap + 40)
    pdf.multi_cell(470, 16, AFTER)
    pdf.output(str(tmp_path / "hbar.pdf"))
    doc = read(tmp_path / "hbar.pdf")
    charts = [r for r in doc.removed if r.kind == "chart"]
    assert len(charts) == 1 and "Sở Y tế" in charts[0].text and "2500" in charts[0].text
    assert "Sở Y tế" not in doc.text and BEFORE in doc.text and AFTER in doc.text


def test_a_table_with_shaded_cells_is_not_a_chart(tmp_path):
    doc = read(chart_pdf(tmp_path / "table.pdf", table=True))
    assert [r.caption for r in doc.removed if r.kind == "chart"] == [TITLE]
    # the table stays in the text and is found as a table; the chart's grid is no table
    assert "3 Sở Y tế" in doc.text and "1.815" in doc.text
    found = tables(doc)
    assert len(found) == 1 and found[0].n_rows == 4


@pytest.mark.real
def test_a_docx_chart_is_kept_out_of_the_body_with_its_caption(tmp_path):
    twins = _script("make_chart_twins")
    src = shared_file("lamdong/bc-tom-tat-cchc-2025.docx")
    dst = tmp_path / "charts.docx"
    assert twins.add_charts(src, dst) == 2
    plain, charted = read(src), read(dst)
    assert charted.text == plain.text  # nothing of the charts reaches the body
    charts = [r for r in charted.removed if r.kind == "chart"]
    assert [r.caption for r in charts] == ["Biểu đồ 1. Số hồ sơ thủ tục hành chính tiếp nhận và giải quyết",
                                           "Biểu đồ 2. Tỷ lệ hồ sơ giải quyết đúng hạn (%)"]
    assert "Sở Tư pháp" in charts[0].text and "Quý IV" in charts[1].text
    assert all(r.page is None and r.line > 0 for r in charts)


@pytest.mark.real
def test_no_chart_in_the_real_pdfs_of_the_tuning_split(shared):
    """No false chart in real PDFs full of ruled tables, shaded headers and signatures."""
    for rel in ("vnpost/bc-bdtt1-2018-sxkd-t07-15p.pdf", "lamdong/cv-644-ttxt-2025-pci.pdf",
                "lamdong/pl01-cv-2775-snv-2025-huong-dan-cham-diem.pdf", "ktxh/bieu-huyen-daksong-2019-chi-tieu-kinh-te.pdf",
                "lamdong/bc-181-snv-2025-mo-hinh-thi-diem.pdf"):
        doc = read(shared / rel)
        assert not [r for r in doc.removed if r.kind == "chart"], rel
        assert "charts" not in doc.meta


@pytest.mark.real
@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="needs LibreOffice")
@pytest.mark.parametrize("rel, plain", [
    ("lamdong/bc-tom-tat-cchc-2025.docx", True),  # also read with its stamp flattened into the page
    # a footnote that Word runs on to the next page once the charts push it down
    ("lamdong/bc-thang-3-2026-bcd.docx", True),
    # a 19-page task table whose pages of words only are found as its continuation; its
    # multi-line cells print line by line across the row in the PDF, so only the tables
    # read as cells agree (the plain texts differ in order)
    ("lamdong/kh-cchc-2026-2030.docx", False),
])
def test_a_signed_real_report_with_charts_agrees_with_its_docx_twin(tmp_path, rel, plain):
    """A real tuning-split DOCX with two Word charts, exported to PDF by LibreOffice and
    signed as the e-office systems sign (pyHanko, a certificate made for the test, a
    visible stamp "Ký bởi / Cơ quan / Thời gian ký" over the signature block): the signed
    PDF's body and footnotes agree with the DOCX's at 0.98 or better, and the stamp's
    text reaches neither.  Some e-office systems print the stamp into the page: flattened,
    its lines are set aside as a signature stamp and the body still agrees."""
    pytest.importorskip("pyhanko")
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    twins, score = _script("make_chart_twins"), _script("score_twins")
    src = shared_file(rel)
    dst = tmp_path / "tt.docx"
    twins.add_charts(src, dst)
    pdf = twins.sign_pdf(twins.to_pdf(dst, tmp_path), tmp_path / "signed.pdf")
    with open(pdf, "rb") as fh:
        sigs = PdfFileReader(fh).embedded_signatures
        assert [s.field_name for s in sigs] == ["Signature1"]
        status = validate_pdf_signature(sigs[0])
        assert status.intact and status.valid and not status.trusted  # whole and sound; self-signed
    dp, dd = read(pdf), read(dst)
    assert score.agreement(score.table_tokens(dp), score.table_tokens(dd)) >= 0.98
    if plain:
        assert score.agreement(score.tokens(dp), score.tokens(dd)) >= 0.98
    assert [r.caption for r in dp.removed if r.kind == "chart"] == [r.caption for r in dd.removed if r.kind == "chart"]
    assert "Ký bởi" not in dp.text
    if rel.endswith("bc-tom-tat-cchc-2025.docx"):
        import pypdfium2 as pdfium
        import pypdfium2.raw as pdfium_c

        flat = pdfium.PdfDocument(str(pdf))
        for i in range(len(flat)):
            assert pdfium_c.FPDFPage_Flatten(flat[i], pdfium_c.FLAT_NORMALDISPLAY) != pdfium_c.FLATTEN_FAIL
        flat.save(str(tmp_path / "flat.pdf"))
        flat.close()
        df = read(tmp_path / "flat.pdf")
        stamp = [r.text for r in df.removed if r.kind == "signature-stamp"]
        assert stamp[:2] == ["Ký bởi: Sở Nội vụ", "Cơ quan: Tỉnh Lâm Đồng"] and stamp[2].startswith("Thời gian ký: ")
        assert score.agreement(score.tokens(df), score.tokens(dd)) >= 0.98
