"""Exports of filtered lists to .xlsx and .csv (F2), shared by the pages and the API.

The rows stream from one query; the .csv streams to the client as it is written, the .xlsx is written
by openpyxl's write-only mode to a temporary file and streamed from there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import get_language, gettext_noop

from kam.accounts import columns, spreadsheets
from kam.accounts.models import Account, Contact
from kam.core import clock
from kam.core.errors import ValidationFailed

BAD_FORMAT = gettext_noop("Unknown export format; use xlsx or csv.")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _account_row(account: Account, language: str) -> list[Any]:
    return [
        account.pk,
        account.name,
        account.short_name,
        account.credit_code,
        account.industry,
        columns.label_for("industry_standing", account.industry_standing, language),
        account.region_code,
        account.address,
        account.lat,
        account.lng,
        account.tier_id,
        columns.label_for("status", account.status, language),
        account.owner.username if account.owner else "",
        account.department.name if account.department else "",
        account.source_channel.name if account.source_channel else "",
        account.growth_rate,
        account.credit_rating,
        account.profit_margin,
        account.developed_at,
        account.notes,
    ]


def _contact_row(contact: Contact, language: str) -> list[Any]:
    return [
        contact.pk,
        contact.account.credit_code,
        contact.account.name,
        contact.name,
        contact.title,
        columns.label_for("decision_role", contact.decision_role, language),
        contact.mobile,
        contact.other_phones,
        contact.email,
        contact.birthday,
        contact.preferences,
        contact.taboos,
    ]


def account_rows(rows: QuerySet[Account], language: str) -> Iterator[list[Any]]:
    query = rows.select_related("owner", "department", "source_channel").order_by("id")
    for account in query.iterator(chunk_size=2000):
        yield _account_row(account, language)


def contact_rows(rows: QuerySet[Contact], language: str) -> Iterator[list[Any]]:
    for contact in rows.select_related("account").order_by("id").iterator(chunk_size=2000):
        yield _contact_row(contact, language)


def export(kind: str, rows: QuerySet[Any], fmt: str) -> FileResponse | StreamingHttpResponse:
    """Return the rows as a download in ``fmt`` (xlsx or csv), headers in the current language."""
    if fmt not in ("csv", "xlsx"):
        raise ValidationFailed(BAD_FORMAT, field="format")
    language = get_language() or "zh-hans"
    table = columns.TABLES[kind]
    headers = [c.header(language) for c in table.columns]
    body = account_rows(rows, language) if kind == "accounts" else contact_rows(rows, language)
    stamp = clock.localtime(clock.now()).strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        response = StreamingHttpResponse(
            spreadsheets.csv_lines(headers, body), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{kind}-{stamp}.csv"'
        return response
    output = spreadsheets.write_xlsx(headers, body, title=kind)
    return FileResponse(output, as_attachment=True, filename=f"{kind}-{stamp}.xlsx", content_type=XLSX)
