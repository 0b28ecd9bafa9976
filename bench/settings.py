"""Settings of the bench servers: the production settings, plus the baseline app (bench/baseline/).

Only the HTTP benchmarks load this module (DJANGO_SETTINGS_MODULE=bench.settings for the gunicorn processes they
start and for their own statement count). Production requires SECRET_KEY, DATABASE_URL, REDIS_URL and ALLOWED_HOSTS
in the environment; the benchmarks set them. The Stepwise server and the baseline server run this same module, so
they differ only in the database they point at and the URL the client posts to.
"""

from config.settings.production import *  # noqa: F403
from config.settings.production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench.baseline"]
ROOT_URLCONF = "bench.urls"
