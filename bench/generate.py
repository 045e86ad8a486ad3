"""Generate benchmark data through the bulk paths: ``python bench/generate.py '{"accounts": N, ...}'``.

It runs on top of the demo company (``kam demo``) and adds, in this order: ``users`` (the total wanted:
specialists of the demo's key account departments under their KA managers, and service desk staff),
``accounts`` (Chinese company names, owners spread over the specialists, a few in the department pools),
``contacts`` (spread over the accounts, one primary each), ``visits`` (over the last year, in working
hours, by each account's owner), ``service_requests`` (inquiries, complaints and rescue calls over the
last year with the milestones the real SLA engine gives them; the last two weeks' still open) and
``plans`` (that many months of approved monthly plans for every specialist, up to this month, and
their scorecards, computed by the real service).

The big tables go in through :func:`insert_rows`: plain value tuples, ``executemany`` in batches of
5,000, one transaction each, on SQLite and PostgreSQL alike (about four times the speed of
``bulk_create``, whose per-value preparation is most of its time). Accounts and contacts get their
"created" history rows and the accounts their owner entries, as an import makes them; visits and
service requests none (the sweep, the lists and the dashboards never read them). Users and plans,
a few thousand rows, use ``bulk_create``. Sizes a generator does not know are ignored.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kam.settings")

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import DateField, DateTimeField, Max, Model  # noqa: E402
from simple_history.utils import bulk_create_with_history  # noqa: E402

from kam.accounts import demo_data as words  # noqa: E402
from kam.accounts import rules as account_rules  # noqa: E402
from kam.accounts.models import Account, AccountOwnership, Contact  # noqa: E402
from kam.accounts.services.imports import refresh_statistics  # noqa: E402
from kam.core import clock  # noqa: E402
from kam.core.demo import DEMO_PASSWORD  # noqa: E402
from kam.org.demo import TERRITORIES  # noqa: E402
from kam.org.models import Department, Territory, User  # noqa: E402
from kam.plans import rules as plan_rules  # noqa: E402
from kam.plans.models import MonthlyPlan  # noqa: E402
from kam.plans.services import scorecard_compute  # noqa: E402
from kam.plans.services.plans import deadline_for  # noqa: E402
from kam.service import services as service_services  # noqa: E402
from kam.service.models import Milestone, ServiceRequest  # noqa: E402
from kam.visits.models import Visit  # noqa: E402

BATCH = 5000
CHUNK = 50_000
"""Rows held in memory at once: the default scale's million visits never are."""
RNG = random.Random(2026)
M = TypeVar("M", bound=Model)

CITIES = ("杭州", "宁波", "温州", "绍兴", "嘉兴", "湖州", "金华", "台州", "衢州", "丽水", "舟山", "浙江")
STATUSES = ("active", "active", "active", "developing", "prospect", "dormant", "terminated")
DOMAINS = ("163.com", "qq.com", "126.com", "sina.com", "aliyun.com")
VISIT_NOTES = (
    "了解今年采购计划，约定下月再访",
    "处理上次交付延迟问题，客户表示满意",
    "陪同客户参观展厅，介绍新产品",
    "对账并催收到期应收款",
    "拜访采购部，递交年度报价",
    "客户反映售后响应慢，已记录并转服务部",
    "节前走访，维护关系",
)
REQUESTS = {
    "inquiry": ("咨询团购价格", "咨询发票开具", "咨询产品保修期", "咨询配送时间"),
    "complaint": ("投诉送货延误", "投诉安装人员态度差", "投诉产品质量问题", "投诉发票错误"),
    "rescue": ("设备故障，请求上门维修", "空调不制冷，请求抢修", "电梯停运，请求救援"),
}


