"""Pure rules of banquet preparation (D2) and of reception and send-off plans (D18, D19).

Banquet warnings: invitations should go out at least 14 days ahead; the date should avoid major
holidays and the taboo days either side has named. The holiday test is passed in as a set of days,
so the calendar's database stays out of this module.

Reception and send-off: the rulebook's two flowcharts become a list of steps with a default time
relative to the arrival or the departure; the follow-up phone call is due the day after departure.
Transport for the send-off depends on the customer's tier (视客户级别安排交通工具).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from django.utils.translation import gettext_noop

from kam.core.errors import ValidationFailed

INVITATION_LEAD_DAYS = 14

SHORT_NOTICE = "short_notice"
HOLIDAY = "holiday"
TABOO_DATE = "taboo_date"

BAD_TABOO_DATE = gettext_noop("Give taboo dates as YYYY-MM-DD.")
DEPARTURE_BEFORE_ARRIVAL = gettext_noop("The departure must be after the arrival.")


@dataclass(frozen=True)
class Warning:
    code: str
    day: date | None = None


def banquet_warnings(
    *,
    banquet_day: date,
    invitations_sent_on: date | None,
    today: date,
    holidays: Iterable[date],
    taboo_dates: Iterable[date],
) -> list[Warning]:
    """Return what the organiser should reconsider about the date (D2): notice, holiday, taboo day."""
    warnings: list[Warning] = []
    sent = invitations_sent_on or today
    if (banquet_day - sent).days < INVITATION_LEAD_DAYS:
        warnings.append(Warning(SHORT_NOTICE, banquet_day))
    if banquet_day in set(holidays):
        warnings.append(Warning(HOLIDAY, banquet_day))
    if banquet_day in set(taboo_dates):
        warnings.append(Warning(TABOO_DATE, banquet_day))
    return warnings


def parse_taboo_dates(values: Sequence[object]) -> list[date]:
    """Return the taboo dates as days, refusing anything that is not an ISO date (field ``taboo_dates``)."""
    days: list[date] = []
    for value in values:
        try:
            days.append(value if isinstance(value, date) else date.fromisoformat(str(value).strip()))
        except ValueError:
            raise ValidationFailed(BAD_TABOO_DATE, field="taboo_dates") from None
    return sorted(set(days))


def menu_taboos(guests: Iterable[tuple[str, str, bool]]) -> list[tuple[str, str]]:
    """Return (name, taboos) of every attending guest with taboos, for the menu notes (D2)."""
    return [(name, taboos.strip()) for name, taboos, attending in guests if attending and taboos.strip()]


@dataclass(frozen=True)
class StepTemplate:
    """A step of the reception (D18) or send-off (D19) flow and when it happens by default."""

    code: str
    flow: str
    what: str
    anchor: str  # "arrival" or "departure"
    offset: timedelta


RECEPTION = "reception"
SEND_OFF = "send_off"
FOLLOW_UP = "follow_up_call"

_TRANSPORT = {
    "A": "按客户级别安排交通：公司领导专车送站/送机。",
    "B": "按客户级别安排交通：公司商务车送站/送机。",
}
_TRANSPORT_DEFAULT = "按客户级别安排交通：预约车辆送站/送机，也可视情况而定。"

_FLOWS: tuple[StepTemplate, ...] = (
    StepTemplate(
        "pick_up",
        RECEPTION,
        "接机、接车：记住客户到达时间，保证提前到达等候。",
        "arrival",
        timedelta(minutes=-30),
    ),
    StepTemplate("meeting", RECEPTION, "会面：招呼、握手、寒暄。", "arrival", timedelta(0)),
    StepTemplate(
        "car",
        RECEPTION,
        "乘车：为客户打开车门，请客户先上车；接待人员坐在客户或司机旁边，与客人交谈，介绍本地风俗。",
        "arrival",
        timedelta(minutes=10),
    ),
    StepTemplate(
        "arrival",
        RECEPTION,
        "到达目的地：为客户打开车门；入室时走在客人左边或主陪人员后面；开门请客人先进，请客人坐上座，"
        "把客人介绍给在场有关人员。",
        "arrival",
        timedelta(hours=1),
    ),
    StepTemplate(
        "hospitality",
        RECEPTION,
        "待客礼仪：敬茶、倒茶，谈话，交换名片，陪访。",
        "arrival",
        timedelta(hours=1, minutes=15),
    ),
    StepTemplate(
        "invite_stay",
        SEND_OFF,
        "婉言挽留：邀请客人多留几日；握手辞别；欢迎客人下次再来。",
        "departure",
        timedelta(days=-1),
    ),
    StepTemplate("transport", SEND_OFF, "", "departure", timedelta(hours=-4)),
    StepTemplate(
        "gifts", SEND_OFF, "赠送礼物：本地特色礼物或公司精美产品。", "departure", timedelta(hours=-3)
    ),
    StepTemplate(
        "escort",
        SEND_OFF,
        "送机、送车：由接待人员送机、送车，请客人上车，与客人寒暄。",
        "departure",
        timedelta(hours=-2),
    ),
    StepTemplate(
        "farewell",
        SEND_OFF,
        "辞别、离开：祝愿客人，握手，目送客人离开，欢迎下次再来。",
        "departure",
        timedelta(0),
    ),
    StepTemplate(
        FOLLOW_UP,
        SEND_OFF,
        "电话回访：预计客人到达时间，询问旅途情况，祝工作顺利。",
        "departure",
        timedelta(days=1),
    ),
)

FOLLOW_UP_TIME = time(10, 0)


@dataclass(frozen=True)
class PlannedStep:
    code: str
    flow: str
    what: str
    due_at: datetime


def reception_steps(
    *, arrival_at: datetime, departure_at: datetime, tier: str, zone: tzinfo
) -> list[PlannedStep]:
    """Return the plan's steps with default times (D18, D19); the follow-up call is at 10:00 local time
    on the day after departure, when it becomes a to-do."""
    if departure_at <= arrival_at:
        raise ValidationFailed(DEPARTURE_BEFORE_ARRIVAL, field="departure_at")
    planned = []
    for step in _FLOWS:
        base = arrival_at if step.anchor == "arrival" else departure_at
        due = base + step.offset
        if step.code == FOLLOW_UP:
            day = departure_at.astimezone(zone).date() + timedelta(days=1)
            due = datetime.combine(day, FOLLOW_UP_TIME, tzinfo=zone)
        what = step.what or _TRANSPORT.get(tier, _TRANSPORT_DEFAULT)
        planned.append(PlannedStep(step.code, step.flow, what, due))
    return planned
