"""Each cleaning step on its own, and every example of rules/layout.yaml."""
from __future__ import annotations

import re
import unicodedata

import pytest

from extract.core.model import RawLine
from extract.core.rules import layout_patterns, load_yaml
from extract.core.text import nfc, tone_normalize
from extract.ingest import clean

LAYOUT = [(group, rule) for group, rules in load_yaml("layout.yaml").items() for rule in rules]


@pytest.mark.parametrize("group,rule", LAYOUT, ids=[r["id"] for _, r in LAYOUT])
def test_layout_rule_examples(group, rule):
    pat = re.compile(rule["pattern"])
    assert rule["explanation"]
    assert rule["match"] and rule["no_match"], "every rule needs both kinds of example"
    for ex in rule["match"]:
        assert pat.search(ex) if group in ("furniture", "header_search") else pat.match(ex), f"{rule['id']} should match {ex!r}"
    for ex in rule["no_match"]:
        hit = pat.search(ex) if group in ("furniture", "header_search") else pat.match(ex)
        if rule["id"] == "page-number":
            hit = pat.match(ex)
        assert not hit, f"{rule['id']} should not match {ex!r}"


def test_nfc_composes_decomposed_marks_and_unescapes_stamp_entities():
    decomposed = unicodedata.normalize("NFD", "Báo cáo về tình hình")
    assert nfc(decomposed) == "Báo cáo về tình hình"
    assert nfc("2775/SNV-CCHC&amp;VTLT") == "2775/SNV-CCHC&VTLT"


@pytest.mark.parametrize("old,new", [("hoá", "hóa"), ("Hoá", "Hóa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"),
                                     ("hiện đại hoá hành chính", "hiện đại hóa hành chính")])
def test_tone_normalize_moves_tone_to_first_vowel(old, new):
    assert tone_normalize(old) == new
    assert len(tone_normalize(old)) == len(old)


@pytest.mark.parametrize("word", ["quý", "hoàn", "toán", "khuyến", "hóa", "Báo cáo", "CCHC"])
def test_tone_normalize_leaves_other_syllables(word):
    assert tone_normalize(word) == word


def _lines(*texts, page=1):
    return [RawLine(t, page, i + 1) for i, t in enumerate(texts)]


def test_code_broken_after_hyphen_is_rejoined_without_space():
    paras = clean.join_paragraphs(_lines("theo Nghị định số 106/2020/NĐ-", "CP ngày 10/9/2020 của Chính phủ"))
    assert paras[0].text == "theo Nghị định số 106/2020/NĐ-CP ngày 10/9/2020 của Chính phủ"
    paras = clean.join_paragraphs(_lines("Công văn số 23/BNV-", "CCHC ngày 04/01/2022"))
    assert "23/BNV-CCHC" in paras[0].text


def test_wrapped_lines_join_and_list_items_break():
    paras = clean.join_paragraphs(_lines(
        "Đến nay đã thực hiện được 50 nhiệm vụ trong tổng số", "", "55 nhiệm vụ, đạt 90,90 %.",
        "- Gạch đầu dòng thứ nhất;", "2. Mục thứ hai", "BÁO CÁO", "Kết quả thực hiện"))
    texts = [p.text for p in paras]
    assert texts[0] == "Đến nay đã thực hiện được 50 nhiệm vụ trong tổng số 55 nhiệm vụ, đạt 90,90 %."
    assert texts[1:] == ["- Gạch đầu dòng thứ nhất;", "2. Mục thứ hai", "BÁO CÁO", "Kết quả thực hiện"]


def test_blank_line_before_capital_breaks_paragraph():
    paras = clean.join_paragraphs(_lines("tỉnh An Lạc", "", "Thực hiện Công văn số 1/BNV"))
    assert [p.text for p in paras] == ["tỉnh An Lạc", "Thực hiện Công văn số 1/BNV"]


def test_superscript_marker_is_cut_and_anchored():
    ln = RawLine("văn bản QPPL4 đã ban hành", 1, 3, superscripts=[(12, 13)])
    text, anchors = clean.strip_markers(ln)
    assert text == "văn bản QPPL đã ban hành"
    assert anchors == [(12, "4")]


