"""Coverage-guided fuzzing with atheris (issue #14, optional): the number parser, the text
reader and the DOCX and PDF readers, each followed by every find stage and the checks.

Not run in CI (the Hypothesis suite, tests/test_fuzz.py, is).  A longer run, each target
for its share of the time, from seeds taken from the project's corpus/:

    pip install atheris
    python scripts/fuzz_atheris.py --seconds 1800            # all targets, 30 minutes in all
    python scripts/fuzz_atheris.py --target pdf --seconds 600

Allowed outcomes are those of the Hypothesis suite: a Document (its stages may record
nothing), or one ReadError / LimitError.  Anything else is a crash: libFuzzer writes the
input as ``crash-…`` under ``--out`` (default /tmp/baocao-atheris), and the summary
names it; turn it into a regression file under tests/fuzz_regressions/.  Each target
runs in a child process of its own (libFuzzer exits on the first crash), with a time
limit per input and a memory limit.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = ("number", "text", "docx", "pdf", "doc", "xlsx", "xls")
SEED_SUFFIX = {"text": ".txt", "docx": ".docx", "pdf": ".pdf", "doc": ".doc", "xlsx": ".xlsx", "xls": ".xls"}
SHARED = ROOT.parent / "shared" / "corpus"


def _seeds(target: str, folder: Path) -> None:
    """A few small seeds from the project's own corpus/, else from ../shared/corpus (copied
    into the fuzzer's working folder under /tmp, never into the project)."""
    folder.mkdir(parents=True, exist_ok=True)
    if target == "number":
        for i, s in enumerate(["1.889", "19.314,870", "90,90 %", "1,631380704", "12 - 14", "2.130/2.200", "1e9"]):
            (folder / f"n{i}").write_text(s, encoding="utf-8")
        return
    suffix = SEED_SUFFIX[target]
    files = sorted(p for p in (ROOT / "corpus").rglob(f"*{suffix}") if p.stat().st_size < 300_000)[:6]
    if not files and SHARED.is_dir():
        files = sorted(p for p in SHARED.rglob(f"*{suffix}") if p.stat().st_size < 100_000)[:6]
    for p in files:
        (folder / p.name).write_bytes(p.read_bytes())


def _child(target: str, seconds: int, out: Path) -> None:
    """Runs inside the child: set up atheris for one target and fuzz."""
    import atheris  # the optional tool: only here

    with atheris.instrument_imports(include=["extract"]):
        from extract.checks import check_document
        from extract.core.errors import ReadError
        from extract.core.limits import LimitError
        from extract.core.numbers import try_parse
        from extract.find.extraction import Extraction
        from extract.ingest.reader import read

    tmp = Path(tempfile.mkdtemp(prefix="baocao-atheris-"))
    path = tmp / ("input" + SEED_SUFFIX.get(target, ".txt"))

    def one(data: bytes) -> None:
        if target == "number":
            s = data.decode("utf-8", "replace")
            try_parse(s)
            try_parse(s, majority="vi")
            return
        path.write_bytes(data)
        try:
            doc = read(path)
        except (ReadError, LimitError):
            return
        ex = Extraction(doc)
        ex.figures, ex.statements, ex.references, ex.dates  # noqa: B018 - every stage runs
        check_document(ex)

    corpus = out / f"corpus-{target}"
    _seeds(target, corpus)
    argv = [sys.argv[0], str(corpus), f"-max_total_time={seconds}", "-timeout=30", "-rss_limit_mb=2048",
            f"-artifact_prefix={out}/{target}-", "-print_final_stats=1"]
    atheris.Setup(argv, one)
    atheris.Fuzz()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--target", choices=TARGETS, action="append", help="a target (repeat; default: all)")
    ap.add_argument("--seconds", type=int, default=600, help="seconds in all, shared by the targets")
    ap.add_argument("--out", type=Path, default=Path("/tmp/baocao-atheris"), help="crash files and corpora")
    ap.add_argument("--child", choices=TARGETS, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.child:
        _child(args.child, args.seconds, args.out)
        return 0
    targets = args.target or list(TARGETS)
    share = max(10, args.seconds // len(targets))
    summary = {}
    for t in targets:
        t0 = time.monotonic()
        r = subprocess.run([sys.executable, __file__, "--child", t, "--seconds", str(share), "--out", str(args.out)],
                           capture_output=True, text=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        log = r.stderr
        runs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", log)
        crashes = sorted(p.name for p in args.out.glob(f"{t}-*"))
        summary[t] = {"seconds": round(time.monotonic() - t0), "inputs": int(runs[-1]) if runs else None,
                      "exit": r.returncode, "crash_files": crashes}
        (args.out / f"{t}.log").write_text(log[-20000:], encoding="utf-8")
        print(f"{t}: {summary[t]}", flush=True)
    print(json.dumps(summary))
    return 0 if all(s["exit"] == 0 and not s["crash_files"] for s in summary.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
