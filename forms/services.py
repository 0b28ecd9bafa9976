"""Writes for form definitions, submissions and attachments."""

import datetime
import hashlib
import json
import logging
import math
import os
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError
from forms import file_types
from forms.builders import form_class_for
from forms.models import Attachment, Draft, FieldType, FormDefinition, Submission
from forms.selectors import definition_current

logger = logging.getLogger(__name__)

NEUTRAL_EXTENSION = ".bin"  # a type we never checked (none is stored, but never guess an extension from a name)


def extension_of(content_type: str) -> str:
    """The extension a file of this checked (sniffed) type is stored and exported under; the client's name never
    decides it, so a PDF named "x.bat", "x.hta" or "x.html" is "….pdf" wherever it is written out."""
    return file_types.extension_of(content_type, NEUTRAL_EXTENSION)


def safe_original_name(name: str) -> str:
    """Keep only the last path component and drop control and format characters (NUL, a right-to-left override
    that would show "exe.pdf" for "fdp.exe"); never trust a client's path. A long name keeps its extension."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip().lstrip(".")
    if len(base) > 255:
        stem, extension = os.path.splitext(base)
        extension = extension if len(extension) <= 16 else ""
        base = stem[: 255 - len(extension)] + extension
    return base or "file"


class AttachmentQuotaExceeded(ApplicationError):
    """429 with the seconds until the quota frees (the API sends them as Retry-After)."""

    def __init__(self, code: str, message, retry_after: float):
        super().__init__(code, message, status=429)
        self.retry_after = max(1, math.ceil(retry_after))


def _quota_check(user, size: int) -> None:
    """A person's uploads in any 24 hours (ATTACHMENT_DAILY_QUOTA_BYTES) and their uploads not attached to anything
    yet (ATTACHMENT_PENDING_QUOTA_BYTES) stay within bounds. The caller holds the person's row locked, so two
    uploads at once cannot both pass on the same sum."""
    now = timezone.now()
    mine = Attachment.objects.filter(uploaded_by=user)
    window = now - datetime.timedelta(days=1)
    day = mine.filter(uploaded_at__gt=window).aggregate(total=Sum("size"), oldest=Min("uploaded_at"))
    if (day["total"] or 0) + size > settings.ATTACHMENT_DAILY_QUOTA_BYTES:
        raise AttachmentQuotaExceeded(
            "attachment_daily_quota",
            _("You have uploaded as much as is allowed in 24 hours. Please try again later."),
            (day["oldest"] + datetime.timedelta(days=1) - now).total_seconds(),
        )
    pending = mine.filter(attached_at__isnull=True).aggregate(total=Sum("size"), oldest=Min("uploaded_at"))
    if (pending["total"] or 0) + size > settings.ATTACHMENT_PENDING_QUOTA_BYTES:
        grace = datetime.timedelta(hours=settings.ATTACHMENT_ORPHAN_GRACE_HOURS)
        raise AttachmentQuotaExceeded(
            "attachment_pending_quota",
            _("Too many of your uploaded files are not attached to anything yet. Attach them or try again later."),
            (pending["oldest"] + grace - now).total_seconds(),
        )


@transaction.atomic
def attachment_create(*, uploaded_by, upload) -> Attachment:
    """Store an upload after checking its size, the uploader's quotas and its type; the stored name is its
    SHA-256 with the extension of the checked type."""
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ApplicationError(
            "attachment_too_large",
            _("The file is larger than %(limit)d MB.") % {"limit": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)},
        )
    get_user_model().objects.select_for_update().filter(pk=uploaded_by.pk).first()  # one upload at a time each
    _quota_check(uploaded_by, upload.size)
    file_type = file_types.claimed_type(upload.content_type, upload.name)
    if file_type is None:
        raise ApplicationError("attachment_type", _("This type of file is not accepted."))
    digest = hashlib.sha256()
    head = b""
    for chunk in upload.chunks():
        if len(head) < 16:
            head += chunk[: 16 - len(head)]
        digest.update(chunk)
    if not file_types.content_matches(file_type, head, upload):
        raise ApplicationError("attachment_content_mismatch", _("The file's content does not match its type."))
    content_type, extension = file_type.content_type, file_type.extension
    sha = digest.hexdigest()
    original_name = safe_original_name(upload.name)
    upload.seek(0)
    attachment = Attachment(
        sha256=sha, original_name=original_name, content_type=content_type, size=upload.size, uploaded_by=uploaded_by
    )
    attachment.file.save(f"{sha[:2]}/{sha}{extension}", ContentFile(upload.read()), save=False)
    attachment.save()
    return attachment


def _in_use(batch: list[Attachment]) -> set[int]:
    """The ids of the batch that a row of any model points at (a foreign key or a many-to-many: submissions,
    comments, meetings' minutes, plans, evidence…), found through the relations pointing at Attachment."""
    ids = [a.pk for a in batch]
    used: set[int] = set()
    for relation in Attachment._meta.get_fields(include_hidden=True):
        if not (relation.is_relation and relation.auto_created and not relation.concrete):
            continue
        if relation.many_to_many:
            model, name = relation.through, relation.field.m2m_reverse_field_name()
        else:
            model, name = relation.related_model, relation.field.name
        used.update(model._default_manager.filter(**{f"{name}__in": ids}).values_list(name, flat=True))
    return used


def _named_by_the_trail(attachment: Attachment) -> bool:
    """Party steps name their files in the audit event only (by SHA-256, the archive bundle finds the row): such a
    file is never an orphan, whichever row of that content the event came from."""
    from audit.models import AuditEvent

    sha = attachment.sha256
    return AuditEvent.objects.filter(Q(attachments__icontains=sha) | Q(data__icontains=sha)).exists()


def orphan_attachments_remove(*, now: datetime.datetime | None = None, batch_size: int = 200, limit: int = 5000) -> int:
    """Remove uploads never attached to anything once they are ATTACHMENT_ORPHAN_GRACE_HOURS old: the row, then its
    file after commit (unless another row stores the same file). A candidate that turns out to be used is marked
    attached and kept. Rows are locked with SKIP LOCKED, so an action attaching one meanwhile is never undone, and
    two runs at once never handle the same row. Returns how many were removed (at most ``limit`` a run)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=settings.ATTACHMENT_ORPHAN_GRACE_HOURS)
    removed, after = 0, 0
    while removed < limit:
        with transaction.atomic():
            batch = list(
                Attachment.objects.select_for_update(skip_locked=True)
                .filter(attached_at__isnull=True, uploaded_at__lt=cutoff, pk__gt=after)
                .order_by("pk")[:batch_size]
            )
            if not batch:
                break
            after = batch[-1].pk
            used = _in_use(batch)
            if used:
                Attachment.objects.filter(pk__in=used).update(attached_at=timezone.now())
            orphans = [a for a in batch if a.pk not in used and not _named_by_the_trail(a)]
            names = {a.file.name for a in orphans if a.file.name}
            Attachment.objects.filter(pk__in=[a.pk for a in orphans]).delete()
            shared = set(Attachment.objects.filter(file__in=names).values_list("file", flat=True))
            for name in names - shared:
                transaction.on_commit(lambda name=name: Attachment._meta.get_field("file").storage.delete(name))
            removed += len(orphans)
    if removed:
        logger.info(
            "removed %d uploads never attached (older than %d hours)", removed, settings.ATTACHMENT_ORPHAN_GRACE_HOURS
        )
    return removed


def attachment_verify(attachment: Attachment) -> bool:
    """Recompute the stored file's SHA-256 and compare it with the recorded one."""
    digest = hashlib.sha256()
    with attachment.file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest() == attachment.sha256


def definition_publish(*, code: str, title: str, fields: list[dict]) -> FormDefinition:
    """Publish the next version of a form; earlier versions stay as they were."""
    names = [spec.get("name") for spec in fields]
    if not all(names) or len(set(names)) != len(names):
        raise ApplicationError("form_field_names", _("Every field needs a unique name."))
    for spec in fields:
        if spec.get("type") not in FieldType.values:
            raise ApplicationError("form_field_type", _("Unknown field type: %(type)s.") % {"type": spec.get("type")})
    with transaction.atomic():
        latest = FormDefinition.objects.select_for_update().filter(code=code).order_by("-version").first()
        version = latest.version + 1 if latest else 1
        return FormDefinition.objects.create(code=code, version=version, title=title, fields=fields)


def submission_create(
    *, definition: FormDefinition, data: dict, submitted_by, attachments=(), supersedes: Submission | None = None
) -> Submission:
    """Validate data against its form version and store it; an edit passes the submission it replaces."""
    form = form_class_for(definition)(data=data)
    if not form.is_valid():
        fields = {name: [str(e) for e in errors] for name, errors in form.errors.items()}
        raise ApplicationError("invalid", _("The input is not valid."), fields=fields)
    cleaned = DjangoJSONEncoder().encode(form.cleaned_data)
    with transaction.atomic():
        if supersedes is not None:
            supersedes = Submission.objects.select_for_update().get(pk=supersedes.pk)
            if hasattr(supersedes, "superseded_by"):
                raise ApplicationError("submission_superseded", _("This submission was already edited."), status=409)
        submission = Submission.objects.create(
            definition=definition, data=json.loads(cleaned), submitted_by=submitted_by, supersedes=supersedes
        )
        submission.attachments.set(attachments)
    return submission


def submission_revise(
    *, code: str, data: dict, submitted_by, previous: Submission | None = None, attachments=None, files_key="files"
) -> tuple[Submission, dict]:
    """A new version of what a form holds (a submission never changes): ``data`` filled against the newest published
    definition of form ``code``, superseding ``previous``, with ``attachments`` (None: the previous version's). With
    what differs from ``previous`` (nothing for a first version): each changed field as [before, after], and the
    files by their names under ``files_key``."""
    if attachments is None:
        attachments = list(previous.attachments.order_by("pk")) if previous is not None else []
    submission = submission_create(
        definition=definition_current(code),
        data=data,
        submitted_by=submitted_by,
        attachments=attachments,
        supersedes=previous,
    )
    if previous is None:
        return submission, {}
    before, after = previous.data, submission.data
    changes = {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }
    files = list(previous.attachments.order_by("pk"))
    if [file.pk for file in files] != sorted(file.pk for file in attachments):
        changes[files_key] = [_names(files), _names(attachments)]
    return submission, changes


def _names(files) -> str | None:
    return ", ".join(file.original_name for file in files) or None


DRAFT_MAX_CHARS = 200_000  # a draft is typed input; anything larger is not a form someone is filling in


def draft_save(*, user, process: str, case_id: int, step: str, data: dict[str, list[str]]) -> Draft:
    """Keep the user's unfinished input of one step as typed: no validation, no audit event (it is not an act
    on the case), replacing their previous draft of the same step."""
    if len(json.dumps(data, ensure_ascii=False)) > DRAFT_MAX_CHARS:
        raise ApplicationError("draft_too_large", _("The draft is too large to keep."))
    draft, _created = Draft.objects.update_or_create(
        user=user, process=process, case_id=case_id, step=step, defaults={"data": data}
    )
    return draft


def draft_discard(*, user, process: str, case_id: int, step: str) -> None:
    Draft.objects.filter(user=user, process=process, case_id=case_id, step=step).delete()


DOWNLOAD_ACTION = "attachment_download"  # the audit action of opening a restricted file


@transaction.atomic
def attachment_opening_record(*, user, opening, how: str, client_type: str = "", ip=None):
    """Opening a restricted file (the process answered "audited") is an audit event of the case that restricts it,
    like reading the political review itself: who, when, from where, which file and whether it was shown or
    downloaded. The file's name is left out: the event is listed to everyone who sees the case."""
    from audit.services import audit_record
    from core.dates import business_today

    process_type, case = opening.audited_in
    attachment = opening.attachment
    return audit_record(
        process=process_type.code,
        case_id=getattr(case, process_type.audit_key),  # the key the case's own trail uses
        action=DOWNLOAD_ACTION,
        actor=user,
        organisation=process_type.organisation_of(case),
        business_date=business_today(),
        data={"attachment_id": attachment.pk, "sha256": attachment.sha256, "how": how},
        client_type=client_type,
        ip=ip,
    )
