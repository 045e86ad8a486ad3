"""Writes of the organisation: departments, territories, users and API tokens (A1, A3)."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Aggregate, CharField, OuterRef, Subquery
from django.utils.translation import gettext_noop

from kam.core import audit, clock
from kam.core.errors import Conflict, ValidationFailed
from kam.core.permissions import require_admin
from kam.org import rules, selectors
from kam.org.models import ApiToken, Department, DepartmentKind, Post, Territory, User

DEPARTMENT_NOT_FOUND = gettext_noop("Department {id} does not exist.")
USER_NOT_FOUND = gettext_noop("User {id} does not exist.")
TERRITORY_NOT_FOUND = gettext_noop("Territory {id} does not exist.")
DEPARTMENT_IN_USE = gettext_noop("The department still has members or sub-departments.")
USERNAME_TAKEN = gettext_noop("The username is already taken.")
NAME_REQUIRED = gettext_noop("A name is required.")
BAD_KIND = gettext_noop("Unknown department kind.")

_UNSET: Any = object()


def _department(pk: int | None, field: str) -> Department | None:
    if pk is None:
        return None
    found = Department.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationFailed(DEPARTMENT_NOT_FOUND, field=field, params={"id": pk})
    return found


def _user(pk: int | None, field: str) -> User | None:
    if pk is None:
        return None
    found = User.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationFailed(USER_NOT_FOUND, field=field, params={"id": pk})
    return found


def _territory(pk: int | None, field: str) -> Territory | None:
    if pk is None:
        return None
    found = Territory.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationFailed(TERRITORY_NOT_FOUND, field=field, params={"id": pk})
    return found


def _name(value: str) -> str:
    name = (value or "").strip()
    if not name:
        raise ValidationFailed(NAME_REQUIRED, field="name")
    return name


@transaction.atomic
def department_create(
    *,
    actor: User,
    name: str,
    parent_id: int | None = None,
    head_id: int | None = None,
    kind: str = DepartmentKind.DEPARTMENT,
) -> Department:
    """Create a department under ``parent_id`` (A1)."""
    require_admin(actor)
    if kind not in DepartmentKind.values:
        raise ValidationFailed(BAD_KIND, field="kind")
    department = Department(
        name=_name(name),
        kind=kind,
        parent=_department(parent_id, "parent_id"),
        head=_user(head_id, "head_id"),
    )
    audit.record_actor(department, actor)
    department.save()
    return department


@transaction.atomic
def department_update(
    *,
    actor: User,
    department: Department,
    name: str = _UNSET,
    parent_id: int | None = _UNSET,
    head_id: int | None = _UNSET,
    kind: str = _UNSET,
) -> Department:
    """Change a department; moving it under its own subtree is refused (A1)."""
    require_admin(actor)
    if name is not _UNSET:
        department.name = _name(name)
    if kind is not _UNSET:
        if kind not in DepartmentKind.values:
            raise ValidationFailed(BAD_KIND, field="kind")
        department.kind = kind
    if parent_id is not _UNSET:
        parents, _ = selectors.department_tree()
        if rules.would_create_cycle(department.pk, parent_id, parents):
            raise ValidationFailed(rules.DEPARTMENT_CYCLE, field="parent_id")
        department.parent = _department(parent_id, "parent_id")
    if head_id is not _UNSET:
        department.head = _user(head_id, "head_id")
    audit.record_actor(department, actor)
    department.save()
    return department


@transaction.atomic
def department_delete(*, actor: User, department: Department) -> None:
    """Soft-delete an empty department."""
    require_admin(actor)
    if department.children.exists() or department.members.filter(is_active=True).exists():
        raise Conflict(DEPARTMENT_IN_USE, field="id")
    audit.soft_delete(department, actor=actor)


@transaction.atomic
def territory_create(
    *, actor: User, name: str, region_codes: list[str] | None = None, boundary: Any = None
) -> Territory:
    """Create a territory; the boundary must be valid GeoJSON in [lng, lat] order."""
    require_admin(actor)
    territory = Territory(
        name=_name(name),
        region_codes=rules.check_region_codes(region_codes or []),
        boundary=rules.check_boundary(boundary),
    )
    audit.record_actor(territory, actor)
    territory.save()
    return territory


@transaction.atomic
def territory_update(
    *,
    actor: User,
    territory: Territory,
    name: str = _UNSET,
    region_codes: list[str] = _UNSET,
    boundary: Any = _UNSET,
) -> Territory:
    require_admin(actor)
    if name is not _UNSET:
        territory.name = _name(name)
    if region_codes is not _UNSET:
        territory.region_codes = rules.check_region_codes(region_codes or [])
    if boundary is not _UNSET:
        territory.boundary = rules.check_boundary(boundary)
    audit.record_actor(territory, actor)
    territory.save()
    return territory


@transaction.atomic
def territory_delete(*, actor: User, territory: Territory) -> None:
    require_admin(actor)
    audit.soft_delete(territory, actor=actor)


def _check_supervisor(user: User, supervisor: User | None) -> None:
    if supervisor is None:
        return
    if user.pk is not None and supervisor.pk == user.pk:
        raise ValidationFailed(rules.SUPERVISOR_SELF, field="supervisor_id")
    if selectors.region_id_of(user.department_id) != selectors.region_id_of(supervisor.department_id):
        raise ValidationFailed(rules.SUPERVISOR_OTHER_REGION, field="supervisor_id")


def _check_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except DjangoValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), field="password") from None


def _apply_user_fields(user: User, fields: dict[str, Any]) -> list[str] | None:
    """Set plain and related fields on ``user``; return the validated post codes if given."""
    for key in ("full_name", "phone", "email"):
        if key in fields:
            setattr(user, key, (fields[key] or "").strip())
    if "department_id" in fields:
        user.department = _department(fields["department_id"], "department_id")
    if "territory_id" in fields:
        user.territory = _territory(fields["territory_id"], "territory_id")
    if "supervisor_id" in fields:
        user.supervisor = _user(fields["supervisor_id"], "supervisor_id")
    if "supervisor_id" in fields or "department_id" in fields:
        _check_supervisor(user, user.supervisor)
    if fields.get("posts") is not None:
        return rules.check_posts(fields["posts"], Post.objects.values_list("code", flat=True))
    return None


@transaction.atomic
def user_create(*, actor: User, username: str, password: str, **fields: Any) -> User:
    """Create a member of staff with posts, department, supervisor and territory (A1)."""
    require_admin(actor)
    username = (username or "").strip()
    if not username:
        raise ValidationFailed(NAME_REQUIRED, field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(USERNAME_TAKEN, field="username")
    user = User(username=username)
    posts = _apply_user_fields(user, fields)
    _check_password(password, user)
    user.set_password(password)
    audit.record_actor(user, actor)
    user.save()
    user.posts.set(Post.objects.filter(code__in=posts or []))
    return user


@transaction.atomic
def user_update(*, actor: User, user: User, **fields: Any) -> User:
    require_admin(actor)
    posts = _apply_user_fields(user, fields)
    if fields.get("password"):
        _check_password(fields["password"], user)
        user.set_password(fields["password"])
    if "is_active" in fields and fields["is_active"] is not None:
        user.is_active = bool(fields["is_active"])
    audit.record_actor(user, actor)
    user.save()
    if posts is not None:
        user.posts.set(Post.objects.filter(code__in=posts))
        user.__dict__.pop("_post_codes", None)
    return user


@transaction.atomic
def user_deactivate(*, actor: User, user: User) -> None:
    """Deactivate rather than delete: a user's records stay attributed to them."""
    require_admin(actor)
    user.is_active = False
    user._change_reason = "deactivated"  # type: ignore[attr-defined]
    audit.record_actor(user, actor)
    user.save()
    user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=clock.now())


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_issue(*, user: User, name: str = "api") -> str:
    """Issue an API token; only its hash is kept, so the token is returned this once."""
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name[:100], key_hash=_hash(token), prefix=token[:8])
    return token


class _Joined(Aggregate):
    """The values joined with commas: ``STRING_AGG`` on PostgreSQL, ``GROUP_CONCAT`` on SQLite."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


def token_user(token: str) -> User | None:
    """Return the active user a token belongs to, or None; note when it was last used.

    The user's posts come in the same query (every API call asks what the caller may do).
    """
    if not token or len(token) > 200:
        return None
    held = (
        User.posts.through.objects.filter(user_id=OuterRef("user_id"))
        .values("user_id")
        .annotate(codes=_Joined("post_id"))
        .values("codes")  # type: ignore[misc]  # an annotation the stubs do not know
    )
    found = (
        ApiToken.objects.select_related("user")
        .annotate(post_list=Subquery(held))
        .filter(key_hash=_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if found is None or (found.expires_at and found.expires_at <= clock.now()):
        return None
    now = clock.now()
    if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    found.user.keep_post_codes(code for code in (found.post_list or "").split(",") if code)
    return found.user
