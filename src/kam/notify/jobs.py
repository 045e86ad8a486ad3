"""Background jobs of the notification app."""

from datetime import timedelta

from kam.core.jobs import job, periodic
from kam.notify import services


@job("notify.deliver")
def deliver() -> int:
    return services.deliver_pending()


@periodic("notify.retry", every=timedelta(minutes=1))
def retry() -> int:
    """Pick up deliveries a crashed or failed run left behind."""
    return services.deliver_pending()
