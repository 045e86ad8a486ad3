"""API of field work (D11, D13–D16): sign-ins, visits, contact plans, appointments, daily reports, violations.

Times without a zone are read in KAM_TIME_ZONE; bad input is a 4xx naming the field, nothing written.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from kam.core import clock
from kam.core.errors import NOT_FOUND, NotFound, ValidationFailed
from kam.org.models import User
from kam.visits import selectors, services
from kam.visits.models import DailyReport

router = Router(tags=["field work"])


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _moment(value: str | None, field: str = "occurred_at") -> datetime | None:
    return clock.parse_moment(value, field=field) if value else None


class ViolationOut(Schema):
    id: int
    code: str
    user_id: int
    day: date
    subject: str
    evidence: dict[str, Any]
    status: str
    explanation: str
    decision_note: str
    audit_notes: str


class SignInIn(Schema):
    occurred_at: str | None = Field(default=None, description="ISO 8601; without a zone it is local")
    lat: float
    lng: float
    coord_system: str = Field(default="wgs84", description="wgs84 | gcj02 | bd09")
    accuracy_m: float | None = None
    user_id: int | None = Field(default=None, description="duty desk only: the person who phoned in")


class SignInOut(Schema):
    id: int
    user_id: int
    occurred_at: datetime
    lat: float
    lng: float
    accuracy_m: float | None
    coord_system: str
    source: str
    entered_by_id: int | None
    in_territory: bool | None


class SignInResult(SignInOut):
    violations: list[ViolationOut]


@router.post("/sign-ins/", response={201: SignInResult})
def sign_in_create(request: HttpRequest, payload: SignInIn) -> Any:
    actor = _user(request)
    person = None
    if payload.user_id is not None and payload.user_id != actor.pk:
        person = User.objects.filter(pk=payload.user_id, is_active=True).first()
        if person is None:
            raise NotFound(NOT_FOUND, field="user_id")
    sign_in, violations = services.sign_in_record(
        actor=actor,
        person=person,
        lat=payload.lat,
        lng=payload.lng,
        coord_system=payload.coord_system,
        accuracy_m=payload.accuracy_m,
        occurred_at=_moment(payload.occurred_at),
    )
    sign_in.violations = violations  # type: ignore[attr-defined]
    return Status(201, sign_in)


@router.get("/sign-ins/", response=list[SignInOut])
@paginate(LimitOffsetPagination)
def sign_in_list(
    request: HttpRequest, user_id: int | None = None, start: date | None = None, end: date | None = None
) -> Any:
    return selectors.sign_in_list(viewer=_user(request), user_id=user_id, start=start, end=end)


class VisitIn(Schema):
    account_id: int
    contact_id: int | None = None
    occurred_at: str | None = None
    plan_code: str = Field(description="A first visit, B solve a problem, C build the relationship")
    result_code: str = Field(description="A deal, B promising, C visit again, D no hope, E keep watching")
    summary: str = Field(default="", max_length=5000)
    lat: float | None = None
    lng: float | None = None
    coord_system: str = "wgs84"
    person_visited: str = Field(default="", max_length=100)
    problems_solved: str = Field(default="", max_length=2000)
    problems_open: str = Field(default="", max_length=2000)
    watch_next_time: str = Field(default="", max_length=2000)
    growth_rate: Decimal | None = Field(default=None, ge=-1000, le=10000, decimal_places=2)
    credit: str = Field(default="", max_length=100)
    profit_margin: Decimal | None = Field(default=None, ge=-100, le=100, decimal_places=2)
    evaluation: str = Field(default="", max_length=2000)
    rank: str = Field(default="", max_length=20)
    industry_standing: str = Field(default="", max_length=200)
    companion_ids: list[int] = Field(default_factory=list, max_length=20)
    appointment_id: int | None = None
    contact_plan_id: int | None = None


class VisitOut(Schema):
    id: int
    user_id: int
    account_id: int
    contact_id: int | None
    occurred_at: datetime
    plan_code: str
    result_code: str
    summary: str
    lat: float | None
    lng: float | None
    in_territory: bool | None
    person_visited: str
    problems_solved: str
    problems_open: str
    watch_next_time: str
    growth_rate: Decimal | None
    credit: str
    profit_margin: Decimal | None
    evaluation: str
    rank: str
    industry_standing: str
    appointment_id: int | None
    contact_plan_id: int | None


class VisitResult(VisitOut):
    violations: list[ViolationOut]


@router.post("/visits/", response={201: VisitResult})
def visit_create(request: HttpRequest, payload: VisitIn) -> Any:
    values = payload.dict()
    values["occurred_at"] = _moment(values.pop("occurred_at"))
    visit, violations = services.visit_record(actor=_user(request), **values)
    visit.violations = violations  # type: ignore[attr-defined]
    return Status(201, visit)


@router.get("/visits/", response=list[VisitOut])
@paginate(LimitOffsetPagination)
def visit_list(
    request: HttpRequest,
    user_id: int | None = None,
    account_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Any:
    return selectors.visit_list(
        viewer=_user(request), user_id=user_id, account_id=account_id, start=start, end=end
    )


@router.get("/visits/{visit_id}", response=VisitOut)
def visit_get(request: HttpRequest, visit_id: int) -> Any:
    return selectors.visit_get(viewer=_user(request), visit_id=visit_id)


class VisitPatch(Schema):
    """Corrections before the day's report is submitted; time and place stay as recorded (D15)."""

    contact_id: int | None = None
    plan_code: str | None = None
    result_code: str | None = None
    summary: str | None = Field(default=None, max_length=5000)
    person_visited: str | None = Field(default=None, max_length=100)
    problems_solved: str | None = Field(default=None, max_length=2000)
    problems_open: str | None = Field(default=None, max_length=2000)
    watch_next_time: str | None = Field(default=None, max_length=2000)
    growth_rate: Decimal | None = Field(default=None, ge=-1000, le=10000, decimal_places=2)
    credit: str | None = Field(default=None, max_length=100)
    profit_margin: Decimal | None = Field(default=None, ge=-100, le=100, decimal_places=2)
    evaluation: str | None = Field(default=None, max_length=2000)
    rank: str | None = Field(default=None, max_length=20)
    industry_standing: str | None = Field(default=None, max_length=200)
    companion_ids: list[int] | None = Field(default=None, max_length=20)
    appointment_id: int | None = None
    contact_plan_id: int | None = None


