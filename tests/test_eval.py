"""`baocao eval` scores reference extraction against the gold annotations."""
from __future__ import annotations

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
