"""Who opens the files a party case's trail names (the registry's file_access): the political review's are
restricted."""


from forms.access import FileAccess
from workflows.party.models import PartyCase
from workflows.party.selectors import can_read_political_review
from workflows.party.serializers import HistorySerializer


def file_access(user, case: PartyCase, action: str) -> FileAccess:
    """How someone who sees the case opens a file its trail names under ``action`` (the registry's file_access):
    the political review's files only with read_political_review (never the person it is about), and each
    opening is recorded, as reading the review is; every other file as the case."""
    if action in HistorySerializer.RESTRICTED:
        return FileAccess.AUDITED if can_read_political_review(user, case) else FileAccess.REFUSED
    return FileAccess.OPEN
