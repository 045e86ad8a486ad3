"""The ceiling: a bare Django project serving the shared operations with raw SQL (``ceiling/app.py``).

``measure`` serves it with the same server and worker count as kam, against the database the harness
created, and drives the same load; the bearer token is the one kam issued, checked the same way (one
lookup of its SHA-256 digest in kam's token table).
"""

from __future__ import annotations

import http.client
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from operations import Operation, get, post
from sides import (
    ACCOUNT_GET,
    ACCOUNT_LIST,
    CONTACT_CREATE,
    SERVICE_EVENT,
    SERVICE_REQUEST_CREATE,
    Measured,
    free_port,
    gunicorn_command,
    serving,
)

BENCH = Path(__file__).resolve().parents[1]
SHARED = {ACCOUNT_LIST, ACCOUNT_GET, CONTACT_CREATE, SERVICE_EVENT, SERVICE_REQUEST_CREATE}
Drive = Callable[..., Measured]


def operations(
    account_ids: list[int], request_ids: list[int], ours: Sequence[Operation] = ()
) -> list[Operation]:
    """Return the ceiling's operations: kam's own where it has them (same requests), else built here.

    The ceiling serves kam's paths, so an operation of ``ours`` with a shared name is sent unchanged;
    the others address kam's rows by id (the first 1,000 live accounts, the first 1,000 open requests).
    """
    if not account_ids:
        return []
    shared = {op.name: op for op in ours if op.name in SHARED}

    def account(i: int) -> int:
        return account_ids[i % len(account_ids)]

    def contact(i: int) -> dict[str, object]:
        return {"account_id": account(i), "name": f"Bench {i}", "title": "Buyer", "mobile": f"139{i:08d}"}

    def event(i: int) -> str:
        return f"/api/v1/service-requests/{request_ids[i % len(request_ids)]}/events/"

    built = [
        Operation(ACCOUNT_LIST, get("/api/v1/accounts/?limit=50")),
        Operation(ACCOUNT_GET, get(lambda i: f"/api/v1/accounts/{account(i)}")),
        Operation(CONTACT_CREATE, post("/api/v1/contacts/", contact)),
    ]
    if request_ids:
        built.append(Operation(SERVICE_EVENT, post(event, lambda i: {"type": "call_ended"})))
        complaint = {"kind": "complaint", "summary": "Late delivery", "caller_phone": "13900000000"}
        built.append(
            Operation(
                SERVICE_REQUEST_CREATE,
                post("/api/v1/service-requests/", lambda i: {**complaint, "account_id": account(i)}),
            )
        )
    return [shared.get(op.name, op) for op in built]


def _ids(port: int) -> dict[str, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/ids")
    return dict(json.loads(conn.getresponse().read()))


def measure(
    env: dict[str, str], token: str, args: Any, drive: Drive, ours: Sequence[Operation] = ()
) -> list[Measured]:
    """Serve the ceiling with ``args.workers`` workers and drive each operation like ours."""
    port = free_port()
    ceiling_env = {**env, "DJANGO_SETTINGS_MODULE": "ceiling.app", "PYTHONPATH": str(BENCH)}
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    results = []
    with tempfile.TemporaryDirectory(prefix="kam-ceiling-") as folder:
        command = gunicorn_command(sys.executable, "ceiling.app:application", port, args.workers)
        with serving(command, ceiling_env, Path(folder), "/healthz", port):
            ids = _ids(port)
            for op in operations(ids["accounts"], ids["service_requests"], ours):
                op.prepare(env)
                results.append(
                    drive("127.0.0.1", port, op, headers, args.requests, args.concurrency, args.time_limit)
                )
                print(f"ceiling: {results[-1].row()}", flush=True)  # type: ignore[attr-defined]
    return results
