"""programmes.nominations: a case of the seeded designed process 双培双促进培养对象推荐 puts its nominee on the
programme's list (nominated), and its end decides it: approved → on the list, rejected or withdrawn → not listed."""

import pytest

from audit.models import AuditEvent
from designer.models import Stage
from programmes.models import Direction, Participant, ParticipantStatus
from tests.programmes.world import act, nominate, publish_nomination

pytestmark = pytest.mark.django_db


@pytest.fixture
def definition(w):
    return publish_nomination(w)


def test_a_started_nomination_puts_the_nominee_on_the_list_as_nominated(w, programme, definition):
    case = nominate(w, definition, w.dept, w.member)
    participant = Participant.objects.get(programme=programme, person=w.member)
    assert participant.direction == Direction.TO_BACKBONE
    assert participant.status == ParticipantStatus.NOMINATED and participant.nomination_id == case.pk
    assert participant.added_by == w.dept
    assert AuditEvent.objects.filter(process="programmes", action="participant_nominate").exists()


def test_an_approved_nomination_lists_the_nominee(w, programme, definition):
    case = nominate(w, definition, w.dept, w.teacher, direction="把教学骨干中的先进分子培养成党员", standing="群众")
    act(case, "group_nomination", w.leader, code="handle", comment="推举")
    act(case, "screening", w.dept, assessment="优秀", lessons="3")
    act(case, "branch_decision", w.secretary)
    assert case.stage == Stage.APPROVED
    participant = Participant.objects.get(nomination=case)
    assert participant.direction == Direction.TO_MEMBER and participant.status == ParticipantStatus.LISTED


def test_a_rejected_nomination_declines_the_nominee(w, programme, definition):
    case = nominate(w, definition, w.dept, w.member)
    act(case, "group_nomination", w.leader, code="handle", comment="推举")
    act(case, "screening", w.dept, code="reject", reason="听课未达要求")
    assert case.stage == Stage.REJECTED
    assert Participant.objects.get(nomination=case).status == ParticipantStatus.DECLINED


def test_a_withdrawn_nomination_declines_the_nominee(w, programme, definition):
    from workflows.kit.engine import run_action

    case = nominate(w, definition, w.dept, w.member)
    run_action(process="designed", case_id=case.pk, code="withdraw", actor=w.dept, payload={"reason": "重新推荐"})
    case.refresh_from_db()
    assert case.stage == Stage.WITHDRAWN
    assert Participant.objects.get(nomination=case).status == ParticipantStatus.DECLINED


def test_a_nominee_who_does_not_fit_the_direction_is_not_listed(w, programme, definition):
    nominate(w, definition, w.dept, w.teacher)  # not a party member, nominated to become a backbone
    assert not Participant.objects.exists()


def test_a_nomination_outside_any_programme_changes_no_list(w, definition):
    nominate(w, definition, w.dept, w.member)
    assert not Participant.objects.exists()
