"""Pages of the key account database, under /accounts/."""

from django.urls import path

from kam.accounts.views import accounts, imports, related

app_name = "accounts"

urlpatterns = [
    path("", accounts.account_list, name="list"),
    path("export/<str:fmt>/", accounts.account_export, name="export"),
    path("pool/", accounts.account_pool, name="pool"),
    path("contacts/export/<str:fmt>/", accounts.contact_export, name="contact_export"),
    path("new/", accounts.account_create, name="create"),
    path("<int:account_id>/", accounts.account_detail, name="detail"),
    path("<int:account_id>/edit/", accounts.account_edit, name="edit"),
    path("<int:account_id>/assign/", accounts.account_assign, name="assign"),
    path("<int:account_id>/claim/", accounts.account_claim, name="claim"),
    path("<int:account_id>/transition/", accounts.account_transition, name="transition"),
    path("<int:account_id>/delete/", accounts.account_delete, name="delete"),
    path("<int:account_id>/contacts/new/", related.contact_create, name="contact_create"),
    path("contacts/<int:contact_id>/edit/", related.contact_edit, name="contact_edit"),
    path("<int:account_id>/contracts/new/", related.contract_create, name="contract_create"),
    path("contracts/<int:contract_id>/", related.contract_detail, name="contract"),
    path("contracts/<int:contract_id>/edit/", related.contract_edit, name="contract_edit"),
    path("contracts/<int:contract_id>/attachments/", related.contract_attach, name="contract_attach"),
    path(
        "contracts/<int:contract_id>/attachments/<int:attachment_id>/",
        related.attachment_download,
        name="attachment",
    ),
    path("contracts/<int:contract_id>/<str:action>/", related.contract_action, name="contract_action"),
    path("<int:account_id>/receivables/new/", related.receivable_create, name="receivable_create"),
    path("receivables/<int:receivable_id>/payments/new/", related.payment_create, name="payment_create"),
    path(
        "<int:account_id>/reconciliations/new/", related.reconciliation_create, name="reconciliation_create"
    ),
    path(
        "reconciliations/<int:reconciliation_id>/<str:decision>/",
        related.reconciliation_decide,
        name="reconciliation_decide",
    ),
    path("<int:account_id>/deals/new/", related.deal_create, name="deal_create"),
    path("channels/", related.channel_list, name="channels"),
    path("channels/new/", related.channel_create, name="channel_create"),
    path("channels/<int:channel_id>/edit/", related.channel_edit, name="channel_edit"),
    path("sites/", related.site_list, name="sites"),
    path("sites/new/", related.site_create, name="site_create"),
    path("sites/<int:site_id>/", related.site_detail, name="site"),
    path("sites/<int:site_id>/assets/new/", related.asset_create, name="asset_create"),
    path("assets/<int:asset_id>/edit/", related.asset_edit, name="asset_edit"),
    path("import/", imports.import_start, name="import"),
    path("import/template/<str:kind>/", imports.import_template, name="import_template"),
    path("import/<uuid:job_id>/", imports.import_job, name="import_job"),
    path("import/<uuid:job_id>/confirm/", imports.import_confirm, name="import_confirm"),
    path("import/<uuid:job_id>/cancel/", imports.import_cancel, name="import_cancel"),
    path("import/<uuid:job_id>/report/", imports.import_report, name="import_report"),
]
