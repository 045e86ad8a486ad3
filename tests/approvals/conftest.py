"""Fixtures of the approval engine's tests: the rulebook's chains and the people who approve."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories_approvals import approvers, ensure_default_chains


@pytest.fixture
def people(org: dict[str, Any]) -> dict[str, Any]:
    """The ``org`` company with the approvers of the rulebook's chains, which are made sure to exist."""
    ensure_default_chains()
    return approvers(org)
