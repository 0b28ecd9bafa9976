"""A 融合型 and a 协作型 community file both applications through the API (DOMAIN §3.2–§3.3)."""

import pytest

from tests.workflows.community.conftest import api
from tests.workflows.community.factories import FEATURE_FORM, HELP_FORM, pdf
from workflows.community.models import Application, Status

pytestmark = pytest.mark.django_db

TODAY = "2026-09-15"


@pytest.fixture(autouse=True)
def september(monkeypatch):
    import datetime

    monkeypatch.setattr("workflows.kit.engine.business_today", lambda: datetime.date(2026, 9, 15))


def act(user, collection, pk, action, body=None, status=200):
    response = api(user).post(f"/api/v1/community/{collection}/{pk}/actions/{action}/", body or {}, format="json")
    assert response.status_code == status, response.json()
    return response.json()


def walk(o, community, core_lead, member, member_lead):
    # Help project: the core school drafts, both schools confirm (会签), the core school submits.
    body = {
        "community": community.pk,
        "member_school": member.pk,
        "school_year": 2026,
        "title": "同伴互助",
        "form": HELP_FORM,
        "plan_id": pdf(core_lead),
    }
    created = api(core_lead).post("/api/v1/community/projects/", body, format="json")
    assert created.status_code == 201, created.json()
    project = created.json()["case"]
    assert project["stage"] == Status.DRAFT and project["versions"][0]["form_version"] == 1
    act(core_lead, "projects", project["id"], "send_for_agreement")
    act(core_lead, "projects", project["id"], "confirm", {"comment": "核心校同意"})
    after_member = act(member_lead, "projects", project["id"], "confirm", {"comment": "成员校同意"})
    assert after_member["case"]["stage"] == Status.JOINT_AGREED
    act(core_lead, "projects", project["id"], "submit")
    # The bureau returns it with reasons, the school edits (a new version) and resubmits; then it is filed.
    act(o.basic_edu, "projects", project["id"], "return", {"reason": "目标需量化"})
    edited = act(core_lead, "projects", project["id"], "edit", {"form": {**HELP_FORM, "goals": "达标率提升到90%"}})
    assert edited["case"]["versions"][0]["changes"]["goals"][1] == "达标率提升到90%"
    act(core_lead, "projects", project["id"], "send_for_agreement")
    act(core_lead, "projects", project["id"], "confirm")
    act(member_lead, "projects", project["id"], "confirm")
    act(core_lead, "projects", project["id"], "submit")
    filed = act(
        o.basic_edu, "projects", project["id"], "file", {"filing_number": f"备-{project['id']}", "filing_date": TODAY}
    )
    assert filed["case"]["stage"] == Status.FILED
    # Feature plan: the member school drafts, the core school gives its opinion, the member school submits.
    body = {
        "community": community.pk,
        "member_school": member.pk,
        "school_year": 2026,
        "title": "海洋文化",
        "form": FEATURE_FORM,
        "plan_id": pdf(member_lead),
    }
    feature = api(member_lead).post("/api/v1/community/features/", body, format="json").json()["case"]
    act(member_lead, "features", feature["id"], "request_consultation")
    act(core_lead, "features", feature["id"], "record_consultation", {"opinion": "方向可行", "date": TODAY})
    submitted = act(member_lead, "features", feature["id"], "submit")
    act(o.basic_edu, "features", feature["id"], "file", {"filing_number": f"备-{feature['id']}", "filing_date": TODAY})
    history = api(o.auditor).get(f"/api/v1/community/projects/{project['id']}/history/").json()["results"]
    return project["id"], feature["id"], submitted, history


def test_fusion_community_files_both_applications(yuhuan):
    o = yuhuan
    project_id, feature_id, submitted, history = walk(o, o.fusion, o.core_lead, o.fusion_member, o.member_lead)
    assert submitted["warnings"] == []
    assert Application.objects.get(pk=feature_id).stage == Status.FILED
    actions = [event["action"] for event in history]
    assert actions == [
        "create", "send_for_agreement", "confirm", "confirm", "submit", "return", "edit",
        "send_for_agreement", "confirm", "confirm", "submit", "file",
    ]  # fmt: skip
    confirmations = [e["data"]["confirmed_for"]["school"] for e in history if e["action"] == "confirm"]
    assert confirmations[:2] == [o.fusion_core.pk, o.fusion_member.pk]
    assert history[5]["reason"] == "目标需量化" and history[-1]["data"]["filing_number"] == f"备-{project_id}"


def test_collaboration_feature_plan_is_filed_but_not_scored(yuhuan):
    o = yuhuan
    _project, feature_id, submitted, _history = walk(
        o, o.collab, o.collab_core_lead, o.collab_member, o.collab_member_lead
    )
    assert submitted["warnings"] == ["not_scored"]
    feature = Application.objects.get(pk=feature_id)
    assert feature.stage == Status.FILED and feature.assessed is False
