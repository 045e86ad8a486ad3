"""The demo company's service desk: four months of calls of every kind, with a realistic share of breaches
(about one request in six has a late step), some repeat complaints confirmed against the people responsible,
and the purchase callbacks of recent deals (D10, B7).

Requests and events go through the services, so the clocks are the engine's; breaches that fell due in the
past are marked without sending notifications for them (they would flood the demo users' inboxes).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from django.db.models import F

from kam.accounts.models import Account, Deal
from kam.core import clock
from kam.core.demo import DemoContext
from kam.service import repeats, services
from kam.service.callbacks import open_purchase_callback
from kam.service.models import Milestone, RepeatStatus, ServiceRequest

MIN, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)
SUBJECTS = {
    "inquiry": ["咨询保修期限", "询问新品报价", "咨询安装时间", "询问发票开具", "咨询配件价格"],
    "complaint": ["维修人员迟到", "安装后漏水", "服务态度差", "配件更换不及时", "账单金额有误"],
    "rescue": ["电梯困人", "主机停机", "管道爆裂", "配电柜跳闸", "空调系统故障"],
}


def _late(rng: random.Random, on_time: timedelta, late: timedelta) -> timedelta:
    """Return a step's delay: usually in time, about one time in six past its deadline."""
    return late if rng.random() < 0.16 else on_time * rng.uniform(0.2, 0.9)


class Desk:
    def __init__(self, ctx: DemoContext) -> None:
        users = ctx.data["users"]
        self.rng = ctx.rng
        self.agents = [users[name] for name in ("xuli", "guoyan", "linna", "hetao")]
        self.resolvers = [users["luoping"], users["songkai"]]
        self.repair = users["luoping"].department

    def event(self, request: ServiceRequest, type_: str, at: datetime, **values: Any) -> None:
        values = {"type": type_, "occurred_at": at.isoformat(), **values}
        services.service_event_record(actor=self.rng.choice(self.agents), request=request, values=values)

    def call(self, kind: str, at: datetime, account: Account | None) -> ServiceRequest:
        rng = self.rng
        request = services.service_request_create(
            actor=rng.choice(self.agents),
            kind=kind,
            summary=rng.choice(SUBJECTS[kind]),
            account=account,
            caller_phone="" if account else f"13{rng.randint(100000000, 999999999)}",
            department=self.repair if kind == "rescue" else None,
            assignee=account.owner if account else None,
            occurred_at=at,
        )
        self.event(request, "call_answered", at, rings=rng.choice([1, 1, 2, 2, 3, 3, 3, 4]))
        ended = at + rng.randint(2, 9) * MIN
        self.event(request, "call_ended", ended)
        return request

    def follow_up(self, request: ServiceRequest, ended: datetime, now: datetime) -> None:
        rng, kind = self.rng, request.kind
        steps: list[tuple[str, timedelta, dict[str, Any]]] = []
        if kind == "inquiry":
            if rng.random() < 0.6:
                steps = [("resolved_on_call", timedelta(0), {})]
            else:
                moved = _late(rng, 30 * MIN, 50 * MIN)
                steps = [
                    ("transferred_to_resource_centre", moved, {}),
                    ("resource_centre_replied", moved + _late(rng, 3 * HOUR, 5 * HOUR), {}),
                    ("customer_replied", _late(rng, 24 * HOUR, 30 * HOUR), {}),
                ]
        else:
            notice = _late(rng, 10 * MIN, 25 * MIN)
            department = self.repair if kind == "rescue" else (request.department or self.repair)
            notified = {"department_id": department.pk, "resolver_id": rng.choice(self.resolvers).pk}
            steps = [("department_notified", notice, notified)]
            if kind == "complaint":
                steps.append(("reply_time_agreed", _late(rng, 30 * MIN, 45 * MIN), {"reply_by": ""}))
            steps += [
                ("customer_informed", notice + _late(rng, 20 * MIN, 40 * MIN), {}),
                ("supervised", _late(rng, 12 * HOUR, 15 * HOUR), {}),
                ("satisfaction_recorded", _late(rng, 24 * HOUR, 28 * HOUR), {"score": rng.randint(2, 5)}),
            ]
        last = ended
        for type_, delay, values in steps:
            at = ended + delay
            if at > now:
                continue
            if type_ == "reply_time_agreed":
                values = {"reply_by": (at + 4 * HOUR).isoformat()}
            self.event(request, type_, at, **values)
            last = max(last, at)
        if last + DAY < now:
            self.event(request, "closed", last + HOUR)


