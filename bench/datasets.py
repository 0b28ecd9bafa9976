"""The generated databases (stepwise_benchfull, stepwise_benchsmall): made once by bench/generate.py in a process
of its own, reused while their marker row names the generator's current version.

    .venv/bin/python -m bench.datasets full|small   (rebuild it now, print what it cost as JSON)
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/stepwise"


def url_for(name: str) -> str:
    """DATABASE_URL (or the test default) with another database name."""
    parts = urlsplit(os.environ.get("DATABASE_URL", DEFAULT_URL))
    return urlunsplit(parts._replace(path=f"/{name}"))


def _server(**kwargs):
    import psycopg

    parts = urlsplit(url_for("postgres"))
    return psycopg.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres",
        autocommit=True, **kwargs,
    )  # fmt: skip


def marker(volume: str) -> dict | None:
    """The generator's record in the volume's database, or None if there is no such database or record."""
    import psycopg

    from bench.generate import MARKER, database_name

    name = database_name(volume)
    with _server() as server:
        if not server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return None
    parts = urlsplit(url_for(name))
    with psycopg.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname=name
    ) as conn:
        if not conn.execute("SELECT to_regclass(%s)", [MARKER]).fetchone()[0]:
            return None
        row = conn.execute(f"SELECT info FROM {MARKER} ORDER BY created_at DESC LIMIT 1").fetchone()
    return row[0] if row else None


def migrations_fingerprint() -> str:
    """Every migration of the project: a change means a database made earlier needs migrating."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("**/migrations/*.py")):
        if ".venv" not in path.parts and "node_modules" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    return digest.hexdigest()[:32]


def _migrate(volume: str) -> None:
    """Bring a generated database made before newer migrations to the current schema (its rows stay)."""
    from bench.generate import MARKER, database_name

    env = {**os.environ, "DATABASE_URL": url_for(database_name(volume))}
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True, env=env)
    import psycopg

    with psycopg.connect(url_for(database_name(volume)), autocommit=True) as conn:
        conn.execute(
            f"UPDATE {MARKER} SET info = info || jsonb_build_object('migrations', %s::text)", [migrations_fingerprint()]
        )


def ensure(volume: str, *, regenerate: bool = False) -> dict:
    """The volume's database, generated now if it is missing, from an older generator, or ``regenerate``;
    migrated if a migration came after it. Returns the marker: what the generation cost and wrote, and ``reused``."""
    from bench.generate import VERSION

    info = None if regenerate else marker(volume)
    if info is not None and info.get("version") == VERSION:
        if info.get("migrations") != migrations_fingerprint():
            _migrate(volume)
        return {**info, "reused": True}
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "bench.datasets", volume], cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True
    )
    info = json.loads(result.stdout.strip().splitlines()[-1])
    return {**info, "reused": False, "wall_seconds": round(time.monotonic() - started, 1)}


SEED = "stepwise_benchseed"
SEED_VERSION = "1"  # change when bench/gen_templates.py seeds differently


def _use(name: str) -> None:
    """Point Django's connection at another database of the same server."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name


def _seed_database() -> float:
    """The migrated database with the templates (bench/gen_templates.py), made once per generator version: each
    volume starts as a copy of it (CREATE DATABASE ... TEMPLATE). Returns the seconds spent making it (0 if reused)."""
    from django.core.management import call_command
    from django.db import connection

    from bench import gen_templates
    from bench.generate import MARKER
    from core.dates import business_today

    with _server() as server:
        exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [SEED]).fetchone()
    if exists:
        _use(SEED)
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s)", [MARKER])
            if cursor.fetchone()[0]:
                cursor.execute(f"SELECT info->>'version' FROM {MARKER}")
                if cursor.fetchone()[0] == SEED_VERSION:
                    connection.close()
                    return 0.0
        connection.close()
    started = time.perf_counter()
    with _server() as server:
        server.execute(f'DROP DATABASE IF EXISTS "{SEED}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{SEED}"')
    _use(SEED)
    call_command("migrate", verbosity=0)
    gen_templates.seed(business_today())
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {MARKER} (created_at timestamptz DEFAULT now(), info jsonb NOT NULL)")
        marker_info = json.dumps({"version": SEED_VERSION, "seed": True})
        cursor.execute(f"INSERT INTO {MARKER} (info) VALUES (%s)", [marker_info])
    connection.close()
    return time.perf_counter() - started


def build(volume: str) -> dict:
    """Copy the seed database, generate the volume into it, write the marker (in this process)."""
    from bench.generate import MARKER, VERSION, VOLUMES, database_name, generate

    name = database_name(volume)
    started = time.perf_counter()
    os.environ["DATABASE_URL"] = url_for(SEED)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    seeded = _seed_database()
    with _server() as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}" TEMPLATE "{SEED}"')
    _use(name)
    call_command("migrate", verbosity=0)  # migrations newer than the seed database
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MARKER}")
    info = {"version": VERSION, "database": name, "seed_seconds": round(seeded, 1), **generate(VOLUMES[volume])}
    info["migrations"] = migrations_fingerprint()
    info["seconds"] = round(time.perf_counter() - started, 1)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {MARKER} (info) VALUES (%s)", [json.dumps(info)])
    return info


if __name__ == "__main__":
    print(json.dumps(build(sys.argv[1])))
