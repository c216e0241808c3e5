"""PDF/DOCX twins with charts, made from real DOCX reports of the tuning split.

    .venv/bin/python scripts/make_chart_twins.py OUT_DIR [DOCX …] [--no-charts]

The shared corpus has one PDF/DOCX twin (lamdong/ttr-629, a one-page Tờ trình without a
chart) and no report whose DOCX holds a chart, so the charts issue (#13 item 6) is
measured on twins made the way offices make them: a real DOCX of the tuning split gets
two Word charts (a clustered bar chart and a line chart, each with its title, axis
labels, legend and data labels) inserted after two of its body paragraphs, and
LibreOffice (``soffice --headless --convert-to pdf``, as an office exports to PDF) turns
it into the PDF twin.  ``--no-charts`` converts the DOCX as it is: the control pairs.

``--sign`` signs each PDF as the e-office systems do (:func:`sign_pdf`): a PAdES
signature by pyHanko with a throwaway self-signed certificate made at run time (no key
is ever written to the repository), its visible stamp — "Ký bởi: …", "Cơ quan: …",
"Thời gian ký: …" — over the signature block of the last page, in the blank between
the signer's position and name (where the signature image sits on the tuning split's
signed lamdong PDFs).

Writes ``NAME.docx`` and ``NAME.pdf`` to OUT_DIR, which must be outside the repository
(the documents are corpus text).  Score the pairs with ``scripts/score_twins.py OUT_DIR``.
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
#: tuning-split DOCX reports (none is in corpus/gold/splits.yaml test or test2)
DEFAULT = ["lamdong/bc-cchc-quy-1-2026.docx", "lamdong/bc-thang-3-2026-bcd.docx",
           "lamdong/kh-cchc-2026-2030.docx", "lamdong/bc-tom-tat-cchc-2025.docx"]

C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"

UNITS = ["Sở Nội vụ", "Sở Tài chính", "Sở Tư pháp", "Sở Xây dựng", "Sở Y tế", "UBND cấp xã"]
QUARTERS = ["Quý I", "Quý II", "Quý III", "Quý IV"]


def _str_cache(values: list[str]) -> str:
    pts = "".join(f'<c:pt idx="{i}"><c:v>{escape(v)}</c:v></c:pt>' for i, v in enumerate(values))
    return f'<c:strCache><c:ptCount val="{len(values)}"/>{pts}</c:strCache>'


def _num_cache(values: list[float]) -> str:
    pts = "".join(f'<c:pt idx="{i}"><c:v>{v:g}</c:v></c:pt>' for i, v in enumerate(values))
    return f'<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="{len(values)}"/>{pts}</c:numCache>'


def _rich(text: str) -> str:
    return (f'<c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>{escape(text)}</a:t></a:r></a:p></c:rich></c:tx>'
            '<c:overlay val="0"/>')


def chart_xml(kind: str, title: str, cats: list[str], series: dict[str, list[float]]) -> str:
    """A chart part Word and LibreOffice draw from its cached values."""
    sers = []
    for i, (name, vals) in enumerate(series.items()):
        marker = '<c:marker val="1"/>' if kind == "line" else ""
        sers.append(f'<c:ser><c:idx val="{i}"/><c:order val="{i}"/>'
                    f'<c:tx><c:strRef><c:f>Sheet1!${chr(66 + i)}$1</c:f>{_str_cache([name])}</c:strRef></c:tx>'
                    f'<c:dLbls><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
                    f'<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
                    f'<c:cat><c:strRef><c:f>Sheet1!$A$2:$A${len(cats) + 1}</c:f>{_str_cache(cats)}</c:strRef></c:cat>'
                    f'<c:val><c:numRef><c:f>Sheet1!${chr(66 + i)}$2:${chr(66 + i)}${len(cats) + 1}</c:f>'
                    f'{_num_cache(vals)}</c:numRef></c:val>{marker}</c:ser>')
    body = "".join(sers)
    if kind == "bar":
        plot = (f'<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>{body}'
                '<c:gapWidth val="150"/><c:axId val="1001"/><c:axId val="1002"/></c:barChart>')
    else:
        plot = (f'<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>{body}'
                '<c:marker val="1"/><c:axId val="1001"/><c:axId val="1002"/></c:lineChart>')
    axes = ('<c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
            '<c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="nextTo"/>'
            '<c:crossAx val="1002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
            '<c:lblOffset val="100"/></c:catAx>'
            '<c:valAx><c:axId val="1002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
            '<c:axPos val="l"/><c:majorGridlines/><c:numFmt formatCode="General" sourceLinked="0"/>'
            '<c:tickLblPos val="nextTo"/><c:crossAx val="1001"/><c:crosses val="autoZero"/>'
            '<c:crossBetween val="between"/></c:valAx>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<c:chartSpace xmlns:c="{C_NS}" xmlns:a="{A_NS}" xmlns:r="{R_NS}">'
            f'<c:roundedCorners val="0"/><c:chart><c:title>{_rich(title)}</c:title><c:autoTitleDeleted val="0"/>'
            f'<c:plotArea><c:layout/>{plot}{axes}</c:plotArea>'
            '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/></c:chart>'
            '</c:chartSpace>')


def _drawing(rid: str, n: int) -> str:
    return (f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:drawing>'
            f'<wp:inline xmlns:wp="{WP_NS}" distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="5486400" cy="3017520"/><wp:docPr id="{9000 + n}" name="Chart {n}"/>'
            f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{C_NS}">'
            f'<c:chart xmlns:c="{C_NS}" xmlns:r="{R_NS}" r:id="{rid}"/></a:graphicData></a:graphic>'
            f'</wp:inline></w:drawing></w:r></w:p>')


def add_charts(src: Path, dst: Path, seed: int = 0) -> int:
    """Copy ``src`` to ``dst`` with two charts after body paragraphs at a third and two
    thirds of the document (paragraphs of a table are skipped).  Returns the count."""
    rnd = random.Random(seed)
    with zipfile.ZipFile(src) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    doc = parts["word/document.xml"].decode("utf-8")
    # top-level paragraph ends: </w:p> not inside a table (depth of <w:tbl> at that point)
    ends, depth = [], 0
    for m in re.finditer(r"<w:tbl>|<w:tbl |</w:tbl>|</w:p>", doc):
        tok = m.group()
        if tok.startswith("<w:tbl"):
            depth += 1
        elif tok == "</w:tbl>":
            depth -= 1
        elif depth == 0:
            ends.append(m.end())
    if len(ends) < 6:
        raise SystemExit(f"{src}: too few paragraphs for charts")
    specs = [("bar", "Biểu đồ 1. Số hồ sơ thủ tục hành chính tiếp nhận và giải quyết",
              UNITS, {"Tiếp nhận": [float(rnd.randint(300, 2500)) for _ in UNITS],
                      "Đã giải quyết": [float(rnd.randint(200, 2400)) for _ in UNITS]}),
             ("line", "Biểu đồ 2. Tỷ lệ hồ sơ giải quyết đúng hạn (%)",
              QUARTERS, {"Năm 2025": [round(rnd.uniform(85, 99), 1) for _ in QUARTERS],
                         "Năm 2026": [round(rnd.uniform(88, 100), 1) for _ in QUARTERS]})]
    at = [ends[len(ends) // 3], ends[2 * len(ends) // 3]]
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    for n, (pos, (kind, title, cats, series)) in sorted(enumerate(zip(at, specs), 1), key=lambda t: -t[1][0]):
        rid = f"rIdBaocaoChart{n}"
        doc = doc[:pos] + _drawing(rid, n) + doc[pos:]
        parts[f"word/charts/chart{n}.xml"] = chart_xml(kind, title, cats, series).encode("utf-8")
        rels = rels.replace("</Relationships>",
                            f'<Relationship Id="{rid}" Type="{R_NS}/chart" Target="charts/chart{n}.xml"/>'
                            "</Relationships>")
        types = types.replace("</Types>",
                              f'<Override PartName="/word/charts/chart{n}.xml" ContentType='
                              '"application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/></Types>')
    parts["word/document.xml"] = doc.encode("utf-8")
    parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")
    parts["[Content_Types].xml"] = types.encode("utf-8")
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return len(specs)


def to_pdf(docx: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("needs LibreOffice: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), str(docx)], check=True, capture_output=True, timeout=300)
    return out_dir / (docx.stem + ".pdf")


#: a Unicode TrueType font with the Vietnamese letters, for the stamp (Debian's fonts-dejavu-core)
STAMP_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _stamp_page(path: Path, lines: list[str], size: tuple[int, int]) -> Path:
    """A one-page PDF of ``size`` points holding the stamp's lines, drawn by fpdf2 (pyHanko's
    own text stamp spaces the glyphs of a TrueType font whose em is not 1000 units twice as
    wide, so the appearance is drawn here and given to pyHanko as it is)."""
    import fpdf

    pdf = fpdf.FPDF(unit="pt", format=size)
    pdf.set_margin(0)
    pdf.set_auto_page_break(False)
    pdf.add_font("stamp", "", str(STAMP_FONT))
    pdf.add_page()
    pdf.set_draw_color(200, 30, 30)
    pdf.set_line_width(0.8)
    pdf.rect(1, 1, size[0] - 2, size[1] - 2)
    pdf.set_text_color(200, 30, 30)
    pdf.set_font("stamp", size=7)
    for i, line in enumerate(lines):
        pdf.set_xy(4, 4 + i * 10)
        pdf.cell(size[0] - 8, 10, line)
    pdf.output(str(path))
    return path


def _throwaway_signer(tmp: Path, who: str, agency: str):
    """A pyHanko signer holding a self-signed certificate and key made now, in ``tmp``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    from pyhanko.sign import signers

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, agency),
                      x509.NameAttribute(NameOID.COMMON_NAME, who)])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    (tmp / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                    serialization.NoEncryption()))
    (tmp / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return signers.SimpleSigner.load(str(tmp / "key.pem"), str(tmp / "cert.pem"))


def _signature_box(pdf: Path) -> tuple[int, tuple[int, int, int, int]]:
    """(page index, box in PDF user space) for the stamp, on the last page: in the signature
    block (the rows of text that start in the right half; body rows start at the left
    margin), over the widest blank between two of its rows — between the signer's position
    and name, where the signature goes — or, on a page without one, in the right half
    under the last row of text."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        last = len(doc) - 1
        page = doc[last]
        width, page_height = page.get_size()
        text = page.get_textpage()
        rows: dict[int, float] = {}  # row (y rounded) -> leftmost x
        for i in range(text.count_chars()):
            if text.get_text_range(i, 1).strip():
                x0, y0, _x1, _y1 = text.get_charbox(i)
                y = round(y0 / 4)
                rows[y] = min(rows.get(y, x0), x0)
    finally:
        doc.close()
    # rows that start in the right half, below the running head (a centred page number)
    right = sorted((y * 4 for y, x in rows.items() if x > width / 2 and y * 4 < 0.9 * page_height), reverse=True)
    x0 = int(width / 2 + 40)
    height = 40
    gaps = [(a, b) for a, b in zip(right, right[1:]) if height < a - b < 160]
    if gaps:  # the widest blank between two rows of the block: where the signature goes
        upper, lower = max(gaps, key=lambda ab: ab[0] - ab[1])
        base = int((upper + lower) / 2 - height / 2 + 4)
    elif right:
        base = int(right[-1] + 14)  # just above the block's last row
    else:
        base = int(min(rows) * 4 - 70) if rows else 120  # under the last row
    base = max(20, base)
    return last, (x0, base, min(int(width) - 30, x0 + 170), base + height)


def sign_pdf(pdf: Path, out: Path, *, who: str = "Sở Nội vụ", agency: str = "Tỉnh Lâm Đồng",
             when: datetime | None = None) -> Path:
    """``pdf`` signed into ``out`` (pyHanko, a throwaway self-signed certificate, a visible
    stamp with the signer, the agency and the signing time over the signature block)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import StaticStampStyle

    when = when or datetime.now(timezone(timedelta(hours=7)))
    page, box = _signature_box(pdf)
    lines = [f"Ký bởi: {who}", f"Cơ quan: {agency}", f"Thời gian ký: {when:%d.%m.%Y %H:%M:%S} +07:00"]
    with tempfile.TemporaryDirectory() as tmp:
        stamp = _stamp_page(Path(tmp) / "stamp.pdf", lines, (box[2] - box[0], box[3] - box[1]))
        style = StaticStampStyle.from_pdf_file(str(stamp), border_width=0)
        signer = _throwaway_signer(Path(tmp), who, agency)
        with open(pdf, "rb") as fh:
            writer = IncrementalPdfFileWriter(fh, strict=False)
            fields.append_signature_field(writer, fields.SigFieldSpec("Signature1", on_page=page, box=box))
            meta = signers.PdfSignatureMetadata(field_name="Signature1", reason="Ký số văn bản", location=agency)
            with open(out, "wb") as dst:
                signers.PdfSigner(meta, signer=signer, stamp_style=style).sign_pdf(writer, output=dst)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="output folder, outside the repository")
    ap.add_argument("docx", nargs="*", help=f"DOCX paths relative to ../shared/corpus (default: {', '.join(DEFAULT)})")
    ap.add_argument("--no-charts", action="store_true", help="convert the DOCX as it is (control pairs)")
    ap.add_argument("--sign", action="store_true",
                    help="sign each PDF (pyHanko, a throwaway self-signed certificate, a visible stamp)")
    args = ap.parse_args(argv)
    out = args.out.resolve()
    if out.is_relative_to(ROOT):
        raise SystemExit("OUT_DIR must be outside the repository (the twins hold corpus text)")
    out.mkdir(parents=True, exist_ok=True)
    for i, rel in enumerate(args.docx or DEFAULT):
        src = CORPUS / rel
        dst = out / (Path(rel).stem + ("" if args.no_charts else "-charts") + ".docx")
        if args.no_charts:
            shutil.copyfile(src, dst)
        else:
            add_charts(src, dst, seed=i)
        pdf = to_pdf(dst, out)
        if args.sign:
            signed = sign_pdf(pdf, out / (pdf.stem + "-signed.pdf"))
            signed.replace(pdf)  # the pair stays NAME.docx beside NAME.pdf
        print(f"{dst.name} → {pdf.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
