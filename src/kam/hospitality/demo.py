"""The demo company's hospitality: requests at every stage, a seated banquet, a reception plan (D2, D17–D19).

Everything goes through the real services, so approvals, history and notifications are those a user
would leave.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from kam.accounts.models import Account, Contact
from kam.accounts.selectors import account_list
from kam.approvals import services as approvals
from kam.core import clock
from kam.core.demo import DemoContext
from kam.hospitality.models import HospitalityRequest
from kam.hospitality.services import banquets, receptions, requests

# applicant, days ahead of the event, budget (meeting, meals, transport, gifts, other), stage
REQUESTS = [
    ("zhangwei", 10, (0, 2400, 300, 500, 0), "draft"),
    ("liuyang", 8, (500, 3000, 0, 800, 0), "at_cs_manager"),
    ("huanglei", 6, (0, 1800, 200, 0, 0), "at_general_manager"),
    ("zhaomin", 5, (800, 3600, 400, 1200, 200), "at_finance"),
    ("chenxi", 12, (0, 5000, 0, 3000, 0), "returned"),
    ("wujing", 9, (0, 8800, 0, 6000, 0), "rejected"),
    ("yangfan", -2, (0, 2000, 300, 500, 0), "approved"),
    ("sunhao", -6, (300, 2500, 200, 600, 0), "settled"),
    ("zhangwei", -9, (0, 3000, 0, 500, 0), "finance_review"),
    ("huanglei", -15, (0, 1500, 200, 300, 0), "settled_by_finance"),
    ("liuyang", 20, (0, 1200, 0, 0, 0), "cancelled"),
]
CHAIN = ("chenjing", "zhenghua", "fengli")


def _account(user: Any) -> Account:
    """Return an account of ``user``'s, else the first one they may see."""
    own = Account.objects.filter(owner=user).order_by("id").first()
    found = own or account_list(viewer=user).order_by("id").first()
    assert found is not None, f"{user} sees no key account"
    return found


def _decide(
    username: str, request: HospitalityRequest, users: dict[str, Any], action: str = "approve"
) -> None:
    request.refresh_from_db()
    assert request.approval is not None
    comment = {"approve": "同意", "return": "礼品预算偏高,请调整后再报", "reject": "超出招待标准,不予批准"}[
        action
    ]
    approvals.approval_decide(
        actor=users[username], request=request.approval, step_id=None, action=action, comment=comment
    )


def _advance(request: HospitalityRequest, stage: str, users: dict[str, Any]) -> None:
    applicant = request.applicant
    if stage in ("draft",):
        return
    requests.request_submit(actor=applicant, request=request)
    if stage == "cancelled":
        requests.request_cancel(actor=applicant, request=request, reason="客户行程取消")
        return
    approvers = {"at_cs_manager": 0, "at_general_manager": 1, "at_finance": 2}.get(stage, 3)
    if stage == "returned":
        _decide(CHAIN[0], request, users, "return")
        return
    if stage == "rejected":
        _decide(CHAIN[0], request, users)
        _decide(CHAIN[1], request, users, "reject")
        return
    for username in CHAIN[:approvers]:
        _decide(username, request, users)
    request.refresh_from_db()
    lines = request.budget_lines()
    if stage == "settled":
        actual = {k: v * Decimal("0.9") for k, v in lines.items()}
        requests.request_record_spending(actor=applicant, request=request, actual=actual)
    elif stage in ("finance_review", "settled_by_finance"):
        actual = dict(lines, meals=lines["meals"] + Decimal(800))
        requests.request_record_spending(
            actor=applicant, request=request, actual=actual, overrun_explanation="客户临时增加两位同席人员"
        )
        if stage == "settled_by_finance":
            requests.request_settle(actor=users["fengli"], request=request, comment="已核对发票")


def seed_requests(ctx: DemoContext) -> None:
    users = ctx.data["users"]
    today = clock.local_today()
    for index, (username, days, amounts, stage) in enumerate(REQUESTS):
        user = users[username]
        account = _account(user)
        with clock.frozen_at(clock.now() - timedelta(days=max(0, -days) + 5)):
            request = requests.request_create(
                actor=user,
                account_id=account.pk,
                venue="杭州西湖国宾馆" if index % 2 == 0 else "公司接待中心",
                event_date=today + timedelta(days=days),
                customer_attendees="王建华 副总经理; 李娜 采购经理",
                our_attendees=f"{user.display_name}; 李明 大客户经理",
                purpose="答谢客户年度合作,商谈明年采购计划",
                explanation="按公司招待标准,人均不超过300元",
                arranged_by=user.display_name,
                **{
                    f"budget_{line}": Decimal(v)
                    for line, v in zip(
                        ("meeting", "meals", "transport", "gifts", "other"), amounts, strict=True
                    )
                },
            )
            _advance(request, stage, users)
        ctx.progress(index + 1, len(REQUESTS))


