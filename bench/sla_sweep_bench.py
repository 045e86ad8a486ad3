"""SLA sweep and event ingestion benchmark (D10, issue 6).

    .venv/bin/python bench/sla_sweep_bench.py --milestones 1000000 --due 1000 --events 500 [--record]

Without ``DATABASE_URL`` it builds a fresh SQLite database in a temporary data folder; with it, the
PostgreSQL database named there (it must be empty and disposable). It creates one open complaint per five
milestones, bulk-inserts ``--milestones`` pending milestones of which ``--due`` fall due before the sweep's
``now``, and times :func:`kam.service.sweep.sla_sweep` (the breach, the notification to the assignee and
their supervisor, all in one run), then a second sweep that finds nothing. Then it posts ``--events``
events through the API (``POST /api/v1/service-requests/{id}/events/``) and reports events per second.
``--record`` appends the table to bench/RESULTS.md under "SLA sweep".
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("KAM_DATA_DIR", tempfile.mkdtemp(prefix="kam-sla-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kam.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from kam.org import services as org_services  # noqa: E402
from kam.org.models import Department, Post, User  # noqa: E402
from kam.service.models import Milestone, ServiceRequest, SlaPolicy  # noqa: E402
from kam.service.sweep import sla_sweep  # noqa: E402

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 10, 15, 10, 0, tzinfo=SH)
BATCH = 5000
CODES = (
    "reply_time_agreed",
    "department_notified",
    "customer_informed",
    "supervision",
    "satisfaction_callback",
)


def build(milestones: int, due: int) -> User:
    """Create the desk agent, one complaint per five milestones, and the milestones themselves."""
    department, _ = Department.objects.get_or_create(name="基准测试部")
    supervisor, _ = User.objects.get_or_create(
        username="bench-boss", defaults={"full_name": "主管", "department": department}
    )
    agent, _ = User.objects.get_or_create(
        username="bench-agent",
        defaults={"full_name": "坐席", "department": department, "supervisor": supervisor},
    )
    post = Post.objects.get(code="call_centre")
    agent.posts.add(post)
    policy = SlaPolicy.objects.get(kind="complaint", active=True)
    requests = (milestones + len(CODES) - 1) // len(CODES)
    if connection.vendor == "postgresql":
        _build_in_postgresql(agent, department, policy, requests, milestones, due)
        return agent
    made = 0
    for start in range(0, requests, BATCH):
        rows = ServiceRequest.objects.bulk_create(
            [
                ServiceRequest(kind="complaint", summary=f"基准{i}", caller_phone="13800138000",
                               policy=policy, opened_at=NOW - timedelta(hours=1), assignee=agent,
                               department=department)
                for i in range(start, min(requests, start + BATCH))
            ]
        )  # fmt: skip
        batch = []
        for request in rows:
            for position, code in enumerate(CODES):
                if made >= milestones:
                    break
                late = made < due
                at = NOW - timedelta(minutes=5) if late else NOW + timedelta(days=1, seconds=made)
                batch.append(Milestone(request=request, position=position, code=code, status="pending",
                                       due_at=at, responsible_post="call_centre"))  # fmt: skip
                made += 1
        Milestone.objects.bulk_create(batch)
    return agent


def _build_in_postgresql(
    agent: User, department: Department, policy: SlaPolicy, requests: int, milestones: int, due: int
) -> None:
    """Generate the rows inside PostgreSQL (``generate_series``): the ORM path's rows, in seconds."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE service_milestone, service_serviceeventrow, service_servicerequest CASCADE")
        cursor.execute(
            """
            INSERT INTO service_servicerequest (created_at, updated_at, kind, caller_phone, summary, category,
                department_id, assignee_id, status, policy_id, opened_at, repeat_status, origin)
            SELECT now(), now(), 'complaint', '13800138000', '基准' || n, '', %s, %s, 'open', %s, %s, '', ''
            FROM generate_series(1, %s) AS n
            """,
            [department.pk, agent.pk, policy.pk, NOW - timedelta(hours=1), requests],
        )
        cursor.execute(
            """
            INSERT INTO service_milestone (request_id, position, code, status, due_at, responsible_post,
                escalation_level)
            SELECT r.id, c.position, c.code, 'pending',
                CASE WHEN m.n <= %s THEN %s ELSE %s + (m.n * interval '1 second') END, 'call_centre', 0
            FROM (SELECT id, row_number() OVER (ORDER BY id) AS k FROM service_servicerequest) AS r
            CROSS JOIN unnest(%s::text[]) WITH ORDINALITY AS c(code, position)
            CROSS JOIN LATERAL (SELECT (r.k - 1) * %s + c.position AS n) AS m
            WHERE m.n <= %s
            """,
            [due, NOW - timedelta(minutes=5), NOW + timedelta(days=1), list(CODES), len(CODES), milestones],
        )
        cursor.execute("ANALYZE service_milestone")
        cursor.execute("ANALYZE service_servicerequest")


def time_sweep() -> tuple[float, int, float, int]:
    with CaptureQueriesContext(connection) as first_queries:
        started = time.perf_counter()
        result = sla_sweep(now=NOW)
        first = time.perf_counter() - started
    started = time.perf_counter()
    again = sla_sweep(now=NOW)
    second = time.perf_counter() - started
    assert again.breached == 0
    return first, result.breached, second, len(first_queries.captured_queries)


def time_events(agent: User, events: int) -> float:
    token = org_services.token_issue(user=agent)
    client = Client(headers={"Authorization": f"Bearer {token}"}, SERVER_NAME="localhost")
    ids = list(ServiceRequest.objects.order_by("-pk").values_list("pk", flat=True)[: max(1, events // 4)])
    kinds = ["call_answered", "call_ended", "department_notified", "customer_informed"]
    started = time.perf_counter()
    for n in range(events):
        type_ = kinds[n % 4]
        body: dict[str, object] = {"type": type_, "occurred_at": (NOW + timedelta(minutes=n % 4)).isoformat()}
        if type_ == "call_answered":
            body["rings"] = 2
        if type_ == "department_notified":
            body["department_id"] = agent.department_id
        response = client.post(f"/api/v1/service-requests/{ids[n // 4 % len(ids)]}/events/", body,
                               content_type="application/json")  # fmt: skip
        assert response.status_code == 201, response.content
    return events / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--milestones", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    reverse("service_queue")  # import the URLconf now, not inside the first timed sweep
    started = time.perf_counter()
    agent = build(args.milestones, args.due)
    built = time.perf_counter() - started
    first, breached, second, queries = time_sweep()
    rate = time_events(agent, args.events)
    table = (
        f"| {connection.vendor} | {args.milestones:,} | {breached:,} | {first:.3f} s ({queries} queries) "
        f"| {second:.3f} s | {rate:.0f} events/s | {built:.0f} s |"
    )
    print(table)
    if args.record:
        with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as out:
            out.write(
                f"\n## SLA sweep\n\n`{' '.join(['sla_sweep_bench.py', *sys.argv[1:]])}` on {platform.node()} "
                f"({platform.processor() or platform.machine()}, {os.cpu_count()} cores)\n\n"
                "| database | open milestones | breached | sweep | empty sweep | API events | build |\n"
                "|---|---|---|---|---|---|---|\n" + table + "\n"
            )


if __name__ == "__main__":
    main()
