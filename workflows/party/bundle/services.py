"""Taking the archive bundle out of the system: build it and record the export in the case's trail."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.permissions import role_used
from audit.chain import lock_chain
from audit.services import audit_record
from core.dates import business_today
from core.exceptions import ApplicationError
from workflows.party.bundle.access import BUNDLE_PERMS, may_export_bundle
from workflows.party.bundle.archive import build_zip
from workflows.party.bundle.contents import EXPORT_ACTION, bundle_contents
from workflows.party.bundle.pdf import render_pdf
from workflows.party.models import PartyCase

KINDS = {"zip": "application/zip", "pdf": "application/pdf"}


@dataclass(frozen=True)
class Bundle:
    filename: str
    content_type: str
    body: bytes


def bundle_export(*, user, case: PartyCase, kind: str, client_type: str = "", ip=None) -> Bundle:
    """The PDF alone, or the zip with the PDF and every original file, in the site's language (a file for the
    archive, whoever's browser asks for it).

    Taking the file out is a sensitive read (it may carry the political review), so it is an audit event
    (archive_bundle_export) naming the requester, what was included and the hash of the event the bundle was
    built on. The case's chain stays locked from reading the trail to writing that event, so nothing but earlier
    exports (which the bundle leaves out) comes between the last event the bundle shows and this one. A refusal
    raises before the event is written.
    """
    if kind not in KINDS:
        raise ApplicationError("invalid", _("Choose zip or pdf."), fields={"kind": [kind]})
    if not may_export_bundle(user, case):
        raise PermissionDenied
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        lock_chain("party", case.pk)
        contents = bundle_contents(case, user=user)
        pdf = render_pdf(contents)
        name = f"{contents.title}-{case.person.real_name}"
        if kind == "zip":
            body, files = build_zip(contents, pdf, f"{name}.pdf")
        else:
            body, files = pdf, [{"sha256": hashlib.sha256(pdf).hexdigest(), "size": len(pdf)}]
        today = business_today()
        role = next(filter(None, (role_used(user, perm, case.branch, today) for perm in sorted(BUNDLE_PERMS))), "")
        audit_record(
            process="party",
            case_id=case.pk,
            action=EXPORT_ACTION,
            actor=user,
            actor_role=role,
            organisation=case.branch,
            business_date=today,
            data={
                "kind": kind,
                "based_on_event_hash": contents.last_event_hash,
                "political_review_ids": contents.political_review_ids,
                "withheld_files": contents.withheld,
                # Hashes only: the names of review files must not reach those who see the history but not the review.
                "files": [{"sha256": f["sha256"], "size": f["size"]} for f in files],
            },
            client_type=client_type,
            ip=ip,
        )
    return Bundle(filename=f"{name}.{kind}", content_type=KINDS[kind], body=body)
