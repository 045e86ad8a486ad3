"""The default account tiers A, B and C; the company may rename them or add more in the admin."""

from django.db import migrations

TIERS = [
    ("A", "A 类客户", "Strategic accounts: the largest and most valuable", 1),
    ("B", "B 类客户", "Important accounts with growth potential", 2),
    ("C", "C 类客户", "Ordinary key accounts and new prospects", 3),
]


def create_tiers(apps, schema_editor):
    AccountTier = apps.get_model("accounts", "AccountTier")
    for code, name, description, order in TIERS:
        AccountTier.objects.get_or_create(code=code, defaults={"name": name, "description": description, "order": order})


def remove_tiers(apps, schema_editor):
    apps.get_model("accounts", "AccountTier").objects.filter(code__in=[t[0] for t in TIERS]).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_key_accounts")]

    operations = [migrations.RunPython(create_tiers, remove_tiers)]
