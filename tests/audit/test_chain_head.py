"""The chain's lock and its head are read in one round trip (issue 16 item 8): a writer that waited for the lock
still links to the event its holder committed meanwhile, and a chain without a case links like one with."""

import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from audit.chain import GENESIS
from audit.services import audit_record
from tests.factories import OrganisationFactory, UserFactory


def write(actor, organisation, case_id):
    with transaction.atomic():
        return audit_record(process="party", case_id=case_id, action="note", actor=actor, organisation=organisation)


@pytest.mark.django_db(transaction=True)
def test_a_writer_that_waited_for_the_lock_links_to_the_event_committed_meanwhile():
    actor, organisation = UserFactory(), OrganisationFactory.create()
    holding, waiting = threading.Event(), threading.Event()
    held = {}

    def hold():
        try:
            with transaction.atomic():
                held["event"] = audit_record(
                    process="party", case_id=5, action="note", actor=actor, organisation=organisation
                )
                holding.set()
                waiting.wait(10)  # until the other writer is queued behind this transaction's lock
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(10)

    def queued():
        with connection.cursor() as cursor:  # a second connection: is ours waiting for an advisory lock?
            cursor.execute("SELECT 1")
        while True:
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
                if cursor.fetchone()[0]:
                    break
        waiting.set()
        connection.close()

    watcher = threading.Thread(target=queued)
    watcher.start()
    second = write(actor, organisation, 5)  # its lock waits until the holder has committed
    holder.join()
    watcher.join()
    assert second.prev_hash == held["event"].event_hash


@pytest.mark.django_db
def test_an_event_takes_the_lock_and_the_head_in_one_round_trip_and_is_inserted_in_another():
    actor, organisation = UserFactory(), OrganisationFactory.create()
    first = write(actor, organisation, 3)
    with CaptureQueriesContext(connection) as queries:
        second = write(actor, organisation, 3)
    transaction_control = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")  # the test's own transaction
    sql = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(transaction_control)]
    assert len(sql) == 2 and "pg_advisory_xact_lock" in sql[0] and sql[1].startswith("INSERT")
    assert (first.prev_hash, second.prev_hash) == (GENESIS, first.event_hash)


@pytest.mark.django_db
def test_a_chain_without_a_case_links_its_events():
    actor = UserFactory()
    with transaction.atomic():
        first = audit_record(process="admin", action="note", actor=actor)
        second = audit_record(process="admin", action="note", actor=actor)
    other = write(actor, OrganisationFactory.create(), 4)
    assert (first.prev_hash, second.prev_hash, other.prev_hash) == (GENESIS, first.event_hash, GENESIS)
