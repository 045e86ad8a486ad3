"""The key-account pages: each role's view, forms with field errors, the 360° page, phone-friendly lists."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from kam.accounts import panels
from kam.accounts.models import Account, AccountOwnership, Contact, Contract, Deal, Payment, Reconciliation
from kam.core import clock
from tests.factories import UserFactory
from tests.factories_accounts import (
    AccountFactory,
    AssetFactory,
    ChannelFactory,
    ContactFactory,
    ContractFactory,
    DealFactory,
    ReceivableFactory,
    SiteFactory,
    credit_code,
)

pytestmark = pytest.mark.django_db

PAGES = ["/accounts/", "/accounts/pool/", "/accounts/channels/", "/accounts/sites/", "/accounts/import/"]
CREATORS = {"specialist", "ka_manager", "regional_manager", "general_manager", "admin"}


def signed_in(user: Any, language: str = "en") -> Client:
    """A client signed in as ``user``; the pages' text is asserted in English (the cookie selects it)."""
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def test_the_pages_speak_chinese_by_default(org: dict[str, Any], accounts: dict[str, Any]) -> None:
    client = Client()
    client.force_login(org["manager1"])
    page = client.get(f"/accounts/{accounts['a1'].pk}/").content.decode()
    assert "变更负责人" in page and "负责人变更记录" in page and "Change owner" not in page
    listing = client.get("/accounts/").content.decode()
    assert "导出联系人 .xlsx" in listing and "全部状态" in listing
    assert "从 Excel 导入" in client.get("/accounts/import/").content.decode()


@pytest.mark.parametrize(
    "post",
    [
        "specialist",
        "ka_manager",
        "regional_manager",
        "service_director",
        "inspector",
        "cs_manager",
        "cs_duty",
        "call_centre",
        "general_manager",
        "finance",
        "company_office",
        "department_staff",
        "admin",
    ],
)
def test_every_post_opens_the_pages(org: dict[str, Any], accounts: dict[str, Any], post: str) -> None:
    client = signed_in(UserFactory(posts=[post], department=org["ka1"]))
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    assert client.get("/accounts/new/").status_code == (200 if post in CREATORS else 403)


