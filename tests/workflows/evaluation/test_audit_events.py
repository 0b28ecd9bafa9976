"""Every Process C action writes exactly one audit event with the DOMAIN §1.2 fields (issue 7)."""

from collections import Counter

import pytest

from audit.chain import hash_of
from audit.models import AuditEvent
from tests.workflows.evaluation import conftest
from tests.workflows.evaluation.conftest import act, grade_ready
from workflows.kit.engine import run_action

pytestmark = pytest.mark.django_db


def test_one_complete_event_per_action_through_grading_and_publication(yuhuan, monkeypatch):
    o = yuhuan
    ran = Counter()

    def counted(**call):
        before = AuditEvent.objects.filter(process="evaluation").count()
        result = run_action(process="evaluation", **call)
        assert AuditEvent.objects.filter(process="evaluation").count() == before + 1, call["code"]
        ran[call["code"]] += 1
        return result

    monkeypatch.setattr(conftest, "run_action", counted)
    case = grade_ready(o, o.collab)
    act(case, "aggregate", o.basic_edu, {"reading": "R1"})
    act(case, "publish", o.leading, {"comment": "公布"})
    events = list(AuditEvent.objects.filter(process="evaluation", case_id=case.pk))
    assert Counter(e.action for e in events) == ran + Counter(["open"])
    assert {"self_evaluate", "term_evaluate", "term_score", "appoint", "record_visit", "panel_score"} <= set(ran)
    for event in events:
        assert event.actor_id and event.actor_name and event.organisation_id, event.action
        assert event.business_date and event.to_state and event.event_hash == hash_of(event), event.action
