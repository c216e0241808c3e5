"""What baocao says about every document stays what was reviewed: ``read``, ``extract``
and ``check`` on the project corpus (whole) and on the tuning split of the shared corpus
(digests, and findings without quotes) equal the committed snapshots.  A change that is
meant rewrites them with ``python scripts/snapshot.py`` and explains itself in its commit."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("snapshot", ROOT / "scripts" / "snapshot.py")
snap = importlib.util.module_from_spec(spec)
spec.loader.exec_module(snap)


def _committed(name: str) -> dict[str, dict]:
    path = ROOT / "tests" / "snapshots" / f"{name}.jsonl"
    return {r["file"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def _cases(name: str, base: Path):
    return [pytest.param(p, id=p.relative_to(base).as_posix()) for p in snap._files(base)]


@pytest.mark.parametrize("path", _cases("project", ROOT / "corpus"))
def test_project_snapshot(path):
    old = _committed("project")
    new = json.loads(json.dumps(snap.snapshot_file(path, ROOT / "corpus", True)))
    assert new == old[new["file"]]


@pytest.mark.real
@pytest.mark.skipif(not snap.SHARED.is_dir(), reason="../shared/corpus absent")
def test_shared_snapshot():
    old = _committed("shared")
    files = snap._files(snap.SHARED)
    assert {p.relative_to(snap.SHARED).as_posix() for p in files} == set(old)
    for p in files:
        new = json.loads(json.dumps(snap.snapshot_file(p, snap.SHARED, False)))
        assert new == old[new["file"]], new["file"]
