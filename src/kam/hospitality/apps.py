from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class HospitalityConfig(AppConfig):
    name = "kam.hospitality"
    label = "hospitality"
    verbose_name = _("Hospitality and banquets")

    def ready(self) -> None:
        from kam.core.errors import show_labels
        from kam.core.navigation import nav_item
        from kam.hospitality import (
            budget,
            todo,  # noqa: F401  (registers the to-do provider)
        )
        from kam.hospitality.models import RequestStatus
        from kam.hospitality.services import requests

        show_labels(budget.TRANSITION_REFUSED, current=RequestStatus, target=RequestStatus)
        nav_item(_("Hospitality"), "hospitality:request_list", order=72)
        nav_item(_("Banquets"), "hospitality:banquet_list", order=73)
        nav_item(_("Receptions"), "hospitality:reception_list", order=74)
        requests.register_hooks()
        if apps.is_installed("kam.reports"):
            from kam.hospitality import reporting
            from kam.reports.widgets import register_report_line, register_widget

            register_widget(
                "hospitality_budget",
                title=_("Hospitality budget against actual"),
                boards={"company", "ka_manager", "region"},
                template="hospitality/_budget_widget.html",
                figures=reporting.budget_figures,
                order=50,
            )
            register_report_line(
                "hospitality_spend", label=_("Hospitality spend"), compute=reporting.spend_by_department
            )
