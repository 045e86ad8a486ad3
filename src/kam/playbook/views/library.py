"""Pages of the product and collateral library, pre-visit kits and Franklin sheets (E1)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kam.core import clock
from kam.core.errors import NOT_FOUND, NotFound
from kam.core.permissions import require_posts
from kam.core.types import AuthedRequest
from kam.playbook import rules, selectors, services, uploads
from kam.playbook.forms import CollateralForm, FranklinForm, KitForm, ProductForm, run
from kam.playbook.models import CollateralKind
from kam.playbook.permissions import EDITORS, FIELD


@login_required
def product_list(request: AuthedRequest) -> HttpResponse:
    """The catalogue by product type, with the collateral of each product (E1)."""
    q = request.GET.get("q", "").strip()[:100]
    product_type = request.GET.get("type") or None
    products = selectors.product_list(q=q or None, product_type=product_type).prefetch_related("collateral")
    context = {
        "products": products,
        "q": q,
        "type": product_type,
        "types": selectors.product_types(),
        "general": selectors.collateral_list().filter(products__isnull=True),
        "can_edit": request.user.holds(*EDITORS),
        "can_prepare": request.user.holds(*FIELD),
    }
    return render(request, "playbook/products.html", context)


@login_required
def product_detail(request: AuthedRequest, product_id: int) -> HttpResponse:
    product = selectors.product_get(product_id)
    return render(
        request,
        "playbook/product.html",
        {
            "product": product,
            "collateral": selectors.collateral_list(product_id=product.pk),
            "can_edit": request.user.holds(*EDITORS),
        },
    )


@login_required
def product_create(request: AuthedRequest) -> HttpResponse:
    require_posts(request.user, *EDITORS)
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        product = run(form, lambda: services.product_create(actor=request.user, **form.cleaned_data))
        if product is not None:
            messages.success(request, _("The product was added."))
            return redirect("playbook_product", product_id=product.pk)
    return render(request, "playbook/form.html", {"form": form, "title": _("New product")})


@login_required
def collateral_create(request: AuthedRequest) -> HttpResponse:
    """Add collateral with its file; size, extension and content are checked before anything is written."""
    require_posts(request.user, *EDITORS)
    choices = [(p.pk, f"{p.product_type} · {p.name}") for p in selectors.product_list()]
    initial = (
        {"product_ids": [int(request.GET["product"])]} if request.GET.get("product", "").isdigit() else {}
    )
    form = CollateralForm(request.POST or None, request.FILES or None, products=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        upload = values.pop("file")
        item = run(form, lambda: services.collateral_create(actor=request.user, upload=upload, **values))
        if item is not None:
            messages.success(request, _("The collateral was added."))
            return redirect("playbook_products")
    return render(
        request,
        "playbook/form.html",
        {
            "form": form,
            "title": _("New collateral"),
            "hint": _("Files: %(types)s; at most %(mb)s MB.")
            % {"types": ", ".join(sorted(uploads.ALLOWED_FILES)), "mb": services.max_upload_bytes() // 2**20},
        },
    )


@login_required
def collateral_file(request: AuthedRequest, collateral_id: int) -> FileResponse:
    collateral = selectors.collateral_get(collateral_id)
    if not collateral.file:
        raise NotFound(NOT_FOUND)
    return FileResponse(
        collateral.file.open("rb"),
        as_attachment=True,
        filename=collateral.file_name or "file",
        content_type=collateral.content_type or "application/octet-stream",
    )


@login_required
def kit_list(request: AuthedRequest) -> HttpResponse:
    """Prepare a pre-visit kit for an appointment, an account or chosen product types; the kits so far.

    ``?appointment=<id>`` or ``?account=<id>`` preselects the visit (links from other screens); without
    product types the kit takes those of the account's demand analysis (E1, C2).
    """
    kits = selectors.kit_list(viewer=request.user)
    appointments = [
        (a.pk, f"{clock.localtime(a.starts_at):%m-%d %H:%M} {a.account.name}")
        for a in selectors.upcoming_appointments(request.user)
    ]
    initial: dict[str, Any] = {}
    wanted = request.GET.get("appointment", "")
    if wanted.isdigit():
        target = selectors.appointment_target(viewer=request.user, appointment_id=int(wanted))
        if all(pk != target.appointment_id for pk, _label in appointments):
            label = f"{clock.localtime(target.starts_at):%m-%d %H:%M} {target.account_name}"
            appointments.append((int(wanted), label))
        initial = {"appointment_id": int(wanted), "product_types": target.demanded_types}
    elif request.GET.get("account", "").isdigit():
        target = selectors.account_target(viewer=request.user, account_id=int(request.GET["account"]))
        initial = {"account_id": target.account_id, "product_types": target.demanded_types}
    types = sorted(set(selectors.product_types()) | set(initial.get("product_types", [])))
    form = KitForm(request.POST or None, initial=initial, types=types, appointments=appointments)
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in ("account_id", "appointment_id", "visit_on", "note")}
        kit = run(
            form, lambda: services.kit_prepare(actor=request.user, product_types=form.types(), **values)
        )
        if kit is not None:
            return redirect("playbook_kit", kit_id=kit.pk)
    return render(request, "playbook/kits.html", {"form": form, "kits": kits[:50]})


@login_required
def kit_detail(request: AuthedRequest, kit_id: int) -> HttpResponse:
    """The printable checklist; ticking a line saves it (htmx or a plain form)."""
    kit = selectors.kit_get(viewer=request.user, kit_id=kit_id)
    if request.method == "POST":
        for item in kit.items.all():
            prefix = f"item-{item.pk}-"
            if f"{prefix}seen" not in request.POST:
                continue
            match = request.POST.get(f"{prefix}matches", "")
            services.kit_item_update(
                actor=request.user,
                kit=kit,
                item_id=item.pk,
                packed=f"{prefix}packed" in request.POST,
                matches_catalogue={"yes": True, "no": False}.get(match),
                remark=request.POST.get(f"{prefix}remark", "")[:300],
            )
        messages.success(request, _("The checklist was saved."))
        return redirect("playbook_kit", kit_id=kit.pk)
    context = {"kit": kit, "kinds": dict(CollateralKind.choices), **selectors.kit_context(kit, request.user)}
    return render(request, "playbook/kit.html", context)


@login_required
def franklin_list(request: AuthedRequest) -> HttpResponse:
    """Franklin sheets: start one for a proposal; the sheets the user may see."""
    sheets = selectors.franklin_list(viewer=request.user)
    form = FranklinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sheet = run(form, lambda: services.franklin_create(actor=request.user, **form.cleaned_data))
        if sheet is not None:
            return redirect("playbook_franklin", sheet_id=sheet.pk)
    return render(request, "playbook/franklin_list.html", {"form": form, "sheets": sheets[:50]})


def _lines_text(lines: list[dict[str, object]]) -> str:
    return "\n".join(f"{line['text']} | {line['weight']}" for line in lines)


@login_required
def franklin_detail(request: AuthedRequest, sheet_id: int) -> HttpResponse:
    """The printable sheet, gains against losses with their totals, and its edit form."""
    sheet = selectors.franklin_get(viewer=request.user, sheet_id=sheet_id)
    initial = {
        "title": sheet.title,
        "customer": sheet.customer,
        "gains": _lines_text(sheet.gains),
        "losses": _lines_text(sheet.losses),
    }
    form = FranklinForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = run(
            form, lambda: services.franklin_update(actor=request.user, sheet=sheet, **form.cleaned_data)
        )
        if saved is not None:
            messages.success(request, _("The sheet was saved."))
            return redirect("playbook_franklin", sheet_id=sheet.pk)
    rows = max(len(sheet.gains), len(sheet.losses))
    pairs = [
        (sheet.gains[i] if i < len(sheet.gains) else None, sheet.losses[i] if i < len(sheet.losses) else None)
        for i in range(rows)
    ]
    return render(
        request,
        "playbook/franklin.html",
        {
            "sheet": sheet,
            "pairs": pairs,
            "totals": rules.franklin_totals(sheet.gains, sheet.losses),
            "form": form,
        },
    )
