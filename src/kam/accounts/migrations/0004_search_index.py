"""The account search's substring index: FTS5 trigram on SQLite, pg_trgm GIN on PostgreSQL (issue 3)."""

from django.db import migrations

from kam.accounts import search_index


def create(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            search_index.create_sqlite_index(cursor)
        elif schema_editor.connection.vendor == "postgresql":
            search_index.create_postgres_indexes(cursor)


def drop(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            search_index.drop_sqlite_index(cursor)
        elif schema_editor.connection.vendor == "postgresql":
            search_index.drop_postgres_indexes(cursor)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_list_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
