"""API of relationship management: assessments (D12), needs (C1), demand (C2), market notes (A2l),
directives (A2o), meetings (A2m) and procedures (A2a)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from kam.accounts import selectors as account_selectors
from kam.org.models import User
from kam.relations import exports, selectors, services
from kam.relations.models import Assessment

router = Router(tags=["relations"])


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# Templates ---------------------------------------------------------------------------------------------


class IndicatorIn(Schema):
    name: str = Field(max_length=100)
    weight: Decimal
    description: str = Field(default="", max_length=300)


class IndicatorOut(Schema):
    id: int
    name: str
    weight: Decimal
    description: str


class AssessmentTemplateIn(Schema):
    name: str = Field(max_length=100)
    standard_score: Decimal
    develop_at: Decimal
    terminate_below: Decimal
    grades: list[tuple[str, Decimal]] = Field(max_length=20, description="[[grade, minimum score], …]")
    indicators: list[IndicatorIn] = Field(max_length=50)
    is_default: bool = False


class TemplatePatch(Schema):
    name: str | None = Field(default=None, max_length=100)
    standard_score: Decimal | None = None
    develop_at: Decimal | None = None
    terminate_below: Decimal | None = None
    grades: list[tuple[str, Decimal]] | None = Field(default=None, max_length=20)
    indicators: list[IndicatorIn] | None = Field(default=None, max_length=50)
    is_default: bool | None = None


class AssessmentTemplateOut(Schema):
    id: int
    name: str
    standard_score: Decimal
    develop_at: Decimal
    terminate_below: Decimal
    grades: list[tuple[str, Decimal]]
    is_default: bool
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_indicators(obj: Any) -> list[Any]:
        return list(obj.indicators.all())


def _template_values(payload: Schema, **kwargs: Any) -> dict[str, Any]:
    values = payload.dict(**kwargs)
    if values.get("indicators") is not None:
        values["indicators"] = [dict(i) for i in values["indicators"]]
    return values


@router.get("/assessment-templates/", response=list[AssessmentTemplateOut])
@paginate(LimitOffsetPagination)
def template_list(request: HttpRequest) -> Any:
    return selectors.template_list()


@router.post("/assessment-templates/", response={201: AssessmentTemplateOut})
def template_create(request: HttpRequest, payload: AssessmentTemplateIn) -> Any:
    """Create a template; the weights must total 100 and the grade scale start at 0 (D12)."""
    template = services.template_create(actor=_user(request), **_template_values(payload))
    return Status(201, selectors.template_get(template.pk))


@router.get("/assessment-templates/{assessment_template_id}", response=AssessmentTemplateOut)
def template_get(request: HttpRequest, assessment_template_id: int) -> Any:
    return selectors.template_get(assessment_template_id)


@router.patch("/assessment-templates/{assessment_template_id}", response=AssessmentTemplateOut)
def template_update(request: HttpRequest, assessment_template_id: int, payload: TemplatePatch) -> Any:
    template = selectors.template_get(assessment_template_id)
    services.template_update(
        actor=_user(request), template=template, **_template_values(payload, exclude_unset=True)
    )
    return selectors.template_get(assessment_template_id)


# Assessments ---------------------------------------------------------------------------------------------


class ScoreIn(Schema):
    indicator_id: int
    score: Decimal
    evidence: str = Field(default="", max_length=500)
    note: str = Field(default="", max_length=300)


class ScoreOut(Schema):
    indicator_id: int | None
    name: str
    weight: Decimal
    score: Decimal
    points: Decimal
    grade: str
    evidence: str
    note: str


class AssessmentIn(Schema):
    account_id: int
    template_id: int | None = None
    assessed_on: date | None = None
    number: str = Field(default="", max_length=20)
    suggestions: str = Field(default="", max_length=4000)
    scores: list[ScoreIn] = Field(max_length=50)


class ConfirmIn(Schema):
    result: str = Field(description="develop, maintain or terminate")
    reason: str = Field(default="", max_length=500)


class AssessmentOut(Schema):
    id: int
    account_id: int
    template_id: int
    number: str
    assessor_id: int
    assessed_on: date
    total: Decimal
    standard_score: Decimal
    difference: Decimal
    proposed: str
    result: str
    status: str
    suggestions: str
    reason: str
    confirmed_by_id: int | None
    confirmed_at: datetime | None
    released: bool
    scores: list[ScoreOut]

    @staticmethod
    def resolve_scores(obj: Assessment) -> list[Any]:
        return list(obj.scores.all())


class StandingOut(Schema):
    account_id: int
    latest_result: str | None
    latest_total: Decimal | None
    latest_on: date | None
    trend: str
    totals: list[Decimal]


def _assessment(request: HttpRequest, assessment_id: int) -> Assessment:
    return selectors.assessment_get(viewer=_user(request), assessment_id=assessment_id)


@router.get("/assessments/", response=list[AssessmentOut])
@paginate(LimitOffsetPagination)
def assessment_list(
    request: HttpRequest, account_id: int | None = None, status: str | None = None, result: str | None = None
) -> Any:
    rows = selectors.assessment_list(
        viewer=_user(request), account_id=account_id, status=status, result=result
    )
    return rows.prefetch_related("scores")


@router.post("/assessments/", response={201: AssessmentOut})
def assessment_create(request: HttpRequest, payload: AssessmentIn) -> Any:
    """Assess an account: each indicator's score 0–100 is graded and weighted; the result is proposed."""
    values = payload.dict()
    values["scores"] = [dict(s) for s in values["scores"]]
    assessment = services.assessment_create(actor=_user(request), **values)
    return Status(201, _assessment(request, assessment.pk))


