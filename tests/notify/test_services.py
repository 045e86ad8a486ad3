"""Notifications (F3): in-app rows, the email and webhook outbox, retries, exactly-once delivery."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from kam.core import clock, jobs
from kam.core.errors import NotFound
from kam.notify import services
from kam.notify.models import Delivery, DeliveryStatus, Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


class Robot:
    """A stand-in for the enterprise-messenger robot: records what it is sent, answers ``status``."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.content_types: list[str] = []
        self.status = 200
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                robot.received.append(json.loads(self.rfile.read(length)))
                robot.content_types.append(self.headers["Content-Type"])
                self.send_response(robot.status)
                self.end_headers()
                self.wfile.write(b'{"errcode": 0}')

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/cgi-bin/webhook/send?key=test"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def robot(settings: Any) -> Iterator[Robot]:
    running = Robot()
    settings.KAM_WEBHOOK_URL = running.url
    settings.KAM_WEBHOOK_TIMEOUT = 2
    yield running
    running.close()


@pytest.fixture
def no_webhook(settings: Any) -> None:
    settings.KAM_WEBHOOK_URL = ""


@pytest.fixture
def dead_webhook(settings: Any) -> None:
    """A webhook URL on a loopback port nobody listens on: connections are refused at once."""
    robot = Robot()
    url = robot.url
    robot.close()
    settings.KAM_WEBHOOK_URL = url
    settings.KAM_WEBHOOK_TIMEOUT = 1


def deliveries(channel: str | None = None) -> list[Delivery]:
    rows = Delivery.objects.order_by("id")
    return list(rows.filter(channel=channel) if channel else rows)


# Recording ---------------------------------------------------------------------------------------


def test_notify_creates_rows_and_deliveries(org: dict[str, Any], robot: Robot) -> None:
    created = services.notify(
        recipients=[org["spec1"], org["spec2"]],
        kind="plan.due",
        title="请提交下月计划",
        body="截止 2026-02-28",
        link="/plans/",
    )

    assert len(created) == 2
    rows = Notification.objects.order_by("recipient_id")
    assert [(n.recipient, n.kind, n.title, n.link, n.read_at) for n in rows] == [
        (org["spec1"], "plan.due", "请提交下月计划", "/plans/", None),
        (org["spec2"], "plan.due", "请提交下月计划", "/plans/", None),
    ]
    assert sorted((d.notification.recipient.username, d.channel) for d in deliveries()) == [
        ("spec1", "email"),
        ("spec1", "webhook"),
        ("spec2", "email"),
        ("spec2", "webhook"),
    ]
    assert {(d.status, d.attempts) for d in deliveries()} == {(DeliveryStatus.PENDING, 0)}
    assert robot.received == []  # nothing is sent before the transaction commits


def test_no_email_without_an_address_and_no_webhook_without_a_url(
    org: dict[str, Any], no_webhook: None
) -> None:
    silent = UserFactory(email="", department=org["ka1"])
    services.notify(recipients=[silent], kind="test", title="仅站内")
    assert Notification.objects.filter(recipient=silent).count() == 1
    assert deliveries() == []


def test_inactive_missing_and_repeated_recipients_are_skipped(org: dict[str, Any], no_webhook: None) -> None:
    gone = UserFactory(is_active=False)
    created = services.notify(recipients=[org["spec1"], None, gone, org["spec1"]], kind="test", title="一次")  # type: ignore[list-item]
    assert [n.recipient for n in created] == [org["spec1"]]
    assert Notification.objects.count() == 1


def test_long_titles_are_cut(org: dict[str, Any], no_webhook: None) -> None:
    services.notify(recipients=[org["spec1"]], kind="test", title="长" * 300, link="/x" * 200)
    note = Notification.objects.get()
    assert len(note.title) == 200
    assert len(note.link) == 300


def test_dedupe_key_sends_once(org: dict[str, Any], no_webhook: None) -> None:
    first = services.notify(recipients=[org["spec1"]], kind="sla", title="超时", dedupe_key="sla:42:breach")
    again = services.notify(
        recipients=[org["spec1"], org["spec2"]], kind="sla", title="超时", dedupe_key="sla:42:breach"
    )

    assert len(first) == 1
    assert [n.recipient for n in again] == [org["spec2"]]
    assert Notification.objects.filter(recipient=org["spec1"], dedupe_key="sla:42:breach").count() == 1
    assert Notification.objects.count() == 2
    assert len(deliveries("email")) == 2


