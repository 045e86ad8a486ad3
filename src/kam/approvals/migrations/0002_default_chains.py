"""The rulebook's two approval chains, as version 1 of each (D17, D1).

- ``hospitality`` (大客户招待申请表): customer service manager → general manager → finance.
- ``tour`` (参观管理制度): the company office; the general manager too when the visitors will interview
  or film (flag ``interview_or_filming``, 第十一条).

The company may change either in the admin by adding a version; requests in flight keep theirs.
"""

from django.db import migrations

CHAINS = [
    (
        "hospitality",
        "大客户招待申请",
        "Hospitality requests for key accounts (D17).",
        [
            (1, "客户服务部经理审核", "cs_manager", ""),
            (2, "总经理审核", "general_manager", ""),
            (3, "财务部审核", "finance", ""),
        ],
    ),
    (
        "tour",
        "公司参观申请",
        "Facility tour applications (D1).",
        [
            (1, "公司办公室", "company_office", ""),
            (2, "公司领导", "general_manager", "interview_or_filming"),
        ],
    ),
]


def seed(apps, schema_editor):
    Chain = apps.get_model("approvals", "ApprovalChain")
    Version = apps.get_model("approvals", "ChainVersion")
    Step = apps.get_model("approvals", "ChainStep")
    for code, name, description, steps in CHAINS:
        chain, _ = Chain.objects.get_or_create(code=code, defaults={"name": name, "description": description})
        if Version.objects.filter(chain=chain).exists():
            continue
        version = Version.objects.create(chain=chain, number=1, note="rulebook")
        for order, step_name, post, flag in steps:
            Step.objects.create(
                version=version, order=order, name=step_name, post=post, resolve="any_holder", flag=flag
            )


def unseed(apps, schema_editor):
    apps.get_model("approvals", "ApprovalChain").objects.filter(code__in=[c[0] for c in CHAINS]).delete()


class Migration(migrations.Migration):
    dependencies = [("approvals", "0001_approval_engine")]

    operations = [migrations.RunPython(seed, unseed)]
