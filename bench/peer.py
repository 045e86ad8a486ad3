"""The peer: BottleCRM (``django-crm`` 1.35 on PyPI), served and driven beside kam in the same run.

What it takes, all done here on ``--peer`` only (CI's ``make bench`` runs without it):

- Python >= 3.12 (found as ``KAM_BENCH_PYTHON``, on PATH, or under pyenv) and its own venv under
  ``~/.cache/kam-bench/peer-venv`` (``KAM_BENCH_CACHE`` moves it), with the ``packaging`` package it
  imports without declaring;
- PostgreSQL only (the local server at 127.0.0.1:5432 as ``postgres``, whatever ``--db`` kam uses);
- about 2.5 minutes of migrations, paid once: they build a template database that each run clones with
  ``CREATE DATABASE … TEMPLATE …``;
- a non-superuser role to serve it, so its row-level security is really in force (a superuser bypasses
  every policy), and a token from its own ``PersonalAccessToken.generate`` (it has no password login).

It is seeded with as many accounts and contacts as kam's database holds, served with the same server and
worker count, and driven by the same load for the operations both have.
"""

from __future__ import annotations

import glob
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from ceiling import Drive
from operations import Operation, get, post
from sides import (
    ACCOUNT_GET,
    ACCOUNT_LIST,
    CONTACT_CREATE,
    SERVICE_REQUEST_CREATE,
    Measured,
    free_port,
    gunicorn_command,
    serving,
)

VERSION = "1.35.0"
REQUIREMENTS = [f"django-crm=={VERSION}", "packaging"]
CACHE = Path(os.environ.get("KAM_BENCH_CACHE", Path.home() / ".cache" / "kam-bench"))
VENV = CACHE / "peer-venv"
TEMPLATE = "kam_bench_peer_tpl_" + VERSION.replace(".", "_")
ROLE = "kam_bench_peer_app"
BENCH = Path(__file__).resolve().parent


def _psql(sql: str, database: str = "postgres") -> str:
    done = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-qAtc", sql],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def _python312() -> str:
    """Return a Python >= 3.12 interpreter; BottleCRM 1.35 refuses older ones."""
    candidates = [os.environ.get("KAM_BENCH_PYTHON", ""), "python3.13", "python3.12"]
    candidates += sorted(glob.glob(str(Path.home() / ".pyenv/versions/3.1[2-9]*/bin/python3")))
    for candidate in filter(None, candidates):
        found = shutil.which(candidate) or candidate
        try:
            probe = subprocess.run(
                [found, "-c", "import sys; print(sys.version_info >= (3, 12))"],
                capture_output=True,
                text=True,
            )
        except OSError:
            continue
        if probe.stdout.strip() == "True":
            return found
    raise RuntimeError("the peer needs Python >= 3.12: set KAM_BENCH_PYTHON to one")


