"""Migration audit 0007 on a trail written before keys and organisations (issue 15 items 3a and 6): it verifies
the unkeyed chains first and refuses a broken one, fills the organisation of the events written without one,
re-seals every chain with the key, and records what it did as an event. Run inside the test's transaction: the
migrations go back to 0006 and forward again, and the rollback at the end leaves the database as it was."""

import datetime
import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.roles import Role
from audit.chain import GENESIS, HASHED, canonical_json, canonical_values
from audit.models import AuditEvent
from audit.verification import verify_trail
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

BEFORE, AFTER = ("audit", "0006_keyed_chain_and_findings"), ("audit", "0007_seal_with_key")


def migrate(target):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses to run over pending FK checks
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


def legacy_events(apps, rows: list[dict]):
    """Events as the code before 0007 wrote them: unkeyed SHA-256 chains, key_id empty."""
    Event, heads, made = apps.get_model("audit", "AuditEvent"), {}, []
    for fields in rows:
        data = fields.pop("data", {})
        event = Event(
            data=data, data_hash=hashlib.sha256(canonical_json(data).encode()).hexdigest(), actor_name="", **fields
        )
        key = (event.process, event.case_id)
        if key not in heads:  # the chain may already hold events (the fixtures' role grants)
            last = Event.objects.filter(process=key[0], case_id=key[1]).order_by("-id").first()
            heads[key] = last.event_hash if last else GENESIS
        event.prev_hash = heads[key]
        values = [getattr(event, name) for name in HASHED]
        event.event_hash = heads[key] = hashlib.sha256(canonical_values(values).encode()).hexdigest()
        event.save(force_insert=True)
        made.append(event.pk)
    return made


def test_the_unkeyed_trail_is_verified_given_its_organisations_and_resealed(tree):
    actor = UserFactory(real_name="代理人")
    grant(actor, tree.branch_a, Role.BRANCH_SECRETARY)
    day = datetime.date(2026, 3, 2)
    apps = migrate(BEFORE)
    ids = legacy_events(
        apps,
        [
            {"process": "evaluation", "case_id": 5, "action": "submit", "organisation_id": tree.community.pk},
            {"process": "evaluation", "case_id": 5, "action": "comment", "actor_id": actor.pk},  # no organisation
            {"process": "admin", "case_id": None, "action": "delegation_end", "actor_id": actor.pk,
             "business_date": day},  # no organisation
            {"process": "admin", "case_id": None, "action": "login", "actor_id": actor.pk},
        ],
    )  # fmt: skip
    migrate(AFTER)

    result, _store = verify_trail()
    assert result.findings == [] and result.checked == AuditEvent.objects.count()
    events = {e.pk: e for e in AuditEvent.objects.filter(pk__in=ids)}
    assert events[ids[1]].organisation_id == tree.community.pk  # the case's organisation, from its chain
    assert events[ids[2]].organisation_id == tree.branch_a.pk  # the actor's, that day
    assert events[ids[3]].organisation_id is None  # a sign-in is not a delegation or an export: left as it was
    assert {e.key_id for e in events.values()} == {"dev"}
    record = AuditEvent.objects.get(action="audit_resealed")
    assert (
        record.data["events"] == AuditEvent.objects.count() - 1
        and record.data["chains"] == 2
        and record.data["key_id"] == "dev"
    )
    assert record.data["organisations_filled"]["other_cases"] == 1
    assert record.data["organisations_filled"]["caseless"] == 1


def test_a_broken_unkeyed_trail_is_not_resealed(tree):
    from audit.migrations import __name__ as package

    broken = __import__(f"{package}.0007_seal_with_key", fromlist=["BrokenLegacyChain"]).BrokenLegacyChain
    apps = migrate(BEFORE)
    ids = legacy_events(apps, [{"process": "admin", "case_id": None, "action": n} for n in ("a", "b", "c")])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("UPDATE audit_auditevent SET comment = 'edited' WHERE id = %s", [ids[1]])
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    with pytest.raises(broken, match=str(ids[1])):
        migrate(AFTER)
    assert set(AuditEvent.objects.values_list("key_id", flat=True)) == {""}  # nothing was re-sealed
