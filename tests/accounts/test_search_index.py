"""The account search's substring index (kam.accounts.search_index): same answers as reading every row."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kam.accounts import rules, search_index, selectors
from kam.accounts.models import Account
from tests.factories_accounts import AccountFactory

pytestmark = pytest.mark.django_db
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS table is SQLite's")


def scanned(term: str) -> set[int]:
    """What the search finds without the index: a substring test on every key of every live row."""
    term = rules.search_term(term)
    pinyin = rules.is_pinyin_term(term)
    found = set()
    for account in Account.objects.all():
        code = account.credit_code
        if pinyin:
            compact = term.replace(" ", "")
            keys = [account.search_pinyin, account.search_initials, code.lower()]
            hit = any(compact in key for key in keys)
        else:
            keys = [account.name.lower(), account.short_name.lower()]
            hit = any(term in key for key in keys) or (
                term.isascii() and term.upper().replace(" ", "") in code
            )
        if hit:
            found.add(account.pk)
    return found


def searched(viewer: Any, term: str) -> set[int]:
    return set(selectors.account_list(viewer=viewer, q=term).values_list("pk", flat=True))


@sqlite_only
def test_the_table_and_its_triggers_exist_after_the_migrations() -> None:
    """Django rebuilds a SQLite table to alter it and drops its triggers: a later migration remakes them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'accounts_account'"
        )
        assert set(search_index.TRIGGERS) <= {row[0] for row in cursor.fetchall()}
    assert search_index.sqlite_ready()


@sqlite_only
def test_long_terms_go_through_the_index_and_short_ones_scan() -> None:
    assert search_index.matching_ids("hzhd") is not None
    assert search_index.matching_ids("杭州银") is not None
    assert search_index.matching_ids("hz") is None
    assert search_index.matching_ids("9133 0106") is None


def test_index_answers_as_a_scan_through_inserts_renames_and_deletes(org: dict[str, Any]) -> None:
    made = [
        AccountFactory(name="杭州恒达建设有限公司", owner=org["spec1"]),
        AccountFactory(name="杭州银行股份有限公司", short_name="杭银", owner=org["spec1"]),
        AccountFactory(name='华夏集团"引号"公司', owner=org["spec2"]),
        AccountFactory(name="ABC科技有限公司", owner=org["spec2"]),
    ]
    terms = [
        "hzhd",
        "hangzhou",
        "杭州银行",
        "杭银",
        "abc",
        '引号"公',
        "yinhang",
        "kejiyou",
        made[0].credit_code[:8],
    ]
    for term in terms:
        assert searched(org["admin"], term) == scanned(term), term
    renamed = made[0]
    renamed.name, renamed.name_key = "宁波远洋运输有限公司", rules.name_key("宁波远洋运输有限公司")
    renamed.search_pinyin, renamed.search_initials = rules.search_keys(renamed.name)
    renamed.save()
    made[1].deleted_at = timezone.now()
    made[1].save()
    made[3].delete()
    for term in [*terms, "ningbo", "nbyy"]:
        assert searched(org["admin"], term) == scanned(term), term
    assert searched(org["admin"], "nbyy") == {renamed.pk}
    assert searched(org["admin"], "hzhd") == set()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(term=st.text(alphabet="hangzoucyi杭州银行华夏 ABC0123", min_size=1, max_size=6))
def test_any_term_finds_what_a_scan_finds(org: dict[str, Any], term: str) -> None:
    """The same two accounts for every term (made once: the fixture is not reset between examples)."""
    if not Account.objects.exists():
        AccountFactory(name="杭州银行股份有限公司", short_name="杭银", owner=org["spec1"])
        AccountFactory(name="华夏ABC集团", owner=org["spec2"])
    assert searched(org["admin"], term) == scanned(term)
