"""``baocao serve``: the index in a browser, on this computer.

Pages (every one a GET with its whole state in the URL, so it can be sent to a
colleague; every table also as ``&format=csv`` and ``&format=xlsx``):

``/``                     counts, search and "who cites" boxes, the reports
``/search?q=…``           full-text search (folded: ``cai cach`` finds ``cải cách``),
                          snippets with the matches highlighted, facets by issuer,
                          type and year (``&issuer=…&type=…&year=…``)
``/report?doc=PATH``      one report annotated (:func:`extract.report.html.report_body`),
                          drawn from the index; ``#L3-14`` a line, ``#f0`` a finding
``/cites?key=…``          who cites a document, with a timeline
``/findings?rule=…``      findings across reports, counted by rule, severity, issuer
                          and year (``&severity=…&issuer=…&period=…``)
``/figures?label=…``      one indicator across reports and periods: a table and a
                          chart, figures one body reports differently highlighted
``/reports``              every indexed report, by path

Safety: the store is opened read-only (SQLite additionally ``query_only``); there is
no route but GET; a URL names a report by the path stored in the index and is only
ever looked up there, never opened as a file; static files come from a fixed list.
Templates autoescape; every response carries a Content-Security-Policy allowing
only this server's own script and style.  The server listens on 127.0.0.1 unless an
address is given explicitly (:func:`check_host`), and then only accepts requests
naming the address it was asked to listen on or, on loopback, ``localhost``.

Starlette, Jinja2 and uvicorn are imported when the app is built, so the rest of
baocao does not pay for them.
"""
from __future__ import annotations

import io
import ipaddress
import sys
import threading
import urllib.parse
import webbrowser
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, contextmanager
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from markupsafe import Markup, escape

from extract.core import __version__
from extract.core.rules import load_rules
from extract.index import queries
from extract.index.backends import open_store
from extract.index.store import Store, StoreError, is_server_url
from extract.report.html import ASSETS, LABELS, as_int, clean_text, report_body, where_text
from extract.web.charts import bar_chart, line_chart

