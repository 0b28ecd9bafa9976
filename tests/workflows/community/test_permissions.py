"""Who may see and act on a community application by the community's roles: another community's schools get 404,
a school acts only on its own steps. (An outsider's 404 and an insider's 403 for every action: the kit's rule,
tests/workflows/kit/test_conformance.py.)"""

import pytest

from accounts.roles import Role
from tests.factories import UserFactory, grant
from tests.workflows.community.conftest import api
from tests.workflows.community.factories import draft, submitted
from workflows.community.models import Kind
from workflows.inbox import open_tasks_for

pytestmark = pytest.mark.django_db


def test_a_member_school_cannot_file_for_the_bureau(yuhuan, unchanged):
    o = yuhuan
    application = submitted(o, o.fusion_member, Kind.FEATURE)
    with unchanged():
        body = {"filing_number": "X-1", "filing_date": "2026-11-01"}
        response = api(o.member_lead).post(
            f"/api/v1/community/features/{application.pk}/actions/file/", body, format="json"
        )
    assert response.status_code == 403
    with unchanged():
        response = api(o.core_lead).post(
            f"/api/v1/community/features/{application.pk}/actions/return/", {"reason": "x"}, format="json"
        )
    assert response.status_code == 403


@pytest.mark.parametrize("who", ["collab_core_lead", "collab_member_lead"])
def test_another_communitys_schools_get_404(yuhuan, unchanged, who):
    o = yuhuan
    application = submitted(o, o.fusion_member, Kind.HELP_PROJECT)
    client = api(getattr(o, who))
    assert client.get(f"/api/v1/community/projects/{application.pk}/").status_code == 404
    assert client.get(f"/api/v1/community/projects/{application.pk}/history/").status_code == 404
    with unchanged():
        response = client.post(f"/api/v1/community/projects/{application.pk}/actions/withdraw/", {}, format="json")
    assert response.status_code == 404
    assert client.get("/api/v1/community/projects/").json()["count"] == 0


def test_the_core_school_cannot_submit_the_member_schools_feature_plan(yuhuan, unchanged):
    o = yuhuan
    application = draft(o, o.fusion_member, Kind.FEATURE)
    with unchanged():
        response = api(o.core_lead).post(
            f"/api/v1/community/features/{application.pk}/actions/request_consultation/", {}, format="json"
        )
    assert response.status_code == 403


def test_a_project_is_not_reachable_under_features(yuhuan):
    o = yuhuan
    application = draft(o, o.fusion_member, Kind.HELP_PROJECT)
    assert api(o.core_lead).get(f"/api/v1/community/features/{application.pk}/").status_code == 404


def test_the_submitter_is_left_out_of_the_review_and_reviewers_see_it_in_their_inbox(yuhuan):
    o = yuhuan
    application = submitted(o, o.fusion_member, Kind.HELP_PROJECT)
    review = lambda user: open_tasks_for(user).filter(process_id=application.pk).count()  # noqa: E731
    assert review(o.basic_edu) == 1 and review(o.basic_edu2) == 1
    assert review(o.core_lead) == 0 and review(o.member_lead) == 0 and review(o.leading) == 0


def test_creating_for_a_community_one_cannot_see_is_404(yuhuan, unchanged):
    o = yuhuan
    body = {"community": o.fusion.pk, "member_school": o.fusion_member.pk, "school_year": 2026, "title": "x"}
    with unchanged():
        assert api(o.outsider).post("/api/v1/community/projects/", body, format="json").status_code == 404
    with unchanged():  # a member school cannot start the core school's help project
        assert api(o.member_lead).post("/api/v1/community/projects/", body, format="json").status_code == 403


def test_a_step_someone_claimed_is_theirs_alone(yuhuan, unchanged):
    """Issue 15 item 13: the same rule as the party engine — another lead of the school answers task_claimed."""
    o = yuhuan
    second_lead = UserFactory(real_name="第二校长")
    grant(second_lead, o.fusion_core, Role.CORE_SCHOOL)
    application = draft(o, o.fusion_member, Kind.HELP_PROJECT)
    step = application.task_set.get(status__in=["NEW", "ASSIGNED"], flow_task_type="HUMAN")
    assert api(o.core_lead).post(f"/api/v1/tasks/{step.pk}/claim/").status_code == 200
    with unchanged():
        response = api(second_lead).post(
            f"/api/v1/community/projects/{application.pk}/actions/send_for_agreement/", {}, format="json"
        )
    assert response.status_code == 409 and response.json()["code"] == "task_claimed"
    response = api(o.core_lead).post(
        f"/api/v1/community/projects/{application.pk}/actions/send_for_agreement/", {}, format="json"
    )
    assert response.status_code == 200
