"""The security trail: sign-in failures, refused tokens, permission failures and rate-limited calls.

Every refusal the system gives is written to :class:`~kam.core.models.SecurityEvent` so that an
administrator can see who tried what (issue 12, docs/security.md). The refused work has already
rolled back when an event is written, so the event stays.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.signals import user_login_failed
from django.db import DatabaseError, transaction
from django.dispatch import receiver
from django.http import HttpRequest

from kam.core import clock
from kam.core.models import SecurityEvent

log = logging.getLogger("kam.security")


def client_ip(request: HttpRequest | None) -> str | None:
    """Return the caller's address (the proxy's X-Forwarded-For is honoured only behind TLS settings)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(request: HttpRequest | None, kind: str, *, username: str = "", detail: str = "") -> None:
    """Write one security event; a failure to write is logged, never raised to the caller."""
    user = getattr(request, "user", None) if request is not None else None
    values: dict[str, Any] = {
        "at": clock.now(),
        "kind": kind,
        "user": user if user is not None and user.is_authenticated else None,
        "username": username[:150],
        "ip": client_ip(request),
        "method": request.method[:10] if request is not None and request.method else "",
        "path": request.path[:500] if request is not None else "",
        "detail": str(detail)[:500],
    }
    log.warning("security event %s %s %s", kind, values["username"], values["path"])
    try:
        with transaction.atomic(savepoint=True):
            SecurityEvent.objects.create(**values)
    except DatabaseError:  # pragma: no cover - the trail must never break the answer
        log.exception("could not record a security event")


@receiver(user_login_failed)
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    record(request, SecurityEvent.Kind.SIGN_IN_FAILED, username=str(credentials.get("username", "")))
