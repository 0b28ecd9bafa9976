import pytest

from core.dates import business_today
from workflows.party.models import CaseStatus, Identity, PartyCase

pytestmark = pytest.mark.django_db


def test_the_demo_has_cases_at_every_stage_with_the_promised_twists(seeded_demo):
    cases = PartyCase.objects.all()
    assert {c.identity for c in cases} == set(Identity.values)
    statuses = [c.case_status for c in cases]
    for status in (CaseStatus.PROBATION_EXTENDED, CaseStatus.DISQUALIFIED, CaseStatus.ARCHIVED):
        assert statuses.count(status) == 1
    overdue = [c for c in cases if c.next_due and c.next_due < business_today()]
    assert len(overdue) >= 2
    assert PartyCase.objects.get(person__username="applicant").next_action == "record_talk"
