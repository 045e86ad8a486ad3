"""Permission checks shared by the services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kam.core.errors import FORBIDDEN, Forbidden

if TYPE_CHECKING:
    from kam.org.models import User


def require_posts(user: User, *codes: str) -> None:
    """Refuse unless ``user`` holds one of the posts (a superuser holds ``admin``)."""
    if not (user.is_authenticated and user.is_active and user.holds(*codes)):
        raise Forbidden(FORBIDDEN)


def require_admin(user: User) -> None:
    require_posts(user, "admin")
