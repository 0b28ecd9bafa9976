import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# Import every view module (the URLconf and what it pulls in: PDF, spreadsheet and chart libraries) while the worker
# boots, before it accepts a request, instead of in its first request: a second or two of CPU that otherwise lands
# on someone's click after every start and every max_requests recycle (bench/completion.py).
import_module(settings.ROOT_URLCONF)
