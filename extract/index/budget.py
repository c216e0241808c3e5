"""Time and memory budgets of the ``index`` workers.

Every file is read under two guards:

* **in the worker** — an interval timer (``SIGALRM``) interrupts the file when its
  wall time passes ``Limits.file_seconds``, and the worker's address space is capped
  (``RLIMIT_AS``) at ``Limits.worker_mb``, so an allocation past it raises
  MemoryError; either way the file's record says "over the N s budget" / "over the
  N MB budget" and the worker goes on with the next file;
* **in the parent** — a watchdog reads which file each worker is on (a small status
  file per worker, written without locks so a killed worker cannot block the others)
  and the worker's resident memory; a worker still on one file some seconds past the
  time budget (stuck in native code, where the timer cannot reach it) or over the
  memory budget is killed.  The pool is replaced, the file is recorded as failed with
  the budget as reason, the other files in flight are run again.

Workers also die with their parent (``PR_SET_PDEATHSIG``), so a killed ``index``
leaves no orphan reading on for minutes.

On a **Dask** cluster a file runs in a worker *thread*, where neither the interval
timer nor an address-space cap can be set, and the worker process belongs to the
cluster.  There :func:`run_threaded` reads each file in a thread of its own and waits
at most the time budget for it, sampling the worker's resident memory meanwhile: a
file that grows it past the memory budget is given up at once.  A file over either budget is
recorded as failed with the same reasons, and the task asks the parent to restart
its worker (a runaway thread cannot be stopped, and memory once taken is not given
back).  The parent also keeps a deadline per task, for a thread that holds the
interpreter lock in native code so that nothing in its worker can answer: past it,
the worker is restarted and the task's files run again alone (see
``extract.index.indexer._DaskRunner``).
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from extract.core import limits
from extract.core.limits import Limits

try:
    import resource  # POSIX: the memory cap (without it the watchdog alone guards memory)
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

__all__ = ["Overtime", "Watchdog", "init_worker", "over_memory", "over_time", "run_budgeted", "run_threaded",
           "task_deadline"]

#: seconds the watchdog allows past the time budget before it kills (the worker's own
#: timer gets the first chance)
KILL_GRACE = 5.0


class Overtime(BaseException):
    """Raised by the interval timer in a file over its time budget.  A BaseException,
    so that the stages' ``except Exception`` (which keeps a document when one
    extractor fails) does not swallow it."""


def over_time(lim: Limits) -> str:
    return f"over the {lim.file_seconds:g} s budget (set --file-seconds or {limits.ENV['file_seconds']} to raise it)"


def over_memory(lim: Limits) -> str:
    return f"over the {lim.worker_mb} MB budget (set --worker-mb or {limits.ENV['worker_mb']} to raise it)"


# --------------------------------------------------------------------------- worker side

_status_dir: str | None = None


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _vm_size() -> tuple[int, int]:
    """(virtual size, resident size) of this process in bytes (0, 0 where unknown)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            vm, rss = fh.read().split()[:2]
        page = os.sysconf("SC_PAGE_SIZE")
        return int(vm) * page, int(rss) * page
    except (OSError, ValueError):
        return 0, 0


def _cap_memory(mb: int) -> int:
    """Cap the address space at ``mb`` MB on top of what the worker holds at start (a
    forked worker starts with its parent's memory: about 50 MB under the command
    line, much more under a test runner).  Returns the resident size at start."""
    vm, rss = _vm_size()
    if resource is None:
        return rss
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        want = vm + mb * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            want = min(want, hard)
        resource.setrlimit(resource.RLIMIT_AS, (want, hard))
    except (ValueError, OSError):
        pass
    return rss


def init_worker(lim: Limits, parent: int, status_dir: str | None) -> None:
    """Initializer of a pool worker: the budgets, death with the parent, a memory cap."""
    global _status_dir
    limits.set_current(lim)
    _die_with_parent(parent)
    rss = _cap_memory(lim.worker_mb)
    _status_dir = status_dir
    if status_dir is not None:  # the watchdog measures growth over this
        try:
            with open(os.path.join(status_dir, f"{os.getpid()}.base"), "w", encoding="ascii") as fh:
                fh.write(str(rss))
        except OSError:
            pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the CLI's SIGTERM-as-Ctrl-C: terminate() ends a worker


def _tell(path: str | None) -> None:
    """Write which file this worker is on (None: none) for the parent's watchdog."""
    if _status_dir is None:
        return
    me = os.path.join(_status_dir, str(os.getpid()))
    try:
        if path is None:
            with open(me, "w", encoding="utf-8"):
                pass
            return
        tmp = me + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(f"{time.monotonic()}\t{path}")
        os.replace(tmp, me)
    except OSError:
        pass


def _on_alarm(signum: int, frame: Any) -> None:
    raise Overtime()


