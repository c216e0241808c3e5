"""Bad input: one clear line naming the file and the reason, never a traceback."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from extract import ReadError, read
from extract.ingest import reader as reader_mod

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


def _pdf(tmp_path: Path, name: str, lines: list[str], **kw) -> Path:
    fpdf = pytest.importorskip("fpdf")
    if not FONT.exists():
        pytest.skip("DejaVu font not installed")
    pdf = fpdf.FPDF()
    if kw.get("encrypt"):
        pdf.set_encryption(owner_password="chu", user_password="khach")
    pdf.add_font("dv", "", str(FONT))
    pdf.add_page()
    pdf.set_font("dv", size=13)
    for t in lines:
        pdf.cell(0, 8, t, new_x="LMARGIN", new_y="NEXT")
    if kw.get("image_only"):
        pdf.rect(20, 20, 100, 100, style="F")
    out = tmp_path / name
    pdf.output(str(out))
    return out


def _reason(path) -> str:
    with pytest.raises(ReadError) as exc:
        read(path)
    assert str(path) in str(exc.value)
    return exc.value.reason


def test_missing_file(tmp_path):
    assert _reason(tmp_path / "khong-co.pdf") == "no such file"


def test_directory(tmp_path):
    assert "directory" in _reason(tmp_path)


def test_empty_file(tmp_path):
    p = tmp_path / "rong.pdf"
    p.write_bytes(b"")
    assert _reason(p) == "empty file"


def test_binary_unsupported(tmp_path):
    p = tmp_path / "anh.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    assert "binary" in _reason(p)


def test_zip_that_is_not_docx(tmp_path):
    p = tmp_path / "baocao.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "xin chào")
    p.write_bytes(buf.getvalue())
    assert "neither a Word document nor an Excel workbook" in _reason(p)


def test_zip_named_xlsx_says_excel(tmp_path):
    """A .xlsx that is a ZIP of something else, or a truncated one, is not called a
    Word document: the reason names both Office formats, or the one its name claims."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "xin chào")
    p = tmp_path / "bieu.xlsx"
    p.write_bytes(buf.getvalue())
    assert "Excel workbook" in _reason(p)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(buf.getvalue()[:60])
    reason = _reason(cut)
    assert "XLSX" in reason and "DOCX" not in reason


def test_pdf_without_pages_gives_no_pdfium_jargon(tmp_path):
    """A PDF of no pages: pdfium's own words ("PDFium: Success") never reach the user."""
    pdfium = pytest.importorskip("pypdfium2")
    p = tmp_path / "rong.pdf"
    pdfium.PdfDocument.new().save(str(p))
    reason = _reason(p)
    assert "Success" not in reason and "PDFium" not in reason
    assert "without pages" in reason


def test_pdf_reasons_do_not_leak_from_the_previous_file(tmp_path):
    """pdfium's last error is process-wide: read after an encrypted PDF, a PDF of no
    pages was called encrypted, and after a truncated one, truncated (index workers read
    many files in turn)."""
    pdfium = pytest.importorskip("pypdfium2")
    locked = _pdf(tmp_path, "khoa.pdf", ["Tài liệu mật"], encrypt=True)
    empty = tmp_path / "rong.pdf"
    pdfium.PdfDocument.new().save(str(empty))
    for _ in range(2):
        assert "encrypted" in _reason(locked)
        reason = _reason(empty)
        assert "encrypted" not in reason and "without pages" in reason


def test_truncated_pdf(tmp_path):
    good = _pdf(tmp_path, "a.pdf", ["Báo cáo kết quả công tác cải cách hành chính năm 2025"])
    bad = tmp_path / "cut.pdf"
    bad.write_bytes(good.read_bytes()[:300])
    assert "corrupt" in _reason(bad) or "no text layer" in _reason(bad)


def test_garbage_bytes_named_pdf(tmp_path):
    p = tmp_path / "x.pdf"
    p.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    assert "corrupt" in _reason(p)


def test_encrypted_pdf(tmp_path):
    p = _pdf(tmp_path, "khoa.pdf", ["Tài liệu mật"], encrypt=True)
    assert "encrypted" in _reason(p)


def test_pdf_without_text_layer(tmp_path):
    p = _pdf(tmp_path, "scan.pdf", [], image_only=True)
    assert _reason(p).startswith(("no text layer — needs OCR", "no text layer, and OCR found no text"))


def test_garbage_text_layer(tmp_path):
    noise = ["Cdn c* LuQt Tii ch*c chinh quyin dia phucrng ngdy l6 thdng 6 ndm",
             "so:/J+06teo-ueND cgNG HoA x.A. Hor cHU NGHIA vrpr NAM Ldm D6ng ngdy"] * 8
    p = _pdf(tmp_path, "ocr.pdf", noise)
    assert "garbage" in _reason(p)


def test_huge_file(tmp_path, monkeypatch):
    p = tmp_path / "lon.txt"
    p.write_text("Báo cáo " * 100, encoding="utf-8")
    monkeypatch.setattr(reader_mod, "MAX_BYTES", 100)
    assert "too large" in _reason(p)


def test_dispatch_is_on_content_not_extension(tmp_path):
    p = _pdf(tmp_path, "that-ra-la-pdf.txt", ["BÁO CÁO", "Kết quả thực hiện nhiệm vụ năm 2025 của tỉnh An Lạc"])
    doc = read(p)
    assert doc.kind == "pdf" and "Kết quả thực hiện" in doc.text


def test_text_reader_maps_offsets_to_file_lines(tmp_path):
    p = tmp_path / "bc.txt"
    p.write_text("BÁO CÁO\nKết quả năm 2025\n\nThực hiện Nghị định số 106/2020/NĐ-\nCP của Chính phủ.\n",
                 encoding="utf-8")
    doc = read(p)
    off = doc.text.index("106/2020/NĐ-CP")
    assert doc.locate(off) == (None, 4)
    assert doc.locate(doc.text.index("của Chính phủ")) == (None, 5)
    assert doc.header.doc_type == "Báo cáo"
    assert len(doc.search_text) == len(doc.text)
