"""Pages of the playbook, in Chinese and English, for the posts that use them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kam.playbook import services
from kam.playbook.models import Collateral, ListeningResult, Topic
from tests.factories import UserFactory
from tests.playbook.conftest import stored_files
from tests.playbook.world import PAGE_PARAMS, PDF, playbook_params

pytestmark = pytest.mark.django_db


def browser(user: Any, language: str = "zh-hans") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def world(org: dict[str, Any]) -> dict[str, Any]:
    return playbook_params(manager=org["manager1"], specialist=org["spec1"], trainee=org["spec1"])


def url(name: str, params: dict[str, Any]) -> str:
    return reverse(name, kwargs={key: params[key] for key in PAGE_PARAMS.get(name, ())})


MANAGER_PAGES = [
    "playbook_home",
    "playbook_topic",
    "playbook_topic_versions",
    "playbook_topic_edit",
    "playbook_test",
    "playbook_test_history",
    "playbook_test_team",
    "playbook_scripts",
    "playbook_script",
    "playbook_coach",
    "playbook_products",
    "playbook_product",
    "playbook_product_create",
    "playbook_collateral_create",
    "playbook_kits",
    "playbook_kit",
    "playbook_franklin_list",
    "playbook_franklin",
    "playbook_training",
    "playbook_course",
]
# (page, text that must appear in Chinese, in English)
LOCALISED = [
    ("playbook_topic", "电话礼仪", "Telephone etiquette"),
    ("playbook_script", "5 秒钟内切入正题", "To the point within 5 seconds"),
    ("playbook_test", "你是否会目中无人或心不在焉?", "Do you ignore the speaker or let your mind wander?"),
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_page_renders_for_a_ka_manager(
    org: dict[str, Any], world: dict[str, Any], language: str
) -> None:
    client = browser(org["manager1"], language)
    for name in MANAGER_PAGES:
        response = client.get(url(name, world))
        assert response.status_code == 200, name
        assert f'lang="{language}"' in response.content.decode(), name


@pytest.mark.parametrize(("language", "index"), [("zh-hans", 1), ("en", 2)])
def test_the_content_is_shown_in_the_readers_language(
    org: dict[str, Any], world: dict[str, Any], language: str, index: int
) -> None:
    world["code"] = "script-callback-purchase"
    client = browser(org["spec1"], language)
    for row in LOCALISED:
        assert row[index] in client.get(url(row[0], world)).content.decode(), row[0]


def test_the_menu_reaches_the_playbook(org: dict[str, Any]) -> None:
    page = browser(org["spec1"], "en").get(reverse("home")).content.decode()
    assert reverse("playbook_home") in page and reverse("playbook_test") in page


def test_a_call_centre_agent_reads_but_does_not_edit(org: dict[str, Any], world: dict[str, Any]) -> None:
    agent = UserFactory(department=org["ka1"], posts=["call_centre"])
    client = browser(agent)
    for name in (
        "playbook_home",
        "playbook_script",
        "playbook_coach",
        "playbook_test",
        "playbook_products",
        "playbook_training",
    ):
        assert client.get(url(name, world)).status_code == 200, name
    for name in ("playbook_topic_edit", "playbook_kits", "playbook_test_team", "playbook_collateral_create"):
        assert client.get(url(name, world)).status_code == 403, name
    assert (
        reverse("playbook_topic_edit", args=["phone-etiquette"])
        not in client.get(url("playbook_topic", world)).content.decode()
    )


def test_the_search_answers_htmx_with_the_results_only(org: dict[str, Any]) -> None:
    client = browser(org["spec1"], "en")
    response = client.get(reverse("playbook_home"), {"q": "three rings"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body and reverse("playbook_topic", args=["phone-etiquette"]) in body
    assert "Nothing found." in client.get(reverse("playbook_home"), {"q": "zzzzqqq"}).content.decode()


def test_taking_the_test_on_the_page(org: dict[str, Any]) -> None:
    client = browser(org["spec1"], "en")
    answers = {f"q{n}": "5" for n in range(1, 21)}
    response = client.post(reverse("playbook_test"), answers)
    result = ListeningResult.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"?result={result.pk}")
    history = client.get(response["Location"]).content.decode()
    assert "96" in history and "An excellent listener" in history


def test_a_missing_answer_on_the_page_is_shown_and_nothing_kept(org: dict[str, Any]) -> None:
    answers = {f"q{n}": "4" for n in range(1, 21) if n != 13}
    response = browser(org["spec1"], "en").post(reverse("playbook_test"), answers)
    assert response.status_code == 422
    assert "Question 13 has no answer." in response.content.decode()
    assert 'id="q12-4" value="4" autocomplete="off" checked' in response.content.decode().replace("\n", "")
    assert not ListeningResult.objects.exists()


def test_refusals_on_a_chinese_page_are_in_chinese(org: dict[str, Any], media_root: Path) -> None:
    answers = {f"q{n}": "4" for n in range(1, 21) if n != 13}
    test = browser(org["spec1"], "zh-hans").post(reverse("playbook_test"), answers).content.decode()
    assert "第 13 题未作答。" in test and "Question 13" not in test
    upload = {"kind": "brochure", "title": "彩页", "file": SimpleUploadedFile("x.pdf", b"<html>")}
    refused = browser(org["manager1"], "zh-hans").post(reverse("playbook_collateral_create"), upload)
    assert "文件内容不是 .pdf 文件。" in refused.content.decode()


def test_editing_a_topic_on_the_page_adds_a_version(org: dict[str, Any]) -> None:
    client = browser(org["manager1"], "en")
    form = client.get(reverse("playbook_topic_edit", args=["attention"])).context["form"]
    data = {**form.initial, "title_en": "Winning attention", "note": "shorter title"}
    response = client.post(reverse("playbook_topic_edit", args=["attention"]), data)
    assert response.status_code == 302
    topic = Topic.objects.get(slug="attention")
    assert topic.current.number == 2 and topic.current.title_en == "Winning attention"
    assert "Winning attention" in client.get(reverse("playbook_topic", args=["attention"])).content.decode()
    bad = client.post(reverse("playbook_topic_edit", args=["attention"]), {**data, "items": "[{]"})
    assert bad.status_code == 200 and "Not valid JSON" in bad.content.decode()
    assert topic.versions.count() == 2


def test_uploading_collateral_on_the_page(org: dict[str, Any], media_root: Path) -> None:
    client = browser(org["manager1"], "en")
    page = reverse("playbook_collateral_create")
    refused = client.post(
        page, {"kind": "brochure", "title": "彩页", "file": SimpleUploadedFile("x.pdf", b"<html>")}
    )
    assert (
        refused.status_code == 200
        and "The file&#x27;s content is not a .pdf file." in refused.content.decode()
    )
    assert not Collateral.objects.exists() and not stored_files(media_root)
    done = client.post(
        page, {"kind": "brochure", "title": "彩页", "file": SimpleUploadedFile("彩页.pdf", PDF)}
    )
    assert done.status_code == 302
    item = Collateral.objects.get()
    download = client.get(reverse("playbook_collateral_file", args=[item.pk]))
    assert b"".join(download.streaming_content) == PDF


def test_preparing_and_ticking_a_kit_on_the_page(org: dict[str, Any]) -> None:
    product = services.product_create(actor=org["manager1"], name="空调", product_type="商用空调")
    services.collateral_create(
        actor=org["manager1"], kind="sample", title="空调样机", product_ids=[product.pk]
    )
    client = browser(org["spec1"], "en")
    response = client.post(
        reverse("playbook_kits"), {"product_types": ["商用空调"], "other_types": "智能照明"}
    )
    assert response.status_code == 302
    kit_page = client.get(response["Location"]).content.decode()
    assert (
        "空调样机" in kit_page
        and "No sample of 智能照明 in the library" in kit_page
        and "data-print" in kit_page
    )
    from kam.playbook.models import VisitKit

    kit = VisitKit.objects.get()
    sample = kit.items.get(title="空调样机")
    client.post(
        response["Location"],
        {f"item-{sample.pk}-seen": "1", f"item-{sample.pk}-packed": "on", f"item-{sample.pk}-matches": "no"},
    )
    sample.refresh_from_db()
    assert sample.packed is True and sample.matches_catalogue is False


def test_a_franklin_sheet_on_the_page(org: dict[str, Any]) -> None:
    client = browser(org["spec1"], "zh-hans")
    response = client.post(
        reverse("playbook_franklin_list"), {"title": "方案", "gains": "省电 | 5\n保修", "losses": "停机 | 4"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "省电" in page and "停机" in page
    bad = client.post(reverse("playbook_franklin_list"), {"title": "方案", "gains": "省电 | 很多"})
    assert bad.status_code == 200 and "“|”" in bad.content.decode()


def test_recording_training_on_the_page(org: dict[str, Any], world: dict[str, Any]) -> None:
    client = browser(org["manager1"], "en")
    page = reverse("playbook_course", args=[world["course_id"]])
    response = client.post(
        page,
        {
            "session_id": world["session_id"],
            "attendance-user_id": org["spec2"].pk,
            "attendance-status": "present",
            "attendance-score": "85",
        },
    )
    assert response.status_code == 302
    assert org["spec2"].display_name in client.get(page).content.decode()
    assert browser(org["spec1"]).post(page, {"session-starts_at": "2026-03-01T09:00"}).status_code == 403
