"""Every incoming report reads: Word 97 .doc (Unicode, TCVN3, VNI), spreadsheets (.xlsx,
.xls) as tables with sheet!cell provenance, scans and garbage text layers by OCR."""
from __future__ import annotations

import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from extract import read
from extract.checks import check_document
from extract.cli import main
from extract.ingest import ocr
from extract.ingest.sheets import format_number, plain_sum_terms
from extract.ingest.textscore import syllable_accuracy
from extract.ingest.walk import is_report_name

from .conftest import SHARED, shared_file
from .table_docs import write_xlsx

needs_ocr = pytest.mark.skipif(not ocr.available(), reason="tesseract with the vie model is not installed")


# --------------------------------------------------------------------------- Word 97 .doc


@pytest.mark.real
@pytest.mark.parametrize("name,enc,bar", [
    ("vni/2007-Quy-che-chi-tieu-noi-bo-2007", "vni", 0.995),
    ("vni/2009-download", "vni", 0.99),  # the transcript has nẵng for nặng (VNI "naëng") three times
    ("tcvn3/2004-NghiDinh116_2003", "tcvn3", 0.999),
    ("tcvn3/2002-0112qd", "tcvn3", 0.995),
    ("tcvn3/2004-duanLD9820", "tcvn3+vni", 0.98),  # TCVN3 and VNI fonts in one file
])
def test_legacy_doc_against_transcript(name, enc, bar):
    path = shared_file(f"legacy/{name}.doc")
    doc = read(path)
    assert doc.kind == "doc" and doc.encoding == enc
    truth = (SHARED / "legacy" / "ground-truth" / f"{path.stem}.txt").read_text(encoding="utf-8")
    assert syllable_accuracy(doc.text, truth) >= bar


@pytest.mark.real
def test_unicode_doc_text_and_tables():
    doc = read(shared_file("qlvb/dc-stttt-phutho-2012-du-toan-phan-mem-qlvb.doc"))
    assert doc.kind == "doc" and doc.encoding is None
    assert doc.text.startswith("ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG")
    assert "XÂY DỰNG PHẦN MỀM QUẢN LÝ VĂN BẢN VÀ ĐIỀU HÀNH" in doc.text
    assert len(doc.tables) >= 50
    # a table cell's text maps back to its (table, row, column)
    seg = next(s for s in doc.segments if s.table is not None)
    t, r, c = seg.table
    assert " ".join(doc.text[seg.start:seg.end].split()) in " ".join(doc.tables[t][r][c].split())


def test_not_a_word_file(tmp_path):
    p = tmp_path / "x.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(Exception) as exc:
        read(p)
    assert "x.doc" in str(exc.value)


# --------------------------------------------------------------------------- spreadsheets


def test_numbers_written_the_vietnamese_way():
    assert format_number(14575337) == "14.575.337"
    assert format_number(20.35) == "20,35"
    assert format_number(0.125, "0.0%") == "12,5 %"
    assert format_number(2020) == "2020"  # a year, not two thousand and twenty
    assert format_number(0.1 + 0.2) == "0,3"


def test_plain_sum_formulas():
    assert plain_sum_terms("=SUM(C2:C4)") == [(2, 3, 1), (3, 3, 1), (4, 3, 1)]
    assert plain_sum_terms("=B2+C2-D2") == [(2, 2, 1), (2, 3, 1), (2, 4, -1)]
    assert plain_sum_terms("=B2*C2") is None
    assert plain_sum_terms("=SUM(Sheet2!A1:A3)") is None
    assert plain_sum_terms("=ROUND(SUM(A1:A3),0)") is None


