"""批量同意 on the 待办 page: only steps whose approval needs no form are offered; each ticked step is decided on
its own, and the page reports each one (the steps around it are untouched when one is refused)."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from tests.workflows.community.conftest import api, snapshot
from tests.workflows.community.factories import draft, open_task, run_action, submitted
from workflows.community.models import Application, Kind, Status
from workflows.models import ApprovalSlot

pytestmark = pytest.mark.django_db


def sent_for_agreement(o, member_school):
    application = draft(o, member_school, Kind.HELP_PROJECT)
    run_action(case_id=application.pk, code="send_for_agreement", actor=o.core_lead, payload={})
    return application


def page_as(user):
    client = Client()
    client.force_login(user)
    return client


def outcomes(response):
    return [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]


def test_two_confirmations_are_approved_at_once_with_the_comment_and_each_is_reported(yuhuan):
    o = yuhuan
    first, second = sent_for_agreement(o, o.fusion_member), sent_for_agreement(o, o.fusion_member2)
    tasks = [open_task(first, "agreement").pk, open_task(second, "agreement").pk]
    response = page_as(o.core_lead).post("/tasks/bulk-approve/", {"task": tasks, "comment": "同意"})
    assert response.status_code == 302 and response.url == "/tasks/"
    reported = outcomes(response)
    assert [level for level, _text in reported] == ["success", "success"]
    assert first.title in reported[0][1] and str(tasks[0]) not in reported[0][1]  # named, not numbered
    for application in (first, second):
        slot = ApprovalSlot.objects.get(approval__task__process_id=application.pk, user=o.core_lead)
        assert (slot.status, slot.comment) == (ApprovalSlot.Status.APPROVED, "同意")
        application.refresh_from_db()
        assert application.stage == Status.AWAITING_AGREEMENT  # the member school's lead confirms next
    member_todo = api(o.member_lead).get("/api/v1/tasks/", {"box": "todo"}).json()["results"]
    assert [row["case_id"] for row in member_todo] == [first.pk]


def test_a_step_that_needs_its_own_form_is_refused_and_the_others_still_go_through(yuhuan):
    o = yuhuan
    confirm = sent_for_agreement(o, o.fusion_member)
    review = submitted(o, o.fusion_member2, Kind.HELP_PROJECT)  # filing needs a number: decided on its page
    client, before = page_as(o.basic_edu), snapshot()
    response = client.post("/tasks/bulk-approve/", {"task": [open_task(review, "review").pk]})
    assert snapshot() == before
    assert [level for level, _text in outcomes(response)] == ["error"]
    assert Application.objects.get(pk=review.pk).stage == Status.SUBMITTED

    foreign = open_task(confirm, "agreement").pk  # not the bureau's to decide
    response = page_as(o.core_lead).post("/tasks/bulk-approve/", {"task": [foreign, 999999]})
    assert [level for level, _text in outcomes(response)] == ["success", "error"]


def test_the_api_names_the_refusal_of_a_step_that_needs_a_form(yuhuan):
    o = yuhuan
    application = draft(o, o.fusion_member, Kind.FEATURE)  # drafting: a queue step, not an approval
    task = open_task(application, "draft").pk
    body = {"action": "approve", "task_ids": [task], "payload": {"comment": ""}}
    [result] = api(o.member_lead).post("/api/v1/tasks/bulk/", body, format="json").json()
    assert (result["ok"], result["code"]) == (False, "approve_needs_form")
    assert Application.objects.get(pk=application.pk).stage == Status.DRAFT


def test_nothing_ticked_is_said_and_changes_nothing(yuhuan):
    client, before = page_as(yuhuan.core_lead), snapshot()
    response = client.post("/tasks/bulk-approve/", {})
    assert snapshot() == before
    assert [level for level, _text in outcomes(response)] == ["error"]


def test_the_inbox_offers_approval_rows_to_tick_and_never_a_take_button_that_would_be_refused(yuhuan):
    o = yuhuan
    confirm = sent_for_agreement(o, o.fusion_member)
    own_draft = draft(o, o.fusion_member2, Kind.HELP_PROJECT)  # a queue step of the core school
    html = page_as(o.core_lead).get("/tasks/").content.decode()
    agreement, drafting = open_task(confirm, "agreement").pk, open_task(own_draft, "draft").pk
    assert f'value="{agreement}" form="bulk" data-kind="approve"' in html
    assert f'value="{drafting}" form="bulk" data-kind="claim"' in html
    assert f"/tasks/{agreement}/claim/" not in html  # taking an approval step is refused: not offered
    assert f"/tasks/{drafting}/claim/" in html
    assert 'formaction="/tasks/bulk-approve/"' in html
