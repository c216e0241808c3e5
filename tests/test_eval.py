"""`baocao eval` scores reference extraction against the gold annotations."""
from __future__ import annotations

from decimal import Decimal

import pytest

from extract.cli import main
from extract.evaluate.references import evaluate_references

from .conftest import SHARED


def test_eval_scores_are_computed_not_assumed():
    gold = {"references": [{"key": "107/2020/NĐ-CP", "date": "2020-09-14", "issuer_code": "CP", "count": 2},
                           {"key": "23/BNV-CCHC", "date": "2022-01-04", "issuer_code": "BNV", "count": 1}]}
    pred = [("107/2020/NĐ-CP", "2020-09-14", "CP"), ("99/QĐ-UBND", None, "UBND")]
    r = evaluate_references(pred, gold)
    assert r["keys"]["precision"] == 0.5 and r["keys"]["recall"] == 0.5
    assert r["misses"]["missing_keys"] == ["23/BNV-CCHC"]


def test_eval_command_prints_overall_and_meets_targets(capsys):
    assert main(["eval"]) == 0
    out = capsys.readouterr().out
    overall = {line.split()[1]: line for line in out.splitlines() if line.startswith("overall")}
    assert {"keys", "dates", "issuers", "mentions"} <= set(overall)
    if not SHARED.is_dir():
        pytest.skip("real corpus absent: only the project corpus was scored")
    def pr(kind):
        parts = dict(x.split("=") for x in overall[kind].split()[2:4])
        return float(parts["P"]), float(parts["R"])
    p, r = pr("keys")
    assert p >= 0.99 and r >= 0.98
    p, r = pr("dates")
    assert r >= 0.97


def test_checks_gold_path_tells_twins_apart(tmp_path):
    """A form annotated as PDF and as .xlsx: each file finds its own gold, by its "file"."""
    import json

    from extract.evaluate.checks import _gold_path

    (tmp_path / "ktxh--bieu-07.json").write_text(json.dumps({"file": "ktxh/bieu-07.pdf"}), encoding="utf-8")
    (tmp_path / "ktxh--bieu-07.xlsx.json").write_text(json.dumps({"file": "ktxh/bieu-07.xlsx"}), encoding="utf-8")
    assert _gold_path(tmp_path, "ktxh/bieu-07.pdf").name == "ktxh--bieu-07.json"
    assert _gold_path(tmp_path, "ktxh/bieu-07.xlsx").name == "ktxh--bieu-07.xlsx.json"
    assert _gold_path(tmp_path, "ktxh/bieu-07.xls") is None


def test_checks_eval_matches_spreadsheet_cells_as_displayed(tmp_path):
    """A spreadsheet's gold writes each cell as displayed ("120,5"), the reader takes the
    cached value (120,456): the same figure at fewer decimals.  The gold's cell stands for
    the page a spreadsheet lacks: a statement elsewhere holding the same values is not it."""
    from extract import read
    from extract.evaluate.checks import _same, evaluate_document

    from .table_docs import write_xlsx

    rows = [["STT", "Đơn vị", "Giá trị (tỷ đồng)", "Số hồ sơ"],
            [1, "Sở Tư pháp", 120.456, 1250], [2, "Sở Nội vụ", 85.321, 940], [3, "Sở Tài chính", 64.104, 712],
            ["", "Tổng cộng", 269.881, 2912]]
    doc = read(write_xlsx(tmp_path / "bieu.xlsx", rows))

    def stmt(sid: str, cell: str, figures: list[str]) -> dict:
        return {"id": sid, "page": None, "cell": cell, "kind": "table_total", "figures": figures}

    gold = {"file": "bieu.xlsx", "pages": 1, "statements": [
        stmt("s1", "Biểu 01!C5", ["269,9", "120,5", "85,3", "64,1"]),   # displayed at one decimal
        stmt("s2", "Biểu 01!C5", ["269,88100", "120,456", "85,321", "64,104"]),  # more decimals than cached
        stmt("s3", "Biểu 01!C5", ["269,9", "120,4", "85,3", "64,1"]),   # 120,456 is not 120,4
        stmt("s4", "Biểu 01!D4", ["269,9", "120,5", "85,3", "64,1"]),   # right values, another cell
        stmt("s5", "Biểu 01!D5", ["2.912", "1.250", "940", "712"]),
        stmt("s6", "Biểu 01!D5", ["2.912", "2.912"]),                   # one value, pinned by its cell
    ], "inconsistencies": [{"statement": "s5", "severity": "error"}]}
    score = evaluate_document(doc, gold)
    assert (score.statements, score.recognised) == (6, 4)
    assert (score.errors, score.real_errors, score.gold_errors_found) == (1, 1, 1)
    # the same gold on another cell: the finding is not about it
    gold["statements"][4]["cell"] = "Biểu 01!C5"
    assert evaluate_document(doc, gold).real_errors == 0
    # away from spreadsheets, values are compared as written
    assert not _same((Decimal("711.602"), 3), (Decimal("711.6"), 1), rounded=False)
    assert _same((Decimal("711.602"), 3), (Decimal("711.6"), 1), rounded=True)
    assert not _same((Decimal("711.66"), 2), (Decimal("711.6"), 1), rounded=True)


