"""The authorization matrix: every page and API operation, as anonymous and as each post (issue 12)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kam.api import api
from kam.notify.services import notify
from kam.org import services as org_services
from tests.accounts.world import PAGE_PARAMS as ACCOUNTS_PAGE_PARAMS
from tests.accounts.world import accounts_params
from tests.factories import TerritoryFactory, UserFactory
from tests.hospitality.world import PAGE_PARAMS as HOSPITALITY_PAGE_PARAMS
from tests.hospitality.world import hospitality_params
from tests.plans.world import PAGE_PARAMS as PLANS_PAGE_PARAMS
from tests.plans.world import plans_params
from tests.playbook.world import PAGE_PARAMS as PLAYBOOK_PAGE_PARAMS
from tests.playbook.world import playbook_params
from tests.relations.world import PAGE_PARAMS as RELATIONS_PAGE_PARAMS
from tests.relations.world import relations_params
from tests.reports.world import PAGE_PARAMS as REPORTS_PAGE_PARAMS
from tests.reports.world import reports_params
from tests.security import access
from tests.service.world import PAGE_PARAMS as SERVICE_PAGE_PARAMS
from tests.service.world import service_params
from tests.tours.world import PAGE_PARAMS as TOURS_PAGE_PARAMS
from tests.tours.world import tours_params
from tests.visits.world import PAGE_PARAMS as VISITS_PAGE_PARAMS
from tests.visits.world import visits_params

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def _operations() -> list[str]:
    schema = api.get_openapi_schema()
    return sorted(
        f"{method.upper()} {path}" for path, methods in schema["paths"].items() for method in methods
    )


def _url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(access.IGNORED_URL_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns, "", "")
    return names


def test_every_api_operation_is_in_the_access_table() -> None:
    missing = [op for op in _operations() if op not in access.API]
    assert not missing, f"add these API operations to tests/security/access.py: {missing}"
    stale = [op for op in access.API if op not in _operations()]
    assert not stale, f"these operations no longer exist: {stale}"


def test_every_page_is_in_the_access_table() -> None:
    missing = sorted(_url_names() - set(access.PAGES))
    assert not missing, f"add these pages to tests/security/access.py: {missing}"


@pytest.fixture
def world(org: dict[str, Any]) -> dict[str, Any]:
    """One user per post, and one object of each kind for the path parameters."""
    users = {
        post: UserFactory(username=f"as_{post}", department=org["ka1"], posts=[post]) for post in access.POSTS
    }
    territory = TerritoryFactory()
    params = {
        "department_id": org["ka2"].pk,
        "territory_id": territory.pk,
        "user_id": org["spec1"].pk,
        "month": "2026-02",
    }
    worlds = [
        playbook_params(manager=users["ka_manager"], specialist=users["specialist"], trainee=org["spec1"]),
        tours_params(org=org),
        hospitality_params(org=org),
        service_params(org=org),
        visits_params(org=org),
        plans_params(org=org),
        accounts_params(org=org),
        relations_params(org=org),
        reports_params(org=org),
    ]
    for each in worlds:
        _merge(params, each)
    return {"users": users, "params": params, "org": org}


def _merge(params: dict[str, Any], more: dict[str, Any]) -> None:
    """Add one app's objects; two apps may not both give one parameter name.

    The check is on names, not values: ids of different tables often coincide on a fresh database, so
    a clash would pass there and fail wherever sequences have moved on (PostgreSQL after earlier tests).
    """
    clashes = sorted(set(params) & set(more))
    assert not clashes, f"two worlds give these parameters: {clashes}"
    params.update(more)


def _fill(path: str, params: dict[str, Any], user: Any) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "notification_id":
            return str(notify(recipients=[user], kind="test", title="t")[0].pk) if user else "1"
        # Routes still under REVIEW need no real row: any id of the right type will do.
        return str(params.get(name, "00000000-0000-0000-0000-000000000001" if name == "job_id" else 1))

    return re.sub(r"\{(\w+)\}", value, path)


def _fill_body(body: Any, params: dict[str, Any]) -> Any:
    """Replace a body value written as "{name}" by the world's object of that name."""
    if isinstance(body, dict):
        return {key: _fill_body(value, params) for key, value in body.items()}
    if isinstance(body, str) and re.fullmatch(r"\{\w+\}", body):
        return params[body[1:-1]]
    return body


def _allowed(audience: object, post: str | None) -> bool:
    if audience == access.PUBLIC:
        return True
    if post is None:
        return False
    return audience == access.SIGNED_IN or post in audience  # type: ignore[operator]


def _call_api(operation: str, body: object, params: dict[str, Any], user: Any, token: str | None) -> int:
    method, path = operation.split(" ", 1)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    url = _fill(path, params, user)
    client = Client()
    kwargs: dict[str, Any] = {"headers": headers}
    if body is not None:
        kwargs.update(data=_fill_body(body, params), content_type="application/json")
    return int(getattr(client, method.lower())(url, **kwargs).status_code)


def test_api_answers_as_declared(world: dict[str, Any]) -> None:
    """Call every operation as anonymous and as each post; each call is rolled back afterwards."""
    tokens = {post: org_services.token_issue(user=user) for post, user in world["users"].items()}
    wrong = [
        mismatch for operation in sorted(access.API) for mismatch in _check_api(operation, world, tokens)
    ]
    assert not wrong, f"answers differ from the access table: {wrong}"


