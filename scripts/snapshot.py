"""Snapshots of what baocao says about every document: ``read --format json``,
``extract --format jsonl`` and ``check --format jsonl``, on the project's corpus and on
the tuning split of the shared one, through the command line (so
they survive any reorganisation of the library behind it).

    python scripts/snapshot.py            # rewrite tests/snapshots/*.jsonl
    python scripts/snapshot.py --diff     # print what changed, write nothing

Documents of the project's corpus/ are kept whole (they are ours); documents of
../shared/corpus are kept as digests and counts, and their findings without quotes —
never their text.
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("BAOCAO_CORPUS") or ROOT.parent / "shared" / "corpus")
OUT = ROOT / "tests" / "snapshots"
READABLE = (".pdf", ".docx", ".doc", ".xlsx", ".xls", ".txt")


def _run(argv: list[str]) -> tuple[int, str]:
    from extract.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse
            code = int(exc.code or 0)
    return code, out.getvalue()


def _test_split() -> set[str]:
    import yaml

    splits = yaml.safe_load((ROOT / "corpus" / "gold" / "splits.yaml").read_text())
    return set(splits["test"]) | set(splits.get("test2") or [])


def _files(base: Path) -> list[Path]:
    """Readable documents; of the shared corpus only the tuning split (the test split is
    not looked at while tuning, not even as a snapshot)."""
    if not base.is_dir():
        return []
    skip = _test_split() if base == SHARED else set()
    return sorted(p for p in base.rglob("*") if p.is_file() and p.suffix.lower() in READABLE
                  and "ground-truth" not in p.parts and not p.name.startswith(".")
                  and p.relative_to(base).as_posix() not in skip)


def _digest(s: str) -> str:
    return hashlib.sha256(s.encode("utf-8")).hexdigest()[:16]


def snapshot_file(path: Path, base: Path, whole: bool) -> dict:
    rel = path.relative_to(base).as_posix()
    rec: dict = {"file": rel}
    code, out = _run(["read", "--format", "json", str(path)])
    rec["read_exit"] = code
    if out.strip():  # the path read is where this checkout is, not what was read
        read_rec = json.loads(out)
        read_rec.pop("doc", None)
        read_rec.pop("path", None)
        out = json.dumps(read_rec, ensure_ascii=False) + "\n"
    code, ext = _run(["extract", "--format", "jsonl", str(path)])
    code2, chk = _run(["check", "--format", "jsonl", "--fail-on", "never", str(path)])
    rec["check_exit"] = code2
    ext_lines = [json.loads(x) for x in ext.splitlines() if x.strip()]
    chk_lines = [json.loads(x) for x in chk.splitlines() if x.strip()]
    for x in ext_lines + chk_lines:
        x.pop("doc", None)
    kinds: dict[str, int] = {}
    for x in ext_lines:
        kinds[x["kind"]] = kinds.get(x["kind"], 0) + 1
    rec["counts"] = dict(sorted(kinds.items()))
    if whole:
        rec["read"] = json.loads(out) if out.strip() else None
        if rec["read"]:
            rec["read"].pop("path", None)
        rec["extract"] = ext_lines
        rec["check"] = chk_lines
    else:
        rec["read"] = _digest(out)
        rec["extract"] = {k: _digest(json.dumps([x for x in ext_lines if x["kind"] == k],
                                                ensure_ascii=False, sort_keys=True))
                          for k in rec["counts"]}
        rec["check"] = [{k: f.get(k) for k in ("rule", "severity", "page", "line", "stated",
                                               "computed", "tolerance")} for f in chk_lines]
    return rec


def snapshot(base: Path, whole: bool) -> list[dict]:
    return [snapshot_file(p, base, whole) for p in _files(base)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--diff", action="store_true", help="print what changed, write nothing")
    ap.add_argument("--only", choices=["project", "shared"], help="one of the two sets")
    args = ap.parse_args(argv)
    changed = 0
    for name, base, whole in (("project", ROOT / "corpus", True), ("shared", SHARED, False)):
        if args.only and args.only != name:
            continue
        if not base.is_dir():
            print(f"{name}: {base} absent, skipped", file=sys.stderr)
            continue
        recs = snapshot(base, whole)
        path = OUT / f"{name}.jsonl"
        lines = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in recs]
        if args.diff:
            old = {json.loads(x)["file"]: x for x in path.read_text(encoding="utf-8").splitlines()} \
                if path.exists() else {}
            for r, line in zip(recs, lines):
                if old.get(r["file"]) != line:
                    changed += 1
                    print(f"{name}: {r['file']} differs")
            for f in set(old) - {r["file"] for r in recs}:
                changed += 1
                print(f"{name}: {f} gone")
        else:
            OUT.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            print(f"{name}: {len(recs)} documents -> {os.path.relpath(path)}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
