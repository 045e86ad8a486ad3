"""Pages of what hangs off an account (contacts, contracts, receivables, payments, deals, statements)
and of channels, project sites and their asset registers (A2c, A2d, A2n, A3, A4b)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from kam.accounts import permissions, selectors, services
from kam.accounts.forms import (
    AssetForm,
    BootstrapForm,
    ChannelForm,
    ContactForm,
    ContractForm,
    DealForm,
    PaymentForm,
    ReasonForm,
    ReceivableForm,
    ReconciliationForm,
    SiteForm,
    submit,
)
from kam.accounts.views.accounts import flash_error, viewer
from kam.core.errors import ApplicationError

CHOOSE_A_FILE = gettext_noop("Choose a file.")


def form_page(
    request: HttpRequest, form: BootstrapForm, title: str, back: str, action: Callable[[], Any]
) -> HttpResponse:
    """Show a form; on a valid POST run ``action`` and go back, else show the errors by field."""
    if request.method == "POST" and form.is_valid() and submit(form, action) is not None:
        messages.success(request, _("Saved."))
        return redirect(back)
    return render(request, "accounts/form.html", {"form": form, "title": title, "back_url": back})


def _detail(account_id: int, section: str = "") -> str:
    return reverse("accounts:detail", args=[account_id]) + (f"#{section}" if section else "")


def account_form_page(
    request: HttpRequest,
    account_id: int,
    *,
    allowed: Callable[[Any, Any], bool],
    form_class: type[BootstrapForm],
    create: Callable[..., Any],
    title: str,
    section: str,
    form_kwargs: dict[str, Any] | None = None,
) -> HttpResponse:
    """The shape shared by the forms that add a row to an account (a contact, a contract, a receivable,
    a statement, a deal): the account the user sees (else 404), the permission (else 403), the form,
    and the service ``create(actor=, account=, **values)``; then back to the account's section."""
    user = viewer(request)
    account = selectors.account_get(viewer=user, account_id=account_id)
    permissions.require(allowed(user, account))
    form = form_class(request.POST or None, **(form_kwargs or {}))
    action = lambda: create(actor=user, account=account, **form.values())  # noqa: E731
    return form_page(request, form, title % {"name": account.name}, _detail(account.pk, section), action)


# Contacts -----------------------------------------------------------------------------------------


@login_required
def contact_create(request: HttpRequest, account_id: int) -> HttpResponse:
    return account_form_page(
        request,
        account_id,
        allowed=permissions.can_edit_account,
        form_class=ContactForm,
        create=services.contact_create,
        title=_("New contact at %(name)s"),
        section="contacts",
    )


@login_required
def contact_edit(request: HttpRequest, contact_id: int) -> HttpResponse:
    user = viewer(request)
    contact = selectors.contact_get(viewer=user, contact_id=contact_id)
    permissions.require(permissions.can_edit_account(user, contact.account))
    initial = {f: getattr(contact, f) for f in ContactForm.base_fields}
    form = ContactForm(request.POST or None, initial=initial)
    action = lambda: services.contact_update(actor=user, contact=contact, **form.values())  # noqa: E731
    return form_page(request, form, contact.name, _detail(contact.account_id, "contacts"), action)


# Contracts (A2d) ----------------------------------------------------------------------------------


@login_required
def contract_create(request: HttpRequest, account_id: int) -> HttpResponse:
    return account_form_page(
        request,
        account_id,
        allowed=permissions.can_edit_account,
        form_class=ContractForm,
        create=services.contract_create,
        title=_("New contract with %(name)s"),
        section="contracts",
    )


@login_required
def contract_detail(request: HttpRequest, contract_id: int) -> HttpResponse:
    user = viewer(request)
    contract = selectors.contract_get(viewer=user, contract_id=contract_id)
    return render(
        request,
        "accounts/contract.html",
        {
            "contract": contract,
            "can_edit": permissions.can_edit_account(user, contract.account),
            "can_manage": permissions.can_manage_account(user, contract.account),
            "reason_form": ReasonForm(),
        },
    )


