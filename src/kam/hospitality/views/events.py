"""Pages of banquets (D2) and reception and send-off plans (D18, D19)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kam.accounts import selectors as accounts
from kam.core import audit, clock
from kam.core.errors import Conflict, Forbidden, ValidationFailed
from kam.core.types import AuthedRequest
from kam.hospitality import selectors
from kam.hospitality.forms import BanquetEditForm, GuestFormSet, ReceptionForm, SeatingForm, TaskForm
from kam.hospitality.models import Banquet
from kam.hospitality.services import banquets, receptions
from kam.org.models import User

Refusal = (ValidationFailed, Conflict)
_BANQUET_FIELDS = (
    "title",
    "level",
    "form",
    "cuisine",
    "purpose",
    "meal",
    "venue",
    "principal_identity",
    "principal_nationality",
    "principal_customs",
    "principal_preferences",
    "invitations_sent_on",
    "table_size",
    "table_count",
    "menu_notes",
)


def _accounts(user: User) -> Any:
    """The customers a banquet or a reception may be for: the accounts the user may see."""
    return accounts.account_list(viewer=user)[:300]


@login_required
def banquet_list(request: AuthedRequest) -> HttpResponse:
    page = Paginator(selectors.banquet_list(viewer=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "hospitality/banquet_list.html", {"page": page})


@login_required
def banquet_create(request: AuthedRequest) -> HttpResponse:
    """A new banquet being prepared (D2)."""
    form = BanquetEditForm(request.POST or None, accounts=_accounts(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            created = banquets.banquet_create(actor=request.user, **form.service_values())
        except Refusal as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The banquet is saved; now add its guests."))
            return redirect("hospitality:banquet_guests", banquet_id=created.pk)
    return render(request, "hospitality/form.html", {"form": form, "title": _("New banquet")})


def _own(request: AuthedRequest, banquet_id: int) -> Banquet:
    banquet = selectors.banquet_get(viewer=request.user, banquet_id=banquet_id)
    if banquet.organiser_id != request.user.pk and not request.user.holds("admin"):
        raise Forbidden(banquets.NOT_ORGANISER)
    return banquet


@login_required
def banquet_edit(request: AuthedRequest, banquet_id: int) -> HttpResponse:
    banquet = _own(request, banquet_id)
    initial = {name: getattr(banquet, name) for name in _BANQUET_FIELDS}
    initial["starts_at"] = clock.localtime(banquet.starts_at).strftime("%Y-%m-%dT%H:%M")
    initial["taboo_dates"] = ", ".join(banquet.taboo_dates)
    initial["account"] = banquet.account_id
    form = BanquetEditForm(request.POST or None, initial=initial, accounts=_accounts(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            banquets.banquet_update(actor=request.user, banquet=banquet, **form.service_values())
        except Refusal as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The banquet is saved."))
            return redirect("hospitality:banquet_detail", banquet_id=banquet.pk)
    context = {"form": form, "title": _("Change banquet"), "back": banquet.get_absolute_url()}
    return render(request, "hospitality/form.html", context)


@login_required
def banquet_detail(request: AuthedRequest, banquet_id: int) -> HttpResponse:
    banquet = selectors.banquet_get(viewer=request.user, banquet_id=banquet_id)
    can_edit = banquet.organiser_id == request.user.pk or request.user.holds("admin")
    context = {
        "banquet": banquet,
        "guests": list(banquet.guests.all()),
        "warnings": selectors.banquet_warnings(banquet),
        "taboos": selectors.menu_taboos(banquet),
        "tables": selectors.seating_view(banquet),
        "serving": selectors.serving_order(banquet),
        "can_edit": can_edit,
        "seating_form": SeatingForm(
            initial={"table_size": banquet.table_size, "tables": banquet.table_count}
        ),
        "history": audit.history_entries(banquet, limit=20),
    }
    return render(request, "hospitality/banquet_detail.html", context)


def _guest_rows(banquet: Banquet) -> list[dict[str, Any]]:
    guests = list(banquet.guests.all())
    position = {g.pk: i + 1 for i, g in enumerate(guests)}
    return [
        {
            "name": g.name,
            "title": g.title,
            "side": g.side,
            "role": g.role,
            "rank": g.rank,
            "spouse_of": position.get(g.spouse_of_id) if g.spouse_of_id else None,
            "is_interpreter": g.is_interpreter,
            "female": g.female,
            "contact": g.contact_id,
            "taboos": g.taboos,
            "invitation": g.invitation,
        }
        for g in guests
    ]


@login_required
def banquet_guests(request: AuthedRequest, banquet_id: int) -> HttpResponse:
    """The guest list: side, rank, title, spouse, interpreter, taboos and invitation (D2)."""
    banquet = _own(request, banquet_id)
    contacts = (
        list(accounts.contact_list(viewer=request.user, account_id=banquet.account_id)[:200])
        if banquet.account_id
        else []
    )
    formset = GuestFormSet(
        request.POST or None, initial=_guest_rows(banquet), form_kwargs={"contacts": contacts}, prefix="g"
    )
    error = ""
    if request.method == "POST" and formset.is_valid():
        rows = []
        for data in formset.cleaned_data:
            if data and (data.get("name") or "").strip():
                row = dict(data)
                row["contact_id"] = row.pop("contact")
                rows.append(row)
        try:
            banquets.banquet_set_guests(actor=request.user, banquet=banquet, guests=rows)
        except Refusal as refusal:
            error = refusal.localized()
        else:
            messages.success(request, _("The guest list is saved."))
            return redirect("hospitality:banquet_detail", banquet_id=banquet.pk)
    return render(
        request, "hospitality/guests.html", {"banquet": banquet, "formset": formset, "error": error}
    )


@login_required
@require_POST
def banquet_seat(request: AuthedRequest, banquet_id: int) -> HttpResponse:
    """Seat the attending guests by the etiquette rules (D2-seat)."""
    banquet = _own(request, banquet_id)
    form = SeatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("hospitality:banquet_detail", banquet_id=banquet.pk)
    try:
        banquets.banquet_seat(
            actor=request.user,
            banquet=banquet,
            table_size=form.cleaned_data["table_size"],
            tables=form.cleaned_data["tables"],
        )
    except Refusal as refusal:
        messages.error(request, refusal.localized())
    else:
        messages.success(request, _("The seating plan is made."))
    return redirect("hospitality:banquet_detail", banquet_id=banquet.pk)


@login_required
def banquet_chart(request: AuthedRequest, banquet_id: int) -> HttpResponse:
    """The seat chart as an SVG picture (D2-seat)."""
    banquet = selectors.banquet_get(viewer=request.user, banquet_id=banquet_id)
    tables = selectors.seating_view(banquet)
    rows = (len(tables) + 2) // 3 or 1
    width = 320 * min(max(len(tables), 1), 3)
    return render(
        request,
        "hospitality/chart.svg",
        {"banquet": banquet, "tables": tables, "width": width, "height": 320 * rows},
        content_type="image/svg+xml",
    )


@login_required
def banquet_cards(request: AuthedRequest, banquet_id: int) -> HttpResponse:
    """Place cards and table cards for printing (D2-seat)."""
    banquet = selectors.banquet_get(viewer=request.user, banquet_id=banquet_id)
    context = {"banquet": banquet, "tables": selectors.seating_view(banquet)}
    return render(request, "hospitality/cards.html", context)


@login_required
def reception_list(request: AuthedRequest) -> HttpResponse:
    page = Paginator(selectors.reception_list(viewer=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "hospitality/reception_list.html", {"page": page})


@login_required
def reception_create(request: AuthedRequest) -> HttpResponse:
    """A reception and send-off plan for a key account's visit (D18, D19)."""
    form = ReceptionForm(request.POST or None, accounts=_accounts(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            plan = receptions.reception_create(actor=request.user, **form.service_values())
        except Refusal as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The plan is made from the reception and send-off flows."))
            return redirect("hospitality:reception_detail", reception_id=plan.pk)
    return render(request, "hospitality/form.html", {"form": form, "title": _("New reception plan")})


@login_required
def reception_detail(request: AuthedRequest, reception_id: int) -> HttpResponse:
    plan = selectors.reception_get(viewer=request.user, plan_id=reception_id)
    tasks = list(plan.tasks.all())
    context = {
        "plan": plan,
        "reception": [t for t in tasks if t.flow == "reception"],
        "send_off": [t for t in tasks if t.flow == "send_off"],
        "can_edit": plan.organiser_id == request.user.pk or request.user.holds("admin"),
        "history": audit.history_entries(plan, limit=20),
    }
    return render(request, "hospitality/reception_detail.html", context)


@login_required
def reception_task(request: AuthedRequest, reception_id: int, step_id: int) -> HttpResponse:
    """Change who does a step and when, or mark it done."""
    plan = selectors.reception_get(viewer=request.user, plan_id=reception_id)
    task = next((t for t in plan.tasks.all() if t.pk == step_id), None)
    if task is None:
        raise Forbidden(receptions.UNKNOWN_TASK)
    if request.user.pk not in (plan.organiser_id, task.who_id) and not request.user.holds("admin"):
        raise Forbidden(receptions.NOT_ORGANISER)
    people = User.objects.filter(is_active=True, department=plan.department).order_by("username")
    initial = {
        "who": task.who_id,
        "due_at": clock.localtime(task.due_at).strftime("%Y-%m-%dT%H:%M"),
        "what": task.what,
        "done": task.done_at is not None,
    }
    form = TaskForm(request.POST or None, initial=initial, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            receptions.task_update(
                actor=request.user,
                plan=plan,
                task_id=task.pk,
                who_id=data["who"],
                due_at=data["due_at"],
                what=data["what"],
                done=data["done"],
            )
        except Refusal as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The step is saved."))
            return redirect("hospitality:reception_detail", reception_id=plan.pk)
    context = {"form": form, "title": _("Change step"), "back": plan.get_absolute_url()}
    return render(request, "hospitality/form.html", context)
