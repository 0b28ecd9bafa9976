"""Tamper evidence: a hash chain per case, the database refusing UPDATE and DELETE, verify_audit naming the
first broken link."""

import datetime
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit.chain import GENESIS, hash_of
from audit.models import AuditEvent
from audit.services import audit_record
from audit.verification import verify_all
from tests.factories import OrganisationFactory, UserFactory


def record(actor, case_id=1, action="note", **data):
    from accounts.models import Organisation

    organisation = Organisation.objects.first() or OrganisationFactory.create()
    with transaction.atomic():
        return audit_record(
            process="party", case_id=case_id, action=action, actor=actor, organisation=organisation, data=data
        )


@pytest.mark.django_db
def test_each_event_links_to_the_previous_one_of_its_case():
    actor = UserFactory()
    first, other, second = record(actor, 1), record(actor, 2), record(actor, 1, x="是")
    assert first.prev_hash == GENESIS and other.prev_hash == GENESIS
    assert second.prev_hash == first.event_hash
    stored = AuditEvent.objects.get(pk=second.pk)
    assert stored.event_hash == hash_of(stored)  # what is read back hashes the same
    assert verify_all() == (3, None)


@pytest.mark.django_db
@pytest.mark.parametrize("statement", ["UPDATE audit_auditevent SET comment = 'x'", "DELETE FROM audit_auditevent"])
def test_the_database_refuses_update_and_delete(statement):
    record(UserFactory())
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.update(reason="改")
    assert AuditEvent.objects.get().reason == ""


@pytest.mark.django_db
def test_changing_one_byte_breaks_the_chain_at_that_event():
    actor = UserFactory()
    events = [record(actor, 1, n=str(i)) for i in range(4)]
    with connection.cursor() as cursor:  # a superuser switching the triggers off
        cursor.execute("SET LOCAL session_replication_role = replica")  # triggers off for this transaction
        cursor.execute("UPDATE audit_auditevent SET comment = 'y' WHERE id = %s", [events[2].pk])
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    checked, broken = verify_all()
    assert broken.pk == events[2].pk and checked == 2
    with pytest.raises(CommandError, match=f"\\b{events[2].pk}\\b"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_removing_an_event_breaks_the_next_link():
    actor = UserFactory()
    events = [record(actor, 1) for _ in range(3)]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    assert verify_all()[1].pk == events[2].pk


@pytest.mark.django_db
def test_verify_audit_reports_an_intact_chain(capsys):
    record(UserFactory())
    call_command("verify_audit")
    assert "1" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_on_one_case_never_share_a_predecessor():
    actor = UserFactory()
    OrganisationFactory.create()  # the one the writers' events name, made before they race
    barrier = threading.Barrier(4)

    def write():
        barrier.wait()
        try:
            for _ in range(5):
                record(actor, 9)
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    prev = list(AuditEvent.objects.filter(case_id=9).values_list("prev_hash", flat=True))
    assert len(prev) == 20 and len(set(prev)) == 20
    assert verify_all() == (20, None)


@pytest.mark.django_db
def test_the_row_hash_is_the_event_hash():
    """verify_all hashes rows read as tuples (hash_of_values), the JSON columns as PostgreSQL's own text (which
    orders keys by length and spaces them); it must agree with hash_of on every kind of value."""
    from django.db import connection

    from audit.chain import HASHED, JSON_COLUMNS, hash_of_values

    assert JSON_COLUMNS == {f.attname for f in AuditEvent._meta.concrete_fields if f.get_internal_type() == "JSONField"}

    actor = UserFactory(real_name="林书记")
    with transaction.atomic():
        events = [
            audit_record(
                process="party",
                case_id=7,
                action="a",
                actor=actor,
                organisation=OrganisationFactory.create(),
                data={"嵌套": {"b": [1, "二"], "a": None}, "longer key": 1.5, "z": '引号"', "k": True},
                business_date=datetime.date(2026, 3, 1),
                deadlines=[{"due": "2026-04-01", "met": True}],
            ),
            audit_record(process="admin", case_id=None, action="b", actor=None, data={}, comment='引号"和\\'),
        ]
    for event in events:
        stored = AuditEvent.objects.get(pk=event.pk)
        values = AuditEvent.objects.filter(pk=event.pk).values_list(*HASHED).get()
        assert hash_of_values(values, stored.key_id) == hash_of(stored) == stored.event_hash
        columns = ", ".join(f'"{name}"' for name in HASHED)
        with connection.cursor() as cursor:  # Django's own cursor reads jsonb as text, as verify_all's does
            cursor.execute(f"SELECT {columns} FROM audit_auditevent WHERE id = %s", [event.pk])
            raw = cursor.fetchone()
        assert isinstance(raw[HASHED.index("data")], str)
        assert hash_of_values(raw, stored.key_id, json_as_text=True) == stored.event_hash
        for twice in range(2):  # the second time from the remembered canonical forms
            assert hash_of_values(raw, stored.key_id, json_as_text=True) == stored.event_hash, twice
