"""Issue 16 item 2: an evaluation's steps are tasks in 待办 — each school's self-evaluations with their due dates,
the bureau's steps, and the steps of the people the leading group appoints — with notices when they open, claims,
transfers, completion from the task, deadline notices and escalation to the leading group."""

import datetime

import pytest
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit.models import AuditEvent
from core.exceptions import ConflictError
from notifications.models import Kind, Notification
from tests.clients import api, page
from tests.workflows.evaluation.conftest import (
    AFTER_VISIT,
    ON_TIME,
    VISIT_DAY,
    act,
    project,
    routine,
    score_items,
    self_evaluate_routine,
)
from workflows.deadlines import run_deadlines
from workflows.evaluation.models import ProjectStatus, Track
from workflows.inbox import open_tasks_for
from workflows.rows import task_row
from workflows.services import task_claim, task_transfer

pytestmark = pytest.mark.django_db


def steps(user) -> list[tuple]:
    """(node, what the step acts on, due) of the user's 待办, in a stable order."""
    rows = [task_row(task, ON_TIME[1]) for task in open_tasks_for(user)]
    return sorted((row["step"], row["person"], row["due"]) for row in rows)


def step_of(user, node: str) -> Task:
    return next(task for task in open_tasks_for(user) if task.flow_task.name == node)


def project_self_evaluated(o, case):
    target = project(case, o.fusion_member, Track.PROJECT)
    scores = score_items(case, Track.PROJECT, 30)
    act(case, "self_evaluate", o.core_lead, {"project_id": target.pk, "scores": scores}, ON_TIME["year_end"])
    return target


def appoint(o, case, target, inspectors, panel=()):
    payload = {"project_id": target.pk, "inspector_ids": [p.pk for p in inspectors], "panel_ids": [p.pk for p in panel]}
    return act(case, "appoint", o.leading, payload)


def test_each_school_has_its_routine_self_evaluations_in_todo_with_their_due_dates(yuhuan, routine_only_case):
    o = yuhuan
    name = o.fusion_core.name
    assert [s for s in steps(o.core_lead) if s[0] == "self_evaluate"] == [
        ("self_evaluate", f"{name} · 第一学期", "2025-11-10"),
        ("self_evaluate", f"{name} · 第二学期", "2026-06-10"),
    ]
    assert all(o.fusion_member.name in person for _node, person, _due in steps(o.member_lead))
    assert steps(o.basic_edu) == [] and steps(o.inspector) == [] and steps(o.outsider) == []
    # The page: the row opens the term's own form.
    term1 = routine(routine_only_case, o.fusion_core, 1)
    html = page(o.core_lead).get("/tasks/").content.decode()
    assert f"/evaluation/{routine_only_case.pk}/act/self_evaluate/?routine_id={term1.pk}" in html
    assert "2025-11-10" in html and name in html
    # Each lead was told when the year opened.
    told = Notification.objects.filter(recipient=o.core_lead, kind=Kind.TASK_NEW, process="evaluation")
    assert told.count() == 2


def test_the_bureau_evaluates_a_term_once_the_school_has_self_evaluated(yuhuan, routine_only_case):
    o, case = yuhuan, routine_only_case
    self_evaluate_routine(o, case, o.fusion_core, 1, 80)
    assert ("self_evaluate", f"{o.fusion_core.name} · 第一学期", "2025-11-10") not in steps(o.core_lead)
    # The term is evaluated in November (DOMAIN §4.4): due the month's last day, for both reviewers.
    for reviewer in (o.basic_edu, o.basic_edu2):
        assert steps(reviewer) == [("term_evaluate", f"{o.fusion_core.name} · 第一学期", "2025-11-30")]
    task = Task.objects.get(pk=step_of(o.basic_edu, "term_evaluate").pk)
    assert task.owner_permission == "accounts.review_community" and task.owner_permission_obj_pk == str(o.fusion.pk)


def test_an_appointed_inspector_gets_the_on_site_check_in_todo_and_a_notice(yuhuan, fusion_case):
    o, case = yuhuan, fusion_case
    target = project_self_evaluated(o, case)
    assert steps(o.inspector) == []
    assert [s[0] for s in steps(o.leading)] == ["appoint"]

    appoint(o, case, target, [o.inspector])

    assert steps(o.inspector) == [("record_visit", f"{o.fusion_member.name} · 帮扶项目", None)]
    assert steps(o.leading) == []  # the appointment step is done
    notice = Notification.objects.get(recipient=o.inspector, kind=Kind.TASK_NEW)
    assert notice.process == "evaluation" and notice.url == f"/evaluation/{case.pk}/"
    html = page(o.inspector).get("/tasks/").content.decode()
    assert f"/evaluation/{case.pk}/act/record_visit/?project_id={target.pk}" in html
    # The form the row opens is the inspector's.
    form = page(o.inspector).get(f"/evaluation/{case.pk}/act/record_visit/?project_id={target.pk}")
    assert form.status_code == 200


