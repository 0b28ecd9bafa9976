"""A 融合型 and a 协作型 community through a whole school year over HTTP: both routine terms, the
project and feature self-evaluations, the on-site check, the panel review, grading and publication."""

import datetime
from decimal import Decimal as D

import pytest
from rest_framework.test import APIClient

from tests.workflows.evaluation.conftest import AFTER_VISIT, ON_TIME, VISIT_DAY, file_year, leads, score_items
from workflows.evaluation.models import EvaluationCase, Track

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def run(user, case_id, action, payload):
    response = api(user).post(f"/api/v1/evaluation/cases/{case_id}/actions/{action}/", payload, format="json")
    assert response.status_code == 200, (action, response.json())
    return response.json()


def track_of(body, **match):
    pool = body["routine"] if "term" in match or "school_id" in match else body["projects"]
    return next(t for t in pool if all(t[k] == v for k, v in match.items()))


def walk_year(o, community, core, members, clock, values):
    """Opens the year over the API and walks it to publication; returns the case id."""
    clock.set(datetime.date(2025, 9, 25))
    response = api(o.leading).post(
        "/api/v1/evaluation/cases/", {"community": community.pk, "school_year": 2025}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()["case"]
    case_id = body["id"]
    assert body["status"] == "OPEN" and body["reading"] == "R1"
    assert {(t["school_id"], t["term"]) for t in body["routine"]} == {
        (s.pk, t) for s in [core, *members] for t in (1, 2)
    }
    components = sorted(t["component"] for t in body["projects"])
    assert components == sorted(
        ["PROJECT", "FEATURE"] * len(members) if values.get("F") else ["PROJECT"] * len(members)
    )

    for term in (1, 2):
        clock.set(ON_TIME[term])
        for school in [core, *members]:
            target = track_of(body, school_id=school.pk, term=term)["id"]
            total = values["N"][school.pk][term - 1]
            payload = {
                "routine_id": target,
                "scores": score_items_for(body, Track.ROUTINE, total),
                "summary": "学期自评",
            }
            result = run(leads(o)[school.pk], case_id, "self_evaluate", payload)
            assert result["warnings"] == []
            clock.set(ON_TIME[term] + datetime.timedelta(days=12))
            assessed = {"routine_id": target, "scores": score_items_for(body, Track.ROUTINE, total)}
            body = run(o.basic_edu, case_id, "term_evaluate", assessed)["case"]
            assert track_of(body, school_id=school.pk, term=term)["status"] == "BUREAU_EVALUATED"
            body = run(o.basic_edu, case_id, "term_score", {"routine_id": target})["case"]
            scored = track_of(body, school_id=school.pk, term=term)
            assert scored["status"] == "SCORED" and D(scored["score"]) == D(total)
            clock.set(ON_TIME[term])

    inspector = o.inspector if community == o.fusion else o.basic_edu2
    for member in members:
        for component in ("PROJECT", "FEATURE") if values.get("F") else ("PROJECT",):
            total = values[component[0]][member.pk]
            author = leads(o)[core.pk] if component == "PROJECT" else leads(o)[member.pk]
            target = track_of(body, member_school_id=member.pk, component=component)["id"]
            clock.set(ON_TIME["year_end"])
            payload = {"project_id": target, "scores": score_items_for(body, component, total), "summary": "项目自评"}
            body = run(author, case_id, "self_evaluate", payload)["case"]
            clock.set(AFTER_VISIT)
            appoint = {"project_id": target, "inspector_ids": [inspector.pk], "panel_ids": [o.basic_edu2.pk]}
            body = run(o.leading, case_id, "appoint", appoint)["case"]
            assert track_of(body, member_school_id=member.pk, component=component)["status"] == "ON_SITE_CHECK"
            visit = {
                "project_id": target,
                "visit_date": VISIT_DAY.isoformat(),
                "checklist": [{"indicator": "P1" if component == "PROJECT" else "F1", "verified": True}],
                "findings": "过程资料齐全",
            }
            body = run(inspector, case_id, "record_visit", visit)["case"]
            track = track_of(body, member_school_id=member.pk, component=component)
            assert track["status"] == "PANEL_REVIEW" and track["visits"][0]["findings"] == "过程资料齐全"
            scores = {"project_id": target, "scores": score_items_for(body, component, total)}
            body = run(o.basic_edu2, case_id, "panel_score", scores)["case"]
            track = track_of(body, member_school_id=member.pk, component=component)
            assert all(s["assessed_by_name"] == o.basic_edu2.real_name for s in track["scores"])
            body = run(o.leading, case_id, "panel_confirm", {"project_id": target})["case"]
            assert track_of(body, member_school_id=member.pk, component=component)["score"] == f"{total}.00"

    assert [a["action"] for a in body["available_actions"]] == []  # the leading group does not aggregate
    body = api(o.basic_edu).get(f"/api/v1/evaluation/cases/{case_id}/").json()
    assert [a["action"] for a in body["available_actions"]] == ["aggregate"]
    body = run(o.basic_edu, case_id, "aggregate", {"reading": "R1"})["case"]
    assert body["status"] == "AGGREGATED" and body["results"][0]["status"] == "COMPUTED"
    body = run(o.leading, case_id, "publish", {"comment": "经领导小组审定"})["case"]
    assert body["status"] == "PUBLISHED" and body["results"][0]["status"] == "PUBLISHED"
    return case_id


def score_items_for(body, track, total, key="score"):
    return score_items(EvaluationCase.objects.get(pk=body["id"]), track, total, key)


def test_a_fusion_community_through_the_api(yuhuan, clock):
    o = yuhuan
    clock.set(datetime.date(2025, 9, 20))
    file_year(o, o.fusion, over_http="api")
    values = {
        "N": {o.fusion_core.pk: (86, 90), o.fusion_member.pk: (78, 84), o.fusion_member2.pk: (70, 76)},
        "P": {o.fusion_member.pk: 34, o.fusion_member2.pk: 30},
        "F": {o.fusion_member.pk: 30, o.fusion_member2.pk: 36},
    }
    case_id = walk_year(o, o.fusion, o.fusion_core, [o.fusion_member, o.fusion_member2], clock, values)

    results = api(o.member_lead).get(f"/api/v1/evaluation/cases/{case_id}/results/").json()
    rows = {r["member_school_id"]: r for r in results[0]["rows"]}
    first = rows[o.fusion_member.pk]
    assert (first["total_core"], first["total_member"]) == ("83.5", "81.9")  # DOMAIN §4.3, R1
    assert D(first["intermediates"]["pooled_term1"]) == D("82") and D(first["intermediates"]["pooled_term2"]) == D("87")
    assert D(first["intermediates"]["e_core"]) == D("32.8") and D(first["intermediates"]["e_member"]) == D("31.2")
    second = rows[o.fusion_member2.pk]
    # pooled (86+70)/2=78, (90+76)/2=83 → 0.3·78+0.3·83 = 48.3; E_K = 0.7·30+0.3·36 = 31.8; E_M = 0.3·30+0.7·36 = 34.2
    assert (second["total_core"], second["total_member"]) == ("80.1", "82.5")
    assert results[0]["scheme"]["reading"] == "R1" and results[0]["scheme"]["ratios"]["project:FUSION"] == [7, 3]

    history = api(o.auditor).get(f"/api/v1/evaluation/cases/{case_id}/history/", {"page_size": 200}).json()
    actions = [e["action"] for e in history["results"]]
    assert actions[0] == "open" and actions[-2:] == ["aggregate", "publish"]
    assert actions.count("self_evaluate") == 6 + 4 and actions.count("record_visit") == 4
    assessed = next(e for e in history["results"] if e["action"] == "term_evaluate")
    assert assessed["data"]["scores"][0]["self_score"] and assessed["data"]["assessor"]["id"] == o.basic_edu.pk
    assert assessed["rule_set"] == "YH-2025" and assessed["actor_role"] == "BUREAU_BASIC_EDU"
    aggregate = history["results"][-2]
    assert aggregate["data"]["formula"].startswith("N̄t") and aggregate["data"]["rows"] == results[0]["rows"]
    assert (aggregate["from_state"], aggregate["to_state"]) == ("OPEN", "AGGREGATED")


def test_a_collaboration_community_through_the_api(yuhuan, clock):
    o = yuhuan
    clock.set(datetime.date(2025, 9, 20))
    file_year(o, o.collab, over_http="api")
    values = {"N": {o.collab_core.pk: (86, 90), o.collab_member.pk: (78, 84)}, "P": {o.collab_member.pk: 34}}
    case_id = walk_year(o, o.collab, o.collab_core, [o.collab_member], clock, values)
    row = api(o.collab_member_lead).get(f"/api/v1/evaluation/cases/{case_id}/results/").json()[0]["rows"][0]
    assert row["total_core"] == row["total_member"] == "84.7"  # DOMAIN §4.3, 协作型 R1
    assert row["inputs"]["F"] is None


def test_the_schemes_and_indicator_sets_are_readable(yuhuan):
    schemes = api(yuhuan.core_lead).get("/api/v1/evaluation/schemes/").json()["results"]
    default = next(s for s in schemes if s["is_default"])
    assert (default["code"], default["reading"], default["routine_full_marks"]) == ("YH-2025", "R1", "100.00")
    assert default["ratios"]["feature:COLLABORATION"] is None and default["routine_set"] == "YH-ROUTINE v1"
    sets = api(yuhuan.core_lead).get("/api/v1/evaluation/indicator-sets/", {"track": "PROJECT"}).json()["results"]
    assert [(s["code"], s["full_marks"]) for s in sets] == [("YH-PROJECT", "40.00")]
    assert sum(D(i["max_score"]) for i in sets[0]["indicators"]) == D(40)
