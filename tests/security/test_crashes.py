"""Crashes (issue 12, item 5): a worker dies part-way, another starts; nothing is lost or done twice.

A process death is played by an exception no handler catches (``WorkerKilled`` derives from
``BaseException``, as ``SystemExit`` does), raised at the worst moment; "restarting" is calling the job
again once the dead worker's claims have lapsed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from kam.core import clock
from kam.notify import services as notify_services
from kam.notify.models import Delivery

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


class WorkerKilled(BaseException):
    """The worker process ended here (SIGKILL, out of memory, the machine rebooted)."""


def test_a_worker_killed_while_sending_notifications(
    org: dict[str, Any], settings: Any, mailoutbox: list[Any], monkeypatch: Any
) -> None:
    """Killed after three of eight sends: after the restart each of the eight went out exactly once."""
    settings.KAM_WEBHOOK_URL = ""
    people = [org[name] for name in ("spec1", "spec2", "spec3", "spec4", "manager1", "manager2", "regional")]
    notify_services.notify(recipients=[*people, org["manager3"]], kind="test", title="崩溃测试")
    assert Delivery.objects.filter(channel="email").count() == 8
    real_send = notify_services._send
    sent: list[int] = []

    def send_then_die(delivery: Delivery) -> None:
        if len(sent) == 3:
            raise WorkerKilled
        real_send(delivery)
        sent.append(delivery.pk)

    monkeypatch.setattr(notify_services, "_send", send_then_die)
    with clock.frozen_at(T0), pytest.raises(WorkerKilled):
        notify_services.deliver_pending()
    monkeypatch.setattr(notify_services, "_send", real_send)
    with clock.frozen_at(T0 + timedelta(seconds=30)):
        assert notify_services.deliver_pending() == 0  # the dead worker's claims still hold
    with clock.frozen_at(T0 + notify_services.CLAIM + timedelta(seconds=1)):
        assert notify_services.deliver_pending() == 5
    recipients = sorted(message.to[0] for message in mailoutbox)
    assert len(recipients) == len(set(recipients)) == 8
    assert set(Delivery.objects.filter(channel="email").values_list("status", flat=True)) == {"sent"}


def test_a_sla_sweep_killed_between_its_claim_and_its_notices(org: dict[str, Any], monkeypatch: Any) -> None:
    """Killed in its second batch after the claim: that batch is rolled back with its notices, the first
    stays; the restarted sweep breaches the rest, and each breach is told once to each person (D10, F3)."""
    from kam.notify.models import Notification
    from kam.service import sweep
    from kam.service.models import Milestone
    from tests.service.factories import agent, open_request, record

    desk = agent(department=org["ka1"], supervisor=org["manager1"])
    for i in range(5):  # each complaint has two milestones due 10 and 30 minutes after the call
        request = open_request(desk, caller_phone=f"1390000{i:04d}", assignee=org["spec1"])
        record(desk, request, "call_ended", T0)
    real_notify = sweep._notify
    batches: list[int] = []

    def notify_then_die(ids: list[int], *, level: int) -> None:
        batches.append(len(ids))
        if len(batches) == 2:
            raise WorkerKilled
        real_notify(ids, level=level)

    monkeypatch.setattr(sweep, "_notify", notify_then_die)
    with pytest.raises(WorkerKilled):
        sweep.sla_sweep(now=T0 + timedelta(minutes=31), batch=4)
    assert Milestone.objects.filter(status="breached").count() == 4  # the first batch only
    assert Notification.objects.count() == 8
    monkeypatch.setattr(sweep, "_notify", real_notify)
    assert sweep.sla_sweep(now=T0 + timedelta(minutes=32), batch=4).breached == 6
    assert sweep.sla_sweep(now=T0 + timedelta(minutes=33), batch=4).breached == 0
    keys = list(Notification.objects.values_list("recipient__username", "dedupe_key"))
    assert len(keys) == len(set(keys)) == 20
    assert Milestone.objects.filter(status="pending", due_at__lt=T0 + timedelta(minutes=31)).count() == 0