def test_typed_total_in_a_generated_sheet_is_checked(tmp_path):
    rows = [["STT", "Đơn vị", "Số TTHC", "Số hồ sơ"],
            [1, "Sở Tư pháp", 120, 1250], [2, "Sở Nội vụ", 85, 940], [3, "Sở Tài chính", 64, 712],
            ["", "Tổng cộng", 279, 2902]]
    doc = read(write_xlsx(tmp_path / "bieu.xlsx", rows))
    assert doc.kind == "xlsx" and doc.tables[0][4][1] == "Tổng cộng"
    found = [f for f in check_document(doc).findings if f.rule == "TAB001"]
    assert len(found) == 1 and found[0].stated == "279"
    assert doc.cell_at(found[0].start) == "Biểu 01!B5"  # the statement starts at its row label
    whole = next(a for role, a, _b in found[0].involved if role == "whole")
    assert doc.cell_at(whole) == "Biểu 01!C5"
    assert doc.locate(whole) == (1, 5)  # sheet 1, Excel row 5


@pytest.mark.real
def test_changed_total_in_a_real_excel_form_is_caught(tmp_path, capsys):
    src = shared_file("ktxh/bieu-ktxh-dahuoai-2020-gtsx.xlsx")
    doc = read(src)
    assert doc.meta["read"]["via"] == "spreadsheet" and len(doc.meta["formulas"]) > 100
    assert not [f for f in check_document(doc, select=["TAB002"]).findings]  # the form agrees with itself
    # change one total's shown value in a copy, as a hand edit without recalculation would
    target = next(f for f in doc.meta["formulas"] if float(f["cached"]) > 10)
    copy = tmp_path / "bieu.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                xml = data.decode("utf-8")
                pat = re.compile(rf'(<c r="{target["cell"]}"[^>]*>.*?<v>)([^<]*)(</v>)', re.S)
                xml, n = pat.subn(lambda m: m.group(1) + str(float(m.group(2)) + 7) + m.group(3), xml, count=1)
                assert n == 1
                data = xml.encode("utf-8")
            zout.writestr(item, data)
    code = main(["check", "--select", "TAB002", "--format", "jsonl", str(copy)])
    out = capsys.readouterr().out
    assert code == 1 and '"rule": "TAB002"' in out
    assert f"{target['sheet']}!{target['cell']}" in out


@pytest.mark.real
def test_xls_reads_as_a_table_with_cell_provenance():
    doc = read(shared_file("vnpost/bieu-bc-nhanh-bdtt1-2018-t07-b.xls"))
    assert doc.kind == "xls" and len(doc.tables) == 1 and doc.meta["sheets"][0]["name"] == "Sheet1"
    i = doc.text.index("Tài chính Bưu chính")
    assert doc.cell_at(i) == "Sheet1!A8" and doc.locate(i) == (1, 8)
    assert any(row[0].strip().startswith("- Tài chính Bưu chính") and "38.541.880.520" in row for row in doc.tables[0])


@pytest.mark.real
def test_every_doc_and_spreadsheet_of_the_corpus_reads(shared):
    for p in sorted(shared.rglob("*")):
        if p.suffix.lower() in (".doc", ".xls", ".xlsx"):
            doc = read(p)
            assert doc.text.strip() and doc.locate(len(doc.text) - 1)[1] is not None, p


def test_walker_takes_the_new_formats():
    assert all(is_report_name(n) for n in ("a.doc", "b.XLSX", "c.xls"))
    assert not is_report_name("~$a.doc")


# --------------------------------------------------------------------------- OCR


def test_code_repair():
    assert ocr.repair_codes("Số: 629 / TTr - SNV") == "Số: 629/TTr-SNV"
    assert ocr.repair_codes("QUYÉT ĐỊNH số 15/2010/QÐ-UBND") == "QUYẾT ĐỊNH số 15/2010/QĐ-UBND"
    assert ocr.repair_codes("từ 12 - 14 cán bộ") == "từ 12 - 14 cán bộ"


