"""Plans and scorecards through the services: stored state and history (B1–B8)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from kam.core.errors import Conflict, Forbidden, ValidationFailed
from kam.plans import rules, services, sources
from kam.plans.models import ManualScore, MonthlyPlan, PlanStatus, Scorecard, ScorecardAdjustment
from kam.plans.services import plans as plan_services
from kam.plans.services import scorecards as card_services
from tests.factories_accounts import AccountFactory, DealFactory
from tests.plans.conftest import MONTH, SHANGHAI

pytestmark = pytest.mark.django_db


def submit(user: Any, month: str = "2026-12", v: int = 40, e: int = 4, d: int = 2, **kw: Any) -> MonthlyPlan:
    return services.plan_submit(actor=user, month=month, visits=v, expansions=e, deals=d, **kw)


def test_plan_before_the_deadline_is_on_time(org: dict[str, Any], at: Any) -> None:
    at(2026, 11, 30, 18, 0)
    plan = submit(org["spec1"])
    plan.refresh_from_db()
    assert plan.deadline == datetime(2026, 11, 30, 23, 59, 59, tzinfo=SHANGHAI)
    assert (plan.late, plan.status, plan.department_id) == (False, PlanStatus.SUBMITTED, org["ka1"].pk)
    assert (plan.visits, plan.expansions, plan.deals) == (40, 4, 2)
    assert plan.history.first().history_user == org["spec1"]


def test_plan_after_the_deadline_is_accepted_and_late(org: dict[str, Any], at: Any) -> None:
    at(2026, 12, 1, 0, 0, 5)
    plan = submit(org["spec1"])
    assert MonthlyPlan.objects.get(pk=plan.pk).late is True


def test_february_2026_deadline_is_saturday_the_28th(org: dict[str, Any], at: Any) -> None:
    at(2026, 2, 28, 20, 0)
    plan = submit(org["spec1"], month="2026-03")
    assert plan.deadline.astimezone(SHANGHAI).date() == date(2026, 2, 28)
    assert plan.late is False


@pytest.mark.parametrize(
    ("field", "kw"), [("visits", {"v": 0}), ("expansions", {"e": -2}), ("deals", {"d": 0})]
)
def test_a_plan_of_zero_or_less_is_refused(org: dict[str, Any], field: str, kw: dict[str, int]) -> None:
    with pytest.raises(ValidationFailed) as info:
        submit(org["spec1"], **kw)
    assert (info.value.message, info.value.field) == (rules.PLAN_NOT_POSITIVE, field)
    assert not MonthlyPlan.objects.exists()


@pytest.mark.parametrize("month", ["2026-13", "2026/12", "12-2026", ""])
def test_a_bad_month_is_refused(org: dict[str, Any], month: str) -> None:
    with pytest.raises(ValidationFailed):
        submit(org["spec1"], month=month)
    assert not MonthlyPlan.objects.exists()


def test_a_second_plan_for_the_month_is_a_conflict(org: dict[str, Any]) -> None:
    submit(org["spec1"])
    with pytest.raises(Conflict) as info:
        submit(org["spec1"], v=50)
    assert info.value.message == plan_services.PLAN_EXISTS
    assert MonthlyPlan.objects.get().visits == 40


def test_a_manager_plans_for_a_specialist_of_the_department_only(org: dict[str, Any]) -> None:
    plan = submit(org["manager1"], specialist_id=org["spec2"].pk)
    assert plan.specialist == org["spec2"]
    assert plan.history.first().history_user == org["manager1"]
    with pytest.raises(Forbidden):
        submit(org["manager1"], specialist_id=org["spec3"].pk)
    with pytest.raises(Forbidden):
        submit(org["spec1"], specialist_id=org["spec2"].pk)


def test_a_non_specialist_cannot_plan_for_themselves(org: dict[str, Any]) -> None:
    with pytest.raises(Forbidden):
        submit(org["manager1"])


def test_approve_and_return_then_resubmit(org: dict[str, Any]) -> None:
    plan = submit(org["spec1"])
    with pytest.raises(ValidationFailed):
        services.plan_return(actor=org["manager1"], plan_id=plan.pk, comment=" ")
    with pytest.raises(Forbidden):
        services.plan_return(actor=org["manager2"], plan_id=plan.pk, comment="too low")
    services.plan_return(actor=org["manager1"], plan_id=plan.pk, comment="拜访计划偏低")
    plan.refresh_from_db()
    assert (plan.status, plan.comment) == (PlanStatus.RETURNED, "拜访计划偏低")
    assert plan.history.first().history_user == org["manager1"]
    again = submit(org["spec1"], v=60)
    assert (again.pk, again.visits, again.status) == (plan.pk, 60, PlanStatus.SUBMITTED)
    services.plan_approve(actor=org["manager1"], plan_id=plan.pk)
    assert MonthlyPlan.objects.get(pk=plan.pk).status == PlanStatus.APPROVED
    with pytest.raises(Conflict):
        services.plan_approve(actor=org["manager1"], plan_id=plan.pk)


def test_targets_and_templates(org: dict[str, Any]) -> None:
    split = {str(org["spec1"].pk): {"12": {"visits": 40, "expansions": 3, "deals": 2}}}
    target = services.target_set(
        actor=org["manager1"],
        department_id=org["ka1"].pk,
        year=2026,
        visits=480,
        expansions=40,
        deals=24,
        split=split,
    )
    assert target.split[str(org["spec1"].pk)]["12"]["visits"] == 40
    with pytest.raises(Forbidden):
        services.target_set(
            actor=org["manager2"], department_id=org["ka1"].pk, year=2026, visits=1, expansions=1, deals=1
        )
    with pytest.raises(ValidationFailed):
        services.template_create(
            actor=org["manager1"], name="x", rows=[{"code": "a", "weight": "90", "kind": "manual"}]
        )
    template = services.template_create(
        actor=org["admin"],
        name="客户专人月度考核表（表二）",
        rows=[{"code": "a", "weight": "100", "kind": "manual"}],
    )
    assert template.version == 2
    with pytest.raises(Forbidden):
        services.template_create(
            actor=org["spec1"], name="x", rows=[{"code": "a", "weight": "100", "kind": "manual"}]
        )


def _records(org: dict[str, Any]) -> None:
    """spec1: 3 accounts developed in December, 2 deals; spec2: 1 account, 0 deals."""
    for day in (1, 15, 31):
        AccountFactory(owner=org["spec1"], developed_at=date(2026, 12, day))
    AccountFactory(owner=org["spec1"], developed_at=date(2027, 1, 1))  # next month: not counted
    AccountFactory(owner=org["spec2"], developed_at=date(2026, 12, 2))
    account = AccountFactory(owner=org["spec1"], developed_at=date(2025, 1, 1))
    DealFactory(account=account, occurred_at=datetime(2026, 12, 1, 0, 30, tzinfo=SHANGHAI))
    DealFactory(account=account, occurred_at=datetime(2026, 12, 31, 23, 30, tzinfo=SHANGHAI))
    DealFactory(account=account, occurred_at=datetime(2026, 11, 30, 23, 59, tzinfo=SHANGHAI))  # November


def test_scorecards_computed_from_the_records(org: dict[str, Any], fake_visits: dict[int, int]) -> None:
    _records(org)
    submit(org["spec1"], v=40, e=4, d=2)
    submit(org["spec2"], v=20, e=2, d=1)
    fake_visits[org["spec1"].pk] = 30
    fake_visits[org["spec2"].pk] = 25
    cards = services.scorecard_compute(department_id=org["ka1"].pk, month=MONTH)
    by_user = {c.user_id: c for c in cards}
    one, two = by_user[org["spec1"].pk], by_user[org["spec2"].pk]
    # spec1: visits 30/40 → 30.00; expansion 3/4 → 18.75; deals 2/2 → 20.00; daily 0 → 80.75... minus 0
    assert [r["actual"] for r in one.rows[:3]] == ["30", "3", "2"]
    assert [r["score"] for r in one.rows] == ["30.00", "18.75", "20.00", "0.00"]
    assert one.total == Decimal("68.75")
    # spec2: visits 25/20 capped → 40.00; expansion 1/2 → 12.50; deals 0/1 → 0.00
    assert two.total == Decimal("52.50")
    assert (one.rank, two.rank) == (1, 2)
    assert Scorecard.objects.filter(month=MONTH, department=org["ka1"]).count() == 2
    assert Scorecard.objects.get(specialist=org["spec1"]).history.count() == 1


def test_without_a_visits_source_the_row_is_zero_and_flagged(
    org: dict[str, Any], no_visits_source: None
) -> None:
    submit(org["spec1"])
    cards = services.scorecard_compute(department_id=org["ka1"].pk, month=MONTH)
    card = next(c for c in cards if c.user_id == org["spec1"].pk)
    assert card.missing_sources == ["visits"]
    assert card.rows[0]["available"] is False and card.rows[0]["score"] == "0.00"


def test_deductions_are_listed_and_subtracted(org: dict[str, Any], fake_visits: dict[int, int]) -> None:
    submit(org["spec1"], v=10, e=1, d=1)
    fake_visits[org["spec1"].pk] = 10
    AccountFactory(owner=org["spec1"], developed_at=date(2026, 12, 5))
    item = sources.Deduction("repeat_complaint", "再次投诉", Decimal("5"), "/service/1/", date(2026, 12, 3))
    sources.register_deductions(
        "test", lambda ids, start, end: {org["spec1"].pk: [item]} if start == MONTH else {}
    )
    card = next(
        c
        for c in services.scorecard_compute(department_id=org["ka1"].pk, month=MONTH)
        if c.user_id == org["spec1"].pk
    )
    assert card.deductions == [
        {
            "code": "repeat_complaint",
            "label": "再次投诉",
            "points": "5.00",
            "link": "/service/1/",
            "occurred_on": "2026-12-03",
        }
    ]
    assert card.total == Decimal("60.00")  # 40 + 25 + 0 (no deal) − 5


def test_manual_scores_by_the_manager_only(org: dict[str, Any], fake_visits: dict[int, int]) -> None:
    cards = services.scorecard_compute(department_id=org["ka1"].pk, month=MONTH)
    sc = next(c.scorecard for c in cards if c.user_id == org["spec1"].pk)
    with pytest.raises(Forbidden) as info:
        services.scorecard_manual_scores(actor=org["spec1"], scorecard_id=sc.pk, scores={"daily_work": 100})
    assert info.value.message == card_services.SELF_SCORING
    with pytest.raises(Forbidden):
        services.scorecard_manual_scores(
            actor=org["manager2"], scorecard_id=sc.pk, scores={"daily_work": 100}
        )
    with pytest.raises(ValidationFailed) as bad:
        services.scorecard_manual_scores(
            actor=org["manager1"], scorecard_id=sc.pk, scores={"daily_work": 101}
        )
    assert bad.value.field == "scores.daily_work"
    with pytest.raises(ValidationFailed):
        services.scorecard_manual_scores(actor=org["manager1"], scorecard_id=sc.pk, scores={"visits": 50})
    assert not ManualScore.objects.exists()
    services.scorecard_manual_scores(actor=org["manager1"], scorecard_id=sc.pk, scores={"daily_work": 90})
    mark = ManualScore.objects.get()
    assert (mark.score, mark.scored_by, mark.history.first().history_user) == (
        Decimal(90),
        org["manager1"],
        org["manager1"],
    )
    card = next(
        c
        for c in services.scorecard_compute(department_id=org["ka1"].pk, month=MONTH)
        if c.scorecard.pk == sc.pk
    )
    assert card.row("daily_work")["score"] == "13.50"


def test_adjust_needs_a_reason_and_is_kept(org: dict[str, Any], fake_visits: dict[int, int]) -> None:
    submit(org["spec1"], v=10)
    fake_visits[org["spec1"].pk] = 5
    sc = next(
        c.scorecard
        for c in services.scorecard_compute(department_id=org["ka1"].pk, month=MONTH)
        if c.user_id == org["spec1"].pk
    )
    with pytest.raises(ValidationFailed) as info:
        services.scorecard_adjust(
            actor=org["manager1"], scorecard_id=sc.pk, code="visits", score="30", reason=""
        )
    assert info.value.message == card_services.REASON_REQUIRED
    with pytest.raises(ValidationFailed):
        services.scorecard_adjust(
            actor=org["manager1"], scorecard_id=sc.pk, code="visits", score="41", reason="x"
        )
    adj = services.scorecard_adjust(
        actor=org["manager1"], scorecard_id=sc.pk, code="visits", score="30", reason="系统漏记拜访"
    )
    assert (adj.old, adj.new, adj.reason) == (Decimal("20.00"), Decimal("30.00"), "系统漏记拜访")
    assert ScorecardAdjustment.objects.get().history.first().history_user == org["manager1"]
    card = next(
        c
        for c in services.scorecard_compute(department_id=org["ka1"].pk, month=MONTH)
        if c.scorecard.pk == sc.pk
    )
    assert (card.row("visits")["score"], card.row("visits")["computed_score"]) == ("30.00", "20.00")


def test_a_locked_scorecard_never_changes(org: dict[str, Any], fake_visits: dict[int, int]) -> None:
    submit(org["spec1"], v=10, e=1, d=1)
    fake_visits[org["spec1"].pk] = 5
    sc = next(
        c.scorecard
        for c in services.scorecard_compute(department_id=org["ka1"].pk, month=MONTH)
        if c.user_id == org["spec1"].pk
    )
    services.scorecard_lock(actor=org["manager1"], scorecard_id=sc.pk)
    sc.refresh_from_db()
    assert (sc.status, sc.locked_by, sc.total) == ("locked", org["manager1"], Decimal("20.00"))
    assert sc.history.first().history_user == org["manager1"]
    # records change afterwards: more visits, a new account, a new template version
    fake_visits[org["spec1"].pk] = 10
    AccountFactory(owner=org["spec1"], developed_at=date(2026, 12, 9))
    card = next(
        c
        for c in services.scorecard_compute(department_id=org["ka1"].pk, month=MONTH)
        if c.scorecard.pk == sc.pk
    )
    assert card.total == Decimal("20.00")
    assert card.row("visits")["actual"] == "5"
    with pytest.raises(Conflict):
        services.scorecard_manual_scores(actor=org["manager1"], scorecard_id=sc.pk, scores={"daily_work": 90})
    with pytest.raises(Conflict) as info:
        submit(org["spec1"], month="2026-12")
    assert info.value.message in (plan_services.MONTH_LOCKED, plan_services.PLAN_EXISTS)


def test_a_plan_for_a_locked_month_is_refused(org: dict[str, Any]) -> None:
    services.scorecard_lock_month(actor=org["manager1"], department_id=org["ka1"].pk, month=MONTH)
    with pytest.raises(Conflict) as info:
        submit(org["spec1"])
    assert info.value.message == plan_services.MONTH_LOCKED
    assert not MonthlyPlan.objects.exists()


def test_lock_month_freezes_all_and_the_ranking(org: dict[str, Any], fake_visits: dict[int, int]) -> None:
    submit(org["spec1"], v=10)
    submit(org["spec2"], v=10)
    fake_visits.update({org["spec1"].pk: 10, org["spec2"].pk: 10})
    assert services.scorecard_lock_month(actor=org["manager1"], department_id=org["ka1"].pk, month=MONTH) == 2
    assert list(Scorecard.objects.filter(month=MONTH).values_list("rank", flat=True)) == [1, 1]
    with pytest.raises(Forbidden):
        services.scorecard_lock_month(actor=org["manager2"], department_id=org["ka1"].pk, month=MONTH)


def test_a_template_change_never_changes_a_month_already_started(org: dict[str, Any]) -> None:
    services.scorecard_compute(department_id=org["ka1"].pk, month=MONTH)
    services.template_create(
        actor=org["admin"],
        name="新表",
        rows=[{"code": "a", "weight": "100", "kind": "manual"}],
        is_default=True,
    )
    cards = services.scorecard_compute(department_id=org["ka1"].pk, month=MONTH)
    assert {c.scorecard.template_name for c in cards} == {"客户专人月度考核表（表一）"}
    nxt = services.scorecard_compute(department_id=org["ka1"].pk, month=date(2027, 1, 1))
    assert {c.scorecard.template_name for c in nxt} == {"新表"}


def test_computation_is_set_based(
    org: dict[str, Any], fake_visits: dict[int, int], django_assert_max_num_queries: Any
) -> None:
    from tests.factories import UserFactory

    services.scorecard_compute(department_id=org["ka1"].pk, month=MONTH)
    with django_assert_max_num_queries(12) as few:
        services.scorecard_compute(department_id=org["ka1"].pk, month=MONTH)
    for _ in range(15):
        user = UserFactory(department=org["ka1"], posts=["specialist"])
        submit(user)
        AccountFactory(owner=user, developed_at=date(2026, 12, 3))
    services.scorecard_compute(department_id=org["ka1"].pk, month=MONTH)
    with django_assert_max_num_queries(len(few.captured_queries)):
        cards = services.scorecard_compute(department_id=org["ka1"].pk, month=MONTH)
    assert len(cards) == 17
