"""Who may attach a stored file: the person who uploaded it, and nobody else.

Attachments are named by sequential ids (POST /api/v1/attachments/ returns one), and an attached file reaches
everyone who reads the case: its name and hash in the history, its bytes in the party archive bundle. Naming
someone else's id — another county's political review, say — must therefore be refused, as evaluation
evidence always was. A file already stored is attached again by uploading it again (same SHA-256).
"""

from django.utils import timezone
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
    """Refuse (attachment_unknown, nothing changed) when validated input names a file the actor did not upload.

    Every input that attaches files passes here, so the files it names are marked attached: the orphan clean-up
    (forms.services.orphan_attachments_remove) never removes them, and they no longer count against the uploader's
    quota of unattached bytes. Called inside the action's transaction, a refused action unmarks them again."""
    found = _attachments_in(data)
    others = sorted({a.pk for a in found if a.uploaded_by_id != actor.pk})
    if others:
        raise ApplicationError(
            "attachment_unknown", _("Attach only files you uploaded yourself."), fields={"attachment_ids": others}
        )
    waiting = [a.pk for a in found if a.attached_at is None]
    if waiting:
        Attachment.objects.filter(pk__in=waiting, attached_at__isnull=True).update(attached_at=timezone.now())
