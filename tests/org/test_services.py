"""Writes of the organisation: refusals write nothing; every write leaves who, what and when (F1)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from kam.core import clock
from kam.core.errors import FORBIDDEN, Conflict, Forbidden, ValidationFailed
from kam.org import rules, services
from kam.org.models import ApiToken, Department, Territory, User
from tests.factories import PASSWORD, DepartmentFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db

BOX = {
    "type": "Polygon",
    "coordinates": [[[120.0, 30.0], [120.2, 30.0], [120.2, 30.2], [120.0, 30.2], [120.0, 30.0]]],
}


def latest(obj: Any) -> Any:
    return obj.history.order_by("-history_id").first()


# Departments -------------------------------------------------------------------------------------


def test_department_create(org: dict[str, Any]) -> None:
    admin = org["admin"]
    created = services.department_create(
        actor=admin, name="  大客户四部 ", parent_id=org["region"].pk, head_id=org["manager1"].pk
    )
    stored = Department.objects.get(pk=created.pk)
    assert (stored.name, stored.parent, stored.head, stored.kind) == (
        "大客户四部",
        org["region"],
        org["manager1"],
        "department",
    )
    entry = stored.history.get()
    assert (entry.history_type, entry.history_user) == ("+", admin)


@pytest.mark.parametrize(
    ("kwargs", "message", "field"),
    [
        ({"name": "  "}, services.NAME_REQUIRED, "name"),
        ({"name": "x", "parent_id": 999_999}, services.DEPARTMENT_NOT_FOUND.format(id=999_999), "parent_id"),
        ({"name": "x", "head_id": 999_999}, services.USER_NOT_FOUND.format(id=999_999), "head_id"),
        ({"name": "x", "kind": "galaxy"}, services.BAD_KIND, "kind"),
    ],
)
def test_department_create_refusals_write_nothing(
    org: dict[str, Any], kwargs: dict[str, Any], message: str, field: str
) -> None:
    before = Department.all_objects.count()
    with pytest.raises(ValidationFailed) as caught:
        services.department_create(actor=org["admin"], **kwargs)
    assert (caught.value.message, caught.value.field) == (message, field)
    assert Department.all_objects.count() == before


def test_department_update(org: dict[str, Any]) -> None:
    ka3 = org["ka3"]
    services.department_update(
        actor=org["admin"],
        department=ka3,
        name="大客户三部(华东)",
        parent_id=org["region"].pk,
        kind="department",
    )
    ka3.refresh_from_db()
    assert ka3.name == "大客户三部(华东)"
    assert ka3.parent == org["region"]
    entry = latest(ka3)
    assert entry.history_type == "~"
    assert entry.history_user == org["admin"]
    changed = {c.field for c in entry.diff_against(entry.prev_record).changes}
    assert changed >= {"name", "parent"}


@pytest.mark.parametrize("new_parent", ["region", "ka1"])
def test_department_cycle_is_refused_with_nothing_written(org: dict[str, Any], new_parent: str) -> None:
    region = org["region"]
    history_before = region.history.count()

    with pytest.raises(ValidationFailed) as caught:
        services.department_update(
            actor=org["admin"], department=region, name="改名", parent_id=org[new_parent].pk
        )

    assert caught.value.message == rules.DEPARTMENT_CYCLE
    assert caught.value.field == "parent_id"
    stored = Department.objects.get(pk=region.pk)
    assert stored.parent_id is None
    assert stored.name == "华东大区"
    assert region.history.count() == history_before


def test_department_update_to_the_top_and_head(org: dict[str, Any]) -> None:
    services.department_update(
        actor=org["admin"], department=org["ka1"], parent_id=None, head_id=org["manager1"].pk
    )
    stored = Department.objects.get(pk=org["ka1"].pk)
    assert stored.parent_id is None
    assert stored.head == org["manager1"]


def test_department_update_bad_kind(org: dict[str, Any]) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.department_update(actor=org["admin"], department=org["ka1"], kind="planet")
    assert caught.value.field == "kind"
    assert Department.objects.get(pk=org["ka1"].pk).kind == "department"


def test_soft_delete_of_a_department_writes_history(org: dict[str, Any]) -> None:
    empty = DepartmentFactory(name="临时部门", parent=org["region"])
    moment = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)

    with time_machine.travel(moment, tick=False):
        services.department_delete(actor=org["admin"], department=empty)

    assert not Department.objects.filter(pk=empty.pk).exists()
    stored = Department.all_objects.get(pk=empty.pk)
    assert stored.deleted_at == moment
    assert stored.is_deleted
    entry = latest(stored)
    assert entry.history_type == "~"
    assert entry.deleted_at == moment
    assert entry.history_change_reason == "deleted"
    assert entry.history_user == org["admin"]
    assert entry.history_date == moment


def test_a_department_in_use_is_not_deleted(org: dict[str, Any]) -> None:
    for department in (org["region"], org["ka1"]):  # has sub-departments / has members
        with pytest.raises(Conflict) as caught:
            services.department_delete(actor=org["admin"], department=department)
        assert caught.value.message == services.DEPARTMENT_IN_USE
        assert Department.objects.get(pk=department.pk).deleted_at is None


def test_a_department_whose_members_left_can_be_deleted(org: dict[str, Any]) -> None:
    team = DepartmentFactory(parent=org["ka1"])
    UserFactory(department=team, is_active=False)
    services.department_delete(actor=org["admin"], department=team)
    assert Department.all_objects.get(pk=team.pk).is_deleted


@pytest.mark.parametrize("actor", ["manager1", "spec1", "regional"])
def test_only_admins_write_the_organisation(org: dict[str, Any], actor: str) -> None:
    user = org[actor]
    with pytest.raises(Forbidden) as caught:
        services.department_create(actor=user, name="非法部门")
    assert caught.value.message == FORBIDDEN
    with pytest.raises(Forbidden):
        services.department_update(actor=user, department=org["ka1"], name="改名")
    with pytest.raises(Forbidden):
        services.user_create(actor=user, username="intruder", password=PASSWORD)
    with pytest.raises(Forbidden):
        services.territory_create(actor=user, name="片区")
    assert not Department.objects.filter(name="非法部门").exists()
    assert Department.objects.get(pk=org["ka1"].pk).name == "大客户一部"
    assert not User.objects.filter(username="intruder").exists()
    assert not Territory.objects.exists()


def test_a_superuser_is_an_admin(db: Any) -> None:
    root = UserFactory(department=None, is_superuser=True)
    assert services.department_create(actor=root, name="总部").pk


def test_an_inactive_admin_is_refused(org: dict[str, Any]) -> None:
    admin = org["admin"]
    admin.is_active = False
    with pytest.raises(Forbidden):
        services.department_create(actor=admin, name="x")


# Territories -------------------------------------------------------------------------------------


def test_territory_create_update_delete(org: dict[str, Any]) -> None:
    admin = org["admin"]
    feature = {"type": "Feature", "properties": {}, "geometry": BOX}
    territory = services.territory_create(
        actor=admin, name="西湖区", region_codes=["330106", "330106"], boundary=feature
    )
    stored = Territory.objects.get(pk=territory.pk)
    assert stored.region_codes == ["330106"]
    assert stored.boundary == BOX
    assert stored.history.get().history_user == admin

    services.territory_update(
        actor=admin, territory=stored, name="西湖", boundary=None, region_codes=["330102"]
    )
    stored.refresh_from_db()
    assert (stored.name, stored.boundary, stored.region_codes) == ("西湖", None, ["330102"])

    services.territory_delete(actor=admin, territory=stored)
    assert not Territory.objects.filter(pk=stored.pk).exists()
    entry = latest(Territory.all_objects.get(pk=stored.pk))
    assert entry.deleted_at is not None
    assert entry.history_user == admin
    assert stored.history.count() == 3


def test_territory_with_an_invalid_boundary_is_not_written(org: dict[str, Any]) -> None:
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    with pytest.raises(ValidationFailed) as caught:
        services.territory_create(actor=org["admin"], name="坏片区", boundary=bowtie)
    assert caught.value.field == "boundary"
    assert not Territory.all_objects.exists()

    territory = TerritoryFactory()
    with pytest.raises(ValidationFailed):
        services.territory_update(actor=org["admin"], territory=territory, boundary={"type": "Point"})
    assert Territory.objects.get(pk=territory.pk).boundary == TerritoryFactory.boundary.function()


# Users -------------------------------------------------------------------------------------------


def test_user_create(org: dict[str, Any]) -> None:
    territory = TerritoryFactory()
    user = services.user_create(
        actor=org["admin"],
        username="newspec",
        password=PASSWORD,
        full_name="新专员",
        department_id=org["ka1"].pk,
        posts=["specialist", "specialist"],
        supervisor_id=org["manager1"].pk,
        territory_id=territory.pk,
        phone=" 13800000000 ",
        email="newspec@example.com",
    )
    stored = User.objects.get(username="newspec")
    assert stored.pk == user.pk
    assert stored.check_password(PASSWORD)
    assert stored.password != PASSWORD
    assert (stored.department, stored.supervisor, stored.territory) == (
        org["ka1"],
        org["manager1"],
        territory,
    )
    assert stored.phone == "13800000000"
    assert sorted(stored.post_codes()) == ["specialist"]
    assert {h.history_user for h in stored.history.all()} == {org["admin"]}
    assert stored.history.filter(history_type="+").count() == 1


def test_user_create_with_an_unknown_post_writes_nothing(org: dict[str, Any]) -> None:
    users_before = User.objects.count()

    with pytest.raises(ValidationFailed) as caught:
        services.user_create(
            actor=org["admin"], username="ghost", password=PASSWORD, posts=["specialist", "ceo"]
        )

    assert caught.value.message == rules.UNKNOWN_POSTS.format(codes="ceo")
    assert caught.value.field == "posts"
    assert User.objects.count() == users_before
    assert not User.history.filter(username="ghost").exists()


def test_supervisor_in_another_region_is_refused(org: dict[str, Any]) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.user_create(
            actor=org["admin"],
            username="crossover",
            password=PASSWORD,
            department_id=org["ka1"].pk,
            supervisor_id=org["manager3"].pk,
        )
    assert (caught.value.message, caught.value.field) == (rules.SUPERVISOR_OTHER_REGION, "supervisor_id")
    assert not User.objects.filter(username="crossover").exists()


def test_moving_a_user_away_from_the_supervisors_region_is_refused(org: dict[str, Any]) -> None:
    spec1 = org["spec1"]
    with pytest.raises(ValidationFailed) as caught:
        services.user_update(actor=org["admin"], user=spec1, department_id=org["ka3"].pk)
    assert caught.value.message == rules.SUPERVISOR_OTHER_REGION
    assert User.objects.get(pk=spec1.pk).department == org["ka1"]


def test_supervisor_in_the_same_region_is_accepted(org: dict[str, Any]) -> None:
    spec3 = org["spec3"]
    services.user_update(actor=org["admin"], user=spec3, supervisor_id=org["manager1"].pk)
    assert User.objects.get(pk=spec3.pk).supervisor == org["manager1"]


def test_a_user_cannot_supervise_themselves(org: dict[str, Any]) -> None:
    spec1 = org["spec1"]
    with pytest.raises(ValidationFailed) as caught:
        services.user_update(actor=org["admin"], user=spec1, supervisor_id=spec1.pk)
    assert (caught.value.message, caught.value.field) == (rules.SUPERVISOR_SELF, "supervisor_id")
    assert User.objects.get(pk=spec1.pk).supervisor == org["manager1"]


@pytest.mark.parametrize(
    ("kwargs", "exception", "field"),
    [
        ({"username": "  ", "password": PASSWORD}, ValidationFailed, "username"),
        ({"username": "SPEC1", "password": PASSWORD}, Conflict, "username"),
        ({"username": "weak", "password": "12345678"}, ValidationFailed, "password"),
        ({"username": "short", "password": "Ab1!"}, ValidationFailed, "password"),
        (
            {"username": "x1", "password": PASSWORD, "department_id": 999_999},
            ValidationFailed,
            "department_id",
        ),
        ({"username": "x2", "password": PASSWORD, "territory_id": 999_999}, ValidationFailed, "territory_id"),
        (
            {"username": "x3", "password": PASSWORD, "supervisor_id": 999_999},
            ValidationFailed,
            "supervisor_id",
        ),
    ],
)
def test_user_create_refusals(
    org: dict[str, Any], kwargs: dict[str, Any], exception: type[Exception], field: str
) -> None:
    before = User.objects.count()
    with pytest.raises(exception) as caught:
        services.user_create(actor=org["admin"], **kwargs)
    assert caught.value.field == field  # type: ignore[attr-defined]
    assert User.objects.count() == before


def test_user_history_records_who_changed_what(org: dict[str, Any]) -> None:
    spec1, admin = org["spec1"], org["admin"]

    services.user_update(
        actor=admin, user=spec1, full_name="张伟", phone="13900000000", posts=["specialist", "ka_manager"]
    )

    stored = User.objects.get(pk=spec1.pk)
    assert stored.full_name == "张伟"
    assert stored.post_codes() == {"specialist", "ka_manager"}
    ours = stored.history.filter(history_user=admin).order_by("history_id")
    assert ours.exists()
    last = ours.last()
    assert last.full_name == "张伟"
    assert sorted(p.post_id for p in last.posts.all()) == ["ka_manager", "specialist"]
    first = ours.first()
    changed = {c.field for c in first.diff_against(first.prev_record).changes}
    assert {"full_name", "phone"} <= changed


def test_user_update_password_and_activity(org: dict[str, Any]) -> None:
    spec1 = org["spec1"]
    services.user_update(actor=org["admin"], user=spec1, password="N3w-secret-pass", is_active=False)
    stored = User.objects.get(pk=spec1.pk)
    assert stored.check_password("N3w-secret-pass")
    assert not stored.is_active
    assert "password" not in {f.name for f in User.history.model._meta.fields}


def test_user_deactivate_revokes_tokens(org: dict[str, Any]) -> None:
    spec1 = org["spec1"]
    token = services.token_issue(user=spec1)
    with time_machine.travel(datetime(2026, 3, 2, tzinfo=UTC), tick=False):
        services.user_deactivate(actor=org["admin"], user=spec1)
    stored = User.objects.get(pk=spec1.pk)
    assert not stored.is_active
    assert ApiToken.objects.get(user=spec1).revoked_at == datetime(2026, 3, 2, tzinfo=UTC)
    assert services.token_user(token) is None
    entry = latest(stored)
    assert (entry.is_active, entry.history_change_reason, entry.history_user) == (
        False,
        "deactivated",
        org["admin"],
    )


# Tokens ------------------------------------------------------------------------------------------


def test_tokens_are_stored_hashed(org: dict[str, Any]) -> None:
    token = services.token_issue(user=org["spec1"], name="crm")
    stored = ApiToken.objects.get(user=org["spec1"])
    assert token not in (stored.key_hash, stored.prefix)
    assert stored.prefix == token[:8]
    assert len(stored.key_hash) == 64
    assert services.token_user(token) == org["spec1"]


def test_token_user_refuses_unknown_revoked_and_expired_tokens(org: dict[str, Any]) -> None:
    assert services.token_user("") is None
    assert services.token_user("x" * 500) is None
    assert services.token_user("not-a-token") is None
    token = services.token_issue(user=org["spec1"])
    ApiToken.objects.update(expires_at=datetime(2026, 1, 1, tzinfo=UTC))
    with clock.frozen_at(datetime(2026, 1, 1, tzinfo=UTC)):
        assert services.token_user(token) is None
    with clock.frozen_at(datetime(2025, 12, 31, tzinfo=UTC)):
        assert services.token_user(token) == org["spec1"]
    ApiToken.objects.update(revoked_at=datetime(2025, 12, 1, tzinfo=UTC))
    with clock.frozen_at(datetime(2025, 12, 31, tzinfo=UTC)):
        assert services.token_user(token) is None


def test_token_use_is_noted(org: dict[str, Any]) -> None:
    token = services.token_issue(user=org["spec1"])
    moment = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    with clock.frozen_at(moment):
        services.token_user(token)
    assert ApiToken.objects.get().last_used_at == moment
