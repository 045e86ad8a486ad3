"""API of contracts, receivables, payments, monthly reconciliations and deals (A2d, A2n, B5)."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import File, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from kam.accounts import selectors, services
from kam.accounts.api.accounts import viewer
from kam.accounts.api.finance_schemas import (
    AttachmentOut,
    ContractIn,
    ContractOut,
    ContractPatch,
    DealIn,
    DealOut,
    DealPatch,
    PaymentIn,
    PaymentOut,
    ReceivableIn,
    ReceivableOut,
    ReceivablePatch,
    ReconciliationIn,
    ReconciliationOut,
)
from kam.accounts.api.related import account_ref
from kam.accounts.api.schemas import ReasonIn
from kam.core import clock
from kam.core.errors import ApplicationError, NotFound

router = Router()

RECEIVABLE_REF = gettext_noop("Receivable {id} does not exist or is not one you can see.")


# Contracts (A2d) ----------------------------------------------------------------------------------


@router.get("/contracts/", response=list[ContractOut], tags=["contracts"])
@paginate(LimitOffsetPagination)
def contract_list(request: HttpRequest, account_id: int | None = None, status: str | None = None) -> Any:
    return selectors.contract_list(viewer=viewer(request), account_id=account_id, status=status)


@router.post("/contracts/", response={201: ContractOut}, tags=["contracts"])
def contract_create(request: HttpRequest, payload: ContractIn) -> Any:
    """Draft a contract; a due date before the contract date is 422."""
    user = viewer(request)
    values = payload.dict()
    account = account_ref(user, values.pop("account_id"))
    return Status(201, services.contract_create(actor=user, account=account, **values))


@router.get("/contracts/{contract_id}", response=ContractOut, tags=["contracts"])
def contract_get(request: HttpRequest, contract_id: int) -> Any:
    return selectors.contract_get(viewer=viewer(request), contract_id=contract_id)


@router.patch("/contracts/{contract_id}", response=ContractOut, tags=["contracts"])
def contract_update(request: HttpRequest, contract_id: int, payload: ContractPatch) -> Any:
    user = viewer(request)
    contract = selectors.contract_get(viewer=user, contract_id=contract_id)
    return services.contract_update(actor=user, contract=contract, **payload.dict(exclude_unset=True))


@router.post("/contracts/{contract_id}/review", response=ContractOut, tags=["contracts"])
def contract_review(request: HttpRequest, contract_id: int) -> Any:
    """Review a draft (the KA manager)."""
    user = viewer(request)
    return services.contract_review(
        actor=user, contract=selectors.contract_get(viewer=user, contract_id=contract_id)
    )


@router.post("/contracts/{contract_id}/send-back", response=ContractOut, tags=["contracts"])
def contract_send_back(request: HttpRequest, contract_id: int, payload: ReasonIn) -> Any:
    user = viewer(request)
    contract = selectors.contract_get(viewer=user, contract_id=contract_id)
    return services.contract_send_back(actor=user, contract=contract, reason=payload.reason)


@router.post("/contracts/{contract_id}/sign", response=ContractOut, tags=["contracts"])
def contract_sign(request: HttpRequest, contract_id: int) -> Any:
    """Sign a reviewed contract (the KA manager)."""
    user = viewer(request)
    return services.contract_sign(
        actor=user, contract=selectors.contract_get(viewer=user, contract_id=contract_id)
    )


@router.post("/contracts/{contract_id}/terminate", response=ContractOut, tags=["contracts"])
def contract_terminate(request: HttpRequest, contract_id: int, payload: ReasonIn) -> Any:
    user = viewer(request)
    contract = selectors.contract_get(viewer=user, contract_id=contract_id)
    return services.contract_terminate(actor=user, contract=contract, reason=payload.reason)


@router.post("/contracts/{contract_id}/attachments", response={201: AttachmentOut}, tags=["contracts"])
def contract_attach(request: HttpRequest, contract_id: int, file: File[UploadedFile]) -> Any:
    user = viewer(request)
    contract = selectors.contract_get(viewer=user, contract_id=contract_id)
    return Status(201, services.contract_attach(actor=user, contract=contract, upload=file))


# Receivables and payments (A2n) -------------------------------------------------------------------


@router.get("/receivables/", response=list[ReceivableOut], tags=["receivables"])
@paginate(LimitOffsetPagination)
def receivable_list(
    request: HttpRequest, account_id: int | None = None, outstanding: bool | None = None
) -> Any:
    return selectors.receivable_list(viewer=viewer(request), account_id=account_id, outstanding=outstanding)


@router.post("/receivables/", response={201: ReceivableOut}, tags=["receivables"])
def receivable_create(request: HttpRequest, payload: ReceivableIn) -> Any:
    user = viewer(request)
    values = payload.dict()
    account = account_ref(user, values.pop("account_id"))
    return Status(201, services.receivable_create(actor=user, account=account, **values))


@router.get("/receivables/{receivable_id}", response=ReceivableOut, tags=["receivables"])
def receivable_get(request: HttpRequest, receivable_id: int) -> Any:
    return selectors.receivable_get(viewer=viewer(request), receivable_id=receivable_id)


@router.patch("/receivables/{receivable_id}", response=ReceivableOut, tags=["receivables"])
def receivable_update(request: HttpRequest, receivable_id: int, payload: ReceivablePatch) -> Any:
    user = viewer(request)
    receivable = selectors.receivable_get(viewer=user, receivable_id=receivable_id)
    return services.receivable_update(actor=user, receivable=receivable, **payload.dict(exclude_unset=True))


@router.delete("/receivables/{receivable_id}", response={204: None}, tags=["receivables"])
def receivable_delete(request: HttpRequest, receivable_id: int) -> Any:
    user = viewer(request)
    receivable = selectors.receivable_get(viewer=user, receivable_id=receivable_id)
    services.receivable_delete(actor=user, receivable=receivable)
    return Status(204, None)


@router.get("/payments/", response=list[PaymentOut], tags=["receivables"])
@paginate(LimitOffsetPagination)
def payment_list(
    request: HttpRequest, receivable_id: int | None = None, account_id: int | None = None
) -> Any:
    return selectors.payment_list(viewer=viewer(request), receivable_id=receivable_id, account_id=account_id)


@router.post("/payments/", response={201: PaymentOut}, tags=["receivables"])
def payment_create(request: HttpRequest, payload: PaymentIn) -> Any:
    """Record a payment against a receivable; more than is outstanding is 422."""
    user = viewer(request)
    values = payload.dict()
    receivable_id = values.pop("receivable_id")
    try:
        receivable = selectors.receivable_get(viewer=user, receivable_id=receivable_id)
    except ApplicationError:
        raise NotFound(RECEIVABLE_REF, field="receivable_id", params={"id": receivable_id}) from None
    return Status(201, services.payment_create(actor=user, receivable=receivable, **values))


@router.get("/payments/{payment_id}", response=PaymentOut, tags=["receivables"])
def payment_get(request: HttpRequest, payment_id: int) -> Any:
    return selectors.payment_get(viewer=viewer(request), payment_id=payment_id)


@router.delete("/payments/{payment_id}", response={204: None}, tags=["receivables"])
def payment_delete(request: HttpRequest, payment_id: int) -> Any:
    user = viewer(request)
    services.payment_delete(actor=user, payment=selectors.payment_get(viewer=user, payment_id=payment_id))
    return Status(204, None)


# Reconciliations (A2n) ----------------------------------------------------------------------------


@router.get("/reconciliations/", response=list[ReconciliationOut], tags=["reconciliations"])
@paginate(LimitOffsetPagination)
def reconciliation_list(
    request: HttpRequest, account_id: int | None = None, month: str | None = None, status: str | None = None
) -> Any:
    first = clock.parse_month(month) if month else None
    return selectors.reconciliation_list(
        viewer=viewer(request), account_id=account_id, month=first, status=status
    )


@router.post("/reconciliations/", response={201: ReconciliationOut}, tags=["reconciliations"])
def reconciliation_create(request: HttpRequest, payload: ReconciliationIn) -> Any:
    """Draw up an account's statement for a month (YYYY-MM)."""
    user = viewer(request)
    account = account_ref(user, payload.account_id)
    return Status(201, services.reconciliation_create(actor=user, account=account, month=payload.month))


