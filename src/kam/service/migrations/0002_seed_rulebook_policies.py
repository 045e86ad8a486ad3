"""Seed version 1 of each kind's SLA policy: the rulebook's 客户服务质量标准 (D10)."""

from django.db import migrations


def seed(apps, schema_editor):
    from kam.service.policies import SEEDED_POLICIES
    from kam.service.policy_json import policy_to_dict

    SlaPolicy = apps.get_model("service", "SlaPolicy")
    for kind, policy in SEEDED_POLICIES.items():
        if not SlaPolicy.objects.filter(kind=kind.value).exists():
            SlaPolicy.objects.create(
                kind=kind.value, version=policy.version, definition=policy_to_dict(policy), active=True
            )


def unseed(apps, schema_editor):
    apps.get_model("service", "SlaPolicy").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("service", "0001_service_desk")]

    operations = [migrations.RunPython(seed, unseed)]
