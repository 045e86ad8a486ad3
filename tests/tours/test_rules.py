"""The rules of facility tours (D1): safety notes from the route's flags, refusals, transitions."""

from __future__ import annotations

from datetime import date, time

import pytest

from kam.core.errors import ValidationFailed
from kam.tours import rules
from kam.tours.rules import Area

HALL = Area(1, "展厅")
ASSEMBLY = Area(2, "装配车间", workshop=True)
ELECTROLYSIS = Area(3, "电解车间", workshop=True, magnet_sensitive=True)
POWER = Area(4, "动力车间", workshop=True, magnet_sensitive=True)
LAB = Area(5, "测磁实验室", magnet_sensitive=True)
CHEMICALS = Area(6, "危化品仓库", restricted=True)


@pytest.mark.parametrize(
    ("route", "filming", "expected"),
    [
        ([HALL], False, []),
        ([HALL, ASSEMBLY], False, [("helmet", ("装配车间",))]),
        ([LAB], False, [("magnet", ("测磁实验室",))]),
        (
            [ASSEMBLY, ELECTROLYSIS, HALL, POWER],
            False,
            [("helmet", ("装配车间", "电解车间", "动力车间")), ("magnet", ("电解车间", "动力车间"))],
        ),
        ([HALL], True, [("filming", ())]),
    ],
)
def test_safety_notes_follow_the_route(
    route: list[Area], filming: bool, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    notes = rules.safety_notes(route, interview_or_filming=filming)
    assert [(n.code, n.areas) for n in notes] == expected
    assert all(n.zh and n.en for n in notes)


def test_every_brief_carries_the_rulebooks_visitor_rules_in_both_languages() -> None:
    codes = [n.code for n in rules.VISITOR_RULES]
    assert codes == ["fixed_route", "personal_safety", "belongings", "workshop_rules", "litter"]
    assert "不得单独离队" in rules.VISITOR_RULES[0].zh and "leave the group" in rules.VISITOR_RULES[0].en
    assert "指定位置" in rules.VISITOR_RULES[-1].zh and "bins" in rules.VISITOR_RULES[-1].en


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ([], rules.ROUTE_REQUIRED),
        ([HALL, CHEMICALS], rules.RESTRICTED_ON_ROUTE.format(name="危化品仓库")),
        ([HALL, ASSEMBLY, HALL], rules.ROUTE_REPEATS.format(name="展厅")),
    ],
)
def test_bad_routes(route: list[Area], message: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        rules.check_route(route)
    assert (caught.value.message, caught.value.field) == (message, "route")


def test_a_good_route_passes() -> None:
    rules.check_route([HALL, ASSEMBLY, ELECTROLYSIS])


@pytest.mark.parametrize(
    ("headcount", "names", "message", "field"),
    [
        (2, ["王总", "李工"], None, None),
        (0, [], rules.HEADCOUNT_TOO_LOW, "headcount"),
        (-3, ["王总"], rules.HEADCOUNT_TOO_LOW, "headcount"),
        (501, ["x"] * 501, rules.HEADCOUNT_TOO_HIGH, "headcount"),
        (3, ["王总", "李工"], rules.HEADCOUNT_MISMATCH.format(headcount=3, visitors=2), "headcount"),
        (2, ["王总", " "], rules.VISITOR_NAME_REQUIRED, "visitors"),
    ],
)
def test_headcount_and_visitors(
    headcount: int, names: list[str], message: str | None, field: str | None
) -> None:
    if message is None:
        rules.check_visitors(headcount, names)
        return
    with pytest.raises(ValidationFailed) as caught:
        rules.check_visitors(headcount, names)
    assert (caught.value.message, caught.value.field) == (message, field)


TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("day", "start", "end", "message", "field"),
    [
        (date(2026, 3, 10), time(9), time(10), None, None),
        (date(2026, 3, 9), time(9), time(10), rules.DATE_IN_PAST, "visit_date"),
        (date(2026, 3, 11), time(10), time(10), rules.ENDS_BEFORE_START, "end_time"),
    ],
)
def test_schedule(day: date, start: time, end: time, message: str | None, field: str | None) -> None:
    if message is None:
        rules.check_schedule(day, start, end, today=TODAY)
        return
    with pytest.raises(ValidationFailed) as caught:
        rules.check_schedule(day, start, end, today=TODAY)
    assert (caught.value.message, caught.value.field) == (message, field)


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        ("draft", "submitted", True),
        ("submitted", "approved", True),
        ("submitted", "returned", True),
        ("returned", "submitted", True),
        ("approved", "cancelled", True),
        ("draft", "approved", False),
        ("approved", "submitted", False),
        ("rejected", "cancelled", False),
        ("cancelled", "draft", False),
    ],
)
def test_transitions(current: str, target: str, allowed: bool) -> None:
    if allowed:
        rules.check_transition(current, target)
        return
    with pytest.raises(rules.TourTransitionRefused) as caught:
        rules.check_transition(current, target)
    assert caught.value.message == rules.TRANSITION_REFUSED.format(current=current, target=target)


def test_filming_adds_the_leadership_flag() -> None:
    assert rules.approval_flags(interview_or_filming=True) == ("interview_or_filming",)
    assert rules.approval_flags(interview_or_filming=False) == ()
