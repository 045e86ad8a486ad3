"""The benchmark harness runs end to end at the small scale (its figures are recorded, not tested)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

# What issue 11 asks the harness to drive; each must be registered and answer.
REQUIRED = (
    "accounts: list of 50, filtered, paged",
    "accounts: 360° page",
    "visits: create",
    "service: post an event",
    "scorecards: department, last month",
    "contacts: create",
    *(
        f"dashboard: {board}"
        for board in ("specialist", "ka_manager", "service", "discipline", "company", "region")
    ),
)


def test_harness_runs_every_operation_at_the_small_scale(capfd: pytest.CaptureFixture[str]) -> None:
    """Every registered operation answers 2xx to every request, after every generator made rows.

    The small scale's data (5,000 accounts, 20,000 contacts, 30,000 visits, 5,000 service requests and a
    year of plans), five requests per operation: CI's run of the harness (issue 11), well under 2 minutes.
    """
    import run

    assert set(REQUIRED) <= {op.name for op in run.OPERATIONS}
    assert run.main(["--scale", "small", "--requests", "5", "--concurrency", "2", "--workers", "1"]) == 0
    out = capfd.readouterr().out
    for op in run.OPERATIONS:
        row = next(line for line in out.splitlines() if line.startswith(f"| {op.name} |"))
        cells = [cell.strip() for cell in row.split("|")]
        assert cells[2] == "5", f"{op.name} did not send every request: {row}"
        assert cells[3] == "0", f"{op.name} answered other than 2xx: {row}"
    generated = dict(
        (name, int(count.replace(",", "")))
        for count, name in re.findall(r"^generated ([\d,]+) (.+?) in ", out, re.MULTILINE)
    )
    sizes = run.SCALES["small"]
    assert generated["accounts"] == sizes["accounts"]
    assert generated["contacts"] == sizes["contacts"]
    assert generated["visits"] == sizes["visits"]
    assert generated["service requests"] == sizes["service_requests"]
    assert generated["users"] > 0
    assert generated["monthly plans (with the past months' scorecards)"] > 0
    # The batch table: both sweeps, the import of the scale's workbook and the export of every account.
    jobs = {
        cells[1]: cells[2]
        for cells in ([c.strip() for c in line.split("|")] for line in out.splitlines())
        if len(cells) == 7 and cells[1] and not cells[1].startswith(("job", "---"))
    }
    assert {
        "SLA sweep",
        "SLA sweep, nothing due",
        "discipline sweep, one day",
        "scorecards, a department-month",
        "— the raw SQL aggregate of the same numbers",
    } <= set(jobs)
    assert jobs["import accounts (.xlsx)"] == f"{run.IMPORT_ROWS['small']:,} rows"
    assert int(jobs["export accounts (.xlsx)"].split()[0].replace(",", "")) >= sizes["accounts"]
