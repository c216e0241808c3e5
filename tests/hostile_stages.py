"""Extra index stages that misbehave on purpose (the budget tests run them in workers):
``name:function`` in a file's stem picks what happens to that file only."""
from __future__ import annotations

import os
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
    if _wants(doc, "hog"):  # 2 GB at once: the address-space cap refuses it
        hoard = bytearray(2 * 1024 * 1024 * 1024)
        hoard[-1] = 1
    return {}