def test_paragraph_pieces_map_back_to_source_lines():
    paras = clean.join_paragraphs(_lines("dòng một của", "đoạn văn"))
    text, segments, _ = clean.assemble(paras)
    assert text == "dòng một của đoạn văn"
    assert [(s.start, s.end, s.line) for s in segments] == [(0, 13, 1), (13, 21, 2)]


def test_furniture_is_removed_but_kept():
    lines = [RawLine("Nội dung trang một", 1, 1), RawLine("kết thúc trang.", 1, 2),
             RawLine("2", 2, 1), RawLine("Nội dung trang hai", 2, 2),
             RawLine("http://example.gov.vn/a?id=1", 2, 3),
             RawLine("ỦY BAN NHÂN DÂN TỈNH AN LẠC<x@example.vn> đã ký lên văn bản này!", 2, 4)]
    keep, removed = clean.remove_furniture(lines)
    assert [ln.text for ln in keep] == ["Nội dung trang một", "kết thúc trang.", "Nội dung trang hai"]
    assert sorted(r.kind for r in removed) == ["page-number", "signature-stamp", "url"]


def test_running_header_removed_on_later_pages():
    lines = []
    for page in (1, 2, 3):
        if page > 1:
            lines.append(RawLine(f"Báo cáo kết quả năm 2025 - trang {page}", page, 1))
        lines.append(RawLine(f"Nội dung riêng của trang {page} khác nhau hoàn toàn {'x' * page}", page, 2))
    keep, removed = clean.remove_furniture(lines)
    assert [r.kind for r in removed] == ["running-header", "running-header"]
    assert len(keep) == 3


def test_a_running_head_of_several_lines_leaves_the_body_whole():
    """A running head of two lines (the body's name, then the title with the page's printed
    number), a table's last row at the page bottom a cell a line: the head goes, every
    cell stays (two bare numbers at a page's bottom are no one page number)."""
    lines = []
    for page in (1, 2, 3):
        lines.append(RawLine("BỆNH VIỆN ĐA KHOA KHU VỰC", page, 1))
        lines.append(RawLine(f"Đề án nâng cấp giai đoạn 2026 - 2030 {page + 40}", page, 2))
        lines.append(RawLine(f"{page} Khoa {('Nội', 'Ngoại', 'Nhi')[page - 1]}", page, 3))
        lines.extend(RawLine(v, page, 4 + k) for k, v in enumerate(("12", str(10 + 3 * page))))
    keep, removed = clean.remove_furniture(lines)
    assert [(r.kind, r.page) for r in removed] == [("running-header", p) for p in (2, 2, 3, 3)]
    assert [ln.text for ln in keep if ln.page == 2] == ["2 Khoa Ngoại", "12", "16"]
    # a table's header repeated under the first line stands lower on the first page: kept
    lines = [RawLine("Phụ lục kế hoạch", 1, 1), RawLine("STT Nhiệm vụ", 1, 2), RawLine("Thời hạn", 1, 3)]
    for page in (2, 3):
        lines += [RawLine("STT Nhiệm vụ", page, 1), RawLine("Thời hạn", page, 2), RawLine(f"Việc {page}", page, 3)]
    keep, removed = clean.remove_furniture(lines)
    assert [r.text for r in removed] == ["STT Nhiệm vụ", "STT Nhiệm vụ"]


def test_a_page_number_under_a_table_cell_at_the_page_bottom():
    """The last two lines both bare numbers: the one that goes up with the pages is the
    page's number, the other a cell of the table above it."""
    lines = []
    for page in (1, 2, 3):
        lines.append(RawLine(f"Nội dung riêng của trang {page} {'x' * page}", page, 1))
        lines.append(RawLine(f"Bảng số liệu của trang {page} {'y' * page}", page, 2))
        lines.append(RawLine(str(300 + 7 * page), page, 3))
        lines.append(RawLine(str(page + 4), page, 4))
    keep, removed = clean.remove_furniture(lines)
    assert [(r.kind, r.text) for r in removed] == [("page-number", str(p + 4)) for p in (1, 2, 3)]
    assert [ln.text for ln in keep if ln.page == 2][-1] == "314"


def test_layout_patterns_compile_once():
    assert layout_patterns() is layout_patterns()


