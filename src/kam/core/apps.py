from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kam.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from kam.core import jobs, security, todo  # noqa: F401 - registers the to-do providers and signals
        from kam.core.navigation import nav_item

        jobs.autodiscover()
        nav_item(_("Home"), "home", order=0)
        nav_item(_("Administration"), "admin:index", posts=["admin"], order=900)
