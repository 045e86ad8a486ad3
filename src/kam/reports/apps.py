from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "kam.reports"
    label = "reports"
    verbose_name = _("Reports and dashboards")

    def ready(self) -> None:
        from kam.core.navigation import nav_item
        from kam.reports import rules

        board_posts = sorted(set().union(*rules.BOARDS.values()))
        nav_item(_("Dashboard"), "reports:dashboard", posts=board_posts, order=5)
        nav_item(_("Reports"), "reports:report", posts=sorted(rules.REPORT_POSTS), order=90)
        nav_item(_("Forms"), "reports:forms", order=91)
