"""Production: PostgreSQL and Redis required, HTTPS, no debug. Every secret comes from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from config.env import env_int, env_list, env_str

from .base import *  # noqa: F403
from .base import (
    AUDIT_HMAC_KEYS,
    DATABASES,
    DEBUG,
    DEVELOPMENT_AUDIT_HMAC_KEYS,
    MIDDLEWARE,
    REDIS_URL,
    REST_FRAMEWORK,
    SECRET_KEY,
    _audit_keys,
)

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")
if "insecure" in SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 50 characters in production.")
if not os.environ.get("DATABASE_URL") or DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")
if not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL is required in production (channel layer and Celery broker).")
# The audit trail's HMAC keys must be real secrets kept outside the database (deploy/README.md §8).
if not os.environ.get("AUDIT_HMAC_KEYS") or AUDIT_HMAC_KEYS == _audit_keys(DEVELOPMENT_AUDIT_HMAC_KEYS):
    raise ImproperlyConfigured("AUDIT_HMAC_KEYS must be set in production (id:secret, never stored in the database).")
if any(len(secret) < 32 or b"not-secret" in secret for secret in AUDIT_HMAC_KEYS.values()):
    raise ImproperlyConfigured("Each AUDIT_HMAC_KEYS secret must be random and at least 32 characters long.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names this deployment answers to.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [f"https://{host}" for host in ALLOWED_HOSTS])

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Cookie flags, idle timeout and the Content Security Policy come from base (the security section).
X_FRAME_OPTIONS = "DENY"
# nginx (deploy/nginx.conf) is the one proxy: the client address is the last X-Forwarded-For entry.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 1)
# JSON only: no browsable API in production (the API is documented at /api/docs/).
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "NUM_PROXIES": TRUSTED_PROXIES,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
RUN_PERIODIC_IN_PROCESS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": env_str("EMAIL_HOST", "localhost"), "port": env_int("EMAIL_PORT", 25)},
    }
}
# gunicorn serves HTTP in production; WhiteNoise serves the collected static files from it.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
