"""Organisation rules on plain values: the department tree, regions, post codes, territory boundaries."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kam.core.errors import ValidationFailed
from kam.org import rules

# company(1) ─ region east(2) ─ ka1(3) ─ team(5)
#                            └ ka2(4)
#           └ region north(6) ─ ka3(7)
#           └ finance(8)
PARENTS: dict[int, int | None] = {1: None, 2: 1, 3: 2, 4: 2, 5: 3, 6: 1, 7: 6, 8: 1}
KINDS = {
    1: "company",
    2: "region",
    3: "department",
    4: "department",
    5: "department",
    6: "region",
    7: "department",
    8: "department",
}


@pytest.mark.parametrize(
    ("node", "expected"),
    [(1, []), (2, [1]), (5, [3, 2, 1]), (7, [6, 1]), (99, [])],
)
def test_ancestors(node: int, expected: list[int]) -> None:
    assert rules.ancestors(node, PARENTS) == expected


def test_ancestors_stop_on_a_corrupt_cycle() -> None:
    assert rules.ancestors(1, {1: 2, 2: 3, 3: 1}) == [2, 3]


@pytest.mark.parametrize(
    ("node", "new_parent", "cycle"),
    [
        (3, 3, True),  # under itself
        (2, 5, True),  # under its grandchild
        (2, 3, True),  # under its child
        (1, 7, True),  # the root under a leaf
        (3, 4, False),  # under a sibling
        (5, 6, False),  # into another region
        (5, None, False),  # to the top
        (8, 2, False),
    ],
)
def test_would_create_cycle(node: int, new_parent: int | None, cycle: bool) -> None:
    assert rules.would_create_cycle(node, new_parent, PARENTS) is cycle


@pytest.mark.parametrize(
    ("root", "expected"),
    [(1, {1, 2, 3, 4, 5, 6, 7, 8}), (2, {2, 3, 4, 5}), (3, {3, 5}), (5, {5}), (99, {99})],
)
def test_subtree(root: int, expected: set[int]) -> None:
    assert rules.subtree(root, PARENTS) == frozenset(expected)


@pytest.mark.parametrize(
    ("node", "expected"),
    [(5, 2), (3, 2), (2, 2), (7, 6), (6, 6), (8, None), (1, None)],
)
def test_region_of(node: int, expected: int | None) -> None:
    assert rules.region_of(node, PARENTS, KINDS) == expected


def test_check_posts_keeps_order_and_drops_duplicates() -> None:
    known = ["specialist", "ka_manager", "admin"]
    assert rules.check_posts(["ka_manager", "specialist", "ka_manager"], known) == [
        "ka_manager",
        "specialist",
    ]
    assert rules.check_posts([], known) == []


def test_check_posts_names_the_unknown_codes() -> None:
    with pytest.raises(ValidationFailed) as caught:
        rules.check_posts(["specialist", "boss", "sales", "boss"], ["specialist"])
    assert caught.value.message == rules.UNKNOWN_POSTS.format(codes="boss, sales")
    assert caught.value.field == "posts"


def test_check_region_codes() -> None:
    assert rules.check_region_codes([" 330106", "330106", "330102"]) == ["330106", "330102"]
    for bad in (["33010"], ["3301066"], ["abcdef"], ["330106", ""]):
        with pytest.raises(ValidationFailed) as caught:
            rules.check_region_codes(bad)
        assert (caught.value.message, caught.value.field) == (rules.REGION_CODE_INVALID, "region_codes")


# Boundaries --------------------------------------------------------------------------------------

SQUARE = [[120.0, 30.0], [120.2, 30.0], [120.2, 30.2], [120.0, 30.2], [120.0, 30.0]]
POLYGON = {"type": "Polygon", "coordinates": [SQUARE]}


def refused(value: Any) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        rules.check_boundary(value)
    assert caught.value.field == "boundary"
    return caught.value


def test_valid_polygon_is_returned_as_bare_geometry() -> None:
    assert rules.check_boundary(POLYGON) == POLYGON


def test_polygon_with_a_hole() -> None:
    hole = [[120.05, 30.05], [120.15, 30.05], [120.15, 30.15], [120.05, 30.15], [120.05, 30.05]]
    value = {"type": "Polygon", "coordinates": [SQUARE, hole]}
    assert rules.check_boundary(value) == value


def test_multipolygon() -> None:
    other = [[121.0, 31.0], [121.1, 31.0], [121.1, 31.1], [121.0, 31.0]]
    value = {"type": "MultiPolygon", "coordinates": [[SQUARE], [other]]}
    assert rules.check_boundary(value) == value


def test_feature_wrapper_is_unwrapped() -> None:
    feature = {"type": "Feature", "properties": {"name": "西湖区"}, "geometry": POLYGON}
    assert rules.check_boundary(feature) == POLYGON


def test_geojson_text_is_parsed() -> None:
    assert rules.check_boundary(json.dumps(POLYGON)) == POLYGON


def test_extra_members_are_dropped() -> None:
    assert rules.check_boundary({**POLYGON, "bbox": [120, 30, 120.2, 30.2]}) == POLYGON


@pytest.mark.parametrize("empty", [None, "", {}])
def test_no_boundary(empty: Any) -> None:
    assert rules.check_boundary(empty) is None


def test_unclosed_ring_is_refused() -> None:
    error = refused({"type": "Polygon", "coordinates": [SQUARE[:-1]]})
    assert error.message == rules.BOUNDARY_RING_OPEN


def test_unclosed_hole_is_refused() -> None:
    hole = [[120.05, 30.05], [120.15, 30.05], [120.15, 30.15], [120.05, 30.15]]
    error = refused({"type": "Polygon", "coordinates": [SQUARE, hole]})
    assert error.message == rules.BOUNDARY_RING_OPEN


@pytest.mark.parametrize(
    "position",
    [
        [120.1, 95.0],
        [120.1, -90.5],
        [181.0, 30.0],
        [-180.1, 30.0],
        [float("nan"), 30.0],
        [float("inf"), 30.0],
    ],
)
def test_positions_out_of_range_are_refused(position: list[float]) -> None:
    ring = [position, *SQUARE[1:-1], position]
    assert refused({"type": "Polygon", "coordinates": [ring]}).message == rules.BOUNDARY_OUT_OF_RANGE


def test_lat_lng_order_is_caught() -> None:
    """A boundary given as [lat, lng] puts Hangzhou's longitude in the latitude slot."""
    swapped = [[lat, lng] for lng, lat in SQUARE]
    assert refused({"type": "Polygon", "coordinates": [swapped]}).message == rules.BOUNDARY_OUT_OF_RANGE


