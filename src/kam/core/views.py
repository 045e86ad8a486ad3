"""The home page (the signed-in user's to-do list) and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from kam.core import calendar, clock
from kam.core.navigation import todo_for
from kam.core.types import AuthedRequest


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    today = clock.local_today()
    return render(
        request,
        "core/home.html",
        {
            "todo": todo_for(request.user),
            "today": today,
            "is_working_day": calendar.is_working_day(today),
            "month_last_working_day": calendar.last_working_day(today.year, today.month),
        },
    )


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Answer 200 when the database answers, 503 otherwise (for load balancers and monitors)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return JsonResponse({"status": "error", "database": str(exc)[:200]}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
