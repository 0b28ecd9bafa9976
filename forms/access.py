"""Who may attach a stored file: the person who uploaded it, and nobody else.

Attachments are named by sequential ids (POST /api/v1/attachments/ returns one), and an attached file reaches
everyone who reads the case: its name and hash in the history, its bytes in the party archive bundle. Naming
someone else's id — another county's political review, say — must therefore be refused, as evaluation
evidence always was. A file already stored is attached again by uploading it again (same SHA-256).
"""

from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError
from forms.models import Attachment


def _attachments_in(value) -> list[Attachment]:
    if isinstance(value, Attachment):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return [found for item in value for found in _attachments_in(item)]
    return []


def own_attachments_only(*, actor, data) -> None:
    """Refuse (attachment_unknown, nothing changed) when validated input names a file the actor did not upload."""
    others = sorted({a.pk for a in _attachments_in(data) if a.uploaded_by_id != actor.pk})
    if others:
        raise ApplicationError(
            "attachment_unknown", _("Attach only files you uploaded yourself."), fields={"attachment_ids": others}
        )
