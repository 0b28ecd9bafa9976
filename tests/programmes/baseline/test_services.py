import pytest

from audit.models import AuditEvent
from core.exceptions import ApplicationError
from programmes.baseline.models import Distinction, Level, Title
from programmes.baseline.services import distinction_record, distinction_withdraw
from tests.factories import TODAY
from tests.programmes.baseline.conftest import D, award

pytestmark = pytest.mark.django_db


def test_recording_a_title_is_audited_on_the_teachers_school(county):
    distinction = award(county.secretary, county.n1, Title.TEACHING_BACKBONE, Level.COUNTY, awarding_body="县教育局")
    assert distinction.kind == "BACKBONE" and distinction.recorded_by == county.secretary
    event = AuditEvent.objects.get(process="baseline", action="distinction_record")
    assert event.organisation == county.school and event.data["person"] == county.n1.pk


def test_a_person_of_another_county_is_out_of_reach_and_nothing_is_written(county):
    with pytest.raises(ApplicationError) as refused:
        award(county.secretary, county.foreign_teacher)
    assert refused.value.code == "person_out_of_reach"
    assert not Distinction.objects.exists() and not AuditEvent.objects.filter(process="baseline").exists()


def test_a_reader_without_the_right_to_record_is_out_of_reach(county):
    with pytest.raises(ApplicationError) as refused:
        award(county.basic_edu, county.n1)  # the bureau's reviewer sees the school's figures, records nothing
    assert refused.value.code == "person_out_of_reach"


def test_a_date_after_today_is_refused(county):
    with pytest.raises(ApplicationError) as refused:
        award(county.secretary, county.n1, on=D(2099, 1, 1))
    assert refused.value.code == "distinction_in_future"
    assert not Distinction.objects.exists()


def test_the_same_title_twice_is_refused(county):
    award(county.secretary, county.n1)
    with pytest.raises(ApplicationError) as refused:
        award(county.secretary, county.n1)
    assert refused.value.code == "distinction_duplicate"
    assert Distinction.objects.count() == 1


def test_an_other_honour_needs_its_name(county):
    with pytest.raises(ApplicationError) as refused:
        distinction_record(
            actor=county.secretary, person=county.n1, title=Title.OTHER_HONOUR, level=Level.CITY, awarded_on=TODAY
        )
    assert refused.value.code == "distinction_name_missing"


def test_a_withdrawn_entry_stays_shown_and_cannot_be_withdrawn_twice(county):
    distinction = award(county.secretary, county.n1)
    distinction_withdraw(actor=county.secretary, distinction=distinction, reason="级别录错")
    distinction.refresh_from_db()
    assert distinction.withdrawn_by == county.secretary and distinction.withdrawal_reason == "级别录错"
    assert not Distinction.objects.active_on(TODAY).exists()
    with pytest.raises(ApplicationError) as refused:
        distinction_withdraw(actor=county.secretary, distinction=distinction, reason="再撤一次")
    assert refused.value.code == "distinction_withdrawn"
    assert AuditEvent.objects.filter(process="baseline", action="distinction_withdraw").count() == 1
