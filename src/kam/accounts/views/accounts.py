"""Pages of key accounts: the list with search and filters, the pool, the 360° page, create and edit,
assignment, status moves and exports (A2k, A4a, A1, F2, F5)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kam.accounts import exports, overview, permissions, selectors, services
from kam.accounts.forms import AccountForm, AssignForm, submit
from kam.accounts.models import Account, AccountStatus, AccountTier
from kam.core.errors import ApplicationError, Forbidden, NotFound
from kam.core.pagination import CappedPaginator
from kam.org.models import User

PAGE_SIZE = 25
FILTERS = ("q", "status", "tier", "owner_id", "department_id", "pool")


def viewer(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def flash_error(request: HttpRequest, error: ApplicationError) -> None:
    """Show a refused action's message on the next page; a refusal of access stays a 403/404 (A1)."""
    if isinstance(error, (Forbidden, NotFound)):
        raise error
    messages.error(request, error.localized())


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def list_filters(request: HttpRequest) -> dict[str, Any]:
    """Read the list's filters from the query string; a malformed number is ignored."""
    get = request.GET
    return {
        "q": get.get("q", "").strip()[:100] or None,
        "status": get.get("status") or None,
        "tier": get.get("tier") or None,
        "owner_id": _int(get.get("owner_id")),
        "department_id": _int(get.get("department_id")),
        "pool": True if get.get("pool") == "1" else None,
    }


@login_required
def account_list(request: HttpRequest) -> HttpResponse:
    """The accounts the user sees, searchable by name, pinyin or initials, filtered and paged."""
    filters = list_filters(request)
    rows = selectors.account_list(viewer=viewer(request), **filters)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: request.GET[k] for k in FILTERS if request.GET.get(k)})
    context = {
        "page": page,
        "filters": filters,
        "query": query,
        "statuses": AccountStatus.choices,
        "tiers": AccountTier.objects.all(),
        "owners": selectors.assignable_owners(viewer=viewer(request)),
        "departments": selectors.manageable_departments(viewer=viewer(request)),
    }
    template = "accounts/_results.html" if getattr(request, "htmx", False) else "accounts/list.html"
    return render(request, template, context)


@login_required
def account_export(request: HttpRequest, fmt: str) -> Any:
    """Download the filtered list as .xlsx or .csv (F2)."""
    if fmt not in ("xlsx", "csv"):
        raise Http404
    filters = list_filters(request)
    return exports.export("accounts", selectors.account_list(viewer=viewer(request), **filters), fmt)


@login_required
def contact_export(request: HttpRequest, fmt: str) -> Any:
    """Download contacts as .xlsx or .csv (F2): those of one account (``account_id``), or those of the
    accounts of the list as filtered (the list's own query string)."""
    if fmt not in ("xlsx", "csv"):
        raise Http404
    user = viewer(request)
    account_id = _int(request.GET.get("account_id"))
    rows = selectors.contact_list(viewer=user, account_id=account_id)
    if account_id is None:
        filters = list_filters(request)
        if any(value is not None for value in filters.values()):
            rows = rows.filter(account__in=selectors.account_list(viewer=user, **filters).values("pk"))
    return exports.export("contacts", rows, fmt)


@login_required
def account_pool(request: HttpRequest) -> HttpResponse:
    """The department pool: unowned accounts a specialist may claim (A1, A4a)."""
    q = request.GET.get("q", "").strip()[:100] or None
    page = Paginator(selectors.pool_list(viewer=viewer(request), q=q), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/pool.html",
        {"page": page, "q": q or "", "can_claim": viewer(request).holds("specialist")},
    )


@login_required
@require_POST
def account_claim(request: HttpRequest, account_id: int) -> HttpResponse:
    try:
        account = services.account_claim(actor=viewer(request), account_id=account_id)
    except ApplicationError as error:
        if isinstance(error, (Forbidden, NotFound)):
            raise
        if getattr(request, "htmx", False):
            return render(
                request, "accounts/_claim_result.html", {"error": error.localized()}, status=error.status
            )
        messages.error(request, error.localized())
        return redirect("accounts:pool")
    if getattr(request, "htmx", False):
        return render(request, "accounts/_claim_result.html", {"account": account})
    messages.success(request, _("The account is yours now."))
    return redirect("accounts:detail", account_id=account.pk)


