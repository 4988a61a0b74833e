"""backup and restore_drill on the test database (SQLite or PostgreSQL, whichever runs)."""

import json
import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from schools.models import School

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(tmp_path, settings):
    root = tmp_path / "media"
    (root / "charters").mkdir(parents=True)
    (root / "charters" / "a.pdf").write_bytes(b"%PDF-1.4 demo")
    settings.MEDIA_ROOT = root
    return root


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_backup_writes_dump_media_and_manifest(world, media, tmp_path):
    out = run("backup", "--output", str(tmp_path / "bk"))

    manifest = json.loads((tmp_path / "bk" / "manifest.json").read_text())
    assert manifest["vendor"] == connection.vendor
    assert (tmp_path / "bk" / manifest["database"]).stat().st_size > 0
    assert manifest["tables"]["schools_school"]["rows"] == School.objects.count()
    assert len(manifest["tables"]["schools_school"]["sha256"]) == 64
    assert manifest["media"]["charters/a.pdf"]["size"] == len(b"%PDF-1.4 demo")
    assert "已备份到" in out


def test_backup_refuses_a_folder_in_use(world, media, tmp_path):
    (tmp_path / "bk").mkdir()
    (tmp_path / "bk" / "x").write_text("x")

    with pytest.raises(CommandError, match="已存在且不为空"):
        run("backup", "--output", str(tmp_path / "bk"))


def test_the_drill_restores_and_every_table_matches(world, media, tmp_path):
    run("backup", "--output", str(tmp_path / "bk"))

    out = run("restore_drill", str(tmp_path / "bk"), "--work", str(tmp_path / "work"))

    assert "恢复演练通过" in out
    assert "不一致，" not in out.split("恢复演练通过")[0].replace("0 不一致", "")
    line = next(x for x in out.splitlines() if x.startswith("schools_school "))
    assert line.endswith("一致") and f" {School.objects.count()} " in line


def test_the_drill_finds_a_changed_table_and_a_missing_file(world, media, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("tampering with the copy is shown on the SQLite file")
    run("backup", "--output", str(tmp_path / "bk"))
    copy = sqlite3.connect(tmp_path / "bk" / "database.sqlite3")
    copy.execute("DELETE FROM schools_teacher WHERE id = (SELECT MAX(id) FROM schools_teacher)")
    copy.commit()
    copy.close()
    (tmp_path / "bk" / "media" / "charters" / "a.pdf").unlink()

    with pytest.raises(CommandError) as error:
        run("restore_drill", str(tmp_path / "bk"), "--work", str(tmp_path / "work"))

    assert "schools_teacher" in str(error.value)
    assert "charters/a.pdf" in str(error.value)
