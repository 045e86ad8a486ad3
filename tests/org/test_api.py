"""The organisation API: tokens and lockout, CRUD of departments, territories and users, errors as JSON."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine

from kam.api import TOO_MANY_FAILURES
from kam.core.errors import FORBIDDEN, NOT_FOUND
from kam.org import rules, services
from kam.org.api import BAD_CREDENTIALS
from kam.org.models import ApiToken, Department, Territory, User
from tests.factories import PASSWORD, DepartmentFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db

BOX = {
    "type": "Polygon",
    "coordinates": [[[120.0, 30.0], [120.2, 30.0], [120.2, 30.2], [120.0, 30.2], [120.0, 30.0]]],
}


def assert_error(response: Any, status: int, field: str | None, detail: str | None = None) -> None:
    """Errors are JSON with a ``detail`` message, and name the field at fault when there is one."""
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str)
    if field is not None:
        assert body["field"] == field
    if detail is not None:
        assert body["detail"] == detail


# Tokens ------------------------------------------------------------------------------------------


def test_token_for_good_credentials(org: dict[str, Any], api_client: Any) -> None:
    response = api_client(None).post("/api/v1/auth/token", {"username": "spec1", "password": PASSWORD})

    assert response.status_code == 200
    token = response.json()["token"]
    assert set(response.json()) == {"token"}
    stored = ApiToken.objects.get(user=org["spec1"])
    assert stored.prefix == token[:8]
    assert token not in stored.key_hash
    reader = api_client(None)
    reader.headers["Authorization"] = f"Bearer {token}"
    me = reader.get("/api/v1/users/me")
    assert me.status_code == 200
    assert me.json()["username"] == "spec1"


@pytest.mark.parametrize(
    "credentials",
    [{"username": "spec1", "password": "wrong-password"}, {"username": "nobody", "password": PASSWORD}],
)
def test_token_for_wrong_credentials(
    org: dict[str, Any], api_client: Any, credentials: dict[str, str]
) -> None:
    response = api_client(None).post("/api/v1/auth/token", credentials)

    assert_error(response, 401, None, BAD_CREDENTIALS)
    assert not ApiToken.objects.exists()


def test_token_for_an_inactive_user(org: dict[str, Any], api_client: Any) -> None:
    User.objects.filter(username="spec1").update(is_active=False)
    response = api_client(None).post("/api/v1/auth/token", {"username": "spec1", "password": PASSWORD})
    assert response.status_code == 401
    assert not ApiToken.objects.exists()


def test_lockout_after_five_failures_for_fifteen_minutes(org: dict[str, Any], api_client: Any) -> None:
    client = api_client(None)
    wrong = {"username": "spec1", "password": "wrong-password"}
    right = {"username": "spec1", "password": PASSWORD}
    start = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)

    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(4):
            assert client.post("/api/v1/auth/token", wrong).status_code == 401
        assert client.post("/api/v1/auth/token", right).status_code == 200  # four are not enough...
        for _ in range(5):
            assert client.post("/api/v1/auth/token", wrong).status_code in (401, 429)

        locked = client.post("/api/v1/auth/token", right)
        assert_error(locked, 429, None, TOO_MANY_FAILURES)

        traveller.shift(timedelta(minutes=14, seconds=59))
        assert client.post("/api/v1/auth/token", right).status_code == 429

        # Fifteen minutes after the last refused attempt (an attempt during the lockout re-arms it).
        traveller.shift(timedelta(minutes=15, seconds=1))
        response = client.post("/api/v1/auth/token", right)
        assert response.status_code == 200
        assert "token" in response.json()
    assert ApiToken.objects.filter(user=org["spec1"]).count() == 2


def test_lockout_is_per_username(org: dict[str, Any], api_client: Any) -> None:
    client = api_client(None)
    for _ in range(5):
        client.post("/api/v1/auth/token", {"username": "spec1", "password": "wrong-password"})
    assert client.post("/api/v1/auth/token", {"username": "spec1", "password": PASSWORD}).status_code == 429
    assert client.post("/api/v1/auth/token", {"username": "spec2", "password": PASSWORD}).status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/users/me"),
        ("get", "/api/v1/users/"),
        ("get", "/api/v1/departments/"),
        ("post", "/api/v1/departments/"),
        ("get", "/api/v1/territories/"),
        ("delete", "/api/v1/users/1"),
    ],
)
def test_anonymous_gets_401(db: Any, api_client: Any, method: str, path: str) -> None:
    client = api_client(None)
    response = client.delete(path) if method == "delete" else getattr(client, method)(path)
    assert response.status_code == 401
    assert isinstance(response.json()["detail"], str)


def test_bad_or_revoked_token_gets_401(org: dict[str, Any], api_client: Any) -> None:
    client = api_client(org["spec1"])
    assert client.get("/api/v1/users/me").status_code == 200
    ApiToken.objects.update(revoked_at=datetime(2026, 1, 1, tzinfo=UTC))
    assert client.get("/api/v1/users/me").status_code == 401
    client.headers["Authorization"] = "Bearer made-up"
    assert client.get("/api/v1/users/me").status_code == 401


# Departments -------------------------------------------------------------------------------------


def test_department_crud_as_admin(org: dict[str, Any], api_client: Any) -> None:
    client = api_client(org["admin"])

    created = client.post(
        "/api/v1/departments/",
        {"name": "大客户四部", "parent_id": org["region"].pk, "head_id": org["manager1"].pk},
    )
    assert created.status_code == 201
    body = created.json()
    assert body == {
        "id": body["id"],
        "name": "大客户四部",
        "kind": "department",
        "parent_id": org["region"].pk,
        "head_id": org["manager1"].pk,
    }
    stored = Department.objects.get(pk=body["id"])
    assert stored.history.get().history_user == org["admin"]

    got = client.get(f"/api/v1/departments/{stored.pk}")
    assert got.status_code == 200
    assert got.json() == body

    patched = client.patch(f"/api/v1/departments/{stored.pk}", {"name": "大客户肆部", "head_id": None})
    assert patched.status_code == 200
    assert patched.json()["name"] == "大客户肆部"
    assert patched.json()["head_id"] is None
    assert patched.json()["parent_id"] == org["region"].pk  # not sent, not changed
    stored.refresh_from_db()
    assert (stored.name, stored.head_id) == ("大客户肆部", None)

    deleted = client.delete(f"/api/v1/departments/{stored.pk}")
    assert deleted.status_code == 204
    assert not Department.objects.filter(pk=stored.pk).exists()
    gone = Department.all_objects.get(pk=stored.pk)
    assert gone.deleted_at is not None
    entry = gone.history.order_by("-history_id").first()
    assert (entry.history_change_reason, entry.history_user) == ("deleted", org["admin"])
    assert client.get(f"/api/v1/departments/{stored.pk}").status_code == 404


def test_department_list_is_paginated(org: dict[str, Any], api_client: Any) -> None:
    client = api_client(org["spec1"])

    everything = client.get("/api/v1/departments/")
    page = client.get("/api/v1/departments/", {"limit": 2, "offset": 1})

    assert everything.status_code == page.status_code == 200
    assert set(everything.json()) == {"count", "items"}
    assert everything.json()["count"] == 5
    assert [d["name"] for d in everything.json()["items"]] == [
        "华东大区",
        "大客户一部",
        "大客户二部",
        "华北大区",
        "大客户三部",
    ]
    assert page.json()["count"] == 5
    assert [d["name"] for d in page.json()["items"]] == ["大客户一部", "大客户二部"]


def test_deleted_departments_are_not_listed(org: dict[str, Any], api_client: Any) -> None:
    empty = DepartmentFactory(parent=org["region"])
    services.department_delete(actor=org["admin"], department=empty)
    listed = api_client(org["admin"]).get("/api/v1/departments/").json()
    assert empty.pk not in [d["id"] for d in listed["items"]]
    assert listed["count"] == 5


def test_department_cycle_is_a_4xx_naming_parent_id(org: dict[str, Any], api_client: Any) -> None:
    response = api_client(org["admin"]).patch(
        f"/api/v1/departments/{org['region'].pk}", {"parent_id": org["ka1"].pk}
    )

    assert_error(response, 422, "parent_id", rules.DEPARTMENT_CYCLE)
    assert Department.objects.get(pk=org["region"].pk).parent_id is None


def test_department_in_use_is_not_deleted(org: dict[str, Any], api_client: Any) -> None:
    response = api_client(org["admin"]).delete(f"/api/v1/departments/{org['ka1'].pk}")
    assert_error(response, 409, None, services.DEPARTMENT_IN_USE)
    assert Department.objects.filter(pk=org["ka1"].pk).exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": ""}, "name"),
        ({}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "x", "parent_id": 999_999}, "parent_id"),
        ({"name": "x", "parent_id": "abc"}, "parent_id"),
        ({"name": "x", "head_id": 999_999}, "head_id"),
        ({"name": "x", "kind": "planet"}, "kind"),
    ],
)
def test_department_bad_input_names_the_field(
    org: dict[str, Any], api_client: Any, payload: dict[str, Any], field: str
) -> None:
    before = Department.all_objects.count()
    response = api_client(org["admin"]).post("/api/v1/departments/", payload)
    assert_error(response, 422, field)
    assert Department.all_objects.count() == before


def test_unparseable_json_is_a_400(org: dict[str, Any], api_client: Any) -> None:
    response = api_client(org["admin"]).post("/api/v1/departments/", "{not json")
    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str)


def test_unknown_department_is_404(org: dict[str, Any], api_client: Any) -> None:
    client = api_client(org["admin"])
    assert_error(client.get("/api/v1/departments/999999"), 404, None, NOT_FOUND)
    assert_error(client.patch("/api/v1/departments/999999", {"name": "x"}), 404, None, NOT_FOUND)
    assert_error(client.delete("/api/v1/departments/999999"), 404, None, NOT_FOUND)


# Territories -------------------------------------------------------------------------------------


def test_territory_crud_as_admin(org: dict[str, Any], api_client: Any) -> None:
    client = api_client(org["admin"])

    created = client.post(
        "/api/v1/territories/",
        {"name": "西湖区", "region_codes": ["330106"], "boundary": {"type": "Feature", "geometry": BOX}},
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["name"], body["region_codes"], body["boundary"]) == ("西湖区", ["330106"], BOX)
    stored = Territory.objects.get(pk=body["id"])
    assert stored.boundary == BOX
    assert stored.history.get().history_user == org["admin"]

    assert client.get(f"/api/v1/territories/{stored.pk}").json() == body
    listed = client.get("/api/v1/territories/", {"limit": 10})
    assert listed.json()["count"] == 1
    assert listed.json()["items"] == [body]

    patched = client.patch(f"/api/v1/territories/{stored.pk}", {"region_codes": ["330106", "330108"]})
    assert patched.status_code == 200
    assert patched.json()["region_codes"] == ["330106", "330108"]
    assert patched.json()["boundary"] == BOX
    stored.refresh_from_db()
    assert stored.region_codes == ["330106", "330108"]

    cleared = client.patch(f"/api/v1/territories/{stored.pk}", {"boundary": None})
    assert cleared.json()["boundary"] is None
    assert Territory.objects.get(pk=stored.pk).boundary is None

    assert client.delete(f"/api/v1/territories/{stored.pk}").status_code == 204
    assert not Territory.objects.filter(pk=stored.pk).exists()
    assert Territory.all_objects.get(pk=stored.pk).deleted_at is not None
    assert client.get(f"/api/v1/territories/{stored.pk}").status_code == 404


@pytest.mark.parametrize(
    ("boundary", "detail"),
    [
        ({"type": "Point", "coordinates": [120.1, 30.1]}, rules.BOUNDARY_NOT_GEOJSON),
        (
            {"type": "Polygon", "coordinates": [[[120.0, 30.0], [120.2, 30.0], [120.2, 30.2]]]},
            rules.BOUNDARY_RING_OPEN,
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [[[30.0, 120.0], [30.2, 120.0], [30.2, 120.2], [30.0, 120.0]]],
            },
            rules.BOUNDARY_OUT_OF_RANGE,
        ),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}, None),
        ("POLYGON((0 0, 1 0, 1 1, 0 0))", None),
        ([[120.0, 30.0]], None),
    ],
)
def test_invalid_boundary_is_a_4xx_naming_boundary(
    org: dict[str, Any], api_client: Any, boundary: Any, detail: str | None
) -> None:
    response = api_client(org["admin"]).post("/api/v1/territories/", {"name": "坏片区", "boundary": boundary})
    assert_error(response, 422, "boundary", detail)
    assert not Territory.all_objects.exists()


def test_invalid_boundary_on_update_changes_nothing(org: dict[str, Any], api_client: Any) -> None:
    territory = TerritoryFactory()
    response = api_client(org["admin"]).patch(
        f"/api/v1/territories/{territory.pk}",
        {"name": "改名", "boundary": {"type": "Polygon", "coordinates": []}},
    )
    assert_error(response, 422, "boundary")
    territory.refresh_from_db()
    assert territory.name != "改名"
    assert territory.boundary is not None


def test_bad_region_code_names_region_codes(org: dict[str, Any], api_client: Any) -> None:
    response = api_client(org["admin"]).post("/api/v1/territories/", {"name": "x", "region_codes": ["3301"]})
    assert_error(response, 422, "region_codes", rules.REGION_CODE_INVALID)


# Users -------------------------------------------------------------------------------------------


def new_user(org: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    return {
        "username": "newspec",
        "password": PASSWORD,
        "full_name": "新专员",
        "department_id": org["ka1"].pk,
        "posts": ["specialist"],
        "supervisor_id": org["manager1"].pk,
        "phone": "13800000000",
        "email": "newspec@example.com",
        **overrides,
    }


def test_user_crud_as_admin(org: dict[str, Any], api_client: Any) -> None:
    client = api_client(org["admin"])
    territory = TerritoryFactory()

    created = client.post("/api/v1/users/", new_user(org, territory_id=territory.pk))
    assert created.status_code == 201
    body = created.json()
    assert "password" not in body
    assert body == {
        "id": body["id"],
        "username": "newspec",
        "full_name": "新专员",
        "department_id": org["ka1"].pk,
        "posts": ["specialist"],
        "supervisor_id": org["manager1"].pk,
        "territory_id": territory.pk,
        "phone": "13800000000",
        "email": "newspec@example.com",
        "is_active": True,
    }
    stored = User.objects.get(pk=body["id"])
    assert stored.check_password(PASSWORD)
    assert {h.history_user for h in stored.history.all()} == {org["admin"]}

    assert client.get(f"/api/v1/users/{stored.pk}").json() == body

    patched = client.patch(
        f"/api/v1/users/{stored.pk}", {"posts": ["specialist", "ka_manager"], "full_name": "新经理"}
    )
    assert patched.status_code == 200
    assert patched.json()["posts"] == ["ka_manager", "specialist"]
    assert patched.json()["full_name"] == "新经理"
    stored = User.objects.get(pk=stored.pk)
    assert stored.post_codes() == {"ka_manager", "specialist"}
    assert stored.history.order_by("-history_id").first().history_user == org["admin"]

    assert client.delete(f"/api/v1/users/{stored.pk}").status_code == 204
    stored.refresh_from_db()
    assert stored.is_active is False
    assert client.get(f"/api/v1/users/{stored.pk}").json()["is_active"] is False


def test_user_list_is_paginated_and_filtered(org: dict[str, Any], api_client: Any) -> None:
    client = api_client(org["admin"])

    page = client.get("/api/v1/users/", {"limit": 3, "offset": 2})
    specialists = client.get("/api/v1/users/", {"post": "specialist"})
    ka1 = client.get("/api/v1/users/", {"department_id": org["ka1"].pk})
    found = client.get("/api/v1/users/", {"q": "spec3"})

    assert page.json()["count"] == 9
    assert [u["username"] for u in page.json()["items"]] == ["manager2", "manager3", "spec1"]
    assert {u["username"] for u in specialists.json()["items"]} == {"spec1", "spec2", "spec3", "spec4"}
    assert {u["username"] for u in ka1.json()["items"]} == {"manager1", "spec1", "spec2"}
    assert [u["username"] for u in found.json()["items"]] == ["spec3"]


@pytest.mark.parametrize("viewer", ["spec1", "manager3", "regional"])
def test_every_member_of_staff_sees_the_directory(org: dict[str, Any], api_client: Any, viewer: str) -> None:
    listed = api_client(org[viewer]).get("/api/v1/users/").json()
    assert listed["count"] == 9
    assert api_client(org[viewer]).get(f"/api/v1/users/{org['spec4'].pk}").status_code == 200


def test_someone_without_a_post_sees_only_themselves(org: dict[str, Any], api_client: Any) -> None:
    outsider = UserFactory(department=org["ka1"], posts=[])
    client = api_client(outsider)
    listed = client.get("/api/v1/users/").json()
    assert [u["username"] for u in listed["items"]] == [outsider.username]
    assert_error(client.get(f"/api/v1/users/{org['spec1'].pk}"), 404, None, NOT_FOUND)


def test_unknown_post_is_a_4xx_naming_posts(org: dict[str, Any], api_client: Any) -> None:
    client = api_client(org["admin"])

    response = client.post("/api/v1/users/", new_user(org, posts=["specialist", "salesman"]))

    assert_error(response, 422, "posts", rules.UNKNOWN_POSTS.format(codes="salesman"))
    assert not User.objects.filter(username="newspec").exists()

    response = client.patch(f"/api/v1/users/{org['spec1'].pk}", {"posts": ["chief"]})
    assert_error(response, 422, "posts")
    assert User.objects.get(pk=org["spec1"].pk).post_codes() == {"specialist"}


def test_supervisor_in_another_region_is_a_4xx(org: dict[str, Any], api_client: Any) -> None:
    response = api_client(org["admin"]).post(
        "/api/v1/users/", new_user(org, supervisor_id=org["manager3"].pk)
    )
    assert_error(response, 422, "supervisor_id", rules.SUPERVISOR_OTHER_REGION)
    assert not User.objects.filter(username="newspec").exists()


@pytest.mark.parametrize(
    ("overrides", "status", "field"),
    [
        ({"username": "spec1"}, 409, "username"),
        ({"username": "bad name!"}, 422, "username"),
        ({"password": "12345678"}, 422, "password"),
        ({"posts": "specialist"}, 422, "posts"),
        ({"department_id": 999_999}, 422, "department_id"),
        ({"territory_id": 999_999}, 422, "territory_id"),
        ({"phone": "1" * 31}, 422, "phone"),
    ],
)
def test_user_bad_input_names_the_field(
    org: dict[str, Any], api_client: Any, overrides: dict[str, Any], status: int, field: str
) -> None:
    before = User.objects.count()
    response = api_client(org["admin"]).post("/api/v1/users/", new_user(org, **overrides))
    assert_error(response, status, field)
    assert User.objects.count() == before


def test_missing_required_field_is_named(org: dict[str, Any], api_client: Any) -> None:
    payload = new_user(org)
    del payload["password"]
    assert_error(api_client(org["admin"]).post("/api/v1/users/", payload), 422, "password")


# Permissions -------------------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", ["spec1", "manager1", "regional"])
def test_non_admin_writes_are_403(org: dict[str, Any], api_client: Any, viewer: str) -> None:
    client = api_client(org[viewer])
    territory = TerritoryFactory(name="原片区")
    attempts = [
        client.post("/api/v1/departments/", {"name": "非法部门"}),
        client.patch(f"/api/v1/departments/{org['ka1'].pk}", {"name": "改名"}),
        client.delete(f"/api/v1/departments/{org['ka3'].pk}"),
        client.post("/api/v1/territories/", {"name": "非法片区"}),
        client.patch(f"/api/v1/territories/{territory.pk}", {"name": "改名"}),
        client.delete(f"/api/v1/territories/{territory.pk}"),
        client.post("/api/v1/users/", new_user(org)),
        client.patch(f"/api/v1/users/{org[viewer].pk}", {"posts": ["admin"]}),
        client.delete(f"/api/v1/users/{org[viewer].pk}"),
    ]
    for response in attempts:
        assert_error(response, 403, None, FORBIDDEN)
    assert not Department.objects.filter(name__in=["非法部门", "改名"]).exists()
    assert Department.objects.filter(pk=org["ka3"].pk).exists()
    assert list(Territory.objects.values_list("name", flat=True)) == ["原片区"]
    assert not User.objects.filter(username="newspec").exists()
    me = User.objects.get(pk=org[viewer].pk)
    assert me.is_active
    assert "admin" not in me.post_codes()


def test_reads_are_open_to_everyone_signed_in(org: dict[str, Any], api_client: Any) -> None:
    client = api_client(org["spec1"])
    TerritoryFactory()
    assert client.get("/api/v1/departments/").status_code == 200
    assert client.get(f"/api/v1/departments/{org['ka3'].pk}").status_code == 200
    assert client.get("/api/v1/territories/").json()["count"] == 1
    assert client.get("/api/v1/users/me").json()["username"] == "spec1"


def test_a_superuser_without_posts_may_write(db: Any, api_client: Any) -> None:
    root = UserFactory(department=None, is_superuser=True)
    response = api_client(root).post("/api/v1/departments/", {"name": "总部", "kind": "company"})
    assert response.status_code == 201
    assert Department.objects.get(name="总部").kind == "company"


# OpenAPI -----------------------------------------------------------------------------------------


def test_openapi_lists_the_endpoints(db: Any, client: Any) -> None:
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    expected = {
        "/api/v1/auth/token": {"post"},
        "/api/v1/departments/": {"get", "post"},
        "/api/v1/departments/{department_id}": {"get", "patch", "delete"},
        "/api/v1/territories/": {"get", "post"},
        "/api/v1/territories/{territory_id}": {"get", "patch", "delete"},
        "/api/v1/users/": {"get", "post"},
        "/api/v1/users/me": {"get"},
        "/api/v1/users/{user_id}": {"get", "patch", "delete"},
        "/api/v1/calendar/{month}": {"get"},
        "/api/v1/notifications/": {"get"},
        "/api/v1/notifications/unread-count": {"get"},
        "/api/v1/notifications/{notification_id}/read": {"post"},
        "/api/v1/notifications/read-all": {"post"},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert methods <= set(paths[path]), path
    schemes = response.json()["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())


def test_api_docs_page(db: Any, client: Any) -> None:
    assert client.get("/api/v1/docs").status_code == 200
