"""Word 97 .doc: the three ways to get the text, measured on the corpus.

    .venv/bin/python scripts/bench_doc.py [--corpus DIR]

For every .doc under ``<corpus>/legacy`` with a transcript in ``legacy/ground-truth``
(TCVN3 and VNI), and every .doc of ``<corpus>/qlvb`` (time only; the untuned test split of
corpus/gold/splits.yaml left out), the text is taken by

* ``olefile`` — baocao's own reader (:mod:`extract.ingest.doc`, pure Python), raw paragraphs;
* ``reader`` — the same through ``extract.read`` (per-paragraph legacy conversion of mixed
  files, cleaning, header);
* ``antiword -w 0 -m UTF-8.txt`` and ``catdoc -w -d utf-8`` (Debian packages), when installed;

then detected and converted with :mod:`extract.ingest.legacy` and scored by syllable
accuracy against the transcript.  One line per file and path: milliseconds, accuracy.

The transcripts are dumps of every story of the file in the file's order — main text,
footnotes, page headers and footers, then text boxes — with the *instructions* of the
fields kept (``PAGE``, ``EMBED Excel.Sheet.8``, ``=SUM(ABOVE)``: Word shows the field's
result, never its instruction, and no reader outputs them).  The column ``stories``
scores what ``extract.read`` recovers from all stories (the body with its text boxes at
their anchors, then the footnotes, then the page headers and footers kept under
``removed``) against the transcript with two documented normalisations: every field
instruction the .doc itself holds is taken out of the transcript once, and a block of
at least three words that matches after the first alignment has left it out is counted
(:func:`moved_accuracy`: the transcript puts text boxes at the end, the reader after the
paragraph anchoring them).  ``reader`` keeps the plain score for comparison.

The column ``checked`` scores the ``stories`` text the same way against the transcript
with the corrections of ``corpus/gold/doc-transcript-fixes.yaml`` applied first (a few
words each, each with its reason and the evidence from the .doc: a transcript converter's
wrong table or capitals guess, a stale page number of a footer field): the shared
transcripts are read-only, and the other columns keep scoring them as published.
"""
from __future__ import annotations

import argparse
import difflib
import shutil
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extract import read
from extract.ingest.doc import field_instructions, read_doc
from extract.ingest.legacy import convert_if_legacy
from extract.ingest.textscore import apply_transcript_fixes, load_transcript_fixes, syllable_accuracy

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
FIXES = ROOT / "corpus" / "gold" / "doc-transcript-fixes.yaml"


def via_olefile(path: Path) -> str:
    c = read_doc(path)
    return "\n".join(ln.text for ln in c.lines)


def via_reader(path: Path) -> str:
    return read(path).text


def via_stories(path: Path) -> str:
    doc = read(path)
    heads = [r.text for r in doc.removed if r.kind == "running-header"]
    return "\n".join([doc.text, *(n.text for n in doc.footnotes), *heads])


def without_instructions(truth: str, path: Path) -> str:
    """``truth`` with each field instruction of ``path`` (as words) taken out once."""
    words = unicodedata.normalize("NFC", truth).split()
    for ins in field_instructions(path):
        seq = ins.split()
        n = len(seq)
        for i in range(len(words) - n + 1):
            if words[i:i + n] == seq:
                del words[i:i + n]
                break
    return " ".join(words)


def moved_accuracy(pred: str, truth: str, min_block: int = 3) -> float:
    """Syllable accuracy (as :func:`syllable_accuracy`) that also counts blocks of at least
    ``min_block`` words found in a second alignment of what the first left unmatched on
    both sides (a block moved elsewhere counts once, and only where it is whole)."""
    p = unicodedata.normalize("NFC", pred).split()
    t = unicodedata.normalize("NFC", truth).split()
    if not t:
        return 1.0 if not p else 0.0
    blocks = difflib.SequenceMatcher(None, p, t, autojunk=False).get_matching_blocks()
    matched = sum(b.size for b in blocks)
    rest_p: list[str] = []
    rest_t: list[str] = []
    i = j = 0
    for k, b in enumerate(blocks):  # gaps between matched blocks, each ended by a sentinel
        rest_p += p[i:b.a] + [f"\0p{k}"]
        rest_t += t[j:b.b] + [f"\0t{k}"]
        i, j = b.a + b.size, b.b + b.size
    second = difflib.SequenceMatcher(None, rest_p, rest_t, autojunk=False).get_matching_blocks()
    matched += sum(b.size for b in second if b.size >= min_block)
    return matched / len(t)


