"""Tests run on PostgreSQL (127.0.0.1:5432, user postgres) unless DATABASE_URL says otherwise."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/stepwise")
os.environ.setdefault("RUN_PERIODIC_IN_PROCESS", "0")

from .base import *  # noqa: E402,F403
from .base import DATABASES  # noqa: E402

# No persistent connections: async tests open connections in worker threads that must not outlive them.
DATABASES["default"]["CONN_MAX_AGE"] = 0

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Rate-limit counters in this process's memory, never in a shared Redis (tests/conftest.py clears it per test).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A small flow that exercises the shared approval engine (tests/approval_flow), and the kit's test process
# (tests/kit_process: it gets everything a process gets by registering itself).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.approval_flow", "tests.kit_process"]  # noqa: F405
