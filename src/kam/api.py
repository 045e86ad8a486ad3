"""The REST API under /api/v1/: one router per app, bearer-token authentication, JSON errors."""

from __future__ import annotations

from typing import Any

from axes.exceptions import AxesBackendPermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError as SchemaError
from ninja.parser import Parser
from ninja.security import HttpBearer

from kam.core import security
from kam.core.errors import ApplicationError
from kam.core.models import SecurityEvent
from kam.org import services as org_services

TOO_MANY_FAILURES = "Too many failed sign-ins; the account is locked for a while. Try again later."
INVALID_INPUT = "Invalid input."
BODY_NOT_AN_OBJECT = "The request body must be a JSON object."
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``; the user is set on the request for history and scoping."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = org_services.token_user(token)
        if user is not None:
            request.user = user
        else:
            security.record(request, SecurityEvent.Kind.TOKEN_REJECTED, detail=token[:8])
        return user


class JsonObjectParser(Parser):
    """Read request bodies as JSON objects: a list, a string or ``null`` is refused (400) like bad JSON.

    Without this, an update whose fields are all optional would take ``[1, 2]`` or ``null`` as "change
    nothing" and answer 200 to a body the caller surely did not mean.
    """

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError(BODY_NOT_AN_OBJECT)
        return data


api = NinjaAPI(
    title="kam API",
    version="1",
    description="Key account management system (大客户管理系统). Authenticate with POST /api/v1/auth/token.",
    urls_namespace="api",
    auth=BearerToken(),
    parser=JsonObjectParser(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(ApplicationError)
def _application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    if exc.status == 403:
        security.record(request, SecurityEvent.Kind.PERMISSION_DENIED, detail=str(exc))
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(SchemaError)
def _invalid_input(request: HttpRequest, exc: SchemaError) -> HttpResponse:
    """Answer schema errors as every other error: a ``detail`` message and the ``field`` at fault.

    ninja's own answer puts a list in ``detail`` and names no field; the full list stays in ``errors``.
    """
    first: dict[str, Any] = exc.errors[0] if exc.errors else {}
    loc = list(first.get("loc", ()))
    if loc and loc[0] in _SOURCES:
        loc = loc[1:]
    if len(loc) > 1 and loc[0] == "payload":  # the body parameter's own name
        loc = loc[1:]
    names = [part for part in loc if isinstance(part, str)]
    body: dict[str, Any] = {"detail": str(first.get("msg") or INVALID_INPUT), "errors": exc.errors}
    if names:
        body["field"] = names[0]
    return api.create_response(request, body, status=422)


@api.exception_handler(AxesBackendPermissionDenied)
def _locked_out(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Answer in JSON: left set, the flag makes AxesMiddleware swap this for the sign-in page's HTML.
    request.axes_locked_out = False  # type: ignore[attr-defined]
    return api.create_response(request, {"detail": TOO_MANY_FAILURES}, status=429)


def _mount() -> None:
    from kam.accounts.api import router as accounts_router
    from kam.approvals.api import router as approvals_router
    from kam.core.api import router as core_router
    from kam.hospitality.api import router as hospitality_router
    from kam.notify.api import router as notify_router
    from kam.org.api import auth_router
    from kam.org.api import router as org_router
    from kam.plans.api import router as plans_router
    from kam.playbook.api import router as playbook_router
    from kam.relations.api import router as relations_router
    from kam.reports.api import router as reports_router
    from kam.service.api import router as service_router
    from kam.tours.api import router as tours_router
    from kam.visits.api import router as visits_router

    api.add_router("/auth", auth_router)
    api.add_router("/", org_router)
    api.add_router("/", core_router)
    api.add_router("/notifications", notify_router)
    api.add_router("/", accounts_router)
    api.add_router("/", approvals_router)
    api.add_router("/", tours_router)
    api.add_router("/", visits_router)
    api.add_router("/", service_router)
    api.add_router("/playbook", playbook_router)
    api.add_router("/", plans_router)
    api.add_router("/", relations_router)
    api.add_router("/", hospitality_router)
    api.add_router("/", reports_router)


_mount()