def via_antiword(path: Path) -> str:
    return subprocess.run(["antiword", "-w", "0", "-m", "UTF-8.txt", str(path)], capture_output=True,
                          check=True).stdout.decode("utf-8", "replace")


def via_catdoc(path: Path) -> str:
    return subprocess.run(["catdoc", "-w", "-d", "utf-8", str(path)], capture_output=True,
                          check=True).stdout.decode("utf-8", "replace")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args(argv)
    paths = {"olefile": via_olefile, "reader": via_reader, "stories": via_stories}
    if shutil.which("antiword"):
        paths["antiword"] = via_antiword
    if shutil.which("catdoc"):
        paths["catdoc"] = via_catdoc
    truth_dir = args.corpus / "legacy" / "ground-truth"
    import yaml

    splits = yaml.safe_load((ROOT / "corpus" / "gold" / "splits.yaml").read_text(encoding="utf-8"))
    held_out = set(splits["test"]) | set(splits.get("test2") or [])
    files = sorted((args.corpus / "legacy").rglob("*.doc")) + sorted((args.corpus / "qlvb").glob("*.doc"))
    files = [f for f in files if f.relative_to(args.corpus).as_posix() not in held_out]  # the untuned split
    fixes = load_transcript_fixes(FIXES)
    acc: dict[str, list[float]] = {k: [] for k in [*paths, "checked"]}
    ms: dict[str, list[float]] = {k: [] for k in paths}
    print(f"{'file':45} " + "  ".join(f"{k:>18}" for k in paths) + f"  {'checked':>7}")
    for f in files:
        truth_path = truth_dir / f"{f.stem}.txt"
        truth = truth_path.read_text(encoding="utf-8") if truth_path.exists() else None
        rel = f.relative_to(args.corpus).as_posix()
        cols = []
        checked = "-"
        for name, fn in paths.items():
            t0 = time.perf_counter()
            try:
                raw = fn(f)
            except Exception as exc:  # noqa: BLE001 - a tool failing is a result
                cols.append(f"{'failed ' + type(exc).__name__:>18}")
                continue
            dt = (time.perf_counter() - t0) * 1000
            ms[name].append(dt)
            text, enc = convert_if_legacy(raw)
            if truth is not None:
                if name == "stories":
                    a = moved_accuracy(text, without_instructions(truth, f))
                    fixed = apply_transcript_fixes(truth, [x for x in fixes if x.file == rel])
                    acc["checked"].append(moved_accuracy(text, without_instructions(fixed, f)))
                    checked = f"{acc['checked'][-1]:.2%}"
                else:
                    a = syllable_accuracy(text, truth)
                acc[name].append(a)
                cols.append(f"{dt:7.1f} ms {a:7.2%}")
            else:
                cols.append(f"{dt:7.1f} ms {'-':>7}")
        print(f"{f.name[:45]:45} " + "  ".join(cols) + f"  {checked:>7}")
    print()
    for name in [*paths, "checked"]:
        a = acc[name]
        speed = f"median {statistics.median(ms[name]):6.1f} ms/doc" if name in ms else "stories, corrected transcripts"
        print(f"{name:9} {speed}; syllables: mean {statistics.mean(a):.2%}, "
              f"min {min(a):.2%}, files >= 99.5 %: {sum(x >= 0.995 for x in a)}/{len(a)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
