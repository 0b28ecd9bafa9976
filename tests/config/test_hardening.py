"""Security hardening (等保2.0 三级, OWASP ASVS L2): lockout, password rules, sessions and cookies, the Content
Security Policy, sign-in rate limits, and no secret in the repository."""

import re
import subprocess
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.demo import DEMO_PASSWORD
from accounts.models import ApiToken
from audit.models import AuditEvent
from core.client_ip import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "pw-for-tests-123"  # tests.factories.UserFactory


def sign_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def token(client, username, password, **extra):
    return client.post("/api/v1/auth/token/", {"username": username, "password": password}, format="json", **extra)


def admin_events(action):
    return list(AuditEvent.objects.filter(process="admin", action=action))


# --- Lockout (django-axes: 5 failures per login name and address → 30 minutes) -----------------------------


def test_five_failed_sign_ins_lock_the_login_name_from_that_address_for_thirty_minutes():
    UserFactory(username="zhang")
    client = Client()
    for _attempt in range(4):
        assert sign_in(client, "zhang", "wrong-password").status_code == 200  # the form again, with its error
    locked = sign_in(client, "zhang", "wrong-password")
    assert locked.status_code == 429 and 'data-code="locked_out"' in locked.content.decode()
    refused = sign_in(client, "zhang", PASSWORD)  # even the right password, while locked
    assert refused.status_code == 429 and "_auth_user_id" not in client.session

    assert sign_in(Client(REMOTE_ADDR="10.0.0.2"), "zhang", PASSWORD).status_code == 302  # another address
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert sign_in(client, "zhang", PASSWORD).status_code == 302  # the lockout has run out


def test_a_lockout_is_audited_once_and_every_refused_attempt_as_a_failed_sign_in():
    UserFactory(username="zhang")
    client = Client()
    for _attempt in range(5):
        sign_in(client, "zhang", "wrong-password")
    sign_in(client, "zhang", PASSWORD)
    sign_in(client, "zhang", "wrong-again")
    (locked,) = admin_events("login_locked")
    assert locked.data == {"username": "zhang", "failures": 5} and locked.ip == "127.0.0.1"
    assert len(admin_events("login_failed")) == 7 and not admin_events("login")


def test_a_successful_sign_in_starts_the_count_again():
    UserFactory(username="zhang")
    client = Client()
    for _attempt in range(4):
        sign_in(client, "zhang", "wrong-password")
    assert sign_in(client, "zhang", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _attempt in range(4):
        assert sign_in(client, "zhang", "wrong-password").status_code == 200


def test_the_token_endpoint_locks_out_too_with_a_stable_code():
    UserFactory(username="zhang")
    api = APIClient()
    for _attempt in range(4):
        assert token(api, "zhang", "wrong-password").json()["code"] == "invalid_credentials"
    locked = token(api, "zhang", "wrong-password")
    assert locked.status_code == 429 and locked.json()["code"] == "locked_out"
    refused = token(api, "zhang", PASSWORD)
    assert refused.status_code == 429 and refused.json()["code"] == "locked_out"
    assert not ApiToken.objects.exists() and len(admin_events("login_locked")) == 1
    # The page and the API share one count per login name and address.
    assert sign_in(Client(), "zhang", PASSWORD).status_code == 429


def test_the_lockout_page_is_translated():
    UserFactory(username="zhang")
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _attempt in range(5):
        response = sign_in(client, "zhang", "wrong-password")
    body = response.content.decode()
    assert "After 5 failed attempts this login name is locked from your address for 30 minutes." in body


# --- Password rules ------------------------------------------------------------------------------------------


def test_the_demo_password_meets_the_rules():
    validate_password(DEMO_PASSWORD)


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Sh0rt-pw", "password_too_short"),
        ("abcdefghij", "password_too_simple"),  # one class
        ("abcdefgh12", "password_too_simple"),  # two classes
        ("1234567890", "password_entirely_numeric"),
    ],
)
def test_weak_passwords_are_refused(password, code):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert code in [error.code for error in refused.value.error_list]


@pytest.mark.parametrize("password", ["abcdefgh1!", "ABCDEFGH1x", "密码要足够长才安全Ab", "Stepwise-2026"])
def test_three_character_classes_are_enough(password):
    validate_password(password)


def test_the_password_change_page_refuses_a_weak_password_and_keeps_the_old_one():
    user = UserFactory(username="zhang")
    client = Client()
    client.force_login(user)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    weak = {"old_password": PASSWORD, "new_password1": "abcdefghijk", "new_password2": "abcdefghijk"}
    response = client.post(reverse("password_change"), weak)
    assert response.status_code == 200 and response.context["form"].has_error("new_password2", "password_too_simple")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


# --- Sessions and cookies ------------------------------------------------------------------------------------


