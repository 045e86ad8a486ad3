"""The approval engine's rules as pure functions: which steps apply, which moves are allowed (D1, D17).

No ORM and no clock here: the services load the chain, the request and today's date, and hand plain
values to these functions. The workflows are transition tables (django-oscar's ``pipeline``): a dict
of allowed moves and one function, :func:`check_transition`, that refuses every other move with
:class:`TransitionRefused`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_noop

from kam.core.errors import Conflict, ValidationFailed

# Request states.
PENDING = "pending"
RETURNED = "returned"
APPROVED = "approved"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"

# Step states: a step waits for the ones before it, is pending while it is the current step, and ends
# approved, rejected, returned, or cancelled (the request ended before the step's turn came).
WAITING = "waiting"
CANCELLED = "cancelled"

# Actions of an approver.
APPROVE = "approve"
REJECT = "reject"
RETURN = "return"
ACTIONS = (APPROVE, REJECT, RETURN)

REQUEST_TRANSITIONS: Mapping[str, frozenset[str]] = {
    PENDING: frozenset({APPROVED, REJECTED, RETURNED, WITHDRAWN}),
    RETURNED: frozenset({PENDING, WITHDRAWN}),
    APPROVED: frozenset(),
    REJECTED: frozenset(),
    WITHDRAWN: frozenset(),
}
"""Allowed moves of a request (an approved step with more steps to come leaves the request pending)."""

STEP_TRANSITIONS: Mapping[str, frozenset[str]] = {
    WAITING: frozenset({PENDING, CANCELLED}),
    PENDING: frozenset({APPROVED, REJECTED, RETURNED, CANCELLED}),
    APPROVED: frozenset(),
    REJECTED: frozenset(),
    RETURNED: frozenset(),
    CANCELLED: frozenset(),
}

STEP_STATUS_AFTER: Mapping[str, str] = {APPROVE: APPROVED, REJECT: REJECTED, RETURN: RETURNED}

TRANSITION_REFUSED = gettext_noop("This {kind} cannot go from “{current}” to “{target}”.")
UNKNOWN_ACTION = gettext_noop("Unknown action; use approve, reject or return.")
COMMENT_REQUIRED = gettext_noop("Say why in a comment when rejecting or returning a request.")
COMMENT_TOO_LONG = gettext_noop("The comment is too long (at most 2000 characters).")
NEGATIVE_AMOUNT = gettext_noop("The amount cannot be negative.")
ABSURD_AMOUNT = gettext_noop("The amount is implausibly large (at most 100,000,000).")
UNKNOWN_FLAG = gettext_noop("Unknown flag: {flag}.")
NO_STEPS = gettext_noop("No step of this approval chain applies to the request.")
DELEGATION_ENDS_BEFORE_START = gettext_noop("The delegation cannot end before it starts.")
DELEGATION_IN_PAST = gettext_noop("The delegation would be over already.")
DELEGATION_TOO_LONG = gettext_noop("A delegation lasts at most one year.")
DELEGATE_IS_SELF = gettext_noop("Choose someone else as your delegate.")

MAX_AMOUNT = Decimal("100000000")
MAX_COMMENT = 2000
MAX_DELEGATION_DAYS = 366
FLAG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


class TransitionRefused(Conflict):
    """A move that the workflow's transition table does not allow (409)."""


def check_transition(table: Mapping[str, frozenset[str]], current: str, target: str, *, kind: str) -> None:
    """Refuse a move from ``current`` to ``target`` unless ``table`` lists it."""
    if target not in table.get(current, frozenset()):
        raise TransitionRefused(
            TRANSITION_REFUSED, params={"kind": kind, "current": current, "target": target}
        )


@dataclass(frozen=True)
class StepSpec:
    """One step of a chain version as the rules see it; ``min_amount`` and ``flag`` are its conditions."""

    order: int
    post: str
    min_amount: Decimal | None = None
    flag: str = ""


def step_applies(step: StepSpec, amount: Decimal | None, flags: Iterable[str]) -> bool:
    """Return whether a conditional step applies: the amount reaches its threshold and its flag is set.

    A request without an amount counts as zero, so a threshold step never applies to it.
    """
    if step.min_amount is not None and (amount or Decimal(0)) < step.min_amount:
        return False
    return not step.flag or step.flag in set(flags)


def applicable_steps(
    steps: Sequence[StepSpec], amount: Decimal | None, flags: Iterable[str]
) -> list[StepSpec]:
    """Return the steps that apply to a request, in chain order; refuse a request no step applies to."""
    chosen = sorted((s for s in steps if step_applies(s, amount, tuple(flags))), key=lambda s: s.order)
    if not chosen:
        raise ValidationFailed(NO_STEPS, field="chain_code")
    return chosen


def check_amount(amount: Decimal | None) -> Decimal | None:
    """Refuse negative and absurd amounts (issue 8, bad input)."""
    if amount is None:
        return None
    if amount < 0:
        raise ValidationFailed(NEGATIVE_AMOUNT, field="amount")
    if amount > MAX_AMOUNT:
        raise ValidationFailed(ABSURD_AMOUNT, field="amount")
    return amount


def clean_flags(flags: Iterable[str]) -> list[str]:
    """Return the flags sorted and without repeats; a flag is a lower-case identifier."""
    cleaned = sorted({f.strip() for f in flags if f and f.strip()})
    for flag in cleaned:
        if not set(flag) <= FLAG_CHARS or len(flag) > 50:
            raise ValidationFailed(UNKNOWN_FLAG, field="flags", params={"flag": flag})
    return cleaned


def check_decision(action: str, comment: str) -> str:
    """Return the step's status after ``action``; rejecting and returning need a reason."""
    if action not in STEP_STATUS_AFTER:
        raise ValidationFailed(UNKNOWN_ACTION, field="action")
    if len(comment) > MAX_COMMENT:
        raise ValidationFailed(COMMENT_TOO_LONG, field="comment")
    if action in (REJECT, RETURN) and not comment.strip():
        raise ValidationFailed(COMMENT_REQUIRED, field="comment")
    return STEP_STATUS_AFTER[action]


def request_status_after(step_status: str, *, more_steps: bool) -> str:
    """Return the request's status after its current step ends with ``step_status``."""
    if step_status == APPROVED:
        return PENDING if more_steps else APPROVED
    return step_status


def check_delegation_period(starts_on: date, ends_on: date, today: date) -> None:
    """Refuse a delegation period that is reversed, over already, or longer than a year."""
    if ends_on < starts_on:
        raise ValidationFailed(DELEGATION_ENDS_BEFORE_START, field="ends_on")
    if ends_on < today:
        raise ValidationFailed(DELEGATION_IN_PAST, field="ends_on")
    if (ends_on - starts_on).days >= MAX_DELEGATION_DAYS:
        raise ValidationFailed(DELEGATION_TOO_LONG, field="ends_on")
