"""The demo company's key accounts: a few hundred Hangzhou companies in the 8 specialists' territories,
with contacts, channels, sites and assets, contracts, receivables and payments, statements and deals
over the past six months, and some accounts waiting in the department pools.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from simple_history.utils import bulk_create_with_history

from kam.accounts import demo_data as words
from kam.accounts import demo_money, rules
from kam.accounts.models import Account, AccountOwnership, Asset, Channel, Contact, Site
from kam.accounts.services.accounts import derive_keys
from kam.accounts.services.imports import refresh_statistics
from kam.core import clock
from kam.core.demo import DemoContext

SPECIALISTS = ("zhangwei", "liuyang", "chenxi", "yangfan", "huanglei", "zhaomin", "wujing", "sunhao")
MANAGERS = {"ka1": "liming", "ka2": "wangfang"}
PER_SPECIALIST = 36
POOLED_PER_DEPARTMENT = 12
STATUSES = (("active", 55), ("developing", 15), ("prospect", 12), ("dormant", 10), ("terminated", 8))
TIERS = (("A", 15), ("B", 35), ("C", 50))


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def credit_code(rng: random.Random, region: str) -> str:
    """Return a valid unified social credit code of an enterprise (91) registered in ``region``."""
    body = "91" + region + "".join(rng.choice(rules.CREDIT_CODE_CHARSET) for _ in range(9))
    return body + rules.credit_code_check_char(body)


def _mobile(rng: random.Random) -> str:
    return (
        rng.choice(("135", "136", "138", "139", "150", "158", "177", "186", "188", "199"))
        + f"{rng.randint(0, 99999999):08d}"
    )


def _bbox(boundary: dict[str, Any]) -> tuple[float, float, float, float]:
    ring = boundary["coordinates"][0]
    lngs, lats = [p[0] for p in ring], [p[1] for p in ring]
    return min(lngs), min(lats), max(lngs), max(lats)


def _local(day: date, rng: random.Random) -> datetime:
    return datetime.combine(
        day, time(rng.randint(9, 16), rng.choice((0, 15, 30, 45))), tzinfo=clock.local_zone()
    )


class Builder:
    """Builds the demo accounts step by step, keeping what later steps need."""

    def __init__(self, ctx: DemoContext):
        self.ctx, self.rng = ctx, ctx.rng
        self.users, self.departments = ctx.data["users"], ctx.data["departments"]
        self.territories = ctx.data["territories"]
        self.today, self.now = clock.local_today(), clock.now()
        self.names: set[str] = {"华夏集团有限公司"}
        self.codes: set[str] = set()

    def department_key(self, username: str) -> str:
        return "ka1" if SPECIALISTS.index(username) < 4 else "ka2"

    def name(self) -> tuple[str, str, str]:
        while True:
            brand, (word, industry) = self.rng.choice(words.BRANDS), self.rng.choice(words.INDUSTRIES)
            suffix = _pick(self.rng, words.SUFFIXES)
            prefix = "浙江" if self.rng.random() < 0.2 else "杭州"
            name = f"{prefix}{brand}{word}{suffix}"
            if name not in self.names:
                self.names.add(name)
                return name, brand, industry

    def code(self, region: str) -> str:
        code = credit_code(self.rng, region)
        while code in self.codes:
            code = credit_code(self.rng, region)
        self.codes.add(code)
        return code

    def channels(self) -> list[Channel]:
        rows = []
        for index, (name, kind) in enumerate(words.CHANNELS):
            owner = self.users[SPECIALISTS[index % len(SPECIALISTS)]]
            rows.append(
                Channel(
                    name=name,
                    kind=kind,
                    owner=owner,
                    department=owner.department,
                    territory=self.territories[index % len(SPECIALISTS)],
                    status="proposed" if index % 5 == 4 else "active",
                    contact_person=self.rng.choice(words.SURNAMES) + self.rng.choice(words.GIVEN),
                    phone=_mobile(self.rng),
                )
            )
        return bulk_create_with_history(
            rows, Channel, default_user=self.users["liming"], default_date=self.now
        )

    def sites(self) -> list[Site]:
        rows = [
            Site(
                name=name,
                department=self.departments["ka1" if i % 2 == 0 else "ka2"],
                manager=self.users[MANAGERS["ka1" if i % 2 == 0 else "ka2"]],
                address=f"杭州市{address}",
                region_code=region,
                opened_on=self.today - timedelta(days=self.rng.randint(200, 900)),
            )
            for i, (name, region, address) in enumerate(words.SITES)
        ]
        sites = bulk_create_with_history(rows, Site, default_user=self.users["liming"], default_date=self.now)
        assets = [
            Asset(
                site=site,
                code=f"ZC-{site.pk:02d}-{n:03d}",
                name=name,
                category=category,
                location=location,
                custodian=site.manager,
                status=self.rng.choice(("in_use", "in_use", "in_use", "idle", "under_repair")),
                acquired_on=self.today - timedelta(days=self.rng.randint(30, 1500)),
            )
            for site in sites
            for n, (name, category, location) in enumerate(self.rng.sample(words.ASSETS, 6), start=1)
        ]
        bulk_create_with_history(assets, Asset, default_user=self.users["liming"], default_date=self.now)
        return sites

    def account(
        self, owner_name: str | None, department: str, territory: Any, channels: list[Channel]
    ) -> Account:
        name, brand, industry = self.name()
        west, south, east, north = _bbox(territory.boundary)
        region = territory.region_codes[0]
        status = _pick(self.rng, STATUSES) if owner_name else self.rng.choice(("prospect", "developing"))
        account = Account(
            name=name,
            short_name=brand,
            credit_code=self.code(region),
            industry=industry,
            industry_standing=self.rng.choice(("leader", "major", "major", "average", "average", "emerging")),
            region_code=region,
            address=f"杭州市{territory.name}{self.rng.choice(words.STREETS)}{self.rng.randint(1, 999)}号",
            lat=Decimal(f"{self.rng.uniform(south, north):.6f}"),
            lng=Decimal(f"{self.rng.uniform(west, east):.6f}"),
            tier_id=_pick(self.rng, TIERS),
            status=status,
            owner=self.users[owner_name] if owner_name else None,
            department=self.departments[department],
            source_channel=self.rng.choice(channels) if self.rng.random() < 0.4 else None,
            growth_rate=Decimal(f"{self.rng.uniform(-15, 40):.2f}"),
            credit_rating=self.rng.choice(("AAA", "AA", "AA", "A", "A", "BBB", "BB")),
            profit_margin=Decimal(f"{self.rng.uniform(3, 28):.2f}"),
            notes=self.rng.choice(words.NOTES),
        )
        if status in ("active", "dormant") or (status == "terminated" and self.rng.random() < 0.5):
            account.developed_at = self.today - timedelta(
                days=self.rng.randint(3, 360 if status == "active" else 700)
            )
        derive_keys(account)
        return account

    def accounts(self, channels: list[Channel]) -> list[Account]:
        rows = []
        for index, username in enumerate(SPECIALISTS):
            department = self.department_key(username)
            for _ in range(PER_SPECIALIST):
                rows.append(self.account(username, department, self.territories[index], channels))
        for department, first in (("ka1", 0), ("ka2", 4)):
            for n in range(POOLED_PER_DEPARTMENT):
                rows.append(self.account(None, department, self.territories[first + n % 4], channels))
        flagship = rows[0]
        flagship.name, flagship.short_name, flagship.tier_id, flagship.status = (
            "华夏集团有限公司",
            "华夏",
            "A",
            "active",
        )
        flagship.developed_at = flagship.developed_at or self.today - timedelta(days=90)
        derive_keys(flagship)
        return bulk_create_with_history(
            rows,
            Account,
            batch_size=500,
            default_user=self.users["liming"],
            default_change_reason="demo",
            default_date=self.now,
        )

    def ownerships(self, accounts: list[Account]) -> None:
        rows = []
        for account in accounts:
            created = self.now - timedelta(days=self.rng.randint(200, 800))
            manager = self.users[
                MANAGERS["ka1" if account.department_id == self.departments["ka1"].pk else "ka2"]
            ]
            if account.owner_id is None:
                if self.rng.random() < 0.5:
                    previous = self.users[
                        self.rng.choice(SPECIALISTS[:4] if manager.username == "liming" else SPECIALISTS[4:])
                    ]
                    rows.append(
                        AccountOwnership(
                            account=account,
                            from_owner=previous,
                            changed_by=manager,
                            kind="released",
                            reason="客户专人调整，退回部门公海",
                            at=created,
                        )
                    )
                continue
            rows.append(
                AccountOwnership(
                    account=account,
                    to_owner_id=account.owner_id,
                    changed_by=account.owner,
                    kind="created",
                    at=created,
                )
            )
            if self.rng.random() < 0.06:
                team = [
                    u
                    for u in (SPECIALISTS[:4] if manager.username == "liming" else SPECIALISTS[4:])
                    if self.users[u].pk != account.owner_id
                ]
                previous = self.users[self.rng.choice(team)]
                rows[-1].to_owner = previous
                at = created + timedelta(days=self.rng.randint(30, 150))
                rows.append(
                    AccountOwnership(
                        account=account,
                        from_owner=previous,
                        to_owner_id=account.owner_id,
                        changed_by=manager,
                        kind="assigned",
                        reason="人员调整，客户移交",
                        at=at,
                    )
                )
        AccountOwnership.objects.bulk_create(rows, batch_size=500)

    def contacts(self, accounts: list[Account]) -> None:
        rows = []
        for account in accounts:
            for n in range(self.rng.choice((1, 1, 2, 2, 3))):
                title, role = self.rng.choice(words.TITLES)
                rows.append(
                    Contact(
                        account=account,
                        name=self.rng.choice(words.SURNAMES) + self.rng.choice(words.GIVEN),
                        title=title,
                        decision_role=role,
                        mobile=_mobile(self.rng),
                        other_phones=f"0571-8{self.rng.randint(1000000, 9999999)}"
                        if self.rng.random() < 0.3
                        else "",
                        birthday=date(
                            self.rng.randint(1962, 1996), self.rng.randint(1, 12), self.rng.randint(1, 28)
                        ),
                        preferences=self.rng.choice(words.PREFERENCES),
                        taboos=self.rng.choice(words.TABOOS),
                        is_primary=n == 0,
                    )
                )
        bulk_create_with_history(
            rows, Contact, batch_size=500, default_user=self.users["liming"], default_date=self.now
        )


def seed_accounts(ctx: DemoContext) -> None:
    """Fill the key account database of the demo company (A2c, A2k, A2n, A3)."""
    builder = Builder(ctx)
    channels = builder.channels()
    sites = builder.sites()
    ctx.progress(1, 8)
    accounts = builder.accounts(channels)
    ctx.progress(3, 8)
    builder.ownerships(accounts)
    builder.contacts(accounts)
    ctx.progress(5, 8)
    contracts = demo_money.contracts(builder, accounts)
    demo_money.receivables(builder, [c for c in contracts if c.status in ("signed", "expired")])
    ctx.progress(6, 8)
    demo_money.reconciliations(builder, accounts)
    demo_money.deals(builder, accounts, sites)
    refresh_statistics()
    ctx.progress(8, 8)
    ctx.data.update(accounts=accounts, sites=sites, channels=channels)


STEPS = [(20, "Key accounts, contacts, contracts, receivables and deals", seed_accounts)]
