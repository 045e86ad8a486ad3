"""The pre-visit kit for a real appointment or account, and the training export by person (E1, A2f)."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from openpyxl import load_workbook

from kam.core import clock
from kam.core.errors import ValidationFailed
from kam.playbook import services
from kam.playbook.models import VisitKit
from kam.playbook.services import kits as kit_services
from kam.relations.models import DemandLine
from kam.visits.models import Appointment
from tests.factories_accounts import AccountFactory, ContactFactory

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def client_for(user: Any, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


@pytest.fixture
def visit(org: dict[str, Any]) -> dict[str, Any]:
    """spec1's account demanding air conditioners and lighting, a booked visit, and the library."""
    manager, spec1 = org["manager1"], org["spec1"]
    account = AccountFactory(owner=spec1, name="杭州恒达置业有限公司")
    for product_type in ("商用空调", "智能照明", "商用空调"):
        DemandLine.objects.create(
            account=account, product_type=product_type, quantity=Decimal(10), region="杭州", author=spec1
        )
    contact = ContactFactory(account=account)
    appointment = Appointment.objects.create(
        user=spec1,
        department=spec1.department,
        account=account,
        contact=contact,
        starts_at=datetime(2026, 12, 2, 10, tzinfo=SH),
        ends_at=datetime(2026, 12, 2, 11, tzinfo=SH),
        purpose="介绍新款空调",
        place="恒达大厦 12 楼",
    )
    aircon = services.product_create(
        actor=manager,
        name="多联机空调",
        product_type="商用空调",
        specification="制冷量 28 kW",
        price_min=Decimal(20000),
        price_max=Decimal(35000),
    )
    services.product_create(actor=manager, name="净化器", product_type="空气净化设备")
    services.collateral_create(actor=manager, kind="sample", title="空调样机", product_ids=[aircon.pk])
    services.collateral_create(actor=manager, kind="brochure", title="照明彩页", product_type="智能照明")
    return {"account": account, "appointment": appointment, "contact": contact}


def test_a_kit_for_an_appointment_takes_its_account_date_and_demand(
    org: dict[str, Any], visit: dict[str, Any]
) -> None:
    kit = services.kit_prepare(actor=org["spec1"], appointment_id=visit["appointment"].pk)
    assert kit.product_types == ["商用空调", "智能照明"]
    assert (kit.account_id, kit.appointment_id) == (visit["account"].pk, visit["appointment"].pk)
    assert kit.visit_on == datetime(2026, 12, 2).date()
    lines = [(i.kind, i.title, i.check_catalogue, i.missing) for i in kit.items.order_by("order")]
    assert lines == [
        ("business_card", "", False, False),
        ("sample", "空调样机", True, False),
        ("sample", "", False, True),  # no lighting sample in the library
        ("brochure", "照明彩页", False, False),
    ]


def test_given_product_types_win_over_the_demand(org: dict[str, Any], visit: dict[str, Any]) -> None:
    kit = services.kit_prepare(
        actor=org["spec1"], account_id=visit["account"].pk, product_types=["空气净化设备"]
    )
    assert kit.product_types == ["空气净化设备"] and kit.appointment_id is None


@pytest.mark.parametrize(
    ("who", "kwargs", "field", "message"),
    [
        ("spec2", {"appointment": True}, "appointment_id", kit_services.NO_SUCH_APPOINTMENT),
        ("spec2", {"account": True}, "account_id", kit_services.NO_SUCH_ACCOUNT),
        (
            "spec1",
            {"appointment": True, "other_account": True},
            "account_id",
            kit_services.ACCOUNT_NOT_OF_APPOINTMENT,
        ),
        ("spec1", {"bare_account": True}, "product_types", kit_services.NO_DEMAND),
    ],
)
def test_a_kit_for_someone_elses_or_an_undemanding_visit_is_refused(
    org: dict[str, Any], visit: dict[str, Any], who: str, kwargs: dict[str, bool], field: str, message: str
) -> None:
    values: dict[str, Any] = {}
    if kwargs.get("appointment"):
        values["appointment_id"] = visit["appointment"].pk
    if kwargs.get("account"):
        values["account_id"] = visit["account"].pk
    if kwargs.get("other_account"):
        values["account_id"] = AccountFactory(owner=org["spec1"]).pk
    if kwargs.get("bare_account"):
        values["account_id"] = AccountFactory(owner=org["spec1"]).pk
    with pytest.raises(ValidationFailed) as refused:
        services.kit_prepare(actor=org[who], **values)
    assert (refused.value.field, refused.value.message) == (field, message)
    assert not VisitKit.objects.exists()


