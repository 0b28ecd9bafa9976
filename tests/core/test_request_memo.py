"""A page reads the person's substitutions, grants and open steps once, however many parts of it need them, and
never carries them over to the next request (core.request_memo)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from core.request_memo import RequestMemoMiddleware, per_request
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def _reads(client, url: str, table: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(f'FROM "{table}"' in q["sql"] for q in queries)


def test_the_inbox_reads_substitutions_and_grants_once_for_the_list_and_the_badge(tree):
    secretary = UserFactory()
    grant(secretary, tree.branch_a, Role.BRANCH_SECRETARY)
    client = Client()
    client.force_login(secretary)
    assert _reads(client, reverse("my-tasks"), "workflows_delegation") == 1
    assert _reads(client, reverse("my-tasks"), "guardian_userobjectpermission") == 3  # grants, codenames, one right


def test_what_a_page_remembered_is_gone_by_the_next_request(tree):
    person = UserFactory()
    client = Client()
    client.force_login(person)
    dashboards = f'href="{reverse("dashboards")}"'
    assert dashboards not in client.get(reverse("home")).content.decode()
    grant(person, tree.branch_a, Role.BRANCH_SECRETARY)
    assert dashboards in client.get(reverse("home")).content.decode()


def test_only_reading_requests_remember(rf):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    def view(request):
        return [per_request(("k",), compute), per_request(("k",), compute)]

    middleware = RequestMemoMiddleware(view)
    assert middleware(rf.get("/")) == [1, 1]
    assert middleware(rf.post("/")) == [2, 3]  # a request that writes reads again
    assert [per_request(("k",), compute), per_request(("k",), compute)] == [4, 5]  # outside a request: never
