"""Writes of the playbook: versions, the listening test, uploads, kits, Franklin sheets, training."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from kam.core import clock
from kam.core.errors import Forbidden, ValidationFailed
from kam.playbook import rules, selectors, services, uploads
from kam.playbook.models import Attendance, Collateral, ListeningResult, Topic, TopicVersion, VisitKit
from kam.playbook.services import library
from tests.factories import UserFactory
from tests.factories_accounts import AccountFactory
from tests.playbook.conftest import stored_files
from tests.playbook.world import ETIQUETTE_VERSION, PDF

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2] / "src" / "kam" / "playbook" / "data"


# Seeded content ------------------------------------------------------------------------------------


def test_the_rulebook_chapters_are_seeded_complete_in_both_languages() -> None:
    counts = {t.slug: len(t.current.items) for t in Topic.objects.select_related("current")}
    assert counts["attention"] == 6
    assert counts["question-types"] == 8
    assert counts["listening-levels"] == 5
    assert counts["listening-techniques"] == 7
    assert counts["listening-test"] == 20
    assert counts["phone-etiquette"] == 9
    assert counts["service-phrases"] == 12
    assert counts["phrase-usage"] == 4
    assert counts["service-postures"] == 2
    assert counts["receiving"] == 5 and counts["seeing-off"] == 6
    assert counts["product-presentation"] == 7 and counts["sales-kit"] == 8
    assert {"call-flow", "phone-selling-norms", "appearance", "conduct"} <= set(counts)
    for version in TopicVersion.objects.all():
        problem = rules.version_problem(
            title_zh=version.title_zh, title_en=version.title_en, items=version.items
        )
        assert problem is None, (version.topic.slug, problem)
        assert version.intro_zh and version.intro_en


def test_the_chinese_content_carries_none_of_the_rulebooks_typos() -> None:
    typos = ["旳", "呼喊中心", "阐明", "一般话", "筹划", "拟定", "浮现", "原则", "成果", "对旳", "诸多"]
    for path in DATA.glob("topics_*.json"):
        text = path.read_text(encoding="utf-8")
        found = [typo for typo in typos if typo in text]
        assert not found, (path.name, found)


def test_the_seeded_search_text_matches_the_rule() -> None:
    for entry in json.loads((DATA / "topics_selling.json").read_text(encoding="utf-8")):
        version = Topic.objects.get(slug=entry["slug"]).current
        assert version.search_text == rules.search_text(entry["title"], entry["intro"], entry["items"])


def test_the_etiquette_rules_of_d22_are_in_the_content() -> None:
    items = {i["key"]: i for i in Topic.objects.get(slug="phone-etiquette").current.items}
    assert "三声" in items["three_rings"]["title"]["zh"]
    assert "您好,公司大客户服务部" in items["greeting"]["title"]["zh"]
    assert "对不起,请稍候" in items["hold"]["title"]["zh"]
    assert "先挂断" in items["hang_up_last"]["title"]["zh"]


# Versions ------------------------------------------------------------------------------------------


def test_an_edit_writes_a_new_version_and_keeps_the_old(org: dict[str, Any]) -> None:
    topic = Topic.objects.get(slug="phone-etiquette")
    first = topic.current
    version = services.topic_version_create(actor=org["manager1"], topic=topic, **ETIQUETTE_VERSION)
    topic.refresh_from_db()
    assert version.number == 2 and topic.current == version
    assert version.created_by == org["manager1"]
    assert list(topic.versions.values_list("number", flat=True)) == [2, 1]
    first.refresh_from_db()
    assert first.title_zh == "电话礼仪" and len(first.items) == 9
    assert topic.history.first().history_user == org["manager1"]
    assert "rule three_rings" in version.search_text


def test_a_specialist_cannot_edit_content(org: dict[str, Any]) -> None:
    topic = Topic.objects.get(slug="phone-etiquette")
    with pytest.raises(Forbidden):
        services.topic_version_create(actor=org["spec1"], topic=topic, **ETIQUETTE_VERSION)
    assert topic.versions.count() == 1


def test_an_edit_that_drops_a_question_is_refused(org: dict[str, Any]) -> None:
    topic = Topic.objects.get(slug="listening-test")
    items = topic.current.items[:19]
    with pytest.raises(ValidationFailed) as refused:
        services.topic_version_create(
            actor=org["manager1"], topic=topic, title_zh="测试", title_en="Test", items=items
        )
    assert refused.value.field == "items"
    assert topic.versions.count() == 1


def test_an_edit_with_half_the_english_is_refused_naming_the_item(org: dict[str, Any]) -> None:
    topic = Topic.objects.get(slug="attention")
    items = [dict(i) for i in topic.current.items]
    items[2] = {**items[2], "text": {"zh": "只有中文", "en": ""}}
    with pytest.raises(ValidationFailed) as refused:
        services.topic_version_create(
            actor=org["admin"], topic=topic, title_zh="标题", title_en="Title", items=items
        )
    assert (refused.value.field, refused.value.message) == (
        "items.3",
        "Item 3: “text” needs both Chinese and English.",
    )
    with translation.override("zh-hans"):
        assert refused.value.localized() == "第 3 个条目：“text”需要同时填写中文和英文。"  # F4


# Listening test ------------------------------------------------------------------------------------


def test_a_submitted_test_is_scored_banded_and_kept(org: dict[str, Any]) -> None:
    result = services.listening_submit(actor=org["spec1"], answers=[5] * 20)
    assert result.total == 96
    assert (result.band_label_zh, result.band_label_en) == ("优秀的倾听者", "An excellent listener")
    assert ListeningResult.objects.get().answers == [5] * 20


@pytest.mark.parametrize(
    ("answers", "field"),
    [([5] * 19, "answers"), ([5] * 5 + [None] + [5] * 14, "answers.6"), ([5] * 19 + [9], "answers.20")],
)
def test_a_bad_test_is_refused_and_nothing_is_written(
    org: dict[str, Any], answers: list[Any], field: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.listening_submit(actor=org["spec1"], answers=answers)
    assert refused.value.field == field
    assert not ListeningResult.objects.exists()


def test_a_test_in_a_session_becomes_the_attendance_score(org: dict[str, Any]) -> None:
    course = services.course_create(actor=org["manager1"], title="聆听")
    session = services.session_create(actor=org["manager1"], course=course, starts_at=clock.now())
    services.attendance_record(actor=org["manager1"], session=session, trainee=org["spec1"], status="absent")
    services.listening_submit(actor=org["spec1"], answers=[4] * 20, session_id=session.pk)
    row = Attendance.objects.get()
    assert (row.status, row.score) == ("present", Decimal("78.0"))
    with pytest.raises(ValidationFailed) as refused:
        services.listening_submit(actor=org["spec2"], answers=[4] * 20, session_id=session.pk)
    assert refused.value.field == "session_id"


def test_a_test_cannot_be_dated_in_the_future(org: dict[str, Any]) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.listening_submit(
            actor=org["spec1"], answers=[3] * 20, taken_at=clock.now() + timedelta(hours=1)
        )
    assert refused.value.field == "taken_at"


def test_the_team_averages_count_each_members_latest_result(org: dict[str, Any]) -> None:
    early = clock.now() - timedelta(days=30)
    services.listening_submit(actor=org["spec1"], answers=[1] * 20, taken_at=early)
    services.listening_submit(actor=org["spec1"], answers=[5] * 20)
    services.listening_submit(actor=org["spec2"], answers=[3] * 20)
    services.listening_submit(actor=org["spec3"], answers=[1] * 20)  # another department
    team = selectors.listening_team(org["manager1"])
    assert team["people"] == 2
    assert team["average_total"] == Decimal("78.00")  # (96 + 60) / 2
    assert team["questions"][0]["average"] == Decimal("4.00")
    assert team["questions"][5]["average"] == Decimal("2.00")  # reversed: (1 + 3) / 2
    with pytest.raises(Forbidden):
        selectors.listening_team(org["spec1"])


# Uploads -------------------------------------------------------------------------------------------


def _collateral(org: dict[str, Any]) -> Collateral:
    return services.collateral_create(actor=org["manager1"], kind="brochure", title="彩页")


def test_an_upload_is_stored_under_media_root_with_a_name_of_our_own(
    org: dict[str, Any], media_root: Path
) -> None:
    item = services.collateral_attach(
        actor=org["manager1"], collateral=_collateral(org), upload=SimpleUploadedFile("空调 彩页.pdf", PDF)
    )
    stored = Path(item.file.path).resolve()
    assert stored.is_relative_to(media_root.resolve()) and stored.read_bytes() == PDF
    assert stored.name != "空调 彩页.pdf" and stored.suffix == ".pdf"
    assert (item.file_name, item.file_size, item.content_type) == (
        "空调 彩页.pdf",
        len(PDF),
        "application/pdf",
    )
    assert item.history.first().history_change_reason == "file uploaded"


@pytest.mark.parametrize(
    ("name", "content", "field", "message"),
    [
        ("dir\\evil.pdf", PDF, "file", uploads.FILE_NAME_BAD),
        (
            "evil.exe",
            b"MZ\x90\x00",
            "file",
            uploads.FILE_TYPE_NOT_ALLOWED.format(allowed=", ".join(sorted(uploads.ALLOWED_FILES))),
        ),
        ("evil.pdf", b"<script>alert(1)</script>", "file", uploads.FILE_CONTENT_MISMATCH.format(ext="pdf")),
        ("empty.pdf", b"", "file", uploads.FILE_EMPTY),
    ],
)
def test_a_bad_upload_is_refused_and_nothing_is_written(
    org: dict[str, Any], media_root: Path, name: str, content: bytes, field: str, message: str
) -> None:
    item = _collateral(org)
    with pytest.raises(ValidationFailed) as refused:
        services.collateral_attach(
            actor=org["manager1"], collateral=item, upload=SimpleUploadedFile(name, content)
        )
    assert (refused.value.field, refused.value.message) == (field, message)
    item.refresh_from_db()
    assert not item.file and not stored_files(media_root)


def test_an_upload_over_the_limit_is_refused(org: dict[str, Any], media_root: Path, settings: Any) -> None:
    settings.KAM_PLAYBOOK_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationFailed) as refused:
        services.collateral_create(
            actor=org["manager1"],
            kind="video",
            title="宣传片",
            upload=SimpleUploadedFile("a.pdf", PDF + b"0" * 1024),
        )
    assert (refused.value.field, refused.value.message) == ("file", uploads.FILE_TOO_LARGE.format(mb=0.0))
    assert not Collateral.objects.exists() and not stored_files(media_root)
    assert library.max_upload_bytes() == 1024


def test_a_path_in_the_uploaded_name_is_reduced_to_its_last_part(
    org: dict[str, Any], media_root: Path
) -> None:
    # Django keeps only the last component of an uploaded file's name; the stored name is ours anyway.
    item = services.collateral_attach(
        actor=org["manager1"], collateral=_collateral(org), upload=SimpleUploadedFile("../../evil.pdf", PDF)
    )
    assert item.file_name == "evil.pdf"
    assert Path(item.file.path).resolve().parent == (media_root / "playbook" / "collateral").resolve()


def test_a_display_name_with_path_characters_is_refused(org: dict[str, Any], media_root: Path) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.collateral_attach(
            actor=org["manager1"],
            collateral=_collateral(org),
            upload=SimpleUploadedFile("ok.pdf", PDF),
            file_name="../x.pdf",
        )
    assert refused.value.field == "file_name"
    assert not stored_files(media_root)


def test_only_editors_upload(org: dict[str, Any], media_root: Path) -> None:
    with pytest.raises(Forbidden):
        services.collateral_attach(
            actor=org["spec1"], collateral=_collateral(org), upload=SimpleUploadedFile("a.pdf", PDF)
        )
    assert not stored_files(media_root)


# Library, kits, Franklin sheets --------------------------------------------------------------------


def test_a_product_keeps_a_sane_price_range(org: dict[str, Any]) -> None:
    product = services.product_create(
        actor=org["manager1"], name="空调", product_type="商用空调", price_min=Decimal(10)
    )
    with pytest.raises(ValidationFailed) as refused:
        services.product_update(actor=org["manager1"], product=product, price_max=Decimal(5))
    assert refused.value.field == "price_min"
    with pytest.raises(ValidationFailed) as refused:
        services.product_create(actor=org["manager1"], name="x", product_type="y", price_min=Decimal(-1))
    assert refused.value.field == "price_min"


def test_a_kit_is_produced_for_product_types(org: dict[str, Any]) -> None:
    manager = org["manager1"]
    aircon = services.product_create(actor=manager, name="空调", product_type="商用空调")
    services.collateral_create(actor=manager, kind="sample", title="空调样机", product_ids=[aircon.pk])
    services.collateral_create(actor=manager, kind="catalogue", title="空调目录", product_type="商用空调")
    services.collateral_create(actor=manager, kind="brochure", title="照明彩页", product_type="智能照明")
    account = AccountFactory(owner=org["spec1"])
    kit = services.kit_prepare(
        actor=org["spec1"], product_types=["商用空调", "空气净化设备"], account_id=account.pk
    )
    lines = [(i.kind, i.title, i.check_catalogue, i.missing) for i in kit.items.order_by("order")]
    assert lines == [
        ("business_card", "", False, False),
        ("sample", "空调样机", True, False),
        ("sample", "", False, True),
        ("catalogue", "空调目录", False, False),
    ]
    assert (kit.owner, kit.department, kit.account_id) == (org["spec1"], org["ka1"], account.pk)
    sample = kit.items.get(title="空调样机")
    services.kit_item_update(
        actor=org["spec1"],
        kit=kit,
        item_id=sample.pk,
        packed=True,
        matches_catalogue=False,
        remark="颜色不同",
    )
    sample.refresh_from_db()
    assert (sample.packed, sample.matches_catalogue, sample.remark) == (True, False, "颜色不同")


def test_a_kit_needs_a_product_type_and_a_field_post(org: dict[str, Any]) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.kit_prepare(actor=org["spec1"], product_types=[" ", ""])
    assert refused.value.field == "product_types"
    finance = UserFactory(posts=["finance"])
    with pytest.raises(Forbidden):
        services.kit_prepare(actor=finance, product_types=["商用空调"])
    assert not VisitKit.objects.exists()


def test_kits_are_seen_by_their_owner_and_the_owners_manager(org: dict[str, Any]) -> None:
    kit = services.kit_prepare(actor=org["spec1"], product_types=["商用空调"])
    assert selectors.kit_get(viewer=org["manager1"], kit_id=kit.pk) == kit
    assert list(selectors.kit_list(viewer=org["spec2"])) == []
    assert list(selectors.kit_list(viewer=org["manager2"])) == []


def test_a_franklin_sheet_checks_its_lines(org: dict[str, Any]) -> None:
    sheet = services.franklin_create(
        actor=org["spec1"], title="方案", gains=[{"text": " 省电 ", "weight": 5}], losses=[{"text": "停机"}]
    )
    assert sheet.gains == [{"text": "省电", "weight": 5}] and sheet.losses == [{"text": "停机", "weight": 1}]
    with pytest.raises(ValidationFailed) as refused:
        services.franklin_update(
            actor=org["spec1"], sheet=sheet, losses=[{"text": "a"}, {"text": "b", "weight": 9}]
        )
    assert refused.value.field == "losses.2"


# Training ------------------------------------------------------------------------------------------


def test_attendance_is_recorded_for_the_team_only(org: dict[str, Any]) -> None:
    course = services.course_create(actor=org["manager1"], title="礼仪", topic_slugs=["phone-etiquette"])
    session = services.session_create(
        actor=org["manager1"],
        course=course,
        starts_at=datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    row = services.attendance_record(
        actor=org["manager1"], session=session, trainee=org["spec1"], status="present", score=Decimal(88)
    )
    assert row.score == Decimal(88)
    with pytest.raises(ValidationFailed) as refused:
        services.attendance_record(
            actor=org["manager1"], session=session, trainee=org["spec3"], status="present"
        )
    assert refused.value.field == "user_id"
    with pytest.raises(ValidationFailed) as refused:
        services.attendance_record(
            actor=org["manager1"], session=session, trainee=org["spec1"], status="absent", score=Decimal(50)
        )
    assert refused.value.field == "score"
    with pytest.raises(ValidationFailed) as refused:
        services.course_create(actor=org["manager1"], title="x", topic_slugs=["no-such-topic"])
    assert refused.value.field == "topic_slugs"


def test_the_training_record_includes_listening_tests(org: dict[str, Any]) -> None:
    course = services.course_create(actor=org["manager1"], title="礼仪")
    session = services.session_create(
        actor=org["manager1"], course=course, starts_at=clock.now() - timedelta(days=3)
    )
    services.attendance_record(
        actor=org["manager1"], session=session, trainee=org["spec1"], status="present", score=Decimal(90)
    )
    services.listening_submit(actor=org["spec1"], answers=[4] * 20)
    record = selectors.training_record(viewer=org["manager1"], person=org["spec1"])
    assert [(e["kind"], e["score"]) for e in record] == [("listening_test", 78), ("course", Decimal("90.0"))]
