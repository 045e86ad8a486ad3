"""Kept monthly visit counts (kam.visits.tallies): always equal to counting the visits live."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from kam.core import clock
from kam.visits import tallies
from kam.visits.models import Visit, VisitMonth, VisitTally
from tests.factories import DepartmentFactory, UserFactory
from tests.factories_accounts import AccountFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 6, 15, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def world() -> Any:
    with time_machine.travel(NOW, tick=False):
        one, two = DepartmentFactory(), DepartmentFactory()
        alice = UserFactory(department=one, posts=["specialist"])
        bob = UserFactory(department=two, posts=["specialist"])
        account = AccountFactory(owner=alice, department=one)
        yield {"one": one, "two": two, "alice": alice, "bob": bob, "account": account}


def visit(person: Any, department: Any, account: Any, when: str) -> Visit:
    return Visit.objects.create(
        user=person, department=department, account=account, occurred_at=when, plan_code="A", result_code="C"
    )


def live(first: date, after: date, **filters: Any) -> int:
    start, end = clock.day_bounds(first)[0], clock.day_bounds(after)[0]
    return Visit.objects.filter(occurred_at__gte=start, occurred_at__lt=end, **filters).count()


def test_kept_counts_equal_the_live_count_through_changes(world: Any) -> None:
    one, two, alice, bob, account = (world[k] for k in ("one", "two", "alice", "bob", "account"))
    with time_machine.travel(NOW, tick=False):
        # The first of January, local time, is still December in UTC: it counts in January.
        visit(alice, one, account, "2026-01-01T00:30:00+08:00")
        visit(alice, one, account, "2026-02-10T09:00:00+08:00")
        moved = visit(bob, two, account, "2026-03-05T09:00:00+08:00")
        gone = visit(bob, two, account, "2026-04-01T09:00:00+08:00")
        visit(alice, one, account, "2026-06-02T09:00:00+08:00")  # the current month: counted live
        year = (date(2026, 1, 1), date(2026, 7, 1))
        assert tallies.total(*year) == live(*year) == 5
        assert set(VisitTally.objects.values_list("month", flat=True)) == {
            date(2026, 1, 1),
            date(2026, 2, 1),
            date(2026, 3, 1),
            date(2026, 4, 1),
        }
        assert tallies.grouped_counts(*year, by="department") == {one.pk: 3, two.pk: 2}

        # A visit moved to another month and department, one deleted, one written into a closed month.
        moved.occurred_at = datetime(2026, 5, 20, 9, 0, tzinfo=SHANGHAI)
        moved.department = one
        moved.save()
        gone.deleted_at = timezone.now()
        gone.save()
        visit(bob, two, account, "2026-02-27T18:00:00+08:00")
        assert tallies.grouped_counts(*year, by="department") == {one.pk: 4, two.pk: 1}
        assert tallies.grouped_counts(*year, by="user") == {alice.pk: 3, bob.pk: 2}
        assert tallies.total(*year, department_ids=[two.pk]) == live(*year, department_id=two.pk) == 1
        assert tallies.total(*year, user_ids=[bob.pk]) == live(*year, user_id=bob.pk) == 2

        Visit.objects.get(occurred_at__month=2, user=bob).delete()  # a hard delete bumps its month too
        assert tallies.total(*year) == live(*year) == 4


def test_a_month_is_counted_once_until_it_changes(world: Any, django_assert_num_queries: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        visit(world["alice"], world["one"], world["account"], "2026-03-05T09:00:00+08:00")
        spring = (date(2026, 3, 1), date(2026, 4, 1))
        assert tallies.total(*spring) == 1
        with django_assert_num_queries(2):  # which months are kept, and their sum; no count of visits
            assert tallies.total(*spring) == 1
        row = VisitMonth.objects.get(month=date(2026, 3, 1))
        assert row.tallied_version == row.version


def test_ranges_off_the_month_and_the_current_month_are_counted_live(world: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        visit(world["alice"], world["one"], world["account"], "2026-03-05T09:00:00+08:00")
        visit(world["alice"], world["one"], world["account"], "2026-06-01T09:00:00+08:00")
        assert tallies.total(date(2026, 3, 5), date(2026, 3, 6)) == 1
        assert tallies.total(date(2026, 6, 1), date(2026, 7, 1)) == 1
        assert not VisitTally.objects.exists()


def test_a_stale_tally_is_not_used(world: Any) -> None:
    """A change that bypasses the signals must bump its month; after it the month is counted again."""
    with time_machine.travel(NOW, tick=False):
        made = visit(world["alice"], world["one"], world["account"], "2026-03-05T09:00:00+08:00")
        spring = (date(2026, 3, 1), date(2026, 4, 1))
        assert tallies.total(*spring) == 1
        Visit.objects.filter(pk=made.pk).update(deleted_at=timezone.now())
        assert tallies.total(*spring) == 1  # the kept count, as documented
        tallies.bump([date(2026, 3, 1)])
        assert tallies.total(*spring) == 0
