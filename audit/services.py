"""Writing audit events. Call inside the transaction of the change being recorded."""

import hashlib
import json

from django.db import transaction
from django.utils import timezone

from audit.chain import canonical_json, current_key_id, hash_of, lock_chain_and_read_head
from audit.models import AuditEvent
from core.client_ip import serving_facts


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
    if fields.get("case_id") is not None and fields.get("organisation") is None and not fields.get("organisation_id"):
        # A case event without its organisation is invisible to the auditors of that organisation (they see
        # their subtree only): refused, so that a new call site cannot forget it (issue 15 item 6).
        raise ValueError(f"audit_record: the {process} case event {action!r} needs the case's organisation")
    serving = serving_facts()  # the request being served, for callers that pass no address or client kind
    if not fields.get("ip") and serving.get("ip"):
        fields["ip"] = serving["ip"]
    if not fields.get("client_type") and serving.get("client_type"):
        fields["client_type"] = serving["client_type"]
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
    event.prev_hash = lock_chain_and_read_head(AuditEvent, process, event.case_id)
    event.key_id = current_key_id()
    event.event_hash = hash_of(event)
    event.save(force_insert=True)
    return event


def actor_organisation(actor, *, on=None):
    """The organisation an event without a case belongs to when nothing names one (a delegation, a list export):
    the highest organisation where the actor holds a role that day (the one whose data they reach), the earliest
    granted among equals; None for someone without a role (a superuser, a sign-in of nobody)."""
    from accounts.models import Membership

    if actor is None or not actor.pk:
        return None
    memberships = Membership.objects.active_on(on or timezone.localdate()).filter(user=actor)
    first = memberships.select_related("organisation").order_by("organisation__depth", "pk").first()
    return first.organisation if first is not None else None


def export_organisation(reader, params: dict):
    """The organisation whose events an audit export took: the search's organisation when it named one (the
    search is scoped to the reader's subtree anyway), else the reader's own (actor_organisation)."""
    from accounts.models import Organisation

    named = str(params.get("organisation", ""))
    chosen = Organisation.objects.filter(pk=int(named)).first() if named.isdigit() else None
    return chosen or actor_organisation(reader)


def export_record(*, reader, params: dict, count: int, fmt: str, ip=None) -> None:
    """An export of the trail is itself an event (who took what out, with which filter)."""
    with transaction.atomic():
        audit_record(
            process="admin",
            action="audit_export",
            actor=reader,
            organisation=export_organisation(reader, params),
            business_date=timezone.localdate(),
            data={"filter": params, "rows": count, "format": fmt},
            ip=ip,
        )
