"""Template filters naming the service desk's codes in the reader's language (D10)."""

from __future__ import annotations

from django import template

from kam.service import labels

register = template.Library()


@register.filter
def kind_label(code: str) -> str:
    return labels.label(labels.KIND_LABELS, code)


@register.filter
def event_label(code: str) -> str:
    return labels.label(labels.EVENT_LABELS, code)


@register.filter
def milestone_label(code: str) -> str:
    return labels.label(labels.MILESTONE_LABELS, code)


@register.filter
def status_label(code: str) -> str:
    return labels.label(labels.STATUS_LABELS, code)


@register.filter
def outcome_label(code: str) -> str:
    return labels.label(labels.OUTCOME_LABELS, code)