def _callbacks(desk: Desk, now: datetime) -> None:
    """Open the purchase callbacks of the last two months' deals and make the calls already due."""
    rng = desk.rng
    deals = Deal.objects.filter(occurred_at__gte=now - 60 * DAY).select_related("account", "specialist")
    for deal in list(deals.order_by("occurred_at")[:60]):
        request = open_purchase_callback(deal)
        if request is None:
            continue
        for days in (3, 10, 30):
            at = deal.occurred_at + days * DAY + _late(rng, 6 * HOUR, 30 * HOUR)
            if at > now:
                break
            if rng.random() < 0.3:
                desk.event(request, "callback_attempt", at - 3 * HOUR, outcome="no_answer")
            desk.event(
                request, "callback_attempt", at, outcome="owner_answered", satisfaction=rng.randint(3, 5)
            )


def _call_times(rng: random.Random, now: datetime, total: int) -> list[datetime]:
    """Return ``total`` call times over the last four months, in office hours, oldest first."""
    times = []
    for _ in range(total):
        at = now - timedelta(days=rng.uniform(0.2, 120))
        at = clock.localtime(at).replace(
            hour=rng.randint(8, 19), minute=rng.randint(0, 59), second=0, microsecond=0
        )
        times.append(at - DAY if at > now else at)
    return sorted(times)


def seed_service(ctx: DemoContext) -> None:
    """Fill the service desk of the demo company (D10a–D10e, B7)."""
    desk, rng = Desk(ctx), ctx.rng
    now = clock.now()
    accounts = list(Account.objects.filter(owner__isnull=False).select_related("owner", "department")[:200])
    total = 240
    for n, at in enumerate(_call_times(rng, now, total)):
        kind = rng.choices(["inquiry", "complaint", "rescue"], weights=[5, 3, 2])[0]
        account = rng.choice(accounts) if accounts and rng.random() < 0.8 else None
        request = desk.call(kind, at, account)
        desk.follow_up(request, request.events.get(type="call_ended").occurred_at, now)
        if (
            request.kind == "complaint"
            and request.repeat_status == RepeatStatus.SUGGESTED
            and rng.random() < 0.7
        ):
            earlier = ServiceRequest.objects.get(pk=request.repeat_of_id)
            repeats.repeat_confirm(actor=rng.choice(desk.agents), request=request, earlier=earlier)
        ctx.progress(n + 1, total + 1)
    _callbacks(desk, now)
    # Deadlines passed long ago: breached, as the sweep would have done, without notifying anyone now.
    Milestone.objects.filter(status="pending", due_at__lt=now).update(
        status="breached", breached_at=F("due_at"), escalation_level=1, breach_notified_at=F("due_at")
    )
    _reviews(ctx, now)
    ctx.progress(total + 1, total + 1)


def _reviews(ctx: DemoContext, now: datetime) -> None:
    """Have the customer-service manager review a sample of each month's calls (D10f)."""
    from kam.service import quality, reviews
    from kam.service.policies import RequestKind

    manager, rng = ctx.data["users"]["chenjing"], ctx.rng
    today = clock.local_today()
    for back in range(5):
        year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
        for request in reviews.review_sample(viewer=manager, month=f"{year}-{month + 1:02d}", size=6):
            codes = [c.code for c in quality.checklist_for(RequestKind(request.kind))]
            scores = {code: rng.choices([2, 1, 0], weights=[8, 2, 1])[0] for code in codes}
            reviewed = min(now, request.opened_at + rng.randint(1, 5) * DAY)
            reviews.call_review_create(actor=manager, request=request, scores=scores, reviewed_at=reviewed)


STEPS = [(50, "Service desk: calls, callbacks, breaches and repeat complaints", seed_service)]