def test_the_session_cookie_is_http_only_same_site_and_ends_with_the_browser():
    UserFactory(username="zhang")
    client = Client()
    sign_in(client, "zhang", PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie


def test_a_session_expires_after_thirty_idle_minutes_and_a_request_extends_it():
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_REFRESH_SECONDS == 60
    client = Client()
    client.force_login(UserFactory())
    key = client.session.session_key
    session = client.session
    session["_refreshed"] -= 60  # signed in a minute ago
    session.save()
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(minutes=1))
    assert client.get(reverse("home")).status_code == 200
    assert Session.objects.get(pk=key).expire_date > timezone.now() + timedelta(minutes=29)

    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))  # idle too long
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def _session_writes(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum('"django_session"' in q["sql"] and q["sql"].startswith(("UPDATE", "INSERT")) for q in queries)


def test_the_expiry_is_pushed_on_at_most_once_a_minute_not_on_every_request():
    from core.sessions import KEY

    client = Client()
    client.force_login(UserFactory())
    key, home = client.session.session_key, reverse("home")
    expiry = Session.objects.get(pk=key).expire_date  # signing in set it
    for _ in range(3):  # within the minute: no write, the expiry stays
        assert _session_writes(client, home) == 0
    assert Session.objects.get(pk=key).expire_date == expiry

    session = client.session
    session[KEY] -= 60  # the last push a minute ago
    session.save()
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(minutes=2))
    assert _session_writes(client, home) == 1
    assert Session.objects.get(pk=key).expire_date > timezone.now() + timedelta(minutes=29)


def test_an_anonymous_visit_writes_no_session():
    assert _session_writes(Client(), reverse("login")) == 0
    assert Session.objects.count() == 0


def test_the_csrf_cookie_is_not_readable_by_scripts():
    client = Client()
    client.get(reverse("login"))
    cookie = client.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


# --- Content Security Policy ---------------------------------------------------------------------------------


def csp(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";"))}


class InlineCode(HTMLParser):
    """What a strict script policy would block: inline scripts and styles without the nonce, handlers, javascript:."""

    def __init__(self, nonce: str | None):
        super().__init__()
        self.nonce, self.problems, self.scripts = nonce, [], []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value}>")
        if tag == "script":
            self.scripts.append(attributes.get("src"))
        if (tag == "script" and not attributes.get("src")) or tag == "style":
            if self.nonce is None or attributes.get("nonce") != self.nonce:
                self.problems.append(f"inline <{tag}> without the nonce")


def assert_no_inline_code(response):
    policy = csp(response)
    nonces = [v for v in policy["script-src"] + policy["style-src"] if v.startswith("'nonce-")]
    parser = InlineCode(nonces[0][len("'nonce-") : -1] if nonces else None)
    parser.feed(response.content.decode())
    assert not parser.problems, (response.request["PATH_INFO"], parser.problems)
    return parser


def test_the_policy_allows_only_our_own_scripts_and_the_websocket_of_the_same_host():
    policy = csp(Client().get(reverse("login")))
    assert policy["default-src"] == ["'self'"] and policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"] and policy["style-src-attr"] == ["'unsafe-inline'"]
    assert policy["img-src"] == ["'self'", "data:"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["form-action"] == ["'self'"]
    assert policy["connect-src"] == ["'self'", "ws://testserver"]
    assert csp(Client().get(reverse("login"), secure=True))["connect-src"] == ["'self'", "wss://testserver"]


PAGES = [
    "login",
    "home",
    "my-tasks",
    "party-case-list",
    "community-application-list",
    "evaluation-list",
    "organisation-list",
    "notification-list",
    "audit-console",
    "password_change",
    "admin:index",
    "admin:accounts_user_changelist",
]


def test_pages_carry_the_policy_and_no_inline_script_or_handler(people):
    people.auditor.is_staff = people.auditor.is_superuser = True
    people.auditor.save()
    client = Client()
    client.force_login(people.auditor)
    for name in PAGES:
        response = client.get(reverse(name), follow=True)
        assert response.status_code == 200, name
        assert_no_inline_code(response)


def test_the_language_menu_submits_from_a_static_script():
    parser = assert_no_inline_code(Client().get(reverse("login")))
    assert "/static/js/language-switch.js" in parser.scripts


def test_swagger_ui_loads_its_start_up_script_from_our_own_origin(people):
    client = Client()
    client.force_login(people.member)
    page = client.get(reverse("api-docs"))
    parser = assert_no_inline_code(page)
    (start_up,) = [src for src in parser.scripts if src.startswith(reverse("api-docs"))]
    assert all(src.startswith("/") for src in parser.scripts)  # 'self': sidecar files and the view itself
    script = client.get(start_up)
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_no_template_has_inline_scripts_or_event_handlers():
    offenders = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text()
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"<[a-z][^>]*\son[a-z]+\s*=", r"javascript:"):
            offenders += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in re.finditer(pattern, text, re.I)]
    assert not offenders


# --- Rate limits on failed sign-ins (a school behind one address: tests/core/test_throttling.py) -------------