@login_required
def account_detail(request: HttpRequest, account_id: int) -> HttpResponse:
    """The account 360° page: profile, contacts, owner history, contracts, receivables, deals, history."""
    data = overview.account_overview(viewer=viewer(request), account_id=account_id)
    return render(
        request,
        "accounts/detail.html",
        {"o": data, "account": data.account, "near_duplicates": request.session.pop("near_duplicates", [])},
    )


def _form_choices(user: User, creating: bool) -> dict[str, Any]:
    managed = selectors.manageable_departments(viewer=user)
    channels = [(c.pk, c.name) for c in selectors.channel_list(viewer=user)[:500]]
    if not creating or not managed:
        return {"channels": channels}
    return {"owners": selectors.assignable_owners(viewer=user), "departments": managed, "channels": channels}


def _after_save(request: HttpRequest, saved: services.AccountSaved, text: str) -> HttpResponse:
    messages.success(request, text)
    if saved.warnings:
        request.session["near_duplicates"] = [{"id": w.id, "name": w.name} for w in saved.warnings]
    return redirect("accounts:detail", account_id=saved.account.pk)


@login_required
def account_create(request: HttpRequest) -> HttpResponse:
    """Create an account; a similar existing name is shown with a link after saving (A2k)."""
    user = viewer(request)
    permissions.require(user.holds(*selectors.ACCOUNT_WRITE_REACH))
    form = AccountForm(
        request.POST or None, initial={"tier": "C", "status": "prospect"}, **_form_choices(user, True)
    )
    if request.method == "POST" and form.is_valid():
        saved = submit(form, lambda: services.account_create(actor=user, **form.values()))
        if saved is not None:
            return _after_save(request, saved, _("The account was created."))
    return render(request, "accounts/form.html", {"form": form, "title": _("New key account")})


def _initial(account: Account) -> dict[str, Any]:
    names = [f for f in AccountForm.base_fields if hasattr(account, f)]
    initial = {name: getattr(account, name) for name in names}
    initial.update(tier=account.tier_id, source_channel_id=account.source_channel_id)
    return {k: ("" if v is None else v) for k, v in initial.items()}


@login_required
def account_edit(request: HttpRequest, account_id: int) -> HttpResponse:
    user = viewer(request)
    account = selectors.account_get(viewer=user, account_id=account_id)
    permissions.require(permissions.can_edit_account(user, account))
    form = AccountForm(
        request.POST or None, initial=_initial(account), creating=False, **_form_choices(user, False)
    )
    if request.method == "POST" and form.is_valid():
        saved = submit(form, lambda: services.account_update(actor=user, account=account, **form.values()))
        if saved is not None:
            return _after_save(request, saved, _("The account was saved."))
    return render(request, "accounts/form.html", {"form": form, "title": account.name, "back": account.pk})


@login_required
def account_assign(request: HttpRequest, account_id: int) -> HttpResponse:
    """Reassign an account or send it back to the pool, with a reason kept in the owner history."""
    user = viewer(request)
    account = selectors.account_get(viewer=user, account_id=account_id)
    permissions.require(permissions.can_manage_account(user, account))
    form = AssignForm(request.POST or None, owners=selectors.assignable_owners(viewer=user))
    if request.method == "POST" and form.is_valid():
        done = submit(form, lambda: services.account_assign(actor=user, account=account, **form.values()))
        if done is not None:
            messages.success(request, _("The owner was changed."))
            return redirect("accounts:detail", account_id=account.pk)
    title = _("Change the owner of %(name)s") % {"name": account.name}
    return render(request, "accounts/form.html", {"form": form, "title": title, "back": account.pk})


@login_required
@require_POST
def account_transition(request: HttpRequest, account_id: int) -> HttpResponse:
    user = viewer(request)
    account = selectors.account_get(viewer=user, account_id=account_id)
    try:
        services.account_transition(actor=user, account=account, status=request.POST.get("status", ""))
        messages.success(request, _("The status was changed."))
    except ApplicationError as error:
        flash_error(request, error)
    return redirect("accounts:detail", account_id=account.pk)


@login_required
@require_POST
def account_delete(request: HttpRequest, account_id: int) -> HttpResponse:
    user = viewer(request)
    account = selectors.account_get(viewer=user, account_id=account_id)
    try:
        services.account_delete(actor=user, account=account, reason=request.POST.get("reason", ""))
    except ApplicationError as error:
        flash_error(request, error)
        return redirect("accounts:detail", account_id=account.pk)
    messages.success(request, _("The account was deleted."))
    return redirect("accounts:list")
