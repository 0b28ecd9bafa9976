"""The bundle's zip: the PDF, every original file of the case under a readable name, manifest.json (each file's
SHA-256, size and original name, and the hash of the case's last audit event) and SHA256SUMS, so that
``sha256sum -c SHA256SUMS`` checks the files and the manifest ties them to the tamper-evident trail."""

import hashlib
import io
import json
import os
import re
import zipfile

from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from forms.services import extension_of
from workflows.party.bundle.contents import BundleContents, CaseFile
from workflows.party.templatetags.party import action_label

CHUNK = 1024 * 1024
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')  # not allowed in a file name on Windows, where most schools open it


def _corrupted(item: CaseFile):
    return ApplicationError(
        "attachment_corrupted",
        _("The stored file %(name)s no longer matches the SHA-256 recorded in the audit trail.") % {"name": item.name},
        status=409,
    )


def _copy_verified(item: CaseFile, archive: zipfile.ZipFile, path: str) -> int:
    """Copy the stored file into the zip, hashing the bytes as they go in: the bytes checked are the bytes
    shipped (checking first and copying afterwards would read the file twice and leave a window between)."""
    if item.attachment is None:
        raise _corrupted(item)
    digest, size = hashlib.sha256(), 0
    try:
        with item.attachment.file.open("rb") as source, archive.open(path, "w") as target:
            for chunk in iter(lambda: source.read(CHUNK), b""):
                digest.update(chunk)
                target.write(chunk)
                size += len(chunk)
    except FileNotFoundError:
        raise _corrupted(item) from None
    if digest.hexdigest() != item.sha256:
        raise _corrupted(item)
    return size


def _file_name(item: CaseFile) -> str:
    """The uploader's name without its extension, then the extension of the type that was checked: a file that
    starts with %PDF- but was named "x.bat" (or .hta, .html) is shipped as "x.pdf", never as something a
    double-click runs. The original name stays in the manifest."""
    stem = os.path.splitext(item.name)[0].rstrip(". ") or "file"
    return stem + extension_of(item.attachment.content_type if item.attachment else "")


def _path(number: int, item: CaseFile) -> str:
    name = _UNSAFE.sub("_", f"{number:02d}_{item.business_date or ''}_{action_label(item.action)}_{_file_name(item)}")
    return f"{_UNSAFE.sub('_', _('attachments'))}/{name}"


def build_zip(contents: BundleContents, pdf: bytes, pdf_name: str) -> tuple[bytes, list[dict]]:
    """The zip and its manifest rows. Refuses (attachment_corrupted) when a stored file is missing or differs
    from its recorded hash: a bundle must never carry a file the trail does not vouch for."""
    pdf_name = _UNSAFE.sub("_", pdf_name)
    rows = [{"path": pdf_name, "original_name": pdf_name, "sha256": hashlib.sha256(pdf).hexdigest(), "size": len(pdf)}]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(pdf_name, pdf)
        for number, item in enumerate(contents.files, start=1):
            path = _path(number, item)
            size = _copy_verified(item, archive, path)
            rows.append(
                {
                    "path": path,
                    "original_name": item.name,
                    "sha256": item.sha256,
                    "size": size,
                    "content_type": item.attachment.content_type,
                    "event_id": item.event_id,
                    "action": item.action,
                    "business_date": item.business_date.isoformat() if item.business_date else None,
                }
            )
        case = contents.case
        manifest = {
            "case_id": case.pk,
            "person": case.person.real_name,
            "branch": case.branch.name,
            "generated": contents.generated,
            "as_of": contents.as_of,
            "audit_events": contents.event_count,
            "last_event_hash": contents.last_event_hash,
            "political_review": "full" if contents.political_review_ids is not None else "conclusion_only",
            "withheld_files": contents.withheld,
            "files": rows,
        }
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        archive.writestr("SHA256SUMS", "".join(f"{row['sha256']}  {row['path']}\n" for row in rows))
    return buffer.getvalue(), rows
