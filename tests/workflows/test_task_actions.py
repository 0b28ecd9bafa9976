"""Claim, unclaim, transfer, complete, comment, cc, remind, bulk and delegation: yes and no cases."""

import datetime

import pytest
from rest_framework.test import APIClient

from accounts.roles import Role
from audit.models import AuditEvent
from tests.factories import UserFactory, grant
from tests.workflows.party.conftest import case_before, submit
from workflows.access import delegators_of
from workflows.models import CaseCc, Comment, Reminder
from workflows.party.models import PartyCase

pytestmark = pytest.mark.django_db
TALK = {"date": "2026-11-05", "talker_name": "林书记", "content": "谈话"}


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def talk_task(case_id):
    return PartyCase.objects.get(pk=case_id).task_set.get(flow_task_type="HUMAN", status__in=["NEW", "ASSIGNED"]).pk


def post(user, task_id, action, body=None):
    return api(user).post(f"/api/v1/tasks/{task_id}/{action}/", body or {}, format="json")


@pytest.fixture
def task(party):
    return talk_task(submit(party, date="2026-11-01"))


def test_claim_then_others_cannot_complete_until_it_is_released(party, task):
    assert post(party.secretary, task, "claim").json()["owner"] == "林书记"
    response = post(party.orgmember, task, "complete", TALK)
    assert response.status_code == 409 and response.json()["code"] == "task_claimed"
    assert post(party.orgmember, task, "claim").json()["code"] == "task_changed"
    assert post(party.orgmember, task, "unclaim").status_code == 403
    assert post(party.secretary, task, "unclaim").status_code == 200
    assert post(party.orgmember, task, "complete", TALK).status_code == 200
    assert post(party.secretary, task, "claim").json()["code"] == "task_changed"  # done now
    assert list(AuditEvent.objects.filter(action__in=["claim", "unclaim"]).values_list("action", flat=True)) == [
        "claim",
        "unclaim",
    ]


def test_claim_is_refused_to_a_person_without_the_queues_right(party, task):
    assert post(party.members[0], task, "claim").status_code == 404  # cannot even see the case
    auditor = UserFactory()
    grant(auditor, party.tree.bureau, Role.AUDITOR)
    assert post(auditor, task, "claim").status_code == 403
    assert post(party.outsider, task, "claim").status_code == 404


def test_transfer_to_an_eligible_person_with_a_reason(party, task):
    response = post(party.secretary, task, "transfer", {"to_user_id": party.orgmember.pk, "reason": "出差"})
    assert response.status_code == 200 and response.json()["owner"] == "王组织"
    assert post(party.secretary, task, "complete", TALK).json()["code"] == "task_claimed"
    assert post(party.orgmember, task, "complete", TALK).status_code == 200
    event = AuditEvent.objects.get(action="transfer")
    assert event.reason == "出差" and event.data["to"] == party.orgmember.pk


@pytest.mark.parametrize(
    ("target", "reason", "code"),
    [
        ("member", "出差", "transfer_target_ineligible"),
        ("committee", "出差", "transfer_target_ineligible"),
        ("orgmember", "", "reason_required"),
        ("secretary", "x", "transfer_target_ineligible"),
    ],
)
def test_transfer_refusals(party, task, target, reason, code):
    to = {
        "member": party.members[0],
        "committee": party.committeemen[0],
        "orgmember": party.orgmember,
        "secretary": party.secretary,
    }[target]
    response = post(party.secretary, task, "transfer", {"to_user_id": to.pk, "reason": reason})
    assert response.json()["code"] == code
    assert not AuditEvent.objects.filter(action="transfer").exists()


def test_transfer_by_someone_who_cannot_act_is_403(party, task):
    auditor = UserFactory()
    grant(auditor, party.tree.bureau, Role.AUDITOR)
    assert post(auditor, task, "transfer", {"to_user_id": party.orgmember.pk, "reason": "x"}).status_code == 403


def test_comments_with_attachments_show_in_the_history(party, task):
    response = post(party.secretary, task, "comment", {"body": "请补充材料"})
    assert response.status_code == 201
    assert Comment.objects.get().body == "请补充材料"
    assert AuditEvent.objects.filter(action="comment", comment="请补充材料").exists()
    assert post(party.secretary, task, "comment", {"body": " "}).json()["code"] == "comment_empty"
    assert post(party.outsider, task, "comment", {"body": "x"}).status_code == 404


def test_cc_gives_read_access_only(party, task):
    case_id = PartyCase.objects.get().pk
    reader = UserFactory(real_name="校长")
    grant(reader, party.tree.school, Role.SCHOOL_DEPT)
    assert api(reader).get(f"/api/v1/party/cases/{case_id}/").status_code == 404
    response = api(party.secretary).post(f"/api/v1/cases/party/{case_id}/cc/", {"user_ids": [reader.pk]}, format="json")
    assert response.status_code == 200
    assert api(reader).get(f"/api/v1/party/cases/{case_id}/").status_code == 200
    assert post(reader, task, "complete", TALK).status_code == 403
    box = api(reader).get("/api/v1/tasks/", {"box": "cc"}).json()
    assert [row["case_id"] for row in box["results"]] == [case_id]


