"""Scale benchmark of the batch indexer and the index queries.

Generates N synthetic text reports from the templates below (CCHC-style reports of
provincial bodies: a header, 12–30 paragraphs drawn from sentence templates,
references drawn from a pool of a few thousand keys with a Zipf-like popularity,
the odd wrongly dated citation), indexes them, and prints:

* indexing throughput (files/s, MB/s, per worker) and the time of a second,
  all-unchanged run — with every stage (references, figures, statements, checks)
  by default, or only those given with ``--stages`` (``--stages references`` is
  the fast reference-only index); ``--executor dask://HOST:PORT`` runs the
  extraction on a Dask cluster (which must see the generated files);
* peak RSS of the indexing parent and of parent + workers, and the parent's RSS at
  each quarter of the run (memory must stay flat, not grow with N);
* p50/p95 latency of ``cites`` (messy input) and ``search`` (rare words, medium,
  common words, phrases, queries typed without diacritics), on an open store and as
  one-shot calls that open the file.

Usage::

    python scripts/bench_index.py                 # 2 000 documents
    python scripts/bench_index.py --n 100000      # the scale run (takes a while)
    python scripts/bench_index.py --dir D --keep  # reuse / keep the generated corpus
    python scripts/bench_index.py --n 5000 --stages references   # without figures/checks
    python scripts/bench_index.py --n 100000 --direct --keep     # queries at scale, fast

``--direct`` skips the reader: the generated files are plain text with one paragraph
per line, so their index rows (paragraphs exactly as ``baocao index`` writes them —
checked on a sample of files before the run — and the citations, found with the one
pattern the generator writes them in) are built straight from the files.  It is for
timing the *queries* at 100 000 documents when reading them would take an hour on
a small machine; the indexing throughput it prints is not the indexer's.

The documents are the project's own templates; nothing is read from elsewhere.
"""
from __future__ import annotations

import argparse
import itertools
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.index import queries as Q  # noqa: E402
from extract.index.indexer import index_paths  # noqa: E402
from extract.index.store import Store, is_server_url  # noqa: E402

PROVINCES = [
    "Hà Nội", "Hải Phòng", "Hải Dương", "Quảng Ninh", "Bắc Ninh", "Thái Bình", "Nam Định", "Ninh Bình",
    "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế", "Đà Nẵng", "Quảng Nam",
    "Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận", "Bình Thuận", "Kon Tum", "Gia Lai",
    "Đắk Lắk", "Đắk Nông", "Lâm Đồng", "Bình Phước", "Tây Ninh", "Bình Dương", "Đồng Nai", "Bà Rịa - Vũng Tàu",
    "Long An", "Tiền Giang", "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "An Giang", "Kiên Giang",
    "Cần Thơ", "Hậu Giang", "Sóc Trăng", "Bạc Liêu", "Cà Mau", "Lào Cai", "Yên Bái", "Điện Biên", "Sơn La",
    "Hòa Bình", "Thái Nguyên", "Lạng Sơn", "Bắc Giang", "Phú Thọ", "Vĩnh Phúc", "Tuyên Quang", "Hà Giang",
    "Cao Bằng", "Bắc Kạn", "Lai Châu", "Hưng Yên", "Hà Nam",
]
SYLLABLES = ("an bình hòa phú thạnh tân long hưng đông tây nam bắc trung phước lộc thuận mỹ hiệp thành "
             "quang minh đức sơn giang hải thủy lâm xuân thu hạ cát vĩnh khánh nghĩa lợi yên hà").split()
BODIES = ["Sở Nội vụ", "Sở Tài chính", "Sở Tư pháp", "Sở Y tế", "Sở Xây dựng", "Văn phòng UBND tỉnh",
          "Ban Dân tộc", "Sở Giáo dục và Đào tạo", "Sở Công Thương", "Thanh tra tỉnh"]
