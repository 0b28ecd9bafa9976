"""Saved filters are bounded and can be deleted (issue 15 item 10): a cap per person, sharing with an organisation
only for people holding a role there, the 待办 page and the console show a bounded list (all of them on a paginated
page), and deletion by the owner or, for a shared one, the organisation's administrator — page and API, audited."""

import pytest

from audit.models import AuditEvent
from tests.clients import api, page
from workflows.models import SavedFilter

pytestmark = pytest.mark.django_db
URL = "/api/v1/inbox/filters/"


def create(user, name="逾期", shared_with=None):
    body = {"name": name, "params": {"overdue": "1"}, "shared_with": shared_with}
    return api(user).post(URL, body, format="json")


def test_an_applicant_or_plain_member_keeps_filters_but_cannot_share_them(tree, people):
    for person in (people.applicant, people.member):
        assert create(person, shared_with=tree.branch_a.pk).status_code == 403
        assert create(person).status_code == 201
    assert not SavedFilter.objects.exclude(shared_with=None).exists()
    assert create(people.secretary, shared_with=tree.branch_a.pk).status_code == 201


def test_one_person_keeps_at_most_the_configured_number(settings, people):
    settings.SAVED_FILTERS_PER_PERSON = 3
    assert [create(people.secretary, name=f"f{i}").status_code for i in range(3)] == [201, 201, 201]
    refused = create(people.secretary, name="one too many")
    assert refused.status_code == 409 and refused.json()["code"] == "saved_filter_limit"
    assert SavedFilter.objects.filter(owner=people.secretary).count() == 3
    assert create(people.member).status_code == 201  # per person


def test_creating_and_deleting_are_audited_and_only_the_owner_or_the_admin_deletes(tree, people):
    shared = create(people.secretary, shared_with=tree.branch_a.pk).json()["id"]
    own = create(people.member).json()["id"]
    assert AuditEvent.objects.filter(action="saved_filter_create").count() == 2

    assert api(people.member).delete(f"{URL}{shared}/").status_code == 403  # offered to them, not theirs
    assert api(people.outsider).delete(f"{URL}{shared}/").status_code == 404
    assert api(people.secretary).delete(f"{URL}{own}/").status_code == 404  # someone else's own filter
    assert SavedFilter.objects.count() == 2 and not AuditEvent.objects.filter(action="saved_filter_delete").exists()

    assert api(people.org_admin).delete(f"{URL}{shared}/").status_code == 204  # the bureau's administrator
    assert page(people.member).post(f"/tasks/filters/{own}/delete/").status_code == 302
    assert not SavedFilter.objects.exists()
    deleted = AuditEvent.objects.filter(action="saved_filter_delete").order_by("pk")
    assert [(e.actor, e.data["filter"]) for e in deleted] == [(people.org_admin, shared), (people.member, own)]


def test_the_inbox_shows_a_bounded_list_and_all_of_them_are_paginated(settings, tree, people):
    settings.SAVED_FILTERS_SHOWN = 5
    for i in range(40):
        SavedFilter.objects.create(owner=people.secretary, name=f"Saved-{i:02d}", params={}, shared_with=tree.branch_a)

    todo = page(people.member).get("/tasks/").content.decode()
    assert todo.count("Saved-") == 5 and "/tasks/filters/all/" in todo

    first = page(people.member).get("/tasks/filters/all/").content.decode()
    assert first.count("Saved-") == 30 and "page=2" in first
    assert "/delete/" not in first  # the member may not delete the secretary's filters
    assert page(people.member).get("/tasks/filters/all/", {"page": 2}).content.decode().count("Saved-") == 10
    body = api(people.member).get(URL).json()
    assert body["count"] == 40 and len(body["results"]) < 40
