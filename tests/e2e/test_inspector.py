"""Journey of the inspector: find an open discipline violation of this month, read it and close it with an
audit note; at desktop and phone width, in Chinese and English.

Each run closes the first violation still open, so the runs take different ones and need no order.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e

INSPECTOR = "qianjin"
TEXT = {
    "zh-hans": {
        "violations": "违规记录",
        "status": "状态",
        "filter": "筛选",
        "evidence": "证据",
        "note": "备注",
        "close": "关闭",
        "saved": "已保存。",
        "closed": "已关闭",
    },
    "en": {
        "violations": "Violations",
        "status": "Status",
        "filter": "Filter",
        "evidence": "Evidence",
        "note": "Note",
        "close": "Close",
        "saved": "Saved.",
        "closed": "Closed",
    },
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_inspector_closes_an_open_violation(journey: Any, language: str, size: str) -> None:
    words = TEXT[language]
    j = journey("inspector", language, size)
    j.sign_in(INSPECTOR)
    page = j.goto("/visits/violations/")
    assert page.get_by_role("heading", name=words["violations"]).is_visible()
    page.get_by_label(words["status"]).select_option("open")
    with page.expect_navigation():
        page.get_by_role("button", name=words["filter"]).click()
    j.check("open violations")
    j.screenshot("open-violations")

    first = page.locator(".list-group-item a").first
    href = first.get_attribute("href")
    day, kind = first.inner_text().split(" · ")
    first.click()
    j.check("violation")
    assert page.get_by_role("heading", name=f"{kind} · {day}").is_visible()
    assert page.get_by_text(words["evidence"], exact=True).is_visible()
    note = f"e2e {language} {size}: 已核实，按制度扣分"
    page.get_by_label(words["note"]).fill(note)
    j.screenshot("violation")
    with page.expect_navigation():
        page.get_by_role("button", name=words["close"], exact=True).click()
    j.check("violation closed")
    assert page.locator(".alert-success", has_text=words["saved"]).is_visible()
    assert page.get_by_text(words["closed"], exact=True).is_visible()
    assert page.get_by_text(note).first.is_visible()
    j.screenshot("closed")

    # It has left the open ones.
    page = j.goto("/visits/violations/?status=open")
    assert page.locator(f'a[href="{href}"]').count() == 0
