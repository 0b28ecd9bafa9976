"""Periodic jobs for the embedded run, where there is no Celery beat.

Production runs the same tasks from CELERY_BEAT_SCHEDULE. In the embedded
default the web process starts one daemon thread that calls each scheduled
task's function at its interval; the functions are idempotent, so running one
late or twice is harmless.
"""

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)
_started = threading.Event()


def _jobs() -> list[tuple[str, float]]:
    schedule: dict[str, dict[str, Any]] = settings.CELERY_BEAT_SCHEDULE
    return [(entry["task"], float(entry["schedule"])) for entry in schedule.values()]


def run_due_jobs(last_run: dict[str, float], now: float) -> None:
    for task_path, interval in _jobs():
        previous = last_run.get(task_path)
        if previous is not None and now - previous < interval:
            continue
        last_run[task_path] = now
        try:
            import_string(task_path).run()
        except Exception:
            logger.exception("periodic job %s failed", task_path)
        finally:
            close_old_connections()


def start_in_process_scheduler(tick_seconds: float = 30.0) -> None:
    if _started.is_set():
        return
    _started.set()

    def loop():
        last_run: dict[str, float] = {}
        while True:
            run_due_jobs(last_run, time.monotonic())
            time.sleep(tick_seconds)

    threading.Thread(target=loop, name="stepwise-periodic", daemon=True).start()
