"""The demo seeder: the demo programme's assessment opened and one sheet scored from the records, not published;
idempotent, and nothing without the programme."""

import pytest

from accounts.models import Organisation
from core.dates import business_today
from programmes.assessment.demo import seed
from programmes.assessment.models import Assessment, Sheet, SheetStatus
from programmes.models import ActivityKind
from tests.programmes.assessment.conftest import confirmed

pytestmark = pytest.mark.django_db


def test_the_demo_scores_one_sheet_from_the_records_once(w, programme, listed):
    assert seed(today=business_today()) == 0  # no branch of the demo's code: nothing
    Organisation.objects.filter(pk=w.branch.pk).update(code="YH-C1-S0-B1")
    confirmed(w, programme, w.member, ActivityKind.DEMONSTRATION)
    assert seed(today=business_today()) == 2
    sheet = Sheet.objects.get()
    assert sheet.status == SheetStatus.SCORED and sheet.rows[0]["score"] == sheet.rows[0]["proposal"] == "10.00"
    assert Assessment.objects.get().published_at is None
    assert seed(today=business_today()) == 0 and Sheet.objects.count() == 1