def test_a_footnote_number_set_on_a_line_of_its_own_starts_its_note():
    """LibreOffice (and some signed Word PDFs) set the note's number as a raised
    superscript that the reader takes for a line apart from the note's text."""
    body = [RawLine(f"Dòng thân văn bản thứ {i} của trang.", 1, i, x0=85, top=700 - 20 * i, size=14)
            for i in range(1, 12)]
    foot = [RawLine("1", 1, 12, x0=85, top=120, size=6),
            RawLine("Kế hoạch số 28-KH/TU ngày 16/01/2026 của Tỉnh ủy;", 1, 13, x0=92, top=119, size=10),
            RawLine("tiếp theo của chú thích.", 1, 14, x0=85, top=107, size=10),
            RawLine("2", 1, 15, x0=85, top=95, size=6),
            RawLine("Công văn số 946/SKHCN-VP.", 1, 16, x0=92, top=94, size=10)]
    keep, notes = clean.split_footnotes(body + foot)
    assert [(n.id, n.text, n.line) for n in notes] == [
        ("1", "Kế hoạch số 28-KH/TU ngày 16/01/2026 của Tỉnh ủy; tiếp theo của chú thích.", 13),
        ("2", "Công văn số 946/SKHCN-VP.", 16)]
    assert keep == body
    # a lone small number at the foot of a page with no note after it (a page number) stays
    keep, notes = clean.split_footnotes(body + [RawLine("3", 1, 12, x0=300, top=40, size=9)])
    assert notes == [] and keep[-1].text == "3"


def _two_pages(foot2: list[RawLine]) -> list[RawLine]:
    lines = []
    for page in (1, 2):
        lines += [RawLine(f"Trang {page}, dòng thân văn bản thứ {i}.", page, i, x0=85, top=700 - 20 * i, size=14)
                  for i in range(1, 12)]
        if page == 1:
            lines += [RawLine("5 Danh sách 12 nhiệm vụ: (1) Số hóa hồ sơ; (2) Cấp phiếu trực tuyến;", 1, 12,
                              x0=85, top=100, size=10),
                      RawLine("(3) Chi trả không dùng tiền mặt;", 1, 13, x0=85, top=88, size=10)]
        else:
            lines += foot2
    return lines


def test_a_footnote_run_on_to_the_next_page_stays_one_note():
    """Word runs a long note on at the foot of the next page, without its number."""
    rest = [RawLine("(4) Thu phí tại bãi đỗ xe; (5) Học bạ số.", 2, 12, x0=85, top=100, size=10)]
    keep, notes = clean.split_footnotes(_two_pages(rest))
    assert [(n.id, n.page) for n in notes] == [("5", 1)]
    assert notes[0].text.endswith("(3) Chi trả không dùng tiền mặt; (4) Thu phí tại bãi đỗ xe; (5) Học bạ số.")
    assert all(ln.size == 14 for ln in keep)


@pytest.mark.parametrize("foot", [
    [RawLine("Nơi nhận:", 2, 12, x0=85, top=100, size=10), RawLine("- Lưu: VT.", 2, 13, x0=85, top=88, size=10)],
    [RawLine("Ghi chú: số liệu tạm tính.", 2, 12, x0=85, top=100, size=11)],
])
def test_small_print_that_is_not_the_note_going_on_is_left_alone(foot):
    """The recipients' list, or small print in another size than the note's, does not
    join the previous page's note."""
    keep, notes = clean.split_footnotes(_two_pages(foot))
    assert [n.text.endswith("(3) Chi trả không dùng tiền mặt;") for n in notes] == [True]
    assert [ln.text for ln in keep[-len(foot):]] == [ln.text for ln in foot]


@pytest.mark.real
def test_signed_pdf_footnote_with_its_number_apart_is_a_note():
    from extract import read

    from .conftest import shared_file

    doc = read(shared_file("lamdong/bc-181-snv-2025-mo-hinh-thi-diem.pdf"))
    note = next(n for n in doc.footnotes if n.id == "3")
    assert note.text.startswith("thủ tục Đăng ký thành lập hộ kinh doanh") and note.page == 6
    assert "Đăng ký thành lập hộ kinh doanh, Đăng ký thay đổi" not in doc.text
