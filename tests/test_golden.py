"""Golden-file tests: the project's own documents in corpus/ read back to what the
generator (scripts/make_corpus.py) put in them, recorded in <name>.gold.json."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from extract import read

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
GOLD = sorted(CORPUS.glob("*.gold.json"))


def _source(gold_path: Path) -> Path:
    stem = gold_path.name[: -len(".gold.json")]
    return next(p for p in CORPUS.iterdir() if p.stem == stem and p.suffix in (".pdf", ".docx", ".txt"))


def _squash(s: str) -> str:
    return " ".join(s.split())


@pytest.fixture(scope="module", params=GOLD, ids=[g.name[:-10] for g in GOLD])
def case(request):
    gold = json.loads(request.param.read_text(encoding="utf-8"))
    return gold, read(_source(request.param))


def test_header(case):
    gold, doc = case
    g, h = gold["document"], doc.header
    for field in ("doc_type", "number", "issuer", "parent_issuer", "place", "date", "title"):
        assert getattr(h, field) == g.get(field), field
    want = {k: v for k, v in g["signer"].items() if v is not None}
    got = {k: v for k, v in dataclasses.asdict(h.signer).items() if v is not None}
    assert got == want


def test_addressees_and_recipients(case):
    gold, doc = case
    assert doc.header.addressees == gold["document"]["recipients"]
    assert doc.header.recipients == [d.rstrip(";.") for d in gold["document"]["distribution"]]


def test_body_paragraphs_are_whole(case):
    gold, doc = case
    text = _squash(doc.text)
    missing = [p for p in gold["body_paragraphs"] if _squash(p) not in text]
    assert not missing


def test_footnotes_kept_and_anchored(case):
    gold, doc = case
    assert [(n.id, n.text) for n in doc.footnotes] == [(f["id"], f["text"]) for f in gold["footnotes"]]
    for note, g in zip(doc.footnotes, gold["footnotes"]):
        assert note.anchor is not None
        before = doc.text[:note.anchor]
        assert before.endswith(g["after_word"]), (before[-30:], g["after_word"])


def test_furniture_removed_not_lost(case):
    gold, doc = case
    removed = {r.text for r in doc.removed}
    rem = gold["removed"]
    for key in ("page_numbers", "urls", "stamps", "running_headers"):
        for block in rem.get(key, []):
            for item in block.split("\n"):  # a stamp is a block of lines
                assert item in removed, (key, item)
                assert item not in doc.text.split("\n")
