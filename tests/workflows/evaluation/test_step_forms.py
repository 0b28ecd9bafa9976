"""The evaluation's step forms (workflows.evaluation.step_forms on the kit's step page) as a guide: what the step
expects and its due date, a refused score next to its row of the score sheet, a private draft of the long score
sheets, and an appointment that offers only the people it accepts."""

import re

import pytest
from django.test import Client
from django.utils.html import escape

from forms.models import Draft
from tests.workflows.evaluation.conftest import ON_TIME, run_action
from workflows.evaluation.form_help import SCORE_RANGE
from workflows.evaluation.models import IndicatorScore, SchemeVersion, Track
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
    sheet = indicators_for(SchemeVersion.objects.get(pk=case.scheme_id), "ROUTINE")
    scores = {f"scores__{i.code}__score": "1" for i in sheet}
    response = lead.post(url, {"routine_id": track.pk, **scores, "scores__N1__score": "105", "summary": "自评"})
    assert response.status_code == 422
    assert field_error(response.content.decode(), "scores__N1__score")
    track.refresh_from_db()
    assert track.status == "OPEN" and not IndicatorScore.objects.filter(routine=track).exists()


def test_a_draft_of_the_self_evaluation_is_private_and_kept_per_track(yuhuan, term_one):
    case, track, url = term_one
    lead, bureau = browser(yuhuan.collab_core_lead), browser(yuhuan.basic_edu)
    draft = {"routine_id": track.pk, "intent": "save_draft", "scores__N1__score": "7", "summary": "写到一半"}
    saved = lead.post(url, draft)
    assert saved.status_code == 302 and saved["Location"] == f"{url}?routine_id={track.pk}"
    track.refresh_from_db()
    assert track.status == "OPEN"
    page = lead.get(url, {"routine_id": track.pk}).content.decode()
    assert "写到一半" in page and 'name="scores__N1__score" value="7"' in page
    other_term = case.routine.get(school=yuhuan.collab_core, term=2)
    assert "写到一半" not in lead.get(url, {"routine_id": other_term.pk}).content.decode()
    assert bureau.get(url, {"routine_id": track.pk}).status_code == 403  # not theirs to fill in, nor to read
    assert lead.post(url, {"routine_id": track.pk, "intent": "discard_draft"}).status_code == 302
    assert not Draft.objects.exists()


def test_the_appointment_offers_only_the_people_it_accepts(yuhuan, fusion_case):
    """Working in the bureau's schools and offices, and none of the inspected schools (the help project's pair)."""
    o, case = yuhuan, fusion_case
    target = case.projects.get(member_school=o.fusion_member, component=Track.PROJECT)
    scores = [
        {"indicator": i.code, "score": "1"}
        for i in SchemeVersion.objects.get(is_default=True).indicator_set_for(Track.PROJECT).indicators.all()
    ]
    run_action(
        case_id=case.pk,
        code="self_evaluate",
        actor=o.core_lead,
        payload={"project_id": target.pk, "scores": scores},
        today=ON_TIME["year_end"],
    )
    form = browser(o.leading).get(f"/evaluation/{case.pk}/act/appoint/", {"project_id": target.pk})
    offered = {int(pk) for pk in re.findall(r'name="inspector_ids" value="(\d+)"', form.content.decode())}
    assert {o.inspector.pk, o.basic_edu2.pk, o.member2_lead.pk, o.collab_core_lead.pk} <= offered
    assert not offered & {o.core_lead.pk, o.member_lead.pk, o.teacher.pk, o.auditor.pk, o.outsider.pk}
