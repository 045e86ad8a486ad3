from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from kam.org.models import ApiToken, Department, Duty, Post, Territory, User


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "parent", "head"]
    list_filter = ["kind"]
    search_fields = ["name"]
    autocomplete_fields = ["parent", "head"]


class DutyInline(admin.TabularInline):
    model = Duty
    extra = 0


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "order"]
    inlines = [DutyInline]


@admin.register(Territory)
class TerritoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "region_codes"]
    search_fields = ["name"]


@admin.register(User)
class KamUserAdmin(SimpleHistoryAdmin, UserAdmin):
    list_display = ["username", "full_name", "department", "supervisor", "is_active"]
    list_filter = ["posts", "department", "is_active"]
    search_fields = ["username", "full_name", "phone", "email"]
    autocomplete_fields = ["department", "supervisor", "territory"]
    filter_horizontal = ["posts", "groups", "user_permissions"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (
            _("Organisation"),
            {"fields": ("full_name", "phone", "department", "posts", "supervisor", "territory")},
        ),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "user", "created_at", "last_used_at"]
