"""Budgets per file: how much one input may cost before it is refused.

One bad file must cost one line, bounded time and bounded memory.  The defaults fit
every real report seen so far many times over; a user changes them with environment
variables (``BAOCAO_MAX_BYTES=500000000``) or, for ``index``, with command-line flags.
A file over a budget is refused with a reason naming the budget ("over the 300 s
budget", "over the 1024 MB budget"), never truncated silently.

==================  ============================  ======================================
setting             environment variable          what it bounds
==================  ============================  ======================================
``file_bytes``      ``BAOCAO_MAX_BYTES``          size of the file on disk
``unpacked_bytes``  ``BAOCAO_MAX_UNPACKED``       bytes after decompression (a DOCX's XML
                                                  parts together)
``chars``           ``BAOCAO_MAX_CHARS``          characters of text read from one file
``pages``           ``BAOCAO_MAX_PAGES``          pages of a PDF
``figures``         ``BAOCAO_MAX_FIGURES``        figures found in one document
``file_seconds``    ``BAOCAO_FILE_SECONDS``       wall time for one file in ``index``
``worker_mb``       ``BAOCAO_WORKER_MB``          memory of one ``index`` worker process
``query_words``     ``BAOCAO_QUERY_WORDS``        words of a search query
``query_chars``     ``BAOCAO_QUERY_CHARS``        characters of a search query
==================  ============================  ======================================
"""
from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from functools import wraps
from typing import Any, ParamSpec, TypeVar

__all__ = ["Limits", "LimitError", "current", "set_current", "ENV", "gc_paused", "without_gc"]


class LimitError(Exception):
    """An input is over one of its budgets (the message names the budget)."""


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 200 * 1024 * 1024
    unpacked_bytes: int = 256 * 1024 * 1024
    chars: int = 5_000_000
    pages: int = 2_000
    figures: int = 200_000
    file_seconds: float = 300.0
    worker_mb: int = 960  # on top of the worker's size at start (~50 MB): under 1 GB in all
    query_words: int = 200
    query_chars: int = 2_000

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, bool) or not isinstance(v, int | float) or v <= 0:
                raise ValueError(f"budget {f.name} must be a positive number, not {v!r}")
        if self.worker_mb < 128:
            raise ValueError(f"budget worker_mb must be at least 128 (MB), not {self.worker_mb}")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Limits:
        """The defaults, changed by the ``BAOCAO_*`` variables, then by ``overrides``
        (None values ignored).  A malformed value raises ValueError naming it."""
        env = os.environ if environ is None else environ
        kw: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(ENV[f.name])
            if raw is None or raw.strip() == "":
                continue
            try:
                kw[f.name] = float(raw) if f.name == "file_seconds" else int(float(raw))
            except ValueError:
                raise ValueError(f"{ENV[f.name]}={raw!r} is not a number") from None
        kw.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**kw)

    def with_(self, **overrides: Any) -> Limits:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


ENV = {
    "file_bytes": "BAOCAO_MAX_BYTES",
    "unpacked_bytes": "BAOCAO_MAX_UNPACKED",
    "chars": "BAOCAO_MAX_CHARS",
    "pages": "BAOCAO_MAX_PAGES",
    "figures": "BAOCAO_MAX_FIGURES",
    "file_seconds": "BAOCAO_FILE_SECONDS",
    "worker_mb": "BAOCAO_WORKER_MB",
    "query_words": "BAOCAO_QUERY_WORDS",
    "query_chars": "BAOCAO_QUERY_CHARS",
}

_current: Limits | None = None


def current() -> Limits:
    """The budgets in force: those set by :func:`set_current`, else the environment's
    (read once)."""
    global _current
    if _current is None:
        _current = Limits.from_env()
    return _current


def set_current(limits: Limits | None) -> None:
    """Put ``limits`` in force for this process (None: back to the environment's)."""
    global _current
    _current = limits


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off for the work of one file.

    Reading and finding allocate millions of short-lived objects (characters' boxes,
    regex matches, figures) that reference counting frees; the cyclic collector is
    started by allocation counts all the same, and each of its full passes walks every
    live object (compiled rules, vocabularies, the document): about 5 % of the pipeline's
    CPU time, for nothing.  Held off here, collected normally afterwards: what one file
    leaves in cycles is bounded by that file (and its budgets).  Nested uses, and a
    caller that turned the collector off itself, leave it as they found it."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


_P = ParamSpec("_P")
_R = TypeVar("_R")


def without_gc(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """``fn`` run inside :func:`gc_paused`."""
    @wraps(fn)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with gc_paused():
            return fn(*args, **kwargs)
    return run
