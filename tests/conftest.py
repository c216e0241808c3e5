"""Shared fixtures: where the real corpus is (tests using it skip when it is absent)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: ../shared/corpus, or $BAOCAO_CORPUS (a worktree that is not beside shared/)
SHARED = Path(os.environ.get("BAOCAO_CORPUS") or ROOT.parent / "shared" / "corpus")


def shared_file(rel: str) -> Path:
    p = SHARED / rel
    if not p.exists():
        pytest.skip(f"real corpus not available: {p}")
    return p


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared/corpus is absent")
    return SHARED


def kill_after_commits(args: list[str], committed, *, at_least: int = 8, timeout: float = 30,
                       cwd: str | None = None) -> None:
    """Run ``args`` (an index run), SIGKILL it once ``committed()`` reports ``at_least``
    documents, and check it died of the kill — the start of every kill-and-resume test."""
    import os
    import signal
    import subprocess
    import time

    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd)
    try:
        deadline = time.monotonic() + timeout
        while committed() < at_least:
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "the killed run never committed"
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
