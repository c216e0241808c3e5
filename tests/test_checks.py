"""The rule engine: every example in rules/checks runs here, plus the seed report's
findings and the arithmetic of intervals."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from extract.checks import check_document, check_text
from extract.checks.engine import implemented, interval, load_rules
from extract.find import extract_figures_text

RULES = load_rules()
SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seed"


def _cases():
    for rid, rule in sorted(RULES.items()):
        for i, ex in enumerate(rule.failing):
            yield pytest.param(rid, ex, True, id=f"{rid}-fail{i}")
        for i, ex in enumerate(rule.passing):
            yield pytest.param(rid, ex, False, id=f"{rid}-pass{i}")


def _run(rid: str, ex: dict):
    if "table" in ex:
        from tests.table_docs import docx_with_table  # built on demand: python-docx is a test extra

        doc = docx_with_table(ex["table"])
        return [f for f in check_document(doc, select=[rid]).findings if f.rule == rid]
    if "sheet" in ex:
        from tests.table_docs import xlsx_with_sheet

        doc = xlsx_with_sheet(ex["sheet"])
        return [f for f in check_document(doc, select=[rid]).findings if f.rule == rid]
    period = tuple(ex["period"]) if ex.get("period") else None
    report = check_text(ex["text"], doc_date=ex.get("doc_date"), period=period, select=[rid])
    return [f for f in report.findings if f.rule == rid]


def test_rule_files_complete():
    assert set(RULES) == implemented(), "every rule file has a function and every function a file"
    for rid, r in RULES.items():
        assert r.severity in ("error", "warning", "note"), rid
        for text in (r.title, r.title_vi, r.explanation_vi, r.explanation_en, r.message_en):
            assert text and text.strip(), rid
        if not rid.startswith("REF"):
            assert r.message_vi, rid
        assert r.failing and r.passing, f"{rid} needs a failing and a passing example"


@pytest.mark.parametrize("rid,ex,failing", list(_cases()))
def test_rule_example(rid, ex, failing):
    found = _run(rid, ex)
    if not failing:
        assert not found, [f.message for f in found]
        return
    assert found, f"{rid} did not fire on: {ex.get('text') or ex.get('table') or ex.get('sheet')}"
    f = found[0]
    assert f.severity == ex.get("severity", RULES[rid].severity)
    assert f.message and f.message_en and f.start is not None and f.end is not None
    if "stated" in ex:
        assert f.stated == ex["stated"]
    if "computed" in ex:
        assert ex["computed"] in (f.computed or "")


def test_interval_semantics():
    money, count, pct = extract_figures_text("ước đạt 16.424 tỷ đồng; có 352 biểu mẫu; đạt 90,90 %")
    assert interval(money) == interval(money)  # frozen, comparable
    assert (interval(money).lo, interval(money).hi) == (Decimal("16423.5"), Decimal("16424.5"))
    assert interval(count).exact and interval(count).lo == 352
    assert (interval(pct).lo, interval(pct).hi) == (Decimal("90.895"), Decimal("90.905"))
    # triệu into tỷ: 2.500 triệu đồng is 2,5 tỷ đồng ± 0,0005
    (m,) = extract_figures_text("kinh phí 2.500 triệu đồng")
    iv = interval(m, scale_to=9)
    assert iv.lo == Decimal("2.4995") and iv.hi == Decimal("2.5005")


def test_rounded_money_sum_within_tolerance_is_clean():
    # 6.182,582 + 13.634,49 = 19.817,072 against 19.817,068: within ±0,005 + ±0,0005 + ±0,0005? no —
    # the difference 0,004 lies inside the summed half-units (0,0005 + 0,005 + 0,0005)
    r = check_text("Tổng chi ước đạt 19.817,068 tỷ đồng, trong đó: chi đầu tư 6.182,582 tỷ đồng; "
                   "chi thường xuyên 13.634,49 tỷ đồng.", select=["NUM"])
    assert not r.findings
    r = check_text("Tổng chi ước đạt 19.817,068 tỷ đồng, trong đó: chi đầu tư 6.182,582 tỷ đồng; "
                   "chi thường xuyên 13.644,49 tỷ đồng.", select=["NUM"])
    assert [f.rule for f in r.findings] == ["NUM001"]
    assert r.findings[0].tolerance.startswith("±")


def test_select_and_ignore_by_prefix():
    text = "Tổng số 424 biểu mẫu, trong đó: giữ nguyên 362; sửa đổi 72. Hội nghị ngày 30/02/2022."
    assert {f.rule for f in check_text(text).findings} == {"NUM001", "DAT003"}
    assert {f.rule for f in check_text(text, select=["DAT"]).findings} == {"DAT003"}
    assert check_text(text, select=["REF"]).findings == []


def test_coverage_counts():
    r = check_text("Tổng số 424 biểu mẫu, trong đó: giữ nguyên 352; sửa đổi 72. Thu ngân sách đạt 130% so với dự toán.")
    assert r.statements_found >= 2 and r.statements_checked == 1 and not r.findings


@pytest.mark.skipif(not SEED.is_dir(), reason="../shared/corpus absent")
def test_seed_findings():
    from extract import read

    (path,) = sorted(SEED.iterdir())
    doc = read(path)
    report = check_document(doc)
    got = {(f.rule, f.stated, f.computed) for f in report.findings}
    assert ("NUM003", "12 - 14", "13 - 15") in got
    assert ("NUM006", "90,90 %", "50/55 = 90,9091 %") in got
    assert not [f for f in report.findings if f.severity == "error" and f.rule != "NUM003"], report.findings
    # each finding shows where every figure it rests on is
    rng = next(f for f in report.findings if f.rule == "NUM003")
    assert len(rng.involved) == 6 and doc.locate(rng.start)[1] == 355
    # the consistent statements of the figures issue are checked and clean
    assert report.statements_checked >= 12


def test_rules_page_is_generated_from_the_rule_files():
    from extract.report.rulesdoc import render

    page = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
    assert page.read_text(encoding="utf-8") == render(), "run `python -m extract.report.rulesdoc` to regenerate docs/rules.md"
    for rid in RULES:
        assert f"### {rid} — " in render()


def test_project_corpus_planted_inconsistencies_and_nothing_else():
    """scripts/make_corpus.py plants two inconsistent sums; every other statement of the
    synthetic documents is consistent and must stay unflagged."""
    from extract import read

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    got = {}
    checked = 0
    for p in sorted(corpus.iterdir()):
        if p.suffix in (".pdf", ".docx", ".txt"):
            report = check_document(read(p))
            checked += report.statements_checked
            got.update({(p.name, f.rule): (f.stated, f.computed) for f in report.findings if f.severity == "error"})
    assert got == {("bc-231-ubnd-anlac-cchc-2025.pdf", "NUM001"): ("12", "8 + 5 = 13"),
                   ("bc-stp-binhson-tthc.docx", "NUM001"): ("36", "20 + 17 = 37")}
    assert checked >= 12


def test_a_finding_on_an_unplaced_cell_stands_at_its_first_placed_figure():
    """A table total whose own cell the reader could not place (offset -1) is shown at the
    first of its figures that was placed; spans at -1 are dropped; none placed: None."""
    from extract.checks.run import _place_unplaced
    from extract.core.model import Finding

    a = Finding("TAB001", "error", "m", start=-1, end=-1, involved=[("whole", -1, -1), ("part", 30, 31), ("part", 12, 14)])
    b = Finding("TAB001", "error", "m", start=-1, end=-1, involved=[("whole", -1, -1)])
    c = Finding("TAB001", "error", "m", start=5, end=9, involved=[("whole", 5, 9), ("part", -1, -1)])
    _place_unplaced([a, b, c])
    assert (a.start, a.end, len(a.involved)) == (12, 14, 2)
    assert (b.start, b.end, b.involved) == (None, None, [])
    assert (c.start, c.end, c.involved) == (5, 9, [("whole", 5, 9)])


def test_same_total_twice_names_both_places():
    """NUM011 points at both figures and says where each one is."""
    middle = ("Các trạm được đầu tư nâng cấp cơ sở vật chất, bổ sung trang thiết bị khám chữa bệnh thiết yếu "
              "và kiện toàn đội ngũ nhân viên y tế theo kế hoạch của ngành trong năm; công tác khám chữa bệnh "
              "ban đầu cho nhân dân được duy trì ổn định.\n")
    text = "Tổng số trạm y tế hiện có là 146 trạm.\n" + middle + "\nPhụ lục: Tổng số trạm y tế: 164 trạm."
    (f,) = check_text(text, select=["NUM011"]).findings
    assert f.severity == "warning" and len(f.involved) == 2
    assert "146" in f.message and "164" in f.message and "dòng 1" in f.message and "dòng 4" in f.message
    assert f.reading and f.reading_en and "Tổng số trạm y tế" in f.reading
    # the same total with the same value, or under another level, is no finding
    assert not check_text(text.replace("164", "146"), select=["NUM011"]).findings
    assert not check_text(text.replace("Phụ lục:", "- Cấp xã:"), select=["NUM011"]).findings


def test_distribution_shares_follow_their_counts():
    """A share beside each count of a distribution is checked against count/base; the sum of the
    counts against the base (NUM009) is a separate claim."""
    r = check_text("Xếp loại: Tốt 9/64 (14,2%), Khá 50/64 (78,1%), Trung bình 5/64 (7,8%).")
    assert [(f.rule, f.severity, f.stated) for f in r.findings] == [("NUM005", "error", "14,2 %")]
    r = check_text("Xếp loại: Tốt 9/64 (14,1%), Khá 50/64 (78,1%), Trung bình 6/64 (9,4%).")
    assert [(f.rule, f.severity) for f in r.findings] == [("NUM009", "error")]
