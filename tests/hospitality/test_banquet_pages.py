"""Banquet pages (D2): the new-banquet form, its customer, and the guest list's words in Chinese."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kam.core import clock
from kam.hospitality.models import Banquet, BanquetGuest
from kam.hospitality.services import banquets
from kam.hospitality.services.common import UNKNOWN_ACCOUNT
from tests.factories_accounts import AccountFactory

pytestmark = pytest.mark.django_db

GUEST_ROWS = {
    "g-TOTAL_FORMS": "2",
    "g-INITIAL_FORMS": "0",
    "g-MIN_NUM_FORMS": "0",
    "g-MAX_NUM_FORMS": "1000",
    "g-0-name": "郑华",
    "g-0-side": "host",
    "g-0-role": "host",
    "g-0-rank": "1",
    "g-0-invitation": "accepted",
    "g-1-side": "guest",
    "g-1-role": "guest",
    "g-1-rank": "1",
    "g-1-invitation": "accepted",
}


def client_for(user: Any, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def banquet_fields(**changes: Any) -> dict[str, Any]:
    starts_at = clock.localtime(clock.now() + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M")
    fields = {
        "title": "答谢晚宴",
        "level": "formal",
        "form": "seated",
        "cuisine": "chinese",
        "purpose": "thanks",
        "meal": "dinner",
        "starts_at": starts_at,
        "venue": "国宾馆",
        "table_size": "10",
    }
    return fields | changes


def test_the_new_banquet_form_starts_on_the_model_defaults(people: dict[str, Any]) -> None:
    page = client_for(people["spec1"]).get(reverse("hospitality:banquet_create")).content.decode()
    assert '<option value="dinner" selected>' in page
    assert '<option value="breakfast" selected>' not in page
    assert '<option value="formal" selected>' in page  # the model's default type, not a state banquet


def test_a_banquet_built_through_the_pages_offers_its_customers_contacts(people: dict[str, Any]) -> None:
    organiser = client_for(people["spec1"])
    account, contact = people["account"], people["contact"]
    form = organiser.get(reverse("hospitality:banquet_create")).content.decode()
    assert f'<option value="{account.pk}">{account.name}</option>' in form

    created = organiser.post(reverse("hospitality:banquet_create"), banquet_fields(account=str(account.pk)))

    banquet = Banquet.objects.get()
    assert created.status_code == 302 and banquet.account == account
    guests_page = organiser.get(created["Location"]).content.decode()
    assert f'<option value="{contact.pk}">王建华 · 董事长</option>' in guests_page
    rows = GUEST_ROWS | {"g-1-name": "王建华", "g-1-contact": str(contact.pk), "g-1-taboos": ""}
    saved = organiser.post(reverse("hospitality:banquet_guests", args=[banquet.pk]), rows)
    assert saved.status_code == 302
    assert BanquetGuest.objects.get(name="王建华").taboos == "不吃猪肉"  # copied from the contact
    detail = organiser.get(reverse("hospitality:banquet_detail", args=[banquet.pk])).content.decode()
    assert account.name in detail and "<strong>王建华</strong>: 不吃猪肉" in detail
    edit = organiser.get(reverse("hospitality:banquet_edit", args=[banquet.pk])).content.decode()
    assert f'<option value="{account.pk}" selected>{account.name}</option>' in edit


def test_a_customer_the_organiser_may_not_see_is_refused_on_the_form(
    people: dict[str, Any], org: dict[str, Any]
) -> None:
    hidden = AccountFactory(owner=org["spec4"])  # another region's account
    organiser = client_for(people["spec1"])
    assert f'value="{hidden.pk}"' not in organiser.get(reverse("hospitality:banquet_create")).content.decode()

    refused = organiser.post(reverse("hospitality:banquet_create"), banquet_fields(account=str(hidden.pk)))

    assert refused.status_code == 200
    assert refused.context["form"].errors == {"account": [UNKNOWN_ACCOUNT]}
    assert not Banquet.objects.exists()
    banquet = banquets.banquet_create(
        actor=people["spec1"], title="晚宴", venue="国宾馆", starts_at=clock.now() + timedelta(days=30)
    )
    changed = organiser.post(
        reverse("hospitality:banquet_edit", args=[banquet.pk]), banquet_fields(account=str(hidden.pk))
    )
    assert changed.context["form"].errors == {"account": [UNKNOWN_ACCOUNT]}
    assert Banquet.objects.get(pk=banquet.pk).account_id is None


def test_the_guest_list_reads_as_a_banquet_in_chinese(people: dict[str, Any]) -> None:
    # Other apps translate the same English words for other things ("Host" 接待人 for a tour's host,
    # "Name" 名称 for an account, "Rank" 排名 in a league table, "Accepted" 已采纳 for a proposal).
    banquet = banquets.banquet_create(
        actor=people["spec1"], title="晚宴", venue="国宾馆", starts_at=clock.now() + timedelta(days=30)
    )
    banquets.banquet_set_guests(
        actor=people["spec1"],
        banquet=banquet,
        guests=[
            {"name": "郑华", "title": "总经理", "side": "host", "role": "host", "rank": 1},
            {"name": "王建华", "title": "董事长", "rank": 1, "invitation": "accepted"},
        ],
    )
    client = client_for(people["spec1"], "zh-hans")

    detail = client.get(reverse("hospitality:banquet_detail", args=[banquet.pk])).content.decode()
    guests = client.get(reverse("hospitality:banquet_guests", args=[banquet.pk])).content.decode()

    assert "<th>姓名</th>" in detail and "<th>位次</th>" in detail
    assert '<span class="badge text-bg-primary">主人</span>' in detail
    assert "<td>已接受</td>" in detail
    assert '<label class="form-label small" for="id_g-0-name">姓名</label>' in guests
    assert '<label class="form-label small" for="id_g-0-title">职务</label>' in guests
    assert '<label class="form-label small" for="id_g-0-rank">位次</label>' in guests
    assert '<option value="host" selected>主人</option>' in guests
    assert '<option value="accepted" selected>已接受</option>' in guests
    assert not {"接待人", "已采纳", "排名"} & set(_words(detail + guests))
    with translation.override("zh-hans"):
        names = [str(BanquetGuest._meta.get_field(f).verbose_name) for f in ("name", "title", "rank")]
    assert names == ["姓名", "职务", "位次"]


def _words(page: str) -> list[str]:
    """The texts between tags, so that a word is found whole."""
    return [part.split("<")[0].strip() for part in page.split(">") if part.split("<")[0].strip()]


def test_the_banquet_history_gives_its_reasons_in_chinese(people: dict[str, Any]) -> None:
    banquet = banquets.banquet_create(
        actor=people["spec1"], title="晚宴", venue="国宾馆", starts_at=clock.now() + timedelta(days=30)
    )
    banquets.banquet_set_guests(
        actor=people["spec1"], banquet=banquet, guests=[{"name": "郑华", "role": "host", "side": "host"}]
    )
    banquets.banquet_seat(actor=people["spec1"], banquet=banquet, table_size=10, tables=None)
    client = client_for(people["spec1"], "zh-hans")

    detail = client.get(reverse("hospitality:banquet_detail", args=[banquet.pk])).content.decode()

    assert "(已修改宾客名单)" in detail and "(已排座次)" in detail
    assert "guest list changed" not in detail and "(seated)" not in detail
