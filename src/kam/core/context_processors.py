"""Template context shared by every page: the menu and the unread notification count."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kam.core.navigation import menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from kam.notify.selectors import unread_count

    return {"menu": menu_for(user), "unread_count": unread_count(user=user)}
