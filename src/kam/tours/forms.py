"""Forms of the tour pages: they only parse; the services validate and name the field at fault."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kam.core.errors import ApplicationError
from kam.org.models import User
from kam.tours.models import FacilityArea

STOPS = 8
_SPLIT = re.compile(r"\s*[,,、\t|]\s*")

# Service field names → form field names.
FIELD_OF = {"route": "stop_1", "host_department_id": None, "host_id": "host"}


class StyledForm(forms.Form):
    """Give every widget its Bootstrap class."""

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
        name = FIELD_OF.get(error.field or "", error.field)
        self.add_error(name if name in self.fields else None, error.localized())


class TourForm(StyledForm):
    organisation = forms.CharField(label=_("Visiting organisation"), max_length=200)
    headcount = forms.IntegerField(label=_("Headcount"))
    visit_date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))
    purpose = forms.CharField(label=_("Purpose"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    visitors = forms.CharField(
        label=_("Visitors"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One visitor a line: name, organisation, title (organisation and title may be left out)."
        ),
    )
    interview_or_filming = forms.BooleanField(label=_("Interview or filming"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [
            (str(a.pk), a.name) for a in FacilityArea.objects.filter(is_restricted=False)
        ]
        for number in range(1, STOPS + 1):
            self.fields[f"stop_{number}"] = forms.ChoiceField(
                label=_("Stop %(number)d") % {"number": number},
                choices=choices,
                required=False,
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def service_values(self) -> dict[str, Any]:
        """Return the arguments of ``tour_create`` / ``tour_update`` from the cleaned form."""
        data = dict(self.cleaned_data)
        route = [int(data.pop(f"stop_{n}")) for n in range(1, STOPS + 1) if data.get(f"stop_{n}")]
        for n in range(1, STOPS + 1):
            data.pop(f"stop_{n}", None)
        data["route"] = route
        data["visitors"] = parse_visitors(data.pop("visitors"))
        return data


def parse_visitors(text: str) -> list[dict[str, str]]:
    """Read one visitor a line: ``name, organisation, title`` (commas, 、, tabs or | between)."""
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [*_SPLIT.split(line.strip(), maxsplit=2), "", ""]
        rows.append({"name": parts[0], "organisation": parts[1], "title": parts[2]})
    return rows


def visitors_text(rows: list[dict[str, str]]) -> str:
    return "\n".join(", ".join(p for p in (r["name"], r["organisation"], r["title"]) if p) for r in rows)


class AssignForm(StyledForm):
    host = forms.ModelChoiceField(
        label=_("Host"), queryset=User.objects.filter(is_active=True).order_by("full_name"), required=False
    )
    car = forms.CharField(label=_("Car"), max_length=100, required=False)
    guide = forms.CharField(label=_("Guide"), max_length=100, required=False)


class AreaForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    is_workshop = forms.BooleanField(label=_("Production workshop (safety helmets)"), required=False)
    is_magnet_sensitive = forms.BooleanField(
        label=_("Strong magnetic fields (hand in watches and cards)"), required=False
    )
    is_restricted = forms.BooleanField(label=_("No visitors"), required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767, initial=0)
