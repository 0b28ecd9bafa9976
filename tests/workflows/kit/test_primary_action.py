"""The case page's primary button (the phone's action bar first of all) is the next thing the person can do now
(issue 17 item 7): never a withdrawal, never a step whose earliest day is still to come."""

import datetime
import re

import pytest

from core.dates import business_today
from tests.clients import page
from tests.workflows.party.conftest import minutes, run, submit
from workflows.party.models import PartyCase

pytestmark = pytest.mark.django_db


def primary(user, case_id) -> tuple[str | None, list[str]]:
    """(the action the phone's action bar puts forward, the actions of its buttons, in order)."""
    response = page(user).get(f"/party/{case_id}/")
    assert response.status_code == 200
    bar = re.search(r'<nav class="action-bar".*?</nav>', response.content.decode(), re.S).group(0)
    buttons = re.findall(r'<a class="button( primary)?" href="[^"]*/act/(\w+)/"', bar)
    forward = [code for is_primary, code in buttons if is_primary]
    assert len(forward) <= 1
    return (forward[0] if forward else None), [code for _primary, code in buttons]


def test_a_withdrawal_is_never_the_primary_button(party):
    case_id = submit(party, date=business_today().isoformat())
    forward, bar = primary(party.applicant, case_id)
    assert "withdraw" not in bar  # never on the phone's action bar…
    shown = page(party.applicant).get(f"/party/{case_id}/").content.decode()
    assert 'id="act-withdraw"' in shown  # …still offered on the page, as a secondary action
    assert forward is None or bar[0] == forward


def test_a_step_not_due_to_be_done_yet_is_not_the_primary_button(party):
    day = business_today() - datetime.timedelta(days=100)

    def on(days: int) -> str:
        return (day + datetime.timedelta(days=days)).isoformat()

    case_id = submit(party, date=on(0))
    secretary = party.secretary
    for actor, code, payload in [
        (secretary, "record_talk", {"date": on(5), "talker_name": "林书记", "content": "了解入党动机"}),
        (
            secretary,
            "designate_activist",
            {"date": on(10), "meeting": minutes(party, on(10)), "recommendation": "party_members"},
        ),
        (party.orgmember, "file_activist", {"date": on(12), "document_number": "备2026-1"}),
        (
            secretary,
            "appoint_trainers",
            {"date": on(12), "person_ids": [party.members[0].pk], "meeting": minutes(party, on(12))},
        ),
    ]:
        assert run(actor, case_id, code, payload).status_code == 200, code
    waiting = PartyCase.objects.get(pk=case_id).task_set.get(status="NEW", flow_task_type="HUMAN")
    assert waiting.flow_task.name == "designate_dev_object" and waiting.data["earliest"] > business_today().isoformat()
    forward, bar = primary(secretary, case_id)
    assert forward not in ("designate_dev_object", "withdraw") and forward is not None
    assert bar[0] == forward
