"""The batch side of a harness run: the two sweeps, an import and an export, on the generated database.

    python bench/batch.py IMPORT_ROWS      (run by bench/run.py with the run's DATABASE_URL and data folder)

It prints one JSON object per line, each a row of the harness's batch table: what was timed, how many
items it handled and how long it took. It runs after the requests (the import adds accounts and the sweeps
write breaches and violations, which would change what the requests read).

- **SLA sweep** (D10): :func:`kam.service.sweep.sla_sweep` at the current time over the generated open
  requests, then once more (nothing left to breach: the cost of a sweep that finds nothing).
- **Discipline sweep** (D11): :func:`kam.visits.services.discipline.discipline_sweep` for the last
  working day before today, over every specialist's sign-ins, visits and reports.
- **Scorecards** (B5): the largest key account department's month before this one, computed by the
  engine (best of three), then by one raw SQL aggregate of the same numbers (bench/scorecard_bench.py),
  which must give the same figures.
- **Import** (A2m): an .xlsx of ``IMPORT_ROWS`` new accounts through
  :func:`kam.accounts.services.imports.import_file`, the page's own path.
- **Export** (F2): every account the administrator sees as .xlsx through the list page's export.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kam.settings")

import django

django.setup()

from django.db.models import Count  # noqa: E402

from kam.accounts import exports, selectors  # noqa: E402
from kam.accounts.models import Account  # noqa: E402
from kam.core import clock  # noqa: E402
from kam.core.calendar import work_calendar  # noqa: E402
from kam.org.models import User  # noqa: E402
from kam.service.models import Milestone  # noqa: E402
from kam.service.sweep import sla_sweep  # noqa: E402
from kam.visits.models import Violation, Visit  # noqa: E402
from kam.visits.services.discipline import discipline_sweep  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))


def say(job: str, items: int, unit: str, seconds: float, note: str = "") -> None:
    print(
        json.dumps({"job": job, "items": items, "unit": unit, "seconds": seconds, "note": note}), flush=True
    )


def sweeps() -> None:
    now = clock.now()
    open_milestones = Milestone.objects.filter(status="pending").count()
    due = Milestone.objects.filter(status="pending", due_at__lte=now).count()
    started = time.perf_counter()
    result = sla_sweep(now=now)
    seconds = time.perf_counter() - started
    note = f"{open_milestones:,} open, {due:,} due; {result.escalated:,} old breaches escalated"
    say("SLA sweep", result.breached, "breached", seconds, note)
    started = time.perf_counter()
    sla_sweep(now=now)
    say(
        "SLA sweep, nothing due",
        0,
        "breached",
        time.perf_counter() - started,
        f"{open_milestones - due:,} open",
    )

    day = clock.local_today() - timedelta(days=1)
    calendar = work_calendar(day.year)
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    people = User.objects.filter(is_active=True, posts__code="specialist").count()
    before = Violation.all_objects.count()
    started = time.perf_counter()
    found = discipline_sweep(day=day, now=clock.day_bounds(day)[1])
    seconds = time.perf_counter() - started
    assert Violation.all_objects.count() - before == found
    say("discipline sweep, one day", people, "specialists", seconds, f"{day}: {found:,} violations")


def scorecards() -> None:
    """The largest department's scorecards of last month: the engine, then the raw SQL (B5)."""
    import scorecard_bench  # the raw aggregate of the same numbers and its check against the engine

    from kam.plans import rules
    from kam.plans.services.scorecards import scorecard_compute

    month = rules.previous_month(clock.local_today().replace(day=1))
    department = (
        User.objects.filter(is_active=True, posts__code="specialist", department__isnull=False)
        .values("department_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    if department is None:
        return
    engine, raw_times = [], []
    for _ in range(3):
        started = time.perf_counter()
        cards = scorecard_compute(department_id=department["department_id"], month=month)
        engine.append(time.perf_counter() - started)
    rows = cards[0].scorecard.template_rows
    for _ in range(3):
        started = time.perf_counter()
        raw = scorecard_bench.raw_scores(department["department_id"], month, rows)
        raw_times.append(time.perf_counter() - started)
    scorecard_bench.same_numbers(cards, raw)  # type: ignore[arg-type]
    visits = Visit.objects.filter(department_id=department["department_id"]).count()
    best, floor = min(engine), min(raw_times)
    say("scorecards, a department-month", len(cards), "cards", best, f"{visits:,} visits in the department")
    say(
        "— the raw SQL aggregate of the same numbers",
        len(raw),
        "cards",
        floor,
        f"engine / raw {best / floor:.2f}× (target ≤ 1.5×); the same figures",
    )


def import_and_export(rows: int) -> None:
    import accounts_bench  # the workbook writer and the timed import of bench/accounts_bench.py

    admin: Any = User.objects.get(username="admin")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "accounts.xlsx"
        accounts_bench.write_workbook(path, rows, random.Random(os.getpid()))
        timed = accounts_bench.import_accounts(path, admin)
    say("import accounts (.xlsx)", int(timed["rows"]), "rows", timed["total"])

    visible = selectors.account_list(viewer=admin)
    count = Account.objects.count()
    started = time.perf_counter()
    response: Any = exports.export("accounts", visible, "xlsx")
    size = sum(len(chunk) for chunk in response.streaming_content)
    say("export accounts (.xlsx)", count, "rows", time.perf_counter() - started, f"{size / 1e6:.1f} MB")


def main() -> None:
    sweeps()
    scorecards()
    import_and_export(int(sys.argv[1]))


if __name__ == "__main__":
    main()
