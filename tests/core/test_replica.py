"""The read replica: the auditor console's reads go to it when one is configured, nothing else does."""

import pytest
from django.db import transaction
from django.test import Client

from audit.models import AuditEvent
from core import replica
from core.replica import REPLICA, ReplicaRouter, replica_reads

router = ReplicaRouter()


@pytest.fixture
def configured(monkeypatch):
    monkeypatch.setattr(replica, "has_replica", lambda: True)


def test_without_a_replica_every_read_stays_on_the_primary():
    with replica_reads():
        assert router.db_for_read(AuditEvent) is None


def test_the_console_reads_go_to_the_replica(configured):
    assert router.db_for_read(AuditEvent) is None
    with replica_reads():
        assert router.db_for_read(AuditEvent) == REPLICA
    assert router.db_for_read(AuditEvent) is None


@pytest.mark.django_db
def test_reads_inside_a_transaction_stay_on_the_primary(configured):
    # e.g. the audit chain's last hash, read under its lock before the next event is written
    with replica_reads(), transaction.atomic():
        assert router.db_for_read(AuditEvent) is None


def test_writes_and_migrations_never_go_to_the_replica(configured):
    with replica_reads():
        assert router.db_for_write(AuditEvent) == "default"
    assert router.allow_migrate(REPLICA, "audit") is False
    assert router.allow_migrate("default", "audit") is True


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/audit/", "/audit/people/{auditor}/"])
def test_the_console_reads_through_the_replica_but_not_the_sign_in(people, monkeypatch, path):
    flags = []
    monkeypatch.setattr(ReplicaRouter, "db_for_read", lambda self, model, **hints: flags.append(replica._reading.get()))
    client = Client()
    client.force_login(people.auditor)
    flags.clear()
    client.get(path.format(auditor=people.auditor.pk))
    # The session and the person are read first, on the primary; the console's own queries after, on the replica.
    assert flags[0] is False and True in flags
