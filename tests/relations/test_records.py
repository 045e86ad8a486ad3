"""Needs (C1), demand lines (C2) and market notes (A2l): stored state and refusals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kam.core.errors import Forbidden, NotFound, ValidationFailed
from kam.core.navigation import todo_for
from kam.relations import rules, selectors, services
from kam.relations.models import DemandLine, MarketNote, Need
from kam.relations.services import records
from tests.factories_accounts import AccountFactory

pytestmark = pytest.mark.django_db


def test_a_need_reaches_its_owner_to_do_list(org: dict[str, Any], account: Any) -> None:
    need = services.need_create(
        actor=org["spec1"],
        account_id=account.pk,
        direction="计划扩建二期厂房",
        problem="现有供货周期太长",
        countermeasure="安排华东仓直发",
        owner_id=org["spec1"].pk,
        due_on="2026-12-10",
    )
    need.refresh_from_db()
    assert (need.status, need.owner, need.department_id, str(need.due_on)) == (
        "open",
        org["spec1"],
        org["ka1"].pk,
        "2026-12-10",
    )
    titles = [str(item.title) for item in todo_for(org["spec1"])]
    assert any("计划扩建二期厂房" in t for t in titles)
    services.need_update(actor=org["spec1"], need=need, status="done")
    assert not any("计划扩建二期厂房" in str(item.title) for item in todo_for(org["spec1"]))


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"direction": "", "problem": "x"}, "direction"),
        ({"direction": "x", "problem": ""}, "problem"),
        ({"direction": "x", "problem": "y", "status": "lost"}, "status"),
        ({"direction": "x", "problem": "y", "owner_id": 999999}, "owner_id"),
        ({"direction": "x", "problem": "y", "due_on": "soon"}, "due_on"),
    ],
)
def test_bad_needs_name_the_field(
    org: dict[str, Any], account: Any, values: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.need_create(actor=org["spec1"], account_id=account.pk, **values)
    assert refused.value.field == field
    assert not Need.objects.exists()


def test_demand_lines_and_the_department_totals(org: dict[str, Any], account: Any) -> None:
    other = AccountFactory(owner=org["spec2"])
    services.demand_create(
        actor=org["spec1"],
        account_id=account.pk,
        product_type="铝锭",
        quantity="100",
        region="华东",
        price_min="15000",
        price_max="17000",
        factors="扩产",
    )
    services.demand_create(
        actor=org["spec2"],
        account_id=other.pk,
        product_type="铝锭",
        quantity=50,
        region="华北",
        price_min=16000,
        price_max=18000,
    )
    services.demand_create(
        actor=org["spec1"],
        account_id=account.pk,
        product_type="铝板",
        quantity=30,
        region="华东",
        price_min=500,
        price_max=800,
    )
    manager_view = selectors.demand_summary(selectors.demand_list(viewer=org["manager1"]))
    assert manager_view["product_type"] == {"铝锭": Decimal(150), "铝板": Decimal(30)}
    assert manager_view["region"] == {"华东": Decimal(130), "华北": Decimal(50)}
    own_view = selectors.demand_summary(selectors.demand_list(viewer=org["spec1"]))
    assert own_view["product_type"] == {"铝锭": Decimal(100), "铝板": Decimal(30)}


@pytest.mark.parametrize(
    ("values", "message", "field"),
    [
        ({"quantity": 0}, records.QUANTITY_NOT_POSITIVE, "quantity"),
        ({"quantity": "many"}, "Not a number.", "quantity"),
        ({"price_min": 10, "price_max": 5}, rules.PRICE_RANGE_ORDER, "price_max"),
        ({"region": ""}, "This field is required.", "region"),
    ],
)
def test_bad_demand_lines_write_nothing(
    org: dict[str, Any], account: Any, values: dict[str, Any], message: str, field: str
) -> None:
    line = {"product_type": "铝锭", "quantity": 10, "region": "华东", **values}
    with pytest.raises(ValidationFailed) as refused:
        services.demand_create(actor=org["spec1"], account_id=account.pk, **line)
    assert (refused.value.message, refused.value.field) == (message, field)
    assert not DemandLine.objects.exists()


def test_demand_of_an_account_one_cannot_see_is_not_found(org: dict[str, Any], account: Any) -> None:
    with pytest.raises(NotFound):
        services.demand_create(
            actor=org["spec3"], account_id=account.pk, product_type="铝锭", quantity=1, region="x"
        )


def test_market_notes_and_proposals(org: dict[str, Any], account: Any) -> None:
    rival = services.competitor_create(actor=org["spec1"], name="北方铝业")
    with pytest.raises(ValidationFailed) as refused:
        services.competitor_create(actor=org["spec2"], name="北方铝业")
    assert refused.value.message == records.COMPETITOR_EXISTS
    note = services.note_create(
        actor=org["spec1"],
        body="对方降价5%",
        competitor_id=rival.pk,
        account_id=account.pk,
        proposal="申请价格支持",
    )
    assert (note.proposal_status, note.department_id) == ("proposed", org["ka1"].pk)
    assert list(selectors.note_list(viewer=org["spec2"])) == [note]  # the department reads its notes
    assert list(selectors.note_list(viewer=org["spec3"])) == []
    with pytest.raises(Forbidden):
        services.note_decide(actor=org["spec1"], note=note, status="accepted")
    services.note_decide(actor=org["manager1"], note=note, status="accepted")
    assert MarketNote.objects.get(pk=note.pk).proposal_status == "accepted"
    with pytest.raises(ValidationFailed) as no_subject:
        services.note_create(actor=org["spec1"], body="市场整体走弱")
    assert no_subject.value.message == records.NOTE_NEEDS_SUBJECT
