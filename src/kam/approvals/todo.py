"""To-do items of the approval engine: how many requests await the user's decision."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import ngettext

from kam.approvals.selectors import inbox_count
from kam.core.navigation import TodoItem, todo_provider

if TYPE_CHECKING:
    from kam.org.models import User


@todo_provider
def awaiting_my_approval(user: User) -> Iterator[TodoItem]:
    count = inbox_count(viewer=user)
    if count:
        yield TodoItem(
            title=ngettext(
                "%(count)d request awaits your approval", "%(count)d requests await your approval", count
            )
            % {"count": count},
            link=reverse("approval_inbox"),
            kind="approval",
            urgent=True,
        )
