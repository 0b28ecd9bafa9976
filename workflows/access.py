"""The access helper for tasks (steps of any process): 404 when the case is not visible, 403 when
the person sees it but may not act on this step."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from viewflow.workflow.models import Task

from accounts.models import Organisation
from accounts.permissions import has_org_perm
from core.dates import business_today
from core.request_memo import per_request
from workflows.inbox import OPEN
from workflows.models import Delegation
from workflows.registry import process_type_of


def delegators_of(user, day=None) -> list[int]:
    """People whose steps the user may act on today as their substitute."""
    day = day or business_today()
    return per_request(
        ("delegators", user.pk, day),
        lambda: list(
            Delegation.objects.filter(substitute=user, starts_on__lte=day, ends_on__gte=day).values_list(
                "user_id", flat=True
            )
        ),
    )


def delegators_of_each(user_ids, day=None) -> dict[int, list[int]]:
    """delegators_of for several people in one query: substitute id -> the people they stand in for."""
    day = day or business_today()
    found: dict[int, list[int]] = {}
    rows = Delegation.objects.filter(substitute__in=user_ids, starts_on__lte=day, ends_on__gte=day)
    for substitute, user in rows.values_list("substitute_id", "user_id"):
        found.setdefault(substitute, []).append(user)
    return found


def holds_task_permission(user, task) -> bool:
    """The user holds the task's permission on its organisation or above (so could take it from the queue)."""
    if not task.owner_permission:
        return False
    organisation = Organisation.objects.filter(pk=task.owner_permission_obj_pk).first()
    codename = task.owner_permission.split(".", 1)[-1]
    return organisation is not None and has_org_perm(user, codename, organisation)


def can_act(user, task) -> bool:
    if task.status not in OPEN:
        return False
    if task.owner_id is not None:
        return task.owner_id == user.pk or task.owner_id in delegators_of(user)
    return holds_task_permission(user, task)


def task_for_user(user, pk, *, act: bool = False) -> Task:
    try:
        # With its approval (or the knowledge that it has none): the task API and the services ask.
        task = Task.objects.select_related("process", "owner", "approval").get(pk=pk, flow_task_type="HUMAN")
    except (Task.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    process_type = process_type_of(task.process)
    if not process_type.visible_cases(user).filter(pk=task.process_id).exists():
        raise Http404
    if act and not can_act(user, task):
        raise PermissionDenied
    return task
