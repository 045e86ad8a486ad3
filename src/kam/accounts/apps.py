from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kam.accounts"
    label = "accounts"
    verbose_name = _("Key accounts")

    def ready(self) -> None:
        from kam.accounts import (
            jobs,  # noqa: F401 - registers the import and contract jobs
            rules,
        )
        from kam.accounts.models import AccountStatus, ContractStatus
        from kam.core.errors import show_labels
        from kam.core.navigation import nav_item

        show_labels(rules.STATUS_TRANSITION_REFUSED, current=AccountStatus, target=AccountStatus)
        show_labels(rules.CONTRACT_TRANSITION_REFUSED, current=ContractStatus, target=ContractStatus)

        nav_item(_("Key accounts"), "accounts:list", order=20)
        nav_item(_("Account pool"), "accounts:pool", posts=["specialist", "ka_manager", "admin"], order=21)
        nav_item(_("Channels"), "accounts:channels", order=22)
        nav_item(_("Project sites"), "accounts:sites", order=23)
        nav_item(
            _("Import"),
            "accounts:import",
            posts=["specialist", "ka_manager", "regional_manager", "admin"],
            order=24,
        )
