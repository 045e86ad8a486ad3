"""The operations the harness drives, each as the post that does it in real life.

Request ``i`` of a create carries distinct data (a different account, name or mobile number), so that
concurrent requests do not collide. The ids a request needs (a KA manager's accounts, the open
complaints) are read from the generated database once, before the first operation runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

IDS: dict[str, list[int]] = {}
"""Read by :func:`load_ids`: ``ka1``, ``accounts`` (of ka1), ``own`` (zhangwei's), ``open`` complaints."""

_IDS_SCRIPT = """
import json, django
django.setup()
from kam.accounts.models import Account
from kam.org.models import User
from kam.service.models import ServiceRequest
manager = User.objects.get(username="liming")
print(json.dumps({
    "ka1": [manager.department_id],
    "accounts": list(Account.objects.filter(department_id=manager.department_id).order_by("id")
                     .values_list("id", flat=True)[:2000]),
    "own": list(Account.objects.filter(owner__username="zhangwei").order_by("id")
                .values_list("id", flat=True)[:2000]),
    "open": list(ServiceRequest.objects.filter(status="open", kind="complaint").order_by("-id")
                 .values_list("id", flat=True)[:2000]),
}))
"""


def load_ids(env: dict[str, str]) -> None:
    """Read the ids the requests need from the benchmark database (once per run)."""
    if not IDS:
        out = subprocess.run([sys.executable, "-c", _IDS_SCRIPT], env=env, check=True, capture_output=True)
        IDS.update(json.loads(out.stdout))


def _noop(env: dict[str, str]) -> None:
    return None


def _pick(key: str, i: int) -> int:
    values = IDS[key]
    return values[i % len(values)]


@dataclass(frozen=True)
class Operation:
    name: str
    request: Callable[[int], tuple[str, str, str | None]]
    """Build request number ``i``: (method, path, JSON body or None)."""
    prepare: Callable[[dict[str, str]], None] = field(default=_noop)
    user: str = "admin"
    """Who sends it (a demo username): the API token, or the session for a page, is theirs."""
    page: bool = False
    """A page (signed in with a session cookie) rather than an API call (bearer token)."""


Request = Callable[[int], tuple[str, str, str | None]]


def get(path: str | Callable[[int], str]) -> Request:
    return lambda i: ("GET", path(i) if callable(path) else path, None)


def post(path: str | Callable[[int], str], body: Callable[[int], dict[str, object]]) -> Request:
    return lambda i: ("POST", path(i) if callable(path) else path, json.dumps(body(i)))


def _month(back: int) -> str:
    from datetime import date

    today = date.today()
    year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
    return f"{year}-{month + 1:02d}"


def _account_list(i: int) -> str:
    status = ("active", "developing", "dormant")[i % 3]
    return f"/api/v1/accounts/?status={status}&limit=50&offset={(i * 50) % 500}"


def _visit(i: int) -> dict[str, object]:
    return {
        "account_id": _pick("own", i),
        "plan_code": "ABC"[i % 3],
        "result_code": "BCE"[i % 3],
        "summary": f"基准拜访 {i}：了解采购计划，约定下次拜访",
        "person_visited": "王经理",
    }


def _contact(i: int) -> dict[str, object]:
    return {
        "account_id": _pick("accounts", i),
        "name": f"基准联系人{i}",
        "title": "采购经理",
        "mobile": f"139{i:08d}",
    }


BOARDS = {
    "specialist": "zhangwei",
    "ka_manager": "liming",
    "service": "chenjing",
    "discipline": "qianjin",
    "company": "zhenghua",
    "region": "zhoujianguo",
}

OPERATIONS: list[Operation] = [
    Operation("health check", get("/healthz")),
    Operation("users: list of 50", get("/api/v1/users/?limit=50")),
    Operation("users: get one", get("/api/v1/users/me")),
    Operation("calendar: month", get("/api/v1/calendar/2026-02")),
    Operation("accounts: list of 50, filtered, paged", get(_account_list), load_ids, user="liming"),
    Operation(
        "accounts: get one",
        get(lambda i: f"/api/v1/accounts/{_pick('accounts', i)}"),
        load_ids,
        user="liming",
    ),
    Operation(
        "accounts: 360° page", get(lambda i: f"/accounts/{_pick('accounts', i)}/"), load_ids, "liming", True
    ),
    Operation("contacts: create", post("/api/v1/contacts/", _contact), load_ids, user="liming"),
    Operation("visits: create", post("/api/v1/visits/", _visit), load_ids, user="zhangwei"),
    Operation(
        "service: post an event",
        post(
            lambda i: f"/api/v1/service-requests/{_pick('open', i)}/events/", lambda i: {"type": "call_ended"}
        ),
        load_ids,
        user="xuli",
    ),
    Operation(
        "service: create a request",
        post(
            "/api/v1/service-requests/",
            lambda i: {
                "kind": "complaint",
                "summary": f"基准投诉 {i}：送货延迟两天",
                "account_id": _pick("accounts", i),
                "caller_phone": f"139{i:08d}",
            },
        ),
        load_ids,
        user="xuli",
    ),
    Operation(
        "scorecards: department, last month",
        get(lambda i: f"/api/v1/scorecards/?month={_month(1)}&department_id={IDS['ka1'][0]}&limit=100"),
        load_ids,
        user="liming",
    ),
    *(
        Operation(f"dashboard: {board}", get(f"/api/v1/reports/dashboards/{board}"), user=username)
        for board, username in BOARDS.items()
    ),
]
