"""Side and terminal states of DOMAIN §2.2: withdrawn, not admitted, on hold, transferred."""

import pytest

from tests.workflows.party.conftest import branch_vote, case_before, run, submit
from workflows.party.models import CaseStatus, PartyCase

pytestmark = pytest.mark.django_db


def status(case_id):
    case = PartyCase.objects.get(pk=case_id)
    return case.case_status, case.status


def test_the_applicant_withdraws_and_the_flow_stops(party):
    case_id = submit(party, date="2026-10-01")
    assert run(party.applicant, case_id, "withdraw", {"date": "2026-10-10"}).status_code == 200
    assert status(case_id) == (CaseStatus.WITHDRAWN, "CANCELED")
    talk = {"date": "2026-10-11", "talker_name": "x", "content": "x"}
    assert run(party.secretary, case_id, "record_talk", talk).json()["code"] == "action_not_available"


def test_a_failed_admission_vote_ends_the_case_as_not_admitted_and_a_new_cycle_may_start(party):
    case_id = case_before(party, "record_admission_vote")
    failed = {"date": "2024-12-20", "meeting": branch_vote(party, present=7, yes=3, result="failed")}
    response = run(party.secretary, case_id, "record_admission_vote", failed)
    assert response.status_code == 200 and response.json()["case"]["case_status"] == "NOT_ADMITTED"
    assert status(case_id)[1] == "DONE"
    assert submit(party, date="2026-11-01")  # the closed case does not block a later application


def test_a_target_leaving_soon_waits_on_hold_and_resumes(party):
    case_id = case_before(party, "pre_review")
    hold = {"date": "2024-12-01", "expected_departure_date": "2025-01-31"}
    assert run(party.secretary, case_id, "put_on_hold", hold).status_code == 200
    assert status(case_id)[0] == CaseStatus.ON_HOLD_LEAVING
    pre = {"date": "2024-12-05", "opinion": "x"}
    assert run(party.committeemen[0], case_id, "pre_review", pre).json()["code"] == "action_not_available"
    assert run(party.secretary, case_id, "resume", {"date": "2025-03-01"}).status_code == 200
    assert run(party.committeemen[0], case_id, "pre_review", {**pre, "date": "2025-03-05"}).status_code == 200


def test_a_transfer_closes_the_case_here(party):
    case_id = case_before(party, "designate_dev_object")
    response = run(party.secretary, case_id, "transfer_out", {"date": "2024-06-01", "to_organisation": "某中学党支部"})
    assert response.status_code == 200
    assert status(case_id) == (CaseStatus.TRANSFERRED_OUT, "CANCELED")


def test_a_probationary_member_is_disqualified_during_probation(party):
    case_id = case_before(party, "oath")
    vote = {"date": "2025-06-01", "grounds": "严重违纪", "meeting": branch_vote(party)}
    assert run(party.secretary, case_id, "record_disqualification_vote", vote).status_code == 200
    assert PartyCase.objects.get(pk=case_id).next_action == "parent_approve_disqualification"
    approval = {
        "date": "2025-06-10",
        "meeting": {
            **branch_vote(party),
            "eligible_ids": party.committee_ids,
            "present_ids": party.committee_ids,
            "ballot": {"yes": 5, "no": 0, "abstain": 0},
        },
    }
    response = run(party.committeemen[0], case_id, "parent_approve_disqualification", approval)
    assert response.status_code == 200, response.content
    assert status(case_id) == (CaseStatus.DISQUALIFIED, "CANCELED")
    party.applicant.refresh_from_db()
    assert party.applicant.party_standing == "NON_MEMBER"
