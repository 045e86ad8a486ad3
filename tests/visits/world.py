"""Objects of field work for the authorization matrix (tests/security).

spec1 (大客户一部, where the matrix's users sit) has an appointment, a draft daily report and an open
violation: KA managers of the department, the region's director and regional manager, inspectors,
the general manager and administrators see them; only spec1 acts on their own rows.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from kam.visits.models import Appointment, ContactPlan, DailyReport, Violation, Visit
from tests.factories_accounts import AccountFactory

FIELD_VIEWERS = frozenset(
    {"ka_manager", "regional_manager", "service_director", "inspector", "general_manager", "admin"}
)
PAGE_PARAMS: dict[str, tuple[str, ...]] = {
    "visits_violation": ("violation_id",),
    "visits_violation_act": ("violation_id",),
    "visits_visit_edit": ("visit_id",),
    "visits_appointment_edit": ("appointment_id",),
    "visits_contact_plan_edit": ("contact_plan_id",),
}


def visits_params(*, org: dict[str, Any]) -> dict[str, Any]:
    spec1 = org["spec1"]
    sh = ZoneInfo("Asia/Shanghai")
    account = AccountFactory(owner=spec1)
    appointment = Appointment.objects.create(
        user=spec1,
        department=spec1.department,
        account=account,
        starts_at=datetime(2026, 2, 3, 9, 0, tzinfo=sh),
        ends_at=datetime(2026, 2, 3, 10, 0, tzinfo=sh),
    )
    report = DailyReport.objects.create(user=spec1, department=spec1.department, day=date(2026, 2, 3))
    violation = Violation.objects.create(
        code="missing_sign_in", user=spec1, department=spec1.department, day=date(2026, 2, 3)
    )
    visit = Visit.objects.create(
        user=spec1,
        department=spec1.department,
        account=account,
        occurred_at=datetime(2026, 2, 3, 10, 0, tzinfo=sh),
        plan_code="A",
        result_code="B",
    )
    plan = ContactPlan.objects.create(
        user=spec1,
        department=spec1.department,
        account=account,
        planned_for=datetime(2026, 2, 4, 9, 0, tzinfo=sh),
        purpose="回访",
    )
    return {
        "contact_plan_id": plan.pk,
        "visit_id": visit.pk,
        "visit_account_id": account.pk,
        "appointment_id": appointment.pk,
        "report_id": report.pk,
        "violation_id": violation.pk,
    }
