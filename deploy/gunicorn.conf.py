"""gunicorn settings for the HTTP half of the production layout (deploy/README.md).

Run from the repository root:  gunicorn -c deploy/gunicorn.conf.py config.wsgi

Every page and API view is synchronous, so HTTP goes to plain WSGI workers: behind an ASGI server each sync
view pays a thread hop and measured about 3x slower. Websockets (/ws/) go to the separate ASGI processes.
Values come from the environment so the systemd unit and the Procfile share this one file.
"""

import multiprocessing
import os

# Production unless told otherwise (config/celery.py and config/wsgi.py default to it as well).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

# nginx on the same machine is the only client; never listen on a public interface.
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]

# Sync workers are right behind nginx: it buffers slow clients and uploads (proxy_request_buffering), so a
# worker is only busy while Django runs. The usual 2 x cores + 1, capped so a big machine does not open
# hundreds of PostgreSQL connections (one per worker thread, kept for CONN_MAX_AGE).
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 12)))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
worker_class = "gthread" if threads > 1 else "sync"

# Exports (.xlsx of evaluation results) are the slowest requests; anything past 60 s is stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5  # nginx keeps upstream connections open (keepalive in the upstream block)

# Recycle workers now and then, staggered, so slow leaks in third-party code cannot build up.
max_requests = 2000
max_requests_jitter = 200

# No preload: `systemctl reload` (SIGHUP) then starts new workers on the new code without dropping requests.
preload_app = False

# X-Forwarded-Proto from nginx is trusted only from this machine (SECURE_PROXY_SSL_HEADER relies on it).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "stepwise-web"

# gunicorn >= 25.1 opens a control socket for gunicornc, by default under $HOME, which a service account may not
# have and which two instances would share. Put it in systemd's RuntimeDirectory when there is one, else skip it.
if os.environ.get("RUNTIME_DIRECTORY"):
    control_socket = os.path.join(os.environ["RUNTIME_DIRECTORY"].split(":")[0], "gunicorn.ctl")
else:
    control_socket_disable = True
