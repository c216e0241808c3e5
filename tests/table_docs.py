"""Build a small DOCX report around one table, for rule examples given as ``table:``."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any


def docx_with_table(rows: list[list[Any]], intro: str = "Kết quả thực hiện như sau:") -> Any:
    """Read (through the product's reader) a DOCX whose body is ``intro`` and a table
    with ``rows`` (the first row is the header)."""
    import docx

    from extract import read

    d = docx.Document()
    d.add_paragraph(intro)
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            t.cell(i, j).text = str(cell)
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "bang.docx"
        d.save(str(p))
        return read(p)


def write_xlsx(path: Path, rows: list[list[Any]], sheet: str = "Biểu 01") -> Path:
    """Write a one-sheet .xlsx by hand, so that a formula cell can carry a cached value
    (openpyxl writes formulas without one).  A cell given as ``{formula: "=SUM(C2:C4)",
    value: 2902}`` is a formula with its cached value; numbers are numbers, the rest text."""
    return write_xlsx_sheets(path, {sheet: rows})


def write_xlsx_sheets(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """:func:`write_xlsx` with several sheets, in order (a cell ``{"text": "12"}`` is a
    number stored as text)."""
    import zipfile
    from xml.sax.saxutils import escape

    from extract.ingest.sheets import col_letter

    def sheet_xml(rows: list[list[Any]]) -> str:
        xml_rows = []
        for r, row in enumerate(rows, 1):
            xml_rows.append(row_xml(r, row))
        return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}"><sheetData>{"".join(xml_rows)}'
                '</sheetData></worksheet>')

    def row_xml(r: int, row: list[Any]) -> str:
        cells = []
        for c, v in enumerate(row):
            ref = f"{col_letter(c + 1)}{r}"
            if isinstance(v, dict) and "text" in v:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(v["text"]))}</t></is></c>')
            elif isinstance(v, dict):
                kind = ' t="str"' if isinstance(v["value"], str) else ""  # a formula whose result is text
                cells.append(f'<c r="{ref}"{kind}><f>{escape(v["formula"].lstrip("="))}</f><v>{v["value"]}</v></c>')
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
            elif v not in (None, ""):
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(v))}</t></is></c>')
        return f'<row r="{r}">{"".join(cells)}</row>'

    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    names = list(sheets)
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                      'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, len(names) + 1))
            + '</Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}" xmlns:r="{rel}">'
            '<sheets>' + "".join(f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>'
                                 for i, n in enumerate(names, 1)) + '</sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                      for i in range(1, len(names) + 1)) + '</Relationships>'),
    }
    for i, n in enumerate(names, 1):
        parts[f"xl/worksheets/sheet{i}.xml"] = sheet_xml(sheets[n])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def xlsx_with_sheet(rows: list[list[Any]]) -> Any:
    """Read (through the product's reader) a one-sheet workbook made by :func:`write_xlsx`."""
    from extract import read

    with tempfile.TemporaryDirectory() as tmp:
        return read(write_xlsx(Path(tmp) / "bieu.xlsx", rows))
