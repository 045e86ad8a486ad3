"""The ceiling server starts on kam's schema and answers every shared operation (SQLite or PostgreSQL).

The figures are measured by ``bench/run.py --ceiling``, not asserted here: this only proves that the raw
SQL fits kam's real tables, that a kam token is accepted and a wrong one refused, and that the writes land.
"""

from __future__ import annotations

import http.client
import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from kam.accounts.models import Contact
from kam.org import services as org_services
from kam.service.models import Milestone, ServiceEventRow
from tests.factories import admin_user
from tests.factories_accounts import AccountFactory
from tests.service.factories import agent, open_request

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import ceiling  # noqa: E402
import sides  # noqa: E402


@pytest.fixture
def served(
    transactional_db: Any, django_db_serialized_rollback: Any, tmp_path: Path
) -> Iterator[dict[str, Any]]:
    """Serve the ceiling with one worker over a committed copy of a tiny kam database.

    Committed (``transactional_db``) so the server's own connection sees the rows, and rolled back by
    serialization, as every transactional test here is: a plain flush would empty the reference rows
    migrations seed for the tests that follow on the same worker.
    """
    admin = admin_user()
    accounts = AccountFactory.create_batch(3)
    request = open_request(agent())
    token = org_services.token_issue(user=admin)
    env = {"KAM_DATA_DIR": str(tmp_path)}
    if connection.vendor == "sqlite":
        # The test database lives in memory; the server needs it in a file.
        connection.ensure_connection()
        with sqlite3.connect(tmp_path / "kam.sqlite3") as copy:
            connection.connection.backup(copy)
    else:
        settings = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/"
            f"{settings['NAME']}"
        )
    port = sides.free_port()
    command = sides.gunicorn_command(sys.executable, "ceiling.app:application", port, 1)
    server_env = {**os.environ, **env, "DJANGO_SETTINGS_MODULE": "ceiling.app", "PYTHONPATH": str(BENCH)}
    if "DATABASE_URL" not in env:
        server_env.pop("DATABASE_URL", None)
    with sides.serving(command, server_env, tmp_path, "/healthz", port):
        yield {
            "port": port,
            "token": token,
            "accounts": [a.pk for a in accounts],
            "request": request.pk,
            "env": env,
        }


def _call(port: int, token: str, method: str, path: str, body: str | None) -> tuple[int, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body, {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    response = conn.getresponse()
    return response.status, json.loads(response.read() or b"null")


def test_ceiling_answers_every_shared_operation_and_only_to_a_kam_token(served: dict[str, Any]) -> None:
    port, token = served["port"], served["token"]
    ops = {op.name: op for op in ceiling.operations(served["accounts"], [served["request"]])}
    assert set(ops) == {
        sides.ACCOUNT_LIST,
        sides.ACCOUNT_GET,
        sides.CONTACT_CREATE,
        sides.SERVICE_EVENT,
        sides.SERVICE_REQUEST_CREATE,
    }

    assert _call(port, "not-a-token", *ops[sides.ACCOUNT_LIST].request(0))[0] == 401
    status, page = _call(port, token, *ops[sides.ACCOUNT_LIST].request(0))
    assert status == 200
    assert page["count"] == 3
    assert len(page["items"]) == 3

    status, one = _call(port, token, *ops[sides.ACCOUNT_GET].request(1))
    assert (status, one["id"]) == (200, served["accounts"][1])

    for i in range(2):
        assert _call(port, token, *ops[sides.CONTACT_CREATE].request(i))[0] == 201
        assert _call(port, token, *ops[sides.SERVICE_EVENT].request(i))[0] == 201
    status, created = _call(port, token, *ops[sides.SERVICE_REQUEST_CREATE].request(0))
    assert status == 201
    milestones = "SELECT count(*) FROM service_milestone WHERE request_id = {}"

    if "DATABASE_URL" in served["env"]:
        assert Contact.objects.filter(name__startswith="Bench ").count() == 2
        events = ServiceEventRow.objects.filter(request_id=served["request"], type="call_ended")
    else:
        copy = sqlite3.connect(Path(served["env"]["KAM_DATA_DIR"]) / "kam.sqlite3")
        assert (
            copy.execute("SELECT count(*) FROM accounts_contact WHERE name LIKE 'Bench %'").fetchone()[0] == 2
        )
        sequences = copy.execute(
            "SELECT sequence FROM service_serviceeventrow WHERE request_id = ? AND type = 'call_ended'",
            [served["request"]],
        ).fetchall()
        assert len({s for (s,) in sequences}) == len(sequences) == 2
        model = copy.execute(milestones.format(served["request"])).fetchone()[0]
        assert copy.execute(milestones.format(created["id"])).fetchone()[0] == model > 0
        return
    assert events.count() == 2
    model = Milestone.objects.filter(request_id=served["request"]).count()
    assert Milestone.objects.filter(request_id=created["id"]).count() == model > 0


def test_comparison_pairs_operations_by_name_and_leaves_missing_sides_blank() -> None:
    class R:
        def __init__(self, name: str, requests: int, seconds: float, errors: int = 0) -> None:
            self.name, self.requests, self.errors, self.seconds = name, requests, errors, seconds
            self.latencies = [0.010] * requests

    table = sides.comparison(
        [R("accounts: get one", 100, 1.0), R("users: get one", 50, 1.0)],
        [R("accounts: get one", 10, 1.0)],
        [R("accounts: get one", 200, 1.0), R("contacts: create", 30, 1.0, errors=1)],
    )
    rows = {line.split(" | ")[0].lstrip("| "): line for line in table.splitlines()[2:]}
    assert (
        rows["accounts: get one"]
        == "| accounts: get one | 100.0 | 10.0 | 10.0 | 10.0 | 200.0 | 10.0 | 10.00 | 0.50 |"
    )
    assert rows["users: get one"] == "| users: get one | 50.0 | 10.0 |  |  |  |  |  |  |"
    assert rows["contacts: create"] == "| contacts: create |  |  |  |  | 30.0 (1 errors) | 10.0 |  |  |"
