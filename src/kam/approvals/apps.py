from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "kam.approvals"
    label = "approvals"
    verbose_name = _("Approvals")

    def ready(self) -> None:
        from kam.approvals import todo  # noqa: F401 - registers the to-do provider
        from kam.core.navigation import nav_item

        nav_item(_("Approvals"), "approval_inbox", order=60)
