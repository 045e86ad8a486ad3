"""Phone pages of field work: today, sign in, a visit, the report, calendar, violations (D11–D16)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kam.accounts import selectors as account_selectors
from kam.core import audit, clock
from kam.core.errors import FORBIDDEN, ApplicationError, Forbidden, ValidationFailed
from kam.core.permissions import require_posts
from kam.core.types import AuthedRequest
from kam.org.models import User
from kam.visits import rules, selectors, services
from kam.visits.codes import ViolationCode, ViolationStatus
from kam.visits.forms import (
    AppointmentForm,
    ContactPlanForm,
    DutyDeskSignInForm,
    NoteForm,
    ReportForm,
    SignInForm,
    VisitEditForm,
    VisitForm,
)


def _day(value: str | None) -> date:
    try:
        return clock.parse_day(value) if value else clock.local_today()
    except ValidationFailed:
        return clock.local_today()


def _say_violations(request: AuthedRequest, violations: list[Any]) -> None:
    for violation in violations:
        messages.warning(
            request, _("Recorded as a violation: %(code)s") % {"code": violation.get_code_display()}
        )


@login_required
def today(request: AuthedRequest) -> HttpResponse:
    """Today's appointments, sign-ins and visits, and the one-tap sign-in (D11, D14)."""
    day = clock.local_today()
    viewer = request.user
    context = {
        "day": day,
        "appointments": selectors.appointment_list(
            viewer=viewer, user_id=viewer.pk, start=day, end=day + timedelta(1)
        ),
        "sign_ins": selectors.sign_in_list(
            viewer=viewer, user_id=viewer.pk, start=day, end=day + timedelta(1)
        ),
        "visits": selectors.visit_list(viewer=viewer, user_id=viewer.pk, start=day, end=day + timedelta(1)),
        "form": SignInForm(),
    }
    return render(request, "visits/today.html", context)


@login_required
@require_POST
def sign_in(request: AuthedRequest) -> HttpResponse:
    form = SignInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Your position is not known: allow location access and try again."))
        return redirect("visits_today")
    try:
        record, violations = services.sign_in_record(actor=request.user, **form.cleaned_data)
    except ApplicationError as error:
        messages.error(request, error.localized())
    else:
        messages.success(
            request, _("Signed in at %(time)s.") % {"time": f"{clock.localtime(record.occurred_at):%H:%M}"}
        )
        _say_violations(request, violations)
    return redirect("visits_today")


def _account_choices(user: User, record: Any = None) -> list[tuple[int, str]]:
    rows = account_selectors.account_list(viewer=user, owner_id=user.pk).order_by("name")[:300]
    choices = [(a.pk, a.name) for a in rows]
    if record is not None and record.account_id not in {pk for pk, _name in choices}:
        choices.insert(0, (record.account_id, record.account.name))
    return choices


def _freeze(form: Any, readonly: bool) -> None:
    """Show a record to someone who may see but not change it: every control disabled."""
    if readonly:
        for field in form.fields.values():
            field.disabled = True


