"""The access helper for evaluation cases: 404 to anyone who may not see the case. Whether the viewer
may act is each action's own check (403), see workflows.kit.engine."""

from django.http import Http404

from forms.access import FileAccess
from workflows.evaluation.models import EvaluationCase
from workflows.evaluation.selectors import case_loaded, cases_visible_to


def evaluation_case_for_user(user, pk, *, loaded: bool = False) -> EvaluationCase:
    queryset = cases_visible_to(user)
    queryset = case_loaded(queryset) if loaded else queryset.select_related("community", "scheme")
    try:
        return queryset.get(pk=pk)
    except (EvaluationCase.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def file_access(user, case: EvaluationCase, action: str) -> FileAccess:
    """How someone who sees the evaluation opens a file its trail names (the registry entry's file_access, read by
    forms.access.attachment_for_user): self-evaluation evidence and on-site photos are listed on the case page to
    everyone who sees the case, so they open for them; only results are held back before publication, never files."""
    return FileAccess.OPEN
