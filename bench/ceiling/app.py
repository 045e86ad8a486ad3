"""Settings, views and WSGI application of the ceiling in one module (``ceiling.app``).

It points at the database ``bench/run.py`` created (``DATABASE_URL``, or the SQLite file under
``KAM_DATA_DIR``) and serves what the stack itself allows: each view checks a bearer token with one
indexed lookup of its SHA-256 digest in kam's own token table, then reads or writes kam's tables with
one or two raw SQL statements. No middleware, no ORM, no history rows, no permission rules: whatever
kam spends beyond this is the price of its features.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.wsgi import get_wsgi_application
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

SECRET_KEY = "ceiling-benchmark-only"
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = __name__
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
USE_TZ = True
TIME_ZONE = "UTC"
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=600)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(Path(os.environ.get("KAM_DATA_DIR", ".")) / "kam.sqlite3"),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL;",
            },
        }
    }

ACCOUNT_COLUMNS = "id, name, short_name, status, tier_id, owner_id, department_id, industry, region_code"


def _viewer(request: HttpRequest) -> int | None:
    """Return the user id of the request's live bearer token: one lookup by the unique digest."""
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    digest = hashlib.sha256(token.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT user_id FROM org_apitoken WHERE key_hash = %s AND revoked_at IS NULL", [digest]
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None


def _unauthorised() -> HttpResponse:
    return JsonResponse({"detail": "Unauthorized"}, status=401)


def _account(row: tuple[Any, ...], names: list[str]) -> dict[str, Any]:
    return dict(zip(names, row, strict=True))


def account_list(request: HttpRequest) -> HttpResponse:
    """Page the live accounts, optionally of one status, in kam's order, with their count."""
    if _viewer(request) is None:
        return _unauthorised()
    limit = min(int(request.GET.get("limit", 50)), 200)
    offset = int(request.GET.get("offset", 0))
    where, params = "deleted_at IS NULL", []
    if request.GET.get("status"):
        where, params = "deleted_at IS NULL AND status = %s", [request.GET["status"]]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM accounts_account WHERE {where}", params)
        count = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT {ACCOUNT_COLUMNS} FROM accounts_account WHERE {where} "
            "ORDER BY search_pinyin, id LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        names = [c[0] for c in cursor.description]
        items = [_account(row, names) for row in cursor.fetchall()]
    return JsonResponse({"items": items, "count": count})


def account_get(request: HttpRequest, account_id: int) -> HttpResponse:
    if _viewer(request) is None:
        return _unauthorised()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {ACCOUNT_COLUMNS} FROM accounts_account WHERE id = %s AND deleted_at IS NULL",
            [account_id],
        )
        row = cursor.fetchone()
        names = [c[0] for c in cursor.description]
    if row is None:
        return JsonResponse({"detail": "Not Found"}, status=404)
    return JsonResponse(_account(row, names))


@csrf_exempt
def contact_create(request: HttpRequest) -> HttpResponse:
    if _viewer(request) is None:
        return _unauthorised()
    body = json.loads(request.body)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_contact (account_id, name, title, decision_role, mobile, other_phones, "
            "email, preferences, taboos, is_primary, created_at, updated_at) "
            "VALUES (%s, %s, %s, '', %s, '', '', '', '', %s, %s, %s)",
            [
                body["account_id"],
                body["name"],
                body.get("title", ""),
                body.get("mobile", ""),
                False,
                now,
                now,
            ],
        )
    return JsonResponse({"account_id": body["account_id"], "name": body["name"]}, status=201)


@csrf_exempt
def service_event_post(request: HttpRequest, request_id: int) -> HttpResponse:
    """Append one event row with the next sequence number of its request; retry when a neighbour took it."""
    user_id = _viewer(request)
    if user_id is None:
        return _unauthorised()
    body = json.loads(request.body)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    payload = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    for _attempt in range(5):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO service_serviceeventrow "
                    "(request_id, sequence, type, occurred_at, payload, recorded_by_id, recorded_at) "
                    "SELECT %s, COALESCE(MAX(sequence), 0) + 1, %s, %s, "
                    f"{payload}, %s, %s FROM service_serviceeventrow WHERE request_id = %s",
                    [
                        request_id,
                        body["type"],
                        now,
                        json.dumps(body.get("payload", {})),
                        user_id,
                        now,
                        request_id,
                    ],
                )
            return JsonResponse({"request_id": request_id}, status=201)
        except IntegrityError:
            continue
    return JsonResponse({"detail": "Conflict"}, status=409)


@csrf_exempt
def service_request_create(request: HttpRequest) -> HttpResponse:
    """Insert a request and as many pending milestones as the last request of its kind has."""
    if _viewer(request) is None:
        return _unauthorised()
    body = json.loads(request.body)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, policy_id FROM service_servicerequest WHERE kind = %s ORDER BY id DESC LIMIT 1",
            [body["kind"]],
        )
        model, policy = cursor.fetchone()
        values = [now, now, body["kind"], body.get("caller_phone", ""), body["summary"], now]
        cursor.execute(
            "INSERT INTO service_servicerequest (created_at, updated_at, kind, caller_phone, summary, "
            "category, status, opened_at, repeat_status, origin, account_id, policy_id) "
            "VALUES (%s, %s, %s, %s, %s, '', 'open', %s, '', '', %s, %s) RETURNING id",
            [*values, body.get("account_id"), policy],
        )
        (created,) = cursor.fetchone()
        cursor.execute(
            "INSERT INTO service_milestone (request_id, position, code, status, due_at, responsible_post, "
            "escalation_level) SELECT %s, position, code, 'pending', %s, responsible_post, 0 "
            "FROM service_milestone WHERE request_id = %s",
            [created, now, model],
        )
    return JsonResponse({"id": created}, status=201)


def ids(request: HttpRequest) -> HttpResponse:
    """Name the rows the load generator may address (not an operation: read once before driving)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM accounts_account WHERE deleted_at IS NULL ORDER BY id LIMIT 1000")
        accounts = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT id FROM service_servicerequest WHERE deleted_at IS NULL ORDER BY id LIMIT 1000"
        )
        requests = [row[0] for row in cursor.fetchall()]
    return JsonResponse({"accounts": accounts, "service_requests": requests})


# kam's own paths, so the ceiling can be sent the very requests kam is sent.
urlpatterns = [
    path("healthz", lambda request: HttpResponse("ok")),
    path("ids", ids),
    path("api/v1/accounts/", account_list),
    path("api/v1/accounts/<int:account_id>", account_get),
    path("api/v1/contacts/", contact_create),
    path("api/v1/service-requests/", service_request_create),
    path("api/v1/service-requests/<int:request_id>/events/", service_event_post),
]

application = get_wsgi_application()
