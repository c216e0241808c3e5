"""Progress of a long command (read, extract, check, index) on stderr.

On a terminal it is a bar drawn by `rich <https://rich.readthedocs.io>`_ (done/total,
files/s, time left, failures so far); anywhere else — cron, ``nohup``, ``| tee``, a CI
log — it is a plain line every few seconds (``index: 120/800 files, 14.2 files/s, ETA
0:48, 2 failed``) so a log shows the run is alive without being flooded.

Modes: ``auto`` (the default: the bar on a terminal, log lines elsewhere), ``always``
(the same, plus a first and a last log line off a terminal, so every log has the totals),
``never``.  ``BAOCAO_PROGRESS_INTERVAL`` sets the seconds between log lines (default 10).
"""
from __future__ import annotations

import os
import sys
import time
from types import TracebackType
from typing import IO, Any

__all__ = ["MODES", "Progress", "progress_mode"]

MODES = ("auto", "always", "never")


def progress_mode(value: bool | str | None) -> str:
    """``True``/``None`` → ``auto``, ``False`` → ``never``, else the mode named."""
    if value is True or value is None:
        return "auto"
    if value is False:
        return "never"
    value = str(value)
    if value not in MODES:
        raise ValueError(f"unknown progress mode {value!r} (auto, always, never)")
    return value


def _interval() -> float:
    try:
        return max(0.05, float(os.environ.get("BAOCAO_PROGRESS_INTERVAL", "10")))
    except ValueError:
        return 10.0


def _hms(sec: float) -> str:
    sec = int(sec + 0.5)
    h, rem = divmod(sec, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """Progress over ``total`` items (files) of one command, ``label`` naming it.

    Call :meth:`update` with the count done (and failed) so far, or :meth:`advance`;
    :meth:`close` (or leaving the ``with`` block) clears the bar so that the summary
    follows on a clean line."""

    def __init__(self, total: int, mode: bool | str | None = "auto", stream: IO[str] | None = None, *,
                 label: str = "index", unit: str = "files") -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.mode = progress_mode(mode)
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = self.mode != "never" and total > 0
        self.total = total
        self.label = label
        self.unit = unit
        self.done = 0
        self.failed = 0
        self.t0 = time.monotonic()
        self.last = self.t0
        self.interval = _interval()
        self.lines = 0
        self._printed: int | None = None
        self._bar: Any = None
        self._task: Any = None
        if self.enabled and self.tty:
            self._start_bar()
        elif self.enabled and self.mode == "always":
            self._line()

    # -- drawing
    def _start_bar(self) -> None:
        try:
            from rich.console import Console  # optional: without rich, log lines on the terminal too
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as RichProgress
        except ImportError:
            self.tty = False
            return
        console = Console(file=self.stream, stderr=self.stream is sys.stderr)
        self._bar = RichProgress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[rate]}"), TextColumn("ETA"), TimeRemainingColumn(),
                                 TextColumn("{task.fields[failed]}"), console=console, transient=True,
                                 refresh_per_second=5,
                                 # output printed meanwhile goes above the bar only when it goes to the
                                 # same terminal: `baocao check … > out.txt` keeps its output in the file
                                 redirect_stdout=bool(sys.stdout.isatty()) and self.stream is sys.stderr,
                                 redirect_stderr=False)
        self._bar.start()
        self._task = self._bar.add_task(self.label, total=self.total, rate="", failed="")

    def _text(self) -> str:
        el = max(time.monotonic() - self.t0, 1e-9)
        rate = self.done / el
        eta = (self.total - self.done) / rate if rate > 0 else None
        return (f"{self.label}: {self.done}/{self.total} {self.unit}, {rate:.1f} {self.unit}/s, "
                f"ETA {_hms(eta) if eta is not None else '--:--'}"
                + (f", {self.failed} failed" if self.failed else ""))

    def _line(self) -> None:
        self.stream.write(self._text() + "\n")
        self.stream.flush()
        self.lines += 1
        self._printed = self.done

    # -- API
    def update(self, done: int, failed: int = 0, *, final: bool = False) -> None:
        """``done`` of ``total`` items are finished, ``failed`` of them failed."""
        self.done, self.failed = done, failed
        if not self.enabled:
            return
        if self._bar is not None:
            el = max(time.monotonic() - self.t0, 1e-9)
            self._bar.update(self._task, completed=done, rate=f"{done / el:.1f} {self.unit}/s",
                             failed=f"{failed} failed" if failed else "")
            return
        now = time.monotonic()
        if now - self.last >= self.interval or (final and self.mode == "always"):
            self.last = now
            self._line()

    def advance(self, n: int = 1, *, failed: bool = False) -> None:
        """One more item done (``failed`` if it failed)."""
        self.update(self.done + n, self.failed + (n if failed else 0))

    def close(self) -> None:
        """Clear the bar; off a terminal, write the last line in ``always`` mode, and in
        ``auto`` mode when a log line was written already (a log that said "11/27" ends
        with "27/27", not there; a short run stays silent)."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        elif self.enabled and (self.mode == "always" or self.lines) and self._printed != self.done:
            self._line()
        self.enabled = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
