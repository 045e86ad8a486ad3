"""Pages name statuses by their labels when they refuse a move; the API's message keeps the codes (F4)."""

from __future__ import annotations

import pytest
from django.utils import translation

from kam.accounts import rules as account_rules
from kam.accounts.models import AccountStatus
from kam.approvals import rules as approval_rules
from kam.approvals.models import RequestStatus
from kam.core.errors import ApplicationError


def _refusal(check: object, *args: object, **kwargs: object) -> ApplicationError:
    with pytest.raises(ApplicationError) as refused:
        check(*args, **kwargs)  # type: ignore[operator]
    return refused.value


def test_an_account_move_is_refused_with_the_status_labels() -> None:
    error = _refusal(account_rules.check_account_transition, "terminated", "active")
    assert error.message == "An account cannot move from terminated to active."
    with translation.override("zh-hans"):
        shown = error.localized()
        assert str(AccountStatus.TERMINATED.label) in shown
        assert str(AccountStatus.ACTIVE.label) in shown
    assert "terminated" not in shown and "active" not in shown
    with translation.override("en"):
        assert error.localized() == "An account cannot move from Terminated to Active."


def test_an_approval_move_names_the_kind_and_statuses_in_chinese() -> None:
    error = _refusal(
        approval_rules.check_transition,
        approval_rules.REQUEST_TRANSITIONS,
        "approved",
        "pending",
        kind="request",
    )
    assert error.message == "This request cannot go from “approved” to “pending”."
    with translation.override("zh-hans"):
        shown = error.localized()
    assert shown == f"此申请不能从“{RequestStatus.APPROVED.label}”变为“{RequestStatus.PENDING.label}”。"
    assert "approved" not in shown
