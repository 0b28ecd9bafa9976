"""Schemathesis against the project's own OpenAPI schema (/api/schema/): no 5xx, and every response matches the
schema (status code, content type, headers, body).

The requests go in-process through Django's WSGI handler, authenticated with the token of a real person with work
in every process: the party branch secretary of ``tree`` who is also the lead of the fusion core school in
``yuhuan`` and administers the branch's roster. For each operation the cases mix schema-generated values
(including unknown ids) with the ids of that person's real cases, tasks, organisations and memberships, and
positive data with negative (schema-violating) data. Everything runs in the test's transaction, so fuzzed writes
pile up (a case may move on or be withdrawn) and are rolled back at the end.

Checks left out, with the reason: ``negative_data_rejection`` (list filters and ``page_size`` follow DRF and
django-filter, which ignore a bad value and answer with the default; that is documented behaviour, not a
broken schema); ``positive_data_acceptance`` (a schema-valid body may still break a business rule: 400 with a
stable code, which the schema documents); the stateful checks (no links are declared between operations).

Schemathesis's own pytest loader (``schemathesis.pytest.from_fixture``) sets a private attribute pytest 9.2 no
longer has, so this test drives each operation's ``as_strategy()`` with Hypothesis itself: one test, one set of
data, every operation in turn, and every failure reported together.
"""

import datetime
from itertools import product

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from schemathesis import checks
from schemathesis.generation.modes import GenerationMode
from viewflow.workflow.models import Task

from accounts.models import Membership
from accounts.roles import Role
from accounts.tokens import token_issue
from tests.factories import UserFactory, grant
from tests.security.conftest import FUZZ_EXAMPLES, fuzz_settings
from tests.workflows.community.factories import draft, pdf
from tests.workflows.community.factories import run_action as community_action
from tests.workflows.evaluation.conftest import open_year
from tests.workflows.party.conftest import api, case_before, submit
from workflows.community.models import Kind
from workflows.inbox import OPEN

pytestmark = pytest.mark.django_db
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


