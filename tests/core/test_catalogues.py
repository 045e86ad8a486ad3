"""The Chinese catalogues: complete, and one translation per English string across the apps.

Django merges every app's catalogue into one; where two apps translate the same msgid differently, the
app listed first in INSTALLED_APPS wins on every page. A string whose meaning differs between apps takes
a context (``pgettext``, ``{% translate "Title" context "job" %}``). KNOWN lists the differences found
when the per-app catalogues were first merged (most are wording, not meaning); it may only shrink.
"""

from __future__ import annotations

import collections
from pathlib import Path

import polib  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[2] / "src" / "kam"
CATALOGUES = sorted(ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))
KNOWN = set(
    [
        "Approved",
        "Breached",
        "Collected",
        "Customer",
        "Description",
        "Done",
        "Due date",
        "Edit",
        "Evidence",
        "Form",
        "From",
        "Highest price",
        "History",
        "Lowest price",
        "Met",
        "Month",
        "Needs and countermeasures",
        "Notes",
        "Open",
        "Owner",
        "Print form",
        "Product type",
        "Proposal",
        "Proposed",
        "Purpose",
        "Rank",
        "Reason",
        "Reference",
        "Region",
        "Rejected",
        "Relationship assessments",
        "Row",
        "SLA breaches",
        "Score",
        "Sent",
        "Specialist",
        "Supervisor",
        "Until",
        "Violations",
        "Visitors",
        "Weight",
        "action",
        "author",
        "description",
        "done",
        "due",
        "due date",
        "evidence",
        "from",
        "highest price",
        "kind",
        "lowest price",
        "note",
        "notes",
        "order",
        "overdue",
        "owner",
        "person",
        "prepared by",
        "product type",
        "proposal",
        "purpose",
        "rank",
        "requirement",
        "reviewed at",
        "rows",
        "score",
        "specialist",
        "step",
        "supervisor",
        "title",
        "total",
        "until",
        "visitors",
    ]
)


def test_every_catalogue_is_translated_in_full() -> None:
    gaps = {
        str(path.relative_to(ROOT)): [
            e.msgid for e in polib.pofile(str(path)) if not e.translated() or e.fuzzy
        ]
        for path in CATALOGUES
    }
    assert len(CATALOGUES) >= 10
    assert not {path: ids for path, ids in gaps.items() if ids}


def test_no_new_string_is_translated_two_ways() -> None:
    seen: dict[str, set[str]] = collections.defaultdict(set)
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            if entry.msgstr and not entry.msgctxt:
                seen[entry.msgid].add(entry.msgstr)
    differing = {msgid for msgid, translations in seen.items() if len(translations) > 1}
    assert differing <= KNOWN, f"give these a context or one translation: {sorted(differing - KNOWN)}"
