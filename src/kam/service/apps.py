from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "kam.service"
    label = "service"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        from kam.core.navigation import nav_item
        from kam.service import access, hooks

        nav_item(
            _("Service desk"),
            "service_queue",
            posts=sorted(access.SUPERVISOR_POSTS | access.EVENT_POSTS),
            order=55,
        )
        hooks.connect()
        if apps.is_installed("kam.plans"):
            from kam.plans.sources import register_deductions

            register_deductions("repeat_complaints", hooks.repeat_complaint_deductions)
