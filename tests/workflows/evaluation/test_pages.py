"""The same school year through the web pages, as each person would click it: a 融合型 and a 协作型
community, both terms, the self-evaluations (with an evidence file), the on-site check with a photo,
the panel review, aggregation, publication and the results page."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.workflows.evaluation.conftest import (
    AFTER_VISIT,
    ON_TIME,
    VISIT_DAY,
    file_year,
    leads,
    split,
)
from workflows.evaluation.models import EvaluationCase, IndicatorScore, SchemeVersion, Track

pytestmark = pytest.mark.django_db


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def scores(track, total):
    """The score sheet's fields: one row per indicator (``scores__<indicator>__score``)."""
    indicators = list(SchemeVersion.objects.get(is_default=True).indicator_set_for(track).indicators.all())
    values = split(total, [i.max_score for i in indicators])
    return {f"scores__{i.code}__score": str(v) for i, v in zip(indicators, values, strict=True)}


def act(user, case, action, query, data, status=302):
    client = browser(user)
    url = f"/evaluation/{case.pk}/act/{action}/"
    form = client.get(url, query)
    assert form.status_code == 200, (action, form.status_code)
    response = client.post(url, {**query, **data})
    detail = response.context["form"].errors if response.status_code == 422 else ""
    assert response.status_code == status, (action, detail)
    return response


