"""Back office of the service desk: SLA policies (saving publishes a new version), requests, records."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from kam.core.errors import ValidationFailed
from kam.service import services
from kam.service.models import (
    AssessmentRecord,
    CallQualityReview,
    Milestone,
    ServiceEventRow,
    ServiceRequest,
    SlaPolicy,
)
from kam.service.policy_json import policy_from_dict


class SlaPolicyForm(forms.ModelForm):
    class Meta:
        model = SlaPolicy
        fields = ["kind", "definition"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        definition = data.get("definition")
        if isinstance(definition, dict) and data.get("kind"):
            try:
                policy_from_dict(
                    {**definition, "kind": data["kind"], "version": definition.get("version") or 1}
                )
            except ValidationFailed as exc:
                raise ValidationError(f"{exc.field}: {exc.localized()}") from None
        return data


@admin.register(SlaPolicy)
class SlaPolicyAdmin(SimpleHistoryAdmin):
    """Editing a policy never changes the stored version: saving publishes the kind's next version (D10)."""

    form = SlaPolicyForm
    list_display = ["kind", "version", "active", "created_at"]
    list_filter = ["kind", "active"]

    def save_model(self, request: HttpRequest, obj: SlaPolicy, form: Any, change: bool) -> None:
        published = services.sla_policy_publish(
            actor=request.user,  # type: ignore[arg-type]
            kind=obj.kind,
            definition=form.cleaned_data["definition"],
        )
        obj.pk, obj.version, obj.active = published.pk, published.version, True

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    can_delete = False
    readonly_fields = ["code", "status", "due_at", "done_at", "breached_at", "escalation_level"]
    fields = readonly_fields


class EventInline(admin.TabularInline):
    model = ServiceEventRow
    extra = 0
    can_delete = False
    readonly_fields = ["sequence", "type", "occurred_at", "payload", "recorded_by"]
    fields = readonly_fields


@admin.register(ServiceRequest)
class ServiceRequestAdmin(SimpleHistoryAdmin):
    list_display = ["id", "kind", "summary", "status", "opened_at", "next_due_at", "repeat_status"]
    list_filter = ["kind", "status", "repeat_status"]
    search_fields = ["summary", "caller_phone"]
    readonly_fields = ["policy", "status", "next_due_at", "repeat_of", "repeat_status", "origin"]
    raw_id_fields = ["account", "contact", "assignee"]
    inlines = [MilestoneInline, EventInline]


@admin.register(AssessmentRecord)
class AssessmentRecordAdmin(SimpleHistoryAdmin):
    list_display = ["user", "milestone_code", "deduction", "occurred_at", "request", "repeat"]
    raw_id_fields = ["user", "request", "repeat"]


@admin.register(CallQualityReview)
class CallQualityReviewAdmin(SimpleHistoryAdmin):
    list_display = ["request", "agent", "reviewer", "total", "reviewed_at"]
    raw_id_fields = ["request", "agent", "reviewer"]
