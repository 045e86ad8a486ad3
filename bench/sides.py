"""What the ceiling and the peer share with the harness: the paired operation names, serving, the table.

The table pairs operations by name, so the ceiling's and the peer's operations carry the names of ours
(``bench/operations.py``); an operation only one side has prints with blanks for the others.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

# The names ours registers for the shared operations; the ceiling and the peer use the same ones.
ACCOUNT_LIST = "accounts: list of 50, filtered, paged"
ACCOUNT_GET = "accounts: get one"
CONTACT_CREATE = "contacts: create"
SERVICE_EVENT = "service: post an event"
SERVICE_REQUEST_CREATE = "service: create a request"

THREADS = int(os.environ.get("KAM_WEB_THREADS", "4"))
"""Threads per worker: ``kam serve`` runs gunicorn's gthread workers with this many; so do the others."""


class Measured(Protocol):
    """The part of ``run.Result`` the table reads."""

    name: str
    requests: int
    errors: int
    seconds: float
    latencies: list[float]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def gunicorn_command(python: str, app: str, port: int, workers: int) -> list[str]:
    """Serve ``app`` the way ``kam serve`` serves kam: gunicorn, gthread workers, the same counts."""
    return [
        python, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--threads", str(THREADS), "--worker-class", "gthread", "--log-level", "warning",
    ]  # fmt: skip


@contextmanager
def serving(command: list[str], env: dict[str, str], cwd: Path, health: str, port: int) -> Iterator[None]:
    """Run a server until the block ends; fail loudly if it never answers ``health`` with 200."""
    log = (cwd / "server.out").open("wb")
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                tail = (cwd / "server.out").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"server {command[3]} did not start:\n{tail}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", health)
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.3)
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def rate(result: Measured) -> float:
    return result.requests / result.seconds if result.seconds else 0.0


def p95(result: Measured) -> float:
    latencies = sorted(result.latencies) or [0.0]
    return latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] * 1000


def _cells(result: Measured | None) -> list[str]:
    if result is None:
        return ["", ""]
    errors = f" ({result.errors} errors)" if result.errors else ""
    return [f"{rate(result):,.1f}{errors}", f"{p95(result):.1f}"]


def _ratio(ours: Measured | None, other: Measured | None) -> str:
    if ours is None or other is None or not rate(other) or ours.errors or other.errors:
        return ""
    return f"{rate(ours) / rate(other):.2f}"


def comparison(ours: Sequence[Measured], peer: Sequence[Measured], ceiling: Sequence[Measured]) -> str:
    """Return the side-by-side table: per operation each side's req/s and p95 (ms), and ours' ratios.

    A ratio is left blank where a side lacks the operation or had errors: a rate of failures is no rate.
    """
    by_side = [{r.name: r for r in side} for side in (ours, peer, ceiling)]
    names = list(dict.fromkeys(r.name for side in (ours, peer, ceiling) for r in side))
    lines = [
        "| operation | ours req/s | ours p95 ms | peer req/s | peer p95 ms | ceiling req/s | ceiling p95 ms "
        "| ours / peer | ours / ceiling |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name in names:
        mine, theirs, top = (side.get(name) for side in by_side)
        cells = [name, *_cells(mine), *_cells(theirs), *_cells(top), _ratio(mine, theirs), _ratio(mine, top)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
