"""Writing audit events. Call inside the transaction of the change being recorded."""

import hashlib
import json

from django.db import transaction
from django.utils import timezone

from audit.chain import canonical_json, hash_of, lock_chain, previous_hash
from audit.models import AuditEvent


def attachment_facts(attachments) -> list[dict]:
    return [
        {
            "sha256": a.sha256,
            "name": a.original_name,
            "type": a.content_type,
            "uploader": a.uploaded_by_id,
            "uploaded_at": a.uploaded_at.isoformat(),
        }
        for a in attachments
    ]


def audit_record(*, process: str, action: str, actor, data: dict | None = None, **fields) -> AuditEvent:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change it records")
    data = json.loads(canonical_json(data or {}))
    for name in ("deadlines", "warnings", "attachments"):  # stored as JSON: hash what will be read back
        if name in fields:
            fields[name] = json.loads(canonical_json(fields[name]))
    event = AuditEvent(
        process=process,
        action=action,
        actor=actor if actor is not None and actor.pk else None,
        actor_name=getattr(actor, "real_name", "") or "",
        data=data,
        data_hash=hashlib.sha256(canonical_json(data).encode()).hexdigest(),
        **fields,
    )
    lock_chain(process, event.case_id)
    event.prev_hash = previous_hash(AuditEvent, process, event.case_id)
    event.event_hash = hash_of(event)
    event.save(force_insert=True)
    return event


def export_record(*, reader, params: dict, count: int, fmt: str, ip=None) -> None:
    """An export of the trail is itself an event (who took what out, with which filter)."""
    with transaction.atomic():
        audit_record(
            process="admin",
            action="audit_export",
            actor=reader,
            business_date=timezone.localdate(),
            data={"filter": params, "rows": count, "format": fmt},
            ip=ip,
        )