def batches(items: Sequence[Any] | range, size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _mobile(n: int) -> str:
    """Return a distinct, valid mainland mobile number for ``n``."""
    return f"1{'3578'[n % 4]}{(n * 7_919 + 12_345_678) % 1_000_000_000:09d}"


def _credit_code(n: int, region: str) -> str:
    """Return the ``n``-th valid unified social credit code of ``region``: base-31 ``n``, so no repeats."""
    charset, digits = account_rules.CREDIT_CODE_CHARSET, []
    for _ in range(9):
        n, rest = divmod(n, len(charset))
        digits.append(charset[rest])
    body = "91" + region + "".join(reversed(digits))
    return body + account_rules.credit_code_check_char(body)


def _moment(rng: random.Random, now: datetime, days: int) -> datetime:
    """Return a working-hours moment (9:00–18:00 local, Monday to Friday) within the last ``days``."""
    while True:
        day = clock.local_today() - timedelta(days=rng.randint(0, days))
        if day.weekday() < 5:
            break
    at = datetime(day.year, day.month, day.day, 9, tzinfo=clock.local_zone())
    at += timedelta(seconds=rng.randint(0, 9 * 3600))
    return min(at, now - timedelta(minutes=rng.randint(1, 600)))


def ka_departments() -> list[Department]:
    """Return the demo's key account departments: those with a KA manager."""
    return list(Department.objects.filter(members__posts__code="ka_manager").distinct().order_by("id"))


def specialists() -> list[User]:
    return list(
        User.objects.filter(posts__code="specialist", department__in=ka_departments())
        .select_related("territory")
        .order_by("id")
    )


def _bulk(model: type[M], rows: list[M], *, history: bool = False) -> list[M]:
    """Insert ``rows`` in batches, with their history rows (by the administrator) when asked."""
    made: list[M] = []
    admin = User.objects.filter(is_superuser=True).first() if history else None
    for chunk in batches(rows):
        with transaction.atomic():
            if history:
                made += bulk_create_with_history(
                    list(chunk), model, batch_size=BATCH, default_user=admin, default_change_reason="imported"
                )
            else:
                made += model.objects.bulk_create(chunk, batch_size=BATCH)
    return made


def insert_rows(
    model: type[Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    history_by: int | None = None,
) -> None:
    """Insert plain value rows with ``executemany``, one transaction per batch, skipping the ORM.

    The ORM prepares every value of every row (most of ``bulk_create``'s time); here only datetimes
    and dates are adapted, and the columns not named get their field default once (``created_at``
    and ``updated_at``: now). With ``history_by`` (a user id; ``id`` must be among the columns) each
    row's "created" history row goes in too, as an import records it.
    """
    statement, adapt, tail = _insert_statement(model, columns)
    if history_by is not None:
        historical = model.history.model  # type: ignore[attr-defined]
        extra = ["history_date", "history_type", "history_user", "history_change_reason"]
        history_statement, history_adapt, history_tail = _insert_statement(historical, [*columns, *extra])
        marks = (clock.now(), "+", history_by, "imported")
    with connection.cursor() as cursor:
        for chunk in batches(rows):
            with transaction.atomic():
                cursor.executemany(statement, [(*map(_call, adapt, row), *tail) for row in chunk])
                if history_by is not None:
                    cursor.executemany(
                        history_statement,
                        [(*map(_call, history_adapt, (*row, *marks)), *history_tail) for row in chunk],
                    )
        if "id" in columns:
            for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
                cursor.execute(sql)


def _call(function: Callable[[Any], Any], value: Any) -> Any:
    return function(value)


def _insert_statement(
    model: type[Model], columns: Sequence[str]
) -> tuple[str, list[Callable[[Any], Any]], tuple[Any, ...]]:
    meta, now, quote = model._meta, clock.now(), connection.ops.quote_name
    named = [meta.get_field(name) for name in columns]
    rest = [
        f
        for f in meta.concrete_fields
        if f.name not in columns and not f.primary_key and (not f.null or f.has_default())
    ]
    tail = tuple(
        f.get_db_prep_save(
            now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default(),
            connection,
        )
        for f in rest
    )
    adapt: list[Callable[[Any], Any]] = [
        connection.ops.adapt_datetimefield_value
        if isinstance(f, DateTimeField)
        else connection.ops.adapt_datefield_value
        if isinstance(f, DateField)
        else _same
        for f in named
    ]
    targets = ", ".join(quote(f.column) for f in [*named, *rest])
    marks = ", ".join(["%s"] * (len(named) + len(rest)))
    return f"INSERT INTO {quote(meta.db_table)} ({targets}) VALUES ({marks})", adapt, tail


def _same(value: Any) -> Any:
    return value


def next_id(model: type[Model]) -> int:
    """Return the first free id, for rows inserted with their ids (the milestones need them)."""
    return int(model._base_manager.aggregate(top=Max("id"))["top"] or 0) + 1


# Users --------------------------------------------------------------------------------------------


def generate_users(sizes: dict[str, int]) -> int:
    """Bring the staff up to ``users``: four in five KA department specialists, the rest desk staff."""
    missing = sizes.get("users", 0) - User.objects.count()
    if missing <= 0:
        return 0
    departments = ka_departments()
    managers = {
        m.department_id: m for m in User.objects.filter(posts__code="ka_manager", department__in=departments)
    }
    desk = {
        "call_centre": Department.objects.get(name="呼叫中心"),
        "cs_duty": Department.objects.get(name="客户服务部"),
    }
    territories = list(Territory.objects.order_by("id"))
    password = make_password(DEMO_PASSWORD)
    rows, posts = [], []
    for n in range(missing):
        full_name = RNG.choice(words.SURNAMES) + RNG.choice(words.GIVEN)
        username = "".join(account_rules.pinyin_syllables(full_name)) + str(n)
        user = User(username=username, full_name=full_name, password=password, phone=_mobile(n))
        user.email = f"{username}@example.com"
        if n % 5 == 4:
            post = "call_centre" if n % 10 == 4 else "cs_duty"
            user.department = desk[post]
        else:
            post, user.department = "specialist", departments[n % len(departments)]
            user.supervisor = managers.get(user.department.pk)
            user.territory = territories[n % len(territories)]
        rows.append(user)
        posts.append(post)
    made = _bulk(User, rows, history=True)
    through = User.posts.through
    through.objects.bulk_create(
        [through(user_id=u.pk, post_id=p) for u, p in zip(made, posts, strict=True)], batch_size=BATCH
    )
    return len(made)


# Accounts and contacts ----------------------------------------------------------------------------


def _company_name(n: int) -> tuple[str, str, str]:
    """Return the ``n``-th company name (city, two brands, trade, legal form), its brand and industry."""
    brands, trades = words.BRANDS, words.INDUSTRIES
    # A stride coprime with the number of combinations visits each one once, in a scattered order.
    combos = len(CITIES) * len(brands) * len(brands) * len(trades)
    k = (n * 7_368_787) % combos
    k, city = divmod(k, len(CITIES))
    k, first = divmod(k, len(brands))
    k, second = divmod(k, len(brands))
    word, industry = trades[k % len(trades)]
    suffix = ("有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司", "有限责任公司")[n % 6]
    brand = brands[first] + (brands[second] if second != first else "")
    return f"{CITIES[city]}{brand}{word}{suffix}", brands[first], industry


def generate_accounts(sizes: dict[str, int]) -> int:
    """Create ``accounts`` accounts: owners spread over the specialists, one in twenty in the pool."""
    count = sizes.get("accounts", 0)
    people = specialists()
    if not count or not people:
        return 0
    today, now, first, admin = clock.local_today(), clock.now(), next_id(Account), _admin_id()
    columns = ["id", "name", "short_name", "credit_code", "name_key", "search_pinyin", "search_initials",
               "industry", "industry_standing", "region_code", "address", "lat", "lng", "tier", "status",
               "owner", "department", "growth_rate", "credit_rating", "profit_margin", "notes",
               "developed_at", "created_at", "updated_at"]  # fmt: skip
    rows, owners = [], []
    for n in range(count):
        owner = people[n % len(people)]
        name, brand, industry = _company_name(first + n)
        district, region, (west, south, east, north) = TERRITORIES[n % len(TERRITORIES)]
        pooled = n % 20 == 19
        status = "prospect" if pooled else RNG.choice(STATUSES)
        developed = today - timedelta(days=RNG.randint(3, 700)) if status == "active" else None
        rows.append(
            (first + n, name, brand, _credit_code(1_000_000 + first + n, region),
             account_rules.name_key(name), *account_rules.search_keys(name, brand), industry,
             RNG.choice(("leader", "major", "average", "average", "emerging")), region,
             f"{district}{RNG.choice(words.STREETS)}{RNG.randint(1, 999)}号",
             Decimal(f"{RNG.uniform(south, north):.6f}"), Decimal(f"{RNG.uniform(west, east):.6f}"),
             RNG.choice("ABBCCC"), status, None if pooled else owner.pk, owner.department_id,
             Decimal(f"{RNG.uniform(-15, 40):.2f}"), RNG.choice(("AAA", "AA", "A", "A", "BBB", "BB")),
             Decimal(f"{RNG.uniform(3, 28):.2f}"), RNG.choice(words.NOTES), developed, now, now)
        )  # fmt: skip
        if not pooled:
            owners.append((first + n, owner.pk))
        if len(rows) == CHUNK or n == count - 1:
            insert_rows(Account, columns, rows, history_by=admin)
            rows = []
    insert_rows(
        AccountOwnership,
        ["account", "to_owner", "changed_by", "kind", "at"],
        [(account, owner, admin, "imported", now) for account, owner in owners],
    )
    return count


def generate_contacts(sizes: dict[str, int]) -> int:
    """Create ``contacts`` people spread evenly over the live accounts, the first of each primary."""
    count = sizes.get("contacts", 0)
    accounts = list(Account.objects.order_by("id").values_list("id", flat=True))
    if not count or not accounts:
        return 0
    seen = set(Contact.objects.values_list("account_id", flat=True).distinct())
    first, now, admin = next_id(Contact), clock.now(), _admin_id()
    columns = ["id", "account", "name", "title", "decision_role", "mobile", "email", "birthday",
               "preferences", "taboos", "is_primary", "created_at", "updated_at"]  # fmt: skip
    rows = []
    for n in range(count):
        account = accounts[n % len(accounts)]
        title, role = RNG.choice(words.TITLES)
        name = RNG.choice(words.SURNAMES) + RNG.choice(words.GIVEN)
        email = f"{''.join(account_rules.pinyin_syllables(name))}{n}@{DOMAINS[n % len(DOMAINS)]}"
        birthday = date(RNG.randint(1962, 1998), RNG.randint(1, 12), RNG.randint(1, 28))
        rows.append(
            (first + n, account, name, title, role, _mobile(first + n), email, birthday,
             RNG.choice(words.PREFERENCES), RNG.choice(words.TABOOS), account not in seen, now, now)
        )  # fmt: skip
        seen.add(account)
        if len(rows) == CHUNK or n == count - 1:
            insert_rows(Contact, columns, rows, history_by=admin)
            rows = []
    return count


def _admin_id() -> int:
    return int(User.objects.filter(is_superuser=True).order_by("id").values_list("id", flat=True)[0])


# Visits -------------------------------------------------------------------------------------------


def generate_visits(sizes: dict[str, int]) -> int:
    """Create ``visits`` visits over the last year, each by its account's owner, a contact met."""
    count = sizes.get("visits", 0)
    owned = list(
        Account.objects.filter(owner__isnull=False)
        .order_by("id")
        .values_list("id", "owner_id", "department_id", "lat", "lng")
    )
    if not count or not owned:
        return 0
    primary = {
        a: (c, name)
        for a, c, name in Contact.objects.filter(is_primary=True).values_list("account_id", "id", "name")
    }
    now = clock.now()
    columns = ["user", "department", "account", "contact", "person_visited", "occurred_at", "lat", "lng",
               "in_territory", "plan_code", "result_code", "summary"]  # fmt: skip
    rows = []
    for n in range(count):
        account, owner, department, lat, lng = owned[RNG.randrange(len(owned))]
        contact, name = primary.get(account, (None, ""))
        near = RNG.uniform(-0.001, 0.001)
        rows.append(
            (owner, department, account, contact, name, _moment(RNG, now, 365),
             float(lat) + near if lat is not None else None, float(lng) - near if lng is not None else None,
             True, RNG.choice("ABCCC"), RNG.choice("ABCCDEE"), RNG.choice(VISIT_NOTES))
        )  # fmt: skip
        if len(rows) == CHUNK or n == count - 1:
            insert_rows(Visit, columns, rows)
            rows = []
    return count


# Service requests ---------------------------------------------------------------------------------


def _milestone_patterns() -> dict[str, tuple[int, list[tuple[int, str, str, timedelta | None]]]]:
    """Open one request of each kind through the real service; return its policy and its milestones.

    The bulk requests copy these deadlines (as offsets from the opening), so they look exactly like
    what the SLA engine computes, without running it a million times.
    """
    opened = clock.now() - timedelta(minutes=1)
    patterns = {}
    for kind, summaries in REQUESTS.items():
        request = service_services.service_request_create(
            actor=None, kind=kind, summary=summaries[0], caller_phone="13800138000", occurred_at=opened
        )
        patterns[kind] = (
            request.policy_id,
            [
                (m.position, m.code, m.responsible_post, m.due_at - opened if m.due_at else None)
                for m in request.milestones.order_by("position")
            ],
        )
    return patterns


REQUEST_COLUMNS = ["id", "kind", "account", "caller_phone", "summary", "department", "assignee", "status",
                   "policy", "opened_at", "created_at", "updated_at"]  # fmt: skip
MILESTONE_COLUMNS = ["request", "position", "code", "responsible_post", "status", "due_at", "done_at"]


def generate_service_requests(sizes: dict[str, int]) -> int:
    """Create ``service_requests`` requests over the last year with their milestones; recent ones open."""
    count = sizes.get("service_requests", 0)
    if not count:
        return 0
    patterns = _milestone_patterns()
    agents = list(
        User.objects.filter(posts__code__in=["call_centre", "cs_duty"]).values_list("id", flat=True)
    )
    accounts = list(Account.objects.order_by("id").values_list("id", "department_id"))
    phones = dict(Contact.objects.filter(is_primary=True).values_list("account_id", "mobile"))
    now, first = clock.now(), next_id(ServiceRequest)
    kinds = ("inquiry", "inquiry", "complaint", "complaint", "rescue")
    requests, milestones = [], []
    for n in range(count):
        kind = kinds[n % len(kinds)]
        account, department = accounts[RNG.randrange(len(accounts))]
        opened = now - timedelta(seconds=RNG.randint(600, 365 * 86400))
        is_open = now - opened < timedelta(days=14)
        policy, pattern = patterns[kind]
        requests.append(
            (first + n, kind, account, phones.get(account, _mobile(n)), RNG.choice(REQUESTS[kind]),
             department, RNG.choice(agents) if agents else None, "open" if is_open else "closed", policy,
             opened, now, now)
        )  # fmt: skip
        for position, code, post, offset in pattern:
            due = opened + offset if offset is not None else None
            done = None if is_open else opened + (offset or timedelta(hours=2)) / 2
            status = "pending" if is_open else "met"
            milestones.append((first + n, position, code, post, status, due, done))
        if len(requests) == CHUNK or n == count - 1:
            insert_rows(ServiceRequest, REQUEST_COLUMNS, requests)
            insert_rows(Milestone, MILESTONE_COLUMNS, milestones)
            requests, milestones = [], []
    return count


# Plans and scorecards -----------------------------------------------------------------------------


def generate_plans(sizes: dict[str, int]) -> int:
    """Create ``plans`` months (up to this one) of approved plans for every specialist, and score them."""
    months_wanted = sizes.get("plans", 0)
    people = specialists()
    if not months_wanted or not people:
        return 0
    months = [clock.local_today().replace(day=1)]
    while len(months) < months_wanted:
        months.insert(0, plan_rules.previous_month(months[0]))
    taken = set(MonthlyPlan.objects.values_list("specialist_id", "month"))
    rows = []
    for month in months:
        deadline = deadline_for(month)
        for person in people:
            if (person.pk, month) in taken:
                continue
            late = RNG.random() < 0.1
            rows.append(
                MonthlyPlan(
                    specialist=person,
                    department_id=person.department_id,
                    month=month,
                    visits=RNG.randint(25, 45),
                    expansions=RNG.randint(2, 6),
                    deals=RNG.randint(1, 4),
                    submitted_at=deadline + timedelta(hours=RNG.randint(1, 40) * (1 if late else -1)),
                    deadline=deadline,
                    late=late,
                    status="approved",
                )
            )
    made = _bulk(MonthlyPlan, rows)
    # This month's too: the first dashboard or list to open them would create them otherwise, and
    # concurrent first openings race on PostgreSQL (scorecard_unique_live, found by this harness).
    for month in months:
        for department in ka_departments():
            scorecard_compute(department_id=department.pk, month=month)
    return len(made)


GENERATORS: list[tuple[str, Callable[[dict[str, int]], int]]] = [
    ("users", generate_users),
    ("accounts", generate_accounts),
    ("contacts", generate_contacts),
    ("visits", generate_visits),
    ("service requests", generate_service_requests),
    ("monthly plans (with the past months' scorecards)", generate_plans),
]


def main() -> None:
    sizes = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    account_rules.search_keys("预热")  # load pypinyin's dictionaries before timing
    began = time.perf_counter()
    for name, generate in GENERATORS:
        started = time.perf_counter()
        count = generate(sizes)
        print(f"generated {count:,} {name} in {time.perf_counter() - started:.1f} s", flush=True)
    refresh_statistics()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum leaves tables after a bulk load
            cursor.execute("VACUUM ANALYZE")
    print(f"generation took {time.perf_counter() - began:.1f} s", flush=True)


if __name__ == "__main__":
    main()
