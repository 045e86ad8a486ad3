"""Back-office configuration of the playbook: the listening-test bands, topics (versions are read-only
here: edits go through the playbook's edit page so that every edit becomes a new version), the library
and the training records."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from kam.playbook import rules
from kam.playbook.models import (
    Attendance,
    Collateral,
    Course,
    FranklinSheet,
    ListeningBand,
    ListeningResult,
    Product,
    Topic,
    TopicVersion,
    TrainingSession,
    VisitKit,
)
from kam.playbook.services.common import refusal


class ListeningBandForm(forms.ModelForm):
    class Meta:
        model = ListeningBand
        fields = ["min_score", "max_score", "label_zh", "label_en", "advice_zh", "advice_en"]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        low, high = data.get("min_score"), data.get("max_score")
        if isinstance(low, int) and isinstance(high, int):
            if not rules.MIN_TOTAL <= low <= high <= rules.MAX_TOTAL:
                raise forms.ValidationError(_("A band runs from a lower to a higher total within 20–100."))
            others = ListeningBand.objects.exclude(pk=self.instance.pk).values_list("min_score", "max_score")
            if any(low <= other_high and other_low <= high for other_low, other_high in others):
                raise forms.ValidationError(_("The band overlaps another band."))
        return data


@admin.register(ListeningBand)
class ListeningBandAdmin(admin.ModelAdmin):
    """Decision (D9-test): the bands are data; the list warns when they leave a total uncovered."""

    form = ListeningBandForm
    list_display = ["min_score", "max_score", "label_zh", "label_en"]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        problem = rules.band_problem(list(ListeningBand.objects.values_list("min_score", "max_score")))
        if problem:
            self.message_user(request, refusal(problem, field=None).localized(), level="warning")
        return super().changelist_view(request, extra_context)


class TopicVersionInline(admin.TabularInline):
    model = TopicVersion
    fields = ("number", "title_zh", "title_en", "note", "created_by", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Topic)
class TopicAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "chapter", "requirement", "order", "current"]
    list_filter = ["chapter"]
    readonly_fields = ["current"]
    inlines = [TopicVersionInline]


@admin.register(ListeningResult)
class ListeningResultAdmin(admin.ModelAdmin):
    list_display = ["user", "taken_at", "total", "band_label_zh"]
    list_filter = ["taken_at"]
    readonly_fields = ["user", "taken_at", "answers", "total", "band_label_zh", "band_label_en", "session"]


@admin.register(Product)
class ProductAdmin(SimpleHistoryAdmin):
    list_display = ["name", "product_type", "model_number", "price_min", "price_max"]
    list_filter = ["product_type"]
    search_fields = ["name", "model_number"]


@admin.register(Collateral)
class CollateralAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "product_type", "file_name"]
    list_filter = ["kind"]
    search_fields = ["title"]
    readonly_fields = ["file", "file_name", "file_size", "content_type"]
    filter_horizontal = ["products"]


@admin.register(VisitKit)
class VisitKitAdmin(SimpleHistoryAdmin):
    list_display = ["id", "owner", "visit_on", "account_id", "created_at"]


@admin.register(FranklinSheet)
class FranklinSheetAdmin(SimpleHistoryAdmin):
    list_display = ["title", "owner", "customer", "created_at"]


class SessionInline(admin.TabularInline):
    model = TrainingSession
    extra = 0


@admin.register(Course)
class CourseAdmin(SimpleHistoryAdmin):
    list_display = ["title", "department", "created_at"]
    inlines = [SessionInline]
    filter_horizontal = ["topics"]


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["session", "trainee", "status", "score"]
    list_filter = ["status"]
