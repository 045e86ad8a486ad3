"""Schemas of the hospitality API (D2, D17, D18, D19)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from kam.hospitality import selectors
from kam.hospitality.models import Banquet, HospitalityRequest, ReceptionPlan

Money = Decimal


class RequestIn(Schema):
    account_id: int
    venue: str = Field(max_length=200)
    event_date: date
    customer_attendees: str = Field(max_length=2000)
    our_attendees: str = Field(max_length=2000)
    budget_meeting: Money = Decimal(0)
    budget_meals: Money = Decimal(0)
    budget_transport: Money = Decimal(0)
    budget_gifts: Money = Decimal(0)
    budget_other: Money = Decimal(0)
    purpose: str = Field(max_length=2000)
    explanation: str = Field(default="", max_length=2000)
    notes: str = Field(default="", max_length=2000)
    arranged_by: str = Field(default="", max_length=100)


class RequestPatch(Schema):
    account_id: int | None = None
    venue: str | None = Field(default=None, max_length=200)
    event_date: date | None = None
    customer_attendees: str | None = Field(default=None, max_length=2000)
    our_attendees: str | None = Field(default=None, max_length=2000)
    budget_meeting: Money | None = None
    budget_meals: Money | None = None
    budget_transport: Money | None = None
    budget_gifts: Money | None = None
    budget_other: Money | None = None
    purpose: str | None = Field(default=None, max_length=2000)
    explanation: str | None = Field(default=None, max_length=2000)
    notes: str | None = Field(default=None, max_length=2000)
    arranged_by: str | None = Field(default=None, max_length=100)


class SpendingIn(Schema):
    actual_meeting: Money
    actual_meals: Money
    actual_transport: Money
    actual_gifts: Money
    actual_other: Money
    overrun_explanation: str = Field(default="", max_length=2000)


class CommentIn(Schema):
    comment: str = Field(default="", max_length=500)


class ReceiptOut(Schema):
    id: int
    name: str
    line: str
    size: int
    url: str

    @staticmethod
    def resolve_url(obj: Any) -> str:
        from django.urls import reverse

        return reverse("hospitality:receipt_download", args=[obj.request_id, obj.pk])


class RequestOut(Schema):
    id: int
    status: str
    applicant_id: int
    department_id: int
    applied_on: date
    account_id: int
    venue: str
    event_date: date
    customer_attendees: str
    our_attendees: str
    budget_meeting: Money
    budget_meals: Money
    budget_transport: Money
    budget_gifts: Money
    budget_other: Money
    budget_total: Money
    purpose: str
    explanation: str
    notes: str
    arranged_by: str
    approval_id: int | None
    actual_meeting: Money | None
    actual_meals: Money | None
    actual_transport: Money | None
    actual_gifts: Money | None
    actual_other: Money | None
    actual_total: Money | None
    overrun_explanation: str
    spending_recorded_at: datetime | None
    settled_at: datetime | None
    settled_by_id: int | None
    receipts: list[ReceiptOut]

    @staticmethod
    def resolve_receipts(obj: HospitalityRequest) -> list[Any]:
        return list(obj.receipts.all())


class GuestIn(Schema):
    name: str = Field(max_length=100)
    title: str = Field(default="", max_length=100)
    side: str = "guest"
    role: str = "guest"
    rank: int = 100
    spouse_of: int | None = Field(default=None, description="1-based position of the spouse on this list")
    is_interpreter: bool = False
    female: bool = False
    contact_id: int | None = None
    taboos: str = Field(default="", max_length=1000)
    invitation: str = "not_sent"


class GuestsIn(Schema):
    guests: list[GuestIn] = Field(max_length=500)


class GuestOut(Schema):
    id: int
    name: str
    title: str
    side: str
    role: str
    rank: int
    spouse_of_id: int | None
    is_interpreter: bool
    female: bool
    contact_id: int | None
    taboos: str
    invitation: str


class BanquetIn(Schema):
    title: str = Field(max_length=200)
    account_id: int | None = None
    level: str = "formal"
    form: str = "seated"
    cuisine: str = "chinese"
    purpose: str = "welcome"
    meal: str = "dinner"
    starts_at: datetime
    venue: str = Field(max_length=200)
    principal_identity: str = Field(default="", max_length=200)
    principal_nationality: str = Field(default="", max_length=100)
    principal_customs: str = Field(default="", max_length=2000)
    principal_preferences: str = Field(default="", max_length=2000)
    taboo_dates: list[str] = Field(default_factory=list, max_length=50)
    invitations_sent_on: date | None = None
    table_size: int = 10
    table_count: int | None = None
    menu_notes: str = Field(default="", max_length=4000)


class BanquetPatch(Schema):
    title: str | None = Field(default=None, max_length=200)
    account_id: int | None = None
    level: str | None = None
    form: str | None = None
    cuisine: str | None = None
    purpose: str | None = None
    meal: str | None = None
    starts_at: datetime | None = None
    venue: str | None = Field(default=None, max_length=200)
    principal_identity: str | None = Field(default=None, max_length=200)
    principal_nationality: str | None = Field(default=None, max_length=100)
    principal_customs: str | None = Field(default=None, max_length=2000)
    principal_preferences: str | None = Field(default=None, max_length=2000)
    taboo_dates: list[str] | None = Field(default=None, max_length=50)
    invitations_sent_on: date | None = None
    table_size: int | None = None
    table_count: int | None = None
    menu_notes: str | None = Field(default=None, max_length=4000)


class BanquetWarningOut(Schema):
    code: str
    day: date | None


class MenuTabooOut(Schema):
    name: str
    taboos: str


class BanquetOut(Schema):
    id: int
    title: str
    organiser_id: int
    department_id: int
    account_id: int | None
    level: str
    form: str
    cuisine: str
    purpose: str
    meal: str
    starts_at: datetime
    venue: str
    principal_identity: str
    principal_nationality: str
    principal_customs: str
    principal_preferences: str
    taboo_dates: list[str]
    invitations_sent_on: date | None
    table_size: int
    table_count: int | None
    menu_notes: str
    menu_taboos: list[MenuTabooOut]
    warnings: list[BanquetWarningOut]
    guests: list[GuestOut]
    seated_at: datetime | None

    @staticmethod
    def resolve_guests(obj: Banquet) -> list[Any]:
        return list(obj.guests.all())

    @staticmethod
    def resolve_warnings(obj: Banquet) -> list[Any]:
        return [vars(w) for w in selectors.banquet_warnings(obj)]

    @staticmethod
    def resolve_menu_taboos(obj: Banquet) -> list[Any]:
        return [{"name": n, "taboos": t} for n, t in selectors.menu_taboos(obj)]


class SeatingIn(Schema):
    table_size: int | None = None
    tables: int | None = None


class SeatOut(Schema):
    position: int
    guest_id: int | None
    role: str


class TableOut(Schema):
    number: int
    distance: int
    side: str
    seats: list[SeatOut]


class SeatingOut(Schema):
    tables: list[TableOut]
    serving_order: list[SeatOut]


class InvitationIn(Schema):
    invitation: str


class ReceptionIn(Schema):
    account_id: int
    visitors: str = Field(max_length=2000)
    arrival_at: datetime
    arrival_place: str = Field(max_length=200)
    departure_at: datetime
    departure_place: str = Field(max_length=200)
    notes: str = Field(default="", max_length=2000)


class TaskPatch(Schema):
    who_id: int | None = None
    due_at: datetime | None = None
    what: str | None = Field(default=None, max_length=2000)
    done: bool | None = None


class TaskOut(Schema):
    id: int
    flow: str
    code: str
    what: str
    who_id: int | None
    due_at: datetime
    done_at: datetime | None
    order: int


class ReceptionOut(Schema):
    id: int
    organiser_id: int
    department_id: int
    account_id: int
    visitors: str
    arrival_at: datetime
    arrival_place: str
    departure_at: datetime
    departure_place: str
    notes: str
    tasks: list[TaskOut]

    @staticmethod
    def resolve_tasks(obj: ReceptionPlan) -> list[Any]:
        return list(obj.tasks.all())
