"""Tests for legacy Vietnamese encodings (TCVN3/ABC, VNI): tables, detection, conversion.

All example strings are written here; the real-corpus test reads the shared corpus
in place and is skipped when it is not checked out next to the project.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from extract.ingest.legacy import (
    convert_if_legacy,
    detect,
    detect_scores,
    is_vietnamese_syllable,
    load_table,
    rules_dir,
    to_unicode,
)
from extract.ingest.textscore import pdf_text, rtf_text, syllable_accuracy

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
LEGACY = CORPUS / "legacy"
needs_corpus = pytest.mark.skipif(not LEGACY.is_dir(), reason="shared corpus not present")


# ------------------------------------------------------------------ tables

def test_rules_dir_has_both_tables() -> None:
    for name in ("tcvn3", "vni"):
        assert (rules_dir() / "encodings" / f"{name}.tsv").is_file()


def test_tables_name_their_source() -> None:
    for name, source in (("tcvn3", "TCVN 5712:1993"), ("vni", "VNI")):
        head = (rules_dir() / "encodings" / f"{name}.tsv").read_text(encoding="utf-8")[:400]
        assert head.startswith("#") and source in head


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_every_row_converts_to_its_letter(encoding: str) -> None:
    rows = load_table(encoding)
    assert rows
    for legacy, uni in rows:
        assert to_unicode(legacy, encoding) == uni, (legacy, uni)
        assert unicodedata.is_normalized("NFC", uni)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_round_trip_through_inverse_table(encoding: str) -> None:
    """Encode a sentence with the inverse table, convert back, get it unchanged."""
    inverse: dict[str, str] = {}
    for legacy, uni in load_table(encoding):
        inverse.setdefault(uni, legacy)  # first row wins (TCVN3 pdf aliases come last)
    sentence = "ngày mười lăm tháng tư, ủy ban nhân dân tỉnh đã họp về kế hoạch năm tới"
    if encoding == "vni":
        sentence += " CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM, Độc lập"
    encoded = "".join(inverse.get(ch, ch) for ch in sentence)
    assert encoded != sentence
    assert to_unicode(encoded, encoding) == sentence


def test_vni_covers_all_vietnamese_letters() -> None:
    letters = {uni for _, uni in load_table("vni")}
    assert len(letters) == 134  # 67 lowercase + 67 uppercase non-ASCII letters


def test_tcvn3_covers_all_lowercase_letters() -> None:
    letters = {uni for _, uni in load_table("tcvn3")}
    lower = {c for c in {uni for _, uni in load_table("vni")} if c.islower()}
    assert lower <= letters


# -------------------------------------------------------------- conversion

def test_tcvn3_brief_example() -> None:
    assert to_unicode("B¸o c¸o vÒ t×nh h×nh", "tcvn3") == "Báo cáo về tình hình"


def test_tcvn3_examples() -> None:
    assert to_unicode("Uû ban nh©n d©n tØnh", "tcvn3") == "Uỷ ban nhân dân tỉnh"
    assert to_unicode("§iÒu 5. Tr¸ch nhiÖm", "tcvn3") == "Điều 5. Trách nhiệm"
    assert to_unicode("ng\u00adêi d©n", "tcvn3") == "người dân"  # soft hyphen = ư


def test_tcvn3_pdf_glyph_aliases() -> None:
    # PDF producers name byte AD "minus" and B7 "bulletoperator"
    assert to_unicode("n\u2212íc", "tcvn3") == "nước"
    assert to_unicode("x\u2219 héi", "tcvn3") == "xã hội"


def test_tcvn3_case_from_h_font_words() -> None:
    # lowercase codes inside an all-caps word were drawn by a ".VnTimeH" font
    assert to_unicode("QUYÕT §ÞNH", "tcvn3") == "QUYẾT ĐỊNH"
    # a single capital cannot tell: sentence case is kept
    assert to_unicode("Bé tµi chÝnh", "tcvn3") == "Bộ tài chính"
    # lowercase H-font text stays lowercase: the code carries no case
    assert to_unicode("céng hoµ", "tcvn3") == "cộng hoà"


def test_tcvn3_capitalised_word_between_h_font_capitals() -> None:
    # "Vµ" between two words typed in the capitals font was set in that font too
    assert to_unicode("I. MôC §ÝCH Vµ Y£U CÇU HÖ THèNG", "tcvn3") == "I. MỤC ĐÍCH VÀ YÊU CẦU HỆ THỐNG"
    # ASCII acronyms around it are no evidence; nor is capitals on one side only
    assert to_unicode("V¨n phßng UBND, Bé KH-§T", "tcvn3") == "Văn phòng UBND, Bộ KH-ĐT"
    assert to_unicode("QUYÕT §ÞNH VÒ viÖc", "tcvn3") == "QUYẾT ĐỊNH Về việc"
    # lines are judged apart
    assert to_unicode("Y£U CÇU\nVµ viÖc", "tcvn3") == "YÊU CẦU\nVà việc"


def test_vni_examples() -> None:
    assert to_unicode("Baùo caùo", "vni") == "Báo cáo"
    assert to_unicode("Ngöôøi daân ñòa phöông", "vni") == "Người dân địa phương"
    assert to_unicode("keá hoaïch naêm", "vni") == "kế hoạch năm"
    assert to_unicode("BAÙO CAÙO TÌNH HÌNH", "vni") == "BÁO CÁO TÌNH HÌNH"
    assert to_unicode("COÄNG HOAØ, ÑOÀNG NAI, NGHÓA", "vni") == "CỘNG HOÀ, ĐỒNG NAI, NGHĨA"
    assert to_unicode("thöïc hieän kyø tôùi", "vni") == "thực hiện kỳ tới"


def test_output_is_nfc() -> None:
    out = to_unicode("hoaït ñoäng", "vni")
    assert out == "hoạt động" and unicodedata.is_normalized("NFC", out)


def test_ascii_passes_through() -> None:
    s = "Report 2024: 15/CP, ID-42 (ok)"
    assert to_unicode(s, "tcvn3") == s
    assert to_unicode(s, "vni") == s


def test_unknown_encoding() -> None:
    with pytest.raises(ValueError):
        to_unicode("x", "viscii")
    assert to_unicode("B¸o", "ABC") == "Báo"


# --------------------------------------------------------------- detection

UNICODE_VI = [
    "Báo cáo về tình hình thực hiện kế hoạch năm 2022",
    "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
    "Hoà Bình",
    "quân đội, quê hương, yên tĩnh, hoà thuận, toàn quốc, khoá học",
    "Uỷ ban nhân dân tỉnh Lâm Đồng",
    "Cà Mau",
    "Sở Tài chính; Văn phòng UBND tỉnh; Lưu: VT.",
]
ENGLISH_ETC = [
    "The quick brown fox jumps over the lazy dog.",
    "Annual report on administrative reform, 2022 (draft)",
    "café naïve façade résumé Zürich Müller Smörgåsbord über Ñandú São Paulo",
    "© 2024 Example Ltd. «Quoted» § 4 ¶ 2 — 25°C ± 2",
    "",
    "12/2001/QĐ-BTC",
    "Grüße aus Köln, señor Muñoz, Ærø, Øresund",
]


@pytest.mark.parametrize("text", UNICODE_VI + ENGLISH_ETC)
def test_detect_negatives(text: str) -> None:
    assert detect(text) is None, detect_scores(text)
    assert convert_if_legacy(text) == (text, None)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("B¸o c¸o vÒ t×nh h×nh", "tcvn3"),
        ("c¸c", "tcvn3"),
        ("Uû ban nh©n d©n", "tcvn3"),
        ("QUYÕT §ÞNH", "tcvn3"),
        ("Baùo caùo", "vni"),
        ("Ngöôøi daân", "vni"),
        ("COÄNG HOAØ", "vni"),
    ],
)
def test_detect_positives(text: str, expected: str) -> None:
    assert detect(text) == expected, detect_scores(text)


def test_detect_mostly_unicode_with_stray_legacy_token() -> None:
    text = " ".join(UNICODE_VI) + " B¸o"
    assert detect(text) is None


def test_convert_if_legacy() -> None:
    assert convert_if_legacy("B¸o c¸o vÒ t×nh h×nh") == ("Báo cáo về tình hình", "tcvn3")
    assert convert_if_legacy("Baùo caùo tình hình") == ("Báo cáo tình hình", "vni")


def test_syllable_checker() -> None:
    for ok in ("nghiêng", "người", "quyết", "khuỷu", "gì", "ở", "đường"):
        assert is_vietnamese_syllable(ok), ok
    for bad in ("müller", "quûn", "baựo", "cafộ", "ẹu", "hoáà"):
        assert not is_vietnamese_syllable(bad), bad


# ----------------------------------------------------------------- scoring

def test_syllable_accuracy() -> None:
    truth = "Báo cáo  về\ntình hình"
    assert syllable_accuracy(truth, truth) == 1.0
    assert syllable_accuracy("Bao cao ve tinh hinh", truth) == 0.0
    assert syllable_accuracy("Báo cáo về tình hinh", truth) == pytest.approx(0.8)
    decomposed = unicodedata.normalize("NFD", truth)
    assert syllable_accuracy(decomposed, truth) == 1.0
    assert syllable_accuracy("", "") == 1.0


def test_rtf_reader_small() -> None:
    rtf = (rb"{\rtf1\ansi{\fonttbl{\f0 .VnTime;}{\f1\fcharset2 Symbol;}}"
           rb"{\info{\title x}}\f0 B\'b8o c\'b8o\par{\f1 \'b7}\tab v\'d2 \u8220?x\cell}")
    text = rtf_text(rtf)
    assert "B¸o c¸o\n" in text and "•" in text and "\u201cx|" in text and "title" not in text
    assert to_unicode(text, "tcvn3").startswith("Báo cáo\n")


# ------------------------------------------------------------ real corpus

def _tcvn3_pdfs() -> list[Path]:
    if not LEGACY.is_dir():
        return []
    return sorted((LEGACY / "tcvn3").glob("*.pdf"))


@needs_corpus
def test_corpus_has_tcvn3_pdfs() -> None:
    assert _tcvn3_pdfs()


@needs_corpus
@pytest.mark.parametrize("pdf", _tcvn3_pdfs(), ids=lambda p: p.stem)
def test_tcvn3_pdf_syllable_accuracy(pdf: Path) -> None:
    truth_path = LEGACY / "ground-truth" / f"{pdf.stem}.txt"
    if not truth_path.exists():
        pytest.skip("no transcript")
    pred, enc = convert_if_legacy(pdf_text(pdf))
    assert enc == "tcvn3"
    assert syllable_accuracy(pred, truth_path.read_text(encoding="utf-8")) >= 0.99


@needs_corpus
def test_ground_truth_is_not_detected_as_legacy() -> None:
    """Unicode transcripts are real Vietnamese: a strong negative for detect()."""
    for path in sorted((LEGACY / "ground-truth").glob("*.txt")):
        assert detect(path.read_text(encoding="utf-8")) is None, path.name


def test_tied_votes_of_a_mixed_file_line_go_to_the_table_that_reads_more_words() -> None:
    """A VNI table cell of a TCVN3+VNI .doc: "heä", "thoáng" read as well-formed (if
    meaningless) TCVN3 "heọ", "thoỏng", so the strong votes tie 2-2; under VNI all four
    words are Vietnamese, under TCVN3 two.  It used to go to TCVN3."""
    from extract.core.model import RawLine
    from extract.ingest.legacy import better_reading
    from extract.ingest.reader import _mixed_legacy

    cell = "Phaàn meàm heä thoáng"
    s = detect_scores(cell)
    assert s["tcvn3"] == s["vni"] > 0
    assert better_reading(cell) == "vni"
    assert better_reading("Tæng kÕt, nghiÖm thu") == "tcvn3"
    assert better_reading("ABC 123") is None
    lines = [RawLine(t, None, i + 1) for i, t in enumerate(
        ["B¸o c¸o vÒ t×nh h×nh thùc hiÖn kÕ ho¹ch"] * 6 + ["Baùo caùo tình hình thöïc hieän keá hoaïch"] * 6
        + ["Tæng kÕt, nghiÖm thu", cell])]
    assert _mixed_legacy(lines) == "tcvn3+vni"
    assert [ln.text for ln in lines[-2:]] == ["Tổng kết, nghiệm thu", "Phần mềm hệ thống"]
