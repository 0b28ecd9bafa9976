"""Copies of template rows with new ids, people, organisations and dates: the data generator's engine.

A template is a set of rows captured from the database (a demo party case with its tasks, meetings and audit
trail; a demo community's applications and evaluations). Each column of each row is compiled once into either a
constant or a *slot*: a foreign key to a person, an organisation or another row of the same template, a date to
shift, or a JSON value containing such things. Rendering a copy fills the slots from a :class:`Context` and yields
plain tuples for PostgreSQL COPY. Nothing here holds more than one copy at a time.
"""

import datetime
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+00:00$")
USER, ORG = "accounts_user", "accounts_organisation"

# Ids inside JSON values, by key: what they point at. "id" counts only inside the lists named in PEOPLE_LISTS.
JSON_REFS = {
    "user": USER, "uploader": USER, "approver": USER, "assessed_by": USER,
    "person_ids": USER, "eligible_ids": USER, "present_ids": USER,
    "branch_id": ORG, "school": ORG, "core_school_id": ORG, "member_school_id": ORG,
    "meeting_id": "party_meeting", "political_review_id": "party_politicalreview",
    "routine_id": "evaluation_routineevaluation", "project_id": "evaluation_projectevaluation",
    "visit_id": "evaluation_onsitevisit", "application_id": "viewflow_process",
    "consultation": "community_consultation",
}  # fmt: skip
PEOPLE_LISTS = {"trainers", "introducers", "inspectors", "panel", "assessor"}


@dataclass
class Column:
    name: str
    kind: str  # pk | ref | date | datetime | json | text | other
    target: str | None = None  # the table a ref points at


@dataclass
class Table:
    name: str
    columns: list[Column]
    pk: str
    allocates: bool  # False when the primary key is itself a reference (multi-table inheritance)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def tables_from_models() -> dict[str, Table]:
    """Every concrete table of the project, with its references as Django declares them, plus the few id
    columns that are not declared as foreign keys."""
    from django.apps import apps
    from django.db import models

    soft = {
        ("viewflow_task", "owner_permission_obj_pk"): ORG,
        ("guardian_userobjectpermission", "object_pk"): ORG,
        ("evaluation_projectevaluation", "application_id"): "viewflow_process",
        ("stepwise_forms_caseformversion", "case_id"): "viewflow_process",  # a generic relation (community's)
        ("audit_auditevent", "case_id"): "case",  # resolved per event by its process
    }
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in tables:
            continue
        columns = []
        for f in meta.local_concrete_fields:
            if f.is_relation:
                target = f.related_model
                while target._meta.pk.is_relation:  # a child table's key is its parent's: map it as the parent
                    target = target._meta.pk.related_model
                column = Column(f.column, "ref", target._meta.db_table)
            elif f.primary_key:
                column = Column(f.column, "pk")
            elif (meta.db_table, f.column) in soft:
                column = Column(f.column, "ref", soft[(meta.db_table, f.column)])
            elif isinstance(f, models.DateTimeField):
                column = Column(f.column, "datetime")
            elif isinstance(f, models.DateField):
                column = Column(f.column, "date")
            elif isinstance(f, models.JSONField):
                column = Column(f.column, "json")
            else:
                column = Column(f.column, "other")
            columns.append(column)
        pk = meta.pk.column
        tables[meta.db_table] = Table(meta.db_table, columns, pk, allocates=not meta.pk.is_relation)
    return tables


# --- compiled values -----------------------------------------------------------------------------------------------


class Context:
    """What one copy maps: people and organisations (template id → new id; unknown ids stay), rows of the
    template (filled as ids are allocated), a date shift in days, and the names of people by id."""

    __slots__ = ("users", "orgs", "rows", "days", "names", "_dates")

    def __init__(self, *, users: dict, orgs: dict, days: int, names: dict):
        self.users, self.orgs, self.days, self.names = users, orgs, days, names
        self.rows: dict[str, dict[int, int]] = {}
        self._dates: dict[str, str] = {}

    def ref(self, target: str, value):
        if value is None:
            return None
        own = self.rows.get(target)
        if own is not None and value in own:
            return own[value]
        if target == USER:
            return self.users.get(value, value)
        if target == ORG:
            return self.orgs.get(value, value)
        return value

    def shift_text(self, text: str) -> str:
        """A date or UTC datetime in ISO form, shifted."""
        if not self.days:
            return text
        shifted = self._dates.get(text)
        if shifted is None:
            if len(text) == 10:
                shifted = (datetime.date.fromisoformat(text) + datetime.timedelta(days=self.days)).isoformat()
            else:
                moved = datetime.datetime.fromisoformat(text) + datetime.timedelta(days=self.days)
                shifted = moved.isoformat()
            self._dates[text] = shifted
        return shifted


