"""Backup and restore round-trip: every table's row count and checksum come back (issue 12)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from kam.core import backup
from kam.org.models import Department, User
from tests.factories import DepartmentFactory, UserFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_then_restore_brings_back_every_table(tmp_path: Path, capsys: Any) -> None:
    if not backup.tools_available():
        pytest.skip("pg_dump / pg_restore are not installed")
    department = DepartmentFactory(name="备份部")
    UserFactory.create_batch(3, department=department, posts=["specialist"])
    before = backup.fingerprints()
    path = tmp_path / "kam.backup"
    call_command("backup", str(path))
    assert path.exists() and path.stat().st_size > 0
    assert "Backed up" in capsys.readouterr().out

    User.objects.filter(department=department).delete()
    Department.all_objects.filter(pk=department.pk).update(name="改掉了")
    assert backup.fingerprints() != before

    call_command("restore", str(path), "--yes")
    after = backup.fingerprints()
    assert after == before
    assert Department.objects.get(pk=department.pk).name == "备份部"


@pytest.mark.django_db
def test_restore_refuses_a_missing_file(tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(tmp_path / "nothing.sqlite3"), "--yes")
