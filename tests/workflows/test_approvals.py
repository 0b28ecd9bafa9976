"""依次 / 会签 / 或签, 加签 before, after and in parallel, 退回 and 撤回, through the shared approval engine."""

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient
from viewflow.workflow.models import Task

from accounts.models import Organisation, OrganisationKind
from accounts.roles import Role
from audit.models import AuditEvent
from tests.approval_flow.flows import ApprovalTestFlow
from tests.factories import OrganisationFactory, UserFactory, grant
from workflows.approvals import approval_add, approval_decide, approval_return, approval_withdraw
from workflows.inbox import open_tasks_for
from workflows.kit.engine import run_action
from workflows.models import Approval

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    """The initiator and four reviewers of one bureau (so each may be added to decide, 加签)."""
    bureau = OrganisationFactory.create(kind=OrganisationKind.BUREAU, name="审批局")
    people = [UserFactory(real_name=name) for name in ("发起人", "甲", "乙", "丙", "丁")]
    for person in people[1:]:
        grant(person, bureau, Role.BUREAU_BASIC_EDU)
    return people


def start(people, mode, approvers=None):
    initiator = people[0]
    bureau = Organisation.objects.get(name="审批局")
    process = ApprovalTestFlow.start.run(
        initiator=initiator, approvers=approvers or people[1:4], mode=mode, organisation=bureau
    )
    draft = Task.objects.get(process=process, status__in=["NEW", "ASSIGNED"])
    draft.data = {"submitted": {"title": "帮扶项目", "budget": "12000"}}  # what the draft form sent
    draft.save(update_fields=["data"])
    with draft.activation() as activation:
        activation.start(None)
        activation.execute()
    return process


def review_task(process):
    return Task.objects.filter(process=process, flow_task=ApprovalTestFlow.review).latest("pk")


def open_step(process):
    return {t.flow_task.name for t in Task.objects.filter(process=process, status__in=["NEW", "ASSIGNED"])}


def code_of(call, **kwargs):
    from core.exceptions import ApplicationError

    with pytest.raises(ApplicationError) as caught:
        call(**kwargs)
    return caught.value.code


def test_sequential_approvers_decide_in_order(people):
    process = start(people, "sequential")
    task = review_task(process)
    a, b, c = people[1:4]
    assert [t.pk for t in open_tasks_for(a)] == [task.pk] and list(open_tasks_for(b)) == []
    assert code_of(approval_decide, task=task, user=b, decision="approve") == "not_your_turn"
    approval_decide(task=task, user=a, decision="approve")
    approval_decide(task=task, user=b, decision="approve")
    assert open_step(process) == {"review"}
    approval_decide(task=task, user=c, decision="approve")
    process.refresh_from_db()
    assert process.data["outcome"] == "approved" and process.status == "DONE"


def test_countersign_needs_everyone_and_one_rejection_decides(people):
    process = start(people, "all")
    task = review_task(process)
    a, b, c = people[1:4]
    assert all([t.pk for t in open_tasks_for(p)] == [task.pk] for p in (a, b, c))
    approval_decide(task=task, user=a, decision="approve")
    assert code_of(approval_decide, task=task, user=b, decision="reject") == "reason_required"
    approval_decide(task=task, user=b, decision="reject", comment="材料不全")
    process.refresh_from_db()
    assert process.data["outcome"] == "rejected"
    assert code_of(approval_decide, task=task, user=c, decision="approve") == "task_changed"


def test_any_one_decides_for_all(people):
    process = start(people, "any")
    task = review_task(process)
    approval_decide(task=task, user=people[2], decision="approve")
    process.refresh_from_db()
    assert process.data["outcome"] == "approved"
    assert list(open_tasks_for(people[1])) == []


def test_add_an_approver_before_me(people):
    process = start(people, "sequential", approvers=[people[1], people[2]])
    task = review_task(process)
    approval_add(task=task, user=people[1], new_user=people[4], where="before")
    assert code_of(approval_decide, task=task, user=people[1], decision="approve") == "not_your_turn"
    for person in (people[4], people[1], people[2]):
        approval_decide(task=task, user=person, decision="approve")
    process.refresh_from_db()
    assert process.data["outcome"] == "approved"


def test_add_an_approver_after_me_and_in_parallel(people):
    process = start(people, "sequential", approvers=[people[1], people[2]])
    task = review_task(process)
    approval_add(task=task, user=people[1], new_user=people[3], where="parallel")
    approval_add(task=task, user=people[1], new_user=people[4], where="after")
    approval_decide(task=task, user=people[1], decision="approve")
    assert code_of(approval_decide, task=task, user=people[4], decision="approve") == "not_your_turn"
    approval_decide(task=task, user=people[3], decision="approve")  # the parallel one completes my group
    approval_decide(task=task, user=people[4], decision="approve")
    assert open_step(process) == {"review"}  # the original second approver still decides
    approval_decide(task=task, user=people[2], decision="approve")
    assert AuditEvent.objects.filter(action="add_approver").count() == 2


def test_add_approver_refusals(people):
    process = start(people, "sequential")
    task = review_task(process)
    with pytest.raises(PermissionDenied):  # only an approver whose turn it is adds one
        approval_add(task=task, user=people[4], new_user=people[0], where="before")
    assert code_of(approval_add, task=task, user=people[1], new_user=people[2], where="before") == (
        "approver_ineligible"
    )


