"""One row shape for every box, for the pages and the API alike."""

import datetime

from workflows.kit.registry import process_type_of


def task_row(task, today: datetime.date) -> dict:
    process_type = process_type_of(task.process)
    case = process_type.case_of(task.process)
    due = (task.data or {}).get("due")
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
        "title": str(task.flow_task.task_title),
        "person": subject,
        "organisation": organisation,
        "since": task.created,
        "due": due,
        "earliest": (task.data or {}).get("earliest"),
        "assessment_due": (task.data or {}).get("assessment_due"),
        "overdue": bool(due and due < today.isoformat()),
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
        "earliest": None,
        "overdue": bool(due and due < today.isoformat()),
        "status": facts["status"],
        "owner": None,
        "case_url": process_type.case_url(case),
        "action_url": process_type.case_url(case),
        "queue": False,
        "approve_in_bulk": False,
    }
