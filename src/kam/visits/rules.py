"""Field-work rules on plain values: coordinates and the visit-discipline checks (D11, D15, D16).

No database and no clock here: every function takes the times and places it judges, so that the
edges (08:00:00, 16:30:00, a point on a territory's boundary) are tested directly.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_noop

from kam.org.rules import contains
from kam.visits.codes import CoordSystem, ViolationCode

BAD_LAT = gettext_noop("Latitude must be between -90 and 90.")
BAD_LNG = gettext_noop("Longitude must be between -180 and 180.")
BAD_COORD_SYSTEM = gettext_noop("Unknown coordinate system: use wgs84, gcj02 or bd09.")
BAD_EXPENSE = gettext_noop("An expense must be more than 0 and at most 100000.")
MAX_EXPENSE = Decimal("100000")


# --- coordinates -------------------------------------------------------------------------------
# The published GCJ-02 ("Mars coordinates") offset of the Chinese survey bureau and Baidu's BD-09 on
# top of it; outside mainland China GCJ-02 is WGS-84 unchanged.

_A = 6378245.0
_EE = 0.00669342162296594323
_X_PI = math.pi * 3000.0 / 180.0


def out_of_china(lng: float, lat: float) -> bool:
    """Return whether the point lies outside the rectangle the GCJ-02 offset applies to."""
    return not (72.004 <= lng <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lng(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    if out_of_china(lng, lat):
        return lng, lat
    dlat = _transform_lat(lng - 105.0, lat - 35.0)
    dlng = _transform_lng(lng - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlng = (dlng * 180.0) / (_A / sqrtmagic * math.cos(radlat) * math.pi)
    return lng + dlng, lat + dlat


def gcj02_to_wgs84(lng: float, lat: float) -> tuple[float, float]:
    """Invert the offset by fixed-point iteration: well under a centimetre after a few rounds."""
    if out_of_china(lng, lat):
        return lng, lat
    wlng, wlat = lng, lat
    for _round in range(30):
        glng, glat = wgs84_to_gcj02(wlng, wlat)
        dlng, dlat = glng - lng, glat - lat
        wlng, wlat = wlng - dlng, wlat - dlat
        if abs(dlng) < 1e-10 and abs(dlat) < 1e-10:
            break
    return wlng, wlat


def gcj02_to_bd09(lng: float, lat: float) -> tuple[float, float]:
    z = math.sqrt(lng * lng + lat * lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lng) + 0.000003 * math.cos(lng * _X_PI)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


def bd09_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    x, y = lng - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return z * math.cos(theta), z * math.sin(theta)


def wgs84_to_bd09(lng: float, lat: float) -> tuple[float, float]:
    return gcj02_to_bd09(*wgs84_to_gcj02(lng, lat))


def bd09_to_wgs84(lng: float, lat: float) -> tuple[float, float]:
    return gcj02_to_wgs84(*bd09_to_gcj02(lng, lat))


def to_wgs84(lng: float, lat: float, system: str) -> tuple[float, float]:
    """Convert a received position to WGS-84, the system positions are stored in (D11)."""
    if system == CoordSystem.WGS84:
        return lng, lat
    if system == CoordSystem.GCJ02:
        return gcj02_to_wgs84(lng, lat)
    if system == CoordSystem.BD09:
        return bd09_to_wgs84(lng, lat)
    raise ValueError(BAD_COORD_SYSTEM)


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Return the great-circle distance in metres between two (lng, lat) points."""
    lng1, lat1, lng2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(h))


def position_problem(lat: float | None, lng: float | None) -> tuple[str, str] | None:
    """Return (message, field) when a position is out of range, else None."""
    if lat is not None and not -90 <= lat <= 90:
        return BAD_LAT, "lat"
    if lng is not None and not -180 <= lng <= 180:
        return BAD_LNG, "lng"
    return None


def expense_ok(amount: Decimal) -> bool:
    return Decimal("0") < amount <= MAX_EXPENSE


# --- discipline (D11) -----------------------------------------------------------------------


@dataclass(frozen=True)
class DisciplineRules:
    """The visit-discipline settings; every check can be switched off (KAM_VISIT_DISCIPLINE)."""

    visit_from: time = time(8, 0)
    visit_until: time = time(16, 30)
    sign_in_grace: timedelta = timedelta(minutes=30)
    report_due: time = time(20, 0)
    enabled: frozenset[str] = field(default_factory=lambda: frozenset(ViolationCode.values))

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> DisciplineRules:
        rules = cls()
        return cls(
            visit_from=_time(values.get("visit_from"), rules.visit_from),
            visit_until=_time(values.get("visit_until"), rules.visit_until),
            sign_in_grace=timedelta(minutes=int(values.get("sign_in_grace_minutes", 30))),
            report_due=_time(values.get("report_due"), rules.report_due),
            enabled=frozenset(values.get("enabled", rules.enabled)),
        )

    def sign_in_deadline(self, day: date, tz: Any) -> datetime:
        return datetime.combine(day, self.visit_from, tzinfo=tz) + self.sign_in_grace

    def on(self, code: str) -> bool:
        return code in self.enabled


