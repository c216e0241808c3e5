"""The batch indexer: incremental runs, failures recorded, pruning, the process
pool, figures/statements/findings in the index, stages, and THE KILL TEST — a run
killed with SIGKILL and rerun must give the same index as a run that was never
interrupted.  (The Dask executor: tests/test_indexer_dask.py.)"""
from __future__ import annotations

import io
import json
import os
import sqlite3
import sys
import textwrap
import time
from pathlib import Path

import pytest

from extract.index import queries as Q
from extract.index.indexer import (
    DEFAULT_STAGES,
    Progress,
    index_paths,
    parse_executor,
    resolve_stages,
    walk,
)
from extract.index.store import Store
from extract.ingest import ocr

from .conftest import kill_after_commits
from .test_store import make_report, write_reports

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """The index content that must not depend on how the run went: documents,
    references, findings, figures, statements, paragraphs (ids and timestamps left
    out)."""
    con = sqlite3.connect(db)
    out = {
        "documents": con.execute(
            "SELECT path, sha256, size, kind, pages, doc_type, number, issuer, date, title, status, reason, chars, "
            "meta FROM documents ORDER BY path").fetchall(),
        "refs": con.execute(
            'SELECT d.path, r.seq, r.key, r.cited_key, r.doc_type, r.number, r.year, r.type_code, r.issuer_code, '
            'r.issuer, r.date, r.page, r.line, r.start, r."end", r.quote, r.relation, r.pinpoint, r.kind '
            "FROM refs r JOIN documents d ON d.id = r.doc_id ORDER BY d.path, r.seq").fetchall(),
        "findings": con.execute(
            "SELECT d.path, f.rule, f.severity, f.message, f.stated, f.computed, f.tolerance, f.page, f.line, "
            'f.start, f."end", f.quote, f.data FROM findings f '
            'JOIN documents d ON d.id = f.doc_id ORDER BY d.path, f.start, f.rule, f."end", f.data').fetchall(),
        "figures": con.execute(
            "SELECT d.path, g.value, g.unit, g.counted, g.precision, g.label, g.label_fold, g.period, g.page, "
            'g.line, g.start, g."end", g.quote, g.data FROM figures g JOIN documents d ON d.id = g.doc_id '
            'ORDER BY d.path, g.start, g."end", g.data').fetchall(),
        "statements": con.execute(
            'SELECT d.path, s.kind, s.page, s.line, s.start, s."end", s.quote, s.data FROM statements s '
            'JOIN documents d ON d.id = s.doc_id ORDER BY d.path, s.start, s."end", s.kind, s.data').fetchall(),
        "paragraphs": con.execute(
            "SELECT d.path, p.start, p.page, p.line, p.text, p.search, p.lines FROM paragraphs p "
            "JOIN documents d ON d.id = p.doc_id ORDER BY d.path, p.start").fetchall(),
        "fts_rows": con.execute("SELECT COUNT(*) FROM fulltext_docsize").fetchall(),
    }
    con.close()
    return out


def search_view(db: Path, q: str) -> list[tuple]:
    df = Q.search(db, q, limit=200)
    return sorted(zip(df["doc"], df["line"], df["snippet"]))


# --------------------------------------------------------------------------- incremental


