"""The embedded run's periodic jobs: the same Celery tasks, called in-process at their interval."""

import pytest

from core import periodic

pytestmark = pytest.mark.django_db


def test_each_job_runs_at_once_then_waits_for_its_interval(settings, monkeypatch):
    calls = []

    class FakeTask:
        @staticmethod
        def run():
            calls.append(1)

    settings.CELERY_BEAT_SCHEDULE = {"x": {"task": "tests.core.fake_task", "schedule": 60}}
    monkeypatch.setattr(periodic, "import_string", lambda path: FakeTask)
    last: dict = {}
    periodic.run_due_jobs(last, now=1000.0)
    periodic.run_due_jobs(last, now=1030.0)
    periodic.run_due_jobs(last, now=1061.0)
    assert len(calls) == 2


def test_a_failing_job_does_not_stop_the_others(settings, monkeypatch):
    ran = []

    def fake_import(path):
        class Task:
            @staticmethod
            def run():
                if path == "bad":
                    raise RuntimeError("boom")
                ran.append(path)

        return Task

    settings.CELERY_BEAT_SCHEDULE = {"a": {"task": "bad", "schedule": 1}, "b": {"task": "good", "schedule": 1}}
    monkeypatch.setattr(periodic, "import_string", fake_import)
    periodic.run_due_jobs({}, now=5.0)
    assert ran == ["good"]


def test_the_membership_sync_is_scheduled_and_importable(settings):
    from django.utils.module_loading import import_string

    task = settings.CELERY_BEAT_SCHEDULE["memberships-sync"]["task"]
    assert import_string(task).run() == 0
