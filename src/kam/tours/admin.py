"""Back office of facility tours: areas and their flags, applications with route and visitors."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kam.tours.models import FacilityArea, TourApplication, TourStop, TourVisitor


@admin.register(FacilityArea)
class FacilityAreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "is_workshop", "is_magnet_sensitive", "is_restricted", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


class TourStopInline(admin.TabularInline):
    model = TourStop
    extra = 0


class TourVisitorInline(admin.TabularInline):
    model = TourVisitor
    extra = 0


@admin.register(TourApplication)
class TourApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "visit_date", "start_time", "headcount", "host_department", "status"]
    list_filter = ["status", "interview_or_filming"]
    search_fields = ["organisation", "purpose"]
    readonly_fields = ["status", "approval"]
    inlines = [TourStopInline, TourVisitorInline]
