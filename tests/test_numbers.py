"""Number parser and Vietnamese formatting; every example of rules/numbers.yaml runs here."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.core.numbers import (
    NumberError,
    document_majority,
    format_vi,
    parse_number,
    parse_number_words,
    vocabulary,
)
from extract.find import extract_figures_text, extract_statements
from extract.find.statements import statement_values

VOC = vocabulary().raw


@pytest.mark.parametrize(
    "s,value,precision",
    [
        ("1.889", "1889", 0),
        ("19.314,870", "19314.870", 3),
        ("90,90", "90.90", 2),
        ("87.38", "87.38", 2),
        ("03", "3", 0),
        ("95.120.259.153", "95120259153", 0),
        ("300.000", "300000", 0),
        ("1,234.5", "1234.5", 1),
        ("0,125", "0.125", 3),
        ("1234.567", "1234.567", 3),
    ],
)
def test_parse(s, value, precision):
    p = parse_number(s)
    assert p.value == Decimal(value) and str(p.value) == value
    assert p.precision == precision
    assert p.raw == s


def test_majority_decides_the_ambiguous_group():
    assert parse_number("1.889", majority="en").value == Decimal("1.889")
    assert parse_number("1.889", majority="vi").value == Decimal("1889")
    assert parse_number("1,250").value == Decimal("1.250")
    assert parse_number("1,250", majority="en").value == Decimal("1250")
    # not ambiguous: 87.38 is a decimal whatever the majority
    assert parse_number("87.38", majority="vi").value == Decimal("87.38")


def test_document_majority():
    assert document_majority("thu 19.314,870 tỷ; đạt 90,90 %; 1.889 TTHC; 87.38/100 điểm") == "vi"
    assert document_majority("score 87.38 and 1,234.5 and 12.5") == "en"
    assert document_majority("không có số") is None


@pytest.mark.parametrize("bad", ["", "abc", "1.2.3,4,5", "1.23.456"])
def test_not_a_number(bad):
    with pytest.raises(NumberError):
        parse_number(bad)


@pytest.mark.parametrize(
    "value,precision,text",
    [("1889", 0, "1.889"), ("19314.870", 3, "19.314,870"), ("90.9", 2, "90,90"), ("0.5", 1, "0,5"),
     ("-1234.5", 1, "-1.234,5"), ("95120259153", 0, "95.120.259.153")],
)
def test_format_vi(value, precision, text):
    assert format_vi(Decimal(value), precision) == text


@settings(max_examples=400)
@given(st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False),
       st.integers(min_value=0, max_value=4))
def test_format_then_parse_roundtrip(d, precision):
    """Formatting a Decimal the Vietnamese way and parsing it back gives the same value
    and precision (the DESIGN's property)."""
    q = d.quantize(Decimal(1).scaleb(-precision))
    text = format_vi(q, precision)
    for majority in (None, "vi"):
        p = parse_number(text.lstrip("-"), majority=majority)
        if text.startswith("-"):
            p = type(p)(-p.value, p.precision, text)
        assert p.value == q
        assert p.precision == precision


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=10**15))
def test_integers_roundtrip(n):
    assert parse_number(format_vi(n)).value == n


@pytest.mark.parametrize("words,n", [("hai mươi ba", 23), ("một trăm linh năm", 105), ("ba nghìn", 3000),
                                     ("mười lăm", 15), ("hai mươi mốt", 21), ("một", 1), ("trăm", 100),
                                     ("hai trăm hai mươi sáu triệu không trăm tám mươi mốt nghìn", 226_081_000),
                                     ("năm tỷ bảy trăm sáu mươi chín triệu bảy trăm ngàn", 5_769_700_000),
                                     ("một nghìn tỷ", 10**12), ("hai nghìn không trăm linh năm", 2005)])
def test_number_words(words, n):
    assert parse_number_words(words) == n


def test_number_words_reject():
    assert parse_number_words("một số") is None
    assert parse_number_words("hai bốn") is None  # two digits in a row: no written number


# ---------------------------------------------------------------- rules/numbers.yaml examples


def _vocab_examples():
    for section in ("scale_words", "units", "qualifiers"):
        for entry in VOC[section]:
            name = entry.get("word") or entry.get("unit")
            for ex in entry.get("examples", []):
                yield pytest.param(section, ex, True, id=f"{section}:{name}:{ex['text'][:30]}")
            for ex in entry.get("counterexamples", []):
                yield pytest.param(section, ex, False, id=f"{section}:{name}:not:{ex['text'][:30]}")