def test_checks_report_prints_recognition_by_place_and_lists_tuning_misses_only():
    """The totals say how many statements were recognised per kind in text and in tables, and
    which pipeline stages raised; the unrecognised gold statements are listed for the tuning
    split only (a test split prints its totals)."""
    import io
    from collections import Counter

    from extract.evaluate.checks import DocScore, print_report

    def score(name: str) -> DocScore:
        s = DocScore(name, 3, statements=3, recognised=1)
        s.kinds_total, s.kinds = Counter({"share": 2, "whole_parts": 1}), Counter({"share": 1})
        s.wheres_total = Counter({"share in text": 1, "share in table": 1, "whole_parts in text": 1})
        s.wheres = Counter({"share in text": 1})
        s.unrecognised = [{"id": "s2", "where": "whole_parts in text", "page": 2, "figures": ["120", "50", "70"],
                           "relation": "120 = 50 + 70"}]
        s.failed_stages = ["statements"]
        return s

    out = io.StringIO()
    print_report({"test": [score("a/blind.pdf")], "tune": [score("b/tuned.pdf")]}, misses=True, out=out)
    text = out.getvalue()
    assert text.count("by kind and place: share in table 0/1, share in text 1/1, whole_parts in text 0/1") == 2
    assert text.count("pipeline stages that raised (documents): statements 1") == 2
    assert "unrecognised b/tuned.pdf s2 p2 whole_parts in text: 120 50 70 — 120 = 50 + 70" in text
    assert "a/blind.pdf" not in text


def test_checks_gold_figures_read_in_either_locale_and_without_sign():
    """A spreadsheet's cell copied as an English-locale viewer shows it ("67,902") is the
    figure 67902 as well as 67,902; a negative cell ("-2.130.488", read with its sign)
    matches the gold's figure, which carries none."""
    from extract.core.model import Figure
    from extract.evaluate.checks import _figure_nums, _holds, _readings

    assert (Decimal(67902), 0) in next(iter(_readings(["67,902"])))
    assert (Decimal("67.902"), 3) in next(iter(_readings(["67,902"])))
    assert _readings(["3,270,677"]) == {frozenset({(Decimal(3270677), 0)})}
    neg = Figure(0, 10, "-2.130.488", Decimal(-2130488), 0, raw="-2.130.488")
    assert _holds(_readings(["-2,130,488"]), _figure_nums(neg), True)


def test_a_threshold_the_relation_leaves_out_is_not_asked_of_the_tool():
    """The gold lists every figure of the sentence; its relation says which ones are
    checked: "9/12 xã đạt từ 80% trở lên, chiếm 75%" checks 9, 12 and 75, not 80."""
    from extract.evaluate.checks import _checked_readings, _readings

    gold = {"figures": ["9/12", "80%", "75%"], "relation": "9 / 12 = 75 %"}
    assert _checked_readings(gold) == _readings(["9", "12", "75"])
    # a relation naming fewer than two of the figures (in words, or row numbers) leaves them all
    gold = {"figures": ["63,0", "45,0", "18,0"], "relation": "row 141 = sum of rows 142–143"}
    assert _checked_readings(gold) == _readings(["63,0", "45,0", "18,0"])


