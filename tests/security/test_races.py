"""Races on one step, from separate PostgreSQL connections, repeated: two people completing it, complete against
transfer, complete against return, return against withdraw, on the party and community engines and on the shared
approval engine, through the shared task services (workflows/services.py) and the engines' own actions.

Every round: exactly one action wins and the other is refused with a stable code; the case holds exactly the
winner's audit event and no notification twice; both transactions ended (no thread left running, no backend
left waiting for a lock). ``STEPWISE_LONG=1`` raises the rounds (README, "Longer security runs").
"""

import datetime
import queue
import threading
from collections import Counter
from functools import partial

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from viewflow.workflow.models import Task

from accounts.models import OrganisationKind as K
from accounts.roles import Role
from audit.models import AuditEvent
from audit.verification import verify_all
from core.dates import business_today
from core.exceptions import ApplicationError
from notifications import services as notification_services
from notifications.models import Notification
from tests.approval_flow.flows import ApprovalTestFlow
from tests.factories import OrganisationFactory, UserFactory, grant
from tests.security.conftest import LONG
from tests.workflows.community.factories import FEATURE_FORM, ensure_forms, pdf
from tests.workflows.community.factories import run_action as community_action
from tests.workflows.party.factories import run_action as party_run_action
from workflows import services
from workflows.community.models import Application, Kind, Status
from workflows.kit.engine import start_case
from workflows.party.models import PartyCase
from workflows.party.steps.application import case_submit

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 2000 if LONG else 30  # the normal run keeps `make test` well within its 15 minutes
WAIT = 60  # seconds a round may take before it counts as hung (a deadlock nobody broke)


class Racers:
    """Threads with a PostgreSQL connection each, kept for every round; each round starts its actions together at
    a barrier. An action's outcome is "ok", the refusal's code, or the unexpected error's name."""

    def __init__(self, size: int):
        self.barrier = threading.Barrier(size)
        self.jobs = [queue.Queue() for _ in range(size)]
        self.outcomes = queue.Queue()
        self.threads = [threading.Thread(target=self._serve, args=(index,), daemon=True) for index in range(size)]
        for thread in self.threads:
            thread.start()

    def _serve(self, index: int) -> None:
        try:
            with connection.cursor() as cursor:  # a lock wait that outlives the round fails instead of hanging
                cursor.execute(f"SET lock_timeout = '{WAIT}s'")
            while (job := self.jobs[index].get()) is not None:
                self.outcomes.put((index, self._attempt(job)))
        finally:
            connection.close()

    def _attempt(self, job) -> str:
        try:
            self.barrier.wait(timeout=WAIT)
            job()
        except ApplicationError as error:
            return error.code
        except PermissionDenied:
            return "permission_denied"
        except Exception as error:  # noqa: BLE001  (reported as the round's outcome, which fails the test)
            return f"{type(error).__name__}: {error}"
        return "ok"

    def __call__(self, *jobs) -> list[str]:
        for index, job in enumerate(jobs):
            self.jobs[index].put(job)
        outcomes = [None] * len(jobs)
        for _job in jobs:
            index, outcome = self.outcomes.get(timeout=WAIT)  # queue.Empty: a thread hangs
            outcomes[index] = outcome
        return outcomes

    def stop(self) -> None:
        for jobs in self.jobs:
            jobs.put(None)
        for thread in self.threads:
            thread.join(timeout=WAIT)
        assert not any(thread.is_alive() for thread in self.threads)


@pytest.fixture
def racers():
    """racers(n) starts n threads; the test's rounds run on them, and every thread must end with the test."""
    pools = []

    def start(size: int = 2) -> Racers:
        pools.append(Racers(size))
        return pools[-1]

    yield start
    for pool in pools:
        pool.stop()


@pytest.fixture(autouse=True)
def no_delivery(monkeypatch):
    """The outbox rows are written (and checked); sending them is the fault tests' business and only slows rounds."""
    monkeypatch.setattr(notification_services, "_deliver_soon", lambda: None)


def waiting_backends() -> int:
    """Backends of this database waiting for a lock, or holding one they are not granted."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE NOT l.granted AND a.datname = current_database()"
        )
        (locks,) = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        (waiting,) = cursor.fetchone()
    return locks + waiting


class Round:
    """What one round wrote for a case: its audit events and notifications, compared with the winner's."""

    def __init__(self, process: str, case_id: int):
        self.process, self.case_id = process, case_id
        self.last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        self.last_notice = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def check(self, outcomes: list[str], actions: list[str], losers: set[str]) -> int:
        """Exactly one outcome is "ok", the others refusals in ``losers``; the case gained exactly the winner's
        event; no notification twice. Returns the winner's index."""
        assert outcomes.count("ok") == 1, outcomes
        winner = outcomes.index("ok")
        assert {o for o in outcomes if o != "ok"} <= losers, outcomes
        events = AuditEvent.objects.filter(process=self.process, case_id=self.case_id, pk__gt=self.last_event)
        assert list(events.values_list("action", flat=True)) == [actions[winner]], outcomes
        notices = Notification.objects.filter(pk__gt=self.last_notice)
        twice = Counter(notices.values_list("recipient_id", "kind", "task_id", "title"))
        assert max(twice.values(), default=1) == 1, twice
        assert waiting_backends() == 0
        return winner


