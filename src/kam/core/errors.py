"""One family of application errors, mapped to HTTP statuses by the API and the pages.

Messages are English constants (marked with ``gettext_noop``) so that tests can assert them exactly;
the values to fill in travel as ``params``, never formatted into the constant by the caller. The API
answers the English ``message``; the pages show :meth:`ApplicationError.localized`, the constant
translated into the reader's language and then filled in (F4). ``tests/core/test_error_messages.py``
checks that every constant raised has its Chinese translation.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db.models import Choices
from django.http import Http404
from django.utils.translation import gettext, gettext_noop


class ApplicationError(Exception):
    """A refused request: the message says why, ``field`` names the input at fault."""

    status = 400

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        extra: dict[str, object] | None = None,
        params: Mapping[str, object] | None = None,
    ):
        self.template = message
        self.params = dict(params or {})
        self.message = message.format(**self.params) if self.params else message
        super().__init__(self.message)
        self.field = field
        self.extra = extra or {}

    def localized(self) -> str:
        """The message in the active language, filled in with ``params`` (what the pages show).

        A parameter registered with :func:`show_labels` for this message (a status code) is shown as
        its label in the active language; the API's English ``message`` keeps the code.
        """
        text = gettext(self.template)
        if not self.params:
            return text
        labels = _LABELS.get(self.template, {})
        values = {
            name: (str(labels[name].get(str(value), value)) if name in labels else value)
            for name, value in self.params.items()
        }
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):  # a translation with other placeholders: keep English
            return self.message

    def as_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"detail": self.message}
        if self.field:
            body["field"] = self.field
        body.update(self.extra)
        return body


_LABELS: dict[str, dict[str, Mapping[str, object]]] = {}


def show_labels(message: str, **sources: Mapping[str, object] | type[Choices]) -> None:
    """Show the named parameters of ``message`` on pages by their labels, not their codes.

    ``sources`` maps a parameter to the choices its codes come from (or a code → label mapping), e.g.
    ``show_labels(STATUS_TRANSITION_REFUSED, current=AccountStatus, target=AccountStatus)``. The rule
    that raises the message stays free of models; the app registers this in its ``ready``.
    """
    _LABELS[message] = {
        name: dict(source.choices) if isinstance(source, type) else dict(source)
        for name, source in sources.items()
    }


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


NOT_FOUND = gettext_noop("Not found.")
FORBIDDEN = gettext_noop("You do not have permission to do this.")
