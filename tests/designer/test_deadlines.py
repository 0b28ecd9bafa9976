"""Time limits of designed steps (designer.deadlines): the due date on the step, the reminder, and what a late
step's node says then — approve automatically, hand to the initiator's superior, escalate to the process
administrators — each once; a decided step is left alone."""

import datetime

from audit.labels import action_name
from audit.models import AuditEvent
from core.dates import business_today
from designer import deadlines
from designer.models import Stage
from notifications.models import Kind, Notification
from tests.designer.world import act, approval, document, open_steps, people, published, start
from workflows.business_days import add_working_days
from workflows.models import ApprovalSlot, WorkdayOverride


def _late_case(w, then, who=None, *more, **rules):
    who = who or people(w.section)
    node = approval("check", who, name="科室审核", limit={"days": 2, "then": then}, **rules)
    definition = published(w, document(node, *more))
    case = start(definition, w.teacher)
    (task,) = open_steps(case)
    due = datetime.date.fromisoformat(task.data["due"])
    return case, task, due + datetime.timedelta(days=1)


def _events(case, action):
    return AuditEvent.objects.filter(process="designed", case_id=case.pk, action=action)


def test_a_step_with_a_limit_carries_its_due_date_and_reminder_day(w):
    node = approval("check", people(w.section), limit={"days": 3, "remind": 1, "then": "none"})
    case = start(published(w, document(node)), w.teacher)
    (task,) = open_steps(case)
    today = business_today()
    assert task.data["due"] == add_working_days(today, 3).date.isoformat()
    assert task.data["remind_on"] == add_working_days(today, 2).date.isoformat()


def test_a_step_without_a_limit_has_no_due_date(w):
    case = start(published(w, document(approval("check", people(w.section)))), w.teacher)
    (task,) = open_steps(case)
    assert "due" not in task.data and "remind_on" not in task.data


def test_working_days_skip_weekends_and_holidays(w):
    node = approval("check", people(w.section), limit={"days": 2, "remind": 1})
    case = start(published(w, document(node)), w.teacher)
    friday = datetime.date(2026, 3, 6)
    assert deadlines.step_dates(case, "check", today=friday) == {"due": "2026-03-10", "remind_on": "2026-03-09"}
    WorkdayOverride.objects.create(date=datetime.date(2026, 3, 9), is_workday=False)
    assert deadlines.step_dates(case, "check", today=friday) == {"due": "2026-03-11", "remind_on": "2026-03-10"}
    assert deadlines.step_dates(case, "nowhere", today=friday) == {}


def test_the_reminder_goes_once_to_whose_turn_it_is(w):
    node = approval("check", people(w.section), name="科室审核", limit={"days": 3, "remind": 1})
    case = start(published(w, document(node)), w.teacher)
    (task,) = open_steps(case)
    remind_on = datetime.date.fromisoformat(task.data["remind_on"])
    assert deadlines.run_reminders(today=remind_on - datetime.timedelta(days=1)) == 0
    assert deadlines.run_reminders(today=remind_on) == 1
    assert deadlines.run_reminders(today=remind_on) == 0
    (notice,) = Notification.objects.filter(kind=Kind.DUE_SOON, task_id=task.pk)
    assert notice.recipient == w.section and "科室审核" in notice.title
    after_due = datetime.date.fromisoformat(task.data["due"]) + datetime.timedelta(days=1)
    Notification.objects.all().delete()
    assert deadlines.run_reminders(today=after_due) == 0  # late: the deadline job's overdue notice, not a reminder


def test_late_approve_passes_the_node_once(w):
    case, task, late = _late_case(w, "approve", None, approval("last", people(w.principal)))
    assert deadlines.run_overdue(today=late - datetime.timedelta(days=1)) == 0
    assert case.stage == Stage.RUNNING and _events(case, "timeout_approve").count() == 0
    assert deadlines.run_overdue(today=late) == 1
    assert deadlines.run_overdue(today=late) == 0
    task.refresh_from_db()
    case.refresh_from_db()
    assert task.status == "DONE" and task.owner_id is None and task.data["timeout"]["then"] == "approve"
    (event,) = _events(case, "timeout_approve")
    assert event.actor is None and event.data == {"node": "check", "task": task.pk}
    slot = ApprovalSlot.objects.get(approval__task=task, user=w.section)
    assert slot.status == ApprovalSlot.Status.APPROVED and slot.approval.status == "approved"
    assert [t.data["node"] for t in open_steps(case)] == ["last"] and case.stage == Stage.RUNNING
    act(case, w.principal)
    assert case.stage == Stage.APPROVED


