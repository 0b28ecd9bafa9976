"""The access helper of every process's cases: the case, or 404 to whoever may not see it. Whether the viewer may
act is each action's own check in the engine (403)."""

from django.http import Http404

from workflows.kit.registry import PROCESS_TYPES, ProcessType


def case_for_user(process: str | ProcessType, user, pk, *, detail: bool = False):
    """The case row ``pk`` names (the key of its trail, ProcessType.audit_key) among those the user sees, with what
    the process reads with it; ``detail``: and with what its page and its API detail read (prefetches)."""
    kind = PROCESS_TYPES[process] if isinstance(process, str) else process
    rows = kind.case_rows or kind.visible_cases
    queryset = rows(user).select_related(*kind.case_related)
    if detail and kind.detail_queryset is not None:
        queryset = kind.detail_queryset(queryset)
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
