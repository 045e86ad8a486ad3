"""Forms of the hospitality pages: they only parse; the services validate and name the field at fault."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kam.core.errors import ApplicationError
from kam.hospitality.models import (
    Banquet,
    BanquetForm,
    BanquetLevel,
    BanquetPurpose,
    BudgetLine,
    Cuisine,
    GuestRole,
    Invitation,
    Meal,
    Side,
)


class StyledForm(forms.Form):
    """Give every widget its Bootstrap class; show a service refusal on the field it names."""

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
        name = (error.field or "").removesuffix("_id")
        name = name if name in self.fields else (error.field or "")
        self.add_error(name if name in self.fields else None, error.localized())


def _money(label: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=12, decimal_places=2, required=False, initial=0)


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"})


def _moment() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RequestForm(StyledForm):
    account = forms.IntegerField(label=_("Customer"), widget=forms.Select)
    venue = forms.CharField(label=_("Venue"), max_length=200)
    event_date = forms.DateField(label=_("Date of the hospitality"), widget=_date())
    customer_attendees = forms.CharField(
        label=_("Customer's attendees"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    our_attendees = forms.CharField(
        label=_("Our attendees"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    budget_meeting = _money(_("Budget: meeting"))
    budget_meals = _money(_("Budget: meals"))
    budget_transport = _money(_("Budget: transport"))
    budget_gifts = _money(_("Budget: gifts"))
    budget_other = _money(_("Budget: other"))
    purpose = forms.CharField(label=_("Purpose"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    explanation = forms.CharField(
        label=_("Explanation of the costs"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    arranged_by = forms.CharField(label=_("Arranged by"), required=False, max_length=100)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, accounts: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].widget.choices = [("", "—")] + [(a.pk, a.name) for a in accounts]

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["account_id"] = data.pop("account")
        for line in BudgetLine.values:
            if data[f"budget_{line}"] is None:
                data[f"budget_{line}"] = 0
        return data


class SpendingForm(StyledForm):
    actual_meeting = forms.DecimalField(label=_("Actual: meeting"), max_digits=12, decimal_places=2)
    actual_meals = forms.DecimalField(label=_("Actual: meals"), max_digits=12, decimal_places=2)
    actual_transport = forms.DecimalField(label=_("Actual: transport"), max_digits=12, decimal_places=2)
    actual_gifts = forms.DecimalField(label=_("Actual: gifts"), max_digits=12, decimal_places=2)
    actual_other = forms.DecimalField(label=_("Actual: other"), max_digits=12, decimal_places=2)
    overrun_explanation = forms.CharField(
        label=_("Explanation of the overrun"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the spending is above the budget."),
    )


class ReceiptForm(StyledForm):
    line = forms.ChoiceField(label=_("Budget line"), required=False, choices=[("", "—"), *BudgetLine.choices])
    file = forms.FileField(label=_("Receipt"))


def _banquet_default(name: str) -> Any:
    # A new banquet's form starts on the model's defaults (a formal Chinese dinner), not on the first
    # option of each list.
    return cast("models.Field[Any, Any]", Banquet._meta.get_field(name)).get_default()


class BanquetEditForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    level = forms.ChoiceField(
        label=_("Type"), choices=BanquetLevel.choices, initial=_banquet_default("level")
    )
    form = forms.ChoiceField(label=_("Form"), choices=BanquetForm.choices, initial=_banquet_default("form"))
    cuisine = forms.ChoiceField(
        label=_("Cuisine"), choices=Cuisine.choices, initial=_banquet_default("cuisine")
    )
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=BanquetPurpose.choices, initial=_banquet_default("purpose")
    )
    meal = forms.ChoiceField(label=_("Meal"), choices=Meal.choices, initial=_banquet_default("meal"))
    starts_at = forms.DateTimeField(label=_("Time"), widget=_moment())
    venue = forms.CharField(label=_("Venue"), max_length=200)
    # Optional (a banquet may be for no one customer); with one, its contacts are offered as guests.
    account = forms.IntegerField(label=_("Customer"), required=False, widget=forms.Select)
    principal_identity = forms.CharField(
        label=_("Principal guest's identity"), required=False, max_length=200
    )
    principal_nationality = forms.CharField(label=_("Nationality"), required=False, max_length=100)
    principal_customs = forms.CharField(
        label=_("Customs"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    principal_preferences = forms.CharField(
        label=_("Preferences"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    taboo_dates = forms.CharField(
        label=_("Taboo dates"),
        required=False,
        help_text=_("Dates either side avoids, as YYYY-MM-DD separated by commas."),
    )
    invitations_sent_on = forms.DateField(label=_("Invitations sent on"), required=False, widget=_date())
    table_size = forms.TypedChoiceField(
        label=_("Seats per table"), coerce=int, choices=[(8, "8"), (10, "10"), (12, "12")], initial=10
    )
    table_count = forms.IntegerField(label=_("Tables"), required=False, min_value=1, max_value=50)
    menu_notes = forms.CharField(
        label=_("Menu notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, accounts: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].widget.choices = [("", "—")] + [(a.pk, a.name) for a in accounts]

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["account_id"] = data.pop("account")
        data["taboo_dates"] = [
            d for d in (data.get("taboo_dates") or "").replace(",", ",").split(",") if d.strip()
        ]
        return data


class GuestForm(StyledForm):
    name = forms.CharField(label=pgettext_lazy("banquet guest", "Name"), max_length=100, required=False)
    title = forms.CharField(label=pgettext_lazy("job", "Title"), max_length=100, required=False)
    side = forms.ChoiceField(label=_("Side"), choices=Side.choices, initial=Side.GUEST)
    role = forms.ChoiceField(label=_("Role"), choices=GuestRole.choices, initial=GuestRole.GUEST)
    rank = forms.IntegerField(
        label=pgettext_lazy("banquet guest", "Rank"), initial=100, min_value=1, max_value=999
    )
    spouse_of = forms.IntegerField(label=_("Spouse of (row number)"), required=False, min_value=1)
    is_interpreter = forms.BooleanField(label=_("Interpreter"), required=False)
    female = forms.BooleanField(label=_("Female"), required=False)
    contact = forms.TypedChoiceField(label=_("Contact"), required=False, coerce=int, empty_value=None)
    taboos = forms.CharField(label=_("Dietary taboos"), required=False, max_length=1000)
    invitation = forms.ChoiceField(
        label=_("Invitation"), choices=Invitation.choices, initial=Invitation.NOT_SENT
    )

    def __init__(self, *args: Any, contacts: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(c.pk, f"{c.name} · {c.title}") for c in contacts]
        cast(forms.ChoiceField, self.fields["contact"]).choices = [("", "—"), *choices]


GuestFormSet = forms.formset_factory(GuestForm, extra=4)


class SeatingForm(StyledForm):
    table_size = forms.TypedChoiceField(
        label=_("Seats per table"), coerce=int, choices=[(8, "8"), (10, "10"), (12, "12")]
    )
    tables = forms.IntegerField(label=_("Tables"), required=False, min_value=1, max_value=50)


class ReceptionForm(StyledForm):
    account = forms.IntegerField(label=_("Customer"), widget=forms.Select)
    visitors = forms.CharField(label=_("Visitors"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    arrival_at = forms.DateTimeField(label=_("Arrival"), widget=_moment())
    arrival_place = forms.CharField(label=_("Arriving at"), max_length=200)
    departure_at = forms.DateTimeField(label=_("Departure"), widget=_moment())
    departure_place = forms.CharField(label=_("Leaving from"), max_length=200)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, accounts: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].widget.choices = [("", "—")] + [(a.pk, a.name) for a in accounts]

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["account_id"] = data.pop("account")
        return data


class TaskForm(StyledForm):
    who = forms.TypedChoiceField(label=_("Who"), coerce=int, required=False, empty_value=None)
    due_at = forms.DateTimeField(label=_("When"), widget=_moment())
    what = forms.CharField(label=_("What"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    done = forms.BooleanField(label=_("Done"), required=False)

    def __init__(self, *args: Any, people: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(u.pk, u.display_name) for u in people]
        cast(forms.ChoiceField, self.fields["who"]).choices = [("", "—"), *choices]
