"""The Dask executor of the batch indexer: the same index as the local pool, failures
recorded per file, a lost or unreachable cluster stopping the run with one clear
error and a consistent index, and the kill test over Dask.

One local cluster (2 worker processes, 1 thread each) serves the whole module: it
takes seconds to start.  Its scheduler gives up on a task after the first worker
that dies running it (``allowed-failures`` 0), so the crash test does not wait for
four worker restarts.  Skipped when dask.distributed is not installed (the ``dask``
extra)."""
from __future__ import annotations

import logging
import shutil
import socket
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from .conftest import kill_after_commits

distributed = pytest.importorskip("distributed")
import dask  # after the skip

from extract.core.limits import Limits
from extract.index import queries as Q
from extract.index.indexer import ExecutorError, index_paths
from extract.index.store import Store

from .test_hostile import _stage_files
from .test_indexer import KILLED_RUN, PARTS_ERROR, _committed, snapshot
from .test_store import make_report, write_reports

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cluster():
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cl = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0",
                                      silence_logs=logging.CRITICAL)
    try:
        yield cl
    finally:
        cl.close()


def executor_of(cl) -> str:
    """``dask://HOST:PORT`` for a cluster, as a user would type it."""
    addr = cl.scheduler_address
    assert addr.startswith("tcp://")
    return "dask://" + addr[len("tcp://"):]


def bad_files(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 this is not a zip")
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- same index


def test_dask_gives_the_same_index_as_the_local_pool(cluster, tmp_path: Path):
    """The project's corpus/ (PDF, DOCX, text) plus two unreadable files."""
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)  # a copy: the paths are part of the index
    bad = bad_files(tmp_path / "bad")
    local_db, dask_db = tmp_path / "local.db", tmp_path / "dask.db"
    local = index_paths([corpus, bad], local_db, workers=2, progress=False)
    s = index_paths([corpus, bad], dask_db, progress=False, executor=executor_of(cluster), batch_size=3)
    assert s.workers == 2 and s.executor == cluster.scheduler_address
    assert (s.indexed, s.failed) == (local.indexed, local.failed) == (local.indexed, 2)
    assert s.indexed >= 5 and s.figures == local.figures > 0 and s.findings == local.findings
    assert "worker thread(s) on tcp://" in str(s)
    reasons = {Path(p).name: r for p, r in s.failures}
    assert reasons["empty.txt"] == "empty file" and "ZIP" in reasons["broken.docx"]
    a, b = snapshot(local_db), snapshot(dask_db)
    assert a["figures"] and a["findings"] and a["refs"]
    assert a == b
    # a second run over Dask skips everything without connecting work to the cluster
    again = index_paths([corpus, bad], dask_db, progress=False, executor=executor_of(cluster))
    assert (again.indexed, again.failed, again.skipped) == (0, 0, s.indexed + 2)


def test_a_file_that_kills_its_dask_worker_is_recorded(cluster, tmp_path: Path):
    docs = tmp_path / "docs"
    write_reports(docs, 4)
    (docs / "crash-me.txt").write_text(make_report(3), encoding="utf-8")
    db = tmp_path / "c.db"
    s = index_paths([docs], db, progress=False, executor=executor_of(cluster),
                    stages=["references", "tests.test_indexer:crash_stage"])
    assert (s.indexed, s.failed) == (4, 1)
    assert s.failures[0][0].endswith("crash-me.txt") and "crashed its worker" in s.failures[0][1]
    assert list(Q.documents(db, status="failed")["doc"]) == [str(docs / "crash-me.txt")]


# --------------------------------------------------------------------------- an unreachable or lost cluster


def test_a_dead_address_fails_with_a_clear_error(tmp_path: Path):
    docs = tmp_path / "docs"
    write_reports(docs, 2)
    port = free_port()
    t0 = time.monotonic()
    want = rf"cannot connect to the Dask scheduler at tcp://127.0.0.1:{port}"
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), pytest.raises(ExecutorError, match=want):
        index_paths([docs], tmp_path / "d.db", progress=False, executor=f"dask://127.0.0.1:{port}")
    assert time.monotonic() - t0 < 15
    with Store(tmp_path / "d.db") as st:
        assert st.counts()["documents"] == 0


def test_cli_executor_flag_dead_dask_address(tmp_path: Path, capsys):
    """``baocao index … --executor dask://HOST:PORT`` to a dead address: one line on
    stderr, exit 2, no traceback.  Needs the --executor flag in extract/cli.py."""
    from extract.cli import build_parser, main

    index_help = build_parser()._subparsers._group_actions[0].choices["index"].format_help()
    if "--executor" not in index_help:
        pytest.skip("extract/cli.py has no `index --executor` flag yet")
    docs = tmp_path / "docs"
    write_reports(docs, 1)
    port = free_port()
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        code = main(["index", str(docs), "--db", str(tmp_path / "x.db"), "--executor", f"dask://127.0.0.1:{port}",
                     "-q"])
    out, err = capsys.readouterr()
    assert code == 2
    assert f"cannot connect to the Dask scheduler at tcp://127.0.0.1:{port}" in err
    assert "Traceback" not in err + out and "internal error" not in err
    assert len(err.strip().splitlines()) == 1
    # a malformed executor is a usage error too
    assert main(["index", str(docs), "--db", str(tmp_path / "x.db"), "--executor", "spark://x:1", "-q"]) == 2


