"""Journeys of monthly plans and scorecards: a specialist submits next month's plan; the KA manager
approves one, scores the daily work on a specialist's scorecard, locks the month and exports the form.

Each run works as other demo people: a specialist per language and size, a department per language for
the manager (李明's 大客户一部 in Chinese, 王芳's 大客户二部 in English), so no run depends on another.
The manager scores and locks the month before last, which the demo scored but left open.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import openpyxl
import pytest

pytestmark = pytest.mark.e2e

# Specialists who plan next month, per language and size (no demo plan exists for next month).
PLANNERS = {
    ("zh-hans", "desktop"): "zhangwei",
    ("zh-hans", "phone"): "liuyang",
    ("en", "desktop"): "huanglei",
    ("en", "phone"): "zhaomin",
}
# The KA manager, a specialist of theirs whose plan they approve and card they score, and the name shown.
MANAGERS = {"zh-hans": ("liming", "chenxi", "陈曦"), "en": ("wangfang", "wujing", "吴静")}
TEXT = {
    "zh-hans": {
        "my_plan": "我的计划",
        "visits": "拜访（组）",
        "expansions": "拓展（组）",
        "deals": "成交（组）",
        "submit": "提交计划",
        "submitted": "计划已提交。",
        "status_submitted": "已提交",
        "board": "计划看板",
        "comment": "意见",
        "approve": "批准",
        "saved": "已保存。",
        "approved": "已批准",
        "scorecards": "考核表",
        "show": "显示",
        "save_scores": "保存评分",
        "lock_month": "锁定本月",
        "locked_message": "份考核表",
        "locked": "已锁定",
        "export": "导出 .xlsx",
    },
    "en": {
        "my_plan": "My plan",
        "visits": "Visits (groups)",
        "expansions": "Expansions (groups)",
        "deals": "Deals (groups)",
        "submit": "Submit plan",
        "submitted": "Plan submitted.",
        "status_submitted": "Submitted",
        "board": "Plans board",
        "comment": "Comment",
        "approve": "Approve",
        "saved": "Saved.",
        "approved": "Approved",
        "scorecards": "Scorecards",
        "show": "Show",
        "save_scores": "Save scores",
        "lock_month": "Lock the month",
        "locked_message": "scorecards locked.",
        "locked": "Locked",
        "export": "Export .xlsx",
    },
}


def _submit_next_months_plan(j: Any, words: dict[str, str], counts: tuple[int, int, int]) -> Any:
    """Open next month's plan as the signed-in specialist, fill it and submit it; return the page."""
    page = j.goto("/plans/")
    assert page.get_by_role("heading", name=words["my_plan"]).is_visible()
    for field, count in zip(("visits", "expansions", "deals"), counts, strict=True):
        page.get_by_label(words[field]).fill(str(count))
    j.screenshot("plan-form")
    with page.expect_navigation():
        page.get_by_role("button", name=words["submit"]).click()
    j.check("plan submitted")
    assert page.locator(".alert-success", has_text=words["submitted"]).is_visible()
    return page


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_specialist_submits_next_months_plan(journey: Any, language: str, size: str) -> None:
    words = TEXT[language]
    j = journey("plans", language, size)
    j.sign_in(PLANNERS[language, size])
    page = _submit_next_months_plan(j, words, (36, 4, 2))
    assert page.locator("#plan-status", has_text=words["status_submitted"]).is_visible()
    # A submitted plan is not submitted twice: the form is gone, the plan is listed with its numbers.
    assert page.get_by_role("button", name=words["submit"]).count() == 0
    row = page.locator("tbody tr", has_text=words["status_submitted"]).first
    assert row.locator("td").nth(1).inner_text() == "36"
    j.screenshot("submitted")


def _month_before_last(shown: str) -> str:
    """Return ``YYYY-MM`` two months before the ``YYYY-MM`` the page shows (the server's month)."""
    year, month = (int(part) for part in shown.split("-"))
    year, index = divmod(year * 12 + month - 1 - 2, 12)
    return f"{date(year, index + 1, 1):%Y-%m}"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_manager_approves_a_plan_scores_locks_and_exports(journey: Any, language: str) -> None:
    words = TEXT[language]
    manager_name, specialist_name, shown_name = MANAGERS[language]

    # The specialist submits next month's plan first, so the journey needs nothing from another test.
    specialist = journey("plans-specialist", language, "phone")
    specialist.sign_in(specialist_name)
    _submit_next_months_plan(specialist, words, (40, 5, 3))

    j = journey("plans-manager", language, "desktop")
    j.sign_in(manager_name)
    page = j.goto("/plans/board/?next=1")
    assert page.get_by_role("heading", name=words["board"]).is_visible()
    plan = page.locator("li", has_text=shown_name).filter(
        has=page.get_by_role("button", name=words["approve"])
    )
    plan.get_by_label(words["comment"]).fill(f"e2e {language}: 同意")
    j.screenshot("board")
    with page.expect_navigation():
        plan.get_by_role("button", name=words["approve"]).click()
    j.check("plan approved")
    assert page.locator(".alert-success", has_text=words["saved"]).is_visible()
    decided = page.locator("li", has_text=shown_name).filter(has_text=f"e2e {language}")
    assert decided.get_by_text(words["approved"]).is_visible()
    assert decided.get_by_role("button", name=words["approve"]).count() == 0

    # The month before last: scored by the demo, still open.
    page = j.goto("/plans/scorecards/")
    month = _month_before_last(page.locator("#sc-month").input_value())
    page.locator("#sc-month").fill(month)
    with page.expect_navigation():
        page.get_by_role("button", name=words["show"]).click()
    j.check("scorecards of the month before last")
    assert page.get_by_role("heading", name=f"{words['scorecards']} · {month}").is_visible()
    j.screenshot("scorecards")
    page.locator("#ranking").get_by_role("link", name=shown_name).click()
    j.check("scorecard")
    page.get_by_label("日常工作指标").fill("93")
    with page.expect_navigation():
        page.get_by_role("button", name=words["save_scores"]).click()
    j.check("daily work scored")
    assert page.locator(".alert-success", has_text=words["saved"]).is_visible()
    assert float(page.get_by_label("日常工作指标").input_value()) == 93
    j.screenshot("scored")

    page.get_by_role("link", name="← " + words["scorecards"]).click()
    j.check("back to the scorecards")
    with page.expect_navigation():
        page.get_by_role("button", name=words["lock_month"]).click()
    j.check("month locked")
    assert page.locator(".alert-success", has_text=words["locked_message"]).is_visible()
    statuses = page.locator("#ranking tbody tr td:last-child").all_inner_texts()
    assert statuses and all(s == words["locked"] for s in statuses)
    j.screenshot("locked")

    # A locked card takes no more scores; its form exports with the daily work as scored.
    page.locator("#ranking").get_by_role("link", name=shown_name).click()
    j.check("locked scorecard")
    assert page.get_by_role("button", name=words["save_scores"]).count() == 0
    with page.expect_download() as download:
        page.get_by_role("link", name=words["export"]).click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as workbook:
        sheet = openpyxl.load_workbook(workbook, read_only=True).active
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "客户专人月度考核表"
    assert shown_name in rows[1] and month in rows[1]
    daily = next(r for r in rows if len(r) > 1 and r[1] == "日常工作指标")
    assert float(daily[4]) == 93
    j.screenshot("exported")
