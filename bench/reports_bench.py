"""Dashboards and exports benchmark (issue 10): dashboard response times and the memory of a large export.

    .venv/bin/python bench/reports_bench.py --accounts 100000 --visits 1000000 [--months 12] [--runs 20]
        [--record]

It builds a fresh database (SQLite in a temporary data folder, or PostgreSQL when ``DATABASE_URL`` is
set), creates two key account departments with 20 specialists each, ``--accounts`` accounts and
``--visits`` visits spread over them and over the last ``--months`` months (default 1: all in the
current month, the worst case for the month's dashboards; 12 is a year of field work), deals and
receivables (one per ten accounts) and violations (one per hundred visits), all with ``bulk_create``.
It then calls each dashboard's
figures ``--runs`` times as the KA manager, the regional manager, the general manager, an inspector
and a specialist would, and prints p50 and p95 in milliseconds with the query count; finally it
exports the visit register of the month (every visit of the department) as .xlsx and prints the
peak Python memory (tracemalloc) and the process's peak resident memory. ``--record`` appends the
result to bench/RESULTS.md under "Dashboards and exports".
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("KAM_DATA_DIR", tempfile.mkdtemp(prefix="kam-reports-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kam.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from kam.accounts.models import Account, Deal, Receivable  # noqa: E402
from kam.core import clock  # noqa: E402
from kam.org.models import Department, DepartmentKind, Post, User  # noqa: E402
from kam.reports import boards, exports, rulebook  # noqa: E402
from kam.reports.selectors import period_of  # noqa: E402
from kam.visits.models import Violation, Visit  # noqa: E402

BATCH = 5000


def _people() -> dict[str, object]:
    posts = {p.code: p for p in Post.objects.all()}
    region = Department.objects.create(name="华东大区", kind=DepartmentKind.REGION)
    departments = [Department.objects.create(name=f"大客户{i}部", parent=region) for i in (1, 2)]

    def user(name: str, code: str, department: Department | None) -> User:
        made = User.objects.create(username=name, full_name=name, department=department)
        made.posts.set([posts[code]])
        return made

    specialists = [user(f"spec{d.pk}-{i}", "specialist", d) for d in departments for i in range(20)]
    return {
        "departments": departments,
        "specialists": specialists,
        "manager": user("manager", "ka_manager", departments[0]),
        "regional": user("regional", "regional_manager", region),
        "gm": user("gm", "general_manager", None),
        "inspector": user("inspector", "inspector", departments[0]),
    }


def _existing_people() -> dict[str, object]:
    """The people of an earlier run's data (``--reuse``)."""
    departments = list(Department.objects.filter(name__startswith="大客户").order_by("pk"))
    roles = ["manager", "regional", "gm", "inspector"]
    named = {u.username: u for u in User.objects.filter(username__in=roles)}
    return {
        "departments": departments,
        "specialists": list(User.objects.filter(username__startswith="spec").order_by("pk")),
        **named,
    }


