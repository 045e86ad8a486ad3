from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "kam.plans"
    label = "plans"
    verbose_name = _("Plans and scorecards")

    def ready(self) -> None:
        from kam.core.navigation import nav_item
        from kam.plans import jobs, todos  # noqa: F401 - registers the reminder job and the to-do items
        from kam.plans.counters import register_account_sources

        if apps.is_installed("kam.accounts"):
            register_account_sources()
        nav_item(_("My plan"), "plans:my_plan", posts=["specialist"], order=30)
        nav_item(_("Plans board"), "plans:board", posts=["ka_manager", "regional_manager", "admin"], order=31)
        nav_item(_("Scorecards"), "plans:scorecards", order=32)
        nav_item(
            _("Annual targets"), "plans:targets", posts=["ka_manager", "regional_manager", "admin"], order=33
        )
        nav_item(
            _("Scorecard templates"),
            "plans:templates",
            posts=["ka_manager", "regional_manager", "admin"],
            order=34,
        )
