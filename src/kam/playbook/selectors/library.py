"""Reads of the product and collateral library, pre-visit kits and Franklin sheets (E1), and of the
training records (A2f). The library and the courses are open to every member of staff; kits, sheets and
people's scores are seen by their owner and the owner's managers."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from kam.core.errors import NOT_FOUND, NotFound
from kam.core.permissions import require_posts
from kam.core.scoping import can_see, restrict
from kam.org.models import User
from kam.playbook import rules
from kam.playbook.models import (
    Attendance,
    Collateral,
    Course,
    FranklinSheet,
    ListeningResult,
    Product,
    TrainingSession,
    VisitKit,
    VisitKitItem,
)
from kam.playbook.permissions import FIELD


def _one(queryset: QuerySet[Any], pk: int) -> Any:
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


# Products and collateral ---------------------------------------------------------------------------


def product_list(*, q: str | None = None, product_type: str | None = None) -> QuerySet[Product]:
    products = Product.objects.all()
    if product_type:
        products = products.filter(product_type=product_type)
    if q and q.strip():
        word = q.strip()
        products = products.filter(
            Q(name__icontains=word) | Q(model_number__icontains=word) | Q(specification__icontains=word)
        )
    return products.order_by("product_type", "name")


def product_get(product_id: int) -> Product:
    return _one(Product.objects.all(), product_id)


def product_types() -> list[str]:
    """Return the product types of the catalogue (for the kit's choices and the accounts' demand, C2)."""
    return sorted(set(Product.objects.values_list("product_type", flat=True)))


def collateral_list(
    *, kind: str | None = None, product_id: int | None = None, product_type: str | None = None
) -> QuerySet[Collateral]:
    items = Collateral.objects.prefetch_related("products")
    if kind:
        items = items.filter(kind=kind)
    if product_id:
        items = items.filter(products__id=product_id)
    if product_type:
        items = items.filter(Q(product_type=product_type) | Q(products__product_type=product_type))
    return items.distinct().order_by("kind", "title")


def collateral_get(collateral_id: int) -> Collateral:
    return _one(Collateral.objects.prefetch_related("products"), collateral_id)


def collateral_infos() -> list[rules.CollateralInfo]:
    """Load the whole library once as plain values for the kit rule (the library is small)."""
    infos = []
    for item in Collateral.objects.prefetch_related("products").order_by("kind", "title"):
        types = {rules.product_type_key(p.product_type) for p in item.products.all()}
        if item.product_type:
            types.add(rules.product_type_key(item.product_type))
        infos.append(rules.CollateralInfo(item.pk, item.kind, item.title, frozenset(types)))
    return infos


# Kits and Franklin sheets ----------------------------------------------------------------------------


def kit_list(*, viewer: User, account_id: int | None = None) -> QuerySet[VisitKit]:
    require_posts(viewer, *FIELD)
    kits = restrict(VisitKit.objects.select_related("owner"), viewer)
    if account_id:
        kits = kits.filter(account_id=account_id)
    return kits.order_by("-created_at", "-id")


def kit_get(*, viewer: User, kit_id: int) -> VisitKit:
    items = Prefetch("items", queryset=VisitKitItem.objects.select_related("collateral").order_by("order"))
    return _one(kit_list(viewer=viewer).prefetch_related(items), kit_id)


def franklin_list(*, viewer: User) -> QuerySet[FranklinSheet]:
    require_posts(viewer, *FIELD)
    return restrict(FranklinSheet.objects.select_related("owner", "product"), viewer).order_by(
        "-created_at", "-id"
    )


def franklin_get(*, viewer: User, sheet_id: int) -> FranklinSheet:
    return _one(franklin_list(viewer=viewer), sheet_id)


# Training (A2f) --------------------------------------------------------------------------------------


def course_list() -> QuerySet[Course]:
    return Course.objects.prefetch_related("sessions", "topics").order_by("-created_at", "-id")


def course_get(course_id: int) -> Course:
    return _one(course_list(), course_id)


def session_get(session_id: int) -> TrainingSession:
    return _one(TrainingSession.objects.select_related("course"), session_id)


def attendance_list(*, viewer: User, session: TrainingSession) -> QuerySet[Attendance]:
    """Return the attendance of a session that the viewer may see: their own, or their team's."""
    rows = Attendance.objects.filter(session=session).select_related("trainee")
    return restrict(rows, viewer, owner="trainee", department="trainee__department").order_by("trainee_id")


def trainee_visible(viewer: User, person: User) -> bool:
    return person.pk == viewer.pk or can_see(viewer, person, owner=None, department="department")


def training_record(*, viewer: User, person: User) -> list[dict[str, Any]]:
    """Return a person's training scores, newest first: course attendance and listening tests (A2f)."""
    if not trainee_visible(viewer, person):
        raise NotFound(NOT_FOUND)
    entries: list[dict[str, Any]] = [
        {
            "when": row.session.starts_at,
            "kind": "course",
            "title": row.session.course.title,
            "status": row.status,
            "score": row.score,
            "session_id": row.session_id,
        }
        for row in Attendance.objects.filter(trainee=person).select_related("session__course")
    ]
    entries += [
        {
            "when": result.taken_at,
            "kind": "listening_test",
            "title": result.band_label,
            "status": "present",
            "score": result.total,
            "session_id": result.session_id,
        }
        for result in ListeningResult.objects.filter(user=person)
    ]
    return sorted(entries, key=lambda e: e["when"], reverse=True)
