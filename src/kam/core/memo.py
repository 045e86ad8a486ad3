"""Values read many times within one request and changed by none of it, kept for that request only.

A request asks who may see what several times over (the viewer's scope for the row it loads, for the
account it refers to, for the history it writes), and each asks for the whole department tree. Within a
request, :func:`remembered` answers the second time from memory. Outside a request (a job, a shell, a
test calling a selector directly) nothing is kept, so nothing can be stale there; within one, a write
that changes a remembered value calls :func:`forget`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

_store: ContextVar[dict[str, Any] | None] = ContextVar("kam_request_memo", default=None)


@contextmanager
def request_scope() -> Iterator[None]:
    """Keep remembered values until the block ends (one per request; see ``RequestMemoMiddleware``)."""
    token = _store.set({})
    try:
        yield
    finally:
        _store.reset(token)


def remembered(key: str, compute: Callable[[], T]) -> T:
    """Return ``compute()``, computed once per request under ``key`` (every time outside a request)."""
    store = _store.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]


def forget(key: str) -> None:
    """Drop ``key`` from the current request's memory (the value it held has just been changed)."""
    store = _store.get()
    if store is not None:
        store.pop(key, None)
