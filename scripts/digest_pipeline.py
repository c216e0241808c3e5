"""Digests of every stage's output on the text PDFs, to show that a change (a faster
reader, a cheaper finder) leaves the output exactly as it was.

    python scripts/digest_pipeline.py -o after.jsonl [DIR ...]     (default: ../shared/corpus)
    python scripts/digest_pipeline.py --compare before.jsonl after.jsonl

The first form reads the same text PDFs as ``scripts/bench_read.py`` and runs the whole
pipeline on each; for every document and stage it writes one line ``{"file", "stage",
"n", "sha256"}``: the stage's output in a canonical plain form (data classes field by
field, Decimals as written, floats by ``repr``; private fields and ``meta`` keys — those
starting with ``_`` — left out), hashed.  Stages: ``read`` (the Document as read: text,
page/line map, header, footnotes, removed lines, tables, warnings, meta), ``tables``
(the tables the find stage built), ``figures``, ``statements``, ``references``,
``dates``, ``period``, ``findings`` (the check report: findings and coverage),
``errors`` (stages that failed) and ``doc_after`` (the Document after the pipeline,
whose warnings the stages may add to).

Run it once with the old tree and once with the new one (each imports the ``extract``
beside it) and ``--compare`` the two files: it prints every (file, stage) whose digest
differs and exits 1 if any does.  Only digests and counts are written, never text, so
the held-out documents can be compared without being looked at.
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def plain(o: Any) -> Any:
    """``o`` as JSON-able data, the same for equal outputs whatever their object ids."""
    if o is None or isinstance(o, (str, int, bool)):
        return o
    if isinstance(o, float):
        return repr(o)
    if isinstance(o, Decimal):
        return f"D{o}"
    if dataclasses.is_dataclass(o) and not isinstance(o, type):
        return {f.name: plain(getattr(o, f.name)) for f in dataclasses.fields(o) if not f.name.startswith("_")}
    if isinstance(o, dict):
        return [[str(k), plain(v)] for k, v in sorted(o.items(), key=lambda kv: str(kv[0]))
                if not str(k).startswith("_")]
    if isinstance(o, (list, tuple)):
        return [plain(v) for v in o]
    if isinstance(o, (set, frozenset)):
        return sorted((plain(v) for v in o), key=repr)
    if hasattr(o, "__dict__"):  # a plain object (a Table, a Cell): its public attributes
        return [type(o).__name__, plain({k: v for k, v in vars(o).items() if not k.startswith("_")})]
    return f"<{type(o).__name__}>"


def digest(o: Any) -> str:
    return hashlib.sha256(json.dumps(plain(o), ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def run(dirs: list[Path]) -> list[dict[str, Any]]:
    from bench_read import text_pdfs

    from extract import ReadError, read
    from extract.checks import check_document
    from extract.find import Extraction
    from extract.find import tables as find_tables

    rows: list[dict[str, Any]] = []
    for base in dirs:
        base = base.resolve()  # the Document keeps its path: the same whichever way the folder is named
        for f in text_pdfs([base]):
            name = f.relative_to(base).as_posix()

            def add(stage: str, value: Any, name: str = name) -> None:
                n = len(value) if isinstance(value, (list, dict)) else None
                rows.append({"file": name, "stage": stage, "n": n, "sha256": digest(value)})

            try:
                doc = read(f)
            except ReadError as exc:
                add("read", f"ReadError: {exc.reason if hasattr(exc, 'reason') else exc}")
                continue
            add("read", doc)
            ex = Extraction(doc)
            report = check_document(ex)
            add("tables", find_tables.tables(doc))
            add("figures", ex.figures)
            add("statements", ex.statements)
            add("references", ex.references)
            add("dates", ex.dates)
            add("period", ex.period)
            add("findings", dataclasses.replace(report, refs=[]))
            add("errors", ex.errors)
            add("doc_after", doc)
    return rows


def compare(a: Path, b: Path) -> int:
    def load(p: Path) -> dict[tuple[str, str], dict[str, Any]]:
        return {(r["file"], r["stage"]): r for r in map(json.loads, p.read_text().splitlines()) if r}

    old, new = load(a), load(b)
    bad = 0
    for key in sorted(old.keys() | new.keys()):
        o, n = old.get(key), new.get(key)
        if o is None or n is None or o["sha256"] != n["sha256"]:
            bad += 1
            print(f"differs: {key[0]} {key[1]} (n {o and o['n']} -> {n and n['n']})")
    files = len({k[0] for k in old.keys() | new.keys()})
    print(f"{len(old.keys() | new.keys())} digests of {files} files compared: {bad} differ")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="*", type=Path, default=[ROOT.parent / "shared" / "corpus"],
                    help="folders searched for text PDFs (default: ../shared/corpus)")
    ap.add_argument("-o", "--output", type=Path, help="write the digests here (JSON lines); default stdout")
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"),
                    help="compare two digest files instead: print what differs, exit 1 if anything does")
    args = ap.parse_args()
    if args.compare:
        return compare(*args.compare)
    rows = run(args.dirs)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if args.output:
        args.output.write_text(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
