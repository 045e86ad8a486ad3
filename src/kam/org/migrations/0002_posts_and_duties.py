"""Seed the posts of requirements §0 and the duties the rulebook gives them (A2, A4)."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "duties.json"


def load(apps, schema_editor):
    Post = apps.get_model("org", "Post")
    Duty = apps.get_model("org", "Duty")
    for order, (code, post) in enumerate(json.loads(DATA.read_text(encoding="utf-8")).items()):
        row, _ = Post.objects.update_or_create(
            code=code, defaults={"name_zh": post["zh"], "name_en": post["en"], "order": order}
        )
        Duty.objects.filter(post=row).delete()
        Duty.objects.bulk_create(
            Duty(post=row, requirement=req, text_zh=zh, text_en=en, order=index)
            for index, (req, zh, en) in enumerate(post["duties"])
        )


def unload(apps, schema_editor):
    apps.get_model("org", "Duty").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
