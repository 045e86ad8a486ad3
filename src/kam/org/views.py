"""Pages of the organisation: profiles with duties and history, the directory, API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kam.core.audit import history_entries
from kam.core.types import AuthedRequest
from kam.org import selectors, services
from kam.org.models import ApiToken


@login_required
def profile(request: AuthedRequest, user_id: int | None = None) -> HttpResponse:
    """Show a user's posts and the duties that come with them (A2, A4), and the record's history."""
    person = selectors.user_get(viewer=request.user, user_id=user_id or request.user.pk)
    codes = [p.code for p in person.posts.all()]
    own = person.pk == request.user.pk
    return render(
        request,
        "org/profile.html",
        {
            "person": person,
            "posts": selectors.posts_with_duties().filter(code__in=codes),
            "history": history_entries(person),
            "own": own,
            "tokens": ApiToken.objects.filter(user=person, revoked_at__isnull=True) if own else [],
            "new_token": request.session.pop("new_token", None) if own else None,
        },
    )


@login_required
@require_POST
def token_create(request: AuthedRequest) -> HttpResponse:
    request.session["new_token"] = services.token_issue(
        user=request.user,
        name=request.POST.get("name", "")[:100] or "api",
    )
    messages.success(request, _("A new API token was created. Copy it now: it is shown only once."))
    return redirect("profile")


@login_required
@require_POST
def token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    from kam.core import clock

    ApiToken.objects.filter(pk=token_id, user=request.user).update(revoked_at=clock.now())
    messages.success(request, _("The token was revoked."))
    return redirect("profile")


@login_required
def directory(request: AuthedRequest) -> HttpResponse:
    """The organisation chart: departments in tree order with heads and members."""
    return render(request, "org/directory.html", {"departments": selectors.department_directory()})
