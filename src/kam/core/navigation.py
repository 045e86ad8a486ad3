"""The navigation menu and the home page's to-do list; each app adds its own entries.

Apps register menu entries with :func:`nav_item` and to-do providers with :func:`todo_provider` in
their ``AppConfig.ready``; the pages show each user the entries their posts allow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.urls import NoReverseMatch, reverse

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from kam.org.models import User


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    posts: frozenset[str] | None = None
    """Posts that see the entry; None means everyone signed in."""
    order: int = 100
    icon: str = ""


@dataclass(frozen=True)
class TodoItem:
    title: str | Promise
    link: str
    due: datetime | None = None
    kind: str = ""
    detail: str | Promise = ""
    urgent: bool = False


@dataclass
class _Registry:
    nav: list[NavItem] = field(default_factory=list)
    todo: list[Callable[[User], Iterable[TodoItem]]] = field(default_factory=list)


_registry = _Registry()


def nav_item(
    label: str | Promise, url_name: str, *, posts: Iterable[str] | None = None, order: int = 100
) -> None:
    if any(i.url_name == url_name for i in _registry.nav):
        return
    _registry.nav.append(NavItem(label, url_name, frozenset(posts) if posts is not None else None, order))


def todo_provider(fn: Callable[[User], Iterable[TodoItem]]) -> Callable[[User], Iterable[TodoItem]]:
    if fn not in _registry.todo:
        _registry.todo.append(fn)
    return fn


def menu_for(user: User) -> list[dict[str, str]]:
    """Return the menu entries ``user`` may use, in order, with their URLs."""
    entries = []
    for item in sorted(_registry.nav, key=lambda i: i.order):
        if item.posts is not None and not user.holds(*item.posts):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        entries.append({"label": str(item.label), "url": url, "name": item.url_name})
    return entries


def todo_for(user: User) -> list[TodoItem]:
    """Return the user's to-do items from every provider, urgent and earliest due first."""
    items = [item for provider in _registry.todo for item in provider(user)]
    far = datetime.max.replace(tzinfo=None)
    return sorted(items, key=lambda i: (not i.urgent, (i.due.replace(tzinfo=None) if i.due else far)))
