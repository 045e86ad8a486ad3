"""The rulebook's forms (F2): which app prints and exports each one, and the field-work forms laid out here.

Forms already exported by their own app (the scorecard, the relationship forms, the hospitality and
tour applications) are linked, not rebuilt; a link whose page is not installed is left out, so the
index never breaks while an app is still landing (an app may also attach or change its links with
:func:`register_form_links`). The contact plan, booking and visit register are month lists with the
rulebook's columns; the daily visit report is one form per person and day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet

from kam.core import clock
from kam.org.models import User
from kam.visits import selectors as visit_selectors


@dataclass(frozen=True)
class FormEntry:
    """One form of the rulebook in the forms index."""

    key: str
    title_zh: str
    requirement: str
    app: str
    print_url: str = ""
    """URL name of the print page ("" when the app has none yet)."""
    export_url: str = ""
    """URL name of the .xlsx export."""
    needs_record: bool = False
    """The form is of one record: the index links to the list where each record has its buttons."""
    list_url: str = ""


@dataclass(frozen=True)
class ListForm:
    """A rulebook form that lists a month of records under the form's own column headers."""

    key: str
    title_zh: str
    requirement: str
    headers: tuple[str, ...]
    rows: Callable[[User, date, int | None], QuerySet[Any]]
    cells: Callable[[Any], list[Any]]
    landscape: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def _local(moment: Any, fmt: str) -> str:
    return f"{clock.localtime(moment):{fmt}}" if moment else ""


def _month_range(rows: QuerySet[Any], name: str, month: date) -> QuerySet[Any]:
    start, end = clock.month_bounds(month)
    return rows.filter(**{f"{name}__gte": start, f"{name}__lt": end})


def _contact_plans(viewer: User, month: date, user_id: int | None) -> QuerySet[Any]:
    rows = visit_selectors.contact_plan_list(viewer=viewer, user_id=user_id)
    return _month_range(rows, "planned_for", month).order_by("planned_for", "id")


def _contact_plan_cells(plan: Any) -> list[Any]:
    return [
        plan.account.name,
        plan.address,
        plan.contact_details or (plan.contact.mobile if plan.contact else ""),
        plan.user.display_name,
        _local(plan.planned_for, "%Y-%m-%d %H:%M"),
        plan.purpose,
        plan.place,
    ]


def _appointments(viewer: User, month: date, user_id: int | None) -> QuerySet[Any]:
    rows = visit_selectors.appointment_list(viewer=viewer, user_id=user_id).select_related(
        "concerned_department"
    )
    return _month_range(rows, "starts_at", month).order_by("starts_at", "id")


def _appointment_cells(booking: Any) -> list[Any]:
    return [
        _local(booking.starts_at, "%Y-%m-%d"),
        booking.account.name,
        f"{_local(booking.starts_at, '%H:%M')}–{_local(booking.ends_at, '%H:%M')}",
        booking.user.display_name,
        booking.concerned_department.name if booking.concerned_department else "",
        " ".join(part for part in (booking.purpose, booking.place, booking.notes) if part),
    ]


def _visits(viewer: User, month: date, user_id: int | None) -> QuerySet[Any]:
    rows = visit_selectors.visit_list(viewer=viewer, user_id=user_id).prefetch_related(None)
    return _month_range(rows, "occurred_at", month).order_by("occurred_at", "id")


def _visit_cells(visit: Any) -> list[Any]:
    return [
        _local(visit.occurred_at, "%Y-%m-%d %H:%M"),
        visit.user.display_name,
        visit.account.name,
        visit.account.address,
        visit.person_visited or (visit.contact.name if visit.contact else ""),
        f"{visit.plan_code}/{visit.result_code}",
        visit.watch_next_time,
        "" if visit.growth_rate is None else f"{visit.growth_rate}%",
        visit.credit,
        "" if visit.profit_margin is None else f"{visit.profit_margin}%",
        visit.evaluation,
        visit.rank,
        visit.industry_standing,
        visit.summary,
        visit.problems_solved,
        visit.problems_open,
    ]


LIST_FORMS: dict[str, ListForm] = {
    "contact-plan": ListForm(
        key="contact-plan",
        title_zh="大客户联系计划表",
        requirement="D13",
        headers=("序号", "客户名称", "地址", "联系方式", "联系人员", "联系时间", "联系目的", "联系地点"),
        rows=_contact_plans,
        cells=_contact_plan_cells,
    ),
    "booking": ListForm(
        key="booking",
        title_zh="大客户联系预定表",
        requirement="D14",
        headers=("序号", "日期", "客户名称", "具体时间", "负责人", "针对部门", "备注"),
        rows=_appointments,
        cells=_appointment_cells,
    ),
    "visit-register": ListForm(
        key="visit-register",
        title_zh="大客户拜访登记表",
        requirement="D15",
        headers=(
            "序号",
            "拜访时间",
            "填表人",
            "客户名称",
            "具体地址",
            "拜访对象",
            "计划/结果代码",
            "注意事项",
            "成长率",
            "信用度",
            "总利润率",
            "综合评价",
            "顺序评核",
            "业界地位",
            "其他",
            "已解决的问题",
            "以后应注意的事项",
        ),
        rows=_visits,
        cells=_visit_cells,
        landscape=True,
    ),
}
"""The month-list forms laid out by this app (D13–D15); the key is the URL's form name."""


