"""Issue 17 item 4: a branch's collective decision (支委会, or 支部大会 where the branch has no committee) records who
attended and who did not, by name, and holds the rule set's quorum; the names reach the timeline and the archive
PDF; the step's form offers the committee's members and the meeting tools."""

import datetime
import io
import re

import pytest
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from accounts.roles import Role
from audit.models import AuditEvent
from tests.factories import grant
from tests.workflows.party.conftest import api, case_before, minutes, run
from workflows.party.models import Meeting, MeetingKind, PartyCase

pytestmark = pytest.mark.django_db
DAY = "2023-09-15"


def designation(party, present):
    return {
        "date": DAY,
        "meeting": {**minutes(party, DAY), "present_ids": [p.pk for p in present]},
        "recommendation": "party_members",
    }


def third_committee_member(party):
    """党员1 joins the branch committee: a committee of three, two of whom make a quorum."""
    grant(party.members[1], party.branch, Role.BRANCH_COMMITTEE, valid_from=datetime.date(2020, 1, 1))
    return party.members[1]


def decide(party, case_id, present):
    response = run(party.secretary, case_id, "designate_activist", designation(party, present))
    assert response.status_code == 200, response.content


def refused(party, case_id, payload, code):
    meetings, events = Meeting.objects.count(), AuditEvent.objects.filter(case_id=case_id).count()
    response = run(party.secretary, case_id, "designate_activist", payload)
    assert response.status_code == 400 and response.json()["code"] == code, response.content
    assert PartyCase.objects.get(pk=case_id).identity == "APPLICANT"
    assert (Meeting.objects.count(), AuditEvent.objects.filter(case_id=case_id).count()) == (meetings, events)
    return response.json()


def test_an_activist_designated_by_one_of_two_committee_members_is_refused(party):
    """The bug: 确定入党积极分子 passed with one attendee."""
    case_id = case_before(party, "designate_activist")
    body = refused(party, case_id, designation(party, [party.secretary]), "quorum_not_met")
    assert "第12条" in body["detail"] and "支部大会" in body["detail"]


def test_someone_not_on_the_committee_is_refused_as_an_attendee(party):
    case_id = case_before(party, "designate_activist")
    payload = designation(party, [party.secretary, party.orgmember, party.members[0]])
    body = refused(party, case_id, payload, "attendee_not_eligible")
    assert body["fields"]["meeting__present_ids"] == [str(party.members[0].pk)]
    assert party.members[0].real_name in body["detail"]


def test_a_quorum_decides_and_the_event_names_who_attended_and_who_did_not(party):
    absent = third_committee_member(party)
    case_id = case_before(party, "designate_activist")
    decide(party, case_id, [party.secretary, party.orgmember])
    event = AuditEvent.objects.get(case_id=case_id, action="designate_activist")
    assert event.data["attendees"] == sorted([party.secretary.real_name, party.orgmember.real_name])
    assert event.data["absentees"] == [absent.real_name]
    meeting = Meeting.objects.get(pk=event.data["meeting_id"])
    assert meeting.kind == MeetingKind.BRANCH_COMMITTEE
    assert meeting.eligible_ids == sorted([party.secretary.pk, party.orgmember.pk, absent.pk])


def test_without_a_committee_the_general_meeting_decides_with_more_than_half_of_the_full_members(party):
    """The committee's members took office in 2025: the 2023 decision is the general meeting's."""
    for officer in (party.secretary, party.orgmember):
        officer.memberships.exclude(role=Role.MEMBER).update(valid_from=datetime.date(2025, 1, 1))
    case_id = case_before(party, "designate_activist")
    four = [party.secretary, party.orgmember, *party.members[:2], party.probationary]  # 4 of 8 full members
    refused(party, case_id, designation(party, four), "quorum_not_met")
    five = [*four, party.members[2]]
    decide(party, case_id, five)
    event = AuditEvent.objects.get(case_id=case_id, action="designate_activist")
    assert Meeting.objects.get(pk=event.data["meeting_id"]).kind == MeetingKind.BRANCH_ASSEMBLY
    assert party.members[5].real_name in event.data["absentees"]


def test_the_timeline_and_the_archive_pdf_name_the_attendees_and_the_absentees(party):
    absent = third_committee_member(party)
    case_id = case_before(party, "designate_activist")
    decide(party, case_id, [party.secretary, party.orgmember])
    client = Client()
    client.force_login(party.secretary)
    page = client.get(f"/party/{case_id}/").content.decode()
    response = api(party.secretary).post(f"/api/v1/party/cases/{case_id}/bundle/?kind=pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    with translation.override("zh-hans"):
        attended, missing = translation.gettext("Attended"), translation.gettext("Absent")
    assert f"{attended}: 林书记、王组织 · {missing}: {absent.real_name}" in page
    assert re.search(rf"{attended}\s*林书记、王组织", text) and re.search(rf"{missing}\s*{absent.real_name}", text)


def test_the_decision_form_offers_the_committee_or_the_general_meeting_with_select_all_and_a_tally(party):
    """The committee's members are marked; the branch's members are there for when the general meeting decides."""
    case_id = case_before(party, "designate_activist")
    client = Client()
    client.force_login(party.secretary)
    page = client.get(f"/party/{case_id}/act/designate_activist/").content.decode()
    offered = set(map(int, re.findall(r'name="meeting__present_ids" value="(\d+)"', page)))
    assert offered == {*party.full_ids, party.probationary.pk}
    body = re.search(r'<select name="meeting__kind"[^>]*>', page).group(0)
    assert f'data-committee="{party.secretary.pk},{party.orgmember.pk}"' in body
    assert f'data-voting="{",".join(map(str, party.full_ids))}"' in body
    assert re.findall(r'<option value="(\w+)"', page.split(body)[1].split("</select>")[0]) == [
        MeetingKind.BRANCH_COMMITTEE,
        MeetingKind.BRANCH_ASSEMBLY,
    ]
    assert "js/meeting-tally.js" in page and "data-select-all" in page and 'id="meeting-tally"' in page


def test_the_general_meetings_form_has_the_running_tally(party):
    case_id = case_before(party, "record_admission_vote")
    client = Client()
    client.force_login(party.secretary)
    page = client.get(f"/party/{case_id}/act/record_admission_vote/").content.decode()
    assert 'id="meeting-tally"' in page and "js/meeting-tally.js" in page
    assert all(f'data-tally="{key}"' in page for key in ("eligible", "present", "quorum", "yes"))
