"""How someone who sees an evaluation opens the files its trail names. Who sees the case is the kit's access
helper's (workflows.kit.access, with ProcessType.case_rows); whether the viewer may act is each action's own check
(403), see workflows.kit.engine."""

from forms.access import FileAccess
from workflows.evaluation.models import EvaluationCase


def file_access(user, case: EvaluationCase, action: str) -> FileAccess:
    """How someone who sees the evaluation opens a file its trail names (the registry entry's file_access, read by
    forms.access.attachment_for_user): self-evaluation evidence and on-site photos are listed on the case page to
    everyone who sees the case, so they open for them; only results are held back before publication, never files."""
    return FileAccess.OPEN