@pytest.mark.real
@needs_ocr
def test_garbage_layer_pages_are_read_by_ocr():
    doc = read(shared_file("lamdong/ttr-294-snv-2025-scan-badocr.pdf"))
    info = doc.meta["ocr"]
    assert info["pages"] == [1, 2] and all(r.startswith("garbage") for r in info["reason"].values())
    assert min(info["confidence"].values()) > 85
    assert "Câu lạc bộ Mô tô Thể thao tỉnh Lâm Đồng" in doc.text
    assert "202/2025/QH15" in doc.text and "1591/QĐ-UBND" in doc.text
    # the handwritten number is not read as digits: taken from the file name, with a note
    assert doc.header.doc_type == "Tờ trình" and doc.header.number == "294/TTr-SNV"
    assert any("file name" in w for w in doc.warnings)
    page, line = doc.locate(doc.text.index("1591/QĐ-UBND"))
    assert page == 1 and line > 5


@pytest.mark.real
def test_scan_without_ocr_says_what_to_install(monkeypatch):
    monkeypatch.setenv("BAOCAO_OCR", "0")
    with pytest.raises(Exception) as exc:
        read(shared_file("lamdong/qd-932-ttg-2025-scan.pdf"))
    assert "needs OCR" in str(exc.value) and "BAOCAO_OCR=0" in str(exc.value)
    monkeypatch.setenv("BAOCAO_OCR", "1")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    ocr._version.cache_clear()
    try:
        with pytest.raises(Exception) as exc:
            read(shared_file("lamdong/qd-932-ttg-2025-scan.pdf"))
        assert "tesseract-ocr-vie" in str(exc.value)
    finally:
        ocr._version.cache_clear()


@pytest.mark.real
@needs_ocr
def test_an_error_on_a_low_confidence_ocr_figure_is_a_warning():
    from extract.core.model import Finding

    doc = read(shared_file("lamdong/ttr-294-snv-2025-scan-badocr.pdf"))
    low = doc.meta["ocr"]["low_confidence_lines"]
    assert low, "the handwritten number line has digits read with low confidence"
    page, line = low[0]
    seg = next(s for s in doc.segments if (s.page, s.line) == (page, line))
    from extract.checks.run import _ocr_confidence

    f = Finding("NUM001", "error", "m", start=seg.start, end=seg.end, message_en="m",
                involved=[("whole", seg.start, seg.end)])
    ok = Finding("NUM001", "error", "m", start=0, end=1, message_en="m", involved=[("whole", 0, 1)])
    _ocr_confidence(doc, [f, ok])
    assert f.severity == "warning" and "OCR" in f.message
    assert ok.severity == "error" or tuple(doc.locate(0)) in {tuple(x) for x in low}


FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


def _synthetic_scan(tmp_path: Path, lines: list[str]) -> Path:
    """A one-page scan made here: a text PDF rendered at 200 dpi, the image put in a PDF
    of its own (no text layer), as a scanner would make it."""
    fpdf = pytest.importorskip("fpdf")
    if not FONT.exists():
        pytest.skip("DejaVu font not installed")
    import pypdfium2 as pdfium

    src = fpdf.FPDF()
    src.add_font("dv", "", str(FONT))
    src.add_page()
    src.set_font("dv", size=13)
    for t in lines:
        src.multi_cell(0, 8, t, new_x="LMARGIN", new_y="NEXT")
    text_pdf = tmp_path / "text.pdf"
    src.output(str(text_pdf))
    doc = pdfium.PdfDocument(str(text_pdf))
    png = tmp_path / "page.png"
    doc[0].render(scale=200 / 72, grayscale=True).to_pil().save(png)
    doc.close()
    scan = fpdf.FPDF()
    scan.add_page()
    scan.image(str(png), x=0, y=0, w=210, h=297)
    out = tmp_path / "scan.pdf"
    scan.output(str(out))
    return out


