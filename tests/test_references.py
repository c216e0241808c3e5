"""Reference extractor: every table row, every pattern example and every REF rule example runs."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from extract.checks.refs import validate_references
from extract.core.rules import rules_dir
from extract.evaluate.references import evaluate_references, micro_average
from extract.find.references import _read_tsv, canonical_key, extract_references
from extract.find.references import code_tables as _tables

RULES = rules_dir()
ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
PATTERNS = yaml.safe_load((RULES / "reference_patterns.yaml").read_text(encoding="utf-8"))["patterns"]
DOC_TYPES = _read_tsv(RULES / "doc_types.tsv")
ISSUERS = _read_tsv(RULES / "issuers.tsv")
PROVINCES = _read_tsv(RULES / "provinces.tsv")
CHECKS = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((RULES / "checks").glob("REF*.yaml"))}


def keys(text: str, kind: str = "numbered", **kw) -> list[str]:
    return [r.key for r in extract_references(text, **kw) if r.kind == kind]


# ------------------------------------------------------------------ tables


@pytest.mark.parametrize("row", DOC_TYPES, ids=[f"{r['category']}:{r['code'] or r['names']}" for r in DOC_TYPES])
def test_doc_type_row_example(row):
    ex = row["example"]
    refs = extract_references(ex)
    names = row["names"].split("|")
    if row["code"]:
        num = [r for r in refs if r.kind == "numbered"]
        assert num, ex
        assert num[0].type_code == row["code"]
        assert num[0].doc_type in names or (num[0].doc_type == "Công văn" and "Văn bản" in names)
    elif re.search(r"\d+/\d{4}/|\d+/[A-ZĐ]", ex):
        num = [r for r in refs if r.kind == "numbered"]
        assert num and num[0].doc_type in names + ["Công văn"], ex
        assert num[0].type_code is None
    else:  # "Hiến pháp năm 2013": a type word without a number is not a numbered reference
        assert not [r for r in refs if r.kind == "numbered"]


@pytest.mark.parametrize("row", ISSUERS, ids=[r["code"] for r in ISSUERS])
def test_issuer_row_example(row):
    refs = [r for r in extract_references(row["example"]) if r.kind == "numbered"]
    assert refs, row["example"]
    code = refs[0].issuer_code
    # an old-style 'TC' is the alias of BTC; QH13 -> QH
    assert code == row["code"] or code in row["aliases"].split("|"), (row["example"], code)
    for d in ("valid_from", "valid_to"):
        if row[d]:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[d])
    for s in filter(None, row["successor"].split("|")):
        assert s in {r["code"] for r in ISSUERS}, s


def test_provinces_63_to_34():
    pre = [r for r in PROVINCES if r["era"] == "pre2025"]
    cur = [r for r in PROVINCES if r["era"] == "current"]
    assert len(pre) == 63 and len(cur) == 34
    cur_names = {r["name"] for r in cur}
    assert all(r["merged_into"] in cur_names for r in pre)
    members = [m for r in cur for m in r["members"].split("|")]
    assert sorted(members) == sorted(r["name"] for r in pre)
    for r in PROVINCES:  # every row's example names the province
        assert r["name"] in r["example"]


# ------------------------------------------------------------------ patterns as data


def _pattern_cases():
    for p in PATTERNS:
        for i, ex in enumerate(p.get("examples", [])):
            yield pytest.param(p["id"], ex, True, id=f"{p['id']}-ex{i}")
        for i, ex in enumerate(p.get("counterexamples", [])):
            yield pytest.param(p["id"], ex, False, id=f"{p['id']}-counter{i}")


def test_every_pattern_has_an_example():
    for p in PATTERNS:
        assert p.get("examples"), p["id"]
        assert p.get("explanation"), p["id"]


@pytest.mark.parametrize("pid,ex,positive", list(_pattern_cases()))
def test_pattern_example(pid, ex, positive):
    t = _tables()
    rx = t.block_re[pid]
    if "match" in ex:
        if positive:
            assert rx.fullmatch(ex["match"]) or rx.search(ex["match"]), (pid, ex["match"])
            assert rx.fullmatch(ex["match"]) or pid in ("type_before", "pinpoint", "date_before"), (pid, ex["match"])
        else:
            assert not rx.fullmatch(ex["match"]), (pid, ex["match"])
    if "text" in ex:
        kind = ex.get("kind", "numbered")
        refs = [r for r in extract_references(ex["text"]) if r.kind == kind]
        if positive:
            hit = [r for r in refs if r.key == ex["key"]]
            assert hit, (ex["text"], [r.key for r in refs])
            if "date" in ex:
                assert hit[0].date == ex["date"]
            if "issuer_code" in ex:
                assert hit[0].issuer_code == ex["issuer_code"]
        else:
            assert not refs, (ex["text"], [r.key for r in refs])


# ------------------------------------------------------------------ forms from the issue


@pytest.mark.parametrize(
    "text,key,date",
    [
        ("Nghị định số 107/2020/NĐ-CP", "107/2020/NĐ-CP", None),
        ("Quyết định số 1291/QĐ-TTg ngày 07/10/2019 của Thủ tướng Chính phủ", "1291/QĐ-TTg", "2019-10-07"),
        ("Công văn số 581/BNV-CCHC ngày 21/02/2022", "581/BNV-CCHC", "2022-02-21"),
        ("Văn bản số 1609/STC-QLGCS", "1609/STC-QLGCS", None),
        ("Kết luận số 83-KL/TW ngày 29 /7/2020", "83-KL/TW", "2020-07-29"),
        ("Nghị quyết số 06-NQ/TU", "06-NQ/TU", None),
        ("Luật số 80/2015/QH13", "80/2015/QH13", None),
        ("Chỉ thị 15/CT-TTg", "15/CT-TTg", None),
        ("Quyết định số 441-QĐ/TU", "441-QĐ/TU", None),
        ("theo hướng dẫn tại 2775/SNV-CCHC&VTLT", "2775/SNV-CCHC&VTLT", None),
        ("Nghị định số 54/CP", "54/CP", None),
        ("Thông tư 172/1998/TT/BTC", "172/1998/TT/BTC", None),
        ("Quyết định 1141-TC/QĐ/CĐKT ngày 01-11-1995", "1141-TC/QĐ/CĐKT", "1995-11-01"),
        ("Quyết định số 1206 /QĐ-HVTC", "1206/QĐ-HVTC", None),
        ("Quyết định số31-QĐ/TW", "31-QĐ/TW", None),
        ("Quyết định số 12/QĐ-ttg", None, None),  # lower-case code: not an official form
        ("Quyết định số 12/QĐ-TTG", "12/QĐ-TTg", None),
        ("Công văn số 581/BNV-CCHC ngày 21 tháng 02 năm 2022", "581/BNV-CCHC", "2022-02-21"),
        ("Quyết định số 5/QĐ-UBND ngày 01-10-1997", "05/QĐ-UBND", "1997-10-01"),
    ],
)
def test_issue_forms(text, key, date):
    refs = [r for r in extract_references(text) if r.kind == "numbered"]
    if key is None:
        assert all(r.key != "12/QĐ-ttg" for r in refs)
        return
    assert refs and refs[0].key == key, [r.key for r in refs]
    assert refs[0].date == date


def test_list_sharing_type_word():
    refs = extract_references("các Nghị định số 107/2020/NĐ-CP và 108/2020/NĐ-CP của Chính phủ")
    assert [(r.key, r.doc_type) for r in refs] == [
        ("107/2020/NĐ-CP", "Nghị định"),
        ("108/2020/NĐ-CP", "Nghị định"),
    ]
    refs = extract_references(
        "Hướng dẫn thi hành Nghị định số 54/CP ngày 28/08/1993, số 94/1998/NĐ-CP ngày 17/11/1998 của Chính phủ"
    )
    assert [(r.key, r.doc_type, r.date) for r in refs] == [
        ("54/CP", "Nghị định", "1993-08-28"),
        ("94/1998/NĐ-CP", "Nghị định", "1998-11-17"),
    ]
    assert refs[0].relation == "hướng dẫn thi hành"


def test_fields_issuer_subject_pinpoint_relation():
    r = extract_references(
        "Thực hiện Công văn số 6056/BNV-CCHC ngày 29/11/2021 của Bộ Nội vụ về việc điều tra xã hội học, "
        "đo lường sự hài lòng; Sở Nội vụ phối hợp"
    )[0]
    assert (r.key, r.date, r.issuer, r.issuer_code, r.relation) == (
        "6056/BNV-CCHC", "2021-11-29", "Bộ Nội vụ", "BNV", "thực hiện")
    assert r.subject == "điều tra xã hội học, đo lường sự hài lòng"
    assert r.number == "6056" and r.doc_type == "Công văn" and r.type_code is None
    r = extract_references("theo quy định tại Điều 157 Nghị định số 34/2016/NĐ-CP (trong đó")[0]
    assert r.pinpoint == "Điều 157" and r.year == 2016 and r.type_code == "NĐ"
    r = extract_references("Căn cứ khoản 2 Điều 5 Thông tư số 05/2025/TT-BNV ngày 10/01/2025 của Bộ Nội vụ;")[0]
    assert (r.pinpoint, r.relation, r.key, r.date) == ("khoản 2 Điều 5", "căn cứ", "05/2025/TT-BNV", "2025-01-10")
    r = extract_references("Nghị định số 107/2020/NĐ-CP sửa đổi, bổ sung một số điều của Nghị định số 24/2014/NĐ-CP")[1]
    assert r.relation == "sửa đổi, bổ sung"


def test_issuer_names_and_ambiguous_codes():
    r = extract_references("Công văn số 171/SKHCN-VP ngày 16/01/2026 của Sở Khoa học và Công nghệ, Công văn số 125/STP-VP")[0]
    assert r.issuer == "Sở Khoa học và Công nghệ" and r.issuer_code == "SKHCN"
    # BTT here is a unit (Ban Thường trực), not the type code of a "bản thỏa thuận"
    r = extract_references("ban hành Công văn số 227/NTTQ-BTT về việc đề nghị")[0]
    assert (r.doc_type, r.type_code, r.issuer_code) == ("Công văn", None, "NTTQ")
    # old ministry numbers: ISSUER-TYPE-UNIT
    r = extract_references("Quyết định số 999/TC-QĐ-CĐKT ngày 02/11/1996")[0]
    assert (r.issuer_code, r.type_code) == ("TC", "QĐ")


def test_not_references():
    text = (
        "Số: 629/TTr-SNV Lâm Đồng, ngày 12 tháng 12 năm 2025. Ngày 10/01/2022 hoàn thành 144/147, "
        "xếp thứ 19/63; ĐT: 0243.7738668; xem https://thuvienphapluat.vn/tim?keyword=02/NQ-CP&match=True "
        "và email ca@bcy.gov.vn; 300.000đ/tháng; giai đoạn 2021 - 2030; Covid - 19."
    )
    assert keys(text) == []
    assert keys("Tờ trình số 629/TTr-SNV ngày 12/12/2025", own_number="629/TTr-SNV") == []
    assert keys("Tờ trình số 629/TTr-SNV ngày 12/12/2025", own_number="630/TTr-SNV") == ["629/TTr-SNV"]


def test_named_and_partial():
    refs = extract_references("theo Luật Cán bộ, công chức năm 2008 và Quyết định 787; Đề án 06 của tỉnh")
    got = {(r.kind, r.key) for r in refs}
    assert ("named_law", "Luật Cán bộ, công chức năm 2008") in got
    assert ("partial", "Quyết định 787") in got
    assert ("partial", "Đề án 06") in got


def test_resolution_bare_mention_and_back_references():
    text = (
        "Thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ. Kế hoạch số 12/KH-UBND ngày 02/01/2022. "
        "Theo Nghị quyết số 76/NQ-CP, tỉnh đã triển khai. Nghị quyết nêu trên được quán triệt. "
        "Kế hoạch này được ban hành. Quyết định này có hiệu lực. Thông tư nêu trên."
    )
    refs = extract_references(text, own_doc_type="Quyết định")
    by = [(r.kind, r.key, r.resolved_to, r.date) for r in refs]
    assert by[2] == ("numbered", "76/NQ-CP", 0, "2021-07-15")  # bare mention joins the full one
    assert refs[2].date_inherited and refs[2].issuer == "Chính phủ"
    assert by[3][:3] == ("back_reference", "Nghị quyết nêu trên", 0)
    assert by[4][:3] == ("back_reference", "Kế hoạch này", 1)
    assert by[5][:3] == ("back_reference", "Quyết định này", "self")
    assert refs[6].resolved_to is None and refs[6].note.startswith("unresolved")


def test_this_without_own_type_is_not_guessed():
    refs = extract_references("Căn cứ Quyết định số 12/QĐ-UBND ngày 02/01/2022. Quyết định này có hiệu lực.")
    assert refs[1].kind == "back_reference" and refs[1].resolved_to is None
    assert refs[1].note.startswith("unresolved")
    assert refs[0].index_key() == "12/QĐ-UBND@2022"


def test_back_reference_ambiguous_list_left_unresolved():
    refs = extract_references(
        "các Nghị định số 107/2020/NĐ-CP và 108/2020/NĐ-CP của Chính phủ. Nghị định nêu trên quy định"
    )
    back = refs[-1]
    assert back.kind == "back_reference" and back.resolved_to is None
    assert "ambiguous" in back.note


def test_partial_resolves_to_earlier_full_number():
    refs = extract_references("Quyết định số 787/QĐ-UBND ngày 01/6/2024. Các mô hình theo Quyết định 787 đã")
    assert refs[1].kind == "partial" and refs[1].resolved_to == 0


def test_canonical_key():
    assert canonical_key("1206 /QĐ-HVTC") == "1206/QĐ-HVTC"
    assert canonical_key("2/NQ-CP") == "02/NQ-CP"
    assert canonical_key("83 - KL/TW") == "83-KL/TW"
    assert canonical_key("10/01/2022") is None


def test_soft_hyphen_and_eth():
    assert keys("Công văn số 2775/SNV\ufffeCCHC&VTLT") == ["2775/SNV-CCHC&VTLT"]
    assert keys("Nghị định số 34/2016/N\u00d0-CP") == ["34/2016/NĐ-CP"]


# ------------------------------------------------------------------ rules REF001..REF005


def _rule_cases():
    for rid, meta in CHECKS.items():
        for i, ex in enumerate(meta["failing"]):
            yield pytest.param(rid, ex, True, id=f"{rid}-fail{i}")
        for i, ex in enumerate(meta["passing"]):
            yield pytest.param(rid, ex, False, id=f"{rid}-pass{i}")


def test_rule_files_complete():
    assert sorted(CHECKS) == ["REF001", "REF002", "REF003", "REF004", "REF005"]
    for rid, meta in CHECKS.items():
        assert meta["id"] == rid
        for f in ("title", "severity", "explanation_vi", "explanation_en", "failing", "passing"):
            assert meta.get(f), (rid, f)
        assert meta["severity"] in ("error", "warning", "note")


def test_ref005_reports_another_date_once():
    """Repeating the second date is one inconsistency, not one per mention; a third date is another."""
    text = ("Nghị quyết số 76/NQ-CP ngày 15/7/2021; Nghị quyết số 76/NQ-CP ngày 15/7/2022; "
            "Nghị quyết số 76/NQ-CP ngày 15/7/2022; Nghị quyết số 76/NQ-CP ngày 16/7/2022.")
    found = [f for f in validate_references(extract_references(text), text=text) if f.rule == "REF005"]
    assert [f.stated for f in found] == ["2022-07-15", "2022-07-16"]
    assert all(f.computed == "2021-07-15" for f in found)


@pytest.mark.parametrize("rid,ex,failing", list(_rule_cases()))
def test_rule_example(rid, ex, failing):
    refs = extract_references(ex["text"], doc_date=ex.get("doc_date"))
    findings = [f for f in validate_references(refs, doc_date=ex.get("doc_date")) if f.rule == rid]
    if failing:
        assert findings, (rid, ex["text"])
        f = findings[0]
        assert f.severity == CHECKS[rid]["severity"]
        assert f.message and f.start is not None and f.end is not None
        if "stated" in ex:
            assert f.stated == ex["stated"]
        if "computed" in ex:
            assert f.computed == ex["computed"]
    else:
        assert not findings, [f.message for f in findings]


# ------------------------------------------------------------------ evaluation helper


def test_evaluate_references_counts():
    gold = {"references": [
        {"key": "A/QĐ-X", "date": "2020-01-01", "issuer_code": "X", "count": 1},
        {"key": "B/QĐ-X", "date": None, "issuer_code": "X", "count": 1},
    ]}
    r = evaluate_references([("A/QĐ-X", "2020-01-01", "X"), ("C/QĐ-X", None, "X")], gold)
    assert r["keys"]["tp"] == 1 and r["keys"]["fp"] == 1 and r["keys"]["fn"] == 1
    assert r["dates"]["precision"] == 1.0 and r["dates"]["recall"] == 1.0
    m = micro_average({"d": r})
    assert m["keys"]["precision"] == 0.5


# ------------------------------------------------------------------ real documents


def _join_lines(raw: str) -> str:
    # The cleaner (readers issue) is not ready: join a line ending in "-" directly with the
    # next line (a code broken over lines, "23/BNV-\nCCHC"), other line breaks with a space.
    raw = raw.replace("\r\n", "\n")
    raw = re.sub(r"[-\ufffe][ \t]*\n\s*", "-", raw)
    return re.sub(r"\s*\n\s*", " ", raw)


@pytest.mark.real
@pytest.mark.skipif(not SHARED.exists(), reason="../shared/corpus absent")
def test_seed_every_numbered_reference():
    seed = SHARED / "seed" / "000_5f89cc50c2f18dcc.txt"
    text = _join_lines(seed.read_text(encoding="utf-8"))
    refs = extract_references(text)
    got = {r.key: r for r in refs if r.kind == "numbered" and r.resolved_to is None}
    gold = json.loads((ROOT / "corpus" / "gold" / "references" / "000_5f89cc50c2f18dcc.json").read_text())
    for g in gold["references"]:
        assert g["key"] in got, g["key"]
    for k in ("106/2020/NĐ-CP", "23/BNV-CCHC", "1291/QĐ-TTg"):
        assert k in got
    assert got["581/BNV-CCHC"].date == "2022-02-21"
    assert got["106/2020/NĐ-CP"].date == "2020-09-10"
    assert got["23/BNV-CCHC"].date == "2022-01-04"
    assert set(got) == {g["key"] for g in gold["references"]}  # nothing extra (URL 02/NQ-CP is not one)


@pytest.mark.real
@pytest.mark.skipif(not SHARED.exists(), reason="../shared/corpus absent")
def test_gold_targets():
    from extract.evaluate.references import run

    res = run(ROOT / "corpus" / "gold" / "references", SHARED)
    assert len(res["documents"]) >= 8
    micro = res["micro"]
    assert micro["keys"]["precision"] >= 0.99 and micro["keys"]["recall"] >= 0.98
    assert micro["dates"]["recall"] >= 0.97 and micro["dates"]["precision"] >= 0.97


# ------------------------------------------------------------------ properties

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ALPHABET = "0123456789/-. ,;:()ĐđQNCTKHBUDSVPLgrđịnhquyếtsốngàyáLuậtcủaBộvềnàyêutrên\n"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=200))
def test_never_crashes_and_spans_are_sane(text):
    refs = extract_references(text)
    for i, r in enumerate(refs):
        assert 0 <= r.start < r.end <= len(text)
        assert r.text == text[r.start : r.end] or r.kind != "numbered"
        if r.kind == "numbered":
            assert canonical_key(r.key) == r.key  # canonical keys are fixed points
        if isinstance(r.resolved_to, int):
            assert 0 <= r.resolved_to < i
    validate_references(refs, doc_date="2025-01-01")
