"""Seating (D2-seat) and serving order (D2-serve), tested by the rules themselves for 8, 10 and 12 seats.

Every rule of issue 8 item 4 is an invariant checked on random guest lists (Hypothesis); the oracles
below are written from the rule text, not from the module's code: seat honour from distance and side,
the fewest neighbouring hosting-side pairs by brute force over every possible choice of seats.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import combinations, product
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kam.core.errors import ValidationFailed
from kam.hospitality import rules
from kam.hospitality.rules import GUEST_SIDE, HOST_SIDE, Diner

SIZES = (8, 10, 12)
FIXED_ROLES = {rules.HOST, rules.HOSTESS, rules.PRINCIPAL, rules.PRINCIPAL_SPOUSE, rules.INTERPRETER}


# Oracles written from the rules --------------------------------------------------------------------


def honour(size: int, centres: list[int], seat: int) -> tuple[int, int, int]:
    """Near before far; right (rising numbers) before left at equal distance; host before hostess."""
    keys = []
    for index, centre in enumerate(centres):
        right, left = (seat - centre) % size, (centre - seat) % size
        keys.append((min(right, left), 0 if right <= left else 1, index))
    return min(keys)


def neighbours(size: int, seats: set[int]) -> int:
    return sum(1 for s in seats if (s % size) + 1 in seats)


def fewest(size: int, fixed: set[int], free: list[int], count: int) -> int:
    return min(neighbours(size, fixed | set(c)) for c in combinations(free, count))


def principal_of(guests: list[Diner]) -> Diner | None:
    candidates = [g for g in guests if g.side == GUEST_SIDE and not g.is_interpreter]
    own = [g for g in candidates if g.spouse_of is None] or candidates
    best = None
    for g in own:  # the first of the highest rank
        if best is None or g.rank < best.rank:
            best = g
    return best


def spouse(of: Diner, guests: list[Diner]) -> Diner | None:
    return next((g for g in guests if g.spouse_of == of.id or of.spouse_of == g.id), None)


def is_hosting(diner: Diner, role: str) -> bool:
    return role in (rules.HOST, rules.HOSTESS, rules.TABLE_HOST) or diner.side == HOST_SIDE


# Random banquets -----------------------------------------------------------------------------------


@st.composite
def banquets(draw: Any, size: int) -> dict[str, Any]:
    with_hostess = draw(st.booleans())
    tables = draw(st.integers(1, 3))
    room = tables * size - 1 - with_hostess
    count = draw(st.integers(0, min(room, 3 * size - 2)))
    guests: list[Diner] = []
    for number in range(count):
        guests.append(
            Diner(
                id=100 + number,
                side=draw(st.sampled_from([HOST_SIDE, GUEST_SIDE, GUEST_SIDE])),
                rank=draw(st.integers(1, 6)),
                is_interpreter=draw(st.integers(0, 9)) == 0,
                female=draw(st.booleans()),
            )
        )
    singles = [g for g in guests if not g.is_interpreter]
    pairs = draw(st.integers(0, len(singles) // 2))
    for index in range(pairs):
        a, b = singles[2 * index], singles[2 * index + 1]
        guests[guests.index(b)] = replace(b, spouse_of=a.id)
    order = draw(st.permutations(range(len(guests)))) if guests else []
    return {
        "table_size": size,
        "tables": tables,
        "host": Diner(1, HOST_SIDE, 1),
        "hostess": Diner(2, HOST_SIDE, 1, spouse_of=1, female=True) if with_hostess else None,
        "guests": [guests[i] for i in order],
    }


def seated(plan: dict[str, Any]) -> Iterator[tuple[int, int, str, int | None]]:
    for table in plan["tables"]:
        for seat in table["seats"]:
            yield table["number"], seat["position"], seat["role"], seat["guest_id"]


def check_plan(plan: dict[str, Any], case: dict[str, Any]) -> None:
    """Assert every seating rule on one plan."""
    size, host, hostess, guests = case["table_size"], case["host"], case["hostess"], case["guests"]
    everyone = {d.id: d for d in (host, hostess, *guests) if d is not None}
    tables = plan["tables"]
    # Every table listed in rank order, every seat once, everyone seated exactly once.
    assert [t["number"] for t in tables] == list(range(1, case["tables"] + 1))
    for t in tables[1:]:
        assert (t["distance"], t["side"]) == (t["number"] // 2, "right" if t["number"] % 2 == 0 else "left")
    for t in tables:
        assert [s["position"] for s in t["seats"]] == list(range(1, size + 1))
    ids = [gid for *_, gid in seated(plan) if gid is not None]
    assert sorted(ids) == sorted(everyone)
    where = {gid: (table, position, role) for table, position, role, gid in seated(plan) if gid is not None}
    check_fixed_seats(where, case)
    check_ranks(where, case, everyone)
    check_interleaving(plan, case, everyone)
    check_serving(plan, case, everyone)


def check_fixed_seats(where: dict[int, tuple[int, int, str]], case: dict[str, Any]) -> None:
    size, guests = case["table_size"], case["guests"]
    assert where[case["host"].id] == (1, 1, rules.HOST)
    if case["hostess"]:
        assert where[case["hostess"].id] == (1, size // 2 + 1, rules.HOSTESS)
    principal = principal_of(guests)
    if principal is None:
        return
    assert where[principal.id] == (1, 2, rules.PRINCIPAL)
    interpreters = [g for g in guests if g.is_interpreter]
    if interpreters:
        top = min(g.rank for g in interpreters)
        assert where[next(g for g in interpreters if g.rank == top).id][:2] == (1, 3)
    partner = spouse(principal, guests)
    if case["hostess"] and partner is not None and not partner.is_interpreter:
        assert where[partner.id] == (1, size // 2 + 2, rules.PRINCIPAL_SPOUSE)


def check_ranks(
    where: dict[int, tuple[int, int, str]], case: dict[str, Any], everyone: dict[int, Diner]
) -> None:
    """Within each side, a higher rank never sits at a worse table or a worse seat of the same table."""
    size = case["table_size"]
    main_centres = [1, size // 2 + 1] if case["hostess"] else [1]

    def place(gid: int) -> tuple[int, tuple[int, int, int]]:
        table, position, _ = where[gid]
        return table, honour(size, main_centres if table == 1 else [1], position)

    free = [gid for gid, (_, _, role) in where.items() if role not in FIXED_ROLES]
    for a, b in combinations(free, 2):
        da, db = everyone[a], everyone[b]
        if da.side == db.side and da.rank != db.rank:
            high, low = (a, b) if da.rank < db.rank else (b, a)
            assert place(high) < place(low), (everyone[high], where[high], everyone[low], where[low])


def check_interleaving(plan: dict[str, Any], case: dict[str, Any], everyone: dict[int, Diner]) -> None:
    """Tables fill in rank order; neighbouring hosting-side pairs are the fewest the numbers allow."""
    size, tables = case["table_size"], plan["tables"]
    counts, actual, fixed_by_table = [], [], []
    for t in tables:
        taken = [(s["position"], everyone[s["guest_id"]], s["role"]) for s in t["seats"] if s["guest_id"]]
        hosting = {p for p, d, role in taken if is_hosting(d, role)}
        counts.append((len(taken), len(hosting)))
        actual.append(neighbours(size, hosting))
        fixed_by_table.append({p: is_hosting(d, role) for p, d, role in taken if role in FIXED_ROLES})
    fixed_count = len(fixed_by_table[0])
    pool = sum(c for c, _ in counts) - fixed_count
    expected = []
    for number in range(len(counts)):
        take = min(size - (fixed_count if number == 0 else 0), pool)
        pool -= take
        expected.append(take + (fixed_count if number == 0 else 0))
    assert [c for c, _ in counts] == expected, "tables fill in rank order"

    def best_at(number: int, hosting: int) -> int:
        if number == 0:
            fixed = fixed_by_table[0]
            free = [s for s in range(1, size + 1) if s not in fixed]
            return fewest(size, {s for s, h in fixed.items() if h}, free, hosting)
        return 0 if hosting == 0 else fewest(size, {1}, list(range(2, size + 1)), hosting - 1)

    fixed_hosting = sum(fixed_by_table[0].values())
    movable = [h - (fixed_hosting if n == 0 else 0) for n, (_, h) in enumerate(counts)]
    for number, extra in enumerate(movable):
        assert actual[number] == best_at(number, extra), f"table {number + 1} could seat fewer pairs"
    people = [c - (len(fixed_by_table[0]) if n == 0 else 0) for n, (c, _) in enumerate(counts)]
    splits = [split for split in product(*(range(p + 1) for p in people)) if sum(split) == sum(movable)]
    assert sum(actual) == min(sum(best_at(n, h) for n, h in enumerate(split)) for split in splits)


def check_serving(plan: dict[str, Any], case: dict[str, Any], everyone: dict[int, Diner]) -> None:
    """Female principal guest first (else the male), then hostess or host, then clockwise."""
    size = case["table_size"]
    main = {s["position"]: s["guest_id"] for s in plan["tables"][0]["seats"] if s["guest_id"]}
    order = [s["position"] for s in plan["serving_order"]]
    assert sorted(order) == sorted(main)
    assert all(main[s["position"]] == s["guest_id"] for s in plan["serving_order"])
    principal = principal_of(case["guests"])
    start = 0
    if principal is not None:
        partner = spouse(principal, case["guests"])
        first = principal.id
        if not principal.female and partner is not None and partner.female and partner.id in main.values():
            first = partner.id
        assert main[order[0]] == first
        start = 1
    second = case["hostess"] or case["host"]
    assert main[order[start]] == second.id
    served = set(order[: start + 1])
    expected = [
        p
        for p in ((order[start] - 1 - k) % size + 1 for k in range(1, size))
        if p in main and p not in served
    ]
    assert order[start + 1 :] == expected


@pytest.mark.parametrize("size", SIZES)
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_seating_rule_holds(size: int, data: Any) -> None:
    case = data.draw(banquets(size))
    has_principal = principal_of(case["guests"]) is not None
    if not has_principal and any(g.is_interpreter for g in case["guests"]):
        with pytest.raises(ValidationFailed) as caught:
            rules.assign_seats(**case)
        assert caught.value.message == rules.INTERPRETER_WITHOUT_PRINCIPAL
        return
    check_plan(rules.assign_seats(**case), case)


# Seat honour, table order and the errors, by explicit tables ------------------------------------


@pytest.mark.parametrize(
    ("size", "centres", "expected"),
    [
        (8, [1], [1, 2, 8, 3, 7, 4, 6, 5]),
        (10, [1], [1, 2, 10, 3, 9, 4, 8, 5, 7, 6]),
        (12, [1], [1, 2, 12, 3, 11, 4, 10, 5, 9, 6, 8, 7]),
        (8, [1, 5], [1, 5, 2, 6, 8, 4, 3, 7]),
        (10, [1, 6], [1, 6, 2, 7, 10, 5, 3, 8, 9, 4]),
        (12, [1, 7], [1, 7, 2, 8, 12, 6, 3, 9, 11, 5, 4, 10]),
    ],
)
def test_seat_honour(size: int, centres: list[int], expected: list[int]) -> None:
    assert rules.seat_precedence(size, centres) == expected
    assert expected == sorted(range(1, size + 1), key=lambda s: honour(size, centres, s))


def test_tables_rank_right_before_left_and_near_before_far() -> None:
    assert [(t["number"], t["distance"], t["side"]) for t in rules.table_layout(5)] == [
        (1, 0, "main"),
        (2, 1, "right"),
        (3, 1, "left"),
        (4, 2, "right"),
        (5, 2, "left"),
    ]


@pytest.mark.parametrize("size", SIZES)
def test_a_full_formal_table(size: int) -> None:
    """A full main table: the principal couple at the host's and the hostess's right hands, the
    interpreter at the principal guest's right, the principal guest's wife served first."""
    host, hostess = Diner(1, HOST_SIDE, 1), Diner(2, HOST_SIDE, 1, spouse_of=1, female=True)
    principal, partner = Diner(10, GUEST_SIDE, 1), Diner(11, GUEST_SIDE, 2, spouse_of=10, female=True)
    interpreter = Diner(12, GUEST_SIDE, 9, is_interpreter=True)
    others = [Diner(20 + i, GUEST_SIDE, 3 + i) for i in range(size // 2 - 3)]
    ours = [Diner(40 + i, HOST_SIDE, 2 + i) for i in range(size - 5 - len(others))]
    guests = [principal, partner, interpreter, *others, *ours]
    plan = rules.assign_seats(table_size=size, host=host, hostess=hostess, guests=guests, tables=1)
    seats = {s["position"]: s for s in plan["tables"][0]["seats"]}
    assert (seats[2]["guest_id"], seats[3]["guest_id"]) == (10, 12)
    assert (seats[size // 2 + 1]["guest_id"], seats[size // 2 + 2]["guest_id"]) == (2, 11)
    assert [s["guest_id"] for s in plan["serving_order"][:2]] == [11, 2]
    check_plan(plan, {"table_size": size, "tables": 1, "host": host, "hostess": hostess, "guests": guests})


@pytest.mark.parametrize(
    ("kwargs", "message", "field"),
    [
        ({"host": None}, rules.NO_HOST, "host"),
        (
            {"tables": 1, "guests": [Diner(i, GUEST_SIDE) for i in range(10, 18)]},
            rules.TOO_MANY_GUESTS.format(people=9, tables=1, size=8),
            "guests",
        ),
        (
            {"guests": [Diner(10, GUEST_SIDE, is_interpreter=True)]},
            rules.INTERPRETER_WITHOUT_PRINCIPAL,
            "guests",
        ),
        (
            {"guests": [Diner(10, HOST_SIDE), Diner(11, HOST_SIDE, is_interpreter=True)]},
            rules.INTERPRETER_WITHOUT_PRINCIPAL,
            "guests",
        ),
        ({"table_size": 9}, rules.BAD_TABLE_SIZE, "table_size"),
        ({"tables": 0}, rules.BAD_TABLE_COUNT, "tables"),
        ({"guests": [Diner(1, GUEST_SIDE)]}, rules.DUPLICATE_DINER, "guests"),
        ({"guests": [Diner(10, GUEST_SIDE, spouse_of=99)]}, rules.UNKNOWN_SPOUSE, "guests"),
        ({"guests": [Diner(10, "press")]}, rules.BAD_SIDE, "guests"),
    ],
)
def test_bad_guest_lists_are_refused(kwargs: dict[str, Any], message: str, field: str) -> None:
    case: dict[str, Any] = {"table_size": 8, "host": Diner(1, HOST_SIDE, 1)} | kwargs
    with pytest.raises(ValidationFailed) as caught:
        rules.assign_seats(**case)
    assert (caught.value.message, caught.value.field) == (message, field)


def test_as_many_tables_as_needed_by_default() -> None:
    guests = [Diner(10 + i, GUEST_SIDE if i % 2 else HOST_SIDE, i) for i in range(20)]
    plan = rules.assign_seats(table_size=10, host=Diner(1, HOST_SIDE, 1), guests=guests)
    assert len(plan["tables"]) == 3
    assert sum(1 for *_, gid in seated(plan) if gid is not None) == 21


def test_hosting_side_is_spread_in_proportion_when_interleaving_allows_several_ways() -> None:
    """5 of our people and 10 guests at two tables of 8: 2 of ours join the host, 3 go to table 2."""
    ours = [Diner(40 + i, HOST_SIDE, 2 + i) for i in range(5)]
    theirs = [Diner(20 + i, GUEST_SIDE, 1 + i) for i in range(10)]
    plan = rules.assign_seats(table_size=8, tables=2, host=Diner(1, HOST_SIDE, 1), guests=[*ours, *theirs])
    sides = [
        sorted(s["guest_id"] for s in t["seats"] if s["guest_id"] and s["guest_id"] >= 40)
        for t in plan["tables"]
    ]
    assert sides == [[40, 41], [42, 43, 44]]
    table_two = {s["position"]: s for s in plan["tables"][1]["seats"]}
    assert (table_two[1]["guest_id"], table_two[1]["role"]) == (42, rules.TABLE_HOST)
