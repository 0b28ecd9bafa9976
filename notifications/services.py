"""Writing notifications: ``notify`` runs inside the caller's transaction and asks for delivery on commit.
Marking read and preferences are the person's own writes."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from notifications.models import Channel, Delivery, Kind, Notification, Preference

# Kinds that go by email too for someone who has not chosen (and has an address).
DEFAULT_EMAIL_KINDS = [Kind.RETURNED, Kind.DECISION, Kind.REMINDER, Kind.OVERDUE, Kind.ESCALATION]


def email_kinds_of(users) -> dict[int, set[str]]:
    """The kinds each person gets by email: their choice (or the default), the digest if they asked for it."""
    with_email = [u.pk for u in users if u.email]  # nobody else gets email: no need to read their choices
    chosen = {p.user_id: p for p in Preference.objects.filter(user__in=with_email)} if with_email else {}
    out = {}
    for user in users:
        preference = chosen.get(user.pk)
        kinds = set(preference.email_kinds) if preference else set(DEFAULT_EMAIL_KINDS)
        if preference and preference.daily_digest:
            kinds.add(Kind.DIGEST)
        out[user.pk] = kinds if user.email else set()
    return out


def notify(
    *,
    recipients: Iterable,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    process: str = "",
    case_id: int | None = None,
    task_id: int | None = None,
    dedupe: str | None = None,
) -> list[Notification]:
    """One notification per recipient (active people only, each once), with a delivery per channel.
    With ``dedupe``, a recipient already notified under that key (``dedupe:<user id>``) is skipped."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("notify must run inside the transaction of the change it announces")
    people = {u.pk: u for u in recipients if u is not None and u.is_active}
    if not people:
        return []
    keys = {pk: f"{dedupe}:{pk}" if dedupe else None for pk in people}
    if dedupe:
        taken = set(Notification.objects.filter(dedupe__in=[k for k in keys.values()]).values_list("dedupe", flat=True))
        people = {pk: u for pk, u in people.items() if keys[pk] not in taken}
    created = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=kind,
            title=str(title)[:200],
            body=str(body),
            url=url,
            process=process,
            case_id=case_id,
            task_id=task_id,
            dedupe=keys[pk],
        )
        for pk, user in people.items()
    )
    by_email = email_kinds_of(list(people.values()))
    now = timezone.now()
    Delivery.objects.bulk_create(
        Delivery(notification=n, channel=channel, next_attempt_at=now)
        for n in created
        for channel in (Channel.WEBSOCKET, *([Channel.EMAIL] if kind in by_email[n.recipient_id] else []))
    )
    _deliver_after_commit()
    return created


def _deliver_after_commit() -> None:
    """Ask for a delivery run once per transaction, however many notices it wrote (a savepoint rolled back drops
    its callback, and a later notice in the transaction asks again)."""
    pending = transaction.get_connection().run_on_commit
    if not any(callback is _deliver_soon for _savepoints, callback, _robust in pending):
        transaction.on_commit(_deliver_soon, robust=True)  # a broker outage leaves the rows for the periodic run


def _deliver_soon() -> None:
    from notifications.tasks import deliver_pending_task

    # One attempt: while the broker is away, retries would hold up every request that commits a change.
    deliver_pending_task.apply_async(retry_policy={"max_retries": 0})


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark the given notifications (or all of them) read; returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def preference_set(*, user, email_kinds: list[str], daily_digest: bool) -> Preference:
    preference, _created = Preference.objects.update_or_create(
        user=user, defaults={"email_kinds": sorted(set(email_kinds) & set(Kind.values)), "daily_digest": daily_digest}
    )
    return preference
