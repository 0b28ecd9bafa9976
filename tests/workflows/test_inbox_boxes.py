"""The four boxes, their filters and saved filters; Chinese at phone width. (Their query counts:
test_inbox_queries.py.)"""

import datetime

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.roles import Role
from tests.factories import UserFactory, grant
from workflows.party.steps.application import case_submit

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def add_cases(party, count, date="2026-11-01"):
    ids = []
    for _ in range(count):
        person = UserFactory(birth_date=datetime.date(1995, 5, 5))
        grant(person, party.branch, Role.APPLICANT)  # staff enter applications of their branch's people
        ids.append(
            case_submit(
                actor=party.secretary, payload={"branch_id": party.branch.pk, "date": date, "person_id": person.pk}
            ).pk
        )
    return ids


def box(user, name, **params):
    return api(user).get("/api/v1/tasks/", {"box": name, "page_size": 200, **params}).json()


def test_each_box_holds_what_it_says(party):
    mine = case_submit(actor=party.applicant, payload={"branch_id": party.branch.pk}, today=datetime.date(2026, 11, 1))
    assert [r["case_id"] for r in box(party.secretary, "todo")["results"]] == [mine.pk]
    assert [r["case_id"] for r in box(party.applicant, "initiated")["results"]] == [mine.pk]
    assert box(party.applicant, "todo")["count"] == 0
    api(party.secretary).post(
        f"/api/v1/tasks/{box(party.secretary, 'todo')['results'][0]['task_id']}/complete/",
        {"date": "2026-11-02", "talker_name": "x", "content": "x"},
        format="json",
    )
    done = box(party.secretary, "done")["results"]
    assert [(r["case_id"], r["step"]) for r in done] == [(mine.pk, "record_talk")]
    assert box(party.orgmember, "done")["count"] == 0
    assert box(party.applicant, "cc")["count"] == 0


def test_filters_narrow_the_todo_box(party):
    late, recent = add_cases(party, 1, "2026-09-01"), add_cases(party, 1, "2026-11-10")
    assert [r["case_id"] for r in box(party.secretary, "todo", overdue="1")["results"]] == late
    assert box(party.secretary, "todo", step="record_talk")["count"] == 2
    assert box(party.secretary, "todo", step="pre_review")["count"] == 0
    assert box(party.secretary, "todo", step="no_such_step")["count"] == 0
    assert box(party.secretary, "todo", organisation=str(party.tree.other_branch.pk))["count"] == 0
    assert [r["case_id"] for r in box(party.secretary, "todo", ordering="-due")["results"]] == recent + late
    response = api(party.secretary).get("/api/v1/tasks/", {"box": "nonsense"})
    assert response.status_code == 400 and response.json()["code"] == "invalid"


def test_saved_filters_are_kept_and_shared_with_a_team(party):
    body = {"name": "逾期谈话", "params": {"step": "record_talk", "overdue": "1"}, "shared_with": party.branch.pk}
    assert api(party.secretary).post("/api/v1/inbox/filters/", body, format="json").status_code == 201
    assert [f["name"] for f in api(party.orgmember).get("/api/v1/inbox/filters/").json()["results"]] == ["逾期谈话"]
    assert api(party.outsider).get("/api/v1/inbox/filters/").json()["results"] == []
    body["shared_with"] = party.tree.other_branch.pk  # not a member there
    assert api(party.secretary).post("/api/v1/inbox/filters/", body, format="json").status_code == 403


def test_the_four_boxes_render_in_chinese_for_a_phone(party):
    add_cases(party, 2)
    client = Client()
    client.force_login(party.secretary)
    for name, label in [("todo", "待办"), ("done", "已办"), ("initiated", "我发起的"), ("cc", "抄送我的")]:
        page = client.get("/tasks/", {"box": name}).content.decode()
        assert 'name="viewport" content="width=device-width' in page
        assert f'aria-current="page">{label}</a>' in page


def test_take_and_release_from_the_page_and_bulk_take(party):
    first, second = add_cases(party, 2)
    client = Client()
    client.force_login(party.orgmember)
    tasks = [r["task_id"] for r in box(party.orgmember, "todo")["results"]]
    assert client.post(f"/tasks/{tasks[0]}/claim/").status_code == 302
    assert box(party.orgmember, "todo")["results"][0]["owner"] == "王组织"
    assert client.post(f"/tasks/{tasks[0]}/unclaim/").status_code == 302
    client.post("/tasks/bulk-claim/", {"task": tasks})
    assert {r["owner"] for r in box(party.orgmember, "todo")["results"]} == {"王组织"}
    assert box(party.secretary, "todo")["count"] == 0  # taken by someone else: out of the queue


def test_a_queue_never_offers_a_step_to_someone_who_could_not_complete_it(party):
    add_cases(party, 1)
    viewer = UserFactory()
    grant(viewer, party.tree.bureau, Role.AUDITOR)
    assert box(viewer, "todo")["count"] == 0