@router.get("/assessments/{assessment_id}", response=AssessmentOut)
def assessment_get(request: HttpRequest, assessment_id: int) -> Any:
    return _assessment(request, assessment_id)


@router.post("/assessments/{assessment_id}/confirm", response=AssessmentOut)
def assessment_confirm(request: HttpRequest, assessment_id: int, payload: ConfirmIn) -> Any:
    """Confirm the proposed result, or override it with a reason; terminate releases the account."""
    services.assessment_confirm(
        actor=_user(request), assessment=_assessment(request, assessment_id), **payload.dict()
    )
    return _assessment(request, assessment_id)


@router.get("/assessments/{assessment_id}/export", response={200: None})
def assessment_export(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The assessment as the rulebook's 大客户关系评估表 (.xlsx)."""
    return _xlsx(
        exports.assessment_workbook(_assessment(request, assessment_id)), f"assessment-{assessment_id}"
    )


@router.get("/relationship-standing/{account_id}", response=StandingOut)
def relationship_standing(request: HttpRequest, account_id: int) -> Any:
    """The account's latest confirmed result and the trend of its recent totals."""
    account = account_selectors.account_get(viewer=_user(request), account_id=account_id)
    standing = selectors.account_standing(account)
    latest = standing.latest
    return {
        "account_id": account.pk,
        "latest_result": latest.result if latest else None,
        "latest_total": latest.total if latest else None,
        "latest_on": latest.assessed_on if latest else None,
        "trend": standing.trend,
        "totals": [a.total for a in reversed(standing.history)],
    }


# Needs and demand -------------------------------------------------------------------------------------------


class NeedIn(Schema):
    account_id: int
    entry_date: date | None = None
    direction: str = Field(max_length=500)
    problem: str = Field(max_length=4000)
    countermeasure: str = Field(default="", max_length=4000)
    owner_id: int | None = None
    due_on: date | None = None
    status: str | None = None


class NeedPatch(Schema):
    entry_date: date | None = None
    direction: str | None = Field(default=None, max_length=500)
    problem: str | None = Field(default=None, max_length=4000)
    countermeasure: str | None = Field(default=None, max_length=4000)
    owner_id: int | None = None
    due_on: date | None = None
    status: str | None = None


class NeedOut(Schema):
    id: int
    account_id: int
    entry_date: date
    direction: str
    problem: str
    countermeasure: str
    owner_id: int
    due_on: date | None
    status: str


@router.get("/needs/", response=list[NeedOut])
@paginate(LimitOffsetPagination)
def need_list(
    request: HttpRequest,
    account_id: int | None = None,
    status: str | None = None,
    owner_id: int | None = None,
) -> Any:
    return selectors.need_list(viewer=_user(request), account_id=account_id, status=status, owner_id=owner_id)


@router.post("/needs/", response={201: NeedOut})
def need_create(request: HttpRequest, payload: NeedIn) -> Any:
    """Record a need with problem points and countermeasures (大客户需要对策表)."""
    return Status(201, services.need_create(actor=_user(request), **payload.dict()))


@router.get("/needs/export", response={200: None})
def need_export(
    request: HttpRequest, account_id: int | None = None, status: str | None = None
) -> HttpResponse:
    """The visible needs as the rulebook's 大客户需要对策表 (.xlsx)."""
    rows = selectors.need_list(viewer=_user(request), account_id=account_id, status=status)
    return _xlsx(exports.needs_workbook(rows), "needs")


@router.get("/needs/{need_id}", response=NeedOut)
def need_get(request: HttpRequest, need_id: int) -> Any:
    return selectors.need_get(viewer=_user(request), need_id=need_id)


@router.patch("/needs/{need_id}", response=NeedOut)
def need_update(request: HttpRequest, need_id: int, payload: NeedPatch) -> Any:
    need = selectors.need_get(viewer=_user(request), need_id=need_id)
    return services.need_update(actor=_user(request), need=need, **payload.dict(exclude_unset=True))


class DemandIn(Schema):
    account_id: int
    product_type: str = Field(max_length=100)
    quantity: Decimal
    region: str = Field(max_length=100)
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    factors: str = Field(default="", max_length=4000)


class DemandPatch(Schema):
    product_type: str | None = Field(default=None, max_length=100)
    quantity: Decimal | None = None
    region: str | None = Field(default=None, max_length=100)
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    factors: str | None = Field(default=None, max_length=4000)


class DemandOut(Schema):
    id: int
    account_id: int
    product_type: str
    quantity: Decimal
    region: str
    price_min: Decimal | None
    price_max: Decimal | None
    factors: str


class SummaryOut(Schema):
    product_type: dict[str, Decimal]
    region: dict[str, Decimal]
    price_band: dict[str, Decimal]


@router.get("/demand-lines/", response=list[DemandOut])
@paginate(LimitOffsetPagination)
def demand_list(request: HttpRequest, account_id: int | None = None, department_id: int | None = None) -> Any:
    return selectors.demand_list(viewer=_user(request), account_id=account_id, department_id=department_id)


@router.post("/demand-lines/", response={201: DemandOut})
def demand_create(request: HttpRequest, payload: DemandIn) -> Any:
    """Record a demand line (大客户需求分析表)."""
    return Status(201, services.demand_create(actor=_user(request), **payload.dict()))


@router.get("/demand-lines/summary", response=SummaryOut)
def demand_summary(request: HttpRequest, department_id: int | None = None) -> Any:
    """Quantities of the visible demand lines by product type, region and price band (C2)."""
    return selectors.demand_summary(selectors.demand_list(viewer=_user(request), department_id=department_id))


@router.get("/demand-lines/export", response={200: None})
def demand_export(request: HttpRequest, account_id: int | None = None) -> HttpResponse:
    """The visible demand lines as the rulebook's 大客户需求分析表 (.xlsx)."""
    return _xlsx(
        exports.demand_workbook(selectors.demand_list(viewer=_user(request), account_id=account_id)), "demand"
    )


@router.get("/demand-lines/{demand_line_id}", response=DemandOut)
def demand_get(request: HttpRequest, demand_line_id: int) -> Any:
    return selectors.demand_get(viewer=_user(request), line_id=demand_line_id)


@router.patch("/demand-lines/{demand_line_id}", response=DemandOut)
def demand_update(request: HttpRequest, demand_line_id: int, payload: DemandPatch) -> Any:
    line = selectors.demand_get(viewer=_user(request), line_id=demand_line_id)
    return services.demand_update(actor=_user(request), line=line, **payload.dict(exclude_unset=True))


@router.delete("/demand-lines/{demand_line_id}", response={204: None})
def demand_delete(request: HttpRequest, demand_line_id: int) -> Any:
    services.demand_delete(
        actor=_user(request), line=selectors.demand_get(viewer=_user(request), line_id=demand_line_id)
    )
    return Status(204, None)


# Competitors and market notes -------------------------------------------------------------------------------


class CompetitorIn(Schema):
    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=4000)


