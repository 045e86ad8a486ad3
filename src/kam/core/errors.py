"""One family of application errors, mapped to HTTP statuses by the API and the pages.

Messages are constants so that tests can assert them exactly.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404


class ApplicationError(Exception):
    """A refused request: the message says why, ``field`` names the input at fault."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None, extra: dict[str, object] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}

    def as_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"detail": self.message}
        if self.field:
            body["field"] = self.field
        body.update(self.extra)
        return body


class ValidationFailed(ApplicationError):
    status = 422


class NotFound(ApplicationError, Http404):
    """Also an Http404, so that a page raising it answers 404 rather than 500."""

    status = 404


class Forbidden(ApplicationError, PermissionDenied):
    """Also a PermissionDenied, so that a page raising it answers 403 rather than 500."""

    status = 403


class Conflict(ApplicationError):
    status = 409


NOT_FOUND = "Not found."
FORBIDDEN = "You do not have permission to do this."
