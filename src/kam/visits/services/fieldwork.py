"""Writes of the day in the field: sign-ins, visit records, office activities (D11, D15)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext_noop

from kam.accounts import selectors as account_selectors
from kam.core import audit, clock
from kam.core.calendar import is_working_day
from kam.core.errors import FORBIDDEN, Conflict, Forbidden, ValidationFailed
from kam.core.permissions import require_posts
from kam.org.models import User
from kam.visits import rules
from kam.visits.codes import PlanCode, ResultCode, SignInSource
from kam.visits.models import OfficeActivity, SignIn, Violation, Visit
from kam.visits.services.common import discipline_rules, record_findings, wgs84_position

if TYPE_CHECKING:
    from kam.org.models import Territory

FUTURE_TIME = gettext_noop("The time lies in the future.")
BAD_PLAN_CODE = gettext_noop("Unknown plan code: use A, B or C.")
BAD_RESULT_CODE = gettext_noop("Unknown result code: use A, B, C, D or E.")
CONTACT_OTHER_ACCOUNT = gettext_noop("The contact does not belong to this account.")
PERSON_REQUIRED = gettext_noop("Name the person who signs in.")
ENDS_BEFORE_START = gettext_noop("The end must come after the start.")
_SLACK_SECONDS = 300  # phones' clocks run a little ahead


def _not_future(moment: datetime, field: str) -> datetime:
    if (moment - clock.now()).total_seconds() > _SLACK_SECONDS:
        raise ValidationFailed(FUTURE_TIME, field=field)
    return moment


def _boundary(user: User) -> Any:
    territory: Territory | None = user.territory
    return territory.boundary if territory is not None else None


@transaction.atomic
def sign_in_record(
    *,
    actor: User,
    lat: float,
    lng: float,
    coord_system: str = "wgs84",
    accuracy_m: float | None = None,
    occurred_at: datetime | None = None,
    person: User | None = None,
) -> tuple[SignIn, list[Violation]]:
    """Record a sign-in on entering the market and judge it at once: late, outside the territory (D11).

    The duty desk may still enter a sign-in phoned in by a specialist, as the rulebook's procedure had it.
    """
    source = SignInSource.PHONE
    if person is not None and person.pk != actor.pk:
        require_posts(actor, "cs_duty", "cs_manager", "admin")
        source = SignInSource.DUTY_DESK
    user = person or actor
    moment = _not_future(occurred_at or clock.now(), "occurred_at")
    wlat, wlng = wgs84_position(lat, lng, coord_system)
    assert wlat is not None and wlng is not None
    if accuracy_m is not None and accuracy_m < 0:
        raise ValidationFailed(NEGATIVE_ACCURACY, field="accuracy_m")
    settings = discipline_rules()
    tz = clock.local_zone()
    day_start, _end = clock.day_bounds(clock.localtime(moment).date())
    earlier = SignIn.objects.filter(user=user, occurred_at__gte=day_start, occurred_at__lt=moment).exists()
    sign_in = SignIn(
        user=user,
        department_id=user.department_id,
        occurred_at=moment,
        lat=wlat,
        lng=wlng,
        accuracy_m=accuracy_m,
        coord_system=coord_system,
        source=source,
        entered_by=actor if source == SignInSource.DUTY_DESK else None,
        in_territory=rules.in_territory(_boundary(user), wlng, wlat),
    )
    audit.record_actor(sign_in, actor)
    sign_in.save()
    findings = [
        rules.late_sign_in(moment=moment, earlier_that_day=earlier, rules=settings, tz=tz)
        if is_working_day(clock.localtime(moment).date())
        else None,
        rules.sign_in_place_finding(
            sign_in_id=sign_in.pk, moment=moment, inside=sign_in.in_territory, rules=settings, tz=tz
        ),
    ]
    return sign_in, record_findings([f for f in findings if f], user, actor=actor)


NEGATIVE_ACCURACY = gettext_noop("The accuracy cannot be negative.")
VISIT_FIELDS = (
    "person_visited",
    "summary",
    "problems_solved",
    "problems_open",
    "watch_next_time",
    "credit",
    "evaluation",
    "rank",
    "industry_standing",
)


@transaction.atomic
def visit_record(
    *,
    actor: User,
    account_id: int,
    plan_code: str,
    result_code: str,
    occurred_at: datetime | None = None,
    contact_id: int | None = None,
    lat: float | None = None,
    lng: float | None = None,
    coord_system: str = "wgs84",
    growth_rate: Decimal | None = None,
    profit_margin: Decimal | None = None,
    companion_ids: list[int] | None = None,
    appointment_id: int | None = None,
    contact_plan_id: int | None = None,
    **texts: str,
) -> tuple[Visit, list[Violation]]:
    """Record a visit to a key account the specialist may see, and judge its time and place (D15, D11)."""
    from kam.visits import selectors

    if plan_code not in PlanCode.values:
        raise ValidationFailed(BAD_PLAN_CODE, field="plan_code")
    if result_code not in ResultCode.values:
        raise ValidationFailed(BAD_RESULT_CODE, field="result_code")
    account = account_selectors.account_get(viewer=actor, account_id=account_id)
    if contact_id is not None:
        contact = account_selectors.contact_get(viewer=actor, contact_id=contact_id)
        if contact.account_id != account.pk:
            raise ValidationFailed(CONTACT_OTHER_ACCOUNT, field="contact_id")
    moment = _not_future(occurred_at or clock.now(), "occurred_at")
    wlat, wlng = wgs84_position(lat, lng, coord_system)
    if appointment_id is not None:
        selectors.appointment_get(viewer=actor, appointment_id=appointment_id)
    if contact_plan_id is not None:
        selectors.contact_plan_get(viewer=actor, plan_id=contact_plan_id)
    visit = Visit(
        user=actor,
        department_id=actor.department_id,
        account=account,
        contact_id=contact_id,
        occurred_at=moment,
        lat=wlat,
        lng=wlng,
        in_territory=rules.in_territory(_boundary(actor), wlng, wlat),
        plan_code=plan_code,
        result_code=result_code,
        growth_rate=growth_rate,
        profit_margin=profit_margin,
        appointment_id=appointment_id,
        contact_plan_id=contact_plan_id,
        **{name: texts.get(name, "") for name in VISIT_FIELDS},
    )
    audit.record_actor(visit, actor)
    visit.save()
    if companion_ids:
        visit.companions.set(User.objects.filter(pk__in=companion_ids, is_active=True))
    findings = rules.visit_findings(
        visit_id=visit.pk,
        moment=moment,
        inside=visit.in_territory,
        rules=discipline_rules(),
        tz=clock.local_zone(),
    )
    return visit, record_findings(findings, actor, actor=actor)


@transaction.atomic
def office_activity_record(
    *, actor: User, starts_at: datetime, ends_at: datetime, description: str
) -> tuple[OfficeActivity, list[Violation]]:
    """Log office work; inside the visiting window on a working day it is a violation (D11)."""
    if ends_at <= starts_at:
        raise ValidationFailed(ENDS_BEFORE_START, field="ends_at")
    activity = OfficeActivity(
        user=actor,
        department_id=actor.department_id,
        starts_at=starts_at,
        ends_at=ends_at,
        description=description,
    )
    audit.record_actor(activity, actor)
    activity.save()
    findings = rules.office_findings(
        activity_id=activity.pk,
        starts_at=starts_at,
        ends_at=ends_at,
        working_day=is_working_day(clock.localtime(starts_at).date()),
        rules=discipline_rules(),
        tz=clock.local_zone(),
    )
    return activity, record_findings(findings, actor, actor=actor)


VISIT_LOCKED = gettext_noop("The day's report is already submitted: the visit can no longer be changed.")
VISIT_EDITABLE = frozenset(
    set(VISIT_FIELDS)
    | {"plan_code", "result_code", "contact_id", "growth_rate", "profit_margin"}
    | {"companion_ids", "appointment_id", "contact_plan_id"}
)
NOT_EDITABLE = gettext_noop("This field cannot be changed after the visit is recorded.")


def visit_locked(visit: Visit) -> bool:
    """Whether the visit's day already has a report past its draft: then the record stands (D15, D16)."""
    from kam.visits.codes import ReportStatus
    from kam.visits.models import DailyReport

    day = clock.localtime(visit.occurred_at).date()
    return (
        DailyReport.objects.filter(user_id=visit.user_id, day=day).exclude(status=ReportStatus.DRAFT).exists()
    )


