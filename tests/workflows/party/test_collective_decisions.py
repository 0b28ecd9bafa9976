"""Issue 17 item 4: appointing the trainers (确定培养联系人) is a collective decision checked as the designations are;
when the branch committee cannot meet with a quorum, the branch general meeting (支部大会) decides instead, with more
than half of its full members with a vote present (DOMAIN §2.5)."""

import datetime
import io
import re

import pytest
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from audit.models import AuditEvent
from tests.workflows.party.conftest import api, case_before, minutes, run
from workflows.party.models import Meeting, MeetingKind, PartyCase
from workflows.party.steps.common import decision_body

pytestmark = pytest.mark.django_db
DAY = "2023-09-20"


def trainers(party, present, **meeting):
    return {
        "date": DAY,
        "person_ids": [party.members[0].pk],
        "meeting": {**minutes(party, DAY), "present_ids": [p.pk for p in present], **meeting},
    }


def refused(party, case_id, action, payload, code) -> dict:
    meetings, events = Meeting.objects.count(), AuditEvent.objects.filter(case_id=case_id).count()
    response = run(party.secretary, case_id, action, payload)
    assert response.status_code == 400 and response.json()["code"] == code, response.content
    assert (Meeting.objects.count(), AuditEvent.objects.filter(case_id=case_id).count()) == (meetings, events)
    return response.json()


def accepted(party, case_id, action, payload) -> AuditEvent:
    response = run(party.secretary, case_id, action, payload)
    assert response.status_code == 200, response.content
    return AuditEvent.objects.get(case_id=case_id, action=action)


def test_trainers_appointed_without_a_meeting_are_refused(party):
    case_id = case_before(party, "appoint_trainers")
    payload = {"date": DAY, "person_ids": [party.members[0].pk]}
    refused(party, case_id, "appoint_trainers", payload, "collective_decision_required")


def test_trainers_appointed_by_one_of_two_committee_members_are_refused(party):
    case_id = case_before(party, "appoint_trainers")
    body = refused(party, case_id, "appoint_trainers", trainers(party, [party.secretary]), "quorum_not_met")
    assert "支部大会" in body["detail"]


def test_someone_off_the_committee_is_refused_as_an_attendee_of_its_meeting(party):
    case_id = case_before(party, "appoint_trainers")
    payload = trainers(party, [party.secretary, party.orgmember, party.members[2]])
    body = refused(party, case_id, "appoint_trainers", payload, "attendee_not_eligible")
    assert body["fields"]["meeting__present_ids"] == [str(party.members[2].pk)]


def test_the_committees_appointment_names_the_trainers_and_who_attended(party):
    case_id = case_before(party, "appoint_trainers")
    event = accepted(party, case_id, "appoint_trainers", trainers(party, [party.secretary, party.orgmember]))
    assert event.data["trainers"] == [{"id": party.members[0].pk, "name": party.members[0].real_name}]
    assert event.data["attendees"] == sorted([party.secretary.real_name, party.orgmember.real_name])
    assert Meeting.objects.get(pk=event.data["meeting_id"]).kind == MeetingKind.BRANCH_COMMITTEE
    assert event.on_behalf_of == "支部委员会会议 2023-09-20 决定"


def test_when_the_committee_cannot_meet_the_general_meeting_decides_with_more_than_half_of_the_full_members(party):
    """Eight full members: four present is not more than half; five is. The probationary member attends without
    counting."""
    case_id = case_before(party, "appoint_trainers")
    assembly = {"kind": MeetingKind.BRANCH_ASSEMBLY}
    four = [party.members[1], *party.members[2:5], party.probationary]
    body = refused(party, case_id, "appoint_trainers", trainers(party, four, **assembly), "quorum_not_met")
    assert "4" in body["detail"] and "8" in body["detail"]
    five = [*four, party.members[5]]
    event = accepted(party, case_id, "appoint_trainers", trainers(party, five, **assembly))
    meeting = Meeting.objects.get(pk=event.data["meeting_id"])
    assert meeting.kind == MeetingKind.BRANCH_ASSEMBLY
    assert meeting.eligible_ids == party.full_ids  # 应到: the full members with a vote, not the probationary one
    assert event.on_behalf_of == "支部大会讨论 2023-09-20 决定"
    assert sorted(event.data["absentees"]) == sorted([party.secretary.real_name, party.orgmember.real_name, "党员0"])
    assert PartyCase.objects.get(pk=case_id).task_set.filter(flow_task_type="HUMAN", status="NEW").exists()


def test_the_general_meeting_holds_its_own_quorum_whatever_the_committee_share_of_the_rule_set(party):
    case_id = case_before(party, "designate_activist")
    payload = {
        "date": "2023-09-15",
        "meeting": {**minutes(party, "2023-09-15"), "kind": MeetingKind.BRANCH_ASSEMBLY},  # the committee's two
        "recommendation": "party_members",
    }
    refused(party, case_id, "designate_activist", payload, "quorum_not_met")


def test_a_branch_without_a_committee_offers_none_to_meet(party):
    """Its officers took office in 2025: in 2023 the branch had no committee, only its general meeting."""
    for officer in (party.secretary, party.orgmember):
        officer.memberships.exclude(role="MEMBER").update(valid_from=datetime.date(2025, 1, 1))
    day = datetime.date(2023, 9, 20)
    kind, members, counted = decision_body(party.branch, day, today=day, kind=MeetingKind.BRANCH_COMMITTEE)
    assert (kind, members, counted) == (MeetingKind.BRANCH_COMMITTEE, {}, set())
    kind, _members, counted = decision_body(party.branch, day, today=day)
    assert kind == MeetingKind.BRANCH_ASSEMBLY and counted == set(party.full_ids)


def test_the_trainers_meeting_names_its_attendees_in_the_timeline_and_the_archive_pdf(party):
    case_id = case_before(party, "appoint_trainers")
    payload = trainers(party, [*party.members[1:6]], kind=MeetingKind.BRANCH_ASSEMBLY)
    accepted(party, case_id, "appoint_trainers", payload)
    client = Client()
    client.force_login(party.secretary)
    page = client.get(f"/party/{case_id}/").content.decode()
    response = api(party.secretary).post(f"/api/v1/party/cases/{case_id}/bundle/?kind=pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    with translation.override("zh-hans"):
        attended, missing = translation.gettext("Attended"), translation.gettext("Absent")
    names = "、".join(f"党员{i}" for i in range(1, 6))
    assert f"{attended}: {names} · {missing}: 党员0、林书记、王组织" in page
    assert re.search(rf"{attended}\s*{names}", text) and re.search(rf"{missing}\s*党员0、林书记、王组织", text)
