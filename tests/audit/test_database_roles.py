"""Production's runtime database role (issue 15 item 3d): given exactly the rights deploy/README.md §8 grants, it
reads and appends to the audit trail and can do nothing else to it (disable its trigger, truncate, update,
delete); and `check --deploy` warns while the services' role could (audit.W001)."""

import re
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from psycopg.conninfo import make_conninfo

from audit.checks import audit_runtime_role, runtime_role_problems

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "deploy" / "README.md"


def documented_grants() -> str:
    """The SQL block that deploy/README.md marks as the runtime role's grants."""
    text = README.read_text()
    found = re.search(r"<!-- audit-runtime-grants[^>]*-->\s*```sql\n(.*?)```", text, re.S)
    assert found, "deploy/README.md shows no runtime role grants block"
    return found.group(1)


def url(user: str, password: str | None) -> str:
    """A libpq connection string (keywords, not a URL: no password ever sits in a URL in this repository)."""
    s = connection.settings_dict
    return make_conninfo(
        host=s["HOST"] or "localhost", port=s["PORT"] or 5432, dbname=s["NAME"], user=user, password=password or None
    )


def owner_url() -> str:
    s = connection.settings_dict
    return url(s["USER"], s["PASSWORD"])


@pytest.fixture(scope="module")
def runtime_role(django_db_setup, django_db_blocker):
    """A login role with the README's grants on the test database (the test runner's role stands for the owner),
    granted on a connection of its own (committed, so the role's connections see them); dropped afterwards."""
    name, password = f"stepwise_app_{uuid.uuid4().hex[:10]}", uuid.uuid4().hex
    with psycopg.connect(owner_url(), autocommit=True) as owner:
        owner.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
        try:
            for statement in documented_grants().replace("stepwise_app", name).split(";"):
                if statement.strip():
                    owner.execute(statement)
            yield name, password
        finally:
            owner.execute(f"DROP OWNED BY {name}")
            owner.execute(f"DROP ROLE {name}")


REFUSED = [
    "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_append_only",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
    "DROP TRIGGER audit_no_truncate ON audit_auditevent",
    "TRUNCATE audit_auditevent CASCADE",
    "UPDATE audit_auditevent SET comment = 'x'",
    "DELETE FROM audit_auditevent",
    "SET session_replication_role = replica",
]


def test_the_runtime_role_cannot_alter_the_trail(runtime_role):
    allowed = []
    with psycopg.connect(url(*runtime_role), autocommit=True) as runtime:
        for statement in REFUSED:
            try:
                runtime.execute(statement)
                allowed.append(statement)
            except psycopg.errors.InsufficientPrivilege:
                pass
    assert allowed == []


def test_the_runtime_role_reads_and_appends(runtime_role):
    with psycopg.connect(url(*runtime_role)) as runtime:
        runtime.execute("SELECT count(*) FROM audit_auditevent").fetchone()
        (may_insert,) = runtime.execute("SELECT has_table_privilege('audit_auditevent', 'INSERT')").fetchone()
        (sequence,) = runtime.execute("SELECT pg_get_serial_sequence('audit_auditevent', 'id')").fetchone()
        (may_number,) = runtime.execute("SELECT has_sequence_privilege(%s, 'USAGE')", [sequence]).fetchone()
        (sessions,) = runtime.execute("SELECT has_table_privilege('django_session', 'DELETE')").fetchone()
    assert may_insert and may_number and sessions


def test_check_deploy_warns_while_the_services_role_owns_the_audit_table(runtime_role):
    # The tests connect as the superuser that owns every table: exactly what production must not do.
    problems = runtime_role_problems(connection)
    assert any("superuser" in p for p in problems) and any("owns" in p for p in problems)
    assert [issue.id for issue in audit_runtime_role()] == ["audit.W001"]

    from django.db.backends.postgresql.base import DatabaseWrapper

    name, password = runtime_role
    as_runtime = DatabaseWrapper({**connection.settings_dict, "USER": name, "PASSWORD": password}, "runtime-probe")
    try:
        assert runtime_role_problems(as_runtime) == []
    finally:
        as_runtime.close()


def test_the_check_is_a_deploy_check():
    from django.core.checks import registry

    assert audit_runtime_role in registry.registry.get_checks(include_deployment_checks=True)
    assert audit_runtime_role not in registry.registry.get_checks(include_deployment_checks=False)


@pytest.mark.parametrize(("command", "role"), [("migrate", "stepwise_owner"), ("check", "stepwise_app")])
def test_only_migrate_connects_as_the_migration_role(command, role):
    import os
    import subprocess
    import sys

    code = (
        f"import sys; sys.argv = ['manage.py', {command!r}]; from django.conf import settings; "
        "print(settings.DATABASES['default']['USER'])"
    )
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": "postgres://stepwise_app@127.0.0.1:5432/stepwise",
        "MIGRATION_DATABASE_URL": "postgres://stepwise_owner@127.0.0.1:5432/stepwise",
    }
    root = README.parents[1]
    result = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True)
    assert result.stdout.strip() == role, result.stderr
