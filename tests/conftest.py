"""Shared fixtures: a small organisation, users by post, API clients with tokens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kam.org import services as org_services
from kam.org.models import User
from tests.factories import DepartmentFactory, RegionFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class ApiClient:
    """A test client that sends a bearer token and JSON bodies."""

    def __init__(self, user: User | None):
        self.client = Client()
        self.headers = {}
        if user is not None:
            self.headers["Authorization"] = f"Bearer {org_services.token_issue(user=user)}"

    def _call(self, method: str, path: str, data: Any = None, **extra: Any) -> Any:
        fn = getattr(self.client, method)
        if method in ("post", "put", "patch") and data is not None and not isinstance(data, (bytes, str)):
            return fn(path, data=data, content_type="application/json", headers=self.headers, **extra)
        if method in ("post", "put", "patch") and isinstance(data, (bytes, str)):
            return fn(path, data=data, content_type="application/json", headers=self.headers, **extra)
        return fn(path, data, headers=self.headers, **extra)

    def get(self, path: str, data: Any = None, **extra: Any) -> Any:
        return self._call("get", path, data, **extra)

    def post(self, path: str, data: Any = None, **extra: Any) -> Any:
        return self._call("post", path, data, **extra)

    def patch(self, path: str, data: Any = None, **extra: Any) -> Any:
        return self._call("patch", path, data, **extra)

    def put(self, path: str, data: Any = None, **extra: Any) -> Any:
        return self._call("put", path, data, **extra)

    def delete(self, path: str, **extra: Any) -> Any:
        return self.client.delete(path, headers=self.headers, **extra)


@pytest.fixture
def org(db: Any) -> dict[str, Any]:
    """A region with two key account departments, their managers and specialists."""
    region = RegionFactory(name="华东大区")
    ka1 = DepartmentFactory(name="大客户一部", parent=region)
    ka2 = DepartmentFactory(name="大客户二部", parent=region)
    other_region = RegionFactory(name="华北大区")
    ka3 = DepartmentFactory(name="大客户三部", parent=other_region)
    regional = UserFactory(username="regional", department=region, posts=["regional_manager"])
    manager1 = UserFactory(username="manager1", department=ka1, posts=["ka_manager"], supervisor=regional)
    manager2 = UserFactory(username="manager2", department=ka2, posts=["ka_manager"], supervisor=regional)
    manager3 = UserFactory(username="manager3", department=ka3, posts=["ka_manager"])
    spec1 = UserFactory(username="spec1", department=ka1, posts=["specialist"], supervisor=manager1)
    spec2 = UserFactory(username="spec2", department=ka1, posts=["specialist"], supervisor=manager1)
    spec3 = UserFactory(username="spec3", department=ka2, posts=["specialist"], supervisor=manager2)
    spec4 = UserFactory(username="spec4", department=ka3, posts=["specialist"], supervisor=manager3)
    admin = UserFactory(username="sysadmin", department=None, posts=["admin"])
    return {
        "region": region,
        "ka1": ka1,
        "ka2": ka2,
        "other_region": other_region,
        "ka3": ka3,
        "regional": regional,
        "manager1": manager1,
        "manager2": manager2,
        "manager3": manager3,
        "spec1": spec1,
        "spec2": spec2,
        "spec3": spec3,
        "spec4": spec4,
        "admin": admin,
    }


@pytest.fixture
def api_client() -> Callable[[User | None], ApiClient]:
    """Return a factory of API clients authenticated as the given user (None: anonymous)."""
    return ApiClient