TOPICS = [
    "cải cách thủ tục hành chính", "cải cách tổ chức bộ máy hành chính nhà nước", "xây dựng chính quyền điện tử",
    "chuyển đổi số", "hiện đại hoá nền hành chính", "cải cách tài chính công", "nâng cao chất lượng đội ngũ cán bộ",
    "thực hiện cơ chế một cửa, một cửa liên thông", "số hoá hồ sơ, kết quả giải quyết thủ tục hành chính",
    "tinh giản biên chế", "sắp xếp đơn vị hành chính cấp xã", "chỉ số hài lòng của người dân (SIPAS)",
    "chỉ số cải cách hành chính (PAR INDEX)", "dịch vụ công trực tuyến toàn trình", "kiểm soát thủ tục hành chính",
]
SENTENCES = [
    "Thực hiện {ref}, {body} đã ban hành kế hoạch triển khai công tác {topic} trên địa bàn {place}.",
    "Căn cứ {ref}, Ủy ban nhân dân tỉnh đã chỉ đạo các cơ quan, đơn vị tập trung thực hiện {topic}.",
    "Trong kỳ báo cáo, toàn tỉnh đã tiếp nhận {n1} hồ sơ, trong đó giải quyết đúng hạn {n2} hồ sơ, đạt {pct} %.",
    "Tổng số thủ tục hành chính được công bố là {n1} thủ tục; đã rà soát, đơn giản hoá {n3} thủ tục.",
    "Kết quả {topic} tại {place} còn một số hạn chế, việc phối hợp giữa các cơ quan chưa chặt chẽ.",
    "{body} phối hợp với Ủy ban nhân dân xã {place} tổ chức {n3} lớp tập huấn về {topic} cho {n1} lượt cán bộ.",
    "Theo {ref}, tỷ lệ hồ sơ trực tuyến toàn trình đạt {pct} %, tăng so với cùng kỳ năm trước.",
    "Việc triển khai {topic} được thực hiện nghiêm túc theo đúng quy định tại {ref}.",
    "Các sở, ban, ngành và Ủy ban nhân dân cấp huyện tiếp tục thực hiện {topic}; không để xảy ra tình trạng "
    "hồ sơ trễ hẹn kéo dài.",
    "Công tác thông tin, tuyên truyền về {topic} được đẩy mạnh thông qua Cổng thông tin điện tử của tỉnh.",
    "Kiểm tra công tác {topic} tại {n3} cơ quan, đơn vị; qua kiểm tra đã chấn chỉnh kịp thời các thiếu sót.",
    "Số cán bộ, công chức được tuyển dụng trong năm là {n3} người; số người nghỉ hưu, thôi việc là {n4} người.",
    "Nhiệm vụ trọng tâm thời gian tới: tiếp tục thực hiện {ref} và nâng cao hiệu quả {topic}.",
    "Đề nghị {body} tổng hợp, báo cáo kết quả thực hiện về Sở Nội vụ trước ngày {day}/{month}/{year}.",
]


def make_keys(rng: random.Random, n: int = 4000) -> list[tuple[str, str, str]]:
    """(citation text, key, ISO date) for a pool of documents that reports cite."""
    keys = []
    seen = set()
    while len(keys) < n:
        kind = rng.random()
        year = rng.randint(2005, 2024)
        num = rng.randint(1, 2500)
        d, m = rng.randint(1, 28), rng.randint(1, 12)
        if kind < 0.25:
            key, name, who = f"{num}/{year}/NĐ-CP", "Nghị định", "của Chính phủ"
        elif kind < 0.4:
            org = rng.choice(["BNV", "BTC", "BTP", "BYT", "BXD", "BCT"])
            key, name, who = f"{num % 60 + 1:02d}/{year}/TT-{org}", "Thông tư", ""
        elif kind < 0.6:
            key, name, who = f"{num}/QĐ-TTg", "Quyết định", "của Thủ tướng Chính phủ"
        elif kind < 0.75:
            key, name, who = f"{num}/KH-UBND", "Kế hoạch", "của Ủy ban nhân dân tỉnh"
        elif kind < 0.9:
            unit = rng.choice(["CCHC", "TCBC", "CQĐP", "VP"])
            key, name, who = f"{num}/BNV-{unit}", "Công văn", "của Bộ Nội vụ"
        else:
            key, name, who = f"{num % 150 + 1:02d}-NQ/TW", "Nghị quyết", "của Bộ Chính trị"
        if key in seen:
            continue
        seen.add(key)
        date = f"{year:04d}-{m:02d}-{d:02d}"
        text = f"{name} số {key} ngày {d:02d}/{m:02d}/{year}" + (f" {who}" if who else "")
        keys.append((text, key, date))
    return keys


