"""Permission checks shared by the plan and scorecard services."""

from __future__ import annotations

from kam.core.errors import FORBIDDEN, Forbidden
from kam.org.models import User
from kam.org.selectors import department_subtree_ids

MANAGER_POSTS = ("ka_manager", "admin")


def manages_department(user: User, department_id: int | None) -> bool:
    """Return whether ``user`` is the KA manager over ``department_id`` (or an administrator)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.holds("admin"):
        return True
    if not user.holds("ka_manager") or not user.department_id or department_id is None:
        return False
    return department_id in department_subtree_ids(user.department_id)


def require_manager_of(user: User, department_id: int | None) -> None:
    if not manages_department(user, department_id):
        raise Forbidden(FORBIDDEN)
