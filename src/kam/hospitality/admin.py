"""Back office of hospitality: requests with receipts, banquets with guests, reception plans with steps."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kam.hospitality.models import (
    Banquet,
    BanquetGuest,
    HospitalityRequest,
    Receipt,
    ReceptionPlan,
    ReceptionTask,
)


class ReceiptInline(admin.TabularInline):
    model = Receipt
    extra = 0
    fields = ["name", "line", "file", "size"]
    readonly_fields = ["size"]


@admin.register(HospitalityRequest)
class HospitalityRequestAdmin(SimpleHistoryAdmin):
    list_display = ["account", "event_date", "applicant", "department", "status"]
    list_filter = ["status"]
    search_fields = ["account__name", "venue", "purpose"]
    readonly_fields = ["status", "approval", "spending_recorded_at", "settled_at", "settled_by"]
    inlines = [ReceiptInline]


class BanquetGuestInline(admin.TabularInline):
    model = BanquetGuest
    extra = 0
    fk_name = "banquet"
    raw_id_fields = ["contact", "spouse_of"]


@admin.register(Banquet)
class BanquetAdmin(SimpleHistoryAdmin):
    list_display = ["title", "starts_at", "level", "venue", "organiser"]
    list_filter = ["level", "cuisine", "purpose"]
    search_fields = ["title", "venue"]
    readonly_fields = ["seating", "seated_at"]
    inlines = [BanquetGuestInline]


class ReceptionTaskInline(admin.TabularInline):
    model = ReceptionTask
    extra = 0


@admin.register(ReceptionPlan)
class ReceptionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["account", "arrival_at", "departure_at", "organiser"]
    search_fields = ["account__name", "visitors"]
    inlines = [ReceptionTaskInline]
