"""The playbook's pure rules, against hand-worked answers (D9-test, D4, E1)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kam.playbook import rules

ALL_FIVES = [5] * 20
ALL_ONES = [1] * 20


# Listening test (D9-test) --------------------------------------------------------------------------


def test_all_fives_gives_96_because_question_6_counts_one() -> None:
    # 19 questions × 5 = 95, plus question 6 answered "almost always" = 6 − 5 = 1.
    assert rules.listening_total(ALL_FIVES) == 96


def test_all_ones_gives_24_because_question_6_counts_five() -> None:
    # 19 × 1 = 19, plus question 6 answered "almost never" = 6 − 1 = 5.
    assert rules.listening_total(ALL_ONES) == 24


def test_the_best_listener_scores_100_and_the_worst_20() -> None:
    best = [5] * 20
    best[5] = 1
    worst = [1] * 20
    worst[5] = 5
    assert rules.listening_total(best) == rules.MAX_TOTAL == 100
    assert rules.listening_total(worst) == rules.MIN_TOTAL == 20


def test_mixed_answers_hand_worked() -> None:
    # Attitude 1–5: 5, 4, 3, 4, 5 = 21. Behaviour: q6 answered 2 → 4;
    # q7–q20: 4, 4, 3, 5, 4, 3, 5, 4, 3, 4, 4, 2, 3, 4 = 52.
    answers = [5, 4, 3, 4, 5, 2, 4, 4, 3, 5, 4, 3, 5, 4, 3, 4, 4, 2, 3, 4]
    assert rules.listening_total(answers) == 21 + 4 + 52 == 77
    assert rules.points_by_question(answers)[5] == 4


@pytest.mark.parametrize(
    ("answers", "number", "message"),
    [
        ([5] * 19, None, "The listening test has 20 questions: give one answer for each (19 given)."),
        ([5] * 21, None, "The listening test has 20 questions: give one answer for each (21 given)."),
        ([5] * 6 + [None] + [5] * 13, 7, "Question 7 has no answer."),
        ([5] * 2 + [6] + [5] * 17, 3, "Question 3: answer with 5, 4, 3, 2 or 1."),
        ([0] + [5] * 19, 1, "Question 1: answer with 5, 4, 3, 2 or 1."),
        ([5] * 19 + ["5"], 20, "Question 20: answer with 5, 4, 3, 2 or 1."),
        ([5] * 19 + [True], 20, "Question 20: answer with 5, 4, 3, 2 or 1."),
    ],
)
def test_a_missing_or_out_of_range_answer_is_named(
    answers: list[object], number: int | None, message: str
) -> None:
    problem = rules.answer_problem(answers)
    assert problem == rules.AnswerProblem(message, number)
    with pytest.raises(ValueError, match="answer"):
        rules.listening_total(answers)  # type: ignore[arg-type]


def test_question_points_refuses_an_impossible_answer() -> None:
    with pytest.raises(ValueError, match="Question 4"):
        rules.question_points(4, 7)


BANDS = [
    rules.Band(90, 100, "优秀", "Excellent"),
    rules.Band(80, 89, "很好", "Very good"),
    rules.Band(65, 79, "良好", "Fair"),
    rules.Band(50, 64, "加强", "Needs training"),
    rules.Band(20, 49, "重视", "Urgent"),
]


@pytest.mark.parametrize(
    ("total", "label"),
    [
        (100, "Excellent"),
        (96, "Excellent"),
        (90, "Excellent"),
        (89, "Very good"),
        (80, "Very good"),
        (79, "Fair"),
        (65, "Fair"),
        (64, "Needs training"),
        (50, "Needs training"),
        (49, "Urgent"),
        (20, "Urgent"),
    ],
)
def test_totals_map_to_bands_at_their_edges(total: int, label: str) -> None:
    band = rules.band_for(total, BANDS)
    assert band is not None and band.label_en == label


def test_a_total_outside_every_band_has_none() -> None:
    assert rules.band_for(95, [rules.Band(20, 89)]) is None


def test_bands_must_cover_20_to_100_exactly_once() -> None:
    assert rules.band_problem([(b.min_score, b.max_score) for b in BANDS]) is None
    assert rules.band_problem([]) == rules.BANDS_EMPTY
    assert (
        rules.band_problem([(20, 60), (62, 100)])
        == "The bands must cover every total from 20 to 100 once: 61 is not covered."
    )
    assert (
        rules.band_problem([(20, 60), (60, 100)])
        == "The bands must cover every total from 20 to 100 once: 60 is covered twice."
    )


def test_averages_by_question_use_reversed_points() -> None:
    mixed = [4] * 20
    averages = rules.average_by_question([ALL_FIVES, mixed])
    assert averages[0] == Decimal("4.50")
    # Question 6: all fives counts 1, fours count 2 → average 1.5.
    assert averages[5] == Decimal("1.50")
    assert rules.average_by_question([]) == [None] * 20
    assert rules.average_total([96, 77, 80]) == Decimal("84.33")
    assert rules.average_total([]) is None


# Question coach (D4) -------------------------------------------------------------------------------


def test_the_coach_suggests_question_types_per_situation() -> None:
    assert rules.coach_question_types("complaint") == (
        "clarifying",
        "open",
        "targeted",
        "selective",
        "consulting",
    )
    assert rules.coach_question_types("closing")[0] == "closed"
    assert rules.coach_question_types("satisfaction")[0] == "service"
    assert rules.coach_question_types("learn_facts")[0] == "understanding"
    assert rules.coach_question_types("gossip") is None


def test_every_coached_type_is_one_of_the_eight() -> None:
    assert len(rules.QUESTION_TYPES) == 8
    assert {t for types in rules.COACH.values() for t in types} <= set(rules.QUESTION_TYPES)


# Franklin's list (E1) ------------------------------------------------------------------------------


def test_franklin_totals_count_and_weigh_both_columns() -> None:
    totals = rules.franklin_totals(
        [{"text": "省电", "weight": 5}, {"text": "保修", "weight": 2}], [{"text": "补贴退坡", "weight": 3}]
    )
    assert (totals.gains, totals.losses, totals.gain_weight, totals.loss_weight) == (2, 1, 7, 3)
    assert totals.balance == 10
    assert rules.franklin_totals([], []).balance == 0


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([{"text": "ok", "weight": 5}], None),
        ([{"text": "ok"}], None),
        ([{"text": "ok"}, {"text": "  "}], (2, "Line 2 needs a text.")),
        ([{"text": "ok", "weight": 6}], (1, "Line 1: the weight must be a whole number from 1 to 5.")),
        ([{"text": "ok", "weight": "3"}], (1, "Line 1: the weight must be a whole number from 1 to 5.")),
        ([{"text": "x"}] * 31, (0, "At most 30 lines per side.")),
    ],
)
def test_franklin_lines_are_checked(lines: list[dict[str, object]], expected: tuple[int, str] | None) -> None:
    assert rules.franklin_line_problem(lines) == expected


# Pre-visit kit (E1) --------------------------------------------------------------------------------


def test_kit_lines_pick_collateral_by_product_type_and_flag_sample_checks() -> None:
    library = [
        rules.CollateralInfo(1, "brochure", "空调彩页", frozenset({"商用空调"})),
        rules.CollateralInfo(2, "sample", "空调样机", frozenset({"商用空调"})),
        rules.CollateralInfo(3, "sample", "灯具样品", frozenset({"智能照明"})),
        rules.CollateralInfo(4, "model", "新风模型", frozenset({"空气净化设备"})),
    ]
    lines = rules.kit_lines(["商用空调 ", "空气净化设备"], library)
    assert [(line.kind, line.collateral_id, line.check_catalogue, line.missing) for line in lines] == [
        ("business_card", None, False, False),
        ("sample", 2, True, False),
        ("sample", None, False, True),  # no sample of 空气净化设备 in the library
        ("model", 4, True, False),
        ("brochure", 1, False, False),
    ]
    assert lines[2].product_type == "空气净化设备"


def test_product_types_are_compared_as_people_type_them() -> None:
    assert rules.normalise_product_types([" 商用空调", "商用空调", "", "LED", "led"]) == ["商用空调", "LED"]
    assert rules.product_type_key("ＬＥＤ ") == rules.product_type_key("led")


# Content versions ----------------------------------------------------------------------------------


def pair(zh: str = "中文", en: str = "English") -> dict[str, str]:
    return {"zh": zh, "en": en}


def test_a_complete_version_passes() -> None:
    items = [
        {"key": "a", "title": pair(), "text": pair(), "examples": [pair()], "points": [pair()], "seconds": 5}
    ]
    assert rules.version_problem(title_zh="标题", title_en="Title", items=items, previous_keys=["a"]) is None


@pytest.mark.parametrize(
    ("items", "field", "message"),
    [
        ([], "items", rules.CONTENT_NO_ITEMS),
        ([{"title": pair(en="")}], "items.1", "Item 1: a title is needed in Chinese and in English."),
        (
            [{"title": pair()}, {"title": pair(), "text": {"zh": "只有中文"}}],
            "items.2",
            "Item 2: “text” needs both Chinese and English.",
        ),
        (
            [{"title": pair(), "examples": [{"zh": "例"}]}],
            "items.1",
            "Item 1: “examples” needs both Chinese and English.",
        ),
        ([{"title": pair(), "colour": "red"}], "items.1", "Item 1: unknown field “colour”."),
        (
            [{"title": pair(), "seconds": 0}],
            "items.1",
            "Item 1: “seconds” must be a whole number from 1 to 600.",
        ),
        (["text"], "items.1", "Item 1: a title is needed in Chinese and in English."),
    ],
)
def test_an_incomplete_version_is_refused_naming_the_item(
    items: list[object], field: str, message: str
) -> None:
    assert rules.version_problem(title_zh="标题", title_en="Title", items=items) == (field, message)


def test_titles_keys_and_fixed_counts_are_kept() -> None:
    item = {"key": "q1", "title": pair()}
    assert rules.version_problem(title_zh="", title_en="T", items=[item]) == (
        "title_zh",
        rules.CONTENT_TITLE_REQUIRED,
    )
    assert rules.version_problem(title_zh="标题", title_en=" ", items=[item]) == (
        "title_en",
        rules.CONTENT_TITLE_REQUIRED,
    )
    assert rules.version_problem(title_zh="标题", title_en="T", items=[item], previous_keys=["q1", "q2"]) == (
        "items",
        rules.CONTENT_KEYS_CHANGED.format(keys="q1, q2"),
    )
    assert rules.version_problem(title_zh="标题", title_en="T", items=[item], fixed_count=20) == (
        "items",
        rules.CONTENT_COUNT_FIXED.format(count=20),
    )


def test_localized_falls_back_to_the_other_language() -> None:
    assert rules.localized(pair("您好", "Hello"), "en") == "Hello"
    assert rules.localized(pair("您好", "Hello"), "zh-hans") == "您好"
    assert rules.localized({"zh": "您好", "en": ""}, "en") == "您好"
    assert rules.localized(None, "en") == ""


def test_search_text_flattens_both_languages_without_keys() -> None:
    text = rules.search_text("标题", [{"key": "secret_key", "title": pair("您好", "HELLO"), "seconds": 5}])
    assert "hello" in text and "您好" in text and "secret_key" not in text