__all__ = ["ServeError", "build_app", "check_host", "serve", "DEFAULT_HOST", "DEFAULT_PORT"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
TEMPLATES = Path(__file__).with_name("templates")

#: the only files served under /static/ (name → file of the package)
STATIC = {"report.css": ASSETS / "report.css", "report.js": ASSETS / "report.js"}

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

#: search hits fetched to draw the facets from (and filter by them)
SEARCH_POOL = 200
PAGE_ROWS = 500
#: mentions a "who cites" page lists (the timeline counts them all; the download has them all)
CITES_ROWS = 200


class ServeError(Exception):
    """The server cannot start as asked (an address it must not take, no index)."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` is an address of this computer only (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(host: str | None, *, explicit: bool) -> str:
    """The address to listen on: 127.0.0.1 by default; another address only when the
    person asked for it explicitly (``--host``), else :class:`ServeError` saying so."""
    if host is None or host == "":
        return DEFAULT_HOST
    if not is_loopback(host) and not explicit:
        raise ServeError(f"refusing to listen on {host}: other computers could connect; "
                         "give --host explicitly to allow it")
    return host


# --------------------------------------------------------------------------- the store


class _Index:
    """One read-only store shared by the requests (one at a time)."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.lock = threading.Lock()
        self.store = self._open()

    def _open(self) -> Store:
        store = open_store(self.db, readonly=True)
        if not is_server_url(self.db):
            store.conn.execute("PRAGMA query_only = ON")  # no statement can write, whatever happens
        return store

    @contextmanager
    def use(self) -> Any:
        with self.lock:
            yield self.store

    def close(self) -> None:
        self.store.close()


# --------------------------------------------------------------------------- helpers


def _url(path: str, **params: Any) -> str:
    """A relative URL with its query (empty values left out)."""
    q = urllib.parse.urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return path + ("?" + q if q else "")


def report_url(doc: str, page: Any = None, line: Any = None, fragment: str | None = None) -> str:
    page, line = as_int(page), as_int(line)
    frag = fragment or ((f"L{line}" if page is None else f"L{page}-{line}") if line is not None else "")
    return _url("/report", doc=doc) + (f"#{frag}" if frag else "")


def _num(v: Any) -> float | None:
    try:
        return float(Decimal(str(v)))
    except (InvalidOperation, ValueError, TypeError):
        return None


def _clean(v: Any) -> Any:
    """A DataFrame cell as a template wants it: NaN and NA become None."""
    try:
        return None if v is None or v != v else v  # NaN is not equal to itself
    except (TypeError, ValueError):
        return v


def _records(df: Any) -> list[dict[str, Any]]:
    return [{k: _clean(v) for k, v in r.items()} for r in df.to_dict("records")]


def _year(d: Any) -> str:
    return d[:4] if isinstance(d, str) and d[:4].isdigit() else ""


def _highlight(snippet: str) -> Any:
    """A snippet whose matches were wrapped in private-use markers, escaped, with
    the markers turned into <mark> (a stray marker is dropped)."""
    text = str(escape(snippet.replace("\ue002", "")))
    out, open_ = [], False
    for ch in text:
        if ch == "\ue000" and not open_:
            out.append("<mark>")
            open_ = True
        elif ch == "\ue001" and open_:
            out.append("</mark>")
            open_ = False
        elif ch not in "\ue000\ue001":
            out.append(ch)
    if open_:
        out.append("</mark>")
    return Markup("".join(out))


# --------------------------------------------------------------------------- the app


def build_app(db: str, *, lang: str = "vi", allowed_hosts: list[str] | None = None) -> Any:
    """The Starlette app over the index ``db`` (a SQLite path or a postgresql:// URL)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.requests import Request
    from starlette.responses import FileResponse, HTMLResponse, Response
    from starlette.routing import Route

    if not is_server_url(db) and not Path(db).exists():
        raise ServeError(f"{db}: no index here (run `baocao index PATH… --db {db}` first)")
    try:
        index = _Index(db)
    except StoreError as exc:
        raise ServeError(str(exc)) from None
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True,
                      finalize=lambda v: clean_text(v) if isinstance(v, str) and not isinstance(v, Markup) else v)
    L = LABELS.get(lang, LABELS["vi"])
    W = WORDS.get(lang, WORDS["vi"])
    rules = load_rules()
    env.globals.update(L=L, W=W, lang=lang, version=__version__, url=_url, report_url=report_url,
                       where=where_text, rules=rules, db_name=Path(db).name if not is_server_url(db) else "PostgreSQL")

    def page(name: str, request: Request, status: int = 200, **ctx: Any) -> HTMLResponse:
        html = env.get_template(name).render(request_path=request.url.path, **ctx)
        return HTMLResponse(html, status_code=status)

    def table_download(df: Any, name: str, fmt: str) -> Response | None:
        if fmt == "csv":
            return Response(df.to_csv(index=False).encode("utf-8-sig"), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
        if fmt == "xlsx":
            buf = io.BytesIO()
            try:
                df.to_excel(buf, index=False)
            except ImportError:
                return Response("XLSX needs openpyxl (pip install 'baocao[xlsx]')", status_code=501,
                                media_type="text/plain; charset=utf-8")
            return Response(buf.getvalue(),
                            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})
        return None

    def guarded(fn: Callable[[Request], Response]) -> Callable[[Request], Response]:
        def run(request: Request) -> Response:
            try:
                return fn(request)
            except StoreError as exc:
                return page("error.html", request, status=400, message=str(exc))
        return run

    # -- pages
    def home(request: Request) -> Response:
        with index.use() as store:
            counts = store.counts()
        return page("home.html", request, counts=counts)

    def search(request: Request) -> Response:
        p = request.query_params
        q = p.get("q", "").strip()
        facet = {k: p.get(k, "") for k in ("issuer", "type", "year")}
        ctx: dict[str, Any] = {"q": q, "facet": facet, "hits": [], "facets": {}, "capped": False, "total": 0}
        if q:
            with index.use() as store:
                df = queries.search(store, q, limit=SEARCH_POOL, markers=("\ue000", "\ue001"), width=220)
                docs = queries.documents(store, paths=list(df["doc"].unique())) if len(df) else None
            info = {r["doc"]: SimpleNamespace(**r) for r in _records(docs)} if docs is not None else {}
            rows = []
            for h in df.itertuples():
                d = info.get(h.doc)
                meta = {"issuer": (d.issuer if d is not None else None) or "",
                        "type": (d.doc_type if d is not None else None) or "",
                        "year": _year(d.date if d is not None else None)}
                rows.append((h, d, meta))
            facets = {k: Counter(m[k] for _h, _d, m in rows if m[k]) for k in ("issuer", "type", "year")}
            shown = [(h, d) for h, d, m in rows if all(not facet[k] or m[k] == facet[k] for k in facet)]
            if p.get("format") in ("csv", "xlsx"):
                out = df[df["doc"].isin({h.doc for h, _d in shown})]
                out = out.assign(snippet=out["snippet"].str.replace("\ue000", "", regex=False)
                                 .str.replace("\ue001", "", regex=False))
                return table_download(out, "search", p["format"]) or Response(status_code=400)
            ctx.update(hits=[{"doc": h.doc, "page": h.page, "line": h.line, "snippet": _highlight(str(h.snippet)),
                              "title": (d.title if d is not None else None) or "",
                              "name": " ".join(str(x) for x in ((d.doc_type, d.number) if d is not None else ())
                                               if x) or Path(str(h.doc)).name,
                              "issuer": (d.issuer if d is not None else "") or "",
                              "date": (d.date if d is not None else "") or ""} for h, d in shown],
                       facets={k: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:12] for k, c in facets.items()},
                       capped=bool(df.attrs.get("capped")) or len(df) >= SEARCH_POOL, total=len(df))
        return page("search.html", request, **ctx)

    def report(request: Request) -> Response:
        doc = request.query_params.get("doc", "")
        with index.use() as store:
            rec = queries.report(store, doc) if doc else None
        if rec is None:
            return page("error.html", request, status=404, message=W["no_report"].format(doc=doc))
        if rec.get("status") != "ok":
            return page("error.html", request, status=404,
                        message=W["failed_report"].format(doc=doc, reason=rec.get("reason") or ""))
        body = report_body(rec, lang=lang, cites_url=lambda key: _url("/cites", key=key))
        title = " ".join(str(x) for x in (rec.get("doc_type"), rec.get("number")) if x) or Path(doc).name
        return page("report.html", request, body=body, title=title, doc=doc)

    def cites(request: Request) -> Response:
        p = request.query_params
        key = p.get("key", "").strip()
        ctx: dict[str, Any] = {"key": key, "rows": [], "chart": "", "keys": []}
        if key:
            fmt = p.get("format", "")
            with index.use() as store:  # a page shows the first mentions and counts all; a download has all
                shown = queries.cites(store, key, limit=None if fmt else CITES_ROWS)
                years = queries.cites_timeline(store, key)
                docs = queries.documents(store, paths=list(shown["doc"].unique())) if len(shown) else None
            if docs is not None:
                shown = shown.merge(docs[["doc", "doc_type", "issuer", "title"]], on="doc", how="left")
            dl = table_download(shown, "cites", fmt)
            if dl is not None:
                return dl
            by_year = {(_clean(r["year"]) or ""): int(r["documents"]) for r in _records(years)}
            dated = sorted(int(y) for y in by_year if y.isdigit())
            bars = [(str(y), by_year.get(str(y), 0)) for y in range(dated[0], dated[-1] + 1)] if dated else []
            undated = sum(n for y, n in by_year.items() if not y.isdigit())
            if undated:
                bars.append((W["undated"], undated))
            ctx.update(rows=_records(shown), total=int(years["citations"].sum()) if len(years) else 0,
                       keys=sorted(set(shown["key"].dropna())) if len(shown) else [],
                       chart=bar_chart(bars, title=W["timeline"]),
                       ndocs=int(years["documents"].sum()) if len(years) else 0)
        return page("cites.html", request, **ctx)

    def findings(request: Request) -> Response:
        p = request.query_params
        f = {k: p.get(k, "").strip() for k in ("rule", "severity", "issuer", "period", "doc")}
        with index.use() as store:
            df = queries.findings_across(store, rule=f["rule"] or None, severity=f["severity"] or None,
                                         issuer=f["issuer"] or None, period=f["period"] or None,
                                         doc=f["doc"] or None)
        dl = table_download(df.drop(columns=["n"]), "findings", p.get("format", ""))
        if dl is not None:
            return dl
        counts = {
            "rule": Counter(df["rule"]).most_common(), "severity": Counter(df["severity"]).most_common(),
            "issuer": Counter(x for x in map(_clean, df["issuer"]) if x).most_common(15),
            "year": sorted(Counter(str(int(y)) for y in df["year"].dropna()).items(), reverse=True),
        }
        rows = _records(df.head(PAGE_ROWS))
        return page("findings.html", request, f=f, rows=rows, total=len(df), counts=counts,
                    ndocs=df["doc"].nunique() if len(df) else 0)

    def figures(request: Request) -> Response:
        p = request.query_params
        f = {k: p.get(k, "").strip() for k in ("label", "unit", "issuer", "period")}
        ctx: dict[str, Any] = {"f": f, "rows": [], "chart": "", "conflicts": 0}
        if f["label"]:
            kw: dict[str, Any] = {"unit": f["unit"] or None, "period": f["period"] or None, "issuer": f["issuer"] or None}
            with index.use() as store:
                df = queries.figures(store, f["label"], **kw)
                conf = queries.figure_conflicts(store, f["label"], **kw)
            bad = {(r["doc"], r["page"], r["line"]) for r in _records(conf)}  # every figure of a differing group
            df = df.assign(conflict=[(r["doc"], r["page"], r["line"]) in bad for r in _records(df)])
            dl = table_download(df, "figures", p.get("format", ""))
            if dl is not None:
                return dl
            series: dict[str, list[tuple[str, float, bool]]] = {}
            units = Counter(_clean(u) or "" for u in df["unit"])
            unit = units.most_common(1)[0][0] if units else ""  # one unit per chart: the commonest
            for r in df.itertuples():
                if (_clean(r.unit) or "") != unit:
                    continue
                v = _num(r.value)
                if v is None or not _clean(r.period):
                    continue
                series.setdefault(_clean(r.issuer) or "—", []).append((str(r.period).split("/")[0][:7], v, bool(r.conflict)))
            series = dict(sorted(series.items(), key=lambda kv: -len(kv[1]))[:8])
            ctx.update(rows=_records(df.head(PAGE_ROWS)), total=len(df), conflicts=int(df["conflict"].sum()),
                       chart=line_chart(series, title=f"{f['label']} ({unit})" if unit else f["label"]) if series else "",
                       chart_unit=unit,
                       groups=_records(conf))
        return page("figures.html", request, **ctx)

    def reports(request: Request) -> Response:
        p = request.query_params
        try:
            n = max(0, int(p.get("page", "0") or 0))
        except ValueError:
            n = 0
        with index.use() as store:
            df = queries.documents(store, limit=None if p.get("format") else 100, offset=0 if p.get("format") else n * 100)
        dl = table_download(df, "reports", p.get("format", ""))
        if dl is not None:
            return dl
        return page("reports.html", request, rows=_records(df), page_no=n, more=len(df) == 100)

    def static(request: Request) -> Response:
        name = request.path_params["name"]
        path = STATIC.get(name)
        if path is None:
            return Response("not found", status_code=404, media_type="text/plain")
        return FileResponse(path, headers={"Cache-Control": "max-age=300"})

    routes = [
        Route("/", guarded(home)), Route("/search", guarded(search)), Route("/report", guarded(report)),
        Route("/cites", guarded(cites)), Route("/findings", guarded(findings)),
        Route("/figures", guarded(figures)), Route("/reports", guarded(reports)),
        Route("/static/{name}", static),
    ]
    middleware = [Middleware(_Headers)]
    if allowed_hosts:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts))
    @asynccontextmanager
    async def lifespan(_app: Any) -> AsyncIterator[None]:
        yield
        index.close()

    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.index = index
    return app


class _Headers:
    """Security headers on every response (a pure ASGI middleware)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                headers += [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def _allowed_hosts(host: str) -> list[str]:
    """Host headers the server answers to: the address it listens on (and localhost on
    loopback) — a page of another site that resolves its name to 127.0.0.1 gets nothing."""
    if host in ("0.0.0.0", "::"):
        return ["*"]
    hosts = [host, f"[{host}]"] if ":" in host else [host]
    if is_loopback(host):
        hosts += ["localhost", "127.0.0.1", "[::1]"]
    return hosts


def serve(db: str, *, host: str | None = None, port: int = DEFAULT_PORT, lang: str = "vi",
          open_browser: bool = False, explicit_host: bool | None = None) -> int:
    """Run the server until interrupted.  ``host`` None listens on 127.0.0.1; another
    address must be asked for explicitly (``explicit_host``, True when ``host`` is
    given by the command line's ``--host``)."""
    import uvicorn

    chosen = check_host(host, explicit=host is not None if explicit_host is None else explicit_host)
    app = build_app(db, lang=lang, allowed_hosts=_allowed_hosts(chosen))
    config = uvicorn.Config(app, host=chosen, port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    shown = f"[{chosen}]" if ":" in chosen else chosen
    if is_loopback(chosen):
        note = "only this computer can connect" if lang == "en" else "chỉ máy này truy cập được"
    else:
        note = ("WARNING: listening on a non-loopback address (--host given): other computers can connect"
                if lang == "en" else
                "CẢNH BÁO: đang nghe trên địa chỉ mạng (đã chỉ định --host): máy khác có thể truy cập")

    def announce() -> None:
        bound = port
        for s in getattr(server, "servers", []) or []:
            for sock in getattr(s, "sockets", []) or []:
                bound = sock.getsockname()[1]
        stop = "Ctrl+C to stop" if lang == "en" else "Ctrl+C để dừng"
        print(f"baocao serve: http://{shown}:{bound}/ — {note} ({stop})", file=sys.stderr, flush=True)
        if open_browser:
            webbrowser.open(f"http://{shown}:{bound}/")

    config_started = server.startup

    async def startup(sockets: Any = None) -> None:
        await config_started(sockets=sockets)
        announce()

    server.startup = startup  # type: ignore[method-assign]
    server.run()
    return 0


#: words of the index pages (the report's own words are extract.report.html.LABELS)
WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "home": "Tổng quan", "search": "Tìm kiếm", "cites": "Ai trích dẫn", "findings": "Kết quả kiểm tra",
        "figures": "Số liệu", "reports": "Văn bản", "search_ph": "Tìm trong văn bản (có dấu hoặc không dấu)",
        "go": "Tìm", "key_ph": "Số hiệu, ví dụ: nd 107/2020 hoặc 107/2020/NĐ-CP", "issuer": "Cơ quan ban hành",
        "type": "Loại văn bản", "year": "Năm", "all": "Tất cả", "results": "kết quả", "no_results": "Không tìm thấy.",
        "capped": "Chỉ xét các kết quả phù hợp nhất; hãy thêm từ để thu hẹp.", "download": "Tải về",
        "timeline": "Số văn bản trích dẫn theo năm", "undated": "không rõ năm", "doc": "Văn bản",
        "place": "Vị trí", "quote": "Trích", "date": "Ngày", "number": "Số hiệu", "relation": "Quan hệ",
        "rule": "Quy tắc", "severity": "Mức độ", "message": "Nội dung", "stated": "Ghi", "computed": "Tính lại",
        "period": "Kỳ báo cáo", "filter": "Lọc", "count": "Số lượng", "label": "Chỉ tiêu", "value": "Giá trị",
        "unit": "Đơn vị", "conflict": "Khác biệt giữa các báo cáo", "majority": "Giá trị đa số",
        "documents_n": "văn bản", "citations_n": "lần trích dẫn", "figure_hint": "Nhập tên chỉ tiêu, ví dụ: "
        "tỷ lệ hồ sơ trực tuyến, số thủ tục hành chính.", "no_report": "Không có văn bản {doc} trong chỉ mục.",
        "failed_report": "Văn bản {doc} không đọc được khi lập chỉ mục: {reason}", "shown_first": "Hiển thị",
        "of": "trên", "paragraphs": "đoạn", "failed": "không đọc được", "next": "Trang sau", "prev": "Trang trước",
        "status": "Trạng thái", "index": "Chỉ mục", "conflicts_n": "số liệu khác biệt",
        "matched": "Các số hiệu khớp", "title": "Trích yếu", "kind": "Dạng",
        "form_numbered": "có số hiệu", "form_partial": "số hiệu rút gọn", "form_back_reference": "nhắc lại",
        "form_named_law": "tên luật",
    },
    "en": {
        "home": "Overview", "search": "Search", "cites": "Who cites", "findings": "Findings",
        "figures": "Figures", "reports": "Reports", "search_ph": "Search the text (with or without diacritics)",
        "go": "Search", "key_ph": "A number, e.g. nd 107/2020 or 107/2020/NĐ-CP", "issuer": "Issuer",
        "type": "Type", "year": "Year", "all": "All", "results": "results", "no_results": "Nothing found.",
        "capped": "Only the best matches were considered; add words to narrow.", "download": "Download",
        "timeline": "Citing reports per year", "undated": "undated", "doc": "Report",
        "place": "Place", "quote": "Quote", "date": "Date", "number": "Number", "relation": "Relation",
        "rule": "Rule", "severity": "Severity", "message": "Message", "stated": "Stated", "computed": "Computed",
        "period": "Period", "filter": "Filter", "count": "Count", "label": "Indicator", "value": "Value",
        "unit": "Unit", "conflict": "Differs between reports", "majority": "Majority value",
        "documents_n": "reports", "citations_n": "citations", "figure_hint": "Type an indicator, e.g. "
        "ty le ho so truc tuyen.", "no_report": "No report {doc} in the index.",
        "failed_report": "Report {doc} could not be read when indexed: {reason}", "shown_first": "Showing",
        "of": "of", "paragraphs": "paragraphs", "failed": "unreadable", "next": "Next page", "prev": "Previous page",
        "status": "Status", "index": "Index", "conflicts_n": "differing figures",
        "matched": "Matching keys", "title": "Subject", "kind": "Form",
        "form_numbered": "numbered", "form_partial": "partial number", "form_back_reference": "back-reference",
        "form_named_law": "named law",
    },
}
