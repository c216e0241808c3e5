"""The working resolution of OCR (extract.ingest.ocr.WORK_DPI): a page rendered finer is
brought down to it before tesseract reads it, and its lines keep their place in points."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.ingest import ocr

needs_ocr = pytest.mark.skipif(not ocr.available(), reason="tesseract with the vie model is not installed")
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


def test_finer_render_brought_to_working_resolution() -> None:
    from PIL import Image

    im = Image.new("L", (1500, 2100), 255)
    small = ocr.to_work(im, 300)
    assert small.size == (round(1500 * ocr.WORK_DPI / 300), round(2100 * ocr.WORK_DPI / 300))
    assert ocr.to_work(im, ocr.WORK_DPI) is im  # at the working resolution: as rendered
    assert ocr.to_work(im, 110) is im  # a coarser render is never blown up here


def test_cache_key_names_the_working_resolution() -> None:
    keys = {ocr._cache_key("sha", 1, d) for d in (200, 300, 400)}
    assert len(keys) == 3
    assert ocr._work(300) == ocr.WORK_DPI and ocr._work(150) == 150


@needs_ocr
def test_300_dpi_page_reads_like_200(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An image PDF drawn at 300 dpi, rendered at 300 and at 200: the same words, at the same
    place on the page (points), since both are read at the working resolution."""
    from PIL import Image, ImageDraw, ImageFont

    if not FONT.exists():
        pytest.skip("DejaVu font not installed")
    monkeypatch.setenv("BAOCAO_CACHE", str(tmp_path / "cache"))
    im = Image.new("L", (1240, 600), 255)  # 4.13 x 2 inches at 300 dpi
    draw = ImageDraw.Draw(im)
    font = ImageFont.truetype(str(FONT), 46)  # 11 pt at 300 dpi
    draw.text((120, 150), "Công văn số 464/STC-VP ngày 15/01/2026", font=font, fill=0)
    draw.text((120, 300), "của Sở Tài chính tỉnh Lâm Đồng", font=font, fill=0)
    pdf = tmp_path / "p.pdf"
    im.save(pdf, "PDF", resolution=300)
    got = {d: ocr.ocr_pages(pdf, [1], sha="res-test", dpi=d, workers=1)[1] for d in (200, 300)}
    texts = {d: [ln.text for ln in g.lines] for d, g in got.items()}
    assert texts[300] == texts[200]
    assert any("464/STC-VP" in t for t in texts[300])
    for a, b in zip(got[200].lines, got[300].lines):
        assert abs(a.x0 - b.x0) < 2 and abs(a.top - b.top) < 2  # points, not pixels