class CompetitorOut(Schema):
    id: int
    name: str
    description: str


class MarketNoteIn(Schema):
    body: str = Field(max_length=4000)
    competitor_id: int | None = None
    account_id: int | None = None
    region: str = Field(default="", max_length=100)
    noted_on: date | None = None
    proposal: str = Field(default="", max_length=4000)


class MarketNoteOut(Schema):
    id: int
    author_id: int
    competitor_id: int | None
    account_id: int | None
    region: str
    noted_on: date
    body: str
    proposal: str
    proposal_status: str


class DecideIn(Schema):
    status: str = Field(description="accepted, rejected or done")


@router.get("/competitors/", response=list[CompetitorOut])
@paginate(LimitOffsetPagination)
def competitor_list(request: HttpRequest) -> Any:
    return selectors.competitor_list()


@router.post("/competitors/", response={201: CompetitorOut})
def competitor_create(request: HttpRequest, payload: CompetitorIn) -> Any:
    return Status(201, services.competitor_create(actor=_user(request), **payload.dict()))


@router.get("/market-notes/", response=list[MarketNoteOut])
@paginate(LimitOffsetPagination)
def note_list(request: HttpRequest, competitor_id: int | None = None, account_id: int | None = None) -> Any:
    return selectors.note_list(viewer=_user(request), competitor_id=competitor_id, account_id=account_id)


