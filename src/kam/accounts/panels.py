"""Sections of the account 360° page that later modules fill (visits, service, assessments, needs…).

A module registers its section in its ``AppConfig.ready`` with :func:`register_panel`; until then the
page shows the section's place, labelled, so users see where that information will appear.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from kam.accounts.models import Account
    from kam.org.models import User

PanelContext = Callable[["Account", "User"], dict[str, Any]]


@dataclass(frozen=True)
class Panel:
    key: str
    title: str | Promise
    order: int
    template: str | None = None
    context: PanelContext | None = None


PLACEHOLDERS = (
    Panel("visits", _("Visits"), 60),
    Panel("service", _("Service requests"), 70),
    Panel("assessments", _("Relationship assessments"), 80),
    Panel("needs", _("Needs and countermeasures"), 90),
    Panel("demand", _("Demand analysis"), 100),
)

_registered: dict[str, Panel] = {}


def register_panel(
    key: str, title: str | Promise, *, order: int, template: str, context: PanelContext | None = None
) -> None:
    """Show a section on every account's 360° page, rendered from ``template`` with ``context``."""
    _registered[key] = Panel(key, title, order, template, context)


def panels_for(account: Account, user: User) -> list[dict[str, Any]]:
    """Return the sections in order: registered ones with their context, placeholders for the rest."""
    panels = {p.key: p for p in PLACEHOLDERS} | _registered
    shown = []
    for panel in sorted(panels.values(), key=lambda p: p.order):
        context = panel.context(account, user) if panel.context else {}
        shown.append({"key": panel.key, "title": panel.title, "template": panel.template, "context": context})
    return shown
