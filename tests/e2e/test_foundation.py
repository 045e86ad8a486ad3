"""Journeys of the foundation: signing in, the home page, the profile, the organisation, languages."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_sign_in_and_look_around(journey: Any, language: str, size: str) -> None:
    j = journey("foundation", language, size)
    page = j.goto("/login/")
    heading = (
        "登录大客户管理系统" if language == "zh-hans" else "Sign in to the key account management system"
    )
    assert page.get_by_role("heading", name=heading).is_visible()
    j.screenshot("login")
    j.sign_in("liming")
    assert page.url.endswith("/")
    assert page.locator("#todo").is_visible()
    j.screenshot("home")
    j.goto("/me/")
    duty = "负责大客户部日常业务管理" if language == "zh-hans" else "Run the department's daily business"
    assert page.get_by_text(duty, exact=False).first.is_visible()
    j.screenshot("profile")
    j.goto("/org/")
    assert page.get_by_text("大客户一部").first.is_visible()
    j.screenshot("organisation")


def test_wrong_password_is_refused_and_language_switch_works(journey: Any) -> None:
    j = journey("foundation-switch", "zh-hans", "desktop")
    page = j.goto("/login/")
    page.fill("#id_username", "zhangwei")
    page.fill("#id_password", "wrong-password")
    page.press("#id_password", "Enter")
    page.wait_for_load_state()
    assert page.locator(".alert-danger").is_visible()
    with page.expect_navigation():
        page.select_option("#language-select", "en")
    assert page.get_by_role("heading", name="Sign in to the key account management system").is_visible()
