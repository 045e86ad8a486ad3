"""Outcome handlers: how the app that owns a request learns that approvers approved, rejected or returned it.

An app registers one function per chain code, usually in its ``AppConfig.ready``::

    from kam.approvals.hooks import outcome_handler

    @outcome_handler("hospitality")
    def on_outcome(request: ApprovalRequest, outcome: str) -> None:
        ...  # outcome is "approved", "rejected" or "returned"

The handler runs inside the decision's transaction, after the request and its steps are saved: what
it writes commits or rolls back with the decision, and an error it raises refuses the decision.
Withdrawal and resubmission are started by the owning app itself, so they call no handler.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kam.approvals.models import ApprovalRequest

OutcomeHandler = Callable[["ApprovalRequest", str], None]

_handlers: dict[str, list[OutcomeHandler]] = {}


def outcome_handler(chain_code: str) -> Callable[[OutcomeHandler], OutcomeHandler]:
    """Register ``fn`` to be called when a request of ``chain_code`` is approved, rejected or returned."""

    def register(fn: OutcomeHandler) -> OutcomeHandler:
        handlers = _handlers.setdefault(chain_code, [])
        if fn not in handlers:
            handlers.append(fn)
        return fn

    return register


def handlers_for(chain_code: str) -> list[OutcomeHandler]:
    return list(_handlers.get(chain_code, ()))


def fire(request: ApprovalRequest, outcome: str) -> None:
    """Call every handler registered for the request's chain."""
    for handler in handlers_for(request.chain.code):
        handler(request, outcome)
