"""Forms of the field pages: short enough to log a visit in under a minute on a phone (D11, D15, D16)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kam.visits.codes import CoordSystem, PlanCode, ResultCode


class _Styled(forms.Form):
    """Give the controls Bootstrap's classes (radios keep theirs)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, (forms.RadioSelect, forms.HiddenInput)):
                widget.attrs.setdefault("class", "form-control")


class SignInForm(forms.Form):
    """Filled by the phone's geolocation (static/visits/field.js) when the person taps the button."""

    lat = forms.FloatField(widget=forms.HiddenInput, min_value=-90, max_value=90)
    lng = forms.FloatField(widget=forms.HiddenInput, min_value=-180, max_value=180)
    accuracy_m = forms.FloatField(widget=forms.HiddenInput, required=False, min_value=0)


class VisitForm(_Styled):
    account = forms.TypedChoiceField(label=_("Account"), coerce=int)
    plan_code = forms.ChoiceField(label=_("Plan code"), choices=PlanCode.choices, widget=forms.RadioSelect)
    result_code = forms.ChoiceField(
        label=_("Result code"), choices=ResultCode.choices, widget=forms.RadioSelect
    )
    person_visited = forms.CharField(label=_("Person visited"), max_length=100, required=False)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    problems_solved = forms.CharField(label=_("Problems solved"), max_length=2000, required=False)
    problems_open = forms.CharField(label=_("Problems unsolved"), max_length=2000, required=False)
    watch_next_time = forms.CharField(label=_("What to watch next time"), max_length=2000, required=False)
    lat = forms.FloatField(widget=forms.HiddenInput, required=False, min_value=-90, max_value=90)
    lng = forms.FloatField(widget=forms.HiddenInput, required=False, min_value=-180, max_value=180)

    def __init__(self, *args: Any, accounts: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].choices = accounts  # type: ignore[attr-defined]


class ReportForm(forms.Form):
    """The day's report: three expense lines are enough for a field day (D16)."""

    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index in range(3):
            self.fields[f"item_{index}"] = forms.CharField(
                label=_("Expense item %(n)s") % {"n": index + 1}, max_length=100, required=False
            )
            self.fields[f"amount_{index}"] = forms.DecimalField(
                label=_("Amount %(n)s") % {"n": index + 1}, max_digits=10, decimal_places=2, required=False
            )

    def expense_rows(self) -> list[tuple[str, Any]]:
        return [
            (self.cleaned_data[f"item_{i}"], self.cleaned_data[f"amount_{i}"])
            for i in range(3)
            if self.cleaned_data.get(f"item_{i}") and self.cleaned_data.get(f"amount_{i}") is not None
        ]

    def pairs(self) -> list[tuple[Any, Any]]:
        return [(self[f"item_{i}"], self[f"amount_{i}"]) for i in range(3)]


class NoteForm(_Styled):
    text = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


_LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _moment_field(label: Any, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=_LOCAL_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class _WithAccount(_Styled):
    account = forms.TypedChoiceField(label=_("Account"), coerce=int)

    def __init__(self, *args: Any, accounts: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].choices = accounts  # type: ignore[attr-defined]


class AppointmentForm(_WithAccount):
    """Book or change an appointment (D14)."""

    starts_at = _moment_field(_("Starts at"))
    ends_at = _moment_field(_("Ends at"), required=False)
    purpose = forms.CharField(label=_("Purpose"), max_length=500, required=False)
    place = forms.CharField(label=_("Where"), max_length=300, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ContactPlanForm(_WithAccount):
    """Plan or change a contact with a key account (D13)."""

    planned_for = _moment_field(_("When"))
    purpose = forms.CharField(label=_("Purpose"), max_length=500)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    contact_details = forms.CharField(label=_("Contact details"), max_length=200, required=False)
    place = forms.CharField(label=_("Where"), max_length=300, required=False)


class VisitEditForm(_Styled):
    """Correct a visit before the day's report is submitted; time and place stay as recorded (D15)."""

    plan_code = forms.ChoiceField(label=_("Plan code"), choices=PlanCode.choices, widget=forms.RadioSelect)
    result_code = forms.ChoiceField(
        label=_("Result code"), choices=ResultCode.choices, widget=forms.RadioSelect
    )
    person_visited = forms.CharField(label=_("Person visited"), max_length=100, required=False)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    problems_solved = forms.CharField(label=_("Problems solved"), max_length=2000, required=False)
    problems_open = forms.CharField(label=_("Problems unsolved"), max_length=2000, required=False)
    watch_next_time = forms.CharField(label=_("What to watch next time"), max_length=2000, required=False)


class DutyDeskSignInForm(_Styled):
    """A sign-in phoned in by a specialist and entered by the duty desk, as the rulebook had it (D11)."""

    person = forms.TypedChoiceField(label=_("Specialist"), coerce=int)
    occurred_at = _moment_field(_("Time of the call"))
    lat = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90)
    lng = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180)
    coord_system = forms.ChoiceField(label=_("Coordinate system"), choices=CoordSystem.choices)
    accuracy_m = forms.FloatField(label=_("Accuracy (m)"), required=False, min_value=0)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people  # type: ignore[attr-defined]
