"""Pages of long lists whose total is counted only up to a cap (the key account list at a million rows).

An exact total reads every matching row: on PostgreSQL an index-only scan of 1,000,000 entries takes
0.3–0.6 s, ten times the list's own cost. Nobody pages through ten thousand accounts; they narrow the
search. So the total is counted up to :data:`COUNT_CAP` and beyond it the answer says "more than".
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Schema
from ninja.pagination import LimitOffsetPagination

COUNT_CAP = 10_000


def capped_count(rows: QuerySet[Any]) -> tuple[int, bool]:
    """Return the number of rows up to :data:`COUNT_CAP`, and whether there are more than that."""
    found = rows.order_by()[: COUNT_CAP + 1].count()
    return min(found, COUNT_CAP), found > COUNT_CAP


class CappedCountPagination(LimitOffsetPagination):
    """``limit``/``offset`` pages; ``count`` stops at :data:`COUNT_CAP` and ``count_capped`` says so."""

    class Output(Schema):
        items: list[Any]
        count: int
        count_capped: bool = False

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        offset = pagination.offset
        limit: int = min(pagination.limit, self.max_limit)
        count, capped = capped_count(queryset)
        return {"items": queryset[offset : offset + limit], "count": count, "count_capped": capped}


class CappedPaginator(Paginator):
    """A page's paginator whose total stops at :data:`COUNT_CAP` (``capped`` says there are more)."""

    @cached_property
    def _counted(self) -> tuple[int, bool]:
        return capped_count(self.object_list)  # type: ignore[arg-type]  # a queryset here

    @cached_property
    def count(self) -> int:
        return self._counted[0]

    @property
    def capped(self) -> bool:
        return self._counted[1]
