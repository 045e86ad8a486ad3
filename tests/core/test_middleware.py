"""Oversized request bodies are refused with 413 before any view reads them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from kam.core.middleware import BODY_TOO_LARGE, BodySizeLimitMiddleware
from kam.org.models import Department

pytestmark = pytest.mark.django_db

LIMIT = 200


@pytest.fixture(autouse=True)
def _small_limit(settings: Any) -> None:
    settings.KAM_MAX_BODY_BYTES = LIMIT


def test_body_over_the_limit_is_refused_with_json_413(org: dict[str, Any], api_client: Any) -> None:
    body = json.dumps({"name": "大" * LIMIT})
    assert len(body.encode()) > LIMIT

    response = api_client(org["admin"]).post("/api/v1/departments/", body)

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": BODY_TOO_LARGE.format(limit=LIMIT)}
    assert not Department.objects.filter(name__startswith="大大").exists()


def test_body_at_the_limit_passes(org: dict[str, Any], api_client: Any) -> None:
    body = json.dumps({"name": "ka4"}).ljust(LIMIT)  # trailing blanks are still JSON
    assert len(body.encode()) == LIMIT

    response = api_client(org["admin"]).post("/api/v1/departments/", body)

    assert response.status_code == 201
    assert Department.objects.filter(name="ka4").exists()


def test_pages_are_guarded_too(client: Any) -> None:
    response = client.post("/login/", {"username": "u" * LIMIT, "password": "p"})
    assert response.status_code == 413
    assert response.json()["detail"] == BODY_TOO_LARGE.format(limit=LIMIT)


def test_the_view_is_not_reached() -> None:
    reached: list[bool] = []

    def view(request: Any) -> HttpResponse:
        reached.append(True)
        return HttpResponse("ok")

    guard = BodySizeLimitMiddleware(view)
    request = RequestFactory().post("/anything", data=b"x" * (LIMIT + 1), content_type="text/plain")
    assert guard(request).status_code == 413
    assert reached == []

    request = RequestFactory().post("/anything", data=b"x" * LIMIT, content_type="text/plain")
    assert guard(request).status_code == 200
    assert reached == [True]


def test_an_unreadable_content_length_is_left_to_django() -> None:
    guard = BodySizeLimitMiddleware(lambda request: HttpResponse("ok"))
    request = RequestFactory().get("/anything", CONTENT_LENGTH="lots")
    assert guard(request).status_code == 200
