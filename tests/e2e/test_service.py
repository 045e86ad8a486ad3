"""Journeys of the service desk (issue 6): a complaint taken, its clock, the department notified, breaches."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

TEXT = {
    "zh-hans": {
        "open": "受理请求",
        "ended": "通话结束",
        "record": "记录",
        "notify": "通知相关部门（10分钟）",
        "met": "已达标",
        "breaches": "服务超时记录",
        "compliance": "服务时限达标率",
        "quality": "通话质量",
    },
    "en": {
        "open": "Open request",
        "ended": "Call ended",
        "record": "Record",
        "notify": "Notify the department (10 min)",
        "met": "Met",
        "breaches": "SLA breaches",
        "compliance": "SLA compliance",
        "quality": "Call quality",
    },
}


@pytest.mark.parametrize(("language", "size"), [("zh-hans", "desktop"), ("en", "phone")])
def test_complaint_clock_and_breach_board(journey: Any, language: str, size: str) -> None:
    text = TEXT[language]
    agent = journey("service-agent", language, size)
    agent.sign_in("xuli")
    page = agent.goto("/service/new/")
    page.select_option("#kind", "complaint")
    page.fill("#account_q", "华夏")
    page.locator("#account-results input[name=account_id]").first.wait_for()
    agent.check("account picker")
    page.locator("#account-results input[name=account_id]").first.check()
    contacts = page.locator("#account-results input[name=contact_id]")
    if contacts.count():
        contacts.first.check()
    page.fill("#summary", "空调安装后漏水，要求上门处理")
    agent.screenshot("new-complaint")
    with page.expect_navigation():
        page.get_by_role("button", name=text["open"]).click()
    assert re.search(r"/service/\d+/$", page.url), page.url
    agent.check("request opened")
    with page.expect_navigation():
        page.get_by_role("button", name=text["ended"], exact=True).click()
    agent.check("call ended")
    clock = page.locator("[data-deadline]").first
    clock.wait_for()
    # A locator assertion polls from Playwright's own world: the page's CSP forbids eval-based waits.
    expect(clock).to_have_text(re.compile(r"\d\d:\d\d:\d\d"))
    agent.screenshot("clock")
    page.locator("details summary").first.click()
    page.select_option("#ev-type", "department_notified")
    page.select_option("#ev-dep", label="维修服务部")
    with page.expect_navigation():
        page.get_by_role("button", name=text["record"], exact=True).click()
    agent.check("department notified")
    row = page.locator("li.list-group-item", has_text=text["notify"])
    assert text["met"] in row.inner_text()
    agent.screenshot("department-notified")

    manager = journey("service-manager", language, size)
    manager.sign_in("chenjing")
    board = manager.goto("/service/breaches/")
    assert board.get_by_role("heading", name=text["breaches"]).is_visible()
    assert board.locator("tbody tr td a").count() > 0
    manager.screenshot("breaches")
    table = manager.goto("/service/compliance/")
    assert table.get_by_role("heading", name=text["compliance"]).is_visible()
    manager.screenshot("compliance")
    quality = manager.goto("/service/quality/")
    assert quality.get_by_role("heading", name=text["quality"]).is_visible()
    manager.screenshot("quality")
