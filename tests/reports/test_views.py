"""Pages: dashboards per post, the report with its print page and .xlsx, the rulebook forms (A2p, F2)."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from kam.reports.models import KeyAccountReport
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _client(user: Any, language: str = "zh-hans") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def _sheet(response: Any) -> list[list[Any]]:
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_specialist_lands_on_their_month(dataset: dict[str, Any]) -> None:
    response = _client(dataset["spec1"], "en").get("/reports/?month=2026-02")
    assert response.status_code == 200
    text = response.content.decode()
    assert "My month" in text
    assert "Plan against actual this month" in text
    assert "Department dashboard" not in text  # no other board to switch to


def test_manager_dashboard_in_chinese_with_charts(dataset: dict[str, Any]) -> None:
    response = _client(dataset["manager1"]).get("/reports/?month=2026-02")
    text = response.content.decode()
    assert response.status_code == 200
    assert "部门看板" in text
    assert "<svg" in text and "kam-funnel" in text
    assert "15000.50" in text


@pytest.mark.parametrize(
    ("posts", "board", "title"),
    [
        (["general_manager"], "company", "Company results"),
        (["finance"], "company", "Company results"),
        (["regional_manager"], "region", "Region dashboard"),
        (["cs_manager"], "service", "Service dashboard"),
        (["call_centre"], "service", "Service dashboard"),
        (["inspector"], "discipline", "Visit discipline"),
        (["service_director"], "discipline", "Visit discipline"),
    ],
)
def test_each_post_lands_on_its_board(
    dataset: dict[str, Any], posts: list[str], board: str, title: str
) -> None:
    user = UserFactory(department=dataset["ka1"], posts=posts)
    response = _client(user, "en").get("/reports/?month=2026-02")
    assert response.status_code == 200
    assert f"<title>{title}" in response.content.decode()


def test_a_board_of_another_post_falls_back_to_ones_own(dataset: dict[str, Any]) -> None:
    response = _client(dataset["spec1"], "en").get("/reports/?board=company&month=bad")
    assert response.status_code == 200
    assert "<title>My month" in response.content.decode()


def test_posts_without_a_board_are_refused(dataset: dict[str, Any]) -> None:
    user = UserFactory(department=dataset["ka1"], posts=["company_office"])
    assert _client(user).get("/reports/").status_code == 403


def test_manager_exports_the_monthly_report(dataset: dict[str, Any]) -> None:
    client = _client(dataset["manager1"])
    page = client.get("/reports/monthly/?month=2026-02")
    assert page.status_code == 200
    assert "大客户管理报表" in page.content.decode()
    response = client.get(f"/reports/monthly/export.xlsx?month=2026-02&department={dataset['ka1'].pk}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _sheet(response)
    assert rows[0][0] == "大客户管理报表"
    assert rows[1][:4] == ["部门", "大客户一部", "期间", "2026-02"]
    figures = {row[0]: row[1] for row in rows if row and row[0]}
    assert figures["成交(组)"] == 2
    assert float(figures["成交金额(元)"]) == 15000.50
    assert figures["终止客户"] == 1
    printed = client.get(f"/reports/monthly/print/?month=2026-02&department={dataset['ka1'].pk}")
    assert printed.status_code == 200 and "kam-form-sheet" in printed.content.decode()


def test_report_of_a_department_not_seen_is_404(dataset: dict[str, Any]) -> None:
    response = _client(dataset["manager1"]).get(
        f"/reports/monthly/?month=2026-02&department={dataset['ka2'].pk}"
    )
    assert response.status_code == 404


def test_specialist_cannot_open_the_report(dataset: dict[str, Any]) -> None:
    assert _client(dataset["spec1"]).get("/reports/monthly/").status_code == 403


def test_keep_a_report_and_open_it(dataset: dict[str, Any]) -> None:
    client = _client(dataset["manager1"])
    response = client.post(
        "/reports/monthly/keep/", {"department": dataset["ka1"].pk, "month": "2026-02", "period": "month"}
    )
    kept = KeyAccountReport.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/reports/kept/{kept.pk}/")
    assert client.get(f"/reports/kept/{kept.pk}/").status_code == 200
    assert "2026-02" in client.get("/reports/kept/").content.decode()
    assert _sheet(client.get(f"/reports/kept/{kept.pk}/export.xlsx"))[0][0] == "大客户管理报表"
    assert _client(dataset["manager2"]).get(f"/reports/kept/{kept.pk}/").status_code == 404


def test_keep_with_a_bad_month_writes_nothing(dataset: dict[str, Any]) -> None:
    response = _client(dataset["manager1"]).post(
        "/reports/monthly/keep/", {"department": dataset["ka1"].pk, "month": "2026-13"}
    )
    assert response.status_code == 302
    assert not KeyAccountReport.objects.exists()


def test_forms_index_lists_every_rulebook_form(dataset: dict[str, Any]) -> None:
    text = _client(dataset["spec1"]).get("/reports/forms/").content.decode()
    for title in (
        "客户专人月度考核表",
        "大客户需要对策表",
        "大客户需求分析表",
        "大客户关系评估表",
        "大客户联系计划表",
        "大客户联系预定表",
        "大客户拜访登记表",
        "大客户拜访日报表",
        "大客户招待申请表",
        "公司参观申请表",
    ):
        assert title in text
    assert "/plans/scorecards/export.xlsx" in text
    assert "/reports/forms/visit-register/print/" in text


def test_visit_register_prints_and_exports_the_specialists_own_visits(dataset: dict[str, Any]) -> None:
    client = _client(dataset["spec1"])
    printed = client.get("/reports/forms/visit-register/print/?month=2026-02").content.decode()
    assert "大客户拜访登记表" in printed and "以后应注意的事项" in printed
    rows = _sheet(client.get("/reports/forms/visit-register/export.xlsx?month=2026-02"))
    assert rows[0][0] == "大客户拜访登记表"
    assert rows[2][:4] == ["序号", "拜访时间", "填表人", "客户名称"]
    body = rows[3:]
    assert [r[0] for r in body] == [1, 2, 3]  # spec1's three February visits only
    assert {r[6] for r in body} == {"A/B", "A/A", "B/C"}


def test_booking_and_contact_plan_forms(dataset: dict[str, Any]) -> None:
    client = _client(dataset["manager1"])
    rows = _sheet(client.get("/reports/forms/booking/export.xlsx?month=2026-02"))
    assert rows[2] == ["序号", "日期", "客户名称", "具体时间", "负责人", "针对部门", "备注"]
    assert len(rows) == 5  # title, heading, headers, two bookings
    assert client.get("/reports/forms/contact-plan/print/?month=2026-02").status_code == 200
    assert client.get("/reports/forms/nope/print/").status_code == 404


def test_daily_report_form(dataset: dict[str, Any]) -> None:
    from datetime import date

    from kam.visits.models import DailyReport, ExpenseLine

    report = DailyReport.objects.create(
        user=dataset["spec1"],
        department=dataset["ka1"],
        day=date(2026, 2, 9),
        visits_count=1,
        companions="刘洋",
    )
    ExpenseLine.objects.create(report=report, item="交通", amount="35.50", note="=cmd")
    client = _client(dataset["spec1"])
    listing = client.get("/reports/forms/daily-reports/?month=2026-02").content.decode()
    assert f"/reports/forms/daily-reports/{report.pk}/" in listing
    printed = client.get(f"/reports/forms/daily-reports/{report.pk}/").content.decode()
    assert "大客户拜访日报表" in printed and "星期一" in printed
    rows = _sheet(client.get(f"/reports/forms/daily-reports/{report.pk}/export.xlsx"))
    assert rows[0][0] == "大客户拜访日报表"
    assert ["交通", 35.5, "'=cmd"] in [r[:3] for r in rows]  # formula escaped
    assert _client(dataset["spec2"]).get(f"/reports/forms/daily-reports/{report.pk}/").status_code == 404


def test_dashboard_fits_a_phone_and_labels_its_controls(dataset: dict[str, Any]) -> None:
    text = _client(dataset["manager1"]).get("/reports/").content.decode()
    assert '<label for="board"' in text and 'id="board"' in text
    assert '<label for="month"' in text
    # Every asset is served from the site itself (a CSRF token may contain the letters "cdn" by chance).
    assert not re.search(r'(?:src|href)="(?:https?:)?//', text)
