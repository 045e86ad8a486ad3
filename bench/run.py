"""The benchmark harness: a fresh database at a chosen scale, the production server, a bounded load.

    python bench/run.py [--scale tiny|small|default] [--db sqlite|postgres] [--requests N]
                        [--concurrency 4] [--workers 2] [--record]

It prints throughput and p50 / p95 / p99 latency per operation and, with ``--record``, appends the
table with the machine's description to bench/RESULTS.md. Operations are registered in
``bench/operations.py``; data generators (bulk paths) in ``bench/generate.py``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import ceiling  # noqa: E402
import peer  # noqa: E402
import sides  # noqa: E402
from operations import OPERATIONS, Operation  # noqa: E402

SCALES = {
    "tiny": {
        "users": 40,
        "accounts": 200,
        "contacts": 600,
        "visits": 1_000,
        "service_requests": 300,
        "plans": 12,
    },
    "small": {
        "users": 100,
        "accounts": 5_000,
        "contacts": 20_000,
        "visits": 30_000,
        "service_requests": 5_000,
        "plans": 12,
    },
    "default": {
        "users": 1_000,
        "accounts": 100_000,
        "contacts": 500_000,
        "visits": 1_000_000,
        "service_requests": 300_000,
        "plans": 12,
    },
}
IMPORT_ROWS = {"tiny": 200, "small": 2_000, "default": 20_000}
"""Accounts in the .xlsx the batch part imports (bench/batch.py)."""
REQUESTS = {"tiny": 20, "small": 100, "default": 300}
"""Requests per operation by scale: the small run (CI's) must finish within about two minutes."""
PG_URL = "postgres://postgres@127.0.0.1:5432/{name}"


@dataclass
class Result:
    name: str
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    def row(self) -> str:
        lat = sorted(self.latencies) or [0.0]

        def pct(p: float) -> float:
            return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000

        rate = self.requests / self.seconds if self.seconds else 0.0
        return (
            f"| {self.name} | {self.requests} | {self.errors} | {rate:,.1f} | {pct(0.50):.1f} | "
            f"{pct(0.95):.1f} | {pct(0.99):.1f} |"
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _kam(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "kam", *args], env=env, check=True)


def prepare(args: argparse.Namespace) -> dict[str, str]:
    """Create a fresh database, the demo company and the scale's generated data; return the env."""
    data_dir = tempfile.mkdtemp(prefix="kam-bench-")
    env = {**os.environ, "KAM_DATA_DIR": data_dir, "DJANGO_SETTINGS_MODULE": "kam.settings"}
    env.pop("KAM_BROKER_URL", None)
    if args.db == "postgres":
        name = f"kam_bench_{os.getpid()}"
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {name}"], check=True
        )
        env["DATABASE_URL"] = PG_URL.format(name=name)
    else:
        env.pop("DATABASE_URL", None)
    _kam(env, "demo", "--no-serve")
    sizes = json.dumps(SCALES[args.scale])
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), sizes], env=env, check=True)
    return env


@contextmanager
def serving(env: dict[str, str], workers: int) -> Iterator[tuple[str, int]]:
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kam",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--no-scheduler",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(150):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        yield "127.0.0.1", port
    finally:
        process.terminate()
        process.wait(15)


def token(host: str, port: int, username: str) -> str:
    conn = http.client.HTTPConnection(host, port, timeout=10)
    body = json.dumps({"username": username, "password": "kam-demo-2026"})
    conn.request("POST", "/api/v1/auth/token", body, {"Content-Type": "application/json"})
    return str(json.loads(conn.getresponse().read())["token"])


def session(host: str, port: int, username: str) -> str:
    """Sign in on the sign-in page as ``username``; return the Cookie header of the session."""
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request("GET", "/login/")
    response = conn.getresponse()
    page = response.read().decode()
    csrf = response.headers["Set-Cookie"].split("csrftoken=", 1)[1].split(";", 1)[0]
    form = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    fields = {"csrfmiddlewaretoken": form, "username": username, "password": "kam-demo-2026"}
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"}
    conn.request("POST", "/login/", urllib.parse.urlencode(fields), headers)
    response = conn.getresponse()
    response.read()
    cookies = [c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or []]
    return "; ".join(c for c in cookies if c.startswith("sessionid="))


def credentials(
    host: str, port: int, op: Operation, cache: dict[tuple[str, bool], dict[str, str]]
) -> dict[str, str]:
    """Return the headers ``op`` is sent with: its user's token, or their session for a page."""
    key = (op.user, op.page)
    if key not in cache:
        if op.page:
            cache[key] = {"Cookie": session(host, port, op.user)}
        else:
            bearer = token(host, port, op.user)
            cache[key] = {"Authorization": f"Bearer {bearer}", "Content-Type": "application/json"}
    return cache[key]


