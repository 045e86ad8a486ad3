"""Two approvers acting on the same step at the same moment, in two threads on PostgreSQL (issue 8).

Both threads read the step as pending before either writes (a barrier holds them there); then both
try the conditional UPDATE. Exactly one decision is stored; the other thread gets the 409 and leaves
nothing behind. SQLite serialises writers, so the test runs only where real concurrency exists.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from kam.approvals import rules, services
from kam.approvals.models import ApprovalAction, ApprovalRequest, RequestStep
from kam.core.errors import Conflict
from tests.factories import DepartmentFactory, TerritoryFactory, UserFactory
from tests.factories_approvals import ensure_posts, make_chain

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_approvers_racing_on_one_step(monkeypatch: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (CI sets DATABASE_URL)")
    ensure_posts()
    office = DepartmentFactory(name="公司办公室")
    first = UserFactory(username="race_office1", department=office, posts=["company_office"])
    second = UserFactory(username="race_office2", department=office, posts=["company_office"])
    applicant = UserFactory(username="race_applicant", posts=[])
    make_chain("race", [{"post": "company_office"}])
    request = services.approval_start(actor=applicant, chain_code="race", target=TerritoryFactory())

    barrier = threading.Barrier(2, timeout=20)
    original = rules.check_transition

    def both_have_read(table: Any, current: str, target: str, *, kind: str) -> None:
        if kind == "step":
            barrier.wait()  # both threads hold a pending step of version 0 before either writes
        original(table, current, target, kind=kind)

    monkeypatch.setattr(rules, "check_transition", both_have_read)
    results: dict[str, Any] = {}

    def act(name: str, user: Any, action: str) -> None:
        try:
            services.approval_decide(
                actor=user, request=request, step_id=None, action=action, comment=f"{name} 的意见"
            )
            results[name] = "ok"
        except Conflict as error:
            results[name] = error
        except Exception as error:  # pragma: no cover - reported by the assertion below
            results[name] = repr(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=("first", first, "approve")),
        threading.Thread(target=act, args=("second", second, "reject")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    winners = [name for name, result in results.items() if result == "ok"]
    losers = [result for result in results.values() if isinstance(result, Conflict)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert (losers[0].message, losers[0].status) == (services.ALREADY_DECIDED, 409)
    winner = {"first": first, "second": second}[winners[0]]
    step = RequestStep.objects.get(request=request)
    assert (step.decided_by_id, step.version, step.comment) == (winner.pk, 1, f"{winners[0]} 的意见")
    decisions = ApprovalAction.objects.filter(request=request).exclude(kind="submit")
    assert list(decisions.values_list("actor_id", flat=True)) == [winner.pk]
    expected = "approved" if winners[0] == "first" else "rejected"
    assert ApprovalRequest.objects.get(pk=request.pk).status == expected
