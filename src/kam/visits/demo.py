"""Three months of field work for every demo specialist, with a realistic share of violations (D11–D16).

Rows are written in bulk (with their history) for speed; the violations then come from the real
discipline sweep, day by day, exactly as the periodic job would have found them.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from simple_history.utils import bulk_create_with_history

from kam.accounts.models import Account
from kam.core import clock
from kam.core.calendar import work_calendar
from kam.core.demo import DemoContext
from kam.org.models import User
from kam.visits import rules, services
from kam.visits.codes import ReportStatus
from kam.visits.models import Appointment, ContactPlan, DailyReport, ExpenseLine, SignIn, Visit

SPECIALISTS = ("zhangwei", "liuyang", "chenxi", "yangfan", "huanglei", "zhaomin", "wujing", "sunhao")
DAYS = 91
SUMMARIES = [
    "了解下季度采购计划,客户对交期比较关注",
    "处理上月发货破损问题,已安排补发",
    "陪同技术人员调试设备,运行正常",
    "介绍新产品系列,客户索要样品",
    "洽谈年度框架协议价格",
    "回访售后服务满意度,反馈良好",
    "催收上月货款,客户承诺月底前付清",
]
SOLVED = ["补发了破损配件", "调整了开票信息", "解决了设备报警问题", ""]
OPEN = ["报价待审批", "交期待确认", "", ""]
EXPENSES = [("交通", 20, 80), ("餐费", 30, 150), ("停车", 5, 30), ("样品快递", 15, 60)]


def _at(day: date, hh: int, mm: int, rng: random.Random) -> datetime:
    """A local moment; minutes past 59 roll into the next hours."""
    start = datetime.combine(day, time(0, 0), tzinfo=clock.local_zone())
    return start + timedelta(hours=hh, minutes=mm, seconds=rng.randrange(60))


def _place(user: User, rng: random.Random, outside: bool) -> tuple[float, float]:
    """A point in the person's territory, or just outside it."""
    ring = (
        (user.territory.boundary or {}).get("coordinates", [[[120.1, 30.2]]])[0]
        if user.territory
        else [[120.1, 30.2]]
    )
    lngs, lats = [p[0] for p in ring], [p[1] for p in ring]
    if outside:
        return max(lngs) + rng.uniform(0.05, 0.3), max(lats) + rng.uniform(0.05, 0.3)
    return rng.uniform(min(lngs), max(lngs)), rng.uniform(min(lats), max(lats))


def _sign_in(user: User, day: date, rng: random.Random) -> SignIn | None:
    roll = rng.random()
    if roll < 0.03:
        return None  # a missing sign-in
    moment = (
        _at(day, 8, rng.randrange(31, 90), rng) if roll < 0.09 else _at(day, 7, rng.randrange(35, 60), rng)
    )
    if roll >= 0.09 and rng.random() < 0.5:
        moment = _at(day, 8, rng.randrange(0, 25), rng)
    lng, lat = _place(user, rng, outside=rng.random() < 0.02)
    return SignIn(
        user=user,
        department_id=user.department_id,
        occurred_at=moment,
        lat=lat,
        lng=lng,
        accuracy_m=rng.randrange(5, 60),
        coord_system="wgs84",
        source="duty_desk" if rng.random() < 0.05 else "phone",
        in_territory=rules.in_territory(user.territory.boundary if user.territory else None, lng, lat),
    )


def _visits(
    user: User, day: date, accounts: list[Account], rng: random.Random
) -> list[tuple[Visit, Appointment | None]]:
    found = []
    slots = sorted(rng.sample(range(8 * 60 + 40, 16 * 60 + 10, 20), rng.randint(2, 4)))
    for minutes in slots:
        late = rng.random() < 0.02
        hh, mm = divmod(minutes + (100 if late else 0), 60)
        moment = _at(day, hh, mm, rng)
        account = rng.choice(accounts)
        lng, lat = _place(user, rng, outside=rng.random() < 0.02)
        visit = Visit(
            user=user,
            department_id=user.department_id,
            account=account,
            occurred_at=moment,
            lat=lat,
            lng=lng,
            in_territory=rules.in_territory(user.territory.boundary if user.territory else None, lng, lat),
            plan_code=rng.choice("AABBCCC"),
            result_code=rng.choice("ABBCCCDEE"),
            summary=rng.choice(SUMMARIES),
            problems_solved=rng.choice(SOLVED),
            problems_open=rng.choice(OPEN),
            person_visited=rng.choice(["王经理", "李总", "采购部刘工", "陈主任", "赵部长"]),
        )
        appointment = None
        if rng.random() < 0.6:
            appointment = Appointment(
                user=user,
                department_id=user.department_id,
                account=account,
                starts_at=moment.replace(second=0),
                ends_at=moment.replace(second=0) + timedelta(hours=1),
                purpose=visit.summary[:20],
                place=account.address or account.name,
            )
        found.append((visit, appointment))
    return found


