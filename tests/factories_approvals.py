"""Fixtures' helpers for the approval engine and tours: the rulebook's chains, approvers, areas, tours."""

from __future__ import annotations

import importlib
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from django.apps import apps

from kam.approvals.models import ApprovalChain, ChainStep, ChainVersion
from kam.core import clock
from kam.org.models import Post
from kam.tours import services as tours
from kam.tours.models import FacilityArea, TourApplication
from tests.factories import DepartmentFactory, UserFactory

_SEED = importlib.import_module("kam.approvals.migrations.0002_default_chains")


def ensure_default_chains() -> None:
    """Make sure the rulebook's chains exist (a transactional test elsewhere may have flushed them)."""
    _SEED.seed(apps, None)


def ensure_posts() -> None:
    """Make sure the posts exist (a flush by a transactional test removes the migration's rows)."""
    for order, code in enumerate(
        ["company_office", "general_manager", "finance", "cs_manager", "ka_manager"]
    ):
        Post.objects.get_or_create(code=code, defaults={"name_zh": code, "name_en": code, "order": order})


def make_chain(code: str, steps: list[dict[str, Any]], *, name: str = "") -> ApprovalChain:
    """Create a chain with version 1 made of ``steps`` (dicts of ChainStep fields, order implied)."""
    chain = ApprovalChain.objects.create(code=code, name=name or code)
    add_version(chain, steps)
    return chain


def add_version(chain: ApprovalChain, steps: list[dict[str, Any]], note: str = "") -> ChainVersion:
    newest = chain.versions.order_by("-number").first()
    version = ChainVersion.objects.create(chain=chain, number=(newest.number + 1) if newest else 1, note=note)
    for order, fields in enumerate(steps, start=1):
        ChainStep.objects.create(version=version, order=order, **fields)
    return version


def approvers(org: dict[str, Any]) -> dict[str, Any]:
    """Add the approvers of the rulebook's chains to the ``org`` fixture's company."""
    cs = DepartmentFactory(name="客户服务部")
    office = DepartmentFactory(name="公司办公室")
    gm_office = DepartmentFactory(name="总经理办公室")
    finance = DepartmentFactory(name="财务部")
    return {
        **org,
        "cs": cs,
        "office_department": office,
        "cs_manager": UserFactory(username="csmanager", department=cs, posts=["cs_manager"]),
        "gm": UserFactory(username="gm", department=gm_office, posts=["general_manager"]),
        "finance": UserFactory(username="finance", department=finance, posts=["finance"]),
        "office": UserFactory(username="office", department=office, posts=["company_office"]),
        "office2": UserFactory(username="office2", department=office, posts=["company_office"]),
    }


def areas() -> dict[str, FacilityArea]:
    return {
        "hall": FacilityArea.objects.create(name="展厅", order=1),
        "workshop": FacilityArea.objects.create(name="装配车间", is_workshop=True, order=2),
        "electrolysis": FacilityArea.objects.create(
            name="电解车间", is_workshop=True, is_magnet_sensitive=True, order=3
        ),
        "power": FacilityArea.objects.create(
            name="动力车间", is_workshop=True, is_magnet_sensitive=True, order=4
        ),
        "chemicals": FacilityArea.objects.create(name="危化品仓库", is_restricted=True, order=5),
    }


def tour_fields(route: list[int], **overrides: Any) -> dict[str, Any]:
    visitors = overrides.pop("visitors", None) or [
        {"name": "王总", "organisation": "华夏集团", "title": "总经理"},
        {"name": "李工", "title": "工程师"},
    ]
    fields: dict[str, Any] = {
        "organisation": "华夏集团有限公司",
        "headcount": len(visitors),
        "visit_date": clock.local_today() + timedelta(days=7),
        "start_time": time(9, 30),
        "end_time": time(11, 0),
        "purpose": "考察生产线",
        "route": route,
        "visitors": visitors,
    }
    fields.update(overrides)
    return fields


def make_tour(applicant: Any, route: list[int], **overrides: Any) -> TourApplication:
    return tours.tour_create(actor=applicant, **tour_fields(route, **overrides))


def future(days: int = 7) -> date:
    return clock.local_today() + timedelta(days=days)


AMOUNT = Decimal("3200.00")
