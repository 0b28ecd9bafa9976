"""Reads for forms."""

from forms.models import Draft


def draft_get(*, user, process: str, case_id: int, step: str) -> Draft | None:
    """The user's own draft of a step; nobody else's draft is ever returned."""
    if not user.is_authenticated:
        return None
    return Draft.objects.filter(user=user, process=process, case_id=case_id, step=step).first()
