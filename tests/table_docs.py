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
