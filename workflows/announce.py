"""Who is told what when a case moves (issue 6): the people who can now act on a step, the person a step
was handed to, those copied or mentioned, those reminded, and the case's own people on a decision.
Each call runs inside the transaction of the change; notifications.services.notify delivers after commit.
Texts are written in the deployment's language (Chinese), whoever triggered them."""

import functools
import re

from django.conf import settings
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import translation
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from accounts.models import Organisation, User
from accounts.permissions import people_holding
from core.dates import business_today
from notifications.models import Kind
from notifications.services import notify, step_notices_read
from workflows.inbox import OPEN
from workflows.kit.registry import process_type_of
from workflows.kit.sql_rows import one_of, quoted
from workflows.labels import step_title
from workflows.models import ApprovalSlot


def holders_of(codename: str, organisation: Organisation) -> list[User]:
    """People who hold ``codename`` on the organisation or above it today (who a queue step is offered to)."""
    return people_holding(codename, organisation, business_today())


def _may_have_approval(task: Task) -> bool:
    """False only when the task was read with select_related("approval") and has none (no query needed)."""
    relation = Task._meta.get_field("approval")
    return not relation.is_cached(task) or relation.get_cached_value(task) is not None


def task_candidates(task: Task, *, organisation: Organisation | None = None) -> list[User]:
    """Who can act on an open step now: its owner, the approvers whose turn it is, or the queue's people.
    ``organisation`` is the case's own when the caller has it loaded: a queue step's permission is usually
    held on it, which saves reading it again."""
    sign_off = (task.data or {}).get("sign_off")  # its holder keeps it while the people added decide (加签)
    if task.owner_id is not None and not sign_off:
        return [task.owner]
    if _may_have_approval(task):
        active = ApprovalSlot.objects.filter(approval__task=task, status=ApprovalSlot.Status.ACTIVE)
        slots = list(active.select_related("user"))
        if slots:
            return [slot.user for slot in slots]
    if task.owner_id is not None:
        return [task.owner]
    if task.owner_permission and task.owner_permission_obj_pk:
        if organisation is None or str(organisation.pk) != task.owner_permission_obj_pk:
            organisation = Organisation.objects.filter(pk=task.owner_permission_obj_pk).first()
        if organisation is not None:
            return holders_of(task.owner_permission.split(".", 1)[-1], organisation)
    return []


def _about(process, case=None) -> tuple[str, str]:
    """(the case in a few words, its page)."""
    process_type = process_type_of(process)
    case = case if case is not None else process_type.case_of(process)
    subject, organisation, _stage = process_type.describe(case)
    return " · ".join(filter(None, [str(process_type.label), subject, organisation])), process_type.case_url(case)


def notify_about(
    process,
    kind: str,
    recipients,
    title: str,
    *,
    task=None,
    body: str = "",
    dedupe: str | None = None,
    case=None,
    actor=None,
):
    """Notify about a case: the body names the case, the link opens its page. ``case``: the process's case row
    when the caller has it loaded (with what ``describe`` reads), so it is not read again. ``actor``: whose action
    this announces; they are never told of it."""
    process_type = process_type_of(process)
    case = case if case is not None else process_type.case_of(process)
    about, url = _about(process, case)
    return notify(
        recipients=recipients,
        kind=kind,
        title=title,
        body=body or about,
        url=url,
        process=process_type.code,
        case_id=getattr(case, process_type.audit_key),  # the key the case's pages and trail use
        task_id=task.pk if task else None,
        dedupe=dedupe,
        actor=actor,
    )


