"""The access helper for evaluation cases: 404 to anyone who may not see the case. Whether the viewer
may act is each action's own check (403), see workflows.evaluation.engine."""

from django.http import Http404

from workflows.evaluation.models import EvaluationCase
from workflows.evaluation.selectors import case_loaded, cases_visible_to


def evaluation_case_for_user(user, pk, *, loaded: bool = False) -> EvaluationCase:
    queryset = cases_visible_to(user)
    queryset = case_loaded(queryset) if loaded else queryset.select_related("community", "scheme")
    try:
        return queryset.get(pk=pk)
    except (EvaluationCase.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
