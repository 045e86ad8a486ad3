"""Call quality review (D10f): the checklist per kind, its scoring, the manager's reviews, pages and API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kam.core.errors import Conflict, Forbidden, ValidationFailed
from kam.service import quality, reviews
from kam.service.models import CallQualityReview
from kam.service.policies import RequestKind
from tests.factories import UserFactory
from tests.service.factories import T0, agent, open_request, record

ALL_TWO = {
    "greeting": 2, "no_arguing": 2, "no_promises": 2, "no_excuses": 2,
    "courteous": 2, "calm_tone": 2, "customer_hangs_up_first": 2,
}  # fmt: skip


# --- pure rules (no database) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "extra", "missing"),
    [
        (RequestKind.INQUIRY, set(), {"to_the_point_5s", "to_the_point_10s", "no_private_topics"}),
        (RequestKind.COMPLAINT, set(), {"to_the_point_5s", "to_the_point_10s", "no_private_topics"}),
        (RequestKind.RESCUE, set(), {"to_the_point_5s", "to_the_point_10s", "no_private_topics"}),
        (RequestKind.PURCHASE_CALLBACK, {"to_the_point_5s"}, {"to_the_point_10s", "no_private_topics"}),
        (RequestKind.REPAIR_CALLBACK, {"to_the_point_10s", "no_private_topics"}, {"to_the_point_5s"}),
    ],
)
def test_checklist_follows_the_kind(kind: RequestKind, extra: set[str], missing: set[str]) -> None:
    codes = {c.code for c in quality.checklist_for(kind)}
    assert codes == set(ALL_TWO) | extra
    assert not codes & missing


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ({}, 0),
        ({"a": 2}, 100),
        ({"a": 0}, 0),
        ({"a": 1}, 50),
        ({"a": 2, "b": 1, "c": 0}, 50),
        ({"a": 2, "b": 2, "c": 1}, 83),  # 5 of 6 points: 83.3 %
        ({"a": 2, "b": 2, "c": 2, "d": 2, "e": 2, "f": 2, "g": 1}, 93),  # 13 of 14: 92.9 %
        ({"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "f": 1, "g": 2}, 57),  # 8 of 14: 57.1 %
        ({"a": 2, "b": 2, "c": 2, "d": 1}, 88),  # 7 of 8: 87.5 % rounds half up
    ],
)
def test_total_is_the_share_of_possible_points(points: dict[str, int], expected: int) -> None:
    assert quality.total(points) == expected


@pytest.mark.parametrize(
    ("scores", "field", "message"),
    [
        ([1, 2], "scores", quality.SCORES_NOT_OBJECT),
        ({**ALL_TWO, "to_the_point_5s": 2}, "scores.to_the_point_5s", quality.UNKNOWN_CRITERION),
        (
            {k: v for k, v in ALL_TWO.items() if k != "calm_tone"},
            "scores.calm_tone",
            quality.CRITERION_MISSING,
        ),
        ({**ALL_TWO, "greeting": 3}, "scores.greeting", quality.BAD_POINTS),
        ({**ALL_TWO, "greeting": -1}, "scores.greeting", quality.BAD_POINTS),
        ({**ALL_TWO, "greeting": True}, "scores.greeting", quality.BAD_POINTS),
        ({**ALL_TWO, "greeting": 1.5}, "scores.greeting", quality.BAD_POINTS),
        ({**ALL_TWO, "greeting": "x"}, "scores.greeting", quality.BAD_POINTS),
    ],
)
def test_bad_scores_are_refused_naming_the_criterion(scores: Any, field: str, message: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        quality.score(RequestKind.COMPLAINT, scores)
    assert (caught.value.field, caught.value.message) == (field, message)


def test_form_values_as_text_are_read_as_points() -> None:
    points, total = quality.score(RequestKind.COMPLAINT, {k: "1" for k in ALL_TWO})
    assert set(points.values()) == {1} and total == 50


def test_sample_is_stable_for_a_seed_and_bounded() -> None:
    ids = list(range(1, 101))
    first = quality.sample(ids, 10, seed="2026-03:7")
    assert first == quality.sample(list(reversed(ids)), 10, seed="2026-03:7")
    assert len(first) == 10 and set(first) <= set(ids) and first == sorted(first)
    assert quality.sample(ids, 10, seed="2026-04:7") != first
    assert quality.sample([3, 1], 10, seed="x") == [1, 3]
    assert quality.sample(ids, 0, seed="x") == [] and quality.sample([], 3, seed="x") == []


# --- services, pages and API -----------------------------------------------------------------------------


@pytest.fixture
def world(org: dict[str, Any]) -> dict[str, Any]:
    desk = agent(department=org["ka1"], supervisor=org["manager1"])
    manager = UserFactory(username="csm", department=org["ka1"], posts=["cs_manager"])
    request = open_request(desk)
    record(desk, request, "call_answered", T0, rings=2)
    record(desk, request, "call_ended", T0 + timedelta(minutes=4))
    return {**org, "desk": desk, "csm": manager, "call": request}


@pytest.mark.django_db
def test_manager_reviews_a_call_of_the_agent(world: dict[str, Any]) -> None:
    review = reviews.call_review_create(
        actor=world["csm"], request=world["call"], scores={**ALL_TWO, "calm_tone": 0}, note="语速偏快"
    )
    stored = CallQualityReview.objects.get()
    assert (stored.agent, stored.reviewer, stored.total, stored.note) == (
        world["desk"], world["csm"], 86, "语速偏快",
    )  # fmt: skip
    assert stored.scores["calm_tone"] == 0 and review.pk == stored.pk
    assert stored.history.first().history_user == world["csm"]
    with pytest.raises(Conflict):
        reviews.call_review_create(actor=world["csm"], request=world["call"], scores=ALL_TWO)
    assert CallQualityReview.objects.count() == 1


@pytest.mark.django_db
def test_only_the_manager_reviews_and_never_their_own_call(world: dict[str, Any]) -> None:
    with pytest.raises(Forbidden):
        reviews.call_review_create(actor=world["desk"], request=world["call"], scores=ALL_TWO)
    with pytest.raises(ValidationFailed) as caught:
        reviews.call_review_create(
            actor=world["csm"], request=world["call"], scores=ALL_TWO, agent=world["csm"]
        )
    assert caught.value.field == "agent_id"
    silent = open_request(world["desk"], caller_phone="13900000000")  # no call recorded yet
    with pytest.raises(ValidationFailed) as caught:
        reviews.call_review_create(actor=world["csm"], request=silent, scores=ALL_TWO)
    assert (caught.value.field, caught.value.message) == ("agent_id", reviews.NO_AGENT)
    assert not CallQualityReview.objects.exists()


@pytest.mark.django_db
def test_api_review_checklist_and_list(world: dict[str, Any], api_client: Any) -> None:
    url = f"/api/v1/service-requests/{world['call'].pk}/review"
    bad = api_client(world["csm"]).post(url, {"scores": {**ALL_TWO, "greeting": 7}})
    assert bad.status_code == 422 and "scores.greeting" in str(bad.json())
    assert api_client(world["desk"]).post(url, {"scores": ALL_TWO}).status_code == 403
    assert not CallQualityReview.objects.exists()
    created = api_client(world["csm"]).post(url, {"scores": ALL_TWO, "reviewed_at": "2026-03-02T10:00"})
    assert created.status_code == 201, created.json()
    assert created.json()["total"] == 100 and created.json()["agent_id"] == world["desk"].pk
    assert api_client(world["csm"]).post(url, {"scores": ALL_TWO}).status_code == 409
    listed = api_client(world["csm"]).get("/api/v1/call-reviews/", {"month": "2026-03"}).json()
    assert listed["count"] == 1
    assert api_client(world["csm"]).get("/api/v1/call-reviews/", {"month": "2026-04"}).json()["count"] == 0
    own = api_client(world["desk"]).get("/api/v1/call-reviews/").json()
    assert own["count"] == 1  # the agent sees the reviews of their own calls
    assert api_client(world["spec1"]).get("/api/v1/call-reviews/").json()["count"] == 0
    checklist = api_client(world["desk"]).get("/api/v1/call-review-checklist/", {"kind": "repair_callback"})
    assert "to_the_point_10s" in [c["code"] for c in checklist.json()]
    assert api_client(world["desk"]).get("/api/v1/call-review-checklist/", {"kind": "x"}).status_code == 422


@pytest.mark.django_db
def test_pages_sample_score_and_show_the_review(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["csm"])
    client.cookies["django_language"] = "en"
    page = client.get(reverse("service_call_quality"), {"month": "2026-03"}).content.decode()
    form_url = reverse("service_call_review", args=[world["call"].pk])
    assert form_url in page  # the only call of the month is in the sample
    form = client.get(form_url).content.decode()
    assert 'for="score_greeting_2"' in form and "Let the customer hang up first" in form
    refused = client.post(form_url, {"score_greeting": "2"}, follow=True).content.decode()
    assert "scores.no_arguing" in refused and not CallQualityReview.objects.exists()
    values = {f"score_{k}": "2" for k in ALL_TWO} | {"note": "很好"}
    assert client.post(form_url, values).status_code == 302
    assert CallQualityReview.objects.get().total == 100
    page = client.get(reverse("service_call_quality")).content.decode()  # reviewed now: this month
    assert "<td>100</td>" in page and "Calls reviewed" in page
    assert client.get(reverse("service_call_quality"), {"month": "bad"}).status_code == 200
    desk = Client()
    desk.force_login(world["desk"])
    assert desk.get(form_url).status_code == 200  # a reviewed call shows its review to the agent


@pytest.mark.django_db
def test_review_form_is_refused_to_non_reviewers_before_review(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["desk"])
    assert client.get(reverse("service_call_review", args=[world["call"].pk])).status_code == 403
