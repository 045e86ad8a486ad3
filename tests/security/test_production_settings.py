"""Production settings (issue 12, item 8): the deploy check, TLS cookies and HSTS, CSP, session expiry."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

PRODUCTION = {
    "KAM_DEBUG": "0",
    "KAM_HTTPS": "1",
    "KAM_SECRET_KEY": secrets.token_urlsafe(50),
    "KAM_ALLOWED_HOSTS": "kam.example.com",
    "KAM_TESTING": "0",
}


def _kam(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **PRODUCTION, "KAM_DATA_DIR": str(tmp_path)}
    env.pop("PYTEST_XDIST_WORKER", None)
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_deploy_check_reports_nothing_with_production_variables(tmp_path: Path) -> None:
    result = _kam(
        "import sys; from kam.__main__ import main; sys.argv = ['kam', 'check', '--deploy', "
        "'--fail-level', 'WARNING']; main()",
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_behind_tls_cookies_are_secure_and_hsts_is_a_year(tmp_path: Path) -> None:
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'kam.settings'); django.setup();"
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
        " s.SESSION_COOKIE_HTTPONLY, s.DEBUG, s.SESSION_COOKIE_AGE)"
    )
    result = _kam(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "31536000", "True", "False", "43200"]


@pytest.mark.django_db
def test_every_page_carries_the_content_security_policy(client: Any) -> None:
    response = client.get("/login/")
    policy = response.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_a_session_expires_after_the_configured_hours(
    client: Any, org: dict[str, Any], settings: Any
) -> None:
    client.force_login(org["spec1"])
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 12 * 3600
