"""Pausing Python's cycle collector around work that builds many long-lived objects.

A large import keeps every checked row (a dict and a tuple each) until it writes them; the collector
walks all of them again at every full collection, which cost about a fifth of a 100,000-row import.
Reference counting still frees everything that is not part of a cycle while the collector rests, and
it runs once the last paused block has ended.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    """Keep the cycle collector off inside the block; nested and concurrent blocks are counted."""
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()
