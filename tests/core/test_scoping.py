"""The one visibility helper (A1): own → department subtree → region → all.

Rows here are notifications, owned by their recipient and belonging to the recipient's department
(``owner="recipient"``, ``department="recipient__department"``): the shape of every later business
record (a key account owned by a specialist in a department).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from kam.core.scoping import Reach, can_see, reach_of, restrict, scope_for, scope_q
from kam.notify.models import Notification
from kam.org.models import User
from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

EVERYONE = ["regional", "manager1", "manager2", "manager3", "spec1", "spec2", "spec3", "spec4", "admin"]


@pytest.fixture
def rows(org: dict[str, Any]) -> dict[str, Notification]:
    """One row owned by each person of the organisation, keyed like the ``org`` fixture."""
    return {
        key: Notification.objects.create(recipient=org[key], kind="test", title=f"row of {key}")
        for key in EVERYONE
    }


def visible(viewer: Any, rows: dict[str, Notification], **kwargs: Any) -> set[str]:
    """Return the keys of the rows ``viewer`` may see."""
    by_pk = {row.pk: key for key, row in rows.items()}
    found = restrict(
        Notification.objects.all(), viewer, owner="recipient", department="recipient__department", **kwargs
    )
    return {by_pk[pk] for pk in found.values_list("pk", flat=True)}


def test_specialist_sees_own_rows_only(org: dict[str, Any], rows: dict[str, Notification]) -> None:
    assert visible(org["spec1"], rows) == {"spec1"}
    assert visible(org["spec4"], rows) == {"spec4"}


def test_ka_manager_sees_the_department(org: dict[str, Any], rows: dict[str, Notification]) -> None:
    assert visible(org["manager1"], rows) == {"manager1", "spec1", "spec2"}
    assert visible(org["manager2"], rows) == {"manager2", "spec3"}


def test_ka_manager_sees_the_department_subtree(org: dict[str, Any], rows: dict[str, Notification]) -> None:
    team = DepartmentFactory(name="一部一组", parent=org["ka1"])
    member = UserFactory(department=team, posts=["specialist"])
    row = Notification.objects.create(recipient=member, kind="test", title="row of team member")
    rows = {**rows, "team": row}

    assert visible(org["manager1"], rows) == {"manager1", "spec1", "spec2", "team"}
    assert "team" not in visible(org["manager2"], rows)


def test_regional_manager_sees_the_region(org: dict[str, Any], rows: dict[str, Notification]) -> None:
    assert visible(org["regional"], rows) == {"regional", "manager1", "manager2", "spec1", "spec2", "spec3"}


def test_regional_manager_sitting_in_a_department_still_sees_the_region(
    org: dict[str, Any], rows: dict[str, Notification]
) -> None:
    deputy = UserFactory(department=org["ka2"], posts=["regional_manager"])
    assert visible(deputy, rows) == {"regional", "manager1", "manager2", "spec1", "spec2", "spec3"}


@pytest.mark.parametrize("post", ["admin", "general_manager", "inspector"])
def test_company_wide_posts_see_everything(
    org: dict[str, Any], rows: dict[str, Notification], post: str
) -> None:
    viewer = UserFactory(department=org["ka3"], posts=[post])
    assert visible(viewer, rows) == set(EVERYONE)


def test_superuser_without_posts_sees_everything(rows: dict[str, Notification]) -> None:
    root = UserFactory(department=None, is_superuser=True)
    assert visible(root, rows) == set(EVERYONE)


def test_the_widest_post_wins(org: dict[str, Any], rows: dict[str, Notification]) -> None:
    both = UserFactory(department=org["ka1"], posts=["specialist", "ka_manager"])
    assert visible(both, rows) == {"manager1", "spec1", "spec2"}


def test_posts_without_a_reach_see_their_own_rows(org: dict[str, Any], rows: dict[str, Notification]) -> None:
    agent = UserFactory(department=org["ka1"], posts=["call_centre"])
    nobody = UserFactory(department=org["ka1"], posts=[])
    mine = Notification.objects.create(recipient=agent, kind="test", title="mine")
    assert visible(agent, {**rows, "mine": mine}) == {"mine"}
    assert visible(nobody, rows) == set()


def test_manager_without_a_department_sees_own_rows_only(rows: dict[str, Notification]) -> None:
    floating = UserFactory(department=None, posts=["ka_manager"])
    mine = Notification.objects.create(recipient=floating, kind="test", title="mine")
    assert visible(floating, {**rows, "mine": mine}) == {"mine"}


def test_inactive_and_anonymous_users_see_nothing(org: dict[str, Any], rows: dict[str, Notification]) -> None:
    gone = org["admin"]
    User.objects.filter(pk=gone.pk).update(is_active=False)
    gone.refresh_from_db()
    assert visible(gone, rows) == set()
    assert visible(AnonymousUser(), rows) == set()
    assert reach_of(AnonymousUser()) is Reach.NONE  # type: ignore[arg-type]


def test_a_resource_can_widen_a_post(org: dict[str, Any], rows: dict[str, Notification]) -> None:
    table = {"specialist": Reach.DEPARTMENT}
    assert visible(org["spec1"], rows, reach_by_post=table) == {"manager1", "spec1", "spec2"}
    assert visible(org["manager1"], rows, reach_by_post=table) == {"manager1"}  # not in the table: own


def test_scope_for(org: dict[str, Any]) -> None:
    assert scope_for(org["admin"]).sees_all
    assert scope_for(org["admin"]).department_ids is None
    scope = scope_for(org["manager1"])
    assert (scope.reach, scope.user_id, scope.department_ids) == (
        Reach.DEPARTMENT,
        org["manager1"].pk,
        frozenset({org["ka1"].pk}),
    )
    assert scope_for(org["regional"]).department_ids == frozenset(
        {org["region"].pk, org["ka1"].pk, org["ka2"].pk}
    )
    assert scope_for(org["spec1"]).department_ids == frozenset()


def test_scope_q_without_owner_or_department_fields(org: dict[str, Any]) -> None:
    scope = scope_for(org["manager1"])
    assert not User.objects.filter(scope_q(scope, owner=None, department=None)).exists()
    dept_only = User.objects.filter(scope_q(scope, owner=None, department="department"))
    assert set(dept_only) == {org["manager1"], org["spec1"], org["spec2"]}


@pytest.mark.parametrize("owner", [None, "supervisor"])
def test_can_see_agrees_with_restrict(org: dict[str, Any], owner: str | None) -> None:
    """Rows loaded one at a time get the same answer as a filtered list, for every viewer and row."""
    people = [org[key] for key in EVERYONE]
    outsider = UserFactory(department=org["ka1"], is_active=False, posts=["admin"])
    for viewer in [*people, outsider]:
        listed = set(restrict(User.objects.all(), viewer, owner=owner, department="department"))
        for row in people:
            assert can_see(viewer, row, owner=owner, department="department") is (row in listed), (
                viewer.username,
                row.username,
            )


def test_everything_stays_everything_when_or_ed_with_another_filter(
    org: dict[str, Any], rows: dict[str, Notification]
) -> None:
    """All rows, or the ones I issued: an empty ``Q()`` would have vanished from the OR."""
    from django.db.models import Q

    root = UserFactory(department=None, is_superuser=True)
    seen = scope_q(scope_for(root), owner="recipient", department="recipient__department")
    found = Notification.objects.filter(seen | Q(recipient=org["spec1"]))
    assert found.count() == len(EVERYONE)
