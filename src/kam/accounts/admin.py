"""Back-office views of the key account database; every business record shows its history (F1)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kam.accounts.models import (
    Account,
    AccountOwnership,
    AccountTier,
    Asset,
    Channel,
    Contact,
    Contract,
    ContractAttachment,
    Deal,
    ImportJob,
    Payment,
    Receivable,
    Reconciliation,
    Site,
)


@admin.register(AccountTier)
class AccountTierAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order", "description"]


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["name", "title", "decision_role", "mobile", "email", "is_primary"]


@admin.register(Account)
class AccountAdmin(SimpleHistoryAdmin):
    list_display = ["name", "credit_code", "tier", "status", "owner", "department", "developed_at"]
    list_filter = ["status", "tier", "department"]
    search_fields = ["name", "short_name", "credit_code", "search_pinyin", "search_initials"]
    autocomplete_fields = ["owner", "department", "source_channel"]
    readonly_fields = ["name_key", "search_pinyin", "search_initials"]
    inlines = [ContactInline]
    list_select_related = ["owner", "department", "tier"]


@admin.register(AccountOwnership)
class AccountOwnershipAdmin(admin.ModelAdmin):
    list_display = ["account", "from_owner", "to_owner", "changed_by", "kind", "at"]
    list_filter = ["kind"]
    readonly_fields = [f.name for f in AccountOwnership._meta.fields]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["name", "account", "title", "mobile", "is_primary"]
    search_fields = ["name", "mobile", "account__name"]
    autocomplete_fields = ["account"]


@admin.register(Channel)
class ChannelAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "status", "owner", "department", "territory"]
    list_filter = ["kind", "status"]
    search_fields = ["name"]


class AssetInline(admin.TabularInline):
    model = Asset
    extra = 0
    fields = ["code", "name", "category", "status", "custodian", "location"]


@admin.register(Site)
class SiteAdmin(SimpleHistoryAdmin):
    list_display = ["name", "department", "manager", "status"]
    search_fields = ["name"]
    inlines = [AssetInline]


@admin.register(Asset)
class AssetAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "site", "category", "status", "custodian"]
    list_filter = ["category", "status"]
    search_fields = ["code", "name"]


class AttachmentInline(admin.TabularInline):
    model = ContractAttachment
    extra = 0
    fields = ["name", "file", "size"]
    readonly_fields = ["size"]


@admin.register(Contract)
class ContractAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "account", "status", "amount", "contract_date", "due_date"]
    list_filter = ["status"]
    search_fields = ["number", "title", "account__name"]
    autocomplete_fields = ["account"]
    inlines = [AttachmentInline]


@admin.register(Receivable)
class ReceivableAdmin(SimpleHistoryAdmin):
    list_display = ["account", "amount", "collected", "due_date", "contract"]
    search_fields = ["account__name", "description"]
    autocomplete_fields = ["account"]


@admin.register(Payment)
class PaymentAdmin(SimpleHistoryAdmin):
    list_display = ["receivable", "amount", "paid_on", "method", "reference"]


@admin.register(Reconciliation)
class ReconciliationAdmin(SimpleHistoryAdmin):
    list_display = ["account", "month", "closing_balance", "status", "confirmed_by"]
    list_filter = ["status"]


@admin.register(Deal)
class DealAdmin(SimpleHistoryAdmin):
    list_display = ["account", "specialist", "site", "occurred_at", "amount"]
    autocomplete_fields = ["account"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = [
        "original_name",
        "kind",
        "status",
        "total_rows",
        "error_rows",
        "created_rows",
        "created_by",
        "created_at",
    ]
    readonly_fields = [f.name for f in ImportJob._meta.fields]
