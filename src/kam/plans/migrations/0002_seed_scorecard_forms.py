"""Seed the rulebook's two scorecard forms (B2, B3, B4); form 1 is the default."""

from django.db import migrations


def _row(code, zh, en, weight, kind, source="", standard=""):
    return {
        "code": code,
        "label_zh": zh,
        "label_en": en,
        "weight": str(weight),
        "kind": kind,
        "source": source,
        "cap": "100",
        "standard_zh": standard,
    }


FORM_1 = [
    _row(
        "visits",
        "拜访目标指标",
        "Visits",
        40,
        "counted",
        "visits",
        "本月最后一个工作日上报，次月拜访工作计划",
    ),
    _row(
        "expansion",
        "拓展目标指标",
        "Expansion",
        25,
        "counted",
        "expansion",
        "本月最后一个工作日上报，次月拓展工作计划",
    ),
    _row(
        "deals",
        "成交目标指标",
        "Deals",
        20,
        "counted",
        "deals",
        "本月最后一个工作日上报，次月输送客户到案场工作计划",
    ),
    _row("daily_work", "日常工作指标", "Daily work", 15, "manual", "", "团队合作、客户维护、平时表现、出勤"),
]
FORM_2 = [
    _row("business_management", "业务管理", "Business management", 60, "manual"),
    _row("customer_service", "客户服务", "Customer service", 10, "manual"),
    _row("front_desk_support", "前台支持", "Front-desk support", 10, "manual"),
    _row("back_end_response", "后台响应", "Back-end response", 10, "manual"),
    _row("conduct", "平时表现", "Conduct", 10, "manual"),
]


def seed(apps, schema_editor):
    Template = apps.get_model("plans", "ScorecardTemplate")
    Template.objects.get_or_create(
        name="客户专人月度考核表（表一）", version=1, defaults={"rows": FORM_1, "is_default": True}
    )
    Template.objects.get_or_create(
        name="客户专人月度考核表（表二）", version=1, defaults={"rows": FORM_2, "is_default": False}
    )


def unseed(apps, schema_editor):
    apps.get_model("plans", "ScorecardTemplate").objects.filter(
        version=1, name__startswith="客户专人月度考核表"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_plans_scorecards")]
    operations = [migrations.RunPython(seed, unseed)]
