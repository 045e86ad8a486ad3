"""Writes of the approval engine: the stored steps, actions, history and notifications of each move."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from kam.approvals import hooks, rules, selectors, services
from kam.approvals.models import ApprovalAction, ApprovalRequest, RequestStep, Resolve
from kam.core.errors import Conflict, Forbidden, ValidationFailed
from kam.notify.models import Notification
from kam.org.models import Territory
from tests.factories import TerritoryFactory, UserFactory
from tests.factories_approvals import add_version, make_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def outcomes() -> Iterator[list[tuple[int, str]]]:
    """Record the outcome hook's calls for the hospitality chain during one test."""
    seen: list[tuple[int, str]] = []

    def handler(request: ApprovalRequest, outcome: str) -> None:
        seen.append((request.pk, outcome))

    hooks.outcome_handler("hospitality")(handler)
    yield seen
    hooks._handlers["hospitality"].remove(handler)


def start(people: dict[str, Any], target: Territory | None = None, **kwargs: Any) -> ApprovalRequest:
    fields = {"chain_code": "hospitality", "amount": Decimal("3200"), "title": "招待华夏集团"} | kwargs
    return services.approval_start(actor=people["spec1"], target=target or TerritoryFactory(), **fields)


def statuses(request: ApprovalRequest) -> list[tuple[int, int, str]]:
    return list(request.steps.order_by("round", "order").values_list("round", "order", "status"))


def decide(
    people: dict[str, Any], who: str, request: ApprovalRequest, action: str = "approve", **kw: Any
) -> Any:
    return services.approval_decide(
        actor=people[who],
        request=request,
        step_id=kw.pop("step_id", None),
        action=action,
        comment=kw.pop("comment", ""),
        **kw,
    )


def test_start_pins_the_version_and_opens_the_first_step(people: dict[str, Any]) -> None:
    request = start(people)
    stored = ApprovalRequest.objects.get(pk=request.pk)
    assert (stored.chain.code, stored.chain_version.number, stored.status, stored.round) == (
        "hospitality",
        1,
        "pending",
        1,
    )
    assert (stored.requester, stored.department, stored.amount) == (
        people["spec1"],
        people["ka1"],
        Decimal("3200"),
    )
    assert statuses(stored) == [(1, 1, "pending"), (1, 2, "waiting"), (1, 3, "waiting")]
    assert list(stored.steps.values_list("post", flat=True)) == ["cs_manager", "general_manager", "finance"]
    assert list(stored.actions.values_list("kind", "actor")) == [("submit", people["spec1"].pk)]
    entry = stored.history.get()
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "+",
        people["spec1"],
        "submitted",
    )
    note = Notification.objects.get(recipient=people["cs_manager"])
    assert note.link == f"/approvals/{request.pk}/"
    assert not Notification.objects.filter(recipient=people["gm"]).exists()


def test_a_request_runs_through_all_three_approvals(people: dict[str, Any], outcomes: list[Any]) -> None:
    """D17: customer-service manager → general manager → finance."""
    request = start(people)
    decide(people, "cs_manager", request, comment="同意")
    assert statuses(request) == [(1, 1, "approved"), (1, 2, "pending"), (1, 3, "waiting")]
    assert Notification.objects.filter(recipient=people["gm"], kind="approval").count() == 1
    decide(people, "gm", request)
    assert Notification.objects.filter(recipient=people["finance"], kind="approval").count() == 1
    assert outcomes == []
    decide(people, "finance", request)
    stored = ApprovalRequest.objects.get(pk=request.pk)
    assert stored.status == "approved" and stored.finished_at is not None
    assert statuses(stored) == [(1, 1, "approved"), (1, 2, "approved"), (1, 3, "approved")]
    first = stored.steps.get(order=1)
    assert (first.decided_by, first.on_behalf_of, first.comment, first.version) == (
        people["cs_manager"],
        None,
        "同意",
        1,
    )
    assert stored.steps.get(order=2).version == 2  # waiting → pending → approved
    assert list(stored.actions.values_list("kind", "actor")) == [
        ("submit", people["spec1"].pk),
        ("approve", people["cs_manager"].pk),
        ("approve", people["gm"].pk),
        ("approve", people["finance"].pk),
    ]
    assert outcomes == [(request.pk, "approved")]
    latest = stored.history.order_by("-history_id").first()
    assert (latest.status, latest.history_user, latest.history_change_reason) == (
        "approved",
        people["finance"],
        "approved",
    )
    assert Notification.objects.filter(recipient=people["spec1"], title__contains="招待华夏集团").exists()