@needs_ocr
def test_a_generated_scan_reads_with_page_line_and_codes(tmp_path, monkeypatch):
    monkeypatch.setenv("BAOCAO_CACHE", str(tmp_path / "cache"))
    lines = ["ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "Số: 1406/QĐ-UBND", "QUYẾT ĐỊNH",
             "Căn cứ Nghị định số 107/2020/NĐ-CP ngày 14 tháng 9 năm 2020 của Chính phủ;",
             "Tổng số 424 thủ tục hành chính, trong đó giữ nguyên 352 thủ tục, sửa đổi 72 thủ tục."]
    doc = read(_synthetic_scan(tmp_path, lines))
    assert doc.meta["ocr"]["pages"] == [1] and doc.meta["ocr"]["reason"]["1"] == "no text layer"
    assert "107/2020/NĐ-CP" in doc.text and "Tổng số 424 thủ tục hành chính" in doc.text
    assert doc.header.number == "1406/QĐ-UBND" and doc.header.doc_type == "Quyết định"
    page, line = doc.locate(doc.text.index("107/2020/NĐ-CP"))
    assert page == 1 and line >= 3
    # read a second time from the cache: the same document
    again = read(_synthetic_scan(tmp_path, lines))
    assert again.text == doc.text
    assert list((tmp_path / "cache" / "ocr").glob("*.tsv"))
    assert not list((tmp_path / "cache" / "ocr").glob("*.part"))  # written aside, renamed into place


@pytest.mark.real
def test_spreadsheet_form_units_labels_and_merged_headers():
    from extract.find.extraction import Extraction
    from extract.find.tables import tables

    doc = read(shared_file("ktxh/bieu-ktxh-dahuoai-2020-tong-hop.xlsx"))
    assert doc.text.startswith("CÁC CHỈ TIÊU TỔNG HỢP")  # the title row is text, not the table's first row
    t = tables(doc)[0]
    assert t.header_rows >= 2 and t.unit_col is not None and t.stt_col == 0
    figs = [f for f in Extraction(doc).figures if f.cell and f.unit == "tấn"]
    assert figs, "the 'Đơn vị tính' column gives the unit of the row's values"
    f = figs[0]
    assert f.label and f.column and " / " in f.column  # merged group header over its sub-column
    assert re.fullmatch(r"Sheet1![A-Z]+\d+", doc.cell_at(f.start) or "")


@pytest.mark.real
def test_doc_page_headers_are_furniture_not_body():
    doc = read(shared_file("legacy/tcvn3/2004-B6.doc"))
    headers = [r.text for r in doc.removed if r.kind == "running-header"]
    assert any("LAWDATA" in h for h in headers) and "LAWDATA" not in doc.text
    assert any(h.startswith("văn phòng quốc hội") for h in headers)  # converted from TCVN3


@pytest.mark.real
def test_doc_text_boxes_read_after_their_anchoring_paragraph():
    # a network diagram drawn with Word text boxes: its labels follow the paragraph that
    # introduces the figure, before the figure's caption, not at the end of the file
    doc = read(shared_file("legacy/tcvn3/2004-mauduan.doc"))
    intro = doc.text.find("Hình 1 mô tả mạng CNTT cấp địa phương")
    label = doc.text.find("Mạng Trung tâm địa phương")
    caption = doc.text.find("Hình 1: Mô hình mạng CNTT địa phương")
    assert 0 <= intro < label < caption
    page, line = doc.locate(label)  # numbered as its anchoring paragraph (an empty one, the drawing's)
    assert page is None and line is not None
    assert doc.locate(intro)[1] < line < doc.locate(caption)[1]


def test_ocr_confidence_of_an_item_comes_from_its_own_words():
    from extract.find.ocr_confidence import confidence

    words = {(1, 4): [("Tổng", 95.0), ("số", 93.0), ("1.274", 62.0), ("hồ", 90.0), ("sơ,", 91.0),
                      ("năm", 96.0), ("2021", 97.0)],
             (1, 5): [("107/2020/NĐ-CP", 88.0)]}
    assert confidence(words, 1, 4, "1.274") == 62.0  # one word
    assert confidence(words, 1, 4, "2021") == 97.0  # the lone '1' of 1.274 is not in every number
    assert confidence(words, 1, 4, "Nghị định số 107/2020/NĐ-CP") == 88.0  # broken over the line end
    assert confidence(words, 1, 4, "9.999") is None  # no word of it: unknown, not guessed
    assert confidence(words, 2, 1, "1.274") is None


