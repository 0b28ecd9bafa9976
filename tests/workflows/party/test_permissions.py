"""Who sees which party case, who enters an application where, and political review restricted and logged. (Each
action by the roles that may not run it: test_action_rights.py; another branch's 404 and an insider's 403 for
every action: the kit's rule, tests/workflows/kit/test_conformance.py.)"""

import pytest

from accounts.roles import Role
from audit.models import AuditEvent
from tests.factories import UserFactory, grant
from tests.workflows.party.conftest import api, case_before, run, submit
from workflows.party.models import PartyCase

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_id(party):
    return submit(party, date="2026-10-01")


def test_a_plain_member_of_the_branch_does_not_see_other_peoples_cases(party, case_id):
    assert api(party.members[0]).get(f"/api/v1/party/cases/{case_id}/").status_code == 404
    assert api(party.members[0]).get("/api/v1/party/cases/").json()["count"] == 0


def test_the_applicant_sees_only_their_own_case(party, case_id):
    other = UserFactory(birth_date=party.applicant.birth_date)
    grant(other, party.branch, Role.APPLICANT)
    api(other).post("/api/v1/party/cases/", {"branch_id": party.branch.pk, "date": "2026-10-03"}, format="json")
    listed = api(party.applicant).get("/api/v1/party/cases/").json()
    assert [c["id"] for c in listed["results"]] == [case_id]


def test_nobody_enters_a_paper_application_for_a_branch_they_do_not_serve(party):
    payload = {"branch_id": party.branch.pk, "date": "2026-10-01", "person_id": party.applicant.pk}
    assert api(party.outsider).post("/api/v1/party/cases/", payload, format="json").status_code == 404
    assert api(party.members[0]).post("/api/v1/party/cases/", payload, format="json").status_code == 403
    assert not PartyCase.objects.exists()


def test_one_applies_only_to_the_branch_one_belongs_to(party, tree):
    """Seeing the branch from above (the bureau) is not belonging to it; another county's branch is not seen."""
    bureau_staff = UserFactory(birth_date=party.applicant.birth_date)
    grant(bureau_staff, tree.bureau, Role.AUDITOR)
    stranger = UserFactory(birth_date=party.applicant.birth_date)
    grant(stranger, tree.other_branch, Role.APPLICANT)
    payload = {"branch_id": party.branch.pk}  # handed in online: the branch dates it
    assert api(bureau_staff).post("/api/v1/party/cases/", payload, format="json").status_code == 403
    assert api(stranger).post("/api/v1/party/cases/", payload, format="json").status_code == 404
    assert not PartyCase.objects.exists()
    assert api(party.applicant).post("/api/v1/party/cases/", payload, format="json").status_code == 201


def test_branch_staff_enter_a_paper_application(party):
    response = api(party.orgmember).post(
        "/api/v1/party/cases/",
        {"branch_id": party.branch.pk, "date": "2026-10-01", "person_id": party.applicant.pk, "paper": True},
        format="json",
    )
    assert response.status_code == 201
    event = AuditEvent.objects.get(action="submit_application")
    assert event.actor == party.orgmember and party.applicant.real_name in event.on_behalf_of


def test_political_review_is_hidden_from_the_applicant_and_every_read_is_logged(party):
    case_id = case_before(party, "complete_training")
    url = f"/api/v1/party/cases/{case_id}/political-review/"
    reads = AuditEvent.objects.filter(action="read_political_review")
    assert api(party.applicant).get(url).status_code == 403
    assert not reads.exists()
    history = api(party.applicant).get(f"/api/v1/party/cases/{case_id}/history/", {"page_size": 100}).json()
    review = next(e for e in history["results"] if e["action"] == "complete_political_review")
    assert review["data"] == {"restricted": True}

    response = api(party.secretary).get(url)
    assert response.status_code == 200 and response.json()[0]["summary"] == "政治审查合格"
    assert list(reads.values_list("actor", "case_id")) == [(party.secretary.pk, case_id)]
    assert api(party.committeemen[0]).get(url).status_code == 200
    assert reads.count() == 2


def test_an_auditor_may_not_read_political_review(party, tree):
    case_id = case_before(party, "complete_training")
    auditor = UserFactory()
    grant(auditor, tree.bureau, Role.AUDITOR)
    assert api(auditor).get(f"/api/v1/party/cases/{case_id}/political-review/").status_code == 403


def test_the_applicant_does_not_even_see_the_names_of_political_review_files(party):
    from tests.workflows.party.conftest import pdf

    case_id = case_before(party, "complete_political_review")
    document = pdf(party.secretary, "函调材料.pdf")
    run(
        party.secretary,
        case_id,
        "complete_political_review",
        {"date": "2024-11-05", "passed": True, "summary": "合格", "attachment_ids": [document]},
    )
    own = api(party.applicant).get(f"/api/v1/party/cases/{case_id}/history/", {"page_size": 100}).json()
    review = next(e for e in own["results"] if e["action"] == "complete_political_review")
    assert review["attachments"] == [] and "函调材料" not in str(own)
    staff = api(party.secretary).get(f"/api/v1/party/cases/{case_id}/history/", {"page_size": 100}).json()
    assert "函调材料.pdf" in str(staff)