def test_walk_finds_reports_and_skips_hidden(tmp_path: Path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for rel in ["a/x.txt", "a/b/y.PDF", "a/b/z.docx", "a/notes.md", ".hidden/h.txt", "a/.dot.txt", "a/~$lock.docx"]:
        (tmp_path / rel).write_text("x", encoding="utf-8")
    files, roots, missing = walk([tmp_path, tmp_path / "nope.txt"])
    assert [Path(f).relative_to(tmp_path).as_posix() for f in files] == ["a/b/y.PDF", "a/b/z.docx", "a/x.txt"]
    assert roots == [str(tmp_path)] and missing == [(str(tmp_path / "nope.txt"), "no such file or directory")]


def test_second_run_skips_changed_file_reindexed_prune(tmp_path: Path):
    docs = tmp_path / "docs"
    paths = write_reports(docs, 6)
    db = tmp_path / "i.db"
    first = index_paths([docs], db, workers=1, progress=False)
    assert (first.files, first.indexed, first.skipped, first.failed) == (6, 6, 0, 0)
    assert first.refs > 0
    second = index_paths([docs], db, workers=1, progress=False)
    assert (second.indexed, second.skipped, second.rehashed) == (0, 6, 0)
    # a content change is re-indexed; the old content is gone
    paths[2].write_text(make_report(2, extra="Chỉ thị số 23/CT-TTg ngày 05/8/2024 của Thủ tướng Chính phủ."),
                        encoding="utf-8")
    third = index_paths([docs], db, workers=1, progress=False)
    assert (third.indexed, third.skipped) == (1, 5)
    assert list(Q.cites(db, "ct 23 ttg")["doc"]) == [str(paths[2])]
    # same content, new mtime: hashed, not re-read, and not hashed again next time
    st = paths[3].stat()
    os.utime(paths[3], ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    fourth = index_paths([docs], db, workers=1, progress=False)
    assert (fourth.indexed, fourth.skipped, fourth.rehashed) == (0, 6, 1)
    assert index_paths([docs], db, workers=1, progress=False).rehashed == 0
    # a deleted file stays indexed until --prune
    paths[0].unlink()
    keep = index_paths([docs], db, workers=1, progress=False)
    assert keep.pruned == 0 and "BC0000" in " ".join(Q.search(db, "BC0000")["snippet"])
    pruned = index_paths([docs], db, workers=1, progress=False, prune=True)
    assert pruned.pruned == 1 and pruned.files == 5
    assert Q.search(db, "BC0000").empty
    assert str(paths[0]) not in set(Q.cites(db, "107/2020/NĐ-CP")["doc"])
    with Store(db) as s:
        assert s.counts()["documents"] == 5


def test_prune_only_touches_the_folders_given(tmp_path: Path):
    a, b = tmp_path / "a", tmp_path / "b"
    pa, pb = write_reports(a, 2), write_reports(b, 2)
    db = tmp_path / "i.db"
    index_paths([a, b], db, workers=1, progress=False)
    pb[0].unlink()
    s = index_paths([a], db, workers=1, progress=False, prune=True)
    assert s.pruned == 0  # b/ was not given: its missing file is not pruned
    s = index_paths([b], db, workers=1, progress=False, prune=True)
    assert s.pruned == 1
    assert len(Q.documents(db)) == 3 and pa[0].exists()


def test_failures_are_recorded_and_the_run_goes_on(tmp_path: Path):
    docs = tmp_path / "docs"
    write_reports(docs, 3)
    (docs / "empty.txt").write_bytes(b"")
    (docs / "broken.docx").write_bytes(b"PK\x03\x04 this is not a zip")
    (docs / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    db = tmp_path / "f.db"
    s = index_paths([docs], db, workers=1, progress=False)
    assert (s.indexed, s.failed) == (3, 3)
    reasons = {Path(p).name: r for p, r in s.failures}
    assert reasons["empty.txt"] == "empty file"
    assert "ZIP" in reasons["broken.docx"]
    assert "binary" in reasons["binary.txt"]
    failed = Q.documents(db, status="failed")
    assert set(failed["doc"].map(lambda p: Path(p).name)) == set(reasons)
    assert all(failed["reason"].str.len() > 0)
    assert "failed: " in str(s) and "empty file" in str(s)
    # unchanged failures are not retried; a fixed file is indexed
    again = index_paths([docs], db, workers=1, progress=False)
    assert (again.indexed, again.failed, again.skipped) == (0, 0, 6)
    (docs / "empty.txt").write_text(make_report(9), encoding="utf-8")
    fixed = index_paths([docs], db, workers=1, progress=False)
    assert (fixed.indexed, fixed.failed) == (1, 0)
    assert len(Q.documents(db, status="failed")) == 2


def test_missing_path_is_reported_not_fatal(tmp_path: Path):
    write_reports(tmp_path / "d", 1)
    s = index_paths([tmp_path / "d", tmp_path / "nope"], tmp_path / "i.db", workers=1, progress=False)
    assert s.indexed == 1 and s.missing and s.missing[0][0].endswith("nope")


def test_process_pool_gives_the_same_index(tmp_path: Path):
    docs = tmp_path / "docs"
    write_reports(docs, 12)
    (docs / "empty.txt").write_bytes(b"")
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    index_paths([docs], one, workers=1, progress=False)
    s = index_paths([docs], two, workers=2, progress=False)
    assert s.workers == 2 and (s.indexed, s.failed) == (12, 1)
    assert snapshot(one) == snapshot(two)


def test_progress_line(tmp_path: Path):
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Tty()
    bar = Progress(10, True, out)
    bar.update(5, final=True)
    bar.close()
    text = out.getvalue()
    assert "index" in text and "5/10" in text and "files/s" in text  # the bar, drawn by rich
    quiet = io.StringIO()  # not a terminal: a log line only every few seconds, none for a short run
    Progress(10, True, quiet).update(3, final=True)
    assert quiet.getvalue() == ""
    forced = io.StringIO()
    bar = Progress(10, "always", forced)
    bar.update(3, final=True)
    bar.close()
    lines = forced.getvalue().splitlines()
    assert lines[0].startswith("index: 0/10") and lines[-1].startswith("index: 3/10")
    assert forced.getvalue().endswith("\n")


# --------------------------------------------------------------------------- the kill test

KILLED_RUN = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {root!r})
    from extract.index import indexer
    from extract.index import store
    where, delay = sys.argv[3], float(sys.argv[4])
    if where == "transaction":
        # sleep INSIDE the document's transaction, after its paragraphs and full-text
        # rows are written and before its references: a kill now must leave no trace
        orig = store.Store.write_documents
        store.Store.write_documents = lambda self, recs, _between=None: orig(
            self, recs, _between=lambda: time.sleep(delay))
    else:
        orig_pf = indexer.process_file
        def slow(*a, **k):
            time.sleep(delay)
            return orig_pf(*a, **k)
        indexer.process_file = slow
    executor = sys.argv[5] if len(sys.argv) > 5 else "local"
    indexer.index_paths([sys.argv[1]], sys.argv[2], workers=1, progress=False, batch_size=4, executor=executor)
""")


def _committed(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize("where", ["transaction", "between"])
def test_killed_run_resumes_to_the_same_index(tmp_path: Path, where: str):
    docs = tmp_path / "docs"
    write_reports(docs, 40)
    (docs / "x-empty.txt").write_bytes(b"")  # a failure is part of the index too
    ref_db, db = tmp_path / "ref.db", tmp_path / "killed.db"
    index_paths([docs], ref_db, workers=1, progress=False)

    script = tmp_path / "run.py"
    script.write_text(KILLED_RUN.format(root=str(ROOT)), encoding="utf-8")
    kill_after_commits([sys.executable, str(script), str(docs), str(db), where, "0.05"], lambda: _committed(db))

    # the killed index is consistent: every committed document is whole
    n = _committed(db)
    assert 8 <= n < 41
    with Store(db) as st:
        c = st.conn
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        c.execute("INSERT INTO fulltext(fulltext) VALUES ('integrity-check')")
        orphans = c.execute("SELECT COUNT(*) FROM refs WHERE doc_id NOT IN (SELECT id FROM documents)").fetchone()[0]
        assert orphans == 0
        no_refs = c.execute("SELECT COUNT(*) FROM documents d WHERE status = 'ok' AND NOT EXISTS "
                            "(SELECT 1 FROM refs r WHERE r.doc_id = d.id)").fetchone()[0]
        assert no_refs == 0
        fts = c.execute("SELECT COUNT(*) FROM fulltext_docsize").fetchone()[0]
        assert fts == c.execute("SELECT COUNT(*) FROM paragraphs").fetchone()[0]

    resumed = index_paths([docs], db, workers=1, progress=False)
    assert resumed.skipped == n and resumed.indexed + resumed.failed == 41 - n
    assert snapshot(db) == snapshot(ref_db)
    assert search_view(db, "cai cach hanh chinh") == search_view(ref_db, "cai cach hanh chinh")
    assert Q.cites(db, "nd 107/2020").equals(Q.cites(ref_db, "nd 107/2020"))


# --------------------------------------------------------------------------- real corpus


@pytest.mark.real
def test_real_corpus(tmp_path: Path):
    if not SHARED.is_dir():
        pytest.skip("../shared/corpus is absent")
    db = tmp_path / "real.db"
    t0 = time.monotonic()
    first = index_paths([SHARED], db, progress=False)
    t_first = time.monotonic() - t0
    assert first.indexed >= 60 and (first.failed >= 1 or ocr.available())
    # the seed report cites NĐ 107/2020 with page/line
    df = Q.cites(db, "107/2020/NĐ-CP")
    seed = df[df["doc"].str.contains("/seed/")]
    assert len(seed) >= 3
    assert seed["line"].notna().all() and 403 in set(seed["line"])
    assert seed.iloc[0]["quote"].startswith("Nghị định số 107/2020/NĐ-CP")
    assert len(Q.cites(db, "nd 107/2020")) == len(df)
    # scans are read by OCR; without tesseract they are recorded as failed with their reason
    failed = Q.documents(db, status="failed").set_index("doc")["reason"].to_dict()
    by_name = {Path(p).name: r for p, r in failed.items()}
    if ocr.available():
        assert not {"qd-932-ttg-2025-scan.pdf", "qd-1406-ubnd-2025-scan-badocr.pdf"} & set(by_name)
    else:
        assert by_name["qd-932-ttg-2025-scan.pdf"].startswith("no text layer — needs OCR")
        assert by_name["qd-1406-ubnd-2025-scan-badocr.pdf"].startswith("text layer is garbage")
        assert by_name["kh-753-dct-2026-scan.pdf"].startswith("no text layer")
    # full text without diacritics finds the reform reports, with page:line
    hits = Q.search(db, "cai cach thu tuc hanh chinh", limit=50)
    assert len(hits) >= 10 and hits["line"].notna().all()
    assert any("lamdong" in d for d in hits["doc"])
    pdf_hits = Q.search(db, "ND-CP", limit=50)
    assert pdf_hits["page"].notna().any()
    # the second run skips everything, in under a tenth of the first run's time
    t0 = time.monotonic()
    second = index_paths([SHARED], db, progress=False)
    t_second = time.monotonic() - t0
    assert second.indexed == 0 and second.failed == 0 and second.skipped == first.files
    assert t_second < t_first / 10


# --------------------------------------------------------------------------- stages and crashes


def crash_stage(doc, refs):
    """A stage that kills its worker process on one file (as a crashing PDF library would)."""
    if "crash-me" in doc.path:
        os._exit(3)
    return {}


def figure_stage(doc, refs):
    """A stand-in for the figures stage: one figure per report, with its place."""
    i = doc.text.index("thủ tục.")
    page, line = doc.locate(i)
    value = doc.text[:i].rsplit(" ", 2)[-2]
    return {"figures": [{"label": "Số thủ tục hành chính được rà soát", "value": value, "unit": "thủ tục",
                         "page": page, "line": line, "start": i, "end": i + 7, "quote": doc.text[i - 30:i + 7],
                         "data": {"stage": "test"}}]}


def test_a_worker_crash_is_recorded_and_the_run_goes_on(tmp_path: Path):
    docs = tmp_path / "docs"
    write_reports(docs, 6)
    (docs / "crash-me.txt").write_text(make_report(3), encoding="utf-8")
    db = tmp_path / "c.db"
    s = index_paths([docs], db, workers=2, progress=False, stages=["tests.test_indexer:crash_stage"])
    assert (s.indexed, s.failed) == (6, 1)
    assert s.failures[0][0].endswith("crash-me.txt") and "crashed" in s.failures[0][1]


def test_extra_stages_fill_figures(tmp_path: Path):
    docs = tmp_path / "docs"
    write_reports(docs, 3)
    db = tmp_path / "g.db"
    index_paths([docs], db, workers=1, progress=False, stages=["references", "tests.test_indexer:figure_stage"])
    df = Q.figures(db, label="so thu tuc hanh chinh duoc ra soat")
    assert sorted(df["value"]) == ["10", "11", "12"]
    assert set(df["line"]) == {14} and (df["match"] >= 80).all()
    assert Q.figures(db, label="kinh phí chi thường xuyên").empty
    assert len(Q.figures(db)) == 3


# --------------------------------------------------------------------------- figures, statements, all findings

PARTS_ERROR = ("3. Tổng số biểu mẫu đã rà soát là 424 biểu mẫu, trong đó: giữ nguyên 352 biểu mẫu; "
               "sửa đổi 70 biểu mẫu.")


def test_figures_statements_and_all_findings_are_indexed_by_default(tmp_path: Path):
    docs = tmp_path / "docs"
    write_reports(docs, 2, extra=PARTS_ERROR)
    db = tmp_path / "all.db"
    s = index_paths([docs], db, workers=1, progress=False)
    assert s.stages == DEFAULT_STAGES and s.indexed == 2
    assert s.figures > 0 and s.statements >= 2 and s.checked >= 2 and s.findings.get("warning") == 2  # a list that may name some parts only: a warning
    assert "figure(s)" in str(s) and "checked" in str(s)
    # figures: value as a decimal string, unit, label, place, the text as written
    figs = Q.figures(db, label="so thu tuc hanh chinh duoc ra soat")
    assert sorted(figs["value"]) == ["10", "11"] and set(figs["unit"]) == {"thủ tục"}
    assert set(figs["line"]) == {14} and set(figs["quote"]) == {"10 thủ tục", "11 thủ tục"} or len(figs) == 2
    # the number rule's finding, with what was stated and computed, and where
    num = Q.findings(db, rule="NUM002")
    assert len(num) == 2 and set(num["stated"]) == {"424"} and set(num["computed"]) == {"352 + 70 = 422"}
    assert set(num["line"]) == {15} and (num["tolerance"] == "0").all()
    assert num.iloc[0]["quote"].startswith("424 biểu mẫu, trong đó")
    con = sqlite3.connect(db)
    try:
        # the finding keeps the figures it rests on, pointing at the figure rows
        data = json.loads(con.execute("SELECT data FROM findings WHERE rule = 'NUM002' LIMIT 1").fetchone()[0])
        assert [i["role"] for i in data["involved"]] == ["whole", "part", "part"]
        assert data["message_en"].startswith("The parts add up to less")
        doc_id = con.execute("SELECT doc_id FROM findings WHERE rule = 'NUM002' LIMIT 1").fetchone()[0]
        rows = con.execute("SELECT value, unit, start, data FROM figures WHERE doc_id = ? ORDER BY id",
                           (doc_id,)).fetchall()
        assert [json.loads(r[3])["index"] for r in rows] == list(range(len(rows)))
        whole = rows[data["involved"][0]["figure"]]
        assert (whole[0], whole[1], whole[2]) == ("424", "biểu mẫu", data["involved"][0]["start"])
        assert [rows[i["figure"]][0] for i in data["involved"][1:]] == ["352", "70"]
        # the statement: parts of a whole, with its figures by role
        st = con.execute("SELECT kind, line, quote, data FROM statements WHERE doc_id = ? AND kind = 'parts'",
                         (doc_id,)).fetchone()
        sd = json.loads(st[3])
        assert st[1] == 15 and sd["whole"] == "424" and sd["parts"] == ["352", "70"] and sd["complete"] is True
        assert [(f["role"], rows[f["index"]][0]) for f in sd["figures"]] == [("whole", "424"), ("part", "352"),
                                                                             ("part", "70")]
        # reference findings still come (through the rule engine now), placed on their reference
        meta = json.loads(con.execute("SELECT meta FROM documents WHERE id = ?", (doc_id,)).fetchone()[0])
        assert meta["stages"] == list(DEFAULT_STAGES) and meta["coverage"]["statements_checked"] >= 1
    finally:
        con.close()


def test_reference_only_index_and_a_later_run_that_wants_more(tmp_path: Path):
    docs = tmp_path / "docs"
    write_reports(docs, 3, extra=PARTS_ERROR, date_107="14/9/2021")  # REF001: year differs from the number
    db = tmp_path / "r.db"
    fast = index_paths([docs], db, workers=1, progress=False, stages=("references",))
    assert fast.stages == ("references",) and fast.figures == 0 and "figure(s)" not in str(fast)
    with Store(db) as st:
        c = st.counts()
    assert c["figures"] == c["statements"] == 0 and c["refs"] > 0
    assert set(Q.findings(db)["rule"]) == {"REF001"}  # the reference rules run without the checks stage
    ref_findings = Q.findings(db)
    # the same stages again: nothing to do
    assert index_paths([docs], db, workers=1, progress=False, stages="references").indexed == 0
    # every stage asked for: the documents indexed with fewer are read again, though unchanged
    full = index_paths([docs], db, workers=1, progress=False)
    assert (full.indexed, full.skipped) == (3, 0)
    with Store(db) as st:
        assert st.counts()["figures"] > 0
    assert set(Q.findings(db)["rule"]) == {"REF001", "NUM002"}
    again = Q.findings(db, rule="REF001")
    assert again[["doc", "page", "line", "quote", "message"]].equals(ref_findings[["doc", "page", "line", "quote",
                                                                                    "message"]])
    # and then skipped; asking for fewer than the index holds re-reads nothing
    assert index_paths([docs], db, workers=1, progress=False).indexed == 0
    assert index_paths([docs], db, workers=1, progress=False, stages=("references",)).indexed == 0


def test_resolve_stages_and_executors():
    assert resolve_stages(None) == DEFAULT_STAGES == ("references", "figures", "statements", "checks")
    assert resolve_stages("checks") == DEFAULT_STAGES
    assert resolve_stages(["statements"]) == ("figures", "statements")
    assert resolve_stages(()) == ()
    assert resolve_stages(["m:f", "references", "m:f"]) == ("references", "m:f")
    with pytest.raises(ValueError, match="unknown stage 'refs'"):
        resolve_stages(["refs"])
    assert parse_executor("local") == ("local", None) and parse_executor(None) == ("local", None)
    assert parse_executor("INLINE") == ("inline", None)
    assert parse_executor("dask://10.0.0.5:8786") == ("dask", "tcp://10.0.0.5:8786")
    assert parse_executor("dask+tls://sched:8786") == ("dask", "tls://sched:8786")
    for bad in ("dask://", "spark://x:1", "pool"):
        with pytest.raises(ValueError):
            parse_executor(bad)
    with pytest.raises(ValueError, match="unknown executor"):
        index_paths([ROOT / "corpus"], ":memory:", executor="threads")


def test_inline_executor_gives_the_same_index(tmp_path: Path):
    docs = tmp_path / "docs"
    write_reports(docs, 4, extra=PARTS_ERROR)
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    index_paths([docs], a, workers=2, progress=False)
    s = index_paths([docs], b, workers=2, progress=False, executor="inline")
    assert s.workers == 1 and s.executor == "inline"
    assert snapshot(a) == snapshot(b)


def test_a_failing_stage_keeps_the_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import extract.find.extraction

    def broken(doc, **kw):
        raise RuntimeError("figure extractor bug")

    monkeypatch.setattr(extract.find.extraction, "extract_figures", broken)
    docs = tmp_path / "docs"
    write_reports(docs, 2, extra=PARTS_ERROR, date_107="14/9/2021")
    db = tmp_path / "s.db"
    s = index_paths([docs], db, workers=1, progress=False)
    assert (s.indexed, s.failed, s.refs > 0) == (2, 0, True)
    assert [r for _p, r in s.stage_errors] == ["figures: RuntimeError: figure extractor bug",
                                               "statements: not run: figures failed",
                                               "checks: not run: figures and statements failed"] * 2
    assert "partly indexed: " in str(s)
    # the document keeps its references and their findings; no figures
    assert set(Q.findings(db)["rule"]) == {"REF001"} and Q.figures(db).empty
    errs = Q.documents(db)
    assert len(errs) == 2 and (errs["status"] == "ok").all()


@pytest.mark.real
def test_seed_report_number_findings_are_in_the_index(tmp_path: Path):
    seed = SHARED / "seed"
    if not seed.is_dir():
        pytest.skip("../shared/corpus is absent")
    db = tmp_path / "seed.db"
    s = index_paths([seed], db, progress=False, executor="inline")
    assert s.indexed == 1 and s.figures > 50 and s.statements > 5
    num3 = Q.findings(db, rule="NUM003")
    assert len(num3) == 1
    row = num3.iloc[0]
    assert (row["severity"], row["stated"], row["computed"]) == ("error", "12 - 14", "13 - 15")
    assert row["line"] == 355 and row["quote"].startswith("từ 12 - 14 cán bộ, công chức (trong đó có 01 lãnh đạo")
    assert {"NUM006", "DAT001"} <= set(Q.findings(db)["rule"])
    ranges = Q.figures(db)
    assert "12 - 14 cán bộ" in " ".join(ranges["quote"])
