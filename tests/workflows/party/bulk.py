"""Many rows fast, for the query-count tests: copies of a real party case (each with a person of its own, its
process row and its tasks), audit events and comments on a case, written in bulk rather than through the services
(which would take a second per hundred rows)."""

import copy
import itertools

from django.db import connection
from viewflow.workflow.models import Process, Task

from accounts.models import User
from audit.models import AuditEvent
from workflows.models import Comment
from workflows.party.models import PartyCase

_serial = itertools.count()


def copy_case(case_id: int, count: int, *, name: str = "批量") -> list[int]:
    """``count`` copies of the case as it stands, each of a new person named ``name`` + a number."""
    template = PartyCase.objects.get(pk=case_id)
    tasks = list(Task.objects.filter(process_id=case_id).order_by("pk"))
    people = User.objects.bulk_create(
        User(username=f"bulk-{next(_serial)}", real_name=f"{name}{i}", password="!") for i in range(count)
    )
    processes = Process.objects.bulk_create(
        Process(flow_class=template.flow_class, status=template.status, data=template.data) for _ in people
    )
    fields = PartyCase._meta.local_concrete_fields  # the child table's columns (multi-table inheritance)
    rows = []
    for process, person in zip(processes, people, strict=True):
        case = copy.copy(template)
        case.process_ptr_id, case.person_id = process.pk, person.pk
        rows.append([f.get_db_prep_save(getattr(case, f.attname), connection) for f in fields])
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {PartyCase._meta.db_table} ({columns}) VALUES ({marks})", rows)
    copied = [f for f in Task._meta.concrete_fields if not f.primary_key and f.name != "process"]
    Task.objects.bulk_create(
        Task(process_id=process.pk, **{f.attname: getattr(task, f.attname) for f in copied})
        for process in processes
        for task in tasks
    )
    return [process.pk for process in processes]


def add_events(case_id: int, count: int, *, actor, organisation) -> None:
    """``count`` more audit events on the case (half-year assessments), without their chain hashes."""
    AuditEvent.objects.bulk_create(
        AuditEvent(
            process="party",
            case_id=case_id,
            action="record_half_year_assessment",
            step=6,
            actor=actor,
            actor_name=actor.real_name,
            actor_role="BRANCH_SECRETARY",
            organisation=organisation,
            on_behalf_of=f"第{i}次考察",
            data={"content": f"第{i}次考察", "assessor_name": actor.real_name},
        )
        for i in range(count)
    )


def add_comments(case_id: int, count: int, *, author) -> None:
    Comment.objects.bulk_create(Comment(process_id=case_id, author=author, body=f"意见{i}") for i in range(count))
