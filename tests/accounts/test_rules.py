"""The key-account rules on plain values: no database (A2d, A2k, A2n, F2)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kam.accounts import rules
from kam.core.errors import ValidationFailed

# Known-valid codes: the check characters are published with them, so they test the arithmetic.
KNOWN_VALID = ["91350100M000100Y43", "91110000600037341L"]


def _with_check(first17: str) -> str:
    return first17 + rules.credit_code_check_char(first17)


# Codes built with our own function from bodies of different shapes (government, social, enterprise).
COMPUTED_VALID = [
    _with_check(body) for body in ("11100000000013127", "51330100MJ8700000", "92330106MA2CDQ2T7")
]


@pytest.mark.parametrize(("first17", "check"), [("91350100M000100Y4", "3"), ("91110000600037341", "L")])
def test_check_character_of_known_codes(first17: str, check: str) -> None:
    assert rules.credit_code_check_char(first17) == check


@pytest.mark.parametrize("code", KNOWN_VALID + COMPUTED_VALID)
def test_valid_credit_codes_pass(code: str) -> None:
    assert rules.check_credit_code(code) == code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("91350100m000100y43", "91350100M000100Y43"),
        (" 9135 0100 M000 100Y 43 ", "91350100M000100Y43"),
        ("９１１１００００６０００３７３４１Ｌ", "91110000600037341L"),
        ("", ""),
        (None, ""),
    ],
)
def test_credit_codes_are_normalised(raw: str | None, expected: str) -> None:
    assert rules.check_credit_code(raw) == expected


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91350100M000100Y44", rules.CREDIT_CODE_CHECK),
        ("91110000600037341X", rules.CREDIT_CODE_CHECK),
        ("91350100M000100Y4", rules.CREDIT_CODE_LENGTH),
        ("91350100M000100Y433", rules.CREDIT_CODE_LENGTH),
        ("91350100M000100I43", rules.CREDIT_CODE_CHARACTERS),
        ("91350100O000100Y43", rules.CREDIT_CODE_CHARACTERS),
        ("9135010SM000100Y43", rules.CREDIT_CODE_CHARACTERS),
        ("913501A0M000100Y43", rules.CREDIT_CODE_REGION),
        ("91350100M000100Y4-", rules.CREDIT_CODE_CHARACTERS),
    ],
)
def test_invalid_credit_codes_are_refused_naming_the_field(code: str, message: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        rules.check_credit_code(code)
    assert caught.value.message == message
    assert caught.value.field == "credit_code"


@given(
    st.text(alphabet=rules.CREDIT_CODE_CHARSET, min_size=17, max_size=17).filter(lambda s: s[2:8].isdigit())
)
def test_exactly_one_check_character_is_valid(first17: str) -> None:
    valid = [c for c in rules.CREDIT_CODE_CHARSET if _check_ok(first17 + c)]
    assert valid == [rules.credit_code_check_char(first17)]


def _check_ok(code: str) -> bool:
    try:
        rules.check_credit_code(code)
    except ValidationFailed:
        return False
    return True


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("0086 13800138000", "13800138000"),
        ("8613800138000", "13800138000"),
        ("19912345678", "19912345678"),
        ("", ""),
    ],
)
def test_mainland_mobiles_are_accepted_and_normalised(raw: str, expected: str) -> None:
    assert rules.check_mobile(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["12800138000", "1380013800", "138001380001", "abcdefghijk", "0571-88888888", "+1 415 555 0100", "10086"],
)
def test_malformed_mobiles_are_refused(raw: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        rules.check_mobile(raw)
    assert (caught.value.field, caught.value.message) == ("mobile", rules.MOBILE_INVALID)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("华夏集团", "华夏集团有限公司"),
        ("华夏", "华夏股份有限公司"),
        ("华夏", "华夏有限责任公司"),
        ("华夏", "华夏集团股份有限公司"),
        ("阿里巴巴（中国）有限公司", "阿里巴巴(中国)公司"),
        ("杭州 华夏·科技", "杭州华夏科技"),
        ("Huaxia Co., Ltd.", "HUAXIA"),
        ("ＡＢＣ科技", "abc科技有限公司"),
    ],
)
def test_near_duplicate_names_share_a_key(one: str, other: str) -> None:
    assert rules.name_key(one) == rules.name_key(other)


@pytest.mark.parametrize(
    ("one", "other"), [("华夏", "华夏科技"), ("杭州华夏", "浙江华夏"), ("集团公司", "公司")]
)
def test_different_names_keep_different_keys(one: str, other: str) -> None:
    assert rules.name_key(one) != rules.name_key(other)


def test_a_name_that_is_only_a_suffix_keeps_its_text() -> None:
    assert rules.name_key("有限公司") == "有限公司"


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (("华夏集团",), ("huaxiajituan", "hxjt")),
        (("重庆银行",), ("chongqingyinhang", "cqyh")),
        (("华夏集团有限公司", "华夏"), ("huaxiajituanyouxiangongsi huaxia", "hxjtyxgs hx")),
        (("ABC科技2号",), ("abckeji2hao", "abckj2h")),
        (("", ""), ("", "")),
    ],
)
def test_search_keys_hold_pinyin_and_initials(names: tuple[str, ...], expected: tuple[str, str]) -> None:
    assert rules.search_keys(*names) == expected


@pytest.mark.parametrize(
    ("term", "pinyin"), [("hxjt", True), ("hua xia", True), ("华夏", False), ("9135", False), ("", False)]
)
def test_pinyin_terms(term: str, pinyin: bool) -> None:
    assert rules.is_pinyin_term(term) is pinyin


ALLOWED = [
    ("prospect", "developing"),
    ("prospect", "terminated"),
    ("developing", "active"),
    ("developing", "prospect"),
    ("developing", "terminated"),
    ("active", "dormant"),
    ("active", "terminated"),
    ("dormant", "active"),
    ("dormant", "terminated"),
    ("terminated", "prospect"),
]
STATUSES = ["prospect", "developing", "active", "dormant", "terminated"]


@pytest.mark.parametrize(("current", "target"), ALLOWED)
def test_allowed_status_moves(current: str, target: str) -> None:
    rules.check_account_transition(current, target)


@pytest.mark.parametrize(
    ("current", "target"), [(c, t) for c in STATUSES for t in STATUSES if (c, t) not in ALLOWED]
)
def test_other_status_moves_are_refused_by_name(current: str, target: str) -> None:
    with pytest.raises(rules.TransitionRefused) as caught:
        rules.check_account_transition(current, target)
    assert caught.value.message == rules.STATUS_TRANSITION_REFUSED.format(current=current, target=target)
    assert caught.value.status == 409


@pytest.mark.parametrize(
    ("current", "target", "developed", "expected"),
    [
        ("developing", "active", None, True),
        (None, "active", None, True),
        ("dormant", "active", date(2025, 1, 1), False),
        ("dormant", "active", None, True),
        ("active", "active", None, False),
        ("prospect", "developing", None, False),
    ],
)
def test_becoming_active_sets_developed(
    current: str | None, target: str, developed: date | None, expected: bool
) -> None:
    assert rules.becomes_developed(current, target, developed) is expected


CONTRACT_ALLOWED = [
    ("draft", "reviewed"),
    ("draft", "terminated"),
    ("reviewed", "signed"),
    ("reviewed", "draft"),
    ("reviewed", "terminated"),
    ("signed", "expired"),
    ("signed", "terminated"),
]
CONTRACT_STATUSES = ["draft", "reviewed", "signed", "expired", "terminated"]


@pytest.mark.parametrize(
    ("current", "target"), [(c, t) for c in CONTRACT_STATUSES for t in CONTRACT_STATUSES]
)
def test_contract_flow(current: str, target: str) -> None:
    if (current, target) in CONTRACT_ALLOWED:
        rules.check_contract_transition(current, target)
    else:
        with pytest.raises(rules.TransitionRefused) as caught:
            rules.check_contract_transition(current, target)
        assert caught.value.message == rules.CONTRACT_TRANSITION_REFUSED.format(
            current=current, target=target
        )


@pytest.mark.parametrize(
    ("contract_date", "due", "ok"),
    [
        (date(2026, 1, 1), date(2026, 12, 31), True),
        (date(2026, 1, 1), date(2026, 1, 1), True),
        (date(2026, 1, 2), date(2026, 1, 1), False),
        (date(2026, 1, 2), None, True),
    ],
)
def test_due_date_not_before_contract_date(contract_date: date, due: date | None, ok: bool) -> None:
    if ok:
        rules.check_contract_dates(contract_date, due)
    else:
        with pytest.raises(ValidationFailed) as caught:
            rules.check_contract_dates(contract_date, due)
        assert (caught.value.field, caught.value.message) == ("due_date", rules.DUE_BEFORE_CONTRACT)


@pytest.mark.parametrize(
    ("status", "due", "today", "expired"),
    [
        ("signed", date(2026, 3, 31), date(2026, 4, 1), True),
        ("signed", date(2026, 3, 31), date(2026, 3, 31), False),
        ("reviewed", date(2026, 3, 31), date(2026, 5, 1), False),
        ("signed", None, date(2026, 5, 1), False),
    ],
)
def test_contract_expiry(status: str, due: date | None, today: date, expired: bool) -> None:
    assert rules.contract_has_expired(status, due, today) is expired


AS_OF = date(2026, 6, 30)


@pytest.mark.parametrize(
    ("due", "bucket"),
    [
        (date(2026, 7, 31), "current"),
        (date(2026, 6, 30), "current"),
        (date(2026, 6, 29), "1-30"),
        (date(2026, 5, 31), "1-30"),
        (date(2026, 5, 30), "31-60"),
        (date(2026, 5, 1), "31-60"),
        (date(2026, 4, 30), "61-90"),
        (date(2026, 4, 1), "61-90"),
        (date(2026, 3, 31), "91-180"),
        (date(2026, 1, 1), "91-180"),
        (date(2025, 12, 31), "over-180"),
        (date(2020, 1, 1), "over-180"),
    ],
)
def test_ageing_buckets(due: date, bucket: str) -> None:
    assert rules.ageing_bucket(due, AS_OF) == bucket


def test_ageing_summary_sums_outstanding_and_skips_settled() -> None:
    summary = rules.ageing_summary(
        [
            (date(2026, 7, 1), Decimal("100.00")),
            (date(2026, 6, 1), Decimal("50.50")),
            (date(2026, 6, 15), Decimal("49.50")),
            (date(2025, 1, 1), Decimal("0.00")),
        ],
        AS_OF,
    )
    assert summary["current"] == Decimal("100.00")
    assert summary["1-30"] == Decimal("100.00")
    assert summary["over-180"] == Decimal("0.00")
    assert list(summary) == [name for name, _ in rules.AGEING_BUCKETS]
    assert rules.days_overdue(date(2026, 6, 1), AS_OF) == 29
    assert rules.days_overdue(date(2026, 7, 1), AS_OF) == 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1234.5", Decimal("1234.50")),
        (0, Decimal("0.00")),
        ("1,000.00", Decimal("1000.00")),
        (Decimal("999999999999.99"), Decimal("999999999999.99")),
    ],
)
def test_amounts(value: object, expected: Decimal) -> None:
    assert rules.check_amount(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-0.01", rules.AMOUNT_NEGATIVE),
        (-5, rules.AMOUNT_NEGATIVE),
        ("1000000000000", rules.AMOUNT_TOO_LARGE),
        ("1e300", rules.AMOUNT_TOO_LARGE),
        ("12.345", rules.AMOUNT_INVALID),
        ("abc", rules.AMOUNT_INVALID),
        ("NaN", rules.AMOUNT_INVALID),
        ("Infinity", rules.AMOUNT_INVALID),
        (True, rules.AMOUNT_INVALID),
        (None, rules.AMOUNT_INVALID),
    ],
)
def test_bad_amounts_are_refused(value: object, message: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        rules.check_amount(value, field="amount")
    assert (caught.value.field, caught.value.message) == ("amount", message)


def test_positive_amounts_refuse_zero() -> None:
    with pytest.raises(ValidationFailed, match="greater than zero"):
        rules.check_amount("0", positive=True)


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        ("lat", "30.25", True),
        ("lat", "91", False),
        ("lng", "-180", True),
        ("lng", "180.1", False),
        ("lat", "", True),
        ("lat", "x", False),
    ],
)
def test_coordinates(field: str, value: str, ok: bool) -> None:
    if ok:
        rules.check_coordinate(value, field=field)
    else:
        with pytest.raises(ValidationFailed) as caught:
            rules.check_coordinate(value, field=field)
        assert caught.value.field == field


@pytest.mark.parametrize(
    ("value", "ok"),
    [("330106", True), (330106, True), ("330106.0", True), ("", True), ("33010", False), ("33010a", False)],
)
def test_region_codes(value: object, ok: bool) -> None:
    if ok:
        assert rules.check_region_code(value) in ("330106", "")
    else:
        with pytest.raises(ValidationFailed):
            rules.check_region_code(value)


@pytest.mark.parametrize(
    ("value", "low", "high", "ok"),
    [
        ("12.5", -100, 10000, True),
        ("-100", -100, 10000, True),
        ("-100.01", -100, 10000, False),
        ("101", -100, 100, False),
    ],
)
def test_percentages(value: str, low: int, high: int, ok: bool) -> None:
    if ok:
        rules.check_percent(value, field="growth_rate", low=low, high=high)
    else:
        with pytest.raises(ValidationFailed, match="between"):
            rules.check_percent(value, field="growth_rate", low=low, high=high)


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+86 571 8888", "'+86 571 8888"),
        ("-重点跟进", "'-重点跟进"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("'quoted", "''quoted"),
        ("华夏集团", "华夏集团"),
        ("", ""),
        (-5, -5),
        (Decimal("-1.5"), Decimal("-1.5")),
        (None, None),
    ],
)
def test_formula_cells_are_escaped(value: object, escaped: object) -> None:
    assert rules.escape_cell(value) == escaped


@given(st.text())
def test_unescape_gives_back_exactly_what_was_escaped(text: str) -> None:
    assert rules.unescape_cell(rules.escape_cell(text)) == text


@pytest.mark.parametrize("value", ["'abc", "'", "plain", "'1"])
def test_unescape_leaves_hand_typed_apostrophes(value: str) -> None:
    assert rules.unescape_cell(value) == value
