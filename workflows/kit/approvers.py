"""Who decides a step several people decide (ProcessType.approvers: node -> case -> [(mode, people)]), declared by
the right they hold and the case's organisation fields where they hold it."""

from collections.abc import Callable

from workflows import approvals
from workflows.kit.people import holders


def one_of_each(codename: str, *places: str) -> Callable:
    """会签 of the organisations the case names in ``places``, in that order: one holder of ``codename`` in each."""
    return lambda case: [(approvals.ANY, holders(codename, [getattr(case, place)])) for place in places]


def any_of(codename: str, place: str, *, above: bool = False, but: str = "") -> Callable:
    """或签: any one holder of ``codename`` in the organisation the case names in ``place`` (``above``: or above it),
    never the person the case names in ``but`` (who submitted it); one alone decides it as the whole group."""

    def groups(case) -> list:
        excluded = getattr(case, f"{but}_id") if but else None
        people = [user for user in holders(codename, [getattr(case, place)], above=above) if user.pk != excluded]
        return [(approvals.ALL if len(people) == 1 else approvals.ANY, people)]

    return groups
