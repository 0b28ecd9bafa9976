"""Reads for forms."""

from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError
from forms.models import Attachment, Draft, FormDefinition


def definition_current(code: str) -> FormDefinition:
    """The newest published version of a form: what a new submission is filled against (``form_missing`` when the
    form has never been published)."""
    definition = FormDefinition.objects.filter(code=code).order_by("-version").first()
    if definition is None:
        raise ApplicationError("form_missing", _("This form has not been published yet."))
    return definition


def draft_get(*, user, process: str, case_id: int, step: str) -> Draft | None:
    """The user's own draft of a step; nobody else's draft is ever returned."""
    if not user.is_authenticated:
        return None
    return Draft.objects.filter(user=user, process=process, case_id=case_id, step=step).first()


def files_linked(events) -> list:
    """The events, each file they name (an audit fact: SHA-256, name, type, uploader) completed with the id and
    size of its stored row, so a page can offer 预览 / 下载 (forms/templatetags/attachments.py). One query for the
    whole list. The events are only shown: what they record is never changed."""
    events = list(events)
    shas = {fact.get("sha256") for event in events for fact in event.attachments or []}
    rows: dict = {}
    if shas:
        stored = Attachment.objects.filter(sha256__in=shas).order_by("pk").values("pk", "sha256", "uploaded_by", "size")
        for row in stored:  # the first row of that content by that uploader, as the trail recorded it
            rows.setdefault((row["sha256"], row["uploaded_by"]), row)
    for event in events:
        if event.attachments:
            linked = []
            for fact in event.attachments:
                row = rows.get((fact.get("sha256"), fact.get("uploader")))
                linked.append({**fact, "id": row["pk"], "size": row["size"]} if row else fact)
            event.attachments = linked
    return events
