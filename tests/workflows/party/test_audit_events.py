"""Every action of the party process writes exactly one audit event carrying the DOMAIN §1.2 fields."""

from collections import Counter

import pytest

from audit.chain import hash_of
from audit.models import AuditEvent
from tests.workflows.party.conftest import run, standard_path, submit

pytestmark = pytest.mark.django_db


def test_each_action_on_the_standard_path_writes_one_complete_event(party):
    case_id = submit(party)
    ran = Counter(["submit_application"])
    for actor, code, payload, *_rest in standard_path(party):
        assert run(actor, case_id, code, payload).status_code == 200, code
        ran[code] += 1
    events = list(AuditEvent.objects.filter(process="party", case_id=case_id))
    assert Counter(e.action for e in events) == ran
    for event in events:
        assert event.actor_id and event.actor_name and event.organisation_id, event.action
        assert event.actor_role, event.action
        assert event.business_date and event.created_at and event.to_state, event.action
        assert event.rule_set, event.action
        assert len(event.data_hash) == 64 and event.event_hash == hash_of(event), event.action
    assert all(e.from_state for e in events if e.action != "submit_application")  # a transition from a state


def test_every_party_action_is_run_somewhere_in_this_suite():
    """``run`` (conftest) checks the one-event invariant on every action it runs; this makes sure that covers
    every action code of the process."""
    from pathlib import Path

    from workflows.party.actions import ACTIONS

    sources = "".join(p.read_text() for p in Path(__file__).parent.glob("*.py"))
    missing = [code for code in ACTIONS if f'"{code}"' not in sources]
    assert missing == []
