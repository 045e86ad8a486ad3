"""The account list counts its total up to a cap; past it the answer says "more than" (list at 1,000,000)."""

from __future__ import annotations

from typing import Any

import pytest

from kam.core import pagination
from tests.accounts.test_views import signed_in
from tests.factories_accounts import AccountFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def five(org: dict[str, Any]) -> None:
    for _ in range(5):
        AccountFactory(owner=org["spec1"])


def test_below_the_cap_the_count_is_exact(org: dict[str, Any], five: None, api_client: Any) -> None:
    body = api_client(org["manager1"]).get(f"{API}/accounts/", {"limit": 2}).json()
    assert (body["count"], body["count_capped"], len(body["items"])) == (5, False, 2)


def test_past_the_cap_the_count_stops_and_says_so(
    org: dict[str, Any], five: None, api_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    client = api_client(org["manager1"])
    body = client.get(f"{API}/accounts/", {"limit": 2, "offset": 4}).json()
    assert (body["count"], body["count_capped"], len(body["items"])) == (3, True, 1)  # paging goes on
    narrowed = client.get(f"{API}/accounts/", {"owner_id": org["spec2"].pk}).json()
    assert (narrowed["count"], narrowed["count_capped"]) == (0, False)


def test_the_page_says_more_than_past_the_cap(
    org: dict[str, Any], five: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    english = signed_in(org["manager1"]).get("/accounts/").content.decode()
    assert "More than 3 accounts: narrow the search for an exact total." in english
    chinese = signed_in(org["manager1"], "zh-hans").get("/accounts/").content.decode()
    assert "超过 3 个客户" in chinese
    monkeypatch.setattr(pagination, "COUNT_CAP", 10)
    assert "5 accounts" in signed_in(org["manager1"]).get("/accounts/").content.decode()
