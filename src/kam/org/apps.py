from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "kam.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from django.contrib.auth import user_logged_in
        from django.contrib.auth.models import update_last_login
        from django.db.models.signals import post_delete, post_save

        from kam.core.navigation import nav_item
        from kam.org.models import Department

        nav_item(_("Organisation"), "directory", order=800)
        # Signing in is not a change to the person's record: note the time without a history entry.
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(_note_last_login, dispatch_uid="kam_update_last_login")
        for signal in (post_save, post_delete):
            signal.connect(_tree_changed, sender=Department, dispatch_uid=f"kam_tree_changed_{signal}")


def _tree_changed(sender: Any, **kwargs: Any) -> None:
    """A department was written: a request that read the tree reads it again (``department_tree``)."""
    from kam.core import memo
    from kam.org.selectors import TREE

    memo.forget(TREE)


def _note_last_login(sender: Any, user: Any, **kwargs: Any) -> None:
    from django.utils import timezone

    type(user).objects.filter(pk=user.pk).update(last_login=timezone.now())
