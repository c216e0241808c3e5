"""The second reading of suspect code words on scans (extract.ingest.ocr_codes): a
stuttered letter ("BTT" read "BTTT") or an unsure reading ("59-CV/BCĐ" read "39-CV/BCPĐ"
at 18) is read again and set right when two more readings agree, or marked — and a code
read right is never changed nor newly distrusted."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from extract.ingest import ocr, ocr_codes
from extract.ingest.ocr_digits import Suspect

needs_ocr = pytest.mark.skipif(not ocr.available(), reason="tesseract with the vie model is not installed")
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
HEAD = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def _rows(words: list[tuple[str, float]]) -> list[list[str]]:
    rows = [HEAD.split("\t")]
    x = 10
    for k, (w, c) in enumerate(words, 1):
        rows.append([str(v) for v in (5, 1, 1, 1, 1, k, x, 10, 20 * len(w), 30, c, w)])
        x += 20 * len(w) + 15
    return rows


def test_a_tripled_capital_or_an_unsure_code_is_a_suspect_and_a_sure_code_or_a_quarter_is_not():
    rows = _rows([("số", 96.0), ("05/HD-", 95.0), ("MTTW-BTTT", 87.0), ("107/2020/NĐ-CP", 96.0),
                  ("39-CV/BCPĐ", 18.0), ("quý", 96.0), ("III/2025.", 77.0), ("258/ĐĐÐN-ĐLS", 95.0)])
    got = [(s.text, s.why) for s in ocr_codes.suspects(rows)]
    assert got == [("MTTW-BTTT", "repeat"), ("39-CV/BCPĐ", "confidence"), ("258/ĐĐÐN-ĐLS", "repeat")]
    # the neighbours are kept, to cut them off a second reading that glued them to the word
    s = ocr_codes.suspects(rows)[0]
    assert (s.left, s.right) == ("05/HD-", "107/2020/NĐ-CP")
    assert ocr_codes._own(s, "05/HD-MTTW-BTT") == "MTTW-BTT"


def _sus(text: str, conf: float, why: str) -> Suspect:
    return ocr_codes.CodeSuspect(1, text, conf, 0, 0, 200, 30, why)


def test_two_readings_that_agree_replace_the_first_and_anything_less_never_does():
    stutter = _sus("MTTW-BTTT", 87.0, "repeat")
    assert ocr_codes.decide(stutter, [("MTTW-BTT", 92.0), ("MTTW-BTT", 82.0)]) == ("MTTW-BTT", 92.0)
    # one reading against it: not replaced, but no more trusted
    assert ocr_codes.decide(stutter, [("MTTW-BTT", 92.0), ("MTTW-BITI", 40.0)]) == ("MTTW-BTTT", ocr_codes.MARK_CONF)
    # a real code with three T's read so again: kept as it was
    real = _sus("22/2023/TT-BTTTT", 95.0, "repeat")
    assert ocr_codes.decide(real, [("22/2023/TT-BTTTT", 90.0), ("22/2023/TT-BTTT", 60.0)]) == ("22/2023/TT-BTTTT", 95.0)
    unsure = _sus("39-CV/BCPĐ,", 18.0, "confidence")
    assert ocr_codes.decide(unsure, [("59-CV/BCĐ", 71.0), ("59-CV/BCĐ", 84.0)]) == ("59-CV/BCĐ,", 84.0)
    # a reading with other separators is no reading of the same code
    assert ocr_codes.decide(unsure, [("59/CV/BCĐ", 91.0), ("59/CV/BCĐ", 91.0)])[0] == "39-CV/BCPĐ,"


def test_a_code_read_right_is_confirmed_and_never_distrusted_by_a_less_sure_second_reading():
    right = _sus("215/SNV-CCHC&VTLT", 91.0, "confidence")
    assert ocr_codes.decide(right, [("215/5NV-CCHC&VTLT", 21.8)]) == ("215/SNV-CCHC&VTLT", 91.0)
    assert ocr_codes.decide(right, []) == ("215/SNV-CCHC&VTLT", 91.0)
    assert ocr_codes.decide(_sus("1234/QĐ-UBND", 44.0, "confidence"),
                            [("1234/QĐ-UBND", 95.0), ("1234/QĐ-UBND", 90.0)]) == ("1234/QĐ-UBND", ocr_codes.SUSPECT_CONF)


@needs_ocr
def test_tesseract_reads_a_stuttered_code_again_and_sets_it_right():
    from PIL import Image, ImageDraw, ImageFont

    if not FONT.exists():
        pytest.skip("DejaVu font not installed")
    font = ImageFont.truetype(str(FONT), 30)
    im = Image.new("L", (1100, 90), 255)
    draw = ImageDraw.Draw(im)
    rows = [HEAD]
    x = 20
    for k, w in enumerate("Hướng dẫn số 05/HD-MTTW-BTT ngày 30/7/2025".split(), 1):
        x0, y0, x1, y1 = draw.textbbox((x, 25), w, font=font)
        draw.text((x, 25), w, font=font, fill=0)
        text, conf = ("05/HD-MTTW-BTTT", 87.0) if w.startswith("05/") else (w, 96.0)
        rows.append("\t".join(map(str, [5, 1, 1, 1, 1, k, x0, y0, x1 - x0, y1 - y0, conf, text])))
        x = x1 + 16
    out = ocr_codes.reread("\n".join(rows) + "\n", np.asarray(im), _run)
    assert "05/HD-MTTW-BTT\t" not in "\n".join(rows)
    assert [f.split("\t")[11] for f in out.splitlines()[1:]][3] == "05/HD-MTTW-BTT"


def _run(crops: list[np.ndarray]) -> str:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        return ocr.read_crops(crops, str(Path(tmp) / "c"))
