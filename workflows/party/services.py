"""Party-case services other than the step actions (those run through engine.run_action)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from audit.services import audit_record
from workflows.party.models import PartyCase, PoliticalReview
from workflows.party.selectors import can_read_political_review


def political_review_read(*, user, case: PartyCase, client_type: str = "", ip=None) -> list[PoliticalReview]:
    """Return the political review material; every read is itself an audit event."""
    if not can_read_political_review(user, case):
        raise PermissionDenied
    with transaction.atomic():
        reviews = list(case.political_reviews.select_related("document").order_by("pk"))
        audit_record(
            process="party",
            case_id=case.pk,
            action="read_political_review",
            actor=user,
            organisation=case.branch,
            data={"political_review_ids": [r.pk for r in reviews]},
            client_type=client_type,
            ip=ip,
        )
    return reviews
