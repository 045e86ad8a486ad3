"""Fixtures of the hospitality tests: the rulebook's approvers and a key account of spec1."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories_accounts import AccountFactory, ContactFactory
from tests.factories_approvals import approvers, ensure_default_chains


@pytest.fixture
def people(org: dict[str, Any]) -> dict[str, Any]:
    """The ``org`` company, the hospitality chain's approvers, and an account owned by spec1."""
    ensure_default_chains()
    found = approvers(org)
    account = AccountFactory(owner=org["spec1"])
    found["account"] = account
    found["contact"] = ContactFactory(account=account, name="王建华", title="董事长", taboos="不吃猪肉")
    return found