def test_add_approver_names_only_people_who_work_on_the_case(people):
    """Issue 15 item 7, as for a transfer: not the applicant, not the auditor, nobody of another bureau."""
    process = start(people, "sequential")
    task = review_task(process)
    auditor, stranger = UserFactory(real_name="审计员"), UserFactory(real_name="外局")
    grant(auditor, Organisation.objects.get(name="审批局"), Role.AUDITOR)
    grant(stranger, OrganisationFactory.create(kind=OrganisationKind.BUREAU, name="外局"), Role.BUREAU_BASIC_EDU)
    for person in (people[0], auditor, stranger):
        assert code_of(approval_add, task=task, user=people[1], new_user=person, where="after") == (
            "approver_ineligible"
        )
    assert Approval.objects.get(task=task).slots.count() == 3


def test_an_auditor_holding_a_slot_cannot_add_approvers(people):
    auditor = UserFactory(real_name="审计员")
    grant(auditor, Organisation.objects.get(name="审批局"), Role.AUDITOR)
    process = start(people, "sequential", approvers=[auditor, people[1]])
    with pytest.raises(PermissionDenied):
        approval_add(task=review_task(process), user=auditor, new_user=people[4], where="before")


def test_return_to_the_draft_with_a_reason_gives_it_back_to_its_author(people):
    process = start(people, "all")
    task = review_task(process)
    assert code_of(approval_return, task=task, user=people[1], to_step="draft", reason=" ") == "reason_required"
    assert code_of(approval_return, task=task, user=people[1], to_step="approved", reason="x") == (
        "return_target_invalid"
    )
    payload = {"to_step": "draft", "reason": "请补充实施方案"}
    run_action(process="approval_test", case_id=process.pk, code="return", actor=people[1], payload=payload)
    assert open_step(process) == {"draft"}
    draft = Task.objects.filter(process=process, flow_task=ApprovalTestFlow.draft).latest("pk")
    assert draft.owner == people[0] and draft.status == "ASSIGNED"
    assert draft.data["prefill"] == {"title": "帮扶项目", "budget": "12000"}
    assert AuditEvent.objects.get(action="return").reason == "请补充实施方案"


def test_withdraw_before_anyone_acted_and_not_after(people):
    process = start(people, "all")
    task = review_task(process)
    with pytest.raises(PermissionDenied):  # only the initiator withdraws
        approval_withdraw(task=task, user=people[1])
    approval_withdraw(task=task, user=people[0])
    assert open_step(process) == {"draft"}
    again = start(people, "all")
    task = review_task(again)
    approval_decide(task=task, user=people[1], decision="approve")
    assert code_of(approval_withdraw, task=task, user=people[0]) == "withdraw_not_allowed"
    assert Approval.objects.get(task=task).status == "open"


def test_the_api_decides_adds_and_returns(people):
    process = start(people, "sequential", approvers=[people[1], people[2]])
    task = review_task(process)
    client = APIClient()
    client.force_authenticate(people[2])
    response = client.post(f"/api/v1/tasks/{task.pk}/complete/", {"decision": "approve"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "not_your_turn"
    client.force_authenticate(people[1])
    response = client.post(
        f"/api/v1/tasks/{task.pk}/add_approver/", {"user_id": people[4].pk, "where": "after"}, format="json"
    )
    assert response.status_code == 200
    assert client.post(f"/api/v1/tasks/{task.pk}/complete/", {"decision": "approve"}, format="json").json() == {
        "task_id": task.pk,
        "approval": "open",
    }
    client.force_authenticate(people[4])
    response = client.post(
        f"/api/v1/tasks/{task.pk}/return/", {"to_step": "draft", "reason": "退回修改"}, format="json"
    )
    assert response.json() == {"task_id": task.pk, "approval": "returned"}
    client.force_authenticate(people[3])  # never an approver here
    response = client.post(f"/api/v1/tasks/{task.pk}/complete/", {"decision": "approve"}, format="json")
    assert response.status_code == 409


def test_bulk_approve_reports_the_forbidden_item(people):
    mine, other = start(people, "all"), start(people, "all", approvers=[people[2]])
    client = APIClient()
    client.force_authenticate(people[1])
    tasks = [review_task(mine).pk, review_task(other).pk]
    results = client.post(
        "/api/v1/tasks/bulk/",
        {"action": "complete", "task_ids": tasks, "payload": {"decision": "approve"}},
        format="json",
    ).json()
    assert results[0] == {"id": tasks[0], "ok": True}
    assert results[1]["ok"] is False and results[1]["code"] == "permission_denied"
    assert Approval.objects.get(task_id=tasks[1]).status == "open"


def test_a_substitute_decides_for_the_approver_on_leave(people):
    import datetime

    from workflows.models import Delegation

    process = start(people, "sequential", approvers=[people[1]])
    task = review_task(process)
    today = datetime.date.today()
    Delegation.objects.create(user=people[1], substitute=people[4], starts_on=today, ends_on=today)
    assert [t.pk for t in open_tasks_for(people[4], delegators=[people[1].pk])] == [task.pk]
    run_action(process="approval_test", case_id=process.pk, code="approve", actor=people[4], payload={})
    event = AuditEvent.objects.get(action="approve")
    assert event.actor == people[4] and event.on_behalf_of == "代表 甲"


def test_the_initiator_withdraws_through_the_case_api(people):
    process = start(people, "all")
    client = APIClient()
    client.force_authenticate(people[0])
    response = client.post(f"/api/v1/cases/approval_test/{process.pk}/withdraw/")
    assert response.json()["approval"] == "withdrawn" and open_step(process) == {"draft"}