def test_a_lost_cluster_stops_the_run_and_the_index_stays_consistent(tmp_path: Path):
    docs = tmp_path / "docs"
    write_reports(docs, 80, extra=PARTS_ERROR)
    ref_db, db = tmp_path / "ref.db", tmp_path / "lost.db"
    index_paths([docs], ref_db, workers=1, progress=False)
    # its own small cluster (threads, fast to start), closed after the first batch is written
    cl = distributed.LocalCluster(n_workers=1, processes=False, threads_per_worker=1, protocol="tcp://",
                                  dashboard_address=":0", silence_logs=logging.CRITICAL)
    written: list[str] = []

    def on_record(rec: dict) -> None:
        written.append(rec["path"])
        if len(written) == 4:
            cl.close()

    try:
        with pytest.raises(ExecutorError) as info:
            index_paths([docs], db, progress=False, executor=executor_of(cl), batch_size=4, on_record=on_record)
    finally:
        cl.close()
    msg = str(info.value)
    assert msg.startswith(f"lost the Dask cluster at {cl.scheduler_address}")
    assert "run the same command again to resume" in msg and "Traceback" not in msg
    # every record received was written whole; nothing half written
    n = _committed(db)
    assert 4 <= n < 80 and n == len(written)
    with Store(db) as st:
        c = st.conn
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert c.execute("SELECT COUNT(*) FROM documents d WHERE NOT EXISTS "
                         "(SELECT 1 FROM figures g WHERE g.doc_id = d.id)").fetchone()[0] == 0
    # the next run (here: the local pool) resumes and gives the uninterrupted index
    resumed = index_paths([docs], db, workers=1, progress=False)
    assert resumed.skipped == n and resumed.indexed == 80 - n
    assert snapshot(db) == snapshot(ref_db)


# --------------------------------------------------------------------------- the kill test, over Dask


def test_killed_dask_run_resumes_to_the_same_index(cluster, tmp_path: Path):
    docs = tmp_path / "docs"
    write_reports(docs, 30)
    (docs / "x-empty.txt").write_bytes(b"")
    ref_db, db = tmp_path / "ref.db", tmp_path / "killed.db"
    index_paths([docs], ref_db, workers=1, progress=False)
    script = tmp_path / "run.py"
    script.write_text(KILLED_RUN.format(root=str(ROOT)), encoding="utf-8")
    ex = executor_of(cluster)
    # the parent sleeps inside each batch's transaction: a kill there must leave no trace
    kill_after_commits([sys.executable, str(script), str(docs), str(db), "transaction", "0.05", ex],
                       lambda: _committed(db), timeout=60, cwd=str(ROOT))
    n = _committed(db)
    assert 8 <= n < 31
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT COUNT(*) FROM documents d WHERE status = 'ok' AND NOT EXISTS "
                           "(SELECT 1 FROM refs r WHERE r.doc_id = d.id)").fetchone()[0] == 0
    finally:
        con.close()
    resumed = index_paths([docs], db, progress=False, executor=ex)
    assert resumed.skipped == n and resumed.indexed + resumed.failed == 31 - n
    assert snapshot(db) == snapshot(ref_db)


# --------------------------------------------------------------------------- budgets on the cluster


def test_budgets_hold_on_dask_workers(cluster, tmp_path: Path):
    """The parent's budgets travel with the tasks: a file in a Python loop, one asleep
    with the timer blocked, one holding the interpreter lock in native code (its worker
    cannot answer: the parent's deadline restarts it) and one using 600 MB are each
    recorded as failed with their budget; the others are indexed; the cluster keeps
    working afterwards."""
    d = _stage_files(tmp_path, ["ok-1", "ok-2", "slow", "stuck", "gil", "fat"])
    t = time.monotonic()
    s = index_paths([d], tmp_path / "b.db", progress=False, executor=executor_of(cluster),
                    stages=("references", "tests.hostile_stages:misbehave"),
                    budgets=Limits(file_seconds=6, worker_mb=400))
    assert time.monotonic() - t < 300  # bounded (the budgets are 6 s; a hang would be minutes), not a speed test
    why = {Path(p).stem: reason for p, reason in s.failures}
    assert s.indexed == 2 and set(why) == {"slow", "stuck", "gil", "fat"}, why
    for name in ("slow", "stuck", "gil"):
        assert why[name].startswith("over the 6 s budget"), why
    assert why["fat"].startswith("over the 400 MB budget"), why
    cluster_client = distributed.Client(cluster, set_as_default=False)
    try:
        cluster_client.wait_for_workers(2, timeout=60)
    finally:
        cluster_client.close()
    (tmp_path / "next").mkdir()
    again = index_paths([_stage_files(tmp_path / "next", ["ok-3"])], tmp_path / "b.db", progress=False,
                        executor=executor_of(cluster))
    assert again.indexed == 1
