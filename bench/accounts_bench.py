"""Key accounts benchmark: import N accounts from an .xlsx through the bulk path, then time the list API.

    .venv/bin/python bench/accounts_bench.py --rows 100000 [--requests 200] [--record]

It builds a fresh SQLite database (in a temporary data folder) with the demo organisation, writes an
.xlsx of N valid accounts (Chinese headers, the 8 demo specialists and both departments), imports it
with :func:`kam.accounts.services.imports.import_file` (the sheet streamed through expat, every row
checked with set-based duplicate checks, then multi-row inserts of the accounts, their history rows and
owner entries in batches, pinyin keys computed once per account) and reports rows/s for the whole
import and for its check and write phases. Then it calls ``GET /api/v1/accounts/`` in-process
(Django's test client: the full middleware and API stack, no HTTP server) as a specialist, a KA
manager and an administrator, with paging, filters and a pinyin search, and reports p50/p95 per case.
``--record`` appends the table to bench/RESULTS.md under "Accounts".
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("KAM_DATA_DIR", tempfile.mkdtemp(prefix="kam-accounts-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kam.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from kam.accounts import rules, spreadsheets  # noqa: E402
from kam.accounts.demo import SPECIALISTS, credit_code  # noqa: E402
from kam.accounts.demo_data import BRANDS, INDUSTRIES, STREETS  # noqa: E402
from kam.accounts.models import Account  # noqa: E402
from kam.accounts.services import imports  # noqa: E402
from kam.core.demo import DemoContext  # noqa: E402
from kam.org import services as org_services  # noqa: E402
from kam.org.demo import seed_organisation  # noqa: E402
from kam.org.models import User  # noqa: E402

HEADERS = [
    "客户名称",
    "简称",
    "统一社会信用代码",
    "行业",
    "行政区划代码",
    "地址",
    "纬度",
    "经度",
    "客户等级",
    "状态",
    "客户专人",
    "开发日期",
    "增长率(%)",
]
DATABASE = {"sqlite": "SQLite (WAL)", "postgresql": "PostgreSQL"}
STATUSES = ["合作中", "合作中", "开发中", "潜在客户", "休眠"]


def write_workbook(path: Path, rows: int, rng: random.Random, first: int = 0) -> None:
    """Write ``rows`` valid, distinct accounts spread over the demo specialists, numbered from ``first``."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("accounts")
    sheet.append(HEADERS)
    today = date.today()
    codes: set[str] = set()
    for n in range(first, first + rows):
        brand, (word, industry) = rng.choice(BRANDS), rng.choice(INDUSTRIES)
        code = credit_code(rng, "330106")
        while code in codes:
            code = credit_code(rng, "330106")
        codes.add(code)
        status = rng.choice(STATUSES)
        sheet.append(
            [
                f"杭州{brand}{word}{n}号有限公司",
                brand,
                code,
                industry,
                "330106",
                f"杭州市西湖区{rng.choice(STREETS)}{rng.randint(1, 999)}号",
                round(rng.uniform(30.12, 30.32), 6),
                round(rng.uniform(119.98, 120.16), 6),
                rng.choice("ABC"),
                status,
                SPECIALISTS[n % len(SPECIALISTS)],
                today - timedelta(days=rng.randint(1, 700)) if status == "合作中" else None,
                round(rng.uniform(-10, 30), 2),
            ]
        )
    book.save(path)