def test_self_intersecting_bowtie_is_refused() -> None:
    bowtie = [[120.0, 30.0], [120.2, 30.2], [120.2, 30.0], [120.0, 30.2], [120.0, 30.0]]
    error = refused({"type": "Polygon", "coordinates": [bowtie]})
    assert error.message.startswith(rules.BOUNDARY_INVALID.split("{")[0])
    assert "Self-intersection" in error.message


def test_too_few_positions_are_refused() -> None:
    error = refused({"type": "Polygon", "coordinates": [[[120.0, 30.0], [120.1, 30.0], [120.0, 30.0]]]})
    assert error.message.startswith(rules.BOUNDARY_INVALID.split("{")[0])


def test_empty_polygon_is_refused() -> None:
    assert refused({"type": "Polygon", "coordinates": []}).message == rules.BOUNDARY_INVALID.format(
        reason="empty"
    )


@pytest.mark.parametrize(
    "value",
    [
        "not json",
        "[1, 2]",
        [1, 2],
        42,
        {"type": "Point", "coordinates": [120.1, 30.1]},
        {"type": "LineString", "coordinates": SQUARE},
        {"type": "Polygon"},
        {"type": "Polygon", "coordinates": "abc"},
        {"type": "Polygon", "coordinates": [[["a", "b"], [1, 1], [1, 0], ["a", "b"]]]},
        {"type": "Polygon", "coordinates": [[[120.0], [120.1], [120.2], [120.0]]]},
        {"type": "Polygon", "coordinates": [[]]},
        {"type": "Feature", "geometry": None},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [120.1, 30.1]}},
        {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": POLYGON}]},
    ],
)
def test_not_geojson_is_refused(value: Any) -> None:
    assert refused(value).message == rules.BOUNDARY_NOT_GEOJSON


@pytest.mark.parametrize(
    ("lng", "lat", "inside"),
    [
        (120.1, 30.1, True),
        (120.3, 30.1, False),
        (120.1, 29.9, False),
        (120.2, 30.1, True),  # on the east edge
        (120.1, 30.0, True),  # on the south edge
        (120.0, 30.0, True),  # on a corner
        (30.1, 120.1, False),  # lat/lng swapped
    ],
)
def test_contains(lng: float, lat: float, inside: bool) -> None:
    assert rules.contains(POLYGON, lng, lat) is inside


def test_contains_without_a_boundary() -> None:
    assert rules.contains(None, 120.1, 30.1) is None
    assert rules.contains({}, 120.1, 30.1) is None
