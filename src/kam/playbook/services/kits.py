"""Writes of pre-visit kits and Franklin sheets: the tools a specialist takes to a visit (E1)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from kam.core.errors import NotFound, ValidationFailed
from kam.core.permissions import require_posts
from kam.org.models import User
from kam.playbook import rules, selectors
from kam.playbook.models import FranklinSheet, Product, VisitKit, VisitKitItem
from kam.playbook.permissions import FIELD
from kam.playbook.services.common import refusal, required, save_checked

TITLE_REQUIRED = gettext_noop("A title is required.")
PRODUCT_NOT_FOUND = gettext_noop("Product {id} does not exist.")
TOO_MANY_TYPES = gettext_noop("At most 20 product types per kit.")
KIT_LINE_NOT_FOUND = gettext_noop("Kit line {id} does not exist.")
NO_SUCH_ACCOUNT = gettext_noop("No such account.")
NO_SUCH_APPOINTMENT = gettext_noop("No such appointment.")
ACCOUNT_NOT_OF_APPOINTMENT = gettext_noop("The appointment is for another account.")
NO_DEMAND = gettext_noop("The account has no demand recorded: choose the product types.")


@transaction.atomic
def kit_prepare(
    *,
    actor: User,
    product_types: Sequence[str] = (),
    account_id: int | None = None,
    appointment_id: int | None = None,
    visit_on: date | None = None,
    note: str = "",
) -> VisitKit:
    """Produce the pre-visit kit for the product types the customer has demanded (E1, C2).

    For an appointment (``appointment_id``) the kit takes the appointment's account and date; for an
    account the product types default to those of its demand analysis (C2) when none are given. Both
    must be visible to the actor. The kit lists business cards, the matching collateral in the rulebook's
    kit order, a catalogue-and-manual check on every sample and model, and a warning line for a product
    type with no sample in the library; its page adds the products, the questions to ask and the scripts.
    """
    require_posts(actor, *FIELD)
    target = None
    if appointment_id is not None:
        try:
            target = selectors.appointment_target(viewer=actor, appointment_id=appointment_id)
        except NotFound:
            raise ValidationFailed(NO_SUCH_APPOINTMENT, field="appointment_id") from None
        if account_id is not None and account_id != target.account_id:
            raise ValidationFailed(ACCOUNT_NOT_OF_APPOINTMENT, field="account_id")
        account_id = target.account_id
        visit_on = visit_on or target.visit_on
    elif account_id is not None:
        try:
            target = selectors.account_target(viewer=actor, account_id=account_id)
        except NotFound:
            raise ValidationFailed(NO_SUCH_ACCOUNT, field="account_id") from None
    types = rules.normalise_product_types(product_types)
    if not types and target is not None:
        types = target.demanded_types
        if not types:
            raise ValidationFailed(NO_DEMAND, field="product_types")
    if not types:
        raise ValidationFailed(rules.KIT_NO_TYPES, field="product_types")
    if len(types) > 20:
        raise ValidationFailed(TOO_MANY_TYPES, field="product_types")
    kit = VisitKit(
        owner=actor,
        department=actor.department,
        product_types=types,
        account_id=account_id,
        appointment_id=appointment_id,
        visit_on=visit_on,
        note=note.strip(),
    )
    save_checked(kit, actor, "prepared")
    lines = rules.kit_lines(types, selectors.collateral_infos())
    VisitKitItem.objects.bulk_create(
        VisitKitItem(
            kit=kit,
            order=index,
            kind=line.kind,
            title=line.title[:200],
            product_type=line.product_type[:200],
            collateral_id=line.collateral_id,
            check_catalogue=line.check_catalogue,
            missing=line.missing,
        )
        for index, line in enumerate(lines)
    )
    return kit


@transaction.atomic
def kit_item_update(
    *,
    actor: User,
    kit: VisitKit,
    item_id: int,
    packed: bool | None = None,
    matches_catalogue: bool | None = None,
    remark: str | None = None,
) -> VisitKitItem:
    """Tick a line of the kit: packed, and for samples and models whether they match the catalogue."""
    require_posts(actor, *FIELD)
    item = kit.items.filter(pk=item_id).first()
    if item is None:
        raise ValidationFailed(KIT_LINE_NOT_FOUND, field="item_id", params={"id": item_id})
    if packed is not None:
        item.packed = packed
    if matches_catalogue is not None:
        item.matches_catalogue = matches_catalogue
    if remark is not None:
        item.remark = remark.strip()[:300]
    item.save()
    save_checked(kit, actor, "checklist ticked")
    return item


def _lines(lines: Sequence[Mapping[str, Any]], field: str) -> list[dict[str, Any]]:
    problem = rules.franklin_line_problem(lines)
    if problem:
        number, message = problem
        raise refusal(message, field=f"{field}.{number}" if number else field)
    return [{"text": str(line["text"]).strip(), "weight": int(line.get("weight", 1))} for line in lines]


def _product(product_id: int | None) -> Product | None:
    if product_id is None:
        return None
    found = Product.objects.filter(pk=product_id).first()
    if found is None:
        raise ValidationFailed(PRODUCT_NOT_FOUND, field="product_id", params={"id": product_id})
    return found


@transaction.atomic
def franklin_create(
    *,
    actor: User,
    title: str,
    gains: Sequence[Mapping[str, Any]] = (),
    losses: Sequence[Mapping[str, Any]] = (),
    customer: str = "",
    account_id: int | None = None,
    product_id: int | None = None,
) -> FranklinSheet:
    """Start Franklin's list for a proposal: gains of buying, losses of not buying (E1 富兰克林法)."""
    require_posts(actor, *FIELD)
    sheet = FranklinSheet(
        title=required(title, TITLE_REQUIRED, "title"),
        owner=actor,
        department=actor.department,
        customer=customer.strip(),
        account_id=account_id,
        product=_product(product_id),
        gains=_lines(gains, "gains"),
        losses=_lines(losses, "losses"),
    )
    return save_checked(sheet, actor, "created")  # type: ignore[no-any-return]


@transaction.atomic
def franklin_update(*, actor: User, sheet: FranklinSheet, **changes: Any) -> FranklinSheet:
    """Change a sheet; only the fields given change (the history keeps every earlier list)."""
    require_posts(actor, *FIELD)
    if "title" in changes:
        sheet.title = required(changes["title"], TITLE_REQUIRED, "title")
    if "customer" in changes:
        sheet.customer = (changes["customer"] or "").strip()
    if "account_id" in changes:
        sheet.account_id = changes["account_id"]
    if "product_id" in changes:
        sheet.product = _product(changes["product_id"])
    for side in ("gains", "losses"):
        if side in changes:
            setattr(sheet, side, _lines(changes[side] or [], side))
    return save_checked(sheet, actor, "changed")  # type: ignore[no-any-return]
