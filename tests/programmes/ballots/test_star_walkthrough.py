"""A 争三星 application walked through the API as people do: the seeded definition (designer/seeds/three-stars.json)
published by the bureau; a member of the branch applies for 德育之星 through the kit's generic API; the school's
department (政教处考核, by the form's school) and the branch secretary (党支部评定, the superior) approve their steps
through the task API; the approved case is listed on the school's 三星 page and API, and someone of another county
sees neither."""

import pytest
from django.urls import reverse
from viewflow.workflow.models import Task

from designer.models import DesignedCase, Stage
from tests.clients import api, page

pytestmark = pytest.mark.django_db


def publish_stars(w):
    """The seeded definition 争三星申报, owned by the bureau and shared below it, published."""
    from designer import services
    from designer.demo import SEEDS, seed_document

    payload = seed_document(SEEDS / "three-stars.json")
    definition = services.definition_create(
        actor=w.designer, owner=w.bureau, code=payload["code"], name=payload["name"], shared=True
    )
    services.draft_save(actor=w.designer, definition=definition, document=payload["document"])
    services.definition_publish(actor=w.designer, definition=definition)
    return definition


def approve_open_step(case, node: str, approver) -> None:
    task = Task.objects.get(process_id=case.pk, flow_task_type="HUMAN", status__in=["NEW", "ASSIGNED"])
    assert task.data.get("node") == node, task.data
    done = api(approver).post(
        reverse("api-task-action", args=[task.pk, "complete"]), {"decision": "approve"}, format="json"
    )
    assert done.status_code == 200, done.json()


def test_a_moral_star_application_approved_through_the_api_is_listed_on_the_schools_stars_page(w):
    definition = publish_stars(w)
    values = {
        "star": "德育之星",
        "post": "班主任",
        "school": w.school.pk,
        "pledge": "带好一个班，每学期家访全班学生。",
        "moral_event": "2026年10月，主题班会“我的中国梦”，45人参加。",
        "home_visits": "12",
    }
    started = api(w.member2).post(
        reverse("api-designed-case-list"), {"definition": definition.pk, "values": values}, format="json"
    )
    assert started.status_code == 201, started.json()
    case = DesignedCase.objects.get()

    approve_open_step(case, "moral_review", w.dept)
    approve_open_step(case, "branch_rating", w.secretary)
    case.refresh_from_db()
    assert case.stage == Stage.APPROVED

    stars = reverse("programmes-ballots-stars", args=[w.school.pk])
    shown = page(w.teacher).get(stars)
    assert shown.status_code == 200
    assert "吴晓燕".encode() in shown.content and "德育之星".encode() in shown.content
    listed = api(w.teacher).get(reverse("api-programmes-ballots-stars", args=[w.school.pk])).json()["holders"]
    assert listed == [{"star": "德育之星", "person": "吴晓燕", "case": case.pk, "post": "班主任"}]

    assert page(w.outsider).get(stars).status_code == 404
    assert api(w.outsider).get(reverse("api-programmes-ballots-stars", args=[w.school.pk])).status_code == 404
