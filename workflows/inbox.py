"""The four boxes: 待办 (steps I can act on now), 已办 (steps I completed), 我发起的 (cases I started),
抄送我的 (cases I was copied on); with the same filters in each. Query counts do not grow with rows."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, CharField, DateField, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, TruncDate
from guardian.models import UserObjectPermission
from viewflow.workflow.base import Node
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from accounts.models import Organisation
from core.dates import business_today
from core.request_memo import per_request
from workflows.access import OPEN, delegators_of
from workflows.kit.registry import PROCESS_TYPES, on_process
from workflows.models import ApprovalSlot

BOXES = ("todo", "done", "initiated", "cc")


def _related() -> list[str]:
    return ["owner", *(name for t in PROCESS_TYPES.values() for name in t.task_related)]


def _match(lookup_attr: str, suffix: str, value) -> Q:
    """A filter that matches a task of any process type through that type's own lookup."""
    condition = Q(pk__in=[])
    for process_type in PROCESS_TYPES.values():
        lookup = getattr(process_type, lookup_attr)
        if lookup:
            condition |= Q(**{f"{lookup}__{suffix}": value})
    return condition


def _grants(user) -> list[tuple[str, str]]:
    """(codename, organisation path) for every object permission the user holds."""
    org_path = Organisation.objects.filter(pk=Cast(OuterRef("object_pk"), BigIntegerField())).values("path")
    return per_request(
        ("grants", user.pk),
        lambda: list(
            UserObjectPermission.objects.filter(user=user, content_type=ContentType.objects.get_for_model(Organisation))
            .annotate(path=Subquery(org_path))
            .values_list("permission__codename", "path")
        ),
    )


def _actionable(user, delegators) -> QuerySet:
    """Ids of the open steps the user may act on, as one UNION: their own (or a delegator's), those where it is
    their turn in an approval, and per organisation subtree where they hold permissions, the unassigned steps asking
    for one of them on an organisation of that subtree. Each part is an index lookup (workflows migration 0005's
    partial indexes on open steps), never a scan of the county's open steps."""
    people = [user.pk, *delegators]
    parts = [
        Task.objects.filter(status__in=OPEN, owner__in=people).order_by().values("pk"),
        # Steps decided by several people show to each approver whose turn it is.
        ApprovalSlot.objects.filter(user__in=people, status=ApprovalSlot.Status.ACTIVE)
        .order_by()
        .values("approval__task_id"),
    ]
    by_root: dict[str, set[str]] = {}
    for codename, path in _grants(user):
        if path:
            by_root.setdefault(path, set()).add(f"accounts.{codename}")
    for root, permissions in by_root.items():
        subtree = Organisation.objects.filter(path__startswith=root).annotate(key=Cast("pk", CharField()))
        parts.append(
            Task.objects.filter(
                status__in=OPEN,
                owner__isnull=True,
                owner_permission__in=sorted(permissions),
                owner_permission_obj_pk__in=subtree.values("key"),
            )
            .order_by()
            .values("pk")
        )
    return parts[0].union(*parts[1:], all=True).order_by()


def open_tasks_for(user, *, delegators=()) -> QuerySet[Task]:
    """Steps the user can act on now: theirs (or a delegator's), or unassigned in a queue they qualify for."""
    if not (user.is_authenticated and user.is_active):
        return Task.objects.none()
    tasks = Task.objects.filter(status__in=OPEN, flow_task_type="HUMAN")
    if not user.is_superuser:
        # Read as a list first: as a subquery, PostgreSQL joins every open step of the county to its case before
        # keeping the user's (select_related makes too many joins for it to reorder).
        ids = per_request(
            ("actionable", user.pk, tuple(delegators)),
            lambda: [row["pk"] for row in _actionable(user, list(delegators))],
        )
        tasks = tasks.filter(pk__in=ids)
    return tasks.select_related(*_related())


def done_tasks_for(user) -> QuerySet[Task]:
    return Task.objects.filter(owner=user, status=STATUS.DONE, flow_task_type="HUMAN").select_related(*_related())


