"""Names of the service desk's codes for people: kinds, events, milestones, statuses (translated, D10)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

KIND_LABELS: dict[str, Promise] = {
    "inquiry": _("Purchase inquiry"),
    "complaint": _("Complaint"),
    "rescue": _("Rescue call"),
    "purchase_callback": _("Post-purchase callback"),
    "repair_callback": _("Post-repair callback"),
}
STATUS_LABELS: dict[str, Promise] = {
    "pending": pgettext_lazy("milestone", "Pending"),
    "met": _("Met"),
    "breached": _("Breached"),
    "not_applicable": _("Not applicable"),
}
EVENT_LABELS: dict[str, Promise] = {
    "call_answered": _("Call answered"),
    "call_ended": _("Call ended"),
    "resolved_on_call": _("Resolved on the call"),
    "reply_time_agreed": _("Reply time agreed"),
    "transferred_to_resource_centre": _("Transferred to the resource centre"),
    "resource_centre_replied": _("Resource centre replied"),
    "customer_replied": _("Customer replied"),
    "department_notified": _("Department notified"),
    "customer_informed": _("Customer informed"),
    "supervised": _("Service supervised"),
    "satisfaction_recorded": _("Satisfaction recorded"),
    "purchased": _("Purchased"),
    "repaired": _("Repaired"),
    "callback_attempt": _("Callback attempt"),
    "problem_forwarded": _("Problem forwarded"),
    "problem_resolution_checked": _("Problem resolution checked"),
    "closed": _("Closed"),
    "reopened": _("Reopened"),
}
MILESTONE_LABELS: dict[str, Promise] = {
    "answer": _("Answer within 3 rings"),
    "transfer_to_resource_centre": _("Transfer to the resource centre (30 min)"),
    "resource_centre_reply": _("Resource centre reply (3 h)"),
    "customer_reply": _("Reply to the customer (24 h)"),
    "reply_time_agreed": _("Agree a reply time (30 min)"),
    "department_notified": _("Notify the department (10 min)"),
    "customer_informed": _("Inform the customer (20 min)"),
    "supervision": _("Supervise the service (12 h)"),
    "satisfaction_callback": _("Satisfaction callback (24 h)"),
    "callback_1": _("First callback (3 days)"),
    "callback_2": _("Second callback (10 days)"),
    "callback_3": _("Third callback (30 days)"),
    "problem_forwarded": _("Forward the problem (1 h)"),
    "problem_resolution_checked": _("Check the resolution (24 h)"),
}
OUTCOME_LABELS: dict[str, Promise] = {
    "no_answer": _("No answer"),
    "child_answered": _("A child answered"),
    "owner_answered": _("The owner answered"),
}


def label(table: dict[str, Promise], code: str) -> str:
    """Return the translated name of ``code``, or the code itself when it has none (a custom policy's)."""
    found = table.get(code)
    return str(found) if found is not None else code
