"""Fast inserts of many rows for imports (F2): ``COPY`` on PostgreSQL, multi-row ``INSERT`` elsewhere.

Django's ``bulk_create`` prepares and compiles every value of every object one by one, which cost
about 1 ms a row for an account, its history row and its first owner entry. Here rows are plain
dicts of column values; a value is only converted for the database when its type needs it (dates,
times, decimals…), a constant shared by every row (the import's timestamp) is converted once, and the
SQL of a full batch is built once. Fields left out get their model default.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models

PASS_THROUGH = frozenset(
    {
        "CharField",
        "TextField",
        "EmailField",
        "SlugField",
        "URLField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "PositiveBigIntegerField",
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "BooleanField",
        "ForeignKey",
        "OneToOneField",
    }
)
MAX_PARAMETERS = 30_000
MAX_BATCH = 1000


def _converter(field: models.Field[Any, Any], database: Any) -> Callable[[Any], Any] | None:
    """Return how to prepare a value of ``field`` for the database, or None when it goes in as it is.

    Text, integers, booleans and foreign keys need nothing; other values are prepared by the field,
    the last one remembered (the import's timestamp is the same on every row).
    """
    internal = field.get_internal_type()
    if internal in PASS_THROUGH:
        return None
    ops = database.ops
    if internal == "DecimalField":
        digits, places = field.max_digits, field.decimal_places  # type: ignore[attr-defined]

        def decimal(value: Any) -> Any:
            # The cleaners hand over Decimals already; only other types need the field's conversion.
            if type(value) is Decimal:
                return ops.adapt_decimalfield_value(value, digits, places)
            return None if value is None else field.get_db_prep_save(value, database)

        return decimal
    if internal == "DateField":

        def day(value: Any) -> Any:
            if type(value) is date:
                return ops.adapt_datefield_value(value)
            return None if value is None else field.get_db_prep_save(value, database)

        return day
    last: list[Any] = [object(), None]

    def convert(value: Any) -> Any:
        if value is None:
            return None
        if value is not last[0]:
            last[0], last[1] = value, field.get_db_prep_save(value, database)
        return last[1]

    return convert


def complete(model: type[models.Model], rows: Sequence[dict[str, Any]], *, now: Any) -> list[dict[str, Any]]:
    """Return ``rows`` with every other column at its default (``now`` for automatic timestamps)."""
    pk = model._meta.pk
    fields = [f for f in model._meta.concrete_fields if f is not pk]
    # Constant defaults are merged in one step; only callable ones (a fresh dict, a new uuid) run per row.
    constant = {}
    per_row = []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            constant[f.attname] = now
        elif f.has_default() and callable(f.default):
            per_row.append((f.attname, f.get_default))
        else:
            constant[f.attname] = f.get_default()
    out = []
    for row in rows:
        full = constant | row
        for name, default in per_row:
            if name not in row:
                full[name] = default()
        out.append(full)
    return out


def insert_rows(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert complete ``rows`` (``{attname: value}``, see :func:`complete`) into ``model``'s table.

    Return the new primary keys in order; the database generates them unless every row gives one.
    """
    if not rows:
        return []
    pk = model._meta.pk
    assert pk is not None
    given_pk = all(pk.attname in row for row in rows)
    fields = [f for f in model._meta.concrete_fields if given_pk or f is not pk]
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    table = quote(model._meta.db_table)
    returning = quote(pk.column)
    per_batch = max(1, min(MAX_BATCH, MAX_PARAMETERS // len(fields)))
    ids: list[int] = []
    database = connections[DEFAULT_DB_ALIAS]
    spec = [(f.attname, _converter(f, database)) for f in fields]
    names = [f.attname for f in fields]
    plain = all(convert is None for _, convert in spec)
    database.ensure_connection()
    if database.vendor == "postgresql":
        return _copy_rows(database, model, rows, given_pk=given_pk)
    # The driver's own cursor with its own placeholder: Django's SQLite wrapper would rewrite every
    # "%s" of a statement of tens of thousands of parameters with a regular expression, batch after batch.
    mark = "?" if database.vendor == "sqlite" else "%s"
    row_sql = "(" + ", ".join([mark] * len(fields)) + ")"
    statements: dict[int, str] = {}
    with database.wrap_database_errors:
        cursor = database.connection.cursor()
        try:
            for start in range(0, len(rows), per_batch):
                batch = rows[start : start + per_batch]
                params: list[Any] = []
                if plain:
                    for row in batch:
                        params.extend([row[name] for name in names])
                else:
                    for row in batch:
                        params.extend([row[n] if convert is None else convert(row[n]) for n, convert in spec])
                size = len(batch)
                if size not in statements:
                    # Only quoted model names and placeholders go into the text; values are parameters.
                    values = ", ".join([row_sql] * size)
                    sql = f"INSERT INTO {table} ({columns}) VALUES {values} RETURNING {returning}"  # noqa: S608
                    statements[size] = sql
                cursor.execute(statements[size], params)
                ids.extend(r[0] for r in cursor.fetchall())
        finally:
            cursor.close()
    return ids


def _copy_rows(
    database: Any, model: type[models.Model], rows: Sequence[dict[str, Any]], *, given_pk: bool
) -> list[int]:
    """PostgreSQL: take the new keys from the table's sequence, then stream the rows with ``COPY``.

    A multi-row ``INSERT`` of tens of thousands of parameters is split and quoted by the driver and
    parsed and planned by the server, batch after batch; ``COPY`` does neither.
    """
    pk = model._meta.pk
    assert pk is not None
    quote = database.ops.quote_name
    table = model._meta.db_table
    fields = [pk, *(f for f in model._meta.concrete_fields if f is not pk)]
    spec = [(f.attname, _converter(f, database)) for f in fields[1:]]
    columns = ", ".join(quote(f.column) for f in fields)
    with database.wrap_database_errors:
        cursor = database.connection.cursor()
        try:
            if given_pk:
                ids = [row[pk.attname] for row in rows]
            else:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [quote(table), pk.column, len(rows)],
                )
                ids = sorted(r[0] for r in cursor.fetchall())
            with cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
                for key, row in zip(ids, rows, strict=True):
                    copy.write_row([key, *(row[n] if c is None else c(row[n]) for n, c in spec)])
        finally:
            cursor.close()
    return ids


def history_rows(
    model: type[models.Model],
    rows: Sequence[dict[str, Any]],
    ids: Sequence[int],
    *,
    user_id: int | None,
    date: Any,
    reason: str,
) -> list[dict[str, Any]]:
    """Return the django-simple-history "created" rows of freshly inserted ``rows`` (F1)."""
    history = model.history.model  # type: ignore[attr-defined]
    names = {f.attname for f in history._meta.concrete_fields}
    shared = {
        "history_date": date,
        "history_user_id": user_id,
        "history_change_reason": reason,
        "history_type": "+",
    }
    shared = {k: v for k, v in shared.items() if k in names}
    out = []
    pk_name = model._meta.pk.attname
    for row, pk in zip(rows, ids, strict=True):
        entry = {k: v for k, v in row.items() if k in names}
        entry[pk_name] = pk
        entry.update(shared)
        out.append(entry)
    return out
