"""To-do items of the shared kernel."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kam.core import calendar, clock
from kam.core.navigation import TodoItem, todo_provider

if TYPE_CHECKING:
    from kam.org.models import User


@todo_provider
def calendar_not_published(user: User) -> Iterator[TodoItem]:
    """Warn administrators in the last quarter when next year's official schedule is missing (B1)."""
    today = clock.local_today()
    if not user.holds("admin") or today.month < 10:
        return
    year = today.year + 1
    if year not in calendar.official_years_known():
        yield TodoItem(
            title=_(
                "The official holiday schedule for %(year)s is not published yet: working days fall back to "
                "Monday–Friday. Enter the make-up workdays as overrides."
            )
            % {"year": year},
            link=reverse("admin:core_calendaroverride_changelist"),
            kind="calendar",
        )
