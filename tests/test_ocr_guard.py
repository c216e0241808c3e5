"""The OCR guard (extract.ingest.ocr_regions): text lines tesseract's page segmentation
left out are found from the ink no recognised word covers, read again, and put in
reading order — never twice; and what the header takes from OCR'd lines (signer, date,
a consolidated text's number) is never silently wrong."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import numpy as np
import pytest

from extract import read
from extract.find.extraction import Extraction
from extract.ingest import ocr, ocr_regions, reader

from .conftest import shared_file

needs_ocr = pytest.mark.skipif(not ocr.available(), reason="tesseract with the vie model is not installed")
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
HEAD = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def _page(lines: list[tuple[int, int, str]], size: tuple[int, int] = (1200, 900)) -> tuple[np.ndarray, list]:
    """A white page with ``lines`` (x, y, text) drawn in a 26 px serif, and the boxes of
    every word as a TSV word list would give them."""
    from PIL import Image, ImageDraw, ImageFont

    if not FONT.exists():
        pytest.skip("DejaVu font not installed")
    font = ImageFont.truetype(str(FONT), 26)
    im = Image.new("L", size, 255)
    draw = ImageDraw.Draw(im)
    words = []
    for x, y, text in lines:
        for w in text.split():
            x0, y0, x1, y1 = draw.textbbox((x, y), w, font=font)
            draw.text((x, y), w, font=font, fill=0)
            words.append((ocr_regions.Box(x0, y0, x1, y1), w, 95.0))
            x = x1 + 12
    return np.asarray(im), words


def test_a_line_no_word_covers_is_a_candidate_and_covered_lines_are_not():
    img, words = _page([(100, 100, "Căn cứ Nghị định số 107/2020/NĐ-CP của Chính phủ"),
                        (100, 160, "Tổng số 424 thủ tục hành chính được rà soát"),
                        (700, 400, "Trần Thị Thu Hương")])
    seen = [w for w in words if w[0].y0 < 300]  # tesseract "dropped" the third line
    cands = ocr_regions.candidates(img, seen)
    assert len(cands) == 1
    box, crop = cands[0]
    assert box.x0 <= 700 and box.x1 >= 700 + 200 and box.y0 <= 400 <= box.y1
    assert crop.min() < 100  # the line's ink is in the crop
    # every word read: nothing left to read again
    assert ocr_regions.candidates(img, words) == []


def test_a_stamp_ring_and_a_rule_are_no_text_line():
    from PIL import Image, ImageDraw

    im = Image.new("L", (1000, 800), 255)
    d = ImageDraw.Draw(im)
    d.ellipse((300, 200, 600, 500), outline=0, width=6)  # a stamp's ring
    d.line((100, 650, 900, 650), fill=0, width=3)  # a rule
    words = [(ocr_regions.Box(100, 50, 300, 80), "Căn", 95.0)]
    assert ocr_regions.candidates(np.asarray(im), words) == []


def _row(block: int, par: int, line: int, word: int, x: int, y: int, conf: float, text: str) -> str:
    return "\t".join(map(str, [5, 1, block, par, line, word, x, y, 60, 30, conf, text]))


def test_an_added_line_follows_its_block_and_its_marks_stay_out_of_the_text():
    tsv = "\n".join([
        HEAD,
        _row(1, 1, 1, 1, 100, 100, 95, "Điều"), _row(1, 1, 1, 2, 200, 100, 95, "3."),
        _row(1, 1, 2, 1, 100, 140, 95, "chịu"), _row(1, 1, 2, 2, 200, 140, 95, "trách"),
        _row(1, 1, 3, 1, 100, 180, 95, "nhiệm."),  # a paragraph's short last line
        _row(2, 1, 1, 1, 100, 300, 95, "Nơi"), _row(2, 1, 1, 2, 200, 300, 95, "nhận:"),
        # the guard's line, under the paragraph's long lines and to their right
        _row(ocr_regions.EXTRA_BLOCK + 1, 1, 1, 1, 240, 170, 96, "Minh"),
        _row(ocr_regions.EXTRA_BLOCK + 1, 1, 1, 2, 330, 170, 96, "Chính"),
        _row(ocr_regions.EXTRA_BLOCK + 1, 0, 1, 3, 150, 170, 3, "#$%"),
    ])
    page = ocr._parse_tsv(tsv, 1, 0.36)
    texts = [ln.text for ln in page.lines]
    assert texts == ["Điều 3.", "chịu trách", "nhiệm.", "Minh Chính", "Nơi nhận:"]
    line = page.lines[3].line
    assert {(w.text, w.conf) for w in page.words if w.line == line} == {("Minh", 96), ("Chính", 96), ("#$%", 3)}
    assert "#$%" not in " ".join(texts)


def test_accept_keeps_confident_text_and_drops_stamp_noise():
    placed = [(20, ocr_regions.Box(500, 800, 900, 840)), (80, ocr_regions.Box(100, 1200, 400, 1240))]
    tsv = "\n".join([
        HEAD,
        "\t".join(map(str, [5, 1, 1, 1, 1, 1, 20, 25, 40, 30, 0, ".ˆ_"])),
        "\t".join(map(str, [5, 1, 1, 1, 1, 2, 70, 25, 90, 30, 17, "Nguyên"])),
        "\t".join(map(str, [5, 1, 1, 1, 1, 3, 170, 25, 70, 30, 96.7, "Ngọc"])),
        "\t".join(map(str, [5, 1, 1, 1, 1, 4, 250, 25, 70, 30, 96.5, "Phúc"])),
        "\t".join(map(str, [5, 1, 1, 1, 2, 1, 20, 85, 40, 30, 12, "lạ"])),  # a signature read as letters
        "\t".join(map(str, [5, 1, 1, 1, 2, 2, 70, 85, 40, 30, 30, "tế:"])),
    ])
    rows = [r.split("\t") for r in ocr_regions.accept(tsv, placed, 20)]
    text = [r[11] for r in rows if r[3] == "1"]
    marks = [r[11] for r in rows if r[3] == "0"]
    assert text == ["Nguyên", "Ngọc", "Phúc"] and marks == [".ˆ_"]
    # back in page coordinates: the first candidate's box
    assert all(500 <= int(r[6]) < 900 and 790 <= int(r[7]) < 850 for r in rows)


def test_header_lines_reach_a_consolidated_texts_own_block():
    body = [f"dòng {i}" for i in range(60)]
    text = "\n".join(body + ["BỘ QUỐC PHÒNG", "Số: /⁄6/VBHN-BQP", "Nơi nhận:", "XÁC THỰC VĂN BẢN HỢP NHẤT",
                             "Hà Nội, ngày 0N} tháng 5 năm 2026"])
    doc = cast(Any, SimpleNamespace(text=text))
    got = [t for _pos, t in reader._header_lines(doc)]
    assert got[:20] == body[:20] and "Số: /⁄6/VBHN-BQP" in got and got[-1].startswith("Hà Nội")
    pos, line = next((p, t) for p, t in reader._header_lines(doc) if t.startswith("Số:"))
    assert text[pos:pos + len(line)] == line


@pytest.mark.real
@needs_ocr
def test_a_signer_name_psm3_dropped_is_read_and_a_cut_name_is_never_taken():
    doc = read(shared_file("qlvb/cv-4532-ubnd-phutho-2011-ra-soat-tthc-scan.pdf"))
    assert "Thu Hương" in doc.text
    assert doc.text.index("CHÁNH VĂN PHÒNG") < doc.text.index("Thu Hương")
    assert doc.text.count("Thu Hương") == 1
    assert doc.header.signer.position == "CHÁNH VĂN PHÒNG"
    # a signature crosses the family name: "Đức Vũ" of "Nguyễn Đức Vũ" is not the signer
    doc = read(shared_file("lamdong/ttr-294-snv-2025-scan-badocr.pdf"))
    assert doc.header.signer.authority == "KT." and doc.header.signer.position == "PHÓ GIÁM ĐỐC"
    assert doc.header.signer.name is None
    assert doc.meta["ocr"]["signer"]["status"] == "unreadable" and doc.meta["ocr"]["signer"]["read"] == "Đức Vũ"


@pytest.mark.real
@needs_ocr
def test_a_date_read_with_low_confidence_carries_it():
    doc = read(shared_file("lamdong/ttr-294-snv-2025-scan-badocr.pdf"))
    dates = Extraction(doc).dates
    assert all(d.ocr_confidence is not None for d in dates if doc.locate(d.start)[0] in doc.meta["ocr"]["pages"])
    # the header line's month, beside the handwritten day, is a guess: marked
    low = [d for d in dates if d.ocr_confidence is not None and d.ocr_confidence < ocr.MIN_FIGURE_CONF]
    assert any(d.text == "tháng 3 năm 2025" for d in low)


def test_a_speck_beside_the_header_is_no_column():
    tsv = "\n".join([
        HEAD,
        _row(1, 1, 1, 1, 0, 161, 0, "Ö_"),  # a speck, left of the issuer
        _row(1, 1, 1, 2, 181, 120, 76, "UBNDTỈNHPHÚTHỌ"),
        _row(1, 1, 1, 3, 688, 124, 81, "CỘNG"), _row(1, 1, 1, 4, 804, 120, 90, "HOÀ"),
    ])
    page = ocr._parse_tsv(tsv, 1, 0.36)
    assert [(ln.text, ln.column) for ln in page.lines] == [("UBND TỈNH PHÚ THỌ", 1), ("CỘNG HOÀ", 2)]


def test_an_error_on_a_date_read_with_low_confidence_is_a_warning():
    from extract.checks.run import _ocr_confidence
    from extract.core.model import DateMention, Finding

    doc = cast(Any, SimpleNamespace(meta={"ocr": {"pages": [1], "low_confidence_lines": []}},
                                    locate=lambda a: (1, 3)))
    unsure = DateMention(10, 34, "ngày 31 tháng 2 năm 2025", "date", None, None, ocr_confidence=41.0)
    sure = DateMention(50, 74, "ngày 30 tháng 2 năm 2025", "date", None, None, ocr_confidence=96.0)
    f1 = Finding("DAT002", "error", "m", start=unsure.start, end=unsure.end, message_en="m")
    f2 = Finding("DAT002", "error", "m", start=sure.start, end=sure.end, message_en="m")
    _ocr_confidence(doc, [f1, f2], (), [unsure, sure])
    assert f1.severity == "warning" and "OCR" in f1.message
    assert f2.severity == "error"


def test_a_line_read_again_in_a_stamps_red_ink_is_dropped_and_black_text_kept():
    from PIL import Image, ImageDraw, ImageFont

    if not FONT.exists():
        pytest.skip("DejaVu font not installed")
    font = ImageFont.truetype(str(FONT), 26)
    im = Image.new("RGB", (900, 200), (255, 255, 255))
    draw = ImageDraw.Draw(im)
    rows = []
    for n, (y, text, colour) in enumerate(((30, "Nguyễn Văn An", (0, 0, 0)), (110, "CHỦ TỊCH", (210, 40, 50))), 1):
        x0, y0, x1, y1 = draw.textbbox((60, y), text, font=font)
        draw.text((60, y), text, font=font, fill=colour)
        rows.append("\t".join(map(str, [5, 1, ocr_regions.EXTRA_BLOCK + n, 1, 1, 1, x0, y0, x1 - x0, y1 - y0, 95.0, text])))
    rgb = np.asarray(im)
    gray = np.asarray(im.convert("L"))
    chroma = (rgb.max(axis=2) - rgb.min(axis=2)).astype(np.uint8)[::2, ::2]
    kept = ocr_regions.drop_coloured(rows, gray, chroma, 2)
    assert [r.split("\t")[11] for r in kept] == ["Nguyễn Văn An"]
