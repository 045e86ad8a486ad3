"""Table tests of the field-work rules: coordinates, discipline edges, bookings, the day's summary."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kam.visits import rules
from kam.visits.codes import ViolationCode

SH = ZoneInfo("Asia/Shanghai")
DEFAULT = rules.DisciplineRules()
DAY = date(2026, 3, 4)  # a Wednesday
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[116.0, 39.0], [117.0, 39.0], [117.0, 40.0], [116.0, 40.0], [116.0, 39.0]]],
}


def at(hh: int, mm: int, ss: int = 0, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hh, mm, ss), tzinfo=SH)


# Reference pairs published with the wandergis/coordtransform library (Tiananmen area).
@pytest.mark.parametrize(
    ("fn", "given_point", "expected"),
    [
        (rules.wgs84_to_gcj02, (116.404, 39.915), (116.41024449916938, 39.91640428150164)),
        (rules.gcj02_to_bd09, (116.404, 39.915), (116.41036949371029, 39.92133699351021)),
        (rules.bd09_to_gcj02, (116.404, 39.915), (116.39762729119315, 39.90865673957631)),
        (rules.wgs84_to_gcj02, (-0.1276, 51.5072), (-0.1276, 51.5072)),  # London: no offset
        (rules.gcj02_to_wgs84, (2.3522, 48.8566), (2.3522, 48.8566)),  # Paris: no offset
    ],
)
def test_reference_pairs(fn, given_point, expected) -> None:
    got = fn(*given_point)
    assert got == pytest.approx(expected, abs=1e-9)


def test_gcj02_to_wgs84_inverts_the_offset_within_a_centimetre() -> None:
    wgs = rules.gcj02_to_wgs84(116.41024449916938, 39.91640428150164)
    assert rules.distance_m(wgs, (116.404, 39.915)) < 0.01


china = st.tuples(st.floats(min_value=73.7, max_value=134.9), st.floats(min_value=18.0, max_value=53.5))


@given(china)
def test_round_trips_within_a_metre(point: tuple[float, float]) -> None:
    via_gcj = rules.gcj02_to_wgs84(*rules.wgs84_to_gcj02(*point))
    via_bd = rules.bd09_to_wgs84(*rules.wgs84_to_bd09(*point))
    assert rules.distance_m(via_gcj, point) < 1
    assert rules.distance_m(via_bd, point) < 1


@pytest.mark.parametrize(
    ("system", "point"),
    [("wgs84", (116.404, 39.915)), ("gcj02", (116.41024449916938, 39.91640428150164))],
)
def test_to_wgs84(system: str, point: tuple[float, float]) -> None:
    assert rules.distance_m(rules.to_wgs84(*point, system), (116.404, 39.915)) < 0.01


def test_to_wgs84_refuses_an_unknown_system() -> None:
    with pytest.raises(ValueError, match="Unknown coordinate system"):
        rules.to_wgs84(116.0, 39.0, "utm")


@pytest.mark.parametrize(
    ("lat", "lng", "expected"),
    [
        (90, 180, None),
        (-90, -180, None),
        (90.0001, 0, (rules.BAD_LAT, "lat")),
        (0, -180.5, (rules.BAD_LNG, "lng")),
    ],
)
def test_position_problem(lat: float, lng: float, expected: object) -> None:
    assert rules.position_problem(lat, lng) == expected


@pytest.mark.parametrize(
    ("amount", "ok"),
    [
        (Decimal("0"), False),
        (Decimal("-1"), False),
        (Decimal("0.01"), True),
        (Decimal("100000"), True),
        (Decimal("100000.01"), False),
    ],
)
def test_expense_ok(amount: Decimal, ok: bool) -> None:
    assert rules.expense_ok(amount) is ok


@pytest.mark.parametrize(
    ("sign_ins", "now", "working", "expected"),
    [
        ([], at(8, 29, 59), True, []),  # not decided before the deadline
        ([], at(8, 30), True, [ViolationCode.MISSING_SIGN_IN]),
        ([], at(23, 0), False, []),  # not a working day
        ([at(8, 0, 0)], at(23, 0), True, []),
        ([at(8, 30, 0)], at(23, 0), True, []),  # at the deadline is on time
        ([at(8, 30, 1)], at(23, 0), True, [ViolationCode.LATE_SIGN_IN]),
        ([at(10, 0), at(7, 59)], at(23, 0), True, []),  # the earliest counts
        ([at(8, 29, day=DAY - timedelta(days=1))], at(23, 0), True, [ViolationCode.MISSING_SIGN_IN]),
        # 00:20 UTC is 08:20 in Shanghai: on time, judged in the local zone.
        ([datetime(2026, 3, 4, 0, 20, tzinfo=UTC)], at(23, 0), True, []),
    ],
)
def test_sign_in_findings(
    sign_ins: list[datetime], now: datetime, working: bool, expected: list[str]
) -> None:
    found = rules.sign_in_findings(
        day=DAY, working_day=working, sign_ins=sign_ins, now=now, rules=DEFAULT, tz=SH
    )
    assert [f.code for f in found] == expected
    assert all(f.day == DAY for f in found)


def test_grace_is_configurable_and_rules_can_be_switched_off() -> None:
    strict = rules.DisciplineRules.from_mapping({"sign_in_grace_minutes": 0})
    found = rules.sign_in_findings(
        day=DAY, working_day=True, sign_ins=[at(8, 0, 1)], now=at(9, 0), rules=strict, tz=SH
    )
    assert [f.code for f in found] == [ViolationCode.LATE_SIGN_IN]
    off = rules.DisciplineRules.from_mapping({"enabled": ["late_sign_in"]})
    assert (
        rules.sign_in_findings(day=DAY, working_day=True, sign_ins=[], now=at(9, 0), rules=off, tz=SH) == []
    )


@pytest.mark.parametrize(
    ("moment", "earlier", "late"),
    [(at(8, 30), False, False), (at(8, 30, 1), False, True), (at(9, 0), True, False)],
)
def test_late_sign_in_as_it_arrives(moment: datetime, earlier: bool, late: bool) -> None:
    found = rules.late_sign_in(moment=moment, earlier_that_day=earlier, rules=DEFAULT, tz=SH)
    assert (found is not None) is late


@pytest.mark.parametrize(
    ("moment", "outside"),
    [
        (at(7, 59, 59), True),
        (at(8, 0, 0), False),
        (at(12, 0), False),
        (at(16, 30, 0), False),
        (at(16, 30, 1), True),
        (datetime(2026, 3, 4, 8, 30, 1, tzinfo=UTC), True),  # 16:30:01 local
        (datetime(2026, 3, 4, 0, 0, tzinfo=UTC), False),  # 08:00 local
    ],
)
def test_visit_outside_hours(moment: datetime, outside: bool) -> None:
    assert rules.outside_hours(moment, DEFAULT, SH) is outside
    codes = [
        f.code for f in rules.visit_findings(visit_id=1, moment=moment, inside=True, rules=DEFAULT, tz=SH)
    ]
    assert codes == ([ViolationCode.VISIT_OUTSIDE_HOURS] if outside else [])


@pytest.mark.parametrize(
    ("lng", "lat", "inside"),
    [
        (116.5, 39.5, True),
        (116.0, 39.5, True),  # on an edge
        (117.0, 40.0, True),  # a corner
        (117.0000001, 39.5, False),
        (None, 39.5, None),
    ],
)
def test_in_territory(lng: float | None, lat: float, inside: bool | None) -> None:
    assert rules.in_territory(SQUARE, lng, lat) is inside


def test_no_boundary_judges_nothing() -> None:
    assert rules.in_territory(None, 116.5, 39.5) is None
    assert (
        rules.sign_in_place_finding(sign_in_id=1, moment=at(9, 0), inside=None, rules=DEFAULT, tz=SH) is None
    )


def test_outside_territory_findings() -> None:
    found = rules.visit_findings(visit_id=7, moment=at(9, 0), inside=False, rules=DEFAULT, tz=SH)
    assert [(f.code, f.subject) for f in found] == [(ViolationCode.OUTSIDE_TERRITORY, "visit:7")]
    sign = rules.sign_in_place_finding(sign_in_id=3, moment=at(9, 0), inside=False, rules=DEFAULT, tz=SH)
    assert sign is not None and sign.subject == "sign_in:3" and sign.day == DAY


@pytest.mark.parametrize(
    ("start", "end", "working", "flagged"),
    [
        (at(16, 30), at(18, 0), True, False),  # office work only after 16:30: fine
        (at(16, 29, 59), at(18, 0), True, True),
        (at(7, 0), at(8, 0), True, False),  # ends as the window opens
        (at(7, 0), at(8, 0, 1), True, True),
        (at(10, 0), at(11, 0), True, True),
        (at(10, 0), at(11, 0), False, False),  # weekend
    ],
)
def test_office_work_in_visit_hours(start: datetime, end: datetime, working: bool, flagged: bool) -> None:
    found = rules.office_findings(
        activity_id=5, starts_at=start, ends_at=end, working_day=working, rules=DEFAULT, tz=SH
    )
    assert bool(found) is flagged


def test_overlaps_find_double_bookings() -> None:
    others = [(1, at(9, 0), at(10, 0)), (2, at(10, 0), at(11, 0)), (3, at(13, 0), at(14, 0))]
    assert rules.overlaps(at(9, 30), at(10, 30), others) == [1, 2]
    assert rules.overlaps(at(11, 0), at(13, 0), others) == []


@pytest.mark.parametrize(("submitted", "late"), [(at(20, 0), False), (at(20, 0, 1), True)])
def test_report_late(submitted: datetime, late: bool) -> None:
    assert rules.report_late(day=DAY, submitted_at=submitted, rules=DEFAULT, tz=SH) is late


def test_summarise_day() -> None:
    lines = [
        rules.VisitLine("换了阀门", "", ("李工",)),
        rules.VisitLine("", "报价待定", ("李工", "王经理")),
        rules.VisitLine("  ", "", ()),
    ]
    assert rules.summarise_day(lines) == rules.DaySummary(3, 1, 1, ("李工", "王经理"))
