"""Soft delete and history helpers for business records (F1)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext, pgettext
from django.utils.translation import pgettext_lazy as _reason

from kam.core import clock

REASONS = (
    _reason("history", "accepted"),
    _reason("history", "acknowledged"),
    _reason("history", "another contact became primary"),
    _reason("history", "approved"),
    _reason("history", "assessed"),
    _reason("history", "assigned"),
    _reason("history", "attached"),
    _reason("history", "attendance recorded"),
    _reason("history", "cancelled"),
    _reason("history", "changed"),
    _reason("history", "checklist ticked"),
    _reason("history", "claimed"),
    _reason("history", "closed"),
    _reason("history", "completed"),
    _reason("history", "created"),
    _reason("history", "deactivated"),
    _reason("history", "deleted"),
    _reason("history", "demo"),
    _reason("history", "drafted"),
    _reason("history", "edited"),
    _reason("history", "execution update"),
    _reason("history", "expired"),
    _reason("history", "explained"),
    _reason("history", "file uploaded"),
    _reason("history", "guest list changed"),
    _reason("history", "imported"),
    _reason("history", "invitation tracked"),
    _reason("history", "issued"),
    _reason("history", "listening test"),
    _reason("history", "locked"),
    _reason("history", "manual scores"),
    _reason("history", "new version"),
    _reason("history", "opened"),
    _reason("history", "payment removed"),
    _reason("history", "prepared"),
    _reason("history", "published"),
    _reason("history", "recorded"),
    _reason("history", "rejected"),
    _reason("history", "repeat cleared"),
    _reason("history", "repeat complaint"),
    _reason("history", "repeat confirmed"),
    _reason("history", "replied"),
    _reason("history", "resubmitted"),
    _reason("history", "returned"),
    _reason("history", "reviewed"),
    _reason("history", "seated"),
    _reason("history", "settled by finance"),
    _reason("history", "signed"),
    _reason("history", "spending recorded"),
    _reason("history", "step changed"),
    _reason("history", "submitted"),
    _reason("history", "template saved"),
    _reason("history", "updated"),
    _reason("history", "withdrawn"),
)
"""The reasons the services record, so the history shows them in the reader's language (F1)."""


def record_actor(obj: Any, actor: Any) -> None:
    """Attribute the history entries of ``obj``'s next saves to ``actor``.

    Without it the history takes the user from the current request, so a service called from a job,
    a command or a test would leave "who" empty.
    """
    obj._history_user = actor  # read by simple-history


def soft_delete(obj: Any, *, reason: str = "deleted", actor: Any = None) -> None:
    """Mark ``obj`` deleted; its history records who did it, when and why."""
    if actor is not None:
        record_actor(obj, actor)
    obj.deleted_at = clock.now()
    obj.save_with_reason(reason, update_fields=["deleted_at", "updated_at"])


def history_entries(obj: Model, *, limit: int = 50) -> list[dict[str, Any]]:
    """Return the record's history newest first, each with who, when, what kind and the changed fields."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]  # type: ignore[attr-defined]
    )
    entries: list[dict[str, Any]] = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            fields = record.instance._meta
            changes = [_change(fields.get_field(c.field), c.old, c.new) for c in delta.changes]
        entries.append(
            {
                "when": record.history_date,
                "user": record.history_user,
                "type": record.history_type,
                "reason": _reason_text(record.history_change_reason or ""),
                "changes": changes,
            }
        )
    return entries


def _reason_text(reason: str) -> str:
    """A recorded reason in the reader's language; a person's own words stay as they were written."""
    return pgettext("history", reason) if reason else ""


def _change(field: Any, old: Any, new: Any) -> dict[str, Any]:
    return {"field": str(field.verbose_name), "old": _display(field, old), "new": _display(field, new)}


def _display(field: Any, value: Any) -> Any:
    """Show a stored value as people read it: names for relations, labels for choices."""
    if value in (None, "", []):
        return None
    if field.many_to_many:
        key = field.related_model._meta.model_name
        pks = [row.get(key) for row in value] if isinstance(value, list) else []
        names = {obj.pk: str(obj) for obj in field.related_model._base_manager.filter(pk__in=pks)}
        return "、".join(names.get(pk, str(pk)) for pk in pks)
    if field.is_relation:
        found = field.related_model._base_manager.filter(pk=value).first()
        return str(found) if found is not None else value
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, (dict, list)):
        return gettext("(details)")  # structured data (frozen scorecard rows, seating) is shown on the page
    return value
