"""API of key accounts: list and search, create, edit, delete, claim, assign, status moves, exports,
and spreadsheet imports (A2k, A4a, A1, F2)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.http import FileResponse, HttpRequest
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from kam.accounts import exports, selectors, services
from kam.accounts.api.finance_schemas import ImportConfirmIn, ImportOut
from kam.accounts.api.schemas import (
    AccountIn,
    AccountOut,
    AccountPatch,
    AccountSavedOut,
    AgeingOut,
    AssignIn,
    OwnershipOut,
    TransitionIn,
    WarningOut,
)
from kam.accounts.services import imports
from kam.core import clock
from kam.core.audit import history_entries
from kam.core.errors import NOT_FOUND, NotFound
from kam.core.pagination import CappedCountPagination
from kam.org.models import User

router = Router(tags=["accounts"])


def viewer(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _out(saved: services.AccountSaved) -> Any:
    """Return the saved account with its near-duplicate warnings attached (A2k)."""
    account: Any = saved.account
    account.warnings = [WarningOut(id=w.id, name=w.name, message=w.message) for w in saved.warnings]
    return account


@router.get("/accounts/", response=list[AccountOut])
@paginate(CappedCountPagination)
def account_list(
    request: HttpRequest,
    q: str | None = None,
    owner_id: int | None = None,
    tier: str | None = None,
    status: str | None = None,
    department_id: int | None = None,
    pool: bool | None = None,
) -> Any:
    """List the accounts the caller sees; ``q`` matches names, pinyin and initials (``hxjt`` → 华夏集团)."""
    return selectors.account_list(
        viewer=viewer(request),
        q=q,
        owner_id=owner_id,
        tier=tier,
        status=status,
        department_id=department_id,
        pool=pool,
    )


@router.post("/accounts/", response={201: AccountSavedOut})
def account_create(request: HttpRequest, payload: AccountIn) -> Any:
    """Create an account; 409 on a duplicate credit code, ``warnings`` on a near-duplicate name."""
    saved = services.account_create(actor=viewer(request), **payload.dict(exclude_unset=True))
    return Status(201, _out(saved))


@router.get("/accounts/pool", response=list[AccountOut])
@paginate(CappedCountPagination)
def account_pool(request: HttpRequest, q: str | None = None) -> Any:
    """List the unowned accounts of the caller's department pool, which a specialist may claim."""
    return selectors.pool_list(viewer=viewer(request), q=q)


@router.get("/accounts/export", response={200: None})
def account_export(
    request: HttpRequest,
    format: str = "xlsx",
    q: str | None = None,
    owner_id: int | None = None,
    tier: str | None = None,
    status: str | None = None,
    department_id: int | None = None,
) -> Any:
    """Download the filtered list as .xlsx or .csv (formula cells escaped, F2)."""
    rows = selectors.account_list(
        viewer=viewer(request), q=q, owner_id=owner_id, tier=tier, status=status, department_id=department_id
    )
    return exports.export("accounts", rows, format)


@router.get("/accounts/{account_id}", response=AccountOut)
def account_get(request: HttpRequest, account_id: int) -> Any:
    return selectors.account_get(viewer=viewer(request), account_id=account_id)


@router.patch("/accounts/{account_id}", response=AccountSavedOut)
def account_update(request: HttpRequest, account_id: int, payload: AccountPatch) -> Any:
    user = viewer(request)
    account = selectors.account_get(viewer=user, account_id=account_id)
    return _out(services.account_update(actor=user, account=account, **payload.dict(exclude_unset=True)))


@router.delete("/accounts/{account_id}", response={204: None})
def account_delete(request: HttpRequest, account_id: int, reason: str = "") -> Any:
    """Soft-delete an account (kept in the history, F1)."""
    user = viewer(request)
    services.account_delete(
        actor=user, account=selectors.account_get(viewer=user, account_id=account_id), reason=reason
    )
    return Status(204, None)