def numbered(rows: Iterable[Any], cells: Callable[[Any], list[Any]]) -> Iterator[list[Any]]:
    """Yield the form's rows with their running number first, reading the rows as they come."""
    for number, row in enumerate(rows, start=1):
        yield [number, *cells(row)]


# The daily visit report (大客户拜访日报表, D16) ----------------------------------------------------

WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
DAILY_TITLE = "大客户拜访日报表"
DAILY_VISIT_HEADERS = ("客户", "面谈者", "商谈计划", "面谈概要", "结果")
DAILY_EXPENSE_HEADERS = ("费用项目", "金额(元)", "备注")
PLAN_CODES_ZH = "A 初次拜访  B 解决问题  C 建立关系"
RESULT_CODES_ZH = "A 商谈成功  B 有希望  C 再度访问  D 无希望  E 继续观察"


def daily_report_form(*, viewer: User, report_id: int) -> dict[str, Any]:
    """Gather one daily visit report in its rulebook layout: heading, visits, expenses, totals (D16)."""
    report = visit_selectors.daily_report_get(viewer=viewer, report_id=report_id)
    visits = visit_selectors.visit_list(
        viewer=viewer, user_id=report.user_id, start=report.day, end=report.day + timedelta(days=1)
    ).prefetch_related(None)
    expenses = list(report.expenses.all())
    return {
        "report": report,
        "weekday": WEEKDAYS_ZH[report.day.weekday()],
        "visits": [
            [
                v.account.name,
                v.person_visited or (v.contact.name if v.contact else ""),
                v.plan_code,
                v.summary,
                v.result_code,
            ]
            for v in visits.order_by("occurred_at", "id")
        ],
        "expenses": [[e.item, e.amount, e.note] for e in expenses],
        "expense_total": sum((e.amount for e in expenses), start=0),
    }


def daily_report_rows(form: dict[str, Any]) -> list[list[Any]]:
    """Return the daily report as spreadsheet rows, in the paper form's order (D16)."""
    report = form["report"]
    rows: list[list[Any]] = [
        [DAILY_TITLE],
        ["日期", report.day.isoformat(), "星期", form["weekday"], "填表人", report.user.display_name],
        [
            "主管",
            report.supervisor.display_name if report.supervisor else "",
            "部门经理",
            report.manager.display_name if report.manager else "",
        ],
        list(DAILY_VISIT_HEADERS),
        *form["visits"],
        ["商谈计划：" + PLAN_CODES_ZH],
        ["结果：" + RESULT_CODES_ZH],
        [
            "本日拜访数目",
            report.visits_count,
            "本日解决问题",
            report.solved_count,
            "本日未解决问题",
            report.unsolved_count,
        ],
        ["同行者", report.companions],
        list(DAILY_EXPENSE_HEADERS),
        *form["expenses"],
        ["合计", form["expense_total"], ""],
    ]
    return rows


# The forms index ---------------------------------------------------------------------------------

FORMS: list[FormEntry] = [
    FormEntry("scorecard", "客户专人月度考核表", "B2", "plans", "plans:month_print", "plans:month_export"),
    FormEntry(
        "needs", "大客户需要对策表", "C", "relations", "relations:needs_print", "relations:needs_export"
    ),
    FormEntry(
        "demand", "大客户需求分析表", "C", "relations", "relations:demand_print", "relations:demand_export"
    ),
    FormEntry(
        "relationship",
        "大客户关系评估表",
        "D12",
        "relations",
        needs_record=True,
        list_url="relations:assessment_list",
    ),
    FormEntry(
        "contact-plan", "大客户联系计划表", "D13", "reports", "reports:form_print", "reports:form_export"
    ),
    FormEntry("booking", "大客户联系预定表", "D14", "reports", "reports:form_print", "reports:form_export"),
    FormEntry(
        "visit-register", "大客户拜访登记表", "D15", "reports", "reports:form_print", "reports:form_export"
    ),
    FormEntry(
        "daily-report",
        "大客户拜访日报表",
        "D16",
        "reports",
        needs_record=True,
        list_url="reports:daily_reports",
    ),
    FormEntry(
        "hospitality",
        "大客户招待申请表",
        "D17",
        "hospitality",
        export_url="hospitality:request_export",
        needs_record=True,
        list_url="hospitality:request_list",
    ),
    FormEntry("tour", "公司参观申请表", "D1", "tours", needs_record=True, list_url="tour_list"),
    FormEntry("report", "大客户管理报表", "A2p", "reports", "reports:report_print", "reports:report_export"),
]
"""Every form of the rulebook, in the rulebook's order, with where it is printed and exported."""

_REGISTERED: dict[str, FormEntry] = {}


def register_form_links(
    key: str, *, print_url: str = "", export_url: str = "", list_url: str = "", needs_record: bool = False
) -> None:
    """Let the app that owns a form (relations, hospitality) attach its print and export pages."""
    base = next(f for f in FORMS if f.key == key)
    _REGISTERED[key] = FormEntry(
        base.key, base.title_zh, base.requirement, base.app, print_url, export_url, needs_record, list_url
    )


def forms_index() -> list[FormEntry]:
    return [_REGISTERED.get(f.key, f) for f in FORMS]
