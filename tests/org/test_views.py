"""Pages of the organisation: signing in (language, demo logins, lockout), profile, directory, tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils.html import escape

from kam.core.demo import DEMO_PASSWORD
from kam.org import services
from kam.org.models import ApiToken, Duty, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client: Any, username: str, password: str = PASSWORD) -> Any:
    return client.post("/login/", {"username": username, "password": password})


def signed_in_as(client: Any) -> User | None:
    user = client.get("/").wsgi_request.user
    return user if user.is_authenticated else None


# Language ----------------------------------------------------------------------------------------


def test_login_page_is_chinese_by_default(client: Any) -> None:
    response = client.get("/login/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in page
    assert "登录大客户管理系统" in page
    assert "用户名" in page
    assert "Sign in" not in page


def test_browser_language_does_not_switch_to_english(client: Any) -> None:
    page = client.get("/login/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert "登录大客户管理系统" in page


def test_switching_to_english(client: Any) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    page = client.get("/login/").content.decode()
    assert '<html lang="en">' in page
    assert "Sign in to the key account management system" in page
    assert "登录大客户管理系统" not in page

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/login/"})
    assert "登录大客户管理系统" in client.get("/login/").content.decode()


def test_an_unsupported_language_is_ignored(client: Any) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert "登录大客户管理系统" in client.get("/login/").content.decode()


# Signing in --------------------------------------------------------------------------------------


def test_sign_in_and_out(client: Any, org: dict[str, Any]) -> None:
    response = sign_in(client, "spec1")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_as(client) == org["spec1"]
    assert User.objects.get(pk=org["spec1"].pk).last_login is not None

    assert client.post("/logout/").status_code == 302
    assert signed_in_as(client) is None


def test_wrong_password_shows_the_form_again(client: Any, org: dict[str, Any]) -> None:
    response = sign_in(client, "spec1", "wrong-password")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert signed_in_as(client) is None


def test_demo_logins_work_after_seeding(client: Any, db: Any) -> None:
    call_command("seed-demo", stdout=StringIO())

    for username in ("admin", "liming", "zhangwei", "zhoujianguo", "xuli"):
        client.logout()
        response = sign_in(client, username, DEMO_PASSWORD)
        assert response.status_code == 302, username
        assert signed_in_as(client).username == username


def test_lockout_after_five_failed_sign_ins(client: Any, org: dict[str, Any]) -> None:
    start = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(4):
            assert sign_in(client, "spec1", "wrong-password").status_code == 200
        assert sign_in(client, "spec1", "wrong-password").status_code == 429

        locked = sign_in(client, "spec1")  # even the right password
        assert locked.status_code == 429
        assert "账号已锁定" in locked.content.decode()
        assert signed_in_as(client) is None

        # Locking is by username: another person signs in as usual.
        assert sign_in(client, "spec2").status_code == 302
        client.logout()

        traveller.shift(timedelta(minutes=15, seconds=1))
        response = sign_in(client, "spec1")
        assert response.status_code == 302
        assert signed_in_as(client) == org["spec1"]


def test_a_successful_sign_in_resets_the_count(client: Any, org: dict[str, Any]) -> None:
    for _ in range(4):
        sign_in(client, "spec1", "wrong-password")
    assert sign_in(client, "spec1").status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "spec1", "wrong-password").status_code == 200
    assert sign_in(client, "spec1").status_code == 302


def test_password_change(client: Any, org: dict[str, Any]) -> None:
    client.force_login(org["spec1"])
    response = client.post(
        "/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "An0ther-good-pass",
            "new_password2": "An0ther-good-pass",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/password/done/"
    assert User.objects.get(pk=org["spec1"].pk).check_password("An0ther-good-pass")


def test_pages_need_a_sign_in(client: Any, db: Any) -> None:
    for path in ("/me/", "/org/", "/people/1/", "/notifications/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/login/?next="), path


# Profile -----------------------------------------------------------------------------------------


def test_profile_shows_posts_duties_and_history(client: Any, org: dict[str, Any]) -> None:
    spec1 = org["spec1"]
    services.user_update(actor=org["admin"], user=spec1, phone="13912345678")
    client.force_login(spec1)

    response = client.get("/me/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "客户专人" in page  # the post, in Chinese
    assert "所任岗位的职责" in page
    duties = Duty.objects.filter(post_id="specialist")
    assert duties.exists()
    for duty in duties:
        assert duty.text_zh in page
    assert "变更记录" in page  # history
    assert "13912345678" in page
    history = response.context["history"]
    assert history[0]["user"] == org["admin"]
    assert {c["new"] for c in history[0]["changes"]} == {"13912345678"}
    assert 'id="history"' in page


def test_profile_in_english_shows_english_duties(client: Any, org: dict[str, Any]) -> None:
    client.force_login(org["manager1"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/me/").content.decode()
    assert "Key account manager" in page
    assert escape(Duty.objects.filter(post_id="ka_manager").first().text_en) in page


def test_another_persons_profile(client: Any, org: dict[str, Any]) -> None:
    client.force_login(org["manager1"])
    response = client.get(f"/people/{org['spec1'].pk}/")
    assert response.status_code == 200
    assert response.context["person"] == org["spec1"]
    assert response.context["own"] is False
    assert "新建令牌" not in response.content.decode()  # no token controls on someone else's page


def test_a_profile_out_of_scope_is_not_shown(client: Any, org: dict[str, Any]) -> None:
    outsider = UserFactory(department=None, posts=[])  # holds no post: sees only themselves
    client.force_login(outsider)
    assert client.get(f"/people/{org['spec4'].pk}/").status_code == 404
    assert client.get(f"/people/{outsider.pk}/").status_code == 200


def test_token_create_and_revoke(client: Any, org: dict[str, Any]) -> None:
    client.force_login(org["spec1"])

    response = client.post("/me/tokens/", {"name": "CRM 集成"})
    assert response.status_code == 302
    token = ApiToken.objects.get(user=org["spec1"])
    assert token.name == "CRM 集成"
    page = client.get("/me/").content.decode()
    shown = page.split('id="new-token"')[1].split('value="')[1].split('"')[0]
    assert services.token_user(shown) == org["spec1"]
    assert 'id="new-token"' not in client.get("/me/").content.decode()  # shown once

    assert client.post(f"/me/tokens/{token.pk}/revoke/").status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert services.token_user(shown) is None


def test_revoking_someone_elses_token_does_nothing(client: Any, org: dict[str, Any]) -> None:
    services.token_issue(user=org["spec2"])
    token = ApiToken.objects.get(user=org["spec2"])
    client.force_login(org["spec1"])
    client.post(f"/me/tokens/{token.pk}/revoke/")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


# Directory ---------------------------------------------------------------------------------------


def test_directory(client: Any, org: dict[str, Any]) -> None:
    ka1 = org["ka1"]
    ka1.head = org["manager1"]
    ka1.save()
    client.force_login(org["spec1"])

    response = client.get("/org/")

    assert response.status_code == 200
    departments = response.context["departments"]
    assert [(d.name, depth) for d, depth in departments] == [
        ("华东大区", 0),
        ("大客户一部", 1),
        ("大客户二部", 1),
        ("华北大区", 0),
        ("大客户三部", 1),
    ]
    page = response.content.decode()
    assert f'href="/people/{org["manager1"].pk}/"' in page
    assert org["spec3"].display_name in page
    assert "组织机构" in page


def test_history_is_visible_in_the_admin(client: Any, org: dict[str, Any]) -> None:
    root = UserFactory(username="root", department=None, is_staff=True, is_superuser=True)
    services.department_update(actor=org["admin"], department=org["ka2"], name="大客户贰部")
    client.force_login(root)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(f"/admin/org/department/{org['ka2'].pk}/history/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "大客户贰部" in page
    assert str(org["admin"]) in page  # who changed it
