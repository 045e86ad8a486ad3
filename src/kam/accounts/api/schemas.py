"""Request and response shapes of the key-account API; the services do the validating."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

Text = Field(default="", max_length=10000)


class WarningOut(Schema):
    id: int
    name: str
    message: str


class AccountIn(Schema):
    name: str = Field(max_length=200)
    short_name: str = Field(default="", max_length=50)
    credit_code: str = Field(default="", max_length=40)
    industry: str = Field(default="", max_length=50)
    industry_standing: str = Field(default="", max_length=20)
    region_code: str = Field(default="", max_length=20)
    address: str = Field(default="", max_length=200)
    lat: Decimal | None = None
    lng: Decimal | None = None
    tier: str = Field(default="C", max_length=10)
    status: str = Field(default="prospect", max_length=20)
    owner_id: int | None = None
    department_id: int | None = None
    source_channel_id: int | None = None
    growth_rate: Decimal | None = None
    credit_rating: str = Field(default="", max_length=3)
    profit_margin: Decimal | None = None
    notes: str = Text
    developed_at: date | None = None


class AccountPatch(Schema):
    name: str | None = Field(default=None, max_length=200)
    short_name: str | None = Field(default=None, max_length=50)
    credit_code: str | None = Field(default=None, max_length=40)
    industry: str | None = Field(default=None, max_length=50)
    industry_standing: str | None = Field(default=None, max_length=20)
    region_code: str | None = Field(default=None, max_length=20)
    address: str | None = Field(default=None, max_length=200)
    lat: Decimal | None = None
    lng: Decimal | None = None
    tier: str | None = Field(default=None, max_length=10)
    status: str | None = Field(default=None, max_length=20)
    source_channel_id: int | None = None
    growth_rate: Decimal | None = None
    credit_rating: str | None = Field(default=None, max_length=3)
    profit_margin: Decimal | None = None
    notes: str | None = Field(default=None, max_length=10000)
    developed_at: date | None = None


class AccountOut(Schema):
    id: int
    name: str
    short_name: str
    credit_code: str
    industry: str
    industry_standing: str
    region_code: str
    address: str
    lat: float | None
    lng: float | None
    tier: str
    status: str
    owner_id: int | None
    owner_name: str | None
    department_id: int | None
    department_name: str | None
    source_channel_id: int | None
    growth_rate: Decimal | None
    credit_rating: str
    profit_margin: Decimal | None
    notes: str
    developed_at: date | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_tier(obj: Any) -> str:
        return str(obj.tier_id)

    @staticmethod
    def resolve_owner_name(obj: Any) -> str | None:
        return obj.owner.display_name if obj.owner_id else None

    @staticmethod
    def resolve_department_name(obj: Any) -> str | None:
        return obj.department.name if obj.department_id else None


class AccountSavedOut(AccountOut):
    warnings: list[WarningOut] = []


class AssignIn(Schema):
    owner_id: int | None
    reason: str = Field(max_length=200)


class TransitionIn(Schema):
    status: str = Field(max_length=20)
    developed_at: date | None = None
    reason: str = Field(default="", max_length=150)


class OwnershipOut(Schema):
    id: int
    from_owner_id: int | None
    to_owner_id: int | None
    changed_by_id: int | None
    kind: str
    reason: str
    at: datetime


class ReasonIn(Schema):
    reason: str = Field(max_length=500)


class AgeingOut(Schema):
    as_of: date
    buckets: dict[str, Decimal]
    total: Decimal


# Contacts, channels, sites, assets ----------------------------------------------------------------


class ContactIn(Schema):
    account_id: int
    name: str = Field(max_length=50)
    title: str = Field(default="", max_length=50)
    decision_role: str = Field(default="", max_length=20)
    mobile: str = Field(default="", max_length=30)
    other_phones: str = Field(default="", max_length=100)
    email: str = Field(default="", max_length=254)
    birthday: date | None = None
    preferences: str = Field(default="", max_length=2000)
    taboos: str = Field(default="", max_length=2000)
    is_primary: bool = False


class ContactPatch(Schema):
    name: str | None = Field(default=None, max_length=50)
    title: str | None = Field(default=None, max_length=50)
    decision_role: str | None = Field(default=None, max_length=20)
    mobile: str | None = Field(default=None, max_length=30)
    other_phones: str | None = Field(default=None, max_length=100)
    email: str | None = Field(default=None, max_length=254)
    birthday: date | None = None
    preferences: str | None = Field(default=None, max_length=2000)
    taboos: str | None = Field(default=None, max_length=2000)
    is_primary: bool | None = None


class ContactOut(Schema):
    id: int
    account_id: int
    name: str
    title: str
    decision_role: str
    mobile: str
    other_phones: str
    email: str
    birthday: date | None
    preferences: str
    taboos: str
    is_primary: bool


class ChannelIn(Schema):
    name: str = Field(max_length=100)
    kind: str = Field(default="other", max_length=20)
    owner_id: int | None = None
    department_id: int | None = None
    territory_id: int | None = None
    status: str = Field(default="proposed", max_length=20)
    contact_person: str = Field(default="", max_length=50)
    phone: str = Field(default="", max_length=30)
    notes: str = Field(default="", max_length=5000)


class ChannelPatch(Schema):
    name: str | None = Field(default=None, max_length=100)
    kind: str | None = Field(default=None, max_length=20)
    owner_id: int | None = None
    territory_id: int | None = None
    status: str | None = Field(default=None, max_length=20)
    contact_person: str | None = Field(default=None, max_length=50)
    phone: str | None = Field(default=None, max_length=30)
    notes: str | None = Field(default=None, max_length=5000)


class ChannelOut(Schema):
    id: int
    name: str
    kind: str
    owner_id: int | None
    department_id: int | None
    territory_id: int | None
    status: str
    contact_person: str
    phone: str
    notes: str


class SiteIn(Schema):
    name: str = Field(max_length=100)
    department_id: int
    manager_id: int | None = None
    address: str = Field(default="", max_length=200)
    region_code: str = Field(default="", max_length=20)
    status: str = Field(default="open", max_length=20)
    opened_on: date | None = None


class SitePatch(Schema):
    name: str | None = Field(default=None, max_length=100)
    manager_id: int | None = None
    address: str | None = Field(default=None, max_length=200)
    region_code: str | None = Field(default=None, max_length=20)
    status: str | None = Field(default=None, max_length=20)
    opened_on: date | None = None


class SiteOut(Schema):
    id: int
    name: str
    department_id: int
    manager_id: int | None
    address: str
    region_code: str
    status: str
    opened_on: date | None


class AssetIn(Schema):
    site_id: int
    code: str = Field(max_length=50)
    name: str = Field(max_length=100)
    category: str = Field(default="office_equipment", max_length=20)
    custodian_id: int | None = None
    status: str = Field(default="in_use", max_length=20)
    location: str = Field(default="", max_length=100)
    acquired_on: date | None = None


class AssetPatch(Schema):
    code: str | None = Field(default=None, max_length=50)
    name: str | None = Field(default=None, max_length=100)
    category: str | None = Field(default=None, max_length=20)
    custodian_id: int | None = None
    status: str | None = Field(default=None, max_length=20)
    location: str | None = Field(default=None, max_length=100)
    acquired_on: date | None = None


class AssetOut(Schema):
    id: int
    site_id: int
    code: str
    name: str
    category: str
    custodian_id: int | None
    status: str
    location: str
    acquired_on: date | None