class JsonTemplate:
    """A JSON value as canonical text (sorted keys, compact, as audit.chain hashes it) cut at its slots."""

    __slots__ = ("parts", "slots")

    def __init__(self, value):
        slots: list[tuple[str, object]] = []

        def mark(kind, original):
            slots.append((kind, original))
            return f"\x00{len(slots) - 1}\x00"

        def walk(node, key=None, parent=None):
            if isinstance(node, dict):
                return {k: walk(v, k, key) for k, v in node.items()}
            if isinstance(node, list):
                return [walk(v, key, parent) for v in node]
            if isinstance(node, bool) or node is None:
                return node
            if isinstance(node, int):
                target = JSON_REFS.get(key) or (USER if key == "id" and parent in PEOPLE_LISTS else None)
                return mark(target, node) if target else node
            if isinstance(node, str) and (DATE.match(node) or DATETIME.match(node)):
                return mark("date", node)
            return node

        text = json.dumps(walk(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        # Each marker was serialised as a quoted string: cut the text there.
        pieces = re.split(r'"\\u0000(\d+)\\u0000"', text)
        self.parts = pieces[0::2]
        self.slots = [slots[int(i)] for i in pieces[1::2]]

    def render(self, ctx: Context) -> str:
        if not self.slots:
            return self.parts[0]
        out = [self.parts[0]]
        for (kind, original), literal in zip(self.slots, self.parts[1:], strict=True):
            if kind == "date":
                out.append(f'"{ctx.shift_text(original)}"')
            else:
                out.append(str(ctx.ref(kind, original)))
            out.append(literal)
        return "".join(out)


@dataclass
class CompiledRow:
    table: str
    pk: int
    base: list  # constants, None where a slot goes
    slots: list[tuple[int, str, object, object]]  # (column index, kind, target, template value)
    audit_process: str | None = None  # for audit events: the process whose case the event belongs to


def compile_row(table: Table, row: dict, *, unique: Iterable[str] = ()) -> CompiledRow:
    base, slots = [], []
    for index, column in enumerate(table.columns):
        value = row[column.name]
        base.append(value)
        if value is None:
            continue
        if column.kind == "pk" and table.allocates:
            slots.append((index, "pk", table.name, value))
        elif column.kind == "ref":
            text = isinstance(value, str)
            slots.append((index, "ref_text" if text else "ref", column.target, int(value) if text else value))
        elif column.kind == "date":
            slots.append((index, "date", None, value))
        elif column.kind == "datetime":
            slots.append((index, "datetime", None, value))
        elif column.kind == "json":
            template = JsonTemplate(value)
            if template.slots:
                slots.append((index, "json", None, template))
            else:
                base[index] = template.parts[0]
        elif column.name in unique and value != "":
            slots.append((index, "unique", None, value))
    return CompiledRow(table.name, row[table.pk], base, slots, row.get("process") if table.name == AUDIT else None)


AUDIT = "audit_auditevent"
CASE_TABLES = {"party": "viewflow_process", "community": "viewflow_process", "evaluation": "evaluation_evaluationcase"}


def render(compiled: CompiledRow, ctx: Context, suffix: str) -> list:
    row = list(compiled.base)
    delta = datetime.timedelta(days=ctx.days)
    for index, kind, target, value in compiled.slots:
        if kind == "pk":
            row[index] = ctx.rows[target][value]
        elif kind == "ref":
            if target == "case":
                target = CASE_TABLES.get(compiled.audit_process, "")
            row[index] = ctx.ref(target, value)
        elif kind == "ref_text":
            row[index] = str(ctx.ref(target, value))
        elif kind in ("date", "datetime"):
            row[index] = value + delta if ctx.days else value
        elif kind == "json":
            row[index] = value.render(ctx)
        else:  # unique text
            row[index] = f"{value}-{suffix}"
    return row


# --- templates and copies --------------------------------------------------------------------------------------------


@dataclass
class Template:
    """Compiled rows of one unit (in table order, each table's rows by template id), and per table the template
    ids to allocate new ids for."""

    name: str
    rows: list[CompiledRow] = field(default_factory=list)
    ids: dict[str, list[int]] = field(default_factory=dict)

    def count(self, table: str) -> int:
        return sum(1 for r in self.rows if r.table == table)


class Allocator:
    """New primary keys per table, from the table's current maximum."""

    def __init__(self, start: dict[str, int]):
        self.next = dict(start)

    def take(self, table: str, n: int) -> int:
        first = self.next[table]
        self.next[table] = first + n
        return first


def copy_rows(template: Template, ctx: Context, allocator: Allocator, suffix: str) -> Iterator[tuple[str, list]]:
    """(table, row) for one copy of the template; ids allocated in template order, so audit events keep theirs."""
    for table, ids in template.ids.items():
        first = allocator.take(table, len(ids))
        ctx.rows[table] = {old: first + i for i, old in enumerate(ids)}
    for compiled in template.rows:
        yield compiled.table, render(compiled, ctx, suffix)
