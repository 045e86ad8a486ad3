"""Journey of a hospitality request on a phone, and the demo banquet's seating and reception plan.

A specialist fills the hospitality request form and submits it; the customer-service manager opens it
from the approvals inbox and approves it; the demo banquet shows its seat chart and serving order, and
the demo reception plan lists both flows. Each language runs as another demo specialist.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

PEOPLE = {"zh-hans": "chenxi", "en": "yangfan"}
TEXT = {
    "zh-hans": {
        "new": "新建申请",
        "venue": "宴请场合",
        "attendees": "客户方面同席人员",
        "ours": "我司同席人员",
        "meals": "预算：用餐",
        "purpose": "目的",
        "date": "宴请日期",
        "save": "保存",
        "submit": "提交审批",
        "submitted": "申请已提交审批。",
        "approve": "批准",
        "chart": "座次图",
        "serving": "主桌上菜顺序",
        "send_off": "送行",
    },
    "en": {
        "new": "New request",
        "venue": "Venue",
        "attendees": "Customer's attendees",
        "ours": "Our attendees",
        "meals": "Budget: meals",
        "purpose": "Purpose",
        "date": "Date of the hospitality",
        "save": "Save",
        "submit": "Submit for approval",
        "submitted": "The request is sent for approval.",
        "approve": "Approve",
        "chart": "Seat chart",
        "serving": "Serving order at the main table",
        "send_off": "Send-off",
    },
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_hospitality_request_and_the_demo_banquet(journey: Any, language: str) -> None:
    words = TEXT[language]
    j = journey("hospitality", language, "phone")
    j.sign_in(PEOPLE[language])
    page = j.goto("/hospitality/")
    page.get_by_role("link", name=words["new"]).click()
    j.check("request form")
    page.locator("#id_account").select_option(index=1)
    page.get_by_label(words["venue"]).fill("西湖国宾馆")
    page.get_by_label(words["date"]).fill("2027-01-15")
    # Required fields carry a " *" after the label text: match the label's start.
    page.get_by_label(re.compile("^" + re.escape(words["attendees"]))).fill("王建华 董事长")
    page.get_by_label(re.compile("^" + re.escape(words["ours"]))).fill("陈曦")
    page.get_by_label(words["meals"]).fill("1800")
    page.get_by_label(re.compile("^" + re.escape(words["purpose"]))).fill(f"e2e {language} 答谢客户")
    j.screenshot("request-form")
    j.submit_hospitality_request(words)

    manager = journey("hospitality-cs", language, "phone")
    manager.sign_in("chenjing")
    inbox = manager.goto("/approvals/")
    inbox.locator("a", has_text="2027-01-15").first.click()
    manager.check("approval page")
    with inbox.expect_navigation():
        inbox.get_by_role("button", name=words["approve"]).click()
    manager.check("approved")

    planner = journey("hospitality-banquet", language, "desktop")
    planner.sign_in("liming")
    banquets = planner.goto("/hospitality/banquets/")
    banquets.locator("table a").first.click()
    planner.check("banquet")
    assert banquets.get_by_role("heading", name=words["chart"]).is_visible()
    assert banquets.get_by_role("heading", name=words["serving"]).is_visible()
    planner.screenshot("banquet")
    reception = journey("hospitality-reception", language, "phone")
    reception.sign_in("zhangwei")
    plans = reception.goto("/hospitality/receptions/")
    plans.locator("table a").first.click()
    reception.check("reception plan")
    assert plans.get_by_role("heading", name=words["send_off"]).is_visible()
    reception.screenshot("reception")
