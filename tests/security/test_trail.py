"""The security trail and the sign-in rate limit (issue 12, item 8)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from kam.core.middleware import TOO_MANY_SIGN_INS
from kam.core.models import SecurityEvent

pytestmark = pytest.mark.django_db


def kinds() -> list[tuple[str, str]]:
    return list(SecurityEvent.objects.order_by("pk").values_list("kind", "username"))


def test_a_failed_sign_in_on_the_page_is_recorded_with_the_name_given(org: dict[str, Any]) -> None:
    response = Client().post(reverse("login"), {"username": "spec1", "password": "wrong"})
    assert response.status_code == 200
    assert kinds() == [("sign_in_failed", "spec1")]
    event = SecurityEvent.objects.get()
    assert event.ip == "127.0.0.1"
    assert event.path == reverse("login")


def test_a_failed_token_request_is_recorded(org: dict[str, Any]) -> None:
    response = Client().post(
        "/api/v1/auth/token", {"username": "spec1", "password": "wrong"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert kinds() == [("sign_in_failed", "spec1")]


def test_an_unknown_bearer_token_is_recorded_without_the_secret(db: Any) -> None:
    response = Client().get("/api/v1/users/me", headers={"Authorization": "Bearer not-a-real-token-123"})
    assert response.status_code == 401
    event = SecurityEvent.objects.get()
    assert (event.kind, event.detail) == ("token_rejected", "not-a-re")


def test_an_api_permission_failure_is_recorded_with_the_user(api_client: Any, org: dict[str, Any]) -> None:
    response = api_client(org["spec1"]).post("/api/v1/departments/", {"name": "偷偷建的部门"})
    assert response.status_code == 403
    event = SecurityEvent.objects.get()
    assert (event.kind, event.user, event.method) == ("permission_denied", org["spec1"], "POST")


def test_a_page_permission_failure_is_recorded(org: dict[str, Any]) -> None:
    client = Client()
    client.force_login(org["spec1"])
    response = client.post(reverse("area_list"), {"name": "仓库"})
    assert response.status_code == 403
    event = SecurityEvent.objects.get()
    assert (event.kind, event.user, event.path) == ("permission_denied", org["spec1"], reverse("area_list"))


@pytest.mark.parametrize("path", ["/api/v1/auth/token", "/login/"])
def test_sign_in_attempts_from_one_address_are_limited(path: str, settings: Any, org: dict[str, Any]) -> None:
    settings.KAM_SIGNIN_RATE = "3/m"
    cache.clear()
    client = Client()
    guesses = [{"username": f"guess{n}", "password": "x"} for n in range(4)]
    answers = [client.post(path, guess, content_type="application/json").status_code for guess in guesses]
    assert 429 not in answers[:3]
    assert answers[3] == 429
    assert SecurityEvent.objects.filter(kind="rate_limited").count() == 1
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.0.0.9").post(path, {"username": "x", "password": "y"})
    assert other.status_code != 429
    cache.clear()


def test_the_limit_message_names_the_wait(settings: Any, db: Any) -> None:
    settings.KAM_SIGNIN_RATE = "1/m"
    cache.clear()
    client = Client()
    client.post("/api/v1/auth/token", {}, content_type="application/json")
    response = client.post("/api/v1/auth/token", {}, content_type="application/json")
    cache.clear()
    assert response.status_code == 429
    assert response.json() == {"detail": TOO_MANY_SIGN_INS}


def test_a_caller_without_an_address_is_limited_not_crashed(db: Any) -> None:
    """Some WSGI callers set no REMOTE_ADDR; they are counted together instead of failing with a 500."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from kam.core.middleware import SignInRateLimitMiddleware

    request = RequestFactory().post("/api/v1/auth/token", {}, content_type="application/json")
    del request.META["REMOTE_ADDR"]
    response = SignInRateLimitMiddleware(lambda r: HttpResponse("ok"))(request)
    assert response.status_code == 200
