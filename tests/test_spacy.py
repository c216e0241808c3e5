"""The spaCy component (extract/report/spacy_doc.py): a real report as a spaCy Doc whose
spans are baocao's references, figures, statements and findings."""
from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

import extract  # noqa: E402
from extract.checks.run import check_document  # noqa: E402
from extract.find.extraction import Extraction  # noqa: E402
from extract.report.spacy_doc import SPANS_KEY, to_docbin, vietnamese  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "corpus" / "seed" / "000_5f89cc50c2f18dcc.txt"
PROJECT_REPORT = ROOT / "corpus" / "bc-231-ubnd-anlac-cchc-2025.pdf"


def _real_report() -> Path:
    # the seed report (a real report of the shared corpus, tuning split) when at hand; the
    # project's own PDF report otherwise (CI without ../shared)
    return SEED if SEED.exists() else PROJECT_REPORT


def _spans(doc, label):
    return [s for s in doc.spans[SPANS_KEY] if s.label_ == label]


def test_real_report_every_reference_and_finding_is_a_span():
    document = extract.read(_real_report())
    ex = Extraction(document)
    findings = check_document(ex).findings
    doc = extract.to_spacy(document, ex=ex)
    assert doc.text == document.text
    refs = _spans(doc, "REF")
    # every reference key is a REF span whose record names it, at its own offsets
    got = Counter((s._.record["key"], s._.record["start"]) for s in refs)
    body = [r for r in ex.references if not r.footnote]  # a footnote's offsets are in the note's text
    want = Counter((r.key, r.start) for r in body)
    assert got == want and len(refs) == len(body) > 0
    for s in refs:  # aligned by expansion: the span covers the reference's characters
        assert s.start_char <= s._.record["start"] and s.end_char >= s._.record["end"]
        assert s._.record["kind"] == "reference"
    # every finding with a place is a FINDING span; all of them are in Doc._.findings
    notes = {(r.start, r.end) for r in ex.references if r.footnote}
    placed = [f for f in findings if f.start is not None and (f.start, f.end) not in notes]
    fspans = _spans(doc, "FINDING")
    assert Counter((s._.record["rule"], s._.record["start"]) for s in fspans) == \
        Counter((f.rule, f.start) for f in placed)
    for s in doc.spans[SPANS_KEY]:
        assert s.start_char <= s._.record["start"] < s._.record["end"] <= s.end_char
    assert [r["rule"] for r in doc._.findings] == [f.rule for f in findings]
    figs = _spans(doc, "FIG")
    assert len(figs) == len(ex.figures) and all(s._.record["kind"] == "figure" for s in figs)
    assert all(s._.record["magnitude"] == 10 ** s._.record["scale"] for s in figs)
    assert len(_spans(doc, "STMT")) == len(ex.statements)
    assert {s.label_ for s in doc.spans[SPANS_KEY]} <= {"REF", "FIG", "STMT", "FINDING"}


def test_findings_are_spans_on_the_seed():
    if not SEED.exists():
        pytest.skip("../shared/corpus absent")
    doc = extract.to_spacy(extract.read(SEED))
    assert _spans(doc, "FINDING"), "the seed report has findings (README example)"


def test_add_pipe_and_displacy_and_docbin(tmp_path):
    nlp = vietnamese()
    nlp.add_pipe("baocao")
    text = ("Căn cứ Nghị định số 107/2020/NĐ-CP của Chính phủ.\n"
            "Tổng số 424 biểu mẫu, trong đó: giữ nguyên 352; sửa đổi 62.\n")
    doc = nlp(text)
    labels = Counter(s.label_ for s in doc.spans[SPANS_KEY])
    assert labels["REF"] == 1 and labels["FIG"] >= 3 and labels["STMT"] >= 1 and labels["FINDING"] >= 1
    ref = _spans(doc, "REF")[0]
    assert ref._.record["key"] == "107/2020/NĐ-CP"
    assert any(r["rule"].startswith("NUM") for r in doc._.findings)
    html = spacy.displacy.render(doc, style="span", options={"spans_key": SPANS_KEY}, page=True)
    assert "FINDING" in html and "REF" in html
    path = tmp_path / "out.spacy"
    to_docbin([doc]).to_disk(path)
    from spacy.tokens import DocBin
    back = list(DocBin().from_disk(path).get_docs(vietnamese().vocab))[0]
    assert [s.label_ for s in back.spans[SPANS_KEY]] == [s.label_ for s in doc.spans[SPANS_KEY]]
    assert back.spans[SPANS_KEY][0]._.record == doc.spans[SPANS_KEY][0]._.record
    assert len(back._.findings) == len(doc._.findings)


def test_cli_writes_a_docbin(tmp_path):
    out = tmp_path / "corpus.spacy"
    r = subprocess.run([sys.executable, "-m", "extract.cli", "extract", str(PROJECT_REPORT), "--format", "spacy",
                        "-o", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "REF" in r.stderr and out.stat().st_size > 0
    from spacy.tokens import DocBin
    docs = list(DocBin().from_disk(out).get_docs(vietnamese().vocab))
    assert len(docs) == 1 and any(s.label_ == "REF" for s in docs[0].spans[SPANS_KEY])


def test_entry_point_finds_the_component():
    """A fresh process: add_pipe("baocao") without importing extract first."""
    code = ("import spacy; nlp = spacy.blank('vi', config={'nlp': {'tokenizer': {'use_pyvi': False}}}); "
            "nlp.add_pipe('baocao'); d = nlp('Căn cứ Nghị định số 107/2020/NĐ-CP.'); "
            "print([s.label_ for s in d.spans['baocao']])")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0 and "REF" in r.stdout, r.stderr[-1500:]
