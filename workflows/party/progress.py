"""What a case expects next and by when: written on the case (for lists) and on each open task
(for inboxes), recomputed after every action."""

import datetime
import functools
import json

from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from accounts.models import User
from audit.models import AuditEvent
from workflows.business_days import add_working_days
from workflows.kit.sql_rows import columns, fetch, json_object_of, one_of, quoted, update_columns
from workflows.models import Approval, WorkdayOverride
from workflows.party import timing
from workflows.party.models import PartyCase
from workflows.party.rulesets import RuleBook

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)
_NOT_STEPS = ("JOIN", "SPLIT")  # viewflow's gateways: not steps anyone takes
DATE_KEYS = ("due", "earliest", "hard", "assessment_due", "provisional")
_APPROVALS = {
    "full": "parent_approve_full",
    "extend": "parent_approve_extension",
}


def action_for_node(case: PartyCase, node_name: str, decision: str = "approve") -> str | None:
    """The action that completes the step at ``node_name``. Each step has one form, whose own fields carry the
    outcome (approved or not); it is neither returned nor withdrawn as an approval is."""
    if decision in ("return", "withdraw"):
        return None
    if node_name == "probation_vote":
        return "record_full_membership_vote"
    if node_name == "probation_approval":
        return _APPROVALS.get(case.pending_outcome, "parent_approve_full")
    return node_name


def dates_for(
    case: PartyCase, book: RuleBook, node_name: str, since: datetime.date | None = None, overrides=None
) -> dict:
    """Due date (and earliest date, where a rule sets one) of the step waiting at ``node_name``;
    ``since`` is the business date the step became due, for steps with a working-day default (``overrides``: the
    working-day corrections after it, when the caller read them: workflows.business_days.add_working_days)."""
    if node_name == "record_talk":
        return {"due": timing.talk_deadline(book, case.application_date).due}
    if node_name == "designate_dev_object":
        eligible = timing.cultivation_eligible(book, case.activist_date, case.activist_filed_date)
        assessment = timing.next_assessment(book, case.activist_date, case.last_assessment_date)
        # The step itself has no deadline, only an earliest date; what falls due meanwhile is the assessment.
        return {
            "earliest": eligible.due if eligible else None,
            "assessment_due": assessment.due if assessment else None,
        }
    if node_name in ("parent_interview", "parent_approve", "probation_approval") and case.reported_date:
        window = timing.approval_window(book, case.reported_date, case.reported_date_provisional)
        return {"due": window.due, "hard": window.hard}
    default_days = book["step_default_working_days"].get(node_name)
    if default_days and since is not None:
        deadline = add_working_days(since, default_days, overrides)
        return {"due": deadline.date, "provisional": deadline.provisional}
    if node_name in ("apply_full_membership", "probation_vote"):
        end = case.extension_end or case.probation_end
        if end:
            return {
                "earliest": end if node_name == "probation_vote" else None,
                "due": timing.months(book, end, book["full_membership_meeting_max_months"]),
            }
    return {}


def last_business_date(case: PartyCase) -> datetime.date:
    """Business date of the latest step: where a step's deadline runs from (a backfilled case's steps are old)."""
    return (
        AuditEvent.objects.filter(process="party", case_id=case.pk, business_date__isnull=False)
        .order_by("-business_date")
        .values_list("business_date", flat=True)
        .first()
    ) or case.application_date