@login_required
def contract_edit(request: HttpRequest, contract_id: int) -> HttpResponse:
    user = viewer(request)
    contract = selectors.contract_get(viewer=user, contract_id=contract_id)
    permissions.require(permissions.can_edit_account(user, contract.account))
    form = ContractForm(
        request.POST or None, initial={f: getattr(contract, f) for f in ContractForm.base_fields}
    )
    action = lambda: services.contract_update(actor=user, contract=contract, **form.values())  # noqa: E731
    return form_page(request, form, contract.number, reverse("accounts:contract", args=[contract.pk]), action)


CONTRACT_ACTIONS: dict[str, Callable[..., Any]] = {
    "review": services.contract_review,
    "sign": services.contract_sign,
    "send-back": services.contract_send_back,
    "terminate": services.contract_terminate,
}


@login_required
@require_POST
def contract_action(request: HttpRequest, contract_id: int, action: str) -> HttpResponse:
    """Review, sign, send back or terminate a contract (the last two need a reason)."""
    user = viewer(request)
    contract = selectors.contract_get(viewer=user, contract_id=contract_id)
    extra = {"reason": request.POST.get("reason", "")} if action in ("send-back", "terminate") else {}
    try:
        CONTRACT_ACTIONS[action](actor=user, contract=contract, **extra)
        messages.success(request, _("Saved."))
    except KeyError:
        messages.error(request, _("Unknown action."))
    except ApplicationError as error:
        flash_error(request, error)
    return redirect("accounts:contract", contract_id=contract.pk)


@login_required
@require_POST
def contract_attach(request: HttpRequest, contract_id: int) -> HttpResponse:
    user = viewer(request)
    contract = selectors.contract_get(viewer=user, contract_id=contract_id)
    permissions.require(permissions.can_edit_account(user, contract.account))
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ApplicationError(CHOOSE_A_FILE, field="file")
        services.contract_attach(actor=user, contract=contract, upload=upload)
        messages.success(request, _("Saved."))
    except ApplicationError as error:
        flash_error(request, error)
    return redirect("accounts:contract", contract_id=contract.pk)


@login_required
def attachment_download(request: HttpRequest, contract_id: int, attachment_id: int) -> FileResponse:
    contract = selectors.contract_get(viewer=viewer(request), contract_id=contract_id)
    attachment = contract.attachments.get(pk=attachment_id)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


# Receivables, payments, statements, deals (A2n, B5) -----------------------------------------------


@login_required
def receivable_create(request: HttpRequest, account_id: int) -> HttpResponse:
    return account_form_page(
        request,
        account_id,
        allowed=permissions.can_record_finance,
        form_class=ReceivableForm,
        create=services.receivable_create,
        title=_("New receivable of %(name)s"),
        section="receivables",
    )


@login_required
def payment_create(request: HttpRequest, receivable_id: int) -> HttpResponse:
    user = viewer(request)
    receivable = selectors.receivable_get(viewer=user, receivable_id=receivable_id)
    permissions.require(permissions.can_record_finance(user, receivable.account))
    form = PaymentForm(request.POST or None, initial={"amount": receivable.outstanding})
    action = lambda: services.payment_create(actor=user, receivable=receivable, **form.values())  # noqa: E731
    title = _("Payment against %(amount)s due %(due)s") % {
        "amount": receivable.amount,
        "due": receivable.due_date,
    }
    return form_page(request, form, title, _detail(receivable.account_id, "receivables"), action)


@login_required
def reconciliation_create(request: HttpRequest, account_id: int) -> HttpResponse:
    return account_form_page(
        request,
        account_id,
        allowed=permissions.can_record_finance,
        form_class=ReconciliationForm,
        create=services.reconciliation_create,
        title=_("Monthly statement of %(name)s"),
        section="reconciliations",
    )


@login_required
@require_POST
def reconciliation_decide(request: HttpRequest, reconciliation_id: int, decision: str) -> HttpResponse:
    """Agree a statement, or dispute it with a reason (A2n)."""
    user = viewer(request)
    statement = selectors.reconciliation_get(viewer=user, reconciliation_id=reconciliation_id)
    try:
        if decision == "agree":
            services.reconciliation_agree(actor=user, reconciliation=statement)
        else:
            services.reconciliation_dispute(
                actor=user, reconciliation=statement, reason=request.POST.get("reason", "")
            )
        messages.success(request, _("Saved."))
    except ApplicationError as error:
        flash_error(request, error)
    return redirect(_detail(statement.account_id, "reconciliations"))


