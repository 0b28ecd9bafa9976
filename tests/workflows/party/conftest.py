"""A branch ready for party development: officers, six full members, one probationary member,
a committee with approval authority and its members, and an applicant born in 2000."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.models import Membership, PartyStanding
from accounts.roles import Role
from audit.models import AuditEvent
from forms.services import attachment_create
from tests.factories import UserFactory, grant
from workflows.party.models import PartyCase
from workflows.party.steps.application import case_submit

D = datetime.date


def full_member(**kwargs):
    return UserFactory(party_standing=PartyStanding.FULL, party_standing_since=D(2010, 7, 1), **kwargs)


@pytest.fixture
def party(tree):
    return make_party(tree)


def make_party(tree) -> SimpleNamespace:
    p = SimpleNamespace(tree=tree, branch=tree.branch_a, committee=tree.committee)
    p.secretary = full_member(username="p_secretary", real_name="林书记")
    p.orgmember = full_member(username="p_orgmember", real_name="王组织")
    p.members = [full_member(real_name=f"党员{i}") for i in range(6)]
    p.probationary = UserFactory(party_standing=PartyStanding.PROBATIONARY, party_standing_since=D(2026, 6, 1))
    p.committeemen = [full_member(real_name=f"党委委员{i}") for i in range(5)]
    p.organizer = full_member(username="p_organizer", real_name="黄组织员")
    p.orgdept = UserFactory(username="p_orgdept", real_name="徐部长")
    p.applicant = UserFactory(username="p_applicant", real_name="陈申请", birth_date=D(2000, 5, 4))
    p.outsider = full_member(username="p_outsider")
    # The branch committee (支委会): its secretary and organisation member, since before any case's meetings.
    grant(p.secretary, p.branch, Role.BRANCH_SECRETARY, valid_from=D(2020, 1, 1))
    grant(p.orgmember, p.branch, Role.BRANCH_ORG_MEMBER, valid_from=D(2020, 1, 1))
    for person in [p.secretary, p.orgmember, *p.members, p.probationary]:
        grant(person, p.branch, Role.MEMBER, valid_from=D(2020, 1, 1))
    for person in p.committeemen:
        grant(person, p.committee, Role.PARENT_COMMITTEE, valid_from=D(2020, 1, 1))
    grant(p.organizer, p.committee, Role.PARENT_ORGANIZER)
    grant(p.orgdept, tree.bureau, Role.GRAND_PARENT_ORG_DEPT)
    grant(p.applicant, p.branch, Role.APPLICANT, valid_from=D(2020, 1, 1))
    grant(p.outsider, tree.other_branch, Role.BRANCH_SECRETARY)
    p.full_ids = sorted(m.pk for m in [p.secretary, p.orgmember, *p.members])
    p.committee_ids = sorted(m.pk for m in p.committeemen)
    return p


def branch_vote(party, *, present=None, yes=None, result="passed", **extra):
    eligible = party.full_ids
    present = eligible[: present or len(eligible)]
    return {
        "eligible_ids": eligible,
        "present_ids": present,
        "ballot": {"yes": len(present) if yes is None else yes, "no": 0, "abstain": 0},
        "result": result,
        **extra,
    }


def committee_vote(party):
    return {
        "eligible_ids": party.committee_ids,
        "present_ids": party.committee_ids,
        "ballot": {"yes": len(party.committee_ids), "no": 0, "abstain": 0},
        "result": "passed",
        "document_number": "城关一小党委〔2026〕1号",
    }


def minutes(party, day):
    """A branch committee meeting that the whole committee attended."""
    return {"date": day, "present_ids": [party.secretary.pk, party.orgmember.pk], "minutes_ref": f"支委会记录 {day}"}


OPINIONS = {k: "同意" for k in ("party_group", "trainers", "members", "public")}
ARCHIVE_ITEMS = [
    "membership_form",
    "application",
    "political_review",
    "full_membership_application",
    "cultivation_records",
]


def pdf(user, name):
    upload = SimpleUploadedFile(name, b"%PDF-1.4 " + name.encode(), content_type="application/pdf")
    return attachment_create(uploaded_by=user, upload=upload).pk


def standard_path(p):
    """Steps 2–25 with realistic dates: (actor, action, payload, identity after, next action after)."""
    s, om, c0 = p.secretary, p.orgmember, p.committeemen[0]
    return [
        (
            s,
            "record_talk",
            {"date": "2023-03-20", "talker_name": "林书记", "content": "了解入党动机"},
            "APPLICANT",
            "designate_activist",
        ),
        (
            s,
            "designate_activist",
            {"date": "2023-09-15", "meeting": minutes(p, "2023-09-15"), "recommendation": "party_members"},
            "ACTIVIST",
            "file_activist",
        ),
        (om, "file_activist", {"date": "2023-09-20", "document_number": "备2023-9"}, "ACTIVIST", "appoint_trainers"),
        (
            s,
            "appoint_trainers",
            {"date": "2023-09-20", "person_ids": [p.members[0].pk], "meeting": minutes(p, "2023-09-20")},
            "ACTIVIST",
            "designate_dev_object",
        ),
        (
            s,
            "record_half_year_assessment",
            {"date": "2024-03-10", "assessor_name": "党员0", "content": "表现良好"},
            "ACTIVIST",
            "designate_dev_object",
        ),
        (
            p.orgmember,  # the applicant's report, entered by the branch afterwards (an applicant's is dated today)
            "submit_report",
            {"date": "2024-06-01", "content": "思想汇报"},
            "ACTIVIST",
            "designate_dev_object",
        ),
        (
            s,
            "record_half_year_assessment",
            {"date": "2024-09-10", "assessor_name": "党员0", "content": "表现良好"},
            "ACTIVIST",
            "designate_dev_object",
        ),
        (
            s,
            "designate_dev_object",
            {"date": "2024-09-25", "meeting": minutes(p, "2024-09-25"), "opinions": OPINIONS},
            "DEV_OBJECT",
            "file_dev_object",
        ),
        (om, "file_dev_object", {"date": "2024-10-08"}, "DEV_OBJECT", "set_introducers"),
        (
            s,
            "set_introducers",
            {"date": "2024-10-10", "person_ids": [p.members[0].pk, p.members[1].pk]},
            "DEV_OBJECT",
            "complete_political_review",
        ),
        (
            s,
            "complete_political_review",
            {"date": "2024-11-05", "passed": True, "summary": "政治审查合格"},
            "DEV_OBJECT",
            "complete_training",
        ),
        (
            om,
            "complete_training",
            {"date": "2024-11-20", "days": "3", "hours": 24},
            "DEV_OBJECT",
            "branch_committee_review",
        ),
        (
            s,
            "branch_committee_review",
            {"date": "2024-11-25", "opinion": "同意", "meeting": minutes(p, "2024-11-25")},
            "DEV_OBJECT",
            "pre_review",
        ),
        (c0, "pre_review", {"date": "2024-12-05", "opinion": "预审合格"}, "DEV_OBJECT", "fill_form"),
        (
            p.applicant,
            "fill_form",
            {"date": "2024-12-10", "form_number": "ZZ2024-001"},
            "DEV_OBJECT",
            "record_admission_vote",
        ),
        (
            s,
            "record_admission_vote",
            {"date": "2024-12-20", "meeting": branch_vote(p, present=7, yes=6), "reported_date": "2024-12-23"},
            "DEV_OBJECT",
            "parent_interview",
        ),
        (
            p.organizer,
            "parent_interview",
            {"date": "2025-01-08", "interviewer_name": "黄组织员", "notes": "谈话"},
            "DEV_OBJECT",
            "parent_approve",
        ),
        (
            c0,
            "parent_approve",
            {"date": "2025-01-15", "meeting": committee_vote(p)},
            "PROBATIONARY",
            "file_with_grandparent",
        ),
        (
            p.orgdept,
            "file_with_grandparent",
            {"date": "2025-01-25", "document_number": "教党〔2025〕5号"},
            "PROBATIONARY",
            "assign_group",
        ),
        (s, "assign_group", {"date": "2025-01-20"}, "PROBATIONARY", "oath"),
        (s, "oath", {"date": "2025-02-01"}, "PROBATIONARY", "apply_full_membership"),
        (
            s,
            "record_probation_assessment",
            {"date": "2025-06-30", "assessor_name": "党员0", "content": "良好"},
            "PROBATIONARY",
            "apply_full_membership",
        ),
        (
            p.applicant,
            "apply_full_membership",
            {"date": "2025-11-25", "content": "转正申请"},
            "PROBATIONARY",
            "record_full_membership_vote",
        ),
        (
            s,
            "record_full_membership_vote",
            {"date": "2025-12-22", "meeting": branch_vote(p)},
            "PROBATIONARY",
            "parent_approve_full",
        ),
        (
            c0,
            "parent_approve_full",
            {"date": "2026-01-10", "meeting": committee_vote(p)},
            "FULL_MEMBER",
            "archive_materials",
        ),
        (
            s,
            "archive_materials",
            {"date": "2026-02-01", "materials": {i: pdf(s, f"{i}.pdf") for i in ARCHIVE_ITEMS}},
            "FULL_MEMBER",
            "",
        ),
    ]


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def new_case(branch, name: str = "申请人") -> int:
    """A new applicant of ``branch`` whose application the branch received on 2023-03-01 (for tests that need
    cases, not a path)."""
    applicant = UserFactory(real_name=name, birth_date=D(2000, 5, 4))
    grant(applicant, branch, Role.APPLICANT, valid_from=D(2020, 1, 1))
    return handed_in(applicant, branch, "2023-03-01")


def submit(p, date="2023-03-01", **extra):
    """The applicant's application, handed in online on ``date`` and received by the branch that day."""
    return handed_in(p.applicant, p.branch, date, **extra)