@router.post("/accounts/{account_id}/claim", response=AccountOut)
def account_claim(request: HttpRequest, account_id: int) -> Any:
    """Claim an account from one's department pool; 409 when someone else was faster."""
    return services.account_claim(actor=viewer(request), account_id=account_id)


@router.post("/accounts/{account_id}/assign", response=AccountOut)
def account_assign(request: HttpRequest, account_id: int, payload: AssignIn) -> Any:
    """Give the account to a specialist, or (``owner_id`` null) back to its department pool."""
    user = viewer(request)
    account = selectors.account_get(viewer=user, account_id=account_id)
    return services.account_assign(
        actor=user, account=account, owner_id=payload.owner_id, reason=payload.reason
    )


@router.post("/accounts/{account_id}/transition", response=AccountOut)
def account_transition(request: HttpRequest, account_id: int, payload: TransitionIn) -> Any:
    """Move the account to another status; moves the workflow does not allow are 409."""
    user = viewer(request)
    account = selectors.account_get(viewer=user, account_id=account_id)
    return services.account_transition(actor=user, account=account, **payload.dict())


@router.get("/accounts/{account_id}/owners", response=list[OwnershipOut])
def account_owners(request: HttpRequest, account_id: int) -> Any:
    """The account's owner history: from whom, to whom, by whom, why, when."""
    account = selectors.account_get(viewer=viewer(request), account_id=account_id)
    return list(selectors.ownership_list(account=account))


@router.get("/accounts/{account_id}/history", response=list[dict[str, Any]])
def account_history(request: HttpRequest, account_id: int) -> Any:
    """Who changed what and when (F1)."""
    account = selectors.account_get(viewer=viewer(request), account_id=account_id)
    return [
        {
            **entry,
            "user": entry["user"].username if entry["user"] else None,
            "when": entry["when"].isoformat(),
        }
        for entry in history_entries(account)
    ]


@router.get("/accounts/{account_id}/ageing", response=AgeingOut)
def account_ageing(request: HttpRequest, account_id: int, as_of: date | None = None) -> Any:
    """Outstanding receivables of the account per ageing bucket (A2n)."""
    user = viewer(request)
    account = selectors.account_get(viewer=user, account_id=account_id)
    day = as_of or clock.local_today()
    ageing = selectors.ageing_of(list(selectors.receivable_list(viewer=user, account_id=account.pk)), day)
    return {"as_of": day, **ageing}


# Imports (F2) -------------------------------------------------------------------------------------


@router.post("/imports/", response={201: ImportOut}, tags=["imports"])
def import_start(request: HttpRequest, kind: Form[str], file: File[UploadedFile]) -> Any:
    """Upload an .xlsx or .csv of ``accounts`` or ``contacts``; every row is checked before any write."""
    return Status(201, imports.import_start(actor=viewer(request), kind=kind, upload=file))


@router.get("/imports/{job_id}", response=ImportOut, tags=["imports"])
def import_get(request: HttpRequest, job_id: UUID) -> Any:
    return imports.import_get(viewer=viewer(request), job_id=job_id)


@router.post("/imports/{job_id}/confirm", response=ImportOut, tags=["imports"])
def import_confirm(request: HttpRequest, job_id: UUID, payload: ImportConfirmIn) -> Any:
    """Import the checked rows: all of them, or only the valid ones with ``valid_only``."""
    user = viewer(request)
    job = imports.import_get(viewer=user, job_id=job_id)
    return imports.import_confirm(actor=user, job=job, valid_only=payload.valid_only)


@router.get("/imports/{job_id}/report", response={200: None}, tags=["imports"])
def import_report(request: HttpRequest, job_id: UUID) -> Any:
    """Download the rows with errors, each with its messages, as .xlsx."""
    job = imports.import_get(viewer=viewer(request), job_id=job_id)
    if not job.report:
        raise NotFound(NOT_FOUND)
    return FileResponse(job.report.open("rb"), as_attachment=True, filename=f"errors-{job.original_name}")
