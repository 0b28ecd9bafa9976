"""Embedded default: SQLite, in-memory channel layer, background work in-process, demo data."""

import os

os.environ.setdefault("DEMO_MODE", "1")
os.environ.setdefault("DEBUG", "1")

from .base import *  # noqa: E402,F403
from .base import BASE_DIR  # noqa: E402

(BASE_DIR / "var").mkdir(exist_ok=True)
