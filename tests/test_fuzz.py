"""Fuzzing (issue #14): random text, bytes, DOCX, PDFs and queries through the
readers, every find stage, the checks and the search.  Allowed outcomes: a
Document with no stage error, or one :class:`ReadError` (a query: a ValueError);
anything else is a crash, and a file over its time budget is a hang.

Each target runs 150-300 examples in CI (under a minute for all on two cores).  A longer run:

    BAOCAO_FUZZ_SECONDS=1800 BAOCAO_FUZZ_SAVE=1 pytest tests/test_fuzz.py -s

loops every target until its share of the time is spent, prints how many inputs it
tried, and saves every failing input under tests/fuzz_regressions/ (small files, to
be committed: :func:`test_regression_files` replays them on every run).
"""
from __future__ import annotations

import hashlib
import os
import re
import signal
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

try:
    import resource  # POSIX: the memory check
except ImportError:  # pragma: no cover
    resource = None  # type: ignore[assignment]

from extract.checks import check_document
from extract.core import limits
from extract.core.errors import ReadError
from extract.core.limits import Limits
from extract.find.extraction import Extraction
from extract.index import queries
from extract.index.indexer import index_paths
from extract.ingest import docx as docx_mod
from extract.ingest.reader import document_from_text, read
from tests import hostile_files as hf

REGRESSIONS = Path(__file__).resolve().parent / "fuzz_regressions"
SECONDS = float(os.environ.get("BAOCAO_FUZZ_SECONDS", "0"))  # 0: one round per target (CI)
SAVE = bool(os.environ.get("BAOCAO_FUZZ_SAVE"))
#: a single input taking more CPU seconds than this is a hang
HANG_SECONDS = 20.0
TRIED: Counter[str] = Counter()
TARGETS = 5


class Hang(BaseException):
    pass


@contextmanager
def production_stack() -> Iterator[None]:
    """Hypothesis raises the recursion limit while it runs a test; the command line
    runs with Python's default (1000) and ~30 frames in use: give the code under test
    that much stack, not more, so that input nested to exhaust it fails here too."""
    depth, f = 0, sys._getframe()
    while f is not None:
        depth, f = depth + 1, f.f_back
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 970)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


@contextmanager
def bounded(seconds: float = HANG_SECONDS) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        with production_stack():
            yield
        return

    def on_alarm(signum, frame):
        raise Hang(f"over {seconds} s of CPU")

    # CPU time (ITIMER_PROF), not wall time: on a shared machine the wall clock says
    # more about the neighbours than about the input
    old = signal.signal(signal.SIGPROF, on_alarm)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        with production_stack():
            yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)


@pytest.fixture(autouse=True)
def _budgets():
    # small budgets, so that a generated input meets them, and a time budget per input
    limits.set_current(Limits(chars=200_000, figures=20_000, unpacked_bytes=32 * 1024 * 1024))
    yield
    limits.set_current(None)


def _save(kind: str, data: bytes, ext: str) -> None:
    """Keep the failing input: one file per failure (exception type and the line that
    raised it), the smallest input seen for it (Hypothesis shrinks towards it)."""
    if not SAVE:
        return
    exc = sys.exc_info()[1]
    tb = traceback.extract_tb(exc.__traceback__)[-1] if exc is not None and exc.__traceback__ else None
    where = f"{type(exc).__name__}@{Path(tb.filename).name}:{tb.lineno}" if tb else repr(exc)
    REGRESSIONS.mkdir(exist_ok=True)
    path = REGRESSIONS / f"{kind}-{hashlib.sha256(where.encode()).hexdigest()[:10]}{ext}"
    if not path.exists() or path.stat().st_size > len(data):
        path.write_bytes(data)


def _whole_pipeline(doc) -> None:
    ex = Extraction(doc)
    for stage in ("figures", "statements", "references", "dates", "period"):
        getattr(ex, stage)
    check_document(ex)
    assert not ex.errors, ex.errors


def _read_file(path: Path) -> None:
    """read + every stage; a ReadError is an allowed answer."""
    try:
        doc = read(path)
    except ReadError as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    _whole_pipeline(doc)


