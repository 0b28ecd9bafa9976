"""The table field of a designed form (明细): rows of columns, posted as ``<key>-<row>-<column>`` inputs (a page
without JavaScript gets its rows as rendered, at least one; static/js/table-field.js adds and removes rows and sums
the number and money columns as they are typed), each cell checked by its column's field, the sums computed here.

Codes besides the cells' own: ``required`` (no row), ``too_few_rows`` (``min_rows`` holds for a table with any row:
an optional table may stay empty), ``too_many_rows``. A cell's error reads "Row 2, Amount: …" with the cell's code."""

import datetime
import re
from collections.abc import Callable
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forms.designed_fields import exact_decimal, money_text, number_text

ROWS_AT_MOST = 200  # posted row numbers beyond this are ignored (a table never needs more)
SUMMED = ("number", "money")


def cell_text(value) -> str:
    """A cell's value as an input holds it."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def column_sum(rows, column: dict) -> Decimal | None:
    """The exact sum of a number or money column over ``rows`` (cells as typed or stored; a cell that is not a
    number counts nothing), with the column's places; None for another column type."""
    if column["type"] not in SUMMED:
        return None
    places = 2 if column["type"] == "money" else int(column.get("places", 0))
    total = Decimal(0).quantize(Decimal(1).scaleb(-places))
    for row in rows:
        value = exact_decimal(cell_text(row.get(column["key"])).replace(" ", ""), places)
        total += value if value is not None else 0
    return total


class TableWidget(forms.Widget):
    template = "forms/designed/table.html"

    def __init__(self, columns: list[dict], *, min_rows: int = 0, attrs=None):
        super().__init__(attrs)
        self.columns, self.min_rows = columns, min_rows

    def value_from_datadict(self, data, files, name):
        pattern = re.compile(rf"^{re.escape(name)}-(\d{{1,3}})-([a-z][a-z0-9_]{{0,39}})$")
        keys = {column["key"] for column in self.columns}
        rows: dict[int, dict] = {}
        for posted in data:
            found = pattern.match(posted)
            if found and int(found[1]) < ROWS_AT_MOST and found[2] in keys:
                rows.setdefault(int(found[1]), {})[found[2]] = data.get(posted)
        return [rows[index] for index in sorted(rows)]

    def value_omitted_from_data(self, data, files, name):
        return not any(str(key).startswith(f"{name}-") for key in data)

    def render(self, name, value, attrs=None, renderer=None):
        rows = [{key: cell_text(cell) for key, cell in row.items()} for row in (value or [])]
        blank = {column["key"]: "" for column in self.columns}
        rows += [blank] * (max(self.min_rows, 1) - len(rows))
        base = (attrs or {}).get("id") or f"id_{name}"
        columns = [
            {**column, "summed": column["type"] in SUMMED, "sum": sum_text(column, column_sum(rows, column))}
            for column in self.columns
        ]

        def cells(index, row):
            return [
                {"column": column, "name": f"{name}-{index}-{column['key']}", "value": row.get(column["key"], "")}
                for column in columns
            ]

        context = {
            "id": base,
            "name": name,
            "columns": columns,
            "rows": [{"index": index, "cells": cells(index, row)} for index, row in enumerate(rows)],
            "template_cells": cells("__row__", blank),
            "next": len(rows),
            "min_rows": max(self.min_rows, 1),
            "max_rows": self.attrs.get("data-max-rows", ""),
        }
        return render_to_string(self.template, context)

    def id_for_label(self, id_):
        return f"{id_}-table" if id_ else id_


def sum_text(column: dict, total: Decimal | None) -> str:
    if total is None:
        return ""
    return money_text(total) if column["type"] == "money" else number_text(total, int(column.get("places", 0)))


class TableField(forms.Field):
    """Cleaned to a list of rows {column key: cleaned cell}; a row whose cells are all empty is no row."""

    def __init__(self, *, columns: list[dict], cell: Callable[[dict], forms.Field], min_rows=None, max_rows=None, **kw):
        self.min_rows, self.max_rows = int(min_rows or 0), int(max_rows or 0) or None
        attrs = {"data-max-rows": str(self.max_rows)} if self.max_rows else {}
        super().__init__(widget=TableWidget(columns, min_rows=self.min_rows, attrs=attrs), **kw)
        self.columns = columns
        self.cells = {column["key"]: cell(column) for column in columns}

    def clean(self, value):
        rows = [row for row in (value or []) if isinstance(row, dict) and any(_filled(v) for v in row.values())]
        if not rows and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        if rows and len(rows) < self.min_rows:
            message = _("Fill in at least %(count)d rows.") % {"count": self.min_rows}
            raise ValidationError(message, code="too_few_rows")
        if self.max_rows and len(rows) > self.max_rows:
            raise ValidationError(_("Fill in at most %(count)d rows.") % {"count": self.max_rows}, code="too_many_rows")
        cleaned, errors = [], []
        for number, row in enumerate(rows, start=1):
            out = {}
            for column in self.columns:
                try:
                    out[column["key"]] = self.cells[column["key"]].clean(row.get(column["key"]))
                except ValidationError as error:
                    where = {"row": number, "column": column["label"]}
                    for part in error.error_list:
                        message = ROW_MESSAGE % {**where, "message": " ".join(part.messages)}
                        errors.append(ValidationError(message, code=part.code))
            cleaned.append(out)
        if errors:
            raise ValidationError(errors)
        return cleaned

    def has_changed(self, initial, data):
        return True


ROW_MESSAGE = gettext_lazy("Row %(row)d, %(column)s: %(message)s")


def _filled(value) -> bool:
    return value not in (None, "", [], ()) and not (isinstance(value, str) and not value.strip())
