"""The key-account API: every endpoint, visibility by post, errors that name the field."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kam.accounts.models import Account, AccountOwnership, Contract, Payment, Reconciliation
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
)

pytestmark = pytest.mark.django_db
API = "/api/v1"


def ids(response: Any) -> set[int]:
    return {item["id"] for item in response.json()["items"]}


# Accounts: lists, visibility, search --------------------------------------------------------------


def test_a_specialist_lists_only_own_accounts_and_gets_404_on_anothers(
    org: dict[str, Any], accounts: dict[str, Any], api_client: Any
) -> None:
    client = api_client(org["spec1"])
    response = client.get(f"{API}/accounts/")
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert ids(response) == {accounts["a1"].pk}
    for other in ("a2", "a3", "a4", "pool"):
        assert client.get(f"{API}/accounts/{accounts[other].pk}").status_code == 404
        assert client.patch(f"{API}/accounts/{accounts[other].pk}", {"notes": "x"}).status_code == 404


@pytest.mark.parametrize(
    ("user", "visible"),
    [
        ("manager1", {"a1", "a2", "pool"}),
        ("manager2", {"a3"}),
        ("regional", {"a1", "a2", "a3", "pool"}),
        ("manager3", {"a4"}),
        ("admin", {"a1", "a2", "a3", "a4", "pool"}),
    ],
)
def test_managers_see_their_departments_and_region(
    org: dict[str, Any], accounts: dict[str, Any], api_client: Any, user: str, visible: set[str]
) -> None:
    response = api_client(org[user]).get(f"{API}/accounts/")
    assert ids(response) == {accounts[k].pk for k in visible}


@pytest.mark.parametrize(
    "post", ["general_manager", "inspector", "finance", "cs_manager", "cs_duty", "call_centre"]
)
def test_reading_posts_see_every_account(
    org: dict[str, Any], accounts: dict[str, Any], api_client: Any, post: str
) -> None:
    reader = UserFactory(posts=[post], department=org["ka3"])
    assert api_client(reader).get(f"{API}/accounts/").json()["count"] == 5


def test_department_staff_see_no_accounts(
    org: dict[str, Any], accounts: dict[str, Any], api_client: Any
) -> None:
    staff = UserFactory(posts=["department_staff"], department=org["ka1"])
    assert api_client(staff).get(f"{API}/accounts/").json()["count"] == 0


def test_anonymous_is_401(accounts: dict[str, Any], api_client: Any) -> None:
    assert api_client(None).get(f"{API}/accounts/").status_code == 401


@pytest.mark.parametrize(
    ("q", "expected"),
    [("hxjt", {"a1"}), ("华夏", {"a1"}), ("huaxia", {"a1"}), ("hzhd", {"a2"}), ("银行", {"pool"})],
)
def test_search_by_name_pinyin_and_initials(
    org: dict[str, Any], accounts: dict[str, Any], api_client: Any, q: str, expected: set[str]
) -> None:
    response = api_client(org["admin"]).get(f"{API}/accounts/", {"q": q})
    assert ids(response) == {accounts[k].pk for k in expected}


def test_search_by_credit_code_and_filters(
    org: dict[str, Any], accounts: dict[str, Any], api_client: Any
) -> None:
    client = api_client(org["admin"])
    assert ids(client.get(f"{API}/accounts/", {"q": accounts["a3"].credit_code[:12].lower()})) == {
        accounts["a3"].pk
    }
    assert ids(client.get(f"{API}/accounts/", {"owner_id": org["spec2"].pk})) == {accounts["a2"].pk}
    assert ids(client.get(f"{API}/accounts/", {"status": "prospect"})) == {accounts["pool"].pk}
    assert ids(client.get(f"{API}/accounts/", {"department_id": org["ka2"].pk})) == {accounts["a3"].pk}
    assert ids(client.get(f"{API}/accounts/", {"pool": True})) == {accounts["pool"].pk}
    assert client.get(f"{API}/accounts/", {"tier": "B", "limit": 2}).json()["count"] == 5
    assert len(client.get(f"{API}/accounts/", {"limit": 2, "offset": 4}).json()["items"]) == 1


@pytest.mark.parametrize("query", [{"owner_id": "abc"}, {"limit": 0}, {"limit": 100000}, {"offset": -1}])
def test_malformed_filters_are_4xx(org: dict[str, Any], api_client: Any, query: dict[str, Any]) -> None:
    response = api_client(org["admin"]).get(f"{API}/accounts/", query)
    assert response.status_code == 422
    assert response.json()["field"] in query


def test_the_list_query_count_does_not_grow_with_rows(
    org: dict[str, Any], api_client: Any, django_assert_max_num_queries: Any
) -> None:
    client = api_client(org["manager1"])
    for _ in range(3):
        AccountFactory(owner=org["spec1"], source_channel=ChannelFactory())
    with django_assert_max_num_queries(8) as few:
        client.get(f"{API}/accounts/")
    for _ in range(30):
        AccountFactory(owner=org["spec2"], source_channel=ChannelFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(f"{API}/accounts/")
    assert response.json()["count"] == 33


# Accounts: writes ---------------------------------------------------------------------------------


def test_create_returns_201_with_warnings_for_a_similar_name(
    org: dict[str, Any], accounts: dict[str, Any], api_client: Any
) -> None:
    response = api_client(org["spec1"]).post(
        f"{API}/accounts/",
        {"name": "华夏集团", "credit_code": "91350100M000100Y43", "lat": 30.27, "lng": 120.15, "tier": "A"},
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["owner_id"], body["tier"], body["lat"], body["credit_code"]) == (
        org["spec1"].pk,
        "A",
        30.27,
        "91350100M000100Y43",
    )
    assert body["warnings"][0]["id"] == accounts["a1"].pk
    assert body["warnings"][0]["name"] == "华夏集团有限公司"
    assert Account.objects.get(pk=body["id"]).history.count() == 1


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"name": "x", "credit_code": "91350100M000100Y44"}, 422, "credit_code"),
        ({"name": "x", "credit_code": "9135010"}, 422, "credit_code"),
        ({"name": "x", "lat": 200}, 422, "lat"),
        ({"name": "x", "lat": "abc"}, 422, "lat"),
        ({"name": ""}, 422, "name"),
        ({"name": "x", "status": "vip"}, 422, "status"),
        ({"name": "x", "tier": "Z"}, 422, "tier"),
        ({"name": "x", "profit_margin": 120}, 422, "profit_margin"),
        ({"name": "x", "region_code": "abc"}, 422, "region_code"),
        ({"name": "x", "developed_at": "2999-01-01"}, 422, "developed_at"),
        ({"name": "x", "owner_id": 999999}, 422, "owner_id"),
        ({"name": "x", "source_channel_id": 999999}, 422, "source_channel_id"),
        ({}, 422, "name"),
    ],
)
def test_bad_account_input_names_the_field(
    org: dict[str, Any], api_client: Any, payload: dict[str, Any], status: int, field: str
) -> None:
    response = api_client(org["spec1"]).post(f"{API}/accounts/", payload)
    assert (response.status_code, response.json()["field"]) == (status, field)
    assert not Account.all_objects.exists()


def test_a_duplicate_credit_code_is_409_naming_the_existing_account(
    org: dict[str, Any], accounts: dict[str, Any], api_client: Any
) -> None:
    existing = accounts["a4"]
    response = api_client(org["spec1"]).post(
        f"{API}/accounts/", {"name": "新名字", "credit_code": existing.credit_code}
    )
    assert response.status_code == 409
    body = response.json()
    assert (body["field"], body["existing"]) == ("credit_code", {"id": existing.pk, "name": existing.name})
    assert str(existing.pk) in body["detail"]


def test_a_malformed_body_is_4xx_not_500(org: dict[str, Any], api_client: Any) -> None:
    client = api_client(org["spec1"])
    assert client.post(f"{API}/accounts/", "{not json").status_code in (400, 422)
    assert client.post(f"{API}/accounts/", {"name": ["a"]}).status_code == 422


def test_patch_changes_only_what_is_sent_and_delete_is_soft(
    org: dict[str, Any], accounts: dict[str, Any], api_client: Any
) -> None:
    account = accounts["a1"]
    client = api_client(org["spec1"])
    response = client.patch(f"{API}/accounts/{account.pk}", {"industry": "制造业", "growth_rate": "12.5"})
    assert response.status_code == 200
    assert (response.json()["industry"], response.json()["growth_rate"], response.json()["name"]) == (
        "制造业",
        "12.50",
        account.name,
    )
    assert client.delete(f"{API}/accounts/{account.pk}").status_code == 403
    assert api_client(org["manager1"]).delete(f"{API}/accounts/{account.pk}?reason=重复").status_code == 204
    assert Account.all_objects.get(pk=account.pk).deleted_at is not None
    assert client.get(f"{API}/accounts/{account.pk}").status_code == 404


def test_claim_assign_transition_owners_history_and_ageing(
    org: dict[str, Any], accounts: dict[str, Any], api_client: Any
) -> None:
    pool = accounts["pool"]
    assert (
        api_client(org["spec1"]).post(f"{API}/accounts/{pool.pk}/claim").json()["owner_id"] == org["spec1"].pk
    )
    second = api_client(org["spec2"]).post(f"{API}/accounts/{pool.pk}/claim")
    assert second.status_code == 409
    manager = api_client(org["manager1"])
    response = manager.post(
        f"{API}/accounts/{pool.pk}/assign", {"owner_id": org["spec2"].pk, "reason": "人员调整"}
    )
    assert response.json()["owner_id"] == org["spec2"].pk
    assert manager.post(f"{API}/accounts/{pool.pk}/assign", {"owner_id": org["spec2"].pk}).status_code == 422
    moved = api_client(org["spec2"]).post(f"{API}/accounts/{pool.pk}/transition", {"status": "developing"})
    assert moved.json()["status"] == "developing"
    refused = api_client(org["spec2"]).post(f"{API}/accounts/{pool.pk}/transition", {"status": "dormant"})
    assert (refused.status_code, refused.json()["detail"]) == (
        409,
        "An account cannot move from developing to dormant.",
    )
    owners = manager.get(f"{API}/accounts/{pool.pk}/owners").json()
    assert [o["kind"] for o in owners] == ["assigned", "claimed"]
    history = manager.get(f"{API}/accounts/{pool.pk}/history").json()
    assert history[0]["reason"] == "developing" or history[0]["reason"].startswith("prospect")
    ReceivableFactory(
        account=pool, amount=Decimal("100.00"), due_date=clock.local_today() - timedelta(days=40)
    )
    ageing = manager.get(f"{API}/accounts/{pool.pk}/ageing").json()
    assert (ageing["buckets"]["31-60"], ageing["total"]) == ("100.00", "100.00")


def test_the_pool_endpoint_lists_the_department_pool(
    org: dict[str, Any], accounts: dict[str, Any], api_client: Any
) -> None:
    assert ids(api_client(org["spec1"]).get(f"{API}/accounts/pool")) == {accounts["pool"].pk}
    assert ids(api_client(org["spec3"]).get(f"{API}/accounts/pool")) == set()


def test_export_endpoints(org: dict[str, Any], accounts: dict[str, Any], api_client: Any) -> None:
    client = api_client(org["spec1"])
    response = client.get(f"{API}/accounts/export", {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "华夏集团有限公司" in text and "杭州恒达" not in text
    xlsx = client.get(f"{API}/accounts/export")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(f"{API}/accounts/export", {"format": "pdf"}).json()["field"] == "format"
    contacts = client.get(f"{API}/contacts/export", {"format": "csv"})
    assert contacts.status_code == 200


# Contacts, channels, sites, assets ----------------------------------------------------------------


def test_contact_endpoints(org: dict[str, Any], accounts: dict[str, Any], api_client: Any) -> None:
    client = api_client(org["spec1"])
    created = client.post(
        f"{API}/contacts/", {"account_id": accounts["a1"].pk, "name": "王总", "mobile": "139 0000 1111"}
    )
    assert (created.status_code, created.json()["mobile"]) == (201, "13900001111")
    contact_id = created.json()["id"]
    bad = client.post(f"{API}/contacts/", {"account_id": accounts["a1"].pk, "name": "李", "mobile": "12345"})
    assert (bad.status_code, bad.json()["field"]) == (422, "mobile")
    unseen = client.post(f"{API}/contacts/", {"account_id": accounts["a3"].pk, "name": "李"})
    assert (unseen.status_code, unseen.json()["field"]) == (404, "account_id")
    assert client.patch(f"{API}/contacts/{contact_id}", {"taboos": "不吃辣"}).json()["taboos"] == "不吃辣"
    assert client.get(f"{API}/contacts/", {"account_id": accounts["a1"].pk}).json()["count"] == 1
    other = ContactFactory(account=accounts["a3"])
    assert client.get(f"{API}/contacts/{other.pk}").status_code == 404
    assert client.get(f"{API}/contacts/{contact_id}").status_code == 200
    assert client.delete(f"{API}/contacts/{contact_id}").status_code == 204


def test_channel_endpoints(org: dict[str, Any], api_client: Any) -> None:
    client = api_client(org["spec1"])
    created = client.post(f"{API}/channels/", {"name": "西湖建材联盟", "kind": "association"})
    assert (created.status_code, created.json()["status"]) == (201, "proposed")
    channel_id = created.json()["id"]
    assert client.patch(f"{API}/channels/{channel_id}", {"status": "active"}).status_code == 422
    assert (
        api_client(org["manager1"])
        .patch(f"{API}/channels/{channel_id}", {"status": "active"})
        .json()["status"]
        == "active"
    )
    assert client.get(f"{API}/channels/").json()["count"] == 1
    assert client.get(f"{API}/channels/{channel_id}").status_code == 200
    assert api_client(org["spec3"]).get(f"{API}/channels/{channel_id}").status_code == 404
    assert client.post(f"{API}/channels/", {"name": "x", "kind": "bogus"}).json()["field"] == "kind"
    assert client.delete(f"{API}/channels/{channel_id}").status_code == 204


def test_site_and_asset_endpoints(org: dict[str, Any], api_client: Any) -> None:
    manager = api_client(org["manager1"])
    site = manager.post(
        f"{API}/sites/", {"name": "滨江·云庐案场", "department_id": org["ka1"].pk, "region_code": "330108"}
    )
    assert site.status_code == 201
    site_id = site.json()["id"]
    assert api_client(org["spec1"]).get(f"{API}/sites/").json()["count"] == 1
    assert api_client(org["spec3"]).get(f"{API}/sites/{site_id}").status_code == 404
    assert (
        api_client(org["spec1"])
        .post(f"{API}/sites/", {"name": "x", "department_id": org["ka1"].pk})
        .status_code
        == 403
    )
    assert (
        manager.patch(f"{API}/sites/{site_id}", {"address": "江南大道 1 号"}).json()["address"]
        == "江南大道 1 号"
    )
    asset = manager.post(
        f"{API}/assets/",
        {"site_id": site_id, "code": "ZC-1", "name": "打印机", "custodian_id": org["spec1"].pk},
    )
    assert asset.status_code == 201
    asset_id = asset.json()["id"]
    assert (
        manager.post(f"{API}/assets/", {"site_id": site_id, "code": "ZC-1", "name": "又一台"}).status_code
        == 409
    )
    assert (
        manager.patch(f"{API}/assets/{asset_id}", {"status": "under_repair"}).json()["status"]
        == "under_repair"
    )
    assert manager.get(f"{API}/assets/", {"site_id": site_id}).json()["count"] == 1
    assert manager.get(f"{API}/assets/{asset_id}").status_code == 200
    assert manager.delete(f"{API}/assets/{asset_id}").status_code == 204
    assert manager.get(f"{API}/sites/{site_id}").status_code == 200
    assert manager.delete(f"{API}/sites/{site_id}").status_code == 204
    other = AssetFactory(site=SiteFactory(department=org["ka3"]))
    assert manager.get(f"{API}/assets/{other.pk}").status_code == 404


# Contracts, money, deals --------------------------------------------------------------------------


def test_contract_endpoints(org: dict[str, Any], accounts: dict[str, Any], api_client: Any) -> None:
    spec, manager = api_client(org["spec1"]), api_client(org["manager1"])
    payload = {
        "account_id": accounts["a1"].pk,
        "number": "HT-1",
        "title": "年度团购",
        "amount": "120000.00",
        "contract_date": "2026-05-01",
    }
    bad = spec.post(f"{API}/contracts/", {**payload, "due_date": "2026-04-30"})
    assert (bad.status_code, bad.json()["field"]) == (422, "due_date")
    negative = spec.post(f"{API}/contracts/", {**payload, "amount": "-1"})
    assert (negative.status_code, negative.json()["field"]) == (422, "amount")
    created = spec.post(f"{API}/contracts/", {**payload, "due_date": "2027-04-30"})
    assert (created.status_code, created.json()["status"], created.json()["amount"]) == (
        201,
        "draft",
        "120000.00",
    )
    cid = created.json()["id"]
    assert spec.patch(f"{API}/contracts/{cid}", {"title": "年度团购协议"}).json()["title"] == "年度团购协议"
    assert spec.post(f"{API}/contracts/{cid}/review").status_code == 403
    assert manager.post(f"{API}/contracts/{cid}/review").json()["status"] == "reviewed"
    assert (
        manager.post(f"{API}/contracts/{cid}/send-back", {"reason": "金额有误"}).json()["status"] == "draft"
    )
    manager.post(f"{API}/contracts/{cid}/review")
    assert manager.post(f"{API}/contracts/{cid}/sign").json()["status"] == "signed"
    assert manager.post(f"{API}/contracts/{cid}/sign").status_code == 409
    upload = SimpleUploadedFile("合同扫描件.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    attached = spec.client.post(f"{API}/contracts/{cid}/attachments", {"file": upload}, headers=spec.headers)
    assert (attached.status_code, attached.json()["name"]) == (201, "合同扫描件.pdf")
    assert spec.get(f"{API}/contracts/{cid}").json()["attachments"][0]["size"] == 13
    assert (
        manager.post(f"{API}/contracts/{cid}/terminate", {"reason": "客户业务调整"}).json()["status"]
        == "terminated"
    )
    assert spec.get(f"{API}/contracts/", {"account_id": accounts["a1"].pk}).json()["count"] == 1
    assert api_client(org["spec2"]).get(f"{API}/contracts/{cid}").status_code == 404
    assert Contract.objects.get(pk=cid).history.count() == 7


def test_receivable_and_payment_endpoints(
    org: dict[str, Any], accounts: dict[str, Any], api_client: Any
) -> None:
    spec = api_client(org["spec1"])
    contract = ContractFactory(account=accounts["a1"])
    created = spec.post(
        f"{API}/receivables/",
        {
            "account_id": accounts["a1"].pk,
            "amount": "1000",
            "due_date": "2026-01-31",
            "contract_id": contract.pk,
        },
    )
    assert created.status_code == 201
    rid = created.json()["id"]
    assert (
        spec.post(
            f"{API}/receivables/", {"account_id": accounts["a1"].pk, "amount": "-5", "due_date": "2026-01-31"}
        ).json()["field"]
        == "amount"
    )
    assert (
        spec.post(
            f"{API}/receivables/",
            {"account_id": accounts["a1"].pk, "amount": "1e13", "due_date": "2026-01-31"},
        ).status_code
        == 422
    )
    assert (
        spec.patch(f"{API}/receivables/{rid}", {"description": "第 1 期款"}).json()["description"]
        == "第 1 期款"
    )
    paid = spec.post(
        f"{API}/payments/",
        {"receivable_id": rid, "amount": "400", "paid_on": "2026-02-01", "reference": "YH001"},
    )
    assert paid.status_code == 201
    over = spec.post(f"{API}/payments/", {"receivable_id": rid, "amount": "600.01"})
    assert (over.status_code, over.json()["field"]) == (422, "amount")
    receivable = spec.get(f"{API}/receivables/{rid}").json()
    assert (receivable["collected"], receivable["outstanding"]) == ("400.00", "600.00")
    assert spec.get(f"{API}/receivables/", {"outstanding": True}).json()["count"] == 1
    assert spec.get(f"{API}/payments/", {"receivable_id": rid}).json()["count"] == 1
    assert spec.get(f"{API}/payments/{paid.json()['id']}").status_code == 200
    assert spec.delete(f"{API}/receivables/{rid}").status_code == 409
    assert spec.delete(f"{API}/payments/{paid.json()['id']}").status_code == 204
    assert Payment.all_objects.get().deleted_at is not None
    assert spec.delete(f"{API}/receivables/{rid}").status_code == 204
    other = ReceivableFactory(account=accounts["a3"])
    assert spec.get(f"{API}/receivables/{other.pk}").status_code == 404
    assert (
        spec.post(f"{API}/payments/", {"receivable_id": other.pk, "amount": "1"}).json()["field"]
        == "receivable_id"
    )


def test_reconciliation_endpoints(org: dict[str, Any], accounts: dict[str, Any], api_client: Any) -> None:
    ReceivableFactory(account=accounts["a1"], amount=Decimal("500.00"), due_date=date(2026, 4, 10))
    finance = UserFactory(posts=["finance"], department=None)
    fin = api_client(finance)
    created = fin.post(f"{API}/reconciliations/", {"account_id": accounts["a1"].pk, "month": "2026-04"})
    assert (created.status_code, created.json()["billed"], created.json()["month"]) == (
        201,
        "500.00",
        "2026-04",
    )
    sid = created.json()["id"]
    assert (
        fin.post(f"{API}/reconciliations/", {"account_id": accounts["a1"].pk, "month": "2026-04"}).status_code
        == 409
    )
    assert (
        fin.post(f"{API}/reconciliations/", {"account_id": accounts["a1"].pk, "month": "2026-13"}).json()[
            "field"
        ]
        == "month"
    )
    spec = api_client(org["spec1"])
    disputed = spec.post(f"{API}/reconciliations/{sid}/dispute", {"reason": "发票未到"})
    assert (disputed.json()["status"], disputed.json()["dispute_reason"]) == ("disputed", "发票未到")
    assert spec.post(f"{API}/reconciliations/{sid}/agree").json()["status"] == "agreed"
    assert spec.get(f"{API}/reconciliations/", {"month": "2026-04"}).json()["count"] == 1
    assert spec.get(f"{API}/reconciliations/{sid}").status_code == 200
    assert api_client(org["spec2"]).get(f"{API}/reconciliations/{sid}").status_code == 404
    assert Reconciliation.objects.get().history.count() == 3


def test_deal_endpoints(org: dict[str, Any], accounts: dict[str, Any], api_client: Any) -> None:
    site = SiteFactory(department=org["ka1"])
    spec = api_client(org["spec1"])
    created = spec.post(
        f"{API}/deals/",
        {
            "account_id": accounts["a1"].pk,
            "site_id": site.pk,
            "occurred_at": "2026-05-01T10:00:00",
            "amount": "880000",
        },
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["specialist_id"], body["site_id"], body["amount"]) == (org["spec1"].pk, site.pk, "880000.00")
    did = body["id"]
    assert (
        spec.post(f"{API}/deals/", {"account_id": accounts["a1"].pk, "amount": "-1"}).json()["field"]
        == "amount"
    )
    assert (
        spec.patch(f"{API}/deals/{did}", {"notes": "带客户参观样板间"}).json()["notes"] == "带客户参观样板间"
    )
    listed = spec.get(f"{API}/deals/", {"since": "2026-05-01T00:00:00", "until": "2026-05-02T00:00:00"})
    assert listed.json()["count"] == 1
    assert spec.get(f"{API}/deals/", {"specialist_id": org["spec1"].pk}).json()["count"] == 1
    other = DealFactory(account=accounts["a3"])
    assert spec.get(f"{API}/deals/{other.pk}").status_code == 404
    assert api_client(org["manager1"]).get(f"{API}/deals/{did}").status_code == 200
    assert spec.get(f"{API}/deals/{did}").status_code == 200
    assert spec.delete(f"{API}/deals/{did}").status_code == 204


def test_ownership_history_is_kept_through_the_api(
    org: dict[str, Any], accounts: dict[str, Any], api_client: Any
) -> None:
    api_client(org["manager1"]).post(
        f"{API}/accounts/{accounts['a1'].pk}/assign", {"owner_id": None, "reason": "退回公海"}
    )
    change = AccountOwnership.objects.get()
    assert (change.kind, change.from_owner, change.to_owner) == ("released", org["spec1"], None)
