"""Pages of annual targets and scorecard templates (A2b, B3, B4)."""

from __future__ import annotations

import contextlib
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kam.core.audit import history_entries
from kam.core.errors import FORBIDDEN, ApplicationError, Forbidden, ValidationFailed
from kam.core.permissions import require_posts
from kam.org.models import User
from kam.plans import rules, selectors, services
from kam.plans.models import AnnualTarget, DepartmentTemplate
from kam.plans.services import targets as target_services
from kam.plans.services.common import manages_department
from kam.plans.services.targets import BAD_TARGET, TARGET_FIELDS
from kam.plans.views.common import int_param, this_month, viewer

VIEWERS = ("ka_manager", "regional_manager", "admin")
MONTHS = range(1, 13)
EXTRA_ROWS = 3
ROW_FIELDS = ("code", "label_zh", "label_en", "weight", "kind", "source", "cap", "standard_zh")


def _whole(value: str, field: str) -> int:
    """A typed target: empty is 0, otherwise a whole number 0 or more (A2b)."""
    text = (value or "").strip()
    if not text:
        return 0
    if not text.isdigit():
        raise ValidationFailed(BAD_TARGET, field=field)
    return int(text)


def _department(request: HttpRequest, user: User) -> tuple[list[Any], int | None]:
    departments = selectors.visible_departments(user)
    chosen = int_param(request.GET.get("department") or request.POST.get("department"))
    if chosen is None or all(d.pk != chosen for d in departments):
        own = any(d.pk == user.department_id for d in departments)
        chosen = user.department_id if own else (departments[0].pk if departments else None)
    return departments, chosen


@login_required
def targets(request: HttpRequest) -> HttpResponse:
    """The department's yearly targets and their split per specialist and month, one measure at a time (A2b).

    The split may not exceed the yearly target; what is left to allot is shown per measure.
    """
    user = viewer(request)
    require_posts(user, *VIEWERS)
    departments, department_id = _department(request, user)
    year = int_param(request.GET.get("year") or request.POST.get("year")) or this_month().year
    metric = request.GET.get("metric") or request.POST.get("metric") or "visits"
    if metric not in TARGET_FIELDS:
        metric = "visits"
    can_edit = department_id is not None and manages_department(user, department_id)
    target = (
        AnnualTarget.objects.filter(department_id=department_id, year=year).first()
        if department_id is not None
        else None
    )
    people = (
        list(
            User.objects.filter(department_id=department_id, posts__code="specialist", is_active=True)
            .distinct()
            .order_by("full_name", "username")
        )
        if department_id is not None
        else []
    )
    split: dict[str, dict[str, dict[str, int]]] = dict(target.split or {}) if target else {}
    totals = {f: getattr(target, f, 0) if target else 0 for f in TARGET_FIELDS}
    posted: dict[str, str] = {}
    if request.method == "POST":
        if not can_edit:
            raise Forbidden(FORBIDDEN)
        posted = {k: str(request.POST.get(k, "")) for k in request.POST if k != "csrfmiddlewaretoken"}
        try:
            new_totals = {f: _whole(request.POST.get(f, ""), f) for f in TARGET_FIELDS}
            new_split = {k: {m: dict(c) for m, c in v.items()} for k, v in split.items()}
            for person in people:
                months = new_split.setdefault(str(person.pk), {})
                for month in MONTHS:
                    counts = months.setdefault(str(month), {f: 0 for f in TARGET_FIELDS})
                    counts[metric] = _whole(request.POST.get(f"s_{person.pk}_{month}", ""), "split")
            services.target_set(
                actor=user,
                department_id=int(department_id or 0),
                year=year,
                split=new_split,
                **new_totals,
            )
        except ApplicationError as error:
            messages.error(request, error.localized())
        else:
            messages.success(request, _("Targets saved."))
            query = f"?department={department_id}&year={year}&metric={metric}"
            return redirect(reverse("plans:targets") + query)
    grid = []
    for person in people:
        cells = []
        for month in MONTHS:
            name = f"s_{person.pk}_{month}"
            stored = split.get(str(person.pk), {}).get(str(month), {}).get(metric, 0)
            cells.append({"month": month, "name": name, "value": posted.get(name, stored or "")})
        total = sum(split.get(str(person.pk), {}).get(str(m), {}).get(metric, 0) for m in MONTHS)
        grid.append({"person": person, "cells": cells, "total": total})
    allotted = {
        f: sum(c.get(f, 0) for months in split.values() for c in months.values()) for f in TARGET_FIELDS
    }
    context = {
        "departments": departments,
        "department_id": department_id,
        "year": year,
        "metric": metric,
        "metrics": [("visits", _("visits")), ("expansions", _("expansions")), ("deals", _("deals"))],
        "target": target,
        "totals": {f: posted.get(f, totals[f]) for f in TARGET_FIELDS},
        "summary": [
            {"label": label, "total": totals[f], "allotted": allotted[f], "left": totals[f] - allotted[f]}
            for f, label in (("visits", _("visits")), ("expansions", _("expansions")), ("deals", _("deals")))
        ],
        "grid": grid,
        "months": list(MONTHS),
        "can_edit": can_edit,
        "history": history_entries(target) if target else [],
    }
    return render(request, "plans/targets.html", context)


