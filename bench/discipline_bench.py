"""Discipline sweep benchmark: N specialists, a month of sign-ins and visits, then the daily sweep (D11).

    .venv/bin/python bench/discipline_bench.py --people 1000 [--month 2026-03] [--record]

It builds a fresh SQLite database (in a temporary data folder), creates N specialists in ten
departments with one territory, writes every working day of the month a sign-in per person (about
6 % late, 3 % missing, 2 % outside the territory) and three visits (2 % outside hours) with
``bulk_create``, then runs :func:`kam.visits.services.discipline_sweep` for each day of the month,
as the periodic job would, and reports the seconds per day and in total, and the violations found.
A second pass over the month checks that nothing is recorded twice. ``--record`` appends the result
to bench/RESULTS.md under "Discipline sweep".
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("KAM_DATA_DIR", tempfile.mkdtemp(prefix="kam-discipline-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kam.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from kam.accounts.models import Account  # noqa: E402
from kam.core import clock  # noqa: E402
from kam.core.calendar import work_calendar  # noqa: E402
from kam.org.models import Department, Post, Territory, User  # noqa: E402
from kam.visits import services  # noqa: E402
from kam.visits.models import SignIn, Violation, Visit  # noqa: E402

BOX = {
    "type": "Polygon",
    "coordinates": [[[120.0, 30.0], [120.4, 30.0], [120.4, 30.4], [120.0, 30.4], [120.0, 30.0]]],
}


def _people(count: int) -> list[User]:
    departments = [Department.objects.create(name=f"大客户{n + 1}部") for n in range(10)]
    territory = Territory.objects.create(name="杭州片区", boundary=BOX)
    users = User.objects.bulk_create(
        [
            User(username=f"s{n}", full_name=f"专员{n}", department=departments[n % 10], territory=territory)
            for n in range(count)
        ]
    )
    post = Post.objects.get(code="specialist")
    through = User.posts.through
    through.objects.bulk_create([through(user_id=u.pk, post_id=post.pk) for u in users])
    return users


def _records(users: list[User], days: list[date], rng: random.Random) -> None:
    zone = clock.local_zone()
    accounts = Account.objects.bulk_create(
        [
            Account(
                name=f"基准客户{n}", credit_code=f"91330106{n:010d}", owner=u, department_id=u.department_id
            )
            for n, u in enumerate(users)
        ]
    )
    for day in days:
        base = datetime.combine(day, datetime.min.time(), tzinfo=zone)
        sign_ins, visits = [], []
        for user, account in zip(users, accounts, strict=True):
            roll = rng.random()
            if roll >= 0.03:
                minute = 8 * 60 + rng.randrange(31, 90) if roll < 0.09 else 7 * 60 + rng.randrange(30, 90)
                lng = 120.2 if rng.random() > 0.02 else 121.0
                sign_ins.append(
                    SignIn(
                        user=user,
                        department_id=user.department_id,
                        occurred_at=base + timedelta(minutes=minute),
                        lat=30.2,
                        lng=lng,
                        coord_system="wgs84",
                        in_territory=lng < 120.4,
                    )
                )
            for slot in (9 * 60, 11 * 60, 14 * 60 + 30):
                minute = slot + (150 if rng.random() < 0.02 else rng.randrange(0, 60))
                visits.append(
                    Visit(
                        user=user,
                        department_id=user.department_id,
                        account=account,
                        occurred_at=base + timedelta(minutes=minute),
                        plan_code="C",
                        result_code="C",
                        lat=30.2,
                        lng=120.2,
                        in_territory=True,
                    )
                )
        SignIn.objects.bulk_create(sign_ins, batch_size=2000)
        Visit.objects.bulk_create(visits, batch_size=2000)


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--month", default="2026-03")
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args()
    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    _say(f"migrated in {time.perf_counter() - t:.1f} s")
    first = clock.parse_month(args.month)
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    calendar = work_calendar(first.year)
    all_days = [first + timedelta(n) for n in range((nxt - first).days)]
    working = [d for d in all_days if calendar.is_working_day(d)]
    started = time.perf_counter()
    users = _people(args.people)
    _records(users, working, random.Random(2026))
    setup = time.perf_counter() - started
    _say(f"set-up {setup:.1f} s")
    timings, queries = [], []
    for day in all_days:
        t = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            services.discipline_sweep(day=day, now=clock.day_bounds(day)[1])
        timings.append(time.perf_counter() - t)
        queries.append(len(captured.captured_queries))
        _say(f"{day}: {timings[-1]:.3f} s, {queries[-1]} queries")
    found = Violation.objects.count()
    t = time.perf_counter()
    again = sum(services.discipline_sweep(day=day, now=clock.day_bounds(day)[1]) for day in all_days)
    rerun = time.perf_counter() - t
    lines = [
        f"- people {args.people}, month {args.month} ({len(working)} working days), "
        f"{SignIn.objects.count()} sign-ins, {Visit.objects.count()} visits (set-up {setup:.1f} s)",
        f"- sweep: {sum(timings):.2f} s for the month, {max(timings):.3f} s for the slowest day, "
        f"{sum(timings) / len(timings):.3f} s per day; {found} violations; "
        f"{min(queries)}–{max(queries)} queries per day (set-based: the count does not grow with people)",
        f"- second pass: {rerun:.2f} s, {again} new (must be 0)",
        f"- SQLite, Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores",
    ]
    print("\n".join(lines))
    if args.record:
        command = f".venv/bin/python bench/discipline_bench.py --people {args.people} --month {args.month}"
        with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as out:
            heading = f"\n### Discipline sweep, {args.people} people\n\n`{command}`\n\n"
            out.write(heading + "\n".join(lines) + "\n")
    sys.exit(1 if again else 0)


if __name__ == "__main__":
    main()
