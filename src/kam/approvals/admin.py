"""Back office of the approval engine: chains and their versions, requests (read-only), delegations.

A version that a request has used is read-only: change a chain by adding a new version, which new
requests use while those in flight keep theirs.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Max
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from kam.approvals.models import (
    ApprovalAction,
    ApprovalChain,
    ApprovalRequest,
    ChainStep,
    ChainVersion,
    Delegation,
    RequestStep,
)


class ChainStepInline(admin.TabularInline):
    model = ChainStep
    extra = 0
    fields = ["order", "name", "post", "resolve", "department", "min_amount", "flag"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or not obj.requests.exists()

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(ChainVersion)
class ChainVersionAdmin(admin.ModelAdmin):
    list_display = ["chain", "number", "note", "created_at", "created_by"]
    list_filter = ["chain"]
    readonly_fields = ["number", "created_at", "created_by"]
    inlines = [ChainStepInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or not obj.requests.exists()

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            newest = ChainVersion.objects.filter(chain=obj.chain).aggregate(n=Max("number"))["n"] or 0
            obj.number, obj.created_by = newest + 1, request.user
        super().save_model(request, obj, form, change)


class ChainVersionInline(admin.TabularInline):
    model = ChainVersion
    extra = 0
    fields = readonly_fields = ("number", "note", "created_at", "created_by")
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ApprovalChain)
class ApprovalChainAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name"]
    inlines = [ChainVersionInline]


class RequestStepInline(admin.TabularInline):
    model = RequestStep
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "round",
        "order",
        "name",
        "post",
        "department",
        "head_of",
        "status",
        "decided_by",
        "decided_at",
    )


class ApprovalActionInline(admin.TabularInline):
    model = ApprovalAction
    extra = 0
    can_delete = False
    fields = readonly_fields = ("at", "kind", "actor", "on_behalf_of", "round", "comment")


@admin.register(ApprovalRequest)
class ApprovalRequestAdmin(SimpleHistoryAdmin):
    """Requests change only through their approvers' decisions, so the back office only reads them."""

    list_display = ["title", "chain", "requester", "status", "round", "submitted_at"]
    list_filter = ["status", "chain"]
    search_fields = ["title", "requester__full_name", "requester__username"]
    inlines = [RequestStepInline, ApprovalActionInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Delegation)
class DelegationAdmin(SimpleHistoryAdmin):
    list_display = ["delegator", "delegate", "starts_on", "ends_on", "note"]
    autocomplete_fields = ["delegator", "delegate"]
