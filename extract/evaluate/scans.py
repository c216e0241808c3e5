"""Scans and garbage text layers of the tuning split: is every header number and date
right, or explicitly marked unreadable, and does no page whose text fails the Vietnamese
syllable signals pass silently?  (Issue #13, "done means".)

The documents: every file of ``../shared/corpus/SOURCES.tsv`` whose kind is a scan
(``pdf-scanned``, ``pdf-scanned-badocr``) or a PDF in a legacy font (``pdf-legacy-font``:
a font that maps glyphs to other letters reads as garbage until decoded), that has gold
in ``corpus/gold/headers/`` — never a document of the test splits of
``corpus/gold/splits.yaml``.  Per document and field (``number``, ``date``):

* ``right``: the header's value equals the gold (``extract.evaluate.headers``);
* ``marked``: wrong or empty, but ``meta["ocr"][field]`` says why (unreadable, low
  confidence, not found) and a warning says so: a reader is told;
* ``wrong``: wrong and nothing says so — silently wrong.

and per page, the text the document holds for it is judged by the same signals as an
OCR'd page (``extract.ingest.reader.unreadable_pages``): a page that fails them is
``flagged`` when ``meta["ocr"]["unreadable"]`` or ``meta["unread_pages"]`` names it, else
``silent``.

    python -m extract.evaluate.scans [PROJECT [SHARED]] [--files F …] [--all-pdfs]

``--all-pdfs``: the page signals alone, over every PDF of the tuning split (a text PDF
too), each refused file with its reason.
"""
from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path
from typing import Any

from extract.core.errors import ReadError
from extract.evaluate import held_out
from extract.evaluate.headers import evaluate_header, predicted
from extract.ingest.quality import assess
from extract.ingest.reader import MIN_SIGNAL_WORDS, fails_signals, read, sha256_file

__all__ = ["KINDS", "documents", "check", "main"]

#: the kinds of SOURCES.tsv that are scans or garbage text layers
KINDS = frozenset({"pdf-scanned", "pdf-scanned-badocr", "pdf-legacy-font"})
FIELDS = ("number", "date")


def documents(project: Path, shared: Path) -> list[dict[str, Any]]:
    """The gold records of the tuning split's scans and legacy-font PDFs (see the module)."""
    held = held_out(project)
    with open(shared / "SOURCES.tsv", encoding="utf-8") as fh:
        kinds = {r["file"]: r["kind"] for r in csv.DictReader(fh, delimiter="\t") if r.get("file")}
    out = []
    for gp in sorted((project / "corpus" / "gold" / "headers").glob("*.json")):
        rec = json.loads(gp.read_text(encoding="utf-8"))
        if kinds.get(rec["file"]) in KINDS and rec["file"] not in held:
            out.append(rec)
    return out


def check(path: Path, gold: dict[str, Any]) -> dict[str, Any]:
    """One document: ``{"number": right|marked|wrong, "date": …, "got": {…}, "pages":
    {page: ok|flagged|silent}, "via": …}`` (``"error"`` when it cannot be read)."""
    try:
        doc = read(path)
    except ReadError as exc:
        # a file refused with its reason is marked, not silent: nothing is passed on
        return {f: "marked" if gold.get(f) else "right" for f in FIELDS} | {"error": exc.reason, "pages": {}}
    pred = predicted(doc)
    right = evaluate_header(pred, gold)
    out: dict[str, Any] = {"got": {f: pred.get(f) for f in FIELDS}, "via": doc.meta.get("read", {}).get("via")}
    ocr = doc.meta.get("ocr") or {}
    for f in FIELDS:
        if right[f]:
            out[f] = "right"
        elif f in pred["marked"] and any(f in w for w in doc.warnings):
            out[f] = "marked"
        else:
            out[f] = "wrong"
    # how a number was had when OCR could not vouch for its digits ("from file name")
    out["number_from"] = (ocr.get("number") or {}).get("status")
    out["pages"] = page_signals(doc)
    return out


