"""The only writers of field work (D11, D13–D16), split by role."""

from kam.visits.services.discipline import (
    allowed_actions,
    discipline_sweep,
    violation_close,
    violation_decide,
    violation_explain,
)
from kam.visits.services.fieldwork import (
    VISIT_LOCKED,
    office_activity_record,
    sign_in_record,
    visit_locked,
    visit_record,
    visit_update,
)
from kam.visits.services.planning import (
    appointment_cancel,
    appointment_create,
    appointment_reminders,
    appointment_update,
    contact_plan_create,
    contact_plan_update,
    double_bookings,
)
from kam.visits.services.reports import (
    ExpenseInput,
    daily_report_approve,
    daily_report_create,
    daily_report_submit,
    expense_total,
)

__all__ = [
    "VISIT_LOCKED",
    "ExpenseInput",
    "allowed_actions",
    "appointment_cancel",
    "appointment_create",
    "appointment_reminders",
    "appointment_update",
    "contact_plan_create",
    "contact_plan_update",
    "daily_report_approve",
    "daily_report_create",
    "daily_report_submit",
    "discipline_sweep",
    "double_bookings",
    "expense_total",
    "office_activity_record",
    "sign_in_record",
    "violation_close",
    "violation_decide",
    "violation_explain",
    "visit_locked",
    "visit_record",
    "visit_update",
]
