"""What a case expects next and by when: written on the case (for lists) and on each open task
(for inboxes), recomputed after every action."""

import datetime

from viewflow.workflow.status import STATUS

from audit.models import AuditEvent
from workflows.business_days import add_working_days
from workflows.party import timing
from workflows.party.models import PartyCase
from workflows.party.rulesets import RuleBook

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)
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


def dates_for(case: PartyCase, book: RuleBook, node_name: str, since: datetime.date | None = None) -> dict:
    """Due date (and earliest date, where a rule sets one) of the step waiting at ``node_name``;
    ``since`` is the business date the step became due, for steps with a working-day default."""
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
        deadline = add_working_days(since, default_days)
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


def refresh_next(case: PartyCase, book: RuleBook) -> None:
    tasks = list(case.task_set.filter(status__in=OPEN).exclude(flow_task_type__in=["JOIN", "SPLIT"]).order_by("pk"))
    since = last_business_date(case)
    first_due, first_action = None, ""
    for task in tasks:
        node = task.flow_task.name
        dates = {
            k: v.isoformat() if isinstance(v, datetime.date) else v
            for k, v in dates_for(case, book, node, since).items()
            if v
        }
        merged = {k: v for k, v in (task.data or {}).items() if k not in DATE_KEYS} | dates  # keeps claims
        if task.data != merged:
            task.data = merged
            task.save(update_fields=["data"])
        due = dates.get("due") or dates.get("assessment_due")
        if not first_action or (due and (first_due is None or due < first_due)):
            first_action, first_due = action_for_node(case, node), due
    if case.pending_outcome == "disqualify":  # decided outside the flow's path (any time during probation)
        first_action = "parent_approve_disqualification"
        first_due = timing.approval_window(book, case.reported_date).due.isoformat()
    case.next_action = first_action
    case.next_due = datetime.date.fromisoformat(first_due) if first_due else None
    PartyCase.objects.filter(pk=case.pk).update(next_action=case.next_action, next_due=case.next_due)
