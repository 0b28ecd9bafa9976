"""Who writes into a case and who may be named in it (issue 15): only people with a part in the case comment
(item 4), at a bounded rate (item 17); 抄送 reaches the same people by every door (item 19); a claim's ``next``
stays on the site (item 14)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from accounts.roles import Role
from forms.models import Attachment
from tests.clients import api, page
from tests.factories import UserFactory, grant
from tests.workflows.party.conftest import submit
from workflows.models import CaseCc, Comment
from workflows.party.models import PartyCase
from workflows.services import case_cc

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_id(party):
    return submit(party, date="2026-11-01")


@pytest.fixture
def task(case_id):
    return PartyCase.objects.get(pk=case_id).task_set.get(flow_task_type="HUMAN", status__in=["NEW", "ASSIGNED"]).pk


@pytest.fixture
def readers(party, case_id):
    """People who see the case and have no part in it: the auditor, a county viewer (see_cases only) and a
    head teacher copied on the case (抄送)."""
    auditor = UserFactory(real_name="审计员")
    grant(auditor, party.tree.bureau, Role.AUDITOR)
    county = UserFactory(real_name="县委组织部")
    grant(county, party.tree.bureau, Role.COUNTY_ORG_DEPT)
    copied = UserFactory(real_name="校长")
    grant(copied, party.tree.school, Role.SCHOOL_DEPT)
    case_cc(process=PartyCase.objects.get(pk=case_id), actor=party.secretary, users=[copied])
    return {"auditor": auditor, "county": county, "copied": copied}


def comment_on_page(user, case_id, body="意见", with_file=True):
    data = {"body": body}
    if with_file:
        data["file"] = SimpleUploadedFile("a.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    return page(user).post(reverse("case-page-action", args=["party", case_id, "comment"]), data)


@pytest.mark.parametrize("who", ["auditor", "county", "copied"])
def test_readers_of_a_case_cannot_write_into_it(party, case_id, task, readers, who):
    reader = readers[who]
    assert api(reader).get(f"/api/v1/party/cases/{case_id}/").status_code == 200  # they do read it
    response = api(reader).post(f"/api/v1/tasks/{task}/comment/", {"body": "@林书记 看看"}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "comment_not_allowed"
    response = comment_on_page(reader, case_id)
    assert response.status_code == 403 and b'data-code="comment_not_allowed"' in response.content
    assert not Comment.objects.exists() and not Attachment.objects.exists()  # nor did the file get stored
    shown = page(reader).get(reverse("party-case", args=[case_id]))
    assert shown.status_code == 200
    assert reverse("case-page-action", args=["party", case_id, "comment"]).encode() not in shown.content


def test_people_with_a_part_in_the_case_comment(party, case_id, task, readers):
    for person in (party.applicant, party.secretary, party.committeemen[0]):
        response = api(person).post(f"/api/v1/tasks/{task}/comment/", {"body": "请补充"}, format="json")
        assert response.status_code == 201, (person.real_name, response.content)
    assert comment_on_page(party.orgmember, case_id).status_code == 302
    assert Comment.objects.count() == 4
    shown = page(party.secretary).get(reverse("party-case", args=[case_id]))
    assert reverse("case-page-action", args=["party", case_id, "comment"]).encode() in shown.content


@override_settings(COMMENT_RATE="2/m")
def test_comments_are_rate_limited_per_person(party, case_id, task):
    for _ in range(2):
        assert api(party.secretary).post(f"/api/v1/tasks/{task}/comment/", {"body": "x"}).status_code == 201
    response = api(party.secretary).post(f"/api/v1/tasks/{task}/comment/", {"body": "x"}, format="json")
    assert response.status_code == 429 and response.json()["code"] == "comment_rate_exceeded"
    assert int(response["Retry-After"]) > 0
    response = comment_on_page(party.secretary, case_id, with_file=False)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert b'data-code="comment_rate_exceeded"' in response.content
    assert Comment.objects.count() == 2
    # The rate is per person: someone else still comments.
    assert api(party.orgmember).post(f"/api/v1/tasks/{task}/comment/", {"body": "x"}).status_code == 201


def test_cc_through_the_api_reaches_only_the_people_the_page_offers(party, case_id):
    """Someone of the same bureau outside the case's organisation chain (a sibling branch) is refused."""
    sibling = UserFactory(real_name="第二支部书记")
    grant(sibling, party.tree.branch_b, Role.BRANCH_SECRETARY)
    shown = page(party.secretary).get(reverse("party-case", args=[case_id]))
    assert "第二支部书记" not in shown.content.decode()
    response = api(party.secretary).post(
        f"/api/v1/cases/party/{case_id}/cc/", {"user_ids": [sibling.pk]}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "cc_target_ineligible"
    response = page(party.secretary).post(
        reverse("case-page-action", args=["party", case_id, "cc"]), {"user": [sibling.pk]}
    )
    assert not CaseCc.objects.exists()
    response = api(party.secretary).post(
        f"/api/v1/cases/party/{case_id}/cc/", {"user_ids": [party.committeemen[0].pk]}, format="json"
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("https://evil.example/phish", "/tasks/"),
        ("//evil.example/phish", "/tasks/"),
        ("http://evil.example/", "/tasks/"),
        ("javascript:alert(1)", "/tasks/"),
        ("party-case", "/tasks/"),  # a bare word is neither a path nor a view name to look up
        ("/tasks/?box=done", "/tasks/?box=done"),
        ("http://testserver/tasks/?box=cc", "http://testserver/tasks/?box=cc"),
    ],
)
@pytest.mark.parametrize("action", ["claim", "unclaim"])
def test_claim_follows_only_a_next_on_this_site(party, task, action, next_url, lands_on):
    response = page(party.secretary).post(reverse("task-action", args=[task, action]), {"next": next_url})
    assert response.status_code == 302 and response["Location"] == lands_on


def test_a_next_over_plain_http_is_not_followed_from_an_https_request(party, task):
    response = page(party.secretary).post(
        reverse("task-action", args=[task, "claim"]), {"next": "http://testserver/tasks/"}, secure=True
    )
    assert response["Location"] == "/tasks/"
