"""The project's own header documents (corpus/headers/, written by
scripts/make_header_corpus.py): what is committed is what the generator writes, and the
header parser reads every one of them right, field by field, as ``baocao eval`` scores it."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from extract.evaluate.headers import FIELDS, evaluate_header, predicted, run
from extract.ingest.reader import read

ROOT = Path(__file__).resolve().parent.parent
HEADERS = ROOT / "corpus" / "headers"
GOLDS = sorted(HEADERS.glob("*.gold.json"))


def _generator():
    spec = importlib.util.spec_from_file_location("make_header_corpus", ROOT / "scripts" / "make_header_corpus.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_generator_writes_what_is_committed(tmp_path):
    _generator().main([str(tmp_path)])
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == sorted(p.name for p in HEADERS.iterdir())
    for name in made:
        assert (tmp_path / name).read_bytes() == (HEADERS / name).read_bytes(), name


def test_the_set_covers_its_formats_and_shapes():
    golds = [json.loads(g.read_text(encoding="utf-8")) for g in GOLDS]
    formats = {g["file"].rsplit(".", 1)[1] for g in golds}
    assert formats == {"txt", "docx", "xlsx", "doc", "xls"}
    assert len(golds) >= 25
    assert all(g["shape"] and set(g["header"]) == set(FIELDS) for g in golds)


@pytest.mark.parametrize("gold_path", GOLDS, ids=[g.name[: -len(".gold.json")] for g in GOLDS])
def test_header_read_right(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    pred = predicted(read(HEADERS / gold["file"]))
    right = evaluate_header(pred, gold["header"])
    assert all(right.values()), {f: (pred.get(f), gold["header"][f]) for f, ok in right.items() if not ok}


def test_eval_scores_the_own_split_without_the_shared_corpus(tmp_path):
    res = run(ROOT, tmp_path / "absent", ("tuning", "own"))
    assert set(res) == {"own"}
    assert res["own"]["n"] == len(GOLDS)
    assert all(acc == 1.0 for acc in res["own"]["fields"].values())
