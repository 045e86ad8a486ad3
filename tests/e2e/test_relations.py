"""Journey of a relationship assessment (D12): the KA manager opens an account waiting for its
assessment round, scores every indicator, sees the total and the proposed result, and confirms it.

Each language runs as the manager of another demo department, so that the runs share no account.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e

MANAGERS = {"zh-hans": "liming", "en": "wangfang"}
TEXT = {
    "zh-hans": {
        "assess": "评估客户关系",
        "save": "保存评估",
        "saved": "评估已保存，由经理确认结果。",
        "develop": "发展关系",
        "confirm": "确认",
        "confirmed": "结果已确认。",
        "status": "已确认",
    },
    "en": {
        "assess": "Assess the relationship",
        "save": "Save assessment",
        "saved": "The assessment is saved; a manager confirms its result.",
        "develop": "Develop the relationship",
        "confirm": "Confirm",
        "confirmed": "Result confirmed.",
        "status": "Confirmed",
    },
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_manager_assesses_an_account_and_confirms_the_result(journey: Any, language: str) -> None:
    words = TEXT[language]
    j = journey("relations", language, "desktop")
    j.sign_in(MANAGERS[language])
    page = j.goto("/relations/")
    j.screenshot("overview")

    # An assessment waiting for confirmation leads to its account; assess that account again.
    page.locator("section", has=page.locator("a[href*='/relations/assessments/']")).locator("a").first.click()
    page.wait_for_load_state()
    j.check("pending assessment")
    page.locator("h1 a[href*='/accounts/']").click()
    page.wait_for_load_state()
    j.check("account")
    page.get_by_role("link", name=words["assess"]).click()
    page.wait_for_load_state()
    j.check("assessment form")
    scores = page.locator("input[name^='score_']")
    for index in range(scores.count()):
        scores.nth(index).fill("88")
        page.locator(f"input[name='evidence_{scores.nth(index).get_attribute('name')[6:]}']").fill("e2e")
    j.screenshot("form")
    with page.expect_navigation():
        page.get_by_role("button", name=words["save"]).click()
    j.check("assessment saved")
    assert page.get_by_text(words["saved"]).is_visible()
    assert page.locator("#total").inner_text() == "88.00"
    assert page.locator("#proposed").inner_text() == words["develop"]

    # The manager confirms the proposed result.
    with page.expect_navigation():
        page.locator("#confirm").get_by_role("button", name=words["confirm"]).click()
    j.check("confirmed")
    assert page.get_by_text(words["confirmed"]).is_visible()
    assert page.locator("#status").inner_text().strip() == words["status"]
    assert page.locator("#result").inner_text().strip() == words["develop"]
    j.screenshot("confirmed")
