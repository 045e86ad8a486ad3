"""Forms of the key-account pages: they only parse; the services validate and say which field is wrong.

Field names are the services' argument names, so a service error naming ``credit_code`` or
``owner_id`` lands under that field of the form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kam.accounts.models import (
    AccountStatus,
    AccountTier,
    AssetCategory,
    AssetStatus,
    ChannelKind,
    ChannelStatus,
    CreditRating,
    DecisionRole,
    ImportKind,
    IndustryStanding,
    PaymentMethod,
    SiteStatus,
)
from kam.core.errors import ApplicationError

T = TypeVar("T")
BLANK = [("", "—")]
DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class BootstrapForm(forms.Form):
    """A form whose widgets carry Bootstrap classes and ``is-invalid`` where a field has an error."""

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

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_invalid()

    def mark_invalid(self) -> None:
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"

    def _choices_of(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def values(self) -> dict[str, Any]:
        """Return the cleaned values, dropping the ones the form did not show."""
        return {k: v for k, v in self.cleaned_data.items() if k in self.fields}


def submit(form: BootstrapForm, action: Callable[[], T]) -> T | None:
    """Run a service call for a valid form; put its error under the field it names (or the form)."""
    try:
        return action()
    except ApplicationError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.localized())
        form.mark_invalid()
        return None


def _choices(options: Any, blank: bool = True) -> list[tuple[str, str]]:
    return (BLANK if blank else []) + [(value, label) for value, label in options.choices]


def _ids(pairs: list[tuple[int, str]], blank_label: str = "—") -> list[tuple[str, str]]:
    return [("", blank_label)] + [(str(pk), label) for pk, label in pairs]


class AccountForm(BootstrapForm):
    """The account profile (A2k); owner and department only when creating, to managers."""

    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=50, required=False)
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=40, required=False)
    industry = forms.CharField(label=_("Industry"), max_length=50, required=False)
    industry_standing = forms.ChoiceField(label=_("Standing in the industry"), required=False)
    region_code = forms.CharField(label=_("Administrative region code"), max_length=20, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    lat = forms.CharField(label=_("Latitude"), max_length=20, required=False)
    lng = forms.CharField(label=_("Longitude"), max_length=20, required=False)
    tier = forms.ChoiceField(label=_("Tier"))
    status = forms.ChoiceField(label=_("Status"))
    owner_id = forms.TypedChoiceField(label=_("Owner"), coerce=int, empty_value=None, required=False)
    department_id = forms.TypedChoiceField(
        label=_("Department"), coerce=int, empty_value=None, required=False
    )
    source_channel_id = forms.TypedChoiceField(
        label=_("Source channel"), coerce=int, empty_value=None, required=False
    )
    growth_rate = forms.CharField(label=_("Growth rate (%)"), max_length=20, required=False)
    credit_rating = forms.ChoiceField(label=_("Credit rating"), required=False)
    profit_margin = forms.CharField(label=_("Total profit margin (%)"), max_length=20, required=False)
    developed_at = forms.DateField(label=_("Developed on"), required=False, widget=DATE)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self,
        *args: Any,
        owners: list[tuple[int, str]] | None = None,
        departments: list[tuple[int, str]] | None = None,
        channels: list[tuple[int, str]] | None = None,
        creating: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._choices_of("industry_standing").choices = _choices(IndustryStanding)
        self._choices_of("credit_rating").choices = _choices(CreditRating)
        self._choices_of("tier").choices = [(t.code, t.name) for t in AccountTier.objects.all()]
        self._choices_of("status").choices = _choices(AccountStatus, blank=False)
        self._choices_of("source_channel_id").choices = _ids(channels or [])
        if owners is None:
            del self.fields["owner_id"]
        else:
            self._choices_of("owner_id").choices = _ids(owners, str(_("(department pool)")))
        if departments is None:
            del self.fields["department_id"]
        else:
            self._choices_of("department_id").choices = _ids(departments)
        if not creating:
            del self.fields["status"]


class AssignForm(BootstrapForm):
    owner_id = forms.TypedChoiceField(label=_("New owner"), coerce=int, empty_value=None, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args: Any, owners: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices_of("owner_id").choices = _ids(owners, str(_("(back to the department pool)")))


class TransitionForm(BootstrapForm):
    status = forms.ChoiceField(label=_("New status"), choices=AccountStatus.choices)
    developed_at = forms.DateField(label=_("Developed on"), required=False, widget=DATE)
    reason = forms.CharField(label=_("Note"), max_length=150, required=False)


class ContactForm(BootstrapForm):
    name = forms.CharField(label=_("Name"), max_length=50)
    title = forms.CharField(label=pgettext_lazy("job", "Title"), max_length=50, required=False)
    decision_role = forms.ChoiceField(
        label=_("Decision role"), choices=_choices(DecisionRole), required=False
    )
    mobile = forms.CharField(label=_("Mobile"), max_length=30, required=False)
    other_phones = forms.CharField(label=_("Other phones"), max_length=100, required=False)
    email = forms.CharField(label=_("Email"), max_length=254, required=False)
    birthday = forms.DateField(label=_("Birthday"), required=False, widget=DATE)
    preferences = forms.CharField(
        label=_("Preferences"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    taboos = forms.CharField(
        label=_("Customs and dietary taboos"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_primary = forms.BooleanField(label=_("Primary contact"), required=False)


class ChannelForm(BootstrapForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Type"), choices=ChannelKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=ChannelStatus.choices)
    contact_person = forms.CharField(label=_("Contact person"), max_length=50, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SiteForm(BootstrapForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    department_id = forms.TypedChoiceField(label=_("Department"), coerce=int)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    region_code = forms.CharField(label=_("Administrative region code"), max_length=20, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=SiteStatus.choices)
    opened_on = forms.DateField(label=_("Opened on"), required=False, widget=DATE)

    def __init__(self, *args: Any, departments: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices_of("department_id").choices = [(str(pk), name) for pk, name in departments]


class AssetForm(BootstrapForm):
    code = forms.CharField(label=_("Asset code"), max_length=50)
    name = forms.CharField(label=_("Name"), max_length=100)
    category = forms.ChoiceField(label=_("Category"), choices=AssetCategory.choices)
    status = forms.ChoiceField(label=_("Status"), choices=AssetStatus.choices)
    location = forms.CharField(label=_("Location"), max_length=100, required=False)
    acquired_on = forms.DateField(label=_("Acquired on"), required=False, widget=DATE)


class ContractForm(BootstrapForm):
    number = forms.CharField(label=_("Contract number"), max_length=50)
    title = forms.CharField(label=_("Title"), max_length=200)
    amount = forms.CharField(label=_("Amount"), max_length=30)
    contract_date = forms.DateField(label=_("Contract date"), widget=DATE)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE)
    terms = forms.CharField(label=_("Terms"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class ReasonForm(BootstrapForm):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ReceivableForm(BootstrapForm):
    amount = forms.CharField(label=_("Amount due"), max_length=30)
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class PaymentForm(BootstrapForm):
    amount = forms.CharField(label=_("Amount"), max_length=30)
    paid_on = forms.DateField(label=_("Paid on"), required=False, widget=DATE)
    method = forms.ChoiceField(label=_("Method"), choices=PaymentMethod.choices)
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)


class DealForm(BootstrapForm):
    occurred_at = forms.DateTimeField(label=_("Occurred at"), required=False, widget=DATETIME)
    site_id = forms.TypedChoiceField(label=_("Project site"), coerce=int, empty_value=None, required=False)
    amount = forms.CharField(label=_("Amount"), max_length=30)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, sites: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices_of("site_id").choices = _ids(sites)


class ReconciliationForm(BootstrapForm):
    month = forms.CharField(
        label=_("Month (YYYY-MM)"), max_length=7, widget=forms.TextInput(attrs={"type": "month"})
    )


class ImportForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("What to import"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("Excel workbook (.xlsx) or CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
