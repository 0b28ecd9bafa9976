"""Writes of activity records: a record submitted (or a returned one's correction, a new record), confirmed (one or
several) or returned with a reason. Each is refused with a stable code before anything is written, audited in the
same transaction (process "programme_records", on the programme's organisation) and, when it concerns the author,
announced to them."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.dates import business_today
from core.exceptions import ApplicationError, ConflictError
from forms.access import own_attachments_only
from forms.models import Attachment
from forms.services import attachment_create
from notifications.models import Kind as NoticeKind
from notifications.services import notify
from programmes.models import ActivityKind, Programme, Term
from programmes.records import kinds
from programmes.records.access import may_decide, may_record
from programmes.records.models import ActivityRecord, RecordStatus
from programmes.records.selectors import term_of

PROCESS = "programme_records"
# Evidence is photographed or scanned: pictures and PDFs only.
EVIDENCE_TYPES = frozenset({"image/jpeg", "image/png", "image/heic", "application/pdf"})
MAX_EVIDENCE = 9


def _audit(action: str, record: ActivityRecord, actor, **data) -> None:
    audit_record(
        process=PROCESS,
        action=action,
        actor=actor,
        organisation=record.programme.organisation,
        business_date=business_today(),
        data={"record": record.pk, "programme": record.programme_id, "person": record.person_id, **data},
        attachments=[
            {"sha256": a.sha256, "name": a.original_name, "uploader": a.uploaded_by_id} for a in record.evidence.all()
        ]
        if action in ("record_create", "record_correct")
        else [],
    )


def _evidence_check(actor, evidence: list[Attachment]) -> None:
    if len(evidence) > MAX_EVIDENCE:
        message = _("Attach at most %(n)d files.") % {"n": MAX_EVIDENCE}
        raise ApplicationError("evidence_too_many", message, fields={"evidence": [message]})
    wrong = [a.pk for a in evidence if a.content_type not in EVIDENCE_TYPES]
    if wrong:
        message = _("Evidence is a photo or a PDF.")
        raise ApplicationError("evidence_type", message, fields={"evidence": [message]})
    own_attachments_only(actor=actor, data=list(evidence))


@transaction.atomic
def record_create(
    *,
    actor,
    programme: Programme,
    kind: str,
    date: datetime.date,
    details: dict,
    evidence: list[Attachment] | tuple = (),
    uploads: list | tuple = (),
    corrects: ActivityRecord | None = None,
    today: datetime.date | None = None,
) -> ActivityRecord:
    """The actor's record of ``kind`` on ``date`` (SUBMITTED, waiting for the person responsible for them), with
    ``evidence`` (files they uploaded already: the API) and ``uploads`` (files of the page's form, stored here). With
    ``corrects``: the correction of their returned record, a new record of the same kind."""
    today = today or business_today()
    if not may_record(actor, programme):
        raise ApplicationError("record_not_participant", _("You do not take part in this programme."), status=403)
    if kind not in ActivityKind.values:
        raise ApplicationError("record_kind_unknown", _("Choose an activity."), fields={"kind": [_("Choose one.")]})
    found = kinds.problems(kind, details)
    if found:
        raise ApplicationError("record_fields_invalid", _("Some fields need correcting."), fields=found)
    term = term_of(list(Term.objects.filter(programme=programme)), date)
    if term is None:
        message = _("The date is outside the programme's terms.")
        raise ApplicationError("record_outside_term", message, fields={"date": [message]})
    if date > today:
        message = _("The date is after today.")
        raise ApplicationError("record_in_future", message, fields={"date": [message]})
    if corrects is not None:
        corrects = ActivityRecord.objects.select_for_update().get(pk=corrects.pk)
        if corrects.person_id != actor.pk or corrects.programme_id != programme.pk:
            raise ApplicationError("record_not_yours", _("Only its author corrects a record."), status=403)
        if corrects.status != RecordStatus.RETURNED:
            raise ConflictError("record_not_returned", _("Only a returned record is corrected."))
        if ActivityRecord.objects.filter(corrects=corrects).exists():
            raise ConflictError("record_already_corrected", _("This record was corrected already."))
        if corrects.kind != kind:
            message = _("A correction is of the same activity.")
            raise ApplicationError("correction_kind_changed", message, fields={"kind": [message]})
    evidence = list(evidence)
    if len(evidence) + len(uploads) > MAX_EVIDENCE:
        message = _("Attach at most %(n)d files.") % {"n": MAX_EVIDENCE}
        raise ApplicationError("evidence_too_many", message, fields={"evidence": [message]})
    evidence += [attachment_create(uploaded_by=actor, upload=upload) for upload in uploads]
    _evidence_check(actor, evidence)
    record = ActivityRecord.objects.create(
        programme=programme,
        person=actor,
        kind=kind,
        date=date,
        term=term.number,
        details=kinds.cleaned(kind, details),
        corrects=corrects,
    )
    if evidence:
        record.evidence.set(evidence)
    extra = {"kind": kind, "date": date.isoformat(), "term": term.number}
    if corrects is not None:
        extra["corrects"] = corrects.pk
    _audit("record_correct" if corrects is not None else "record_create", record, actor, **extra)
    return record


def _decidable(actor, pk: int) -> ActivityRecord:
    """The record locked, still waiting, and the actor neither its author nor without the right."""
    record = ActivityRecord.objects.select_for_update().select_related("programme__organisation").get(pk=pk)
    if record.person_id == actor.pk:
        raise ApplicationError("own_record", _("Nobody confirms or returns their own record."), status=403)
    if not may_decide(actor, record):
        raise PermissionDenied
    if record.status != RecordStatus.SUBMITTED:
        raise ConflictError("record_decided", _("This record was confirmed or returned already."))
    return record


def _url(record: ActivityRecord) -> str:
    return reverse("programmes-records-detail", args=[record.pk])


@transaction.atomic
def records_confirm(*, actor, records: list[ActivityRecord]) -> list[ActivityRecord]:
    """Confirms every record given (all or none: one that may not be confirmed refuses the lot). Confirmed is final.
    Each author is told once, lightly (one notice for their records confirmed together)."""
    if not records:
        raise ApplicationError("records_none", _("Choose the records to confirm."))
    now = timezone.now()
    confirmed = []
    for pk in sorted({r.pk for r in records}):  # in one order: two confirmers never wait on each other
        record = _decidable(actor, pk)
        record.status, record.decided_by, record.decided_at = RecordStatus.CONFIRMED, actor, now
        record.save(update_fields=["status", "decided_by", "decided_at"])
        _audit("record_confirm", record, actor, kind=record.kind)
        confirmed.append(record)
    by_author: dict[int, list[ActivityRecord]] = {}
    for record in confirmed:
        by_author.setdefault(record.person_id, []).append(record)
    for mine in by_author.values():
        first = mine[0]
        if len(mine) == 1:
            title = _("Your record was confirmed: %(kind)s, %(date)s") % {
                "kind": first.get_kind_display(),
                "date": first.date.isoformat(),
            }
        else:
            title = _("%(n)d of your records were confirmed") % {"n": len(mine)}
        notify(recipients=[first.person], kind=NoticeKind.DECISION, title=title, url=_url(first), actor=actor)
    return confirmed


def record_confirm(*, actor, record: ActivityRecord) -> ActivityRecord:
    return records_confirm(actor=actor, records=[record])[0]


@transaction.atomic
def record_return(*, actor, record: ActivityRecord, reason: str) -> ActivityRecord:
    """Returned to its author with the reason; they enter a corrected record (a new one)."""
    reason = (reason or "").strip()
    if not reason:
        message = _("Say what to correct.")
        raise ApplicationError("return_reason_missing", message, fields={"reason": [message]})
    record = _decidable(actor, record.pk)
    record.status, record.decided_by, record.decided_at = RecordStatus.RETURNED, actor, timezone.now()
    record.return_reason = reason[:2000]
    record.save(update_fields=["status", "decided_by", "decided_at", "return_reason"])
    _audit("record_return", record, actor, kind=record.kind, reason=record.return_reason)
    title = _("Your record was returned: %(kind)s, %(date)s") % {
        "kind": record.get_kind_display(),
        "date": record.date.isoformat(),
    }
    notify(
        recipients=[record.person],
        kind=NoticeKind.RETURNED,
        title=title,
        body=record.return_reason,
        url=_url(record),
        actor=actor,
    )
    return record