@pytest.mark.parametrize("section,ex,positive", list(_vocab_examples()))
def test_vocabulary_examples(section, ex, positive):
    figs = extract_figures_text(ex["text"])
    if not positive:
        if ex.get("none"):
            assert figs == [], figs
        else:
            assert all(f.unit != ex.get("unit") for f in figs), figs
        return
    want = Decimal(ex["value"])
    hits = [f for f in figs if f.value == want]
    assert hits, (ex, figs)
    f = hits[0]
    if "unit" in ex:
        assert f.unit == ex["unit"], f
    if "kind" in ex:
        assert f.kind == ex["kind"] or f.unit_kind == ex["kind"], f
    if "qualifier" in ex:
        assert f.qualifier == ex["qualifier"], f
    if "scale" in ex:
        assert f.scale == ex["scale"], f
    if "precision" in ex:
        assert f.precision == ex["precision"], f


def _cue_examples():
    for entry in VOC["partition_cues"]:
        for ex in entry.get("examples", []):
            yield pytest.param(ex, id=f"cue:{entry['cue']}:{ex['text'][:30]}")


@pytest.mark.parametrize("ex", list(_cue_examples()))
def test_partition_cue_examples(ex):
    figs = extract_figures_text(ex["text"])
    sts = extract_statements(ex["text"], figs)
    found = []
    for s in sts:
        kind, whole, parts = statement_values(s, figs)
        found.append((kind, whole, sorted(parts), s.complete))
        if kind == ex["kind"] and whole == Decimal(ex["whole"]) and sorted(parts) == sorted(Decimal(p) for p in ex["parts"]):
            if "complete" in ex:
                assert s.complete == ex["complete"], s
            return
    raise AssertionError(found)


@pytest.mark.parametrize("ex", VOC["ledger_cues"]["examples"], ids=lambda ex: ex["text"][:40])
def test_ledger_cue_examples(ex):
    """A total, what was done and what remains are one statement (and the share done,
    when stated, a ratio of done over total)."""
    figs = extract_figures_text(ex["text"])
    sts = extract_statements(ex["text"], figs)
    values = [statement_values(s, figs) for s in sts]
    assert ("parts", Decimal(ex["whole"]), [Decimal(p) for p in ex["parts"]]) in values, values
    if "percent" in ex:
        assert ("ratio", Decimal(ex["whole"]), [Decimal(ex["parts"][0]), Decimal(ex["percent"])]) in values, values


@pytest.mark.parametrize("ex", VOC["distribution_examples"], ids=lambda ex: ex["text"][:40])
def test_distribution_examples(ex):
    """Counts of one base by category, each a fraction of the base, are one statement
    (the base, the counts, complete when every term of a closed scale is named)."""
    figs = extract_figures_text(ex["text"])
    found = [s for s in extract_statements(ex["text"], figs) if s.kind == "distribution"]
    assert len(found) == 1, found
    s = found[0]
    assert s.whole_value == Decimal(ex["base"])
    assert s.part_values == [Decimal(p) for p in ex["parts"]]
    assert s.complete == ex["complete"]


@pytest.mark.parametrize("text", VOC["distribution_counterexamples"], ids=lambda t: t[:40])
def test_distribution_counterexamples(text):
    """Two properties of the same units, or a cumulative band, make no distribution."""
    figs = extract_figures_text(text)
    assert not [s for s in extract_statements(text, figs) if s.kind == "distribution"]


def test_grade_fraction_is_no_date():
    """"Tốt 06/11" and "04/11 (36,4%)" are counts of a base; "ngày 06/11" stays a date."""
    kinds = [f.kind for f in extract_figures_text("Tốt 06/11, Khá 04/11 (36,4%); họp ngày 06/11.")]
    assert kinds == ["fraction", "fraction", "percent"]


def _pattern_examples():
    for entry in VOC["patterns"]:
        for ex in entry.get("examples", []):
            yield pytest.param(entry, ex, True, id=f"pattern:{entry['id']}:{ex.get('number') or ex.get('figure')}")
        for ex in entry.get("counterexamples", []):
            yield pytest.param(entry, ex, False, id=f"pattern:{entry['id']}:not:{ex.get('number')}")


@pytest.mark.parametrize("entry,ex,positive", list(_pattern_examples()))
def test_pattern_examples(entry, ex, positive):
    import re

    if "number" in ex:
        p = parse_number(ex["number"], majority=ex.get("majority"))
        assert p.value == Decimal(ex["value"])
        if "precision" in ex:
            assert p.precision == ex["precision"]
        if positive and "majority" not in ex:
            assert re.fullmatch(entry["regex"], ex["number"]), "the documented shape matches its example"
        if not positive:
            assert not re.fullmatch(entry["regex"], ex["number"])
        return
    figs = extract_figures_text(ex["figure"])
    hits = [f for f in figs if f.value == Decimal(ex["value"])]
    assert hits, figs
    f = hits[0]
    assert f.kind == ex["kind"]
    for k in ("numerator", "denominator", "low", "high"):
        if k in ex:
            assert getattr(f, k) == Decimal(ex[k]), (k, f)
    if "unit" in ex:
        assert f.unit == ex["unit"]


