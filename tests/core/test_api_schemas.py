"""The OpenAPI document names every schema once: two apps' classes of one name would share a component."""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema

from kam.api import api


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


def test_no_two_api_schemas_share_a_name() -> None:
    api.get_openapi_schema()  # imports every router's schemas
    owners: dict[str, set[str]] = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("kam."):
            owners[cls.__name__].add(cls.__module__)
    shared = {name: modules for name, modules in owners.items() if len(modules) > 1}
    assert not shared, f"rename one of each: {shared}"
