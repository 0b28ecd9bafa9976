"""One row shape for every box, for the pages and the API alike."""

import datetime

from django.utils import timezone
from viewflow.workflow.status import STATUS

from workflows.kit.registry import process_type_of
from workflows.labels import step_title


def completed_on(task) -> str | None:
    """The day a done step was done (ISO): the business date the engine recorded on completing it (a talk held on
    time but entered later was still done on time), else the day it was completed here; None while it is open."""
    if task.status != STATUS.DONE or task.finished is None:
        return None
    return (task.data or {}).get("done_on") or timezone.localdate(task.finished).isoformat()


def task_row(task, today: datetime.date) -> dict:
    process_type = process_type_of(task.process)
    case = process_type.case_of(task.process)
    due = (task.data or {}).get("due")
    completed = completed_on(task)
    action = process_type.action_code(case, task.flow_task.name)
    subject, organisation, _stage = process_type.describe(case)
    return {
        "kind": "task",
        "task_id": task.pk,
        "case_id": case.pk,
        "process": process_type.code,
        "process_label": str(process_type.label),
        "step": task.flow_task.name,
        "action": action,
        "action_url": process_type.action_url(case, action),
        "title": step_title(task),
        "person": subject,
        "organisation": organisation,
        "since": task.created,
        "due": due,
        "completed": completed,
        "earliest": (task.data or {}).get("earliest"),
        "assessment_due": (task.data or {}).get("assessment_due"),
        # A done step is late only if it was done after its due day, whatever the day now.
        "overdue": bool(due and due < (completed or today.isoformat())),
        "status": task.status,
        "owner": task.owner.real_name if task.owner_id else None,
        "case_url": process_type.case_url(case),
        "queue": bool(task.owner_permission),  # offered to a group: taken (认领) before it is done
        "approve_in_bulk": task.flow_task.name in process_type.approve_in_bulk,
    } | process_type.step_facts(task, case)


def case_row(process, today: datetime.date) -> dict:
    process_type = process_type_of(process)
    case = process_type.case_of(process)
    facts = process_type.case_facts(case)
    due = facts["due"].isoformat() if facts["due"] else None
    subject, organisation, stage = process_type.describe(case)
    return {
        "kind": "case",
        "task_id": None,
        "case_id": case.pk,
        "process": process_type.code,
        "process_label": str(process_type.label),
        "step": facts["action"],
        "action": facts["action"],
        "title": stage,
        "person": subject,
        "organisation": organisation,
        "since": case.created,
        "due": due,
        "completed": None,
        "earliest": None,
        "overdue": bool(due and due < today.isoformat()),
        "status": facts["status"],
        "owner": None,
        "case_url": process_type.case_url(case),
        "action_url": process_type.case_url(case),
        "queue": False,
        "approve_in_bulk": False,
    }