@router.post("/market-notes/", response={201: MarketNoteOut})
def note_create(request: HttpRequest, payload: MarketNoteIn) -> Any:
    """Record a competitor or market note, with a proposal if any (A2l)."""
    return Status(201, services.note_create(actor=_user(request), **payload.dict()))


@router.get("/market-notes/{market_note_id}", response=MarketNoteOut)
def note_get(request: HttpRequest, market_note_id: int) -> Any:
    return selectors.note_get(viewer=_user(request), note_id=market_note_id)


@router.post("/market-notes/{market_note_id}/decide", response=MarketNoteOut)
def note_decide(request: HttpRequest, market_note_id: int, payload: DecideIn) -> Any:
    note = selectors.note_get(viewer=_user(request), note_id=market_note_id)
    return services.note_decide(actor=_user(request), note=note, status=payload.status)


# Directives ------------------------------------------------------------------------------------------------


class DirectiveIn(Schema):
    assignee_id: int
    title: str = Field(max_length=200)
    body: str = Field(max_length=8000)
    due_on: date


class UpdateOut(Schema):
    author_id: int
    body: str
    at: datetime


class DirectiveOut(Schema):
    id: int
    issued_by_id: int
    assignee_id: int
    title: str
    body: str
    due_on: date
    status: str
    overdue: bool
    acknowledged_at: datetime | None
    result: str
    completed_at: datetime | None
    reply: str
    replied_at: datetime | None
    updates: list[UpdateOut]

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return selectors.overdue(obj)

    @staticmethod
    def resolve_updates(obj: Any) -> list[Any]:
        return list(obj.updates.all())


