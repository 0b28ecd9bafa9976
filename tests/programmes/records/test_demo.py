import pytest

from accounts.models import User
from programmes.models import ActivityKind, Programme
from programmes.records.demo import seed
from programmes.records.models import ActivityRecord, RecordStatus
from programmes.records.selectors import progress, waiting_for

pytestmark = pytest.mark.django_db


def test_the_demo_records_stand_at_different_levels_of_progress(seeded_demo):
    programme = Programme.objects.get(organisation__code="YH-C1-S0-B1", kind="DUAL", school_year=2026)
    people = {u.username: u for u in User.objects.filter(username__in=["trainer", "introducer", "applicant"])}
    trainer, introducer, applicant = (
        progress(programme, [people[n]], today=seeded_demo)[0] for n in ("trainer", "introducer", "applicant")
    )
    observed = next(r for r in trainer.rows if r.kind == ActivityKind.OBSERVATION)
    assert (observed.done + observed.pending, observed.required) == (18, 20) and observed.done == 15
    assert trainer.on_track and not introducer.on_track
    records = ActivityRecord.objects.filter(programme=programme)
    assert records.filter(person=people["applicant"], status=RecordStatus.RETURNED).count() == 1
    leader = User.objects.get(username="groupleader")
    assert waiting_for(leader).filter(programme=programme).count() >= 5
    assert seed(today=seeded_demo) == 0  # idempotent