def test_completing_the_on_site_check_from_its_task_writes_one_event_and_closes_the_step(yuhuan, fusion_case, clock):
    o, case = yuhuan, fusion_case
    target = project_self_evaluated(o, case)
    appoint(o, case, target, [o.inspector], panel=[o.basic_edu2])
    task = step_of(o.inspector, "record_visit")
    events = AuditEvent.objects.filter(process="evaluation", case_id=case.pk)
    before = events.count()
    clock.set(AFTER_VISIT)

    body = {"visit_date": VISIT_DAY.isoformat(), "findings": "台账齐全"}
    response = api(o.inspector).post(f"/api/v1/tasks/{task.pk}/complete/", body, format="json")

    assert response.status_code == 200, response.content
    assert list(events.order_by("id")[before:].values_list("action", flat=True)) == ["record_visit"]
    assert Task.objects.get(pk=task.pk).status == STATUS.DONE
    assert project(case, o.fusion_member, Track.PROJECT).status == ProjectStatus.PANEL_REVIEW
    assert [s[0] for s in steps(o.inspector)] == []
    assert [s[0] for s in steps(o.basic_edu2)] == ["panel_score"]  # the panel's turn, told to its member
    assert Notification.objects.filter(recipient=o.basic_edu2, kind=Kind.TASK_NEW, task_id__isnull=False).exists()


def test_when_one_inspector_records_the_visit_the_others_step_is_withdrawn(yuhuan, fusion_case):
    o, case = yuhuan, fusion_case
    target = project_self_evaluated(o, case)
    appoint(o, case, target, [o.inspector, o.basic_edu2])
    other = step_of(o.basic_edu2, "record_visit")
    visit = {"project_id": target.pk, "visit_date": VISIT_DAY.isoformat(), "findings": "台账齐全"}

    act(case, "record_visit", o.inspector, visit)

    assert Task.objects.get(pk=other.pk).status == STATUS.CANCELED
    assert steps(o.basic_edu2) == [] and steps(o.inspector) == []
    assert [s[0] for s in steps(o.leading)] == ["appoint"]  # no panel yet: the leading group appoints one


def test_a_bureau_step_taken_by_one_reviewer_is_theirs_and_can_be_handed_on(yuhuan, routine_only_case):
    o, case = yuhuan, routine_only_case
    self_evaluate_routine(o, case, o.fusion_core, 1, 80)
    task = step_of(o.basic_edu, "term_evaluate")
    task_claim(task=task, user=o.basic_edu)
    assert steps(o.basic_edu2) == []
    payload = {"routine_id": routine(case, o.fusion_core, 1).pk, "scores": score_items(case, Track.ROUTINE, 80)}
    with pytest.raises(ConflictError) as refused:
        act(case, "term_evaluate", o.basic_edu2, payload)
    assert refused.value.code == "task_claimed"

    task_transfer(task=Task.objects.get(pk=task.pk), user=o.basic_edu, to_user=o.basic_edu2, reason="出差")
    act(case, "term_evaluate", o.basic_edu2, payload)
    assert Task.objects.get(pk=task.pk).status == STATUS.DONE
    # The claim and the transfer are in the case's own trail, with its steps.
    trail = AuditEvent.objects.filter(process="evaluation", case_id=case.pk).values_list("action", flat=True)
    assert {"claim", "transfer", "term_evaluate"} <= set(trail)


def test_an_overdue_self_evaluation_is_told_and_escalated_to_the_leading_group(yuhuan, routine_only_case):
    o = yuhuan
    assert run_deadlines(today=datetime.date(2025, 10, 1)) == 0  # nothing due yet
    run_deadlines(today=datetime.date(2025, 11, 6))  # three working days before 11-10
    assert Notification.objects.filter(recipient=o.core_lead, kind=Kind.DUE_SOON).count() == 1
    assert not Notification.objects.filter(kind=Kind.OVERDUE).exists()

    run_deadlines(today=datetime.date(2025, 11, 11))
    overdue = Notification.objects.filter(kind=Kind.OVERDUE)
    assert set(overdue.values_list("recipient__username", flat=True)) == {"core_lead", "member_lead", "member2_lead"}
    assert not Notification.objects.filter(kind=Kind.ESCALATION).exists()

    run_deadlines(today=datetime.date(2025, 11, 17))  # four working days late
    escalated = Notification.objects.filter(kind=Kind.ESCALATION)
    assert set(escalated.values_list("recipient__username", flat=True)) == {"leading"}
    assert escalated.count() == 3  # one per overdue term-1 self-evaluation
    run_deadlines(today=datetime.date(2025, 11, 18))
    assert Notification.objects.filter(kind=Kind.ESCALATION).count() == 3  # once each
