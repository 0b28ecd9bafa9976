"""Reminders before a term ends (periodic, programmes.records.tasks): PROGRAMME_RECORDS_REMIND_DAYS days (default 14)
before the last day of a programme's term, and until that day, every person who records in the programme and is
behind on a quota (not on track, selectors.progress) is told what is missing, in words — once per term and quota
(the notice's once-only key), however often the job runs."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from core.dates import business_today
from notifications.models import Kind as NoticeKind
from notifications.services import notify
from programmes.models import Programme, Term
from programmes.records.selectors import people_of, progress


def remind_days() -> int:
    return int(getattr(settings, "PROGRAMME_RECORDS_REMIND_DAYS", 14))


def _ending_terms(today: datetime.date):
    """Terms whose last day is within the reminder window of ``today`` (today included)."""
    return Term.objects.filter(ends__gte=today, ends__lte=today + datetime.timedelta(days=remind_days()))


def missing_in_words(row) -> str:
    return _("%(kind)s: %(done)d confirmed and %(pending)d waiting of %(required)d required (%(period)s).") % {
        "kind": row.label,
        "done": row.done,
        "pending": row.pending,
        "required": row.required,
        "period": row.period_label,
    }


def send_reminders(*, today: datetime.date | None = None) -> int:
    """Notifies each person behind; returns how many notices were written."""
    today = today or business_today()
    sent = 0
    for term in _ending_terms(today).select_related("programme").order_by("pk"):
        programme: Programme = term.programme
        with transaction.atomic():
            for entry in progress(programme, people_of(programme, day=today), today=today):
                for row in entry.behind:
                    title = _("%(kind)s: %(n)d more to record by %(date)s") % {
                        "kind": row.label,
                        "n": row.missing,
                        "date": term.ends.isoformat(),
                    }
                    body = missing_in_words(row)
                    key = f"records:{programme.pk}:{term.number}:{row.quota_id}"
                    sent += len(
                        notify(
                            recipients=[entry.person],
                            kind=NoticeKind.REMINDER,
                            title=title,
                            body=body,
                            url=reverse("programmes-records-mine"),
                            dedupe=key,
                        )
                    )
    return sent
