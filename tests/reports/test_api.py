"""API: each dashboard's figures as JSON, and the key account management report (A2p)."""

from __future__ import annotations

from typing import Any

import pytest

from kam.reports.api import PERIOD_INVALID
from kam.reports.models import KeyAccountReport

pytestmark = pytest.mark.django_db


def test_dashboards_available(dataset: dict[str, Any], api_client: Any) -> None:
    body = api_client(dataset["regional"]).get("/api/v1/reports/dashboards/").json()
    assert body == {"boards": ["region", "ka_manager", "discipline"], "home": "region"}


def test_manager_dashboard_json(dataset: dict[str, Any], api_client: Any) -> None:
    response = api_client(dataset["manager1"]).get("/api/v1/reports/dashboards/ka_manager?month=2026-02")
    assert response.status_code == 200
    body = response.json()
    assert body["visits"]["total"] == 4
    assert body["deals"]["count"] == 2
    assert body["ageing"]["total"] == "5500.00"
    assert set(body["widgets"]) == {"hospitality_budget", "needs_due"}
    assert body["widgets"]["hospitality_budget"]["departments"] == []


def test_dashboard_of_another_post_is_403_and_unknown_is_404(
    dataset: dict[str, Any], api_client: Any
) -> None:
    client = api_client(dataset["spec1"])
    assert client.get("/api/v1/reports/dashboards/company").status_code == 403
    assert client.get("/api/v1/reports/dashboards/nope").status_code == 404


def test_bad_month_is_422_naming_the_field(dataset: dict[str, Any], api_client: Any) -> None:
    response = api_client(dataset["spec1"]).get("/api/v1/reports/dashboards/specialist?month=2026-13")
    assert response.status_code == 422
    assert response.json()["field"] == "month"


def test_report_json_and_keep(dataset: dict[str, Any], api_client: Any) -> None:
    client = api_client(dataset["manager1"])
    body = client.get("/api/v1/reports/key-account-report?month=2026-02").json()
    assert body["department"] == "大客户一部"
    assert body["figures"]["deals"] == 2
    bad = client.post("/api/v1/reports/key-account-reports/", {"month": "2026-02", "period": "week"})
    assert bad.status_code == 422 and bad.json() == {"detail": PERIOD_INVALID, "field": "period"}
    assert not KeyAccountReport.objects.exists()
    created = client.post("/api/v1/reports/key-account-reports/", {"month": "2026-02"})
    assert created.status_code == 201
    kept = KeyAccountReport.objects.get()
    assert created.json()["id"] == kept.pk
    listing = client.get("/api/v1/reports/key-account-reports/").json()
    assert listing["count"] == 1
    assert (
        client.get(f"/api/v1/reports/key-account-reports/{kept.pk}").json()["figures"]["label"] == "2026-02"
    )
    assert (
        api_client(dataset["manager2"]).get(f"/api/v1/reports/key-account-reports/{kept.pk}").status_code
        == 404
    )


def test_specialist_cannot_read_reports(dataset: dict[str, Any], api_client: Any) -> None:
    client = api_client(dataset["spec1"])
    assert client.get("/api/v1/reports/key-account-report").status_code == 403
    assert client.get("/api/v1/reports/key-account-reports/").status_code == 403
