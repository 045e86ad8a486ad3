"""Seed a BottleCRM database for the peer comparison; run by the peer's own Python (3.12, its venv).

    DJANGO_SETTINGS_MODULE=crm.settings python bench/peer_seed.py '{"accounts": N, "contacts": M}'

It connects as the database superuser (row-level security does not apply to it, so the bulk inserts need
no org context), creates one organisation with an admin member, that member's personal access token
minted by BottleCRM's own ``PersonalAccessToken.generate`` (BottleCRM has no password login for the API),
and N accounts and M contacts through ``bulk_create``. It prints one JSON line: the raw token, the first
1,000 account ids and the organisation id. This file imports nothing from kam: it runs in the peer's venv.
"""

from __future__ import annotations

import json
import sys

import django

django.setup()

from accounts.models import Account  # noqa: E402
from common.models import Org, PersonalAccessToken, Profile, User  # noqa: E402
from contacts.models import Contact  # noqa: E402

BATCH = 2_000


def main() -> None:
    sizes = json.loads(sys.argv[1])
    user = User.objects.create(email="bench@example.com", name="Bench Admin", is_active=True)
    org = Org.objects.create(name="Bench Org")
    profile = Profile.objects.create(user=user, org=org, role="ADMIN", is_active=True)
    raw, _pat = PersonalAccessToken.generate(profile, "bench")
    accounts = [
        Account(name=f"Account {i:07d}", org=org, industry="MANUFACTURING", created_by=user)
        for i in range(sizes["accounts"])
    ]
    Account.objects.bulk_create(accounts, batch_size=BATCH)
    contacts = [
        Contact(
            first_name=f"First{i}",
            last_name=f"Last{i}",
            org=org,
            account=accounts[i % len(accounts)] if accounts else None,
            created_by=user,
        )
        for i in range(sizes["contacts"])
    ]
    Contact.objects.bulk_create(contacts, batch_size=BATCH)
    ids = [str(a.id) for a in accounts[:1000]]
    print(json.dumps({"token": raw, "accounts": ids, "org": str(org.id)}))


if __name__ == "__main__":
    main()
