"""Forms of the playbook pages: they only parse; the services validate and name the field at fault.

Field names are the services' argument names, so that a service error naming ``title`` or ``file``
lands under that field of the form (see :func:`run`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.utils.translation import gettext_lazy as _

from kam.core.errors import ApplicationError
from kam.playbook.models import AttendanceStatus, CollateralKind

T = TypeVar("T")
BAD_JSON = _("Not valid JSON: %(error)s")
BAD_LINE_WEIGHT = _("Line %(number)d: put a weight from 1 to 5 after “|”.")


def run(form: forms.Form, action: Callable[[], T]) -> T | None:
    """Call a service; put its refusal under the field it names (or on the whole form)."""
    try:
        return action()
    except ApplicationError as error:
        field = (error.field or "").split(".")[0]
        form.add_error(field if field in form.fields else None, error.localized())
        return None


class StyledForm(forms.Form):
    """A form whose widgets carry Bootstrap's classes (the pages must work on a phone)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()


class TopicVersionForm(StyledForm):
    title_zh = forms.CharField(label=_("Chinese title"), max_length=200)
    title_en = forms.CharField(label=_("English title"), max_length=200)
    intro_zh = forms.CharField(
        label=_("Chinese introduction"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    intro_en = forms.CharField(
        label=_("English introduction"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    items = forms.CharField(
        label=_("Items (JSON)"),
        widget=forms.Textarea(attrs={"rows": 18, "class": "font-monospace small"}),
        help_text=_('A list of items; every text is a {"zh": …, "en": …} pair. Keep the "key" of each item.'),
    )
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)

    def clean_items(self) -> Any:
        try:
            items = json.loads(self.cleaned_data["items"])
        except ValueError as error:
            raise forms.ValidationError(BAD_JSON, params={"error": error}) from None
        if not isinstance(items, list):
            raise forms.ValidationError(BAD_JSON, params={"error": "[…]"})
        return items


ANSWER_CHOICES = [
    (5, _("Almost always")),
    (4, _("Often")),
    (3, _("Sometimes")),
    (2, _("Rarely")),
    (1, _("Almost never")),
]


class ProductForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    product_type = forms.CharField(label=_("Product type"), max_length=100)
    model_number = forms.CharField(label=_("Model"), max_length=100, required=False)
    specification = forms.CharField(
        label=_("Specification"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    price_min = forms.DecimalField(label=_("Lowest price"), required=False, max_digits=14, decimal_places=2)
    price_max = forms.DecimalField(label=_("Highest price"), required=False, max_digits=14, decimal_places=2)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CollateralForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=CollateralKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    product_ids = forms.TypedMultipleChoiceField(label=_("Products"), coerce=int, required=False)
    product_type = forms.CharField(label=_("For the whole product type"), max_length=100, required=False)
    file = forms.FileField(label=_("File"), required=False)

    def __init__(self, *args: Any, products: list[tuple[int, str]] = (), **kwargs: Any):  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["product_ids"].choices = products  # type: ignore[attr-defined]


class KitForm(StyledForm):
    product_types = forms.MultipleChoiceField(
        label=_("Product types the customer demanded"), widget=forms.CheckboxSelectMultiple, required=False
    )
    other_types = forms.CharField(
        label=_("Other product types (comma separated)"), max_length=500, required=False
    )
    appointment_id = forms.TypedChoiceField(
        label=_("Appointment"), required=False, coerce=int, empty_value=None
    )
    account_id = forms.IntegerField(label=_("Account number"), required=False, min_value=1)
    visit_on = forms.DateField(
        label=_("Visit date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(
        self,
        *args: Any,
        types: list[str] = (),  # type: ignore[assignment]
        appointments: list[tuple[int, str]] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["product_types"].choices = [(t, t) for t in types]  # type: ignore[attr-defined]
        self.fields["appointment_id"].choices = [("", "—"), *appointments]  # type: ignore[attr-defined]

    def types(self) -> list[str]:
        others = self.cleaned_data.get("other_types") or ""
        extra = [t for t in others.replace(",", ",").split(",") if t.strip()]
        return list(self.cleaned_data.get("product_types") or []) + extra


def parse_lines(text: str) -> list[dict[str, Any]]:
    """Read one reason per line, with an optional weight after a bar: ``节省电费 | 5``."""
    lines = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        if not raw.strip():
            continue
        body, bar, weight = raw.rpartition("|") if "|" in raw else (raw, "", "1")
        try:
            value = int(weight.strip() or 1)
        except ValueError:
            raise forms.ValidationError(BAD_LINE_WEIGHT, params={"number": number}) from None
        lines.append({"text": (body if bar else raw).strip(), "weight": value})
    return lines


class FranklinForm(StyledForm):
    title = forms.CharField(label=_("Proposal"), max_length=200)
    customer = forms.CharField(label=_("Customer"), max_length=200, required=False)
    gains = forms.CharField(
        label=_("Gains of buying"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line; add “| 1–5” for its weight."),
    )
    losses = forms.CharField(
        label=_("Losses of not buying"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line; add “| 1–5” for its weight."),
    )

    def clean_gains(self) -> list[dict[str, Any]]:
        return parse_lines(self.cleaned_data.get("gains", ""))

    def clean_losses(self) -> list[dict[str, Any]]:
        return parse_lines(self.cleaned_data.get("losses", ""))


class CourseForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    topic_slugs = forms.MultipleChoiceField(label=_("Playbook topics"), required=False)

    def __init__(self, *args: Any, topics: list[tuple[str, str]] = (), **kwargs: Any):  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["topic_slugs"].choices = topics  # type: ignore[attr-defined]


class SessionForm(StyledForm):
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    trainer = forms.CharField(label=_("Trainer"), max_length=100, required=False)


class AttendanceForm(StyledForm):
    user_id = forms.TypedChoiceField(label=_("Trainee"), coerce=int)
    status = forms.ChoiceField(label=_("Attendance"), choices=AttendanceStatus.choices)
    score = forms.DecimalField(label=_("Score"), required=False, max_digits=5, decimal_places=1)
    remark = forms.CharField(label=_("Remark"), max_length=300, required=False)

    def __init__(self, *args: Any, trainees: list[tuple[int, str]] = (), **kwargs: Any):  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["user_id"].choices = trainees  # type: ignore[attr-defined]
