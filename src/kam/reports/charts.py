"""Chart geometry and labels for the dashboard templates: server-rendered SVG, no script, no CDN."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from kam.plans.models import PlanStatus
from kam.reports import rules
from kam.visits.codes import PlanCode, ResultCode, ViolationCode, ViolationStatus

STAGES = {
    "first_visits": _("First visits (A)"),
    "promising": _("Promising or better"),
    "deal_visits": _("Deal at the visit"),
    "deals": _("Deals recorded"),
}
PLAN_ROWS = {"visits": _("Visits"), "expansion": _("Expansion"), "deals": _("Deals")}
TARGET_ROWS = {"visits": _("Visits"), "expansions": _("Expansion"), "deals": _("Deals")}
AGEING = {
    "current": _("Not yet due"),
    "1-30": _("1–30 days"),
    "31-60": _("31–60 days"),
    "61-90": _("61–90 days"),
    "91-180": _("91–180 days"),
    "over-180": _("Over 180 days"),
}


def chart(items: list[tuple[str, Any]]) -> dict[str, Any]:
    """Return a bar chart ready for ``reports/_bars.html``."""
    return {"bars": rules.bars(items), "height": rules.chart_height(len(items))}


def violation_label(code: str) -> str:
    return str(dict(ViolationCode.choices).get(code, code))


def decorate(figures: dict[str, Any]) -> dict[str, Any]:
    """Add the charts and labels a board's template draws from its plain figures."""
    board = figures["board"]
    charts: dict[str, Any] = {}
    if board == "specialist":
        for row in figures["plan"]:
            row["label"] = PLAN_ROWS.get(row["code"], row["code"])
        charts["violations"] = [
            (v["id"], v["day"], violation_label(v["code"])) for v in figures["violations"]
        ]
    if board == "ka_manager":
        steps = [(str(STAGES[s["stage"]]), s["value"]) for s in figures["funnel"]]
        charts["funnel"] = {"steps": rules.funnel(steps), "height": rules.chart_height(len(steps))}
        charts["ageing"] = chart([(str(AGEING[k]), v) for k, v in figures["ageing"]["buckets"].items()])
        charts["violations"] = chart([(violation_label(k), v) for k, v in figures["violations"].items()])
        matrix = figures["visits"]["matrix"]
        charts["result_codes"] = list(ResultCode.choices)
        charts["matrix"] = [
            (label, [matrix[code][r] for r in ResultCode.values], figures["visits"]["by_plan"][code])
            for code, label in PlanCode.choices
        ]
        plan_labels = dict(PlanStatus.choices)
        charts["plans"] = [
            (month, [(plan_labels.get(status, status), n) for status, n in statuses.items()])
            for month, statuses in figures["plans"].items()
        ]
        for row in figures["targets"]["rows"]:
            row["label"] = TARGET_ROWS[row["code"]]
    if board == "service":
        charts["by_kind"] = chart([(row["kind"], row["rate"] or 0) for row in figures["by_kind"]])
        charts["by_milestone"] = chart([(row["code"], row["rate"] or 0) for row in figures["by_milestone"]])
    if board == "discipline":
        charts["by_code"] = chart([(violation_label(k), v) for k, v in figures["by_code"].items()])
        charts["codes"] = list(ViolationCode.choices)
        status_labels = dict(ViolationStatus.choices)
        charts["by_status"] = [(status_labels.get(k, k), n) for k, n in figures["by_status"].items()]
        for person in figures["people"]:
            person["cells"] = [person["codes"].get(code, 0) for code, _label in ViolationCode.choices]
    if board in ("company", "region"):
        rows = figures["departments"]
        charts["deal_amount"] = chart([(r["department"], r["deal_amount"]) for r in rows])
        charts["visits"] = chart([(r["department"], r["visits"]) for r in rows])
        charts["collected"] = chart([(r["department"], r["collected"]) for r in rows])
    figures["charts"] = charts
    return figures
