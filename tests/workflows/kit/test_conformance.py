"""The process kit's conformance suite: every rule the kit promises, proven once for every registered process
(scenarios.py builds each one's case): a refused action writes nothing; a success writes one audit event and
answers {case, event_id, warnings}; 404 to outsiders, 403 to insiders without the right, 409 once the step is
done; the list's queries do not grow with its rows; of two people completing one step at once, one wins; every
action is reachable from the API and the pages; every state, action and role has its Chinese label."""

import datetime
import re
import threading

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import translation
from viewflow.workflow.models import Task

from accounts.roles import Role
from audit.models import AuditEvent
from core.exceptions import ApplicationError
from tests.clients import api
from tests.workflows.kit.scenarios import BUILDERS
from workflows.kit.engine import OPEN_TASK, run_action
from workflows.kit.registry import PROCESS_TYPES

CJK = re.compile(r"[\u4e00-\u9fff]")
PROCESSES = sorted(BUILDERS)


@pytest.fixture(params=PROCESSES)
def scenario(request):
    return BUILDERS[request.param](request.getfixturevalue)


def url(s, view: str, *args) -> str:
    return reverse(f"api-{s.collection}-{view}", args=args)


def written(s) -> tuple:
    """Everything an action may change: the case's columns, its tasks, its events."""
    case = type(s.case).objects.get(pk=s.case.pk)
    tasks = sorted(Task.objects.filter(process_id=s.process_id or s.case.pk).values_list("pk", "status", "owner_id"))
    return model_to_dict(case), tasks, AuditEvent.objects.filter(case_id=s.case.pk).count()


def test_every_registered_process_is_in_the_suite():
    assert set(PROCESS_TYPES) - {"approval_test"} <= set(BUILDERS), "add the process's scenario to scenarios.py"


def test_a_refused_action_writes_nothing(scenario):
    s = scenario
    before = written(s)
    response = api(s.actor).post(url(s, "action", s.case.pk, s.action), s.bad_payload, format="json")
    assert (response.status_code, response.json()["code"]) == (400, s.bad_code)
    assert written(s) == before


def test_a_success_writes_one_event_and_answers_in_the_one_shape(scenario):
    s = scenario
    events = AuditEvent.objects.filter(case_id=s.case.pk, process=s.process)
    before = events.count()
    response = api(s.actor).post(url(s, "action", s.case.pk, s.action), s.payload, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert set(body) == {"case", "event_id", "warnings"} and body["case"]["id"] == s.case.pk
    assert events.count() == before + 1
    assert events.latest("id").pk == body["event_id"] and events.latest("id").action == s.action


def test_outsiders_get_404_insiders_without_the_right_403_and_a_done_step_409(scenario):
    s = scenario
    post = url(s, "action", s.case.pk, s.action)
    assert api(s.outsider).get(url(s, "detail", s.case.pk)).status_code == 404
    assert api(s.outsider).post(post, s.payload, format="json").status_code == 404
    assert api(s.insider).get(url(s, "detail", s.case.pk)).status_code == 200
    assert api(s.insider).post(post, s.payload, format="json").status_code == 403
    assert api(s.actor).post(url(s, "action", s.case.pk, "no_such_action"), {}, format="json").status_code == 404
    assert api(s.actor).post(post, s.payload, format="json").status_code == 200
    again = api(s.rival).post(post, s.payload, format="json")
    assert (again.status_code, again.json()["code"]) == (409 if s.loser_code == "task_changed" else 400, s.loser_code)


def test_the_list_costs_the_same_queries_however_many_rows(scenario):
    s = scenario
    client = api(s.actor)
    client.get(url(s, "list"))  # warm the caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(s, "list")).status_code == 200
    s.more(3)
    with CaptureQueriesContext(connection) as many:
        listed = client.get(url(s, "list")).json()
    assert listed["count"] >= 4 and len(many) == len(few)


@pytest.mark.django_db(transaction=True)
def test_of_two_people_completing_one_step_at_once_one_wins(transactional_db, scenario):
    s = scenario
    barrier, outcomes = threading.Barrier(2), []

    def complete(user):
        try:
            barrier.wait()
            run_action(process=s.process, case_id=s.case.pk, code=s.action, actor=user, payload=s.payload)
            outcomes.append("ok")
        except ApplicationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=complete, args=(user,)) for user in (s.actor, s.rival)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == sorted(["ok", s.loser_code])
    assert AuditEvent.objects.filter(case_id=s.case.pk, action=s.action).count() == 1


@pytest.mark.parametrize("process", PROCESSES)
def test_every_action_is_reachable_from_the_api_and_the_pages(process):
    kind = PROCESS_TYPES[process]
    case = type("Case", (), {"pk": 1})()
    for code in kind.actions:
        for collection in kind.api.collections:
            assert resolve(reverse(f"api-{collection.name}-action", args=[1, code]))
        try:
            page = kind.action_url(case, code)
        except NoReverseMatch:  # pragma: no cover - reported below
            page = None
        assert page and resolve(page.split("#")[0]), f"{process}: no page for {code}"


@pytest.mark.parametrize("process", PROCESSES)
def test_every_state_action_and_role_has_a_chinese_label(process):
    kind = PROCESS_TYPES[process]
    model = kind.api.list_serializer.Meta.model
    with translation.override("zh-hans"):
        labels = [str(action.label) for action in kind.actions.values()]
        labels += [str(label) for f in model._meta.concrete_fields if f.choices for _value, label in f.choices]
        labels += [str(label) for _value, label in Role.choices]
        labels += [str(kind.label)]
    missing = [label for label in labels if not CJK.search(label)]
    assert not missing, f"{process}: shown without a Chinese label: {missing}"


def test_the_open_step_is_in_the_actors_inbox_and_announced(scenario):
    from notifications.models import Notification
    from workflows.inbox import open_tasks_for

    s = scenario
    steps = Task.objects.filter(process_id=s.process_id or s.case.pk, status__in=OPEN_TASK, flow_task_type="HUMAN")
    step = next(task for task in steps if open_tasks_for(s.actor).filter(pk=task.pk).exists())
    assert open_tasks_for(s.actor).filter(pk=step.pk).exists()
    assert open_tasks_for(s.outsider).filter(pk=step.pk).exists() is False
    assert Notification.objects.filter(recipient=s.actor, task_id=step.pk).exists()


def test_a_dated_step_is_reminded_then_overdue_then_escalated(scenario):
    from django.conf import settings

    from notifications.models import Kind, Notification
    from workflows.business_days import add_working_days
    from workflows.deadlines import run_deadlines

    s = scenario
    if not s.dated:
        pytest.skip(f"{s.process}: its rules give this step no due date")
    step = Task.objects.filter(process_id=s.process_id or s.case.pk, status__in=OPEN_TASK, data__due__isnull=False)[0]
    due = datetime.date.fromisoformat(step.data["due"])
    notices = Notification.objects.filter(task_id=step.pk)
    run_deadlines(today=due)
    assert notices.filter(recipient=s.actor, kind=Kind.DUE_SOON).exists()
    late = add_working_days(due, settings.ESCALATE_AFTER_WORKING_DAYS + 1).date
    run_deadlines(today=late)
    run_deadlines(today=late)  # once only
    assert notices.filter(recipient=s.actor, kind=Kind.OVERDUE).count() == 1
    supervisors = PROCESS_TYPES[s.process].supervisors(s.case)
    assert supervisors and notices.filter(kind=Kind.ESCALATION).count() == len(supervisors)
