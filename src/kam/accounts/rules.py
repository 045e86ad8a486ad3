"""Key-account rules on plain values: codes, phones, names, search keys, workflows, ageing, cells.

Nothing here touches the database or the clock: ``today`` and the other inputs are passed in, so each
rule is tested directly with tables of cases (A2c, A2d, A2k, A2n, F2).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.utils.translation import gettext_noop
from pypinyin import lazy_pinyin
from pypinyin.seg.mmseg import seg

from kam.core.errors import Conflict, ValidationFailed

# Messages -----------------------------------------------------------------------------------------

CREDIT_CODE_LENGTH = gettext_noop("A unified social credit code has 18 characters.")
CREDIT_CODE_CHARACTERS = gettext_noop(
    "A unified social credit code uses digits and capital letters other than I, O, S, V and Z."
)
CREDIT_CODE_REGION = gettext_noop(
    "Characters 3 to 8 of a unified social credit code are the 6-digit region code."
)
CREDIT_CODE_CHECK = gettext_noop(
    "The check character of the unified social credit code is wrong (GB 32100-2015)."
)
MOBILE_INVALID = gettext_noop("Not a mainland China mobile number (11 digits starting with 13–19).")
AMOUNT_NEGATIVE = gettext_noop("The amount cannot be negative.")
AMOUNT_NOT_POSITIVE = gettext_noop("The amount must be greater than zero.")
AMOUNT_TOO_LARGE = gettext_noop("The amount is too large (at most 999,999,999,999.99).")
AMOUNT_INVALID = gettext_noop("Not a valid amount (a number with at most 2 decimal places).")
PERCENT_INVALID = gettext_noop("Not a valid percentage.")
PERCENT_RANGE = gettext_noop("The percentage must be between {low} and {high}.")
REGION_CODE_INVALID = gettext_noop("Region codes are 6-digit administrative division codes (GB/T 2260).")
LATITUDE_INVALID = gettext_noop("The latitude must be a number between -90 and 90.")
LONGITUDE_INVALID = gettext_noop("The longitude must be a number between -180 and 180.")
STATUS_TRANSITION_REFUSED = gettext_noop("An account cannot move from {current} to {target}.")
CONTRACT_TRANSITION_REFUSED = gettext_noop("A contract cannot move from {current} to {target}.")
DUE_BEFORE_CONTRACT = gettext_noop("The due date cannot be before the contract date.")


class TransitionRefused(Conflict):
    """A workflow move the transition table does not allow."""


# Unified social credit code (GB 32100-2015) -------------------------------------------------------

CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CHAR_VALUE = {char: value for value, char in enumerate(CREDIT_CODE_CHARSET)}


def credit_code_check_char(first17: str) -> str:
    """Return the 18th character for the first 17 of a code: 31 − (Σ value × weight mod 31), 31 → 0."""
    total = sum(_CHAR_VALUE[char] * weight for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def normalise_credit_code(value: str | None) -> str:
    """Return the code in capitals without spaces (people type it in lower case or in groups)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or "")).upper()


def check_credit_code(value: str | None, *, field: str = "credit_code") -> str:
    """Validate a unified social credit code and return it normalised; '' stays '' (not known yet).

    The check is the one GB 32100-2015 prescribes for the whole code: the character set, the region
    digits and the 18th check character. The embedded organisation code is not re-checked, because
    codes issued to some individual businesses do not follow GB 11714 there.
    """
    code = normalise_credit_code(value)
    if not code:
        return ""
    if len(code) != 18:
        raise ValidationFailed(CREDIT_CODE_LENGTH, field=field)
    if any(char not in _CHAR_VALUE for char in code):
        raise ValidationFailed(CREDIT_CODE_CHARACTERS, field=field)
    if not code[2:8].isdigit():
        raise ValidationFailed(CREDIT_CODE_REGION, field=field)
    if credit_code_check_char(code[:17]) != code[17]:
        raise ValidationFailed(CREDIT_CODE_CHECK, field=field)
    return code