def _check_api(operation: str, world: dict[str, Any], tokens: dict[str, str]) -> list[tuple[str, Any, int]]:
    audience, body = access.API[operation]
    wrong = []
    for post in (None, *access.POSTS):
        user = world["users"][post] if post else None
        try:
            with transaction.atomic():
                status = _call_api(operation, body, world["params"], user, tokens.get(post or ""))
                raise Rollback
        except Rollback:
            pass
        assert status < 500, f"{operation} as {post}: {status}"
        if audience == access.PUBLIC:
            ok = True  # it answers everyone; what it answers is its own tests' business
        elif audience == access.REVIEW:
            ok = status == 401 if post is None else True
        elif _allowed(audience, post):
            ok = status not in (401, 403, 404)
        elif post is None:
            ok = status == 401
        else:
            ok = status in (403, 404)
        if not ok:
            wrong.append((operation, post, status))
    return wrong


def _page_url(name: str, world: dict[str, Any], user: Any) -> str:
    kwargs: dict[str, Any] = {}
    if name == "person":
        kwargs = {"user_id": world["org"]["spec1"].pk}
    elif name == "token_revoke":
        kwargs = {"token_id": 1}
    elif name == "notification_read":
        kwargs = {"notification_id": notify(recipients=[user], kind="t", title="t")[0].pk if user else 1}
    elif name in PLAYBOOK_PAGE_PARAMS:
        kwargs = {key: world["params"][key] for key in PLAYBOOK_PAGE_PARAMS[name]}
    elif name in HOSPITALITY_PAGE_PARAMS:
        kwargs = {key: world["params"][key] for key in HOSPITALITY_PAGE_PARAMS[name]}
    elif name in TOURS_PAGE_PARAMS:
        kwargs = {key: world["params"][key] for key in TOURS_PAGE_PARAMS[name]}
    elif name in SERVICE_PAGE_PARAMS:
        kwargs = {key: world["params"][key] for key in SERVICE_PAGE_PARAMS[name]}
    elif name in VISITS_PAGE_PARAMS:
        kwargs = {key: world["params"][key] for key in VISITS_PAGE_PARAMS[name]}
    elif name in PLANS_PAGE_PARAMS:
        kwargs = {key: world["params"][key] for key in PLANS_PAGE_PARAMS[name]}
    elif name in ACCOUNTS_PAGE_PARAMS:
        kwargs = {key: world["params"][key] for key in ACCOUNTS_PAGE_PARAMS[name]}
    elif name in RELATIONS_PAGE_PARAMS:
        kwargs = {key: world["params"][key] for key in RELATIONS_PAGE_PARAMS[name]}
    elif name in REPORTS_PAGE_PARAMS:
        kwargs = {key: world["params"][key] for key in REPORTS_PAGE_PARAMS[name]}
    elif access.PAGES[name][0] == access.REVIEW:
        kwargs = _any_kwargs(name)
    return reverse(name, kwargs=kwargs)


def _any_kwargs(name: str) -> dict[str, Any]:
    """Fill a page's path parameters with a value of the right type (the row need not exist)."""
    from django.urls import get_resolver

    for possibility, _pattern, _defaults, converters in get_resolver().reverse_dict.getlist(
        name.split(":")[-1]
    ):
        del possibility
        return {
            key: "00000000-0000-0000-0000-000000000001" if "uuid" in type(conv).__name__.lower() else 1
            for key, conv in converters.items()
        }
    namespace, _, short = name.partition(":")
    resolver = get_resolver().namespace_dict[namespace][1]
    for _possibility, _pattern, _defaults, converters in resolver.reverse_dict.getlist(short):
        return {
            key: "00000000-0000-0000-0000-000000000001" if "UUID" in type(conv).__name__ else 1
            for key, conv in converters.items()
        }
    return {}


def test_pages_answer_as_declared(world: dict[str, Any]) -> None:
    """Open every page as anonymous and as each post; each visit is rolled back afterwards."""
    wrong = [mismatch for name in sorted(access.PAGES) for mismatch in _check_page(name, world)]
    assert not wrong, f"answers differ from the access table: {wrong}"


def _check_page(name: str, world: dict[str, Any]) -> list[tuple[str, Any, int]]:
    audience, method = access.PAGES[name]
    wrong = []
    for post in (None, *access.POSTS):
        user = world["users"][post] if post else None
        try:
            with transaction.atomic():
                client = Client()
                if user:
                    client.force_login(user)
                response = getattr(client, method)(_page_url(name, world, user))
                raise Rollback
        except Rollback:
            pass
        status = response.status_code
        assert status < 500, f"{name} as {post}: {status}"
        to_login = status == 302 and response["Location"].startswith(reverse("login"))
        if audience == access.PUBLIC:
            ok = True
        elif audience == access.REVIEW:
            ok = to_login if post is None else True
        elif _allowed(audience, post):
            ok = status not in (401, 403, 404) and not to_login
        elif post is None:
            ok = to_login
        else:
            ok = status in (403, 404)
        if not ok:
            wrong.append((name, post, status))
    return wrong
