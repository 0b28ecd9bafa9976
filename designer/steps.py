"""A designed case's open steps as the engine reads them under the case's lock, in one statement written once
(workflows.kit.sql_rows; bench/README.md "designed"): each open ``act`` task with its approval and all of its slots,
and for each slot whether the person acting stands in for its holder today (代理). The engine's right check
(designer.spec.appointed), the step it works on (designer.spec.step_task) and the decision
(workflows.approvals.approval_decide, which counts the slots from ``approval.known_slots``) all take them from here,
where each read them again through the ORM."""

import dataclasses
import datetime
import functools

from viewflow.workflow.models import Task

from workflows.access import OPEN
from workflows.kit import sql_rows
from workflows.models import Approval, ApprovalSlot, Delegation


@dataclasses.dataclass
class OpenSteps:
    """The case's open ``act`` steps (latest first), each with its approval (``task.approval``, None for none) whose
    ``known_slots`` are all of its slots; ``people``: the actor and those they stand in for who hold a slot."""

    tasks: list
    people: list[int]

    def slots(self):
        for task in self.tasks:
            approval = _approval_of(task)
            if approval is not None:
                yield from approval.known_slots


def _approval_of(task: Task):
    return Task._meta.get_field("approval").get_cached_value(task, default=None)


def open_steps(case, actor, day: datetime.date, node) -> OpenSteps:
    """The open steps of ``case`` at ``node`` (the flow's ``act``), read under its lock: they stay as read until the
    transaction ends."""
    flow_task = Task._meta.get_field("flow_task").get_prep_value(node)
    params = [actor.pk, day, day, case.pk, flow_task, *(status.value for status in OPEN)]
    task_columns, approval_columns, slot_columns = sql_rows.columns(Task), _columns(Approval), _columns(ApprovalSlot)
    tasks: dict[int, Task] = {}
    people = [actor.pk]
    approval_relation, task_relation = Task._meta.get_field("approval"), Approval._meta.get_field("task")
    for row in sql_rows.fetch(_sql(), params):
        task = sql_rows.columns(Task).make(row)
        if task.pk not in tasks:
            Task._meta.get_field("process").set_cached_value(task, case)
            approval = approval_columns.make(row, task_columns.width)
            if approval is not None:
                approval.known_slots = []
                task_relation.set_cached_value(approval, task)
            approval_relation.set_cached_value(task, approval)
            tasks[task.pk] = task
        task = tasks[task.pk]
        slot = slot_columns.make(row, task_columns.width + approval_columns.width)
        if slot is not None:
            approval = _approval_of(task)
            ApprovalSlot._meta.get_field("approval").set_cached_value(slot, approval)
            approval.known_slots.append(slot)
            if row[-1] and slot.user_id not in people:
                people.append(slot.user_id)
    return OpenSteps(tasks=list(tasks.values()), people=people)


@functools.cache
def _columns(model):
    return sql_rows.columns(model)


@functools.cache
def _sql() -> str:
    task, approval, slot, delegation = (
        functools.partial(sql_rows.quoted, model) for model in (Task, Approval, ApprovalSlot, Delegation)
    )
    selected = ", ".join(sql_rows.columns(model).sql for model in (Task, Approval, ApprovalSlot))
    stands_in = (
        f"EXISTS (SELECT 1 FROM {delegation()} WHERE {delegation('substitute')} = %s "  # noqa: S608
        f"AND {delegation('user')} = {slot('user')} AND {delegation('starts_on')} <= %s "
        f"AND {delegation('ends_on')} >= %s)"
    )
    return (
        f"SELECT {selected}, {stands_in} FROM {task()} "  # noqa: S608  (names from the models' metadata)
        f"LEFT OUTER JOIN {approval()} ON {approval('task')} = {task('id')} "
        f"LEFT OUTER JOIN {slot()} ON {slot('approval')} = {approval('id')} "
        f"WHERE {task('process')} = %s AND {task('flow_task')} = %s AND {task('status')} {sql_rows.one_of(len(OPEN))} "
        f"ORDER BY {task('created')} DESC, {task('id')} DESC, {slot('position')}, {slot('id')}"
    )