@login_required
def templates(request: HttpRequest) -> HttpResponse:
    """Every scorecard template with its versions, and which template each department uses (B3, B4)."""
    user = viewer(request)
    require_posts(user, *VIEWERS)
    all_templates = list(selectors.template_list())
    names = sorted({t.name for t in all_templates})
    assigned = {a.department_id: a for a in DepartmentTemplate.objects.all()}
    default = next((t for t in all_templates if t.is_default), None)
    departments = [
        {
            "department": d,
            "template": assigned[d.pk].template_name if d.pk in assigned else "",
            "can_edit": manages_department(user, d.pk),
            "history": history_entries(assigned[d.pk], limit=5) if d.pk in assigned else [],
        }
        for d in selectors.visible_departments(user)
    ]
    context = {
        "templates": all_templates,
        "names": names,
        "default": default,
        "departments": departments,
        "can_create": user.holds("ka_manager", "admin"),
    }
    return render(request, "plans/templates.html", context)


@login_required
@require_POST
def template_assign(request: HttpRequest) -> HttpResponse:
    """Choose a department's template; an empty choice restores the default (B3)."""
    user = viewer(request)
    require_posts(user, "ka_manager", "admin")
    department_id = int_param(request.POST.get("department"))
    if department_id is None:
        messages.error(request, _(target_services.NO_DEPARTMENT))
        return redirect("plans:templates")
    if not manages_department(user, department_id):
        raise Forbidden(FORBIDDEN)
    try:
        services.template_assign(
            actor=user, department_id=department_id, template_name=request.POST.get("template_name", "")
        )
    except ApplicationError as error:
        messages.error(request, error.localized())
    else:
        messages.success(request, _("Saved."))
    return redirect("plans:templates")


def _rows_from_post(request: HttpRequest) -> list[dict[str, str]]:
    rows = []
    count = int_param(request.POST.get("row_count")) or 0
    for index in range(min(count, 30)):
        row = {f: request.POST.get(f"r{index}_{f}", "").strip() for f in ROW_FIELDS}
        if not row["code"]:
            continue
        rows.append(row)
    return rows


def _check_rows(rows: list[dict[str, str]]) -> None:
    """Whole-number weights and caps, in the form's terms, before the template rules (B3, B6)."""
    for row in rows:
        for name in ("weight", "cap"):
            value = row[name] or ("100" if name == "cap" else "")
            try:
                number = Decimal(value)
            except InvalidOperation:
                raise ValidationFailed(rules.NOT_WHOLE, field="rows") from None
            if not number.is_finite() or number != number.to_integral_value():
                raise ValidationFailed(rules.NOT_WHOLE, field="rows")
            row[name] = str(int(number))
        if row["kind"] not in (rules.COUNTED, rules.MANUAL):
            row["kind"] = rules.MANUAL
        if row["kind"] == rules.MANUAL:
            row["source"] = ""


@login_required
def template_edit(request: HttpRequest) -> HttpResponse:
    """Save a new version of a template (or a new template); weights must total 100 (B3).

    ``?from=<id>`` starts from an existing version. Months already started keep their frozen version.
    """
    user = viewer(request)
    require_posts(user, "ka_manager", "admin")
    base = None
    base_id = int_param(request.GET.get("from"))
    if base_id is not None:
        base = selectors.template_get(base_id)
    rows: list[dict[str, str]] = [dict(r) for r in base.rows] if base else []
    name = base.name if base else ""
    is_default = bool(base and base.is_default)
    if request.method == "POST":
        name = request.POST.get("name", "").strip()
        is_default = request.POST.get("is_default") == "on"
        rows = _rows_from_post(request)
        try:
            _check_rows(rows)
            created = services.template_create(actor=user, name=name, rows=rows, is_default=is_default)
        except ApplicationError as error:
            messages.error(request, error.localized())
        else:
            messages.success(request, _("Saved as version %(version)d.") % {"version": created.version})
            return redirect("plans:templates")
    slots = [{f: str(r.get(f, "") or "") for f in ROW_FIELDS} for r in rows] + [
        {f: "" for f in ROW_FIELDS} for _i in range(EXTRA_ROWS)
    ]
    weight_total = Decimal(0)
    for row in rows:
        with contextlib.suppress(InvalidOperation):
            weight_total += Decimal(str(row.get("weight") or 0))
    context = {
        "base": base,
        "name": name,
        "is_default": is_default,
        "slots": slots,
        "row_count": len(slots),
        "weight_total": weight_total,
        "sources": [
            ("", "—"),
            ("visits", _("visits")),
            ("expansion", _("expansions")),
            ("deals", _("deals")),
        ],
    }
    return render(request, "plans/template_edit.html", context)
