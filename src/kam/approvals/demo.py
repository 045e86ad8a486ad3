"""The demo company's delegations: the finance approver names a stand-in for next week's trip."""

from __future__ import annotations

from datetime import timedelta

from kam.approvals import services
from kam.core import clock
from kam.core.demo import DemoContext


def seed_delegations(ctx: DemoContext) -> None:
    users = ctx.data["users"]
    today = clock.local_today()
    services.delegation_create(
        actor=users["fengli"],
        delegate_id=users["zhenghua"].pk,
        starts_on=today + timedelta(days=7),
        ends_on=today + timedelta(days=11),
        note="出差期间由总经理代批",
    )


STEPS = [(79, "Approval delegations", seed_delegations)]
