"""Importing a roster from the organisation's members page: an administrator imports below their own
organisation only; a file with any bad row imports nothing and lists every problem; the import is audited."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Membership, Organisation, User
from accounts.selectors import organisation_parent
from audit.models import AuditEvent
from tests.accounts.test_import_org import workbook

pytestmark = pytest.mark.django_db


def rows(tree, *, parent_code):
    return {
        "组织": [["NEWB", "第三支部", "党支部", parent_code, "", "否", "否"]],
        "人员": [["zhaoliu", "赵六", "男", datetime.date(1991, 2, 3), "汉族", None, "群众", None]],
        "角色": [
            ["zhaoliu", "NEWB", "APPLICANT", datetime.date(2026, 3, 1), None],
            ["member", tree.branch_b.code, "MEMBER", datetime.date(2026, 3, 1), None],
        ],
    }


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client, organisation, path):
    with open(path, "rb") as handle:
        return client.post(reverse("roster-import", args=[organisation.pk]), {"file": handle})


def test_an_administrator_imports_below_their_organisation(tree, people, tmp_path):
    path = workbook(tmp_path, rows(tree, parent_code=tree.committee.code))
    response = upload(signed_in(people.org_admin), tree.bureau, path)
    # The people imported have no password yet: the administrator is taken to where their activation links are given.
    assert response.status_code == 302 and response.url == reverse("people-list")
    assert not User.objects.get(username="zhaoliu").has_usable_password()
    branch = Organisation.objects.get(code="NEWB")
    assert branch.path.startswith(tree.committee.path)
    assert Membership.objects.filter(user__username="zhaoliu", organisation=branch, role="APPLICANT").exists()
    event = AuditEvent.objects.get(action="roster_import")
    assert event.actor == people.org_admin and event.organisation == tree.bureau
    assert event.data["memberships"] == 2 and len(event.data["sha256"]) == 64
    assert AuditEvent.objects.filter(action="membership_grant", actor=people.org_admin).count() == 2


def test_rows_outside_the_organisation_import_nothing_and_are_listed(tree, people, tmp_path):
    bad = rows(tree, parent_code=organisation_parent(tree.other_branch).code)  # another county's committee
    bad["角色"].append(["member", tree.other_branch.code, "MEMBER", datetime.date(2026, 3, 1), None])
    path = workbook(tmp_path, bad)
    client = signed_in(people.org_admin)
    events = AuditEvent.objects.count()
    response = upload(client, tree.bureau, path)
    assert response.status_code == 422
    problems = [(e.sheet, e.row) for e in response.context["row_errors"]]
    assert problems == [("组织", 2), ("角色", 4)]
    assert not Organisation.objects.filter(code="NEWB").exists()
    assert not User.objects.filter(username="zhaoliu").exists()
    assert AuditEvent.objects.count() == events


def test_a_file_that_is_not_a_workbook_is_refused(tree, people, tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"<html>not a workbook</html>")
    response = upload(signed_in(people.org_admin), tree.bureau, path)
    assert response.status_code == 422 and response.context["error"].code == "import_not_xlsx"


def test_only_administrators_of_the_organisation_may_import(tree, people, tmp_path):
    path = workbook(tmp_path, rows(tree, parent_code=tree.committee.code))
    assert upload(signed_in(people.secretary), tree.branch_a, path).status_code == 403
    assert upload(signed_in(people.outsider), tree.bureau, path).status_code == 404
    assert signed_in(people.member).get(reverse("roster-import", args=[tree.branch_a.pk])).status_code == 403
    assert not Organisation.objects.filter(code="NEWB").exists()
    template = signed_in(people.org_admin).get(reverse("roster-template"))
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxmlformats")
