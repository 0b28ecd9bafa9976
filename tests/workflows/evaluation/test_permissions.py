"""Who sees and who may act by the evaluation's roles: another community's people and another county get 404 (its
results too); a member school cannot run the bureau's actions; an inspector sees only what they are appointed to
and may not assess their own school. (An insider's 403 for every action, on the API and the pages: the kit's rule,
tests/workflows/kit/test_conformance.py and test_pages.py.)"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.workflows.evaluation.conftest import (
    ON_TIME,
    act,
    everything,
    project,
    routine,
    score_items,
    self_evaluate_routine,
)
from workflows.evaluation.models import Track

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def page(user, url):
    client = Client()
    client.force_login(user)
    return client.get(url).status_code


def post_action(user, case, action, payload):
    before = everything()
    response = api(user).post(f"/api/v1/evaluation/cases/{case.pk}/actions/{action}/", payload, format="json")
    assert everything() == before
    return response


@pytest.mark.parametrize("who", ["outsider", "collab_core_lead", "collab_member_lead", "inspector"])
def test_another_communitys_people_and_another_county_get_404(yuhuan, routine_only_case, who):
    user = getattr(yuhuan, who)
    case = routine_only_case
    for url in ("", "history/", "results/", "results.xlsx"):
        assert api(user).get(f"/api/v1/evaluation/cases/{case.pk}/{url}").status_code == 404, url
    assert page(user, f"/evaluation/{case.pk}/") == 404
    assert page(user, f"/evaluation/{case.pk}/results/") == 404
    target = routine(case, yuhuan.fusion_core, 1).pk
    response = post_action(user, case, "term_evaluate", {"routine_id": target})
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert case.pk not in [c["id"] for c in api(user).get("/api/v1/evaluation/cases/").json()["results"]]


@pytest.mark.parametrize("action", ["term_evaluate", "term_score", "aggregate", "publish", "appoint", "panel_confirm"])
def test_a_member_school_cannot_run_the_bureaus_actions(yuhuan, routine_only_case, action):
    target = routine(routine_only_case, yuhuan.fusion_member, 1).pk
    response = post_action(yuhuan.member_lead, routine_only_case, action, {"routine_id": target})
    assert response.status_code == 403


def test_a_member_school_cannot_self_evaluate_the_core_schools_term(yuhuan, routine_only_case):
    case = routine_only_case
    target = routine(case, yuhuan.fusion_core, 1).pk
    payload = {"routine_id": target, "scores": score_items(case, Track.ROUTINE, 80)}
    assert post_action(yuhuan.member_lead, case, "self_evaluate", payload).status_code == 403
    assert post_action(yuhuan.member2_lead, case, "self_evaluate", payload).status_code == 403


def test_only_appointed_people_inspect_and_score(yuhuan, fusion_case):
    o, case = yuhuan, fusion_case
    target = project(case, o.fusion_member, Track.PROJECT).pk
    payload = {"project_id": target, "scores": score_items(case, Track.PROJECT, 30)}
    act(case, "self_evaluate", o.core_lead, payload, ON_TIME["year_end"])
    visit = {"project_id": target, "visit_date": "2026-06-15"}
    assert post_action(o.basic_edu2, case, "record_visit", visit).status_code == 403  # not appointed yet
    assert api(o.inspector).get(f"/api/v1/evaluation/cases/{case.pk}/").status_code == 404
    act(
        case,
        "appoint",
        o.leading,
        {"project_id": target, "inspector_ids": [o.inspector.pk], "panel_ids": [o.basic_edu2.pk]},
    )
    body = api(o.inspector).get(f"/api/v1/evaluation/cases/{case.pk}/").json()  # now visible to the inspector
    assert [(a["action"], a.get("project_id")) for a in body["available_actions"]] == [("record_visit", target)]
    assert body["results"] == []
    scores = {"project_id": target, "scores": score_items(case, Track.PROJECT, 30)}
    assert post_action(o.inspector, case, "panel_score", scores).status_code == 403  # inspector, not on the panel


def test_an_inspector_cannot_score_their_own_school(yuhuan, collab_case):
    o, case = yuhuan, collab_case
    target = project(case, o.collab_member, Track.PROJECT).pk
    act(
        case,
        "self_evaluate",
        o.collab_core_lead,
        {"project_id": target, "scores": score_items(case, Track.PROJECT, 30)},
        ON_TIME["year_end"],
    )
    response = post_action(o.leading, case, "appoint", {"project_id": target, "inspector_ids": [o.inspector.pk]})
    assert response.status_code == 400 and response.json()["code"] == "evaluator_conflict"
    assert response.json()["fields"] == {"user_ids": [o.inspector.pk]}


def test_opening_a_year_needs_the_bureau(yuhuan):
    payload = {"community": yuhuan.fusion.pk, "school_year": 2025}
    assert api(yuhuan.core_lead).post("/api/v1/evaluation/cases/", payload, format="json").status_code == 403
    assert api(yuhuan.outsider).post("/api/v1/evaluation/cases/", payload, format="json").status_code == 404
    assert page(yuhuan.core_lead, "/evaluation/new/") == 403
    assert api(yuhuan.basic_edu).post("/api/v1/evaluation/cases/", payload, format="json").status_code == 201
    again = api(yuhuan.leading).post("/api/v1/evaluation/cases/", payload, format="json")
    assert again.status_code == 409 and again.json()["code"] == "case_exists"


def test_schools_see_results_only_once_published_and_history_hides_unpublished_figures(yuhuan):
    from tests.workflows.evaluation.conftest import grade_ready

    o = yuhuan
    case = grade_ready(o, o.collab)
    act(case, "aggregate", o.basic_edu, {})
    assert api(o.collab_member_lead).get(f"/api/v1/evaluation/cases/{case.pk}/results/").json() == []
    assert api(o.collab_member_lead).get(f"/api/v1/evaluation/cases/{case.pk}/results.xlsx").status_code == 404
    assert len(api(o.auditor).get(f"/api/v1/evaluation/cases/{case.pk}/results/").json()) == 1
    events = api(o.collab_member_lead).get(f"/api/v1/evaluation/cases/{case.pk}/history/", {"page_size": 100})
    aggregate = next(e for e in events.json()["results"] if e["action"] == "aggregate")
    assert aggregate["data"] == {"restricted": True}
    act(case, "publish", o.leading, {})
    assert len(api(o.collab_member_lead).get(f"/api/v1/evaluation/cases/{case.pk}/results/").json()) == 1


def test_a_track_in_the_wrong_state_refuses_the_action_and_changes_nothing(yuhuan, collab_case):
    o, case = yuhuan, collab_case
    target = routine(case, o.collab_core, 1).pk
    response = post_action(o.basic_edu, case, "term_score", {"routine_id": target})
    assert response.status_code == 400 and response.json()["code"] == "action_not_available"
    self_evaluate_routine(o, case, o.collab_core, 1, 80)
    again = post_action(
        o.collab_core_lead,
        case,
        "self_evaluate",
        {"routine_id": target, "scores": score_items(case, Track.ROUTINE, 80)},
    )
    assert again.json()["code"] == "action_not_available"
