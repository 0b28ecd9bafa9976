"""Every role × every endpoint × own county / other county / not signed in → the expected status
(tests/security/matrix.py). A route without a matrix entry, or an entry without a route, fails.

The world is built once for the module inside a transaction that is rolled back at the end; every request
runs in its own savepoint, rolled back after it, so requests never see each other's writes. A refused
write (401, 403, 404, 405) must leave every watched table as it was, and no response may carry the other
county's names.
"""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from guardian.models import UserObjectPermission
from viewflow.workflow.models import Process, Task

from accounts.models import Activation, ApiToken, Membership, User
from audit.models import AuditEvent, VerificationRun
from exports.models import ExportJob
from forms.models import Attachment, Draft
from notifications.models import Notification, Preference
from tests.security.matrix import MATRIX, ROLES, Check
from tests.security.world import FOREIGN, HOME, build_world
from workflows.community.models import Application
from workflows.evaluation.models import EvaluationCase, GradingResult, ProjectEvaluation, RoutineEvaluation
from workflows.models import Approval, ApprovalSlot, CaseCc, Comment, Delegation, Reminder, SavedFilter
from workflows.party.models import PartyCase

pytestmark = pytest.mark.django_db

# Django's admin is its own application with its own login; one entry (admin:index) checks that nobody
# without is_staff gets past it. Static and media files are served outside Django in every deployment.
SKIPPED_NAMESPACES = ("admin",)
REFUSED = (401, 403, 404, 405)
WATCHED = (
    AuditEvent,
    Process,
    Task,
    PartyCase,
    Application,
    EvaluationCase,
    RoutineEvaluation,
    ProjectEvaluation,
    GradingResult,
    Approval,
    ApprovalSlot,
    Comment,
    CaseCc,
    Reminder,
    SavedFilter,
    Delegation,
    Notification,
    Preference,
    Membership,
    UserObjectPermission,
    Attachment,
    Draft,
    ApiToken,
    Activation,
    User,
    VerificationRun,
    ExportJob,
)


