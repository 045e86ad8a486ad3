"""Journey of field work on a phone: sign in to the system, sign in at a place (inside, then outside the
territory, the position set in the browser), log a visit, see it on the day's report, submit the report.

Each language runs as another demo specialist, so that the two runs do not share a day's report.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# (username, a point inside their demo territory, a point outside it) — WGS-84, as a phone's GPS gives.
PEOPLE = {
    "zh-hans": ("zhangwei", (30.25, 120.20), (31.23, 121.47)),  # 上城区
    "en": ("liuyang", (30.34, 120.14), (31.23, 121.47)),  # 拱墅区
}
TEXT = {
    "zh-hans": {
        "sign_in": "在此签到",
        "signed": "签到",
        "inside": "在片区内",
        "outside": "在片区外",
        "violation": "已记为违规：超出片区",
        "log": "登记拜访",
        "save_visit": "保存拜访",
        "recorded": "拜访已登记。",
        "plan": "C · 联络感情",
        "result": "B · 有望成交",
        "summary": "摘要",
        "save_report": "保存日报",
        "submit": "提交日报",
        "submitted": "日报已提交。",
        "status": "已提交",
    },
    "en": {
        "sign_in": "Sign in here",
        "signed": "Signed in at",
        "inside": "in the territory",
        "outside": "outside the territory",
        "violation": "Recorded as a violation: Outside the territory",
        "log": "Log a visit",
        "save_visit": "Save the visit",
        "recorded": "The visit is recorded.",
        "plan": "C · build the relationship",
        "result": "B · promising",
        "summary": "Summary",
        "save_report": "Save the report",
        "submit": "Submit the report",
        "submitted": "The report is submitted.",
        "status": "Submitted",
    },
}


def _located(j: Any, lat: float, lng: float) -> None:
    """Give the page's geolocation a fixed position, as a phone's GPS would."""
    j.context.grant_permissions(["geolocation"], origin=j.base)
    j.context.set_geolocation({"latitude": lat, "longitude": lng, "accuracy": 12})


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_specialists_day_on_a_phone(journey: Any, language: str) -> None:
    username, inside, outside = PEOPLE[language]
    words = TEXT[language]
    j = journey("visits", language, "phone")
    j.sign_in(username)
    page = j.goto("/visits/")
    j.screenshot("today")

    # Sign in at the place, inside the territory: one tap, the position comes from the browser.
    _located(j, *inside)
    with page.expect_navigation():
        page.get_by_role("button", name=words["sign_in"]).click()
    j.check("signed in inside")
    assert page.locator(".alert-success", has_text=words["signed"]).first.is_visible()
    assert page.get_by_text(words["inside"]).first.is_visible()

    # Again from outside the territory: recorded, and flagged as a violation.
    _located(j, *outside)
    with page.expect_navigation():
        page.get_by_role("button", name=words["sign_in"]).click()
    j.check("signed in outside")
    assert page.locator(".badge", has_text=words["outside"]).first.is_visible()
    assert page.get_by_text(words["violation"]).first.is_visible()
    j.screenshot("signed-in")

    # Log a visit with the position of the place.
    _located(j, *inside)
    page.get_by_role("link", name=words["log"]).first.click()
    j.check("visit form")
    account = page.locator("#id_account option").first.inner_text()
    page.get_by_label(words["plan"]).check()
    page.get_by_label(words["result"]).check()
    page.get_by_label(words["summary"]).fill(f"e2e {language}: 介绍新产品，客户有兴趣")
    page.locator("[data-geolocate]").click()
    # A locator assertion polls from Playwright's own world: the page's CSP forbids eval-based waits.
    expect(page.locator("[name=lat]")).not_to_have_value("")
    j.screenshot("visit-form")
    with page.expect_navigation():
        page.get_by_role("button", name=words["save_visit"]).click()
    j.check("visit saved")
    assert page.get_by_text(words["recorded"]).is_visible()
    assert page.get_by_text(account).first.is_visible()

    # The day's report shows the visit; save it with an expense, then submit it.
    page = j.goto("/visits/report/")
    assert page.get_by_text(f"e2e {language}").is_visible()
    page.fill("#id_item_0", "交通" if language == "zh-hans" else "Taxi")
    page.fill("#id_amount_0", "26.50")
    with page.expect_navigation():
        page.get_by_role("button", name=words["save_report"]).click()
    j.check("report saved")
    assert page.get_by_text("26.50").first.is_visible()
    j.screenshot("report")
    with page.expect_navigation():
        page.get_by_role("button", name=words["submit"]).click()
    j.check("report submitted")
    assert page.get_by_text(words["submitted"]).is_visible()
    # The status reads "Submitted", with a "late" badge beside it after the day's due time (20:00).
    assert page.locator("dd", has_text=words["status"]).first.is_visible()
    assert page.get_by_role("button", name=words["submit"]).count() == 0
    j.screenshot("submitted")