@pytest.mark.real
@needs_ocr
def test_figures_and_references_on_ocr_pages_carry_their_confidence(capsys):
    import json

    from extract.find.extraction import Extraction

    path = shared_file("lamdong/ttr-294-snv-2025-scan-badocr.pdf")
    ex = Extraction(read(path))
    refs = [r for r in ex.references if r.kind == "numbered"]
    assert refs and all(r.ocr_confidence is not None and 0 <= r.ocr_confidence <= 100 for r in refs)
    # the confidence is the item's own: the badly read issuer code is lower than a clean one
    bad = next(r for r in refs if "CLB" in r.text)
    good = next(r for r in refs if "126/2024/NĐ-CP" in r.text)
    assert bad.ocr_confidence is not None and good.ocr_confidence is not None
    assert bad.ocr_confidence < 85 < good.ocr_confidence
    assert all(f.ocr_confidence is not None for f in ex.figures)
    # jsonl carries it; a text-layer document says null
    assert main(["extract", str(path), "--kinds", "references,figures", "--format", "jsonl"]) == 0
    recs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert recs and all(isinstance(r["ocr_confidence"], float) for r in recs)
    text_pdf = shared_file("lamdong/ttr-629-snv-2025-trinh-bc-cchc.pdf")
    assert main(["extract", str(text_pdf), "--kinds", "references,figures", "--format", "jsonl"]) == 0
    recs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert recs and all(r["ocr_confidence"] is None for r in recs)


def test_a_check_on_a_low_confidence_figure_is_a_warning_and_a_confident_one_an_error():
    from extract.checks.run import _ocr_confidence
    from extract.core.model import Figure, Finding
    from extract.ingest.reader import document_from_text

    doc = document_from_text("Tổng số 55 nhiệm vụ, trong đó 30 hoàn thành, 20 đang thực hiện.")
    doc.meta["ocr"] = {"pages": [1], "low_confidence_lines": []}
    sure, unsure = doc.text.index("55"), doc.text.index("30")
    figs = [Figure(sure, sure + 2, "55", Decimal(55), 0, ocr_confidence=96.0, number_start=sure),
            Figure(unsure, unsure + 2, "30", Decimal(30), 0, ocr_confidence=41.0, number_start=unsure)]
    a = Finding("NUM001", "error", "m", message_en="m", involved=[("whole", sure, sure + 2)])
    b = Finding("NUM001", "error", "m", message_en="m", involved=[("whole", sure, sure + 2), ("part", unsure, unsure + 2)])
    _ocr_confidence(doc, [a, b], figs)
    assert a.severity == "error"
    assert b.severity == "warning" and "OCR" in b.message_en


def test_an_ocrd_page_that_fails_the_syllable_signals_is_unreadable_even_when_short():
    from extract.core.model import RawLine
    from extract.ingest.reader import MIN_SIGNAL_WORDS, unreadable_pages

    def lines(text: str) -> list[RawLine]:
        return [RawLine(text=text, page=1, line=1)]

    good = "Ủy ban nhân dân tỉnh đề nghị các sở ngành triển khai thực hiện kế hoạch năm nay"
    noise = "Qxv Ịtb ngw Zpr Hkq Wvd Ttlm Fjqs Rrn Bvx Kqd Jhh"
    assert len(noise.split()) >= MIN_SIGNAL_WORDS
    assert unreadable_pages({1: lines(good), 2: lines(noise), 3: lines("Qxv 12")}) == [2]


# the scans and garbage-layer documents of the tuning split read by OCR (lamdong/*badocr,
# and the 2011 scan whose second page OCR cannot read as Vietnamese)
GARBAGE_OR_SCANS = ["lamdong/qd-1406-ubnd-2025-scan-badocr.pdf", "lamdong/qd-1716-ubnd-2025-scan-badocr.pdf",
                    "lamdong/ttr-294-snv-2025-scan-badocr.pdf", "qlvb/cv-275-stttt-phutho-2011-hoi-thi-tin-hoc-scan.pdf"]


