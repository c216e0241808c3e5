"""Ctrl-C (SIGINT to the process group, as a terminal sends it) or SIGTERM (`kill`,
`timeout`, systemd) in the middle of `baocao index` with a process pool: it stops at
once — not after the files each worker is reading — with one line saying how many files
were written and how to resume, exit 130, no traceback, no worker left behind; running
the same command again completes the index."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from .test_store import write_reports

ROOT = Path(__file__).resolve().parents[1]

SLOW_INDEX = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, {root!r})
    from extract import cli
    from extract.index import indexer
    marker = sys.argv[1]
    orig = indexer.process_file
    def slow(*a, **k):  # each file takes 2 s in the worker: a chunk of files takes ~10 s
        open(marker, "a").close()
        time.sleep(2)
        return orig(*a, **k)
    indexer.process_file = slow
    sys.exit(cli.main(sys.argv[2:]))
""")


def _count(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_index_stops_at_once_and_says_how_to_resume(tmp_path: Path, how: str):
    docs = tmp_path / "docs"
    write_reports(docs, 40)
    db, marker = tmp_path / "i.db", tmp_path / "started"
    script = tmp_path / "slow.py"
    script.write_text(SLOW_INDEX.format(root=str(ROOT)), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), str(marker), "index", str(docs), "--db", str(db),
                             "--workers", "2", "--progress", "never"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():  # a worker is inside a file
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "no worker ever started"
            time.sleep(0.05)
        time.sleep(0.3)
        t0 = time.monotonic()
        if how == "ctrl-c":
            os.killpg(proc.pid, signal.SIGINT)  # the terminal signals the whole foreground group
        else:
            os.kill(proc.pid, signal.SIGTERM)
        _out, err = proc.communicate(timeout=60)
        stopped = time.monotonic() - t0
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, err
    assert stopped < 4, f"took {stopped:.1f} s to stop (the workers finished their files first)"
    assert "Traceback" not in err
    line = [ln for ln in err.splitlines() if "interrupted" in ln]
    assert line and "run the same command again to resume" in line[0] and str(db) in line[0], err
    time.sleep(0.5)
    left = subprocess.run(["pgrep", "-s", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert not left, f"worker processes left behind: {left}"

    from extract import cli
    assert cli.main(["index", str(docs), "--db", str(db), "--workers", "1", "--progress", "never"]) == 0
    assert _count(db) == 40
