"""Regional directives (A2o), department meetings (A2m) and procedures (A2a)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kam.core.errors import Conflict, Forbidden, ValidationFailed
from kam.core.navigation import todo_for
from kam.relations import rules, selectors, services
from kam.relations.models import Acknowledgement, Directive, Meeting
from kam.relations.services import department

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
TODAY = datetime(2026, 11, 27, 10, 0, tzinfo=SH)


@time_machine.travel(TODAY, tick=False)
def test_a_directive_through_acknowledgement_execution_result_and_reply(org: dict[str, Any]) -> None:
    d = services.directive_issue(
        actor=org["regional"],
        assignee_id=org["manager1"].pk,
        title="年底前完成应收清理",
        body="逐户核对",
        due_on="2026-12-20",
    )
    assert (d.status, d.department_id) == ("issued", org["ka1"].pk)
    assert any("年底前完成应收清理" in str(i.title) for i in todo_for(org["manager1"]))
    with pytest.raises(Forbidden):
        services.directive_acknowledge(actor=org["manager2"], directive=d)
    services.directive_acknowledge(actor=org["manager1"], directive=d)
    services.directive_update(actor=org["manager1"], directive=d, body="已核对12户")
    services.directive_update(actor=org["manager1"], directive=d, body="已核对全部")
    with pytest.raises(Conflict):
        services.directive_reply(actor=org["manager1"], directive=d, reply="完成")
    services.directive_complete(actor=org["manager1"], directive=d, result="收回欠款86万元")
    services.directive_reply(actor=org["manager1"], directive=d, reply="已完成，详见结果")
    d = Directive.objects.get(pk=d.pk)
    assert (d.status, d.result, d.updates.count()) == ("replied", "收回欠款86万元", 2)
    assert d.acknowledged_at and d.completed_at and d.replied_at
    assert list(selectors.directive_list(viewer=org["regional"])) == [d]
    assert list(selectors.directive_list(viewer=org["manager2"])) == []


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("assignee", "due_on", "message", "field"),
    [
        ("spec1", "2026-12-20", department.NOT_KA_MANAGER, "assignee_id"),
        ("manager3", "2026-12-20", department.OUTSIDE_REGION, "assignee_id"),
        ("manager1", "2026-11-26", department.DUE_IN_PAST, "due_on"),
    ],
)
def test_bad_directives_write_nothing(
    org: dict[str, Any], assignee: str, due_on: str, message: str, field: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.directive_issue(
            actor=org["regional"], assignee_id=org[assignee].pk, title="t", body="b", due_on=due_on
        )
    assert (refused.value.message, refused.value.field) == (message, field)
    assert not Directive.objects.exists()


def test_only_regional_managers_issue_directives(org: dict[str, Any]) -> None:
    with pytest.raises(Forbidden):
        services.directive_issue(
            actor=org["manager1"], assignee_id=org["manager2"].pk, title="t", body="b", due_on="2099-01-01"
        )


def test_an_overdue_directive_is_flagged(org: dict[str, Any]) -> None:
    with time_machine.travel(TODAY, tick=False):
        d = services.directive_issue(
            actor=org["regional"],
            assignee_id=org["manager1"].pk,
            title="提交季度报告",
            body="b",
            due_on="2026-11-30",
        )
    with time_machine.travel(datetime(2026, 12, 1, 10, 0, tzinfo=SH), tick=False):
        assert selectors.overdue(d)
        urgent = [i for i in todo_for(org["manager1"]) if i.kind == "relations.directive"]
        assert urgent and urgent[0].urgent
    assert rules.is_overdue(d.due_on, "replied", date(2026, 12, 1)) is False


def test_meeting_actions_reach_their_owners(org: dict[str, Any]) -> None:
    meeting = services.meeting_create(
        actor=org["manager1"],
        title="十一月部门例会",
        held_on="2026-11-20",
        minutes="回顾本月拜访",
        decisions="下月重点跟进三家客户",
        attendee_ids=[org["spec1"].pk, org["spec2"].pk],
        actions=[{"description": "整理客户需求清单", "owner_id": org["spec1"].pk, "due_on": "2026-12-05"}],
    )
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.department_id == org["ka1"].pk and meeting.attendees.count() == 2
    assert any("整理客户需求清单" in str(i.title) for i in todo_for(org["spec1"]))
    action = meeting.actions.get()
    with pytest.raises(Forbidden):
        services.action_done(actor=org["spec2"], action=action)
    services.action_done(actor=org["spec1"], action=action)
    assert not any("整理客户需求清单" in str(i.title) for i in todo_for(org["spec1"]))
    assert list(selectors.meeting_list(viewer=org["spec2"])) == [meeting]
    assert list(selectors.meeting_list(viewer=org["spec3"])) == []
    with pytest.raises(Forbidden):
        services.meeting_create(actor=org["spec1"], title="x", held_on="2026-11-20")


def test_procedure_versions_and_acknowledgements(org: dict[str, Any]) -> None:
    first = services.procedure_publish(actor=org["manager1"], title="客户拜访规范", body="第一版")
    procedure = first.procedure
    assert {u.username for u in selectors.not_acknowledged(procedure)} == {"manager1", "spec1", "spec2"}
    services.procedure_acknowledge(actor=org["spec1"], version=first)
    with pytest.raises(Conflict) as twice:
        services.procedure_acknowledge(actor=org["spec1"], version=first)
    assert twice.value.message == department.ALREADY_ACKNOWLEDGED
    second = services.procedure_publish(actor=org["manager1"], procedure=procedure, title="", body="第二版")
    assert second.number == 2
    with pytest.raises(Conflict) as superseded:
        services.procedure_acknowledge(actor=org["spec2"], version=first)
    assert superseded.value.message == department.SUPERSEDED.format(current=2)
    assert Acknowledgement.objects.filter(user=org["spec2"]).count() == 0
    assert {u.username for u in selectors.not_acknowledged(procedure)} == {"manager1", "spec1", "spec2"}
    services.procedure_acknowledge(actor=org["spec2"], version=second)
    assert {u.username for u in selectors.not_acknowledged(procedure)} == {"manager1", "spec1"}
    assert any(i.kind == "relations.procedure" for i in todo_for(org["spec1"]))
    with pytest.raises(Forbidden):
        services.procedure_acknowledge(actor=org["spec3"], version=second)
    with pytest.raises(Forbidden):
        services.procedure_publish(actor=org["spec1"], title="x", body="y")
