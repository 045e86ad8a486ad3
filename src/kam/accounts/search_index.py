"""The account search's substring index (A2k; list p95 at 100,000 accounts, issue 3).

A search looks for a term anywhere in an account's name, short name, pinyin, initials or credit code.
Without an index that is a substring test on every live row, about 100 ms at 100,000 accounts.

- **SQLite**: an FTS5 table with the trigram tokenizer, ``accounts_search``, holds each account's keys
  under its id; triggers on the account table keep it in step with every insert, change and delete,
  the bulk imports' raw inserts included. A term of three characters or more is matched through it.
- **PostgreSQL**: trigram GIN indexes (pg_trgm) on the pinyin, the initials and the credit code answer
  the ``LIKE '%…%'`` tests of a Latin term directly; nothing changes in the query.

Shorter terms, and databases where the index could not be made, fall back to the plain substring test.
Django rebuilds a SQLite table to alter it, which drops its triggers: a migration that alters
``accounts_account`` must create them again (:func:`create_sqlite_index`);
``tests/accounts/test_search_index.py`` fails when they are missing.
"""

# ruff: noqa: S608 - the SQL here is built from this module's constants only; terms are parameters.
from __future__ import annotations

from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.models.expressions import RawSQL

TABLE = "accounts_search"
MIN_LENGTH = 3  # a trigram index finds terms of three characters or more
TRIGGERS = ("accounts_search_insert", "accounts_search_update", "accounts_search_delete")
SEARCHED_COLUMNS = ("name", "short_name", "search_pinyin", "search_initials", "credit_code")
PG_INDEXES = {
    "account_search_pinyin_trgm": "search_pinyin",
    "account_search_initials_trgm": "search_initials",
    "account_search_code_trgm": "credit_code",
}


def _keys(row: str) -> str:
    # One text per account; a line break between the keys keeps a match inside one of them. The keys go
    # in lower case and the tokenizer compares as they are (terms are lower-cased by ``search_term``):
    # folding every character's case again took about half of what indexing an account costs.
    return " || char(10) || ".join(f"lower(coalesce({row}.{c}, ''))" for c in SEARCHED_COLUMNS)


def create_sqlite_index(cursor: Any) -> bool:
    """Create (or re-create) the FTS table and its triggers, and fill it; False when FTS5 is missing."""
    try:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} "
            "USING fts5(keys, tokenize='trigram case_sensitive 1')"
        )
    except DatabaseError:
        return False  # an SQLite without FTS5 or its trigram tokenizer: searches scan instead
    for trigger in TRIGGERS:
        cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    cursor.execute(f"DELETE FROM {TABLE}")
    cursor.execute(f"INSERT INTO {TABLE}(rowid, keys) SELECT id, {_keys('a')} FROM accounts_account a")
    columns = ", ".join(SEARCHED_COLUMNS)
    cursor.execute(
        f"CREATE TRIGGER accounts_search_insert AFTER INSERT ON accounts_account BEGIN "
        f"INSERT INTO {TABLE}(rowid, keys) VALUES (new.id, {_keys('new')}); END"
    )
    cursor.execute(
        f"CREATE TRIGGER accounts_search_update AFTER UPDATE OF {columns} ON accounts_account BEGIN "
        f"UPDATE {TABLE} SET keys = {_keys('new')} WHERE rowid = old.id; END"
    )
    cursor.execute(
        f"CREATE TRIGGER accounts_search_delete AFTER DELETE ON accounts_account BEGIN "
        f"DELETE FROM {TABLE} WHERE rowid = old.id; END"
    )
    return True


def drop_sqlite_index(cursor: Any) -> None:
    for trigger in TRIGGERS:
        cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def create_postgres_indexes(cursor: Any) -> bool:
    """Create the trigram indexes; False when the pg_trgm extension may not be created here."""
    try:
        with transaction.atomic():
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        return False  # no right to create the extension: searches scan instead
    for name, column in PG_INDEXES.items():
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON accounts_account "
            f"USING gin ({column} gin_trgm_ops) WHERE deleted_at IS NULL"
        )
    return True


def drop_postgres_indexes(cursor: Any) -> None:
    for name in PG_INDEXES:
        cursor.execute(f"DROP INDEX IF EXISTS {name}")


_ready: dict[str, bool] = {}


def sqlite_ready() -> bool:
    """Whether this SQLite database has the FTS table (checked once per database file)."""
    if connection.vendor != "sqlite":
        return False
    name = str(connection.settings_dict["NAME"])
    if name not in _ready:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [TABLE])
            _ready[name] = cursor.fetchone() is not None
    return _ready[name]


def matching_ids(term: str) -> RawSQL | None:
    """Return the ids of accounts whose keys contain ``term``, or None when the index can't tell.

    Only SQLite's FTS table is asked here; on PostgreSQL the substring tests use their indexes as they
    are. A term with spaces is left to the substring tests (the credit code is compared without them).
    """
    if len(term) < MIN_LENGTH or any(c.isspace() for c in term) or not sqlite_ready():
        return None
    phrase = '"' + term.replace('"', '""') + '"'
    return RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", (phrase,))  # noqa: S611