@transaction.atomic
def visit_update(*, actor: User, visit: Visit, **changes: Any) -> Visit:
    """Correct a visit record before the day's report is submitted, kept in its history (D15).

    Time and place are the evidence the visit discipline judges, so they stay as recorded.
    """
    from kam.visits import selectors

    if visit.user_id != actor.pk:
        raise Forbidden(FORBIDDEN)
    unknown = set(changes) - VISIT_EDITABLE
    if unknown:
        raise ValidationFailed(NOT_EDITABLE, field=sorted(unknown)[0])
    if visit_locked(visit):
        raise Conflict(VISIT_LOCKED, field="occurred_at")
    if "plan_code" in changes and changes["plan_code"] not in PlanCode.values:
        raise ValidationFailed(BAD_PLAN_CODE, field="plan_code")
    if "result_code" in changes and changes["result_code"] not in ResultCode.values:
        raise ValidationFailed(BAD_RESULT_CODE, field="result_code")
    if changes.get("contact_id") is not None:
        contact = account_selectors.contact_get(viewer=actor, contact_id=changes["contact_id"])
        if contact.account_id != visit.account_id:
            raise ValidationFailed(CONTACT_OTHER_ACCOUNT, field="contact_id")
    if changes.get("appointment_id") is not None:
        selectors.appointment_get(viewer=actor, appointment_id=changes["appointment_id"])
    if changes.get("contact_plan_id") is not None:
        selectors.contact_plan_get(viewer=actor, plan_id=changes["contact_plan_id"])
    companion_ids = changes.pop("companion_ids", None)
    for name, value in changes.items():
        setattr(visit, name, "" if value is None and name in VISIT_FIELDS else value)
    audit.record_actor(visit, actor)
    visit.save_with_reason("edited")
    if companion_ids is not None:
        visit.companions.set(User.objects.filter(pk__in=companion_ids, is_active=True))
    return visit
