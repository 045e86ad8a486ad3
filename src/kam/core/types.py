"""Typing helpers for views and API handlers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from kam.org.models import User


class AuthedRequest(HttpRequest):
    """A request whose user is signed in (pages behind login_required, API behind a token)."""

    user: User
    htmx: HtmxDetails