def _time(value: Any, default: time) -> time:
    return time.fromisoformat(value) if isinstance(value, str) else default


@dataclass(frozen=True)
class Finding:
    """A violation the rules found: its code, the local day, what it concerns and the evidence."""

    code: str
    day: date
    subject: str
    evidence: dict[str, Any]


def sign_in_findings(
    *,
    day: date,
    working_day: bool,
    sign_ins: Sequence[datetime],
    now: datetime,
    rules: DisciplineRules,
    tz: Any,
) -> list[Finding]:
    """Judge a person's sign-ins of one local day: none by 08:00 + grace is late, none at all is missing.

    A day that is not a working day asks for nothing; before the deadline nothing is decided yet.
    """
    deadline = rules.sign_in_deadline(day, tz)
    if not working_day or now < deadline:
        return []
    times = sorted(moment.astimezone(tz) for moment in sign_ins if moment.astimezone(tz).date() == day)
    if not times:
        if not rules.on(ViolationCode.MISSING_SIGN_IN):
            return []
        return [Finding(ViolationCode.MISSING_SIGN_IN, day, "", {"deadline": deadline.isoformat()})]
    if times[0] > deadline and rules.on(ViolationCode.LATE_SIGN_IN):
        evidence = {"deadline": deadline.isoformat(), "first_sign_in": times[0].isoformat()}
        return [Finding(ViolationCode.LATE_SIGN_IN, day, "", evidence)]
    return []


def late_sign_in(
    *, moment: datetime, earlier_that_day: bool, rules: DisciplineRules, tz: Any
) -> Finding | None:
    """Judge one sign-in as it arrives: the first of the day after 08:00 + grace is late (D11)."""
    local = moment.astimezone(tz)
    deadline = rules.sign_in_deadline(local.date(), tz)
    if earlier_that_day or local <= deadline or not rules.on(ViolationCode.LATE_SIGN_IN):
        return None
    return Finding(
        ViolationCode.LATE_SIGN_IN,
        local.date(),
        "",
        {"deadline": deadline.isoformat(), "first_sign_in": local.isoformat()},
    )


def outside_hours(moment: datetime, rules: DisciplineRules, tz: Any) -> bool:
    """Return whether a local moment falls outside 08:00:00–16:30:00 (both ends inside)."""
    clock_time = moment.astimezone(tz).timetz().replace(tzinfo=None)
    return clock_time < rules.visit_from or clock_time > rules.visit_until


def visit_findings(
    *, visit_id: int, moment: datetime, inside: bool | None, rules: DisciplineRules, tz: Any
) -> list[Finding]:
    """Judge one visit record: its time against the window, its place against the territory (D11)."""
    day = moment.astimezone(tz).date()
    found = []
    local = moment.astimezone(tz).isoformat()
    if rules.on(ViolationCode.VISIT_OUTSIDE_HOURS) and outside_hours(moment, rules, tz):
        evidence = {"visit_id": visit_id, "occurred_at": local, "window": _window(rules)}
        found.append(Finding(ViolationCode.VISIT_OUTSIDE_HOURS, day, f"visit:{visit_id}", evidence))
    if rules.on(ViolationCode.OUTSIDE_TERRITORY) and inside is False:
        evidence = {"visit_id": visit_id, "occurred_at": local}
        found.append(Finding(ViolationCode.OUTSIDE_TERRITORY, day, f"visit:{visit_id}", evidence))
    return found


def sign_in_place_finding(
    *, sign_in_id: int, moment: datetime, inside: bool | None, rules: DisciplineRules, tz: Any
) -> Finding | None:
    """Judge a sign-in's place: outside the territory polygon is a violation; no polygon, no judgement."""
    if inside is not False or not rules.on(ViolationCode.OUTSIDE_TERRITORY):
        return None
    local = moment.astimezone(tz)
    return Finding(
        ViolationCode.OUTSIDE_TERRITORY,
        local.date(),
        f"sign_in:{sign_in_id}",
        {"sign_in_id": sign_in_id, "occurred_at": local.isoformat()},
    )


def in_territory(boundary: Mapping[str, Any] | None, lng: float | None, lat: float | None) -> bool | None:
    """Return whether a WGS-84 point lies in the territory (edges inside); None when unknown."""
    if lng is None or lat is None:
        return None
    return contains(boundary, lng, lat)


