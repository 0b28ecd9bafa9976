"""A read replica for the auditor console (deploy/README.md, "Add a read replica").

With ``DATABASE_REPLICA_URL`` set, the settings add a ``replica`` database and the views marked
``@reads_from_replica`` (the audit console's searches, timelines, records and CSV export) read from it; every
write, and every read inside a transaction (it may decide what is written next, e.g. the audit chain's last hash),
stays on the primary. Unset, the router changes nothing. A replica lags its primary by a moment: the console's
reads tolerate that, nothing else is sent there.
"""

import contextlib
import contextvars
import functools

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_reading = contextvars.ContextVar("replica_reads", default=False)


@contextlib.contextmanager
def replica_reads():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view):
    """Run a read-only view's queries on the replica when there is one. Put it below @login_required: the person
    and their session are read on the primary (a session just created may not have reached the replica)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        with replica_reads():
            return view(request, *args, **kwargs)

    return wrapped


def has_replica() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading.get() and has_replica() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: rows read from either relate to each other

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # the replica follows the primary's schema by replication