def ensure_venv() -> Path:
    """Install BottleCRM into its own venv once; return the venv's python."""
    python = VENV / "bin" / "python"
    stamp = VENV / f".installed-{VERSION}"
    if not stamp.exists():
        shutil.rmtree(VENV, ignore_errors=True)
        VENV.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([_python312(), "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *REQUIREMENTS], check=True)
        stamp.touch()
    return python


def peer_env(python: Path, database: str, user: str) -> dict[str, str]:
    """Return BottleCRM's environment: its settings read DB* variables, not DATABASE_URL."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "PYTHONPATH", "VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE"}
        and not k.startswith("KAM_")
    }
    return {
        **env,
        "PATH": f"{python.parent}:{env.get('PATH', '')}",
        "DJANGO_SETTINGS_MODULE": "crm.settings",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DBNAME": database,
        "DBUSER": user,
        "DBHOST": "127.0.0.1",
        "DBPORT": "5432",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DEBUG": "False",
    }


def ensure_template(python: Path) -> None:
    """Build the migrated template database once, with the serving role's grants inside it."""
    if _psql(f"SELECT 1 FROM pg_database WHERE datname = '{TEMPLATE}'") == "1":
        return
    building = f"{TEMPLATE}_build"
    _psql(f"DROP DATABASE IF EXISTS {building}")
    _psql(f"CREATE DATABASE {building}")
    with tempfile.TemporaryDirectory(prefix="kam-peer-migrate-") as folder:
        subprocess.run(
            [str(python), "-m", "django", "migrate", "--noinput", "-v", "0"],
            env=peer_env(python, building, "postgres"),
            cwd=folder,  # its logging writes server.log to the working folder
            check=True,
        )
    if _psql(f"SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}'") != "1":
        _psql(f"CREATE ROLE {ROLE} LOGIN NOSUPERUSER NOBYPASSRLS")
    _psql(
        f"GRANT USAGE ON SCHEMA public TO {ROLE}; "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {ROLE}; "
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {ROLE};",
        building,
    )
    _psql(f"ALTER DATABASE {building} RENAME TO {TEMPLATE}")


def kam_counts(env: dict[str, str]) -> dict[str, int]:
    """Count kam's live accounts and contacts, so the peer holds as many."""
    sql = (
        "SELECT (SELECT count(*) FROM accounts_account WHERE deleted_at IS NULL), "
        "(SELECT count(*) FROM accounts_contact WHERE deleted_at IS NULL)"
    )
    if env.get("DATABASE_URL"):
        row = _psql(sql, env["DATABASE_URL"].rsplit("/", 1)[1]).split("|")
    else:
        with sqlite3.connect(Path(env["KAM_DATA_DIR"]) / "kam.sqlite3") as db:
            row = db.execute(sql).fetchone()
    return {"accounts": int(row[0]), "contacts": int(row[1])}


def operations(account_ids: list[str]) -> list[Operation]:
    """Build BottleCRM's requests for the shared operations (its REST API under /api/)."""

    def account(i: int) -> str:
        return account_ids[i % len(account_ids)]

    return [
        Operation(ACCOUNT_LIST, get("/api/accounts/?limit=50")),
        Operation(ACCOUNT_GET, lambda i: ("GET", f"/api/accounts/{account(i)}/", None)),
        Operation(
            CONTACT_CREATE,
            post(
                "/api/contacts/",
                lambda i: {"first_name": f"Bench{i}", "last_name": "Peer", "account": account(i)},
            ),
        ),
        Operation(
            SERVICE_REQUEST_CREATE,
            post(
                "/api/cases/",
                lambda i: {
                    "name": f"Bench case {i}",
                    "status": "New",
                    "priority": "Normal",
                    "account": account(i),
                },
            ),
        ),
    ]


def measure(env: dict[str, str], args: Any, drive: Drive) -> list[Measured]:
    """Set the peer up (timed), seed it like kam's database, serve it and drive the shared operations."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    python = ensure_venv()
    timings["venv"] = time.perf_counter() - started
    ensure_template(python)
    timings["template"] = time.perf_counter() - started - timings["venv"]
    database = f"kam_bench_peer_{os.getpid()}"
    results = []
    try:
        mark = time.perf_counter()
        _psql(f"CREATE DATABASE {database} TEMPLATE {TEMPLATE}")
        counts = kam_counts(env)
        seeded = subprocess.run(
            [str(python), str(BENCH / "peer_seed.py"), json.dumps(counts)],
            env=peer_env(python, database, "postgres"),
            cwd=tempfile.gettempdir(),
            check=True,
            capture_output=True,
            text=True,
        )
        seed = json.loads(seeded.stdout.strip().splitlines()[-1])
        timings["clone and seed"] = time.perf_counter() - mark
        print(
            f"peer: BottleCRM {VERSION} with {counts['accounts']:,} accounts and "
            f"{counts['contacts']:,} contacts; set-up "
            + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()),
            flush=True,
        )
        headers = {"Authorization": f"Bearer {seed['token']}", "Content-Type": "application/json"}
        port = free_port()
        command = gunicorn_command(str(python), "crm.wsgi:application", port, args.workers)
        with (
            tempfile.TemporaryDirectory(prefix="kam-peer-") as folder,
            serving(command, peer_env(python, database, ROLE), Path(folder), "/healthz/", port),
        ):
            for op in operations(seed["accounts"]):
                result = drive(
                    "127.0.0.1", port, op, headers, args.requests, args.concurrency, args.time_limit
                )
                results.append(result)
                print(f"peer: {result.row()}", flush=True)  # type: ignore[attr-defined]
    finally:
        _psql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    return results
