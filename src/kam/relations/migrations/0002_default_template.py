"""Seed the default relationship assessment template (D12); managers may edit it afterwards."""

from decimal import Decimal

from django.db import migrations

INDICATORS = [
    ("采购量", 20, "近十二个月的采购金额与数量"),
    ("增长率", 15, "采购额同比增长"),
    ("利润率", 15, "该客户业务的总利润率"),
    ("信用与付款记录", 15, "信用等级、按期付款、逾期应收"),
    ("战略契合度", 10, "与公司产品和市场方向的契合"),
    ("关系深度", 10, "高层往来、决策链覆盖、拜访频次"),
    ("满意度", 10, "服务回访与投诉情况"),
    ("业界地位", 5, "客户在其行业中的地位与影响力"),
]
GRADES = [["A", "90"], ["B", "75"], ["C", "60"], ["D", "0"]]


def seed(apps, schema_editor):
    Template = apps.get_model("relations", "AssessmentTemplate")
    Indicator = apps.get_model("relations", "Indicator")
    if Template.objects.exists():
        return
    template = Template.objects.create(
        name="大客户关系评估（默认）",
        standard_score=Decimal(70),
        develop_at=Decimal(80),
        terminate_below=Decimal(60),
        grades=GRADES,
        is_default=True,
    )
    Indicator.objects.bulk_create(
        Indicator(template=template, name=name, weight=Decimal(weight), description=text, order=i)
        for i, (name, weight, text) in enumerate(INDICATORS)
    )


class Migration(migrations.Migration):
    dependencies = [("relations", "0001_relationship_management")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
