"""Banquet seating (D2-seat) and the main table's serving order (D2-serve), as pure functions.

Geometry. Everyone faces the centre of a round table. Seats are numbered from the host (1) towards
the host's right hand, so the host's right neighbour is seat 2 and the left neighbour is seat ``n``;
every diner's right neighbour is the next number. Seen from above, numbers rise counter-clockwise,
so serving "clockwise" runs down the numbers. With a hostess she sits opposite the host, at
``n/2 + 1``, and her right neighbour is ``n/2 + 2``.

The rules (宴会管理制度 四): the principal guest sits at the host's right (seat 2); the principal
guest's spouse at the hostess's right; the interpreter at the principal guest's right (seat 3).
Seats rank around their centres (the host, and the hostess if present): nearer before farther,
right before left at equal distance, the host's side before the hostess's at equal distance and
side. Within each side, a higher rank (a smaller ``rank`` number) gets a better table and, at the
same table, a better seat. Hosting-side people are interleaved with guests: the tables fill in rank
order, and the hosting-side people are shared out so that the number of neighbouring hosting-side
pairs, over all tables, is the smallest the numbers allow (then as close as possible to each table's
proportional share); at each table they take the seats that leave the fewest such pairs.
Tables rank by distance from the main table, right before left: table 1 is the main table, 2 the
first to its right, 3 the first to its left, 4 the second to its right… Each further table's best
hosting-side person sits at its seat 1 as that table's host.

Serving (四(四)): the female principal guest first (the principal guest if female, else the
principal guest's spouse if she is at the main table), otherwise the male principal guest; then
the hostess, or the host without one; then clockwise from there. Wine is poured from the right, to
two thirds of the glass; dishes are served from the left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import combinations
from math import ceil
from typing import Any

from django.utils.translation import gettext_noop

from kam.core.errors import ValidationFailed

TABLE_SIZES = (8, 10, 12)
HOST_SIDE = "host"
GUEST_SIDE = "guest"

HOST = "host"
HOSTESS = "hostess"
PRINCIPAL = "principal_guest"
PRINCIPAL_SPOUSE = "principal_guest_spouse"
INTERPRETER = "interpreter"
TABLE_HOST = "table_host"
GUEST = "guest"
ACCOMPANYING = "accompanying"
EMPTY = "empty"

NO_HOST = gettext_noop("The guest list has no host.")
TOO_MANY_GUESTS = gettext_noop("{people} people do not fit at {tables} tables of {size} seats.")
INTERPRETER_WITHOUT_PRINCIPAL = gettext_noop(
    "An interpreter is listed but there is no principal guest to sit beside."
)
BAD_TABLE_SIZE = gettext_noop("Tables seat 8, 10 or 12 people.")
BAD_TABLE_COUNT = gettext_noop("Give at least one table.")
DUPLICATE_DINER = gettext_noop("Someone is on the guest list twice.")
UNKNOWN_SPOUSE = gettext_noop("A spouse refers to someone who is not on the guest list.")
BAD_SIDE = gettext_noop("Each guest is on the hosting side or the guests' side.")


@dataclass(frozen=True)
class Diner:
    """Someone at the banquet; ``rank`` 1 is the most senior, ``spouse_of`` another diner's id."""

    id: int
    side: str = GUEST_SIDE
    rank: int = 100
    spouse_of: int | None = None
    is_interpreter: bool = False
    female: bool = False


Seat = tuple[Diner, str]


def seat_precedence(size: int, centres: Sequence[int]) -> list[int]:
    """Return the seats of a table from most to least honoured around ``centres`` (first centre first)."""

    def key(seat: int) -> tuple[int, int, int]:
        options = []
        for index, centre in enumerate(centres):
            right, left = (seat - centre) % size, (centre - seat) % size
            options.append((right, 0, index) if right <= left else (left, 1, index))
        return min(options)

    return sorted(range(1, size + 1), key=key)