def handed_in(applicant, branch, date: str, **extra) -> int:
    """Handed in online on ``date`` (the service run as on that day: an applicant never dates it), its receipt
    marked confirmed that day (the confirmation's own step and event: test_applicant_side.py)."""
    day = D.fromisoformat(date)
    # One applies to one's own branch: a test's applicant belongs to it by that day, whenever the test granted it.
    Membership.objects.filter(user=applicant, organisation=branch, role=Role.APPLICANT, valid_from__gt=day).update(
        valid_from=day
    )
    case = case_submit(actor=applicant, payload={"branch_id": branch.pk, **extra}, today=day)
    PartyCase.objects.filter(pk=case.pk).update(receipt_confirmed=True)
    return case.pk


def run(user, case_id, action, payload):
    """Run an action through the API, and hold the audit invariant on every run in every party test: an action
    that succeeds writes exactly one event with its code for the case; a refused one writes none (issue 7)."""
    events = AuditEvent.objects.filter(process="party", case_id=case_id)
    before = events.count()
    response = api(user).post(f"/api/v1/party/cases/{case_id}/actions/{action}/", payload, format="json")
    added = list(events.order_by("id")[before:].values_list("action", flat=True))
    expected = [action] if response.status_code == 200 else []
    assert [a for a in added if a == action or response.status_code != 200] == expected, (action, added)
    return response


def case_before(p, action: str, *, skip=(), path=None) -> int:
    """A case that has done every standard step up to (not including) ``action``."""
    case_id = submit(p)
    for actor, code, payload, *_rest in path or standard_path(p):
        if code == action:
            return case_id
        if code in skip:
            continue
        response = run(actor, case_id, code, payload)
        assert response.status_code == 200, (code, response.content)
    return case_id
