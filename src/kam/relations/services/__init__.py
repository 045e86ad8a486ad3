"""The writes of relationship management: one function per use case, each in one transaction.

Split by role: :mod:`.assessments` (templates and relationship assessments, D12), :mod:`.records`
(needs C1, demand C2, market notes A2l) and :mod:`.department` (directives A2o, meetings A2m,
procedures A2a).
"""

from kam.relations.services.assessments import (
    assessment_confirm,
    assessment_create,
    template_create,
    template_update,
)
from kam.relations.services.department import (
    action_done,
    directive_acknowledge,
    directive_complete,
    directive_issue,
    directive_reply,
    directive_update,
    directive_withdraw,
    meeting_create,
    procedure_acknowledge,
    procedure_publish,
)
from kam.relations.services.records import (
    competitor_create,
    demand_create,
    demand_delete,
    demand_update,
    need_create,
    need_update,
    note_create,
    note_decide,
)

__all__ = [
    "action_done",
    "assessment_confirm",
    "assessment_create",
    "competitor_create",
    "demand_create",
    "demand_delete",
    "demand_update",
    "directive_acknowledge",
    "directive_complete",
    "directive_issue",
    "directive_reply",
    "directive_update",
    "directive_withdraw",
    "meeting_create",
    "need_create",
    "need_update",
    "note_create",
    "note_decide",
    "procedure_acknowledge",
    "procedure_publish",
    "template_create",
    "template_update",
]
