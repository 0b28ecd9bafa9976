"""deploy/backup.sh and deploy/restore.sh on real PostgreSQL: a backup restores into a new, empty database with its
files, its audit checkpoints and an intact audit trail; a changed dump, a non-empty target, an audit row edited
after the restore and events missing from the restored trail that the checkpoints recorded are all caught. Each
test commits its data (transaction=True) so that pg_dump, another process, can read it."""

import os
import re
import subprocess
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection
from django.test import Client

from accounts.roles import Role
from audit.models import AuditEvent
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def database_url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{quote(s['PASSWORD'], safe='')}" if s["PASSWORD"] else "")
    return f"postgresql://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{name}"


def run(script: str, *args, database: str, media: Path, checkpoints: Path | None = None) -> subprocess.CompletedProcess:
    from django.conf import settings

    env = os.environ | {
        "DATABASE_URL": database_url(database),
        "MEDIA_ROOT": str(media),
        "AUDIT_CHECKPOINT_DIR": str(checkpoints or getattr(settings, "AUDIT_CHECKPOINT_DIR", media.parent / "cp")),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PYTHON": str(ROOT / ".venv" / "bin" / "python"),
    }
    return subprocess.run(
        ["bash", str(ROOT / "deploy" / script), *args], env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def empty_database():
    """A new database with a unique name, dropped afterwards whatever happened."""
    name = f"stepwise_restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def audited_data(tree):
    """Audited actions of several kinds (role grants, a sign-in, a failed sign-in) and one uploaded file."""
    user = UserFactory(username="zhang")
    grant(user, tree.branch_a, Role.BRANCH_SECRETARY)
    grant(UserFactory(), tree.branch_b, Role.MEMBER)
    Client().post("/login/", {"username": "zhang", "password": "wrong-password"})
    Client().post("/login/", {"username": "zhang", "password": "pw-for-tests-123"})
    return AuditEvent.objects.count()


@pytest.fixture
def media(tmp_path):
    folder = tmp_path / "media"
    (folder / "attachments").mkdir(parents=True)
    (folder / "attachments" / "plan.pdf").write_bytes(b"%PDF-1.7 plan")
    return folder


def backup(tmp_path, media) -> Path:
    result = run("backup.sh", str(tmp_path / "backups"), database=connection.settings_dict["NAME"], media=media)
    assert result.returncode == 0, result.stderr
    folder = Path(result.stdout.strip().splitlines()[-1])
    assert sorted(p.name for p in folder.iterdir()) == [
        "SHA256SUMS", "checkpoints.tar.gz", "database.dump", "media.tar.gz"
    ]  # fmt: skip
    return folder


def query(database: str, sql: str):
    with psycopg.connect(database_url(database), autocommit=True) as conn:
        return conn.execute(sql).fetchall()


def test_a_backup_restores_with_its_files_and_an_intact_audit_trail_and_an_edited_row_is_named(
    audited_data, media, tmp_path, empty_database
):
    folder = backup(tmp_path, media)
    restored_media, restored_checkpoints = tmp_path / "restored-media", tmp_path / "restored-checkpoints"
    result = run(
        "restore.sh", str(folder), database=empty_database, media=restored_media, checkpoints=restored_checkpoints
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert query(empty_database, "SELECT count(*) FROM audit_auditevent") == [(audited_data,)]
    assert (restored_media / "attachments" / "plan.pdf").read_bytes() == b"%PDF-1.7 plan"
    assert any(restored_checkpoints.glob("*.json.gz"))  # the backed-up store, restored and compared with

    # Someone with superuser rights on the restored copy switches the append-only trigger off to edit history.
    # The trail is one chain here (administration, no case): the edited last event is the first broken one.
    (event_id,) = query(empty_database, "SELECT max(id) FROM audit_auditevent")[0]
    with psycopg.connect(database_url(empty_database), autocommit=True) as conn:
        conn.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_append_only")
        conn.execute("UPDATE audit_auditevent SET reason = 'edited' WHERE id = %s", [event_id])
        conn.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_append_only")
    verify = verify_audit(empty_database, restored_checkpoints)
    named = re.search(rf"\b{event_id}\b.*\b{audited_data - 1}\b", verify.stderr)  # the event, and the good ones
    assert verify.returncode != 0 and named, verify.stderr


def verify_audit(database: str, checkpoints: Path) -> subprocess.CompletedProcess:
    env = os.environ | {
        "DATABASE_URL": database_url(database),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "AUDIT_CHECKPOINT_DIR": str(checkpoints),
    }
    return subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "verify_audit"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_checkpoints_travel_with_the_backup_and_name_events_missing_from_the_restored_trail(
    audited_data, media, tmp_path, empty_database
):
    """The backup carries the checkpoint store; a restored copy whose trail lacks its newest event (deleted with
    the triggers off, as a superuser can) is named against those checkpoints, not passed as intact."""
    folder = backup(tmp_path, media)
    restored_checkpoints = tmp_path / "restored-checkpoints"
    result = run(
        "restore.sh", str(folder), database=empty_database, media=tmp_path / "m", checkpoints=restored_checkpoints
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert any(restored_checkpoints.glob("*.json.gz"))
    with psycopg.connect(database_url(empty_database), autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute("DELETE FROM audit_auditevent WHERE id = (SELECT max(id) FROM audit_auditevent)")
    verify = verify_audit(empty_database, restored_checkpoints)
    left, recorded = rf"(?<!\d){audited_data - 1}(?!\d)", rf"(?<!\d){audited_data}(?!\d)"
    assert verify.returncode != 0 and re.search(rf"admin.*{left}.*{recorded}", verify.stderr), verify.stderr


def test_a_changed_dump_is_refused_before_anything_is_restored(audited_data, media, tmp_path, empty_database):
    folder = backup(tmp_path, media)
    dump = folder / "database.dump"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    result = run("restore.sh", str(folder), database=empty_database, media=tmp_path / "restored-media")
    assert result.returncode != 0 and "checksums do not match" in result.stderr
    assert query(empty_database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]


def test_restore_refuses_a_database_that_is_not_empty(audited_data, media, tmp_path):
    folder = backup(tmp_path, media)
    result = run("restore.sh", str(folder), database=connection.settings_dict["NAME"], media=tmp_path / "restored")
    assert result.returncode != 0 and "restore only into a new, empty database" in result.stderr
    assert AuditEvent.objects.count() == audited_data