def _run(kind: str, ext: str, data: bytes, tmp: Path) -> None:
    TRIED[kind] += 1
    p = tmp / f"f{TRIED[kind]}{ext}"
    p.write_bytes(data)
    try:
        with bounded():
            _read_file(p)
    except BaseException:
        _save(kind, data, ext)
        raise
    finally:
        p.unlink(missing_ok=True)


FAILED: list[str] = []


def _loop(target: Callable[[], None]) -> None:
    """One round (CI), or rounds until this target's share of BAOCAO_FUZZ_SECONDS; in
    a long run a failure is reported and the loop goes on (its input is saved), the
    test fails at the end."""
    peak0 = _peak_mb()
    _loop_inner(target)
    grew = _peak_mb() - peak0
    assert grew < MEMORY_MB, f"an input took {grew:.0f} MB more than the process held before (budget overrun)"


#: the most one input may add to the process's peak memory
MEMORY_MB = 1024


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 if resource else 0.0


def _loop_inner(target: Callable[[], None]) -> None:
    if not SECONDS:
        target()
        return
    end = time.monotonic() + SECONDS / TARGETS
    failures = []
    while True:
        try:
            target()
        except Exception as exc:  # noqa: BLE001 - keep fuzzing, fail at the end
            failures.append(f"{type(exc).__name__}: {str(exc)[:300]}")
            print(f"\nFUZZ FAILURE: {failures[-1]}", flush=True)
        print(f"\nfuzz inputs tried so far: {dict(TRIED)} (total {sum(TRIED.values())}); "
              f"failures: {len(FAILED) + len(failures)}", flush=True)
        if time.monotonic() >= end:
            break
    FAILED.extend(failures)
    assert not failures, failures


def _settings(n: int):
    return settings(max_examples=n if not SECONDS else 200, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))


# --------------------------------------------------------------------------- strategies

SYLLABLES = ("báo cáo", "tổng số", "trong đó", "gồm", "bao gồm", "cụ thể", "đạt", "tỷ lệ", "chiếm", "so với",
             "tăng", "giảm", "còn", "còn lại", "kế hoạch", "dự toán giao", "năm 2024", "cùng kỳ", "hồ sơ",
             "nhiệm vụ", "đơn vị", "xã", "phường", "tỷ đồng", "triệu đồng", "người", "cán bộ", "%", "Đối với",
             "công chức", ":", ";", ",", ".", "(", ")", "/", "-", "–", "•", "+", "a)", "1.", "II.", "Điều 5",
             "Nghị định số", "Quyết định số", "ngày", "tháng", "từ", "đến", "Hoàn thành", "UBND", "HĐND",
             "Số:", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Nơi nhận:", "CHỦ TỊCH", "KT.")
NUMBERS = st.one_of(
    st.integers(0, 10**9).map(str),
    st.integers(0, 10**9).map(lambda n: f"{n:,}".replace(",", ".")),
    st.tuples(st.integers(0, 9999), st.integers(0, 99)).map(lambda t: f"{t[0]},{t[1]:02d}"),
    st.tuples(st.integers(0, 999), st.integers(1, 999)).map(lambda t: f"{t[0]}/{t[1]}"),
    st.tuples(st.integers(0, 99), st.integers(0, 99)).map(lambda t: f"{t[0]} - {t[1]}"),
    st.tuples(st.integers(1, 31), st.integers(1, 13), st.integers(1990, 2030)).map(lambda t: f"{t[0]}/{t[1]}/{t[2]}"),
    st.tuples(st.integers(1, 9999), st.integers(1990, 2030)).map(lambda t: f"{t[0]}/{t[1]}/NĐ-CP"),
    st.sampled_from(["0", "00", "1e9", "9" * 40, "1.2.3.4", "1,2,3", "½", "٣", "１２", "-0", "+5"]),
)
CONTROLS = st.sampled_from(["\x00", "\x1b[31m", "\x07", "\r", "\t", "\x0c", "\x7f", "\x85", "\u202e", "\u2066",
                            "\u200b", "\ufeff", "\ufffd", "\ud7ff", "\U0001f600", "\u0301", "\u00a0"])
PIECES = st.one_of(st.sampled_from(SYLLABLES), NUMBERS, CONTROLS, st.just(" "), st.just("\n"),
                   st.just("\n\n"), st.text(max_size=6))
TEXTS = st.lists(PIECES, max_size=120).map(" ".join)


# --------------------------------------------------------------------------- targets


def test_fuzz_text(tmp_path):
    @_settings(300)
    @given(TEXTS, st.integers(1, 30))
    def one(text: str, repeat: int) -> None:
        TRIED["text"] += 1
        body = (hf.HEAD + text) * (1 if repeat < 25 else repeat)  # sometimes long
        try:
            with bounded():
                _whole_pipeline(document_from_text(body))
        except BaseException:
            _save("text", body.encode("utf-8", "surrogatepass"), ".txt")
            raise

    _loop(one)


def test_fuzz_bytes(tmp_path):
    """Bytes as a text file: encodings, BOMs, bad sequences, NULs."""
    @_settings(200)
    @given(st.lists(st.one_of(TEXTS.map(lambda t: t.encode("utf-8", "surrogatepass")),
                              TEXTS.map(lambda t: t.encode("utf-16-le", "surrogatepass")),
                              st.binary(max_size=40),
                              st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"%PDF-", b"PK\x03\x04",
                                               b"{\\rtf1 ", b"\xd0\xcf\x11\xe0"])), max_size=8).map(b"".join))
    def one(data: bytes) -> None:
        _run("bytes", ".txt", hf.REPORT.encode() + data if data[:1] != b"%" else data, tmp_path)

    _loop(one)


