"""The clock every timed rule reads; tests and sweep commands may set it.

Times are stored in UTC and shown in ``TIME_ZONE`` (KAM_TIME_ZONE). A time given without a zone is
read in that zone; months (``YYYY-MM``) and days are local to it too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_noop

from kam.core.errors import ValidationFailed

_frozen: datetime | None = None

BAD_DATETIME = gettext_noop("Not a valid date and time (ISO 8601 expected).")
BAD_MONTH = gettext_noop("Not a valid month (YYYY-MM expected).")
BAD_DATE = gettext_noop("Not a valid date (YYYY-MM-DD expected).")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def now() -> datetime:
    """Return the current aware time, or the time a test or a ``--now`` option set."""
    return _frozen if _frozen is not None else timezone.now()


@contextmanager
def frozen_at(moment: datetime) -> Iterator[datetime]:
    """Set the clock to ``moment`` for the duration of the block."""
    global _frozen
    previous, _frozen = _frozen, ensure_aware(moment)
    try:
        yield _frozen
    finally:
        _frozen = previous


def ensure_aware(moment: datetime) -> datetime:
    """Read a naive time in the local zone; leave aware ones as they are."""
    if timezone.is_naive(moment):
        return moment.replace(tzinfo=local_zone())
    return moment


def local_today() -> date:
    return localtime(now()).date()


def localtime(moment: datetime) -> datetime:
    return moment.astimezone(local_zone())


def parse_moment(value: str | datetime, *, field: str = "occurred_at") -> datetime:
    """Parse an ISO 8601 time; without a zone it is local. Raise a 422 naming ``field`` otherwise."""
    if isinstance(value, datetime):
        return ensure_aware(value)
    try:
        parsed = parse_datetime(value.strip())
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValidationFailed(BAD_DATETIME, field=field)
    return ensure_aware(parsed)


def parse_month(value: str, *, field: str = "month") -> date:
    """Parse ``YYYY-MM`` into the first day of that month."""
    match = _MONTH.match(value or "")
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise ValidationFailed(BAD_MONTH, field=field)
    return date(int(match.group(1)), int(match.group(2)), 1)


def parse_day(value: str, *, field: str = "date") -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationFailed(BAD_DATE, field=field) from None


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """Return the aware [start, end) of a local day."""
    start = datetime.combine(day, time.min, tzinfo=local_zone())
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=local_zone())


def month_bounds(first: date) -> tuple[datetime, datetime]:
    """Return the aware [start, end) of the local month that starts on ``first``."""
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return day_bounds(first)[0], day_bounds(nxt)[0]