def page_signals(doc: Any) -> dict[int, str]:
    """{page: ok | flagged | silent}: the text ``doc`` holds for each page, judged by the
    signals an OCR'd page is judged by; a failing page is ``flagged`` when
    ``meta["ocr"]["unreadable"]`` or ``meta["unread_pages"]`` names it."""
    ocr = doc.meta.get("ocr") or {}
    flagged = set(ocr.get("unreadable") or ()) | {int(p) for p in doc.meta.get("unread_pages") or {}}
    texts: dict[int, list[str]] = {}
    for s in doc.segments:
        if s.page is not None:
            texts.setdefault(s.page, []).append(doc.text[s.start:s.end])
    pages = {}
    for pg in sorted(texts):
        bad = fails_signals(assess("\n".join(texts[pg])), MIN_SIGNAL_WORDS)
        pages[pg] = "ok" if not bad else "flagged" if pg in flagged else "silent"
    return pages


def all_pdfs(project: Path, shared: Path) -> dict[str, dict[int, str]]:
    """{file: its pages that fail the signals, flagged or silent} over every PDF of the
    tuning split (a text PDF too: a page of a broken font that the reader kept)."""
    held = held_out(project)
    out: dict[str, dict[int, str]] = {}
    for path in sorted(shared.rglob("*.pdf")):
        rel = path.relative_to(shared).as_posix()
        if rel in held:
            continue
        try:
            doc = read(path)
        except ReadError as exc:
            out[rel] = {0: f"refused: {exc.reason}"}
            continue
        out[rel] = {pg: st for pg, st in page_signals(doc).items() if st != "ok"}
    return out


def run(project: Path, shared: Path, files: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """{file: check(…)} over the documents (or those of them named in ``files``)."""
    result: dict[str, dict[str, Any]] = {}
    for rec in documents(project, shared):
        if files and rec["file"] not in files:
            continue
        path = shared / rec["file"]
        if not path.exists():
            continue
        if sha256_file(path) != rec.get("sha256"):
            result[rec["file"]] = {"error": "sha256 differs from the annotated file", "pages": {},
                                   **dict.fromkeys(FIELDS, "wrong")}
            continue
        result[rec["file"]] = check(path, rec["header"]) | {"gold": {f: rec["header"].get(f) for f in FIELDS}}
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = Path(__file__).resolve().parents[2]
    ap.add_argument("project", nargs="?", type=Path, default=here)
    ap.add_argument("shared", nargs="?", type=Path, default=None)
    ap.add_argument("--files", nargs="*", default=None, help="only these files (paths as in SOURCES.tsv)")
    ap.add_argument("--all-pdfs", action="store_true",
                    help="only the page signals, over every PDF of the tuning split")
    args = ap.parse_args(argv)
    shared = args.shared or args.project.parent / "shared" / "corpus"
    if args.all_pdfs:
        pdfs = all_pdfs(args.project, shared)
        n_silent = 0
        for name, bad in pdfs.items():
            if bad:
                print(f"{name}: " + ", ".join(f"p{pg} {st}" for pg, st in bad.items()))
            n_silent += sum(st == "silent" for st in bad.values())
        print(f"{len(pdfs)} PDFs; pages failing the syllable signals that pass silently: {n_silent}")
        return 1 if n_silent else 0
    result = run(args.project, shared, args.files)
    tally = {f: {"right": 0, "marked": 0, "wrong": 0} for f in FIELDS}
    silent = from_name = 0
    for name, r in result.items():
        for f in FIELDS:
            tally[f][r[f]] += 1
        bad = {pg: s for pg, s in r["pages"].items() if s != "ok"}
        silent += sum(s == "silent" for s in bad.values())
        detail = " ".join(f"{f} {r[f]}" + (f" (got {r['got'][f]!r}, gold {r['gold'][f]!r})"
                                            if r[f] != "right" and "got" in r else "") for f in FIELDS)
        pages = ", ".join(f"p{pg} {s}" for pg, s in bad.items()) or "no page fails the signals"
        if r.get("number_from"):
            detail += f" [number: {r['number_from']}]"
            from_name += r["number_from"] == "from file name"
        print(f"{name}: {detail}; {r.get('error') or r.get('via')}; {pages}")
    for f in FIELDS:
        t = tally[f]
        print(f"{f}: right {t['right']}, marked unreadable {t['marked']}, silently wrong {t['wrong']} "
              f"(of {len(result)})")
    print(f"numbers taken from the file name (OCR could not vouch for the digits): {from_name}")
    print(f"pages failing the syllable signals that pass silently: {silent}")
    return 1 if silent or any(tally[f]["wrong"] for f in FIELDS) else 0


if __name__ == "__main__":
    raise SystemExit(main())
