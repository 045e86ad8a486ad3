"""Journey of the KA manager: open the department dashboard, then the monthly key account report, export
it as .xlsx and open its print page; at desktop and phone width, in Chinese and English."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e

TEXT = {
    "zh-hans": {
        "board": "部门看板",
        "funnel": "从初次拜访到成交",
        "report": "大客户管理报表",
        "export": "导出 .xlsx",
        "print": "打印",
        "forms": "制度表单",
    },
    "en": {
        "board": "Department dashboard",
        "funnel": "From first visit to deal",
        "report": "Key account management report",
        "export": "Export .xlsx",
        "print": "Print",
        "forms": "Rulebook forms",
    },
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_manager_opens_the_dashboard_and_exports_the_monthly_report(
    journey: Any, language: str, size: str
) -> None:
    text = TEXT[language]
    j = journey("reports", language, size)
    j.sign_in("liming")
    page = j.goto("/reports/")
    assert page.get_by_role("heading", name=text["board"]).is_visible()
    assert page.get_by_role("heading", name=text["funnel"]).is_visible()
    j.screenshot("dashboard")
    page.get_by_role("link", name=text["report"]).first.click()
    j.check("monthly report")
    j.screenshot("report")
    with page.expect_download() as download:
        page.get_by_role("link", name=text["export"]).click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.get_by_role("link", name=text["print"]).first.click()
    j.check("print page")
    assert page.get_by_text("大客户管理报表").first.is_visible()
    j.goto("/reports/forms/")
    assert page.get_by_role("heading", name=text["forms"]).is_visible()
    j.screenshot("forms")
