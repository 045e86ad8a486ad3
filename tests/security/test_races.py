"""Races on PostgreSQL (issue 12, item 4): several threads do the same thing at the same moment.

Each test starts its threads behind a barrier so that they hit the database together, then checks that
exactly one outcome was stored, nothing was lost and no row was duplicated. SQLite serialises writers,
so these run only where real concurrency exists (CI's PostgreSQL pass). The approvers' race lives in
``tests/approvals/test_race.py`` and the sweep's in ``tests/service/test_sweep_concurrency.py``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from kam.accounts.models import Account, AccountOwnership
from kam.accounts.services import accounts as account_services
from kam.core.errors import ApplicationError, Conflict
from kam.plans import services as plan_services
from kam.plans.models import MonthlyPlan
from kam.service.models import Milestone, ServiceEventRow
from tests.factories import UserFactory
from tests.factories_accounts import AccountFactory
from tests.service.factories import T0, agent, open_request

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (CI sets DATABASE_URL)"),
]


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads released together; return each one's result or application error."""
    barrier = threading.Barrier(len(calls), timeout=30)
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except ApplicationError as error:
            results[index] = error
        except Exception as error:  # pragma: no cover - shown by the assertions
            results[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_submissions_of_one_plan_store_one(org: dict[str, Any]) -> None:
    spec = org["spec1"]

    def submit() -> Any:
        return plan_services.plan_submit(actor=spec, month="2026-12", visits=30, expansions=3, deals=2)

    with time_machine.travel(datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        results = race(submit, submit)
    stored = [r for r in results if isinstance(r, MonthlyPlan)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert (len(stored), len(refused)) == (1, 1), results
    assert MonthlyPlan.objects.filter(specialist=spec, month=date(2026, 12, 1)).count() == 1


def test_parallel_claims_of_one_pooled_account_have_one_winner(org: dict[str, Any]) -> None:
    claimers = [org["spec1"], org["spec2"]] + [
        UserFactory(username=f"claimer{n}", department=org["ka1"], posts=["specialist"]) for n in range(2)
    ]
    pool = AccountFactory(owner=None, department=org["ka1"], status="prospect")
    results = race(
        *[
            lambda user=user: account_services.account_claim(actor=user, account_id=pool.pk)
            for user in claimers
        ]
    )
    winners = [r for r in results if isinstance(r, Account)]
    assert len(winners) == 1, results
    assert all(isinstance(r, Conflict) for r in results if r not in winners), results
    pool.refresh_from_db()
    assert pool.owner == winners[0].owner
    assert AccountOwnership.objects.filter(account=pool, kind="claimed").count() == 1


def test_many_events_on_one_request_at_once_are_all_kept(org: dict[str, Any]) -> None:
    from kam.service import services as service_services

    desk = agent(department=org["ka1"], supervisor=org["manager1"])
    request = open_request(desk, caller_phone="13800001111", assignee=org["spec1"])
    events: list[dict[str, Any]] = [
        {"type": "call_answered", "rings": 2},
        {"type": "call_ended"},
        {"type": "customer_informed"},
        {"type": "supervised"},
    ]

    def record(n: int, values: dict[str, Any]) -> Callable[[], Any]:
        values = {**values, "occurred_at": (T0 + timedelta(minutes=n)).isoformat()}
        return lambda: service_services.service_event_record(actor=desk, request=request, values=values)

    before = ServiceEventRow.objects.filter(request=request).count()
    results = race(*[record(n, values) for n, values in enumerate(events)])
    failures = [r for r in results if isinstance(r, (ApplicationError, str))]
    assert not failures, failures
    assert ServiceEventRow.objects.filter(request=request).count() == before + len(events)
    codes = list(Milestone.objects.filter(request=request).values_list("code", flat=True))
    assert len(codes) == len(set(codes)), codes


def test_dashboards_opened_at_once_create_each_scorecard_once(org: dict[str, Any]) -> None:
    """Several readers of a department-month that has no scorecards yet: all answer, none twice (B2)."""
    from kam.plans.models import Scorecard
    from kam.plans.services.scorecards import scorecard_compute

    def compute() -> Any:
        return len(scorecard_compute(department_id=org["ka1"].pk, month=date(2026, 10, 1)))

    results = race(compute, compute, compute, compute)
    specialists = Scorecard.objects.filter(department=org["ka1"], month=date(2026, 10, 1))
    assert results == [specialists.count()] * 4, results
    assert specialists.values("specialist").distinct().count() == specialists.count() > 0