# Phones -------------------------------------------------------------------------------------------

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_PHONE_SEPARATORS = re.compile(r"[\s\-()（）]")


def check_mobile(value: str | None, *, field: str = "mobile") -> str:
    """Validate a mainland mobile number and return its 11 digits; '' stays ''.

    Spaces, hyphens and a +86 / 0086 prefix are accepted on input, as people write them that way.
    """
    raw = _PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", value or ""))
    if not raw:
        return ""
    for prefix in ("+86", "0086"):
        if raw.startswith(prefix):
            raw = raw[len(prefix) :]
            break
    else:
        if len(raw) == 13 and raw.startswith("86"):
            raw = raw[2:]
    if not _MOBILE.match(raw):
        raise ValidationFailed(MOBILE_INVALID, field=field)
    return raw


# Names and search keys (A2k) ----------------------------------------------------------------------

# Longest first: "股份有限公司" must go before "有限公司" and "公司".
CHINESE_SUFFIXES = (
    "有限责任公司",
    "股份有限公司",
    "有限公司",
    "总公司",
    "股份",
    "集团",
    "公司",
)
LATIN_SUFFIXES = frozenset(
    {"co", "company", "corp", "corporation", "group", "inc", "incorporated", "limited", "llc", "ltd", "plc"}
)
_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)


def _strip_suffixes(text: str) -> str:
    """Strip company-form suffixes from the end, longest first, never down to nothing."""
    while True:
        suffix = next((s for s in CHINESE_SUFFIXES if text.endswith(s)), None)
        if suffix is None or len(text) == len(suffix):
            return text
        text = text[: -len(suffix)]


def name_key(name: str) -> str:
    """Return the key two names share when they name the same company in different words.

    Full-width forms, case, punctuation and spaces are ignored, and so are company-form suffixes
    (有限公司, 有限责任公司, 股份, 集团, 公司, "Co., Ltd." …): 华夏集团 and 华夏集团有限公司 share a key.
    A name that is nothing but a suffix keeps its whole text, so it does not match everything.
    """
    text = unicodedata.normalize("NFKC", name or "").lower()
    tokens = [token for token in _SEPARATORS.split(text) if token]
    while len(tokens) > 1 and tokens[-1] in LATIN_SUFFIXES:
        tokens.pop()
    return _strip_suffixes("".join(tokens))


_HAN_RUN = re.compile(r"[\u3400-\u9fff]+|[a-z0-9]+")


