"""The bad-input catalogue (issue 12, item 6), run against every write operation of the API.

Malformed JSON, bodies of the wrong type, very long strings, impossible dates and time zones, SQL and
script in text and filters: each answer is a clear 4xx (or a stored value shown escaped), never a
server error. Spreadsheets (corrupt, oversized, zip bombs, formulas) are covered where they are read,
in ``tests/accounts/test_import_export.py``; bodies over the limit in ``tests/core/test_middleware.py``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from kam.api import api
from kam.org import services as org_services
from tests.factories_accounts import AccountFactory

pytestmark = pytest.mark.django_db

SCHEMA = api.get_openapi_schema()
HOSTILE_TEXT = "<script>alert('x')</script>' OR 1=1; DROP TABLE accounts_account; --" + "长" * 3000
BAD_MOMENTS = ["2026-02-30", "2026-13-01", "2026-01-01T25:00:00", "2026-01-01T10:00:00+25:00", "昨天"]
SQL_FILTERS = ["' OR 1=1 --", "1; DROP TABLE org_user", "%' UNION SELECT password FROM org_user --"]


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref:
        return _resolve(SCHEMA["components"]["schemas"][ref.rsplit("/", 1)[-1]])
    return schema


def _json_body(operation: dict[str, Any]) -> dict[str, Any] | None:
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    return _resolve(content["application/json"]["schema"])


def _write_operations() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for path, methods in SCHEMA["paths"].items():
        for method, operation in methods.items():
            body = _json_body(operation)
            if method in ("post", "put", "patch") and body is not None and "/auth/" not in path:
                found.append((method, path, body))
    return sorted(found, key=lambda item: (item[1], item[0]))


WRITES = _write_operations()
CREATES = [(method, path, body) for method, path, body in WRITES if "{" not in path]


def _ids(path: str) -> str:
    return re.sub(r"\{\w+\}", "1", path)


def _kinds(prop: dict[str, Any]) -> set[str]:
    prop = _resolve(prop)
    options = prop.get("anyOf") or prop.get("oneOf") or [prop]
    return {
        str(_resolve(option).get("type")) + ":" + str(_resolve(option).get("format", ""))
        for option in options
    }


def _plausible(prop: dict[str, Any]) -> Any:
    resolved = _resolve(prop)
    if "enum" in resolved:
        return resolved["enum"][0]
    kinds = _kinds(prop)
    for kind, value in (
        ("string:date", "2026-12-01"),
        ("string:date-time", "2026-12-01T10:00:00+08:00"),
        ("integer:", 1),
        ("number:", 1),
        ("boolean:", False),
        ("array:", []),
        ("object:", {}),
    ):
        if kind in kinds:
            return value
    return "测试"


def _hostile_body(body: dict[str, Any]) -> dict[str, Any]:
    """Every string field set to long hostile text; the other required fields to plausible values."""
    values: dict[str, Any] = {}
    for name, prop in body.get("properties", {}).items():
        kinds = _kinds(prop)
        if "string:" in kinds and "enum" not in _resolve(prop):
            values[name] = HOSTILE_TEXT
        elif name in body.get("required", []):
            values[name] = _plausible(prop)
    return values


@pytest.fixture
def admin(org: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {org_services.token_issue(user=org['admin'])}"}


def _send(method: str, path: str, headers: dict[str, str], data: Any) -> Any:
    return getattr(Client(), method)(path, data=data, content_type="application/json", headers=headers)


def test_the_catalogue_reaches_every_write_operation() -> None:
    assert len(WRITES) > 50 and len(CREATES) > 20


def test_malformed_json_is_a_4xx_with_a_message_everywhere(admin: dict[str, str]) -> None:
    wrong = []
    for method, path, _body in WRITES:
        for raw in ('{"name": ', "[1, 2, 3]", '"text"', "null"):
            response = _send(method, _ids(path), admin, raw)
            if not (400 <= response.status_code < 500 and "detail" in response.json()):
                wrong.append((method, path, raw, response.status_code))
    assert not wrong


def test_long_hostile_text_in_every_field_of_every_create_is_refused_or_kept(admin: dict[str, str]) -> None:
    """No create answers 5xx: text over a field's length is refused naming the field, else stored."""
    wrong = []
    for method, path, body in CREATES:
        response = _send(method, path, admin, _hostile_body(body))
        if response.status_code >= 500:
            wrong.append((method, path, response.status_code))
        elif 400 <= response.status_code < 500 and response.status_code not in (403, 404, 409):
            payload = response.json()
            if "detail" not in payload:
                wrong.append((method, path, response.status_code, payload))
    assert not wrong


def _date_params() -> list[tuple[str, str]]:
    found = []
    for path, methods in SCHEMA["paths"].items():
        operation = methods.get("get")
        if operation is None:
            continue
        for param in operation.get("parameters", []):
            kinds = _kinds(param.get("schema", {}))
            if param["in"] == "query" and {"string:date", "string:date-time"} & kinds:
                found.append((path, param["name"]))
    return found


def test_impossible_dates_and_time_zones_in_filters_are_a_422_naming_the_parameter(
    admin: dict[str, str],
) -> None:
    wrong = []
    params = _date_params()
    assert params, "the catalogue should find date filters"
    for path, name in params:
        for moment in BAD_MOMENTS:
            response = Client().get(_ids(path), {name: moment}, headers=admin)
            if response.status_code != 422 and response.status_code != 404:
                wrong.append((path, name, moment, response.status_code))
    assert not wrong


def _text_filters() -> list[tuple[str, str]]:
    found = []
    for path, methods in SCHEMA["paths"].items():
        operation = methods.get("get")
        if operation is None or "{" in path:
            continue
        for param in operation.get("parameters", []):
            if param["in"] == "query" and "string:" in _kinds(param.get("schema", {})):
                found.append((path, param["name"]))
    return found


def test_sql_in_text_filters_is_just_text(admin: dict[str, str], org: dict[str, Any]) -> None:
    AccountFactory(owner=org["spec1"])
    wrong = []
    for path, name in _text_filters():
        for text in SQL_FILTERS:
            response = Client().get(path, {name: text}, headers=admin)
            if response.status_code >= 500:
                wrong.append((path, name, text, response.status_code))
    assert not wrong
    response = Client().get("/api/v1/accounts/", {"q": "' OR 1=1 --"}, headers=admin)
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_script_in_stored_text_is_shown_escaped(client: Any, org: dict[str, Any]) -> None:
    account = AccountFactory(
        owner=org["spec1"], name="<script>alert('x')</script>华夏集团", notes="<b>粗</b>"
    )
    client.force_login(org["manager1"])
    for url in (f"/accounts/{account.pk}/", "/accounts/?q=华夏"):
        html = client.get(url).content.decode()
        assert "<script>alert('x')</script>" not in html
        assert "&lt;script&gt;alert(" in html


SAFE_ALLOWED = {"templates/registration/password_change_form.html"}  # Django's own password help text


def test_no_template_or_code_switches_escaping_off() -> None:
    """Escaping is Django's default; a ``|safe`` or ``mark_safe`` needs a reason and a place in the list."""
    root = Path(__file__).resolve().parents[2] / "src" / "kam"
    offenders = []
    for file in [*root.rglob("*.html"), *root.rglob("*.py")]:
        text = file.read_text(encoding="utf-8")
        relative = str(file.relative_to(root))
        if (
            re.search(r"\|safe\b|autoescape off|mark_safe\(|SafeString\(", text)
            and relative not in SAFE_ALLOWED
        ):
            offenders.append(relative)
    assert not offenders
