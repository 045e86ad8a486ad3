"""Writes of facility tours (D1): the stored application, its approval through the engine, refusals."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import pytest

from kam.approvals import services as approvals
from kam.approvals.models import ApprovalRequest
from kam.core import clock
from kam.core.errors import Forbidden, ValidationFailed
from kam.notify.models import Notification
from kam.tours import rules, services
from kam.tours.models import FacilityArea, TourApplication, TourStop, TourVisitor
from tests.factories_approvals import areas, make_tour, tour_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(people: dict[str, Any]) -> dict[str, Any]:
    return {**people, **areas()}


def decide(who: Any, tour: TourApplication, action: str = "approve", comment: str = "") -> None:
    approvals.approval_decide(actor=who, request=tour.approval, step_id=None, action=action, comment=comment)


def test_create_stores_the_application(site: dict[str, Any]) -> None:
    route = [site["hall"].pk, site["electrolysis"].pk, site["workshop"].pk]
    tour = make_tour(site["spec1"], route, notes="  带样品 ")
    stored = TourApplication.objects.get(pk=tour.pk)
    assert (stored.status, stored.host_department, stored.applicant, stored.headcount, stored.notes) == (
        "draft",
        site["ka1"],
        site["spec1"],
        2,
        "带样品",
    )
    assert list(stored.stops.values_list("order", "area__name")) == [
        (1, "展厅"),
        (2, "电解车间"),
        (3, "装配车间"),
    ]
    assert list(stored.visitors.values_list("name", "organisation", "title")) == [
        ("王总", "华夏集团", "总经理"),
        ("李工", "华夏集团有限公司", "工程师"),
    ]
    entry = stored.history.get()
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "+",
        site["spec1"],
        "created",
    )


@pytest.mark.parametrize(
    ("overrides", "message", "field"),
    [
        ({"route": "restricted"}, rules.RESTRICTED_ON_ROUTE.format(name="危化品仓库"), "route"),
        ({"route": []}, rules.ROUTE_REQUIRED, "route"),
        ({"route": [999_999]}, services.UNKNOWN_AREA.format(id=999_999), "route"),
        ({"headcount": 0}, rules.HEADCOUNT_TOO_LOW, "headcount"),
        ({"headcount": 3}, rules.HEADCOUNT_MISMATCH.format(headcount=3, visitors=2), "headcount"),
        ({"visit_date": "yesterday"}, rules.DATE_IN_PAST, "visit_date"),
        ({"end_time": time(9, 0)}, rules.ENDS_BEFORE_START, "end_time"),
        ({"organisation": "  "}, services.TEXT_REQUIRED, "organisation"),
        ({"purpose": ""}, services.TEXT_REQUIRED, "purpose"),
    ],
)
def test_bad_input_writes_nothing(
    site: dict[str, Any], overrides: dict[str, Any], message: str, field: str
) -> None:
    overrides = dict(overrides)
    route = overrides.pop("route", [site["hall"].pk])
    if route == "restricted":
        route = [site["hall"].pk, site["chemicals"].pk]
    if overrides.get("visit_date") == "yesterday":
        overrides["visit_date"] = clock.local_today() - timedelta(days=1)
    with pytest.raises(ValidationFailed) as caught:
        make_tour(site["spec1"], route, **overrides)
    assert (caught.value.message, caught.value.field) == (message, field)
    assert not TourApplication.all_objects.exists()
    assert not TourStop.objects.exists() and not TourVisitor.objects.exists()


def test_submit_goes_to_the_company_office_who_approves(site: dict[str, Any]) -> None:
    tour = make_tour(site["spec1"], [site["hall"].pk])
    services.tour_submit(actor=site["spec1"], tour=tour)
    tour.refresh_from_db()
    assert tour.status == "submitted"
    assert list(tour.approval.steps.values_list("post", "status")) == [("company_office", "pending")]
    assert tour.approval.flags == []
    assert Notification.objects.filter(recipient=site["office"], kind="approval").exists()
    decide(site["office"], tour)
    tour.refresh_from_db()
    assert (tour.status, tour.approval.status) == ("approved", "approved")
    latest = tour.history.order_by("-history_id").first()
    assert (latest.history_change_reason, latest.history_user) == ("approved", site["office"])


def test_interviews_and_filming_add_the_leadership_step(site: dict[str, Any]) -> None:
    tour = make_tour(site["spec1"], [site["hall"].pk], interview_or_filming=True)
    services.tour_submit(actor=site["spec1"], tour=tour)
    tour.refresh_from_db()
    assert list(tour.approval.steps.values_list("post", flat=True)) == ["company_office", "general_manager"]
    assert tour.approval.flags == ["interview_or_filming"]
    decide(site["office"], tour)
    tour.refresh_from_db()
    assert tour.status == "submitted"
    decide(site["gm"], tour)
    tour.refresh_from_db()
    assert tour.status == "approved"


def test_returned_application_is_changed_and_resubmitted(site: dict[str, Any]) -> None:
    tour = make_tour(site["spec1"], [site["hall"].pk])
    services.tour_submit(actor=site["spec1"], tour=tour)
    tour.refresh_from_db()
    decide(site["office"], tour, "return", "请补充拍摄安排")
    tour.refresh_from_db()
    assert tour.status == "returned"
    services.tour_update(
        actor=site["spec1"], tour=tour, interview_or_filming=True, route=[site["workshop"].pk]
    )
    services.tour_submit(actor=site["spec1"], tour=tour)
    tour.refresh_from_db()
    request = ApprovalRequest.objects.get(pk=tour.approval_id)
    assert (tour.status, request.round, request.flags) == ("submitted", 2, ["interview_or_filming"])
    assert list(request.steps.filter(round=2).values_list("post", flat=True)) == [
        "company_office",
        "general_manager",
    ]
    assert ApprovalRequest.objects.count() == 1
    assert list(tour.stops.values_list("area__name", flat=True)) == ["装配车间"]


def test_only_the_applicant_changes_and_only_while_editable(site: dict[str, Any]) -> None:
    tour = make_tour(site["spec1"], [site["hall"].pk])
    with pytest.raises(Forbidden):
        services.tour_update(actor=site["spec2"], tour=tour, purpose="改")
    with pytest.raises(Forbidden):
        services.tour_submit(actor=site["office"], tour=tour)
    services.tour_submit(actor=site["spec1"], tour=tour)
    with pytest.raises(rules.TourTransitionRefused):
        services.tour_update(actor=site["spec1"], tour=tour, purpose="改")
    with pytest.raises(rules.TourTransitionRefused):
        services.tour_submit(actor=site["spec1"], tour=tour)
    assert TourApplication.objects.get(pk=tour.pk).purpose == "考察生产线"


def test_the_office_assigns_host_car_and_guide(site: dict[str, Any]) -> None:
    tour = make_tour(site["spec1"], [site["hall"].pk])
    with pytest.raises(rules.TourTransitionRefused):
        services.tour_assign(actor=site["office"], tour=tour, host_id=None, car="浙A·12345")
    services.tour_submit(actor=site["spec1"], tour=tour)
    with pytest.raises(Forbidden):
        services.tour_assign(actor=site["spec1"], tour=tour, host_id=None)
    with pytest.raises(ValidationFailed) as caught:
        services.tour_assign(actor=site["office"], tour=tour, host_id=999_999)
    assert caught.value.field == "host_id"
    services.tour_assign(
        actor=site["office"], tour=tour, host_id=site["manager1"].pk, car="浙A·12345", guide="王工"
    )
    stored = TourApplication.objects.get(pk=tour.pk)
    assert (stored.host, stored.car, stored.guide) == (site["manager1"], "浙A·12345", "王工")
    assert stored.assigned_at is not None
    entry = stored.history.order_by("-history_id").first()
    assert (entry.history_change_reason, entry.history_user) == ("assigned", site["office"])
    assert Notification.objects.filter(recipient=site["manager1"], kind="tour").exists()


def test_cancel_withdraws_the_open_approval(site: dict[str, Any]) -> None:
    tour = make_tour(site["spec1"], [site["hall"].pk])
    services.tour_submit(actor=site["spec1"], tour=tour)
    with pytest.raises(Forbidden):
        services.tour_cancel(actor=site["spec2"], tour=tour)
    services.tour_cancel(actor=site["office"], tour=tour, reason="客户改期")
    tour.refresh_from_db()
    assert (tour.status, tour.approval.status) == ("cancelled", "withdrawn")
    assert tour.approval.actions.last().comment == "客户改期"
    with pytest.raises(rules.TourTransitionRefused):
        services.tour_cancel(actor=site["spec1"], tour=tour)


def test_another_departments_tour_needs_the_office(site: dict[str, Any]) -> None:
    fields = tour_fields([site["hall"].pk], host_department_id=site["ka2"].pk)
    with pytest.raises(Forbidden):
        services.tour_create(actor=site["spec1"], **fields)
    tour = services.tour_create(actor=site["office"], **fields)
    assert tour.host_department == site["ka2"]


def test_areas_are_kept_by_the_office(site: dict[str, Any]) -> None:
    with pytest.raises(Forbidden):
        services.area_create(actor=site["spec1"], name="新车间")
    area = services.area_create(actor=site["office"], name=" 新车间 ", is_workshop=True)
    assert (area.name, area.is_workshop, area.history.get().history_user) == ("新车间", True, site["office"])
    with pytest.raises(ValidationFailed) as caught:
        services.area_create(actor=site["office"], name="展厅")
    assert caught.value.message == services.AREA_NAME_TAKEN
    services.area_update(actor=site["office"], area=area, is_restricted=True)
    assert FacilityArea.objects.get(pk=area.pk).is_restricted is True