def test_signed_out_users_go_to_the_sign_in_page(accounts: dict[str, Any]) -> None:
    response = Client().get("/accounts/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_list_shows_what_the_user_sees_and_searches_pinyin(
    org: dict[str, Any], accounts: dict[str, Any]
) -> None:
    page = signed_in(org["spec1"]).get("/accounts/").content.decode()
    assert "华夏集团有限公司" in page and "杭州恒达建设有限公司" not in page
    manager = signed_in(org["manager1"])
    page = manager.get("/accounts/", {"q": "hxjt"}).content.decode()
    assert "华夏集团有限公司" in page and "杭州恒达建设有限公司" not in page
    partial = manager.get(
        "/accounts/", {"status": "prospect"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "杭州银行股份有限公司" in partial and "<html" not in partial
    assert 'name="viewport"' in manager.get("/accounts/").content.decode()
    assert manager.get("/accounts/", {"owner_id": "abc", "page": "x"}).status_code == 200


def test_the_list_page_query_count_does_not_grow_with_rows(
    org: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    client = signed_in(org["manager1"])
    for _ in range(2):
        AccountFactory(owner=org["spec1"])
    client.get("/accounts/")
    with django_assert_max_num_queries(30) as few:
        client.get("/accounts/")
    for _ in range(23):
        AccountFactory(owner=org["spec2"], source_channel=ChannelFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/accounts/")
    assert response.content.decode().count('href="/accounts/') >= 25


def test_another_specialists_account_is_404(org: dict[str, Any], accounts: dict[str, Any]) -> None:
    client = signed_in(org["spec1"])
    for url in (
        "/accounts/{}/",
        "/accounts/{}/edit/",
        "/accounts/{}/contacts/new/",
        "/accounts/{}/deals/new/",
    ):
        assert client.get(url.format(accounts["a3"].pk)).status_code == 404


def test_the_360_page_has_every_section(org: dict[str, Any], accounts: dict[str, Any]) -> None:
    account = accounts["a1"]
    ContactFactory(account=account, name="王总", taboos="清真饮食")
    contract = ContractFactory(account=account, number="HT-360")
    receivable = ReceivableFactory(account=account, contract=contract, amount=Decimal("1000.00"))
    Payment.objects.create(receivable=receivable, amount=Decimal("400.00"), paid_on=clock.local_today())
    Reconciliation.objects.create(
        account=account,
        month=clock.local_today().replace(day=1),
        opening_balance=0,
        billed=1000,
        collected=400,
        closing_balance=600,
        status="disputed",
        dispute_reason="发票未到",
    )
    DealFactory(account=account, site=SiteFactory(department=org["ka1"], name="滨江·云庐案场"))
    AccountOwnership.objects.create(account=account, to_owner=org["spec1"], kind="created", at=clock.now())
    page = signed_in(org["manager1"]).get(f"/accounts/{account.pk}/").content.decode()
    for section in (
        "profile",
        "contacts",
        "owners",
        "contracts",
        "receivables",
        "reconciliations",
        "deals",
        "history",
    ):
        assert f'id="{section}"' in page, section
    for panel in panels.PLACEHOLDERS:
        assert f'id="panel-{panel.key}"' in page
    for text in (
        "王总",
        "清真饮食",
        "HT-360",
        "31–60 days overdue",
        "600.00",
        "发票未到",
        "滨江·云庐案场",
        account.credit_code,
    ):
        assert text in page, text
    assert "Change owner" in page and "data-confirm" in page and "onclick" not in page


def test_the_360_page_shows_only_the_actions_allowed(org: dict[str, Any], accounts: dict[str, Any]) -> None:
    spec_page = signed_in(org["spec1"]).get(f"/accounts/{accounts['a1'].pk}/").content.decode()
    assert "Change owner" not in spec_page and f"/accounts/{accounts['a1'].pk}/edit/" in spec_page
    inspector = UserFactory(posts=["inspector"], department=None)
    read_only = signed_in(inspector).get(f"/accounts/{accounts['a1'].pk}/").content.decode()
    assert f"/accounts/{accounts['a1'].pk}/edit/" not in read_only and "Record payment" not in read_only


def test_a_registered_panel_replaces_its_placeholder(
    org: dict[str, Any], accounts: dict[str, Any], monkeypatch: Any
) -> None:
    monkeypatch.setattr(panels, "_registered", {})
    panels.register_panel(
        "visits", "Visits", order=60, template="accounts/_claim_result.html", context=lambda a, u: {"n": 1}
    )
    page = signed_in(org["manager1"]).get(f"/accounts/{accounts['a1'].pk}/").content.decode()
    assert page.count('id="panel-visits"') == 1


def test_the_create_form_shows_field_errors(org: dict[str, Any], accounts: dict[str, Any]) -> None:
    client = signed_in(org["spec1"])
    response = client.post(
        "/accounts/new/",
        {"name": "新客户", "credit_code": "91350100M000100Y44", "tier": "C", "status": "prospect"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The check character of the unified social credit code is wrong (GB 32100-2015)." in page
    assert "is-invalid" in page
    response = client.post("/accounts/new/", {"name": "", "tier": "C", "status": "prospect"})
    assert "is-invalid" in response.content.decode()
    duplicate = client.post(
        "/accounts/new/",
        {"name": "x", "credit_code": accounts["a3"].credit_code, "tier": "C", "status": "prospect"},
    )
    assert f"(#{accounts['a3'].pk})" in duplicate.content.decode()
    assert Account.objects.count() == 5


def test_creating_with_a_similar_name_links_to_the_existing_account(
    org: dict[str, Any], accounts: dict[str, Any]
) -> None:
    client = signed_in(org["spec2"])
    response = client.post(
        "/accounts/new/",
        {"name": "华夏集团", "credit_code": credit_code(), "tier": "B", "status": "prospect"},
    )
    created = Account.objects.get(name="华夏集团")
    assert response["Location"] == f"/accounts/{created.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert 'id="near-duplicates"' in page and f'href="/accounts/{accounts["a1"].pk}/"' in page


def test_a_manager_creates_in_the_pool_and_edits(org: dict[str, Any]) -> None:
    client = signed_in(org["manager1"])
    response = client.post(
        "/accounts/new/",
        {
            "name": "公海客户",
            "tier": "C",
            "status": "prospect",
            "owner_id": "",
            "department_id": org["ka1"].pk,
        },
    )
    account = Account.objects.get(name="公海客户")
    assert response.status_code == 302 and account.owner is None
    edit = client.post(f"/accounts/{account.pk}/edit/", {"name": "公海客户", "tier": "A", "lat": "95"})
    assert "The latitude must be a number between -90 and 90." in edit.content.decode()
    client.post(f"/accounts/{account.pk}/edit/", {"name": "公海客户", "tier": "A", "industry": "制造业"})
    account.refresh_from_db()
    assert (account.tier_id, account.industry) == ("A", "制造业")


def test_assign_claim_transition_and_delete_pages(org: dict[str, Any], accounts: dict[str, Any]) -> None:
    manager = signed_in(org["manager1"])
    bad = manager.post(f"/accounts/{accounts['a1'].pk}/assign/", {"owner_id": org["spec2"].pk, "reason": ""})
    assert "is-invalid" in bad.content.decode()
    manager.post(
        f"/accounts/{accounts['a1'].pk}/assign/", {"owner_id": org["spec2"].pk, "reason": "人员调整"}
    )
    assert Account.objects.get(pk=accounts["a1"].pk).owner == org["spec2"]
    spec = signed_in(org["spec1"])
    claimed = spec.post(f"/accounts/{accounts['pool'].pk}/claim/", headers={"HX-Request": "true"})
    assert "Claimed" in claimed.content.decode()
    again = signed_in(org["spec2"]).post(
        f"/accounts/{accounts['pool'].pk}/claim/", headers={"HX-Request": "true"}
    )
    assert (
        again.status_code == 409
        and "Someone else has already claimed this account." in again.content.decode()
    )
    spec.post(f"/accounts/{accounts['pool'].pk}/transition/", {"status": "developing"})
    assert Account.objects.get(pk=accounts["pool"].pk).status == "developing"
    spec.post(f"/accounts/{accounts['pool'].pk}/transition/", {"status": "terminated"})
    refused = spec.post(f"/accounts/{accounts['pool'].pk}/transition/", {"status": "active"}, follow=True)
    assert "cannot move from Terminated to Active" in refused.content.decode()  # labels, not codes
    manager.post(f"/accounts/{accounts['a2'].pk}/delete/")
    assert not Account.objects.filter(pk=accounts["a2"].pk).exists()


def test_refusals_are_shown_in_the_readers_language(org: dict[str, Any], accounts: dict[str, Any]) -> None:
    """The pages show a refusal translated, the API keeps the English message (F4)."""
    signed_in(org["spec1"]).post(f"/accounts/{accounts['pool'].pk}/claim/")
    again = signed_in(org["spec2"], "zh-hans").post(
        f"/accounts/{accounts['pool'].pk}/claim/", headers={"HX-Request": "true"}
    )
    assert again.status_code == 409 and "该客户已被他人认领。" in again.content.decode()
    flashed = signed_in(org["spec2"], "zh-hans").post(f"/accounts/{accounts['pool'].pk}/claim/", follow=True)
    assert "该客户已被他人认领。" in flashed.content.decode()
    form = signed_in(org["spec1"], "zh-hans").post(
        "/accounts/new/",
        {"name": "新客户", "credit_code": "91350100M000100Y44", "tier": "C", "status": "prospect"},
    )
    assert "统一社会信用代码的校验码不正确（GB 32100-2015）。" in form.content.decode()


def test_the_pool_page_lists_and_claims(org: dict[str, Any], accounts: dict[str, Any]) -> None:
    client = signed_in(org["spec1"])
    page = client.get("/accounts/pool/").content.decode()
    assert "杭州银行股份有限公司" in page and "Claim" in page
    response = client.post(f"/accounts/{accounts['pool'].pk}/claim/")
    assert response["Location"] == f"/accounts/{accounts['pool'].pk}/"
    assert "杭州银行股份有限公司" not in signed_in(org["spec2"]).get("/accounts/pool/").content.decode()


def test_related_forms_save_and_show_errors(org: dict[str, Any], accounts: dict[str, Any]) -> None:
    account = accounts["a1"]
    client = signed_in(org["spec1"])
    bad = client.post(f"/accounts/{account.pk}/contacts/new/", {"name": "王总", "mobile": "123"})
    assert "Not a mainland China mobile number" in bad.content.decode()
    client.post(f"/accounts/{account.pk}/contacts/new/", {"name": "王总", "mobile": "13900001111"})
    contact = Contact.objects.get()
    client.post(
        f"/accounts/contacts/{contact.pk}/edit/",
        {"name": "王总", "mobile": "13900001111", "taboos": "不吃辣"},
    )
    contact.refresh_from_db()
    assert contact.taboos == "不吃辣"
    late = client.post(
        f"/accounts/{account.pk}/contracts/new/",
        {
            "number": "HT-1",
            "title": "t",
            "amount": "100",
            "contract_date": "2026-05-02",
            "due_date": "2026-05-01",
        },
    )
    assert "The due date cannot be before the contract date." in late.content.decode()
    client.post(
        f"/accounts/{account.pk}/contracts/new/",
        {"number": "HT-1", "title": "t", "amount": "100", "contract_date": "2026-05-02"},
    )
    contract = Contract.objects.get()
    assert client.get(f"/accounts/contracts/{contract.pk}/").status_code == 200
    client.post(
        f"/accounts/contracts/{contract.pk}/edit/",
        {"number": "HT-1", "title": "年度合同", "amount": "200", "contract_date": "2026-05-02"},
    )
    signed_in(org["manager1"]).post(f"/accounts/contracts/{contract.pk}/review/")
    contract.refresh_from_db()
    assert (contract.title, contract.status) == ("年度合同", "reviewed")
    negative = client.post(
        f"/accounts/{account.pk}/receivables/new/", {"amount": "-1", "due_date": "2026-05-01"}
    )
    assert "The amount cannot be negative." in negative.content.decode()
    client.post(f"/accounts/{account.pk}/receivables/new/", {"amount": "1000", "due_date": "2026-05-01"})
    receivable = account.receivables.get()
    client.post(
        f"/accounts/receivables/{receivable.pk}/payments/new/", {"amount": "300", "method": "transfer"}
    )
    receivable.refresh_from_db()
    assert receivable.collected == Decimal("300.00")
    client.post(f"/accounts/{account.pk}/deals/new/", {"amount": "5000"})
    assert Deal.objects.get().specialist == org["spec1"]
    client.post(f"/accounts/{account.pk}/reconciliations/new/", {"month": "2026-05"})
    statement = Reconciliation.objects.get()
    client.post(f"/accounts/reconciliations/{statement.pk}/dispute/", {"reason": "少一笔"})
    statement.refresh_from_db()
    assert (statement.status, statement.dispute_reason) == ("disputed", "少一笔")


def test_contract_attachments_upload_and_download(org: dict[str, Any], accounts: dict[str, Any]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    contract = ContractFactory(account=accounts["a1"])
    client = signed_in(org["spec1"])
    client.post(
        f"/accounts/contracts/{contract.pk}/attachments/", {"file": SimpleUploadedFile("扫描件.pdf", b"%PDF")}
    )
    attachment = contract.attachments.get()
    download = client.get(f"/accounts/contracts/{contract.pk}/attachments/{attachment.pk}/")
    assert b"".join(download.streaming_content) == b"%PDF"
    assert (
        signed_in(org["spec2"])
        .get(f"/accounts/contracts/{contract.pk}/attachments/{attachment.pk}/")
        .status_code
        == 404
    )


def test_channels_sites_and_assets_pages(org: dict[str, Any]) -> None:
    spec = signed_in(org["spec1"])
    spec.post(
        "/accounts/channels/new/", {"name": "西湖建材联盟", "kind": "association", "status": "proposed"}
    )
    assert "西湖建材联盟" in spec.get("/accounts/channels/").content.decode()
    manager = signed_in(org["manager1"])
    manager.post(
        "/accounts/sites/new/", {"name": "滨江·云庐案场", "department_id": org["ka1"].pk, "status": "open"}
    )
    site = org["ka1"].sites.get()
    manager.post(
        f"/accounts/sites/{site.pk}/assets/new/",
        {"code": "ZC-1", "name": "打印机", "category": "office_equipment", "status": "in_use"},
    )
    duplicate = manager.post(
        f"/accounts/sites/{site.pk}/assets/new/",
        {"code": "ZC-1", "name": "复印机", "category": "office_equipment", "status": "in_use"},
    )
    assert "Another asset already has the code ZC-1." in duplicate.content.decode()
    page = spec.get(f"/accounts/sites/{site.pk}/").content.decode()
    assert "打印机" in page and "New asset" not in page
    asset = AssetFactory(site=site, code="ZC-2")
    assert manager.get(f"/accounts/assets/{asset.pk}/edit/").status_code == 200
    channel = ChannelFactory(owner=org["spec1"], department=org["ka1"])
    assert spec.get(f"/accounts/channels/{channel.pk}/edit/").status_code == 200


def test_exports_from_the_list_keep_the_filters(org: dict[str, Any], accounts: dict[str, Any]) -> None:
    client = signed_in(org["manager1"])
    response = client.get("/accounts/export/csv/", {"q": "hxjt"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "华夏集团有限公司" in text and "杭州恒达" not in text
    assert client.get("/accounts/export/xlsx/").status_code == 200
    page = client.get("/accounts/", {"q": "hxjt"}).content.decode()
    assert "/accounts/export/xlsx/?q=hxjt" in page


def test_an_unknown_export_format_is_404(org: dict[str, Any]) -> None:
    assert signed_in(org["spec1"]).get("/accounts/export/pdf/").status_code == 404