@login_required
def deal_create(request: HttpRequest, account_id: int) -> HttpResponse:
    sites = [(s.pk, s.name) for s in selectors.site_list(viewer=viewer(request))]
    return account_form_page(
        request,
        account_id,
        allowed=permissions.can_edit_account,
        form_class=DealForm,
        create=services.deal_create,
        title=_("New deal of %(name)s"),
        section="deals",
        form_kwargs={"sites": sites},
    )


# Channels, sites, assets (A3, A4b) ----------------------------------------------------------------


@login_required
def channel_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.channel_list(viewer=viewer(request), q=request.GET.get("q") or None)[:300]
    return render(request, "accounts/channels.html", {"channels": rows, "q": request.GET.get("q", "")})


@login_required
def channel_create(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    permissions.require(user.holds(*selectors.ACCOUNT_WRITE_REACH))
    form = ChannelForm(request.POST or None, initial={"status": "proposed", "kind": "distributor"})
    action = lambda: services.channel_create(actor=user, **form.values())  # noqa: E731
    return form_page(request, form, _("New channel"), reverse("accounts:channels"), action)


@login_required
def channel_edit(request: HttpRequest, channel_id: int) -> HttpResponse:
    user = viewer(request)
    channel = selectors.channel_get(viewer=user, channel_id=channel_id)
    permissions.require(permissions.can_edit_channel(user, channel))
    form = ChannelForm(
        request.POST or None, initial={f: getattr(channel, f) for f in ChannelForm.base_fields}
    )
    action = lambda: services.channel_update(actor=user, channel=channel, **form.values())  # noqa: E731
    return form_page(request, form, channel.name, reverse("accounts:channels"), action)


@login_required
def site_list(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    sites = selectors.site_list(viewer=user)
    can_create = bool(selectors.manageable_departments(viewer=user))
    return render(request, "accounts/sites.html", {"sites": sites, "can_create": can_create})


@login_required
def site_create(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    departments = selectors.manageable_departments(viewer=user)
    permissions.require(bool(departments))
    form = SiteForm(request.POST or None, departments=departments)
    action = lambda: services.site_create(actor=user, **form.values())  # noqa: E731
    return form_page(request, form, _("New project site"), reverse("accounts:sites"), action)


@login_required
def site_detail(request: HttpRequest, site_id: int) -> HttpResponse:
    """A project site with its asset register (A3)."""
    user = viewer(request)
    site = selectors.site_get(viewer=user, site_id=site_id)
    assets = selectors.asset_list(viewer=user, site_id=site.pk)
    return render(
        request,
        "accounts/site.html",
        {"site": site, "assets": assets, "can_manage": permissions.can_manage_site(user, site)},
    )


@login_required
def asset_create(request: HttpRequest, site_id: int) -> HttpResponse:
    user = viewer(request)
    site = selectors.site_get(viewer=user, site_id=site_id)
    permissions.require(permissions.can_manage_site(user, site))
    form = AssetForm(request.POST or None, initial={"category": "office_equipment", "status": "in_use"})
    action = lambda: services.asset_create(actor=user, site=site, **form.values())  # noqa: E731
    return form_page(
        request,
        form,
        _("New asset at %(site)s") % {"site": site.name},
        reverse("accounts:site", args=[site.pk]),
        action,
    )


@login_required
def asset_edit(request: HttpRequest, asset_id: int) -> HttpResponse:
    user = viewer(request)
    asset = selectors.asset_get(viewer=user, asset_id=asset_id)
    permissions.require(permissions.can_manage_site(user, asset.site))
    form = AssetForm(request.POST or None, initial={f: getattr(asset, f) for f in AssetForm.base_fields})
    action = lambda: services.asset_update(actor=user, asset=asset, **form.values())  # noqa: E731
    return form_page(request, form, str(asset), reverse("accounts:site", args=[asset.site_id]), action)
