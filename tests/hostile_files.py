"""Generators of hostile files (issue #14): each small in the repository, made on
demand in a test's tmp_path.  Used by tests/test_hostile.py and tests/test_fuzz.py."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

HEAD = "ỦY BAN NHÂN DÂN\nTỈNH HÒA PHONG\nSố: 12/BC-UBND\n\nBÁO CÁO\nKết quả thực hiện nhiệm vụ năm 2024\n\nI. KẾT QUẢ\n"
CLAUSE = "tổng số 55 nhiệm vụ, trong đó hoàn thành 50 nhiệm vụ, đạt 90,90 %; "
REPORT = (HEAD + "1. Năm 2024, tổng số 55 nhiệm vụ, trong đó hoàn thành 50 nhiệm vụ, đạt 90,91 %.\n"
          "2. Thực hiện Nghị định số 107/2020/NĐ-CP ngày 14/9/2020 của Chính phủ.\n"
          "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nCHỦ TỊCH\nNguyễn Văn A\n")


def run_on_paragraph(size: int) -> str:
    """A report whose body is one paragraph of ``size`` bytes without a sentence end."""
    n = max(1, size // len(CLAUSE.encode()))
    return HEAD + "1. Nhiệm vụ được giao: " + CLAUSE * n + "\n"


def docx_bytes(body_xml: str, *, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal DOCX around ``body_xml`` (the children of w:body)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types '
                   'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}">'
                                        f"<w:body>{body_xml}</w:body></w:document>")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def para(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def docx_bomb(path: Path, xml_bytes: int = 197_000_000) -> Path:
    """A DOCX whose document.xml inflates to ``xml_bytes`` (about 0.7 MB on disk for
    197 MB): one short paragraph repeated, streamed into the archive."""
    p = para("Tổng số 55 nhiệm vụ, trong đó hoàn thành 50 nhiệm vụ, đạt 90,90 %.").encode()
    block = p * 1000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'.encode())
            for _ in range(max(1, xml_bytes // len(block))):
                fh.write(block)
            fh.write(b"</w:body></w:document>")
    return path


def docx_one_huge_paragraph(path: Path, runs: int = 1_200_000) -> Path:
    """One w:p of ``runs`` runs: a block streaming cannot free before its end."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body><w:p>'.encode())
            run = b"<w:r><w:t>a</w:t></w:r>" * 10_000
            for _ in range(runs // 10_000):
                fh.write(run)
            fh.write(b"</w:p></w:body></w:document>")
    return path


def pdf_bytes(lines: list[str], pages: int = 1) -> bytes:
    import fpdf

    pdf = fpdf.FPDF()
    pdf.add_font("dv", "", str(FONT))
    for _ in range(pages):
        pdf.add_page()
        pdf.set_font("dv", size=13)
        for t in lines:
            pdf.cell(0, 8, t, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


PDF_LINES = ["ỦY BAN NHÂN DÂN TỈNH HÒA PHONG", "Số: 12/BC-UBND", "BÁO CÁO", "Kết quả năm 2024",
             "Tổng số 55 nhiệm vụ, trong đó hoàn thành 50 nhiệm vụ, đạt 90,91%."]


def truncated_pdf() -> bytes:
    """A PDF cut before its cross-reference table: pdfium rebuilds it and reads on."""
    data = pdf_bytes(PDF_LINES, pages=2)
    return data[:data.rfind(b"xref")]
