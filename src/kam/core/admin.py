from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kam.core import calendar
from kam.core.models import CalendarOverride, JobLock, SecurityEvent


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(SimpleHistoryAdmin):
    list_display = ["date", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        calendar.invalidate()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        calendar.invalidate()


@admin.register(JobLock)
class JobLockAdmin(admin.ModelAdmin):
    list_display = ["name", "holder", "locked_until", "last_started_at", "last_finished_at", "runs"]
    readonly_fields = ["name", "holder", "locked_until", "last_started_at", "last_finished_at", "runs"]


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The security trail, read-only: nobody edits or deletes what was attempted."""

    list_display = ["at", "kind", "username", "user", "ip", "method", "path", "detail"]
    list_filter = ["kind"]
    search_fields = ["username", "ip", "path"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
