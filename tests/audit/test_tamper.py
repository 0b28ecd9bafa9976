"""The audit tamper suite (issue 15 item 3): each way of altering the trail that once went unnoticed is named by
manage.py verify_audit: a tail deleted with the triggers off (replica mode), the table truncated by its owner
(the TRUNCATE trigger dropped), a row rewritten and re-hashed with the public hash function, a row changed with
the append-only trigger disabled by the owner. An intact verify_audit writes the checkpoint (audit.checkpoints)
that the next one compares with."""

import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit.chain import HASHED, canonical_values
from audit.models import AuditEvent, VerificationRun
from audit.services import audit_record
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail():
    """Two party cases' chains (three events and two) and one administration event."""
    actor, branch = UserFactory(real_name="林书记"), OrganisationFactory.create()
    events = {}
    with transaction.atomic():
        for case_id, count in ((101, 3), (102, 2)):
            events[case_id] = [
                audit_record(
                    process="party", case_id=case_id, action="note", actor=actor, organisation=branch, data={"n": n}
                )
                for n in range(count)
            ]
        events["admin"] = [audit_record(process="admin", action="setting", actor=actor, organisation=branch)]
    call_command("verify_audit")  # intact: this is the run that writes the checkpoint the next one compares with
    return events


def findings_of_verify_audit() -> tuple[str, list[dict]]:
    with pytest.raises(CommandError) as refused:
        call_command("verify_audit")
    return str(refused.value), VerificationRun.objects.latest("pk").findings


