"""To-do items of hospitality: the follow-up call the day after a key account's departure (D19)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from kam.core.navigation import TodoItem, todo_provider
from kam.hospitality.selectors import follow_up_calls_due

if TYPE_CHECKING:
    from kam.org.models import User


@todo_provider
def follow_up_calls(user: User) -> Iterator[TodoItem]:
    for task in follow_up_calls_due(user=user):
        yield TodoItem(
            title=_("Follow-up call to %(account)s") % {"account": task.plan.account},
            link=task.plan.get_absolute_url(),
            due=task.due_at,
            kind="hospitality",
            detail=_("Ask about the journey, check they arrived and wish them well."),
            urgent=True,
        )
