"""Forms of the relationship pages: they only parse; the services validate and name the field at fault."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kam.core.errors import ApplicationError
from kam.org.models import User
from kam.relations.models import AssessmentResult, AssessmentTemplate, FollowUp, ProposalStatus

_SPLIT = re.compile(r"\s*[|｜,,\t]\s*")
BAD_LINE = _("Line %(line)s: expected %(expected)s.")


class StyledForm(forms.Form):
    """Give every widget its Bootstrap class; put a service refusal on the field it names."""

    field_of: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"

    def add_service_error(self, error: ApplicationError) -> None:
        name = self.field_of.get(error.field or "", error.field)
        self.add_error(name if name in self.fields else None, error.localized())


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _people(queryset: Any) -> list[tuple[str, str]]:
    return [("", "—")] + [(str(u.pk), u.display_name) for u in queryset]


class AssessmentForm(StyledForm):
    """One score, evidence and note per indicator of the template, then the suggestions."""

    assessed_on = forms.DateField(label=_("Assessed on"), widget=_date_input())
    number = forms.CharField(label=_("Number"), max_length=20, required=False)
    suggestions = forms.CharField(label=_("Suggestions"), required=False, widget=_text(3))

    def __init__(self, *args: Any, template: AssessmentTemplate, **kwargs: Any) -> None:
        self.template = template
        self.indicators = list(template.indicators.all())
        super().__init__(*args, **kwargs)
        for indicator in self.indicators:
            label = f"{indicator.name} ({indicator.weight.normalize():f}%)"
            self.fields[f"score_{indicator.pk}"] = forms.DecimalField(
                label=label, min_value=None, max_digits=5, decimal_places=2, help_text=indicator.description
            )
            self.fields[f"evidence_{indicator.pk}"] = forms.CharField(
                label=_("Evidence for %(name)s") % {"name": indicator.name}, max_length=500, required=False
            )
            self.fields[f"note_{indicator.pk}"] = forms.CharField(
                label=_("Note on %(name)s") % {"name": indicator.name}, max_length=300, required=False
            )
        for field in self.fields.values():
            if isinstance(
                field.widget, forms.Textarea | forms.DateInput | forms.TextInput | forms.NumberInput
            ):
                field.widget.attrs.setdefault("class", "form-control")
        self.field_of = {"scores": f"score_{self.indicators[0].pk}" if self.indicators else ""}

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"score_{i.pk}"], self[f"evidence_{i.pk}"], self[f"note_{i.pk}"]) for i in self.indicators
        ]

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "template_id": self.template.pk,
            "assessed_on": data["assessed_on"],
            "number": data["number"],
            "suggestions": data["suggestions"],
            "scores": [
                {
                    "indicator_id": i.pk,
                    "score": data[f"score_{i.pk}"],
                    "evidence": data[f"evidence_{i.pk}"],
                    "note": data[f"note_{i.pk}"],
                }
                for i in self.indicators
            ],
        }


class ConfirmForm(StyledForm):
    result = forms.ChoiceField(label=_("Result"), choices=AssessmentResult.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        widget=_text(2),
        help_text=_("Required when you choose another result than the proposed one."),
    )


class TemplateForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    standard_score = forms.DecimalField(label=_("Standard score"), max_digits=5, decimal_places=2)
    develop_at = forms.DecimalField(
        label=_("Develop from"),
        max_digits=5,
        decimal_places=2,
        help_text=_("A total at or above this proposes develop."),
    )
    terminate_below = forms.DecimalField(
        label=_("Terminate below"),
        max_digits=5,
        decimal_places=2,
        help_text=_("A total below this proposes terminate."),
    )
    grades = forms.CharField(
        label=_("Grade scale"),
        widget=_text(4),
        help_text=_("One grade a line: grade | lowest score, e.g. “A | 90”."),
    )
    indicators = forms.CharField(
        label=_("Indicators"),
        widget=_text(8),
        help_text=_("One indicator a line: name | weight | description; the weights must total 100."),
    )
    is_default = forms.BooleanField(label=_("Default template"), required=False)

    def _lines(self, name: str, minimum: int, expected: str) -> list[list[str]]:
        rows = []
        for number, line in enumerate(self.cleaned_data[name].splitlines(), start=1):
            if not line.strip():
                continue
            parts = _SPLIT.split(line.strip(), maxsplit=2)
            if len(parts) < minimum:
                raise forms.ValidationError(BAD_LINE, params={"line": number, "expected": expected})
            rows.append(parts)
        return rows

    def clean_grades(self) -> list[list[Any]]:
        rows = self._lines("grades", 2, "grade | lowest score")
        try:
            return [[p[0], Decimal(p[1])] for p in rows]
        except InvalidOperation:
            raise forms.ValidationError(_("The lowest score must be a number.")) from None

    def clean_indicators(self) -> list[dict[str, Any]]:
        rows = self._lines("indicators", 2, "name | weight | description")
        try:
            return [
                {"name": p[0], "weight": Decimal(p[1]), "description": p[2] if len(p) > 2 else ""}
                for p in rows
            ]
        except InvalidOperation:
            raise forms.ValidationError(_("The weight must be a number.")) from None


def template_initial(template: AssessmentTemplate) -> dict[str, Any]:
    return {
        "name": template.name,
        "standard_score": template.standard_score,
        "develop_at": template.develop_at,
        "terminate_below": template.terminate_below,
        "grades": "\n".join(f"{name} | {minimum}" for name, minimum in template.grades),
        "indicators": "\n".join(
            f"{i.name} | {i.weight.normalize():f} | {i.description}".rstrip(" |")
            for i in template.indicators.all()
        ),
        "is_default": template.is_default,
    }


class NeedForm(StyledForm):
    entry_date = forms.DateField(label=_("Date"), widget=_date_input())
    direction = forms.CharField(label=_("Movement / direction"), max_length=500)
    problem = forms.CharField(label=_("Problem points"), widget=_text(3))
    countermeasure = forms.CharField(label=_("Countermeasures"), required=False, widget=_text(3))
    owner_id = forms.TypedChoiceField(label=_("Owner"), coerce=int)
    due_on = forms.DateField(label=_("Due date"), required=False, widget=_date_input())
    status = forms.ChoiceField(label=_("Status"), choices=FollowUp.choices)

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_id"].choices = _people(owners)  # type: ignore[attr-defined]


class DemandForm(StyledForm):
    product_type = forms.CharField(label=_("Product type"), max_length=100)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=12, decimal_places=2)
    region = forms.CharField(label=_("Region"), max_length=100)
    price_min = forms.DecimalField(label=_("Lowest price"), required=False, max_digits=14, decimal_places=2)
    price_max = forms.DecimalField(label=_("Highest price"), required=False, max_digits=14, decimal_places=2)
    factors = forms.CharField(label=_("Analysis of demand factors"), required=False, widget=_text(3))


class NoteForm(StyledForm):
    competitor_id = forms.TypedChoiceField(
        label=_("Competitor"), coerce=int, required=False, empty_value=None
    )
    region = forms.CharField(label=_("Region"), max_length=100, required=False)
    body = forms.CharField(label=_("Note"), widget=_text(3))
    proposal = forms.CharField(label=_("Proposal"), required=False, widget=_text(2))

    def __init__(self, *args: Any, competitors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competitor_id"].choices = [("", "—")] + [(str(c.pk), c.name) for c in competitors]  # type: ignore[attr-defined]


class CompetitorForm(StyledForm):
    name = forms.CharField(label=_("Competitor"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=_text(2))


class DecideForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Proposal status"),
        choices=[c for c in ProposalStatus.choices if c[0] not in ("", "proposed")],
    )


class DirectiveForm(StyledForm):
    assignee_id = forms.TypedChoiceField(label=_("Key account manager"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Instructions"), widget=_text(4))
    due_on = forms.DateField(label=_("Due date"), widget=_date_input())

    def __init__(self, *args: Any, managers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee_id"].choices = _people(managers)  # type: ignore[attr-defined]


class DirectiveActForm(StyledForm):
    text = forms.CharField(label=_("Text"), required=False, widget=_text(3))


class MeetingForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=_date_input())
    attendee_ids = forms.TypedMultipleChoiceField(label=_("Attendees"), coerce=int, required=False)
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=_text(6))
    decisions = forms.CharField(label=_("Decisions"), required=False, widget=_text(3))
    actions = forms.CharField(
        label=_("Action items"),
        required=False,
        widget=_text(4),
        help_text=_("One action a line: what | owner's user name | due date (YYYY-MM-DD)."),
    )
    field_of = {"attendee_ids": "attendee_ids", "actions": "actions"}

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendee_ids"].choices = [(str(u.pk), u.display_name) for u in staff]  # type: ignore[attr-defined]
        self.fields["attendee_ids"].widget.attrs["class"] = "form-select"
        self.fields["attendee_ids"].widget.attrs["size"] = "6"

    def clean_actions(self) -> list[dict[str, Any]]:
        items = []
        for number, line in enumerate(self.cleaned_data["actions"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = _SPLIT.split(line.strip())
            if len(parts) != 3:
                raise forms.ValidationError(
                    BAD_LINE, params={"line": number, "expected": "what | user name | YYYY-MM-DD"}
                )
            owner = User.objects.filter(username=parts[1], is_active=True).first()
            if owner is None:
                raise forms.ValidationError(_("Line %(line)s: no such user."), params={"line": number})
            items.append({"description": parts[0], "owner_id": owner.pk, "due_on": parts[2]})
        return items


class ProcedureForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=_text(10))
