"""API of the organisation: tokens, departments, territories, users."""

from __future__ import annotations

from typing import Any

from axes.exceptions import AxesBackendPermissionDenied
from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from kam.core.permissions import require_admin
from kam.org import selectors, services
from kam.org.models import Department, Territory, User

auth_router = Router(tags=["auth"])
router = Router(tags=["organisation"])

BAD_CREDENTIALS = "Wrong username or password."


class TokenIn(Schema):
    username: str = Field(max_length=150)
    password: str = Field(max_length=256)


class TokenOut(Schema):
    token: str


class Detail(Schema):
    detail: str


@auth_router.post("/token", auth=None, response={200: TokenOut, 401: Detail, 429: Detail})
def token(request: HttpRequest, payload: TokenIn) -> Any:
    """Exchange a username and password for an API token (lockout applies as on the sign-in page)."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            # This failure reached the limit: say so in JSON, as for every later attempt.
            raise AxesBackendPermissionDenied(BAD_CREDENTIALS)
        return Status(401, {"detail": BAD_CREDENTIALS})
    return {"token": services.token_issue(user=user, name="api")}


class DepartmentIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    parent_id: int | None = None
    head_id: int | None = None
    kind: str = "department"


class DepartmentPatch(Schema):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    parent_id: int | None = None
    head_id: int | None = None
    kind: str | None = None


class DepartmentOut(Schema):
    id: int
    name: str
    kind: str
    parent_id: int | None
    head_id: int | None


class TerritoryIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    region_codes: list[str] = Field(default_factory=list, max_length=500)
    boundary: dict[str, Any] | None = None


class TerritoryPatch(Schema):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    region_codes: list[str] | None = None
    boundary: dict[str, Any] | None = None


class TerritoryOut(Schema):
    id: int
    name: str
    region_codes: list[str]
    boundary: dict[str, Any] | None


class UserIn(Schema):
    username: str = Field(min_length=1, max_length=150, pattern=r"^[\w.@+-]+$")
    password: str = Field(min_length=1, max_length=256)
    full_name: str = Field(default="", max_length=100)
    department_id: int | None = None
    posts: list[str] = Field(default_factory=list, max_length=20)
    supervisor_id: int | None = None
    territory_id: int | None = None
    phone: str = Field(default="", max_length=30)
    email: str = Field(default="", max_length=254)


class UserPatch(Schema):
    password: str | None = Field(default=None, min_length=1, max_length=256)
    full_name: str | None = Field(default=None, max_length=100)
    department_id: int | None = None
    posts: list[str] | None = Field(default=None, max_length=20)
    supervisor_id: int | None = None
    territory_id: int | None = None
    phone: str | None = Field(default=None, max_length=30)
    email: str | None = Field(default=None, max_length=254)
    is_active: bool | None = None


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    department_id: int | None
    posts: list[str]
    supervisor_id: int | None
    territory_id: int | None
    phone: str
    email: str
    is_active: bool

    @staticmethod
    def resolve_posts(obj: User) -> list[str]:
        return sorted(p.code for p in obj.posts.all())


def _admin(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    require_admin(user)
    return user


# Departments ---------------------------------------------------------------------------------


@router.get("/departments/", response=list[DepartmentOut], tags=["organisation"])
@paginate(LimitOffsetPagination)
def department_list(request: HttpRequest) -> Any:
    """List departments (everyone signed in may read the organisation chart)."""
    return selectors.department_list()


@router.post("/departments/", response={201: DepartmentOut})
def department_create(request: HttpRequest, payload: DepartmentIn) -> Any:
    return Status(201, services.department_create(actor=_admin(request), **payload.dict()))


@router.get("/departments/{department_id}", response=DepartmentOut)
def department_get(request: HttpRequest, department_id: int) -> Department:
    return selectors.department_get(department_id)


@router.patch("/departments/{department_id}", response=DepartmentOut)
def department_update(request: HttpRequest, department_id: int, payload: DepartmentPatch) -> Department:
    actor = _admin(request)
    return services.department_update(
        actor=actor, department=selectors.department_get(department_id), **payload.dict(exclude_unset=True)
    )


@router.delete("/departments/{department_id}", response={204: None})
def department_delete(request: HttpRequest, department_id: int) -> Any:
    actor = _admin(request)
    services.department_delete(actor=actor, department=selectors.department_get(department_id))
    return Status(204, None)


# Territories ---------------------------------------------------------------------------------


@router.get("/territories/", response=list[TerritoryOut])
@paginate(LimitOffsetPagination)
def territory_list(request: HttpRequest) -> Any:
    return selectors.territory_list()


@router.post("/territories/", response={201: TerritoryOut})
def territory_create(request: HttpRequest, payload: TerritoryIn) -> Any:
    return Status(201, services.territory_create(actor=_admin(request), **payload.dict()))


@router.get("/territories/{territory_id}", response=TerritoryOut)
def territory_get(request: HttpRequest, territory_id: int) -> Territory:
    return selectors.territory_get(territory_id)


@router.patch("/territories/{territory_id}", response=TerritoryOut)
def territory_update(request: HttpRequest, territory_id: int, payload: TerritoryPatch) -> Territory:
    actor = _admin(request)
    return services.territory_update(
        actor=actor, territory=selectors.territory_get(territory_id), **payload.dict(exclude_unset=True)
    )


@router.delete("/territories/{territory_id}", response={204: None})
def territory_delete(request: HttpRequest, territory_id: int) -> Any:
    actor = _admin(request)
    services.territory_delete(actor=actor, territory=selectors.territory_get(territory_id))
    return Status(204, None)


# Users ---------------------------------------------------------------------------------------


@router.get("/users/", response=list[UserOut])
@paginate(LimitOffsetPagination)
def user_list(
    request: HttpRequest, department_id: int | None = None, post: str | None = None, q: str | None = None
) -> Any:
    """List the colleagues the caller may see, optionally by department, post or name."""
    return selectors.user_list(viewer=request.user, department_id=department_id, post=post, q=q)  # type: ignore[arg-type]


@router.get("/users/me", response=UserOut)
def user_me(request: HttpRequest) -> Any:
    return selectors.user_get(viewer=request.user, user_id=request.user.pk)  # type: ignore[arg-type]


@router.post("/users/", response={201: UserOut})
def user_create(request: HttpRequest, payload: UserIn) -> Any:
    actor = _admin(request)
    user = services.user_create(actor=actor, **payload.dict())
    return Status(201, selectors.user_get(viewer=actor, user_id=user.pk))


@router.get("/users/{user_id}", response=UserOut)
def user_get(request: HttpRequest, user_id: int) -> User:
    return selectors.user_get(viewer=request.user, user_id=user_id)  # type: ignore[arg-type]


@router.patch("/users/{user_id}", response=UserOut)
def user_update(request: HttpRequest, user_id: int, payload: UserPatch) -> User:
    actor = _admin(request)
    target = selectors.user_get(viewer=actor, user_id=user_id)
    services.user_update(actor=actor, user=target, **payload.dict(exclude_unset=True))
    return selectors.user_get(viewer=actor, user_id=user_id)


@router.delete("/users/{user_id}", response={204: None})
def user_delete(request: HttpRequest, user_id: int) -> Any:
    """Deactivate a user (their records stay theirs; tokens are revoked)."""
    actor = _admin(request)
    services.user_deactivate(actor=actor, user=selectors.user_get(viewer=actor, user_id=user_id))
    return Status(204, None)
