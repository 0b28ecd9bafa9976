"""补录: a branch enters a case already in progress; the same rules check its historical dates."""

import pytest

from audit.models import AuditEvent
from tests.workflows.party.conftest import api, run

pytestmark = pytest.mark.django_db


def backfill(party, date="2022-05-01"):
    response = api(party.orgmember).post(
        "/api/v1/party/cases/",
        {"branch_id": party.branch.pk, "person_id": party.applicant.pk, "date": date, "backfill": True, "paper": True},
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()["case"]


def test_a_branch_enters_a_case_with_its_historical_dates(party):
    case = backfill(party)
    assert case["backfilled"] and case["application_date"] == "2022-05-01"
    talk = {"date": "2022-05-20", "talker_name": "林书记", "content": "谈话"}
    assert run(party.secretary, case["id"], "record_talk", talk).status_code == 200
    event = AuditEvent.objects.get(case_id=case["id"], action="record_talk")
    assert event.business_date.isoformat() == "2022-05-20" and event.created_at.year >= 2026


def test_a_historical_step_that_broke_a_rule_needs_the_same_reason(party):
    case = backfill(party)
    late = {"date": "2022-06-20", "talker_name": "林书记", "content": "谈话"}
    assert run(party.secretary, case["id"], "record_talk", late).json()["code"] == "reason_required"
    response = run(party.secretary, case["id"], "record_talk", {**late, "reason": "当年记录如此"})
    assert response.status_code == 200 and response.json()["warnings"] == ["talk_overdue"]


def test_an_applicant_cannot_backfill_their_own_case(party):
    response = api(party.applicant).post(
        "/api/v1/party/cases/", {"branch_id": party.branch.pk, "date": "2022-05-01", "backfill": True}, format="json"
    )
    assert response.status_code == 403
