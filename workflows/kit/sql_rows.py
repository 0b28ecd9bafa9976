"""Rows of the step engine's hot path in SQL written once per process (issue 16 item 8, bench/README.md): a model's
columns as a SELECT list and its instances made from a row as the ORM makes them, and the UPDATE of some of a
row's columns as ``save(update_fields=…)`` makes it.

Building a statement costs Django's ORM 0.5–2 ms of CPU (the query's joins, columns and conditions compiled on
every call) where PostgreSQL answers these in about 0.1 ms, and a completion runs a dozen. The text comes from the
models' metadata (table and column names, quoted), every value is a parameter, and the values read go through the
converters the ORM applies (JSON decoded, viewflow's node and token references), so the instances are the ORM's.
Reads and writes go to the primary database: the engine runs them inside its transaction.
"""

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models
from django.db.models.signals import post_save, pre_save


class Columns:
    """A model's concrete columns, its parents' included (each under its own table's name), as a SELECT list, and
    its instances made from the values of those columns in a row."""

    def __init__(self, model: type[models.Model]) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        quote = connection.ops.quote_name
        fields = model._meta.concrete_fields
        self.model, self.width = model, len(fields)
        self.sql = ", ".join(f"{quote(f.model._meta.db_table)}.{quote(_column(f))}" for f in fields)
        self.names = [f.attname for f in fields]
        self.key = next(index for index, f in enumerate(fields) if f.primary_key)
        self.converters = []  # (index, converters, the column as the ORM hands it to them)
        for index, f in enumerate(fields):
            column = f.get_col(f.model._meta.db_table)
            found = [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]
            if found:
                self.converters.append((index, found, column))

    def make(self, row: Sequence, start: int = 0) -> Any:
        """The instance whose columns are ``row[start:start + width]`` (None when its key is NULL: an outer join
        that found none)."""
        values = list(row[start : start + self.width])
        if values[self.key] is None:
            return None
        connection = connections[DEFAULT_DB_ALIAS]
        for index, converters, column in self.converters:
            for convert in converters:
                values[index] = convert(values[index], column, connection)
        return self.model.from_db(DEFAULT_DB_ALIAS, self.names, values)


@functools.cache
def columns(model: type[models.Model]) -> Columns:
    return Columns(model)


def quoted(model: type[models.Model], name: str | None = None) -> str:
    """A model's table, or one of its columns by field name (table-qualified), quoted."""
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    table = quote(model._meta.db_table)
    return table if name is None else f"{table}.{quote(_column(model._meta.get_field(name)))}"


def one_of(count: int) -> str:
    """``IN (%s, …)`` for ``count`` parameters: a membership test every database runs (PostgreSQL's ``= ANY(%s)``
    takes a list, which SQLite, the embedded default, cannot bind)."""
    return f"IN ({', '.join(['%s'] * count)})"


def for_update(*models_: type[models.Model]) -> str:
    """``FOR UPDATE OF`` those tables where the database locks rows; nothing on SQLite, which has no row locks (a
    write transaction holds the whole database)."""
    if connections[DEFAULT_DB_ALIAS].vendor == "sqlite":
        return ""
    return " FOR UPDATE OF " + ", ".join(quoted(model) for model in models_)


def json_object_of(key: str, value: str) -> str:
    """The aggregate making a JSON object of ``key`` → ``value`` over the rows (its text, on SQLite)."""
    name = "json_group_object" if connections[DEFAULT_DB_ALIAS].vendor == "sqlite" else "json_object_agg"
    return f"{name}({key}, {value})"


def _column(field) -> str:
    if not isinstance(field, models.Field) or not field.column:
        raise TypeError(f"{field} is not a column")
    return field.column


def fetch(sql: str, params: Iterable) -> list[tuple]:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def save_columns(row: models.Model, names: Sequence[str]) -> None:
    """``row.save(update_fields=names)`` (attribute names), as one UPDATE per table written (one statement for all
    of them on PostgreSQL: ``update_columns``): each field's pre_save (auto_now) and value for the database as
    save() takes them, and the same error when no row was there. A model with a save() of its own (or a parent's)
    or with receivers of the save signals is saved by save() itself."""
    model = type(row)
    if model.save is not models.Model.save or pre_save.has_listeners(model) or post_save.has_listeners(model):
        row.save(update_fields=list(names))
    else:
        update_columns(row, names)


def update_columns(row: models.Model, names: Sequence[str]) -> None:
    """The UPDATE of save_columns without its checks: for a caller that knows the model's save() adds nothing to
    these columns (viewflow's Task.save fills in a new task's type) and nobody receives its signals."""
    connection = connections[DEFAULT_DB_ALIAS]
    updates = _updates(type(row), tuple(names))
    statements = [_together(updates)] if len(updates) > 1 and connection.vendor == "postgresql" else updates
    params = {}
    for table_model, fields, _sql in updates:
        values = [f.get_db_prep_save(f.pre_save(row, False), connection) for f in fields]
        params[table_model] = [*values, getattr(row, table_model._meta.pk.attname)]
    for table_models, _fields, sql in statements:
        with connection.cursor() as cursor:
            cursor.execute(sql, [value for model in _models(table_models) for value in params[model]])
            if cursor.rowcount == 0:
                raise DatabaseError("Save with update_fields did not affect any rows.")


def _models(table_models) -> tuple:
    return table_models if isinstance(table_models, tuple) else (table_models,)


@functools.lru_cache(maxsize=256)
def _together(updates: tuple) -> tuple[tuple, tuple, str]:
    """The UPDATEs of a row's tables (a multi-table model: its parents' and its own) as one statement on
    PostgreSQL: the first ones as data-modifying WITH queries, the last only where each of them found its row (so no
    row changed reads as a save that affected none)."""
    *first, (last_model, _fields, last_sql) = updates
    names = [f"u{number}" for number in range(len(first))]
    withs = ", ".join(f"{name} AS ({sql} RETURNING 1)" for name, (_m, _f, sql) in zip(names, first, strict=True))
    found = " AND ".join(f"EXISTS (SELECT 1 FROM {name})" for name in names)  # noqa: S608  (names made here)
    sql = f"WITH {withs} {last_sql} AND {found}"
    return (*(model for model, _f, _s in first), last_model), (), sql


@functools.lru_cache(maxsize=256)
def _updates(model: type[models.Model], names: tuple[str, ...]) -> tuple[tuple[type[models.Model], tuple, str], ...]:
    """Per table of the model holding some of ``names``: its model, those fields and the UPDATE of them by key."""
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    by_table: dict[type[models.Model], list] = {}
    for name in names:
        field = next(f for f in model._meta.concrete_fields if f.attname == name or f.name == name)
        by_table.setdefault(field.model._meta.concrete_model or field.model, []).append(field)
    updates = []
    for table_model, fields in by_table.items():
        assignments = ", ".join(f"{quote(_column(f))} = %s" for f in fields)
        key = quote(_column(table_model._meta.pk))
        sql = f"UPDATE {quote(table_model._meta.db_table)} SET {assignments} WHERE {key} = %s"  # noqa: S608
        updates.append((table_model, tuple(fields), sql))
    return tuple(updates)
