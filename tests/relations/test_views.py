"""Pages of relationship management: the account panels, the assessment flow, lists and print forms."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kam.accounts.models import Account
from kam.relations import services
from kam.relations.models import Assessment
from tests.relations.conftest import MAINTAIN_SCORES, scores

pytestmark = pytest.mark.django_db


def _client(user: Any, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def test_account_page_shows_the_three_sections(org: dict[str, Any], account: Any, template: Any) -> None:
    services.assessment_create(
        actor=org["spec1"], account_id=account.pk, scores=scores(template, MAINTAIN_SCORES)
    )
    page = _client(org["spec1"]).get(reverse("accounts:detail", args=[account.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Awaiting confirmation: 77.50" in text
    assert reverse("relations:need_new", args=[account.pk]) in text
    assert reverse("relations:demand_new", args=[account.pk]) in text
    chinese = (
        _client(org["spec1"], "zh-hans").get(reverse("accounts:detail", args=[account.pk])).content.decode()
    )
    assert "关系评估" in chinese


def test_assess_and_confirm_in_pages(org: dict[str, Any], account: Any, template: Any) -> None:
    form: dict[str, Any] = {"assessed_on": "2026-11-20", "number": "GX-01", "suggestions": "维持现状"}
    for entry in scores(template, 50):
        form[f"score_{entry['indicator_id']}"] = "50"
    response = _client(org["spec1"]).post(reverse("relations:assessment_new", args=[account.pk]), form)
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.total, assessment.proposed, assessment.number) == (50, "terminate", "GX-01")
    manager = _client(org["manager1"])
    detail = manager.get(reverse("relations:assessment_detail", args=[assessment.pk])).content.decode()
    assert "Confirm the result" in detail
    url = reverse("relations:assessment_confirm", args=[assessment.pk])
    manager.post(url, {"result": "maintain", "reason": ""})
    assessment.refresh_from_db()
    assert assessment.status == "proposed"
    manager.post(url, {"result": "terminate", "reason": ""})
    assessment.refresh_from_db()
    assert (assessment.status, assessment.released) == ("confirmed", True)
    assert Account.objects.get(pk=account.pk).owner_id is None
    printed = manager.get(reverse("relations:assessment_print", args=[assessment.pk])).content.decode()
    assert "大客户关系评估表" in printed and "☑ 终结关系" in printed


def test_bad_score_in_the_page_names_the_field(org: dict[str, Any], account: Any, template: Any) -> None:
    form: dict[str, Any] = {"assessed_on": "2026-11-20"}
    for entry in scores(template, 80):
        form[f"score_{entry['indicator_id']}"] = "80"
    first = next(iter(scores(template, 80)))["indicator_id"]
    form[f"score_{first}"] = "120"
    response = _client(org["spec1"]).post(reverse("relations:assessment_new", args=[account.pk]), form)
    assert response.status_code == 200
    assert "must be between 0 and 100" in response.content.decode()
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    "name",
    [
        "relations:home",
        "relations:assessment_list",
        "relations:template_list",
        "relations:need_list",
        "relations:needs_print",
        "relations:demand_list",
        "relations:demand_print",
        "relations:note_list",
        "relations:directive_list",
        "relations:meeting_list",
        "relations:procedure_list",
    ],
)
def test_lists_open_in_both_languages(org: dict[str, Any], name: str) -> None:
    for language in ("en", "zh-hans"):
        assert _client(org["manager1"], language).get(reverse(name)).status_code == 200


def test_demand_page_shows_the_totals_chart(org: dict[str, Any], account: Any) -> None:
    services.demand_create(
        actor=org["spec1"], account_id=account.pk, product_type="铝锭", quantity=40, region="华东"
    )
    text = _client(org["manager1"]).get(reverse("relations:demand_list")).content.decode()
    assert "By product type" in text and "铝锭" in text and "width: 100%" in text


def test_procedure_page_lists_who_has_not_read(org: dict[str, Any]) -> None:
    version = services.procedure_publish(actor=org["manager1"], title="客户拜访规范", body="第一版")
    client = _client(org["spec1"])
    client.post(reverse("relations:procedure_acknowledge", args=[version.pk]))
    page = _client(org["manager1"]).get(reverse("relations:procedure_detail", args=[version.procedure_id]))
    text = page.content.decode()
    assert "Not yet acknowledged (2)" in text and org["spec2"].display_name in text


@pytest.mark.parametrize(
    ("language", "refusal"),
    [
        ("en", "must total 100 (they total 90)"),
        # F4: the constant is translated first, then filled in with the total.
        ("zh-hans", "评估指标的权重合计必须为 100（当前合计为 90）。"),
    ],
)
def test_template_page_refuses_weights_not_totalling_100(
    org: dict[str, Any], language: str, refusal: str
) -> None:
    data = {
        "name": "测试模板",
        "standard_score": "70",
        "develop_at": "80",
        "terminate_below": "60",
        "grades": "A | 90\nB | 0",
        "indicators": "采购量 | 60\n回款 | 30",
    }
    response = _client(org["manager1"], language).post(reverse("relations:template_new"), data)
    assert response.status_code == 200
    assert refusal in response.content.decode()
    assert _client(org["spec1"]).get(reverse("relations:template_new")).status_code == 403