def table_layout(count: int) -> list[dict[str, Any]]:
    """Return the tables in rank order: the main table, then right before left, near before far."""
    layout = [{"number": 1, "distance": 0, "side": "main"}]
    for number in range(2, count + 1):
        layout.append(
            {"number": number, "distance": number // 2, "side": "right" if number % 2 == 0 else "left"}
        )
    return layout


def adjacent_pairs(size: int, seats: set[int]) -> int:
    """Count neighbouring pairs among ``seats`` at a round table of ``size``."""
    return sum(1 for s in seats if s % size + 1 in seats)


def _check(size: int, host: Diner | None, everyone: list[Diner]) -> None:
    if size not in TABLE_SIZES:
        raise ValidationFailed(BAD_TABLE_SIZE, field="table_size")
    if host is None:
        raise ValidationFailed(NO_HOST, field="host")
    ids = [d.id for d in everyone]
    if len(set(ids)) != len(ids):
        raise ValidationFailed(DUPLICATE_DINER, field="guests")
    if any(d.side not in (HOST_SIDE, GUEST_SIDE) for d in everyone):
        raise ValidationFailed(BAD_SIDE, field="guests")
    if any(d.spouse_of is not None and d.spouse_of not in ids for d in everyone):
        raise ValidationFailed(UNKNOWN_SPOUSE, field="guests")


def principal_guest(guests: Sequence[Diner]) -> Diner | None:
    """Return the highest-ranked guest-side diner who is not an interpreter, preferring non-spouses."""
    candidates = [g for g in guests if g.side == GUEST_SIDE and not g.is_interpreter]
    own = [g for g in candidates if g.spouse_of is None] or candidates
    return min(own, key=lambda g: g.rank) if own else None  # min keeps list order among equal ranks


def spouse_of(diner: Diner, guests: Sequence[Diner]) -> Diner | None:
    return next((g for g in guests if g.spouse_of == diner.id or diner.spouse_of == g.id), None)


def _main_fixed(size: int, host: Diner, hostess: Diner | None, guests: Sequence[Diner]) -> dict[int, Seat]:
    fixed: dict[int, Seat] = {1: (host, HOST)}
    if hostess is not None:
        fixed[size // 2 + 1] = (hostess, HOSTESS)
    principal = principal_guest(guests)
    interpreters = sorted((g for g in guests if g.is_interpreter), key=lambda g: g.rank)
    if principal is None:
        if interpreters:
            raise ValidationFailed(INTERPRETER_WITHOUT_PRINCIPAL, field="guests")
        return fixed
    fixed[2] = (principal, PRINCIPAL)
    if interpreters:
        fixed[3] = (interpreters[0], INTERPRETER)
    spouse = spouse_of(principal, guests)
    placed = {d.id for d, _ in fixed.values()}
    if hostess is not None and spouse is not None and spouse.id not in placed:
        fixed[size // 2 + 2] = (spouse, PRINCIPAL_SPOUSE)
    return fixed


def _hosting(seat: Seat) -> bool:
    diner, role = seat
    return role in (HOST, HOSTESS, TABLE_HOST) or diner.side == HOST_SIDE


def _seat_table(
    size: int, centres: list[int], fixed: dict[int, Seat], hosts: list[Diner], guests: list[Diner]
) -> dict[int, Seat]:
    """Seat ``hosts`` and ``guests`` (each sorted by rank) around the fixed seats of one table.

    Hosting-side seats are chosen to leave the fewest neighbouring hosting-side pairs; among equal
    choices, the guests get the most honoured seats, then the hosting side.
    """
    order = seat_precedence(size, centres)
    honour = {seat: index for index, seat in enumerate(order)}
    free = [s for s in order if s not in fixed]
    hosting = {s for s, seat in fixed.items() if _hosting(seat)}
    best: tuple[Any, ...] | None = None
    for chosen in combinations(free, len(hosts)):
        rest = [s for s in free if s not in chosen][: len(guests)]
        key = (
            adjacent_pairs(size, hosting | set(chosen)),
            [honour[s] for s in rest],
            [honour[s] for s in chosen],
            chosen,
            rest,
        )
        if best is None or key[:3] < best[:3]:
            best = key
    assert best is not None  # combinations() yields at least the empty choice
    seats = dict(fixed)
    seats.update({s: (d, ACCOMPANYING) for s, d in zip(best[3], hosts, strict=True)})
    seats.update({s: (d, GUEST) for s, d in zip(best[4], guests, strict=True)})
    return seats


@lru_cache(maxsize=4096)
def fewest_pairs(size: int, hosting: frozenset[int], free: tuple[int, ...], count: int) -> int:
    """Return the fewest neighbouring hosting-side pairs when ``count`` more sit among ``free`` seats."""
    return min(adjacent_pairs(size, set(hosting) | set(chosen)) for chosen in combinations(free, count))


def _table_pairs(size: int, main_fixed: dict[int, Seat], table: int, hosting: int) -> int:
    """Return the fewest hosting-side pairs at a table seating ``hosting`` more hosting-side people."""
    if table == 0:
        fixed = frozenset(s for s, seat in main_fixed.items() if _hosting(seat))
        free = tuple(s for s in range(1, size + 1) if s not in main_fixed)
        return fewest_pairs(size, fixed, free, hosting)
    if hosting == 0:
        return 0
    return fewest_pairs(size, frozenset({1}), tuple(range(2, size + 1)), hosting - 1)


def _split_hosting(size: int, main_fixed: dict[int, Seat], people: list[int], hosting: int) -> list[int]:
    """Return how many hosting-side people each table gets: fewest neighbouring hosting-side pairs in
    all, then as close as possible to each table's proportional share."""
    total = sum(people)
    after = [sum(people[t:]) for t in range(len(people) + 1)]

    @cache
    def best(table: int, left: int) -> tuple[tuple[int, int], tuple[int, ...]]:
        if table == len(people):
            return ((0, 0) if left == 0 else (10**9, 10**9)), ()
        options = []
        low = max(0, people[table] - (after[table] - left))
        for count in range(low, min(people[table], left) + 1):
            (pairs, spread), rest = best(table + 1, left - count)
            pairs += _table_pairs(size, main_fixed, table, count)
            spread += abs(count * total - hosting * people[table])
            options.append(((pairs, spread), (count, *rest)))
        return min(options) if options else ((10**9, 10**9), ())

    return list(best(0, hosting)[1])


def _by_rank(diners: list[Diner]) -> list[Diner]:
    return sorted(diners, key=lambda d: d.rank)  # stable: the list order breaks ties


def assign_seats(
    *,
    table_size: int,
    host: Diner | None,
    hostess: Diner | None = None,
    guests: Sequence[Diner] = (),
    tables: int | None = None,
) -> dict[str, Any]:
    """Seat everyone at ``tables`` round tables of ``table_size`` (default: as few as fit) (D2-seat).

    Return ``{"tables": [{"number", "distance", "side", "seats": [{"position", "guest_id", "role"}]}],
    "serving_order": [...]}`` with every seat of every table listed (empty ones with ``guest_id`` None).
    """
    everyone = [d for d in (host, hostess, *guests) if d is not None]
    _check(table_size, host, everyone)
    assert host is not None
    count = tables if tables is not None else max(1, ceil(len(everyone) / table_size))
    if count < 1:
        raise ValidationFailed(BAD_TABLE_COUNT, field="tables")
    if len(everyone) > count * table_size:
        raise ValidationFailed(
            TOO_MANY_GUESTS,
            field="guests",
            params={"people": len(everyone), "tables": count, "size": table_size},
        )
    fixed = _main_fixed(table_size, host, hostess, guests)
    placed = {d.id for d, _ in fixed.values()}
    hosts = _by_rank([g for g in guests if g.id not in placed and g.side == HOST_SIDE])
    others = _by_rank([g for g in guests if g.id not in placed and g.side == GUEST_SIDE])
    centres = [1] if hostess is None else [1, table_size // 2 + 1]
    pool = len(hosts) + len(others)
    people: list[int] = []
    for table in range(count):  # tables fill in rank order
        people.append(min(table_size - (len(fixed) if table == 0 else 0), pool - sum(people)))
    shares = _split_hosting(table_size, fixed, people, len(hosts))
    plans = []
    for place, seated, h in zip(table_layout(count), people, shares, strict=True):
        table_hosts, hosts = hosts[:h], hosts[h:]
        table_guests, others = others[: seated - h], others[seated - h :]
        if place["number"] > 1 and table_hosts:
            fixed = {1: (table_hosts[0], TABLE_HOST)}
            table_hosts = table_hosts[1:]
        plans.append((place, _seat_table(table_size, centres, fixed, table_hosts, table_guests)))
        fixed, centres = {}, [1]
    return {
        "tables": [{**place, "seats": _listing(table_size, seats)} for place, seats in plans],
        "serving_order": serving_order(table_size, plans[0][1]),
    }


def _listing(size: int, seats: dict[int, Seat]) -> list[dict[str, Any]]:
    return [
        {"position": p, "guest_id": seats[p][0].id, "role": seats[p][1]}
        if p in seats
        else {"position": p, "guest_id": None, "role": EMPTY}
        for p in range(1, size + 1)
    ]


def serving_order(size: int, seats: dict[int, Seat]) -> list[dict[str, Any]]:
    """Return the main table's serving order (D2-serve): female principal guest (else the male), then
    the hostess or host, then clockwise — down the seat numbers — round the table."""
    where = {role: position for position, (_, role) in seats.items()}
    first: list[int] = []
    if PRINCIPAL in where:
        principal = seats[where[PRINCIPAL]][0]
        spouse = next(
            (p for p, (d, _) in seats.items() if d.spouse_of == principal.id or principal.spouse_of == d.id),
            None,
        )
        female_first = not principal.female and spouse is not None and seats[spouse][0].female
        first.append(spouse if female_first and spouse is not None else where[PRINCIPAL])
    start = where.get(HOSTESS, where[HOST])
    order = [*first, start]
    for step in range(1, size):
        position = (start - 1 - step) % size + 1
        if position in seats and position not in order:
            order.append(position)
    return [{"position": p, "guest_id": seats[p][0].id, "role": seats[p][1]} for p in order]
