"""Seed the rulebook's reference chapters (D3–D9, D18–D26, E1), the call scripts and the listening-test
bands (D9-test) from the JSON files in ``playbook/data``, as version 1 of each topic."""

import json
import unicodedata
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def _flatten(value, found):
    if isinstance(value, str):
        found.append(value)
    elif isinstance(value, dict):
        for key, inner in value.items():
            if key not in ("key", "seconds"):
                _flatten(inner, found)
    elif isinstance(value, list):
        for inner in value:
            _flatten(inner, found)


def load(apps, schema_editor):
    Topic = apps.get_model("playbook", "Topic")
    TopicVersion = apps.get_model("playbook", "TopicVersion")
    ListeningBand = apps.get_model("playbook", "ListeningBand")
    for path in sorted(DATA.glob("topics_*.json")):
        for entry in json.loads(path.read_text(encoding="utf-8")):
            topic, _ = Topic.objects.update_or_create(
                slug=entry["slug"],
                defaults={
                    "chapter": entry["chapter"],
                    "requirement": entry.get("requirement", ""),
                    "order": entry.get("order", 0),
                    "fixed_count": entry.get("fixed_count"),
                },
            )
            if topic.versions.exists():
                continue
            found = []
            _flatten([entry["title"], entry.get("intro", {}), entry["items"]], found)
            version = TopicVersion.objects.create(
                topic=topic,
                number=1,
                title_zh=entry["title"]["zh"],
                title_en=entry["title"]["en"],
                intro_zh=entry.get("intro", {}).get("zh", ""),
                intro_en=entry.get("intro", {}).get("en", ""),
                items=entry["items"],
                note="Seeded from the rulebook",
                search_text=unicodedata.normalize("NFKC", "\n".join(found)).casefold(),
            )
            topic.current = version
            topic.save(update_fields=["current"])
    if not ListeningBand.objects.exists():
        for band in json.loads((DATA / "bands.json").read_text(encoding="utf-8")):
            ListeningBand.objects.create(
                min_score=band["min"],
                max_score=band["max"],
                label_zh=band["label"]["zh"],
                label_en=band["label"]["en"],
                advice_zh=band["advice"]["zh"],
                advice_en=band["advice"]["en"],
            )


def unload(apps, schema_editor):
    apps.get_model("playbook", "Topic").objects.update(current=None)
    apps.get_model("playbook", "TopicVersion").objects.all().delete()
    apps.get_model("playbook", "Topic").objects.all().delete()
    apps.get_model("playbook", "ListeningBand").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("playbook", "0001_library_content_training")]
    operations = [migrations.RunPython(load, unload)]
