"""factory_boy factories for the key account database (tests/accounts)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import factory

from kam.accounts import rules
from kam.accounts.models import (
    Account,
    Asset,
    Channel,
    Contact,
    Contract,
    Deal,
    Payment,
    Receivable,
    Site,
)
from kam.core import clock

_codes = random.Random(32100)


def credit_code(region: str = "330106") -> str:
    """Return a fresh valid unified social credit code (GB 32100-2015 check character)."""
    body = "91" + region + "".join(_codes.choice(rules.CREDIT_CODE_CHARSET) for _ in range(9))
    return body + rules.credit_code_check_char(body)


class AccountFactory(factory.django.DjangoModelFactory):
    """An account; pass ``owner=`` (its department follows) or ``department=`` for a pooled one."""

    class Meta:
        model = Account
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"杭州测试{n}号科技有限公司")
    credit_code = factory.LazyFunction(credit_code)
    owner = None
    department = factory.LazyAttribute(lambda a: a.owner.department if a.owner else None)
    status = "active"
    tier_id = "B"
    developed_at = factory.LazyFunction(lambda: clock.local_today() - timedelta(days=30))

    @factory.post_generation
    def keys(self, create: bool, extracted: object, **kwargs: object) -> None:
        self.name_key = rules.name_key(self.name)
        self.search_pinyin, self.search_initials = rules.search_keys(self.name, self.short_name)
        if create:
            Account.all_objects.filter(pk=self.pk).update(
                name_key=self.name_key, search_pinyin=self.search_pinyin, search_initials=self.search_initials
            )


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    account = factory.SubFactory(AccountFactory)
    name = factory.Sequence(lambda n: f"联系人{n}")
    title = "采购经理"
    mobile = factory.Sequence(lambda n: f"139{n:08d}")


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    name = factory.Sequence(lambda n: f"渠道{n}")
    kind = "distributor"
    status = "active"


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"案场{n}")


class AssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Asset

    site = factory.SubFactory(SiteFactory)
    code = factory.Sequence(lambda n: f"ZC-{n:05d}")
    name = "打印机"


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    account = factory.SubFactory(AccountFactory)
    number = factory.Sequence(lambda n: f"HT-2026-{n:04d}")
    title = "年度供货合同"
    amount = Decimal("100000.00")
    contract_date = factory.LazyFunction(lambda: clock.local_today() - timedelta(days=60))
    due_date = factory.LazyFunction(lambda: clock.local_today() + timedelta(days=300))


class ReceivableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Receivable

    account = factory.SubFactory(AccountFactory)
    amount = Decimal("50000.00")
    due_date = factory.LazyFunction(lambda: clock.local_today() - timedelta(days=45))


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    receivable = factory.SubFactory(ReceivableFactory)
    amount = Decimal("1000.00")
    paid_on = factory.LazyFunction(date.today)


class DealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deal

    account = factory.SubFactory(AccountFactory)
    specialist = factory.LazyAttribute(lambda d: d.account.owner)
    occurred_at = factory.LazyFunction(clock.now)
    amount = Decimal("20000.00")
