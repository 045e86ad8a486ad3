"""Fixtures of the key-account tests: a few accounts spread over the organisation of ``org``."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories_accounts import AccountFactory


@pytest.fixture
def accounts(org: dict[str, Any]) -> dict[str, Any]:
    """Accounts of spec1, spec2 (dept ka1), spec3 (ka2), spec4 (other region), and one in ka1's pool."""
    return {
        "a1": AccountFactory(name="华夏集团有限公司", short_name="华夏", owner=org["spec1"]),
        "a2": AccountFactory(name="杭州恒达建设有限公司", owner=org["spec2"]),
        "a3": AccountFactory(name="浙江万向物流股份有限公司", owner=org["spec3"]),
        "a4": AccountFactory(name="北京鼎盛贸易有限公司", owner=org["spec4"]),
        "pool": AccountFactory(
            name="杭州银行股份有限公司", owner=None, department=org["ka1"], status="prospect"
        ),
    }
