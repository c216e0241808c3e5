"""``baocao serve`` in a real browser: Debian's chromium driven by Playwright.

One index (three real reports of ``../shared/corpus`` when present, plus small reports
written here — one of them hostile), one server on 127.0.0.1 on a free port, one
browser for the module.  Screenshots of the main pages go to ``tests/artifacts/``
(git-ignored) to be looked at.

The browser is ``/usr/bin/chromium`` (``BAOCAO_CHROMIUM`` to change it); without it
these tests skip — except under CI, where ``.ci/run`` installs it and they must run.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from extract.index.indexer import index_paths, record_from_document
from extract.ingest.reader import read
from extract.report.html import render_page
from extract.web.app import ServeError, _allowed_hosts, build_app, check_host, serve

from .conftest import SHARED
from .test_html import MALICIOUS
from .test_store import write_figure_corpus

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
REAL = ["lamdong/bc-cchc-quy-1-2026.docx", "seed/000_5f89cc50c2f18dcc.txt",
        "ktxh/bieu-huyen-daksong-2019-chi-tieu-kinh-te.pdf"]
CITING = """UỶ BAN NHÂN DÂN TỈNH BÌNH MINH
Số: 45/BC-UBND
Bình Minh, ngày 10 tháng 3 năm 2021
BÁO CÁO
Kết quả cải cách hành chính năm 2020
Thực hiện Nghị định số 107/2020/NĐ-CP ngày 14/9/2020 của Chính phủ, tỉnh đã kiện toàn tổ chức.
Tổng số 20 hồ sơ, trong đó 12 hồ sơ trực tuyến và 8 hồ sơ trực tiếp.
"""


def chromium_path() -> str:
    path = os.environ.get("BAOCAO_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed, but CI is set: .ci/run must install it")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return path


@contextmanager
def running(app: Any, host: str = "127.0.0.1") -> Iterator[str]:
    """``app`` served by uvicorn in a thread on a free port; yields the base URL."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host=host, port=0, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def get(url: str, *, method: str = "GET", headers: dict[str, str] | None = None) -> tuple[int, bytes, Any]:
    req = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:  # noqa: S310 - our own server on loopback
            return r.status, r.read(), r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers


