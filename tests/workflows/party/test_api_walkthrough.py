"""DOMAIN §2.3 end to end over HTTP: identity, next step, deadline and history checked at every step; one audit
event per action, each with the DOMAIN §1.2 fields."""

import pytest
from rest_framework.test import APIClient

from accounts.models import PartyStanding
from audit.chain import hash_of
from audit.models import AuditEvent
from tests.workflows.party.conftest import standard_path

pytestmark = pytest.mark.django_db


def as_user(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_whole_path_through_the_api(party):
    p = party
    # Received by the branch on 2023-03-01: the branch dates an application (an applicant's own is dated the day
    # it is handed in, test_applicant_side).
    payload = {"branch_id": p.branch.pk, "person_id": p.applicant.pk, "date": "2023-03-01"}
    response = as_user(p.secretary).post("/api/v1/party/cases/", payload, format="json")
    assert response.status_code == 201, response.content
    case = response.json()["case"]
    case_id = case["id"]
    assert case["identity"] == "APPLICANT" and case["next_action"] == "record_talk"
    assert case["open_steps"][0]["due"] == "2023-04-01"  # one calendar month after receipt
    applicants_view = as_user(p.applicant).get(f"/api/v1/party/cases/{case_id}/").json()
    assert applicants_view["available_actions"] == ["withdraw", "submit_report"]

    steps = standard_path(p)
    # Deadlines the case shows after the named step: (next action, due, earliest, hard limit).
    expected_dates = {
        "appoint_trainers": ("designate_dev_object", None, "2024-09-15", None),
        "record_admission_vote": ("parent_interview", "2025-03-23", None, "2025-06-23"),
        "oath": ("apply_full_membership", "2026-03-20", None, None),
        "record_full_membership_vote": ("parent_approve_full", "2026-03-22", None, "2026-06-22"),
    }
    for number, (actor, action, payload, identity, next_action) in enumerate(steps, start=2):
        response = as_user(actor).post(f"/api/v1/party/cases/{case_id}/actions/{action}/", payload, format="json")
        assert response.status_code == 200, (action, response.content)
        body = response.json()["case"]
        assert body["identity"] == identity, action
        assert body["next_action"] == next_action, action
        history = as_user(p.secretary).get(f"/api/v1/party/cases/{case_id}/history/", {"page_size": 100}).json()
        assert history["count"] == number and history["results"][-1]["action"] == action
        assert history["results"][-1]["business_date"] == payload["date"]
        if action in expected_dates:
            step = next(s for s in body["open_steps"] if s["action"] == expected_dates[action][0])
            assert (step["action"], step.get("due"), step.get("earliest"), step.get("hard")) == expected_dates[action]
            if action == "appoint_trainers":
                assert step["assessment_due"] == "2024-03-15" and body["next_due"] == "2024-03-15"

    case = as_user(p.secretary).get(f"/api/v1/party/cases/{case_id}/").json()
    assert case["case_status"] == "ARCHIVED"
    assert (case["probation_start"], case["probation_end"]) == ("2024-12-20", "2025-12-20")
    assert case["full_membership_date"] == "2025-12-20"  # probation end, not the approval date
    p.applicant.refresh_from_db()
    assert p.applicant.party_standing == PartyStanding.FULL

    history = as_user(p.secretary).get(f"/api/v1/party/cases/{case_id}/history/", {"page_size": 100}).json()
    events = history["results"]
    assert [e["action"] for e in events][:3] == ["submit_application", "record_talk", "designate_activist"]
    assert sorted({e["step"] for e in events}) == list(range(1, 26))
    talk = events[1]
    assert talk["deadlines"] == [{"kind": "talk", "due": "2023-04-01", "hard": None, "provisional": False, "met": True}]
    assert talk["actor_role"] == "BRANCH_SECRETARY" and talk["business_date"] == "2023-03-20"
    vote = next(e for e in events if e["action"] == "record_admission_vote")
    assert (vote["data"]["E"], vote["data"]["A"], vote["data"]["Y"]) == (8, 7, 6)
    assert all(e["rule_set"] == "2014" for e in events)
    # One event per action (the history's count at every step, above), each with the DOMAIN §1.2 fields.
    for event in AuditEvent.objects.filter(process="party", case_id=case_id):
        assert event.actor_id and event.actor_name and event.actor_role and event.organisation_id, event.action
        assert event.business_date and event.created_at and event.to_state and event.rule_set, event.action
        assert event.from_state or event.action == "submit_application", event.action  # a transition from a state
        assert len(event.data_hash) == 64 and event.event_hash == hash_of(event), event.action
