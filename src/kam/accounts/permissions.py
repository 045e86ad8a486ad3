"""Who may change what in the key account database; the services enforce these, the pages show them.

Each check first requires that the user sees the row (else 404, from the selectors) and then one of
the reach tables declared in :mod:`kam.accounts.selectors`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kam.accounts import selectors
from kam.core.errors import FORBIDDEN, Forbidden
from kam.core.scoping import Reach, can_see
from kam.org.models import User


def _allowed(user: User, obj: Any, table: Mapping[str, Reach], *, owner: str, department: str) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.holds(*table)
        and can_see(user, obj, owner=owner, department=department, reach_by_post=table)
    )


def can_edit_account(user: User, account: Any) -> bool:
    """The owner and the managers above the owner edit an account and what hangs off it."""
    return _allowed(user, account, selectors.ACCOUNT_WRITE_REACH, owner="owner", department="department")


def can_manage_account(user: User, account: Any) -> bool:
    """Managers of the account's department reassign, delete, review and sign (A1, A2d)."""
    return _allowed(user, account, selectors.MANAGER_REACH, owner="owner", department="department")


def can_record_finance(user: User, account: Any) -> bool:
    """Account writers and finance record receivables, payments and reconciliations (A2n)."""
    return _allowed(user, account, selectors.FINANCE_WRITE_REACH, owner="owner", department="department")


def can_manage_site(user: User, site: Any) -> bool:
    """The KA manager of the site's department and those above manage sites and assets (A3)."""
    return _allowed(user, site, selectors.MANAGER_REACH, owner="manager", department="department")


@dataclass(frozen=True)
class Placement:
    """Where a new row would go: its owner and department (nothing loaded yet)."""

    owner_id: int | None
    department_id: int | None
    manager_id: int | None = None


def can_place_account(user: User, owner_id: int | None, department_id: int | None) -> bool:
    """Return whether ``user`` may put an account with this owner in this department.

    A specialist only creates accounts they own; managers place them with their specialists or in
    their departments' pools.
    """
    return _allowed(
        user,
        Placement(owner_id, department_id),
        selectors.ACCOUNT_WRITE_REACH,
        owner="owner",
        department="department",
    )


def can_manage_in_department(user: User, department_id: int | None) -> bool:
    """Return whether ``user`` manages ``department_id`` (to create sites or pool accounts there)."""
    return _allowed(
        user, Placement(None, department_id), selectors.MANAGER_REACH, owner="owner", department="department"
    )


def can_edit_channel(user: User, channel: Any) -> bool:
    return _allowed(user, channel, selectors.ACCOUNT_WRITE_REACH, owner="owner", department="department")


def require(allowed: bool) -> None:
    """Raise 403 unless ``allowed``."""
    if not allowed:
        raise Forbidden(FORBIDDEN)