def test_without_a_dedupe_key_every_call_notifies(org: dict[str, Any], no_webhook: None) -> None:
    services.notify(recipients=[org["spec1"]], kind="test", title="a")
    services.notify(recipients=[org["spec1"]], kind="test", title="a")
    assert Notification.objects.count() == 2


def test_the_database_refuses_a_duplicate_dedupe_key(org: dict[str, Any]) -> None:
    Notification.objects.create(recipient=org["spec1"], kind="k", title="t", dedupe_key="key")
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(recipient=org["spec1"], kind="k", title="t", dedupe_key="key")


# Sending -----------------------------------------------------------------------------------------


def test_email_delivery(org: dict[str, Any], no_webhook: None, mailoutbox: list[Any]) -> None:
    services.notify(
        recipients=[org["spec1"]], kind="test", title="客户投诉", body="请回电", link="/service/7/"
    )

    with clock.frozen_at(T0):
        assert services.deliver_pending() == 1

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert (mail.subject, mail.to) == ("客户投诉", [org["spec1"].email])
    assert mail.body == "请回电\n\n/service/7/"
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.sent_at, delivery.claimed_until) == (
        DeliveryStatus.SENT,
        1,
        T0,
        None,
    )
    assert services.deliver_pending() == 0
    assert len(mailoutbox) == 1


def test_webhook_delivery_posts_json(org: dict[str, Any], robot: Robot, mailoutbox: list[Any]) -> None:
    services.notify(recipients=[org["spec1"]], kind="test", title="新的服务请求", body="客户:华信")

    assert services.deliver_pending() == 2

    assert robot.received == [
        {"msgtype": "text", "text": {"content": f"新的服务请求\n客户:华信\n@{org['spec1'].display_name}"}}
    ]
    assert robot.content_types == ["application/json"]
    assert len(mailoutbox) == 1
    assert {d.status for d in deliveries()} == {DeliveryStatus.SENT}


def test_notify_delivers_after_commit(
    org: dict[str, Any], robot: Robot, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[org["spec1"]], kind="test", title="提交后发送")
        assert mailoutbox == []
    assert len(mailoutbox) == 1
    assert len(robot.received) == 1
    assert {d.status for d in deliveries()} == {DeliveryStatus.SENT}


def test_a_failing_webhook_is_retried_then_marked_failed(
    org: dict[str, Any], robot: Robot, mailoutbox: list[Any]
) -> None:
    robot.status = 500
    services.notify(recipients=[org["spec1"]], kind="test", title="机器人故障")
    webhook = deliveries("webhook")[0]
    now = T0

    for attempt in range(1, services.MAX_ATTEMPTS + 1):
        with clock.frozen_at(now):
            sent = services.deliver_pending()
            webhook.refresh_from_db()
            assert webhook.attempts == attempt
            assert "500" in webhook.last_error
            # Not retried before its back-off has passed.
            assert services.deliver_pending() == 0
        assert sent == (1 if attempt == 1 else 0)  # the email goes out on the first run
        if attempt < services.MAX_ATTEMPTS:
            assert webhook.status == DeliveryStatus.PENDING
            assert webhook.claimed_until == now + services.CLAIM * attempt
        now = now + services.CLAIM * attempt + timedelta(seconds=1)

    assert webhook.status == DeliveryStatus.FAILED
    assert len(robot.received) == services.MAX_ATTEMPTS
    with clock.frozen_at(now + timedelta(days=1)):
        assert services.deliver_pending() == 0
    assert len(robot.received) == services.MAX_ATTEMPTS
    assert len(mailoutbox) == 1


def test_an_unreachable_webhook_is_retried(org: dict[str, Any], dead_webhook: None) -> None:
    services.notify(recipients=[org["spec1"]], kind="test", title="不可达")
    with clock.frozen_at(T0):
        services.deliver_pending()
    webhook = deliveries("webhook")[0]
    assert (webhook.status, webhook.attempts) == (DeliveryStatus.PENDING, 1)
    assert webhook.last_error
    assert deliveries("email")[0].status == DeliveryStatus.SENT