class TextIn(Schema):
    body: str = Field(max_length=4000)


class ResultIn(Schema):
    result: str = Field(max_length=4000)


class ReplyIn(Schema):
    reply: str = Field(max_length=4000)


def _directive(request: HttpRequest, directive_id: int) -> Any:
    return selectors.directive_get(viewer=_user(request), directive_id=directive_id)


@router.get("/directives/", response=list[DirectiveOut])
@paginate(LimitOffsetPagination)
def directive_list(request: HttpRequest, status: str | None = None) -> Any:
    return selectors.directive_list(viewer=_user(request), status=status).prefetch_related("updates")


@router.post("/directives/", response={201: DirectiveOut})
def directive_issue(request: HttpRequest, payload: DirectiveIn) -> Any:
    """Issue a directive to a KA manager of one's region (A2o)."""
    directive = services.directive_issue(actor=_user(request), **payload.dict())
    return Status(201, _directive(request, directive.pk))


@router.get("/directives/{directive_id}", response=DirectiveOut)
def directive_get(request: HttpRequest, directive_id: int) -> Any:
    return _directive(request, directive_id)


@router.post("/directives/{directive_id}/acknowledge", response=DirectiveOut)
def directive_acknowledge(request: HttpRequest, directive_id: int) -> Any:
    services.directive_acknowledge(actor=_user(request), directive=_directive(request, directive_id))
    return _directive(request, directive_id)


@router.post("/directives/{directive_id}/updates", response=DirectiveOut)
def directive_update(request: HttpRequest, directive_id: int, payload: TextIn) -> Any:
    services.directive_update(
        actor=_user(request), directive=_directive(request, directive_id), body=payload.body
    )
    return _directive(request, directive_id)


@router.post("/directives/{directive_id}/complete", response=DirectiveOut)
def directive_complete(request: HttpRequest, directive_id: int, payload: ResultIn) -> Any:
    services.directive_complete(
        actor=_user(request), directive=_directive(request, directive_id), result=payload.result
    )
    return _directive(request, directive_id)


@router.post("/directives/{directive_id}/reply", response=DirectiveOut)
def directive_reply(request: HttpRequest, directive_id: int, payload: ReplyIn) -> Any:
    services.directive_reply(
        actor=_user(request), directive=_directive(request, directive_id), reply=payload.reply
    )
    return _directive(request, directive_id)


@router.post("/directives/{directive_id}/withdraw", response=DirectiveOut)
def directive_withdraw(request: HttpRequest, directive_id: int) -> Any:
    services.directive_withdraw(actor=_user(request), directive=_directive(request, directive_id))
    return _directive(request, directive_id)


# Meetings ------------------------------------------------------------------------------------------------


class ActionIn(Schema):
    description: str = Field(max_length=300)
    owner_id: int
    due_on: date


class MeetingActionOut(Schema):
    id: int
    description: str
    owner_id: int
    due_on: date
    done_at: datetime | None


class MeetingIn(Schema):
    title: str = Field(max_length=200)
    held_on: date
    minutes: str = Field(default="", max_length=20000)
    decisions: str = Field(default="", max_length=8000)
    attendee_ids: list[int] = Field(default_factory=list, max_length=200)
    actions: list[ActionIn] = Field(default_factory=list, max_length=100)


class MeetingOut(Schema):
    id: int
    department_id: int
    title: str
    held_on: date
    minutes: str
    decisions: str
    attendee_ids: list[int]
    actions: list[MeetingActionOut]

    @staticmethod
    def resolve_attendee_ids(obj: Any) -> list[int]:
        return [u.pk for u in obj.attendees.all()]

    @staticmethod
    def resolve_actions(obj: Any) -> list[Any]:
        return list(obj.actions.all())


@router.get("/meetings/", response=list[MeetingOut])
@paginate(LimitOffsetPagination)
def meeting_list(request: HttpRequest) -> Any:
    return selectors.meeting_list(viewer=_user(request)).prefetch_related("attendees", "actions")