def _done_late(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Done steps done after their due day (workflows.rows.completed_on: the business date recorded, else the day
    completed; ISO dates compare as text)."""
    completed = Coalesce(KT("data__done_on"), Cast(TruncDate("finished"), CharField()))
    return tasks.alias(due_on=KT("data__due"), completed_on=completed).filter(due_on__lt=F("completed_on"))


def filter_tasks(tasks: QuerySet[Task], params: dict, today: datetime.date, *, done: bool = False) -> QuerySet[Task]:
    """Filters shared by the boxes of steps (``done``: 已办's, whose steps are late only if done late); unknown or
    malformed values are ignored, never an error."""
    if params.get("step"):
        nodes = [
            getattr(t.flow_class, params["step"])
            for t in PROCESS_TYPES.values()
            if isinstance(getattr(t.flow_class, params["step"], None), Node)
        ]
        tasks = tasks.filter(flow_task__in=nodes)
    if params.get("organisation", "").isdigit():
        org = Organisation.objects.filter(pk=int(params["organisation"])).values_list("path", flat=True).first()
        tasks = tasks.filter(_match("organisation_path_lookup", "startswith", org)) if org else tasks.none()
    if params.get("q"):
        tasks = tasks.filter(_match("subject_name_lookup", "contains", params["q"]))
    if params.get("overdue") in ("1", "true"):
        tasks = _done_late(tasks) if done else tasks.filter(data__due__lt=today.isoformat())
    for key, lookup in (("from", "created__date__gte"), ("to", "created__date__lte")):
        try:
            tasks = tasks.filter(**{lookup: datetime.date.fromisoformat(params[key])}) if params.get(key) else tasks
        except ValueError:
            pass
    ordering = {"due": "data__due", "-due": "-data__due", "-created": "-created"}.get(params.get("ordering"), "created")
    return tasks.order_by(ordering, "pk")


def cases_in_box(user, box: str) -> QuerySet[Process]:
    """我发起的 / 抄送我的: cases of every process type, read through viewflow's Process row."""
    from workflows.models import CaseCc

    condition = Q(pk__in=[])
    for process_type in PROCESS_TYPES.values():
        case = process_type.case_lookup
        if not case:
            continue
        if box == "initiated":
            condition |= Q(**{f"{case}__initiator": user})
        else:
            condition |= Q(**{f"{case}__isnull": False}, pk__in=CaseCc.objects.filter(user=user).values("process_id"))
    related = [on_process(name) for t in PROCESS_TYPES.values() for name in t.task_related]
    return Process.objects.filter(condition).select_related(*related)


def _process_match(lookup_attr: str, suffix: str, value) -> Q:
    condition = Q(pk__in=[])
    for process_type in PROCESS_TYPES.values():
        lookup = getattr(process_type, lookup_attr)
        if lookup:
            condition |= Q(**{f"{on_process(lookup)}__{suffix}": value})
    return condition


def filter_cases(cases: QuerySet[Process], params: dict, today: datetime.date) -> QuerySet[Process]:
    if params.get("organisation", "").isdigit():
        org = Organisation.objects.filter(pk=int(params["organisation"])).values_list("path", flat=True).first()
        cases = cases.filter(_process_match("organisation_path_lookup", "startswith", org)) if org else cases.none()
    if params.get("q"):
        cases = cases.filter(_process_match("subject_name_lookup", "contains", params["q"]))
    due = [on_process(t.due_lookup) for t in PROCESS_TYPES.values() if t.due_lookup]
    cases = cases.annotate(case_due=Coalesce(*due, output_field=DateField()) if len(due) > 1 else F(due[0]))
    if params.get("overdue") in ("1", "true"):
        cases = cases.filter(case_due__lt=today)
    if params.get("step"):
        cases = cases.filter(partycase__next_action=params["step"])
    ordering = {"due": "case_due", "-due": "-case_due", "-created": "-created"}.get(params.get("ordering"), "created")
    return cases.order_by(ordering, "pk")


def inbox_rows(user, params: dict):
    """(queryset, row function) for one box with its filters applied."""
    from workflows.rows import case_row, task_row

    today = business_today()
    box = params.get("box", "todo")
    if box == "todo":
        return filter_tasks(open_tasks_for(user, delegators=delegators_of(user)), params, today), task_row
    if box == "done":
        return filter_tasks(done_tasks_for(user), params, today, done=True), task_row
    return filter_cases(cases_in_box(user, box), params, today), case_row
