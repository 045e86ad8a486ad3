"""Fixtures of field work: a Shanghai clock on a working Wednesday, territories, accounts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from kam.core import clock
from tests.factories import TerritoryFactory
from tests.factories_accounts import AccountFactory, ContactFactory

SH = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 3, 4)  # a Wednesday, a working day
INSIDE = (120.1, 30.1)  # (lng, lat) in the factory territory, WGS-84
OUTSIDE = (121.5, 31.2)


def local(hh: int, mm: int = 0, ss: int = 0, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hh, mm, ss), tzinfo=SH)


@pytest.fixture
def evening() -> Iterator[datetime]:
    with clock.frozen_at(local(23, 0)) as moment:
        yield moment


@pytest.fixture
def field(org: dict[str, Any]) -> dict[str, Any]:
    """spec1 with a territory, one account of theirs with a contact, one of spec3's."""
    territory = TerritoryFactory()
    for name in ("spec1", "spec2", "spec3", "spec4"):
        org[name].territory = territory
        org[name].save()
    account = AccountFactory(owner=org["spec1"])
    return {
        **org,
        "territory": territory,
        "account": account,
        "contact": ContactFactory(account=account),
        "other_account": AccountFactory(owner=org["spec3"]),
    }
