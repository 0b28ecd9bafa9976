"""The morning digest (issue 6): once a day, from DIGEST_HOUR Asia/Shanghai, each person who asked for it
gets one email listing the steps waiting for them. Idempotent per person and day."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.models import Kind
from notifications.services import notify
from workflows.access import delegators_of
from workflows.inbox import open_tasks_for
from workflows.rows import task_row


def _line(row: dict) -> str:
    due = f"（{row['due']}）" if row["due"] else ""
    return f"• {row['title']} — {row['person']} · {row['organisation']}{due}"


def send_daily_digests(*, now=None) -> int:
    now = timezone.localtime(now or timezone.now())
    if now.hour < settings.DIGEST_HOUR:
        return 0
    sent = 0
    people = User.objects.filter(notification_pref__daily_digest=True, is_active=True).exclude(email="")
    with translation.override(settings.LANGUAGE_CODE):
        for user in people:
            rows = [task_row(t, now.date()) for t in open_tasks_for(user, delegators=delegators_of(user))[:50]]
            if not rows:
                continue
            lines = [
                f"• {r['title']} — {r['person']} · {r['organisation']}" + (f"（{r['due']}）" if r["due"] else "")
                for r in rows
            ]
            title = _("%(n)d step(s) waiting for you") % {"n": len(rows)}
            with transaction.atomic():
                sent += len(
                    notify(
                        recipients=[user],
                        kind=Kind.DIGEST,
                        title=title,
                        body="\n".join(lines),
                        url="/tasks/",
                        dedupe=f"digest:{now.date()}",
                    )
                )
    return sent