def django_app():
    """Django's WSGI handler that keeps the test's connection (and its transaction) open, as the test client does."""
    handler = WSGIHandler()

    def app(environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = handler(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return app


@pytest.fixture
def persona(party, yuhuan):
    """The branch secretary with cases at two stages, a help project and a feature plan, an evaluation year,
    open tasks in every process and an upload of their own; returns (user, the real ids per path)."""
    person = party.secretary
    grant(person, yuhuan.fusion_core, Role.CORE_SCHOOL)
    grant(person, party.branch, Role.ORG_ADMIN)
    yuhuan.core_lead = person  # the community factories act as the core school's lead
    party_cases = [case_before(party, "designate_dev_object")]
    party.applicant = UserFactory(real_name="周申请", birth_date=datetime.date(1999, 3, 1))
    grant(party.applicant, party.branch, Role.APPLICANT)
    party_cases.append(submit(party))
    project = draft(yuhuan, yuhuan.fusion_member, Kind.HELP_PROJECT)
    feature = draft(yuhuan, yuhuan.fusion_member, Kind.FEATURE)
    community_action(case_id=feature.pk, code="request_consultation", actor=yuhuan.member_lead, payload={})
    evaluation = open_year(yuhuan, yuhuan.fusion, year=2026)
    pdf(person)
    api(person).post(f"/api/v1/cases/party/{party_cases[0]}/cc/", {"user_ids": [person.pk]}, format="json")
    tasks = list(Task.objects.filter(flow_task_type="HUMAN", status__in=OPEN).values_list("pk", flat=True))
    memberships = list(Membership.objects.filter(organisation=party.branch).values_list("pk", flat=True)[:3])
    ids = {
        "/api/v1/party/cases/{id}": party_cases,
        "/api/v1/community/projects/{id}": [project.pk],
        "/api/v1/community/features/{id}": [feature.pk],
        "/api/v1/evaluation/cases/{id}": [evaluation.pk],
        "/api/v1/tasks/{id}": tasks,
        "/api/v1/organisations/{id}": [party.branch.pk, yuhuan.fusion_core.pk],
        "/api/v1/memberships/{id}": memberships,
        "/api/v1/cases/{process}/{id}": [
            *({"process": "party", "id": pk} for pk in party_cases),
            {"process": "community", "id": project.pk},
        ],
    }
    return person, ids


def real_parameters(path: str, ids: dict) -> list[dict]:
    for prefix, values in ids.items():
        if path.startswith(prefix):
            return [v if isinstance(v, dict) else {"id": v} for v in values]
    return []


def strategy(operation, ids: dict):
    """Generated values (positive and negative) alone, and with each real id in the path."""
    fixed = [None, *real_parameters(operation.path, ids)]
    return st.one_of(
        [
            operation.as_strategy(mode, path_parameters=params) if params else operation.as_strategy(mode)
            for params, mode in product(fixed, [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
        ]
    )


def test_no_operation_answers_5xx_or_outside_its_schema(persona):
    user, ids = persona
    headers = {"Authorization": f"Token {token_issue(user=user)[1]}"}
    # Signing out and revoking end a token: those operations run as someone else, with a fresh token per call,
    # so the persona's token keeps working for every other operation.
    spare = UserFactory(real_name="吴备用")
    schema = schemathesis.openapi.from_wsgi("/api/schema/", django_app())
    operations = [result.ok() for result in schema.get_all_operations()]
    failures, calls = [], {}
    for operation in operations:

        @given(case=strategy(operation, ids))
        @fuzz_settings
        def run(case):
            if case.operation.path.startswith(("/api/v1/auth/sign-out/", "/api/v1/auth/tokens/")):
                response = case.call(headers={"Authorization": f"Token {token_issue(user=spare)[1]}"})
            else:
                response = case.call(headers=headers)
            calls[case.operation.label] = calls.get(case.operation.label, 0) + 1
            case.validate_response(response, checks=CHECKS)

        try:
            run()
        except (AssertionError, BaseExceptionGroup) as failure:
            failures.append(f"{operation.label}: {failure}")
    print(f"\nfuzz: {len(operations)} operations, {sum(calls.values())} calls ({FUZZ_EXAMPLES} examples each)")
    assert len(operations) >= 45
    assert not failures, "\n\n".join(failures)


def test_what_the_fuzz_found_stays_fixed(party):
    """One request per finding, each once a 500 or a response outside the schema."""
    grant(party.secretary, party.branch, Role.ORG_ADMIN)
    case_id = submit(party)
    client = api(party.secretary)
    json_requests = [
        ("/api/v1/community/features/", -349, "invalid"),  # a body that is not an object
        (f"/api/v1/cases/party/{case_id}/withdraw/", [1], "invalid"),
        ("/api/v1/inbox/filters/", {"name": "x", "params": None}, "invalid"),  # stored as JSON null
        ("/api/v1/inbox/filters/", {"name": "x", "params": {"\x00": "y"}}, "parse_error"),  # PostgreSQL stores no NUL
        (f"/api/v1/organisations/{party.branch.pk}/memberships/", {"user": "a\x00", "role": "MEMBER"}, "parse_error"),
    ]
    for url, body, code in json_requests:
        response = client.post(url, body, format="json")
        assert response.status_code == 400 and response.json()["code"] == code, (url, response.content)
    for url in ["/api/v1/party/cases/abc/", "/api/v1/tasks/-1.5/claim/"]:  # no route: the API's 404, not the page's
        response = client.get(url) if "tasks" not in url else client.post(url)
        assert response.status_code == 404 and response.json()["code"] == "not_found", url
    pages = Client()
    pages.force_login(party.secretary)
    assert pages.get("/party/", {"q": "a\x00"}).status_code == 400
    assert client.get("/api/v1/party/cases/", {"search": "a\x00"}).json()["code"] == "invalid"
