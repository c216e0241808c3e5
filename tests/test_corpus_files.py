"""The synthetic corpus in corpus/ matches its gold files and its generator.

scripts/make_corpus.py writes every document and its <name>.gold.json from one
spec; these tests check that what is committed is what the generator writes
(byte for byte), and that each file is readable the way a reader will read it.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SCRIPT = ROOT / "scripts" / "make_corpus.py"
GOLDS = sorted(CORPUS.glob("*.gold.json"))
EXT = {"pdf": ".pdf", "docx": ".docx", "txt": ".txt"}


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_corpus", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _doc_path(gold_path: Path, gold: dict) -> Path:
    return gold_path.with_name(gold_path.name[: -len(".gold.json")] + EXT[gold["format"]])


def _gold(kind: str | None = None):
    out = []
    for g in GOLDS:
        gold = json.loads(g.read_text(encoding="utf-8"))
        if kind is None or gold["format"] == kind:
            out.append(pytest.param(g, gold, id=g.name[: -len(".gold.json")]))
    return out


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _pdf_text(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def test_corpus_present():
    formats = [json.loads(g.read_text(encoding="utf-8"))["format"] for g in GOLDS]
    assert 4 <= formats.count("pdf") <= 6
    assert 3 <= formats.count("docx") <= 4
    assert formats.count("txt") >= 1


@pytest.mark.parametrize("gold_path,gold", _gold())
def test_sha256_matches(gold_path, gold):
    data = _doc_path(gold_path, gold).read_bytes()
    assert hashlib.sha256(data).hexdigest() == gold["sha256"]
    assert len(data) < 100_000


def _pdf_layout(path: Path) -> list[list[tuple[str, int, int]]]:
    """What a reader sees of a PDF: per page, each character with its box's origin
    rounded to half a point.  The bytes around it (object order, compression, the
    producer's ids) change with fpdf2's releases and are not compared."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for i in range(len(pdf)):
            tp = pdf[i].get_textpage()
            chars = []
            for k in range(tp.count_chars()):
                left, bottom, _, _ = tp.get_charbox(k)
                chars.append((tp.get_text_range(k, 1), round(left * 2), round(bottom * 2)))
            pages.append(chars)
        return pages
    finally:
        pdf.close()


def test_regeneration_matches_committed(tmp_path):
    """The generator writes what is committed: text, DOCX and gold byte for byte (the
    DOCX zips carry fixed dates); PDFs the same characters at the same places; gold
    the same annotations (a PDF's sha256 is that of the committed file)."""
    gen = _load_generator()
    assert gen.main([str(tmp_path)]) == 0
    produced = sorted(p.name for p in tmp_path.iterdir())
    assert produced == sorted(
        [g.name for g in GOLDS]
        + [_doc_path(g, json.loads(g.read_text(encoding="utf-8"))).name for g in GOLDS])
    for name in produced:
        new, old = tmp_path / name, CORPUS / name
        if name.endswith(".pdf"):
            assert _pdf_layout(new) == _pdf_layout(old), name
        elif name.endswith(".gold.json"):
            a = json.loads(new.read_text(encoding="utf-8"))
            b = json.loads(old.read_text(encoding="utf-8"))
            if a["format"] == "pdf":
                a.pop("sha256"), b.pop("sha256")
            assert a == b, name
        else:
            assert new.read_bytes() == old.read_bytes(), name


@pytest.mark.parametrize("gold_path,gold", _gold("pdf"))
def test_pdf_text_layer(gold_path, gold):
    pages = _pdf_text(_doc_path(gold_path, gold))
    doc = gold["document"]
    first = _squash(pages[0])
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Độc lập - Tự do - Hạnh phúc" in first
    assert doc["number"] in first
    assert first.count("Số:") >= 1
    assert doc["place"] + ", ngày" in first
    assert doc["issuer"] in first  # two header lines joined by one space
    if doc["parent_issuer"]:
        assert doc["parent_issuer"] in first
    for r in doc["recipients"]:
        assert r in first
    # page furniture recorded in the gold is on the pages
    for n in gold["removed"]["page_numbers"]:
        assert n in pages[int(n) - 1].split("\r\n")
    for h in gold["removed"]["running_headers"]:
        assert h in "".join(pages[1:])
    whole = "\n".join(pages)
    for stamp in gold["removed"]["stamps"]:
        assert stamp.splitlines()[-1] in whole
    # codes broken after their hyphen: pdfium gives U+FFFE (or "-" + newline)
    for code in gold["layout"]["hyphen_breaks"]:
        head, tail = code.rsplit("-", 1)[0], code.rsplit("-", 1)[1]
        assert (head + "\ufffe" + tail) in whole or re.search(
            re.escape(head + "-") + r"\r?\n" + re.escape(tail), whole), code
    # every reference is in the text layer once whitespace and soft hyphens go
    flat = re.sub(r"\s+", "", whole.replace("\ufffe", "-"))
    for ref in gold["references"]:
        assert re.sub(r"\s+", "", ref["text"]) in flat, ref["text"]
    # footnote markers: the digit right after the word it follows
    for fn in gold["footnotes"]:
        assert fn["after_word"] + fn["id"] in flat


@pytest.mark.parametrize("gold_path,gold", _gold("docx"))
def test_docx_opens(gold_path, gold):
    import docx

    path = _doc_path(gold_path, gold)
    d = docx.Document(str(path))
    paras = [p.text for p in d.paragraphs]
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    for body in gold["body_paragraphs"]:
        assert body in paras
    assert any(gold["document"]["number"] in c for c in cells)
    assert any("Độc lập - Tự do - Hạnh phúc" in c for c in cells)
    for table in gold["tables"]:
        assert table[-1][1] == "Tổng cộng"
        assert table[-1][-1] in cells
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        if gold["footnotes"]:
            assert "word/footnotes.xml" in names
            fx = z.read("word/footnotes.xml").decode("utf-8")
            body = z.read("word/document.xml").decode("utf-8")
            for fn in gold["footnotes"]:
                assert fn["text"] in fx
                assert f'w:footnoteReference w:id="{fn["id"]}"' in body
            assert "footnotes.xml" in z.read("word/_rels/document.xml.rels").decode()
            assert "/word/footnotes.xml" in z.read("[Content_Types].xml").decode()
        assert {zi.date_time for zi in z.infolist()} == {(2025, 12, 12, 9, 0, 0)}


@pytest.mark.parametrize("gold_path,gold", _gold("txt"))
def test_txt_artefacts(gold_path, gold):
    text = _doc_path(gold_path, gold).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert any(ln.rstrip().endswith("đã ký lên văn bản này!") for ln in lines)
    for url in gold["removed"]["urls"]:
        assert url in lines
    for n in gold["removed"]["page_numbers"]:
        assert n in lines
    flat = re.sub(r"\s+", "", text)
    for body in gold["body_paragraphs"]:
        assert re.sub(r"\s+", "", body) in flat or "http" in body


@pytest.mark.parametrize("gold_path,gold", _gold())
def test_gold_is_self_consistent(gold_path, gold):
    body = gold["body_paragraphs"]
    for kind in ("references", "figures", "dates"):
        for a in gold[kind]:
            if a.get("where") == "footnote":
                fn = next(f for f in gold["footnotes"] if f["id"] == a["footnote"])
                assert a["text"] in fn["text"]
            else:
                p = body[a["paragraph"]]
                assert p[a["offset"]: a["offset"] + len(a["text"])] == a["text"]
    for fn in gold["footnotes"]:
        p = body[fn["paragraph"]]
        assert p[: fn["anchor"]].split()[-1].strip(",;:.") == fn["after_word"]
    assert any(s["consistent"] is False for g in GOLDS
               for s in json.loads(g.read_text(encoding="utf-8"))["statements"])
