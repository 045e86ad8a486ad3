"""The change history reads as people write: labels for choices, names for people, reasons translated (F1)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import pgettext

import kam
from kam.approvals import rules as approval_rules
from kam.approvals.models import RequestStatus
from kam.core import audit
from kam.visits.models import Violation

pytestmark = pytest.mark.django_db


def test_history_shows_labels_names_and_translated_reasons(org: dict[str, Any]) -> None:
    from datetime import date

    spec1, inspector = org["spec1"], org["manager1"]
    violation = Violation.objects.create(
        code="missing_sign_in", user=spec1, department=spec1.department, day=date(2026, 2, 3)
    )
    violation.status = "closed"
    violation.closed_by = inspector
    violation.save_with_reason("closed")
    violation.save_with_reason("客户行程取消")
    with translation.override("zh-hans"):
        entries = audit.history_entries(violation)
    newest, closed = entries[0], entries[1]
    assert newest["reason"] == "客户行程取消"  # a person's own words stay as written
    assert closed["reason"] == "已关闭"
    changes = {c["field"]: (c["old"], c["new"]) for c in closed["changes"]}
    assert changes["状态"] == ("待处理", "已关闭")
    assert changes["关闭人"] == (None, str(inspector))


# The apps whose services record history reasons, and the functions that pass one on (with the position
# of the reason among their arguments): the model's own and the services' saving helpers.
REASON_APPS = ("hospitality", "tours", "approvals", "playbook")
SAVERS = {"save_with_reason": 0, "save": 2, "_save": 2, "save_checked": 2}
PASSED_ON = {"reason", "outcome"}  # a helper's parameter; an approval's outcome (checked below)


def _reasons_in_code(app: str) -> tuple[set[str], list[str]]:
    """Return the literal reasons the app's code records, and where a reason is built otherwise."""
    literal: set[str] = set()
    built: list[str] = []
    for path in sorted((Path(kam.__file__).parent / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            reasons = [k.value for k in node.keywords if name == "soft_delete" and k.arg == "reason"]
            if name in SAVERS and len(node.args) == SAVERS[name] + 1:
                reasons.append(node.args[SAVERS[name]])
            for reason in reasons:
                if isinstance(reason, ast.Constant) and isinstance(reason.value, str):
                    literal.add(reason.value)
                elif not (isinstance(reason, ast.Name) and reason.id in PASSED_ON):
                    built.append(f"{path.name}:{node.lineno}: {ast.unparse(reason)}")
    return literal, built


@pytest.mark.parametrize("app", REASON_APPS)
def test_every_reason_the_services_record_reads_in_chinese(app: str) -> None:
    literal, built = _reasons_in_code(app)
    # An approval ends in one of its statuses, which the approvals and the app behind it record as the reason.
    outcomes = {status for status in RequestStatus.values if status != approval_rules.PENDING}
    with translation.override("en"):
        registered = {str(reason) for reason in audit.REASONS}
    with translation.override("zh-hans"):
        untranslated = {r for r in literal | outcomes if pgettext("history", r) == r}

    assert literal, "no reason found: has the saving helper been renamed?"
    assert not built, "a reason built at run time cannot be translated"
    assert not untranslated
    assert not (literal | outcomes) - registered, "list the reason in kam.core.audit.REASONS"
