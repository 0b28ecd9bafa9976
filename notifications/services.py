"""Writing notifications: ``notify`` runs inside the caller's transaction and asks for delivery on commit.
Marking read and preferences are the person's own writes."""

import functools
from collections.abc import Iterable

from django.db import connections, transaction
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
    actor=None,
) -> list[Notification]:
    """One notification per recipient (active people only, each once), with a delivery per channel.
    With ``dedupe``, a recipient already notified under that key (``dedupe:<user id>``) is skipped. ``actor``: the
    person whose action this announces, who is never told of it (None: a job's, nobody's)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("notify must run inside the transaction of the change it announces")
    actor_id = getattr(actor, "pk", None)
    people = {u.pk: u for u in recipients if u is not None and u.is_active and u.pk != actor_id}
    if not people:
        return []
    rows = [
        Notification(
            recipient=user,
            kind=kind,
            title=str(title)[:200],
            body=str(body),
            url=url,
            process=process,
            case_id=case_id,
            task_id=task_id,
            dedupe=f"{dedupe}:{pk}" if dedupe else None,
        )
        for pk, user in people.items()
    ]
    if transaction.get_connection().vendor == "postgresql":
        created = _write_in_one_statement(rows)
    else:
        created = _write(rows)
    _deliver_after_commit()
    return created


def _channels(rows: list[Notification]) -> dict[int, tuple[str, ...]]:
    """The channels of each recipient's notification: the browser, and email for the kinds they get by email."""
    by_email = email_kinds_of([row.recipient for row in rows])
    return {
        row.recipient_id: (Channel.WEBSOCKET, *([Channel.EMAIL] if row.kind in by_email[row.recipient_id] else []))
        for row in rows
    }


def _write(rows: list[Notification]) -> list[Notification]:
    """The notifications whose once-only key is not taken yet, and their deliveries, in three statements."""
    keys = [row.dedupe for row in rows if row.dedupe]
    if keys:
        taken = set(Notification.objects.filter(dedupe__in=keys).values_list("dedupe", flat=True))
        rows = [row for row in rows if row.dedupe not in taken]
    created = Notification.objects.bulk_create(rows)
    channels = _channels(created)
    now = timezone.now()
    Delivery.objects.bulk_create(
        Delivery(notification=n, channel=channel, next_attempt_at=now)
        for n in created
        for channel in channels[n.recipient_id]
    )
    return created


def _write_in_one_statement(rows: list[Notification]) -> list[Notification]:
    """Insert the notifications and a pending delivery per channel of each in one statement (PostgreSQL): a row
    whose once-only key is taken is skipped (ON CONFLICT on the key's unique index, which also covers another
    transaction writing the same key meanwhile) and gets no delivery. Returns the rows written, with their ids, in
    the order given. ``_write`` does the same in three statements (the keys taken, the notifications, the
    deliveries); a step's announcement is on every completion's path (bench/README.md, completion)."""
    connection = transaction.get_connection()
    channels = _channels(rows)
    notification_fields, delivery_fields = _written_fields()
    now = timezone.now()

    def values(row, fields):
        return [field.get_db_prep_save(field.pre_save(row, True), connection) for field in fields]

    notifications = [values(row, notification_fields) for row in rows]
    deliveries = [
        [row.recipient_id, *values(Delivery(channel=channel, next_attempt_at=now), delivery_fields)]
        for row in rows
        for channel in channels[row.recipient_id]
    ]
    params = [list(column) for column in zip(*notifications, strict=True)]
    params += [list(column) for column in zip(*deliveries, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(_one_statement_sql(connection.alias), params)
        written = {recipient: pk for pk, recipient in cursor.fetchall()}
    created = []
    for row in rows:
        if row.recipient_id in written:
            row.pk = written[row.recipient_id]
            row._state.adding, row._state.db = False, connection.alias
            created.append(row)
    return created


def _written_fields() -> tuple[list, list]:
    notification_fields = [f for f in Notification._meta.concrete_fields if not f.primary_key]
    delivery_fields = [f for f in Delivery._meta.concrete_fields if not f.primary_key and f.name != "notification"]
    return notification_fields, delivery_fields


@functools.cache
def _one_statement_sql(alias: str) -> str:
    """INSERT … RETURNING of the notifications, and of their deliveries joined to the ids it returned (a
    data-modifying WITH), from one array per column as Django's own bulk insert sends them (UNNEST)."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    notification_fields, delivery_fields = _written_fields()

    def arrays(fields) -> str:
        return ", ".join(f"%s::{field.db_type(connection).split('(')[0]}[]" for field in fields)

    def columns(fields) -> str:
        return ", ".join(quote(field.column) for field in fields)

    notifications, deliveries = quote(Notification._meta.db_table), quote(Delivery._meta.db_table)
    column = {name: quote(Notification._meta.get_field(name).column) for name in ("id", "recipient", "dedupe")}
    pk, recipient, dedupe = column["id"], column["recipient"], column["dedupe"]
    link = quote(Delivery._meta.get_field("notification").column)
    wanted = ", ".join(f"c{index}" for index in range(len(delivery_fields)))
    # Names and casts come from the models' metadata; every value is a parameter.
    return (
        f"WITH created AS (INSERT INTO {notifications} ({columns(notification_fields)}) "  # noqa: S608
        f"SELECT * FROM UNNEST({arrays(notification_fields)}) ON CONFLICT ({dedupe}) DO NOTHING "
        f"RETURNING {pk}, {recipient}), "
        f"written AS (INSERT INTO {deliveries} ({link}, {columns(delivery_fields)}) "
        f"SELECT created.{pk}, {wanted} FROM UNNEST(%s::bigint[], {arrays(delivery_fields)}) "
        f"AS wanted(recipient, {wanted}) JOIN created ON created.{recipient} = wanted.recipient) "
        f"SELECT {pk}, {recipient} FROM created"
    )


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


# Notices about one step (its task_id): once the step is done (or cancelled) there is nothing left to do about them.
STEP_KINDS = [Kind.TASK_NEW, Kind.TASK_ASSIGNED, Kind.REMINDER, Kind.DUE_SOON, Kind.OVERDUE, Kind.ESCALATION]


def step_notices_read(*, task_ids) -> int:
    """Mark read every unread notice about the given steps (ids, or a subquery of them), whoever it went to: a 待办
    notice stays unread only while its step waits. One statement (on the index of unread step notices, migration
    0003); returns how many changed."""
    unread = Notification.objects.filter(task_id__in=task_ids, read_at__isnull=True, kind__in=STEP_KINDS)
    return unread.update(read_at=timezone.now())


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
