"""Rules of relationship management, table-driven, without a database (D12, A2o, C2)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from kam.core.errors import Conflict, ValidationFailed
from kam.relations import rules

GRADES = [rules.Grade("A", D(90)), rules.Grade("B", D(75)), rules.Grade("C", D(60)), rules.Grade("D", D(0))]
THRESHOLDS = rules.Thresholds(develop_at=D(80), terminate_below=D(60))
DEFAULT_WEIGHTS = [D(w) for w in (20, 15, 15, 15, 10, 10, 10, 5)]


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([D(50), D(50)], None),
        ([D("33.34"), D("33.33"), D("33.33")], None),
        ([D(50), D(40)], rules.WEIGHTS_NOT_100.format(total="90")),
        ([D(60), D(50)], rules.WEIGHTS_NOT_100.format(total="110")),
        ([D(100), D(0)], rules.WEIGHT_NOT_POSITIVE),
        ([D(120), D(-20)], rules.WEIGHT_NOT_POSITIVE),
        ([], rules.NO_INDICATORS),
    ],
)
def test_weights_must_total_100(weights: list[D], message: str | None) -> None:
    indicators = [(f"i{n}", w) for n, w in enumerate(weights)]
    if message is None:
        rules.check_weights(indicators)
    else:
        with pytest.raises(ValidationFailed) as refused:
            rules.check_weights(indicators)
        assert (refused.value.message, refused.value.field) == (message, "indicators")


def test_indicator_names_are_unique() -> None:
    with pytest.raises(ValidationFailed) as refused:
        rules.check_weights([("采购量", D(50)), ("采购量", D(50))])
    assert refused.value.message == rules.DUPLICATE_INDICATOR.format(name="采购量")


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (D(100), "A"),
        (D(90), "A"),
        (D("89.99"), "B"),
        (D(75), "B"),
        (D(74), "C"),
        (D(60), "C"),
        (D(59), "D"),
        (D(0), "D"),
    ],
)
def test_grade_of_a_score(score: D, grade: str) -> None:
    assert rules.grade_of(score, GRADES) == grade


@pytest.mark.parametrize(
    ("grades", "message"),
    [
        ([], rules.GRADES_EMPTY),
        ([rules.Grade("A", D(90)), rules.Grade("B", D(50))], rules.GRADES_NO_ZERO),
        ([rules.Grade("A", D(90)), rules.Grade("B", D(90)), rules.Grade("C", D(0))], rules.GRADES_DUPLICATE),
        ([rules.Grade("A", D(90)), rules.Grade("A", D(0))], rules.GRADES_DUPLICATE),
        ([rules.Grade("A", D(120)), rules.Grade("B", D(0))], rules.GRADE_OUT_OF_SCALE),
    ],
)
def test_grade_scale_refusals(grades: list[rules.Grade], message: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        rules.check_grades(grades)
    assert refused.value.message == message


def test_grade_scale_is_sorted_highest_first() -> None:
    scale = rules.check_grades([rules.Grade("D", D(0)), rules.Grade("A", D(90))])
    assert [g.name for g in scale] == ["A", "D"]


@pytest.mark.parametrize(
    ("scores", "total", "result"),
    [
        # 18 + 12 + 10.5 + 9 + 8.5 + 7.5 + 9.5 + 2.5 = 77.5
        ([90, 80, 70, 60, 85, 75, 95, 50], D("77.50"), rules.MAINTAIN),
        ([85] * 8, D("85.00"), rules.DEVELOP),
        ([80] * 8, D("80.00"), rules.DEVELOP),  # the develop threshold itself develops
        ([60] * 8, D("60.00"), rules.MAINTAIN),  # the terminate threshold itself maintains
        ([50] * 8, D("50.00"), rules.TERMINATE),
        # 20 + 15 + 0 + 0 + 10 + 0 + 0 + 5 = 50
        ([100, 100, 0, 0, 100, 0, 0, 100], D("50.00"), rules.TERMINATE),
        ([100] * 8, D("100.00"), rules.DEVELOP),
        ([0] * 8, D("0.00"), rules.TERMINATE),
    ],
)
def test_total_and_proposed_result(scores: list[int], total: D, result: str) -> None:
    computed = rules.total_of(zip((D(s) for s in scores), DEFAULT_WEIGHTS, strict=True))
    assert computed == total
    assert rules.proposed_result(computed, THRESHOLDS) == result


@pytest.mark.parametrize(
    ("score", "weight", "points"),
    [
        (D(90), D(20), D("18.00")),
        (D(70), D(15), D("10.50")),
        (D("33.3"), D(10), D("3.33")),
        (D(0), D(5), D("0.00")),
    ],
)
def test_weighted_points(score: D, weight: D, points: D) -> None:
    assert rules.weighted_points(score, weight) == points


@pytest.mark.parametrize("score", [D(-1), D("100.01"), D(150)])
def test_scores_outside_the_scale_are_refused(score: D) -> None:
    with pytest.raises(ValidationFailed) as refused:
        rules.check_score("采购量", score)
    assert (refused.value.message, refused.value.field) == (
        rules.SCORE_OUT_OF_SCALE.format(name="采购量"),
        "scores",
    )


@pytest.mark.parametrize(
    ("standard", "develop", "terminate", "message", "field"),
    [
        (D(70), D(80), D(60), None, None),
        (D(70), D(60), D(80), rules.THRESHOLDS_ORDER, "develop_at"),
        (D(70), D(60), D(60), rules.THRESHOLDS_ORDER, "develop_at"),
        (D(70), D(101), D(60), rules.THRESHOLDS_ORDER, "develop_at"),
        (D(-1), D(80), D(60), rules.STANDARD_OUT_OF_SCALE, "standard_score"),
    ],
)
def test_thresholds(standard: D, develop: D, terminate: D, message: str | None, field: str | None) -> None:
    thresholds = rules.Thresholds(develop, terminate)
    if message is None:
        rules.check_thresholds(standard, thresholds)
        return
    with pytest.raises(ValidationFailed) as refused:
        rules.check_thresholds(standard, thresholds)
    assert (refused.value.message, refused.value.field) == (message, field)


@pytest.mark.parametrize(
    ("proposed", "confirmed", "reason", "missing"),
    [
        ("develop", "develop", "", False),
        ("develop", "maintain", "", True),
        ("develop", "maintain", "   ", True),
        ("terminate", "maintain", "新项目在谈", False),
    ],
)
def test_an_override_needs_a_reason(proposed: str, confirmed: str, reason: str, missing: bool) -> None:
    assert rules.needs_reason(proposed, confirmed, reason) is missing


@pytest.mark.parametrize(
    ("totals", "direction"),
    [
        ([], ""),
        ([D(70)], rules.FIRST),
        ([D(70), D(75)], rules.UP),
        ([D(75), D(70)], rules.DOWN),
        ([D(70), D("70.5")], rules.STEADY),
        ([D(50), D(90), D(80)], rules.DOWN),
    ],
)
def test_trend(totals: list[D], direction: str) -> None:
    assert rules.trend(totals) == direction


def test_difference_against_the_standard() -> None:
    assert rules.against_standard(D("77.5"), D(70)) == D("7.50")
    assert rules.against_standard(D(50), D(70)) == D("-20.00")


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        ("issued", "acknowledged", True),
        ("issued", "completed", False),
        ("acknowledged", "in_progress", True),
        ("in_progress", "in_progress", True),
        ("in_progress", "completed", True),
        ("completed", "replied", True),
        ("completed", "withdrawn", False),
        ("replied", "in_progress", False),
        ("withdrawn", "acknowledged", False),
    ],
)
def test_directive_moves(current: str, target: str, allowed: bool) -> None:
    if allowed:
        rules.check_directive_move(current, target)
    else:
        with pytest.raises(Conflict):
            rules.check_directive_move(current, target)


@pytest.mark.parametrize(
    ("due", "status", "today", "overdue"),
    [
        (date(2026, 11, 27), "issued", date(2026, 11, 27), False),  # due today is still on time
        (date(2026, 11, 26), "issued", date(2026, 11, 27), True),
        (date(2026, 11, 26), "in_progress", date(2026, 11, 27), True),
        (date(2026, 11, 26), "completed", date(2026, 11, 27), False),
        (date(2026, 11, 26), "withdrawn", date(2026, 11, 27), False),
        (None, "issued", date(2026, 11, 27), False),
    ],
)
def test_overdue(due: date | None, status: str, today: date, overdue: bool) -> None:
    assert rules.is_overdue(due, status, today) is overdue


@pytest.mark.parametrize(
    ("low", "high", "band"),
    [
        (D(100), D(500), "0–1000"),
        (D(800), D(1400), "1000–10000"),  # midpoint 1100
        (None, D(50000), "10000–100000"),
        (D(200000), None, "100000+"),
        (None, None, ""),
    ],
)
def test_price_band(low: D | None, high: D | None, band: str) -> None:
    assert rules.price_band(low, high) == band


def test_demand_totals_by_dimension() -> None:
    lines = [
        rules.DemandLine("铝锭", "华东", D(100), D(15000), D(17000)),
        rules.DemandLine("铝锭", "华北", D(50), D(16000), D(18000)),
        rules.DemandLine("铝板", "华东", D(30), D(500), D(800)),
    ]
    totals = rules.demand_totals(lines)
    assert totals["product_type"] == {"铝锭": D(150), "铝板": D(30)}
    assert totals["region"] == {"华东": D(130), "华北": D(50)}
    assert totals["price_band"] == {"10000–100000": D(150), "0–1000": D(30)}
    assert list(totals["product_type"]) == ["铝锭", "铝板"]


@pytest.mark.parametrize(
    ("low", "high", "message", "field"),
    [
        (D(10), D(5), rules.PRICE_RANGE_ORDER, "price_max"),
        (D(-1), None, rules.PRICE_NEGATIVE, "price_min"),
    ],
)
def test_price_range_refusals(low: D, high: D | None, message: str, field: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        rules.check_price_range(low, high)
    assert (refused.value.message, refused.value.field) == (message, field)
