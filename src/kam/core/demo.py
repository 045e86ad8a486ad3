"""The demo company: each app contributes steps in its ``demo`` module; this runs them in order.

A step is ``(order, label, function)``; the function takes a :class:`DemoContext` and may report
progress through it. Everything is deterministic (a fixed random seed), so demos look the same.
"""

from __future__ import annotations

import importlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import transaction

DEMO_PASSWORD = "kam-demo-2026"  # noqa: S105 - the demo company's published password
BAR_WIDTH = 24


@dataclass
class DemoContext:
    out: Any
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    data: dict[str, Any] = field(default_factory=dict)
    label: str = ""
    step: int = 0
    steps: int = 0
    _last_draw: float = 0.0
    _finished: bool = False

    def progress(self, done: int, total: int) -> None:
        """Redraw the progress line of the current step (on a terminal, at most ten times a second)."""
        finished = done >= total
        now = time.monotonic()
        interactive = getattr(self.out, "isatty", lambda: False)()
        if self._finished or (not finished and (not interactive or now - self._last_draw < 0.1)):
            return
        self._last_draw, self._finished = now, finished
        filled = int(BAR_WIDTH * done / total) if total else BAR_WIDTH
        bar = "█" * filled + "░" * (BAR_WIDTH - filled)
        line = f"[{self.step}/{self.steps}] {bar} {self.label} {done}/{total}"
        if interactive:
            self.out.write("\r" + line, ending="\n" if finished else "")
        else:
            self.out.write(line)
        self.out.flush()


Step = tuple[int, str, Callable[[DemoContext], None]]


def steps() -> list[Step]:
    found: list[Step] = []
    for config in apps.get_app_configs():
        if config.name.startswith("kam."):
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            found.extend(getattr(module, "STEPS", []))
    return sorted(found, key=lambda s: s[0])


def is_seeded() -> bool:
    from kam.org.models import User

    return User.objects.exists()


def seed(*, out: Any) -> DemoContext:
    """Run every demo step, each in its own transaction, with a progress display."""
    all_steps = steps()
    ctx = DemoContext(out=out, steps=len(all_steps))
    started = time.monotonic()
    out.write("Filling the database with the demo company…")
    for number, (_, label, function) in enumerate(all_steps, start=1):
        ctx.step, ctx.label, ctx._finished = number, label, False
        with transaction.atomic():
            function(ctx)
        ctx.progress(1, 1)
    out.write(f"Demo company ready in {time.monotonic() - started:.1f} s.")
    return ctx


def print_logins(out: Any) -> None:
    """Print the demo sign-ins: one per post, all with the same password."""
    from kam.org.models import User

    out.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD}):")
    seen: set[str] = set()
    for user in User.objects.filter(is_active=True).prefetch_related("posts").order_by("id"):
        codes = sorted(p.code for p in user.posts.all())
        key = ",".join(codes) or "admin"
        if key in seen:
            continue
        seen.add(key)
        out.write(f"  {user.username:<16} {user.display_name:<8} {' / '.join(codes) or 'superuser'}")
    out.write("Open http://127.0.0.1:8000/ and sign in with one of them.\n")
