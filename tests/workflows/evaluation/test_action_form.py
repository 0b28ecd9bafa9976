"""The evaluation action form as a guide: what the step expects and its due date, a refused score next to its
field, and a private draft of the long indicator forms."""

import re

import pytest
from django.test import Client
from django.utils.html import escape

from forms.models import Draft
from tests.workflows.evaluation.conftest import ON_TIME
from workflows.evaluation.form_help import SCORE_RANGE
from workflows.evaluation.models import IndicatorScore, SchemeVersion
from workflows.evaluation.schemes import self_evaluation_due
from workflows.evaluation.scoring import indicators_for

pytestmark = pytest.mark.django_db


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def field_error(page: str, name: str) -> str:
    found = re.search(rf'<div class="error" id="id_{name}_error">(.*?)</div>\s*</div>', page, re.S)
    return found.group(1) if found else ""


@pytest.fixture
def term_one(yuhuan, collab_case, clock):
    clock.set(ON_TIME[1])
    track = collab_case.routine.get(school=yuhuan.collab_core, term=1)
    return collab_case, track, f"/evaluation/{collab_case.pk}/act/self_evaluate/"


def test_the_self_evaluation_form_gives_its_due_date_and_the_score_rule(yuhuan, term_one):
    case, track, url = term_one
    page = browser(yuhuan.collab_core_lead).get(url, {"routine_id": track.pk}).content.decode()
    due = self_evaluation_due(SchemeVersion.objects.get(pk=case.scheme_id), case.school_year, "ROUTINE", term=1)
    assert f'<time datetime="{due.isoformat()}">' in page
    assert escape(str(SCORE_RANGE)) in page


def test_a_score_above_full_marks_is_marked_on_its_field_and_nothing_is_stored(yuhuan, term_one):
    case, track, url = term_one
    lead = browser(yuhuan.collab_core_lead)
    scores = {f"score_{i.code}": "1" for i in indicators_for(SchemeVersion.objects.get(pk=case.scheme_id), "ROUTINE")}
    response = lead.post(url, {"routine_id": track.pk, **scores, "score_N1": "105", "summary": "自评"})
    assert response.status_code == 422
    assert field_error(response.content.decode(), "score_N1")
    track.refresh_from_db()
    assert track.status == "OPEN" and not IndicatorScore.objects.filter(routine=track).exists()


def test_a_draft_of_the_self_evaluation_is_private_and_kept_per_track(yuhuan, term_one):
    case, track, url = term_one
    lead, bureau = browser(yuhuan.collab_core_lead), browser(yuhuan.basic_edu)
    saved = lead.post(url, {"routine_id": track.pk, "intent": "save_draft", "score_N1": "7", "summary": "写到一半"})
    assert saved.status_code == 302 and saved["Location"] == f"{url}?routine_id={track.pk}"
    track.refresh_from_db()
    assert track.status == "OPEN"
    page = lead.get(url, {"routine_id": track.pk}).content.decode()
    assert "写到一半" in page and 'name="score_N1" value="7"' in page
    other_term = case.routine.get(school=yuhuan.collab_core, term=2)
    assert "写到一半" not in lead.get(url, {"routine_id": other_term.pk}).content.decode()
    assert bureau.get(url, {"routine_id": track.pk}).status_code == 403  # not theirs to fill in, nor to read
    assert lead.post(url, {"routine_id": track.pk, "intent": "discard_draft"}).status_code == 302
    assert not Draft.objects.exists()