def test_reject_ends_the_request_and_cancels_the_rest(people: dict[str, Any], outcomes: list[Any]) -> None:
    request = start(people)
    decide(people, "cs_manager", request)
    decide(people, "gm", request, "reject", comment="预算过高")
    stored = ApprovalRequest.objects.get(pk=request.pk)
    assert stored.status == "rejected"
    assert statuses(stored) == [(1, 1, "approved"), (1, 2, "rejected"), (1, 3, "cancelled")]
    assert outcomes == [(request.pk, "rejected")]
    assert Notification.objects.get(recipient=people["spec1"], body="预算过高")


@pytest.mark.parametrize("action", ["reject", "return"])
def test_reject_and_return_need_a_comment(people: dict[str, Any], action: str) -> None:
    request = start(people)
    with pytest.raises(ValidationFailed) as caught:
        decide(people, "cs_manager", request, action, comment=" ")
    assert (caught.value.message, caught.value.field) == (rules.COMMENT_REQUIRED, "comment")
    assert statuses(request) == [(1, 1, "pending"), (1, 2, "waiting"), (1, 3, "waiting")]
    assert request.actions.count() == 1


def test_return_then_resubmit_opens_a_new_round(people: dict[str, Any], outcomes: list[Any]) -> None:
    request = start(people)
    decide(people, "cs_manager", request, "return", comment="请补充同席人员")
    assert ApprovalRequest.objects.get(pk=request.pk).status == "returned"
    assert outcomes == [(request.pk, "returned")]
    services.approval_resubmit(actor=people["spec1"], request=request, amount=Decimal("2800"))
    stored = ApprovalRequest.objects.get(pk=request.pk)
    assert (stored.status, stored.round, stored.amount) == ("pending", 2, Decimal("2800"))
    assert statuses(stored) == [
        (1, 1, "returned"),
        (1, 2, "cancelled"),
        (1, 3, "cancelled"),
        (2, 1, "pending"),
        (2, 2, "waiting"),
        (2, 3, "waiting"),
    ]
    assert list(stored.actions.values_list("kind", flat=True)) == ["submit", "return", "resubmit"]
    assert Notification.objects.filter(recipient=people["cs_manager"], kind="approval").count() == 2


def test_only_the_requester_resubmits_and_only_after_a_return(people: dict[str, Any]) -> None:
    request = start(people)
    with pytest.raises(rules.TransitionRefused):
        services.approval_resubmit(actor=people["spec1"], request=request)
    decide(people, "cs_manager", request, "return", comment="改")
    with pytest.raises(Forbidden) as caught:
        services.approval_resubmit(actor=people["spec2"], request=request)
    assert caught.value.message == services.NOT_REQUESTER
    assert ApprovalRequest.objects.get(pk=request.pk).round == 1


def test_a_chain_change_never_touches_a_request_in_flight(people: dict[str, Any]) -> None:
    chain = make_chain("purchase", [{"post": "cs_manager"}])
    old = services.approval_start(actor=people["spec1"], chain_code="purchase", target=TerritoryFactory())
    add_version(chain, [{"post": "general_manager"}, {"post": "finance"}], note="GM and finance now")
    new = services.approval_start(actor=people["spec1"], chain_code="purchase", target=TerritoryFactory())
    assert (old.chain_version.number, new.chain_version.number) == (1, 2)
    assert list(new.steps.values_list("post", flat=True)) == ["general_manager", "finance"]
    decide(people, "cs_manager", old, "return", comment="再议")
    services.approval_resubmit(actor=people["spec1"], request=old)
    assert list(old.steps.filter(round=2).values_list("post", flat=True)) == ["cs_manager"]
    decide(people, "cs_manager", old)
    assert ApprovalRequest.objects.get(pk=old.pk).status == "approved"


