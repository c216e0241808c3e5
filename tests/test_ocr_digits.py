"""The second reading of suspect digit words on scans (extract.ingest.ocr_digits): a day
read one digit short is read again and set right, or marked — never silently wrong."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from extract.ingest import ocr, ocr_digits

needs_ocr = pytest.mark.skipif(not ocr.available(), reason="tesseract with the vie model is not installed")
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
HEAD = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
LINES = [(60, 60, "Số 125 năm 2024 và 3456"), (60, 140, "mục 29 của 4 trong 2011")]


def _page(misread: dict[str, tuple[str, float]]) -> tuple[np.ndarray, str]:
    """A white page with LINES drawn, and its TSV as tesseract would give it, with the
    words of ``misread`` given another text and confidence."""
    from PIL import Image, ImageDraw, ImageFont

    if not FONT.exists():
        pytest.skip("DejaVu font not installed")
    font = ImageFont.truetype(str(FONT), 26)
    im = Image.new("L", (900, 220), 255)
    draw = ImageDraw.Draw(im)
    rows = [HEAD]
    for n, (x, y, text) in enumerate(LINES, 1):
        for k, w in enumerate(text.split(), 1):
            x0, y0, x1, y1 = draw.textbbox((x, y), w, font=font)
            draw.text((x, y), w, font=font, fill=0)
            t, c = misread.get(w, (w, 96.0))
            rows.append("\t".join(map(str, [5, 1, n, 1, 1, k, x0, y0, x1 - x0, y1 - y0, c, t])))
            x = x1 + 14
    return np.asarray(im), "\n".join(rows) + "\n"


def _word(tsv: str, line: int, k: int) -> tuple[str, float]:
    for r in tsv.splitlines()[1:]:
        f = r.split("\t")
        if f[2] == str(line) and f[5] == str(k):
            return f[11], float(f[10])
    raise AssertionError("no such word")


def test_a_two_digit_box_read_as_one_digit_is_a_suspect_and_a_fitting_word_is_not():
    page, tsv = _page({"29": ("2", 96.0)})
    sus = ocr_digits.suspects(tsv, page)
    assert [(s.text, s.why) for s in sus] == [("2", "width")]
    page, tsv = _page({})
    assert ocr_digits.suspects(tsv, page) == []


def test_every_day_and_month_of_a_date_is_a_suspect():
    rows = [HEAD]
    for k, (w, x) in enumerate((("ngày", 10), ("29", 80), ("tháng", 120), ("4", 200), ("năm", 230),
                                ("2011", 290), ("(25/04/2011)", 370)), 1):
        rows.append("\t".join(map(str, [5, 1, 1, 1, 1, k, x, 10, 30 if w != "(25/04/2011)" else 140, 26, 96.0, w])))
    page = np.full((60, 600), 255, dtype=np.uint8)
    whys = [(s.text, s.why) for s in ocr_digits.suspects("\n".join(rows) + "\n", page)]
    assert ("29", "date") in whys and ("4", "date") in whys and ("(25/04/2011)", "date") in whys
    assert all(t != "2011" for t, _ in whys)


def test_a_low_confidence_digit_word_is_a_suspect():
    page, tsv = _page({"2011": ("2011", 70.0)})
    assert [(s.text, s.why) for s in ocr_digits.suspects(tsv, page)] == [("2011", "confidence")]


def _second(text: str, conf: float):  # a stand-in for tesseract: reads each crop's middle as `text`
    def run(crops: list[np.ndarray]) -> str:
        rows = [HEAD]
        for n, img in enumerate(crops, 1):
            ys = np.nonzero((img < 128).any(axis=1))[0]
            xs = np.nonzero((img < 128).any(axis=0))[0]
            # the crop holds "mục 29 của": the middle third of its ink is the number
            w = xs[-1] - xs[0]
            rows.append("\t".join(map(str, [5, n, 1, 1, 1, 1, int(xs[0] + w * 0.4), ys[0], int(w * 0.2),
                                             ys[-1] - ys[0], conf, text])))
        return "\n".join(rows) + "\n"
    return run


def test_a_confident_second_reading_that_fits_the_box_replaces_the_first():
    page, tsv = _page({"29": ("2", 96.0)})
    assert _word(ocr_digits.reread(tsv, page, _second("29", 95.0)), 2, 2) == ("29", 95.0)


def test_a_second_reading_that_disagrees_without_confidence_marks_the_word():
    page, tsv = _page({"29": ("2", 96.0)})
    text, conf = _word(ocr_digits.reread(tsv, page, _second("23", 60.0)), 2, 2)
    assert text == "2" and conf < ocr.MIN_FIGURE_CONF


def test_decide_agrees_confirms_and_refuses_impossible_or_reshaped_readings():
    s = ocr_digits.Suspect(1, "25/04/2011", 80.0, 0, 0, 200, 30, "confidence", ink=150, h=28)
    assert ocr_digits.decide(s, ("25/04/2011", 96.0), 0.68) == ("25/04/2011", ocr_digits.SUSPECT_CONF)
    assert ocr_digits.decide(s, ("25/14/2011", 96.0), 0.68)[1] == ocr_digits.MARK_CONF  # no 14th month
    assert ocr_digits.decide(s, ("2504/2011", 96.0), 0.68)[1] == ocr_digits.MARK_CONF  # a separator lost
    assert ocr_digits.decide(s, None, 0.68) == ("25/04/2011", 80.0)  # nothing read: no evidence


@needs_ocr
def test_tesseract_reads_the_day_again_and_sets_it_right():
    page, tsv = _page({"29": ("2", 96.0)})
    out = ocr_digits.reread(tsv, page, _run)
    assert _word(out, 2, 2)[0] == "29"


def _run(crops: list[np.ndarray]) -> str:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        return ocr.read_crops(crops, str(Path(tmp) / "c"))


def test_a_confident_day_is_kept_against_an_unsure_second_reading_and_marked_against_a_sure_one():
    s = ocr_digits.Suspect(1, "25", 96.0, 0, 0, 80, 30, "date", ink=30, h=28)
    assert ocr_digits.decide(s, ("23", 60.0), 0.68) == ("25", 96.0)
    assert ocr_digits.decide(s, ("23", 95.0), 0.68) == ("25", ocr_digits.MARK_CONF)
    assert ocr_digits.decide(s, ("23", 97.0), 0.68) == ("23", 97.0)  # surer than the first, same shape
    cut = ocr_digits.Suspect(1, "2021", 92.0, 0, 0, 80, 30, "confidence", ink=60, h=28)
    assert ocr_digits.decide(cut, ("202", 95.0), 0.68) == ("2021", 92.0)  # a part of it: no evidence


def _rows_of(words: list[tuple[str, float]]) -> list[list[str]]:
    rows = [HEAD.split("\t")]
    for k, (w, c) in enumerate(words, 1):
        rows.append([str(v) for v in (5, 1, 1, 1, 1, k, 40 * k, 10, 30, 26, c, w)])
    return rows


def test_digit_lookalikes_in_a_number_are_mended_and_marked_until_read_again():
    rows = _rows_of([("ngày", 96.0), ("0T", 60.0), ("tháng", 96.0), ("0l", 96.0), ("năm", 96.0), ("2O21", 95.0),
                     ("tầng", 96.0), ("T1", 96.0), ("lô", 96.0), ("L10", 96.0), ("Il", 96.0)])
    assert ocr_digits.mend_lookalikes(rows) == 3
    got = [(f[11], float(f[10])) for f in rows[1:]]
    assert got[1] == ("01", 60.0) and got[3] == ("01", ocr_digits.MENDED_CONF) and got[5][0] == "2021"
    # a capital before digits is a code's outside a date; letters alone are no number
    assert [t for t, _ in got[6:]] == ["tầng", "T1", "lô", "L10", "Il"]
    assert all(c < ocr.MIN_FIGURE_CONF for _, c in (got[1], got[3], got[5]))
    # a day that cannot be: left as read
    assert ocr_digits.mend_lookalikes(_rows_of([("tháng", 96.0), ("4T", 90.0)])) == 0


def test_a_mended_day_read_again_the_same_is_trusted():
    s = ocr_digits.Suspect(1, "01", ocr_digits.MENDED_CONF, 0, 0, 80, 30, "confidence", ink=30, h=28)
    assert ocr_digits.decide(s, ("01", 96.0), 0.68) == ("01", ocr_digits.SUSPECT_CONF)
    assert ocr_digits.decide(s, ("0", 96.0), 0.68)[1] < ocr.MIN_FIGURE_CONF  # only a part: still marked


def _footnote_page(mark: str, read_as: str) -> tuple[np.ndarray, str]:
    """A footnote line "<raised mark> Cụm từ thay thế bởi" and its TSV, the mark read as ``read_as``."""
    from PIL import Image, ImageDraw, ImageFont

    if not FONT.exists():
        pytest.skip("DejaVu font not installed")
    big, small = ImageFont.truetype(str(FONT), 24), ImageFont.truetype(str(FONT), 14)
    im = Image.new("L", (700, 90), 255)
    draw = ImageDraw.Draw(im)
    rows = [HEAD]
    x0, y0, x1, y1 = draw.textbbox((40, 26), mark, font=small)
    draw.text((40, 26), mark, font=small, fill=0)
    rows.append("\t".join(map(str, [5, 1, 1, 1, 1, 1, x0, y0, x1 - x0, y1 - y0, 60.0, read_as])))
    x = x1 + 6
    for k, w in enumerate("Cụm từ thay thế bởi".split(), 2):
        a, b, c, d = draw.textbbox((x, 34), w, font=big)
        draw.text((x, 34), w, font=big, fill=0)
        rows.append("\t".join(map(str, [5, 1, 1, 1, 1, k, a, b, c - a, d - b, 96.0, w])))
        x = c + 12
    return np.asarray(im), "\n".join(rows) + "\n"


def test_a_raised_mark_beginning_a_line_is_a_suspect():
    page, tsv = _footnote_page("42", "*")
    assert [(s.text, s.why) for s in ocr_digits.suspects(tsv, page)] == [("*", "mark")]


def test_a_mark_takes_only_confident_digits_and_a_lone_stroke_becomes_a_marked_one():
    s = ocr_digits.Suspect(1, "*", 60.0, 0, 0, 30, 30, "mark", h=12)
    assert ocr_digits.decide(s, ("42", 96.0), None) == ("42", 96.0)
    assert ocr_digits.decide(s, ("42", 50.0), None) == ("*", 60.0)
    assert ocr_digits.decide(s, None, None) == ("*", 60.0)
    bang = ocr_digits.Suspect(1, "!", 92.0, 0, 0, 30, 30, "mark", h=12)
    assert ocr_digits.decide(bang, None, None) == ("1", ocr_digits.MENDED_CONF)


@needs_ocr
@pytest.mark.parametrize("mark,read_as,want", [("42", "*", "42"), ("7", "*%", "7"), ("*", "*", "*")])
def test_tesseract_reads_a_footnote_number_read_as_a_sign_again(mark, read_as, want):
    page, tsv = _footnote_page(mark, read_as)
    assert _word(ocr_digits.reread(tsv, page, _run), 1, 1)[0] == want


def test_the_height_of_digits_leaves_out_an_accent_of_the_next_line_inside_their_box():
    page = np.full((80, 60), 255, dtype=np.uint8)
    page[10:30, 5:40] = 0  # the digits, 20 rows
    page[40:44, 15:25] = 0  # an accent under them, parted by white
    assert ocr_digits.ink_height(page, 0, 5, 60, 45) == 20
    assert ocr_digits.ink_height(page, 0, 5, 60, 30) == 20
    page[30:40, 20:22] = 0  # joined by ink: one run
    assert ocr_digits.ink_height(page, 0, 5, 60, 45) == 34


@pytest.mark.parametrize("text,impossible", [
    ("1.23.456", True), ("12.345,6,7", True), ("1,23,456", True), ("1.234.56", True),
    ("1.234.567", False), ("1.234,5", False), ("1,234.5", False), ("12,5", False), ("1.2.3", False),
    ("2.1.3.", False), ("25.04.2011", False), ("0258.3822.111", False), ("25/04/2011", False)])
def test_a_number_no_report_writes_is_told_apart(text, impossible):
    assert ocr_digits.impossible_grouping(text) is impossible


def test_an_impossible_number_is_read_again_and_set_right_only_by_a_possible_one_else_marked():
    page, tsv = _page({"3456": ("1.23.456", 97.0)})
    assert [(s.text, s.why) for s in ocr_digits.suspects(tsv, page)] == [("1.23.456", "shape")]
    s = ocr_digits.Suspect(1, "1.23.456", 97.0, 0, 0, 120, 30, "shape", ink=110, h=28)
    assert ocr_digits.decide(s, ("1.234.456", 95.0), 0.68) == ("1.234.456", 95.0)
    assert ocr_digits.decide(s, ("1.23.456", 97.0), 0.68) == ("1.23.456", ocr_digits.MARK_CONF)  # the same again
    assert ocr_digits.decide(s, ("1.234.456", 60.0), 0.68) == ("1.23.456", ocr_digits.MARK_CONF)  # unsure
    assert ocr_digits.decide(s, None, 0.68) == ("1.23.456", ocr_digits.MARK_CONF)


def test_a_table_rule_touching_a_number_is_no_dropped_digit():
    page, tsv = _page({})
    page = page.copy()
    rows = [r.split("\t") for r in tsv.splitlines()]
    f = next(r for r in rows[1:] if r[11] == "3456")
    x, y, w, h = (int(v) for v in f[6:10])
    page[:, x + w + 3:x + w + 5] = 0  # a vertical rule through every line, just right of the number
    assert [s.text for s in ocr_digits.suspects(tsv, page)] == []
    # the rule read as a letter beside the number is left to the reader, not made a digit
    assert ocr_digits.mend_lookalikes(_rows_of([("220|", 86.0), ("220l", 86.0), ("|1.", 96.0)])) == 0
