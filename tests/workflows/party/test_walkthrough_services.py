"""One person through all 25 steps with the services (the API test does the same over HTTP)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import PartyStanding
from audit.models import AuditEvent
from forms.services import attachment_create
from tests.workflows.party.conftest import branch_vote, committee_vote, minutes
from workflows.party.engine import run_action
from workflows.party.models import CaseStatus, Identity
from workflows.party.steps.application import case_submit

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 11, 21)


def act(case, code, actor, **payload):
    return run_action(case_id=case.pk, code=code, actor=actor, payload=payload, today=TODAY)


def pdf(user, name="材料.pdf"):
    return attachment_create(uploaded_by=user, upload=SimpleUploadedFile(name, b"%PDF-1.4 " + name.encode(),
                                                                         content_type="application/pdf")).pk


def test_a_person_goes_from_application_to_archive(party):
    p = party
    case = case_submit(actor=p.applicant, payload={"branch_id": p.branch.pk, "date": "2023-03-01"}, today=TODAY)
    assert (case.identity, case.next_action, case.next_due) == (Identity.APPLICANT, "record_talk", D(2023, 4, 1))
    act(case, "record_talk", p.secretary, date="2023-03-20", talker_name="林书记", content="谈话内容")
    act(case, "designate_activist", p.secretary, date="2023-09-15", meeting=minutes("2023-09-15"),
        recommendation="party_members")
    act(case, "file_activist", p.orgmember, date="2023-09-20")
    act(case, "appoint_trainers", p.secretary, date="2023-09-20", person_ids=[p.members[0].pk, p.members[1].pk])
    act(case, "record_half_year_assessment", p.secretary, date="2024-03-10", assessor_name="党员0", content="良好")
    act(case, "record_half_year_assessment", p.secretary, date="2024-09-10", assessor_name="党员0", content="良好")
    case.refresh_from_db()
    assert case.identity == Identity.ACTIVIST and case.next_action == "designate_dev_object"
    opinions = {k: "同意" for k in ("party_group", "trainers", "members", "public")}
    act(case, "designate_dev_object", p.secretary, date="2024-09-25", meeting=minutes("2024-09-25"),
        opinions=opinions)
    act(case, "file_dev_object", p.orgmember, date="2024-10-08")
    act(case, "set_introducers", p.secretary, date="2024-10-10", person_ids=[p.members[0].pk, p.members[1].pk])
    act(case, "complete_political_review", p.secretary, date="2024-11-05", passed=True, summary="合格")
    act(case, "complete_training", p.orgmember, date="2024-11-20", days="3", hours=24)
    act(case, "branch_committee_review", p.secretary, date="2024-11-25", opinion="同意",
        meeting=minutes("2024-11-25"))
    act(case, "pre_review", p.committeemen[0], date="2024-12-05", opinion="同意")
    act(case, "fill_form", p.applicant, date="2024-12-10", form_number="ZZ2024-001")
    act(case, "record_admission_vote", p.secretary, date="2024-12-20", meeting=branch_vote(p, present=7, yes=6),
        reported_date="2024-12-23")
    case.refresh_from_db()
    assert case.next_action == "parent_interview" and case.next_due == D(2025, 3, 23)
    act(case, "parent_interview", p.organizer, date="2025-01-08", interviewer_name="黄组织员", notes="谈话")
    act(case, "parent_approve", p.committeemen[0], date="2025-01-15", meeting=committee_vote(p))
    case.refresh_from_db()
    assert case.identity == Identity.PROBATIONARY
    assert (case.probation_start, case.probation_end) == (D(2024, 12, 20), D(2025, 12, 20))
    act(case, "assign_group", p.secretary, date="2025-01-20")
    act(case, "file_with_grandparent", p.orgdept, date="2025-01-25", document_number="教党〔2025〕5号")
    act(case, "oath", p.secretary, date="2025-02-01")
    act(case, "record_probation_assessment", p.secretary, date="2025-06-30", assessor_name="党员0", content="良好")
    act(case, "apply_full_membership", p.applicant, date="2025-11-25")
    act(case, "record_full_membership_vote", p.secretary, date="2025-12-22", meeting=branch_vote(p))
    act(case, "parent_approve_full", p.committeemen[0], date="2026-01-10", meeting=committee_vote(p),
        full_membership_date="2026-01-10")
    case.refresh_from_db()
    assert case.identity == Identity.FULL_MEMBER and case.full_membership_date == D(2025, 12, 20)
    p.applicant.refresh_from_db()
    assert p.applicant.party_standing == PartyStanding.FULL and p.applicant.party_standing_since == D(2025, 12, 20)
    items = ["membership_form", "application", "political_review", "full_membership_application",
             "cultivation_records"]
    act(case, "archive_materials", p.secretary, date="2026-02-01",
        materials={item: pdf(p.secretary, f"{item}.pdf") for item in items})
    case.refresh_from_db()
    assert case.case_status == CaseStatus.ARCHIVED and case.status == "DONE"
    steps = list(AuditEvent.objects.filter(case_id=case.pk).values_list("step", flat=True))
    assert sorted(set(steps)) == list(range(1, 26)) and len(steps) == 26
