"""The message after an action says what happened (issue 17 item 7): to whom a step was handed, which step was
taken, what was copied to whom and whom a reminder went to — never a bare "已完成。"."""

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from viewflow.workflow.models import Task

from core.dates import business_today
from tests.clients import page
from tests.workflows.party.conftest import submit
from workflows.party.models import PartyCase

pytestmark = pytest.mark.django_db


def told(response) -> list[str]:
    return [str(m.message) for m in get_messages(response.wsgi_request)]


def said(message: str, **values) -> str:
    """The message as the pages say it (in the deployment's language), with its values."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(translation.gettext(message)) % values


def step_named(task_id: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return f"{Task.objects.get(pk=task_id).flow_task.task_title} · 陈申请"


@pytest.fixture
def case_id(party):
    return submit(party, date=business_today().isoformat())


@pytest.fixture
def talk(case_id):
    return PartyCase.objects.get(pk=case_id).task_set.get(flow_task_type="HUMAN", status="NEW").pk


def test_taking_and_handing_over_a_step_name_the_step_and_the_person(party, talk):
    response = page(party.secretary).post(reverse("task-action", args=[talk, "claim"]))
    assert told(response) == [said("Taken: %(step)s.", step=step_named(talk))]
    body = {"to_user_id": party.orgmember.pk, "reason": "出差"}
    response = page(party.secretary).post(reverse("task-action", args=[talk, "transfer"]), body)
    assert told(response) == [said("Handed over to %(person)s: %(step)s.", person="王组织", step=step_named(talk))]


def test_a_comment_a_copy_and_a_reminder_say_what_was_done(party, case_id):
    def case_action(action, body=None):  # each in a new session: the message is the one this action left
        return page(party.applicant).post(reverse("case-page-action", args=["party", case_id, action]), body or {})

    assert told(case_action("comment", {"body": "请尽快安排谈话"})) == [said("Your comment has been added.")]
    step = PartyCase.objects.get(pk=case_id).task_set.get(status="NEW")
    with translation.override(settings.LANGUAGE_CODE):
        talk = str(step.flow_task.task_title)
    step.data = {**step.data, "due": business_today().isoformat()}  # the applicant nudges only a step that is due
    step.save(update_fields=["data"])
    assert told(case_action("remind")) == [said("Reminded those who hold: %(steps)s.", steps=talk)]
    copied = told(case_action("cc", {"user": [party.orgmember.pk, party.secretary.pk]}))
    assert copied == [said("Copied to %(people)s.", people="林书记、王组织")]


def test_a_step_done_on_its_page_says_which_and_where_the_case_stands(party, case_id):
    body = {"date": business_today().isoformat(), "talker_name": "林书记", "content": "了解入党动机"}
    response = page(party.secretary).post(f"/party/{case_id}/act/record_talk/", body)
    assert response.status_code == 302
    with translation.override(settings.LANGUAGE_CODE):
        action, state = str(translation.gettext("Record the talk")), str(translation.gettext("Applicant"))
    assert told(response) == [said("Done: %(action)s. The case is now: %(state)s.", action=action, state=state)]
