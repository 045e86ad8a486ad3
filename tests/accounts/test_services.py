"""The key-account services: stored state, history and owner history, permissions, nothing half-written."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from kam.accounts import rules, services
from kam.accounts.models import (
    Account,
    AccountOwnership,
    Contact,
    Contract,
    Deal,
    Payment,
    Receivable,
    Reconciliation,
)
from kam.accounts.services import accounts as account_services
from kam.accounts.services import contracts as contract_services
from kam.accounts.services import finance as finance_services
from kam.core import clock
from kam.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from tests.factories_accounts import (
    AccountFactory,
    ContractFactory,
    ReceivableFactory,
    SiteFactory,
    credit_code,
)

pytestmark = pytest.mark.django_db
VALID = "91350100M000100Y43"


# Creating and editing accounts --------------------------------------------------------------------


def test_a_specialist_creates_an_own_account_with_history_and_owner_entry(org: dict[str, Any]) -> None:
    saved = services.account_create(
        actor=org["spec1"], name="华夏集团有限公司", short_name="华夏", credit_code=VALID
    )
    account = Account.objects.get(pk=saved.account.pk)
    assert (account.owner, account.department, account.status, account.tier_id) == (
        org["spec1"],
        org["ka1"],
        "prospect",
        "C",
    )
    assert (account.name_key, account.search_initials) == ("华夏", "hxjtyxgs hx")
    record = account.history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "+",
        org["spec1"],
        "created",
    )
    ownership = AccountOwnership.objects.get(account=account)
    assert (ownership.kind, ownership.from_owner, ownership.to_owner, ownership.changed_by) == (
        "created",
        None,
        org["spec1"],
        org["spec1"],
    )
    assert saved.warnings == []


def test_a_manager_puts_an_account_in_the_department_pool(org: dict[str, Any]) -> None:
    saved = services.account_create(
        actor=org["manager1"], name="杭州银行", owner_id=None, department_id=org["ka1"].pk
    )
    assert (saved.account.owner, saved.account.department) == (None, org["ka1"])
    assert not AccountOwnership.objects.exists()


def test_a_manager_places_an_account_with_a_specialist_of_the_department(org: dict[str, Any]) -> None:
    saved = services.account_create(actor=org["manager1"], name="杭州银行", owner_id=org["spec2"].pk)
    assert (saved.account.owner, saved.account.department) == (org["spec2"], org["ka1"])


@pytest.mark.parametrize(
    ("actor", "owner", "department"),
    [
        ("spec1", "spec2", None),
        ("manager1", "spec3", None),
        ("manager1", None, "ka2"),
        ("regional", "spec4", None),
    ],
)
def test_accounts_cannot_be_placed_outside_ones_reach(
    org: dict[str, Any], actor: str, owner: str | None, department: str | None
) -> None:
    with pytest.raises(Forbidden):
        services.account_create(
            actor=org[actor],
            name="越权客户",
            owner_id=org[owner].pk if owner else None,
            department_id=org[department].pk if department else None,
        )
    assert not Account.all_objects.exists()


@pytest.mark.parametrize("post_user", ["admin"])
def test_posts_without_write_reach_cannot_create(org: dict[str, Any], post_user: str) -> None:
    from tests.factories import UserFactory

    inspector = UserFactory(posts=["inspector"], department=org["ka1"])
    with pytest.raises(Forbidden):
        services.account_create(
            actor=inspector, name="督查不建客户", owner_id=None, department_id=org["ka1"].pk
        )


def test_an_owner_must_be_a_specialist(org: dict[str, Any]) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.account_create(actor=org["admin"], name="客户", owner_id=org["regional"].pk)
    assert (caught.value.field, caught.value.message) == ("owner_id", account_services.OWNER_NOT_SPECIALIST)


def test_a_wrong_credit_code_writes_nothing(org: dict[str, Any]) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.account_create(actor=org["spec1"], name="华夏", credit_code="91350100M000100Y44")
    assert caught.value.field == "credit_code"
    assert not Account.all_objects.exists()
    assert not Account.history.exists()


def test_a_duplicate_credit_code_is_refused_naming_the_existing_account(
    accounts: dict[str, Any], org: dict[str, Any]
) -> None:
    existing = accounts["a3"]
    with pytest.raises(Conflict) as caught:
        services.account_create(actor=org["spec1"], name="别的名字", credit_code=existing.credit_code.lower())
    assert caught.value.field == "credit_code"
    assert caught.value.extra == {"existing": {"id": existing.pk, "name": existing.name}}
    assert caught.value.message == account_services.DUPLICATE_CREDIT_CODE.format(
        name=existing.name, id=existing.pk
    )
    assert Account.objects.count() == 5


def test_a_deleted_accounts_credit_code_can_be_used_again(
    accounts: dict[str, Any], org: dict[str, Any]
) -> None:
    old = accounts["a1"]
    services.account_delete(actor=org["manager1"], account=old)
    saved = services.account_create(actor=org["spec1"], name="华夏集团", credit_code=old.credit_code)
    assert saved.account.credit_code == old.credit_code


def test_a_near_duplicate_name_is_created_with_a_warning(
    accounts: dict[str, Any], org: dict[str, Any]
) -> None:
    saved = services.account_create(actor=org["spec2"], name="华夏集团", credit_code=credit_code())
    assert [(w.id, w.name) for w in saved.warnings] == [(accounts["a1"].pk, "华夏集团有限公司")]
    assert saved.warnings[0].message == account_services.NEAR_DUPLICATE.format(
        name="华夏集团有限公司", id=accounts["a1"].pk
    )


def test_editing_updates_keys_history_and_refuses_a_taken_code(
    accounts: dict[str, Any], org: dict[str, Any]
) -> None:
    account = accounts["a2"]
    saved = services.account_update(
        actor=org["spec2"], account=account, name="华夏集团股份有限公司", industry="建筑业"
    )
    assert saved.account.search_initials.startswith("hxjtgfyxgs")
    assert [w.id for w in saved.warnings] == [accounts["a1"].pk]
    assert account.history.first().history_change_reason == "edited"
    with pytest.raises(Conflict):
        services.account_update(actor=org["spec2"], account=account, credit_code=accounts["a1"].credit_code)
    account.refresh_from_db()
    assert account.name == "华夏集团股份有限公司"


def test_only_the_owner_and_managers_edit(accounts: dict[str, Any], org: dict[str, Any]) -> None:
    with pytest.raises(Forbidden):
        services.account_update(actor=org["spec2"], account=accounts["a1"], notes="不是我的")
    services.account_update(actor=org["manager1"], account=accounts["a1"], notes="经理补充")
    services.account_update(actor=org["regional"], account=accounts["a3"], notes="大区补充")
    with pytest.raises(Forbidden):
        services.account_update(actor=org["manager2"], account=accounts["a1"], notes="别的部门")


def test_editing_cannot_change_the_owner(accounts: dict[str, Any], org: dict[str, Any]) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.account_update(actor=org["manager1"], account=accounts["a1"], owner_id=org["spec2"].pk)
    assert caught.value.field == "owner_id"


# Status moves -------------------------------------------------------------------------------------


def test_becoming_active_sets_developed_at_to_today(org: dict[str, Any]) -> None:
    account = AccountFactory(owner=org["spec1"], status="prospect", developed_at=None)
    services.account_transition(actor=org["spec1"], account=account, status="developing")
    assert account.developed_at is None
    services.account_transition(actor=org["spec1"], account=account, status="active")
    account.refresh_from_db()
    assert (account.status, account.developed_at) == ("active", clock.local_today())
    assert account.history.first().history_change_reason == "developing → active"


def test_a_given_developed_at_is_kept_and_reviving_keeps_it(org: dict[str, Any]) -> None:
    account = AccountFactory(owner=org["spec1"], status="developing", developed_at=None)
    services.account_transition(
        actor=org["spec1"], account=account, status="active", developed_at="2026-03-15"
    )
    services.account_transition(actor=org["spec1"], account=account, status="dormant")
    services.account_transition(actor=org["spec1"], account=account, status="active")
    account.refresh_from_db()
    assert account.developed_at == date(2026, 3, 15)


def test_a_refused_move_names_both_statuses_and_changes_nothing(org: dict[str, Any]) -> None:
    account = AccountFactory(owner=org["spec1"], status="prospect", developed_at=None)
    with pytest.raises(rules.TransitionRefused) as caught:
        services.account_transition(actor=org["spec1"], account=account, status="active")
    assert caught.value.message == "An account cannot move from prospect to active."
    account.refresh_from_db()
    assert (account.status, account.history.count()) == ("prospect", 1)


def test_creating_an_active_account_sets_developed_at(org: dict[str, Any]) -> None:
    saved = services.account_create(actor=org["spec1"], name="已合作客户", status="active")
    assert saved.account.developed_at == clock.local_today()
    historical = services.account_create(
        actor=org["spec1"], name="历史客户", status="active", developed_at="2025-05-01"
    )
    assert historical.account.developed_at == date(2025, 5, 1)


# Ownership: assignment, the pool, claims ----------------------------------------------------------


def test_a_manager_reassigns_with_a_reason_kept_in_the_owner_history(
    accounts: dict[str, Any], org: dict[str, Any]
) -> None:
    account = accounts["a1"]
    services.account_assign(
        actor=org["manager1"], account=account, owner_id=org["spec2"].pk, reason="人员调整"
    )
    account.refresh_from_db()
    assert account.owner == org["spec2"]
    change = AccountOwnership.objects.get(account=account)
    assert (change.kind, change.from_owner, change.to_owner, change.changed_by, change.reason) == (
        "assigned",
        org["spec1"],
        org["spec2"],
        org["manager1"],
        "人员调整",
    )
    assert account.history.first().history_change_reason == "人员调整"


def test_assigning_needs_a_reason_and_a_manager(accounts: dict[str, Any], org: dict[str, Any]) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.account_assign(
            actor=org["manager1"], account=accounts["a1"], owner_id=org["spec2"].pk, reason=" "
        )
    assert caught.value.field == "reason"
    with pytest.raises(Forbidden):
        services.account_assign(
            actor=org["spec1"], account=accounts["a1"], owner_id=org["spec2"].pk, reason="想给同事"
        )
    with pytest.raises(Forbidden):
        services.account_assign(
            actor=org["manager1"], account=accounts["a1"], owner_id=org["spec3"].pk, reason="跨部门"
        )
    assert not AccountOwnership.objects.exists()


def test_the_regional_manager_moves_an_account_across_departments(
    accounts: dict[str, Any], org: dict[str, Any]
) -> None:
    account = accounts["a1"]
    services.account_assign(
        actor=org["regional"], account=account, owner_id=org["spec3"].pk, reason="区域调整"
    )
    account.refresh_from_db()
    assert (account.owner, account.department) == (org["spec3"], org["ka2"])


def test_releasing_to_the_pool_and_claiming_back(accounts: dict[str, Any], org: dict[str, Any]) -> None:
    account = accounts["a2"]
    services.account_assign(actor=org["manager1"], account=account, owner_id=None, reason="专人离职")
    account.refresh_from_db()
    assert (account.owner, account.department) == (None, org["ka1"])
    claimed = services.account_claim(actor=org["spec1"], account_id=account.pk)
    assert claimed.owner == org["spec1"]
    kinds = list(
        AccountOwnership.objects.filter(account=account).order_by("id").values_list("kind", "to_owner")
    )
    assert kinds == [("released", None), ("claimed", org["spec1"].pk)]
    record = account.history.order_by("-history_id").first()
    assert (record.history_type, record.history_user, record.history_change_reason, record.owner_id) == (
        "~",
        org["spec1"],
        "claimed",
        org["spec1"].pk,
    )


def test_two_claims_one_winner(accounts: dict[str, Any], org: dict[str, Any]) -> None:
    pool = accounts["pool"]
    services.account_claim(actor=org["spec1"], account_id=pool.pk)
    with pytest.raises(Conflict) as caught:
        services.account_claim(actor=org["spec2"], account_id=pool.pk)
    assert caught.value.message == account_services.ALREADY_CLAIMED
    pool.refresh_from_db()
    assert pool.owner == org["spec1"]
    assert AccountOwnership.objects.filter(account=pool, kind="claimed").count() == 1
    assert pool.history.filter(history_change_reason="claimed").count() == 1


def test_the_claim_is_one_conditional_update(accounts: dict[str, Any], org: dict[str, Any]) -> None:
    """Two racing claims run the same guarded UPDATE; the database lets exactly one change the row."""
    pool = accounts["pool"]
    guard = {"pk": pool.pk, "owner__isnull": True, "department_id": org["ka1"].pk, "deleted_at__isnull": True}
    first = Account.objects.filter(**guard).update(owner_id=org["spec1"].pk)
    second = Account.objects.filter(**guard).update(owner_id=org["spec2"].pk)
    assert (first, second) == (1, 0)
    pool.refresh_from_db()
    assert pool.owner == org["spec1"]


def test_claims_only_from_ones_own_department_pool(accounts: dict[str, Any], org: dict[str, Any]) -> None:
    with pytest.raises(NotFound):
        services.account_claim(actor=org["spec3"], account_id=accounts["pool"].pk)
    with pytest.raises(Forbidden):
        services.account_claim(actor=org["manager1"], account_id=accounts["pool"].pk)
    with pytest.raises(Conflict):
        services.account_claim(actor=org["spec1"], account_id=accounts["a2"].pk)
    assert not AccountOwnership.objects.exists()


def test_deleting_is_soft_and_refused_while_money_is_owed(
    accounts: dict[str, Any], org: dict[str, Any]
) -> None:
    account = accounts["a1"]
    ReceivableFactory(account=account)
    with pytest.raises(Conflict):
        services.account_delete(actor=org["manager1"], account=account)
    with pytest.raises(Forbidden):
        services.account_delete(actor=org["spec2"], account=accounts["a2"])
    services.account_delete(actor=org["manager1"], account=accounts["a2"], reason="重复录入")
    assert not Account.objects.filter(pk=accounts["a2"].pk).exists()
    assert Account.all_objects.get(pk=accounts["a2"].pk).history.first().history_change_reason == "重复录入"


# Contacts, channels, sites and assets -------------------------------------------------------------


def test_contacts_need_a_mainland_mobile_and_keep_one_primary(
    accounts: dict[str, Any], org: dict[str, Any]
) -> None:
    account = accounts["a1"]
    with pytest.raises(ValidationFailed) as caught:
        services.contact_create(actor=org["spec1"], account=account, name="王总", mobile="12345")
    assert (caught.value.field, caught.value.message) == ("mobile", rules.MOBILE_INVALID)
    assert not Contact.all_objects.exists()
    first = services.contact_create(
        actor=org["spec1"], account=account, name="王总", mobile="+86 139 0000 1111", is_primary=True
    )
    second = services.contact_create(
        actor=org["spec1"], account=account, name="李经理", taboos="清真饮食", is_primary=True
    )
    first.refresh_from_db()
    assert (first.mobile, first.is_primary, second.is_primary) == ("13900001111", False, True)
    with pytest.raises(Forbidden):
        services.contact_create(actor=org["spec2"], account=account, name="越权")


def test_channels_are_proposed_by_specialists_and_activated_by_the_manager(org: dict[str, Any]) -> None:
    channel = services.channel_create(actor=org["spec1"], name="西湖建材联盟", kind="association")
    assert (channel.owner, channel.department, channel.status) == (org["spec1"], org["ka1"], "proposed")
    with pytest.raises(ValidationFailed):
        services.channel_update(actor=org["spec1"], channel=channel, status="active")
    services.channel_update(actor=org["manager1"], channel=channel, status="active")
    assert channel.status == "active"


def test_sites_and_assets_are_the_managers(org: dict[str, Any]) -> None:
    site = services.site_create(actor=org["manager1"], name="滨江·云庐案场", department_id=org["ka1"].pk)
    with pytest.raises(Forbidden):
        services.site_create(actor=org["manager1"], name="别部门案场", department_id=org["ka2"].pk)
    asset = services.asset_create(
        actor=org["manager1"], site=site, code="ZC-001", name="打印机", custodian_id=org["spec1"].pk
    )
    assert asset.custodian == org["spec1"]
    with pytest.raises(Conflict) as caught:
        services.asset_create(actor=org["manager1"], site=site, code="ZC-001", name="复印机")
    assert caught.value.field == "code"
    with pytest.raises(Forbidden):
        services.asset_create(actor=org["spec1"], site=site, code="ZC-002", name="投影仪")


# Contracts (A2d) ----------------------------------------------------------------------------------


def test_a_contract_is_drafted_reviewed_and_signed_by_the_manager(
    accounts: dict[str, Any], org: dict[str, Any]
) -> None:
    today = clock.local_today()
    contract = services.contract_create(
        actor=org["spec1"],
        account=accounts["a1"],
        number="HT-1",
        title="年度团购",
        amount="120000",
        contract_date=today,
    )
    assert contract.status == "draft"
    with pytest.raises(Forbidden):
        services.contract_review(actor=org["spec1"], contract=contract)
    services.contract_review(actor=org["manager1"], contract=contract)
    with pytest.raises(Conflict):
        services.contract_update(actor=org["spec1"], contract=contract, amount="1")
    services.contract_sign(actor=org["manager1"], contract=contract)
    contract.refresh_from_db()
    assert (contract.status, contract.reviewed_by, contract.signed_by) == (
        "signed",
        org["manager1"],
        org["manager1"],
    )
    assert [h.history_change_reason for h in contract.history.order_by("history_id")] == [
        "drafted",
        "reviewed",
        "signed",
    ]
    with pytest.raises(rules.TransitionRefused):
        services.contract_review(actor=org["manager1"], contract=contract)


def test_a_due_date_before_the_contract_date_is_refused(
    accounts: dict[str, Any], org: dict[str, Any]
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.contract_create(
            actor=org["spec1"],
            account=accounts["a1"],
            number="HT-2",
            title="合同",
            amount="1",
            contract_date="2026-05-02",
            due_date="2026-05-01",
        )
    assert (caught.value.field, caught.value.message) == ("due_date", rules.DUE_BEFORE_CONTRACT)
    assert not Contract.all_objects.exists()


def test_contract_numbers_are_unique_and_amounts_not_negative(
    accounts: dict[str, Any], org: dict[str, Any]
) -> None:
    ContractFactory(account=accounts["a1"], number="HT-9")
    with pytest.raises(Conflict):
        services.contract_create(
            actor=org["spec1"],
            account=accounts["a1"],
            number="HT-9",
            title="t",
            amount="1",
            contract_date="2026-01-01",
        )
    with pytest.raises(ValidationFailed) as caught:
        services.contract_create(
            actor=org["spec1"],
            account=accounts["a1"],
            number="HT-10",
            title="t",
            amount="-1",
            contract_date="2026-01-01",
        )
    assert caught.value.field == "amount"


def test_terminating_needs_a_reason_and_expiry_is_swept(
    accounts: dict[str, Any], org: dict[str, Any]
) -> None:
    contract = ContractFactory(account=accounts["a1"], status="signed")
    with pytest.raises(ValidationFailed):
        services.contract_terminate(actor=org["manager1"], contract=contract, reason="")
    old = ContractFactory(
        account=accounts["a1"], status="signed", contract_date=date(2024, 1, 1), due_date=date(2025, 1, 1)
    )
    assert contract_services.contracts_expire() == 1
    old.refresh_from_db()
    assert old.status == "expired"
    services.contract_terminate(actor=org["manager1"], contract=contract, reason="客户业务调整")
    assert (contract.status, contract.end_reason) == ("terminated", "客户业务调整")


# Receivables, payments, reconciliations (A2n) -----------------------------------------------------


def test_payments_update_the_receivable_and_over_payment_is_refused(
    accounts: dict[str, Any], org: dict[str, Any]
) -> None:
    receivable = services.receivable_create(
        actor=org["fin"] if "fin" in org else org["admin"],
        account=accounts["a1"],
        amount="1000",
        due_date="2026-01-31",
    )
    payment = services.payment_create(
        actor=org["spec1"], receivable=receivable, amount="400", paid_on="2026-02-01"
    )
    receivable.refresh_from_db()
    assert (receivable.collected, receivable.outstanding) == (Decimal("400.00"), Decimal("600.00"))
    assert receivable.history.first().history_change_reason == "payment 400.00"
    with pytest.raises(ValidationFailed) as caught:
        services.payment_create(actor=org["spec1"], receivable=receivable, amount="600.01")
    assert caught.value.field == "amount"
    assert Payment.objects.count() == 1
    services.payment_delete(actor=org["spec1"], payment=payment)
    receivable.refresh_from_db()
    assert receivable.collected == Decimal("0.00")


@pytest.mark.parametrize(
    ("amount", "field"), [("-1", "amount"), ("0", "amount"), ("1000000000000", "amount")]
)
def test_bad_receivable_amounts_write_nothing(
    accounts: dict[str, Any], org: dict[str, Any], amount: str, field: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.receivable_create(
            actor=org["spec1"], account=accounts["a1"], amount=amount, due_date="2026-01-31"
        )
    assert caught.value.field == field
    assert not Receivable.all_objects.exists()


def test_finance_records_money_but_does_not_edit_accounts(
    accounts: dict[str, Any], org: dict[str, Any]
) -> None:
    from tests.factories import UserFactory

    finance = UserFactory(posts=["finance"], department=None)
    services.receivable_create(actor=finance, account=accounts["a4"], amount="10", due_date="2026-01-01")
    with pytest.raises(Forbidden):
        services.account_update(actor=finance, account=accounts["a4"], notes="财务不改客户")


def test_a_monthly_statement_is_agreed_or_disputed_with_a_reason(
    accounts: dict[str, Any], org: dict[str, Any]
) -> None:
    account = accounts["a1"]
    ReceivableFactory(account=account, amount=Decimal("500.00"), due_date=date(2026, 4, 20))
    earlier = ReceivableFactory(account=account, amount=Decimal("300.00"), due_date=date(2026, 3, 10))
    finance_services.payment_create(
        actor=org["admin"], receivable=earlier, amount="100", paid_on=date(2026, 3, 15)
    )
    finance_services.payment_create(
        actor=org["admin"], receivable=earlier, amount="50", paid_on=date(2026, 4, 2)
    )
    statement = services.reconciliation_create(actor=org["manager1"], account=account, month="2026-04")
    assert (statement.opening_balance, statement.billed, statement.collected, statement.closing_balance) == (
        Decimal("200.00"),
        Decimal("500.00"),
        Decimal("50.00"),
        Decimal("650.00"),
    )
    with pytest.raises(Conflict):
        services.reconciliation_create(actor=org["manager1"], account=account, month="2026-04")
    with pytest.raises(ValidationFailed) as caught:
        services.reconciliation_dispute(actor=org["spec1"], reconciliation=statement, reason="")
    assert caught.value.field == "reason"
    services.reconciliation_dispute(actor=org["spec1"], reconciliation=statement, reason="客户账面少 50 元")
    assert (statement.status, statement.dispute_reason) == ("disputed", "客户账面少 50 元")
    services.reconciliation_agree(actor=org["spec1"], reconciliation=statement)
    with pytest.raises(Conflict):
        services.reconciliation_dispute(actor=org["spec1"], reconciliation=statement, reason="再议")
    assert Reconciliation.objects.get().status == "agreed"


# Deals (B5) ---------------------------------------------------------------------------------------


def test_a_specialist_records_a_deal_at_a_department_site(
    accounts: dict[str, Any], org: dict[str, Any]
) -> None:
    site = SiteFactory(department=org["ka1"])
    deal = services.deal_create(actor=org["spec1"], account=accounts["a1"], site_id=site.pk, amount="880000")
    assert (deal.specialist, deal.site, deal.amount) == (org["spec1"], site, Decimal("880000.00"))
    assert deal.history.get().history_user == org["spec1"]


def test_deals_refuse_other_sites_the_future_and_negative_amounts(
    accounts: dict[str, Any], org: dict[str, Any]
) -> None:
    other = SiteFactory(department=org["ka3"])
    cases = [
        ({"site_id": other.pk, "amount": "1"}, "site_id"),
        ({"occurred_at": (clock.now() + timedelta(days=1)).isoformat(), "amount": "1"}, "occurred_at"),
        ({"amount": "-1"}, "amount"),
        ({"occurred_at": "yesterday", "amount": "1"}, "occurred_at"),
    ]
    for values, field in cases:
        with pytest.raises(ValidationFailed) as caught:
            services.deal_create(actor=org["spec1"], account=accounts["a1"], **values)
        assert caught.value.field == field
    assert not Deal.all_objects.exists()


def test_a_manager_records_a_deal_for_a_specialist(accounts: dict[str, Any], org: dict[str, Any]) -> None:
    deal = services.deal_create(
        actor=org["manager1"], account=accounts["a2"], amount="1", occurred_at="2026-05-01T10:00"
    )
    assert deal.specialist == org["spec2"]
    assert clock.localtime(deal.occurred_at).hour == 10
    with pytest.raises(Forbidden):
        services.deal_create(
            actor=org["spec1"], account=accounts["a1"], specialist_id=org["spec2"].pk, amount="1"
        )
