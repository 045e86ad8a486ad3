"""Journey of the listening self-test (D7, D9-test), on a desktop and on a phone.

A specialist opens the playbook, reads the chapter on the five levels of listening, takes the
self-test answering "almost always" (5) to all 20 questions and sees the total and the advice of its
band. The hand-worked total is 96, not 100: question 6 counts the other way round, so its 5 scores 1.
Their KA manager then finds the result among the team's averages. Each language and size runs as
another specialist of the same department, so every run's result is a member's latest.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

MANAGER = "liming"
# (language, size): the specialist's username and display name, all in 大客户一部 under MANAGER.
PEOPLE = {
    ("zh-hans", "desktop"): ("zhangwei", "张伟"),
    ("zh-hans", "phone"): ("liuyang", "刘洋"),
    ("en", "desktop"): ("chenxi", "陈曦"),
    ("en", "phone"): ("yangfan", "杨帆"),
}
QUESTIONS = 20
ALL_FIVES_TOTAL = "96"
TEXT = {
    "zh-hans": {
        "chapter": "聆听的五个层次",
        "level": "假装聆听",
        "sections": "手册章节",
        "reference": "资料",
        "test_link": "聆听测试",
        "test": "聆听技巧自我测试",
        "score": "计算我的得分",
        "results": "我的聆听测试结果",
        "band": "优秀的倾听者",
        "advice": "继续保持,并把你的做法分享给同事。",
        "team_link": "团队平均分",
        "team": "团队聆听测试平均分",
        "average_total": "平均总分",
    },
    "en": {
        "chapter": "The five levels of listening",
        "level": "Pretending to listen",
        "sections": "Playbook sections",
        "reference": "Reference",
        "test_link": "Listening test",
        "test": "Listening skills self-test",
        "score": "Score my answers",
        "results": "My listening test results",
        "band": "An excellent listener",
        "advice": "Keep it up, and share your habits with your colleagues.",
        "team_link": "Team averages",
        "team": "Team listening averages",
        "average_total": "Average total",
    },
}


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_listening_self_test_and_the_team_averages(journey: Any, language: str, size: str) -> None:
    username, display_name = PEOPLE[language, size]
    words = TEXT[language]
    j = journey("playbook", language, size)
    j.sign_in(username)

    page = j.goto("/playbook/")
    sections = page.get_by_role("navigation", name=words["sections"])
    expect(sections.get_by_role("link", name=words["reference"], exact=True)).to_be_visible()
    page.get_by_role("link", name=words["chapter"]).click()
    j.check("chapter")
    expect(page.get_by_role("heading", level=1)).to_have_text(words["chapter"])
    expect(page.get_by_text(words["level"]).first).to_be_visible()
    j.screenshot("chapter")

    sections.get_by_role("link", name=words["test_link"], exact=True).click()
    j.check("test")
    expect(page.get_by_role("heading", level=1)).to_have_text(words["test"])
    expect(page.locator("fieldset[id^=question-]")).to_have_count(QUESTIONS)
    for number in range(1, QUESTIONS + 1):
        # The radio buttons are drawn as their labels: a tap on "5" is a tap on the label.
        page.locator(f"label[for=q{number}-5]").click()
        expect(page.locator(f"#q{number}-5")).to_be_checked()
    j.screenshot("test")
    with page.expect_navigation():
        page.get_by_role("button", name=words["score"]).click()
    j.check("result")
    expect(page.get_by_role("heading", level=1)).to_have_text(words["results"])
    result_id = re.search(r"[?&]result=(\d+)", page.url)
    assert result_id, page.url
    result = page.locator(f"#result-{result_id[1]}")
    expect(result.locator("strong.fs-5")).to_have_text(re.compile(rf"^{ALL_FIVES_TOTAL}\s*/\s*100$"))
    expect(result).to_contain_text(words["band"])
    expect(result).to_contain_text(words["advice"])
    j.screenshot("result")

    manager = journey("playbook-team", language, size)
    manager.sign_in(MANAGER)
    team = manager.goto("/playbook/listening-test/history/")
    team.get_by_role("link", name=words["team_link"]).click()
    manager.check("team averages")
    expect(team.get_by_role("heading", level=1)).to_have_text(words["team"])
    expect(team.get_by_text(words["average_total"])).to_be_visible()
    expect(team.locator("table tbody tr")).to_have_count(QUESTIONS)
    expect(team.locator("li", has_text=display_name)).to_contain_text(
        f"{display_name} · {ALL_FIVES_TOTAL} · "
    )
    manager.screenshot("team")
