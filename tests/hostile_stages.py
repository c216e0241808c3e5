"""Extra index stages that misbehave on purpose (the budget tests run them in workers):
``name:function`` in a file's stem picks what happens to that file only."""
from __future__ import annotations

import os
import re
import signal
import time
from typing import Any


def _wants(doc: Any, what: str) -> bool:
    return what in os.path.basename(doc.path)


def misbehave(doc: Any, refs: Any) -> dict[str, Any]:
    if _wants(doc, "slow"):  # pure Python: the worker's own timer stops it
        t = time.monotonic()
        while time.monotonic() - t < 60:
            pass
    if _wants(doc, "stuck"):  # the timer blocked, as in native code: only the watchdog helps
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(60)
    if _wants(doc, "gil"):  # native code that keeps the interpreter lock: nothing in its process answers
        re.match(r"(a+)+$", "a" * 40 + "b")
    if _wants(doc, "fat"):  # 600 MB really used (a Dask worker has no address-space cap: its peak counts)
        hoard = b"x" * (600 * 1024 * 1024)
        time.sleep(1)  # held a while, as a reader holds what it parses
        del hoard
    if _wants(doc, "hog"):  # 2 GB at once: the address-space cap refuses it
        hoard = bytearray(2 * 1024 * 1024 * 1024)
        hoard[-1] = 1
    return {}