def routes() -> tuple[set[str], list[str]]:
    """The URL names the resolver serves (outside the skipped namespaces), and any pattern without a name."""
    names, unnamed = set(), []

    def walk(patterns, namespace, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in SKIPPED_NAMESPACES:
                    continue
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
            else:
                unnamed.append(prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, "", "/")
    return names, unnamed


def fingerprint() -> list[str]:
    """One digest per watched table: any insert, update or delete shows. It reads row versions' addresses, not their
    contents: an insert adds one, a delete removes one and an update (PostgreSQL writes a new version) moves one,
    while what a rolled-back savepoint wrote is not visible; so the digest changes exactly when a row changed,
    without turning every row (the audit trail's JSON) into text twice per refused request."""
    digests = ", ".join(
        f"(SELECT count(*)::text || ':' || coalesce(sum(hashtext(t.ctid::text)::bigint), 0)::text"
        f" FROM {m._meta.db_table} t)"
        for m in WATCHED
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {digests}")
        return list(cursor.fetchone())


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        world.clients = {role: signed_in(user) for role, user in world.users.items()} | {"anonymous": Client()}
        yield world
        transaction.set_rollback(True)


def send(client: Client, check: Check, url: str, data):
    if check.method == "get":
        return client.get(url, data)  # a GET's data is its query
    if check.multipart:
        return client.post(url, data)
    if url.startswith("/api/"):
        return getattr(client, check.method)(url, data or {}, content_type="application/json")
    return getattr(client, check.method)(url, data or {})


def run_check(world, name: str, entry, check: Check, role: str) -> str | None:
    """Send one request as ``role``; return what went wrong, or None."""
    make_kwargs = check.kwargs or entry.kwargs
    kwargs = make_kwargs(world, check.scope, role) if make_kwargs else {}
    url = reverse(name, kwargs=kwargs)
    data = check.data(world, check.scope, role) if callable(check.data) else check.data
    expected = check.expect[role]
    watch = check.method != "get" and (expected in REFUSED or (check.unchanged and role not in check.may_change))
    cache.clear()  # sign-in and request rate limits count per address: each request starts with none
    with transaction.atomic():
        client = world.clients[role]
        if check.fresh and role != "anonymous":
            client = signed_in(world.users[role])
        before = fingerprint() if watch else None
        try:
            response = send(client, check, url, data)
            status = response.status_code
        except Exception as error:  # a server error is a finding like any other
            transaction.set_rollback(True)
            return f"{check.method.upper()} {url} as {role}: raised {error!r}"
        problems = []
        if status != expected:
            problems.append(f"{status}, expected {expected}")
        elif status == 401 and not response.has_header("WWW-Authenticate"):
            problems.append("401 without WWW-Authenticate")
        elif watch and fingerprint() != before:
            problems.append(f"{status} but it changed something")
        if status == 200 and not getattr(response, "streaming", False):
            other = HOME if role == "outsider" else FOREIGN
            if other.encode() in response.content:
                problems.append(f"the response shows {other} data")
        transaction.set_rollback(True)
    if problems:
        return f"{check.scope} {check.method.upper()} {url} as {role}: {'; '.join(problems)}"
    return None


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_permission_matrix(world, name):
    entry = MATRIX[name]
    problems = [
        problem
        for check in entry.checks
        for role in ROLES
        if (problem := run_check(world, name, entry, check, role)) is not None
    ]
    assert not problems, "\n".join(problems)


def test_every_route_has_an_entry_and_every_entry_a_route():
    names, unnamed = routes()
    checked_elsewhere = {name for name in MATRIX if name.split(":")[0] in SKIPPED_NAMESPACES}
    assert not unnamed, f"name these routes and give them a matrix entry: {unnamed}"
    assert sorted(names - set(MATRIX)) == [], "routes without a matrix entry"
    assert sorted(set(MATRIX) - names - checked_elsewhere) == [], "matrix entries without a route"


def test_every_check_names_every_role():
    for name, entry in MATRIX.items():
        for check in entry.checks:
            assert set(check.expect) == set(ROLES), name


def test_the_fingerprint_sees_a_write(world):
    with transaction.atomic():
        before = fingerprint()
        SavedFilter.objects.create(owner=world.users["member"], name="x", params={})
        assert fingerprint() != before
        transaction.set_rollback(True)


def role_state() -> list[str]:
    """Memberships and object permissions: what a role administration request could change."""
    with connection.cursor() as cursor:
        digest = "(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t)"
        cursor.execute(
            f"SELECT {digest.format('accounts_membership')}, {digest.format(UserObjectPermission._meta.db_table)}"
        )
        return list(cursor.fetchone())


def administer(client: Client, url: str, data: dict, expected: tuple, label: str) -> str | None:
    status, code = expected
    cache.clear()
    with transaction.atomic():
        before = role_state() if status >= 400 else None
        last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = client.post(url, data, content_type="application/json")
        problem = None
        events = [(a, d.get("code")) for a, d in AuditEvent.objects.filter(pk__gt=last).values_list("action", "data")]
        if response.status_code != status:
            problem = f"{response.status_code}, expected {status}"
        elif status >= 400 and code is not None and response.json().get("code") != code:
            problem = f"code {response.json().get('code')}, expected {code}"
        elif status >= 400 and events != ([(f"membership_{label.split()[1]}_refused", code)] if code else []):
            problem = f"audit events {events}"
        elif status >= 400 and role_state() != before:
            problem = "refused, but it changed a membership or a grant"
        transaction.set_rollback(True)
    return f"{label}: {problem}" if problem else None


def test_role_administration_matrix(world):
    """Every actor × the roles it tries × itself / another person, and ending memberships (matrix.py, "Role
    administration"): the status, the refusal's code and its audit event, and nothing else changed."""
    from accounts.roles import Role
    from tests.security.matrix import ADMIN_ACTORS, end_expected, grant_expected, roles_tried

    clients = world.clients | {"sec_admin": signed_in(world.sec_admin)}
    users = world.users | {"sec_admin": world.sec_admin}
    other, branch = world.home.inspector, world.home.branch
    grant_url = reverse("api-organisation-memberships", kwargs={"pk": branch.pk})
    ends = {
        "auditor": Membership.objects.get(user=world.home.auditor, role=Role.AUDITOR),
        "plain": world.home.membership,
    }
    problems = []
    for actor in ADMIN_ACTORS:
        for role in roles_tried(actor):
            for target in ("self", "other"):
                person = users[actor] if target == "self" and actor != "anonymous" else other
                data = {"user": person.username, "role": role, "valid_from": "2026-03-01"}
                label = f"{actor} grant {role} to {target}"
                problems.append(administer(clients[actor], grant_url, data, grant_expected(actor, role, target), label))
        own = Membership.objects.filter(user=users.get(actor)).order_by("pk").first() if actor != "anonymous" else None
        for target, membership in {**ends, "own": own or ends["plain"]}.items():
            url = reverse("api-membership-end", kwargs={"pk": membership.pk})
            label = f"{actor} end {target}"
            expected = end_expected(actor, target)
            problems.append(administer(clients[actor], url, {"valid_to": "2026-12-31"}, expected, label))
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)
