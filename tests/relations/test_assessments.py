"""Relationship assessments (D12): scoring, proposing, confirming, overriding and releasing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kam.accounts.models import Account, AccountOwnership
from kam.core.errors import Conflict, Forbidden, ValidationFailed
from kam.notify.models import Notification
from kam.relations import rules, selectors, services
from kam.relations.models import Assessment, AssessmentTemplate
from kam.relations.services import assessments
from tests.relations.conftest import MAINTAIN_SCORES, scores

pytestmark = pytest.mark.django_db


def test_the_default_template_is_seeded(template: AssessmentTemplate) -> None:
    weights = [i.weight for i in template.indicators.all()]
    assert sum(weights) == Decimal(100) and len(weights) == 8
    assert (template.standard_score, template.develop_at, template.terminate_below) == (70, 80, 60)


def test_an_assessment_is_graded_totalled_and_proposed(
    org: dict[str, Any], account: Any, template: Any
) -> None:
    a = services.assessment_create(
        actor=org["spec1"],
        account_id=account.pk,
        scores=scores(template, MAINTAIN_SCORES),
        suggestions="加强拜访",
    )
    a.refresh_from_db()
    assert (a.total, a.standard_score, a.proposed, a.status, a.result) == (
        Decimal("77.50"),
        Decimal("70.00"),
        "maintain",
        "proposed",
        "",
    )
    assert a.difference == Decimal("7.50")
    rows = list(a.scores.order_by("order"))
    assert [r.grade for r in rows] == ["A", "B", "C", "C", "B", "B", "A", "D"]
    assert [r.points for r in rows][:3] == [Decimal("18.00"), Decimal("12.00"), Decimal("10.50")]
    assert (a.owner, a.department_id) == (org["spec1"], org["ka1"].pk)
    assert a.history.count() == 1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (101, rules.SCORE_OUT_OF_SCALE.format(name="采购量")),
        (-5, rules.SCORE_OUT_OF_SCALE.format(name="采购量")),
    ],
)
def test_scores_outside_the_scale_write_nothing(
    org: dict[str, Any], account: Any, template: Any, values: int, message: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.assessment_create(actor=org["spec1"], account_id=account.pk, scores=scores(template, values))
    assert (refused.value.message, refused.value.field) == (message, "scores")
    assert not Assessment.objects.exists()


def test_every_indicator_needs_a_score(org: dict[str, Any], account: Any, template: Any) -> None:
    partial = scores(template, 80)[:-1]
    with pytest.raises(ValidationFailed) as refused:
        services.assessment_create(actor=org["spec1"], account_id=account.pk, scores=partial)
    assert refused.value.message == rules.SCORE_MISSING.format(names="业界地位")


def test_another_specialist_cannot_assess(org: dict[str, Any], account: Any, template: Any) -> None:
    from kam.core.errors import NotFound

    with pytest.raises(NotFound):
        services.assessment_create(actor=org["spec2"], account_id=account.pk, scores=scores(template, 80))


def _assessed(org: dict[str, Any], account: Any, template: Any, value: int | list[int]) -> Assessment:
    return services.assessment_create(
        actor=org["spec1"], account_id=account.pk, scores=scores(template, value)
    )


def test_the_manager_confirms_the_proposal(org: dict[str, Any], account: Any, template: Any) -> None:
    a = _assessed(org, account, template, 85)
    services.assessment_confirm(actor=org["manager1"], assessment=a, result="develop")
    a.refresh_from_db()
    assert (a.status, a.result, a.confirmed_by, a.released, a.overridden) == (
        "confirmed",
        "develop",
        org["manager1"],
        False,
        False,
    )
    assert Notification.objects.filter(recipient=org["spec1"], kind="relations.assessment").exists()
    with pytest.raises(Conflict) as again:
        services.assessment_confirm(actor=org["manager1"], assessment=a, result="develop")
    assert again.value.message == assessments.ALREADY_CONFIRMED


def test_an_override_needs_a_reason_and_writes_nothing_without(
    org: dict[str, Any], account: Any, template: Any
) -> None:
    a = _assessed(org, account, template, 50)
    assert a.proposed == "terminate"
    with pytest.raises(ValidationFailed) as refused:
        services.assessment_confirm(actor=org["manager1"], assessment=a, result="maintain", reason=" ")
    assert (refused.value.message, refused.value.field) == (assessments.REASON_REQUIRED, "reason")
    a.refresh_from_db()
    assert (a.status, a.result) == ("proposed", "")
    services.assessment_confirm(
        actor=org["manager1"], assessment=a, result="maintain", reason="新项目正在谈判"
    )
    a.refresh_from_db()
    assert (a.result, a.reason, a.overridden) == ("maintain", "新项目正在谈判", True)
    account.refresh_from_db()
    assert (account.owner, account.status) == (org["spec1"], "active")


def test_a_specialist_cannot_confirm(org: dict[str, Any], account: Any, template: Any) -> None:
    a = _assessed(org, account, template, 85)
    with pytest.raises(Forbidden):
        services.assessment_confirm(actor=org["spec1"], assessment=a, result="develop")


def test_confirmed_terminate_releases_the_account(org: dict[str, Any], account: Any, template: Any) -> None:
    a = _assessed(org, account, template, 40)
    services.assessment_confirm(actor=org["manager1"], assessment=a, result="terminate")
    a.refresh_from_db()
    account = Account.objects.get(pk=account.pk)
    assert a.released and a.result == "terminate"
    assert (account.owner_id, account.status, account.department_id) == (None, "terminated", org["ka1"].pk)
    release = AccountOwnership.objects.filter(account=account).latest("pk")
    assert release.kind == "released" and f"#{a.pk}" in release.reason


def test_overriding_to_terminate_also_releases(org: dict[str, Any], account: Any, template: Any) -> None:
    a = _assessed(org, account, template, 70)
    services.assessment_confirm(
        actor=org["manager1"], assessment=a, result="terminate", reason="长期拖欠货款"
    )
    account.refresh_from_db()
    assert (account.owner_id, account.status) == (None, "terminated")


def test_standing_shows_latest_result_and_trend(org: dict[str, Any], account: Any, template: Any) -> None:
    first = _assessed(org, account, template, 70)
    services.assessment_confirm(actor=org["manager1"], assessment=first, result="maintain")
    second = _assessed(org, account, template, 85)
    standing = selectors.account_standing(account)
    assert standing.latest == first  # the newer one still waits for confirmation
    assert standing.trend == "up"
    services.assessment_confirm(actor=org["manager1"], assessment=second, result="develop")
    assert selectors.account_standing(account).latest == second


def test_templates_are_edited_by_managers_with_weights_totalling_100(org: dict[str, Any]) -> None:
    values = {
        "name": "渠道客户评估",
        "standard_score": 65,
        "develop_at": 75,
        "terminate_below": 55,
        "grades": [["优", 85], ["良", 70], ["中", 0]],
        "indicators": [{"name": "销量", "weight": 60}, {"name": "回款", "weight": 40}],
    }
    with pytest.raises(Forbidden):
        services.template_create(actor=org["spec1"], **values)
    bad = {**values, "indicators": [{"name": "销量", "weight": 60}, {"name": "回款", "weight": 30}]}
    with pytest.raises(ValidationFailed) as refused:
        services.template_create(actor=org["manager1"], **bad)
    assert refused.value.message == rules.WEIGHTS_NOT_100.format(total="90")
    assert not AssessmentTemplate.objects.filter(name="渠道客户评估").exists()
    created = services.template_create(actor=org["manager1"], **values)
    assert [i.weight for i in created.indicators.all()] == [60, 40]
    assert created.grades == [["优", "85"], ["良", "70"], ["中", "0"]]
    services.template_update(actor=org["manager1"], template=created, is_default=True)
    assert list(AssessmentTemplate.objects.filter(is_default=True)) == [created]