def _report(user: User, day: date, today: date, visits: list[Visit], rng: random.Random) -> DailyReport:
    summary = rules.summarise_day([rules.VisitLine(v.problems_solved, v.problems_open, ()) for v in visits])
    late = rng.random() < 0.07
    submitted = _at(day, 21 if late else rng.choice([17, 18, 19]), rng.randrange(60), rng)
    age = (today - day).days
    status = (
        ReportStatus.APPROVED
        if age > 3
        else ReportStatus.SUPERVISOR_SIGNED
        if age > 1
        else ReportStatus.SUBMITTED
    )
    head = user.department.head if user.department else None
    return DailyReport(
        user=user,
        department_id=user.department_id,
        day=day,
        supervisor=user.supervisor,
        manager=head,
        status=status,
        visits_count=summary.visits,
        solved_count=summary.solved,
        unsolved_count=summary.unsolved,
        submitted_at=submitted,
        late=late,
        supervisor_signed_at=submitted + timedelta(hours=14) if age > 1 else None,
        manager_signed_at=submitted + timedelta(hours=20) if age > 3 else None,
    )


def seed_field_work(ctx: DemoContext) -> None:
    rng: random.Random = ctx.rng
    users: dict[str, User] = ctx.data.get("users", {})
    people = [users[name] for name in SPECIALISTS if name in users]
    today = clock.local_today()
    start = today - timedelta(days=DAYS)
    calendar = work_calendar(start.year, today.year)
    days = [start + timedelta(n) for n in range(DAYS) if calendar.is_working_day(start + timedelta(n))]
    sign_ins: list[SignIn] = []
    pairs: list[tuple[Visit, Appointment | None]] = []
    reports: list[DailyReport] = []
    for person in people:
        accounts = list(Account.objects.filter(owner=person)[:40])
        if not accounts:
            continue
        for day in days:
            if (found := _sign_in(person, day, rng)) is not None:
                sign_ins.append(found)
            day_pairs = _visits(person, day, accounts, rng)
            pairs.extend(day_pairs)
            reports.append(_report(person, day, today, [v for v, _a in day_pairs], rng))
    bulk_create_with_history(sign_ins, SignIn, batch_size=500)
    appointments = [a for _v, a in pairs if a is not None]
    bulk_create_with_history(appointments, Appointment, batch_size=500)
    for visit, appointment in pairs:
        visit.appointment = appointment
    bulk_create_with_history([v for v, _a in pairs], Visit, batch_size=500)
    bulk_create_with_history(reports, DailyReport, batch_size=500)
    ExpenseLine.objects.bulk_create(
        _expenses(DailyReport.objects.filter(day__gte=start), rng), batch_size=1000
    )
    _upcoming(people, today, rng)
    ids = [p.pk for p in people]
    for index, day in enumerate(days):
        services.discipline_sweep(day=day, now=_at(day, 23, 59, rng), user_ids=ids)
        ctx.progress(index + 1, len(days))


def _expenses(reports: Any, rng: random.Random) -> list[ExpenseLine]:
    lines = []
    for report in reports.only("pk"):
        for item, low, high in rng.sample(EXPENSES, rng.randint(1, 3)):
            lines.append(ExpenseLine(report_id=report.pk, item=item, amount=Decimal(rng.randint(low, high))))
    return lines


def _upcoming(people: list[User], today: date, rng: random.Random) -> None:
    """Appointments for today and the next week, so the phone's "today" page has something to show."""
    rows = []
    for person in people:
        accounts = list(Account.objects.filter(owner=person)[:10])
        for offset in range(0, 7):
            for hour in rng.sample([9, 10, 14, 15], 2) if accounts else []:
                start = datetime.combine(today + timedelta(offset), time(hour, 0), tzinfo=clock.local_zone())
                account = rng.choice(accounts)
                rows.append(
                    Appointment(
                        user=person,
                        department_id=person.department_id,
                        account=account,
                        starts_at=start,
                        ends_at=start + timedelta(hours=1),
                        purpose=rng.choice(["送样品", "年度回访", "商务洽谈", "技术交流"]),
                        place=account.address or account.name,
                    )
                )
    if rows:
        # One double booking, so that the calendar's warning has something to show (D14).
        clash = rows[-1]
        rows.append(
            Appointment(
                user_id=clash.user_id,
                department_id=clash.department_id,
                account=clash.account,
                starts_at=clash.starts_at + timedelta(minutes=30),
                ends_at=clash.ends_at + timedelta(minutes=30),
                purpose="临时加约",
                place=clash.place,
            )
        )
    bulk_create_with_history(rows, Appointment, batch_size=500)
    plans = []
    for person in people:
        accounts = list(Account.objects.filter(owner=person)[:10])
        for offset in rng.sample(range(1, 15), 3) if accounts else []:
            account = rng.choice(accounts)
            plans.append(
                ContactPlan(
                    user=person,
                    department_id=person.department_id,
                    account=account,
                    planned_for=datetime.combine(
                        today + timedelta(offset),
                        time(rng.choice([9, 11, 15]), 30),
                        tzinfo=clock.local_zone(),
                    ),
                    purpose=rng.choice(["了解明年采购计划", "介绍新产品", "回访售后问题", "商谈续签合同"]),
                    address=account.address or "",
                    place=account.address or account.name,
                )
            )
    bulk_create_with_history(plans, ContactPlan, batch_size=500)


STEPS = [(40, "Field work: sign-ins, appointments, visits, daily reports, violations", seed_field_work)]