def office_findings(
    *,
    activity_id: int,
    starts_at: datetime,
    ends_at: datetime,
    working_day: bool,
    rules: DisciplineRules,
    tz: Any,
) -> list[Finding]:
    """Judge an office activity: any overlap with the day's visiting window is a violation (D11).

    Office work belongs after 16:30, so an activity that starts at 16:30:00 or ends at 08:00:00 is fine.
    """
    if not working_day or not rules.on(ViolationCode.OFFICE_WORK_IN_VISIT_HOURS):
        return []
    day = starts_at.astimezone(tz).date()
    window_start = datetime.combine(day, rules.visit_from, tzinfo=tz)
    window_end = datetime.combine(day, rules.visit_until, tzinfo=tz)
    if starts_at >= window_end or ends_at <= window_start:
        return []
    evidence = {
        "activity_id": activity_id,
        "starts_at": starts_at.astimezone(tz).isoformat(),
        "ends_at": ends_at.astimezone(tz).isoformat(),
        "window": _window(rules),
    }
    return [Finding(ViolationCode.OFFICE_WORK_IN_VISIT_HOURS, day, f"office:{activity_id}", evidence)]


def _window(rules: DisciplineRules) -> str:
    return f"{rules.visit_from:%H:%M}–{rules.visit_until:%H:%M}"


# --- appointments and reports (D14, D16) ---------------------------------------------------


def overlaps(start: datetime, end: datetime, others: Iterable[tuple[int, datetime, datetime]]) -> list[int]:
    """Return the ids of the other bookings that overlap [start, end) — a double booking (D14)."""
    return [pk for pk, other_start, other_end in others if other_start < end and start < other_end]


def report_late(*, day: date, submitted_at: datetime, rules: DisciplineRules, tz: Any) -> bool:
    """Return whether a daily report came in after its day's due time (D16)."""
    return submitted_at > datetime.combine(day, rules.report_due, tzinfo=tz)


@dataclass(frozen=True)
class VisitLine:
    problems_solved: str
    problems_open: str
    companions: tuple[str, ...]


@dataclass(frozen=True)
class DaySummary:
    visits: int
    solved: int
    unsolved: int
    companions: tuple[str, ...]


def summarise_day(lines: Sequence[VisitLine]) -> DaySummary:
    """Count a day's visits, problems solved and unsolved, and who came along (D16)."""
    companions: dict[str, None] = {}
    for line in lines:
        companions.update(dict.fromkeys(line.companions))
    return DaySummary(
        visits=len(lines),
        solved=sum(1 for line in lines if line.problems_solved.strip()),
        unsolved=sum(1 for line in lines if line.problems_open.strip()),
        companions=tuple(companions),
    )


# --- calendars -----------------------------------------------------------------------------------

CALENDAR_VIEWS = ("day", "week", "month")


def calendar_range(view: str, day: date) -> tuple[date, date]:
    """Return the local days [start, end) a calendar view shows around ``day`` (D14).

    A week runs Monday to Sunday; a month view shows whole weeks, from the Monday on or before the
    first to the Sunday on or after the last, so that it lays out as a grid.
    """
    if view == "day":
        return day, day + timedelta(days=1)
    if view == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=7)
    if view == "month":
        first = day.replace(day=1)
        following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        start = first - timedelta(days=first.weekday())
        last = following - timedelta(days=1)
        return start, last + timedelta(days=7 - last.weekday())
    raise ValueError(view)


def calendar_step(view: str, day: date, direction: int) -> date:
    """Return the day the previous (-1) or next (+1) page of a calendar view starts from (D14)."""
    if view == "day":
        return day + timedelta(days=direction)
    if view == "week":
        return day + timedelta(days=7 * direction)
    month = day.month - 1 + direction
    return date(day.year + month // 12, month % 12 + 1, 1)


def double_booked(slots: Iterable[tuple[int, int, datetime, datetime]]) -> set[int]:
    """Return the ids of the bookings that overlap another booking of the same person (D14).

    ``slots`` are (id, person id, start, end); bookings that only touch (one ends as the next starts)
    do not overlap.
    """
    by_person: dict[int, list[tuple[datetime, datetime, int]]] = {}
    for pk, person, start, end in slots:
        by_person.setdefault(person, []).append((start, end, pk))
    clashing: set[int] = set()
    for rows in by_person.values():
        rows.sort()
        latest_end: datetime | None = None
        latest_pk = 0
        for start, end, pk in rows:
            if latest_end is not None and start < latest_end:
                clashing.update((pk, latest_pk))
            if latest_end is None or end > latest_end:
                latest_end, latest_pk = end, pk
    return clashing