def write_reports(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {"citing": folder / "bc-45-binh-minh-2021.txt", "hostile": folder / "bc-12-thu-<script>.txt"}
    out["citing"].write_text(CITING, encoding="utf-8")
    out["hostile"].write_text(MALICIOUS, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("web")
    docs = write_reports(tmp / "docs")
    real = [SHARED / r for r in REAL if (SHARED / r).exists()]
    write_figure_corpus(tmp / "figs")  # one body reporting one figure twice, differently
    db = tmp / "index.db"
    index_paths([str(p) for p in [*docs.values(), tmp / "figs", *real]], str(db), progress=False,
                executor="inline")
    return {"db": str(db), "docs": {k: str(v) for k, v in docs.items()}, "real": [str(p) for p in real],
            "tmp": tmp}


@pytest.fixture(scope="module")
def base(index: dict[str, Any]) -> Iterator[str]:
    app = build_app(index["db"], allowed_hosts=_allowed_hosts("127.0.0.1"))
    with running(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    exe = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        # a root container has no user namespaces for chromium's sandbox; /dev/shm may be small
        b = pw.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, locale="vi-VN")
    p = ctx.new_page()
    p.dialogs = []  # type: ignore[attr-defined]
    p.errors = []  # type: ignore[attr-defined]

    def on_dialog(d: Any) -> None:
        p.dialogs.append(d.message)  # type: ignore[attr-defined]
        d.dismiss()

    p.on("dialog", on_dialog)
    p.on("pageerror", lambda e: p.errors.append(str(e)))  # type: ignore[attr-defined]
    yield p
    ctx.close()


def shot(page: Any, name: str, full: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


def report_url(base: str, doc: str) -> str:
    return f"{base}/report?{urllib.parse.urlencode({'doc': doc})}"


def in_viewport(page: Any, selector: str) -> bool:
    return bool(page.evaluate(
        """(sel) => { const e = document.querySelector(sel); if (!e) return false;
                      const r = e.getBoundingClientRect();
                      return r.bottom > 0 && r.top < window.innerHeight; }""", selector))


def real_doc(index: dict[str, Any], name: str) -> str:
    for p in index["real"]:
        if p.endswith(name):
            return p
    pytest.skip(f"real corpus not available: {name}")


# --------------------------------------------------------------------------- the browser tests


def test_report_page_marks_the_text_and_a_finding_scrolls_to_its_place(page: Any, base: str,
                                                                          index: dict[str, Any]) -> None:
    doc = real_doc(index, "bc-cchc-quy-1-2026.docx")
    page.goto(report_url(base, doc))
    assert page.locator(".text [data-kind=reference]").count() > 20
    assert page.locator(".text [data-kind=figure]").count() > 20
    assert page.locator("[data-kind=statement]").count() > 5
    findings = page.locator("li[data-kind=finding-item]")
    assert findings.count() >= 1 and page.locator("[data-kind=finding]").count() >= findings.count()
    assert page.locator("table.doc-table td [data-kind=figure]").count() > 0  # tables drawn as tables
    assert page.locator("sup.fnref a").count() >= 1 and page.locator(".notes li").count() >= 1
    shot(page, "report-top")
    # a finding far down the page: its link scrolls there and flashes it
    item = findings.first
    target = item.get_attribute("data-target")
    assert not in_viewport(page, f"#{target}")
    item.locator("a.goto").click()
    page.wait_for_function("(id) => { const e = document.getElementById(id); const r = e.getBoundingClientRect();"
                           " return r.top >= 0 && r.bottom <= window.innerHeight; }", arg=target, timeout=5000)
    assert "flash" in (page.locator(f"#{target}").get_attribute("class") or "")
    assert page.url.endswith(f"#{target}")
    shot(page, "report-finding")
    # a figure of a statement: its detail names the statement and marks the other figures
    fig = page.locator(".text [data-kind=figure][data-statements]").first
    fig.scroll_into_view_if_needed()
    fig.click()
    detail = page.locator("#detail-body")
    assert "Mệnh đề" in detail.inner_text()
    assert page.locator(".m.peer").count() >= 1 and page.locator(".m.sel").count() >= 1
    shot(page, "report-figure")
    # a footnote marker goes to its note and the note comes back
    page.locator("sup.fnref a").first.click()
    assert page.url.endswith("#fn-1")
    page.locator("#fn-1 a.fnback").click()
    assert page.url.endswith("#fnref-1")
    assert page.errors == []


def test_search_without_diacritics_finds_the_report(page: Any, base: str, index: dict[str, Any]) -> None:
    page.goto(base + "/")
    shot(page, "home")
    page.locator("main form[action='/search'] input[name=q]").fill("kien toan to chuc")
    page.locator("main form[action='/search'] input[name=q]").press("Enter")
    page.wait_for_url("**/search?q=*")
    hits = page.locator("li.hit")
    assert hits.count() >= 1
    want = urllib.parse.urlencode({"doc": index["docs"]["citing"]})
    mine = [h for h in hits.all() if want in (h.locator("a.title").get_attribute("href") or "")]
    assert len(mine) == 1
    assert [m.lower() for m in mine[0].locator("mark").all_inner_texts()] == ["kiện toàn tổ chức"]
    shot(page, "search")
    # diacritics typed are honoured as well
    page.goto(base + "/search?" + urllib.parse.urlencode({"q": "kiện toàn tổ chức"}))
    assert page.locator("li.hit").count() >= 1
    # a facet narrows the hits to one year
    if index["real"]:
        page.goto(base + "/search?q=cai+cach+hanh+chinh")
        before = page.locator("li.hit").count()
        page.locator("a[data-facet=year]").filter(has_text="2021").first.click()
        after = page.locator("li.hit").count()
        assert 1 <= after < before
        assert all("2021" in t for t in page.locator("li.hit span.sub").all_inner_texts())
    # following a hit opens the report at the line
    page.locator("li.hit a.title").first.click()
    page.wait_for_url("**/report?doc=*#L*")
    anchor = urllib.parse.urlsplit(page.url).fragment
    assert page.locator(f"[id='{anchor}']").count() == 1


def test_follow_who_cites(page: Any, base: str, index: dict[str, Any]) -> None:
    page.goto(report_url(base, index["docs"]["citing"]))
    ref = page.locator(".text [data-kind=reference][data-cited='107/2020/NĐ-CP']").first
    ref.click()
    button = page.locator("#detail-body a.button")
    assert button.inner_text() == "Văn bản nào trích dẫn"
    button.click()
    page.wait_for_url("**/cites?key=*")
    rows = page.locator("table.grid tbody tr")
    docs = {rows.nth(i).get_attribute("data-doc") for i in range(rows.count())}
    assert index["docs"]["citing"] in docs
    if index["real"]:
        seed = real_doc(index, "000_5f89cc50c2f18dcc.txt")
        assert seed in docs  # the Hải Dương report cites it too
    assert page.locator("svg.chart rect").count() >= 1  # the timeline
    shot(page, "cites")
    # and on to a citing report, at the mention
    page.locator(f"tr[data-doc='{index['docs']['citing']}'] a.citing").first.click()
    page.wait_for_url("**/report?doc=*")
    assert page.locator(".text [data-kind=reference]").count() >= 1


def test_findings_and_figures_across_reports(page: Any, base: str, index: dict[str, Any]) -> None:
    page.goto(base + "/findings")
    total = page.locator("table.grid tbody tr").count()
    assert total >= 1
    page.locator(".facets a").filter(has_text="NUM002").first.click()
    rows = page.locator("table.grid tbody tr")
    assert 1 <= rows.count() <= total
    assert set(page.locator("table.grid tbody td:nth-child(2)").all_inner_texts()) == {"NUM002"}
    shot(page, "findings")
    rows.first.locator("a").first.click()
    page.wait_for_url("**/report?doc=*#f*")
    target = urllib.parse.urlsplit(page.url).fragment
    assert page.locator(f"#{target}[data-kind=finding]").count() == 1
    page.wait_for_timeout(300)
    assert in_viewport(page, f"#{target}")
    # a period from the facets keeps that period's findings, as many as it said
    page.goto(base + "/findings")
    facet = page.locator(".facets a[href*='period=']").first
    if facet.count():
        n = int(facet.locator("xpath=following-sibling::span").inner_text())
        facet.click()
        assert page.locator("table.grid tbody tr").count() == n
    page.goto(base + "/figures?" + urllib.parse.urlencode({"label": "hồ sơ trực tuyến"}))
    assert page.locator("table.grid tbody tr").count() >= 1
    # one indicator across reports and periods: the differing figure of one body is highlighted
    page.goto(base + "/figures?" + urllib.parse.urlencode({"label": "thu tuc hanh chinh duoc ra soat"}))
    conflict = page.locator("table.grid tbody tr.conflict")
    assert sorted(conflict.locator("td.value").all_inner_texts()) == ["112", "120"]
    assert page.locator("svg.chart circle[fill='#b3261e']").count() == 2
    assert page.locator("svg.chart polyline").count() >= 1  # Lâm Đồng over 2023 and 2024
    shot(page, "figures")


def test_a_hostile_document_stays_inert(page: Any, base: str, index: dict[str, Any], tmp_path: Path) -> None:
    hostile = index["docs"]["hostile"]
    page.goto(report_url(base, hostile))
    text = page.locator(".text").inner_text()
    assert "<script>window.__pwned = 1;" in text and '"><img src=x onerror=alert(1)>' in text
    for m in page.locator(".text .m").all()[:40]:
        m.click()
    shot(page, "hostile")
    for url in (base + "/search?" + urllib.parse.urlencode({"q": "pwned"}),
                base + "/search?" + urllib.parse.urlencode({"q": '<script>alert(1)</script>"><img src=x onerror=alert(2)>'}),
                base + "/cites?" + urllib.parse.urlencode({"key": '"><img src=x onerror=alert(3)>'}),
                base + "/report?" + urllib.parse.urlencode({"doc": "<script>alert(4)</script>"}),
                base + "/figures?" + urllib.parse.urlencode({"label": "<svg onload=alert(5)>"})):
        page.goto(url)
        page.wait_for_timeout(100)
    # the standalone page of the same document, opened from a file
    out = tmp_path / "hostile.html"
    out.write_text(render_page(record_from_document(read(hostile))), encoding="utf-8")
    page.goto(out.as_uri())
    for m in page.locator(".text .m").all()[:40]:
        m.click()
    page.wait_for_timeout(200)
    assert page.dialogs == []
    assert page.evaluate("window.__pwned") is None
    assert page.errors == []


# --------------------------------------------------------------------------- the server, without a browser


def test_the_server_is_on_loopback_only(base: str, index: dict[str, Any]) -> None:
    port = urllib.parse.urlsplit(base).port
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
    # another address of this machine's loopback interface: nothing listens there
    with pytest.raises(OSError), socket.create_connection(("127.0.0.2", port), timeout=5):
        pass
    assert check_host(None, explicit=False) == "127.0.0.1"
    with pytest.raises(ServeError, match="--host"):
        check_host("0.0.0.0", explicit=False)
    with pytest.raises(ServeError, match="refusing"):
        serve(index["db"], host="0.0.0.0", explicit_host=False)
    assert check_host("0.0.0.0", explicit=True) == "0.0.0.0"
    # a page elsewhere that points its own name at 127.0.0.1 gets nothing
    status, _body, _h = get(base + "/", headers={"Host": "evil.example"})
    assert status == 400


def test_the_command_says_where_it_listens(index: dict[str, Any]) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "extract.cli", "serve", "--db", index["db"], "--port", "0"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        assert "http://127.0.0.1:" in line and "chỉ máy này truy cập được" in line, line
        port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        assert get(f"http://127.0.0.1:{port}/")[0] == 200
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_the_store_is_read_only(index: dict[str, Any]) -> None:
    app = build_app(index["db"])
    store = app.state.index.store
    with pytest.raises(sqlite3.OperationalError):
        store.execute("DELETE FROM refs")
    assert store.execute("SELECT COUNT(*) FROM refs").fetchone()[0] > 0
    app.state.index.close()


def test_no_write_no_file_access_and_safe_headers(base: str) -> None:
    for path in ("/", "/search", "/report", "/cites", "/findings"):
        assert get(base + path, method="POST")[0] == 405
        assert get(base + path, method="DELETE")[0] == 405
    for path in ("/static/../app.py", "/static/%2e%2e%2fapp.py", "/static/report.css/../../cli.py", "/etc/passwd",
                 "/report?doc=/etc/passwd", "/report?doc=../../pyproject.toml"):
        status, body, _h = get(base + path)
        assert status == 404 and b"root:" not in body and b"[project]" not in body, path
    status, _body, headers = get(base + "/search?q=x")
    assert status == 200
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_every_table_downloads_as_csv_and_xlsx(base: str, index: dict[str, Any]) -> None:
    import openpyxl

    status, body, headers = get(base + "/cites?key=nd+107/2020&format=csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert index["docs"]["citing"] in {r["doc"] for r in rows}
    # a report's own findings, from its page
    status, body, _h = get(base + "/findings?" + urllib.parse.urlencode({"doc": index["docs"]["hostile"],
                                                                         "format": "csv"}))
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert status == 200 and rows and {r["doc"] for r in rows} == {index["docs"]["hostile"]}
    for path in ("/findings?format=xlsx", "/figures?label=ho+so&format=xlsx", "/search?q=ho+so&format=xlsx",
                 "/reports?format=xlsx", "/cites?key=nd+107/2020&format=xlsx"):
        status, body, _h = get(base + path)
        assert status == 200, path
        sheet = openpyxl.load_workbook(io.BytesIO(body)).active
        assert sheet.max_row >= 2, path


# --------------------------------------------------------------------------- PostgreSQL

from .test_store_pg import make_schema, pg_server  # noqa: E402, F401  (fixtures)


def test_pages_from_postgresql_are_the_pages_from_sqlite(make_schema: Any, tmp_path: Path) -> None:  # noqa: F811
    docs = write_reports(tmp_path / "docs")
    paths = [str(p) for p in docs.values()]
    url = make_schema()
    db = tmp_path / "index.db"
    index_paths(paths, str(db), progress=False, executor="inline")
    index_paths(paths, url, progress=False, executor="inline")
    pages = {}
    for name, target in (("sqlite", str(db)), ("pg", url)):
        with running(build_app(target)) as b:
            pages[name] = [get(b + p)[1].decode() for p in (
                f"/report?{urllib.parse.urlencode({'doc': docs['citing']})}",
                "/search?q=kien+toan", "/cites?key=nd+107/2020", "/findings", "/figures?label=ho+so",
                f"/report?{urllib.parse.urlencode({'doc': docs['hostile']})}")]
    for a, b_ in zip(pages["sqlite"], pages["pg"]):
        a = a.replace(Path(str(db)).name, "").split("<footer")[0]
        b_ = b_.replace("PostgreSQL", "").split("<footer")[0]
        assert a == b_
    assert 'data-kind="statement"' in pages["pg"][0] and 'data-kind="reference"' in pages["pg"][0]
    assert 'class="hit"' in pages["pg"][1] and 'data-kind="finding"' in pages["pg"][5]
    assert "NUM002" in pages["pg"][3]