def open_human_task(process_id: int, node=None) -> Task:
    tasks = Task.objects.filter(process_id=process_id, flow_task_type="HUMAN", status__in=["NEW", "ASSIGNED"])
    if node is not None:
        tasks = tasks.filter(flow_task=node)
    return tasks.select_related("process").get()


def assert_chains_intact():
    checked, broken = verify_all()
    assert broken is None and checked > 0


# Party (发展党员): the talk (step 2) is a queue step of the branch's officers.


@pytest.fixture
def officers(party):
    party.deputy = UserFactory(real_name="副书记")
    grant(party.deputy, party.branch, Role.BRANCH_SECRETARY)
    return party


def talk_task(p) -> Task:
    """A new application (one open case per person, so a new person): its talk waits for the officers."""
    person = UserFactory(birth_date=datetime.date(2000, 5, 4))
    grant(person, p.branch, Role.APPLICANT)
    applied = business_today() - datetime.timedelta(days=3)
    case = case_submit(actor=p.secretary, payload={"branch_id": p.branch.pk, "date": applied, "person_id": person.pk})
    return open_human_task(case.pk)


def talk(officer) -> dict:
    return {"date": business_today(), "talker_name": officer.real_name, "content": "谈话"}


def test_two_officers_completing_the_talk_one_from_the_inbox_one_from_the_case_page(officers, racers):
    p, race = officers, racers(2)
    for _round in range(ROUNDS):
        task = talk_task(p)
        watch = Round("party", task.process_id)
        outcomes = race(
            partial(services.task_complete, task=task, user=p.secretary, payload=talk(p.secretary)),
            partial(
                party_run_action,
                case_id=task.process_id,
                code="record_talk",
                actor=p.orgmember,
                payload=talk(p.orgmember),
            ),
        )
        winner = watch.check(outcomes, ["record_talk", "record_talk"], {"task_changed"})
        task.refresh_from_db()
        assert task.status == "DONE" and task.owner == [p.secretary, p.orgmember][winner]
        assert PartyCase.objects.get(pk=task.process_id).version == 1  # one talk recorded, not two
    assert_chains_intact()


def test_completing_the_talk_against_handing_it_to_someone_else(officers, racers):
    """The organisation member completes the talk while the secretary hands it to the deputy. When the hand-over
    wins, the deputy puts the step back in the queue and the next round races on it again."""
    p, race, task = officers, racers(2), None
    for _round in range(ROUNDS):
        if task is None or task.status == "DONE":
            task = talk_task(p)
        watch = Round("party", task.process_id)
        outcomes = race(
            partial(services.task_complete, task=task, user=p.orgmember, payload=talk(p.orgmember)),
            partial(services.task_transfer, task=task, user=p.secretary, to_user=p.deputy, reason="出差"),
        )
        winner = watch.check(outcomes, ["record_talk", "transfer"], {"task_changed", "task_claimed"})
        task.refresh_from_db()
        if winner == 0:
            assert task.status == "DONE" and task.owner == p.orgmember
        else:
            assert task.status == "ASSIGNED" and task.owner == p.deputy and task.data["claimed_by"] == p.deputy.pk
            task = services.task_unclaim(task=task, user=p.deputy)
    assert_chains_intact()


# Community (教育共同体): the bureau's review is a 或签 of its two reviewers, and the member school may withdraw.


