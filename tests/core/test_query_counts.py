"""The main lists ask the database the same number of questions for 3 rows as for 15 (issue 11, F-wide).

Each case builds rows, counts the queries of one request, builds four times as many more and counts
again: a list that loads something per row (a missing ``select_related``, a property that queries)
shows up as a larger second count.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kam.core import clock
from kam.visits.models import Visit
from tests.factories import UserFactory
from tests.factories_accounts import AccountFactory, ContactFactory, DealFactory
from tests.service.factories import agent, open_request

pytestmark = pytest.mark.django_db


def _account(org: dict[str, Any]) -> Any:
    return AccountFactory(owner=org["spec1"], department=org["ka1"])


def _contact(org: dict[str, Any]) -> Any:
    return ContactFactory(account=_account(org))


def _visit(org: dict[str, Any]) -> Any:
    return Visit.objects.create(
        user=org["spec1"],
        department=org["ka1"],
        account=_account(org),
        occurred_at=clock.now(),
        plan_code="A",
        result_code="C",
    )


def _request(org: dict[str, Any]) -> Any:
    return open_request(agent(department=org["ka1"]), account=_account(org), assignee=org["spec1"])


def _deal(org: dict[str, Any]) -> Any:
    return DealFactory(account=_account(org), specialist=org["spec1"])


def _user(org: dict[str, Any]) -> Any:
    return UserFactory(department=org["ka1"], posts=["specialist"], supervisor=org["manager1"])


CASES: list[tuple[str, Callable[[dict[str, Any]], Any], str, bool]] = [
    ("/api/v1/accounts/?limit=100", _account, "manager1", False),
    ("/api/v1/contacts/?limit=100", _contact, "manager1", False),
    ("/api/v1/visits/?limit=100", _visit, "manager1", False),
    ("/api/v1/service-requests/?limit=100", _request, "admin", False),
    ("/api/v1/deals/?limit=100", _deal, "manager1", False),
    ("/api/v1/users/?limit=100", _user, "manager1", False),
    ("/accounts/", _account, "manager1", True),
    ("/visits/", _visit, "spec1", True),
    ("/service/", _request, "admin", True),
]


def _client(user: Any, page: bool, api_client: Any) -> Any:
    if not page:
        return api_client(user)
    client = Client()
    client.force_login(user)
    return client


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured.captured_queries)


@pytest.mark.parametrize(("path", "make", "viewer", "page"), CASES, ids=[c[0] for c in CASES])
def test_the_query_count_does_not_grow_with_the_rows_shown(
    org: dict[str, Any],
    api_client: Any,
    path: str,
    make: Callable[[dict[str, Any]], Any],
    viewer: str,
    page: bool,
) -> None:
    client = _client(org[viewer], page, api_client)
    for _ in range(3):
        make(org)
    few = _queries(client, path)
    for _ in range(12):
        make(org)
    assert _queries(client, path) <= few
