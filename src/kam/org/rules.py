"""Organisation rules on plain values: the department tree, regions, posts, territory boundaries (A1)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext_noop
from shapely.geometry import shape
from shapely.validation import explain_validity

from kam.core.errors import ValidationFailed

DEPARTMENT_CYCLE = gettext_noop(
    "A department cannot be placed under itself or one of its own sub-departments."
)
UNKNOWN_POSTS = gettext_noop("Unknown post code(s): {codes}.")
SUPERVISOR_OTHER_REGION = gettext_noop("The supervisor must belong to the same region as the user.")
SUPERVISOR_SELF = gettext_noop("A user cannot be their own supervisor.")
BOUNDARY_NOT_GEOJSON = gettext_noop(
    "The boundary must be a GeoJSON Polygon or MultiPolygon with [lng, lat] positions."
)
BOUNDARY_OUT_OF_RANGE = gettext_noop(
    "Boundary positions must be [lng, lat] with lng in [-180, 180] and lat in [-90, 90]."
)
BOUNDARY_INVALID = gettext_noop("The boundary polygon is not valid: {reason}.")
BOUNDARY_RING_OPEN = gettext_noop(
    "Every ring of the boundary must be closed: its last position must repeat its first."
)
REGION_CODE_INVALID = gettext_noop("Region codes are 6-digit administrative division codes (GB/T 2260).")

Parents = Mapping[int, int | None]


def ancestors(node: int, parents: Parents) -> list[int]:
    """Return the ancestors of ``node`` from its parent up to the root."""
    chain: list[int] = []
    seen = {node}
    current = parents.get(node)
    while current is not None and current not in seen:
        chain.append(current)
        seen.add(current)
        current = parents.get(current)
    return chain


def would_create_cycle(node: int, new_parent: int | None, parents: Parents) -> bool:
    """Return whether putting ``node`` under ``new_parent`` makes the tree a cycle."""
    if new_parent is None:
        return False
    return new_parent == node or node in ancestors(new_parent, parents)


def subtree(root: int, parents: Parents) -> frozenset[int]:
    """Return ``root`` and every department below it."""
    children: dict[int | None, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    found, stack = {root}, [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return frozenset(found)


def region_of(node: int, parents: Parents, kinds: Mapping[int, str]) -> int | None:
    """Return the region a department belongs to (itself when it is one), or None above regions."""
    for candidate in [node, *ancestors(node, parents)]:
        if kinds.get(candidate) == "region":
            return candidate
    return None


def check_posts(codes: Iterable[str], known: Iterable[str]) -> list[str]:
    """Return the codes, de-duplicated in order; refuse unknown ones naming them."""
    known_set = set(known)
    ordered = list(dict.fromkeys(codes))
    unknown = [c for c in ordered if c not in known_set]
    if unknown:
        raise ValidationFailed(UNKNOWN_POSTS, field="posts", params={"codes": ", ".join(unknown)})
    return ordered


def check_region_codes(codes: Iterable[str]) -> list[str]:
    cleaned = [str(c).strip() for c in codes]
    if any(len(c) != 6 or not c.isdigit() for c in cleaned):
        raise ValidationFailed(REGION_CODE_INVALID, field="region_codes")
    return list(dict.fromkeys(cleaned))


def _rings(geometry: Mapping[str, Any]) -> list[Any]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def _positions(geometry: Mapping[str, Any]) -> Iterable[Any]:
    for ring in _rings(geometry):
        yield from ring


def check_boundary(value: Any) -> dict[str, Any] | None:
    """Validate a GeoJSON boundary (a Polygon, MultiPolygon, or a Feature holding one).

    Positions are [lng, lat] as GeoJSON requires; rings must close and not cross themselves.
    Returns the bare geometry.
    """
    if value in (None, "", {}):
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise ValidationFailed(BOUNDARY_NOT_GEOJSON, field="boundary") from None
    if isinstance(value, Mapping) and value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, Mapping) or value.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValidationFailed(BOUNDARY_NOT_GEOJSON, field="boundary")
    try:
        geometry = {"type": value["type"], "coordinates": value["coordinates"]}
        for lng, lat, *_ in _positions(geometry):
            if not (math.isfinite(lng) and math.isfinite(lat) and -180 <= lng <= 180 and -90 <= lat <= 90):
                raise ValidationFailed(BOUNDARY_OUT_OF_RANGE, field="boundary")
        # GeoJSON (RFC 7946 §3.1.6) rings are closed; shapely would silently close an open one.
        if any(list(ring[0]) != list(ring[-1]) for ring in _rings(geometry)):
            raise ValidationFailed(BOUNDARY_RING_OPEN, field="boundary")
        polygon = shape(geometry)
    except ValidationFailed:
        raise
    except Exception:
        raise ValidationFailed(BOUNDARY_NOT_GEOJSON, field="boundary") from None
    if polygon.is_empty or not polygon.is_valid:
        reason = "empty" if polygon.is_empty else explain_validity(polygon)
        raise ValidationFailed(BOUNDARY_INVALID, field="boundary", params={"reason": reason})
    return geometry


def contains(boundary: Mapping[str, Any] | None, lng: float, lat: float) -> bool | None:
    """Return whether the point lies in the boundary (edges count as inside); None without a boundary."""
    if not boundary:
        return None
    from shapely.geometry import Point

    return bool(shape(boundary).covers(Point(lng, lat)))
