"""The change history reads as people write: labels for choices, names for people, reasons translated (F1)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

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