def make_doc(i: int, rng: random.Random, keys: list, weights: list[float]) -> str:
    """One report; ``weights`` are cumulative (Zipf-like popularity of the keys)."""
    prov = PROVINCES[i % len(PROVINCES)]
    year = 2025
    body = rng.choice(BODIES)
    places = [(rng.choice(SYLLABLES) + " " + rng.choice(SYLLABLES)).title() for _ in range(3)]
    head = (f"ỦY BAN NHÂN DÂN TỈNH {prov.upper()}\n{body.upper()}\nSố: {rng.randint(1, 3000)}/BC-{i % 97}\n"
            f"{prov}, ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} năm {year}\n\nBÁO CÁO\n"
            f"Kết quả thực hiện công tác {rng.choice(TOPICS)} năm {year}\n\n")
    paras = []
    for _ in range(rng.randint(12, 30)):
        sent = []
        for _ in range(rng.randint(1, 3)):
            text, key, date = rng.choices(keys, cum_weights=weights)[0]
            if rng.random() < 0.002:  # the odd citation with a wrong day
                y, mo, d = date.split("-")
                text = text.replace(f"{d}/{mo}/{y}", f"{int(d) % 28 + 1:02d}/{mo}/{y}")
            n1 = rng.randint(100, 50000)
            sent.append(rng.choice(SENTENCES).format(
                ref=text, body=rng.choice(BODIES), topic=rng.choice(TOPICS), place=rng.choice(places),
                n1=f"{n1:,}".replace(",", "."), n2=f"{int(n1 * 0.95):,}".replace(",", "."),
                n3=rng.randint(2, 99), n4=rng.randint(1, 40), pct=f"{rng.uniform(60, 100):.2f}".replace(".", ","),
                day=rng.randint(1, 28), month=rng.randint(1, 12), year=year))
        paras.append(" ".join(sent))
    return head + "\n".join(f"{k + 1}. {p}" for k, p in enumerate(paras)) + "\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"


def generate(folder: Path, n: int, seed: int = 7) -> tuple[list, float]:
    """Write n reports into folder/NNN/…txt (1000 per folder); return the key pool and MB written."""
    rng = random.Random(seed)
    keys = make_keys(rng)
    weights = list(itertools.accumulate(1.0 / (r + 1) ** 1.05 for r in range(len(keys))))
    total = 0
    for i in range(n):
        sub = folder / f"{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        data = make_doc(i, rng, keys, weights).encode("utf-8")
        (sub / f"bc-{i:06d}.txt").write_bytes(data)
        total += len(data)
    return keys, total / 1e6


# --------------------------------------------------------------------------- --direct

_CITATION = re.compile(r"(Nghị định|Thông tư|Quyết định|Kế hoạch|Công văn|Nghị quyết) số (\S+) "
                       r"ngày (\d\d)/(\d\d)/(\d{4})")


def direct_record(path: str) -> dict:
    """The index record of one generated report, built without the reader (see ``--direct``)."""
    from extract.core.text import fold, fold_key, tone_normalize
    from extract.find.references import canonical_key

    text = Path(path).read_text(encoding="utf-8")
    lines = text.split("\n")
    paras, refs = [], []
    pos = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue  # the reader drops blank lines: offsets are into the text without them
        s = tone_normalize(line)
        paras.append((pos, None, i + 1, line, s if s != line else None, None, fold(s)))
        for m in _CITATION.finditer(line):
            key = canonical_key(m.group(2)) or m.group(2)
            year = re.search(r"/((?:19|20)\d\d)/", key)
            refs.append({
                "key": key, "cited_key": key, "key_fold": fold_key(key), "cited_fold": fold_key(key),
                "doc_type": m.group(1), "number": re.match(r"\d+", key).group(0),
                "year": int(year.group(1)) if year else None,
                "date": f"{m.group(5)}-{m.group(4)}-{m.group(3)}", "date_inherited": 0, "page": None,
                "line": i + 1, "start": pos + m.start(), "end": pos + m.end(), "quote": m.group(0),
                "kind": "numbered",
            })
        pos += len(line) + 1
    st = os.stat(path)
    number = re.search(r"^Số: (\S+)", text, re.MULTILINE)
    date = re.search(r"ngày (\d+) tháng (\d+) năm (\d{4})", text)
    return {
        "path": path, "sha256": None, "size": st.st_size, "mtime_ns": st.st_mtime_ns, "kind": "text",
        "pages": None, "doc_type": "Báo cáo", "number": number.group(1) if number else None,
        "issuer": lines[1].strip() if len(lines) > 1 else None,
        "date": f"{date.group(3)}-{int(date.group(2)):02d}-{int(date.group(1)):02d}" if date else None,
        "title": lines[6].strip() if len(lines) > 6 else None, "status": "ok", "reason": None,
        "chars": pos, "meta": {"stages": ["references"], "direct": True}, "paragraphs": paras, "refs": refs,
    }


