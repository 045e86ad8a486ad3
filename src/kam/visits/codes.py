"""Codes of field work: coordinate systems, plan and result codes (D16), violations (D11)."""

from __future__ import annotations

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CoordSystem(TextChoices):
    WGS84 = "wgs84", "WGS-84"
    GCJ02 = "gcj02", "GCJ-02"
    BD09 = "bd09", "BD-09"


class PlanCode(TextChoices):
    """The purpose of a visit (D16)."""

    FIRST_VISIT = "A", _("A · first visit")
    SOLVE_PROBLEM = "B", _("B · solve a problem")
    BUILD_RELATIONSHIP = "C", _("C · build the relationship")


class ResultCode(TextChoices):
    """The outcome of a visit (D16)."""

    DEAL = "A", _("A · deal")
    PROMISING = "B", _("B · promising")
    VISIT_AGAIN = "C", _("C · visit again")
    NO_HOPE = "D", _("D · no hope")
    KEEP_WATCHING = "E", _("E · keep watching")


class ViolationCode(TextChoices):
    MISSING_SIGN_IN = "missing_sign_in", _("No sign-in")
    LATE_SIGN_IN = "late_sign_in", _("Late sign-in")
    OUTSIDE_TERRITORY = "outside_territory", _("Outside the territory")
    VISIT_OUTSIDE_HOURS = "visit_outside_hours", _("Visit outside visiting hours")
    OFFICE_WORK_IN_VISIT_HOURS = "office_work_in_visit_hours", _("Office work in visiting hours")


class SignInSource(TextChoices):
    PHONE = "phone", _("Phone page")
    DUTY_DESK = "duty_desk", _("Entered by the duty desk")


class ViolationStatus(TextChoices):
    OPEN = "open", pgettext_lazy("violation", "Open")
    EXPLAINED = "explained", _("Explained")
    ACCEPTED = "accepted", _("Explanation accepted")
    REJECTED = "rejected", _("Explanation rejected")
    CLOSED = "closed", _("Closed")


class ReportStatus(TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SUPERVISOR_SIGNED = "supervisor_signed", _("Signed by the supervisor")
    APPROVED = "approved", _("Approved")