def lock(case_id: int):
    """The case as the engine locks it (ProcessType.lock): its rows (the case's and viewflow's Process) locked until
    the transaction ends, with its definition, version, organisation and initiator, in one statement written once
    (DoesNotExist as ``get`` raises it when there is none)."""
    from designer.models import DesignedCase

    rows = sql_rows.fetch(_lock_sql(), [case_id])
    if not rows:
        raise DesignedCase.DoesNotExist(f"{DesignedCase._meta.object_name} matching query does not exist.")
    row, case_columns = rows[0], _columns(DesignedCase)
    case, start = case_columns.make(row), case_columns.width
    for name, model in _related():
        related = _columns(model)
        DesignedCase._meta.get_field(name).set_cached_value(case, related.make(row, start))
        start += related.width
    return case


@functools.cache
def _related() -> tuple:
    from accounts.models import Organisation, User
    from designer.models import Definition, DefinitionVersion

    return (
        ("definition", Definition),
        ("definition_version", DefinitionVersion),
        ("organisation", Organisation),
        ("initiator", User),
    )


@functools.cache
def _lock_sql() -> str:
    from viewflow.workflow.models import Process

    from designer.models import DesignedCase

    quoted = sql_rows.quoted
    selected = ", ".join(_columns(model).sql for model in (DesignedCase, *(model for _name, model in _related())))
    joins = f"INNER JOIN {quoted(Process)} ON {quoted(DesignedCase, 'process_ptr')} = {quoted(Process, 'id')} "
    for name, model in _related():
        joins += f"INNER JOIN {quoted(model)} ON {quoted(DesignedCase, name)} = {quoted(model, 'id')} "
    return (
        f"SELECT {selected} FROM {quoted(DesignedCase)} {joins}"  # noqa: S608  (names from the models' metadata)
        f"WHERE {quoted(DesignedCase, 'process_ptr')} = %s{sql_rows.for_update(DesignedCase, Process)}"
    )


def quiet(model) -> bool:
    """Nobody listens to the model's save signals (nor, for a task, to its links'): its rows may be written here."""
    from django.db.models.signals import m2m_changed, post_save, pre_save

    through = Task._meta.get_field("previous").remote_field.through
    return not (pre_save.has_listeners(model) or post_save.has_listeners(model) or m2m_changed.has_listeners(through))


def insert_linked(task: Task, previous: Task) -> None:
    """Save a new task and link it to the one it follows (``task.previous.add(previous)``) in one statement
    (PostgreSQL's data-modifying WITH), with every column as ``save()`` writes it."""
    from django.db import DEFAULT_DB_ALIAS, connections

    connection = connections[DEFAULT_DB_ALIAS]
    fields = _insert_fields()
    values = [f.get_db_prep_save(f.pre_save(task, True), connection) for f in fields]
    task.pk = sql_rows.fetch(_insert_sql(), [*values, previous.pk])[0][0]
    task._state.adding, task._state.db = False, DEFAULT_DB_ALIAS


@functools.cache
def _insert_fields() -> tuple:
    return tuple(f for f in Task._meta.concrete_fields if not f.primary_key)


@functools.cache
def _insert_sql() -> str:
    from django.db import DEFAULT_DB_ALIAS, connections

    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    link = Task._meta.get_field("previous")
    through = link.remote_field.through
    source = quote(through._meta.get_field(link.m2m_field_name()).column)
    target = quote(through._meta.get_field(link.m2m_reverse_field_name()).column)
    key = quote(Task._meta.pk.column)
    columns = ", ".join(quote(f.column) for f in _insert_fields())
    values = ", ".join(["%s"] * len(_insert_fields()))
    return (
        f"WITH made AS (INSERT INTO {sql_rows.quoted(Task)} ({columns}) VALUES ({values}) RETURNING {key}), "  # noqa: S608
        f"linked AS (INSERT INTO {quote(through._meta.db_table)} ({source}, {target}) SELECT {key}, %s FROM made) "
        f"SELECT {key} FROM made"
    )
