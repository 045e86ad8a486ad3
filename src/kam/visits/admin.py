"""Back-office views of field work; the field itself works through the pages and the API."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kam.visits.models import (
    Appointment,
    ContactPlan,
    DailyReport,
    ExpenseLine,
    OfficeActivity,
    SignIn,
    Violation,
    Visit,
)


@admin.register(SignIn)
class SignInAdmin(SimpleHistoryAdmin):
    list_display = ["user", "occurred_at", "source", "in_territory"]
    list_filter = ["source", "in_territory"]
    raw_id_fields = ["user", "entered_by", "department"]


@admin.register(Visit)
class VisitAdmin(SimpleHistoryAdmin):
    list_display = ["user", "account", "occurred_at", "plan_code", "result_code"]
    list_filter = ["plan_code", "result_code"]
    raw_id_fields = ["user", "account", "contact", "department", "appointment", "contact_plan", "companions"]


@admin.register(ContactPlan)
class ContactPlanAdmin(SimpleHistoryAdmin):
    list_display = ["user", "account", "planned_for", "purpose"]
    raw_id_fields = ["user", "account", "contact", "department"]


@admin.register(Appointment)
class AppointmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "account", "starts_at", "ends_at", "cancelled_at"]
    raw_id_fields = ["user", "account", "contact", "contact_plan", "department", "concerned_department"]


@admin.register(OfficeActivity)
class OfficeActivityAdmin(SimpleHistoryAdmin):
    list_display = ["user", "starts_at", "ends_at", "description"]
    raw_id_fields = ["user", "department"]


class ExpenseInline(admin.TabularInline):
    model = ExpenseLine
    extra = 0


@admin.register(DailyReport)
class DailyReportAdmin(SimpleHistoryAdmin):
    list_display = ["user", "day", "status", "late", "visits_count"]
    list_filter = ["status", "late"]
    raw_id_fields = ["user", "supervisor", "manager", "department"]
    inlines = [ExpenseInline]


@admin.register(Violation)
class ViolationAdmin(SimpleHistoryAdmin):
    list_display = ["user", "day", "code", "status"]
    list_filter = ["code", "status"]
    raw_id_fields = ["user", "department", "decided_by", "closed_by"]
