"""The rules of facility tours (参观管理制度, D1) as pure functions on plain values.

The safety notes a route implies come from its areas' flags: a workshop needs safety helmets (第六条),
the electrolysis and power workshops and other magnet-sensitive areas need watches, credit cards and
similar items handed to staff first (第七条), and an area marked "no visitors" may not be on a route at
all (第九条). Interviews and filming need a leadership approval and an escort (第十一条). The visitor
rules every brief carries are the articles that apply to every tour (第五、七、八、十条).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time

from django.utils.translation import gettext_noop

from kam.core.errors import Conflict, ValidationFailed

INTERVIEW_OR_FILMING = "interview_or_filming"
"""The approval flag that adds the leadership step to the tour chain."""

DRAFT = "draft"
SUBMITTED = "submitted"
RETURNED = "returned"
APPROVED = "approved"
REJECTED = "rejected"
CANCELLED = "cancelled"

TRANSITIONS: Mapping[str, frozenset[str]] = {
    DRAFT: frozenset({SUBMITTED, CANCELLED}),
    SUBMITTED: frozenset({APPROVED, REJECTED, RETURNED, CANCELLED}),
    RETURNED: frozenset({SUBMITTED, CANCELLED}),
    APPROVED: frozenset({CANCELLED}),
    REJECTED: frozenset(),
    CANCELLED: frozenset(),
}
EDITABLE = frozenset({DRAFT, RETURNED})
ASSIGNABLE = frozenset({SUBMITTED, APPROVED})

TRANSITION_REFUSED = gettext_noop("A tour application cannot go from “{current}” to “{target}”.")
ROUTE_REQUIRED = gettext_noop("Choose at least one area for the route.")
ROUTE_REPEATS = gettext_noop("The route visits “{name}” twice.")
RESTRICTED_ON_ROUTE = gettext_noop("“{name}” is marked “no visitors” and cannot be on a route.")
HEADCOUNT_TOO_LOW = gettext_noop("The headcount must be at least 1.")
HEADCOUNT_TOO_HIGH = gettext_noop("The headcount is implausibly large (at most 500).")
HEADCOUNT_MISMATCH = gettext_noop(
    "The headcount ({headcount}) does not match the visitor list ({visitors} names)."
)
VISITOR_NAME_REQUIRED = gettext_noop("Every visitor needs a name.")
DATE_IN_PAST = gettext_noop("The tour date has passed; choose today or a later day.")
ENDS_BEFORE_START = gettext_noop("The tour must end after it starts.")
MAX_HEADCOUNT = 500


class TourTransitionRefused(Conflict):
    """A move that the tour application's transition table does not allow (409)."""


def check_transition(current: str, target: str) -> None:
    """Refuse any move of a tour application that :data:`TRANSITIONS` does not list."""
    if target not in TRANSITIONS.get(current, frozenset()):
        raise TourTransitionRefused(TRANSITION_REFUSED, params={"current": current, "target": target})


@dataclass(frozen=True)
class Area:
    """An area of the facility as the rules see it."""

    id: int
    name: str
    workshop: bool = False
    magnet_sensitive: bool = False
    restricted: bool = False


@dataclass(frozen=True)
class Note:
    """A note of the brief, in Chinese and English; ``areas`` names the areas it concerns, if any."""

    code: str
    zh: str
    en: str
    areas: tuple[str, ...] = ()


VISITOR_RULES: tuple[Note, ...] = (
    Note(
        "fixed_route",
        "请按既定时间、路线参观,不得随意在公司逗留,不得单独离队参观。",
        "Keep to the agreed time and route; do not linger on the premises or leave the group.",
    ),
    Note(
        "personal_safety",
        "请注意人身安全,听从接待人员的安排。",
        "Mind your personal safety and follow the instructions of your hosts.",
    ),
    Note(
        "belongings",
        "请妥善保管好随身携带的物品。",
        "Take care of your own belongings.",
    ),
    Note(
        "workshop_rules",
        "在车间参观时请遵守车间的规章制度,由指定解说人员讲解生产工艺。",
        "Inside the workshops, follow the workshop rules; the appointed guide explains the processes.",
    ),
    Note(
        "litter",
        "请保持环境卫生,将饮料瓶、食品袋、纸屑等丢弃在指定位置。",
        "Keep the site clean: put bottles, food wrappers and paper in the bins provided.",
    ),
)


def safety_notes(route: Sequence[Area], *, interview_or_filming: bool = False) -> list[Note]:
    """Return the safety notes a route implies, in the order the rulebook gives them (D1)."""
    notes: list[Note] = []
    workshops = tuple(a.name for a in route if a.workshop)
    if workshops:
        notes.append(
            Note(
                "helmet",
                "参观生产车间必须佩戴安全帽。",
                "Safety helmets must be worn in the production workshops.",
                workshops,
            )
        )
    magnetic = tuple(a.name for a in route if a.magnet_sensitive)
    if magnetic:
        notes.append(
            Note(
                "magnet",
                "进入以下区域前,请将手表、信用卡等易受磁场影响的物品交专人保管。",
                "Before entering these areas, hand watches, credit cards and other items sensitive to "
                "magnetic fields to the staff for safekeeping.",
                magnetic,
            )
        )
    if interview_or_filming:
        notes.append(
            Note(
                "filming",
                "采访、拍摄须经公司领导批准,并由专人陪同协助。",
                "Interviews and filming need the approval of the company leadership and an escort.",
            )
        )
    return notes


def check_route(route: Sequence[Area]) -> None:
    """Refuse an empty route, a route that repeats an area, or one through a "no visitors" area."""
    if not route:
        raise ValidationFailed(ROUTE_REQUIRED, field="route")
    seen: set[int] = set()
    for area in route:
        if area.restricted:
            raise ValidationFailed(RESTRICTED_ON_ROUTE, field="route", params={"name": area.name})
        if area.id in seen:
            raise ValidationFailed(ROUTE_REPEATS, field="route", params={"name": area.name})
        seen.add(area.id)


def check_visitors(headcount: int, visitor_names: Sequence[str]) -> None:
    """Refuse a headcount below one, above the limit, or different from the number of visitors named."""
    if headcount < 1:
        raise ValidationFailed(HEADCOUNT_TOO_LOW, field="headcount")
    if headcount > MAX_HEADCOUNT:
        raise ValidationFailed(HEADCOUNT_TOO_HIGH, field="headcount")
    if any(not name.strip() for name in visitor_names):
        raise ValidationFailed(VISITOR_NAME_REQUIRED, field="visitors")
    if headcount != len(visitor_names):
        raise ValidationFailed(
            HEADCOUNT_MISMATCH,
            field="headcount",
            params={"headcount": headcount, "visitors": len(visitor_names)},
        )


def check_schedule(visit_date: date, start: time, end: time, *, today: date) -> None:
    """Refuse a tour on a day that has passed or one that ends before it starts."""
    if visit_date < today:
        raise ValidationFailed(DATE_IN_PAST, field="visit_date")
    if end <= start:
        raise ValidationFailed(ENDS_BEFORE_START, field="end_time")


def approval_flags(*, interview_or_filming: bool) -> tuple[str, ...]:
    """Return the approval flags of a tour: interviews and filming add the leadership step (第十一条)."""
    return (INTERVIEW_OR_FILMING,) if interview_or_filming else ()
