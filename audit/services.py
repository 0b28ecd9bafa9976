"""Writing audit events. Call inside the transaction of the change being recorded."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from audit.models import AuditEvent


def canonical_json(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


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
    return AuditEvent.objects.create(
        process=process,
        action=action,
        actor=actor if actor is not None and actor.pk else None,
        actor_name=getattr(actor, "real_name", "") or "",
        data=data,
        data_hash=hashlib.sha256(canonical_json(data).encode()).hexdigest(),
        **fields,
    )
