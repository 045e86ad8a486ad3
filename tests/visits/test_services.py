"""Services of field work: the stored rows, their history, and the refusals (D11, D13–D16)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from kam.core import clock
from kam.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from kam.notify.models import Notification
from kam.visits import rules, selectors, services
from kam.visits.models import DailyReport, SignIn, Violation, Visit
from tests.factories import UserFactory
from tests.visits.conftest import DAY, INSIDE, OUTSIDE, local

pytestmark = pytest.mark.django_db


def _visit(
    user: Any, account: Any, hh: int = 10, mm: int = 0, ss: int = 0, **kw: Any
) -> tuple[Visit, list[Violation]]:
    return services.visit_record(
        actor=user, account_id=account.pk, plan_code="A", result_code="B", occurred_at=local(hh, mm, ss), **kw
    )


def test_sign_in_converts_to_wgs84_and_checks_the_territory(field: dict[str, Any], evening: Any) -> None:
    gcj = rules.wgs84_to_gcj02(*INSIDE)
    sign_in, violations = services.sign_in_record(
        actor=field["spec1"],
        lng=gcj[0],
        lat=gcj[1],
        coord_system="gcj02",
        accuracy_m=12,
        occurred_at=local(8, 10),
    )
    stored = SignIn.objects.get(pk=sign_in.pk)
    assert rules.distance_m((stored.lng, stored.lat), INSIDE) < 0.05
    assert stored.in_territory is True and stored.coord_system == "gcj02" and stored.source == "phone"
    assert violations == []
    assert stored.history.first().history_user == field["spec1"]


def test_late_sign_in_outside_the_territory(field: dict[str, Any], evening: Any) -> None:
    _sign_in, violations = services.sign_in_record(
        actor=field["spec1"], lng=OUTSIDE[0], lat=OUTSIDE[1], occurred_at=local(8, 30, 1)
    )
    assert sorted(v.code for v in violations) == ["late_sign_in", "outside_territory"]
    assert Violation.objects.filter(user=field["spec1"], day=DAY).count() == 2
    assert Violation.history.filter(code="late_sign_in").first().history_user == field["spec1"]


def test_sign_in_at_the_deadline_is_on_time(field: dict[str, Any], evening: Any) -> None:
    _s, violations = services.sign_in_record(
        actor=field["spec1"], lng=INSIDE[0], lat=INSIDE[1], occurred_at=local(8, 30)
    )
    assert violations == []


def test_duty_desk_enters_a_sign_in_for_a_specialist(field: dict[str, Any], evening: Any) -> None:
    duty = UserFactory(posts=["cs_duty"])
    sign_in, _v = services.sign_in_record(
        actor=duty, person=field["spec1"], lng=INSIDE[0], lat=INSIDE[1], occurred_at=local(8, 5)
    )
    assert (sign_in.user, sign_in.source, sign_in.entered_by) == (field["spec1"], "duty_desk", duty)
    with pytest.raises(Forbidden):
        services.sign_in_record(actor=field["spec2"], person=field["spec1"], lng=INSIDE[0], lat=INSIDE[1])


@pytest.mark.parametrize(
    ("kwargs", "field_name"),
    [
        ({"lat": 91, "lng": 120}, "lat"),
        ({"lat": 30, "lng": 180.5}, "lng"),
        ({"lat": 30, "lng": 120, "coord_system": "utm"}, "coord_system"),
    ],
)
def test_bad_positions_write_nothing(field: dict[str, Any], kwargs: dict[str, Any], field_name: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.sign_in_record(actor=field["spec1"], **kwargs)
    assert error.value.field == field_name
    assert not SignIn.objects.exists()


def test_visit_outside_hours_and_at_the_edges(field: dict[str, Any], evening: Any) -> None:
    lng, lat = INSIDE
    _v, at_open = _visit(field["spec1"], field["account"], 8, 0, 0, lng=lng, lat=lat)
    _v, at_close = _visit(field["spec1"], field["account"], 16, 30, 0, lng=lng, lat=lat)
    visit, after = _visit(field["spec1"], field["account"], 16, 30, 1, lng=lng, lat=lat)
    assert at_open == [] and at_close == []
    assert [(v.code, v.subject) for v in after] == [("visit_outside_hours", f"visit:{visit.pk}")]
    assert Visit.objects.filter(user=field["spec1"]).count() == 3


def test_visit_outside_the_territory_and_with_its_contact(field: dict[str, Any], evening: Any) -> None:
    visit, violations = _visit(
        field["spec1"],
        field["account"],
        contact_id=field["contact"].pk,
        lng=OUTSIDE[0],
        lat=OUTSIDE[1],
        summary="谈了年度框架",
        companion_ids=[field["spec2"].pk],
    )
    assert [v.code for v in violations] == ["outside_territory"]
    stored = Visit.objects.get(pk=visit.pk)
    assert stored.in_territory is False and stored.summary == "谈了年度框架"
    assert list(stored.companions.all()) == [field["spec2"]]


def test_visit_to_an_account_the_person_may_not_see_is_refused(field: dict[str, Any], evening: Any) -> None:
    with pytest.raises(NotFound):
        _visit(field["spec1"], field["other_account"])
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    ("code", "name"), [({"plan_code": "D"}, "plan_code"), ({"result_code": "F"}, "result_code")]
)
def test_unknown_codes_are_refused(field: dict[str, Any], code: dict[str, str], name: str) -> None:
    values = {"plan_code": "A", "result_code": "A", **code}
    with pytest.raises(ValidationFailed) as error:
        services.visit_record(actor=field["spec1"], account_id=field["account"].pk, **values)
    assert error.value.field == name


def test_sweep_finds_missing_sign_ins_once(field: dict[str, Any], evening: Any) -> None:
    services.sign_in_record(actor=field["spec1"], lng=INSIDE[0], lat=INSIDE[1], occurred_at=local(8, 0))
    created = services.discipline_sweep(day=DAY, now=local(23, 0))
    assert created == 3  # spec2, spec3, spec4 never signed in
    assert services.discipline_sweep(day=DAY, now=local(23, 30)) == 0
    missing = Violation.objects.filter(code="missing_sign_in", day=DAY)
    assert {v.user.username for v in missing} == {"spec2", "spec3", "spec4"}
    assert missing.first().history.count() == 1


def test_sweep_before_the_deadline_and_on_a_holiday_finds_nothing(field: dict[str, Any]) -> None:
    assert services.discipline_sweep(day=DAY, now=local(8, 29, 59)) == 0
    saturday = DAY + timedelta(days=3)
    assert services.discipline_sweep(day=saturday, now=local(23, 0, day=saturday)) == 0


def test_office_work_in_visit_hours(field: dict[str, Any], evening: Any) -> None:
    _a, violations = services.office_activity_record(
        actor=field["spec1"], starts_at=local(16, 0), ends_at=local(17, 0), description="整理报价单"
    )
    _b, none = services.office_activity_record(
        actor=field["spec1"], starts_at=local(16, 30), ends_at=local(17, 30), description="写日报"
    )
    assert [v.code for v in violations] == ["office_work_in_visit_hours"] and none == []


def test_violation_workflow(field: dict[str, Any], evening: Any) -> None:
    services.discipline_sweep(day=DAY, now=local(23, 0))
    violation = Violation.objects.get(user=field["spec1"], code="missing_sign_in")
    director = UserFactory(posts=["service_director"], department=field["region"])
    inspector = UserFactory(posts=["inspector"], department=None)
    with pytest.raises(Forbidden):
        services.violation_explain(actor=field["spec2"], violation=violation, explanation="请假")
    services.violation_explain(actor=field["spec1"], violation=violation, explanation="已批准事假")
    with pytest.raises(Forbidden):
        services.violation_decide(actor=field["manager1"], violation=violation, accept=True)
    services.violation_decide(actor=director, violation=violation, accept=True, note="假条已核")
    with pytest.raises(Conflict):
        services.violation_decide(actor=director, violation=violation, accept=False)
    services.violation_close(actor=inspector, violation=violation, audit_note="抽查无误")
    stored = Violation.objects.get(pk=violation.pk)
    assert (stored.status, stored.decided_by, stored.closed_by) == ("closed", director, inspector)
    assert "抽查无误" in stored.audit_notes
    assert [h.history_user for h in stored.history.order_by("history_id")][1:] == [
        field["spec1"],
        director,
        inspector,
    ]


def test_director_sees_the_region_inspector_all_specialist_own(field: dict[str, Any], evening: Any) -> None:
    services.discipline_sweep(day=DAY, now=local(23, 0))
    director = UserFactory(posts=["service_director"], department=field["region"])
    inspector = UserFactory(posts=["inspector"], department=None)
    names = lambda viewer: {v.user.username for v in selectors.violation_list(viewer=viewer)}  # noqa: E731
    assert names(director) == {"spec1", "spec2", "spec3"}
    assert names(inspector) == {"spec1", "spec2", "spec3", "spec4"}
    assert names(field["spec1"]) == {"spec1"}
    other = Violation.objects.get(user=field["spec4"])
    with pytest.raises(NotFound):
        selectors.violation_get(viewer=director, violation_id=other.pk)


def test_daily_report_assembles_the_day_and_is_signed_off(field: dict[str, Any], evening: Any) -> None:
    _visit(field["spec1"], field["account"], 9, problems_solved="换件", companion_ids=[field["spec2"].pk])
    _visit(field["spec1"], field["account"], 11, problems_open="账期未定")
    report = services.daily_report_create(
        actor=field["spec1"],
        day=DAY,
        expenses=[
            services.ExpenseInput("交通", Decimal("35.50")),
            services.ExpenseInput("餐费", Decimal("80")),
        ],
    )
    assert (report.visits_count, report.solved_count, report.unsolved_count) == (2, 1, 1)
    assert report.companions == str(field["spec2"])
    assert services.expense_total(report) == Decimal("115.50")
    with clock.frozen_at(local(20, 0, 1)):
        services.daily_report_submit(actor=field["spec1"], report=report)
    assert DailyReport.objects.get(pk=report.pk).late is True
    with pytest.raises(Forbidden):
        services.daily_report_approve(actor=field["spec2"], report=report)
    services.daily_report_approve(actor=field["manager1"], report=report)
    stored = DailyReport.objects.get(pk=report.pk)
    assert stored.status == "approved" and stored.supervisor_signed_at is not None
    assert stored.history.first().history_user == field["manager1"]


@pytest.mark.parametrize(
    ("day", "expenses", "error", "name"),
    [
        (DAY + timedelta(days=1), [], ValidationFailed, "day"),
        (DAY, [services.ExpenseInput("餐费", Decimal("-5"))], ValidationFailed, "expenses.0.amount"),
        (DAY, [services.ExpenseInput("餐费", Decimal("1000000"))], ValidationFailed, "expenses.0.amount"),
    ],
)
def test_bad_reports_write_nothing(
    field: dict[str, Any], evening: Any, day: Any, expenses: Any, error: Any, name: str
) -> None:
    with pytest.raises(error) as raised:
        services.daily_report_create(actor=field["spec1"], day=day, expenses=expenses)
    assert raised.value.field == name
    assert not DailyReport.objects.exists()


def test_two_reports_for_one_day_conflict(field: dict[str, Any], evening: Any) -> None:
    services.daily_report_create(actor=field["spec1"], day=DAY)
    with pytest.raises(Conflict):
        services.daily_report_create(actor=field["spec1"], day=DAY)
    assert DailyReport.objects.count() == 1


def test_double_booking_warning_and_reminders_once(field: dict[str, Any]) -> None:
    with clock.frozen_at(local(7, 0)):
        first, clashes = services.appointment_create(
            actor=field["spec1"], account_id=field["account"].pk, starts_at=local(9, 0), purpose="送样品"
        )
        assert clashes == []
        _second, clashes = services.appointment_create(
            actor=field["spec1"], account_id=field["account"].pk, starts_at=local(9, 30)
        )
        assert clashes == [first.pk]
    assert services.appointment_reminders(now=local(8, 30)) == 2
    assert services.appointment_reminders(now=local(8, 35)) == 0
    assert (
        Notification.objects.filter(recipient=field["spec1"], kind="visits.appointment_reminder").count() == 2
    )


def test_scorecard_source_counts_visits_per_person(field: dict[str, Any], evening: Any) -> None:
    _visit(field["spec1"], field["account"], 9)
    _visit(field["spec1"], field["account"], 10)
    counts = selectors.visit_counts([field["spec1"].pk, field["spec2"].pk], DAY, DAY + timedelta(days=1))
    assert counts == {field["spec1"].pk: 2}
    assert selectors.visit_counts([field["spec1"].pk], DAY + timedelta(days=1), DAY + timedelta(days=2)) == {}


def test_deductions_leave_out_accepted_violations(field: dict[str, Any], evening: Any) -> None:
    services.discipline_sweep(day=DAY, now=local(23, 0))
    found = selectors.violation_deductions([field["spec1"].pk], DAY, DAY + timedelta(days=1))
    assert [d.code for d in found[field["spec1"].pk]] == ["visits.missing_sign_in"]
    Violation.objects.filter(user=field["spec1"]).update(status="accepted")
    assert selectors.violation_deductions([field["spec1"].pk], DAY, DAY + timedelta(days=1)) == {}
