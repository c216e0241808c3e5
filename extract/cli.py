"""``baocao``: a thin command line over the library API.

Conventions: every command takes many files and never stops a batch on one bad
file; errors about input go to stderr as one line naming the file and the reason;
exit codes are 0 clean, 1 findings at or above ``--fail-on``, 2 usage or input
error.  No traceback reaches the user unless ``BAOCAO_DEBUG`` is set.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence

from . import __version__
from .errors import ReadError

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


def _expand(paths: Sequence[str]) -> Iterator[str]:
    """Files as given; a directory given on the command line is walked for reports."""
    for p in paths:
        if os.path.isdir(p):
            found = False
            for root, _dirs, files in sorted(os.walk(p)):
                for f in sorted(files):
                    if f.lower().endswith((".pdf", ".docx", ".txt")) and not f.startswith("."):
                        found = True
                        yield os.path.join(root, f)
            if not found:
                yield p  # reported as "is a directory" with no reports in it
        else:
            yield p


def _err(msg: str) -> None:
    print(f"baocao: {msg}", file=sys.stderr)


def _where(page: int | None, line: int | None) -> str:
    if page is None:
        return f"{line}" if line is not None else "-"
    return f"{page}:{line}"


# --- read -----------------------------------------------------------------------------

def cmd_read(args: argparse.Namespace) -> int:
    from .output import document_record
    from .reader import read

    status = EXIT_OK
    for path in _expand(args.files):
        try:
            doc = read(path)
        except ReadError as exc:
            _err(str(exc))
            status = EXIT_INPUT
            continue
        if args.format == "json":
            print(json.dumps(document_record(doc, full=True), ensure_ascii=False))
            continue
        if args.format == "summary":
            h = doc.header
            print(f"{path}: {doc.kind}, {doc.pages or '-'} page(s), {len(doc.text)} chars; "
                  f"{h.doc_type or '?'} {h.number or '(no number)'} {h.date or ''} — {h.issuer or '?'}; "
                  f"{len(doc.footnotes)} footnote(s), {len(doc.removed)} furniture line(s) removed")
            continue
        print(f"# {path}")
        pos = 0
        for para in doc.text.split("\n"):
            page, line = doc.locate(pos)
            print(f"{_where(page, line):>7}  {para}")
            pos += len(para) + 1
        for n in doc.footnotes:
            print(f"{'note':>7}  [{n.id}] {n.text}")
        if len(args.files) > 1:
            print()
    return status


# --- parser -----------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="baocao",
        description="Read Vietnamese state reports (PDF, DOCX, text): extract references, figures and "
                    "dates, cross-check the numbers.",
        epilog="Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.",
    )
    parser.add_argument("--version", action="version", version=f"baocao {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("read", help="read reports and print the cleaned text or the Document as JSON",
                       description="Read each FILE (PDF, DOCX or text; a directory is searched for them) and "
                                   "print its cleaned text with page:line prefixes, a one-line summary, or the "
                                   "Document as JSON (one object per line).")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", "-f", choices=["text", "json", "summary"], default="text",
                   help="output format (default: text)")
    p.set_defaults(func=cmd_read)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_INPUT
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        except OSError:
            pass
        return EXIT_OK
    except Exception as exc:  # last resort: one line, no traceback
        if os.environ.get("BAOCAO_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (set BAOCAO_DEBUG=1 for details)")
        return EXIT_INPUT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
