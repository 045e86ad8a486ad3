"""API fuzzing: Schemathesis generates requests for every operation of ``/api/v1/openapi.json``.

Each operation gets a bounded number of examples (``KAM_FUZZ_EXAMPLES``, default 3; ``make fuzz`` runs
more) as an administrator on a seeded organisation. No answer may be a server error, and every answer the
schema documents must conform to it.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from kam.org import services as org_services
from kam.wsgi import application

EXAMPLES = int(os.environ.get("KAM_FUZZ_EXAMPLES", "3"))

pytestmark = pytest.mark.django_db


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Any:
    """Keep the test's database connection across requests, as Django's test client does.

    Schemathesis calls the WSGI application directly, whose request-finished signal would close the
    connection, and with it the test's transaction (PostgreSQL).
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(org: dict[str, Any]) -> str:
    return org_services.token_issue(user=org["admin"])


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_documented_answers_conform(case: Any, admin_token: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {admin_token}"},
        checks=[checks.not_a_server_error, checks.response_schema_conformance],
    )
