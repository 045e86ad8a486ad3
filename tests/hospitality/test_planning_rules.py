"""Rules of banquet preparation (D2) and reception plans (D18, D19) without a database."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kam.core.errors import ValidationFailed
from kam.hospitality import planning

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 12, 20)


@pytest.mark.parametrize(
    ("sent", "today", "holidays", "taboos", "codes"),
    [
        (date(2026, 12, 6), date(2026, 12, 1), set(), [], []),  # exactly 14 days
        (date(2026, 12, 7), date(2026, 12, 1), set(), [], [planning.SHORT_NOTICE]),  # 13 days
        (None, date(2026, 12, 10), set(), [], [planning.SHORT_NOTICE]),  # not sent yet, 10 days left
        (None, date(2026, 11, 1), set(), [], []),  # not sent yet, time enough
        (date(2026, 11, 1), date(2026, 11, 1), {DAY}, [], [planning.HOLIDAY]),
        (date(2026, 11, 1), date(2026, 11, 1), set(), [DAY], [planning.TABOO_DATE]),
        (
            date(2026, 12, 19),
            date(2026, 11, 1),
            {DAY},
            [DAY, date(2026, 12, 21)],
            [planning.SHORT_NOTICE, planning.HOLIDAY, planning.TABOO_DATE],
        ),
        (date(2026, 11, 1), date(2026, 11, 1), {date(2026, 12, 21)}, [date(2026, 12, 19)], []),
    ],
)
def test_banquet_warnings(
    sent: date | None, today: date, holidays: set[date], taboos: list[date], codes: list[str]
) -> None:
    warnings = planning.banquet_warnings(
        banquet_day=DAY, invitations_sent_on=sent, today=today, holidays=holidays, taboo_dates=taboos
    )
    assert [w.code for w in warnings] == codes


def test_taboo_dates_must_be_iso_dates() -> None:
    assert planning.parse_taboo_dates(["2026-12-20", " 2026-12-01", "2026-12-20"]) == [
        date(2026, 12, 1),
        date(2026, 12, 20),
    ]
    with pytest.raises(ValidationFailed) as caught:
        planning.parse_taboo_dates(["20.12.2026"])
    assert caught.value.field == "taboo_dates"


def test_menu_taboos_lists_attending_guests_only() -> None:
    guests = [("甲", "不吃猪肉", True), ("乙", "", True), ("丙", "素食", False), ("丁", " 海鲜过敏 ", True)]
    assert planning.menu_taboos(guests) == [("甲", "不吃猪肉"), ("丁", "海鲜过敏")]


def _steps(tier: str = "B", departure_hour: int = 23) -> list[planning.PlannedStep]:
    return planning.reception_steps(
        arrival_at=datetime(2026, 12, 1, 15, 0, tzinfo=SHANGHAI),
        departure_at=datetime(2026, 12, 3, departure_hour, 30, tzinfo=SHANGHAI),
        tier=tier,
        zone=SHANGHAI,
    )


def test_a_plan_follows_both_flows_in_order() -> None:
    steps = _steps()
    assert [s.code for s in steps] == [
        "pick_up", "meeting", "car", "arrival", "hospitality",
        "invite_stay", "transport", "gifts", "escort", "farewell", "follow_up_call",
    ]  # fmt: skip
    assert {s.flow for s in steps[:5]} == {planning.RECEPTION}
    assert {s.flow for s in steps[5:]} == {planning.SEND_OFF}
    assert steps[0].due_at == datetime(2026, 12, 1, 14, 30, tzinfo=SHANGHAI)  # there early


@pytest.mark.parametrize("hour", [0, 8, 23])
def test_the_follow_up_call_is_the_day_after_departure_local_time(hour: int) -> None:
    call = _steps(departure_hour=hour)[-1]
    assert call.code == planning.FOLLOW_UP
    assert call.due_at.astimezone(SHANGHAI).date() == date(2026, 12, 4)


@pytest.mark.parametrize(("tier", "words"), [("A", "领导专车"), ("B", "商务车"), ("C", "视情况")])
def test_transport_depends_on_the_customer_tier(tier: str, words: str) -> None:
    transport = next(s for s in _steps(tier) if s.code == "transport")
    assert words in transport.what


def test_departure_before_arrival_is_refused() -> None:
    start = datetime(2026, 12, 1, 15, 0, tzinfo=SHANGHAI)
    with pytest.raises(ValidationFailed) as caught:
        planning.reception_steps(
            arrival_at=start, departure_at=start - timedelta(hours=1), tier="A", zone=SHANGHAI
        )
    assert caught.value.field == "departure_at"
