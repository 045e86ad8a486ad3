"""Writes of the account records: needs and countermeasures (C1), demand lines (C2), market notes (A2l)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from kam.accounts import permissions as account_permissions
from kam.accounts import selectors as account_selectors
from kam.accounts.services.common import UNSET, a_date, active_user, choice, save, text
from kam.core import audit, clock
from kam.core.errors import ValidationFailed
from kam.core.permissions import require_posts
from kam.org.models import User
from kam.relations import rules
from kam.relations.models import Competitor, DemandLine, FollowUp, MarketNote, Need, ProposalStatus
from kam.relations.services.assessments import decimal

NOTE_WRITERS = ("specialist", "ka_manager", "regional_manager", "general_manager", "admin")
PROPOSAL_DECIDERS = ("ka_manager", "regional_manager", "general_manager", "admin")
COMPETITOR_EXISTS = gettext_noop("A competitor with this name already exists.")
QUANTITY_NOT_POSITIVE = gettext_noop("The quantity must be greater than 0.")
COMPETITOR_NOT_FOUND = gettext_noop("Competitor {id} does not exist.")
NO_PROPOSAL = gettext_noop("This note has no proposal to decide.")
NOTE_NEEDS_SUBJECT = gettext_noop("Link the note to a competitor, an account or a region.")


def _account(actor: User, account_id: int) -> Any:
    account = account_selectors.account_get(viewer=actor, account_id=account_id)
    account_permissions.require(account_permissions.can_edit_account(actor, account))
    return account


def _need_values(need: Need, values: dict[str, Any], actor: User) -> None:
    if values.get("entry_date", UNSET) is not UNSET:
        need.entry_date = a_date(values["entry_date"], field="entry_date") or clock.local_today()
    for name, limit, required in (
        ("direction", 500, True),
        ("problem", 4000, True),
        ("countermeasure", 4000, False),
    ):
        if name in values:
            setattr(need, name, text(values[name], field=name, limit=limit, required=required))
    if values.get("owner_id") is not None:
        need.owner = active_user(values["owner_id"], field="owner_id")  # type: ignore[assignment]
    if "due_on" in values:
        need.due_on = a_date(values["due_on"], field="due_on")
    if values.get("status") is not None:
        need.status = choice(values["status"], field="status", choices=FollowUp, blank=False)


@transaction.atomic
def need_create(*, actor: User, account_id: int, **values: Any) -> Need:
    """Record a dated need with its problem points and countermeasures (大客户需要对策表, C1)."""
    account = _account(actor, account_id)
    need = Need(account=account, department_id=account.department_id, author=actor, owner=actor)
    need.entry_date = clock.local_today()
    need.direction = need.problem = ""
    values.setdefault("direction", "")
    values.setdefault("problem", "")
    _need_values(need, values, actor)
    save(need, actor=actor, reason="recorded")
    return need


@transaction.atomic
def need_update(*, actor: User, need: Need, **values: Any) -> Need:
    """Change a need or its follow-up status; the owner of the need may update it too."""
    if need.owner_id != actor.pk:
        account_permissions.require(account_permissions.can_edit_account(actor, need.account))
    _need_values(need, values, actor)
    save(need, actor=actor, reason="updated")
    return need


def _demand_values(line: DemandLine, values: dict[str, Any]) -> None:
    for name, limit in (("product_type", 100), ("region", 100)):
        if name in values:
            setattr(line, name, text(values[name], field=name, limit=limit, required=True))
    if "quantity" in values:
        quantity = decimal(values["quantity"], field="quantity")
        if quantity <= 0:
            raise ValidationFailed(QUANTITY_NOT_POSITIVE, field="quantity")
        line.quantity = quantity
    for name in ("price_min", "price_max"):
        if name in values:
            raw = values[name]
            setattr(line, name, None if raw in (None, "") else decimal(raw, field=name))
    rules.check_price_range(line.price_min, line.price_max)
    if "factors" in values:
        line.factors = text(values["factors"], field="factors", limit=4000)


@transaction.atomic
def demand_create(*, actor: User, account_id: int, **values: Any) -> DemandLine:
    """Record a demand line: product type, quantity, region, price range, demand factors (C2)."""
    account = _account(actor, account_id)
    line = DemandLine(account=account, department_id=account.department_id, owner=account.owner, author=actor)
    line.product_type = line.region = ""
    for name in ("product_type", "region", "quantity"):
        values.setdefault(name, "")
    _demand_values(line, values)
    save(line, actor=actor, reason="recorded")
    return line


@transaction.atomic
def demand_update(*, actor: User, line: DemandLine, **values: Any) -> DemandLine:
    account_permissions.require(account_permissions.can_edit_account(actor, line.account))
    _demand_values(line, values)
    save(line, actor=actor, reason="updated")
    return line


@transaction.atomic
def demand_delete(*, actor: User, line: DemandLine) -> None:
    account_permissions.require(account_permissions.can_edit_account(actor, line.account))
    line._history_user = actor  # type: ignore[attr-defined]
    audit.soft_delete(line, reason="deleted")


@transaction.atomic
def competitor_create(*, actor: User, name: str, description: str = "") -> Competitor:
    require_posts(actor, *NOTE_WRITERS)
    cleaned = text(name, field="name", limit=200, required=True)
    if Competitor.objects.filter(name=cleaned).exists():
        raise ValidationFailed(COMPETITOR_EXISTS, field="name")
    competitor = Competitor(name=cleaned, description=text(description, field="description", limit=4000))
    return save(competitor, actor=actor, reason="created")


@transaction.atomic
def note_create(
    *,
    actor: User,
    body: str,
    competitor_id: int | None = None,
    account_id: int | None = None,
    region: str = "",
    noted_on: Any = None,
    proposal: str = "",
) -> MarketNote:
    """Record a competitor or market note, with a proposal if any (A2l)."""
    require_posts(actor, *NOTE_WRITERS)
    note = MarketNote(author=actor, department_id=actor.department_id)
    note.body = text(body, field="body", limit=4000, required=True)
    if competitor_id is not None:
        note.competitor = Competitor.objects.filter(pk=competitor_id).first()
        if note.competitor is None:
            raise ValidationFailed(COMPETITOR_NOT_FOUND, field="competitor_id", params={"id": competitor_id})
    if account_id is not None:
        note.account = account_selectors.account_get(viewer=actor, account_id=account_id)
    note.region = text(region, field="region", limit=100)
    if note.competitor is None and note.account is None and not note.region:
        raise ValidationFailed(NOTE_NEEDS_SUBJECT, field="competitor_id")
    note.noted_on = a_date(noted_on, field="noted_on", past_only=True) or clock.local_today()
    note.proposal = text(proposal, field="proposal", limit=4000)
    note.proposal_status = ProposalStatus.PROPOSED if note.proposal else ProposalStatus.NONE
    return save(note, actor=actor, reason="recorded")


@transaction.atomic
def note_decide(*, actor: User, note: MarketNote, status: str) -> MarketNote:
    """Accept, reject or mark done a note's proposal (managers who see the note)."""
    require_posts(actor, *PROPOSAL_DECIDERS)
    if not note.proposal:
        raise ValidationFailed(NO_PROPOSAL, field="status")
    note.proposal_status = choice(status, field="status", choices=ProposalStatus, blank=False)
    return save(note, actor=actor, reason=f"proposal {note.proposal_status}")
