"""Dates and periods (extract/dates.py): every example in rules/dates.yaml, round trips of
every written form, the seed report, the project corpus gold and the real-document gold."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.core.model import DateMention
from extract.evaluate.dates import evaluate_dates, run
from extract.find.dates import extract_dates, report_period
from extract.report.frames import dates_frame

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
RULES = yaml.safe_load((ROOT / "rules" / "dates.yaml").read_text(encoding="utf-8"))


# ------------------------------------------------------------------ rules/dates.yaml examples

def _cases():
    groups = [(p["id"], p.get("examples", []), p.get("counterexamples", [])) for p in RULES["patterns"]]
    groups.append(("ranges", RULES["ranges"]["examples"], RULES["ranges"]["counterexamples"]))
    for pid, examples, counters in groups:
        for i, ex in enumerate(examples):
            yield pytest.param(pid, ex, True, id=f"{pid}-ex{i}")
        for i, ex in enumerate(counters):
            yield pytest.param(pid, ex, False, id=f"{pid}-counter{i}")


def test_every_pattern_is_explained_and_has_an_example():
    for p in RULES["patterns"]:
        assert p.get("explanation") and p.get("examples"), p["id"]
        assert p["kind"] in ("date", "month", "quarter", "half", "months", "year", "period", "term"), p["id"]


@pytest.mark.parametrize("pid,ex,positive", list(_cases()))
def test_rule_example(pid, ex, positive):
    found = extract_dates(ex["text"], default_year=ex.get("default_year"))
    quote = ex.get("mention", ex["text"])
    if not positive:
        if "mention" in ex:
            assert not [m for m in found if m.text == quote], found
        else:
            assert not found, found
        return
    hit = [m for m in found if m.text == quote]
    assert hit, (quote, [m.text for m in found])
    m = hit[0]
    assert (m.start_date, m.end_date) == (ex["start_date"], ex["end_date"]), m
    for field in ("kind", "qualifier", "valid"):
        if field in ex:
            assert getattr(m, field) == ex[field], (field, m)
    assert ex["text"][m.start:m.end] == m.text
    if not m.valid:
        assert m.note, m


# ------------------------------------------------------------------ behaviour


def test_reference_key_year_is_not_a_date_but_its_issue_date_is():
    text = "Nghị định số 107/2020/NĐ-CP ngày 10/9/2020 của Chính phủ; hoàn thành 144/147, đạt 87.38/100 điểm"
    found = extract_dates(text)
    assert [(m.text, m.start_date) for m in found] == [("10/9/2020", "2020-09-10")]


def test_year_less_mentions_take_context_years():
    text = ("Tháng 1 năm 2022 chuyên đề A; tháng 3 “chỉ số CCHC năm 2021”; tháng 4 chuyên đề B.\n"
            "Trong quý III đã kiểm tra.")
    by = {m.text: m for m in extract_dates(text, default_year=2023)}
    assert by["tháng 3"].start_date == "2022-03-01"
    assert by["tháng 4"].start_date == "2022-04-01"  # a year named in passing does not re-anchor
    assert by["quý III"].start_date == "2023-07-01" and by["quý III"].year_from == "default"


def test_cited_issue_date_does_not_anchor_the_report_year():
    text = "Thực hiện Quyết định số 1149/QĐ-BNV ngày 30/12/2020 của Bộ Nội vụ, trong tháng 10 đã kiểm tra."
    by = {m.text: m for m in extract_dates(text, default_year=2022)}
    assert by["tháng 10"].start_date == "2022-10-01"


def test_range_crossing_a_new_year():
    found = {m.text: m for m in extract_dates("từ ngày 15/12 đến ngày 15/01/2026")}
    assert found["15/12"].start_date == "2025-12-15"
    assert found["từ ngày 15/12 đến ngày 15/01/2026"].end_date == "2026-01-15"


def test_unknown_year_is_said():
    (m,) = extract_dates("trong tháng 02")
    assert m.start_date is None and m.note == "year unknown" and m.valid


def test_report_period_from_titles():
    assert report_period("Kết quả CCHC năm 2022 và nhiệm vụ trọng tâm năm 2023") == ("2022-01-01", "2022-12-31")
    assert report_period("Công tác CCHC quý I năm 2026 và phương hướng quý II năm 2026") == ("2026-01-01", "2026-03-31")
    assert report_period("Kết quả thực hiện Đề án 06 chín tháng đầu năm 2025") == ("2025-01-01", "2025-09-30")
    assert report_period("6 tháng đầu năm 2025") == ("2025-01-01", "2025-06-30")
    assert report_period("Tình hình thực hiện tháng 10 năm 2025") == ("2025-10-01", "2025-10-31")
    assert report_period("Kế hoạch CCHC giai đoạn 2021-2025") == ("2021-01-01", "2025-12-31")
    assert report_period("Tổng kết Quyết định số 787/QĐ-UBND ngày 21/8/2025 của Chủ tịch") is None
    assert report_period("Chương trình phòng, chống ma túy đến năm 2030") is None
    assert report_period("Về việc tăng cường kỷ luật") is None


def test_report_period_year_less_quarter_uses_own_date():
    from extract.core.model import Document, Header

    doc = Document(path="x", kind="text", text="", search_text="", segments=[], pages=None, sha256="",
                   header=Header(title="Báo cáo công tác quý IV", date="2026-01-10"))
    assert report_period(doc) == ("2025-10-01", "2025-12-31")


# ------------------------------------------------------------------ round trips (hypothesis)

def _forms(d: dt.date) -> list[str]:
    dd, mm, y = d.day, d.month, d.year
    return [
        f"ngày {dd} tháng {mm} năm {y}", f"ngày {dd:02d} tháng {mm:02d} năm {y}",
        f"{dd}/{mm}/{y}", f"{dd:02d}/{mm:02d}/{y}", f"{dd} /{mm}/{y}",
        f"{dd}-{mm}-{y}", f"{dd:02d}-{mm:02d}-{y}", f"{dd:02d}.{mm:02d}.{y}",
    ]


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
       st.sampled_from(["", "Báo cáo ", "ban hành ngày ", "Công văn số 581/BNV-CCHC ngày "]),
       st.sampled_from(["", " của Bộ Nội vụ", ".", "; "]))
def test_every_written_day_parses_back(d, before, after):
    for form in _forms(d):
        text = before + form + after
        found = [m for m in extract_dates(text) if m.kind == "date"]
        assert len(found) == 1, (text, found)
        assert found[0].start_date == found[0].end_date == d.isoformat(), (text, found[0])
        assert found[0].valid


@settings(max_examples=100, deadline=None)
@given(st.integers(1900, 2099), st.integers(1, 12), st.integers(1, 4))
def test_months_quarters_years_parse_back(y, m, q):
    last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()
    for form in (f"tháng {m} năm {y}", f"tháng {m:02d}/{y}", f"tháng {m}/{y}"):
        (hit,) = extract_dates(form)
        assert (hit.kind, hit.start_date, hit.end_date) == ("month", f"{y}-{m:02d}-01", last), form
    qlast = (dt.date(y + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()
    for form in (f"quý {['I', 'II', 'III', 'IV'][q - 1]} năm {y}", f"quý {q}/{y}"):
        (hit,) = extract_dates(form)
        assert (hit.kind, hit.start_date, hit.end_date) == ("quarter", f"{y}-{3 * q - 2:02d}-01", qlast), form
    (hit,) = extract_dates(f"năm {y}")
    assert (hit.start_date, hit.end_date) == (f"{y}-01-01", f"{y}-12-31")


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789/-.,: ngàytháqunmđoểkỳIV\n", max_size=60))
def test_never_crashes_and_spans_are_sane(text):
    for m in extract_dates(text):
        assert isinstance(m, DateMention)
        assert 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.text
        assert m.kind in ("date", "month", "quarter", "half", "year", "period", "term")
        if m.start_date and m.end_date and m.valid:
            assert m.start_date <= m.end_date


# ------------------------------------------------------------------ the seed report

SEED = SHARED / "seed" / "000_5f89cc50c2f18dcc.txt"


@pytest.mark.real
def test_seed_report():
    if not SHARED.is_dir() or not SEED.exists():
        pytest.skip("../shared/corpus is absent")
    import extract

    doc = extract.read(SEED)
    assert report_period(doc) == ("2022-01-01", "2022-12-31")
    found = extract_dates(doc)
    by_text: dict[str, list[DateMention]] = {}
    for m in found:
        by_text.setdefault(m.text, []).append(m)
    assert by_text["21/02/2022"][0].start_date == "2022-02-21"
    assert by_text["30/12/2020"][0].start_date == "2020-12-30"
    assert any(m.kind == "period" and m.start_date == "2021-01-01" and m.end_date == "2030-12-31"
               for m in by_text["giai đoạn 2021 - 2030"])
    assert by_text["tháng 02"][0].start_date == "2022-02-01"  # after "Tháng 1 năm 2022"
    # no year inside a document number is a mention
    assert not [m for m in found if "/" in doc.text[m.end:m.end + 2] and m.kind == "year"]
    frame = dates_frame(doc)
    assert list(frame.columns[:10]) == ["doc", "kind", "page", "line", "text", "start", "end", "date",
                                        "end_date", "date_kind"]
    assert len(frame) == len(found) and set(frame["kind"]) == {"date"}
    row = frame[frame["text"] == "21/02/2022"].iloc[0]
    assert row["date"] == "2022-02-21" and row["line"] is not None


# ------------------------------------------------------------------ project corpus gold


def _synthetic():
    for gp in sorted((ROOT / "corpus").glob("*.gold.json")):
        stem = gp.name[: -len(".gold.json")]
        src = next((p for p in (ROOT / "corpus").iterdir() if p.stem == stem and p.suffix != ".json"), None)
        if src is not None:
            yield pytest.param(gp, src, id=stem)


FULL_DATE_PATTERNS = {"date_words", "date_slash", "date_dash"}


@pytest.mark.parametrize("gold_path,src", list(_synthetic()))
def test_project_corpus_dates(gold_path, src):
    """The generator's gold lists the full dates in the body outside references: each must
    be found where it stands, and every full date we find in the body outside a reference
    must be one of them."""
    import extract
    from extract.find.references import extract_from_document

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    doc = extract.read(src)
    found = extract_dates(doc)
    paras = [(doc.text.find(p), p) for p in gold["body_paragraphs"]]
    for g in gold["dates"]:
        at, ptext = paras[g["paragraph"]]
        hits = [m for m in found if m.text == g["text"] and m.start_date == g["date"]]
        assert hits, g
        if at >= 0 and ptext[g["offset"]:g["offset"] + len(g["text"])] == g["text"]:
            assert any(m.start == at + g["offset"] for m in hits), g
    refs = [(r.start, r.end) for r in extract_from_document(doc) if r.footnote is None]
    body = [(a, a + len(p)) for a, p in paras if a >= 0]
    ours = [m for m in found if m.pattern in FULL_DATE_PATTERNS
            and any(a <= m.start < b for a, b in body) and not any(a <= m.start < b for a, b in refs)]
    gold_pairs = sorted((g["text"], g["date"]) for g in gold["dates"])
    assert sorted((m.text, m.start_date) for m in ours) == gold_pairs


# ------------------------------------------------------------------ real-document gold


def test_evaluate_dates_counts():
    gold = {"dates": [{"text": "năm 2022", "start_date": "2022-01-01", "end_date": "2022-12-31"},
                      {"text": "năm 2022", "start_date": "2022-01-01", "end_date": "2022-12-31"},
                      {"text": "20/12/2022", "start_date": "2022-12-20", "end_date": "2022-12-20"}]}
    r = evaluate_dates(extract_dates("năm 2022; ngày 20/12/2022; tháng 3/2022"), gold)
    assert (r["mentions"]["tp"], r["mentions"]["fp"], r["mentions"]["fn"]) == (2, 1, 1)


@pytest.mark.real
def test_real_gold_scores():
    if not SHARED.is_dir():
        pytest.skip("../shared/corpus is absent")
    gold_dir = ROOT / "corpus" / "gold" / "dates"
    assert len(list(gold_dir.glob("*.json"))) >= 5
    result = run(gold_dir, SHARED)
    assert not [k for k, v in result["documents"].items() if "error" in v]
    micro = result["micro"]["mentions"]
    assert micro["precision"] >= 0.97 and micro["recall"] >= 0.97, micro
