"""Journeys of the key account database: a specialist finds an account by its pinyin initials and opens
its 360° page on a phone; a KA manager imports a spreadsheet with a bad row and imports the valid rows.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

pytestmark = pytest.mark.e2e

TEXT = {
    "zh-hans": {
        "owner_history": "负责人变更记录",
        "upload": "上传并检查",
        "valid_only": "只导入 1 行有效数据",
        "imported": "已导入 1 行。",
        "short_code": "统一社会信用代码为 18 位。",
    },
    "en": {
        "owner_history": "Owner history",
        "upload": "Upload and check",
        "valid_only": "Import only the 1 valid row",
        "imported": "1 row imported.",
        "short_code": "A unified social credit code has 18 characters.",
    },
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_specialist_finds_an_account_by_initials_on_a_phone(journey: Any, language: str) -> None:
    j = journey("accounts-search", language, "phone")
    j.sign_in("zhangwei")
    page = j.goto("/accounts/?q=hxjt")
    link = page.get_by_role("link", name="华夏集团有限公司").first
    assert link.is_visible()
    j.screenshot("search")
    with page.expect_navigation():
        link.click()
    j.check("360° page")
    assert page.get_by_role("heading", name="华夏集团有限公司").first.is_visible()
    assert page.get_by_text(TEXT[language]["owner_history"]).first.is_visible()
    j.screenshot("account")


def _workbook(path: Path, seed: int) -> Path:
    from kam.accounts.demo import credit_code

    rng = random.Random(seed)
    book = Workbook()
    sheet = book.active
    sheet.append(["客户名称", "统一社会信用代码", "客户专人", "状态"])
    sheet.append([f"杭州旅途{seed}号科技有限公司", credit_code(rng, "330106"), "zhangwei", "潜在客户"])
    sheet.append([f"杭州坏行{seed}号贸易有限公司", "123", "zhangwei", "潜在客户"])
    book.save(path)
    return path


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_manager_imports_a_sheet_with_a_bad_row(journey: Any, language: str, tmp_path: Path) -> None:
    text = TEXT[language]
    j = journey("accounts-import", language, "desktop")
    j.sign_in("liming")
    page = j.goto("/accounts/import/")
    page.set_input_files("#id_file", str(_workbook(tmp_path / "accounts.xlsx", 1 if language == "en" else 2)))
    with page.expect_navigation():
        page.get_by_role("button", name=text["upload"]).click()
    page.wait_for_selector("#import-errors", timeout=30_000)
    j.check("import report")
    # The row's problem, in the reader's language.
    assert page.get_by_text(
        text["short_code"]
    ).first.is_visible()  # the row's problem, in the reader's language
    j.screenshot("report")
    with page.expect_navigation():
        page.get_by_role("button", name=text["valid_only"]).click()
    page.wait_for_selector(f"text={text['imported']}", timeout=30_000)
    j.check("imported")
    j.screenshot("imported")