def as_superuser(*statements, params=()):
    """Statements run with every trigger off (session_replication_role = replica), as a superuser can."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        for statement in statements:
            cursor.execute(statement, params)
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def test_an_intact_trail_verifies_and_is_checkpointed(trail, settings):
    run = VerificationRun.objects.latest("pk")
    assert run.intact and run.checked == 6
    assert any(settings.AUDIT_CHECKPOINT_DIR.glob("*.json.gz"))
    call_command("verify_audit")
    assert VerificationRun.objects.latest("pk").checkpoint  # the second run compared with the first's checkpoint


def test_a_tail_deleted_in_replica_mode_is_named(trail):
    last = trail[101][-1]
    as_superuser("DELETE FROM audit_auditevent WHERE id = %s", params=[last.pk])
    message, findings = findings_of_verify_audit()
    assert findings == [{"kind": "tail", "process": "party", "case_id": 101, "expected": 3, "found": 2}]
    assert "101" in message


def test_a_whole_chain_deleted_is_named(trail):
    as_superuser("DELETE FROM audit_auditevent WHERE case_id = 102")
    _message, findings = findings_of_verify_audit()
    assert findings == [{"kind": "tail", "process": "party", "case_id": 102, "expected": 2, "found": 0}]


def test_truncate_is_refused_and_a_table_truncated_by_its_owner_is_named(trail):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # this test's own inserts: their checks done before TRUNCATE
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditevent CASCADE")
    assert AuditEvent.objects.count() == 6
    with connection.cursor() as cursor:  # the owner takes the trigger off first
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_no_truncate")
        cursor.execute("TRUNCATE audit_auditevent CASCADE")
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_no_truncate")
    _message, findings = findings_of_verify_audit()
    assert findings == [{"kind": "truncated", "expected": 6, "found": 0}]


def _rewrite(event, *, comment: str, key_id: str, digest) -> None:
    values = list(AuditEvent.objects.filter(pk=event.pk).values_list(*HASHED).get())
    values[HASHED.index("comment")] = comment
    as_superuser(
        "UPDATE audit_auditevent SET comment = %s, key_id = %s, event_hash = %s WHERE id = %s",
        params=[comment, key_id, digest(canonical_values(values)), event.pk],
    )


def test_a_row_rehashed_with_the_public_unkeyed_function_is_named(trail):
    """The old attack: change a row and recompute its SHA-256. Labelled as unkeyed (or a made-up key id) it is
    refused for its key; there is no unkeyed form to fall back to."""
    middle = trail[101][1]
    _rewrite(middle, comment="改过", key_id="", digest=lambda text: hashlib.sha256(text.encode()).hexdigest())
    message, findings = findings_of_verify_audit()
    assert findings[0] | {"key_id": ""} == {
        "kind": "key", "event": middle.pk, "process": "party", "case_id": 101, "key_id": ""
    }  # fmt: skip
    assert str(middle.pk) in message


def test_a_row_rehashed_without_the_key_is_named(trail, settings):
    """Re-hashed with the HMAC and the right key id but a guessed secret: the hash is wrong."""
    from audit.chain import seal

    middle = trail[101][1]
    real = settings.AUDIT_HMAC_KEYS
    settings.AUDIT_HMAC_KEYS = {middle.key_id: b"a guess at the secret"}
    try:
        forged = {}
        _rewrite(middle, comment="改过", key_id=middle.key_id, digest=lambda text: forged.setdefault(
            "digest", seal(text, middle.key_id)))  # fmt: skip
    finally:
        settings.AUDIT_HMAC_KEYS = real
    _message, findings = findings_of_verify_audit()
    assert findings == [{"kind": "hash", "event": middle.pk, "process": "party", "case_id": 101}]


def test_a_row_changed_with_the_trigger_disabled_by_the_owner_is_named(trail):
    event = trail[102][0]
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # this test's own inserts: their checks done before ALTER
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_append_only")
        cursor.execute("UPDATE audit_auditevent SET reason = 'edited' WHERE id = %s", [event.pk])
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_append_only")
    message, findings = findings_of_verify_audit()
    assert findings == [{"kind": "hash", "event": event.pk, "process": "party", "case_id": 102}]
    assert str(event.pk) in message


def test_a_damaged_checkpoint_store_is_named(trail, settings):
    (checkpoint,) = settings.AUDIT_CHECKPOINT_DIR.glob("*.json.gz")
    checkpoint.chmod(0o640)
    checkpoint.write_bytes(checkpoint.read_bytes()[:-8] + b"\0" * 8)
    _message, findings = findings_of_verify_audit()
    assert [f["kind"] for f in findings] == ["checkpoint"]


def test_no_checkpoint_is_written_over_a_broken_trail(trail, settings):
    as_superuser("DELETE FROM audit_auditevent WHERE id = %s", params=[trail[101][-1].pk])
    before = sorted(settings.AUDIT_CHECKPOINT_DIR.glob("*.json.gz"))
    with pytest.raises(CommandError):
        call_command("audit_checkpoint")
    findings_of_verify_audit()
    assert sorted(settings.AUDIT_CHECKPOINT_DIR.glob("*.json.gz")) == before  # the evidence stays


def test_checkpoints_build_on_each_other(trail, settings):
    """Partial checkpoints list only what changed; the full one comes every AUDIT_CHECKPOINT_FULL_EVERY."""
    from audit import checkpoints

    settings.AUDIT_CHECKPOINT_FULL_EVERY = 2
    actor, organisation = UserFactory(), trail[101][0].organisation
    for _ in range(3):
        with transaction.atomic():
            audit_record(process="party", case_id=103, action="note", actor=actor, organisation=organisation)
        call_command("audit_checkpoint")
    store = checkpoints.load()
    assert store.latest["sequence"] == 4 and store.state[("party", 103)][0] == 3
    assert [store.latest["kind"], store.latest["base"]] == ["partial", 3]
    assert checkpoints.verify_store() == []
    call_command("audit_checkpoint")  # nothing changed: nothing written
    assert checkpoints.load().latest["sequence"] == 4


def test_the_periodic_job_writes_checkpoints(trail, settings):
    """Celery beat and the embedded run's scheduler (core.periodic) both run CELERY_BEAT_SCHEDULE's entry."""
    from django.utils.module_loading import import_string

    from core import periodic

    entry = settings.CELERY_BEAT_SCHEDULE["audit-checkpoint"]
    assert entry["schedule"] == 60 * settings.AUDIT_CHECKPOINT_MINUTES
    assert import_string(entry["task"]).run() == "intact"
    with transaction.atomic():
        audit_record(process="admin", action="setting", actor=None)
    settings.CELERY_BEAT_SCHEDULE = {"audit-checkpoint": entry}
    periodic.run_due_jobs({}, now=0.0)
    assert len(list(settings.AUDIT_CHECKPOINT_DIR.glob("*.json.gz"))) == 2


def test_the_console_names_what_the_verification_found(trail, people, django_capture_on_commit_callbacks):
    from django.test import Client

    as_superuser("DELETE FROM audit_auditevent WHERE id = %s", params=[trail[101][-1].pk])
    client = Client()
    client.force_login(people.auditor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/audit/verify/")
    run = VerificationRun.objects.latest("pk")
    assert [f["kind"] for f in run.findings] == ["tail"]
    html = client.get("/audit/").content.decode()
    assert all(text in html for text in run.described_findings) and "101" in html
