"""The one helper that decides which rows a user may see: own → department → region → all (A1).

Every app's selectors call :func:`restrict` (or :func:`scope_for` and :func:`scope_q`), passing the
names of the row's owner and department fields and, where a resource needs it, its own reach per post.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, Q, QuerySet

if TYPE_CHECKING:
    from kam.org.models import User

M = TypeVar("M", bound=Model)


class Reach(IntEnum):
    NONE = 0
    OWN = 1
    DEPARTMENT = 2
    REGION = 3
    ALL = 4


DEFAULT_REACH: Mapping[str, Reach] = {
    "admin": Reach.ALL,
    "general_manager": Reach.ALL,
    "inspector": Reach.ALL,
    "regional_manager": Reach.REGION,
    "service_director": Reach.REGION,
    "ka_manager": Reach.DEPARTMENT,
    "cs_manager": Reach.DEPARTMENT,
    "specialist": Reach.OWN,
}
"""How far each post sees by default; posts not listed see their own rows."""


@dataclass(frozen=True)
class Scope:
    """What one user may see: a reach, the user, and the departments it covers (None = all)."""

    reach: Reach
    user_id: int | None
    department_ids: frozenset[int] | None

    @property
    def sees_all(self) -> bool:
        return self.reach is Reach.ALL


def reach_of(user: User, reach_by_post: Mapping[str, Reach] | None = None) -> Reach:
    """Return the widest reach among the user's posts."""
    if not user.is_authenticated or not user.is_active:
        return Reach.NONE
    table = DEFAULT_REACH if reach_by_post is None else reach_by_post
    reaches = [table.get(code, Reach.OWN) for code in user.post_codes()]
    if user.is_superuser:
        reaches.append(Reach.ALL)
    return max(reaches, default=Reach.OWN)


def scope_for(user: User, reach_by_post: Mapping[str, Reach] | None = None) -> Scope:
    """Return the user's scope, resolving department and region reach to department ids."""
    from kam.org import selectors

    reach = reach_of(user, reach_by_post)
    departments: frozenset[int] | None = frozenset()
    if reach is Reach.ALL:
        departments = None
    elif reach is Reach.REGION and user.department_id:
        departments = selectors.region_department_ids(user.department_id)
    elif reach in (Reach.REGION, Reach.DEPARTMENT) and user.department_id:
        departments = selectors.department_subtree_ids(user.department_id)
    return Scope(reach, user.pk, departments)


def scope_q(scope: Scope, *, owner: str | None = "owner", department: str | None = "department") -> Q:
    """Return the filter for a scope over rows with the given owner and department fields."""
    if scope.reach is Reach.ALL:
        # Not ``Q()``: an empty Q vanishes when OR-ed (``Q() | Q(x)`` is ``Q(x)``), which would turn
        # "everything, or what I issued" into "what I issued". This one matches every row and adds no SQL.
        return ~Q(pk__in=[])
    if scope.reach is Reach.NONE:
        return Q(pk__in=[])
    allowed = Q(pk__in=[])
    if owner:
        allowed |= Q(**{f"{owner}_id": scope.user_id})
    if scope.reach >= Reach.DEPARTMENT and department and scope.department_ids:
        allowed |= Q(**{f"{department}_id__in": sorted(scope.department_ids)})
    return allowed


def restrict(
    queryset: QuerySet[M],
    user: User,
    *,
    owner: str | None = "owner",
    department: str | None = "department",
    reach_by_post: Mapping[str, Reach] | None = None,
) -> QuerySet[M]:
    """Return the rows of ``queryset`` that ``user`` may see."""
    return queryset.filter(scope_q(scope_for(user, reach_by_post), owner=owner, department=department))


def can_see(
    user: User,
    obj: Any,
    *,
    owner: str | None = "owner",
    department: str | None = "department",
    reach_by_post: Mapping[str, Reach] | None = None,
) -> bool:
    """Return whether ``user`` may see one already loaded row (same rules as :func:`restrict`)."""
    scope = scope_for(user, reach_by_post)
    if scope.reach is Reach.ALL:
        return True
    if scope.reach is Reach.NONE:
        return False
    if owner and getattr(obj, f"{owner}_id", None) == scope.user_id:
        return True
    dep = getattr(obj, f"{department}_id", None) if department else None
    return scope.reach >= Reach.DEPARTMENT and dep is not None and dep in (scope.department_ids or ())
