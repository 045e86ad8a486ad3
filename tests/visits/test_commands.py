"""``kam discipline-sweep``: the day and the clock from the command line, bad input refused."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from kam.visits.models import Violation

pytestmark = pytest.mark.django_db


def test_sweep_command_records_missing_sign_ins_once(field: dict[str, Any]) -> None:
    out = StringIO()
    call_command("discipline-sweep", "--date", "2026-03-04", "--now", "2026-03-04T23:00", stdout=out)
    assert out.getvalue().strip() == "2026-03-04: 4 new violation(s)"
    call_command("discipline-sweep", "--date", "2026-03-04", "--now", "2026-03-04T23:30", stdout=StringIO())
    assert Violation.objects.filter(code="missing_sign_in").count() == 4


def test_sweep_command_refuses_a_bad_date(field: dict[str, Any]) -> None:
    with pytest.raises(CommandError, match="--date"):
        call_command("discipline-sweep", "--date", "2026-02-30")
