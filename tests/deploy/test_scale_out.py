"""Scale-out as deploy/README.md describes it: two web processes (gunicorn, deploy/gunicorn.conf.py) and two websocket
processes (uvicorn) and a Celery worker, all on one PostgreSQL database and one Redis db, none sharing memory.

A step completed through one web process shows at once in the inbox served by the other; the people of the next
step, signed in on either websocket process, are told live; and a short burst of completions spread over both web
processes gets no error. Costs 20–60 s (five processes start, more on a busy machine); Redis db 11, flushed.
"""

import http.client
import json
import os
import sys
import threading
import time

import pytest
import redis
from celery import Celery
from django.db import connection
from django.test import Client
from viewflow.workflow.models import Task
from websockets.sync.client import connect

from accounts.roles import Role
from accounts.tokens import token_issue
from bench.load import post
from bench.servers import database_url, free_port, gunicorn_argv, processes, uvicorn_argv, wait_for_port
from core.dates import business_today
from tests.factories import UserFactory, grant
from tests.workflows.party.conftest import party  # noqa: F401  (the fixture)
from workflows.party.flows import PartyFlow
from workflows.party.steps.application import case_submit

REDIS_URL = "redis://127.0.0.1:6379/11"


@pytest.fixture
def layout(django_db_setup, tmp_path):
    """Web A and B, websocket 1 and 2, one Celery worker: config.settings.test on this test database and Redis db 11
    (the embedded-looking settings, but with REDIS_URL set everything goes through Redis as in production)."""
    store = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        store.flushdb()
    except redis.RedisError as error:
        pytest.skip(f"Redis is not reachable ({error}); the layout needs it")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(connection.settings_dict),
        "REDIS_URL": REDIS_URL,
        "LOG_LEVEL": "WARNING",
        "GUNICORN_WORKERS": "1",
    }
    web, ws = [free_port(), free_port()], [free_port(), free_port()]
    with processes(prefix="scale-out-") as start:
        started = [start(f"web-{port}", gunicorn_argv(port), env) for port in web]
        started += [start(f"ws-{port}", uvicorn_argv(port), env) for port in ws]
        celery = [sys.executable, "-m", "celery", "-A", "config.celery", "worker", "--pool", "solo", "-l", "WARNING"]
        worker, worker_log = start("worker", celery, env)
        for port, (process, log) in zip(web + ws, started, strict=True):
            wait_for_port(port, process, log)
        wait_for_worker(worker, worker_log)
        yield web, ws
    store.flushdb()


def wait_for_worker(process, log, timeout: float = 120) -> None:
    """Until the Celery worker answers a ping over the broker (on a busy machine it starts well after the others)."""
    probe = Celery(broker=REDIS_URL, set_as_current=False)  # never the current app of the later tests
    deadline = time.monotonic() + timeout
    try:
        while not probe.control.ping(timeout=1):
            assert process.poll() is None, f"the worker exited with {process.returncode}:\n{log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"no answer from the worker in {timeout} s:\n{log.read_text()[-3000:]}"
    finally:
        probe.close()


def inbox(port: int, token: str) -> list[dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", "/api/v1/tasks/?box=todo", headers={"Authorization": f"Token {token}"})
        response = conn.getresponse()
        assert response.status == 200, response.read()[:500]
        return json.loads(response.read())["results"]
    finally:
        conn.close()


def socket_for(port: int, user):
    client = Client()
    client.force_login(user)
    return connect(
        f"ws://127.0.0.1:{port}/ws/events/",
        origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": f"sessionid={client.cookies['sessionid'].value}"},
        proxy=None,
        open_timeout=10,
    )


def new_case(p) -> int:
    applicant = UserFactory(birth_date=p.applicant.birth_date)
    grant(applicant, p.branch, Role.APPLICANT)
    case = case_submit(
        actor=p.secretary,
        payload={"branch_id": p.branch.pk, "person_id": applicant.pk, "date": str(business_today())},
    )
    return Task.objects.get(process_id=case.pk, flow_task=PartyFlow.record_talk).pk


def talk() -> dict:
    return {"date": str(business_today()), "talker_name": "林书记", "content": "了解入党动机"}


@pytest.mark.django_db(transaction=True)  # the servers only see committed rows
def test_two_web_and_two_websocket_processes_serve_one_inbox_and_live_updates(party, layout):  # noqa: F811
    (web_a, web_b), (ws_1, ws_2) = layout
    token = token_issue(user=party.secretary)[1]
    step = new_case(party)
    assert step in {row["task_id"] for row in inbox(web_b, token)}

    with socket_for(ws_1, party.secretary) as secretary, socket_for(ws_2, party.orgmember) as orgmember:
        status, body = post(web_a, f"/api/v1/tasks/{step}/complete/", token, talk())
        assert status == 200, body[:500]
        # Served by the other web process, straight after: the talk is done, designating the activist waits.
        rows = inbox(web_b, token)
        assert step not in {row["task_id"] for row in rows}
        assert "designate_activist" in {row["action"] for row in rows}
        # The next step's people hear of it live on their websocket process, via the Celery worker — except the
        # secretary, whose own action opened it (nobody is notified of their own action).
        frame = json.loads(orgmember.recv(timeout=30))
        assert (frame["type"], frame["kind"]) == ("notification", "task_new")
        with pytest.raises(TimeoutError):
            secretary.recv(timeout=2)

    steps = [new_case(party) for _ in range(12)]
    outcomes, lock = [], threading.Lock()

    def complete(mine: list[int], port: int) -> None:
        for pk in mine:
            status, _body = post(port, f"/api/v1/tasks/{pk}/complete/", token, talk())
            with lock:
                outcomes.append(status)

    threads = [threading.Thread(target=complete, args=(steps[i::4], (web_a, web_b)[i % 2])) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == [200] * len(steps)
    assert not {row["task_id"] for row in inbox(web_a, token)} & set(steps)