def _moment(days: int, hour: int, minute: int = 0) -> datetime:
    day = clock.local_today() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=clock.local_zone())


def seed_banquet(ctx: DemoContext) -> None:
    users = ctx.data["users"]
    organiser = users["liming"]
    account = _account(users["zhangwei"])
    contacts = list(Contact.objects.filter(account=account).order_by("id")[:3])
    banquet = banquets.banquet_create(
        actor=organiser,
        title=f"欢迎{account.short_name or account.name}考察团晚宴",
        account_id=account.pk,
        level="formal",
        cuisine="chinese",
        purpose="welcome",
        meal="dinner",
        starts_at=_moment(18, 18, 30),
        venue="杭州西湖国宾馆 紫薇厅",
        principal_identity="客户董事长",
        principal_nationality="中国",
        principal_customs="不饮白酒,喜清淡",
        principal_preferences="龙井茶",
        taboo_dates=[(clock.local_today() + timedelta(days=20)).isoformat()],
        table_size=10,
    )
    guests: list[dict[str, Any]] = [
        {"name": "郑华", "title": "总经理", "role": "host", "side": "host", "rank": 1},
        {"name": "冯丽", "title": "财务总监", "role": "hostess", "side": "host", "rank": 2, "female": True},
        {"name": "王建华", "title": "董事长", "side": "guest", "rank": 1},
        {"name": "刘芳", "title": "", "side": "guest", "rank": 2, "spouse_of": 3, "female": True},
        {"name": "Tom Lee", "title": "翻译", "side": "guest", "rank": 9, "is_interpreter": True},
        {"name": "李明", "title": "大客户一部经理", "side": "host", "rank": 3},
        {"name": "张伟", "title": "客户经理", "side": "host", "rank": 5},
        {"name": "陈静", "title": "客户服务部经理", "side": "host", "rank": 4, "female": True},
    ]
    for index, contact in enumerate(contacts):
        guests.append(
            {
                "name": contact.name,
                "title": contact.title,
                "side": "guest",
                "rank": 3 + index,
                "contact_id": contact.pk,
            }
        )
    guests += [
        {"name": "周涛", "title": "采购部长", "side": "guest", "rank": 4, "taboos": "不吃海鲜"},
        {"name": "吴敏", "title": "项目经理", "side": "guest", "rank": 6, "invitation": "declined"},
    ]
    for row in guests:
        row.setdefault("invitation", "accepted")
    banquets.banquet_set_guests(actor=organiser, banquet=banquet, guests=guests)
    banquets.banquet_seat(actor=organiser, banquet=banquet)


def seed_reception(ctx: DemoContext) -> None:
    users = ctx.data["users"]
    organiser = users["zhangwei"]
    receptions.reception_create(
        actor=organiser,
        account_id=_account(organiser).pk,
        visitors="王建华 董事长; 李娜 采购经理; 翻译 1 人",
        arrival_at=_moment(17, 15, 20),
        arrival_place="杭州萧山国际机场 T3",
        departure_at=_moment(19, 10, 5),
        departure_place="杭州东站",
        notes="客户首次来访,安排参观展厅与总装车间",
    )
    past = receptions.reception_create(
        actor=organiser,
        account_id=_account(organiser).pk,
        visitors="陈刚 总经理; 周敏 设备部长",
        arrival_at=_moment(-3, 9, 0),
        arrival_place="杭州东站",
        departure_at=_moment(-1, 16, 0),
        departure_place="杭州萧山国际机场",
    )
    for task in past.tasks.exclude(code="follow_up_call"):
        receptions.task_update(actor=organiser, plan=past, task_id=task.pk, done=True)


STEPS = [
    (82, "Hospitality requests at every stage", seed_requests),
    (83, "A banquet with its guest list and seating plan", seed_banquet),
    (84, "Reception and send-off plans", seed_reception),
]
