"""The playbook API: content, the listening test, scripts, the coach, the library, kits, training."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kam.playbook import rules, services, uploads
from kam.playbook.models import Collateral, ListeningResult, Topic, VisitKit
from kam.visits.models import Appointment
from tests.factories_accounts import AccountFactory
from tests.playbook.conftest import stored_files
from tests.playbook.world import ETIQUETTE_VERSION, PDF

pytestmark = pytest.mark.django_db
BASE = "/api/v1/playbook"


def test_topics_are_searchable_in_both_languages(org: dict[str, Any], api_client: Any) -> None:
    client = api_client(org["spec1"])
    by_chinese = client.get(f"{BASE}/topics/", {"q": "稍候"}).json()
    by_english = client.get(f"{BASE}/topics/", {"q": "HANG UP"}).json()
    assert "phone-etiquette" in [t["slug"] for t in by_chinese["items"]]
    assert "phone-etiquette" in [t["slug"] for t in by_english["items"]]
    assert client.get(f"{BASE}/topics/", {"q": "完全不存在的词"}).json()["count"] == 0
    listening = client.get(f"{BASE}/topics/", {"chapter": "listening"}).json()
    assert [t["slug"] for t in listening["items"]] == [
        "listening-levels",
        "listening-techniques",
        "listening-test",
    ]


def test_a_topic_and_its_versions(org: dict[str, Any], api_client: Any) -> None:
    manager, reader = api_client(org["manager1"]), api_client(org["spec1"])
    created = manager.post(f"{BASE}/topics/phone-etiquette/versions", ETIQUETTE_VERSION)
    assert created.status_code == 201 and created.json()["number"] == 2
    topic = reader.get(f"{BASE}/topics/phone-etiquette").json()
    assert topic["current"]["number"] == 2 and topic["current"]["title_en"] == "Telephone etiquette"
    versions = reader.get(f"{BASE}/topics/phone-etiquette/versions").json()
    assert [v["number"] for v in versions["items"]] == [2, 1]
    first = reader.get(f"{BASE}/topics/phone-etiquette/versions/1").json()
    assert first["items"][1]["title"]["zh"] == "接听电话应先说:“您好,公司大客户服务部。”"
    assert reader.get(f"{BASE}/topics/no-such-topic").status_code == 404


def test_a_specialist_cannot_write_a_version(org: dict[str, Any], api_client: Any) -> None:
    response = api_client(org["spec1"]).post(f"{BASE}/topics/phone-etiquette/versions", ETIQUETTE_VERSION)
    assert response.status_code == 403
    assert Topic.objects.get(slug="phone-etiquette").versions.count() == 1


def test_a_version_with_a_bad_item_names_it(org: dict[str, Any], api_client: Any) -> None:
    body = {
        **ETIQUETTE_VERSION,
        "items": [*ETIQUETTE_VERSION["items"][:8], {"key": "no_mimicking", "title": {"zh": "只有中文"}}],
    }
    response = api_client(org["manager1"]).post(f"{BASE}/topics/phone-etiquette/versions", body)
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Item 9: a title is needed in Chinese and in English.",
        "field": "items.9",
    }


def test_the_listening_test_end_to_end(org: dict[str, Any], api_client: Any) -> None:
    client = api_client(org["spec1"])
    questions = client.get(f"{BASE}/listening-test/questions").json()
    assert len(questions) == 20 and questions[5]["reversed"] is True and questions[0]["section"] == "attitude"
    assert questions[5]["text_zh"] == "你是否会目中无人或心不在焉?"
    assert len(client.get(f"{BASE}/listening-test/bands").json()) == 5
    response = client.post(f"{BASE}/listening-test/results", {"answers": [5] * 20})
    assert response.status_code == 201
    body = response.json()
    assert body["total"] == 96 and body["points"][5] == 1 and body["band_label_en"] == "An excellent listener"
    history = client.get(f"{BASE}/listening-test/results").json()
    assert history["count"] == 1 and history["items"][0]["id"] == body["id"]
    assert api_client(org["spec2"]).get(f"{BASE}/listening-test/results").json()["count"] == 0


@pytest.mark.parametrize(
    ("answers", "field", "detail"),
    [
        ([5] * 19, "answers", "The listening test has 20 questions: give one answer for each (19 given)."),
        ([5] * 6 + [None] + [5] * 13, "answers.7", "Question 7 has no answer."),
        ([5] * 11 + [6] + [5] * 8, "answers.12", "Question 12: answer with 5, 4, 3, 2 or 1."),
        ([5] * 19 + [0], "answers.20", "Question 20: answer with 5, 4, 3, 2 or 1."),
    ],
)
def test_a_bad_test_is_a_422_naming_the_question(
    org: dict[str, Any], api_client: Any, answers: list[Any], field: str, detail: str
) -> None:
    response = api_client(org["spec1"]).post(f"{BASE}/listening-test/results", {"answers": answers})
    assert response.status_code == 422
    assert response.json() == {"detail": detail, "field": field}
    assert not ListeningResult.objects.exists()


def test_answers_that_are_not_numbers_are_refused(org: dict[str, Any], api_client: Any) -> None:
    response = api_client(org["spec1"]).post(f"{BASE}/listening-test/results", {"answers": ["often"] * 20})
    assert response.status_code == 422 and response.json()["field"] == "answers"
    response = api_client(org["spec1"]).post(f"{BASE}/listening-test/results", {})
    assert response.status_code == 422 and response.json()["field"] == "answers"
    assert not ListeningResult.objects.exists()


def test_the_team_averages_are_for_managers(org: dict[str, Any], api_client: Any) -> None:
    services.listening_submit(actor=org["spec1"], answers=[5] * 20)
    services.listening_submit(actor=org["spec2"], answers=[3] * 20)
    team = api_client(org["manager1"]).get(f"{BASE}/listening-test/team").json()
    assert team["people"] == 2 and team["average_total"] == "78.00"
    assert team["questions"][0] == {
        "number": 1,
        "text_zh": "你喜欢听别人说话吗?",
        "text_en": "Do you like listening to other people talk?",
        "average": "4.00",
        "weak": False,
    }
    assert [q["number"] for q in team["questions"] if q["weak"]] == [6]
    assert {m["name"] for m in team["members"]} == {org["spec1"].display_name, org["spec2"].display_name}
    assert api_client(org["spec1"]).get(f"{BASE}/listening-test/team").status_code == 403


def test_callback_scripts_carry_the_5_and_10_second_prompts(org: dict[str, Any], api_client: Any) -> None:
    client = api_client(org["spec1"])
    assert len(client.get(f"{BASE}/call-scripts/").json()) == 4
    purchase = client.get(f"{BASE}/call-scripts/script-callback-purchase", {"lang": "en"}).json()
    point = next(s for s in purchase["steps"] if s["key"] == "point")
    assert point["seconds"] == 5 and point["prompt"] == "To the point within 5 seconds; no rambling."
    repair = client.get(f"{BASE}/call-scripts/script-callback-repair", {"lang": "zh"}).json()
    point = next(s for s in repair["steps"] if s["key"] == "point")
    assert point["seconds"] == 10 and point["prompt"] == "10 秒钟内切入正题,不啰嗦。"
    assert len(repair["phrases"]) == 12
    take = client.get(f"{BASE}/call-scripts/script-take-call", {"lang": "zh"}).json()
    assert [s["key"] for s in take["steps"]] == [
        "answer",
        "greet",
        "identify",
        "pleasantries",
        "discuss",
        "close",
    ]
    assert client.get(f"{BASE}/call-scripts/attention").status_code == 404


def test_the_question_coach(org: dict[str, Any], api_client: Any) -> None:
    client = api_client(org["spec1"])
    body = client.get(f"{BASE}/question-coach", {"situation": "complaint", "lang": "en"}).json()
    assert [t["key"] for t in body["question_types"]] == list(rules.COACH["complaint"])
    assert (
        body["question_types"][0]["title"] == "Clarifying questions" and body["question_types"][0]["examples"]
    )
    refused = client.get(f"{BASE}/question-coach", {"situation": "gossip"})
    assert refused.status_code == 422 and refused.json()["field"] == "situation"


def test_products_and_collateral(org: dict[str, Any], api_client: Any) -> None:
    manager = api_client(org["manager1"])
    product = manager.post(
        f"{BASE}/products/",
        {"name": "多联机", "product_type": "商用空调", "price_min": 98000, "price_max": 126000},
    )
    assert product.status_code == 201
    product_id = product.json()["id"]
    assert manager.patch(f"{BASE}/products/{product_id}", {"price_min": 130000}).json() == {
        "detail": "The lowest price is above the highest price.",
        "field": "price_min",
    }
    item = manager.post(
        f"{BASE}/collateral/", {"kind": "brochure", "title": "彩页", "product_ids": [product_id]}
    )
    assert (
        item.status_code == 201 and item.json()["product_ids"] == [product_id] and not item.json()["has_file"]
    )
    assert manager.post(f"{BASE}/collateral/", {"kind": "poster", "title": "x"}).json()["field"] == "kind"
    assert (
        manager.post(f"{BASE}/collateral/", {"kind": "sample", "title": "x", "product_ids": [999999]}).json()[
            "field"
        ]
        == "product_ids"
    )
    reader = api_client(org["spec1"])
    assert reader.get(f"{BASE}/collateral/", {"product_id": product_id}).json()["count"] == 1
    assert reader.get(f"{BASE}/product-types").json() == ["商用空调"]
    assert reader.post(f"{BASE}/products/", {"name": "x", "product_type": "y"}).status_code == 403
    assert manager.delete(f"{BASE}/products/{product_id}").status_code == 204
    assert reader.get(f"{BASE}/products/{product_id}").status_code == 404


def _upload(client: Any, collateral_id: int, name: str, content: bytes, **extra: Any) -> Any:
    return client.client.post(
        f"{BASE}/collateral/{collateral_id}/file",
        {"file": SimpleUploadedFile(name, content), **extra},
        headers=client.headers,
    )


def test_an_upload_and_its_download(org: dict[str, Any], api_client: Any, media_root: Path) -> None:
    manager = api_client(org["manager1"])
    item = services.collateral_create(actor=org["manager1"], kind="brochure", title="彩页")
    response = _upload(manager, item.pk, "../../彩页.pdf", PDF)
    assert response.status_code == 201
    body = response.json()
    assert body["file_name"] == "彩页.pdf" and body["content_type"] == "application/pdf"
    download = api_client(org["spec1"]).get(body["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    assert len(stored_files(media_root)) == 1


@pytest.mark.parametrize(
    ("name", "content", "extra", "field", "detail"),
    [
        (
            "virus.exe",
            b"MZ\x90\x00",
            {},
            "file",
            uploads.FILE_TYPE_NOT_ALLOWED.format(allowed=", ".join(sorted(uploads.ALLOWED_FILES))),
        ),
        ("page.pdf", b"<html><script>", {}, "file", uploads.FILE_CONTENT_MISMATCH.format(ext="pdf")),
        ("big.pdf", PDF + b"0" * 2048, {}, "file", uploads.FILE_TOO_LARGE.format(mb=0.0)),
        ("ok.pdf", PDF, {"file_name": "../../etc/passwd.pdf"}, "file_name", uploads.FILE_NAME_BAD),
    ],
)
def test_a_bad_upload_is_a_4xx_naming_the_field_and_nothing_is_written(
    org: dict[str, Any],
    api_client: Any,
    media_root: Path,
    settings: Any,
    name: str,
    content: bytes,
    extra: dict[str, str],
    field: str,
    detail: str,
) -> None:
    settings.KAM_PLAYBOOK_MAX_UPLOAD_BYTES = 1024
    item = services.collateral_create(actor=org["manager1"], kind="brochure", title="彩页")
    response = _upload(api_client(org["manager1"]), item.pk, name, content, **extra)
    assert response.status_code == 422
    assert response.json() == {"detail": detail, "field": field}
    assert not Collateral.objects.get(pk=item.pk).file and not stored_files(media_root)


def test_an_upload_without_a_file_or_by_a_specialist_is_refused(
    org: dict[str, Any], api_client: Any, media_root: Path
) -> None:
    item = services.collateral_create(actor=org["manager1"], kind="brochure", title="彩页")
    assert api_client(org["manager1"]).post(f"{BASE}/collateral/{item.pk}/file").json() == {
        "detail": "Choose a file to upload.",
        "field": "file",
    }
    assert _upload(api_client(org["spec1"]), item.pk, "a.pdf", PDF).status_code == 403
    assert not stored_files(media_root)


def test_a_pre_visit_kit_through_the_api(org: dict[str, Any], api_client: Any) -> None:
    product = services.product_create(actor=org["manager1"], name="空调", product_type="商用空调")
    services.collateral_create(actor=org["manager1"], kind="sample", title="样机", product_ids=[product.pk])
    account = AccountFactory(owner=org["spec1"])
    appointment = Appointment.objects.create(
        user=org["spec1"],
        department=org["ka1"],
        account=account,
        starts_at=datetime(2026, 3, 3, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
        ends_at=datetime(2026, 3, 3, 11, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    client = api_client(org["spec1"])
    other = api_client(org["spec2"]).post(
        f"{BASE}/kits/", {"product_types": ["商用空调"], "appointment_id": appointment.pk}
    )
    assert (other.status_code, other.json()["field"]) == (422, "appointment_id")
    response = client.post(f"{BASE}/kits/", {"product_types": ["商用空调"], "appointment_id": appointment.pk})
    assert response.status_code == 201
    kit = response.json()
    assert (kit["account_id"], kit["appointment_id"], kit["visit_on"]) == (
        account.pk,
        appointment.pk,
        "2026-03-03",
    )
    assert [i["kind"] for i in kit["items"]] == ["business_card", "sample"] and kit["ready"] is False
    sample = kit["items"][1]
    assert sample["check_catalogue"] is True
    for line in kit["items"]:
        client.patch(f"{BASE}/kits/{kit['id']}/items/{line['id']}", {"packed": True})
    assert client.get(f"{BASE}/kits/{kit['id']}").json()["ready"] is False  # the sample is not checked yet
    updated = client.patch(
        f"{BASE}/kits/{kit['id']}/items/{sample['id']}", {"matches_catalogue": True}
    ).json()
    assert updated["matches_catalogue"] is True and updated["packed"] is True
    assert client.get(f"{BASE}/kits/{kit['id']}").json()["ready"] is True
    assert client.get(f"{BASE}/kits/", {"account_id": account.pk}).json()["count"] == 1
    assert api_client(org["spec2"]).get(f"{BASE}/kits/{kit['id']}").status_code == 404
    assert client.post(f"{BASE}/kits/", {"product_types": []}).json()["field"] == "product_types"
    assert VisitKit.objects.count() == 1


def test_a_franklin_sheet_through_the_api(org: dict[str, Any], api_client: Any) -> None:
    client = api_client(org["spec1"])
    body = {
        "title": "改造方案",
        "gains": [{"text": "省电", "weight": 5}, {"text": "保修"}],
        "losses": [{"text": "停机", "weight": 4}],
    }
    sheet = client.post(f"{BASE}/franklin-sheets/", body).json()
    assert sheet["totals"] == {"gains": 2, "losses": 1, "gain_weight": 6, "loss_weight": 4, "balance": 10}
    refused = client.patch(f"{BASE}/franklin-sheets/{sheet['id']}", {"gains": [{"text": "", "weight": 2}]})
    assert refused.status_code == 422 and refused.json()["field"] == "gains.1"
    assert (
        client.patch(f"{BASE}/franklin-sheets/{sheet['id']}", {"customer": "恒达"}).json()["customer"]
        == "恒达"
    )
    assert api_client(org["manager1"]).get(f"{BASE}/franklin-sheets/{sheet['id']}").status_code == 200
    assert api_client(org["manager2"]).get(f"{BASE}/franklin-sheets/{sheet['id']}").status_code == 404


def test_training_through_the_api(org: dict[str, Any], api_client: Any) -> None:
    manager = api_client(org["manager1"])
    course = manager.post(
        f"{BASE}/courses/", {"title": "电话礼仪", "topic_slugs": ["phone-etiquette"]}
    ).json()
    assert course["topic_slugs"] == ["phone-etiquette"]
    session = manager.post(f"{BASE}/courses/{course['id']}/sessions", {"starts_at": "2026-03-02T09:00"})
    assert session.status_code == 201 and session.json()["starts_at"] == "2026-03-02T09:00:00+08:00"
    session_id = session.json()["id"]
    url = f"{BASE}/sessions/{session_id}/attendance/{org['spec1'].pk}"
    recorded = manager.put(url, {"status": "present", "score": 92.5})
    assert recorded.status_code == 200 and recorded.json()["score"] == "92.5"
    assert manager.put(url, {"status": "present", "score": 101}).json()["field"] == "score"
    assert (
        manager.put(
            f"{BASE}/sessions/{session_id}/attendance/{org['spec3'].pk}", {"status": "present"}
        ).json()["field"]
        == "user_id"
    )
    assert api_client(org["spec1"]).put(url, {"status": "present"}).status_code == 403
    own = api_client(org["spec2"]).get(f"{BASE}/sessions/{session_id}/attendance").json()
    assert own == []
    services.listening_submit(actor=org["spec1"], answers=[5] * 20)
    record = api_client(org["spec1"]).get(f"{BASE}/training-records/{org['spec1'].pk}").json()
    assert {(e["kind"], e["score"]) for e in record} == {("course", "92.5"), ("listening_test", "96")}
    assert api_client(org["spec2"]).get(f"{BASE}/training-records/{org['spec1'].pk}").status_code == 404
