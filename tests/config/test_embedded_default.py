"""The README's run command works on a bare machine: the embedded default (an SQLite file) migrates, seeds the demo
(whose cases run through the kit's engine: its hand-written statements must run on SQLite too) and serves a
persona's pages. Run in a child process: the suite's own database is PostgreSQL."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PAGES = """
from django.http import HttpRequest
from django.test import Client
from accounts.demo import DEMO_PASSWORD
for username, path in (("secretary", "/tasks/"), ("bureau", "/community/"), ("corelead", "/evaluation/")):
    client = Client()
    assert client.login(request=HttpRequest(), username=username, password=DEMO_PASSWORD), username
    response = client.get(path, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200, (username, path, response.status_code)
print("pages ok")
"""


def test_the_embedded_default_migrates_seeds_and_serves(tmp_path):
    env = os.environ | {"DATABASE_URL": f"sqlite:///{tmp_path / 'stepwise.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the run command's settings, not the suite's

    def manage(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    manage("migrate", "--noinput", "-v", "0")
    assert "secretary" in manage("seed_demo")
    assert "pages ok" in manage("shell", "-c", PAGES)