@lru_cache(maxsize=50_000)
def _word_syllables(word: str) -> tuple[str, ...]:
    return tuple(lazy_pinyin(word))


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Return the words of ``text`` as ``(pinyin syllable or Latin run, came from Chinese)``."""
    tokens: list[tuple[str, bool]] = []
    for run in _HAN_RUN.findall(unicodedata.normalize("NFKC", text or "").lower()):
        if run[0].isascii():
            tokens.append((run, False))
            continue
        tokens.extend((syllable, True) for syllable in _run_syllables(run))
    return tokens


@lru_cache(maxsize=50_000)
def _run_syllables(run: str) -> tuple[str, ...]:
    """The syllables of a run of Chinese characters, words segmented first (runs repeat: 有限公司)."""
    return tuple(syllable for word in seg.cut(run) for syllable in _word_syllables(word))


def pinyin_syllables(text: str) -> list[str]:
    """Return the syllables of ``text``: Chinese words in pinyin (phrase-aware: 银行 is yin hang).

    Latin letters and digits stay as they are. Words are cached, because company names repeat the
    same few (杭州, 科技, 有限公司) and converting each one again is what makes bulk imports slow.
    """
    return [token for token, _ in _tokens(text)]


def search_keys(*names: str) -> tuple[str, str]:
    """Return the full-pinyin and initials keys of the names, space-separated per name.

    ``hxjt`` and ``huaxia`` both find 华夏集团有限公司 by substring search on these keys; Latin words
    and numbers are kept whole in both.
    """
    full: list[str] = []
    initials: list[str] = []
    for name in names:
        tokens = _tokens(name)
        if tokens:
            full.append("".join(token for token, _ in tokens))
            initials.append("".join(token[0] if han else token for token, han in tokens))
    return " ".join(full), " ".join(initials)


def search_term(value: str | None) -> str:
    """Return a search term trimmed and lower-cased (the keys are lower case)."""
    return unicodedata.normalize("NFKC", value or "").strip().lower()


def is_pinyin_term(term: str) -> bool:
    """Return whether a search term can be pinyin (Latin letters only, spaces ignored)."""
    compact = term.replace(" ", "")
    return bool(compact) and compact.isascii() and compact.isalpha()


# Account status workflow (A2j, A4a) ---------------------------------------------------------------

ACCOUNT_TRANSITIONS: Mapping[str, frozenset[str]] = {
    "prospect": frozenset({"developing", "terminated"}),
    "developing": frozenset({"active", "prospect", "terminated"}),
    "active": frozenset({"dormant", "terminated"}),
    "dormant": frozenset({"active", "terminated"}),
    "terminated": frozenset({"prospect"}),
}
"""prospect → developing → active → dormant → terminated; a dormant account can be revived, a
developing one set back, and a terminated one reopened as a prospect. Everything else is refused."""


def check_account_transition(current: str, target: str) -> None:
    """Refuse a status move the table does not allow, naming both statuses."""
    if target not in ACCOUNT_TRANSITIONS.get(current, frozenset()):
        raise TransitionRefused(
            STATUS_TRANSITION_REFUSED, field="status", params={"current": current, "target": target}
        )


def becomes_developed(current: str | None, target: str, developed_at: date | None) -> bool:
    """Return whether the move makes the account count as developed (first time it turns active).

    The scorecard's expansion count (B5) reads ``developed_at``; a revived dormant account keeps the
    date it was first developed.
    """
    return target == "active" and current != "active" and developed_at is None


# Contract workflow (A2d) --------------------------------------------------------------------------

CONTRACT_TRANSITIONS: Mapping[str, frozenset[str]] = {
    "draft": frozenset({"reviewed", "terminated"}),
    "reviewed": frozenset({"signed", "draft", "terminated"}),
    "signed": frozenset({"expired", "terminated"}),
    "expired": frozenset(),
    "terminated": frozenset(),
}
"""draft → reviewed by the KA manager → signed → expired or terminated; a reviewed draft can be sent
back for changes; a contract that has not been signed can be dropped (terminated)."""


def check_contract_transition(current: str, target: str) -> None:
    """Refuse a contract move the table does not allow, naming both statuses."""
    if target not in CONTRACT_TRANSITIONS.get(current, frozenset()):
        raise TransitionRefused(
            CONTRACT_TRANSITION_REFUSED, field="status", params={"current": current, "target": target}
        )


def check_contract_dates(contract_date: date | None, due_date: date | None) -> None:
    if contract_date and due_date and due_date < contract_date:
        raise ValidationFailed(DUE_BEFORE_CONTRACT, field="due_date")


def contract_has_expired(status: str, due_date: date | None, today: date) -> bool:
    """Return whether a signed contract ran out: its due date is before ``today``."""
    return status == "signed" and due_date is not None and due_date < today


# Money and numbers --------------------------------------------------------------------------------

MAX_AMOUNT = Decimal("1000000000000")  # 10^12: money fields hold 14 digits with 2 decimals
CENT = Decimal("0.01")


def to_decimal(value: object, *, field: str, message: str = AMOUNT_INVALID) -> Decimal | None:
    """Read a number from a form, a spreadsheet cell or JSON; '' and None are None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValidationFailed(message, field=field)
    try:
        text = value.strip().replace(",", "") if isinstance(value, str) else str(value)
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        raise ValidationFailed(message, field=field) from None
    if not number.is_finite():
        raise ValidationFailed(message, field=field)
    return number