@pytest.mark.real
@needs_ocr
@pytest.mark.parametrize("name", GARBAGE_OR_SCANS)
def test_no_page_whose_text_fails_the_syllable_signals_passes_silently(name):
    from extract.ingest.quality import assess
    from extract.ingest.reader import MIN_SIGNAL_WORDS

    doc = read(shared_file(name))
    flagged = set((doc.meta.get("ocr") or {}).get("unreadable", []))
    for page in sorted({s.page for s in doc.segments if s.page}):
        q = assess("\n".join(doc.text[s.start:s.end] for s in doc.segments if s.page == page))
        if q.words >= MIN_SIGNAL_WORDS and (q.syllable_share < 0.85 or q.toned_share < 0.2):
            assert page in flagged, f"{name} p{page}: {q} passes silently"
            assert any("syllable signals" in w for w in doc.warnings)
    if name.startswith("qlvb/cv-275"):
        assert flagged == {2}  # the page it cannot read is said so, the first is not


@pytest.mark.real
def test_doc_field_instructions_are_listed_not_read():
    from extract.ingest.doc import field_instructions

    path = shared_file("legacy/tcvn3/2004-mauduan.doc")
    assert field_instructions(path) == ["EMBED PBrush"] * 4 + ["EMBED Word.Picture.8", "PAGE", "PAGE"]
    doc = read(path)
    assert "EMBED" not in doc.text and not any("PAGE" in r.text for r in doc.removed)


def test_a_two_row_header_table_reads_in_the_order_of_its_pdf(tmp_path):
    """A Word header in a 2×2 table (issuer | motto, number | place-date) reads block by
    block, as the same header reads from a PDF: issuer, number, then motto, place-date."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "UBND TỈNH AN LẠC\nSỞ NỘI VỤ"
    t.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    t.cell(1, 0).text = "Số: 12/TTr-SNV"
    t.cell(1, 1).text = "An Lạc, ngày 05 tháng 3 năm 2026"
    d.add_paragraph("TỜ TRÌNH")
    d.add_paragraph("Về việc phê duyệt kế hoạch cải cách hành chính năm 2026")
    d.save(str(tmp_path / "ttr.docx"))
    doc = read(tmp_path / "ttr.docx")
    assert doc.text.split("\n")[:6] == ["UBND TỈNH AN LẠC", "SỞ NỘI VỤ", "Số: 12/TTr-SNV",
                                        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                        "An Lạc, ngày 05 tháng 3 năm 2026"]
    h = doc.header
    assert h.number == "12/TTr-SNV" and str(h.date) == "2026-03-05" and h.issuer and "SỞ NỘI VỤ" in h.issuer
    seg = next(s for s in doc.segments if doc.text[s.start:s.end].startswith("Số: 12"))
    assert seg.table == (0, 1, 0)  # the cell it came from is kept


@pytest.mark.real
def test_a_signed_pdf_and_its_docx_read_their_headers_in_one_order():
    """lamdong ttr-629: the signed PDF and its DOCX draft differ only by what signing
    filled in (number 629, day and month 12) and one edit of the draft."""
    import importlib.util

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("baocao_score_twins", root / "scripts" / "score_twins.py")
    assert spec is not None and spec.loader is not None
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    pdf = read(shared_file("lamdong/ttr-629-snv-2025-trinh-bc-cchc.pdf"))
    docx = read(shared_file("lamdong/ttr-629-snv-2025-trinh-bc-cchc.docx"))
    assert docx.text.split("\n")[:3] == ["UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ", "Số: /TTr-SNV"]
    assert pdf.text.split("\n")[:3] == ["UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ", "Số: 629 /TTr-SNV"]
    assert score.agreement(score.tokens(pdf), score.tokens(docx)) >= 0.99
