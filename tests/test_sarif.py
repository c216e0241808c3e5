"""`baocao check --format sarif` against the SARIF 2.1.0 schema.

The schema is the one Microsoft's SARIF SDK ships in its npm package
(@microsoft/sarif-multitool-linux/sarif-2.1.0.json, the OASIS 2.1.0 schema);
`.ci/run` installs the package into .ci/tools, and the test validates with
jsonschema.  Locally the test skips without it; under CI it fails instead.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from extract.cli import main

ROOT = Path(__file__).resolve().parents[1]
REPORT = ("Đã rà soát 1.889 TTHC, trong đó: cấp tỉnh 1497 TTHC; cấp huyện 272 TTHC; cấp xã 110 TTHC.\n"
          "Đến nay đã thực hiện được 50 nhiệm vụ trong tổng số 55 nhiệm vụ, đạt 90,90 %.\n"
          "Thực hiện Công văn số 45/BNV-CCHC ngày 30/02/2025 của Bộ Nội vụ.\n")


def _schema_path() -> Path | None:
    env = os.environ.get("BAOCAO_SARIF_SCHEMA")
    cands = [Path(env)] if env else []
    cands.append(ROOT / ".ci" / "tools" / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "sarif-2.1.0.json")
    return next((p for p in cands if p.exists()), None)


def _sarif(tmp_path, capsys) -> dict:
    p = tmp_path / "bc.txt"
    p.write_text(REPORT, encoding="utf-8")
    assert main(["check", str(p), "--format", "sarif"]) == 1
    return json.loads(capsys.readouterr().out)


def test_sarif_shape(tmp_path, capsys):
    log = _sarif(tmp_path, capsys)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run,) = log["runs"]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    results = run["results"]
    assert {r["ruleId"] for r in results} == {"NUM002", "NUM006", "REF002"} == set(rules)
    for r in results:
        assert rules[r["ruleIndex"]] == r["ruleId"]
        assert r["level"] in ("error", "warning", "note")
        region = r["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["snippet"]["text"]
    num = next(r for r in results if r["ruleId"] == "NUM002")
    assert len(num["relatedLocations"]) == 4 and num["properties"]["stated"] == "1.889"


def test_sarif_validates_against_the_2_1_0_schema(tmp_path, capsys):
    import jsonschema

    path = _schema_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("SARIF 2.1.0 schema not installed (.ci/run installs @microsoft/sarif-multitool)")
        pytest.skip("SARIF 2.1.0 schema not installed (npm install --prefix .ci/tools @microsoft/sarif-multitool)")
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert "SARIF" in schema["title"] and "2.1.0" in schema["title"]
    validator = jsonschema.validators.validator_for(schema)(schema)
    log = _sarif(tmp_path, capsys)
    broken = json.loads(json.dumps(log))
    broken["runs"][0]["results"][0]["level"] = "fatal"  # not in the schema's enum
    del broken["runs"][0]["tool"]["driver"]["name"]  # required
    assert len(list(validator.iter_errors(broken))) >= 2, "the schema must reject a broken log, or it proves nothing"
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []
