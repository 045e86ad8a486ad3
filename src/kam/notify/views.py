"""The notification list, with marking as read (htmx updates the row in place)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kam.core.types import AuthedRequest
from kam.notify import selectors, services


@login_required
def notification_list(request: AuthedRequest) -> HttpResponse:
    unread = request.GET.get("unread") == "1"
    rows = selectors.notification_list(user=request.user, unread=True if unread else None)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "notify/list.html", {"page": page, "unread_only": unread})


@login_required
@require_POST
def mark_read(request: AuthedRequest, notification_id: int) -> HttpResponse:
    note = services.notification_mark_read(user=request.user, notification_id=notification_id)
    if request.htmx:
        return render(request, "notify/_row.html", {"note": note})
    return redirect(note.link or "notifications")


@login_required
@require_POST
def mark_all_read(request: AuthedRequest) -> HttpResponse:
    services.notifications_mark_all_read(user=request.user)
    return redirect("notifications")
