from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToursConfig(AppConfig):
    name = "kam.tours"
    label = "tours"
    verbose_name = _("Facility tours")

    def ready(self) -> None:
        from kam.core.errors import show_labels
        from kam.core.navigation import nav_item
        from kam.tours import rules, services
        from kam.tours.models import TourStatus

        show_labels(rules.TRANSITION_REFUSED, current=TourStatus, target=TourStatus)

        nav_item(_("Facility tours"), "tour_list", order=70)
        services.register_hooks()
