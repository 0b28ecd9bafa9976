"""Notices about steps (issue 17 item 7): nobody is told of their own action, and a 待办 notice (with the reminders
and warnings about its step) is marked read once its step no longer waits: done, or its case withdrawn."""

import datetime

import pytest
from viewflow.workflow.models import Task

from accounts.roles import Role
from notifications.models import Kind, Notification
from tests.factories import UserFactory, grant
from tests.workflows.community.factories import draft
from tests.workflows.party.conftest import run, submit
from workflows.community.models import Kind as AppKind
from workflows.party.steps.application import case_submit
from workflows.services import case_remind

pytestmark = pytest.mark.django_db

TALK = {"date": "2023-03-20", "talker_name": "林书记", "content": "了解入党动机"}


def notices(user, kind=None, *, unread=None) -> list[tuple[str, str]]:
    """(kind, step's node) of the person's notices."""
    found = Notification.objects.filter(recipient=user).order_by("pk")
    if kind is not None:
        found = found.filter(kind=kind)
    if unread is not None:
        found = found.filter(read_at__isnull=unread)
    steps = dict(Task.objects.filter(pk__in=[n.task_id for n in found]).values_list("pk", "flow_task"))
    return [(n.kind, steps[n.task_id].name if n.task_id else "") for n in found]


def test_whoever_opens_a_step_is_not_told_of_it_the_others_of_its_queue_are(party):
    person = UserFactory(birth_date=datetime.date(1995, 5, 5))
    grant(person, party.branch, Role.APPLICANT)
    payload = {"branch_id": party.branch.pk, "date": "2023-03-01", "person_id": person.pk}
    case_submit(actor=party.secretary, payload=payload)  # a paper application, entered by the secretary
    assert notices(party.orgmember) == [(Kind.TASK_NEW, "record_talk")]
    assert notices(party.secretary) == []


def test_whoever_reminds_is_not_reminded(yuhuan):
    application = draft(yuhuan, yuhuan.fusion_member, AppKind.FEATURE)  # the draft step is the member school's
    case_remind(process=application.process_ptr, actor=yuhuan.member_lead)
    assert notices(yuhuan.member_lead, Kind.REMINDER) == []


def test_a_todo_notice_and_the_reminders_of_its_step_are_read_once_the_step_is_done(party):
    case_id = submit(party)
    case_remind(process=party.applicant.party_cases.get().process_ptr, actor=party.applicant)
    talk = [(Kind.TASK_NEW, "record_talk"), (Kind.REMINDER, "record_talk")]
    assert notices(party.secretary, unread=True) == notices(party.orgmember, unread=True) == talk
    assert run(party.secretary, case_id, "record_talk", TALK).status_code == 200
    assert notices(party.secretary, unread=True) == []
    assert notices(party.orgmember, unread=False) == talk
    assert notices(party.orgmember, unread=True) == [(Kind.TASK_NEW, "designate_activist")]  # it waits


def test_the_todo_notices_of_a_withdrawn_case_are_read(party):
    case_id = submit(party)
    assert notices(party.orgmember, Kind.TASK_NEW, unread=True)
    assert run(party.applicant, case_id, "withdraw", {"date": "2023-03-05", "content": "撤回"}).status_code == 200
    assert notices(party.orgmember, unread=True) == [] and notices(party.secretary, unread=True) == []
