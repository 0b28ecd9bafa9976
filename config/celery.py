"""Celery app. Without REDIS_URL tasks run eagerly in the calling process (embedded default).

This module is imported with the ``config`` package, so its settings default is the one a bare
``gunicorn config.wsgi`` or ``celery -A config.celery`` gets: production. manage.py and the tests set theirs
before anything imports ``config``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("stepwise")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
