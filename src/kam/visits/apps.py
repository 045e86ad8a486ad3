from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "kam.visits"
    label = "visits"
    verbose_name = _("Field work")

    def ready(self) -> None:
        from kam.accounts.panels import register_panel
        from kam.core.navigation import nav_item
        from kam.visits import selectors

        nav_item(_("Field work"), "visits_today", order=25)
        nav_item(
            _("Violations"),
            "visits_violations",
            posts=["service_director", "inspector", "ka_manager", "regional_manager", "admin"],
            order=26,
        )
        nav_item(
            _("Duty desk sign-ins"), "visits_duty_desk", posts=["cs_duty", "cs_manager", "admin"], order=27
        )
        from kam.visits import todo  # noqa: F401 - registers the field-work to-do items

        register_panel(
            "visits", _("Visits"), order=60, template="visits/_panel.html", context=selectors.account_panel
        )

        if apps.is_installed("kam.plans"):
            from kam.plans.sources import register_deductions, register_source

            register_source("visits", selectors.visit_counts)
            register_deductions("visits", selectors.violation_deductions)