def test_amount_thresholds_are_evaluated_at_start_and_resubmission(people: dict[str, Any]) -> None:
    make_chain("gift", [{"post": "cs_manager"}, {"post": "general_manager", "min_amount": Decimal("5000")}])
    target = TerritoryFactory()
    small = services.approval_start(
        actor=people["spec1"], chain_code="gift", target=target, amount=Decimal("800")
    )
    assert list(small.steps.values_list("post", flat=True)) == ["cs_manager"]
    decide(people, "cs_manager", small, "return", comment="金额有误")
    services.approval_resubmit(actor=people["spec1"], request=small, amount=Decimal("6000"))
    assert list(small.steps.filter(round=2).values_list("post", flat=True)) == [
        "cs_manager",
        "general_manager",
    ]


def test_relative_steps_resolve_to_the_applicants_department(people: dict[str, Any]) -> None:
    make_chain(
        "leave",
        [
            {"resolve": Resolve.APPLICANT_HEAD},
            {"post": "ka_manager", "resolve": Resolve.APPLICANT_DEPARTMENT},
        ],
    )
    people["ka1"].head = people["manager1"]
    people["ka1"].save()
    request = services.approval_start(actor=people["spec1"], chain_code="leave", target=TerritoryFactory())
    first, second = request.steps.order_by("order")
    assert (first.head_of, first.department, second.department) == (True, people["ka1"], people["ka1"])
    with pytest.raises(Forbidden):
        decide(people, "manager2", request)
    decide(people, "manager1", request)
    with pytest.raises(Forbidden):
        decide(people, "manager2", request)  # a ka_manager, but of another department
    decide(people, "manager1", request)
    assert ApprovalRequest.objects.get(pk=request.pk).status == "approved"


def test_a_department_step_is_for_that_departments_holders_only(people: dict[str, Any]) -> None:
    other_cs = UserFactory(username="cs_elsewhere", department=people["ka2"], posts=["cs_manager"])
    make_chain("service", [{"post": "cs_manager", "resolve": Resolve.DEPARTMENT, "department": people["cs"]}])
    request = services.approval_start(actor=people["spec1"], chain_code="service", target=TerritoryFactory())
    assert not Notification.objects.filter(recipient=other_cs).exists()
    with pytest.raises(Forbidden) as caught:
        services.approval_decide(actor=other_cs, request=request, step_id=None, action="approve", comment="")
    assert caught.value.message == services.NOT_YOUR_STEP
    decide(people, "cs_manager", request)


def test_not_your_step_writes_nothing(people: dict[str, Any]) -> None:
    request = start(people)
    for who, message in (("gm", services.NOT_YOUR_STEP), ("spec1", services.OWN_REQUEST)):
        with pytest.raises(Forbidden) as caught:
            decide(people, who, request)
        assert caught.value.message == message
    assert statuses(request) == [(1, 1, "pending"), (1, 2, "waiting"), (1, 3, "waiting")]
    assert request.actions.count() == 1
    assert request.steps.get(order=1).version == 0


def test_a_step_that_is_not_current_is_refused(people: dict[str, Any]) -> None:
    request = start(people)
    first = request.steps.get(order=1)
    decide(people, "cs_manager", request)
    with pytest.raises(Conflict) as caught:
        decide(people, "cs_manager", request, step_id=first.pk)
    assert (caught.value.message, caught.value.status) == (services.STEP_NOT_CURRENT, 409)
    gm_step = request.steps.get(order=2)
    with pytest.raises(Conflict) as caught:
        decide(people, "gm", request, step_id=gm_step.pk, version=gm_step.version - 1)
    assert caught.value.message == services.STEP_CHANGED
    assert request.actions.count() == 2


def test_of_two_decisions_on_the_same_step_only_one_counts(people: dict[str, Any], monkeypatch: Any) -> None:
    """The second approver read the step as pending, then the first decided it: the conditional UPDATE
    finds the step changed, so the second gets a 409. (In one thread the first decision runs inside the
    second's transaction and rolls back with it; ``test_race.py`` runs the two in parallel.)"""
    request = ApprovalRequest.objects.get(pk=start(people, chain_code="tour", amount=None).pk)
    original = rules.check_transition
    seen: list[str] = []

    def first_decides_meanwhile(table: Any, current: str, target: str, *, kind: str) -> None:
        if kind == "step" and not seen:
            seen.append(target)
            decide(people, "office2", request, comment="我先批")
            seen.append(request.steps.get().status)
        original(table, current, target, kind=kind)

    monkeypatch.setattr(rules, "check_transition", first_decides_meanwhile)
    with pytest.raises(Conflict) as caught:
        decide(people, "office", request, "reject", comment="不同意")
    assert (caught.value.message, caught.value.status) == (services.ALREADY_DECIDED, 409)
    assert seen == ["rejected", "approved"]
    assert not request.actions.filter(actor=people["office"]).exists()
    assert not RequestStep.objects.filter(request=request, status="rejected").exists()


