"""The process kit's conformance suite: every rule the kit promises, proven once for every registered process
(scenarios.py builds each one's case): a refused action writes nothing; a success writes one audit event and
answers {case, event_id, warnings}; 404 to outsiders, 403 to insiders without the right, 409 once the step is
done; the list's and the inbox's queries do not grow with their rows; every action is reachable from the API and
the pages; every state, action and role has its Chinese label; the open step is in 待办, announced, and when dated
reminded, overdue and escalated once. Of two people completing one step at once, one wins: test_one_wins.py."""

import datetime
import re

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.models import Q
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import translation
from viewflow.workflow.models import Task

from accounts.roles import Role
from audit.chain import hash_of
from audit.models import AuditEvent
from notifications.models import Notification
from tests.clients import api, page
from tests.workflows.kit.scenarios import BUILDERS, built_once
from workflows.inbox import open_tasks_for
from workflows.kit.engine import OPEN_TASK
from workflows.kit.registry import PROCESS_TYPES

CJK = re.compile(r"[\u4e00-\u9fff]")
PROCESSES = sorted(BUILDERS)


@pytest.fixture(scope="module", params=PROCESSES)
def built(request, django_db_setup, django_db_blocker):
    yield from built_once(request.param, django_db_blocker)


@pytest.fixture
def scenario(built, db):
    """The process's scenario, as built: each test runs in a savepoint rolled back after it."""
    return built


def url(s, view: str, *args) -> str:
    return reverse(f"api-{s.collection}-{view}", args=args)


def written(s) -> tuple:
    """Everything an action may change: the case's columns, its tasks, its process's events, the rows of every table
    of its process (meetings, reviews, versions, tracks…) and the notifications. (Signing a client in is an event
    of its own, of no process.)"""
    case = type(s.case).objects.get(pk=s.case.pk)
    tasks = sorted(Task.objects.filter(process_id=s.process_id or s.case.pk).values_list("pk", "status", "owner_id"))
    rows = [model.objects.count() for model in django_apps.get_app_config(case._meta.app_label).get_models()]
    events = AuditEvent.objects.filter(Q(process=s.process) | Q(case_id=s.case.pk)).count()
    return model_to_dict(case), tasks, events, rows, Notification.objects.count()


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
    event = events.latest("id")
    assert event.pk == body["event_id"] and event.action == s.action
    # The DOMAIN §1.2 fields: who, in which role and organisation, on which business date, from which state to which.
    assert event.actor_id == s.actor.pk and event.actor_name and event.actor_role and event.organisation_id
    assert event.business_date and event.created_at and event.from_state and event.to_state
    assert event.client_type == "api" and len(event.data_hash) == 64 and event.event_hash == hash_of(event)


def test_outsiders_get_404_insiders_without_the_right_403_and_a_done_step_409(scenario):
    s = scenario
    post = url(s, "action", s.case.pk, s.action)
    outsider, insider = api(s.outsider), api(s.insider)
    before = written(s)
    assert outsider.get(url(s, "detail", s.case.pk)).status_code == 404
    assert outsider.get(url(s, "history", s.case.pk)).status_code == 404
    assert s.case.pk not in [row["id"] for row in outsider.get(url(s, "list")).json()["results"]]
    seen = insider.get(url(s, "detail", s.case.pk))
    assert seen.status_code == 200 and seen.json()["available_actions"] == []
    for code in PROCESS_TYPES[s.process].actions:  # whichever action: 404 to the outsider, 403 to the insider
        payload = s.payload if code == s.action else {}
        assert outsider.post(url(s, "action", s.case.pk, code), payload, format="json").status_code == 404, code
        refused = insider.post(url(s, "action", s.case.pk, code), payload, format="json")
        assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied"), code
    assert written(s) == before
    unknown = api(s.actor).post(url(s, "action", s.case.pk, "no_such_action"), {}, format="json")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "unknown_action")
    assert api(s.actor).post(post, s.payload, format="json").status_code == 200
    again = api(s.rival).post(post, s.payload, format="json")
    assert (again.status_code, again.json()["code"]) == (409 if s.loser_code == "task_changed" else 400, s.loser_code)


def test_the_list_and_the_inbox_cost_the_same_queries_however_many_rows(scenario):
    """The process's list (API, and its page when the kit serves one) and the actor's 待办 (page and API), with the
    scenario's one case, then with three more cases each with a step for the actor."""
    s = scenario
    clients = {"api": api(s.actor), "page": page(s.actor)}
    lists = [("api", url(s, "list")), ("api", "/api/v1/tasks/?page_size=200"), ("page", "/tasks/")]
    pages = PROCESS_TYPES[s.process].pages
    if pages is not None and pages.list_name:
        lists.append(("page", reverse(pages.list_name)))

    def statements() -> list[int]:
        counts = []
        for client, address in lists:
            clients[client].get(address)  # warm the caches (and the session's expiry, pushed on at most once a minute)
            with CaptureQueriesContext(connection) as queries:
                assert clients[client].get(address).status_code == 200, address
            counts.append(len(queries))
        return counts

    few = statements()
    s.more(3)
    assert clients["api"].get(url(s, "list")).json()["count"] >= 4
    assert len(open_tasks_for(s.actor)) >= 4
    assert statements() == few


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
    s = scenario
    steps = Task.objects.filter(process_id=s.process_id or s.case.pk, status__in=OPEN_TASK, flow_task_type="HUMAN")
    step = next(task for task in steps if open_tasks_for(s.actor).filter(pk=task.pk).exists())
    assert open_tasks_for(s.actor).filter(pk=step.pk).exists()
    assert open_tasks_for(s.outsider).filter(pk=step.pk).exists() is False
    assert Notification.objects.filter(recipient=s.actor, task_id=step.pk).exists()


def test_a_dated_step_is_reminded_then_overdue_then_escalated(scenario):
    from django.conf import settings

    from notifications.models import Kind
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
