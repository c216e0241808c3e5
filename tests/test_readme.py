"""Every example of the README runs as written (as sqlite-utils tests its docs): each
command line of its indented blocks, in order, from a checkout-like folder (``corpus/``,
``../shared/corpus``), and its Python block.  An example that needs a server, a cluster or
a network install is skipped with the reason."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMAND = re.compile(r"^(?:\.venv/bin/)?(?:baocao|python3?|pip)\b")

SKIPS = [  # (substring of the example, why it cannot run in a test)
    ("postgresql://", "needs a PostgreSQL server"),
    ("dask://", "needs a Dask cluster"),
    ("pip install", "installs packages from a registry (what the setup and CI do)"),
    ("-m venv", "creates a virtual environment and installs into it (what CI does)"),
    ("scripts/bench_", "a benchmark: minutes on real files"),
    ("baocao serve", "a server that runs until stopped (tests/test_web.py drives it in a browser)"),
    ("scripts/score_legacy", "a benchmark over the legacy corpus"),
    ("scripts/mutate", "a mutation run: minutes on real files"),
]


def _examples() -> list[str]:
    out = []
    in_code = False
    for line in README.splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code or not line.startswith("    "):
            continue
        text = line[4:].strip()
        if COMMAND.match(text) and not text.startswith(("baocao read FILE", "baocao cites \"nd 107/2020\" |")):
            out.append(text)
    return out


EXAMPLES = _examples()


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README, re.S)


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """A folder laid out like the checkout the README speaks from: corpus/, .venv, and
    ../shared when the real corpus is there."""
    top = tmp_path_factory.mktemp("readme")
    work = top / "baocao"
    work.mkdir()
    for name in ("corpus", "docs", "rules", "scripts"):
        (work / name).symlink_to(ROOT / name)
    (work / ".venv").symlink_to(Path(sys.prefix))
    shared = ROOT.parent / "shared"
    if shared.is_dir():
        (top / "shared").symlink_to(shared)
    return work


def test_the_readme_has_examples():
    assert len(EXAMPLES) >= 15 and _python_blocks()


@pytest.mark.parametrize("example", EXAMPLES)
def test_readme_example_runs_as_written(example, checkout):
    for part, why in SKIPS:
        if part in example:
            pytest.skip(why)
    if "../shared/corpus" in example and not (checkout.parent / "shared" / "corpus").is_dir():
        pytest.skip("../shared/corpus is absent")
    if re.search(r"\b(cites|search|refs|findings|figures)\b", example.split("#")[0]) and not (
            checkout / "baocao.db").exists():
        subprocess.run([str(Path(sys.executable).with_name("baocao")), "index", "corpus/", "-q"], cwd=checkout,
                       check=False, capture_output=True)
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
               COLUMNS="120")
    proc = subprocess.run(["bash", "-c", example], cwd=checkout, capture_output=True, text=True, env=env,
                          timeout=600)
    # check exits 1 when it finds an error (the README's exit codes): that is the example working
    ok = (0, 1) if example.startswith("baocao check ") else (0,)
    assert proc.returncode in ok, f"{example}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr


@pytest.mark.parametrize("block", _python_blocks())
def test_readme_python_runs_as_written(block, checkout):
    proc = subprocess.run([sys.executable, "-c", block], cwd=checkout, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