def drive(
    host: str,
    port: int,
    op: Operation,
    headers: dict[str, str],
    requests: int,
    concurrency: int,
    time_limit: float,
) -> Result:
    """Send ``requests`` requests from ``concurrency`` keep-alive connections, within ``time_limit``."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(requests))
    deadline = time.monotonic() + time_limit

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection(host, port, timeout=30)
        for index in counter:
            if time.monotonic() > deadline:
                break
            method, path, body = op.request(index)
            started = time.perf_counter()
            try:
                conn.request(method, path, body, headers)
                response = conn.getresponse()
                response.read()
                failed = not 200 <= response.status < 300
            except OSError:
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
                failed = True
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                errors += failed

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Result(op.name, len(latencies), errors, time.perf_counter() - started, latencies)


def batch(env: dict[str, str], import_rows: int) -> str:
    """Time the sweeps, an import and an export on the run's database (bench/batch.py); return the table."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "batch.py"), str(import_rows)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    lines = ["| job | items | seconds | rate | note |", "|---|---|---|---|---|"]
    for line in done.stdout.splitlines():
        if not line.startswith("{"):
            continue
        row = json.loads(line)
        rate = (
            f"{row['items'] / row['seconds']:,.0f} {row['unit']}/s" if row["items"] and row["seconds"] else ""
        )
        items = f"{row['items']:,} {row['unit']}"
        lines.append(f"| {row['job']} | {items} | {row['seconds']:.3f} | {rate} | {row['note']} |")
        print(lines[-1], flush=True)
    return "\n".join(lines)


def machine() -> str:
    python = platform.python_version()
    return f"{platform.node()} · {os.cpu_count()} cores · Python {python} · {platform.platform()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=SCALES, default="small")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--requests", type=int, default=None, help="per operation (default: 20 tiny, 100 small, 300 default)"
    )
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per operation at most")
    parser.add_argument("--only", default="", help="comma-separated operation names")
    parser.add_argument("--record", action="store_true", help="append the results to bench/RESULTS.md")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the database and data folder afterwards (their names printed)",
    )
    parser.add_argument(
        "--ceiling", action="store_true", help="also drive the raw-SQL ceiling (bench/ceiling)"
    )
    parser.add_argument(
        "--peer", action="store_true", help="also drive BottleCRM (bench/peer.py; PostgreSQL)"
    )
    args = parser.parse_args(argv)
    if args.requests is None:
        args.requests = REQUESTS[args.scale]

    env = prepare(args)
    chosen = [op for op in OPERATIONS if not args.only or op.name in args.only.split(",")]
    header = (
        "| operation | requests | errors | req/s | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|---|---|"
    )
    rows, ours, peers, ceilings = [], [], [], []
    try:
        with serving(env, args.workers) as (host, port):
            bearer = token(host, port, "admin")
            auth = {
                "Authorization": f"Bearer {bearer}",
                "Content-Type": "application/json",
            }
            signed_in = {("admin", False): auth}
            for op in chosen:
                op.prepare(env)
                headers = credentials(host, port, op, signed_in)
                ours.append(drive(host, port, op, headers, args.requests, args.concurrency, args.time_limit))
                rows.append(ours[-1].row())
                print(rows[-1], flush=True)
        ceilings = ceiling.measure(env, bearer, args, drive, chosen) if args.ceiling else []
        peers = peer.measure(env, args, drive) if args.peer else []
        jobs = batch(env, IMPORT_ROWS[args.scale])
    finally:
        if args.keep:
            print(f"kept: KAM_DATA_DIR={env['KAM_DATA_DIR']} DATABASE_URL={env.get('DATABASE_URL', '')}")
        else:
            shutil.rmtree(env["KAM_DATA_DIR"], ignore_errors=True)
        if args.db == "postgres" and not args.keep:
            name = env["DATABASE_URL"].rsplit("/", 1)[1]
            subprocess.run(
                ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"]
            )
    table = "\n".join([header, *rows]) + "\n\n" + jobs
    if args.ceiling or args.peer:
        table += "\n\n" + sides.comparison(ours, peers, ceilings)
    print(table)
    if args.record:
        with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as out:
            out.write(
                f"\n## {time.strftime('%Y-%m-%d %H:%M')} — scale {args.scale}, {args.db}, {args.workers} web "
                f"workers, {args.concurrency} connections, {args.requests} requests per operation\n\n"
                f"Machine: {machine()}\n\nCommand: `python bench/run.py {' '.join(argv or sys.argv[1:])}`\n\n"
                f"{table}\n"
            )
    return 0


Callback = Callable[[dict[str, str]], None]

if __name__ == "__main__":
    raise SystemExit(main())
