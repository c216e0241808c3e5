"""Score legacy-encoding conversion against the corpus transcripts.

Usage::

    .venv/bin/python scripts/score_legacy.py [--corpus DIR] [--all]

For every TCVN3 PDF in ``<corpus>/legacy/tcvn3`` the text layer is read with
pypdfium2, detected and converted with :mod:`extract.ingest.legacy`, and compared with
``<corpus>/legacy/ground-truth/<stem>.txt`` by syllable accuracy (share of
ground-truth whitespace tokens matched exactly after alignment).  ``--all`` also
scores the RTF files through a small RTF text reader.  One line per file:
name, ground-truth syllables, accuracy, detected encoding.  Exit status is 0; the
numbers are the result (the 0.99 bar is enforced by the test suite).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # allow running as a plain script from anywhere
    sys.path.insert(0, str(ROOT))

from extract.ingest.legacy import convert_if_legacy  # noqa: E402
from extract.ingest.textscore import pdf_text, rtf_text, syllable_accuracy  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


# --------------------------------------------------------------------------- scoring

def score_file(path: Path, truth_dir: Path) -> tuple[int, float, str | None] | None:
    """(ground-truth syllables, accuracy, detected encoding) or None without a transcript."""
    truth_path = truth_dir / f"{path.stem}.txt"
    if not truth_path.exists():
        return None
    if path.suffix.lower() == ".pdf":
        raw = pdf_text(path)
    elif path.suffix.lower() == ".rtf":
        raw = rtf_text(path.read_bytes())
    else:
        return None
    pred, enc = convert_if_legacy(raw)
    truth = truth_path.read_text(encoding="utf-8")
    return len(truth.split()), syllable_accuracy(pred, truth), enc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--all", action="store_true", help="also score .rtf files")
    args = ap.parse_args(argv)
    legacy = args.corpus / "legacy"
    truth_dir = legacy / "ground-truth"
    patterns = ["*.pdf"] + (["*.rtf"] if args.all else [])
    files = sorted(p for pat in patterns for p in (legacy / "tcvn3").glob(pat))
    if not files:
        print(f"no files under {legacy / 'tcvn3'}", file=sys.stderr)
        return 0
    for path in files:
        result = score_file(path, truth_dir)
        if result is None:
            print(f"{path.name}\t-\tno transcript")
            continue
        n, acc, enc = result
        print(f"{path.name}\t{n}\t{acc:.4f}\t{enc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
