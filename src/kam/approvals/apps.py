from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ApprovalsConfig(AppConfig):
    name = "kam.approvals"
    label = "approvals"
    verbose_name = _("Approvals")

    def ready(self) -> None:
        from kam.approvals import (
            rules,
            todo,  # noqa: F401 - registers the to-do provider
        )
        from kam.approvals.models import RequestStatus, StepStatus
        from kam.core.errors import show_labels
        from kam.core.navigation import nav_item

        statuses = {**dict(StepStatus.choices), **dict(RequestStatus.choices)}
        kinds = {"step": pgettext_lazy("approval", "step"), "request": pgettext_lazy("approval", "request")}
        show_labels(rules.TRANSITION_REFUSED, kind=kinds, current=statuses, target=statuses)

        nav_item(_("Approvals"), "approval_inbox", order=60)
