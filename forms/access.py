"""Who may attach a stored file: the person who uploaded it, and nobody else.

Attachments are named by sequential ids (POST /api/v1/attachments/ returns one), and an attached file reaches
everyone who reads the case: its name and hash in the history, its bytes in the party archive bundle. Naming
someone else's id — another county's political review, say — must therefore be refused, as evaluation
evidence always was. A file already stored is attached again by uploading it again (same SHA-256).

Who may open a stored file (attachment_for_user) follows the same trail: a file is attached where an audit event
names it — a step, a comment, evidence, an archive item — and whoever sees that case opens it, as the process
decides (its registry entry's file_access: the political review's files need their own right); until it is
attached, only its uploader does.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404
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


class FileAccess(StrEnum):
    """A process's answer (ProcessType.file_access) for someone who sees the case."""

    OPEN = "open"
    AUDITED = "audited"  # restricted material: opened, and every opening is an audit event of the case
    REFUSED = "refused"  # 403: they see the case, not this file


@dataclass(frozen=True)
class Opening:
    attachment: Attachment
    # (process type, case) whose trail records the opening; None when opening it is not restricted
    audited_in: tuple | None = None


# Events name a file after it was uploaded; the slack covers clocks of several application servers disagreeing,
# and the bound lets the index on created_at narrow the search of the trail.
_CLOCK_SLACK = datetime.timedelta(hours=1)


def places_of(attachment: Attachment) -> dict[tuple[str, int], set[str]]:
    """(process, case id) -> the actions whose audit events name this file (its content, uploaded by its
    uploader): where it is attached."""
    from audit.models import AuditEvent

    events = AuditEvent.objects.filter(
        attachments__contains=[{"sha256": attachment.sha256}],
        created_at__gte=attachment.uploaded_at - _CLOCK_SLACK,
        case_id__isnull=False,
    ).values_list("process", "case_id", "action", "attachments")
    places: dict[tuple[str, int], set[str]] = {}
    for process, case_id, action, facts in events:
        if any(f.get("sha256") == attachment.sha256 and f.get("uploader") == attachment.uploaded_by_id for f in facts):
            places.setdefault((process, case_id), set()).add(action)
    return places


def attachment_for_user(user, pk) -> Opening:
    """The one access path to a stored file's bytes: 404 to whoever may not see any case it is attached to (or,
    unattached, is not its uploader); 403 to whoever sees such a case but whom the process refuses this file."""
    from workflows.kit.registry import PROCESS_TYPES

    try:
        attachment = Attachment.objects.get(pk=pk)
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not (user.is_authenticated and user.is_active):
        raise Http404
    places = places_of(attachment)
    if not places:
        if attachment.uploaded_by_id == user.pk:
            return Opening(attachment)
        raise Http404
    sees_a_case, audited = False, None
    for (code, case_id), actions in sorted(places.items()):
        process_type = PROCESS_TYPES.get(code)
        visible = process_type.visible_cases(user) if process_type else None
        case = visible.filter(**{process_type.audit_key: case_id}).first() if visible is not None else None
        if case is None:
            continue
        sees_a_case = True
        for action in sorted(actions):
            verdict = process_type.file_access(user, case, action)
            if verdict == FileAccess.OPEN:
                return Opening(attachment)
            if verdict == FileAccess.AUDITED and audited is None:
                audited = (process_type, case)
    if audited is not None:
        return Opening(attachment, audited)
    if sees_a_case:
        raise PermissionDenied
    raise Http404
