"""``baocao html``: the annotated page of a report, checked without a browser.

Validation is html5lib's HTML5 parser (the WHATWG parsing algorithm) reporting every
parse error, plus what a parser does not check: ids unique, every ``#fragment`` link
landing on an element of the page.  The corpus test runs it over every readable
document of ``../shared/corpus`` and checks that every finding ``baocao check`` gives
is on the page at its place.
"""
from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import html5lib
import pytest

from extract.checks import check_document
from extract.cli import main
from extract.core.errors import ReadError
from extract.find.extraction import Extraction
from extract.index.indexer import record_from_document
from extract.ingest.reader import read
from extract.ingest.walk import iter_paths
from extract.report.html import csp_for, render_page, where_text
from extract.report.records import finding_record

from .conftest import SHARED

NS = "{http://www.w3.org/1999/xhtml}"

SAMPLE = ("UỶ BAN NHÂN DÂN TỈNH A\nSố: 12/BC-UBND\nBÁO CÁO\nKết quả cải cách hành chính năm 2024\nI. KẾT QUẢ\n"
          "Tổng số 10 hồ sơ, trong đó 3 hồ sơ trực tuyến và 4 hồ sơ trực tiếp.\n"
          "Thực hiện Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ.\n")

MALICIOUS = """UỶ BAN NHÂN DÂN TỈNH THỬ
Số: 12/BC-UBND
BÁO CÁO
Kết quả thử <script>window.__pwned = 1; alert("xss")</script> nghiệm
Căn cứ Nghị định số 107/2020/NĐ-CP"><img src=x onerror=alert(1)> ngày 14/9/2020 của Chính phủ.
Xem <a href="javascript:alert(2)">tại đây</a> và javascript:alert(3) và <iframe src="http://example.com"></iframe>
Tổng số 10 hồ sơ, trong đó 3 hồ sơ "><svg onload=alert(4)> trực tuyến và 4 hồ sơ trực tiếp.
Tỷ lệ đạt 120% ' onmouseover='alert(5)
"""


def validate(page: str) -> list[str]:
    """Problems of an HTML page: html5lib parse errors, duplicate ids, dead #links."""
    return checked(page)[0]


def checked(page: str) -> tuple[list[str], Any]:
    """(problems, parsed tree) of an HTML page (see :func:`validate`)."""
    parser = html5lib.HTMLParser(strict=False)
    tree = parser.parse(page)
    problems = [f"parse error {err} at {pos}" for pos, err, _ in parser.errors]
    ids: dict[str, int] = {}
    for el in tree.iter():
        i = el.get("id")
        if i is not None:
            ids[i] = ids.get(i, 0) + 1
    problems += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    for el in tree.iter(f"{NS}a"):
        href = el.get("href") or ""
        if href.startswith("#") and href[1:] not in ids:
            problems.append(f"dead link {href}")
    return problems, tree


def page_of(path: Path, lang: str = "vi") -> str:
    return render_page(record_from_document(read(str(path))), lang=lang)


def test_malicious_text_is_shown_as_text(tmp_path: Path) -> None:
    src = tmp_path / "doc<script>.txt"
    src.write_text(MALICIOUS, encoding="utf-8")
    page = page_of(src)
    assert validate(page) == []
    tree = html5lib.parse(page)
    scripts = list(tree.iter(f"{NS}script"))
    assert len(scripts) == 1 and "__pwned" not in (scripts[0].text or "")  # only the page's own script
    for tag in ("img", "iframe", "svg", "object", "embed"):
        assert not list(tree.iter(f"{NS}{tag}")), tag
    for el in tree.iter():
        for k, v in el.attrib.items():
            assert not k.startswith("on"), (el.tag, k)
            if k in ("href", "src"):
                assert not v.strip().lower().startswith("javascript:"), v
    text = "".join(tree.find(f".//{NS}div[@class='text']").itertext())
    assert '<script>window.__pwned = 1; alert("xss")</script>' in text
    assert '"><img src=x onerror=alert(1)>' in text and "javascript:alert(2)" in text
    # the page allows no script but its own and nothing from the network
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    js = scripts[0].text
    assert csp.replace("&#39;", "'") == csp_for(js) and "default-src 'none'" in csp_for(js)


