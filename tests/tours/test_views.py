"""Pages of facility tours: the application form, detail and actions, the printable brief, areas."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kam.tours import rules, services
from kam.tours.models import FacilityArea, TourApplication
from tests.factories_approvals import areas, future, make_tour

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(people: dict[str, Any]) -> dict[str, Any]:
    return {**people, **areas()}


def client_for(user: Any, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language  # the pages' English text is asserted by default
    return client


def form(site: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    data = {
        "organisation": "万向物流",
        "headcount": "2",
        "visit_date": future().isoformat(),
        "start_time": "14:00",
        "end_time": "15:30",
        "purpose": "参观生产线",
        "visitors": "张总, 万向物流, 副总经理\n刘经理、万向物流、采购经理",
        "stop_1": str(site["hall"].pk),
        "stop_2": str(site["electrolysis"].pk),
    }
    data.update(overrides)
    return data


def test_apply_through_the_form(site: dict[str, Any]) -> None:
    client = client_for(site["spec1"])
    assert client.get(reverse("tour_create")).status_code == 200
    answer = client.post(reverse("tour_create"), form(site))
    assert answer.status_code == 302
    tour = TourApplication.objects.get()
    assert answer["Location"] == reverse("tour_detail", args=[tour.pk])
    assert list(tour.visitors.values_list("name", "title")) == [("张总", "副总经理"), ("刘经理", "采购经理")]
    assert list(tour.stops.values_list("area__name", flat=True)) == ["展厅", "电解车间"]
    page = client.get(answer["Location"]).content.decode()
    assert "hand in watches and cards" in page or "手表" in page
    assert client.post(reverse("tour_submit", args=[tour.pk])).status_code == 302
    assert TourApplication.objects.get(pk=tour.pk).status == "submitted"


def test_form_shows_the_refusal_under_its_field(site: dict[str, Any]) -> None:
    answer = client_for(site["spec1"]).post(reverse("tour_create"), form(site, headcount="3"))
    assert answer.status_code == 200
    assert rules.HEADCOUNT_MISMATCH.format(headcount=3, visitors=2) in answer.content.decode()
    assert not TourApplication.objects.exists()


def test_the_refusal_on_a_chinese_page_is_in_chinese(site: dict[str, Any]) -> None:
    answer = client_for(site["spec1"], "zh-hans").post(reverse("tour_create"), form(site, headcount="3"))
    assert answer.status_code == 200
    assert "人数（3）与参观人员名单（2 人）不符。" in answer.content.decode()  # F4


def test_restricted_areas_are_not_offered(site: dict[str, Any]) -> None:
    page = client_for(site["spec1"]).get(reverse("tour_create")).content.decode()
    assert "电解车间" in page and "危化品仓库" not in page


def test_edit_assign_cancel_pages(site: dict[str, Any]) -> None:
    tour = make_tour(site["spec1"], [site["hall"].pk])
    assert client_for(site["manager1"]).get(reverse("tour_edit", args=[tour.pk])).status_code == 403
    assert client_for(site["spec2"]).get(reverse("tour_edit", args=[tour.pk])).status_code == 404
    edited = client_for(site["spec1"]).post(
        reverse("tour_edit", args=[tour.pk]), form(site, purpose="改为座谈")
    )
    assert edited.status_code == 302 and TourApplication.objects.get(pk=tour.pk).purpose == "改为座谈"
    services.tour_submit(actor=site["spec1"], tour=tour)
    assert client_for(site["spec1"]).get(reverse("tour_assign", args=[tour.pk])).status_code == 403
    office = client_for(site["office"])
    assigned = office.post(
        reverse("tour_assign", args=[tour.pk]),
        {"host": site["manager1"].pk, "car": "商务车", "guide": "李工"},
    )
    assert assigned.status_code == 302
    assert TourApplication.objects.get(pk=tour.pk).car == "商务车"
    assert office.post(reverse("tour_cancel", args=[tour.pk])).status_code == 302
    assert TourApplication.objects.get(pk=tour.pk).status == "cancelled"


def test_printable_brief_and_export(site: dict[str, Any]) -> None:
    tour = make_tour(site["spec1"], [site["workshop"].pk, site["power"].pk], interview_or_filming=True)
    page = client_for(site["spec1"]).get(reverse("tour_brief", args=[tour.pk])).content.decode()
    assert "size: A4" in page
    for note in rules.safety_notes(
        [site["workshop"].as_rule(), site["power"].as_rule()], interview_or_filming=True
    ):
        assert note.zh in page and note.en in page
    for note in rules.VISITOR_RULES:
        assert note.zh in page and note.en in page
    export = client_for(site["spec1"]).get(reverse("tour_export", args=[tour.pk]))
    assert export.status_code == 200 and export.content[:2] == b"PK"
    assert client_for(site["spec3"]).get(reverse("tour_brief", args=[tour.pk])).status_code == 404


def test_area_pages(site: dict[str, Any]) -> None:
    assert "危化品仓库" in client_for(site["spec1"]).get(reverse("area_list")).content.decode()
    assert client_for(site["spec1"]).post(reverse("area_list"), {"name": "x", "order": 0}).status_code == 403
    office = client_for(site["office"])
    answer = office.post(reverse("area_list"), {"name": "配电室", "is_restricted": "on", "order": 9})
    assert answer.status_code == 302
    area = FacilityArea.objects.get(name="配电室")
    assert area.is_restricted
    edit = office.post(reverse("area_edit", args=[area.pk]), {"name": "配电室", "order": 9})
    assert edit.status_code == 302 and not FacilityArea.objects.get(pk=area.pk).is_restricted
    assert client_for(site["spec1"]).get(reverse("area_edit", args=[area.pk])).status_code == 403
    assert client_for(site["spec1"]).get(reverse("tour_list")).status_code == 200