def walk(o, community, core, members, clock, totals):
    clock.set(datetime.date(2025, 9, 25))
    page = browser(o.leading).get("/evaluation/new/")
    assert page.status_code == 200
    response = browser(o.leading).post("/evaluation/new/", {"community": community.pk, "school_year": 2025})
    case = EvaluationCase.objects.get(community=community, school_year=2025)
    assert response.status_code == 302 and response["Location"] == f"/evaluation/{case.pk}/"
    for term in (1, 2):
        for school in [core, *members]:
            track = case.routine.get(school=school, term=term)
            query = {"routine_id": track.pk}
            clock.set(ON_TIME[term])
            evidence = SimpleUploadedFile("台账.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
            data = {
                **scores(Track.ROUTINE, totals["N"][school.pk][term - 1]),
                "scores__N1__attachment_ids": evidence,
                "summary": "自评",
            }
            act(leads(o)[school.pk], case, "self_evaluate", query, data)
            clock.set(ON_TIME[term] + datetime.timedelta(days=12))
            act(o.basic_edu, case, "term_evaluate", query, scores(Track.ROUTINE, totals["N"][school.pk][term - 1]))
            act(o.basic_edu, case, "term_score", query, {})
    inspector = o.inspector if community == o.fusion else o.basic_edu2
    for member in members:
        for component in (Track.PROJECT, Track.FEATURE) if community == o.fusion else (Track.PROJECT,):
            total = totals[component][member.pk]
            track = case.projects.get(member_school=member, component=component)
            query = {"project_id": track.pk}
            author = leads(o)[core.pk] if component == Track.PROJECT else leads(o)[member.pk]
            clock.set(ON_TIME["year_end"])
            act(author, case, "self_evaluate", query, scores(component, total))
            clock.set(AFTER_VISIT)
            act(o.leading, case, "appoint", query, {"inspector_ids": [inspector.pk], "panel_ids": [o.basic_edu2.pk]})
            photo = SimpleUploadedFile("现场.png", b"\x89PNG\r\n\x1a\nphoto", content_type="image/png")
            code = "P1" if component == Track.PROJECT else "F1"
            visit = {
                "visit_date": VISIT_DAY.isoformat(),
                f"checklist__{code}__verified": "on",
                "findings": "资料齐全",
                "photo": photo,
            }
            act(inspector, case, "record_visit", query, visit)
            act(o.basic_edu2, case, "panel_score", query, scores(component, total))
            act(o.leading, case, "panel_confirm", query, {})
    act(o.basic_edu, case, "aggregate", {}, {"reading": "R1"})
    act(o.leading, case, "publish", {}, {"comment": "审定"})
    case.refresh_from_db()
    assert case.status == "PUBLISHED"
    return case


def test_a_fusion_community_through_the_pages(yuhuan, clock):
    o = yuhuan
    clock.set(datetime.date(2025, 9, 20))
    file_year(o, o.fusion, over_http="pages")
    totals = {
        "N": {o.fusion_core.pk: (86, 90), o.fusion_member.pk: (78, 84), o.fusion_member2.pk: (70, 76)},
        Track.PROJECT: {o.fusion_member.pk: 34, o.fusion_member2.pk: 30},
        Track.FEATURE: {o.fusion_member.pk: 30, o.fusion_member2.pk: 36},
    }
    case = walk(o, o.fusion, o.fusion_core, [o.fusion_member, o.fusion_member2], clock, totals)
    assert IndicatorScore.objects.filter(routine__case=case, evidence__isnull=False).count() == 6
    page = browser(o.member_lead).get(f"/evaluation/{case.pk}/results/").content.decode()
    assert "83.5" in page and "81.9" in page and "80.1" in page and "82.5" in page
    assert f"/evaluation/{case.pk}/results.xlsx" in page
    detail = browser(o.auditor).get(f"/evaluation/{case.pk}/").content.decode()
    assert "现场.png" in detail and "台账.pdf" in detail and "资料齐全" in detail


def test_a_collaboration_community_through_the_pages(yuhuan, clock):
    o = yuhuan
    clock.set(datetime.date(2025, 9, 20))
    file_year(o, o.collab, over_http="pages")
    totals = {"N": {o.collab_core.pk: (86, 90), o.collab_member.pk: (78, 84)}, Track.PROJECT: {o.collab_member.pk: 34}}
    case = walk(o, o.collab, o.collab_core, [o.collab_member], clock, totals)
    page = browser(o.collab_member_lead).get(f"/evaluation/{case.pk}/results/").content.decode()
    assert page.count("84.7") >= 2


def test_an_invalid_form_is_shown_again_with_the_error_and_status_422(yuhuan, collab_case, clock):
    o = yuhuan
    clock.set(ON_TIME[1])
    track = collab_case.routine.get(school=o.collab_core, term=1)
    data = {**scores(Track.ROUTINE, 80), "scores__N1__score": "105"}
    response = act(o.collab_core_lead, collab_case, "self_evaluate", {"routine_id": track.pk}, data, status=422)
    assert "score_out_of_range" in response.content.decode()
    track.refresh_from_db()
    assert track.status == "OPEN"


def test_the_list_and_case_pages_show_what_the_viewer_can_do(yuhuan, collab_case):
    o = yuhuan
    listing = browser(o.collab_core_lead).get("/evaluation/").content.decode()
    assert "楚门教育共同体" in listing and "城关教育共同体" not in listing
    page = browser(o.collab_core_lead).get(f"/evaluation/{collab_case.pk}/").content.decode()
    assert f"/evaluation/{collab_case.pk}/act/self_evaluate/?routine_id=" in page
    assert "/act/term_evaluate/" not in page
    bureau = browser(o.basic_edu).get(f"/evaluation/{collab_case.pk}/").content.decode()
    assert "/act/self_evaluate/" not in bureau


def test_the_history_names_each_state_in_words_never_by_its_code(yuhuan, collab_case, clock):
    o = yuhuan
    clock.set(ON_TIME[1])
    track = collab_case.routine.get(school=o.collab_core, term=1)
    act(o.collab_core_lead, collab_case, "self_evaluate", {"routine_id": track.pk}, scores(Track.ROUTINE, 80))
    page = browser(o.basic_edu).get(f"/evaluation/{collab_case.pk}/").content.decode()
    history = page[page.index('id="history"') :]
    assert "报送自评 → 自评已报" in history
    assert "SELF_SUBMITTED" not in page and "OPEN" not in history
