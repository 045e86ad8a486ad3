"""A request remembers the department tree once; outside a request, and after a change, it reads it again."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kam.core import memo
from kam.org import selectors
from tests.factories import DepartmentFactory
from tests.factories_accounts import AccountFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _tree_reads(captured: CaptureQueriesContext) -> int:
    return sum('FROM "org_department"' in q["sql"] for q in captured.captured_queries)


def test_outside_a_request_every_call_computes() -> None:
    calls = []
    for _ in range(2):
        memo.remembered("k", lambda: calls.append(1))
    assert len(calls) == 2


def test_within_a_request_a_value_is_computed_once_until_forgotten() -> None:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    with memo.request_scope():
        assert memo.remembered("k", compute) == memo.remembered("k", compute) == 1
        memo.forget("k")
        assert memo.remembered("k", compute) == 2
    with memo.request_scope():
        assert memo.remembered("k", compute) == 3  # a new request starts empty


def test_a_department_saved_within_a_request_is_in_the_tree_read_after_it(org: dict[str, Any]) -> None:
    with memo.request_scope():
        before, _ = selectors.department_tree()
        added = DepartmentFactory(name="大客户四部", parent=org["region"])
        after, _ = selectors.department_tree()
        assert added.pk not in before
        assert after[added.pk] == org["region"].pk
        assert added.pk in selectors.region_department_ids(org["ka1"].pk)


def test_an_api_request_reads_the_tree_once_however_often_it_asks_who_sees_what(
    org: dict[str, Any], api_client: Any
) -> None:
    """Creating a contact checks the account, the contact and its history against the manager's reach."""
    account = AccountFactory(owner=org["spec1"])
    client = api_client(org["manager1"])
    with CaptureQueriesContext(connection) as captured:
        response = client.post(f"{API}/contacts/", {"account_id": account.pk, "name": "王经理"})
    assert response.status_code == 201, response.content
    assert _tree_reads(captured) == 1
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"{API}/accounts/{account.pk}")
    assert response.status_code == 200
    assert _tree_reads(captured) == 1
    assert len(captured.captured_queries) <= 3  # the token with the posts, the account, the tree
