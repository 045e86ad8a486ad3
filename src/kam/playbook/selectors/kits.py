"""What a pre-visit kit brings together for a real appointment or account (E1, C2, D4, D5).

The accounts, visits and relations apps are read here only, through their own selectors, so that the
viewer's visibility decides what is found; when one of those apps is not installed its part is empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.apps import apps

from kam.core import clock
from kam.core.errors import NOT_FOUND, NotFound
from kam.org.models import User
from kam.playbook import rules
from kam.playbook.models import Product, VisitKit
from kam.playbook.selectors.content import call_script_list, question_coach

KIT_SITUATIONS = ("learn_facts", "closing")
"""The question coach's situations a visit needs: learning the customer's facts, then closing (D4)."""


@dataclass
class VisitTarget:
    """The account (and appointment) a kit is prepared for, as the viewer may see them."""

    account_id: int | None = None
    account_name: str = ""
    appointment_id: int | None = None
    starts_at: Any = None
    place: str = ""
    purpose: str = ""
    contact: str = ""
    demanded_types: list[str] = field(default_factory=list)

    @property
    def visit_on(self) -> date | None:
        return clock.localtime(self.starts_at).date() if self.starts_at else None


def demanded_product_types(account_id: int) -> list[str]:
    """The product types the account demanded in its demand analysis (C2), in the form's order."""
    if not apps.is_installed("kam.relations"):
        return []
    from kam.relations.models import DemandLine

    types = DemandLine.objects.filter(account_id=account_id).values_list("product_type", flat=True)
    return rules.normalise_product_types(list(types))


def account_target(*, viewer: User, account_id: int) -> VisitTarget:
    """The account the viewer may see, with its demanded product types; 404 otherwise."""
    if not apps.is_installed("kam.accounts"):
        raise NotFound(NOT_FOUND)
    from kam.accounts.selectors import account_get

    account = account_get(viewer=viewer, account_id=account_id)
    return VisitTarget(
        account_id=account.pk,
        account_name=account.name,
        demanded_types=demanded_product_types(account.pk),
    )


def appointment_target(*, viewer: User, appointment_id: int) -> VisitTarget:
    """The appointment the viewer may see, its account and the account's demand; 404 otherwise."""
    if not apps.is_installed("kam.visits"):
        raise NotFound(NOT_FOUND)
    from kam.visits.selectors import appointment_get

    appointment = appointment_get(viewer=viewer, appointment_id=appointment_id)
    contact = getattr(appointment, "contact", None)
    return VisitTarget(
        account_id=appointment.account_id,
        account_name=appointment.account.name,
        appointment_id=appointment.pk,
        starts_at=appointment.starts_at,
        place=appointment.place,
        purpose=appointment.purpose,
        contact=getattr(contact, "name", "") if contact else "",
        demanded_types=demanded_product_types(appointment.account_id),
    )


def upcoming_appointments(viewer: User, *, days: int = 14) -> list[Any]:
    """The viewer's own appointments from today for ``days`` days, to prepare a kit for (E1)."""
    if not apps.is_installed("kam.visits"):
        return []
    from datetime import timedelta

    from kam.visits.selectors import appointment_list

    today = clock.local_today()
    rows = appointment_list(viewer=viewer, user_id=viewer.pk, start=today, end=today + timedelta(days=days))
    return list(rows.order_by("starts_at")[:50])


def kit_context(kit: VisitKit, viewer: User) -> dict[str, Any]:
    """Everything the kit page shows beside the checklist: the visit, the products of the demanded
    types with specification and price range, the questions to ask and the call scripts (E1, D4, D5)."""
    target = VisitTarget()
    if kit.appointment_id:
        try:
            target = appointment_target(viewer=viewer, appointment_id=kit.appointment_id)
        except NotFound:
            target = VisitTarget()
    if target.account_id is None and kit.account_id:
        try:
            target = account_target(viewer=viewer, account_id=kit.account_id)
        except NotFound:
            target = VisitTarget()
    keys = {rules.product_type_key(t) for t in kit.product_types}
    products = [
        p
        for p in Product.objects.order_by("product_type", "name")
        if rules.product_type_key(p.product_type) in keys
    ]
    return {
        "target": target,
        "products": products,
        "questions": [
            {"situation": situation, "types": question_coach(situation)} for situation in KIT_SITUATIONS
        ],
        "scripts": call_script_list(),
    }


def account_panel(account: Any, user: User) -> dict[str, Any]:
    """The account page's section of pre-visit kits: the kits the user sees and a link to prepare one."""
    from kam.playbook.permissions import FIELD
    from kam.playbook.selectors.library import kit_list

    can_prepare = user.holds(*FIELD)
    kits = list(kit_list(viewer=user, account_id=account.pk)[:10]) if can_prepare else []
    return {
        "account_id": account.pk,
        "can_prepare": can_prepare,
        "kits": kits,
        "demanded": demanded_product_types(account.pk) if can_prepare else [],
    }