TAGS = ("p", "r", "t", "tbl", "tr", "tc", "sdt", "sdtContent", "hyperlink", "ins", "del", "smartTag", "fldChar",
        "instrText", "rPr", "pPr", "vanish", "vertAlign", "footnoteReference", "br", "tab", "sectPr", "tblGrid",
        "gridCol", "gridSpan", "vMerge", "tcPr", "trPr", "gridBefore", "pStyle", "sz", "txbxContent", "drawing")
ATTRS = st.dictionaries(st.sampled_from(["w:val", "w:id", "w:type", "w:fldCharType", "xml:space"]),
                        st.sampled_from(["", "0", "1", "-1", "99999999999", "begin", "separate", "end", "restart",
                                         "superscript", "true", "false", "x", "preserve"]), max_size=2)


def _xml(depth: int = 0):
    leaf = st.one_of(TEXTS.map(lambda t: re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", t)
                               .replace("&", "&amp;").replace("<", "&lt;")),
                     st.just(""))
    if depth >= 5:
        return leaf
    return st.one_of(leaf, st.builds(
        lambda tag, attrs, kids: f"<w:{tag}{''.join(f' {k}={chr(34)}{v}{chr(34)}' for k, v in attrs.items())}>"
                                 f"{''.join(kids)}</w:{tag}>",
        st.sampled_from(TAGS), ATTRS, st.lists(st.deferred(lambda: _xml(depth + 1)), max_size=4)))


WRAPPERS = (("<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>"),
            ("<w:tbl><w:tr><w:tc>", "</w:tc></w:tr></w:tbl>"),
            ("<w:p><w:hyperlink>", "</w:hyperlink></w:p>"), ("<w:hyperlink>", "</w:hyperlink>"),
            ("<w:ins>", "</w:ins>"), ("<w:smartTag>", "</w:smartTag>"))


