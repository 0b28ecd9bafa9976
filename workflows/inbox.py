"""Open tasks a person can act on now: assigned to them, or unassigned in a queue whose permission
they hold on the task's organisation or above. One query for the grants, one for the tasks."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from guardian.models import UserObjectPermission
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from accounts.models import Organisation

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


def _grants(user) -> list[tuple[str, str]]:
    """(codename, organisation path) for every object permission the user holds."""
    org_path = Organisation.objects.filter(pk=Cast(OuterRef("object_pk"), BigIntegerField())).values("path")
    return list(
        UserObjectPermission.objects.filter(user=user, content_type=ContentType.objects.get_for_model(Organisation))
        .annotate(path=Subquery(org_path))
        .values_list("permission__codename", "path")
    )


def open_tasks_for(user) -> QuerySet[Task]:
    if not (user.is_authenticated and user.is_active):
        return Task.objects.none()
    tasks = Task.objects.filter(status__in=OPEN, flow_task_type="HUMAN")
    if not user.is_superuser:
        condition = Q(owner=user)
        for codename, path in _grants(user):
            condition |= Q(owner__isnull=True, owner_permission=f"accounts.{codename}", task_org_path__startswith=path)
        org_path = Organisation.objects.filter(pk=Cast(OuterRef("owner_permission_obj_pk"), BigIntegerField()))
        tasks = tasks.annotate(task_org_path=Subquery(org_path.values("path"))).filter(condition)
    return tasks.select_related("process__partycase__person", "process__partycase__branch").order_by("created")
