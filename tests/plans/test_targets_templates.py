"""Pages and services of annual targets and scorecard templates, with their history (A2b, B3, B4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from kam.core.errors import Forbidden, ValidationFailed
from kam.plans import rules, services
from kam.plans.models import AnnualTarget, DepartmentTemplate, Scorecard, ScorecardTemplate
from kam.plans.services import targets as target_services

pytestmark = pytest.mark.django_db

FORM_2 = "客户专人月度考核表（表二）"


def client_for(user: Any, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def test_targets_page_sets_totals_and_the_split_of_one_measure(org: dict[str, Any]) -> None:
    spec1, spec2 = org["spec1"], org["spec2"]
    client = client_for(org["manager1"])
    page = client.get("/plans/targets/?year=2027")
    assert page.status_code == 200 and spec1.display_name in page.content.decode()
    response = client.post(
        "/plans/targets/",
        {
            "department": org["ka1"].pk,
            "year": "2027",
            "metric": "visits",
            "visits": "480",
            "expansions": "40",
            "deals": "24",
            f"s_{spec1.pk}_1": "20",
            f"s_{spec1.pk}_2": "22",
            f"s_{spec2.pk}_1": "18",
        },
    )
    assert response.status_code == 302
    target = AnnualTarget.objects.get(department=org["ka1"], year=2027)
    assert (target.visits, target.expansions, target.deals) == (480, 40, 24)
    assert target.split[str(spec1.pk)]["1"] == {"visits": 20, "expansions": 0, "deals": 0}
    assert target.split[str(spec1.pk)]["2"]["visits"] == 22
    assert target.split[str(spec2.pk)]["1"]["visits"] == 18
    # Editing another measure keeps the visits split.
    client.post(
        "/plans/targets/",
        {
            "department": org["ka1"].pk,
            "year": "2027",
            "metric": "deals",
            "visits": "480",
            "expansions": "40",
            "deals": "24",
            f"s_{spec1.pk}_1": "2",
        },
    )
    target.refresh_from_db()
    assert target.split[str(spec1.pk)]["1"] == {"visits": 20, "expansions": 0, "deals": 2}
    assert target.history.count() == 2
    page = client.get(f"/plans/targets/?year=2027&department={org['ka1'].pk}").content.decode()
    assert "allotted 60" in page and "left 420" in page and 'id="history"' in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("visits", "-3", target_services.BAD_TARGET),
        ("visits", "2.5", target_services.BAD_TARGET),
        ("split", "abc", target_services.BAD_TARGET),
        ("split", "999", target_services.SPLIT_OVER_TARGET),
    ],
)
def test_targets_page_refuses_bad_numbers_and_writes_nothing(
    org: dict[str, Any], field: str, value: str, message: str
) -> None:
    spec1 = org["spec1"]
    data = {"department": org["ka1"].pk, "year": "2027", "metric": "visits", "visits": "480"}
    data["visits" if field == "visits" else f"s_{spec1.pk}_3"] = value
    response = client_for(org["manager1"]).post("/plans/targets/", data, follow=True)
    assert message in response.content.decode()
    assert not AnnualTarget.objects.exists()


def test_targets_page_is_read_only_outside_ones_department(org: dict[str, Any]) -> None:
    assert client_for(org["regional"]).get("/plans/targets/").status_code == 200
    response = client_for(org["regional"]).post(
        "/plans/targets/", {"department": org["ka1"].pk, "year": "2027", "visits": "1"}
    )
    assert response.status_code == 403
    assert client_for(org["spec1"]).get("/plans/targets/").status_code == 403
    assert not AnnualTarget.objects.exists()


def test_a_split_naming_someone_outside_the_department_is_refused(org: dict[str, Any]) -> None:
    with pytest.raises(ValidationFailed) as info:
        services.target_set(
            actor=org["manager1"],
            department_id=org["ka1"].pk,
            year=2027,
            visits=10,
            expansions=0,
            deals=0,
            split={str(org["spec3"].pk): {"1": {"visits": 1}}},
        )
    assert info.value.message == target_services.SPLIT_NOT_SPECIALIST
    assert not AnnualTarget.objects.exists()


def test_template_page_saves_a_new_version_from_an_old_one(org: dict[str, Any]) -> None:
    form_1 = ScorecardTemplate.objects.get(is_default=True)
    client = client_for(org["manager1"])
    page = client.get(f"/plans/templates/new/?from={form_1.pk}")
    assert page.status_code == 200 and 'value="daily_work"' in page.content.decode()
    data: dict[str, str] = {"name": form_1.name, "is_default": "on", "row_count": "5"}
    rows = [
        ("visits", "30", "counted", "visits", "120"),
        ("expansion", "30", "counted", "expansion", "100"),
        ("deals", "30", "counted", "deals", "100"),
        ("daily_work", "10", "manual", "", "100"),
    ]
    for i, (code, weight, kind, source, cap) in enumerate(rows):
        data |= {f"r{i}_code": code, f"r{i}_weight": weight, f"r{i}_kind": kind}
        data |= {f"r{i}_source": source, f"r{i}_cap": cap, f"r{i}_label_zh": code}
    response = client.post("/plans/templates/new/", data)
    assert response.status_code == 302
    new = ScorecardTemplate.objects.get(name=form_1.name, version=form_1.version + 1)
    assert [(r["code"], r["weight"], r["cap"]) for r in new.rows] == [
        ("visits", "30", "120"),
        ("expansion", "30", "100"),
        ("deals", "30", "100"),
        ("daily_work", "10", "100"),
    ]
    assert new.is_default and not ScorecardTemplate.objects.get(pk=form_1.pk).is_default
    assert "v2" in client.get("/plans/templates/").content.decode()


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        (("40", "25", "20", "10"), rules.WEIGHTS_NOT_100),
        (("40", "25", "20", "14.5"), rules.NOT_WHOLE),
        (("40", "25", "20", "x"), rules.NOT_WHOLE),
    ],
)
def test_template_page_refuses_bad_weights(
    org: dict[str, Any], weights: tuple[str, ...], message: str
) -> None:
    data: dict[str, str] = {"name": "测试表", "row_count": "4"}
    for i, weight in enumerate(weights):
        data |= {f"r{i}_code": f"row{i}", f"r{i}_weight": weight, f"r{i}_kind": "manual"}
    before = ScorecardTemplate.objects.count()
    response = client_for(org["manager1"]).post("/plans/templates/new/", data, follow=True)
    assert message in response.content.decode()
    assert ScorecardTemplate.objects.count() == before


def test_template_rules_refuse_fractional_weights_through_the_service(org: dict[str, Any]) -> None:
    with pytest.raises(ValidationFailed) as info:
        services.template_create(
            actor=org["manager1"],
            name="x",
            rows=[{"code": "a", "weight": "50.5", "kind": "manual"}, {"code": "b", "weight": "49.5"}],
        )
    assert info.value.message == rules.NOT_WHOLE


def test_a_department_uses_its_own_template_from_the_next_new_month(org: dict[str, Any]) -> None:
    ka1 = org["ka1"]
    services.scorecard_compute(department_id=ka1.pk, month=date(2026, 11, 1))
    response = client_for(org["manager1"]).post(
        "/plans/templates/assign/", {"department": ka1.pk, "template_name": FORM_2}
    )
    assert response.status_code == 302
    assigned = DepartmentTemplate.objects.get(department=ka1)
    assert assigned.template_name == FORM_2
    cards = services.scorecard_compute(department_id=ka1.pk, month=date(2026, 12, 1))
    assert {c.scorecard.template_name for c in cards} == {FORM_2}
    assert next(r["code"] for r in cards[0].rows) == "business_management"
    # the month already started keeps form 1; another department keeps the default
    assert set(Scorecard.objects.filter(month=date(2026, 11, 1)).values_list("template_name", flat=True)) == {
        "客户专人月度考核表（表一）"
    }
    other = services.scorecard_compute(department_id=org["ka2"].pk, month=date(2026, 12, 1))
    assert {c.scorecard.template_name for c in other} == {"客户专人月度考核表（表一）"}
    # back to the default, with the change in the assignment's history
    services.template_assign(actor=org["manager1"], department_id=ka1.pk, template_name="")
    assert not DepartmentTemplate.objects.filter(department=ka1).exists()
    assert DepartmentTemplate.all_objects.get(department=ka1).history.count() == 2
    assert Decimal(str(cards[0].total)) == Decimal("0.00")


def test_only_the_departments_manager_assigns_a_template(org: dict[str, Any]) -> None:
    with pytest.raises(Forbidden):
        services.template_assign(actor=org["manager2"], department_id=org["ka1"].pk, template_name=FORM_2)
    with pytest.raises(ValidationFailed) as info:
        services.template_assign(actor=org["manager1"], department_id=org["ka1"].pk, template_name="无此表")
    assert info.value.field == "template_name"
    response = client_for(org["manager2"]).post(
        "/plans/templates/assign/", {"department": org["ka1"].pk, "template_name": FORM_2}
    )
    assert response.status_code == 403
    assert not DepartmentTemplate.objects.exists()