def test_cc_refusals(party, task):
    case_id = PartyCase.objects.get().pk
    stranger = UserFactory()
    grant(stranger, party.tree.other_branch, Role.MEMBER)
    response = api(party.secretary).post(
        f"/api/v1/cases/party/{case_id}/cc/", {"user_ids": [stranger.pk]}, format="json"
    )
    assert response.json()["code"] == "cc_target_ineligible"
    auditor = UserFactory()
    grant(auditor, party.tree.bureau, Role.AUDITOR)
    response = api(auditor).post(
        f"/api/v1/cases/party/{case_id}/cc/", {"user_ids": [party.orgmember.pk]}, format="json"
    )
    assert response.status_code == 403 and not CaseCc.objects.exists()


def test_the_initiator_reminds_at_most_once_a_day(party, task):
    case_id = PartyCase.objects.get().pk
    url = f"/api/v1/cases/party/{case_id}/remind/"
    assert api(party.secretary).post(url).status_code == 403  # not the initiator
    assert api(party.applicant).post(url).status_code == 200
    response = api(party.applicant).post(url)
    assert response.status_code == 429 and response.json()["code"] == "remind_too_soon"
    assert Reminder.objects.count() == 1


def test_the_initiator_withdraws_through_the_case_api(party, task):
    case_id = PartyCase.objects.get().pk
    assert api(party.secretary).post(f"/api/v1/cases/party/{case_id}/withdraw/").status_code == 200
    assert PartyCase.objects.get().case_status == "WITHDRAWN"
    response = api(party.applicant).post(f"/api/v1/cases/party/{case_id}/withdraw/")
    assert response.json()["code"] == "action_not_available"


def test_bulk_claim_reports_each_item(party):
    mine = talk_task(submit(party, date="2026-11-01"))
    other = UserFactory(birth_date=datetime.date(1999, 1, 1))
    grant(other, party.tree.other_branch, Role.APPLICANT)
    from workflows.party.steps.application import case_submit

    foreign = case_submit(
        actor=other, payload={"branch_id": party.tree.other_branch.pk}, today=datetime.date(2026, 11, 1)
    )
    foreign_task = talk_task(foreign.pk)
    post(party.orgmember, mine, "claim")
    response = api(party.secretary).post(
        "/api/v1/tasks/bulk/", {"action": "claim", "task_ids": [mine, foreign_task, 999999]}, format="json"
    )
    results = {r["id"]: r for r in response.json()}
    assert results[mine]["code"] == "task_changed"
    assert results[foreign_task]["code"] == "not_found" and results[999999]["code"] == "not_found"


def test_bulk_complete_checks_every_item_on_its_own(party):
    ready = case_before(party, "file_activist")
    party.applicant = UserFactory(birth_date=datetime.date(1998, 1, 1))
    grant(party.applicant, party.branch, Role.APPLICANT)
    early = submit(party, date="2026-11-01")
    tasks = [PartyCase.objects.get(pk=ready).task_set.get(status="NEW").pk, talk_task(early)]
    response = api(party.orgmember).post(
        "/api/v1/tasks/bulk/",
        {"action": "complete", "task_ids": tasks, "payload": {"date": "2023-09-20"}},
        format="json",
    )
    first, second = response.json()
    assert first["ok"] and not second["ok"] and second["code"] == "invalid"
    assert PartyCase.objects.get(pk=ready).activist_filed_date == datetime.date(2023, 9, 20)


def test_delegation_puts_the_persons_claimed_steps_in_the_substitutes_box(party, task):
    deputy = UserFactory(real_name="副书记")
    grant(deputy, party.branch, Role.BRANCH_SECRETARY)
    post(party.secretary, task, "claim")
    today = datetime.date.today()
    body = {
        "substitute_id": deputy.pk,
        "starts_on": str(today - datetime.timedelta(days=1)),
        "ends_on": str(today + datetime.timedelta(days=7)),
    }
    assert api(party.secretary).put("/api/v1/me/delegation/", body, format="json").status_code == 200
    todo = api(deputy).get("/api/v1/tasks/").json()["results"]
    assert [row["task_id"] for row in todo] == [task]
    assert post(deputy, task, "complete", TALK).status_code == 200
    event = AuditEvent.objects.get(action="record_talk")
    assert event.actor == deputy and event.on_behalf_of == "代表 林书记"
    ended = api(party.secretary).put("/api/v1/me/delegation/", {"substitute_id": None}, format="json")
    assert ended.json() == {"delegation": None}
    assert delegators_of(deputy) == []
    assert AuditEvent.objects.filter(process="admin", action__startswith="delegation").count() == 2


def test_a_substitute_without_the_same_roles_is_refused(party):
    today = datetime.date.today()
    body = {"substitute_id": party.members[0].pk, "starts_on": str(today), "ends_on": str(today)}
    response = api(party.secretary).put("/api/v1/me/delegation/", body, format="json")
    assert response.json()["code"] == "substitute_lacks_role"


def test_shared_task_actions_record_the_clients_address_behind_the_proxy(party, task, settings):
    """Claim, unclaim and comments are written by services that are handed no request (issue 15 item 12): their
    events still carry the client's address as nginx saw it, and the kind of client the server decided."""
    settings.TRUSTED_PROXIES = 1
    behind_nginx = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9", "HTTP_X_CLIENT_TYPE": "wechat"}
    client = api(party.secretary)
    for action in ("claim", "unclaim"):
        assert client.post(f"/api/v1/tasks/{task}/{action}/", {}, format="json", **behind_nginx).status_code == 200
    events = AuditEvent.objects.filter(action__in=["claim", "unclaim"]).values_list("action", "ip", "client_type")
    assert sorted(events) == [("claim", "203.0.113.9", "api"), ("unclaim", "203.0.113.9", "api")]
