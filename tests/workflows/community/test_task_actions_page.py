"""转交 and 加签 on the community application's page: the bureau's review is 或签 of its reviewers, and a reviewer
hands their place to a colleague from the page (issue 16 item 3)."""

import re

import pytest
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from core.dates import business_today
from tests.clients import api, page
from tests.factories import UserFactory, grant
from tests.workflows.community.factories import ensure_forms, open_task, submitted
from workflows.community.models import Kind
from workflows.models import ApprovalSlot

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(yuhuan):
    """A feature plan submitted to the bureau, and a third reviewer who joined the bureau after it arrived."""
    ensure_forms()
    application = submitted(yuhuan, yuhuan.fusion_member, Kind.FEATURE)
    newcomer = UserFactory(username="basic_edu3", real_name="周新")
    grant(newcomer, yuhuan.bureau, Role.BUREAU_BASIC_EDU)
    return application, open_task(application, "review"), newcomer


def case_page(user, application) -> str:
    response = page(user).get(reverse("community-application", args=[application.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_reviewer_hands_their_any_one_place_to_a_colleague_from_the_case_page(yuhuan, review):
    application, task, newcomer = review
    transfer = reverse("task-action", args=[task.pk, "transfer"])
    html = case_page(yuhuan.basic_edu, application)
    assert transfer in html
    choices = re.search(r'name="to_user_id".*?</select>', html, re.S).group(0)
    assert newcomer.real_name in choices
    for other in (yuhuan.basic_edu2, yuhuan.member_lead, yuhuan.core_lead, yuhuan.auditor):
        assert other.real_name not in choices  # already deciding, the submitter's side, or no right to decide
    assert transfer not in case_page(yuhuan.member_lead, application)
    client = page(yuhuan.basic_edu)
    before = AuditEvent.objects.count()
    response = client.post(transfer, {"to_user_id": newcomer.pk, "reason": "回避：曾指导该校", "next": "/tasks/"})
    assert response.status_code == 302 and AuditEvent.objects.count() == before + 1
    places = dict(ApprovalSlot.objects.filter(approval__task=task).values_list("user_id", "status"))
    assert places == {yuhuan.basic_edu.pk: "skipped", yuhuan.basic_edu2.pk: "active", newcomer.pk: "active"}
    assert transfer not in case_page(yuhuan.basic_edu, application)
    filing = {"filing_number": "YH-2026-9", "filing_date": business_today().isoformat()}
    url = f"/api/v1/tasks/{task.pk}/complete/"
    response = api(yuhuan.basic_edu).post(url, {"decision": "approve", **filing}, format="json")
    assert response.status_code == 403, response.json()
    assert api(newcomer).post(url, {"decision": "approve", **filing}, format="json").status_code == 200
    application.refresh_from_db()
    assert application.filing_number == "YH-2026-9"


def test_the_review_cannot_be_handed_to_someone_who_may_not_decide_it(yuhuan, review):
    application, task, _newcomer = review
    client = page(yuhuan.basic_edu)
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("task-action", args=[task.pk, "transfer"]), {"to_user_id": yuhuan.core_lead.pk, "reason": "x"}
    )
    assert response.status_code == 422 and f'id="t{task.pk}-transfer-to_error"' in response.content.decode()
    assert AuditEvent.objects.count() == before
    assert ApprovalSlot.objects.filter(approval__task=task, status="active").count() == 2
