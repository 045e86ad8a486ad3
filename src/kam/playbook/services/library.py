"""Writes of the product and collateral library, with checked file uploads (E1)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_noop

from kam.core import audit
from kam.core.errors import ValidationFailed
from kam.core.permissions import require_posts
from kam.org.models import User
from kam.playbook import uploads
from kam.playbook.models import Collateral, CollateralKind, Product
from kam.playbook.permissions import EDITORS
from kam.playbook.services.common import refusal, required, save_checked

NAME_REQUIRED = gettext_noop("A name is required.")
TITLE_REQUIRED = gettext_noop("A title is required.")
TYPE_REQUIRED = gettext_noop("A product type is required.")
PRICE_NEGATIVE = gettext_noop("A price cannot be negative.")
PRICE_RANGE = gettext_noop("The lowest price is above the highest price.")
BAD_KIND = gettext_noop("Unknown kind of collateral.")
PRODUCT_NOT_FOUND = gettext_noop("Product {id} does not exist.")
FILE_REQUIRED = gettext_noop("Choose a file to upload.")
DEFAULT_MAX_UPLOAD_BYTES = 8 * 1024 * 1024
_UNSET: Any = object()


def max_upload_bytes() -> int:
    """Return the size limit of a collateral file (``KAM_PLAYBOOK_MAX_UPLOAD_BYTES``, default 8 MB)."""
    return int(getattr(settings, "KAM_PLAYBOOK_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def _check_prices(low: Decimal | None, high: Decimal | None) -> None:
    for field, value in (("price_min", low), ("price_max", high)):
        if value is not None and value < 0:
            raise ValidationFailed(PRICE_NEGATIVE, field=field)
    if low is not None and high is not None and low > high:
        raise ValidationFailed(PRICE_RANGE, field="price_min")


@transaction.atomic
def product_create(
    *,
    actor: User,
    name: str,
    product_type: str,
    model_number: str = "",
    specification: str = "",
    price_min: Decimal | None = None,
    price_max: Decimal | None = None,
    description: str = "",
) -> Product:
    """Add a product to the catalogue with its type, specification and price range (E1, C2)."""
    require_posts(actor, *EDITORS)
    _check_prices(price_min, price_max)
    product = Product(
        name=required(name, NAME_REQUIRED, "name"),
        product_type=required(product_type, TYPE_REQUIRED, "product_type"),
        model_number=model_number.strip(),
        specification=specification.strip(),
        price_min=price_min,
        price_max=price_max,
        description=description.strip(),
    )
    return save_checked(product, actor, "created")  # type: ignore[no-any-return]


@transaction.atomic
def product_update(*, actor: User, product: Product, **changes: Any) -> Product:
    """Change a product; only the fields given change."""
    require_posts(actor, *EDITORS)
    if "name" in changes:
        changes["name"] = required(changes["name"], NAME_REQUIRED, "name")
    if "product_type" in changes:
        changes["product_type"] = required(changes["product_type"], TYPE_REQUIRED, "product_type")
    for field, value in changes.items():
        setattr(product, field, value.strip() if isinstance(value, str) else value)
    _check_prices(product.price_min, product.price_max)
    return save_checked(product, actor, "changed")  # type: ignore[no-any-return]


@transaction.atomic
def product_delete(*, actor: User, product: Product) -> None:
    require_posts(actor, *EDITORS)
    audit.soft_delete(product, reason="deleted", actor=actor)


def _products(ids: Sequence[int]) -> list[Product]:
    found = {p.pk: p for p in Product.objects.filter(pk__in=list(ids))}
    for pk in ids:
        if pk not in found:
            raise ValidationFailed(PRODUCT_NOT_FOUND, field="product_ids", params={"id": pk})
    return list(found.values())


@transaction.atomic
def collateral_create(
    *,
    actor: User,
    kind: str,
    title: str,
    description: str = "",
    product_ids: Sequence[int] = (),
    product_type: str = "",
    upload: UploadedFile | None = None,
    file_name: str | None = None,
) -> Collateral:
    """Add a piece of the sales kit (E1), for some products or a whole product type, with its file."""
    require_posts(actor, *EDITORS)
    if kind not in CollateralKind.values:
        raise ValidationFailed(BAD_KIND, field="kind")
    products = _products(product_ids)
    if upload is not None:
        _check_upload(upload, file_name)
    collateral = Collateral(
        kind=kind,
        title=required(title, TITLE_REQUIRED, "title"),
        description=description.strip(),
        product_type=product_type.strip(),
    )
    save_checked(collateral, actor, "created")
    collateral.products.set(products)
    if upload is not None:
        collateral_attach(actor=actor, collateral=collateral, upload=upload, file_name=file_name)
    return collateral


@transaction.atomic
def collateral_update(
    *, actor: User, collateral: Collateral, product_ids: Sequence[int] | None = None, **changes: Any
) -> Collateral:
    require_posts(actor, *EDITORS)
    if "kind" in changes and changes["kind"] not in CollateralKind.values:
        raise ValidationFailed(BAD_KIND, field="kind")
    if "title" in changes:
        changes["title"] = required(changes["title"], TITLE_REQUIRED, "title")
    for field, value in changes.items():
        setattr(collateral, field, value.strip() if isinstance(value, str) else value)
    save_checked(collateral, actor, "changed")
    if product_ids is not None:
        collateral.products.set(_products(product_ids))
    return collateral


def _check_upload(upload: UploadedFile, file_name: str | None) -> tuple[str, str]:
    """Refuse a bad upload before anything is written; return the name to keep and the content type."""
    name = file_name if file_name is not None else (upload.name or "")
    field = "file_name" if file_name is not None else "file"
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    problem = uploads.upload_problem(
        name=name, size=upload.size or 0, head=head, max_bytes=max_upload_bytes()
    )
    if problem:
        raise refusal(problem[1], field=field if problem[1] in _NAME_PROBLEMS else problem[0])
    return name.strip(), uploads.ALLOWED_FILES[uploads.extension_of(name)][1]


_NAME_PROBLEMS = {uploads.FILE_NAME_BAD, uploads.FILE_NAME_EMPTY, uploads.FILE_NAME_LONG}


@transaction.atomic
def collateral_attach(
    *, actor: User, collateral: Collateral, upload: UploadedFile | None, file_name: str | None = None
) -> Collateral:
    """Store a collateral's file under MEDIA_ROOT, after checking name, size, extension and content (E1).

    The stored file gets a name of our own; the person's file name is kept for display and download
    only, so that no name can climb out of the media folder. A refused file leaves nothing behind.
    """
    require_posts(actor, *EDITORS)
    if upload is None:
        raise ValidationFailed(FILE_REQUIRED, field="file")
    name, content_type = _check_upload(upload, file_name)
    collateral.file.save(name, upload, save=False)
    collateral.file_name, collateral.file_size, collateral.content_type = name, upload.size, content_type
    try:
        save_checked(collateral, actor, "file uploaded")
    except Exception:
        collateral.file.delete(save=False)
        raise
    return collateral
