from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class PlaybookConfig(AppConfig):
    name = "kam.playbook"
    label = "playbook"
    verbose_name = _("Playbook and training")

    def ready(self) -> None:
        from kam.core.navigation import nav_item

        nav_item(_("Playbook"), "playbook_home", order=60)
        nav_item(_("Listening test"), "playbook_test", order=61)
        nav_item(_("Product library"), "playbook_products", order=62)
        nav_item(_("Training"), "playbook_training", order=63)
        if apps.is_installed("kam.accounts"):
            from kam.accounts.panels import register_panel
            from kam.playbook.selectors.kits import account_panel

            register_panel(
                "playbook_kits",
                _("Pre-visit kits"),
                order=105,
                template="playbook/_account_kits.html",
                context=account_panel,
            )
