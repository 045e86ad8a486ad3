"""Back-office pages of plans, targets, templates and scorecards (B3)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kam.plans.models import (
    AnnualTarget,
    ManualScore,
    MonthlyPlan,
    Scorecard,
    ScorecardAdjustment,
    ScorecardTemplate,
)


@admin.register(ScorecardTemplate)
class ScorecardTemplateAdmin(SimpleHistoryAdmin):
    list_display = ("name", "version", "is_default")


@admin.register(AnnualTarget)
class AnnualTargetAdmin(SimpleHistoryAdmin):
    list_display = ("department", "year", "visits", "expansions", "deals")
    list_filter = ("year",)


@admin.register(MonthlyPlan)
class MonthlyPlanAdmin(SimpleHistoryAdmin):
    list_display = ("specialist", "month", "visits", "expansions", "deals", "status", "late")
    list_filter = ("status", "late", "month")
    raw_id_fields = ("specialist",)


@admin.register(Scorecard)
class ScorecardAdmin(SimpleHistoryAdmin):
    list_display = ("specialist", "month", "template_name", "status", "total", "rank")
    list_filter = ("status", "month")
    raw_id_fields = ("specialist", "locked_by")
    readonly_fields = ("template_rows", "rows", "deductions", "total", "rank", "locked_at", "locked_by")


@admin.register(ManualScore)
class ManualScoreAdmin(SimpleHistoryAdmin):
    list_display = ("scorecard", "code", "score", "scored_by")
    raw_id_fields = ("scorecard", "scored_by")


@admin.register(ScorecardAdjustment)
class ScorecardAdjustmentAdmin(SimpleHistoryAdmin):
    list_display = ("scorecard", "code", "old", "new", "reason", "adjusted_by")
    raw_id_fields = ("scorecard", "adjusted_by")
