"""Journey of a hospitality request through the whole chain (D17): a specialist submits it on a phone; the
customer-service manager, the general manager and finance approve it in turn; after the event the
specialist records spending well above the budget, which goes back to finance, who accept and settle it.

Each language runs as another demo specialist with its own event date, so the approvers find the run's
own request in their inboxes whatever ran before.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

# specialist, event date (unique to this journey and language)
PEOPLE = {"zh-hans": ("wujing", "2027-02-11"), "en": ("sunhao", "2027-02-12")}
# The chain of the rulebook's 大客户招待申请表, in order: post, username, screen size.
APPROVERS = [
    ("cs-manager", "chenjing", "phone"),
    ("general-manager", "zhenghua", "desktop"),
    ("finance", "fengli", "desktop"),
]
TEXT = {
    "zh-hans": {
        "new": "新建申请",
        "venue": "宴请场合",
        "date": "宴请日期",
        "attendees": "客户方面同席人员",
        "ours": "我司同席人员",
        "meals": "预算：用餐",
        "purpose": "目的",
        "save": "保存",
        "submit": "提交审批",
        "submitted": "申请已提交审批。",
        "comment": "意见",
        "approve": "批准",
        "approved": "已批准",
        "record": "登记实际支出",
        "actual": {
            "meeting": "实际：会议",
            "meals": "实际：用餐",
            "transport": "实际：交通",
            "gifts": "实际：礼物",
            "other": "实际：其他",
        },
        "overrun": "超支说明",
        "record_spending": "登记支出",
        "back_to_finance": "实际支出超出预算较多，已退回财务部审核。",
        "finance_review": "超支待财务审核",
        "settle": "审核通过并结算",
        "settled_message": "申请已结算。",
        "settled": "已结算",
    },
    "en": {
        "new": "New request",
        "venue": "Venue",
        "date": "Date of the hospitality",
        "attendees": "Customer's attendees",
        "ours": "Our attendees",
        "meals": "Budget: meals",
        "purpose": "Purpose",
        "save": "Save",
        "submit": "Submit for approval",
        "submitted": "The request is sent for approval.",
        "comment": "Comment",
        "approve": "Approve",
        "approved": "Approved",
        "record": "Record actual spending",
        "actual": {
            "meeting": "Actual: meeting",
            "meals": "Actual: meals",
            "transport": "Actual: transport",
            "gifts": "Actual: gifts",
            "other": "Actual: other",
        },
        "overrun": "Explanation of the overrun",
        "record_spending": "Record spending",
        "back_to_finance": "The spending is well above the budget and goes back to finance.",
        "finance_review": "Spending back with finance",
        "settle": "Accept and settle",
        "settled_message": "The request is settled.",
        "settled": "Settled",
    },
}


def _starting(label: str) -> re.Pattern[str]:
    # Required fields carry a " *" after the label text: match the label's start.
    return re.compile("^" + re.escape(label))


def _submit_request(j: Any, words: dict[str, Any], language: str, event_date: str) -> str:
    """Fill a request with a meals budget of 1800 and submit it; return the request's path."""
    page = j.goto("/hospitality/")
    page.get_by_role("link", name=words["new"]).click()
    j.check("request form")
    page.locator("#id_account").select_option(index=1)
    page.get_by_label(words["venue"]).fill("杭州香格里拉饭店")
    page.get_by_label(words["date"]).fill(event_date)
    page.get_by_label(_starting(words["attendees"])).fill("刘总经理 采购总监")
    page.get_by_label(_starting(words["ours"])).fill("客户专人")
    page.get_by_label(words["meals"]).fill("1800")
    page.get_by_label(_starting(words["purpose"])).fill(f"e2e {language} 年度合作洽谈")
    j.submit_hospitality_request(words)
    return page.url.removeprefix(j.base)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_hospitality_request_through_the_chain_and_settlement(journey: Any, language: str) -> None:
    words = TEXT[language]
    username, event_date = PEOPLE[language]
    applicant = journey("hospitality-chain", language, "phone")
    applicant.sign_in(username)
    request_path = _submit_request(applicant, words, language, event_date)

    for post, approver, size in APPROVERS:
        j = journey(f"hospitality-chain-{post}", language, size)
        j.sign_in(approver)
        inbox = j.goto("/approvals/")
        inbox.locator("#inbox a", has_text=event_date).click()
        j.check(f"approval page of the {post}")
        inbox.get_by_label(words["comment"]).fill(f"e2e {language}: 同意")
        j.screenshot("approval")
        with inbox.expect_navigation():
            inbox.get_by_role("button", name=words["approve"], exact=True).click()
        j.check(f"approved by the {post}")

    # After the event: spending of 2300 against a budget of 1800 is well above it (over 10 %).
    page = applicant.goto(request_path)
    assert page.locator("#request-status", has_text=words["approved"]).is_visible()
    page.get_by_role("link", name=words["record"]).click()
    applicant.check("spending form")
    actual = {"meeting": "0", "meals": "2300", "transport": "0", "gifts": "0", "other": "0"}
    for line, amount in actual.items():
        page.get_by_label(_starting(words["actual"][line])).fill(amount)
    page.get_by_label(_starting(words["overrun"])).fill("客户临时增加两位陪同人员")
    applicant.screenshot("spending")
    with page.expect_navigation():
        page.get_by_role("button", name=words["record_spending"]).click()
    applicant.check("spending recorded")
    assert page.get_by_text(words["back_to_finance"]).is_visible()
    assert page.locator("#request-status", has_text=words["finance_review"]).is_visible()
    assert page.locator("#budget-lines", has_text="2300").is_visible()

    finance = journey("hospitality-chain-settle", language, "desktop")
    finance.sign_in("fengli")
    page = finance.goto(request_path)
    assert page.get_by_text("客户临时增加两位陪同人员", exact=True).is_visible()
    finance.screenshot("finance-review")
    with page.expect_navigation():
        page.get_by_role("button", name=words["settle"]).click()
    finance.check("settled")
    assert page.get_by_text(words["settled_message"]).is_visible()
    assert page.locator("#request-status", has_text=words["settled"]).is_visible()
    finance.screenshot("settled")