def test_a_recovered_webhook_sends_on_retry(org: dict[str, Any], robot: Robot) -> None:
    robot.status = 503
    services.notify(recipients=[org["spec1"]], kind="test", title="稍后成功")
    with clock.frozen_at(T0):
        services.deliver_pending()
    robot.status = 200
    with clock.frozen_at(T0 + services.CLAIM + timedelta(seconds=1)):
        assert services.deliver_pending() == 1
    webhook = deliveries("webhook")[0]
    assert (webhook.status, webhook.attempts) == (DeliveryStatus.SENT, 2)
    assert len(robot.received) == 2


def test_concurrent_runs_do_not_send_twice(
    org: dict[str, Any], robot: Robot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second worker that runs while the first is sending finds every delivery claimed."""
    services.notify(recipients=[org["spec1"], org["spec2"], org["spec3"]], kind="test", title="只发一次")
    real_send = services._send
    second_worker: list[int] = []

    def send_while_another_worker_runs(delivery: Delivery) -> None:
        if not second_worker:
            second_worker.append(services.deliver_pending())
        real_send(delivery)

    monkeypatch.setattr(services, "_send", send_while_another_worker_runs)

    assert services.deliver_pending() == 6
    assert second_worker == [0]
    assert len(robot.received) == 3
    assert Delivery.objects.filter(status=DeliveryStatus.SENT, attempts=1).count() == 6


def test_claims_are_exclusive(org: dict[str, Any], robot: Robot) -> None:
    services.notify(recipients=[org["spec1"], org["spec2"]], kind="test", title="认领")
    with clock.frozen_at(T0):
        first = services._claim(limit=3)
        second = services._claim(limit=10)
    assert len(first) == 3
    assert len(second) == 1
    assert {d.pk for d in first}.isdisjoint({d.pk for d in second})


def test_an_abandoned_claim_is_picked_up_again(
    org: dict[str, Any], no_webhook: None, mailoutbox: list[Any]
) -> None:
    """A worker that crashed after claiming leaves the delivery pending; it is sent once the claim lapses."""
    services.notify(recipients=[org["spec1"]], kind="test", title="崩溃之后")
    with clock.frozen_at(T0):
        assert len(services._claim(limit=10)) == 1  # ... and the worker dies here
        assert services.deliver_pending() == 0
    with clock.frozen_at(T0 + services.CLAIM + timedelta(seconds=1)):
        assert services.deliver_pending() == 1
    assert len(mailoutbox) == 1


def test_the_periodic_retry_job_delivers(
    org: dict[str, Any], no_webhook: None, mailoutbox: list[Any]
) -> None:
    services.notify(recipients=[org["spec1"]], kind="test", title="定时重试")
    assert jobs.run_periodic("notify.retry") is True
    assert len(mailoutbox) == 1


# Reading state -----------------------------------------------------------------------------------


def test_mark_read(org: dict[str, Any], no_webhook: None) -> None:
    note = services.notify(recipients=[org["spec1"]], kind="test", title="已读")[0]
    with clock.frozen_at(T0):
        services.notification_mark_read(user=org["spec1"], notification_id=note.pk)
    with clock.frozen_at(T0 + timedelta(hours=1)):
        services.notification_mark_read(user=org["spec1"], notification_id=note.pk)
    assert Notification.objects.get(pk=note.pk).read_at == T0  # the first reading counts


def test_mark_read_of_someone_elses_notification(org: dict[str, Any], no_webhook: None) -> None:
    note = services.notify(recipients=[org["spec1"]], kind="test", title="别人的")[0]
    with pytest.raises(NotFound):
        services.notification_mark_read(user=org["spec2"], notification_id=note.pk)
    assert Notification.objects.get(pk=note.pk).read_at is None


def test_mark_all_read(org: dict[str, Any], no_webhook: None) -> None:
    services.notify(recipients=[org["spec1"], org["spec2"]], kind="test", title="一")
    services.notify(recipients=[org["spec1"]], kind="test", title="二")
    assert services.notifications_mark_all_read(user=org["spec1"]) == 2
    assert not Notification.objects.filter(recipient=org["spec1"], read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=org["spec2"], read_at__isnull=True).count() == 1
