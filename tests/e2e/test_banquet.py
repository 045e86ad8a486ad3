"""Journey of a banquet built from an empty guest list (D2, D2-seat).

A KA manager, who organises the department's banquets, creates a new banquet through the pages, adds
the guests one save at a time (the company's host first, as the guest list needs exactly one host, then
the customer's principal guest with a dietary taboo, then another of the customer's people), makes the
seating plan and finds every guest on the seat chart, host and principal guest marked, and the
taboo in the menu notes. Each language runs as the manager of another department, with a banquet of
its own.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# organiser (a KA manager), the banquet's title and time (unique to this journey and language)
PEOPLE = {
    "zh-hans": ("liming", "e2e 宴会 华东电网答谢晚宴", "2027-03-18T18:30"),
    "en": ("wangfang", "e2e banquet: welcome dinner", "2027-03-19T18:30"),
}
# name, title, side, role, rank, dietary taboos — added in this order, one save each.
GUESTS = [
    ("郑华", "总经理", "host", "host", "1", ""),
    ("王建华", "董事长", "guest", "guest", "1", "不吃辣"),
    ("李娜", "采购经理", "guest", "guest", "2", ""),
]
TEXT = {
    "zh-hans": {
        "new": "新建宴会",
        "save": "保存",
        "time": "时间",
        "venue": "宴请场合",
        "saved": "宴会已保存；请添加宾客。",
        "save_guests": "保存宾客名单",
        "guests_saved": "宾客名单已保存。",
        "guest_list": "宾客名单",
        "no_guests": "尚无宾客。",
        "seat": "排座",
        "seated": "座次已排好。",
        "chart": "座次图",
        "table": "第 1 桌",
        "host": "主人",
        "principal": "主宾",
    },
    "en": {
        "new": "New banquet",
        "save": "Save",
        "time": "Time",
        "venue": "Venue",
        "saved": "The banquet is saved; now add its guests.",
        "save_guests": "Save guest list",
        "guests_saved": "The guest list is saved.",
        "guest_list": "Guest list",
        "no_guests": "No guests yet.",
        "seat": "Make seating plan",
        "seated": "The seating plan is made.",
        "chart": "Seat chart",
        "table": "Table 1",
        "host": "host",
        "principal": "principal guest",
    },
}


def _starting(label: str) -> re.Pattern[str]:
    # Required fields carry a " *" after the label text: match the label's start.
    return re.compile("^" + re.escape(label))


def _add_guest(j: Any, words: dict[str, str], row: int) -> None:
    """Fill the first empty row of the guest list with ``GUESTS[row]`` and save the list."""
    name, title, side, role, rank, taboos = GUESTS[row]
    page = j.page
    page.get_by_role("link", name=words["guest_list"]).click()
    j.check(f"guest list before guest {row + 1}")
    # The rows saved so far come back filled in; the new guest goes in the first empty row.
    for earlier in range(row):
        expect(page.locator(f"#id_g-{earlier}-name")).to_have_value(GUESTS[earlier][0])
    expect(page.locator(f"#id_g-{row}-name")).to_have_value("")
    page.fill(f"#id_g-{row}-name", name)
    page.fill(f"#id_g-{row}-title", title)
    page.select_option(f"#id_g-{row}-side", side)
    page.select_option(f"#id_g-{row}-role", role)
    page.fill(f"#id_g-{row}-rank", rank)
    page.fill(f"#id_g-{row}-taboos", taboos)
    if row == len(GUESTS) - 1:
        j.screenshot("guests")
    with page.expect_navigation():
        page.get_by_role("button", name=words["save_guests"]).click()
    j.check(f"guest {row + 1} saved")
    expect(page.get_by_text(words["guests_saved"])).to_be_visible()
    expect(page.locator("#guests tbody tr")).to_have_count(row + 1)
    expect(page.locator("#guests tbody")).to_contain_text(name)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_banquet_built_from_an_empty_guest_list(journey: Any, language: str) -> None:
    username, title, starts_at = PEOPLE[language]
    words = TEXT[language]
    j = journey("banquet", language, "desktop")
    j.sign_in(username)
    page = j.goto("/hospitality/banquets/")
    page.get_by_role("link", name=words["new"]).click()
    j.check("banquet form")
    page.fill("#id_title", title)
    page.get_by_label(_starting(words["time"])).fill(starts_at)
    page.get_by_label(_starting(words["venue"])).fill("杭州西湖国宾馆 紫薇厅")
    j.screenshot("banquet-new")
    with page.expect_navigation():
        page.get_by_role("button", name=words["save"], exact=True).click()
    j.check("banquet saved")
    # A new banquet opens on its guest list, which is empty.
    expect(page.get_by_text(words["saved"])).to_be_visible()
    expect(page.locator("#id_g-0-name")).to_have_value("")
    page = j.goto(page.url.removeprefix(j.base).removesuffix("guests/"))
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.locator("#guests tbody")).to_contain_text(words["no_guests"])

    for row in range(len(GUESTS)):
        _add_guest(j, words, row)

    # The principal guest's taboo goes into the menu notes.
    expect(page.locator("#menu-taboos li")).to_have_text([re.compile(r"王建华\s*:\s*不吃辣")])
    with page.expect_navigation():
        page.get_by_role("button", name=words["seat"]).click()
    j.check("seated")
    expect(page.get_by_text(words["seated"])).to_be_visible()
    expect(page.get_by_role("heading", name=words["chart"])).to_be_visible()
    expect(page.get_by_role("img", name=words["chart"])).to_be_visible()
    table = page.locator("details", has=page.locator("summary", has_text=words["table"]))
    expect(table.locator("li", has_text="郑华")).to_contain_text(words["host"])
    expect(table.locator("li", has_text="王建华")).to_contain_text(words["principal"])
    expect(table.locator("li", has_text="李娜")).to_be_visible()
    # The seat chart picture carries the same names.
    chart = j.context.request.get(j.base + page.get_by_role("img", name=words["chart"]).get_attribute("src"))
    assert chart.ok, chart.status
    for name, *_ in GUESTS:
        assert f">{name}</text>" in chart.text(), name
    j.screenshot("seat-chart")
