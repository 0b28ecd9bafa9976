"""Settings come from the environment, fail loudly when wrong, and pass check --deploy in production."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG"}}
    base.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    # A database that does not exist: check --deploy's audit.W001 asks the database who owns the audit table, and
    # these tests are about the settings (tests/audit/test_database_roles.py covers that check).
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/stepwise_no_such_database",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "stepwise.example.edu.cn",
    "AUDIT_HMAC_KEYS": f"k1:{secrets.token_urlsafe(48)}",
}


def test_production_settings_pass_check_deploy_with_no_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_uses_secure_cookies_hsts_the_policy_and_a_shared_cache():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({name: getattr(s, name) for name in "
        "['SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE', 'SESSION_COOKIE_AGE', "
        "'SESSION_EXPIRE_AT_BROWSER_CLOSE', 'SESSION_REFRESH_SECONDS', 'CSRF_COOKIE_SECURE', "
        "'CSRF_COOKIE_HTTPONLY', 'CSRF_COOKIE_SAMESITE', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', "
        "'SECURE_SSL_REDIRECT', 'MIDDLEWARE', 'CACHES', 'TRUSTED_PROXIES', 'REST_FRAMEWORK', 'AXES_FAILURE_LIMIT']}"
        ", default=str))"
    )
    result = run_manage("shell", "-c", code, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SESSION_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    assert values["CSRF_COOKIE_SECURE"] and values["CSRF_COOKIE_HTTPONLY"]
    assert values["SESSION_COOKIE_SAMESITE"] == values["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert values["SESSION_COOKIE_AGE"] == 1800 and values["SESSION_EXPIRE_AT_BROWSER_CLOSE"]
    assert values["SESSION_REFRESH_SECONDS"] == 60
    assert "core.sessions.SessionIdleRefreshMiddleware" in values["MIDDLEWARE"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["SECURE_SSL_REDIRECT"]
    assert "core.csp.ContentSecurityPolicyMiddleware" in values["MIDDLEWARE"]
    assert "axes.middleware.AxesMiddleware" in values["MIDDLEWARE"] and values["AXES_FAILURE_LIMIT"] == 5
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert values["TRUSTED_PROXIES"] == values["REST_FRAMEWORK"]["NUM_PROXIES"] == 1


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "insecure-embedded-key-change-me-for-any-real-deployment"}, "SECRET_KEY"),
        ({"SECRET_KEY": secrets.token_urlsafe(30)}, "at least 50 characters"),
        ({"DEBUG": "maybe"}, "DEBUG must be a boolean"),
        ({"DATABASE_URL": "nosuchdb://x"}, "DATABASE_URL"),
        ({"REDIS_URL": ""}, "REDIS_URL is required"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"AUDIT_HMAC_KEYS": ""}, "AUDIT_HMAC_KEYS must be set"),
        ({"AUDIT_HMAC_KEYS": "dev:stepwise-development-audit-key-not-secret"}, "AUDIT_HMAC_KEYS must be set"),
        ({"AUDIT_HMAC_KEYS": "k1:short"}, "at least 32 characters"),
        ({"AUDIT_HMAC_KEY_ID": "k9"}, "AUDIT_HMAC_KEY_ID"),
        ({"LOGIN_FAILURE_RATE": "10 a minute"}, "LOGIN_FAILURE_RATE must look like"),
        ({"LOGIN_RATE": "10/min"}, "it is now LOGIN_FAILURE_RATE"),
    ],
)
def test_a_bad_or_missing_production_value_stops_start_up_with_a_clear_message(override, message):
    result = run_manage("check", **(PRODUCTION | override))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_the_embedded_default_needs_no_environment(tmp_path):
    result = run_manage("check", DJANGO_SETTINGS_MODULE="config.settings.local")
    assert result.returncode == 0, result.stderr


def test_business_settings():
    from django.conf import settings

    assert settings.TIME_ZONE == "Asia/Shanghai" and settings.USE_TZ
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _name in settings.LANGUAGES] == ["zh-hans", "en"]
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_production_answers_the_api_in_json_only_and_bounds_tokens_and_sockets():
    """No browsable API in production (issue #15); tokens expire and sockets per person are capped (items 11, 18)."""
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'renderers': s.REST_FRAMEWORK.get('DEFAULT_RENDERER_CLASSES'), "
        "'authentication': s.REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES'], 'layer': s.CHANNEL_LAYERS, "
        "'hours': s.API_TOKEN_HOURS, 'sockets': s.WEBSOCKET_MAX_PER_USER, 'apps': s.INSTALLED_APPS}))"
    )
    env = {"AUDIT_HMAC_KEYS": f"k1:{secrets.token_urlsafe(32)}", **PRODUCTION}
    result = run_manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["renderers"] == ["rest_framework.renderers.JSONRenderer"]
    assert values["authentication"][0] == "accounts.tokens.ApiTokenAuthentication"
    assert "rest_framework.authentication.TokenAuthentication" not in values["authentication"]
    assert "rest_framework.authtoken" not in values["apps"]
    host = values["layer"]["default"]["CONFIG"]["hosts"][0]
    assert values["layer"]["default"]["BACKEND"] == "notifications.layers.RedisChannelLayer"
    assert host["max_connections"] >= 1 and host["timeout"] >= 1
    assert values["hours"] == 8 and values["sockets"] == 10