@router.get("/reconciliations/{reconciliation_id}", response=ReconciliationOut, tags=["reconciliations"])
def reconciliation_get(request: HttpRequest, reconciliation_id: int) -> Any:
    return selectors.reconciliation_get(viewer=viewer(request), reconciliation_id=reconciliation_id)


@router.post(
    "/reconciliations/{reconciliation_id}/agree", response=ReconciliationOut, tags=["reconciliations"]
)
def reconciliation_agree(request: HttpRequest, reconciliation_id: int) -> Any:
    user = viewer(request)
    statement = selectors.reconciliation_get(viewer=user, reconciliation_id=reconciliation_id)
    return services.reconciliation_agree(actor=user, reconciliation=statement)


@router.post(
    "/reconciliations/{reconciliation_id}/dispute", response=ReconciliationOut, tags=["reconciliations"]
)
def reconciliation_dispute(request: HttpRequest, reconciliation_id: int, payload: ReasonIn) -> Any:
    """Dispute a statement, giving the reason."""
    user = viewer(request)
    statement = selectors.reconciliation_get(viewer=user, reconciliation_id=reconciliation_id)
    return services.reconciliation_dispute(actor=user, reconciliation=statement, reason=payload.reason)


# Deals (B1, B5) -----------------------------------------------------------------------------------


@router.get("/deals/", response=list[DealOut], tags=["deals"])
@paginate(LimitOffsetPagination)
def deal_list(
    request: HttpRequest,
    account_id: int | None = None,
    specialist_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Any:
    """List deals; ``since``/``until`` without a zone are local times."""
    return selectors.deal_list(
        viewer=viewer(request),
        account_id=account_id,
        specialist_id=specialist_id,
        since=clock.ensure_aware(since) if since else None,
        until=clock.ensure_aware(until) if until else None,
    )


@router.post("/deals/", response={201: DealOut}, tags=["deals"])
def deal_create(request: HttpRequest, payload: DealIn) -> Any:
    """Record a customer delivered to a site; ``occurred_at`` defaults to now."""
    user = viewer(request)
    values = payload.dict(exclude_unset=True)
    account = account_ref(user, values.pop("account_id"))
    return Status(201, services.deal_create(actor=user, account=account, **values))


@router.get("/deals/{deal_id}", response=DealOut, tags=["deals"])
def deal_get(request: HttpRequest, deal_id: int) -> Any:
    return selectors.deal_get(viewer=viewer(request), deal_id=deal_id)


@router.patch("/deals/{deal_id}", response=DealOut, tags=["deals"])
def deal_update(request: HttpRequest, deal_id: int, payload: DealPatch) -> Any:
    user = viewer(request)
    deal = selectors.deal_get(viewer=user, deal_id=deal_id)
    return services.deal_update(actor=user, deal=deal, **payload.dict(exclude_unset=True))


@router.delete("/deals/{deal_id}", response={204: None}, tags=["deals"])
def deal_delete(request: HttpRequest, deal_id: int) -> Any:
    user = viewer(request)
    services.deal_delete(actor=user, deal=selectors.deal_get(viewer=user, deal_id=deal_id))
    return Status(204, None)
