"""Where each person starts: the home page's links to the work their roles give them, so that someone signing in
for the first time sees what to do next (their 待办, their own application, their school's applications…). Each
process names its own (its registration's ``start_points`` and its pages' ``links``)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import roles
from accounts.permissions import codenames_held
from workflows.kit.registry import PROCESS_TYPES


@dataclass(frozen=True)
class Start:
    label: str
    url: str
    hint: str = ""


def starting_points(user, *, todo: int) -> list[Start]:
    held = codenames_held(user)
    points = [
        Start(
            _("My tasks"),
            reverse("my-tasks"),
            _("Steps waiting for you: %(n)d") % {"n": todo} if todo else _("Nothing waits for you now."),
        )
    ]
    for process_type in PROCESS_TYPES.values():  # each process's, in the order they are installed
        points += process_type.start_points(user, held) + _links(process_type, held)
    if roles.VIEW_AUDIT in held:
        points.append(
            Start(
                _("Audit trail"),
                reverse("audit-console"),
                _("Search a person, read a case's timeline, verify the chain, export."),
            )
        )
    return points


def _links(kind, held: set[str]) -> list[Start]:
    """A process's links to its list (Pages.links) for whoever holds their right, then to its new case's page for
    whoever holds the right its start needs (ProcessType.start)."""
    pages, start = kind.pages, kind.start
    if pages is None:
        return []
    points = [
        Start(str(label), reverse(pages.list_name) + query, str(hint))
        for right, label, query, hint in pages.links
        if right in held
    ]
    if start is not None and pages.start_name and start.perm in held:
        points.append(Start(str(start.label), reverse(pages.start_name)))
    return points
