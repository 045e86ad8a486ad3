"""API of contacts, channels, project sites and their assets (A2c, A3, A4b)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from kam.accounts import exports, selectors, services
from kam.accounts.api.accounts import viewer
from kam.accounts.api.schemas import (
    AssetIn,
    AssetOut,
    AssetPatch,
    ChannelIn,
    ChannelOut,
    ChannelPatch,
    ContactIn,
    ContactOut,
    ContactPatch,
    SiteIn,
    SiteOut,
    SitePatch,
)
from kam.accounts.models import Account, Site
from kam.core.errors import ApplicationError, NotFound
from kam.org.models import User

router = Router(tags=["accounts"])

ACCOUNT_REF = gettext_noop("Account {id} does not exist or is not one you can see.")
SITE_REF = gettext_noop("Project site {id} does not exist or is not one you can see.")


def account_ref(user: User, account_id: int, field: str = "account_id") -> Account:
    """Return an account named in a request body; one the caller cannot see is a 404 naming the field."""
    try:
        return selectors.account_get(viewer=user, account_id=account_id)
    except ApplicationError:
        raise NotFound(ACCOUNT_REF, field=field, params={"id": account_id}) from None


def site_ref(user: User, site_id: int) -> Site:
    try:
        return selectors.site_get(viewer=user, site_id=site_id)
    except ApplicationError:
        raise NotFound(SITE_REF, field="site_id", params={"id": site_id}) from None


# Contacts -----------------------------------------------------------------------------------------


@router.get("/contacts/", response=list[ContactOut], tags=["contacts"])
@paginate(LimitOffsetPagination)
def contact_list(request: HttpRequest, account_id: int | None = None, q: str | None = None) -> Any:
    return selectors.contact_list(viewer=viewer(request), account_id=account_id, q=q)


@router.get("/contacts/export", response={200: None}, tags=["contacts"])
def contact_export(request: HttpRequest, format: str = "xlsx", account_id: int | None = None) -> Any:
    """Download the contacts the caller sees as .xlsx or .csv (F2)."""
    return exports.export(
        "contacts", selectors.contact_list(viewer=viewer(request), account_id=account_id), format
    )


@router.post("/contacts/", response={201: ContactOut}, tags=["contacts"])
def contact_create(request: HttpRequest, payload: ContactIn) -> Any:
    user = viewer(request)
    values = payload.dict(exclude_unset=True)
    account = account_ref(user, values.pop("account_id"))
    return Status(201, services.contact_create(actor=user, account=account, **values))


@router.get("/contacts/{contact_id}", response=ContactOut, tags=["contacts"])
def contact_get(request: HttpRequest, contact_id: int) -> Any:
    return selectors.contact_get(viewer=viewer(request), contact_id=contact_id)


@router.patch("/contacts/{contact_id}", response=ContactOut, tags=["contacts"])
def contact_update(request: HttpRequest, contact_id: int, payload: ContactPatch) -> Any:
    user = viewer(request)
    contact = selectors.contact_get(viewer=user, contact_id=contact_id)
    return services.contact_update(actor=user, contact=contact, **payload.dict(exclude_unset=True))


@router.delete("/contacts/{contact_id}", response={204: None}, tags=["contacts"])
def contact_delete(request: HttpRequest, contact_id: int) -> Any:
    user = viewer(request)
    services.contact_delete(actor=user, contact=selectors.contact_get(viewer=user, contact_id=contact_id))
    return Status(204, None)


# Channels -----------------------------------------------------------------------------------------


@router.get("/channels/", response=list[ChannelOut], tags=["channels"])
@paginate(LimitOffsetPagination)
def channel_list(
    request: HttpRequest, q: str | None = None, status: str | None = None, owner_id: int | None = None
) -> Any:
    return selectors.channel_list(viewer=viewer(request), q=q, status=status, owner_id=owner_id)


@router.post("/channels/", response={201: ChannelOut}, tags=["channels"])
def channel_create(request: HttpRequest, payload: ChannelIn) -> Any:
    return Status(201, services.channel_create(actor=viewer(request), **payload.dict(exclude_unset=True)))


@router.get("/channels/{channel_id}", response=ChannelOut, tags=["channels"])
def channel_get(request: HttpRequest, channel_id: int) -> Any:
    return selectors.channel_get(viewer=viewer(request), channel_id=channel_id)


@router.patch("/channels/{channel_id}", response=ChannelOut, tags=["channels"])
def channel_update(request: HttpRequest, channel_id: int, payload: ChannelPatch) -> Any:
    user = viewer(request)
    channel = selectors.channel_get(viewer=user, channel_id=channel_id)
    return services.channel_update(actor=user, channel=channel, **payload.dict(exclude_unset=True))


@router.delete("/channels/{channel_id}", response={204: None}, tags=["channels"])
def channel_delete(request: HttpRequest, channel_id: int) -> Any:
    user = viewer(request)
    services.channel_delete(actor=user, channel=selectors.channel_get(viewer=user, channel_id=channel_id))
    return Status(204, None)


# Sites and assets (A3) ----------------------------------------------------------------------------


@router.get("/sites/", response=list[SiteOut], tags=["sites"])
@paginate(LimitOffsetPagination)
def site_list(request: HttpRequest, department_id: int | None = None) -> Any:
    return selectors.site_list(viewer=viewer(request), department_id=department_id)


@router.post("/sites/", response={201: SiteOut}, tags=["sites"])
def site_create(request: HttpRequest, payload: SiteIn) -> Any:
    return Status(201, services.site_create(actor=viewer(request), **payload.dict(exclude_unset=True)))


@router.get("/sites/{site_id}", response=SiteOut, tags=["sites"])
def site_get(request: HttpRequest, site_id: int) -> Any:
    return selectors.site_get(viewer=viewer(request), site_id=site_id)


@router.patch("/sites/{site_id}", response=SiteOut, tags=["sites"])
def site_update(request: HttpRequest, site_id: int, payload: SitePatch) -> Any:
    user = viewer(request)
    site = selectors.site_get(viewer=user, site_id=site_id)
    return services.site_update(actor=user, site=site, **payload.dict(exclude_unset=True))


@router.delete("/sites/{site_id}", response={204: None}, tags=["sites"])
def site_delete(request: HttpRequest, site_id: int) -> Any:
    user = viewer(request)
    services.site_delete(actor=user, site=selectors.site_get(viewer=user, site_id=site_id))
    return Status(204, None)


@router.get("/assets/", response=list[AssetOut], tags=["sites"])
@paginate(LimitOffsetPagination)
def asset_list(request: HttpRequest, site_id: int | None = None, status: str | None = None) -> Any:
    return selectors.asset_list(viewer=viewer(request), site_id=site_id, status=status)


@router.post("/assets/", response={201: AssetOut}, tags=["sites"])
def asset_create(request: HttpRequest, payload: AssetIn) -> Any:
    user = viewer(request)
    values = payload.dict(exclude_unset=True)
    site = site_ref(user, values.pop("site_id"))
    return Status(201, services.asset_create(actor=user, site=site, **values))


@router.get("/assets/{asset_id}", response=AssetOut, tags=["sites"])
def asset_get(request: HttpRequest, asset_id: int) -> Any:
    return selectors.asset_get(viewer=viewer(request), asset_id=asset_id)


@router.patch("/assets/{asset_id}", response=AssetOut, tags=["sites"])
def asset_update(request: HttpRequest, asset_id: int, payload: AssetPatch) -> Any:
    user = viewer(request)
    asset = selectors.asset_get(viewer=user, asset_id=asset_id)
    return services.asset_update(actor=user, asset=asset, **payload.dict(exclude_unset=True))


@router.delete("/assets/{asset_id}", response={204: None}, tags=["sites"])
def asset_delete(request: HttpRequest, asset_id: int) -> Any:
    user = viewer(request)
    services.asset_delete(actor=user, asset=selectors.asset_get(viewer=user, asset_id=asset_id))
    return Status(204, None)
