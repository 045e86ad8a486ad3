"""Scorecards benchmark: compute one department-month for N specialists over M visit records (B5, issue 4).

    .venv/bin/python bench/scorecard_bench.py --specialists 200 --visits 1000000 [--record]

Without ``DATABASE_URL`` it builds a fresh SQLite database in a temporary data folder; with it, the
PostgreSQL database named there (it must be empty and disposable). It creates one department with N
specialists, an account each, M visit records spread over three months (a third in the measured month),
deals and developed accounts, and everyone's plan; then it times
:func:`kam.plans.services.scorecard_compute` for the department-month: the first call (creating the
scorecards) and the median of five later calls, with the number of queries. ``--record`` appends the
table to bench/RESULTS.md under "Scorecards".
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("KAM_DATA_DIR", tempfile.mkdtemp(prefix="kam-scorecard-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kam.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from kam.accounts.models import Account, Deal  # noqa: E402
from kam.org.models import Department, Post, User  # noqa: E402
from kam.plans.models import MonthlyPlan  # noqa: E402
from kam.plans.services import scorecard_compute  # noqa: E402
from kam.visits.models import Visit  # noqa: E402

SH = ZoneInfo("Asia/Shanghai")
MONTH = date(2026, 10, 1)
BATCH = 50_000


def build(specialists: int, visits: int, rng: random.Random) -> Department:
    """Create the department, its specialists, accounts, plans, deals and visit records."""
    department = Department.objects.create(name="基准测试部")
    post, _ = Post.objects.get_or_create(code="specialist", defaults={"name": "客户专人"})
    users = User.objects.bulk_create(
        [User(username=f"bench{i}", full_name=f"专人{i}", department=department) for i in range(specialists)]
    )
    User.posts.through.objects.bulk_create([User.posts.through(user_id=u.pk, post_id=post.pk) for u in users])
    accounts = Account.objects.bulk_create(
        [
            Account(
                name=f"基准客户{i}",
                name_key=f"基准客户{i}",
                owner=u,
                department=department,
                developed_at=MONTH + timedelta(days=rng.randrange(0, 60)),
            )
            for i, u in enumerate(users)
        ]
    )
    MonthlyPlan.objects.bulk_create(
        [
            MonthlyPlan(
                specialist=u,
                department=department,
                month=MONTH,
                visits=rng.randint(20, 60),
                expansions=rng.randint(1, 5),
                deals=rng.randint(1, 4),
                deadline=datetime(2026, 9, 30, 23, 59, 59, tzinfo=SH),
                status="submitted",
            )
            for u in users
        ]
    )
    Deal.objects.bulk_create(
        [
            Deal(
                account=a,
                specialist_id=a.owner_id,
                occurred_at=datetime(2026, 10, rng.randint(1, 31), 10, tzinfo=SH),
                amount=1000,
            )
            for a in accounts
            for _ in range(rng.randint(0, 3))
        ]
    )
    insert_visits(department, accounts, visits, rng)
    return department


def insert_visits(department: Department, accounts: list[Account], visits: int, rng: random.Random) -> None:
    """Write ``visits`` visit records over three months through one prepared INSERT (executemany).

    The bulk path: the ORM's ``bulk_create`` prepares every value of every row in Python, the slow part
    at a million rows; here the constant columns are prepared once from a template record and only the
    specialist, account and time vary. History rows are not written: the scorecard
    never reads them.
    """
    now = timezone.now()
    template = Visit(
        user_id=accounts[0].owner_id,
        department=department,
        account=accounts[0],
        occurred_at=now,
        plan_code="A",
        result_code="B",
        created_at=now,
        updated_at=now,
    )
    fields = [f for f in Visit._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {connection.ops.quote_name(Visit._meta.db_table)} ({columns}) VALUES ({marks})"
    constant = [f.get_db_prep_save(getattr(template, f.attname), connection) for f in fields]
    varying = {f.attname: i for i, f in enumerate(fields)}
    at_user, at_account, at_time = varying["user_id"], varying["account_id"], varying["occurred_at"]
    start = datetime(2026, 9, 1, tzinfo=SH)
    occurred = Visit._meta.get_field("occurred_at")
    made = 0
    with connection.cursor() as cursor:
        while made < visits:
            size = min(BATCH, visits - made)
            rows = []
            for _ in range(size):
                account = accounts[rng.randrange(len(accounts))]
                row = list(constant)
                row[at_user], row[at_account] = account.owner_id, account.pk
                when = start + timedelta(minutes=rng.randrange(0, 91 * 24 * 60))
                row[at_time] = occurred.get_db_prep_save(when, connection)
                rows.append(row)
            with transaction.atomic():
                cursor.executemany(sql, rows)
            made += size


RAW = """
SELECT p.id, pl.visits, pl.expansions, pl.deals,
  (SELECT COUNT(*) FROM visits_visit v WHERE v.user_id = p.id AND v.deleted_at IS NULL
     AND v.occurred_at >= %(begin)s AND v.occurred_at < %(finish)s),
  (SELECT COUNT(*) FROM accounts_account a WHERE a.owner_id = p.id AND a.deleted_at IS NULL
     AND a.developed_at >= %(start)s AND a.developed_at < %(end)s),
  (SELECT COUNT(*) FROM accounts_deal d WHERE d.specialist_id = p.id AND d.deleted_at IS NULL
     AND d.occurred_at >= %(begin)s AND d.occurred_at < %(finish)s),
  (SELECT COUNT(*) FROM visits_violation x WHERE x.user_id = p.id AND x.deleted_at IS NULL
     AND x.day >= %(start)s AND x.day < %(end)s AND x.status <> 'accepted')
