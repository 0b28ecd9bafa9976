"""Every list that can be taken out as .xlsx: its title, its Chinese column headers, and its rows — read with
the same visibility and the same filters as the page the person was looking at."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from audit.exports import COLUMNS as AUDIT_COLUMNS
from audit.exports import row_cells as audit_row


@dataclass(frozen=True)
class ExportSpec:
    key: str
    title: object  # lazy translation
    headers: tuple
    # (user, params, today) -> (rows as a queryset or list, item -> list of cell values)
    source: Callable
    allowed: Callable = lambda user: True
    # The page the export was taken from (a "back" link on the progress page).
    page: str = ""
    # The audit event an export of this list writes.
    audit_action: str = "list_export"

    def rows(self, user, params: dict, today: datetime.date) -> tuple[int, Iterable[list]]:
        items, cells = self.source(user, params, today)
        if isinstance(items, QuerySet):
            total = items.count()
            items = items.iterator(chunk_size=1000)
        else:
            total = len(items)
        return total, (cells(item) for item in items)


def _tasks(user, params, today):
    from workflows.inbox import BOXES, inbox_rows

    box = params.get("box") if params.get("box") in BOXES else "todo"
    items, row = inbox_rows(user, {**params, "box": box})

    def cells(item):
        r = row(item, today)
        return [
            r["process_label"],
            r["title"],
            r["person"],
            r["organisation"],
            r["owner"] or "",
            r["since"],
            r["due"] or "",
            ((_("Done late") if r["completed"] else _("Overdue")) if r["overdue"] else ""),
        ]

    return items, cells


def _audit(user, params, today):
    from audit.selectors import search_events

    return search_events(user, params).order_by("pk"), audit_row


def _is_auditor(user) -> bool:
    from audit.selectors import is_auditor

    return is_auditor(user)


# The shared lists; each process adds its own when Django starts (its registration's ``exports``: exports.apps).
SPECS = {
    spec.key: spec
    for spec in (
        ExportSpec(
            "tasks",
            _("My tasks"),
            (
                _("Process"),
                _("Step"),
                _("Person or subject"),
                _("Organisation"),
                _("Handled by"),
                _("Since"),
                _("Due"),
                _("Overdue"),
            ),
            _tasks,
            page="my-tasks",
        ),
        # The headers are the hashed column names: an offline checker reads them (audit.exports).
        ExportSpec(
            "audit-events",
            _("Audit events"),
            AUDIT_COLUMNS,
            _audit,
            allowed=_is_auditor,
            page="audit-console",
            audit_action="audit_export",
        ),
    )
}
