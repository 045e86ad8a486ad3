"""To-do items of the notification app."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import ngettext

from kam.core.navigation import TodoItem, todo_provider
from kam.notify.selectors import unread_count

if TYPE_CHECKING:
    from kam.org.models import User


@todo_provider
def unread_notifications(user: User) -> Iterator[TodoItem]:
    count = unread_count(user=user)
    if count:
        yield TodoItem(
            title=ngettext("%(count)d unread notification", "%(count)d unread notifications", count)
            % {"count": count},
            link=reverse("notifications"),
            kind="notification",
        )