def test_the_login_page_takes_ten_failed_sign_ins_a_minute_from_one_address():
    client = Client()
    for n in range(10):
        assert sign_in(client, f"nobody{n}", "wrong-password").status_code == 200  # different names: no lockout
    assert client.get(reverse("login")).status_code == 200  # showing the form is not counted
    refused = sign_in(client, "nobody10", "wrong-password")
    assert refused.status_code == 429 and 'data-code="throttled"' in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    assert sign_in(Client(REMOTE_ADDR="10.0.0.2"), "nobody", "wrong-password").status_code == 200


def test_the_admin_sign_in_counts_against_the_same_rate():
    client = Client()
    for n in range(5):
        assert sign_in(client, f"nobody{n}", "wrong-password").status_code == 200
    for n in range(5, 10):
        response = client.post("/admin/login/", {"username": f"nobody{n}", "password": "wrong-password"})
        assert response.status_code == 200, n  # the admin's form again, with its error
    assert client.get("/admin/login/").status_code == 200  # showing the form is not counted
    refused = client.post("/admin/login/", {"username": "nobody10", "password": "wrong-password"})
    assert refused.status_code == 429 and 'data-code="throttled"' in refused.content.decode()
    assert sign_in(client, "nobody11", "wrong-password").status_code == 429  # one counter for both pages


def test_the_token_endpoint_takes_ten_failed_sign_ins_a_minute_from_one_address():
    api = APIClient()
    for n in range(10):
        assert token(api, f"nobody{n}", "wrong-password").status_code == 400
    refused = token(api, "nobody10", "wrong-password")
    assert refused.status_code == 429 and refused.json()["code"] == "throttled" and int(refused["Retry-After"]) > 0


def test_a_forged_forwarded_header_does_not_buy_a_fresh_count():
    api = APIClient()
    for n in range(10):
        token(api, f"nobody{n}", "wrong-password", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert token(api, "nobody", "wrong-password", HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


@override_settings(TRUSTED_PROXIES=1)
def test_behind_one_proxy_the_client_is_the_address_the_proxy_appended():
    factory = RequestFactory(REMOTE_ADDR="127.0.0.1")
    assert client_ip(factory.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(factory.get("/", HTTP_X_FORWARDED_FOR="not-an-address")) == "127.0.0.1"
    assert client_ip(factory.get("/")) == "127.0.0.1"


# --- No secret in the repository -----------------------------------------------------------------------------

# The embedded run's key is public on purpose; production refuses any key containing "insecure".
EMBEDDED_KEY = "insecure-embedded-key-change-me-for-any-real-deployment"
SECRETS = {
    "private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "secret key": re.compile(r"""SECRET_KEY\s*[=:]\s*['"]([^'"]{20,})['"]"""),
    "secret key in an env file": re.compile(r"""^\s*(?:export\s+)?SECRET_KEY=([^\s'"#(),]{20,})\s*$""", re.M),
    "AWS access key": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "password in a URL": re.compile(r"\b[a-z][a-z0-9+.-]*://[^:/\s@]+:([^@\s/]{3,})@"),
}
PLACEHOLDERS = {EMBEDDED_KEY, "CHANGE-ME"}


def secrets_in(text: str):
    for kind, pattern in SECRETS.items():
        for match in pattern.finditer(text):
            value = match.group(1) if pattern.groups else match.group(0)
            if value not in PLACEHOLDERS:
                yield kind, text.count("\n", 0, match.start()) + 1


def repository_files():
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [ROOT / name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def test_no_private_key_password_or_token_is_in_the_repository():
    found = []
    for path in repository_files():
        try:
            text = path.read_text()
        except UnicodeDecodeError:  # binary (spreadsheets, images, fonts)
            continue
        found += [f"{path.relative_to(ROOT)}:{line}: {kind}" for kind, line in secrets_in(text)]
    assert not found, "secrets in the repository:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "text",
    [  # put together at run time, so that this file holds no secret-looking text itself
        "-----BEGIN RSA " + "PRIVATE KEY-----",
        "SECRET_KEY = " + "'k3j4h5g6f7d8s9a0q1w2e3r4t5y6'",
        "SECRET_KEY=" + "k3j4h5g6f7d8s9a0q1w2e3r4t5y6u7i8",
        "aws_access_key_id = " + "AKIA" + "IOSFODNN7EXAMPLE",
        "DATABASE_URL=postgres://stepwise:" + "s3cret-pw@db:5432/stepwise",
    ],
)
def test_the_scan_recognises_each_kind_of_secret(text):
    assert list(secrets_in(text))


def test_the_scan_accepts_the_documented_placeholders():
    assert not list(secrets_in(f'env_str("SECRET_KEY", "{EMBEDDED_KEY}")\nSECRET_KEY=CHANGE-ME'))
    assert not list(secrets_in("DATABASE_URL=postgres://stepwise:CHANGE-ME@127.0.0.1:5432/stepwise"))