@login_required
def visit_new(request: AuthedRequest) -> HttpResponse:
    """Log a visit: account, two codes, a line of summary — the rest is optional (D15)."""
    initial = {"account": request.GET.get("account")}
    form = VisitForm(request.POST or None, accounts=_account_choices(request.user), initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            _visit, violations = services.visit_record(
                actor=request.user, account_id=values.pop("account"), **values
            )
        except ApplicationError as error:
            form.add_error(None, error.localized())
        else:
            messages.success(request, _("The visit is recorded."))
            _say_violations(request, violations)
            return redirect("visits_today")
    return render(request, "visits/visit_form.html", {"form": form})


@login_required
def report(request: AuthedRequest) -> HttpResponse:
    """The day's report with its visits and expenses; create, then submit (D16)."""
    day = _day(request.GET.get("day") or request.POST.get("day"))
    viewer = request.user
    existing = selectors.daily_report_list(viewer=viewer, user_id=viewer.pk).filter(day=day).first()
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        try:
            if existing is not None and "submit" in request.POST:
                services.daily_report_submit(actor=viewer, report=existing)
                messages.success(request, _("The report is submitted."))
                return redirect(f"{request.path}?day={day}")
            if existing is None and form.is_valid():
                expenses = [services.ExpenseInput(item, amount) for item, amount in form.expense_rows()]
                services.daily_report_create(
                    actor=viewer, day=day, expenses=expenses, notes=form.cleaned_data["notes"]
                )
                messages.success(request, _("The report is saved."))
                return redirect(f"{request.path}?day={day}")
        except ApplicationError as error:
            form.add_error(None, error.localized())
    visits = selectors.visit_list(viewer=viewer, user_id=viewer.pk, start=day, end=day + timedelta(1))
    total = services.expense_total(existing) if existing else None
    context = {"day": day, "report": existing, "form": form, "visits": visits, "total": total}
    return render(request, "visits/report.html", context)


@login_required
def calendar(request: AuthedRequest) -> HttpResponse:
    """Day, week or month of appointments and contact plans, of one person or a department (D13, D14)."""
    asked = request.GET.get("view") or ""
    view = asked if asked in rules.CALENDAR_VIEWS else "week"
    day = _day(request.GET.get("day") or request.GET.get("week"))
    department_id = _int(request.GET.get("department"))
    user_id = _int(request.GET.get("user")) or (None if department_id else request.user.pk)
    laid_out = selectors.calendar(
        viewer=request.user, view=view, day=day, user_id=user_id, department_id=department_id
    )
    people = list(selectors.calendar_people(request.user))
    departments = sorted({(u.department_id, str(u.department)) for u in people if u.department_id})
    query = f"&user={user_id}" if user_id else ""
    query += f"&department={department_id}" if department_id else ""
    context = {
        **laid_out,
        "view": view,
        "day": day,
        "views": [("day", _("Day")), ("week", _("Week")), ("month", _("Month"))],
        "previous": rules.calendar_step(view, day, -1),
        "next": rules.calendar_step(view, day, 1),
        "query": query,
        "user_id": user_id,
        "department_id": department_id,
        "people": people if len(people) > 1 else [],
        "departments": departments if len(people) > 1 else [],
        "today": clock.local_today(),
    }
    return render(request, "visits/calendar.html", context)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
def violations(request: AuthedRequest) -> HttpResponse:
    """Violations the viewer answers for: the director's region, every one for inspectors (D11)."""
    month = request.GET.get("month") or f"{clock.local_today():%Y-%m}"
    try:
        first = clock.parse_month(month)
    except ValidationFailed:
        first = clock.local_today().replace(day=1)
    code = request.GET.get("code") or None
    status = request.GET.get("status") or None
    rows = selectors.violation_list(viewer=request.user, month=first, code=code, status=status)
    context = {
        "rows": rows[:300],
        "month": f"{first:%Y-%m}",
        "code": code,
        "status": status,
        "codes": ViolationCode.choices,
        "statuses": ViolationStatus.choices,
    }
    return render(request, "visits/violations.html", context)


@login_required
def violation(request: AuthedRequest, violation_id: int) -> HttpResponse:
    row = selectors.violation_get(viewer=request.user, violation_id=violation_id)
    context = {
        "violation": row,
        "form": NoteForm(),
        "history": audit.history_entries(row),
        "actions": services.allowed_actions(request.user, row),
    }
    return render(request, "visits/violation.html", context)


@login_required
@require_POST
def violation_act(request: AuthedRequest, violation_id: int) -> HttpResponse:
    row = selectors.violation_get(viewer=request.user, violation_id=violation_id)
    form = NoteForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    action = request.POST.get("action")
    actions = {
        "explain": lambda: services.violation_explain(actor=request.user, violation=row, explanation=text),
        "accept": lambda: services.violation_decide(
            actor=request.user, violation=row, accept=True, note=text
        ),
        "reject": lambda: services.violation_decide(
            actor=request.user, violation=row, accept=False, note=text
        ),
        "close": lambda: services.violation_close(actor=request.user, violation=row, audit_note=text),
    }
    if action not in actions:
        messages.error(request, _("Choose what to do."))
    else:
        try:
            actions[action]()
        except ApplicationError as error:
            messages.error(request, error.localized())
        else:
            messages.success(request, _("Saved."))
    return redirect("visits_violation", violation_id=row.pk)


def _local_input(moment: Any) -> str | None:
    return f"{clock.localtime(moment):%Y-%m-%dT%H:%M}" if moment else None


def _say_clashes(request: AuthedRequest, clashes: list[int]) -> None:
    if clashes:
        messages.warning(
            request,
            _("Double booking: this overlaps %(n)d other appointment(s) of yours.") % {"n": len(clashes)},
        )


@login_required
def appointment_edit(request: AuthedRequest, appointment_id: int | None = None) -> HttpResponse:
    """Book an appointment, or change one of one's own; the page warns of double bookings (D14)."""
    viewer = request.user
    appointment = (
        selectors.appointment_get(viewer=viewer, appointment_id=appointment_id) if appointment_id else None
    )
    readonly = appointment is not None and appointment.user_id != viewer.pk
    if readonly and request.method == "POST":
        raise Forbidden(FORBIDDEN)
    if appointment is not None:
        initial: dict[str, Any] = {
            "account": appointment.account_id,
            "starts_at": _local_input(appointment.starts_at),
            "ends_at": _local_input(appointment.ends_at),
            "purpose": appointment.purpose,
            "place": appointment.place,
            "notes": appointment.notes,
        }
    else:
        initial = {"account": request.GET.get("account")}
    form = AppointmentForm(
        request.POST or None, accounts=_account_choices(viewer, appointment), initial=initial
    )
    _freeze(form, readonly)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        values["account_id"] = values.pop("account")
        try:
            if appointment is None:
                saved, clashes = services.appointment_create(actor=viewer, **values)
            elif "cancel" in request.POST:
                saved, clashes = services.appointment_cancel(actor=viewer, appointment=appointment), []
            else:
                if not values["ends_at"]:
                    values.pop("ends_at")
                saved, clashes = services.appointment_update(actor=viewer, appointment=appointment, **values)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.localized())
        else:
            messages.success(request, _("The appointment is saved."))
            _say_clashes(request, clashes)
            day = clock.localtime(saved.starts_at).date()
            return redirect(f"{reverse('visits_calendar')}?view=day&day={day}")
    context = {
        "form": form,
        "record": appointment,
        "title": _("Change the appointment") if appointment else _("Book an appointment"),
        "history": audit.history_entries(appointment) if appointment else [],
        "can_cancel": appointment is not None and appointment.cancelled_at is None and not readonly,
        "readonly": readonly,
    }
    return render(request, "visits/record_form.html", context)


