"""Latency of ``baocao serve``'s pages beside the same queries through ``extract.index.queries``.

Serves an existing index (``--db``: a SQLite file or a postgresql:// URL) on 127.0.0.1
on a free port, then times, for a sample drawn from the index itself:

* the search page (``/search?q=…``: the queries of ``scripts/bench_index.py`` — rare,
  medium, common words, phrases, no diacritics) and ``queries.search`` with the same
  pool of hits the page draws its facets from;
* the report page (``/report?doc=…``) of random reports and ``queries.report``;
* the "who cites" page (``/cites?key=…``) of keys drawn from the index's mentions (so a
  much-cited key is drawn often) and what it runs: ``queries.cites`` (first 200
  mentions) and ``queries.cites_timeline`` (all, counted per year).

Each line gives p50 / p95 / max wall-clock ms; the page must answer in p50 < 200 ms.
The HTTP time includes the page's HTML and the request over loopback, as a browser
on the same computer sees it (not the browser's own rendering).

A 100 000-document index to run it on::

    python scripts/bench_index.py --n 100000 --direct --keep --dir /tmp/b/corpus --db /tmp/b/bench.db --no-queries
    python scripts/bench_web.py --db /tmp/b/bench.db

Without ``--db`` a small index (``--n`` documents, default 2 000) is generated first
(with :func:`bench_index.generate` and :func:`bench_index.direct_index`).
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import uvicorn  # noqa: E402
from bench_index import direct_index, generate, search_queries  # noqa: E402

from extract.index import queries as Q  # noqa: E402
from extract.index.backends import open_store  # noqa: E402
from extract.web.app import CITES_ROWS, SEARCH_POOL, build_app  # noqa: E402

LIMIT_MS = 200.0


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def timed(fn: Any, args: list[Any]) -> list[float]:
    out = []
    for a in args:
        t0 = time.perf_counter()
        fn(a)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def fetch(url: str) -> int:
    with urllib.request.urlopen(url, timeout=60) as r:  # noqa: S310 - our own server on loopback
        body = r.read()
        if r.status != 200:
            raise SystemExit(f"{url}: HTTP {r.status}")
        return len(body)


def sample(db: str, n: int, seed: int = 5) -> tuple[list[str], list[str]]:
    """Random report paths and cited keys of the index: ``n`` keys drawn by mention
    (a much-cited key often), then ``n`` drawn alike from the distinct keys."""
    rng = random.Random(seed)
    with open_store(db, readonly=True) as st:
        lo, hi = st.execute("SELECT MIN(id), MAX(id) FROM documents WHERE status = 'ok'").fetchone()
        docs: list[str] = []
        while len(docs) < n:
            row = st.execute("SELECT path FROM documents WHERE id >= ? AND status = 'ok' ORDER BY id LIMIT 1",
                             (rng.randint(lo, hi),)).fetchone()
            if row:
                docs.append(row[0])
        lo, hi = st.execute("SELECT MIN(id), MAX(id) FROM refs").fetchone()
        keys: list[str] = []
        while len(keys) < n and lo is not None:
            row = st.execute("SELECT cited_key FROM refs WHERE id >= ? AND cited_key IS NOT NULL ORDER BY id LIMIT 1",
                             (rng.randint(lo, hi),)).fetchone()
            if row:
                keys.append(row[0])
        distinct = [r[0] for r in st.execute("SELECT MIN(cited_key) FROM refs WHERE cited_fold IS NOT NULL "
                                             "GROUP BY cited_fold").fetchall()]
        keys += rng.sample(distinct, min(n, len(distinct)))  # each key alike, as bench_index draws them
    return docs, keys


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="index to serve (default: generate a small one)")
    ap.add_argument("--n", type=int, default=2000, help="documents to generate without --db (default 2000)")
    ap.add_argument("--samples", type=int, default=40, help="reports and keys to time (default 40)")
    ap.add_argument("--pages", default="search,report,cites,cites-any-key",
                    help="which pages to time (default: all; cites-any-key: keys drawn alike, not by mention)")
    a = ap.parse_args(argv)
    db = a.db
    if db is None:
        tmp = Path(tempfile.mkdtemp(prefix="baocao-bench-web-"))
        generate(tmp / "corpus", a.n)
        direct_index(tmp / "corpus", tmp / "bench.db", None)
        db = str(tmp / "bench.db")
    docs, keys = sample(db, a.samples)
    queries = [q for qs in search_queries(random.Random(11)).values() for q in qs]
    with open_store(db, readonly=True) as st:
        counts = st.counts()
    print(f"index {db}: {counts['documents']} documents, {counts['paragraphs']} paragraphs, {counts['refs']} references")

    server = uvicorn.Server(uvicorn.Config(build_app(db), host="127.0.0.1", port=0, log_level="warning",
                                           access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    failed = False
    try:
        pages = {
            "search": [f"{base}/search?{urllib.parse.urlencode({'q': q})}" for q in queries],
            "report": [f"{base}/report?{urllib.parse.urlencode({'doc': d})}" for d in docs],
            "cites": [f"{base}/cites?{urllib.parse.urlencode({'key': k})}" for k in keys[:a.samples]],
            "cites-any-key": [f"{base}/cites?{urllib.parse.urlencode({'key': k})}" for k in keys[a.samples:]],
        }
        with open_store(db, readonly=True) as st:
            direct = {
                "search": (lambda q: Q.search(st, q, limit=SEARCH_POOL, width=220), queries),
                "report": (lambda d: Q.report(st, d), docs),
                "cites": (lambda k: (Q.cites(st, k, limit=CITES_ROWS), Q.cites_timeline(st, k)), keys[:a.samples]),
                "cites-any-key": (lambda k: (Q.cites(st, k, limit=CITES_ROWS), Q.cites_timeline(st, k)),
                                  keys[a.samples:]),
            }
            for name, urls in pages.items():
                if name not in a.pages.split(","):
                    continue
                fetch(urls[0])  # warm
                lat = timed(fetch, urls)
                sizes = [fetch(u) for u in urls[:5]]
                fn, args = direct[name]
                fn(args[0])
                qlat = timed(fn, args)
                ok = pct(lat, 50) < LIMIT_MS
                failed |= not ok
                print(f"{name:13s} page  ({len(urls):3d}): p50 {pct(lat, 50):7.1f} ms, p95 {pct(lat, 95):7.1f} ms, "
                      f"max {max(lat):7.1f} ms, ~{sum(sizes) // len(sizes) // 1024} KiB  "
                      f"[{'ok' if ok else 'SLOW'}: p50 < {LIMIT_MS:.0f} ms]")
                print(f"{name:13s} query ({len(args):3d}): p50 {pct(qlat, 50):7.1f} ms, p95 {pct(qlat, 95):7.1f} ms, "
                      f"max {max(qlat):7.1f} ms  (extract.index.queries, open store)")
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
