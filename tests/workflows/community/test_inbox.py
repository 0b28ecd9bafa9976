"""Community steps in the shared task inbox (待办) and through the shared task API."""

import pytest

from tests.workflows.community.conftest import api
from tests.workflows.community.factories import draft, submitted
from workflows.community.models import Application, Kind, Status

pytestmark = pytest.mark.django_db


def todo(user):
    response = api(user).get("/api/v1/tasks/", {"box": "todo"})
    assert response.status_code == 200
    return response.json()["results"]


def test_the_review_shows_in_each_reviewers_inbox_and_files_through_the_task_api(yuhuan):
    o = yuhuan
    application = submitted(o, o.fusion_member, Kind.HELP_PROJECT)
    rows = [row for row in todo(o.basic_edu) if row["case_id"] == application.pk]
    assert len(rows) == 1 and rows[0]["process"] == "community" and rows[0]["action"] == "file"
    assert rows[0]["organisation"] == o.fusion_member.name
    assert [row for row in todo(o.basic_edu2) if row["case_id"] == application.pk]
    task_id = rows[0]["task_id"]
    refused = api(o.basic_edu).post(f"/api/v1/tasks/{task_id}/complete/", {"decision": "approve"}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "invalid"  # the filing number is required
    body = {"decision": "approve", "filing_number": "备-99", "filing_date": str(application.submitted_on)}
    done = api(o.basic_edu).post(f"/api/v1/tasks/{task_id}/complete/", body, format="json")
    assert done.status_code == 200, done.json()
    assert Application.objects.get(pk=application.pk).stage == Status.FILED
    assert not [row for row in todo(o.basic_edu2) if row["case_id"] == application.pk]  # 或签: one decided


def test_return_through_the_task_api_needs_reasons_and_moves_the_application(yuhuan):
    o = yuhuan
    application = submitted(o, o.fusion_member, Kind.FEATURE)
    task_id = next(row["task_id"] for row in todo(o.basic_edu) if row["case_id"] == application.pk)
    body = {"to_step": "draft", "reason": ""}
    refused = api(o.basic_edu).post(f"/api/v1/tasks/{task_id}/return/", body, format="json")
    assert refused.json()["code"] == "return_reason_required"
    body["reason"] = "请补充特色课程目录"
    assert api(o.basic_edu).post(f"/api/v1/tasks/{task_id}/return/", body, format="json").status_code == 200
    application.refresh_from_db()
    assert application.stage == Status.RETURNED and application.return_reason == "请补充特色课程目录"
    assert [row["action"] for row in todo(o.member_lead) if row["case_id"] == application.pk] == [
        "request_consultation"
    ]


def test_the_draft_step_is_offered_to_the_owning_schools_leads_only(yuhuan):
    o = yuhuan
    application = draft(o, o.fusion_member, Kind.FEATURE)
    assert [row["case_id"] for row in todo(o.member_lead)] == [application.pk]
    assert todo(o.core_lead) == [] and todo(o.teacher) == [] and todo(o.collab_member_lead) == []


def test_started_and_copied_applications_show_in_the_case_boxes(yuhuan):
    from django.test import Client

    o = yuhuan
    application = submitted(o, o.fusion_member, Kind.FEATURE)
    started = api(o.member_lead).get("/api/v1/tasks/", {"box": "initiated"}).json()["results"]
    assert [(row["process"], row["case_id"], row["status"]) for row in started] == [
        ("community", application.pk, Status.SUBMITTED)
    ]
    page = Client()
    page.force_login(o.member_lead)
    page.post(f"/tasks/cases/community/{application.pk}/comment/", {"body": "请尽快审核"})
    page.post(f"/tasks/cases/community/{application.pk}/cc/", {"user": [o.teacher.pk]})
    copied = api(o.teacher).get("/api/v1/tasks/", {"box": "cc"}).json()["results"]
    assert [row["case_id"] for row in copied] == [application.pk]
    detail = page.get(f"/community/{application.pk}/").content.decode()
    assert "请尽快审核" in detail and o.teacher.real_name in detail