def test_delegates_act_for_the_absent_approver(people: dict[str, Any]) -> None:
    deputy = UserFactory(username="deputy", department=people["cs"], posts=[])
    services.delegation_create(
        actor=people["cs_manager"], delegate_id=deputy.pk, starts_on=_today(), ends_on=_today()
    )
    request = start(people)
    assert Notification.objects.filter(recipient=deputy, kind="approval").count() == 1
    [entry] = selectors.inbox(viewer=deputy)
    assert (entry.request, entry.on_behalf_of) == (request, [people["cs_manager"]])
    decide({"deputy": deputy}, "deputy", request, comment="代批")
    step = request.steps.get(order=1)
    assert (step.decided_by, step.on_behalf_of, step.status) == (deputy, people["cs_manager"], "approved")
    action = request.actions.get(kind="approve")
    assert (action.actor, action.on_behalf_of) == (deputy, people["cs_manager"])
    assert selectors.inbox(viewer=deputy) == []


def test_no_delegation_outside_its_days_or_after_cancelling(people: dict[str, Any]) -> None:
    deputy = UserFactory(username="deputy", department=people["cs"], posts=[])
    later = services.delegation_create(
        actor=people["cs_manager"], delegate_id=deputy.pk, starts_on=_today(3), ends_on=_today(5)
    )
    now = services.delegation_create(
        actor=people["cs_manager"], delegate_id=deputy.pk, starts_on=_today(), ends_on=_today(1)
    )
    services.delegation_cancel(actor=people["cs_manager"], delegation=now)
    request = start(people)
    assert selectors.inbox(viewer=deputy) == []
    with pytest.raises(Forbidden):
        decide({"deputy": deputy}, "deputy", request)
    assert later.pk and now.history.order_by("-history_id").first().history_change_reason == "cancelled"


@pytest.mark.parametrize(
    ("days", "message", "field"),
    [
        ((0, 0), None, None),
        ((2, 1), rules.DELEGATION_ENDS_BEFORE_START, "ends_on"),
        ((-3, -1), rules.DELEGATION_IN_PAST, "ends_on"),
    ],
)
def test_delegation_dates(
    people: dict[str, Any], days: tuple[int, int], message: str | None, field: str | None
) -> None:
    kwargs = {"actor": people["gm"], "delegate_id": people["manager1"].pk}
    if message is None:
        created = services.delegation_create(**kwargs, starts_on=_today(days[0]), ends_on=_today(days[1]))
        assert (created.delegator, created.delegate) == (people["gm"], people["manager1"])
        assert created.history.get().history_user == people["gm"]
        return
    with pytest.raises(ValidationFailed) as caught:
        services.delegation_create(**kwargs, starts_on=_today(days[0]), ends_on=_today(days[1]))
    assert (caught.value.message, caught.value.field) == (message, field)


def test_delegation_refusals(people: dict[str, Any]) -> None:
    gm = people["gm"]
    with pytest.raises(ValidationFailed) as caught:
        services.delegation_create(actor=gm, delegate_id=gm.pk, starts_on=_today(), ends_on=_today())
    assert caught.value.message == rules.DELEGATE_IS_SELF
    with pytest.raises(ValidationFailed) as caught:
        services.delegation_create(actor=gm, delegate_id=999_999, starts_on=_today(), ends_on=_today())
    assert (caught.value.message, caught.value.field) == (services.UNKNOWN_USER, "delegate_id")
    services.delegation_create(
        actor=gm, delegate_id=people["manager1"].pk, starts_on=_today(), ends_on=_today(3)
    )
    with pytest.raises(Conflict) as caught:
        services.delegation_create(
            actor=gm, delegate_id=people["manager2"].pk, starts_on=_today(2), ends_on=_today(4)
        )
    assert caught.value.message == services.DELEGATION_OVERLAPS
    with pytest.raises(Forbidden):
        services.delegation_create(
            actor=people["spec1"],
            delegator_id=gm.pk,
            delegate_id=people["spec2"].pk,
            starts_on=_today(),
            ends_on=_today(),
        )
    made = services.delegation_create(
        actor=people["admin"],
        delegator_id=people["finance"].pk,
        delegate_id=people["spec2"].pk,
        starts_on=_today(),
        ends_on=_today(),
    )
    assert (made.delegator, made.history.get().history_user) == (people["finance"], people["admin"])


