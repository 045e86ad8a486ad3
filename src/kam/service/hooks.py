"""How the service desk plugs into other apps: deal signals, the account panel, the scorecard (B7, D10c)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _on_deal_recorded(sender: Any, deal: Any, **kwargs: Any) -> None:
    from kam.service.callbacks import open_purchase_callback

    open_purchase_callback(deal)


def _panel_context(account: Any, user: Any) -> dict[str, Any]:
    from kam.service import selectors

    rows = selectors.service_request_list(viewer=user, account_id=account.pk)
    return {"service_requests": list(rows[:10]), "service_count": rows.count()}


def repeat_complaint_deductions(user_ids: Sequence[int], start: date, end: date) -> dict[int, list[Any]]:
    """Return each user's repeat-complaint deductions in [start, end) for the monthly scorecard (B7)."""
    from kam.core import clock
    from kam.plans.sources import Deduction
    from kam.service import selectors

    found = selectors.repeat_deductions(user_ids, start, end)
    return {
        user_id: [
            Deduction(
                code="repeat_complaint",
                label=record.reason,
                points=points,
                link=reverse("service_request", args=[record.repeat_id]),
                occurred_on=clock.localtime(record.occurred_at).date(),
            )
            for record, points in records
        ]
        for user_id, records in found.items()
    }


def connect() -> None:
    from kam.accounts.panels import register_panel
    from kam.accounts.signals import deal_recorded

    deal_recorded.connect(_on_deal_recorded, dispatch_uid="service.purchase_callback")
    register_panel(
        "service", _("Service requests"), order=70, template="service/_panel.html", context=_panel_context
    )