def announce_open_tasks(process_id: int, *, case=None, tasks=None, actor=None) -> None:
    """Tell everyone who can now act on an open step of the case, once per step and person, but ``actor``, whose
    action opened it; and mark read the notices about its steps that no longer wait (done or cancelled). ``case``:
    the case row, when the caller holds it (a step engine does, with its organisation and person). ``tasks``: the
    case's steps as the caller read them in this transaction after the change (with their owner, approval and
    process, e.g. through ``case.task_set``), so that they are not read again; the open human ones are announced."""
    step_notices_read(task_ids=_steps_done(process_id))
    if tasks is None:
        tasks = Task.objects.filter(process_id=process_id, status__in=OPEN, flow_task_type="HUMAN").select_related(
            "owner", "process", "approval"
        )
    else:
        tasks = [task for task in tasks if task.status in OPEN and task.flow_task_type == "HUMAN"]
    organisation = None
    with translation.override(settings.LANGUAGE_CODE):
        for task in tasks:
            if case is not None and organisation is None:
                organisation = process_type_of(task.process).organisation_of(case)
            title = _("To do: %(step)s") % {"step": step_title(task)}
            people = task_candidates(task, organisation=organisation)
            key = f"task:{task.pk}"
            notify_about(task.process, Kind.TASK_NEW, people, title, task=task, dedupe=key, case=case, actor=actor)


def _steps_done(process_id: int) -> RawSQL:
    """The ids of the case's steps that no longer wait (done or cancelled), as a subquery written once: the ORM
    spent more CPU building it than PostgreSQL spends running the statement it is part of (bench/README.md)."""
    return RawSQL(_steps_done_sql(), [process_id, *(status.value for status in OPEN)])  # noqa: S611  (parameters)


@functools.cache
def _steps_done_sql() -> str:
    column = functools.partial(quoted, Task)
    return (
        f"SELECT {column('id')} FROM {quoted(Task)} "  # noqa: S608  (names from the model's metadata)
        f"WHERE {column('process')} = %s AND NOT ({column('status')} {one_of(len(OPEN))})"
    )


def announce_assigned(task: Task, to_user: User, by_user: User) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(name)s handed you a step: %(step)s") % {
            "name": by_user.real_name,
            "step": step_title(task),
        }
        key = f"assigned:{task.pk}:{by_user.pk}"
        notify_about(task.process, Kind.TASK_ASSIGNED, [to_user], title, task=task, dedupe=key, actor=by_user)


def announce_decision(process, recipients, *, returned: bool, what: str, reason: str = "") -> None:
    """A decision on someone's case: returned for revision, or another outcome (filed, approved…)."""
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Returned: %(what)s") % {"what": what} if returned else _("Decided: %(what)s") % {"what": what}
        notify_about(process, Kind.RETURNED if returned else Kind.DECISION, recipients, title, body=reason)


def announce_told(kind, ctx) -> None:
    """The outcome of an action the process tells of (ProcessType.told_of_decisions) to those it names (``told``),
    but the one who took it: returned, unless the action approves."""
    if ctx.action.code in kind.told_of_decisions:
        people = [person for person in kind.told(ctx.case) if person and person.pk != ctx.actor.pk]
        returned = ctx.action.decision != "approve"
        announce_decision(ctx.case, people, returned=returned, what=str(ctx.case), reason=ctx.reason)


def announce_cc(process, users, by_user: User) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(name)s copied you on a case") % {"name": by_user.real_name}
        notify_about(process, Kind.CC, users, title, actor=by_user)


def announce_mentions(process, body: str, author: User) -> None:
    """@name or @username in a comment tells that person, if they can see the case."""
    names = set(re.findall(r"@([\w.\-]+)", body))
    if not names:
        return
    visible = process_type_of(process).visible_cases
    people = [
        u
        for u in User.objects.filter(Q(username__in=names) | Q(real_name__in=names), is_active=True).exclude(
            pk=author.pk
        )
        if visible(u).filter(pk=process.pk).exists()
    ]
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(name)s mentioned you in a comment") % {"name": author.real_name}
        notify_about(process, Kind.MENTION, people, title, body=body[:500])


def announce_reminder(process, tasks, by_user: User) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        for task in tasks:
            step = step_title(task)
            title = _("%(name)s reminds you: %(step)s") % {"name": by_user.real_name, "step": step}
            notify_about(process, Kind.REMINDER, task_candidates(task), title, task=task, actor=by_user)
