"""A small fixed dataset for the reports, with its figures computed by hand in the tests.

February 2026, looked at on Friday 20 February 10:00 in Shanghai. 大客户一部 (ka1) holds spec1 and spec2,
大客户二部 (ka2) spec3, both in 华东大区; 大客户三部 (ka3, another region) spec4.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kam.accounts.models import Payment
from kam.plans.models import AnnualTarget, MonthlyPlan
from kam.service.models import Milestone, ServiceRequest, SlaPolicy
from kam.visits.models import Appointment, Violation, Visit
from tests.factories_accounts import AccountFactory, DealFactory, ReceivableFactory

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 2, 20, 10, 0, tzinfo=SH)


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=SH)


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def _visit(user: Any, account: Any, when: datetime, plan: str, result: str) -> Visit:
    return Visit.objects.create(
        user=user,
        department=user.department,
        account=account,
        occurred_at=when,
        plan_code=plan,
        result_code=result,
    )


def _request(department: Any, opened: datetime, statuses: list[str]) -> ServiceRequest:
    policy = SlaPolicy.objects.filter(kind="complaint", active=True).first()
    request = ServiceRequest.objects.create(
        kind="complaint", summary="投诉", department=department, policy=policy, opened_at=opened
    )
    for index, status in enumerate(statuses):
        Milestone.objects.create(
            request=request,
            position=index,
            code=f"step{index}",
            status=status,
            due_at=opened,
            responsible_post="CALL_CENTRE",
            breached_at=opened if status == "breached" else None,
        )
    return request


@pytest.fixture
def dataset(org: dict[str, Any], frozen: None) -> dict[str, Any]:
    spec1, spec2, spec3, spec4 = org["spec1"], org["spec2"], org["spec3"], org["spec4"]
    ka1, ka2, ka3 = org["ka1"], org["ka2"], org["ka3"]
    a1 = AccountFactory(owner=spec1, department=ka1, status="active", developed_at=date(2026, 2, 5))
    a2 = AccountFactory(owner=spec2, department=ka1, status="active", developed_at=date(2026, 1, 10))
    a3 = AccountFactory(owner=spec3, department=ka2, status="active", developed_at=date(2026, 2, 10))
    a4 = AccountFactory(owner=spec4, department=ka3, status="active", developed_at=date(2026, 2, 11))
    a5 = AccountFactory(owner=spec1, department=ka1, status="active", developed_at=None)
    a5.status = "terminated"
    a5.save()

    _visit(spec1, a1, at(2, 2), "A", "B")
    _visit(spec1, a1, at(2, 9), "A", "A")
    _visit(spec1, a5, at(2, 16), "B", "C")
    _visit(spec2, a2, at(2, 3), "C", "E")
    _visit(spec3, a3, at(2, 4), "A", "D")
    _visit(spec4, a4, at(2, 4), "A", "A")
    _visit(spec1, a1, at(1, 20), "A", "B")

    DealFactory(account=a1, specialist=spec1, occurred_at=at(2, 10), amount=Decimal("10000.00"))
    DealFactory(account=a2, specialist=spec2, occurred_at=at(2, 11), amount=Decimal("5000.50"))
    DealFactory(account=a1, specialist=spec1, occurred_at=at(1, 15), amount=Decimal("3000.00"))
    DealFactory(account=a3, specialist=spec3, occurred_at=at(2, 12), amount=Decimal("7000.00"))
    DealFactory(account=a4, specialist=spec4, occurred_at=at(2, 12), amount=Decimal("8000.00"))

    ReceivableFactory(account=a1, amount=Decimal("1000.00"), due_date=date(2026, 2, 25))
    partly = ReceivableFactory(
        account=a1, amount=Decimal("2000.00"), due_date=date(2026, 2, 10), collected=Decimal("500.00")
    )
    Payment.objects.create(receivable=partly, amount=Decimal("500.00"), paid_on=date(2026, 2, 12))
    ReceivableFactory(account=a2, amount=Decimal("3000.00"), due_date=date(2025, 12, 1))
    ReceivableFactory(account=a3, amount=Decimal("4000.00"), due_date=date(2026, 2, 15))
    ReceivableFactory(
        account=a2, amount=Decimal("900.00"), due_date=date(2026, 1, 5), collected=Decimal("900.00")
    )

    for user, day, code, status in (
        (spec1, 3, "missing_sign_in", "open"),
        (spec1, 4, "late_sign_in", "accepted"),
        (spec2, 5, "missing_sign_in", "open"),
        (spec3, 6, "outside_territory", "open"),
    ):
        Violation.objects.create(
            user=user, department=user.department, day=date(2026, 2, day), code=code, status=status
        )

    MonthlyPlan.objects.create(
        specialist=spec1,
        department=ka1,
        month=date(2026, 2, 1),
        visits=10,
        expansions=2,
        deals=1,
        status="approved",
        deadline=at(1, 30, 23),
    )
    MonthlyPlan.objects.create(
        specialist=spec2,
        department=ka1,
        month=date(2026, 3, 1),
        visits=8,
        expansions=1,
        deals=1,
        status="submitted",
        deadline=at(2, 27, 23),
        submitted_at=at(2, 19),
    )
    AnnualTarget.objects.create(department=ka1, year=2026, visits=100, expansions=10, deals=12)

    Appointment.objects.create(
        user=spec1, department=ka1, account=a1, starts_at=at(2, 20, 14), ends_at=at(2, 20, 15), place="公司"
    )
    Appointment.objects.create(
        user=spec1, department=ka1, account=a1, starts_at=at(2, 21, 9), ends_at=at(2, 21, 10)
    )

    _request(ka1, at(2, 3), ["met", "breached"])
    _request(ka2, at(2, 5), ["met"])
    _request(ka3, at(1, 5), ["breached"])
    return {**org, "a1": a1, "a2": a2, "a3": a3, "a4": a4, "a5": a5}
