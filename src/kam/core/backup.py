"""Backup and restore of the whole database: an online copy for SQLite, the standard dump for PostgreSQL.

``fingerprints()`` gives every table's row count and a checksum of its rows, so a restore can be
checked against the state it was taken from.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection

NOT_SUPPORTED = "Backups support SQLite and PostgreSQL only."
NO_FILE = "No backup file at {path}."


def default_path(stamp: str) -> Path:
    suffix = "sqlite3" if connection.vendor == "sqlite" else "dump"
    folder = Path(settings.DATA_DIR) / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"kam-{stamp}.{suffix}"


def _pg_env() -> tuple[list[str], dict[str, str]]:
    conf = connection.settings_dict
    env = {**os.environ}
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    args = ["-h", str(conf.get("HOST") or "127.0.0.1"), "-p", str(conf.get("PORT") or 5432)]
    if conf.get("USER"):
        args += ["-U", str(conf["USER"])]
    return [*args, "-d", str(conf["NAME"])], env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} is not installed (PostgreSQL client tools).")
    return found


def backup(path: Path) -> Path:
    """Write a consistent copy of the database to ``path`` while the system keeps running."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        target.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_env()
        subprocess.run(  # noqa: S603 - fixed tool, arguments from the settings
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), *args],
            env=env,
            check=True,
        )
    else:
        raise RuntimeError(NOT_SUPPORTED)
    return path


def restore(path: Path) -> None:
    """Replace the database's contents with the backup at ``path``."""
    if not path.exists():
        raise FileNotFoundError(NO_FILE.format(path=path))
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        with sqlite3.connect(path) as source:
            source.backup(connection.connection)
        source.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_env()
        connection.close()
        subprocess.run(  # noqa: S603 - fixed tool, arguments from the settings
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                str(path),
            ],
            env=env,
            check=True,
        )
    else:
        raise RuntimeError(NOT_SUPPORTED)


def fingerprints() -> dict[str, tuple[int, str]]:
    """Return ``{table: (row count, sha256 of its rows in key order)}`` for every table of the project."""
    result: dict[str, tuple[int, str]] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - table names come from introspection
            rows = sorted(repr(tuple(str(v) for v in row)) for row in cursor.fetchall())
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            result[table] = (len(rows), digest)
    return result


def tools_available() -> bool:
    return connection.vendor == "sqlite" or bool(shutil.which("pg_dump") and shutil.which("pg_restore"))
