"""Demo plans and scorecards: the past three months (some late, some returned, last month locked),
and this month's plans with one still missing (B1–B8)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from kam.core import clock
from kam.core.demo import DemoContext
from kam.org.models import User
from kam.plans import rules, services
from kam.plans.services.plans import deadline_for

MONTHS_BACK = 3
RETURN_COMMENT = "拜访计划偏低，请按年度目标调整后重新上报。"


def _managers(specialists: list[User]) -> dict[int, User]:
    """Return the KA manager of each department that has demo specialists."""
    departments = {s.department_id for s in specialists}
    managers = User.objects.filter(department_id__in=departments, posts__code="ka_manager").distinct()
    return {m.department_id: m for m in managers}  # type: ignore[misc]


def _submit(ctx: DemoContext, user: User, manager: User, month: date, *, late: bool, returned: bool) -> None:
    deadline = deadline_for(month)
    local_deadline = clock.localtime(deadline)
    if late:
        moment = local_deadline + timedelta(days=ctx.rng.randint(1, 3), hours=-ctx.rng.randint(10, 14))
    else:
        moment = datetime.combine(local_deadline.date() - timedelta(days=ctx.rng.randint(0, 4)), time(17, 30))
        moment = moment.replace(tzinfo=clock.local_zone())
    counts = {
        "visits": ctx.rng.randint(25, 45),
        "expansions": ctx.rng.randint(2, 6),
        "deals": ctx.rng.randint(1, 4),
    }
    with clock.frozen_at(moment):
        plan = services.plan_submit(actor=user, month=f"{month:%Y-%m}", **counts)
    if returned:
        with clock.frozen_at(moment + timedelta(hours=2)):
            services.plan_return(actor=manager, plan_id=plan.pk, comment=RETURN_COMMENT)
        counts["visits"] += 8
        with clock.frozen_at(moment + timedelta(hours=20)):
            plan = services.plan_submit(actor=user, month=f"{month:%Y-%m}", **counts)
    with clock.frozen_at(moment + timedelta(days=1)):
        services.plan_approve(actor=manager, plan_id=plan.pk, comment="同意")


def seed_plans(ctx: DemoContext) -> None:
    users: dict[str, User] = ctx.data["users"]
    specialists = [u for u in users.values() if u.holds("specialist")]
    managers = _managers(specialists)
    this_month = date(clock.local_today().year, clock.local_today().month, 1)
    months = [this_month]
    for _ in range(MONTHS_BACK):
        months.insert(0, rules.previous_month(months[0]))
    total = len(months) * len(specialists)
    for m_index, month in enumerate(months):
        for s_index, user in enumerate(specialists):
            manager = managers.get(user.department_id)  # type: ignore[arg-type]
            if manager is None or (month == this_month and s_index == len(specialists) - 1):
                continue  # one specialist has not yet planned this month: the manager's to-do shows it
            roll = ctx.rng.random()
            _submit(ctx, user, manager, month, late=roll < 0.15, returned=0.15 <= roll < 0.3)
            ctx.progress(m_index * len(specialists) + s_index + 1, total)
    _score_past_months(ctx, months[:-1], managers)


def _score_past_months(ctx: DemoContext, months: list[date], managers: dict[int, User]) -> None:
    """Score daily work for the past months and lock the last one (B4, B8)."""
    for month in months:
        for department_id, manager in managers.items():
            cards = services.scorecard_compute(department_id=department_id, month=month)
            for card in cards:
                mark = ctx.rng.choice([75, 80, 85, 88, 90, 92, 95])
                services.scorecard_manual_scores(
                    actor=manager, scorecard_id=card.scorecard.pk, scores={"daily_work": mark}
                )
            if month == months[-1]:
                services.scorecard_lock_month(actor=manager, department_id=department_id, month=month)


STEPS = [(60, "Monthly plans and scorecards", seed_plans)]