@router.patch("/visits/{visit_id}", response=VisitOut)
def visit_update(request: HttpRequest, visit_id: int, payload: VisitPatch) -> Any:
    actor = _user(request)
    visit = selectors.visit_get(viewer=actor, visit_id=visit_id)
    return services.visit_update(actor=actor, visit=visit, **payload.dict(exclude_unset=True))


class ContactPlanIn(Schema):
    account_id: int
    contact_id: int | None = None
    planned_for: str
    purpose: str = Field(min_length=1, max_length=500)
    address: str = Field(default="", max_length=300)
    contact_details: str = Field(default="", max_length=200)
    place: str = Field(default="", max_length=300)


class ContactPlanOut(Schema):
    id: int
    user_id: int
    account_id: int
    contact_id: int | None
    planned_for: datetime
    purpose: str
    address: str
    contact_details: str
    place: str


@router.post("/contact-plans/", response={201: ContactPlanOut})
def contact_plan_create(request: HttpRequest, payload: ContactPlanIn) -> Any:
    values = payload.dict()
    values["planned_for"] = clock.parse_moment(values["planned_for"], field="planned_for")
    return Status(201, services.contact_plan_create(actor=_user(request), **values))


@router.get("/contact-plans/", response=list[ContactPlanOut])
@paginate(LimitOffsetPagination)
def contact_plan_list(
    request: HttpRequest,
    user_id: int | None = None,
    department_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Any:
    return selectors.contact_plan_list(
        viewer=_user(request), user_id=user_id, department_id=department_id, start=start, end=end
    )


@router.get("/contact-plans/{contact_plan_id}", response=ContactPlanOut)
def contact_plan_get(request: HttpRequest, contact_plan_id: int) -> Any:
    return selectors.contact_plan_get(viewer=_user(request), plan_id=contact_plan_id)


class ContactPlanPatch(Schema):
    account_id: int | None = None
    contact_id: int | None = None
    planned_for: str | None = None
    purpose: str | None = Field(default=None, max_length=500)
    address: str | None = Field(default=None, max_length=300)
    contact_details: str | None = Field(default=None, max_length=200)
    place: str | None = Field(default=None, max_length=300)


@router.patch("/contact-plans/{contact_plan_id}", response=ContactPlanOut)
def contact_plan_update(request: HttpRequest, contact_plan_id: int, payload: ContactPlanPatch) -> Any:
    actor = _user(request)
    plan = selectors.contact_plan_get(viewer=actor, plan_id=contact_plan_id)
    values = payload.dict(exclude_unset=True)
    if values.get("account_id", 0) is None:
        raise ValidationFailed(REQUIRED, field="account_id")
    if "planned_for" in values:
        values["planned_for"] = _moment(values["planned_for"], "planned_for")
    return services.contact_plan_update(actor=actor, plan=plan, **values)


class AppointmentIn(Schema):
    account_id: int
    contact_id: int | None = None
    contact_plan_id: int | None = None
    starts_at: str
    ends_at: str | None = None
    purpose: str = Field(default="", max_length=500)
    place: str = Field(default="", max_length=300)
    concerned_department_id: int | None = None
    notes: str = Field(default="", max_length=2000)


class AppointmentOut(Schema):
    id: int
    user_id: int
    account_id: int
    contact_id: int | None
    contact_plan_id: int | None
    starts_at: datetime
    ends_at: datetime
    purpose: str
    place: str
    concerned_department_id: int | None
    notes: str
    cancelled_at: datetime | None


class AppointmentResult(AppointmentOut):
    double_booked_with: list[int]


@router.post("/appointments/", response={201: AppointmentResult})
def appointment_create(request: HttpRequest, payload: AppointmentIn) -> Any:
    values = payload.dict()
    values["starts_at"] = clock.parse_moment(values["starts_at"], field="starts_at")
    values["ends_at"] = _moment(values["ends_at"], "ends_at")
    appointment, clashes = services.appointment_create(actor=_user(request), **values)
    appointment.double_booked_with = clashes  # type: ignore[attr-defined]
    return Status(201, appointment)


@router.get("/appointments/", response=list[AppointmentOut])
@paginate(LimitOffsetPagination)
def appointment_list(
    request: HttpRequest,
    user_id: int | None = None,
    department_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Any:
    return selectors.appointment_list(
        viewer=_user(request), user_id=user_id, department_id=department_id, start=start, end=end
    )


@router.get("/appointments/{appointment_id}", response=AppointmentOut)
def appointment_get(request: HttpRequest, appointment_id: int) -> Any:
    return selectors.appointment_get(viewer=_user(request), appointment_id=appointment_id)


class AppointmentPatch(Schema):
    account_id: int | None = None
    contact_id: int | None = None
    contact_plan_id: int | None = None
    starts_at: str | None = None
    ends_at: str | None = None
    purpose: str | None = Field(default=None, max_length=500)
    place: str | None = Field(default=None, max_length=300)
    concerned_department_id: int | None = None
    notes: str | None = Field(default=None, max_length=2000)


@router.patch("/appointments/{appointment_id}", response=AppointmentResult)
def appointment_update(request: HttpRequest, appointment_id: int, payload: AppointmentPatch) -> Any:
    """Change a booking; the answer lists the bookings it now collides with (D14)."""
    actor = _user(request)
    appointment = selectors.appointment_get(viewer=actor, appointment_id=appointment_id)
    values = payload.dict(exclude_unset=True)
    for name in ("account_id", "starts_at", "ends_at"):
        if name in values and values[name] is None:
            raise ValidationFailed(REQUIRED, field=name)
    for name in ("starts_at", "ends_at"):
        if name in values:
            values[name] = _moment(values[name], name)
    appointment, clashes = services.appointment_update(actor=actor, appointment=appointment, **values)
    appointment.double_booked_with = clashes  # type: ignore[attr-defined]
    return appointment


class CalendarEntryOut(Schema):
    kind: str
    id: int
    starts_at: datetime
    ends_at: datetime | None
    account: str
    person: str
    purpose: str
    place: str
    double_booked: bool

    @staticmethod
    def resolve_id(obj: Any) -> int:
        return int(obj.pk)


class CalendarDayOut(Schema):
    day: date
    entries: list[CalendarEntryOut]


class CalendarOut(Schema):
    view: str
    start: date
    end: date
    double_booked: int
    days: list[CalendarDayOut]


@router.get("/calendar/", response=CalendarOut)
def calendar(
    request: HttpRequest,
    view: str = "week",
    day: date | None = None,
    user_id: int | None = None,
    department_id: int | None = None,
) -> Any:
    """A person's or a department's appointments and contact plans by day, double bookings flagged (D14)."""
    from kam.visits import rules

    if view not in rules.CALENDAR_VIEWS:
        raise ValidationFailed(BAD_VIEW, field="view")
    actor = _user(request)
    if user_id is None and department_id is None:
        user_id = actor.pk
    laid_out = selectors.calendar(
        viewer=actor,
        view=view,
        day=day or clock.local_today(),
        user_id=user_id,
        department_id=department_id,
    )
    return {
        "view": view,
        "start": laid_out["start"],
        "end": laid_out["end"],
        "double_booked": laid_out["double_booked"],
        "days": [{"day": d, "entries": entries} for d, entries in laid_out["days"].items()],
    }


BAD_VIEW = gettext_noop("Unknown calendar view: use day, week or month.")
REQUIRED = gettext_noop("This field cannot be empty.")


@router.post("/appointments/{appointment_id}/cancel", response=AppointmentOut)
def appointment_cancel(request: HttpRequest, appointment_id: int) -> Any:
    actor = _user(request)
    appointment = selectors.appointment_get(viewer=actor, appointment_id=appointment_id)
    return services.appointment_cancel(actor=actor, appointment=appointment)


class ExpenseIn(Schema):
    item: str = Field(min_length=1, max_length=100)
    amount: Decimal = Field(max_digits=10, decimal_places=2)
    note: str = Field(default="", max_length=200)


class ExpenseOut(Schema):
    item: str
    amount: Decimal
    note: str


class DailyReportIn(Schema):
    day: date
    expenses: list[ExpenseIn] = Field(default_factory=list, max_length=50)
    notes: str = Field(default="", max_length=2000)


class DailyReportOut(Schema):
    id: int
    user_id: int
    day: date
    weekday: int
    supervisor_id: int | None
    manager_id: int | None
    status: str
    visits_count: int
    solved_count: int
    unsolved_count: int
    companions: str
    notes: str
    submitted_at: datetime | None
    late: bool
    supervisor_signed_at: datetime | None
    manager_signed_at: datetime | None
    expenses: list[ExpenseOut]
    expense_total: Decimal

    @staticmethod
    def resolve_weekday(obj: DailyReport) -> int:
        return obj.day.isoweekday()

    @staticmethod
    def resolve_expenses(obj: DailyReport) -> list[Any]:
        return list(obj.expenses.all())

    @staticmethod
    def resolve_expense_total(obj: DailyReport) -> Decimal:
        return services.expense_total(obj)


@router.post("/daily-reports/", response={201: DailyReportOut})
def daily_report_create(request: HttpRequest, payload: DailyReportIn) -> Any:
    expenses = [services.ExpenseInput(e.item, e.amount, e.note) for e in payload.expenses]
    report = services.daily_report_create(
        actor=_user(request), day=payload.day, expenses=expenses, notes=payload.notes
    )
    return Status(201, report)


@router.get("/daily-reports/", response=list[DailyReportOut])
@paginate(LimitOffsetPagination)
def daily_report_list(request: HttpRequest, user_id: int | None = None, status: str | None = None) -> Any:
    return selectors.daily_report_list(viewer=_user(request), user_id=user_id, status=status)


@router.get("/daily-reports/{report_id}", response=DailyReportOut)
def daily_report_get(request: HttpRequest, report_id: int) -> Any:
    return selectors.daily_report_get(viewer=_user(request), report_id=report_id)


@router.post("/daily-reports/{report_id}/submit", response=DailyReportOut)
def daily_report_submit(request: HttpRequest, report_id: int) -> Any:
    actor = _user(request)
    report = selectors.daily_report_get(viewer=actor, report_id=report_id)
    return services.daily_report_submit(actor=actor, report=report)


@router.post("/daily-reports/{report_id}/approve", response=DailyReportOut)
def daily_report_approve(request: HttpRequest, report_id: int) -> Any:
    actor = _user(request)
    report = selectors.daily_report_get(viewer=actor, report_id=report_id)
    return services.daily_report_approve(actor=actor, report=report)


@router.get("/violations/", response=list[ViolationOut])
@paginate(LimitOffsetPagination)
def violation_list(
    request: HttpRequest,
    user_id: int | None = None,
    month: str | None = None,
    code: str | None = None,
    status: str | None = None,
) -> Any:
    first = clock.parse_month(month) if month else None
    return selectors.violation_list(
        viewer=_user(request), user_id=user_id, month=first, code=code, status=status
    )


@router.get("/violations/{violation_id}", response=ViolationOut)
def violation_get(request: HttpRequest, violation_id: int) -> Any:
    return selectors.violation_get(viewer=_user(request), violation_id=violation_id)


class ExplainIn(Schema):
    explanation: str = Field(max_length=2000)


class NoteIn(Schema):
    note: str = Field(default="", max_length=2000)


@router.post("/violations/{violation_id}/explain", response=ViolationOut)
def violation_explain(request: HttpRequest, violation_id: int, payload: ExplainIn) -> Any:
    actor = _user(request)
    violation = selectors.violation_get(viewer=actor, violation_id=violation_id)
    return services.violation_explain(actor=actor, violation=violation, explanation=payload.explanation)


@router.post("/violations/{violation_id}/accept", response=ViolationOut)
def violation_accept(request: HttpRequest, violation_id: int, payload: NoteIn) -> Any:
    actor = _user(request)
    violation = selectors.violation_get(viewer=actor, violation_id=violation_id)
    return services.violation_decide(actor=actor, violation=violation, accept=True, note=payload.note)


@router.post("/violations/{violation_id}/reject", response=ViolationOut)
def violation_reject(request: HttpRequest, violation_id: int, payload: NoteIn) -> Any:
    actor = _user(request)
    violation = selectors.violation_get(viewer=actor, violation_id=violation_id)
    return services.violation_decide(actor=actor, violation=violation, accept=False, note=payload.note)


@router.post("/violations/{violation_id}/close", response=ViolationOut)
def violation_close(request: HttpRequest, violation_id: int, payload: NoteIn) -> Any:
    actor = _user(request)
    violation = selectors.violation_get(viewer=actor, violation_id=violation_id)
    return services.violation_close(actor=actor, violation=violation, audit_note=payload.note)