def _non_figure_examples():
    for entry in VOC["non_figures"]:
        for ex in entry["examples"]:
            yield pytest.param(ex, id=f"non_figure:{entry['id']}:{ex['text'][:30]}")


@pytest.mark.parametrize("ex", list(_non_figure_examples()))
def test_non_figure_examples(ex):
    figs = extract_figures_text(ex["text"])
    texts = [f.raw for f in figs]
    assert ex["not"].strip("(") not in texts, texts
    if "keep" in ex:
        assert ex["keep"] in texts, texts


@pytest.mark.parametrize("ex", VOC["change_cues"]["examples"], ids=lambda ex: ex["text"][:40])
def test_change_cue_examples(ex):
    """A change between two stated values is a remainder: the larger value is the smaller
    plus the change (whole, then [smaller, change])."""
    figs = extract_figures_text(ex["text"])
    found = [(s.whole_value, s.part_values) for s in extract_statements(ex["text"], figs)
             if s.kind == "remainder" and s.cue == "thay đổi"]
    assert (Decimal(ex["whole"]), [Decimal(p) for p in ex["parts"]]) in found, found


@pytest.mark.parametrize("text", VOC["change_cues"]["counterexamples"], ids=lambda t: t[:40])
def test_change_cue_counterexamples(text):
    """Percentages, two units, or an unstated base: no change statement."""
    figs = extract_figures_text(text)
    assert not [s for s in extract_statements(text, figs) if s.kind == "remainder" and s.cue == "thay đổi"]


@pytest.mark.parametrize("ex", VOC["complement_examples"], ids=lambda ex: ex["text"][:40])
def test_complement_examples(ex):
    """Percentages naming every term of a partition (or a list after "trong đó" closed by
    "và", ``loose``) are one complement statement of the given shares."""
    figs = extract_figures_text(ex["text"])
    found = [(s.part_values, s.complete) for s in extract_statements(ex["text"], figs) if s.kind == "complement"]
    assert ([Decimal(p) for p in ex["parts"]], not ex.get("loose")) in found, found


@pytest.mark.parametrize("text", VOC["complement_counterexamples"], ids=lambda t: t[:40])
def test_complement_counterexamples(text):
    figs = extract_figures_text(text)
    assert not [s for s in extract_statements(text, figs) if s.kind == "complement"]


@pytest.mark.parametrize("ex", VOC["distribution_status"]["examples"], ids=lambda ex: ex["text"][:40])
def test_status_distribution_examples(ex):
    """A fraction of what is done and the counts of the same unit in other statuses are one
    distribution over the fraction's base, never complete."""
    figs = extract_figures_text(ex["text"])
    found = [(s.whole_value, s.part_values, s.complete) for s in extract_statements(ex["text"], figs)
             if s.kind == "distribution"]
    assert (Decimal(ex["base"]), [Decimal(p) for p in ex["parts"]], False) in found, found


@pytest.mark.parametrize("text", VOC["distribution_status"]["counterexamples"], ids=lambda t: t[:40])
def test_status_distribution_counterexamples(text):
    figs = extract_figures_text(text)
    assert not [s for s in extract_statements(text, figs) if s.kind == "distribution"]


@pytest.mark.parametrize("ex", VOC["outline_examples"], ids=lambda ex: ex["text"][:40])
def test_outline_examples(ex):
    """A numbered item over its sub-items one rank deeper: whole and parts (cue "outline")."""
    figs = extract_figures_text(ex["text"])
    values = [statement_values(s, figs) for s in extract_statements(ex["text"], figs) if s.cue == "outline"]
    assert ("parts", Decimal(ex["whole"]), [Decimal(p) for p in ex["parts"]]) in values, values


@pytest.mark.parametrize("text", VOC["outline_counterexamples"], ids=lambda t: t[:40])
def test_outline_counterexamples(text):
    figs = extract_figures_text(text)
    assert not [s for s in extract_statements(text, figs) if s.cue == "outline"]


@pytest.mark.parametrize("text", VOC["ledger_cues"]["counterexamples"], ids=lambda t: t[:40])
def test_ledger_cue_counterexamples(text):
    """No ledger where done and not done are not statuses of one base."""
    figs = extract_figures_text(text)
    assert not [s for s in extract_statements(text, figs) if s.cue == "ledger"]