def test_bad_starts_write_nothing(people: dict[str, Any]) -> None:
    target = TerritoryFactory()
    cases = [
        ({"amount": Decimal("-1")}, ValidationFailed, rules.NEGATIVE_AMOUNT),
        ({"amount": Decimal("1e9")}, ValidationFailed, rules.ABSURD_AMOUNT),
        ({"chain_code": "nope"}, ValidationFailed, services.UNKNOWN_CHAIN.format(code="nope")),
    ]
    for kwargs, error, message in cases:
        with pytest.raises(error) as caught:
            start(people, target, **kwargs)
        assert caught.value.message == message
    people["finance"].is_active = False
    people["finance"].save()
    with pytest.raises(ValidationFailed) as caught:
        start(people, target)
    assert caught.value.message == services.NO_APPROVER.format(step="财务部审核")
    assert not ApprovalRequest.objects.exists() and not RequestStep.objects.exists()
    assert not ApprovalAction.objects.exists()


def test_one_open_request_per_record_and_chain(people: dict[str, Any]) -> None:
    target = TerritoryFactory()
    first = start(people, target)
    with pytest.raises(Conflict) as caught:
        start(people, target)
    assert caught.value.message == services.ALREADY_OPEN
    services.approval_withdraw(actor=people["spec1"], request=first)
    second = start(people, target)
    assert ApprovalRequest.objects.filter(target_id=target.pk).count() == 2 and second.pk != first.pk


def test_withdraw(people: dict[str, Any]) -> None:
    request = start(people)
    with pytest.raises(Forbidden):
        services.approval_withdraw(actor=people["spec2"], request=request)
    services.approval_withdraw(actor=people["spec1"], request=request, comment="活动取消")
    stored = ApprovalRequest.objects.get(pk=request.pk)
    assert stored.status == "withdrawn" and stored.finished_at is not None
    assert statuses(stored) == [(1, 1, "cancelled"), (1, 2, "cancelled"), (1, 3, "cancelled")]
    assert stored.actions.last().comment == "活动取消"
    with pytest.raises(Conflict):
        decide(people, "cs_manager", request)


def test_an_outcome_handler_that_fails_refuses_the_decision(people: dict[str, Any]) -> None:
    make_chain("fragile", [{"post": "cs_manager"}])

    def refuse(request: ApprovalRequest, outcome: str) -> None:
        raise Conflict("The owner app says no.")

    hooks.outcome_handler("fragile")(refuse)
    try:
        request = services.approval_start(
            actor=people["spec1"], chain_code="fragile", target=TerritoryFactory()
        )
        with pytest.raises(Conflict):
            decide(people, "cs_manager", request)
    finally:
        hooks._handlers["fragile"].remove(refuse)
    assert ApprovalRequest.objects.get(pk=request.pk).status == "pending"
    assert statuses(request) == [(1, 1, "pending")]
    assert list(request.actions.values_list("kind", flat=True)) == ["submit"]


def test_inbox_and_visibility(people: dict[str, Any]) -> None:
    mine = start(people)
    theirs = services.approval_start(
        actor=people["spec3"], chain_code="hospitality", target=TerritoryFactory()
    )
    assert [e.request for e in selectors.inbox(viewer=people["cs_manager"])] == [mine, theirs]
    assert selectors.inbox_count(viewer=people["cs_manager"]) == 2
    assert selectors.inbox(viewer=people["gm"]) == []
    assert set(selectors.request_list(viewer=people["spec1"])) == {mine}
    assert set(selectors.request_list(viewer=people["finance"])) == {mine, theirs}  # a later step is theirs
    assert set(selectors.request_list(viewer=people["gm"])) == {mine, theirs}
    assert set(selectors.request_list(viewer=people["spec2"])) == set()


def _today(days: int = 0) -> Any:
    from datetime import timedelta

    from kam.core import clock

    return clock.local_today() + timedelta(days=days)