def test_checks_eval_credits_each_gold_inconsistency_to_a_finding_of_its_own():
    """Findings are matched to the gold one to one, as many as can be: a finding matching
    two gold entries by a shared "0" does not leave the second uncredited when another
    finding matches it too, and no finding credits two different inconsistencies.  A gold
    that lists one inconsistency twice (checks-tune.yaml and the blind annotation of the
    same document, figures of one among the other's) is found by one finding."""
    from extract.evaluate.checks import _credited, _same_inconsistency

    # finding 0 matches gold 0 and 1, finding 1 matches gold 0 only: both gold are found
    assert _credited({0: [0, 1], 1: [0]}, {0: {"error"}, 1: {"error"}}, {0: "error", 1: "error"}) == {0, 1}
    # one finding, two different inconsistencies: one is found
    assert len(_credited({0: [0], 1: [0]}, {0: {"error"}, 1: {"error"}}, {0: "error", 1: "error"})) == 1
    # the finding goes first to the gold of its own severity
    assert _credited({0: [0], 1: [0]}, {0: {"error"}, 1: {"warning"}}, {0: "warning"}) == {1}
    stmts = {"s1": {"page": 3, "figures": ["3.356.281.619", "265.323.571"]},
             "a:s3": {"page": 3, "figures": ["3.356.281.619", "3.356.281.619", "265.323.571"]},
             "a:s4": {"page": 3, "figures": ["3.356.281.619", "12.000"]},
             "a:s5": {"page": 4, "figures": ["3.356.281.619", "265.323.571"]}}
    incons = [{"statement": k, "severity": "error"} for k in stmts]
    assert _same_inconsistency(incons, stmts) == [0, 0, 2, 3]
    # one figure alone: the same one (not 0) on the same page
    stmts = {"s2": {"page": None, "figures": ["124"]}, "a:s33": {"page": None, "figures": ["124", "%"]},
             "a:s1": {"page": None, "figures": ["0"]}, "a:s2": {"page": None, "figures": ["0"]},
             "a:s3": {"page": None, "figures": ["15"]}}
    incons = [{"statement": k, "severity": "error"} for k in stmts]
    assert _same_inconsistency(incons, stmts) == [0, 0, 2, 3, 4]


def test_checks_eval_needs_the_stated_figure_among_the_golds(tmp_path):
    """A finding is the annotated inconsistency only when the figure it calls wrong is one
    of the gold statement's: two small counts it shares by chance with another statement
    on the page do not make it that one."""
    from extract import read
    from extract.evaluate.checks import evaluate_document

    p = tmp_path / "bc.txt"
    p.write_text("UBND HUYỆN A\n\nBÁO CÁO\nKết quả công tác năm 2025\n\nI. KẾT QUẢ\n\n"
                 "1. Tổng số cán bộ là 100 người, trong đó: nam 60 người, nữ 50 người.\n", encoding="utf-8")
    doc = read(p)
    right = {"file": "bc.txt", "pages": 1,
             "statements": [{"id": "s1", "page": 1, "kind": "whole_parts", "figures": ["100", "60", "50"]}],
             "inconsistencies": [{"statement": "s1", "severity": "error", "why": "60 + 50 = 110, not 100"}]}
    score = evaluate_document(doc, right)
    assert score.errors == 1 and score.real_errors == 1 and score.gold_errors_found == 1
    other = {**right, "statements": [{"id": "s1", "page": 1, "kind": "whole_parts", "figures": ["60", "50", "95"]}]}
    score = evaluate_document(doc, other)
    assert score.errors == 1 and score.real_errors == 0 and score.gold_errors_found == 0
    assert score.false[0]["stated"] == "100"


def test_checks_eval_counts_a_bundled_share_covered_by_two_statements_apart(tmp_path):
    """An annotator may bundle two rates of one row into one statement; the tool states
    one relation per rate.  That is counted apart ('covered'), not as recognised, and only
    when each tool statement lies wholly inside the gold's figures."""
    from extract import read
    from extract.evaluate.checks import evaluate_document

    p = tmp_path / "bc.txt"
    p.write_text("UBND HUYỆN A\n\nBÁO CÁO\nKết quả công tác năm 2025\n\nI. KẾT QUẢ\n\n"
                 "1. Có 40/80 hồ sơ giải quyết đúng hạn, chiếm tỷ lệ 50%.\n\n"
                 "2. Có 20/80 hồ sơ giải quyết trước hạn, chiếm tỷ lệ 25%.\n", encoding="utf-8")
    doc = read(p)
    bundled = {"file": "bc.txt", "pages": 1,
               "statements": [{"id": "s1", "page": 1, "kind": "share", "figures": ["40", "80", "50%", "20", "25%"]}],
               "inconsistencies": []}
    score = evaluate_document(doc, bundled)
    assert (score.recognised, score.covered) == (0, 1)
    # a figure no tool statement holds: not covered
    extra = {**bundled, "statements": [{**bundled["statements"][0], "figures": ["40", "80", "50%", "20", "25%", "7"]}]}
    assert evaluate_document(doc, extra).covered == 0
    # a whole-and-parts breakdown is never pieced together from smaller statements
    wp = {**bundled, "statements": [{**bundled["statements"][0], "kind": "whole_parts"}]}
    assert evaluate_document(doc, wp).covered == 0