def test_late_approve_of_the_last_node_approves_the_case(w):
    case, task, late = _late_case(w, "approve")
    assert deadlines.run_overdue(today=late) == 1
    case.refresh_from_db()
    assert case.stage == Stage.APPROVED and case.status == "DONE" and not open_steps(case)


def test_late_step_goes_to_the_initiators_superior_once(w):
    case, task, late = _late_case(w, "superior")
    assert deadlines.run_overdue(today=late - datetime.timedelta(days=1)) == 0
    assert deadlines.run_overdue(today=late) == 1
    assert deadlines.run_overdue(today=late) == 0
    slots = {s.user_id: s.status for s in ApprovalSlot.objects.filter(approval__task=task)}
    assert slots == {w.section.pk: ApprovalSlot.Status.SKIPPED, w.principal.pk: ApprovalSlot.Status.ACTIVE}
    (event,) = _events(case, "timeout_transfer")
    assert event.actor is None and event.data["to"] == [w.principal.pk] and event.data["from"] == [w.section.pk]
    assert Notification.objects.filter(kind=Kind.TASK_ASSIGNED, recipient=w.principal, task_id=task.pk).exists()
    act(case, w.principal)
    assert case.stage == Stage.APPROVED


def test_late_step_is_escalated_to_the_process_administrators(w):
    case, task, late = _late_case(w, "admin")
    assert deadlines.run_overdue(today=late) == 1
    assert deadlines.run_overdue(today=late) == 0
    active = ApprovalSlot.objects.filter(approval__task=task, status=ApprovalSlot.Status.ACTIVE)
    assert [s.user_id for s in active] == [w.designer.pk]
    assert _events(case, "timeout_escalate").get().data["to"] == [w.designer.pk]
    act(case, w.designer)
    assert case.stage == Stage.APPROVED


def test_a_late_transfer_skips_who_already_holds_a_place(w):
    """Both approvers of a 会签 are late; the superiors (principal, vice) take one place each, the principal's own
    place is not given to them twice."""
    case, task, late = _late_case(w, "superior", people(w.section, w.principal), mode="all")
    assert deadlines.run_overdue(today=late) == 1
    active = ApprovalSlot.objects.filter(approval__task=task, status=ApprovalSlot.Status.ACTIVE)
    assert sorted(s.user_id for s in active) == sorted([w.principal.pk, w.vice.pk])


def test_then_none_does_nothing(w):
    case, task, late = _late_case(w, "none")
    assert deadlines.run_overdue(today=late) == 0
    task.refresh_from_db()
    assert task.status in ("NEW", "ASSIGNED") and "timeout" not in task.data


def test_a_decided_step_is_left_alone(w):
    case, task, late = _late_case(w, "approve", None, approval("last", people(w.principal)))
    act(case, w.section)
    assert deadlines.run_overdue(today=late) == 0
    assert _events(case, "timeout_approve").count() == 0
    assert [t.data["node"] for t in open_steps(case)] == ["last"]


def test_the_timeout_events_have_names(w):
    assert action_name("designed", "timeout_approve") != "timeout_approve"
    assert action_name("designed", "timeout_escalate") != "timeout_escalate"


def test_the_limits_job_runs_with_the_deadline_job(w, settings):
    """Scheduled for Celery beat and the embedded run's scheduler (core.periodic) at the deadline job's cadence."""
    from django.utils.module_loading import import_string

    entry = settings.CELERY_BEAT_SCHEDULE["designer-limits"]
    assert entry["schedule"] == settings.CELERY_BEAT_SCHEDULE["deadlines"]["schedule"]
    case, task, _late = _late_case(w, "approve")
    task.data = {**task.data, "due": (business_today() - datetime.timedelta(days=1)).isoformat()}
    task.save(update_fields=["data"])
    assert import_string(entry["task"]).run() == 1
    case.refresh_from_db()
    assert case.stage == Stage.APPROVED
