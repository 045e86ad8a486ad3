"""Reception and send-off plans (D18, D19): the flows' steps, reassigning, the follow-up call to-do."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
import time_machine

from kam.core import clock
from kam.core.navigation import todo_for
from kam.hospitality.models import ReceptionPlan, ReceptionTask

pytestmark = pytest.mark.django_db


def moment(days: int, hour: int) -> str:
    day = clock.local_today() + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=clock.local_zone()).isoformat()


def plan_body(people: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    return {
        "account_id": people["account"].pk,
        "visitors": "王建华 董事长",
        "arrival_at": moment(2, 15),
        "arrival_place": "萧山机场",
        "departure_at": moment(4, 21),
        "departure_place": "杭州东站",
        **overrides,
    }


def test_a_plan_has_both_flows_and_the_follow_up_call_is_a_to_do_the_day_after(
    people: dict[str, Any], api_client: Any
) -> None:
    answer = api_client(people["spec1"]).post("/api/v1/reception-plans/", plan_body(people))
    assert answer.status_code == 201, answer.json()
    tasks = answer.json()["tasks"]
    assert [t["flow"] for t in tasks].count("reception") == 5 and len(tasks) == 11
    call = ReceptionTask.objects.get(code="follow_up_call")
    assert clock.localtime(call.due_at).date() == clock.local_today() + timedelta(days=5)
    titles = lambda: [str(i.title) for i in todo_for(people["spec1"]) if i.kind == "hospitality"]  # noqa: E731
    assert titles() == []
    with time_machine.travel(clock.now() + timedelta(days=5), tick=False):
        assert len(titles()) == 1
    patched = api_client(people["spec1"]).patch(
        f"/api/v1/reception-plans/{answer.json()['id']}/steps/{call.pk}", {"who_id": people["spec2"].pk}
    )
    assert patched.json()["who_id"] == people["spec2"].pk
    with time_machine.travel(clock.now() + timedelta(days=5), tick=False):
        assert [i for i in todo_for(people["spec2"]) if i.kind == "hospitality"]
        api_client(people["spec2"]).patch(
            f"/api/v1/reception-plans/{answer.json()['id']}/steps/{call.pk}", {"done": True}
        )
        assert not [i for i in todo_for(people["spec2"]) if i.kind == "hospitality"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"departure_at": moment(1, 9)}, "departure_at"),
        ({"visitors": " "}, "visitors"),
        ({"account_id": 987654}, "account_id"),
    ],
)
def test_bad_plans_are_refused(
    people: dict[str, Any], api_client: Any, overrides: dict[str, Any], field: str
) -> None:
    answer = api_client(people["spec1"]).post("/api/v1/reception-plans/", plan_body(people, **overrides))
    assert (answer.status_code, answer.json()["field"]) == (422, field)
    assert not ReceptionPlan.objects.exists()


def test_only_the_organiser_or_the_person_on_a_step_changes_it(
    people: dict[str, Any], api_client: Any
) -> None:
    plan = api_client(people["spec1"]).post("/api/v1/reception-plans/", plan_body(people)).json()
    task = plan["tasks"][0]["id"]
    answer = api_client(people["manager1"]).patch(
        f"/api/v1/reception-plans/{plan['id']}/steps/{task}", {"done": True}
    )
    assert answer.status_code == 403
    assert ReceptionTask.objects.get(pk=task).done_at is None
