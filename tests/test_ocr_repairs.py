"""rules/ocr_repairs.yaml: every repair's examples, through the rule alone and through the
whole OCR repair (extract.ingest.ocr.repair_codes)."""
from __future__ import annotations

import re

import pytest

from extract.core.rules import load_yaml
from extract.ingest import ocr

RULES = load_yaml("ocr_repairs.yaml")


def test_every_repair_has_an_id_an_explanation_and_examples():
    ids = [r["id"] for r in RULES]
    assert len(ids) == len(set(ids))
    for r in RULES:
        assert r["explanation"] and r["fixes"] and r["keeps"], r["id"]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r["id"])
def test_repair_examples(rule):
    rx = re.compile(rule["pattern"])
    for before, after in rule["fixes"]:
        assert rx.sub(rule["replace"], before) == after
        assert ocr.repair_codes(before) == after
    for text in rule["keeps"]:
        assert rx.sub(rule["replace"], text) == text
        assert ocr.repair_codes(text) == text


def test_glued_capitals_are_split_and_codes_kept():
    spec = load_yaml("ocr_glued.yaml")
    for before, after in spec["fixes"]:
        assert ocr.split_glued(before) == after
        assert ocr.repair_codes(f"{before} và") == f"{after} và"
    for text in spec["keeps"]:
        assert ocr.split_glued(text) == text
