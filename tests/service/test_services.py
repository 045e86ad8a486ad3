"""Service desk writes at the edges of every clock: on time, one second late, out of order, reopened (D10)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from kam.accounts.services.finance import deal_create
from kam.core.errors import Forbidden, ValidationFailed
from kam.notify.models import Notification
from kam.service import events as event_messages
from kam.service import repeats, services
from kam.service.models import (
    AssessmentRecord,
    Milestone,
    RepeatStatus,
    ServiceEventRow,
    ServiceRequest,
    SlaPolicy,
)
from kam.service.sweep import sla_sweep
from tests.factories import UserFactory
from tests.factories_accounts import AccountFactory
from tests.service.factories import T0, agent, milestones, open_request, record

pytestmark = pytest.mark.django_db
MIN, SEC, HOUR, DAY = timedelta(minutes=1), timedelta(seconds=1), timedelta(hours=1), timedelta(days=1)


@pytest.fixture
def desk(org: dict[str, Any]) -> Any:
    return agent(department=org["ka1"], supervisor=org["manager1"])


def test_open_complaint_freezes_policy_and_records_history(desk: Any) -> None:
    request = open_request(desk)
    assert request.policy.version == 1 and request.status == "open"
    stored = milestones(request)
    assert list(stored) == [
        "answer", "reply_time_agreed", "department_notified", "customer_informed", "supervision",
        "satisfaction_callback",
    ]  # fmt: skip
    assert {m.status for m in stored.values()} == {"pending"}
    assert request.history.first().history_user == desk


@pytest.mark.parametrize(("rings", "status"), [(1, "met"), (3, "met"), (4, "breached")])
def test_answer_within_three_rings(desk: Any, rings: int, status: str) -> None:
    request = open_request(desk)
    record(desk, request, "call_answered", T0, rings=rings)
    assert milestones(request)["answer"].status == status


@pytest.mark.parametrize(("late", "status"), [(timedelta(0), "met"), (SEC, "breached")])
def test_department_notified_at_the_deadline_and_one_second_late(
    desk: Any, org: dict[str, Any], late: timedelta, status: str
) -> None:
    request = open_request(desk)
    record(desk, request, "call_ended", T0 + 5 * MIN)
    record(desk, request, "department_notified", T0 + 15 * MIN + late, department_id=org["ka1"].pk)
    notified = milestones(request)["department_notified"]
    assert (notified.status, notified.due_at, notified.done_at) == (
        status,
        T0 + 15 * MIN,
        T0 + 15 * MIN + late,
    )
    assert milestones(request)["supervision"].responsible_department_id == org["ka1"].pk


def test_out_of_order_events_give_the_same_clocks(desk: Any, org: dict[str, Any]) -> None:
    in_order, reversed_ = open_request(desk), open_request(desk, caller_phone="13900000000")
    steps = [
        ("call_answered", T0, {"rings": 2}),
        ("call_ended", T0 + 5 * MIN, {}),
        ("department_notified", T0 + 12 * MIN, {"department_id": org["ka1"].pk}),
        ("customer_informed", T0 + 40 * MIN, {}),
    ]
    for type_, at, values in steps:
        record(desk, in_order, type_, at, **values)
    for type_, at, values in reversed(steps):
        record(desk, reversed_, type_, at, **values)

    def view(request: ServiceRequest) -> list[tuple[Any, ...]]:
        return [(m.code, m.status, m.due_at, m.done_at) for m in request.milestones.order_by("position")]

    assert view(in_order) == view(reversed_)
    assert milestones(reversed_)["customer_informed"].status == "breached"  # due 12 + 20 = 32 min


def test_closed_request_refuses_events_and_writes_nothing(desk: Any) -> None:
    request = open_request(desk)
    record(desk, request, "call_ended", T0)
    record(desk, request, "closed", T0 + MIN)
    before = ServiceEventRow.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        record(desk, request, "supervised", T0 + 2 * MIN)
    assert (refused.value.message, refused.value.field) == (event_messages.REQUEST_CLOSED, "type")
    assert ServiceEventRow.objects.count() == before
    request.refresh_from_db()
    assert request.status == "closed" and request.next_due_at is None


def test_reopened_request_moves_deadlines_by_the_closed_time(desk: Any) -> None:
    request = open_request(desk)
    record(desk, request, "call_ended", T0)
    record(desk, request, "closed", T0 + 5 * MIN)
    assert milestones(request)["department_notified"].status == "not_applicable"
    record(desk, request, "reopened", T0 + HOUR + 5 * MIN)
    request.refresh_from_db()
    notified = milestones(request)["department_notified"]
    assert request.status == "open"
    assert notified.due_at == T0 + HOUR + 10 * MIN  # 10 minutes, less the closed hour
    assert request.next_due_at == T0 + HOUR + 10 * MIN


def test_only_desk_posts_record(org: dict[str, Any], desk: Any) -> None:
    request = open_request(desk)
    with pytest.raises(Forbidden):
        record(org["spec1"], request, "call_ended", T0)
    with pytest.raises(Forbidden):
        open_request(org["spec1"])


def test_sweep_breaches_once_and_notifies_assignee_and_supervisor(desk: Any, org: dict[str, Any]) -> None:
    request = open_request(desk, assignee=org["spec1"], department=org["ka1"])
    record(desk, request, "call_ended", T0)
    due = T0 + 10 * MIN
    assert sla_sweep(now=due).breached == 0  # met exactly at the deadline is still possible
    assert sla_sweep(now=due + SEC).breached == 1
    assert sla_sweep(now=due + 2 * SEC).breached == 0
    notified = milestones(request)["department_notified"]
    assert (notified.status, notified.breached_at, notified.escalation_level) == ("breached", due, 1)
    sent = Notification.objects.filter(dedupe_key=f"sla:{notified.pk}:1")
    assert sorted(n.recipient.username for n in sent) == ["manager1", "spec1"]


def test_late_event_keeps_the_sweeps_breach_with_both_times(desk: Any, org: dict[str, Any]) -> None:
    request = open_request(desk, assignee=org["spec1"])
    record(desk, request, "call_ended", T0)
    sla_sweep(now=T0 + HOUR)
    record(desk, request, "department_notified", T0 + 2 * HOUR, department_id=org["ka1"].pk)
    notified = milestones(request)["department_notified"]
    assert (notified.status, notified.due_at, notified.done_at) == ("breached", T0 + 10 * MIN, T0 + 2 * HOUR)


def test_second_level_escalates_to_department_head(desk: Any, org: dict[str, Any]) -> None:
    head = UserFactory(username="head1", department=org["ka1"], posts=["ka_manager"])
    org["ka1"].head = head
    org["ka1"].save()
    request = open_request(desk, assignee=org["spec1"], department=org["ka1"])
    record(desk, request, "call_ended", T0)
    sla_sweep(now=T0 + 11 * MIN)
    assert sla_sweep(now=T0 + 69 * MIN).escalated == 0
    assert sla_sweep(now=T0 + 70 * MIN).escalated == 1
    assert sla_sweep(now=T0 + 80 * MIN).escalated == 0
    level2 = Notification.objects.filter(dedupe_key__endswith=":2")
    assert [n.recipient for n in level2] == [head]


def test_sweep_command_takes_now(desk: Any) -> None:
    request = open_request(desk)
    record(desk, request, "call_ended", T0)
    call_command("sla-sweep", "--now", (T0 + 11 * MIN).isoformat())
    assert milestones(request)["department_notified"].status == "breached"
    assert milestones(request)["supervision"].status == "pending"


def test_deal_opens_one_purchase_callback(
    org: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    account = AccountFactory(owner=org["spec1"])
    with django_capture_on_commit_callbacks(execute=True):
        deal = deal_create(actor=org["spec1"], account=account, amount="120000", occurred_at=T0)
    callback = ServiceRequest.objects.get(origin=f"deal:{deal.pk}")
    assert (callback.kind, callback.assignee, callback.account) == (
        "purchase_callback",
        org["spec1"],
        account,
    )
    stored = milestones(callback)
    assert stored["callback_1"].due_at == T0 + 3 * DAY
    assert stored["callback_3"].due_at == T0 + 30 * DAY


def test_callback_tries_until_the_owner_answers_satisfied(desk: Any) -> None:
    request = open_request(desk, kind="purchase_callback")
    record(desk, request, "callback_attempt", T0 + 3 * DAY - HOUR, outcome="child_answered")
    first = milestones(request)["callback_1"]
    assert (first.status, first.next_attempt_at) == ("pending", T0 + 3 * DAY + HOUR)
    record(desk, request, "callback_attempt", T0 + 3 * DAY, outcome="owner_answered", satisfaction=5)
    assert milestones(request)["callback_1"].status == "met"
    assert milestones(request)["callback_2"].status == "pending"


def test_closing_a_rescue_opens_its_repair_callback_once(desk: Any, org: dict[str, Any]) -> None:
    request = open_request(desk, kind="rescue", department=org["ka1"])
    record(desk, request, "closed", T0 + HOUR)
    record(desk, request, "reopened", T0 + 2 * HOUR)
    record(desk, request, "closed", T0 + 3 * HOUR)
    callbacks = ServiceRequest.objects.filter(origin=f"repair:{request.pk}")
    assert callbacks.count() == 1
    assert milestones(callbacks.get())["callback_1"].due_at == T0 + HOUR + 3 * DAY


def _breached_complaint(desk: Any, org: dict[str, Any], account: Any) -> ServiceRequest:
    earlier = open_request(desk, account=account, caller_phone="")
    record(desk, earlier, "call_ended", T0)
    record(desk, earlier, "department_notified", T0 + HOUR, department_id=org["ka1"].pk, note="迟了")
    record(desk, earlier, "closed", T0 + 2 * HOUR)
    return earlier


def test_repeat_complaint_is_suggested_confirmed_and_charged(
    desk: Any, org: dict[str, Any], settings: Any
) -> None:
    settings.KAM_REPEAT_COMPLAINT_DEDUCTION = "3.5"
    account = AccountFactory(owner=org["spec1"])
    earlier = _breached_complaint(desk, org, account)
    earlier.assignee = org["spec2"]
    earlier.save()
    repeat = open_request(desk, account=account, caller_phone="", occurred_at=T0 + 5 * DAY)
    assert (repeat.repeat_of_id, repeat.repeat_status) == (earlier.pk, RepeatStatus.SUGGESTED)
    records = repeats.repeat_confirm(actor=desk, request=repeat, earlier=earlier)
    assert [(r.user, r.milestone_code, r.deduction) for r in records] == [
        (org["spec2"], "reply_time_agreed", Decimal("3.5")),
        (org["spec2"], "department_notified", Decimal("3.5")),
        (org["spec2"], "customer_informed", Decimal("3.5")),
    ]
    assert repeats.repeat_confirm(actor=desk, request=repeat, earlier=earlier) == []
    assert AssessmentRecord.objects.count() == 3
    repeat.refresh_from_db()
    assert repeat.repeat_status == RepeatStatus.CONFIRMED
    assert repeat.history.first().history_user == desk
    repeats.repeat_clear(actor=desk, request=repeat)
    assert AssessmentRecord.objects.count() == 0


def test_no_repeat_outside_the_window(desk: Any, org: dict[str, Any]) -> None:
    account = AccountFactory(owner=org["spec1"])
    _breached_complaint(desk, org, account)
    late = open_request(desk, account=account, caller_phone="", occurred_at=T0 + 31 * DAY)
    assert late.repeat_of_id is None


def test_publishing_a_policy_keeps_open_requests_on_their_version(desk: Any, org: dict[str, Any]) -> None:
    old = open_request(desk, kind="inquiry")
    definition = dict(SlaPolicy.objects.get(kind="inquiry", active=True).definition)
    definition["milestones"] = definition["milestones"][:2]
    published = services.sla_policy_publish(actor=org["admin"], kind="inquiry", definition=definition)
    assert published.version == 2
    assert SlaPolicy.objects.filter(kind="inquiry", active=True).get() == published
    new = open_request(desk, kind="inquiry")
    assert old.milestones.count() == 4 and new.milestones.count() == 2
    record(desk, old, "call_ended", T0)
    assert Milestone.objects.filter(request=old).count() == 4


def test_repeat_records_reach_the_scorecard_deductions(desk: Any, org: dict[str, Any]) -> None:
    from datetime import date

    from kam.plans.sources import collect_deductions

    account = AccountFactory(owner=org["spec1"])
    earlier = _breached_complaint(desk, org, account)
    repeat = open_request(desk, account=account, caller_phone="", occurred_at=T0 + DAY, assignee=org["spec1"])
    earlier.assignee = org["spec2"]
    earlier.save()
    repeats.repeat_confirm(actor=desk, request=repeat, earlier=earlier)
    found = collect_deductions([org["spec1"].pk, org["spec2"].pk], date(2026, 3, 1), date(2026, 4, 1))
    mine = [d for d in found.get(org["spec2"].pk, []) if d.code == "repeat_complaint"]
    assert [(d.points, d.occurred_on) for d in mine] == [(Decimal("2"), date(2026, 3, 3))] * 3
    assert not [d for d in found.get(org["spec1"].pk, []) if d.code == "repeat_complaint"]
    assert (
        collect_deductions([org["spec2"].pk], date(2026, 4, 1), date(2026, 5, 1)).get(org["spec2"].pk, [])
        == []
    )