@router.post("/meetings/", response={201: MeetingOut})
def meeting_create(request: HttpRequest, payload: MeetingIn) -> Any:
    """Record a department meeting with its action items (A2m)."""
    values = payload.dict()
    values["actions"] = [dict(a) for a in values["actions"]]
    meeting = services.meeting_create(actor=_user(request), **values)
    return Status(201, selectors.meeting_get(viewer=_user(request), meeting_id=meeting.pk))


@router.get("/meetings/{meeting_id}", response=MeetingOut)
def meeting_get(request: HttpRequest, meeting_id: int) -> Any:
    return selectors.meeting_get(viewer=_user(request), meeting_id=meeting_id)


@router.post("/meeting-actions/{meeting_action_id}/done", response=MeetingActionOut)
def action_done(request: HttpRequest, meeting_action_id: int) -> Any:
    action = selectors.action_get(viewer=_user(request), action_id=meeting_action_id)
    return services.action_done(actor=_user(request), action=action)


# Procedures ---------------------------------------------------------------------------------------------


class ProcedureIn(Schema):
    title: str = Field(max_length=200)
    body: str = Field(max_length=50000)


class ProcedureVersionIn(Schema):
    title: str = Field(default="", max_length=200)
    body: str = Field(max_length=50000)


class ProcedureVersionOut(Schema):
    id: int
    number: int
    body: str
    published_at: datetime


class ProcedureOut(Schema):
    id: int
    department_id: int
    title: str
    current: ProcedureVersionOut | None

    @staticmethod
    def resolve_current(obj: Any) -> Any:
        return selectors.current_version(obj)


class PendingOut(Schema):
    id: int
    username: str
    display_name: str


class AckOut(Schema):
    version_id: int
    user_id: int
    at: datetime


@router.get("/procedures/", response=list[ProcedureOut])
@paginate(LimitOffsetPagination)
def procedure_list(request: HttpRequest) -> Any:
    return selectors.procedure_list(viewer=_user(request))


@router.post("/procedures/", response={201: ProcedureOut})
def procedure_create(request: HttpRequest, payload: ProcedureIn) -> Any:
    """Publish a new department procedure (A2a); staff are asked to acknowledge it."""
    version = services.procedure_publish(actor=_user(request), **payload.dict())
    return Status(201, selectors.procedure_get(viewer=_user(request), procedure_id=version.procedure_id))


@router.get("/procedures/{procedure_id}", response=ProcedureOut)
def procedure_get(request: HttpRequest, procedure_id: int) -> Any:
    return selectors.procedure_get(viewer=_user(request), procedure_id=procedure_id)


@router.post("/procedures/{procedure_id}/versions", response={201: ProcedureOut})
def procedure_version(request: HttpRequest, procedure_id: int, payload: ProcedureVersionIn) -> Any:
    procedure = selectors.procedure_get(viewer=_user(request), procedure_id=procedure_id)
    services.procedure_publish(actor=_user(request), procedure=procedure, **payload.dict())
    return Status(201, selectors.procedure_get(viewer=_user(request), procedure_id=procedure_id))


@router.get("/procedures/{procedure_id}/pending", response=list[PendingOut])
def procedure_pending(request: HttpRequest, procedure_id: int) -> Any:
    """Staff of the department who have not acknowledged the current version."""
    return selectors.not_acknowledged(
        selectors.procedure_get(viewer=_user(request), procedure_id=procedure_id)
    )


@router.post("/procedure-versions/{procedure_version_id}/acknowledge", response={201: AckOut})
def procedure_acknowledge(request: HttpRequest, procedure_version_id: int) -> Any:
    """Acknowledge having read a version; a superseded version is refused (409)."""
    version = selectors.version_get(viewer=_user(request), version_id=procedure_version_id)
    return Status(201, services.procedure_acknowledge(actor=_user(request), version=version))