def test_the_kit_page_shows_the_visit_products_questions_and_scripts(
    org: dict[str, Any], visit: dict[str, Any]
) -> None:
    client = client_for(org["spec1"])
    with clock.frozen_at(datetime(2026, 11, 30, 9, tzinfo=SH)):
        page = client.get(f"/playbook/kits/?appointment={visit['appointment'].pk}").content.decode()
        assert "恒达大厦" not in page and 'value="商用空调"' in page
        response = client.post(
            f"/playbook/kits/?appointment={visit['appointment'].pk}",
            {"appointment_id": str(visit["appointment"].pk)},
        )
    assert response.status_code == 302
    kit = VisitKit.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "杭州恒达置业有限公司" in page and "恒达大厦 12 楼" in page and "介绍新款空调" in page
    assert "多联机空调" in page and "制冷量 28 kW" in page and "20000" in page
    assert "净化器" not in page  # not a demanded type
    assert 'id="kit-questions"' in page and "Closing" in page
    assert "/playbook/scripts/script-make-call/" in page
    assert kit.appointment_id == visit["appointment"].pk
    zh = client_for(org["spec1"], "zh-hans").get(response["Location"]).content.decode()
    assert "要问的问题" in zh


def test_the_account_page_lists_its_kits(org: dict[str, Any], visit: dict[str, Any]) -> None:
    services.kit_prepare(actor=org["spec1"], account_id=visit["account"].pk)
    page = client_for(org["spec1"]).get(f"/accounts/{visit['account'].pk}/").content.decode()
    assert 'id="account-kits"' in page and f"/playbook/kits/?account={visit['account'].pk}" in page
    assert "商用空调、智能照明" in page


def _results(org: dict[str, Any]) -> None:
    course = services.course_create(actor=org["manager1"], title="电话礼仪")
    session = services.session_create(
        actor=org["manager1"], course=course, starts_at=datetime(2026, 11, 2, 9, tzinfo=SH), place="会议室"
    )
    services.attendance_record(
        actor=org["manager1"], session=session, trainee=org["spec1"], status="present", score=Decimal(88)
    )
    services.attendance_record(actor=org["manager1"], session=session, trainee=org["spec2"], status="absent")
    with clock.frozen_at(datetime(2026, 11, 20, 9, tzinfo=SH)):
        services.listening_submit(actor=org["spec1"], answers=[5] * 20)
    with clock.frozen_at(datetime(2026, 11, 20, 9, tzinfo=SH) + timedelta(days=1)):
        services.listening_submit(actor=org["spec3"], answers=[3] * 20)


def test_the_training_export_lists_records_and_tests_by_person(org: dict[str, Any]) -> None:
    _results(org)
    response = client_for(org["manager1"]).get("/playbook/training/export.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["培训记录", "聆听测试"]
    training = [[c.value for c in row] for row in book["培训记录"].iter_rows()]
    assert training[0][:9] == ["部门", "姓名", "工号", "课程", "培训时间", "地点", "讲师", "出勤", "成绩"]
    people = {(r[2], r[7], r[8]) for r in training[1:]}
    assert people == {("spec1", "出勤", 88), ("spec2", "缺勤", None)}
    listening = [[c.value for c in row] for row in book["聆听测试"].iter_rows()]
    assert listening[0][:6] == ["部门", "姓名", "工号", "测试时间", "总分", "等级"]
    # spec3 is in another department: not the manager's to see. All 5s: 96, question 6 counts 1.
    assert [(r[2], r[4], r[11]) for r in listening[1:]] == [("spec1", 96, 1)]


def test_a_specialist_exports_only_their_own_record(org: dict[str, Any]) -> None:
    _results(org)
    client = client_for(org["spec1"])
    response = client.get("/playbook/training/export.xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert {r[2].value for r in book["培训记录"].iter_rows(min_row=2)} == {"spec1"}
    assert client.get(f"/playbook/training/export.xlsx?person={org['spec2'].pk}").status_code == 404
    assert client.get(f"/playbook/training/export.xlsx?person={org['spec1'].pk}").status_code == 200


def test_the_demo_prepares_a_kit_for_the_next_appointment(org: dict[str, Any], visit: dict[str, Any]) -> None:
    from kam.playbook import demo

    with clock.frozen_at(datetime(2026, 11, 30, 9, tzinfo=SH)):
        demo._seed_appointment_kit(org["spec1"])
    kit = VisitKit.objects.get()
    assert (kit.appointment_id, kit.account_id) == (visit["appointment"].pk, visit["account"].pk)
    assert kit.product_types == ["商用空调", "智能照明"]
