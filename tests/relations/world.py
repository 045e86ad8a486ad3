"""Relationship objects for the authorization matrix (``tests/security``).

Everything sits in 大客户一部, where the matrix's users sit: an account of spec1 with an assessment
proposing develop, a need, a demand line and a market note with a proposal; a directive from the
region's manager to manager1; a meeting with an action for spec1; a published procedure. The pages
that take ``account_id`` use the key-account world's account (also spec1's, in the same department).
"""

from __future__ import annotations

from typing import Any

from kam.relations import services
from kam.relations.models import AssessmentTemplate
from tests.factories_accounts import AccountFactory

ACCOUNT_READ_ALL = frozenset(
    {"admin", "general_manager", "inspector", "finance", "cs_manager", "cs_duty", "call_centre"}
    | {"resource_centre", "company_office"}
)
RELATION_READERS = ACCOUNT_READ_ALL | {"regional_manager", "service_director", "ka_manager"}
RELATION_WRITERS = frozenset({"ka_manager", "regional_manager", "general_manager", "admin"})
TEMPLATE_EDITORS = RELATION_WRITERS
NOTE_WRITERS = RELATION_WRITERS | {"specialist"}
DIRECTIVE_ISSUERS = frozenset({"regional_manager", "general_manager", "admin"})
DIRECTIVE_READERS = frozenset({"regional_manager", "general_manager", "inspector", "admin"})
DEPARTMENT_MANAGERS = frozenset({"ka_manager", "admin"})

PAGE_PARAMS: dict[str, tuple[str, ...]] = {
    "relations:assessment_new": ("account_id",),
    "relations:assessment_detail": ("assessment_id",),
    "relations:assessment_confirm": ("assessment_id",),
    "relations:assessment_print": ("assessment_id",),
    "relations:assessment_export": ("assessment_id",),
    "relations:template_edit": ("assessment_template_id",),
    "relations:need_new": ("account_id",),
    "relations:need_edit": ("need_id",),
    "relations:demand_new": ("account_id",),
    "relations:note_decide": ("market_note_id",),
    "relations:directive_detail": ("directive_id",),
    "relations:directive_act": ("directive_id",),
    "relations:meeting_detail": ("meeting_id",),
    "relations:action_done": ("meeting_action_id",),
    "relations:procedure_detail": ("procedure_id",),
    "relations:procedure_publish": ("procedure_id",),
    "relations:procedure_acknowledge": ("procedure_version_id",),
}


def relations_params(*, org: dict[str, Any]) -> dict[str, Any]:
    """Create the objects and return their ids under the path parameters' names."""
    spec1, manager1 = org["spec1"], org["manager1"]
    account = AccountFactory(owner=spec1)
    template = AssessmentTemplate.objects.get(is_default=True)
    assessment = services.assessment_create(
        actor=spec1,
        account_id=account.pk,
        scores=[{"indicator_id": i.pk, "score": 90} for i in template.indicators.all()],
    )
    need = services.need_create(actor=spec1, account_id=account.pk, direction="扩产", problem="交期长")
    line = services.demand_create(
        actor=spec1, account_id=account.pk, product_type="铝锭", quantity=10, region="华东"
    )
    note = services.note_create(actor=spec1, body="对手降价", region="华东", proposal="跟进价格")
    directive = services.directive_issue(
        actor=org["regional"], assignee_id=manager1.pk, title="清理应收", body="逐户核对", due_on="2099-01-01"
    )
    meeting = services.meeting_create(
        actor=manager1,
        title="部门例会",
        held_on="2026-01-05",
        actions=[{"description": "整理需求", "owner_id": spec1.pk, "due_on": "2099-01-01"}],
    )
    version = services.procedure_publish(actor=manager1, title="拜访规范", body="第一版")
    return {
        "relations_account_id": account.pk,
        "relations_manager_id": manager1.pk,
        "assessment_template_id": template.pk,
        "assessment_id": assessment.pk,
        "need_id": need.pk,
        "demand_line_id": line.pk,
        "market_note_id": note.pk,
        "directive_id": directive.pk,
        "meeting_id": meeting.pk,
        "meeting_action_id": meeting.actions.get().pk,
        "procedure_id": version.procedure_id,
        "procedure_version_id": version.pk,
    }