def import_accounts(path: Path, admin: object) -> dict[str, float]:
    marks: dict[str, float] = {}

    def progress(phase: str, done: int, total: int) -> None:
        if phase == "writing":
            marks["written_from"], marks["cpu_written_from"] = time.perf_counter(), time.process_time()

    started, cpu_started = time.perf_counter(), time.process_time()
    result, created = imports.import_file(actor=admin, kind="accounts", path=path, progress=progress)  # type: ignore[arg-type]
    ended, cpu = time.perf_counter(), time.process_time() - cpu_started
    assert result.error_count == 0, result.errors[:5]
    check = marks.get("written_from", ended) - started
    cpu_check = marks.get("cpu_written_from", cpu_started + cpu) - cpu_started
    return {
        "rows": created,
        "total": ended - started,
        "check": check,
        "write": ended - started - check,
        "cpu_total": cpu,
        "cpu_check": cpu_check,
        "cpu_write": cpu - cpu_check,
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000


def time_list(
    user: object, query: dict[str, object], requests: int
) -> tuple[str, float, float, float, float]:
    client = Client(HTTP_HOST="localhost")
    headers = {"Authorization": f"Bearer {org_services.token_issue(user=user)}"}  # type: ignore[arg-type]
    first = client.get("/api/v1/accounts/", query, headers=headers).json()
    seen = f"more than {first['count']:,}" if first.get("count_capped") else f"{first['count']:,}"
    latencies, cpu = [], []
    for i in range(requests):
        paged = {**query, "offset": (i * 50) % 1000} if "offset" in query else query
        started, cpu_started = time.perf_counter(), time.thread_time()
        response = client.get("/api/v1/accounts/", paged, headers=headers)
        latencies.append(time.perf_counter() - started)
        cpu.append(time.thread_time() - cpu_started)
        assert response.status_code == 200, response.content[:200]
    return (
        seen,
        percentile(latencies, 0.5),
        percentile(latencies, 0.95),
        percentile(cpu, 0.5),
        percentile(cpu, 0.95),
    )


def list_table(users: dict[str, Any], requests: int) -> list[str]:
    """Time the list API for each case; return the table's lines."""
    cases = [
        ("specialist, first page", users["zhangwei"], {}),
        ("KA manager, pages 1–20", users["liming"], {"offset": 0}),
        ("KA manager, status filter", users["liming"], {"status": "active"}),
        ("admin, pages 1–20", users["admin"], {"offset": 0}),
        ("admin, tier filter", users["admin"], {"tier": "A"}),
        ("admin, pinyin search `hzhd`", users["admin"], {"q": "hzhd"}),
    ]
    table = [
        "| list case | rows seen | p50 ms | p95 ms | CPU p50 ms | CPU p95 ms |",
        "|---|---|---|---|---|---|",
    ]
    for name, user, query in cases:
        seen, p50, p95, cpu50, cpu95 = time_list(user, query, requests)
        table.append(f"| {name} | {seen} | {p50:.1f} | {p95:.1f} | {cpu50:.1f} | {cpu95:.1f} |")
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--record", action="store_true")
    parser.add_argument(
        "--reuse", action="store_true", help="time the list only, on the accounts an earlier run imported"
    )
    args = parser.parse_args()
    rng = random.Random(2026)
    call_command("migrate", verbosity=0)
    if args.reuse:
        users = {u.username: u for u in User.objects.filter(username__in=["zhangwei", "liming", "admin"])}
        print("\n".join(list_table(users, args.requests)))
        return
    ctx = DemoContext(out=sys.stdout)
    seed_organisation(ctx)
    users = ctx.data["users"]
    # The import takes at most MAX_ROWS (100,000) rows a file, as the page says: larger sizes (the list
    # at 1,000,000 accounts) are imported as several files, one after the other, and their times summed.
    timing: dict[str, float] = {}
    for first in range(0, args.rows, spreadsheets.MAX_ROWS):
        size = min(spreadsheets.MAX_ROWS, args.rows - first)
        path = Path(os.environ["KAM_DATA_DIR"]) / f"accounts-{first}.xlsx"
        started = time.perf_counter()
        write_workbook(path, size, rng, first=first)
        megabytes = path.stat().st_size / 1e6
        print(
            f"wrote {size:,} rows ({megabytes:.1f} MB) in {time.perf_counter() - started:.1f} s", flush=True
        )
        for key, value in import_accounts(path, users["admin"]).items():
            timing[key] = timing.get(key, 0.0) + value
        path.unlink()
    rows = int(timing["rows"])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum leaves the table after a large import
            cursor.execute("VACUUM ANALYZE")
    phases = [
        ("import (read + check + write)", "total"),
        ("— read + check every row", "check"),
        ("— write (accounts + history + owner entries)", "write"),
    ]
    lines = [
        f"| {label} | {rows:,} | {timing[key]:.1f} s | {rows / timing[key]:,.0f} rows/s | "
        f"{timing['cpu_' + key]:.1f} s | {rows / timing['cpu_' + key]:,.0f} rows/s |"
        for label, key in phases
    ]
    table = list_table(users, args.requests)
    report = "\n".join(
        [
            f"`.venv/bin/python bench/accounts_bench.py --rows {args.rows} --requests {args.requests}` — "
            f"{date.today()}, {DATABASE[connection.vendor]}, {platform.machine()} {os.cpu_count()} CPU, "
            f"Python {platform.python_version()}, {Account.objects.count():,} accounts, "
            f"load average at the end {os.getloadavg()[0]:.1f}",
            "",
            "| import phase | rows | wall time | wall rate | CPU time | CPU rate |",
            "|---|---|---|---|---|---|",
            *lines,
            "",
            *table,
        ]
    )
    print(report)
    if args.record:
        with (ROOT / "bench" / "RESULTS.md").open("a") as results:
            results.write(f"\n## Accounts\n\n{report}\n")


if __name__ == "__main__":
    rules.search_keys("预热")  # load pypinyin's dictionaries before timing
    main()
