"""The demo company's facility and its tours, at every stage of their approval (D1).

The tours go through the real services, so the approval engine's requests, steps, actions,
notifications and history are those a user would leave: a draft, one awaiting the company office,
a filming visit awaiting the general manager, one returned for changes, an approved one with its
host, car and guide, and a rejected one.
"""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from kam.approvals import services as approvals
from kam.core import clock
from kam.core.demo import DemoContext
from kam.tours import services
from kam.tours.models import FacilityArea, TourApplication

AREAS = [
    # name, description, workshop, magnet-sensitive, no visitors
    ("企业展厅", "公司历史、产品与荣誉", False, False, False),
    ("技术中心", "研发实验室与检测中心", False, False, False),
    ("总装车间", "整机装配流水线", True, False, False),
    ("电解车间", "电解生产线(强磁场)", True, True, False),
    ("动力车间", "变配电与空压站(强磁场)", True, True, False),
    ("成品仓库", "立体仓库与发货区", True, False, False),
    ("危化品仓库", "谢绝参观", False, False, True),
    ("中控室", "生产调度中心,谢绝参观", False, False, True),
]

TOURS = [
    # applicant, organisation, visitors (name, title), days ahead, route, filming, stage
    (
        "zhangwei",
        "华夏集团有限公司",
        [("王建华", "副总经理"), ("李娜", "采购经理")],
        6,
        ["企业展厅", "总装车间", "成品仓库"],
        False,
        "approved",
    ),
    (
        "huanglei",
        "浙江万向物流股份有限公司",
        [("陈刚", "总经理"), ("周敏", "设备部长"), ("吴涛", "工程师")],
        9,
        ["企业展厅", "技术中心", "电解车间", "动力车间"],
        False,
        "submitted",
    ),
    (
        "liuyang",
        "杭州日报社",
        [("郑晓", "记者"), ("孙磊", "摄像")],
        12,
        ["企业展厅", "总装车间"],
        True,
        "at_leadership",
    ),
    (
        "zhaomin",
        "杭州恒达建设有限公司",
        [("何平", "项目经理")],
        15,
        ["企业展厅", "成品仓库"],
        False,
        "returned",
    ),
    (
        "chenxi",
        "宁波港集团",
        [("许强", "副总裁"), ("冯洁", "秘书")],
        20,
        ["企业展厅", "技术中心"],
        False,
        "draft",
    ),
    ("wujing", "某咨询公司", [("匿名", "顾问")], 8, ["技术中心"], False, "rejected"),
]


def _areas() -> dict[str, FacilityArea]:
    found = {}
    for order, (name, description, workshop, magnetic, restricted) in enumerate(AREAS, start=1):
        found[name] = FacilityArea.objects.create(
            name=name,
            description=description,
            is_workshop=workshop,
            is_magnet_sensitive=magnetic,
            is_restricted=restricted,
            order=order,
        )
    return found


def _decide(user: Any, tour: TourApplication, action: str, comment: str = "") -> None:
    tour.refresh_from_db()
    assert tour.approval is not None
    approvals.approval_decide(actor=user, request=tour.approval, step_id=None, action=action, comment=comment)


def _advance(tour: TourApplication, stage: str, users: dict[str, Any]) -> None:
    if stage == "draft":
        return
    services.tour_submit(actor=tour.applicant, tour=tour)
    office = users["dengyu"]
    if stage == "approved":
        services.tour_assign(
            actor=office, tour=tour, host_id=users["liming"].pk, car="考斯特 浙A·D2026", guide="技术中心 王工"
        )
        _decide(office, tour, "approve", "同意,按既定路线参观")
    elif stage == "at_leadership":
        _decide(office, tour, "approve", "采访拍摄,请领导审批")
    elif stage == "returned":
        _decide(office, tour, "return", "请补充参观人员职务和联系方式")
    elif stage == "rejected":
        _decide(office, tour, "reject", "来访目的不明确,暂不安排")


def seed_tours(ctx: DemoContext) -> None:
    users = ctx.data["users"]
    areas = _areas()
    today = clock.local_today()
    for index, (username, organisation, visitors, days, route, filming, stage) in enumerate(TOURS):
        applicant = users[username]
        tour = services.tour_create(
            actor=applicant,
            organisation=organisation,
            headcount=len(visitors),
            visit_date=today + timedelta(days=days),
            start_time=time(9, 30) if index % 2 == 0 else time(14, 0),
            end_time=time(11, 30) if index % 2 == 0 else time(16, 0),
            purpose="考察生产线与产品质量控制" if not filming else "企业专题采访与拍摄",
            route=[areas[name].pk for name in route],
            visitors=[{"name": n, "organisation": organisation, "title": t} for n, t in visitors],
            interview_or_filming=filming,
        )
        _advance(tour, stage, users)
        ctx.progress(index + 1, len(TOURS))


STEPS = [(80, "Facility areas and tours at every approval stage", seed_tours)]
