"""Reads of the organisation, and who may see which users and departments."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from kam.core import memo
from kam.core.errors import NOT_FOUND, NotFound
from kam.core.scoping import Reach, restrict
from kam.org import rules
from kam.org.models import Department, Duty, Post, PostCode, Territory, User

# The staff directory is the company's address book: every member of staff may look colleagues up.
USER_REACH = {code: Reach.ALL for code in PostCode.values}


TREE = "org.department_tree"
"""The request memory's key for the tree (:mod:`kam.core.memo`); a department's save forgets it."""


def department_tree() -> tuple[dict[int, int | None], dict[int, str]]:
    """Return the tree as parent and kind maps (one query a request; the table is small)."""
    return memo.remembered(TREE, _read_tree)


def _read_tree() -> tuple[dict[int, int | None], dict[int, str]]:
    parents: dict[int, int | None] = {}
    kinds: dict[int, str] = {}
    for pk, parent, kind in Department.objects.values_list("id", "parent_id", "kind"):
        parents[pk] = parent
        kinds[pk] = kind
    return parents, kinds


def department_subtree_ids(department_id: int) -> frozenset[int]:
    parents, _ = department_tree()
    return rules.subtree(department_id, parents)


def region_department_ids(department_id: int) -> frozenset[int]:
    """Return the departments of the region ``department_id`` is in (or its own subtree above regions)."""
    parents, kinds = department_tree()
    region = rules.region_of(department_id, parents, kinds)
    return rules.subtree(region if region is not None else department_id, parents)


def region_id_of(department_id: int | None) -> int | None:
    if department_id is None:
        return None
    parents, kinds = department_tree()
    return rules.region_of(department_id, parents, kinds)


def user_list(
    *, viewer: User, department_id: int | None = None, post: str | None = None, q: str | None = None
) -> QuerySet[User]:
    users = restrict(
        User.objects.all(), viewer, owner=None, department="department", reach_by_post=USER_REACH
    ) | User.objects.filter(pk=viewer.pk)
    users = users.select_related("department", "supervisor", "territory").prefetch_related("posts")
    if department_id:
        users = users.filter(department_id=department_id)
    if post:
        users = users.filter(posts__code=post)
    if q:
        users = users.filter(full_name__icontains=q) | users.filter(username__icontains=q)
    return users.distinct().order_by("id")


def user_get(*, viewer: User, user_id: int) -> User:
    user = user_list(viewer=viewer).filter(pk=user_id).first()
    if user is None:
        raise NotFound(NOT_FOUND)
    return user


def department_list() -> QuerySet[Department]:
    return Department.objects.select_related("head", "parent").order_by("id")


def department_get(department_id: int) -> Department:
    department = department_list().filter(pk=department_id).first()
    if department is None:
        raise NotFound(NOT_FOUND)
    return department


def territory_list() -> QuerySet[Territory]:
    return Territory.objects.order_by("name")


def territory_get(territory_id: int) -> Territory:
    territory = Territory.objects.filter(pk=territory_id).first()
    if territory is None:
        raise NotFound(NOT_FOUND)
    return territory


def posts_with_duties() -> QuerySet[Post]:
    return Post.objects.prefetch_related(Prefetch("duties", queryset=Duty.objects.order_by("order")))


def department_directory() -> list[tuple[Department, int]]:
    """Return departments in tree order with their depth, heads and members loaded."""
    departments = list(
        Department.objects.select_related("head").prefetch_related(
            Prefetch("members", queryset=User.objects.filter(is_active=True).prefetch_related("posts"))
        )
    )
    children: dict[int | None, list[Department]] = {}
    for dep in departments:
        children.setdefault(dep.parent_id, []).append(dep)
    ordered: list[tuple[Department, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for dep in sorted(children.get(parent, []), key=lambda d: d.pk):
            ordered.append((dep, depth))
            walk(dep.pk, depth + 1)

    walk(None, 0)
    return ordered