@login_required
def contact_plan_edit(request: AuthedRequest, contact_plan_id: int | None = None) -> HttpResponse:
    """Plan a contact with a key account, or change one of one's own plans (D13)."""
    viewer = request.user
    plan = selectors.contact_plan_get(viewer=viewer, plan_id=contact_plan_id) if contact_plan_id else None
    readonly = plan is not None and plan.user_id != viewer.pk
    if readonly and request.method == "POST":
        raise Forbidden(FORBIDDEN)
    if plan is not None:
        initial: dict[str, Any] = {
            "account": plan.account_id,
            "planned_for": _local_input(plan.planned_for),
            "purpose": plan.purpose,
            "address": plan.address,
            "contact_details": plan.contact_details,
            "place": plan.place,
        }
    else:
        initial = {"account": request.GET.get("account")}
    form = ContactPlanForm(request.POST or None, accounts=_account_choices(viewer, plan), initial=initial)
    _freeze(form, readonly)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        values["account_id"] = values.pop("account")
        try:
            if plan is None:
                saved = services.contact_plan_create(actor=viewer, **values)
            else:
                saved = services.contact_plan_update(actor=viewer, plan=plan, **values)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.localized())
        else:
            messages.success(request, _("The contact plan is saved."))
            day = clock.localtime(saved.planned_for).date()
            return redirect(f"{reverse('visits_calendar')}?view=day&day={day}")
    context = {
        "form": form,
        "record": plan,
        "title": _("Change the contact plan") if plan else _("Plan a contact"),
        "history": audit.history_entries(plan) if plan else [],
        "can_cancel": False,
        "readonly": readonly,
    }
    return render(request, "visits/record_form.html", context)


@login_required
def visit_edit(request: AuthedRequest, visit_id: int) -> HttpResponse:
    """Correct one's visit record until the day's report is submitted; its history is shown (D15)."""
    viewer = request.user
    visit = selectors.visit_get(viewer=viewer, visit_id=visit_id)
    editable = visit.user_id == viewer.pk and not services.visit_locked(visit)
    initial = {name: getattr(visit, name) for name in VisitEditForm.base_fields}
    form = VisitEditForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if visit.user_id != viewer.pk:
            raise Forbidden(FORBIDDEN)
        if form.is_valid():
            try:
                services.visit_update(actor=viewer, visit=visit, **form.cleaned_data)
            except ApplicationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.localized())
            else:
                messages.success(request, _("The visit is saved."))
                day = clock.localtime(visit.occurred_at).date()
                return redirect(f"{reverse('visits_report')}?day={day}")
    context = {
        "form": form,
        "visit": visit,
        "editable": editable,
        "history": audit.history_entries(visit),
    }
    return render(request, "visits/visit_edit.html", context)


DUTY_DESK = ("cs_duty", "cs_manager", "admin")


@login_required
def duty_desk(request: AuthedRequest) -> HttpResponse:
    """The customer-service duty desk enters a sign-in a specialist phoned in (D11, the rulebook's way)."""
    require_posts(request.user, *DUTY_DESK)
    specialists = User.objects.filter(is_active=True, posts__code="specialist").distinct()
    people = [(u.pk, f"{u} · {u.department or ''}") for u in specialists.select_related("department")]
    initial = {"occurred_at": _local_input(clock.now()), "coord_system": "wgs84"}
    form = DutyDeskSignInForm(request.POST or None, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        person = specialists.get(pk=values.pop("person"))
        try:
            record, violations = services.sign_in_record(actor=request.user, person=person, **values)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.localized())
        else:
            messages.success(
                request,
                _("Sign-in of %(person)s at %(time)s is recorded.")
                % {"person": person, "time": f"{clock.localtime(record.occurred_at):%H:%M}"},
            )
            _say_violations(request, violations)
            return redirect("visits_duty_desk")
    today = clock.local_today()
    recent = selectors.duty_desk_entries(viewer=request.user, day=today)
    return render(request, "visits/duty_desk.html", {"form": form, "recent": recent})
