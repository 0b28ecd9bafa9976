"""已办 (issue 17 item 7): each step shows the day it was done, and a step done by its due day is never marked
overdue however long ago that day is; a step done after it is marked done late (not 已逾期)."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from accounts.roles import Role
from core.dates import business_today
from tests.factories import UserFactory, grant
from tests.workflows.party.conftest import run
from workflows.party.steps.application import case_submit

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def talk(party, *, applied: datetime.date, held: datetime.date) -> int:
    """A case applied for on ``applied`` whose talk (due a month later) was held on ``held``, recorded today."""
    person = UserFactory(birth_date=datetime.date(1995, 5, 5))
    grant(person, party.branch, Role.APPLICANT)
    payload = {"branch_id": party.branch.pk, "date": applied.isoformat(), "person_id": person.pk}
    case_id = case_submit(actor=party.secretary, payload=payload).pk
    payload = {"date": held.isoformat(), "talker_name": "林书记", "content": "了解入党动机", "reason": "补录"}
    assert run(party.secretary, case_id, "record_talk", payload).status_code == 200
    return case_id


def done(user, **params):
    return api(user).get("/api/v1/tasks/", {"box": "done", **params}).json()["results"]


def test_a_step_done_on_time_is_not_overdue_once_its_due_day_has_passed(party):
    today = business_today()
    on_time = talk(party, applied=today - datetime.timedelta(days=90), held=today - datetime.timedelta(days=80))
    late = talk(party, applied=today - datetime.timedelta(days=90), held=today - datetime.timedelta(days=40))
    rows = {row["case_id"]: row for row in done(party.secretary)}
    assert rows[on_time]["due"] < today.isoformat()  # its due day has passed…
    assert rows[on_time]["completed"] == (today - datetime.timedelta(days=80)).isoformat()  # …but it was done before
    assert rows[on_time]["overdue"] is False
    assert rows[late]["completed"] == (today - datetime.timedelta(days=40)).isoformat()
    assert rows[late]["overdue"] is True
    assert [row["case_id"] for row in done(party.secretary, overdue="1")] == [late]


def test_the_done_box_shows_the_day_each_step_was_done(party):
    today = business_today()
    talk(party, applied=today - datetime.timedelta(days=90), held=today - datetime.timedelta(days=80))
    client = Client()
    client.force_login(party.secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the words of the page, whatever is translated yet
    page = client.get("/tasks/", {"box": "done"}).content.decode()
    assert f"done on {(today - datetime.timedelta(days=80)).isoformat()}" in page and "waiting since" not in page
    assert ">Overdue<" not in page and "Done late" not in page
    talk(party, applied=today - datetime.timedelta(days=90), held=today - datetime.timedelta(days=40))
    page = client.get("/tasks/", {"box": "done"}).content.decode()
    assert "Done late" in page and ">Overdue<" not in page