FROM (SELECT DISTINCT u.id FROM org_user u JOIN org_user_posts up ON up.user_id = u.id
      WHERE u.department_id = %(department)s AND u.is_active AND up.post_id = 'specialist') p
LEFT JOIN plans_monthlyplan pl
  ON pl.specialist_id = p.id AND pl.month = %(start)s AND pl.deleted_at IS NULL
ORDER BY p.id
"""
"""The raw SQL aggregate of the same numbers: per specialist the plan, the three counted actuals (visits,
developed accounts, deals) and the standing violations, in one statement; the capped-rate scores are
then weight × min(actual / plan, cap), as the engine computes them."""
SOURCES = {"visits": 4, "expansion": 5, "deals": 6}
PLANNED = {"visits": 1, "expansion": 2, "deals": 3}


def raw_scores(
    department_id: int, month: date, rows: list[dict[str, object]]
) -> dict[int, dict[str, object]]:
    """Run :data:`RAW` and score its counted rows; return per specialist the actuals and the scores."""
    from kam.core import clock
    from kam.plans import rules

    end = rules.next_month(month)
    ops = connection.ops
    params = {
        "department": department_id,
        "start": ops.adapt_datefield_value(month),
        "end": ops.adapt_datefield_value(end),
        "begin": ops.adapt_datetimefield_value(clock.day_bounds(month)[0]),
        "finish": ops.adapt_datetimefield_value(clock.day_bounds(end)[0]),
    }
    with connection.cursor() as cursor:
        cursor.execute(RAW, params)
        found = cursor.fetchall()
    counted = [r for r in rows if r.get("kind") == rules.COUNTED and r.get("source") in SOURCES]
    out: dict[int, dict[str, object]] = {}
    for record in found:
        figures: dict[str, object] = {"violations": record[7]}
        for row in counted:
            source = str(row["source"])
            actual, plan = record[SOURCES[source]], record[PLANNED[source]]
            rate = None if not plan else min(actual * 100 / plan, float(str(row.get("cap") or 100)))
            score = 0.0 if rate is None else round(float(str(row["weight"])) * rate / 100, 2)
            figures[str(row["code"])] = (actual, score)
        out[record[0]] = figures
    return out


def same_numbers(cards: list[object], raw: dict[int, dict[str, object]]) -> None:
    """Check the raw aggregate against the engine: the same actuals, scores within a cent, deductions.

    A locked card shows the figures frozen when it was locked, not today's counts: only open ones compare.
    """
    assert {c.user_id for c in cards} == set(raw)  # type: ignore[attr-defined]
    for card in (c for c in cards if c.scorecard.status == "open"):  # type: ignore[attr-defined]
        figures = raw[card.user_id]  # type: ignore[attr-defined]
        assert len(card.deductions) >= figures["violations"]  # type: ignore[attr-defined]
        for code, (actual, score) in ((k, v) for k, v in figures.items() if k != "violations"):  # type: ignore[misc]
            row = card.row(code)  # type: ignore[attr-defined]
            assert int(row["actual"]) == actual, (code, row, actual)
            assert abs(float(row["computed_score"]) - score) <= 0.011, (code, row, score)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specialists", type=int, default=200)
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--record", action="store_true")
    parser.add_argument(
        "--live-visit-index",
        action="store_true",
        help="add a partial index on visits (user, occurred_at) WHERE deleted_at IS NULL before timing",
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    department = build(args.specialists, args.visits, random.Random(2026))
    with connection.cursor() as cursor:
        if args.live_visit_index:
            cursor.execute(
                "CREATE INDEX bench_visit_user_time_live ON visits_visit (user_id, occurred_at) "
                "WHERE deleted_at IS NULL"
            )
        cursor.execute("ANALYZE")  # fresh planner statistics after the bulk load, as after any large import
    print(
        f"built {args.specialists} specialists, {args.visits:,} visits "
        f"in {time.perf_counter() - started:.1f} s"
    )
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as first_queries:
        cards = scorecard_compute(department_id=department.pk, month=MONTH)
    first = time.perf_counter() - started
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            scorecard_compute(department_id=department.pk, month=MONTH)
        timings.append(time.perf_counter() - started)
    template = cards[0].scorecard.template_rows
    raw_timings = []
    for _ in range(5):
        started = time.perf_counter()
        raw = raw_scores(department.pk, MONTH, template)
        raw_timings.append(time.perf_counter() - started)
    same_numbers(cards, raw)
    raw_ms = statistics.median(raw_timings) * 1000
    engine = connection.vendor
    command = f"bench/scorecard_bench.py --specialists {args.specialists} --visits {args.visits}"
    if args.live_visit_index:
        command += " --live-visit-index"
    machine = f"{platform.machine()} {os.cpu_count()} CPU, Python {platform.python_version()}"
    later = statistics.median(timings) * 1000
    report = "\n".join(
        [
            f"`.venv/bin/python {command}` — {date.today()}, {engine}, {machine}",
            "",
            "| case | scorecards | queries | time |",
            "|---|---|---|---|",
            f"| first compute (creates them) | {len(cards)} | {len(first_queries)} | {first * 1000:.0f} ms |",
            f"| later compute, median of 5 | {len(cards)} | {len(queries)} | {later:.0f} ms |",
            f"| raw SQL aggregate of the same numbers, median of 5 | {len(raw)} | 1 | {raw_ms:.0f} ms |",
            "",
            f"Engine / raw SQL: {later / raw_ms:.2f}× (target ≤ 1.5×); the raw figures equal the engine's.",
        ]
    )
    print(report)
    if args.record:
        with (ROOT / "bench" / "RESULTS.md").open("a") as results:
            results.write(f"\n## Scorecards\n\n{report}\n")


if __name__ == "__main__":
    main()