def _fill(people: dict[str, object], accounts: int, visits: int, months: int = 1) -> None:
    rng = random.Random(2026)
    specialists: list[User] = people["specialists"]  # type: ignore[assignment]
    today = clock.local_today()
    first = today.replace(day=1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    start = clock.day_bounds(first)[0]
    span = max((clock.now() - start).total_seconds(), 3600)
    rows = [
        Account(name=f"客户{i}", name_key=f"客户{i}", owner=s, department_id=s.department_id, status="active")
        for i in range(accounts)
        for s in [specialists[i % len(specialists)]]
    ]
    Account.objects.bulk_create(rows, batch_size=BATCH)
    ids = list(Account.objects.values_list("id", "owner_id", "department_id"))
    Deal.objects.bulk_create(
        [
            Deal(account_id=a, specialist_id=o, occurred_at=start, amount=Decimal("1000.00"))
            for a, o, _ in ids[::10]
        ],
        batch_size=BATCH,
    )
    Receivable.objects.bulk_create(
        [
            Receivable(
                account_id=a, amount=Decimal("500.00"), due_date=today - timedelta(days=rng.randint(-30, 200))
            )
            for a, _, _ in ids[::10]
        ],
        batch_size=BATCH,
    )
    for first in range(0, visits, BATCH):
        batch = []
        for n in range(first, min(first + BATCH, visits)):
            account, owner, department = ids[n % len(ids)]
            batch.append(
                Visit(
                    user_id=owner,
                    department_id=department,
                    account_id=account,
                    occurred_at=start + timedelta(seconds=rng.random() * span),
                    plan_code=rng.choice("ABC"),
                    result_code=rng.choice("ABCDE"),
                )
            )
        Visit.objects.bulk_create(batch)
    Violation.objects.bulk_create(
        [
            Violation(user=s, department_id=s.department_id, day=today, code="late_sign_in", subject=str(i))
            for i in range(max(visits // 100, 1))
            for s in [specialists[i % len(specialists)]]
        ],
        batch_size=BATCH,
    )


def _time(viewer: User, board: str, runs: int) -> tuple[float, float, int]:
    period = period_of(None)
    boards.board_figures(viewer=viewer, board=board, period=period)
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            boards.board_figures(viewer=viewer, board=board, period=period)
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, len(queries.captured_queries)


def _export_memory(viewer: User) -> tuple[int, float, float]:
    spec = rulebook.LIST_FORMS["visit-register"]
    period = period_of(None)
    tracemalloc.start()
    began = time.perf_counter()
    rows = spec.rows(viewer, period.month, None).iterator(chunk_size=2000)
    counted = 0

    def counting() -> object:
        nonlocal counted
        for row in rulebook.numbered(rows, spec.cells):
            counted += 1
            yield row

    output = exports.list_form_xlsx(
        spec.title_zh, ["月份", period.key], spec.headers, counting(), landscape=True
    )
    output.close()
    seconds = time.perf_counter() - began
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return counted, peak / 1024 / 1024, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--months",
        type=int,
        default=1,
        help="spread the visits over this many months up to now (1: all this month)",
    )
    parser.add_argument("--record", action="store_true")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time the data an earlier run left in this database (PostgreSQL) instead of building it",
    )
    args = parser.parse_args(argv)
    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    if args.reuse and User.objects.filter(username="manager").exists():
        people = _existing_people()
    else:
        people = _people()
        _fill(people, args.accounts, args.visits, args.months)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum leaves a table in production
            cursor.execute("VACUUM ANALYZE")
    setup = time.perf_counter() - began
    lines = [
        f"- {args.accounts} accounts, {args.visits} visits over {args.months} month(s) up to now, "
        f"{connection.vendor}, "
        f"Python {platform.python_version()} (set-up {setup:.1f} s)",
        "",
        "| dashboard | viewer | p50 ms | p95 ms | queries |",
        "|---|---|---|---|---|",
    ]
    specialist = people["specialists"][0]  # type: ignore[index]
    for board, who in (
        ("specialist", specialist),
        ("ka_manager", people["manager"]),
        ("discipline", people["inspector"]),
        ("region", people["regional"]),
        ("company", people["gm"]),
    ):
        p50, p95, queries = _time(who, board, args.runs)  # type: ignore[arg-type]
        lines.append(f"| {board} | {who.username} | {p50:.0f} | {p95:.0f} | {queries} |")  # type: ignore[attr-defined]
        print(lines[-1], file=sys.stderr)
    rows, peak, seconds = _export_memory(people["manager"])  # type: ignore[arg-type]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines.append("")
    lines.append(
        f"- visit register export: {rows} rows in {seconds:.1f} s, Python peak {peak:.1f} MB, "
        f"process peak RSS {rss:.0f} MB"
    )
    print("\n".join(lines))
    if args.record:
        with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as out:
            out.write("\n### Dashboards and exports\n\n" + "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
