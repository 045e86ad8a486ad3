"""The project's own commands: seed-demo, demo, compile-translations, worker, serve."""

from __future__ import annotations

import gettext
import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from kam.core.demo import DEMO_PASSWORD
from kam.org.models import Department, Territory, User

pytestmark = pytest.mark.django_db

REAL_PO = Path(__file__).resolve().parents[2] / "src/kam/locale/zh_Hans/LC_MESSAGES/django.po"

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: zh_Hans\\n"

msgid "Sign in"
msgstr "登录"
"""


def run(*args: Any, **options: Any) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_seed_demo_seeds_once(db: Any) -> None:
    first = run("seed-demo")

    assert "Demo company ready" in first
    assert DEMO_PASSWORD in first
    assert "zhangwei" in first
    assert User.objects.count() == 25
    specialists = User.objects.filter(posts__code="specialist")
    assert specialists.count() == 8
    assert not specialists.filter(territory__isnull=True).exists()
    assert Territory.objects.count() == 8
    assert Department.objects.filter(kind="region").count() == 1
    assert Department.objects.filter(name__startswith="大客户", kind="department").count() == 3
    assert Department.objects.filter(head__isnull=True).count() == 0
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(DEMO_PASSWORD)
    zhangwei = User.objects.get(username="zhangwei")
    assert zhangwei.supervisor.username == "liming"
    assert zhangwei.department.parent.kind == "region"

    second = run("seed-demo")

    assert second.strip() == "The database already holds data; nothing seeded."
    assert User.objects.count() == 25
    assert Territory.objects.count() == 8


def test_demo_without_serving_sets_up_and_reuses(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from kam.core import demo
    from kam.core.management.commands import demo as demo_command
    from kam.org.demo import STEPS as ORGANISATION

    monkeypatch.setattr(demo, "steps", lambda: list(ORGANISATION))  # the command's flow, not every app's data

    called: list[str] = []
    real = demo_command.call_command

    def record(name: str, *args: Any, **kwargs: Any) -> Any:
        called.append(name)
        if name in ("migrate", "collectstatic"):  # the test database is migrated; static files are slow
            return None
        return real(name, *args, **kwargs)

    monkeypatch.setattr(demo_command, "call_command", record)

    first = run("demo", no_serve=True)
    second = run("demo", no_serve=True)

    assert called == ["compile-translations", "migrate", "collectstatic"] * 2
    assert "Demo company ready" in first
    assert "Using the existing database." in second
    assert "Demo company ready" not in second
    assert DEMO_PASSWORD in second  # the logins are printed every time
    assert User.objects.count() == 25


def test_compile_translations(settings: Any, tmp_path: Path) -> None:
    po = tmp_path / "zh_Hans" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO, encoding="utf-8")
    settings.LOCALE_PATHS = [tmp_path]

    assert run("compile-translations") == "Compiled 1 translation catalogue(s).\n"

    mo = po.with_suffix(".mo")
    with mo.open("rb") as handle:
        assert gettext.GNUTranslations(handle).gettext("Sign in") == "登录"
    # Up to date: nothing to do, nothing said.
    assert run("compile-translations") == ""
    assert run("compile-translations", verbosity=2) == "Compiled 0 translation catalogue(s).\n"


def test_the_real_catalogue_compiles(settings: Any, tmp_path: Path) -> None:
    target = tmp_path / "zh_Hans" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(REAL_PO, target / "django.po")
    settings.LOCALE_PATHS = [tmp_path]

    run("compile-translations")

    with (target / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert catalogue.gettext("Sign in to the key account management system") == "登录大客户管理系统"


def test_worker_needs_a_broker(settings: Any) -> None:
    from kam.core.management.commands.worker import NO_BROKER

    settings.KAM_BROKER_URL = ""
    with pytest.raises(CommandError, match=NO_BROKER.split(":")[0]):
        call_command("worker")


def test_worker_starts_celery_with_beat(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from kam.celery import app

    argv: list[list[str]] = []
    monkeypatch.setattr(app, "worker_main", lambda args: argv.append(args))
    settings.KAM_BROKER_URL = "redis://127.0.0.1:6379/0"

    call_command("worker", concurrency=3, hostname="w1@host")
    call_command("worker", no_beat=True)

    assert "--concurrency=3" in argv[0]
    assert "--hostname=w1@host" in argv[0]
    assert "--beat" in argv[0]
    assert f"--queues={settings.CELERY_TASK_DEFAULT_QUEUE}" in argv[0]
    assert "--beat" not in argv[1]


def test_serve_configures_gunicorn(monkeypatch: pytest.MonkeyPatch) -> None:
    from gunicorn.app.base import BaseApplication

    seen: dict[str, Any] = {}

    def fake_run(self: Any) -> None:
        seen["bind"] = self.cfg.bind
        seen["workers"] = self.cfg.workers
        seen["app"] = self.load()

    monkeypatch.setattr(BaseApplication, "run", fake_run)

    out = run("serve", bind="127.0.0.1:8765", workers=1)

    from kam.wsgi import application

    assert seen == {"bind": ["127.0.0.1:8765"], "workers": 1, "app": application}
    assert "http://127.0.0.1:8765/" in out
