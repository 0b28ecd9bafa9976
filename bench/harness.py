"""Shared benchmark plumbing: a throwaway PostgreSQL database and timing helpers."""

import contextlib
import json
import os
import statistics
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


@contextlib.contextmanager
def throwaway_database():
    """Create test_<name> (as the test runner does), migrate it, and drop it afterwards."""
    from django.db import connection

    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        yield name
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


def measure(fn, *, repeat: int = 200) -> dict:
    fn()  # warm caches and connections
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 3),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 3),
        "repeat": repeat,
    }


def report(name: str, rows: list[dict]) -> None:
    width = max(len(r["figure"]) for r in rows)
    print(f"\n== {name} ==")
    print(f"{'figure':<{width}}  {'median ms':>10}  {'p95 ms':>8}  note")
    for row in rows:
        print(f"{row['figure']:<{width}}  {row['median_ms']:>10.3f}  {row['p95_ms']:>8.3f}  {row.get('note', '')}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