def check_amount(value: object, *, field: str = "amount", positive: bool = False) -> Decimal:
    """Return a money amount as a Decimal with 2 places; refuse negatives, absurd sizes and fractions
    of a cent (money is Decimal, max_digits 14)."""
    number = to_decimal(value, field=field)
    if number is None:
        raise ValidationFailed(AMOUNT_INVALID, field=field)
    if number < 0:
        raise ValidationFailed(AMOUNT_NEGATIVE, field=field)
    if positive and number == 0:
        raise ValidationFailed(AMOUNT_NOT_POSITIVE, field=field)
    if number >= MAX_AMOUNT:
        raise ValidationFailed(AMOUNT_TOO_LARGE, field=field)
    if number != number.quantize(CENT):
        raise ValidationFailed(AMOUNT_INVALID, field=field)
    return number.quantize(CENT)


def check_percent(value: object, *, field: str, low: int = -100, high: int = 10000) -> Decimal | None:
    """Return a percentage with 2 places, or None when empty (growth rates, profit margins)."""
    number = to_decimal(value, field=field, message=PERCENT_INVALID)
    if number is None:
        return None
    if not low <= number <= high:
        raise ValidationFailed(PERCENT_RANGE, field=field, params={"low": low, "high": high})
    return number.quantize(CENT)


def check_coordinate(value: object, *, field: str) -> Decimal | None:
    """Return a latitude (``lat``) or longitude (``lng``) with 6 places, or None when empty."""
    message = LATITUDE_INVALID if field == "lat" else LONGITUDE_INVALID
    number = to_decimal(value, field=field, message=message)
    if number is None:
        return None
    limit = 90 if field == "lat" else 180
    if not -limit <= number <= limit:
        raise ValidationFailed(message, field=field)
    return number.quantize(Decimal("0.000001"))


def check_region_code(value: object, *, field: str = "region_code") -> str:
    code = str(value or "").strip()
    if code.endswith(".0") and code[:-2].isdigit():  # a spreadsheet number cell
        code = code[:-2]
    if code and (len(code) != 6 or not code.isdigit()):
        raise ValidationFailed(REGION_CODE_INVALID, field=field)
    return code


# Receivables ageing (A2n) -------------------------------------------------------------------------

AGEING_BUCKETS: tuple[tuple[str, int | None], ...] = (
    ("current", 0),
    ("1-30", 30),
    ("31-60", 60),
    ("61-90", 90),
    ("91-180", 180),
    ("over-180", None),
)
"""Bucket name and the most days overdue it holds; "current" means not yet due."""


def ageing_bucket(due_date: date, as_of: date) -> str:
    """Return the bucket of a receivable by days past its due date on ``as_of``."""
    overdue = (as_of - due_date).days
    for name, most in AGEING_BUCKETS:
        if most is None or overdue <= most:
            return name
    return AGEING_BUCKETS[-1][0]  # pragma: no cover - the last bucket has no limit


def ageing_summary(items: Iterable[tuple[date, Decimal]], as_of: date) -> dict[str, Decimal]:
    """Sum outstanding amounts ``(due_date, outstanding)`` per bucket; settled items are skipped."""
    totals = {name: Decimal("0.00") for name, _ in AGEING_BUCKETS}
    for due_date, outstanding in items:
        if outstanding > 0:
            totals[ageing_bucket(due_date, as_of)] += outstanding
    return totals


def days_overdue(due_date: date, as_of: date) -> int:
    return max(0, (as_of - due_date).days)


# Spreadsheet cells (F2) ---------------------------------------------------------------------------

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: object) -> object:
    """Make a text cell inert for Excel and WPS: prefix ``'`` when it could start a formula.

    A text that already starts with ``'`` is prefixed too, so :func:`unescape_cell` gives back exactly
    what was exported. Numbers and dates are not text and pass through.
    """
    if isinstance(value, str) and value and (value[0] in FORMULA_TRIGGERS or value[0] == "'"):
        return "'" + value
    return value


def unescape_cell(value: object) -> object:
    """Undo :func:`escape_cell` for a cell read back from one of our exports."""
    if (
        isinstance(value, str)
        and len(value) > 1
        and value[0] == "'"
        and (value[1] in FORMULA_TRIGGERS or value[1] == "'")
    ):
        return value[1:]
    return value