def direct_index(corpus: Path, db: Path, workers: int | None) -> tuple[int, float]:
    """Write every generated report under ``corpus`` into ``db`` via :func:`direct_record`."""
    from concurrent.futures import ProcessPoolExecutor

    from extract.index.indexer import _paragraphs
    from extract.ingest.reader import read

    files = sorted(str(p) for p in corpus.rglob("*.txt"))
    for f in files[:: max(1, len(files) // 200)]:  # the shortcut must write what the indexer writes
        if direct_record(f)["paragraphs"] != _paragraphs(read(f)):
            raise SystemExit(f"--direct: {f}: paragraphs differ from the reader's; cannot take the shortcut")
    t0 = time.monotonic()
    n = 0
    with Store(db) as st, ProcessPoolExecutor(workers or os.cpu_count()) as pool:
        batch: list[dict] = []
        for rec in pool.map(direct_record, files, chunksize=64):
            batch.append(rec)
            if len(batch) >= 250:
                st.write_documents(batch)
                n += len(batch)
                batch = []
                if n % 10000 == 0:
                    print(f"direct: {n}/{len(files)} written, {time.monotonic() - t0:.0f} s", flush=True)
        if batch:
            st.write_documents(batch)
            n += len(batch)
    return n, time.monotonic() - t0


class RssSampler(threading.Thread):
    """Samples the RSS of this process and of its children every ``every`` seconds."""

    def __init__(self, every: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.every = every
        self.samples: list[tuple[float, int, int]] = []  # (time, parent, parent + children)
        self.stop = threading.Event()
        try:
            import psutil

            self.proc = psutil.Process()
        except ImportError:  # resource gives only the peak, at the end
            self.proc = None

    def run(self) -> None:
        while self.proc is not None and not self.stop.is_set():
            try:
                me = self.proc.memory_info().rss
                kids = sum(c.memory_info().rss for c in self.proc.children(recursive=True))
                self.samples.append((time.monotonic(), me, me + kids))
            except Exception:  # noqa: BLE001 - a child that just exited
                pass
            self.stop.wait(self.every)


def index_mib(db: str) -> str:
    """The size of the index: its file and WAL, or the PostgreSQL schema's tables."""
    if is_server_url(db):
        with Store(db, readonly=True) as st:
            n = st.execute("SELECT SUM(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n "
                           "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'").fetchone()[0]
        return f"{int(n or 0) / 2**20:.0f}"
    return f"{sum(Path(db + x).stat().st_size for x in ('', '-wal') if Path(db + x).exists()) / 2**20:.0f}"


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


CPU: list[float] = []  # the process CPU time of the calls last timed, ms


def timed(fn, reps: list) -> list[float]:
    """Wall-clock ms of ``fn(arg)`` for each arg (their CPU time goes to ``CPU``: on a
    busy machine the wall clock also counts waiting for a core)."""
    out = []
    CPU.clear()
    for arg in reps:
        t0, c0 = time.perf_counter(), time.process_time()
        fn(arg)
        out.append((time.perf_counter() - t0) * 1000)
        CPU.append((time.process_time() - c0) * 1000)
    return out


def search_queries(rng: random.Random) -> dict[str, list[str]]:
    """Search queries by kind: rare words (a few documents), medium, common words
    (most paragraphs), phrases and queries typed without diacritics."""
    return {
        "rare words": [f"BC-{rng.randint(1, 96)} {rng.choice(PROVINCES)}" for _ in range(6)]
        + [f"{rng.randint(1, 3000)}/BC-{rng.randint(0, 96)}" for _ in range(6)]
        + [f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}".title() + " tap huan" for _ in range(8)],
        "medium": ["tinh gian bien che", "SIPAS", "số hoá hồ sơ", "PAR INDEX", "tre hen keo dai",
                   "thanh tra tinh", "chuyen doi so", "tuyen dung nghi huu", "Đắk Nông", "cổng thông tin"],
        "common words": ["cai cach hanh chinh", "thu tuc hanh chinh", "ho so", "Ủy ban nhân dân", "ND-CP",
                         "thực hiện", "chinh phu", "co quan don vi", "quyết định", "ke hoach trien khai"],
        "phrase": ['"cai cach hanh chinh"', '"thủ tục hành chính"', '"dich vu cong truc tuyen"',
                   '"tinh gian bien che"', '"Ủy ban nhân dân tỉnh"', '"ho so truc tuyen toan trinh"',
                   '"so cong thuong"', '"nghi dinh so"'],
        "no diacritics": ["uy ban nhan dan", "to chuc bo may", "dak lak", "dich vu cong", "so hoa ho so",
                          "mot cua lien thong", "chi so hai long", "hien dai hoa", "nghi huu thoi viec",
                          "lop tap huan"],
    }


def time_queries(db: Path, keys: list, n_queries: int) -> None:
    """p50/p95 of cites (messy keys drawn from those the index holds) and search."""
    rng = random.Random(11)
    with Store(db, readonly=True) as st:
        used = [k for k in keys if st.execute(
            "SELECT 1 FROM refs WHERE cited_fold = fold_key(?) LIMIT 1", (k[1],)).fetchone()]
        sample = [rng.choice(used) for _ in range(n_queries)]

        def messy(k: tuple[str, str, str]) -> str:
            key = k[1]
            r = rng.random()
            if r < 0.4:
                return key
            if r < 0.7:
                return key.replace("Đ", "D").lower()
            parts = key.replace("-", "/").split("/")
            return " ".join(reversed(parts[1:])) + " " + parts[0] if len(parts) > 1 else key

        typed = [messy(k) for k in sample]
        Q.cites(st, typed[0])  # warm the vocabulary tables
        lat = timed(lambda q: Q.cites(st, q), typed)
        rows = [len(Q.cites(st, q)) for q in typed[:50]]
        print(f"cites (open store, {len(typed)} messy keys): p50 {pct(lat, 50):.2f} ms, p95 {pct(lat, 95):.2f} ms, "
              f"max {max(lat):.1f} ms; median rows {statistics.median(rows):.0f}, max rows {max(rows)}")
        top = Q.refs(st, limit=1)
        if not top.empty:
            t0 = time.perf_counter()
            nrows = len(Q.cites(st, top.iloc[0]["key"]))
            print(f"cites of the most-cited key {top.iloc[0]['key']} ({nrows} rows): "
                  f"{(time.perf_counter() - t0) * 1000:.0f} ms")
        queries = search_queries(rng)
        st.search("warm", limit=20)
        all_lat = []
        for cls, qs in queries.items():
            lat = timed(lambda q: st.search(q, limit=20), qs)
            all_lat += lat
            cpu = list(CPU)
            capped = sum(st.search(q, limit=20).capped for q in qs)
            print(f"search {cls:13s} ({len(qs):2d} queries): p50 {pct(lat, 50):7.1f} ms, p95 {pct(lat, 95):7.1f} ms, "
                  f"max {max(lat):7.1f} ms (CPU p50 {pct(cpu, 50):6.1f}, p95 {pct(cpu, 95):6.1f} ms)"
                  + (f"; {capped} ranked among the newest matches" if capped else ""))
        print(f"search all           ({len(all_lat)} queries): p50 {pct(all_lat, 50):7.1f} ms, "
              f"p95 {pct(all_lat, 95):7.1f} ms")
    few = [q for qs in queries.values() for q in qs[:3]]
    one_s = timed(lambda q: Q.search(db, q), few)
    print(f"search one-shot (opens the file each call, {len(few)} queries): p50 {pct(one_s, 50):.1f} ms, "
          f"p95 {pct(one_s, 95):.1f} ms")
    one = timed(lambda q: Q.cites(db, q), typed[:20])
    print(f"cites one-shot (opens the file each call): p50 {pct(one, 50):.1f} ms")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000, help="documents to generate (default 2000)")
    ap.add_argument("--workers", type=int, default=None, help="indexing processes (default: all cores)")
    ap.add_argument("--dir", type=Path, default=None, help="corpus folder (generated when empty)")
    ap.add_argument("--db", default=None,
                    help="index file or postgresql:// URL (default: a file inside the temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the generated corpus and index")
    ap.add_argument("--queries", type=int, default=200, help="cites queries to time")
    ap.add_argument("--query-only", action="store_true", help="time the queries on an existing --db only")
    ap.add_argument("--stages", default=None,
                    help="comma-separated stages (default: all — references,figures,statements,checks)")
    ap.add_argument("--executor", default="local", help="local (default), inline or dask://HOST:PORT")
    ap.add_argument("--no-queries", action="store_true", help="skip the query timings")
    ap.add_argument("--direct", action="store_true",
                    help="build the index straight from the generated files, without the reader (to time "
                         "queries at scale; see above)")
    a = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="baocao-bench-"))
    corpus = a.dir or tmp / "corpus"
    db = a.db or str(tmp / "bench.db")
    if not a.query_only and not is_server_url(db):
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
    try:
        if a.query_only:
            time_queries(db, make_keys(random.Random(7)), a.queries)
            return 0
        t0 = time.monotonic()
        if not corpus.exists() or not any(corpus.iterdir()):
            keys, mb = generate(corpus, a.n)
            print(f"generated {a.n} documents, {mb:.1f} MB, in {time.monotonic() - t0:.1f} s → {corpus}")
        else:
            keys = make_keys(random.Random(7))
            mb = sum(p.stat().st_size for p in corpus.rglob("*.txt")) / 1e6
            print(f"using {corpus}: {mb:.1f} MB")

        if a.direct:
            n, t_index = direct_index(corpus, db, a.workers)
            with Store(db) as st:
                c = st.counts()
            print(f"direct build: {n} documents in {t_index:.0f} s; index {index_mib(db)} MiB, "
                  f"{c['paragraphs']} paragraphs, {c['refs']} references")
            if not a.no_queries:
                time_queries(db, keys, a.queries)
            return 0

        sampler = RssSampler()
        progress: list[tuple[float, int]] = []
        counter = [0]

        def on_record(_rec: dict) -> None:
            counter[0] += 1
            if counter[0] % 200 == 0:
                progress.append((time.monotonic(), counter[0]))

        sampler.start()
        t0 = time.monotonic()
        s = index_paths([corpus], db, workers=a.workers, progress="always", on_record=on_record,
                        stages=a.stages, executor=a.executor)
        t_index = time.monotonic() - t0
        sampler.stop.set()
        sampler.join()
        import resource

        ru_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        ru_kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(s)
        rate = s.indexed / t_index
        print(f"indexing [{','.join(s.stages)}; {s.executor}]: {s.indexed} docs in {t_index:.1f} s = "
              f"{rate:.1f} docs/s, {mb / t_index:.2f} MB/s, "
              f"{rate / s.workers:.1f} docs/s per worker ({s.workers} workers, parent writes)")
        if sampler.samples:
            peak_parent = max(x[1] for x in sampler.samples) / 2**20
            peak_total = max(x[2] for x in sampler.samples) / 2**20
            n = len(sampler.samples)
            quarters = [sampler.samples[min(n - 1, int(n * q))][1] / 2**20 for q in (0.1, 0.25, 0.5, 0.75, 0.95)]
            print(f"peak RSS: parent {peak_parent:.0f} MiB, parent+workers {peak_total:.0f} MiB; parent RSS at "
                  "10/25/50/75/95 % of the run: " + " / ".join(f"{q:.0f}" for q in quarters) + " MiB")
        print(f"ru_maxrss: parent {ru_self:.0f} MiB, largest child {ru_kids:.0f} MiB")
        if len(progress) > 4:
            k = len(progress)
            a1, a2 = progress[k // 10], progress[k // 2]
            b1, b2 = progress[k // 2], progress[-1]
            print(f"rate first half {(a2[1] - a1[1]) / (a2[0] - a1[0]):.1f} docs/s, "
                  f"second half {(b2[1] - b1[1]) / max(b2[0] - b1[0], 1e-9):.1f} docs/s")
        t0 = time.monotonic()
        s2 = index_paths([corpus], db, workers=a.workers, progress=False, stages=a.stages, executor=a.executor)
        t_skip = time.monotonic() - t0
        print(f"second run: {s2.skipped} unchanged, {s2.indexed} indexed in {t_skip:.2f} s "
              f"({t_skip / t_index * 100:.1f} % of the first run)")
        with Store(db) as st:
            c = st.counts()
        print(f"index: {index_mib(db)} MiB; {c['documents']} documents, {c['refs']} references, "
              f"{c['figures']} figures, {c['statements']} statements, "
              f"{c['paragraphs']} paragraphs, {c['findings']} findings")

        if not a.no_queries:
            time_queries(db, keys, a.queries)
    finally:
        if a.keep:
            print(f"kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
