"""The access helper of every process's cases: the case, or 404 to whoever may not see it. Whether the viewer may
act is each action's own check in the engine (403)."""

from django.http import Http404

from workflows.kit.registry import PROCESS_TYPES, ProcessType


def case_for_user(process: str | ProcessType, user, pk):
    kind = PROCESS_TYPES[process] if isinstance(process, str) else process
    queryset = kind.visible_cases(user).select_related(*kind.case_related)
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