def test_fuzz_docx(tmp_path, monkeypatch):
    """Random nested WordprocessingML, broken XML, random parts, deep nesting, a large
    part now and then; streamed or not."""
    @_settings(150)
    @given(st.lists(_xml(), max_size=12).map("".join), st.booleans(), st.integers(0, 3),
           st.binary(max_size=30), st.lists(st.sampled_from(WRAPPERS), max_size=3),
           st.one_of(st.integers(0, 10), st.integers(300, 1500)), st.integers(0, 39))
    def one(body: str, stream: bool, damage: int, junk: bytes, wrappers: list, depth: int, huge: int) -> None:
        monkeypatch.setattr(docx_mod, "STREAM_ABOVE", 0 if stream else 8 * 1024 * 1024)
        if huge == 0:  # one in 40: a large part (1.2 MB over a 1 MB threshold), as a bomb has
            monkeypatch.setattr(docx_mod, "STREAM_ABOVE", 1024 * 1024)
            unit = body + hf.para("Tổng số 5 hồ sơ, trong đó 2 hồ sơ quá hạn.")
            body = unit * (1200 * 1024 // len(unit.encode()) + 1)
        for k in range(depth if wrappers else 0):  # deep nesting: hundreds of levels
            open_, close = wrappers[k % len(wrappers)]
            body = open_ + body + close
        extra = {}
        if damage == 1:
            body = body[:len(body) // 2]  # not well-formed
        elif damage == 2:
            extra = {"word/footnotes.xml": junk, "word/styles.xml": junk}
        data = hf.docx_bytes(body, extra=extra)
        if damage == 3 and len(data) > 40:
            data = data[:len(data) - len(junk) - 1] + junk  # a damaged archive
        _run("docx", ".docx", data, tmp_path)

    _loop(one)


@pytest.fixture(scope="module")
def base_pdf() -> bytes:
    pytest.importorskip("fpdf")
    if not hf.FONT.exists():
        pytest.skip("DejaVu font not installed")
    return hf.pdf_bytes(hf.PDF_LINES, pages=2)


def test_fuzz_pdf(tmp_path, base_pdf):
    """A real small PDF truncated, its objects shuffled, random bytes in its streams."""
    objs = [m.start() for m in re.finditer(rb"\d+ 0 obj", base_pdf)]

    @_settings(150)
    @given(st.sampled_from(["truncate", "shuffle", "flip", "insert"]), st.integers(0, 10**9),
           st.binary(min_size=1, max_size=64))
    def one(how: str, at: int, junk: bytes) -> None:
        d = base_pdf
        if how == "truncate":
            d = d[:at % len(d)]
        elif how == "shuffle" and len(objs) > 2:
            cuts = objs + [d.rfind(b"xref")]
            blocks = [d[a:b] for a, b in zip(cuts, cuts[1:])]
            k = at % len(blocks)
            blocks = blocks[k:] + blocks[:k]
            d = d[:objs[0]] + b"".join(blocks) + d[cuts[-1]:]
        elif how == "flip":
            streams = [m.end() for m in re.finditer(rb"stream\r?\n", d)] or [len(d) // 2]
            pos = streams[at % len(streams)] + (at // 7) % 50
            d = d[:pos] + junk + d[pos + len(junk):]
        else:
            pos = at % len(d)
            d = d[:pos] + junk + d[pos:]
        _run("pdf", ".pdf", d, tmp_path)

    _loop(one)


@pytest.fixture(scope="module")
def small_index(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("fuzz") / "q.db"
    index_paths([hf.Path(__file__).resolve().parent.parent / "corpus"], db, workers=1, progress=False,
                stages=("references",))
    return db


QUERY_PIECES = st.one_of(st.sampled_from(SYLLABLES), NUMBERS, CONTROLS,
                         st.sampled_from(['"', "'", "*", "-", "OR", "AND", "NOT", "NEAR(", ")", "(", "^", ":", "{",
                                          "}", "+", "col:", "NEAR/2", "\\", "%", "_", "--", ";", "/*"]),
                         st.text(max_size=5))


def test_fuzz_queries(small_index):
    @_settings(300)
    @given(st.lists(QUERY_PIECES, max_size=30).map(" ".join), st.booleans())
    def one(q: str, fold_mode: bool) -> None:
        TRIED["query"] += 1
        try:
            with bounded(5.0):
                df = queries.search(small_index, q, limit=5, fold_mode=fold_mode)
            assert list(df.columns) == ["doc", "page", "line", "snippet", "rank", "score"]
        except ValueError as exc:
            assert "\n" not in str(exc)
        except BaseException:
            _save("query", q.encode("utf-8", "surrogatepass"), ".query")
            raise

    _loop(one)


def test_regression_files(tmp_path, small_index):
    """Every input a fuzz run saved stays fixed."""
    for p in sorted(REGRESSIONS.glob("*")) if REGRESSIONS.is_dir() else []:
        if p.suffix == ".query":
            try:
                with bounded(5.0):
                    queries.search(small_index, p.read_bytes().decode("utf-8", "surrogatepass"), limit=5)
            except ValueError:
                pass
        elif p.name.startswith("text-"):
            with bounded():
                _whole_pipeline(document_from_text(p.read_bytes().decode("utf-8", "surrogatepass")))
        else:
            with bounded():
                _read_file(p)


def teardown_module(module) -> None:
    if SECONDS:
        print(f"\nfuzz inputs tried: {dict(TRIED)} (total {sum(TRIED.values())}); failures: {len(FAILED)}")
