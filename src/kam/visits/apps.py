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
        from django.db.models.signals import post_delete, post_init, post_save

        from kam.visits import (
            tallies,
            todo,  # noqa: F401 - registers the field-work to-do items
        )
        from kam.visits.models import Visit

        post_init.connect(tallies.remember, sender=Visit, dispatch_uid="visits.tally_remember")
        post_save.connect(tallies.changed, sender=Visit, dispatch_uid="visits.tally_saved")
        post_delete.connect(tallies.changed, sender=Visit, dispatch_uid="visits.tally_deleted")

        register_panel(
            "visits", _("Visits"), order=60, template="visits/_panel.html", context=selectors.account_panel
        )

        if apps.is_installed("kam.plans"):
            from kam.plans.sources import register_deductions, register_source

            register_source("visits", selectors.visit_counts)
            register_deductions("visits", selectors.violation_deductions)
