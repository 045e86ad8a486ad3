"""The demo company's relationship records, written through the real services.

Assessments across the accounts of both departments with all three results (one confirmed terminate
that released its account, one override with its reason, some awaiting confirmation, earlier rounds
so that trends show), needs and countermeasures, demand lines, competitor notes, a few regional
directives (one overdue), department meetings with action items and two procedures.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from kam.accounts.models import Account
from kam.core import clock
from kam.core.demo import DemoContext
from kam.relations import services
from kam.relations.models import AssessmentTemplate

# Scores in the default template's order; totals worked out by hand (weights 20 15 15 15 10 10 10 5).
PROFILES = {
    "develop": [95, 90, 85, 90, 85, 80, 90, 80],  # 89.0
    "maintain": [75, 70, 65, 80, 70, 75, 70, 60],  # 71.5
    "terminate": [40, 35, 50, 30, 60, 45, 50, 40],  # 42.75
}
EVIDENCE = [
    "近12个月采购额",
    "同比增长",
    "毛利率",
    "信用等级与回款",
    "产品匹配",
    "高层往来",
    "回访满意度",
    "行业排名",
]
PRODUCTS = [("铝锭", 15000, 17500), ("铝板", 18000, 22000), ("铝型材", 20000, 26000), ("铝箔", 24000, 30000)]
REGIONS = ["华东", "华北", "华南", "西南"]
NEEDS = [
    ("计划新建二期厂房，用料将翻倍", "现有供货周期15天，对方希望缩短到7天", "安排华东仓直发，每周两次配送"),
    ("转向高端铝板产品", "对表面质量要求提高", "邀请技术中心现场交流，提供检测报告"),
    ("采购部门换了负责人", "新负责人对我司不熟悉", "安排高层拜访，介绍合作历史"),
    ("开拓西南市场", "当地仓储不足", "研究与当地物流企业合作"),
    ("压缩采购成本", "竞争对手报价低5%", "申请阶梯价格，突出服务与质量"),
]


def _scores(template: AssessmentTemplate, profile: str, shift: int = 0) -> list[dict[str, Any]]:
    values = PROFILES[profile]
    return [
        {"indicator_id": i.pk, "score": max(0, min(100, v + shift)), "evidence": EVIDENCE[n % len(EVIDENCE)]}
        for n, (i, v) in enumerate(zip(template.indicators.all(), values, strict=False))
    ]


def _accounts(department: Any) -> list[Account]:
    return list(
        Account.objects.filter(department=department, owner__isnull=False, status="active")
        .select_related("owner")
        .order_by("pk")[:8]
    )


def _assess(ctx: DemoContext, manager: Any, accounts: list[Account], template: AssessmentTemplate) -> None:
    today = clock.local_today()
    plan = ["develop", "maintain", "maintain", "develop", "terminate", "maintain", "develop", "terminate"]
    for index, account in enumerate(accounts):
        profile = plan[index % len(plan)]
        owner = account.owner
        assert owner is not None
        earlier = services.assessment_create(
            actor=owner,
            account_id=account.pk,
            scores=_scores(template, "maintain", shift=-3 if profile == "develop" else 4),
            assessed_on=today - timedelta(days=180),
            suggestions="半年度评估",
        )
        services.assessment_confirm(actor=manager, assessment=earlier, result=earlier.proposed)
        latest = services.assessment_create(
            actor=owner,
            account_id=account.pk,
            scores=_scores(template, profile),
            assessed_on=today - timedelta(days=index),
            suggestions={"develop": "加大投入，争取年度框架协议", "maintain": "保持拜访频次"}.get(
                profile, "评估是否继续合作"
            ),
        )
        if index == 4:
            services.assessment_confirm(actor=manager, assessment=latest, result="terminate")
        elif index == 7:
            services.assessment_confirm(
                actor=manager, assessment=latest, result="maintain", reason="新项目正在谈判，暂缓终止"
            )
        elif index % 3 != 2:
            services.assessment_confirm(actor=manager, assessment=latest, result=latest.proposed)


def _needs_and_demand(ctx: DemoContext, accounts: list[Account]) -> None:
    today = clock.local_today()
    for index, account in enumerate(accounts):
        owner = account.owner
        assert owner is not None
        direction, problem, countermeasure = NEEDS[index % len(NEEDS)]
        need = services.need_create(
            actor=owner,
            account_id=account.pk,
            entry_date=today - timedelta(days=3 * index),
            direction=direction,
            problem=problem,
            countermeasure=countermeasure,
            owner_id=account.owner_id,
            due_on=today + timedelta(days=index * 4 - 6),
        )
        if index % 3 == 0:
            services.need_update(actor=owner, need=need, status="done")
        elif index % 3 == 1:
            services.need_update(actor=owner, need=need, status="in_progress")
        for line in range(1 + index % 2):
            product, low, high = PRODUCTS[(index + line) % len(PRODUCTS)]
            services.demand_create(
                actor=owner,
                account_id=account.pk,
                product_type=product,
                quantity=50 * (index + 1) + 30 * line,
                region=REGIONS[(index + line) % len(REGIONS)],
                price_min=low,
                price_max=high,
                factors="扩产带来新增需求；对交期和质量稳定性敏感",
            )


def _market(users: dict[str, Any], accounts: list[Account]) -> None:
    rivals = [
        services.competitor_create(actor=users["liming"], name=name, description=text)
        for name, text in [
            ("北方铝业集团", "华北最大的铝加工企业，价格策略激进"),
            ("南海铝材有限公司", "华南型材龙头，交期短"),
            ("西部新材料", "新进入者，主打铝箔"),
        ]
    ]
    notes = [
        ("zhangwei", 0, "北方铝业对华东客户报价下调5%", "申请对重点客户实行阶梯价格"),
        ("liuyang", 1, "南海铝材在华东新设仓库，交期缩短到5天", "评估在杭州增设前置仓"),
        ("huanglei", 2, "西部新材料铝箔产能明年翻倍", ""),
        ("chenxi", 0, "北方铝业正在接触我司两家A类客户", "安排高层拜访巩固关系"),
    ]
    for index, (username, rival, body, proposal) in enumerate(notes):
        account = accounts[index % len(accounts)] if accounts else None
        note = services.note_create(
            actor=users[username],
            body=body,
            competitor_id=rivals[rival].pk,
            account_id=account.pk if account and account.owner_id == users[username].pk else None,
            region=REGIONS[index % len(REGIONS)],
            proposal=proposal,
        )
        if index == 0:
            services.note_decide(actor=users["liming"], note=note, status="accepted")


def _directives(users: dict[str, Any]) -> None:
    regional, today = users["zhoujianguo"], clock.local_today()
    past = datetime.combine(today - timedelta(days=20), time(9, 0), tzinfo=clock.local_zone())
    with clock.frozen_at(past):
        late = services.directive_issue(
            actor=regional,
            assignee_id=users["wangfang"].pk,
            title="清理逾期应收账款",
            body="逐户核对逾期60天以上的应收，制定回款计划",
            due_on=today - timedelta(days=5),
        )
        services.directive_acknowledge(actor=users["wangfang"], directive=late)
    done = services.directive_issue(
        actor=regional,
        assignee_id=users["liming"].pk,
        title="走访华东区A类客户",
        body="本月内完成全部A类客户走访并反馈问题",
        due_on=today + timedelta(days=10),
    )
    services.directive_acknowledge(actor=users["liming"], directive=done)
    services.directive_update(actor=users["liming"], directive=done, body="已走访6家，收集问题11条")
    services.directive_complete(
        actor=users["liming"], directive=done, result="完成全部走访，问题已录入需要对策表"
    )
    services.directive_reply(actor=users["liming"], directive=done, reply="已完成，详见结果，请审阅")
    services.directive_issue(
        actor=regional,
        assignee_id=users["liming"].pk,
        title="提交年度渠道销售计划",
        body="按产品与月份分解",
        due_on=today + timedelta(days=14),
    )


def _department(users: dict[str, Any]) -> None:
    today = clock.local_today()
    manager = users["liming"]
    team = [users[u] for u in ("zhangwei", "liuyang", "chenxi", "yangfan")]
    services.meeting_create(
        actor=manager,
        title="大客户一部月度例会",
        held_on=today - timedelta(days=7),
        minutes="回顾本月拜访与成交情况；讨论竞争对手降价的应对。",
        decisions="对A类客户实行阶梯价格；每周五提交需要对策表。",
        attendee_ids=[u.pk for u in team],
        actions=[
            {
                "description": "整理A类客户需求清单",
                "owner_id": team[0].pk,
                "due_on": today + timedelta(days=3),
            },
            {"description": "测算阶梯价格方案", "owner_id": team[1].pk, "due_on": today - timedelta(days=1)},
        ],
    )
    first = services.procedure_publish(
        actor=manager, title="大客户部工作流程规范", body="一、客户开发流程\n二、合同审核流程\n三、回款跟踪"
    )
    for user in team[:3]:
        services.procedure_acknowledge(actor=user, version=first)
    rules = services.procedure_publish(
        actor=manager, title="客户拜访管理规定", body="拜访时间为上午8点至下午4点30分；进入市场后立即签到。"
    )
    services.procedure_acknowledge(actor=team[0], version=rules)
    services.procedure_publish(
        actor=manager,
        procedure=rules.procedure,
        title="",
        body="拜访时间为上午8点至下午4点30分；进入市场后立即签到；严禁随送货车拜访。",
    )


def seed_relations(ctx: DemoContext) -> None:
    users = ctx.data["users"]
    template = AssessmentTemplate.objects.get(is_default=True)
    ka1, ka2 = users["liming"].department, users["wangfang"].department
    first, second = _accounts(ka1), _accounts(ka2)
    _assess(ctx, users["liming"], first, template)
    ctx.progress(1, 4)
    _assess(ctx, users["wangfang"], second, template)
    first, second = _accounts(ka1), _accounts(ka2)  # without the accounts just released
    _needs_and_demand(ctx, first[:5] + second[:5])
    ctx.progress(2, 4)
    _market(users, first)
    _directives(users)
    ctx.progress(3, 4)
    _department(users)
    ctx.progress(4, 4)


STEPS = [
    (85, "Relationships: assessments, needs, demand, notes, directives, meetings, procedures", seed_relations)
]
