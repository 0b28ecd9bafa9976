"""The deadline job (issue 6): for every open step with a due date, "due in N working days" once per
threshold (the nearest one reached), "overdue" once, and escalation to the process's supervisors once the
step is ESCALATE_AFTER_WORKING_DAYS working days late; then viewflow's own database timers.
Idempotent: every notice carries a once-only key, so the job may run as often as it likes."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.timers import fire_due_conditions, fire_due_start_timers, fire_due_timers

from core.dates import business_today
from notifications.models import Kind
from workflows.announce import notify_about, task_candidates
from workflows.business_days import working_days_between
from workflows.inbox import OPEN
from workflows.kit.registry import process_type_of
from workflows.labels import step_title


def _notices(task: Task, today: datetime.date) -> list[tuple[str, list, str, str]]:
    """(kind, recipients, title, once-only key) for one step today."""
    due = datetime.date.fromisoformat(task.data["due"])
    step = step_title(task)
    left = working_days_between(today, due)
    if left < 0 or (left == 0 and due < today):
        out = [(Kind.OVERDUE, task_candidates(task), _("Overdue since %(due)s: %(step)s"), f"overdue:{task.pk}")]
        if -left >= settings.ESCALATE_AFTER_WORKING_DAYS:
            process_type = process_type_of(task.process)
            supervisors = process_type.supervisors(process_type.case_of(task.process))
            title = _("Escalated, overdue since %(due)s: %(step)s")
            out.append((Kind.ESCALATION, supervisors, title, f"escalate:{task.pk}"))
        return [(kind, people, title % {"due": due, "step": step}, key) for kind, people, title, key in out]
    reached = [n for n in settings.DEADLINE_NOTICE_WORKING_DAYS if left <= n]
    if not reached:
        return []
    nearest = min(reached)
    if left == 0:
        title = _("Due today: %(step)s") % {"step": step}
    else:
        title = _("Due in %(n)d working day(s), on %(due)s: %(step)s") % {"n": left, "due": due, "step": step}
    return [(Kind.DUE_SOON, task_candidates(task), title, f"due{nearest}:{task.pk}")]


def run_deadlines(*, today: datetime.date | None = None) -> int:
    """Send what is due; returns how many notifications were written."""
    today = today or business_today()
    written = 0
    tasks = Task.objects.filter(status__in=OPEN, flow_task_type="HUMAN", data__due__isnull=False).select_related(
        "owner", "process"
    )
    with translation.override(settings.LANGUAGE_CODE):
        for task in tasks.order_by("pk"):
            with transaction.atomic():
                for kind, people, title, key in _notices(task, today):
                    written += len(notify_about(task.process, kind, people, title, task=task, dedupe=key))
    fire_due_timers()
    fire_due_start_timers()
    fire_due_conditions()
    return written
