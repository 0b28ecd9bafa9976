"""Every Process B action writes exactly one audit event with the DOMAIN §1.2 fields."""

import pytest

from audit.chain import hash_of
from audit.models import AuditEvent
from tests.workflows.community.factories import filed_application
from workflows.community.models import Kind

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "actions"),
    [
        (Kind.HELP_PROJECT, ["create", "send_for_agreement", "confirm", "confirm", "submit", "file"]),
        (Kind.FEATURE, ["create", "request_consultation", "record_consultation", "submit", "file"]),
    ],
)
def test_one_complete_event_per_action(yuhuan, kind, actions):
    application = filed_application(yuhuan, yuhuan.fusion_member, kind)
    events = list(AuditEvent.objects.filter(process="community", case_id=application.pk).order_by("id"))
    assert [e.action for e in events] == actions
    for event in events:
        assert event.actor_id and event.actor_name and event.actor_role and event.organisation_id, event.action
        assert event.business_date and event.to_state and event.event_hash == hash_of(event), event.action
    assert all(e.from_state for e in events[1:])
    assert events[-1].data["filing_number"] == application.filing_number
