"""Which files a command reads: one walker for every command (``read``, ``extract``,
``check``, ``index``), so that a folder means the same thing to all of them.

A folder is walked recursively for the report formats the reader knows, skipping hidden
files and folders and Office lock files (``~$…``); a file named explicitly is taken
whatever its extension (the reader then says what it is)."""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

__all__ = ["EXTENSIONS", "Skipped", "is_report_name", "iter_paths", "unread_files", "walk"]

#: the formats a folder is searched for
EXTENSIONS = (".pdf", ".docx", ".doc", ".xlsx", ".xls", ".txt")


def is_report_name(name: str) -> bool:
    return not name.startswith((".", "~$")) and name.lower().endswith(EXTENSIONS)


@dataclass
class Skipped:
    """What a walk could not see, so a summary can say it: folders it could not list
    (path, reason).  (Files of other formats are counted by :func:`unread_files`.)"""

    unreadable: list[tuple[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"unreadable folder: {p}: {r}" for p, r in self.unreadable]

    def __bool__(self) -> bool:
        return bool(self.unreadable)


def _walk_dir(top: str, skipped: Skipped | None = None) -> Iterator[str]:
    def onerror(exc: OSError) -> None:
        if skipped is not None:
            skipped.unreadable.append((exc.filename or top, exc.strerror or str(exc)))

    for root, dirs, names in os.walk(top, onerror=onerror):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for n in sorted(names):
            full = os.path.join(root, n)
            if is_report_name(n) and os.path.isfile(full):
                yield full


def iter_paths(paths: Iterable[str], skipped: Skipped | None = None) -> Iterator[str]:
    """The files to read, as named (relative paths stay relative), in the order given,
    each folder's reports sorted; a folder without any report is yielded itself, so
    that the reader names it ("is a directory").  Folders the walk cannot list are
    added to ``skipped``."""
    for p in paths:
        if os.path.isdir(p):
            found = sorted(_walk_dir(p, skipped))
            yield from found or [p]
        else:
            yield p


def walk(paths: Iterable[str | os.PathLike[str]],
         skipped: Skipped | None = None) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """(files, roots, missing): every report under ``paths`` as an absolute path,
    sorted; the absolute roots given (for pruning); and given paths that do not exist.
    Folders the walk cannot list are added to ``skipped``."""
    files: set[str] = set()
    roots: list[str] = []
    missing: list[tuple[str, str]] = []
    for p in paths:
        ap = os.path.abspath(os.fspath(p))
        if os.path.isdir(ap):
            roots.append(ap)
            files.update(_walk_dir(ap, skipped))
        elif os.path.isfile(ap):
            roots.append(ap)
            files.add(ap)
        else:
            missing.append((os.fspath(p), "no such file or directory"))
    return sorted(files), roots, missing


def unread_files(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Files under the given folders that the walk leaves out because their format is
    no report format (``.doc``, ``.rtf``, ``.xlsx`` …), sorted; hidden files, Office lock
    files and files named explicitly are not counted."""
    out: list[str] = []
    for p in paths:
        top = os.fspath(p)
        if not os.path.isdir(top):
            continue
        for root, dirs, names in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            out.extend(os.path.join(root, n) for n in sorted(names)
                       if not n.startswith((".", "~$")) and not is_report_name(n))
    return out
