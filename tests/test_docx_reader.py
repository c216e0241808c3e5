"""Tests for the DOCX reader (extract.ingest.docx).

Documents are built with python-docx in tmp_path; what python-docx cannot write
(footnotes, tracked changes, fields, content controls, text boxes) is added as
raw WordprocessingML, and footnotes.xml is put into the package afterwards.
"""
from __future__ import annotations

import sys
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

docx = pytest.importorskip("docx")

from extract.core.errors import ReadError  # noqa: E402
from extract.ingest import docx as docx_reader  # noqa: E402
from extract.ingest.docx import DocxContent, read_docx  # noqa: E402

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


# ---------------------------------------------------------------------------
# helpers


def _frag(xml: str):
    """A WordprocessingML fragment (w: prefix) as an lxml element."""
    root = etree.fromstring(f"<root {NSDECL}>{xml}</root>")
    return root[0]


def _append(doc, xml: str):
    """Append a raw block (w:p, w:sdt, ...) to the body, before w:sectPr."""
    body = doc.element.body
    body.insert(len(body) - 1, _frag(xml))


def _run(text: str, sup: bool = False) -> str:
    rpr = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>' if sup else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _fnref(xml_id: int, kind: str = "footnote") -> str:
    return (f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:{kind}Reference w:id="{xml_id}"/></w:r>')


def _notes_xml(kind: str, notes: dict[int, str]) -> bytes:
    body = [f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>',
            f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
            f'</w:r></w:p></w:{kind}>']
    for nid, text in notes.items():
        body.append(
            f'<w:{kind} w:id="{nid}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:t>(</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:{kind}Ref/></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>)</w:t></w:r>'
            f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{kind}>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:{kind}s xmlns:w="{W_NS}">{"".join(body)}</w:{kind}s>').encode()


def _add_parts(path: Path, parts: dict[str, bytes]) -> None:
    """Rewrite the package with extra (or replaced) parts."""
    with zipfile.ZipFile(path) as zf:
        items = [(i, zf.read(i.filename)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in items:
            if info.filename not in parts:
                zf.writestr(info.filename, data)
        for name, data in parts.items():
            zf.writestr(name, data)


def _header_table(doc):
    t = doc.add_table(rows=1, cols=2)
    left, right = t.rows[0].cells
    left.text = "ỦY BAN NHÂN DÂN TỈNH X"
    left.add_paragraph("SỞ NỘI VỤ")
    left.add_paragraph("Số: 12/BC-SNV")
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    right.add_paragraph("Tỉnh X, ngày 05 tháng 3 năm 2026")


def build_report(tmp_path: Path) -> Path:
    """A short report: header table, title, body with two footnotes, a data
    table with merged cells, a content control, tracked changes and a field."""
    doc = docx.Document()
    doc.core_properties.title = "Báo cáo kết quả cải cách hành chính quý I"
    doc.core_properties.author = "Sở Nội vụ"
    doc.sections[0].header.paragraphs[0].text = "Trang đầu của báo cáo"
    doc.sections[0].footer.paragraphs[0].text = "Chân trang thử nghiệm"
    _header_table(doc)
    doc.add_paragraph("BÁO CÁO")
    doc.add_paragraph("Kết quả thực hiện công tác cải cách hành chính quý I năm 2026")
    doc.add_paragraph("")
    # footnote xml id 7 is referenced first: it must be shown as 1
    _append(doc, "<w:p>" + _run("Ủy ban nhân dân tỉnh đã ban hành 05 kế hoạch")
            + _fnref(7) + _run(" và 03 văn bản chỉ đạo") + _run("(", True) + _fnref(3)
            + _run(")", True) + _run(".") + "</w:p>")
    p = doc.add_paragraph("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,5%.")
    p.runs[0].font.size = docx.shared.Pt(13)
    t = doc.add_table(rows=3, cols=3)
    t.cell(0, 0).text = "STT"
    t.cell(0, 1).text = "Chỉ tiêu"
    t.cell(0, 2).text = "Kết quả"
    t.cell(1, 0).text = "1"
    t.cell(1, 1).text = "Số thủ tục hành chính được cắt giảm"
    t.cell(1, 2).text = "42"
    t.cell(2, 1).text = "Ghi chú chung cho cả dòng"
    t.cell(2, 1).merge(t.cell(2, 2))  # gridSpan
    t.cell(1, 0).merge(t.cell(2, 0))  # vMerge
    _append(doc, '<w:sdt><w:sdtPr><w:alias w:val="Nội dung"/></w:sdtPr><w:sdtContent><w:p>'
            + _run("Đoạn văn trong điều khiển nội dung.") + "</w:p></w:sdtContent></w:sdt>")
    _append(doc, "<w:p>" + _run("Kinh phí thực hiện ")
            + '<w:del w:id="1" w:author="A"><w:r><w:delText>10 tỷ</w:delText></w:r></w:del>'
            + '<w:ins w:id="2" w:author="A"><w:r><w:t>12 tỷ</w:t></w:r></w:ins>'
            + _run(" đồng.") + "</w:p>")
    _append(doc, "<w:p>" + _run("Xem trang ")
            + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            + '<w:r><w:instrText xml:space="preserve"> PAGEREF _Toc1 \\h </w:instrText></w:r>'
            + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            + _run("3") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            + _run(" của phụ lục.") + "</w:p>")
    _append(doc, "<w:p><w:r><w:t>Mục</w:t><w:tab/><w:t>1</w:t><w:br/><w:t>tiếp</w:t>"
            "<w:noBreakHyphen/><w:t>theo</w:t><w:softHyphen/><w:t>đây</w:t>"
            '<w:sym w:font="Symbol" w:char="F0B7"/><w:sym w:font="Arial" w:char="2192"/></w:r></w:p>')
    _append(doc, "<w:p>" + _run("Diện tích 120 m") + _run("2", True) + _run(" đất.") + "</w:p>")
    _append(doc, '<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>chữ ẩn</w:t></w:r>'
            + _run("Chữ hiện.") + "</w:p>")
    box = ('<w:txbxContent><w:p>' + _run("DỰ THẢO") + '</w:p></w:txbxContent>')
    _append(doc, '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
            f'<wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict>'
            f'<v:rect><v:textbox>{box}</v:textbox></v:rect></w:pict></mc:Fallback>'
            '</mc:AlternateContent></w:r>' + _run("Sau khung chữ.") + '</w:p>')
    _append(doc, "<w:p>" + _run("Theo tài liệu tham khảo") + _fnref(2, "endnote") + _run(".") + "</w:p>")
    doc.add_paragraph("Nơi nhận: Như trên.")
    path = tmp_path / "bao-cao.docx"
    doc.save(path)
    _add_parts(path, {
        "word/footnotes.xml": _notes_xml("footnote", {
            3: "Gồm các văn bản số 101/UBND-NC và 102/UBND-NC.",
            7: "Kế hoạch số 15/KH-UBND ngày 10/01/2026 của Ủy ban nhân dân tỉnh.",
            9: "Chú thích không được tham chiếu.",
        }),
        "word/endnotes.xml": _notes_xml("endnote", {2: "Tài liệu hướng dẫn của Bộ Nội vụ."}),
    })
    return path


@pytest.fixture
def report(tmp_path) -> DocxContent:
    return read_docx(build_report(tmp_path))


def _line(content: DocxContent, text: str):
    found = [ln for ln in content.lines if text in ln.text]
    assert found, f"no line with {text!r}"
    return found[0]


# ---------------------------------------------------------------------------
# structure and order


def test_lines_are_numbered_paragraphs_in_order(report):
    assert [ln.line for ln in report.lines] == list(range(1, len(report.lines) + 1))
    assert all(ln.page is None for ln in report.lines)
    texts = [ln.text for ln in report.lines]
    order = ["ỦY BAN NHÂN DÂN TỈNH X", "SỞ NỘI VỤ", "Số: 12/BC-SNV",
             "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             "Tỉnh X, ngày 05 tháng 3 năm 2026", "BÁO CÁO",
             "Kết quả thực hiện công tác cải cách hành chính quý I năm 2026", ""]
    assert texts[:len(order)] == order
    assert texts[-1] == "Nơi nhận: Như trên."


def test_header_table_coordinates(report):
    assert _line(report, "ỦY BAN NHÂN DÂN").table == (0, 0, 0)
    assert _line(report, "Số: 12/BC-SNV").table == (0, 0, 0)
    assert _line(report, "CỘNG HÒA XÃ HỘI").table == (0, 0, 1)
    assert _line(report, "Tỉnh X, ngày").table == (0, 0, 1)
    assert _line(report, "BÁO CÁO").table is None
    assert report.tables[0] == [[
        "ỦY BAN NHÂN DÂN TỈNH X\nSỞ NỘI VỤ\nSố: 12/BC-SNV",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nTỉnh X, ngày 05 tháng 3 năm 2026",
    ]]


def test_data_table_with_merged_cells(report):
    table = report.tables[1]
    assert table[0] == ["STT", "Chỉ tiêu", "Kết quả"]
    assert table[1] == ["1", "Số thủ tục hành chính được cắt giảm", "42"]
    # row 2: column 0 continues the vertical merge, columns 1-2 are one cell
    assert table[2] == ["", "Ghi chú chung cho cả dòng", ""]
    assert _line(report, "Số thủ tục").table == (1, 1, 1)
    assert _line(report, "42").table == (1, 1, 2)
    assert _line(report, "Ghi chú chung").table == (1, 2, 1)
    row2 = [ln for ln in report.lines if ln.table and ln.table[:2] == (1, 2)]
    assert [ln.table[2] for ln in row2] == [0, 1]  # the spanned column is not repeated
    assert row2[0].text == ""
    assert not any(ln.table == (1, 2, 2) for ln in report.lines)


def test_content_control_tracked_changes_and_fields(report):
    assert _line(report, "điều khiển nội dung").text == "Đoạn văn trong điều khiển nội dung."
    assert _line(report, "Kinh phí").text == "Kinh phí thực hiện 12 tỷ đồng."
    assert _line(report, "Xem trang").text == "Xem trang 3 của phụ lục."
    assert not any("PAGEREF" in ln.text or "10 tỷ" in ln.text for ln in report.lines)


def test_special_characters(report):
    assert _line(report, "Mục").text == "Mục\t1\ntiếp-theođây\u2192"


def test_hidden_text_skipped(report):
    assert _line(report, "Chữ hiện").text == "Chữ hiện."
    assert not any("chữ ẩn" in ln.text for ln in report.lines)


def test_text_box_read_once_after_its_paragraph(report):
    boxes = [ln for ln in report.lines if ln.text == "DỰ THẢO"]
    assert len(boxes) == 1
    host = _line(report, "Sau khung chữ")
    assert boxes[0].line == host.line + 1


def test_font_size(report):
    assert _line(report, "Tỷ lệ hồ sơ").size == 13.0


# ---------------------------------------------------------------------------
# footnotes


def test_footnotes_numbered_in_reference_order(report):
    line = _line(report, "05 kế hoạch")
    assert line.text == "Ủy ban nhân dân tỉnh đã ban hành 05 kế hoạch1 và 03 văn bản chỉ đạo(2)."
    s1, s2 = line.superscripts
    assert line.text[s1[0]:s1[1]] == "1"
    assert line.text[s2[0]:s2[1]] == "(2)"
    notes = {n.id: n for n in report.footnotes}
    assert notes["1"].text == "Kế hoạch số 15/KH-UBND ngày 10/01/2026 của Ủy ban nhân dân tỉnh."
    assert notes["2"].text == "Gồm các văn bản số 101/UBND-NC và 102/UBND-NC."
    assert notes["1"].anchor is None
    assert notes["1"].line == line.line
    assert not any("không được tham chiếu" in n.text for n in report.footnotes)
    assert any("never referenced" in w for w in report.warnings)


def test_endnotes_get_e_ids(report):
    line = _line(report, "tài liệu tham khảo")
    assert line.text == "Theo tài liệu tham khảo1."
    (s, e), = line.superscripts
    assert line.text[s:e] == "1"
    assert [n.id for n in report.footnotes][-1] == "e1"
    assert report.footnotes[-1].text == "Tài liệu hướng dẫn của Bộ Nội vụ."


def test_superscript_digits_recorded(report):
    line = _line(report, "Diện tích")
    assert line.text == "Diện tích 120 m2 đất."
    assert [line.text[s:e] for s, e in line.superscripts] == ["2"]


def test_headers_footers_core(report):
    assert report.headers == ["Trang đầu của báo cáo"]
    assert report.footers == ["Chân trang thử nghiệm"]
    assert report.core["title"] == "Báo cáo kết quả cải cách hành chính quý I"
    assert report.core["creator"] == "Sở Nội vụ"
    assert "created" in report.core and "modified" in report.core


def test_custom_mark_footnote(tmp_path):
    doc = docx.Document()
    _append(doc, '<w:p>' + _run("Căn cứ Luật Tổ chức chính quyền địa phương")
            + '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
              '<w:footnoteReference w:customMarkFollows="1" w:id="4"/><w:t>*</w:t></w:r>'
            + _run(" và") + _fnref(5) + '</w:p>')
    path = tmp_path / "custom.docx"
    doc.save(path)
    _add_parts(path, {"word/footnotes.xml": _notes_xml("footnote", {4: "Luật số 72/2025/QH15.",
                                                                    5: "Nghị định hướng dẫn."})})
    c = read_docx(path)
    line = c.lines[0]
    assert line.text == "Căn cứ Luật Tổ chức chính quyền địa phương* và1"
    assert [line.text[s:e] for s, e in line.superscripts] == ["*", "1"]
    assert [(n.id, n.text) for n in c.footnotes] == [("*", "Luật số 72/2025/QH15."),
                                                     ("1", "Nghị định hướng dẫn.")]


def test_hundred_paragraphs_read_fast(tmp_path):
    doc = docx.Document()
    for i in range(100):
        doc.add_paragraph(f"{i + 1}. Tiếp tục đẩy mạnh cải cách thủ tục hành chính, "
                          f"nâng cao chất lượng phục vụ người dân và doanh nghiệp.")
    path = tmp_path / "dai.docx"
    doc.save(path)
    read_docx(path)
    start = time.perf_counter()
    c = read_docx(path)
    elapsed = time.perf_counter() - start
    assert len(c.lines) == 100
    assert elapsed < 0.25, elapsed  # a few ms normally; generous for slow machines


# ---------------------------------------------------------------------------
# bad input


def _reason(path) -> str:
    with pytest.raises(ReadError) as info:
        read_docx(path)
    assert info.value.path == str(path)
    assert str(info.value) == f"{path}: {info.value.reason}"
    return info.value.reason


def test_not_a_zip(tmp_path):
    p = tmp_path / "van-ban.docx"
    p.write_text("Đây không phải tệp Word.", encoding="utf-8")
    assert _reason(p) == "not a DOCX file (not a ZIP archive)"


def test_zip_without_document(tmp_path):
    p = tmp_path / "khac.docx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("ghi-chu.txt", "nội dung")
    assert _reason(p) == "ZIP archive is not a Word document (no word/document.xml)"


def test_malformed_xml(tmp_path):
    path = build_report(tmp_path)
    _add_parts(path, {"word/document.xml": b"<w:document xmlns:w='x'><w:body><w:p>"})
    assert _reason(path).startswith("corrupt DOCX: word/document.xml")


def test_ole_compound_file(tmp_path):
    p = tmp_path / "ma-hoa.docx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    assert _reason(p) == "encrypted or legacy .doc Word file — not a DOCX"


def test_oversized_part_refused(tmp_path, monkeypatch):
    path = build_report(tmp_path)
    monkeypatch.setattr(docx_reader, "MAX_PART_SIZE", 1000)
    reason = _reason(path)
    assert reason.startswith("corrupt DOCX: word/") and "limit" in reason


def test_missing_file(tmp_path):
    _reason(tmp_path / "khong-co.docx")


# ---------------------------------------------------------------------------
# the real corpus (read-only; nothing from it is copied here)


REAL = sorted((CORPUS / "lamdong").glob("*.docx")) if (CORPUS / "lamdong").is_dir() else []


@pytest.mark.skipif(not REAL, reason="corpus not available")
@pytest.mark.parametrize("path", REAL, ids=[p.name for p in REAL])
def test_real_docx(path):
    c = read_docx(path)
    assert sum(1 for ln in c.lines if ln.text.strip()) > 20
    assert [ln.line for ln in c.lines] == list(range(1, len(c.lines) + 1))
    for ln in c.lines:
        for s, e in ln.superscripts:
            assert 0 <= s < e <= len(ln.text)
    for note in c.footnotes:
        assert note.text
    if path.name == "bc-cham-diem-par-index-2025.docx":
        assert c.tables and any(any(cell.strip() for row in t for cell in row) for t in c.tables)
