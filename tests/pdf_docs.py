"""Small PDFs written with fpdf2 in the DejaVu fonts, for tests that lay a page out by hand."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

SANS = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SANS_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

Put = Callable[..., None]


def sans_page(size: float = 11) -> tuple[Any, Put]:
    """A one-page fpdf2 document in DejaVu Sans (regular and bold) and ``put(x, y, text,
    style="", size=size)``, which writes one line at (x, y) mm; skips the test when fpdf2 or
    the fonts are missing."""
    fpdf = pytest.importorskip("fpdf")
    if not (SANS.exists() and SANS_BOLD.exists()):
        pytest.skip("DejaVu fonts not installed")
    pdf = fpdf.FPDF()
    pdf.add_font("dv", "", str(SANS))
    pdf.add_font("dv", "B", str(SANS_BOLD))
    pdf.add_page()

    def put(x: float, y: float, t: str, style: str = "", size: float = size) -> None:
        pdf.set_font("dv", style, size)
        pdf.set_xy(x, y)
        pdf.cell(0, 6, t)

    return pdf, put