@contextmanager
def _timer(seconds: float) -> Iterator[None]:
    """An interval timer that raises :class:`Overtime` (main thread only; elsewhere
    nothing happens and the parent's watchdog is the only guard)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    old = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def run_budgeted(fn: Callable[[], dict[str, Any]], path: str, failed: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    """``fn()`` (the record of ``path``) under the time budget; a file over its time or
    memory budget gives ``failed(reason)`` instead."""
    lim = limits.current()
    _tell(path)
    try:
        with _timer(lim.file_seconds):
            rec = fn()
        errors = (rec.get("meta") or {}).get("stage_errors") or {}
        if any(str(v).startswith("MemoryError") for v in errors.values()):
            raise MemoryError
        return rec
    except Overtime:
        return failed(over_time(lim))
    except MemoryError:
        return failed(over_memory(lim))
    finally:
        _tell(None)


def run_threaded(fn: Callable[[], dict[str, Any]], failed: Callable[[str], dict[str, Any]],
                 lim: Limits, *, poll: float = 0.05) -> tuple[dict[str, Any], bool]:
    """``fn()`` in a thread of its own, where the interval timer cannot run (a Dask
    worker's thread): waited for at most ``lim.file_seconds``, the process's resident
    memory sampled meanwhile.  Returns (record, restart): ``failed(reason)`` for a file
    over its time budget or that grew the resident memory by more than
    ``lim.worker_mb`` while it was read (given up at once, not at the end), and whether
    the worker should be restarted (the thread still runs, or holds that memory)."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["rec"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            box["exc"] = exc

    base = _vm_size()[1]
    budget = lim.worker_mb * 1024 * 1024
    t = threading.Thread(target=target, name="baocao-file", daemon=True)
    deadline = time.monotonic() + lim.file_seconds
    t.start()
    while True:
        t.join(min(poll, max(0.0, deadline - time.monotonic())))
        if base and _vm_size()[1] - base > budget:
            return failed(over_memory(lim)), True
        if not t.is_alive():
            break
        if time.monotonic() >= deadline:
            return failed(over_time(lim)), True
    if "exc" in box:
        if isinstance(box["exc"], MemoryError):
            return failed(over_memory(lim)), True
        raise box["exc"]
    rec = box["rec"]
    errors = (rec.get("meta") or {}).get("stage_errors") or {}
    if any(str(v).startswith("MemoryError") for v in errors.values()):
        return failed(over_memory(lim)), True
    return rec, False


def task_deadline(files: int, lim: Limits) -> float:
    """Seconds a task of ``files`` files may stay in flight on a cluster before the
    parent restarts its worker: each file's budget and grace, plus one file's worth
    for the wait in the worker's queue."""
    return (files + 1) * (lim.file_seconds + KILL_GRACE)


# --------------------------------------------------------------------------- parent side


class Watchdog:
    """Watches the workers of one pool: which file each is on, for how long, and how
    much memory it holds; :meth:`check` kills the ones over budget and returns
    {path: reason} of the files they were on."""

    def __init__(self, lim: Limits) -> None:
        self.lim = lim
        self.dir = tempfile.mkdtemp(prefix="baocao-workers-")
        self.page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

    def _rss(self, pid: int) -> int | None:
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
                return int(fh.read().split()[1]) * self.page
        except (OSError, ValueError, IndexError):
            return None

    def on_file(self) -> dict[int, tuple[float, str]]:
        out: dict[int, tuple[float, str]] = {}
        try:
            names = os.listdir(self.dir)
        except OSError:
            return out
        for n in names:
            if not n.isdigit():
                continue
            try:
                with open(os.path.join(self.dir, n), encoding="utf-8") as fh:
                    t, _, path = fh.read().partition("\t")
                if path:
                    out[int(n)] = (float(t), path)
            except (OSError, ValueError):
                continue
        return out

    def _base(self, pid: int) -> int:
        try:
            with open(os.path.join(self.dir, f"{pid}.base"), encoding="ascii") as fh:
                return int(fh.read())
        except (OSError, ValueError):
            return 0

    def check(self, pids: set[int]) -> dict[str, str]:
        killed: dict[str, str] = {}
        now = time.monotonic()
        budget = self.lim.worker_mb * 1024 * 1024
        for pid, (t0, path) in self.on_file().items():
            if pid not in pids:
                continue
            reason = None
            if now - t0 > self.lim.file_seconds + KILL_GRACE:
                reason = over_time(self.lim)
            else:
                rss = self._rss(pid)
                if rss is not None and rss - self._base(pid) > budget:
                    reason = over_memory(self.lim)
            if reason:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    continue
                killed[path] = reason
                for name in (str(pid), f"{pid}.base"):
                    try:
                        os.remove(os.path.join(self.dir, name))
                    except OSError:
                        pass
        return killed

    def close(self) -> None:
        for n in os.listdir(self.dir):
            try:
                os.remove(os.path.join(self.dir, n))
            except OSError:
                pass
        try:
            os.rmdir(self.dir)
        except OSError:
            pass