class FeaturePlans:
    """Feature plans (特色发展申报) of one member school, cycled back to the bureau's review after every return or
    withdrawal. A filed plan is done: the next is drafted for the next school year (one per pair and year), and a
    new member school joins the community when the years run out."""

    def __init__(self, o):
        self.o, self.application, self.school, self.lead, self.year = o, None, None, None, 2100

    def _draft(self) -> Application:
        if self.year == 2100:
            self.school = OrganisationFactory.create(kind=K.SCHOOL, parent=self.o.fusion)
            self.lead = UserFactory()
            grant(self.lead, self.school, Role.MEMBER_SCHOOL)
            self.year = 2000
        self.year += 1
        payload = {
            "kind": Kind.FEATURE,
            "community": self.o.fusion.pk,
            "member_school": self.school.pk,
            "school_year": self.year,
            "title": "特色发展",
            "form": FEATURE_FORM,
            "plan_id": pdf(self.lead),
        }
        return start_case(process="community", actor=self.lead, payload=payload).case

    def review(self) -> Task:
        """Draft (or returned, or withdrawn) → the core school's opinion → submitted: the review is open."""
        if self.application is None or Application.objects.get(pk=self.application.pk).stage == Status.FILED:
            self.application = self._draft()
        opinion = {"opinion": "同意", "date": business_today()}
        for code, actor, payload in [
            ("request_consultation", self.lead, {}),
            ("record_consultation", self.o.core_lead, opinion),
            ("submit", self.lead, {}),
        ]:
            community_action(case_id=self.application.pk, code=code, actor=actor, payload=payload)
        return open_human_task(self.application.pk)


@pytest.fixture
def plans(yuhuan):
    ensure_forms()
    return FeaturePlans(yuhuan)


def test_a_reviewer_filing_another_returning_and_the_school_withdrawing_at_once(yuhuan, plans, racers):
    """Complete against return, return against withdraw (and complete against withdraw) in every round."""
    o, race = yuhuan, racers(3)
    for _round in range(ROUNDS):
        task = plans.review()
        filing = {"decision": "approve", "filing_number": f"YH-R-{task.pk}", "filing_date": business_today()}
        version = Application.objects.get(pk=task.process_id).version
        watch = Round("community", task.process_id)
        outcomes = race(
            partial(services.task_complete, task=task, user=o.basic_edu, payload=filing),
            partial(services.task_return, task=task, user=o.basic_edu2, to_step="draft", reason="请补充"),
            partial(services.task_withdraw, task=task, user=plans.lead),
        )
        winner = watch.check(outcomes, ["file", "return", "withdraw"], {"action_not_available"})
        application = Application.objects.get(pk=task.process_id)
        assert application.stage == [Status.FILED, Status.RETURNED, Status.WITHDRAWN][winner]
        assert application.version == version + 1  # one decision, not two
        if winner:
            assert open_human_task(task.process_id).flow_task.name == "draft"  # back with the school, once
    assert_chains_intact()


# The shared approval engine (workflows/approvals.py) on a flow that does not decide its own approvals.


class Reviews:
    """One process cycled back to review after every return or withdrawal; a new one once approved."""

    def __init__(self, initiator, approvers):
        self.initiator, self.approvers, self.process = initiator, approvers, None

    def review(self) -> Task:
        if self.process is not None:
            self.process.refresh_from_db()
        if self.process is None or self.process.data.get("outcome") == "approved":
            self.process = ApprovalTestFlow.start.run(initiator=self.initiator, approvers=self.approvers, mode="any")
        drafting = open_human_task(self.process.pk, ApprovalTestFlow.draft)
        with drafting.activation() as activation:
            activation.start(None)
            activation.execute()
        self.process.refresh_from_db()
        return open_human_task(self.process.pk, ApprovalTestFlow.review)


@pytest.fixture
def reviews():
    initiator, first, second = UserFactory(), UserFactory(), UserFactory()
    return Reviews(initiator, [first, second])


def test_an_approver_approving_while_the_other_returns(reviews, racers):
    (first, second), race = reviews.approvers, racers(2)
    for _round in range(ROUNDS):
        task = reviews.review()
        watch = Round("approval_test", task.process_id)
        outcomes = race(
            partial(services.task_complete, task=task, user=first, payload={"decision": "approve"}),
            partial(services.task_return, task=task, user=second, to_step="draft", reason="退回"),
        )
        winner = watch.check(outcomes, ["approve", "return"], {"task_changed"})
        reviews.process.refresh_from_db()
        assert reviews.process.data["outcome"] == ["approved", "returned"][winner]
    assert_chains_intact()


def test_an_approver_returning_while_the_initiator_withdraws(reviews, racers):
    (first, _second), race = reviews.approvers, racers(2)
    for _round in range(ROUNDS):
        task = reviews.review()
        watch = Round("approval_test", task.process_id)
        outcomes = race(
            partial(services.task_return, task=task, user=first, to_step="draft", reason="退回"),
            partial(services.task_withdraw, task=task, user=reviews.initiator),
        )
        winner = watch.check(outcomes, ["return", "withdraw"], {"task_changed"})
        reviews.process.refresh_from_db()
        assert reviews.process.data["outcome"] == ["returned", "withdrawn"][winner]
        assert open_human_task(task.process_id).flow_task == ApprovalTestFlow.draft
    assert_chains_intact()