def refresh_next(case: PartyCase, book: RuleBook, *, save: bool = True) -> list:
    """Date the case's open steps and set what it expects next (``next_action``, ``next_due``): saved here, or with
    ``save=False`` left on the case for its caller to save (the kit's engine saves the case once, after this).
    Returns the open steps as read here, with their owner (for announce_open_tasks)."""
    tasks, since, overrides = open_steps_read(case)
    first_due, first_action = None, ""
    for task in tasks:
        node = task.flow_task.name
        dates = {
            k: v.isoformat() if isinstance(v, datetime.date) else v
            for k, v in dates_for(case, book, node, since, overrides).items()
            if v
        }
        merged = {k: v for k, v in (task.data or {}).items() if k not in DATE_KEYS} | dates  # keeps claims
        if task.data != merged:
            task.data = merged
            update_columns(task, ["data"])
        due = dates.get("due") or dates.get("assessment_due")
        if not first_action or (due and (first_due is None or due < first_due)):
            first_action, first_due = action_for_node(case, node), due
    if case.pending_outcome == "disqualify":  # decided outside the flow's path (any time during probation)
        first_action = "parent_approve_disqualification"
        first_due = timing.approval_window(book, case.reported_date).due.isoformat()
    case.next_action = first_action
    case.next_due = datetime.date.fromisoformat(first_due) if first_due else None
    if save:
        PartyCase.objects.filter(pk=case.pk).update(next_action=case.next_action, next_due=case.next_due)
    return tasks


def open_steps_read(case: PartyCase) -> tuple[list, datetime.date | None, dict]:
    """The case's open steps but its joins and splits, in order, as the ORM would read them with their owner and the
    case as their process (an approval known to be absent when the step has none); the business date their
    deadlines run from (last_business_date's); and every working-day correction after it (WorkdayOverride: date ->
    is a working day, a few a year). One statement written once (workflows.kit.sql_rows), on every step."""
    params = [case.application_date, "party", case.pk, case.pk, *(s.value for s in OPEN), *_NOT_STEPS]
    rows = fetch(_open_steps_sql(), params)
    if not rows:  # no open step: no deadline runs from that date
        return [], None, {}
    task_columns, owner_columns = columns(Task), columns(User)
    owner, process, approval = (Task._meta.get_field(name) for name in ("owner", "process", "approval"))
    tasks = []
    for row in rows:
        task = task_columns.make(row)
        owner.set_cached_value(task, owner_columns.make(row, task_columns.width))
        process.set_cached_value(task, case)
        if row[-3] is None:
            approval.set_cached_value(task, None)
        tasks.append(task)
    since, overrides = rows[0][-2], rows[0][-1]
    if isinstance(since, str):  # SQLite hands dates back as text
        since = datetime.date.fromisoformat(since)
    if isinstance(overrides, str):
        overrides = json.loads(overrides)
    return tasks, since, {datetime.date.fromisoformat(day): bool(workday) for day, workday in (overrides or {}).items()}


@functools.cache
def _open_steps_sql() -> str:
    task, task_column = quoted(Task), functools.partial(quoted, Task)
    event, override = functools.partial(quoted, AuditEvent), functools.partial(quoted, WorkdayOverride)
    since = (
        f"WITH since AS (SELECT coalesce(max({event('business_date')}), %s) AS day "  # noqa: S608
        f"FROM {quoted(AuditEvent)} WHERE {event('process')} = %s AND {event('case_id')} = %s) "
    )
    corrections = (
        f"(SELECT {json_object_of(override('date'), override('is_workday'))} "  # noqa: S608
        f"FROM {quoted(WorkdayOverride)} "
        f"WHERE {override('date')} > since.day)"
    )
    return (
        f"{since}SELECT {columns(Task).sql}, {columns(User).sql}, {quoted(Approval, 'id')}, since.day, "  # noqa: S608
        f"{corrections} FROM since CROSS JOIN {task} "
        f"LEFT OUTER JOIN {quoted(User)} ON {task_column('owner')} = {quoted(User, 'id')} "
        f"LEFT OUTER JOIN {quoted(Approval)} ON {task_column('id')} = {quoted(Approval, 'task')} "
        f"WHERE {task_column('process')} = %s AND {task_column('status')} {one_of(len(OPEN))} "
        f"AND NOT ({task_column('flow_task_type')} {one_of(len(_NOT_STEPS))}) ORDER BY {task_column('id')}"
    )