def test_page_marks_figures_statements_findings_and_links_them(tmp_path: Path) -> None:
    src = tmp_path / "bc.txt"
    src.write_text(SAMPLE, encoding="utf-8")
    page = page_of(src)
    assert validate(page) == []
    tree = html5lib.parse(page)
    marks = [el for el in tree.iter() if el.get("data-kind") in ("figure", "statement", "reference", "finding")]
    kinds = {el.get("data-kind") for el in marks}
    assert kinds == {"figure", "statement", "reference", "finding"}
    finding = next(el for el in marks if el.get("data-kind") == "finding")
    assert finding.get("data-stated") == "10" and finding.get("data-computed", "").endswith("7")
    stmt = next(el for el in marks if el.get("data-kind") == "statement")
    roles = stmt.get("data-roles").split()
    assert [r.split(":")[0] for r in roles] == ["whole", "part", "part"]
    # each figure of the statement points back at it, and the finding at its figures
    for r in roles:
        fig = tree.find(f".//*[@id='{r.split(':')[1]}']")
        assert stmt.get("id") in fig.get("data-statements").split()
    assert set(finding.get("data-figures").split()) == {r.split(":")[1] for r in roles}
    ref = next(el for el in marks if el.get("data-kind") == "reference")
    assert ref.get("data-key") == "61/2018/NĐ-CP" and ref.get("data-date") == "2018-04-23"
    # the findings list links to the finding's place
    item = tree.find(f".//{NS}li[@data-kind='finding-item']")
    link = item.find(f".//{NS}a[@class='goto']")
    assert link.get("href") == "#" + finding.get("id")
    # with the reading of the sentence the verdict rests on
    reading = item.find(f".//{NS}dd[@class='reading']")
    assert reading is not None and "danh sách đầy đủ" in "".join(reading.itertext())


def test_english_page(tmp_path: Path) -> None:
    src = tmp_path / "bc.txt"
    src.write_text(SAMPLE, encoding="utf-8")
    page = page_of(src, lang="en").split("<script>")[0]  # the script carries both languages
    assert '<html lang="en">' in page and "Findings" in page and "Kết quả kiểm tra" not in page
    assert "The parts (3 + 4 = 7)" in page or "parts" in page.lower()


def test_cli_html_writes_a_page_per_file(tmp_path: Path, capsys: Any) -> None:
    a = tmp_path / "a"
    b = tmp_path / "b"
    for d in (a, b):
        d.mkdir()
        (d / "bc.txt").write_text(f"BÁO CÁO\nTổng số 10 hồ sơ ({d.name}).\n", encoding="utf-8")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\ngarbage")
    out = tmp_path / "out"
    code = main(["html", str(a / "bc.txt"), str(b / "bc.txt"), str(tmp_path / "broken.pdf"), "-o", str(out)])
    assert code == 2  # the broken file is reported, the others written
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == 2 and "bc.txt.html" in written and all(w.startswith("bc.txt.") for w in written)
    assert "broken.pdf" in capsys.readouterr().err


# --------------------------------------------------------------------------- the real corpus


def _one(path: str) -> tuple[str, list[str], int] | None:
    """(path, problems, findings) of one corpus document; None when it cannot be read."""
    try:
        doc = read(path)
    except ReadError:
        return None
    ex = Extraction(doc)
    report = check_document(ex)  # what `baocao check` runs
    records = [finding_record(doc, f, report.refs) for f in report.findings]
    page = render_page(record_from_document(doc, extraction=ex))  # what `baocao html` runs, stages reused
    problems, tree = checked(page)
    marks = [el for el in tree.iter(f"{NS}span") if el.get("data-kind") == "finding"]
    items = [el for el in tree.iter(f"{NS}li") if el.get("data-kind") == "finding-item"]
    if len(items) != len(records):
        problems.append(f"{len(records)} findings from check, {len(items)} on the page")
    for rec in records:
        place = where_text(rec["page"], rec["line"])
        if rec["start"] is None or rec["start"] < 0:  # no place in the text: listed without a link
            continue
        here = [m for m in marks if m.get("data-rule") == rec["rule"] and m.get("data-start") == str(rec["start"])
                and m.get("data-message") == rec["message"]]
        if not here:
            problems.append(f"{rec['rule']} at {place} ({rec['start']}) not marked in the text")
            continue
        first = next((m for m in here if m.get("id")), None)
        if first is None:
            problems.append(f"{rec['rule']} at {place}: no anchor")
            continue
        item = next((i for i in items if i.get("data-target") == first.get("id")), None)
        link = item.find(f".//{NS}a[@class='goto']") if item is not None else None
        if link is None or link.get("href") != "#" + first.get("id") or not "".join(link.itertext()).endswith(place):
            problems.append(f"{rec['rule']} at {place}: the list does not link to its place")
    return path, problems, len(records)


@pytest.mark.real
def test_every_corpus_page_validates_and_shows_every_finding_at_its_place() -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared/corpus is absent")
    paths = list(iter_paths([str(SHARED)]))
    with ProcessPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        results = [r for r in pool.map(_one, paths, chunksize=2) if r is not None]
    assert len(results) >= 80  # the readable documents (scans without text are not)
    bad = {Path(p).relative_to(SHARED).as_posix(): probs[:5] for p, probs, _n in results if probs}
    assert bad == {}
    assert sum(n for _p, _probs, n in results) >= 100  # the corpus has findings to show
