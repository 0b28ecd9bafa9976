"""Writes for form definitions, submissions and attachments."""

import hashlib
import json
import os
import re
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError
from forms.builders import form_class_for
from forms.models import Attachment, Draft, FieldType, FormDefinition, Submission

# Leading bytes of each accepted type: the declared type must match the content.
_SIGNATURES = {
    "application/pdf": [b"%PDF-"],
    "image/jpeg": [b"\xff\xd8\xff"],
    "image/png": [b"\x89PNG\r\n\x1a\n"],
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [b"PK\x03\x04"],
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [b"PK\x03\x04"],
    "application/msword": [b"\xd0\xcf\x11\xe0"],
    "application/vnd.ms-excel": [b"\xd0\xcf\x11\xe0"],
}
# The stored file's extension comes from the checked type, never from the client's name: a PDF named
# "x.html" must not be stored (and served, by a misconfigured server) as HTML.
_EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
}
_OOXML = {".docx", ".xlsx"}  # zip containers: any zip starts with PK, an Office file also lists its parts


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


def _is_office_file(upload) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return "[Content_Types].xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


@transaction.atomic
def attachment_create(*, uploaded_by, upload) -> Attachment:
    """Store an upload after checking its size and type; the stored name is its SHA-256."""
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ApplicationError(
            "attachment_too_large",
            _("The file is larger than %(limit)d MB.") % {"limit": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)},
        )
    content_type = (upload.content_type or "").split(";")[0].strip().lower()
    if content_type not in settings.ATTACHMENT_ALLOWED_TYPES:
        raise ApplicationError("attachment_type", _("This type of file is not accepted."))
    digest = hashlib.sha256()
    head = b""
    for chunk in upload.chunks():
        if len(head) < 16:
            head += chunk[:16]
        digest.update(chunk)
    extension = _EXTENSIONS.get(content_type, "")
    if not any(head.startswith(sig) for sig in _SIGNATURES.get(content_type, [])) or (
        extension in _OOXML and not _is_office_file(upload)
    ):
        raise ApplicationError("attachment_content_mismatch", _("The file's content does not match its type."))
    sha = digest.hexdigest()
    original_name = safe_original_name(upload.name)
    upload.seek(0)
    attachment = Attachment(
        sha256=sha, original_name=original_name, content_type=content_type, size=upload.size, uploaded_by=uploaded_by
    )
    attachment.file.save(f"{sha[:2]}/{sha}{extension}", ContentFile(upload.read()), save=False)
    attachment.save()
    return attachment


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
