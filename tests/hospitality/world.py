"""Objects of hospitality for the authorization matrix (tests/security).

A hospitality request, a banquet and a reception plan of spec4 (大客户三部, the other region), so that
only the posts that see every request or event reach them: the request waits at the customer-service
manager; the banquet has a host and a guest; a receipt is stored on the request for the download page.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile

from kam.core import clock
from kam.hospitality.models import Receipt
from kam.hospitality.services import banquets, receptions, requests
from tests.factories_accounts import AccountFactory
from tests.factories_approvals import ensure_default_chains

REQUEST_READERS = frozenset({"cs_manager", "general_manager", "finance", "admin"})
SETTLERS = frozenset({"finance"})
EVENT_READERS = frozenset({"cs_manager", "general_manager", "company_office", "admin"})

PAGE_PARAMS: dict[str, tuple[str, ...]] = {
    "hospitality:request_detail": ("request_id",),
    "hospitality:request_edit": ("request_id",),
    "hospitality:request_submit": ("request_id",),
    "hospitality:request_cancel": ("request_id",),
    "hospitality:request_spending": ("request_id",),
    "hospitality:receipt_upload": ("request_id",),
    "hospitality:receipt_download": ("request_id", "receipt_id"),
    "hospitality:request_settle": ("request_id",),
    "hospitality:request_print": ("request_id",),
    "hospitality:banquet_detail": ("banquet_id",),
    "hospitality:banquet_edit": ("banquet_id",),
    "hospitality:banquet_guests": ("banquet_id",),
    "hospitality:banquet_seat": ("banquet_id",),
    "hospitality:banquet_chart": ("banquet_id",),
    "hospitality:banquet_cards": ("banquet_id",),
    "hospitality:reception_detail": ("reception_id",),
    "hospitality:reception_task": ("reception_id", "step_id"),
}


def hospitality_params(*, org: dict[str, Any]) -> dict[str, Any]:
    """Create the objects and return their ids under the path parameters' names."""
    ensure_default_chains()
    owner = org["spec4"]
    account = AccountFactory(owner=owner)
    request = requests.request_create(
        actor=owner,
        account_id=account.pk,
        event_date=clock.local_today() + timedelta(days=10),
        venue="国宾馆",
        customer_attendees="客户",
        our_attendees="我们",
        purpose="答谢",
        budget_meals=Decimal(1000),
    )
    requests.request_submit(actor=owner, request=request)
    receipt = Receipt(request=request, name="receipt.pdf", size=4, uploaded_by=owner)
    receipt.file.save("receipt.pdf", ContentFile(b"%PDF"), save=False)
    receipt.save()
    day = clock.local_today() + timedelta(days=30)
    banquet = banquets.banquet_create(
        actor=owner,
        title="欢迎晚宴",
        venue="国宾馆",
        starts_at=datetime.combine(day, time(18), tzinfo=clock.local_zone()),
    )
    banquets.banquet_set_guests(
        actor=owner, banquet=banquet, guests=[{"name": "主人", "role": "host"}, {"name": "贵宾", "rank": 1}]
    )
    plan = receptions.reception_create(
        actor=owner,
        account_id=account.pk,
        visitors="王建华",
        arrival_at=datetime.combine(day, time(9), tzinfo=clock.local_zone()),
        arrival_place="机场",
        departure_at=datetime.combine(day + timedelta(days=1), time(17), tzinfo=clock.local_zone()),
        departure_place="东站",
    )
    return {
        "request_id": request.pk,
        "receipt_id": receipt.pk,
        "banquet_id": banquet.pk,
        "guest_id": banquet.guests.order_by("order").first().pk,  # type: ignore[union-attr]
        "reception_id": plan.pk,
        "step_id": plan.tasks.order_by("order").first().pk,  # type: ignore[union-attr]
    }
