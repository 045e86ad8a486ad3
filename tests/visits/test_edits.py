"""Changing appointments, contact plans and visits with history; calendars; the duty desk (D11, D13–D15)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from kam.core import clock
from kam.core.errors import Conflict, Forbidden, ValidationFailed
from kam.visits import selectors, services
from kam.visits.models import Appointment, ContactPlan, SignIn, Visit
from tests.factories import UserFactory
from tests.visits.conftest import DAY, INSIDE, local

pytestmark = pytest.mark.django_db


def _client(user: Any, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def _booking(field: dict[str, Any], hh: int, user: str = "spec1", **kw: Any) -> Appointment:
    account = field["account"] if user == "spec1" else field["other_account"]
    with clock.frozen_at(local(7, 0)):
        appointment, _clashes = services.appointment_create(
            actor=field[user], account_id=account.pk, starts_at=local(hh), **kw
        )
    return appointment


# --- appointments ------------------------------------------------------------------------------


def test_appointment_update_keeps_history_and_warns_of_double_bookings(field: dict[str, Any]) -> None:
    first = _booking(field, 9, purpose="送样品")
    second = _booking(field, 14)
    _changed, clashes = services.appointment_update(
        actor=field["spec1"], appointment=second, starts_at=local(9, 30), purpose="改到上午"
    )
    assert clashes == [first.pk]
    stored = Appointment.objects.get(pk=second.pk)
    assert (stored.starts_at, stored.ends_at, stored.purpose) == (local(9, 30), local(10, 30), "改到上午")
    latest = stored.history.first()
    assert latest.history_change_reason == "edited" and latest.history_user == field["spec1"]
    assert stored.history.count() == 2


@pytest.mark.parametrize(
    ("changes", "error", "name"),
    [
        ({"ends_at": local(8)}, ValidationFailed, "ends_at"),
        ({"occurred_at": local(8)}, ValidationFailed, "occurred_at"),
    ],
)
def test_bad_appointment_changes_write_nothing(
    field: dict[str, Any], changes: dict[str, Any], error: Any, name: str
) -> None:
    appointment = _booking(field, 9)
    with pytest.raises(error) as raised:
        services.appointment_update(actor=field["spec1"], appointment=appointment, **changes)
    assert raised.value.field == name
    stored = Appointment.objects.get(pk=appointment.pk)
    assert (stored.starts_at, stored.ends_at, stored.history.count()) == (local(9), local(10), 1)


def test_only_the_responsible_person_changes_a_live_appointment(field: dict[str, Any]) -> None:
    appointment = _booking(field, 9)
    with pytest.raises(Forbidden):
        services.appointment_update(actor=field["manager1"], appointment=appointment, purpose="x")
    services.appointment_cancel(actor=field["spec1"], appointment=appointment)
    with pytest.raises(Conflict):
        services.appointment_update(actor=field["spec1"], appointment=appointment, purpose="x")
    assert Appointment.objects.get(pk=appointment.pk).purpose == ""


def test_appointment_patch_api(field: dict[str, Any], api_client: Any) -> None:
    first = _booking(field, 9)
    second = _booking(field, 14)
    client = api_client(field["spec1"])
    response = client.patch(
        f"/api/v1/appointments/{second.pk}", {"starts_at": "2026-03-04T09:15", "place": "客户会议室"}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["double_booked_with"] == [first.pk]
    assert response.json()["starts_at"] == "2026-03-04T09:15:00+08:00"
    bad = client.patch(f"/api/v1/appointments/{second.pk}", {"ends_at": "2026-03-04T08:00"})
    assert bad.status_code == 422 and bad.json()["field"] == "ends_at"
    assert client.get(f"/api/v1/appointments/{second.pk}").json()["place"] == "客户会议室"
    assert api_client(field["manager1"]).patch(f"/api/v1/appointments/{second.pk}", {}).status_code == 403
    assert api_client(field["spec3"]).get(f"/api/v1/appointments/{second.pk}").status_code == 404


# --- contact plans -----------------------------------------------------------------------------


def test_contact_plan_update_with_history(field: dict[str, Any], api_client: Any) -> None:
    plan = services.contact_plan_create(
        actor=field["spec1"], account_id=field["account"].pk, planned_for=local(10), purpose="介绍新产品"
    )
    client = api_client(field["spec1"])
    response = client.patch(
        f"/api/v1/contact-plans/{plan.pk}", {"planned_for": "2026-03-05T15:00", "purpose": "续签合同"}
    )
    assert response.status_code == 200, response.json()
    stored = ContactPlan.objects.get(pk=plan.pk)
    assert stored.purpose == "续签合同" and clock.localtime(stored.planned_for).hour == 15
    assert stored.history.first().history_change_reason == "edited"
    blank = client.patch(f"/api/v1/contact-plans/{plan.pk}", {"purpose": "  "})
    assert blank.status_code == 422 and blank.json()["field"] == "purpose"
    other = client.patch(f"/api/v1/contact-plans/{plan.pk}", {"account_id": field["other_account"].pk})
    assert other.status_code == 404
    assert ContactPlan.objects.get(pk=plan.pk).account_id == field["account"].pk
    assert client.get(f"/api/v1/contact-plans/{plan.pk}").json()["purpose"] == "续签合同"


# --- visits ------------------------------------------------------------------------------------


def _visit(field: dict[str, Any]) -> Visit:
    with clock.frozen_at(local(12, 0)):
        visit, _found = services.visit_record(
            actor=field["spec1"],
            account_id=field["account"].pk,
            plan_code="A",
            result_code="C",
            occurred_at=local(10),
            lat=INSIDE[1],
            lng=INSIDE[0],
        )
    return visit


def test_visit_can_be_corrected_until_the_report_is_submitted(field: dict[str, Any], evening: Any) -> None:
    visit = _visit(field)
    services.visit_update(actor=field["spec1"], visit=visit, result_code="A", summary="签约")
    stored = Visit.objects.get(pk=visit.pk)
    assert (stored.result_code, stored.summary) == ("A", "签约")
    assert stored.history.first().history_change_reason == "edited"
    report = services.daily_report_create(actor=field["spec1"], day=DAY)
    services.visit_update(actor=field["spec1"], visit=stored, summary="草稿时仍可改")
    services.daily_report_submit(actor=field["spec1"], report=report)
    with pytest.raises(Conflict) as raised:
        services.visit_update(actor=field["spec1"], visit=stored, summary="提交后")
    assert raised.value.message == services.VISIT_LOCKED
    assert Visit.objects.get(pk=visit.pk).summary == "草稿时仍可改"


@pytest.mark.parametrize(
    ("changes", "name"),
    [
        ({"plan_code": "Z"}, "plan_code"),
        ({"result_code": "F"}, "result_code"),
        ({"occurred_at": local(9)}, "occurred_at"),  # time and place are the discipline's evidence
        ({"lat": 30.0}, "lat"),
    ],
)
def test_bad_visit_corrections_write_nothing(
    field: dict[str, Any], evening: Any, changes: dict[str, Any], name: str
) -> None:
    visit = _visit(field)
    with pytest.raises(ValidationFailed) as raised:
        services.visit_update(actor=field["spec1"], visit=visit, **changes)
    assert raised.value.field == name
    stored = Visit.objects.get(pk=visit.pk)
    assert (stored.plan_code, stored.result_code, stored.history.count()) == ("A", "C", 1)


def test_visit_patch_api(field: dict[str, Any], api_client: Any, evening: Any) -> None:
    visit = _visit(field)
    client = api_client(field["spec1"])
    response = client.patch(f"/api/v1/visits/{visit.pk}", {"plan_code": "B", "problems_solved": "发票"})
    assert response.status_code == 200 and response.json()["plan_code"] == "B"
    assert client.patch(f"/api/v1/visits/{visit.pk}", {"result_code": "Q"}).json()["field"] == "result_code"
    assert api_client(field["manager1"]).patch(f"/api/v1/visits/{visit.pk}", {}).status_code == 403
    assert api_client(field["spec2"]).patch(f"/api/v1/visits/{visit.pk}", {}).status_code == 404
    assert Visit.objects.get(pk=visit.pk).problems_solved == "发票"


def test_visit_edit_page(field: dict[str, Any], evening: Any) -> None:
    visit = _visit(field)
    client = _client(field["spec1"])
    page = client.get(f"/visits/{visit.pk}/edit/")
    assert page.status_code == 200 and b"History" in page.content
    body = {"plan_code": "C", "result_code": "B", "summary": "改了摘要"}
    assert client.post(f"/visits/{visit.pk}/edit/", body).status_code == 302
    assert Visit.objects.get(pk=visit.pk).summary == "改了摘要"
    manager_page = _client(field["manager1"]).get(f"/visits/{visit.pk}/edit/")
    assert manager_page.status_code == 200 and b"Only the specialist" in manager_page.content
    assert _client(field["manager1"]).post(f"/visits/{visit.pk}/edit/", body).status_code == 403


# --- calendars ---------------------------------------------------------------------------------


def test_calendar_of_a_person_and_a_department_in_three_views(field: dict[str, Any]) -> None:
    first = _booking(field, 9)
    second = _booking(field, 9)  # the same hour: double-booked
    other = _booking(field, 11, user="spec3")
    services.contact_plan_create(
        actor=field["spec1"], account_id=field["account"].pk, planned_for=local(15), purpose="回访"
    )
    for view, days in (("day", 1), ("week", 7), ("month", 42)):
        laid_out = selectors.calendar(viewer=field["spec1"], view=view, day=DAY, user_id=field["spec1"].pk)
        assert len(laid_out["days"]) == days
        entries = laid_out["days"][DAY]
        assert [(e.kind, e.double_booked) for e in entries] == [
            ("appointment", True),
            ("appointment", True),
            ("contact_plan", False),
        ]
        assert {e.pk for e in entries if e.kind == "appointment"} == {first.pk, second.pk}
    department = selectors.calendar(
        viewer=field["manager1"], view="week", day=DAY, department_id=field["ka1"].pk
    )
    assert other.pk not in {e.pk for e in department["days"][DAY]}
    regional = selectors.calendar(
        viewer=field["regional"], view="day", day=DAY, department_id=field["ka2"].pk
    )
    assert [e.pk for e in regional["days"][DAY]] == [other.pk]
    # a specialist asking for someone else's calendar sees nothing of it
    assert (
        selectors.calendar(viewer=field["spec2"], view="day", day=DAY, user_id=field["spec1"].pk)["days"][DAY]
        == []
    )


@pytest.mark.parametrize("view", ["day", "week", "month"])
def test_calendar_page_shows_double_bookings(field: dict[str, Any], view: str) -> None:
    _booking(field, 9)
    _booking(field, 9, purpose="重复预约")
    page = _client(field["spec1"]).get("/visits/calendar/", {"view": view, "day": "2026-03-04"})
    assert page.status_code == 200
    assert b"2 appointments are double-booked." in page.content
    zh = _client(field["spec1"], "zh-hans").get("/visits/calendar/", {"view": view, "day": "2026-03-04"})
    assert "重复预约" in zh.content.decode() or view == "month"
    assert "2 个预约时间冲突" in zh.content.decode()


def test_manager_picks_a_department_calendar(field: dict[str, Any]) -> None:
    _booking(field, 9, purpose="部门日历")
    page = _client(field["manager1"]).get(
        "/visits/calendar/", {"view": "week", "day": "2026-03-04", "department": field["ka1"].pk}
    )
    assert page.status_code == 200 and "部门日历" in page.content.decode()
    assert b'id="cal-department"' in page.content


def test_calendar_api(field: dict[str, Any], api_client: Any) -> None:
    _booking(field, 9)
    _booking(field, 9)
    data = api_client(field["spec1"]).get("/api/v1/calendar/", {"view": "month", "day": "2026-03-04"}).json()
    assert data["start"] == "2026-02-23" and data["end"] == "2026-04-06" and data["double_booked"] == 2
    day = next(d for d in data["days"] if d["day"] == "2026-03-04")
    assert [e["double_booked"] for e in day["entries"]] == [True, True]
    bad = api_client(field["spec1"]).get("/api/v1/calendar/", {"view": "year"})
    assert bad.status_code == 422 and bad.json()["field"] == "view"


def test_appointment_and_contact_plan_pages(field: dict[str, Any]) -> None:
    client = _client(field["spec1"])
    assert client.get("/visits/appointments/new/").status_code == 200
    with clock.frozen_at(local(7, 0)):
        body = {"account": field["account"].pk, "starts_at": "2026-03-04T09:00", "purpose": "送合同"}
        assert client.post("/visits/appointments/new/", body).status_code == 302
        again = client.post("/visits/appointments/new/", {**body, "purpose": "又一个"}, follow=True)
    assert b"Double booking" in again.content
    appointment = Appointment.objects.get(purpose="送合同")
    page = client.get(f"/visits/appointments/{appointment.pk}/")
    assert page.status_code == 200 and b"History" in page.content
    changed = {**body, "starts_at": "2026-03-04T16:00", "ends_at": "2026-03-04T15:00"}
    refused = client.post(f"/visits/appointments/{appointment.pk}/", changed)
    assert refused.status_code == 200 and b"The end must come after the start." in refused.content
    assert client.post(f"/visits/appointments/{appointment.pk}/", {**body, "cancel": "1"}).status_code == 302
    assert Appointment.objects.get(pk=appointment.pk).cancelled_at is not None
    readonly = _client(field["manager1"]).get(f"/visits/appointments/{appointment.pk}/")
    assert readonly.status_code == 200 and b"disabled" in readonly.content
    plan_body = {"account": field["account"].pk, "planned_for": "2026-03-06T10:00", "purpose": "调研"}
    assert client.post("/visits/contact-plans/new/", plan_body).status_code == 302
    plan = ContactPlan.objects.get(purpose="调研")
    assert (
        client.post(f"/visits/contact-plans/{plan.pk}/", {**plan_body, "purpose": "调研需求"}).status_code
        == 302
    )
    assert ContactPlan.objects.get(pk=plan.pk).history.count() == 2


# --- the duty desk -----------------------------------------------------------------------------


def test_duty_desk_enters_a_phoned_in_sign_in(field: dict[str, Any]) -> None:
    duty = UserFactory(posts=["cs_duty"], department=None)
    client = _client(duty)
    assert client.get("/visits/duty-desk/").status_code == 200
    body = {
        "person": field["spec1"].pk,
        "occurred_at": "2026-03-04T07:50",
        "lat": INSIDE[1],
        "lng": INSIDE[0],
        "coord_system": "wgs84",
    }
    with clock.frozen_at(local(8, 0)):
        assert client.post("/visits/duty-desk/", body).status_code == 302
        page = client.get("/visits/duty-desk/")
    stored = SignIn.objects.get(user=field["spec1"])
    assert (stored.source, stored.entered_by, stored.in_territory) == ("duty_desk", duty, True)
    assert stored.history.first().history_user == duty
    assert str(field["spec1"]) in page.content.decode()
    with clock.frozen_at(local(8, 0)):
        bad = client.post("/visits/duty-desk/", {**body, "lat": "95"})
        wrong = client.post("/visits/duty-desk/", {**body, "coord_system": "mars"})
    assert bad.status_code == wrong.status_code == 200
    assert SignIn.objects.count() == 1
    assert _client(field["spec2"]).get("/visits/duty-desk/").status_code == 403
