"""Back-office list of relationship records.

Assessment templates are edited on their own page (``relations:template_list``), where the services
check that the weights total 100; the admin only lists them, read-only.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kam.relations.models import AssessmentTemplate, Competitor


@admin.register(AssessmentTemplate)
class AssessmentTemplateAdmin(admin.ModelAdmin[AssessmentTemplate]):
    list_display = ("name", "standard_score", "develop_at", "terminate_below", "is_default")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Competitor)
class CompetitorAdmin(admin.ModelAdmin[Competitor]):
    list_display = ("name",)
    search_fields = ("name",)
