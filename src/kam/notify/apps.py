from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "kam.notify"
    label = "notify"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from kam.notify import todo  # noqa: F401 - registers the to-do provider
