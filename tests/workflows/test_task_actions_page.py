"""Every task action on the page (issue 16 item 3): 认领 / 释放, 转交, 加签 (also on a step decided by one person),
同意 / 不同意, 退回, 撤回, 催办, 抄送 and comments. Each is offered only when the person can take it now, its POST
writes exactly one audit event, bad input answers 422 with the error next to its field and changes nothing, an
outsider gets 404 and an insider without the right 403."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from viewflow.workflow.models import Task

from accounts.models import Organisation
from accounts.roles import Role
from audit.models import AuditEvent
from tests.approval_flow.flows import ApprovalTestFlow
from tests.clients import api, page
from tests.factories import UserFactory, grant
from tests.workflows.party.conftest import submit
from workflows.models import Approval, ApprovalSlot, Reminder
from workflows.party.models import PartyCase

pytestmark = pytest.mark.django_db
TALK = {"date": "2026-11-05", "talker_name": "林书记", "content": "谈话"}


def talk_task(case_id) -> int:
    return PartyCase.objects.get(pk=case_id).task_set.get(flow_task_type="HUMAN", status__in=["NEW", "ASSIGNED"]).pk


def act(task_id, action):
    return reverse("task-action", args=[task_id, action])


def actions_in(html: str, task_id) -> set[str]:
    """The task actions the page's forms post for the step."""
    return set(re.findall(rf'action="/tasks/{task_id}/(\w+)/"', html))


def offered(user, task_id) -> str:
    """The step's page as the person sees it."""
    response = page(user).get(reverse("task-page", args=[task_id]))
    assert response.status_code == 200
    return response.content.decode()


def posted(user, task_id, action, data=None):
    """POST a task action from the page; returns (response, the audit events it wrote)."""
    client = page(user)  # signing in is an event of its own
    before = AuditEvent.objects.count()
    response = client.post(act(task_id, action), {"next": "/tasks/", **(data or {})})
    return response, list(AuditEvent.objects.order_by("pk")[before:].values_list("action", flat=True))


def said(message: str) -> str:
    """A message as the page shows it (in the deployment's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(translation.gettext(message))


def error_next_to(html: str, input_id: str) -> str:
    """The error shown under the input, which points to it (aria-describedby)."""
    assert re.search(rf'aria-describedby="[^"]*{input_id}_error"', html)
    found = re.search(rf'<div class="error" id="{input_id}_error">(.*?)</div>\s*</div>', html, re.S)
    assert found, f"no error next to {input_id}"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


@pytest.fixture
def task(party):
    return talk_task(submit(party, date="2026-11-01"))


@pytest.fixture
def auditor(party):
    person = UserFactory(real_name="审计员")
    grant(person, party.tree.bureau, Role.AUDITOR)
    return person


# ---- 认领 / 释放 ----


def test_take_is_offered_to_the_queue_and_release_to_whoever_took_it(party, task):
    assert actions_in(offered(party.secretary, task), task) == {"claim", "transfer", "add_approver"}
    response, events = posted(party.secretary, task, "claim")
    assert response.status_code == 302 and events == ["claim"]
    assert actions_in(offered(party.secretary, task), task) == {"unclaim", "transfer", "add_approver"}
    assert actions_in(offered(party.orgmember, task), task) == set()  # taken by someone else: nothing to do
    response, events = posted(party.secretary, task, "unclaim")
    assert response.status_code == 302 and events == ["unclaim"]


def test_an_outsider_gets_404_and_an_insider_without_the_right_403(party, task, auditor):
    assert page(party.outsider).get(reverse("task-page", args=[task])).status_code == 404
    for action in ("claim", "transfer", "add_approver"):
        assert posted(party.outsider, task, action)[0].status_code == 404
    html = offered(auditor, task)  # sees the case, may do nothing on the step
    assert actions_in(html, task) == set()
    for action, data in (("claim", {}), ("transfer", {"to_user_id": party.orgmember.pk, "reason": "x"})):
        response, events = posted(auditor, task, action, data)
        assert response.status_code == 403 and events == []
    assert posted(party.secretary, task, "nonsense")[0].status_code == 404


# ---- 转交 ----


def test_transfer_offers_only_people_who_could_take_the_step(party, task):
    html = offered(party.secretary, task)
    assert act(task, "transfer") in html
    choices = re.search(r'name="to_user_id".*?</select>', html, re.S).group(0)
    assert party.orgmember.real_name in choices
    assert party.secretary.real_name not in choices and party.committeemen[0].real_name not in choices
    response, events = posted(party.secretary, task, "transfer", {"to_user_id": party.orgmember.pk, "reason": "出差"})
    assert response.status_code == 302 and events == ["transfer"]
    assert Task.objects.get(pk=task).owner == party.orgmember


@pytest.mark.parametrize(
    ("data", "field", "says"),
    [
        ({"to_user_id": "orgmember", "reason": " "}, "reason", "Give a reason for the transfer."),
        ({"to_user_id": "committee", "reason": "出差"}, "to_user_id", "This person cannot take this step."),
        ({"to_user_id": "", "reason": "出差"}, "to_user_id", "Choose a person from the list."),
    ],
)
def test_bad_transfer_input_is_422_with_the_error_next_to_its_field(party, task, data, field, says):
    people = {"orgmember": party.orgmember.pk, "committee": party.committeemen[0].pk, "": ""}
    response, events = posted(party.secretary, task, "transfer", {**data, "to_user_id": people[data["to_user_id"]]})
    assert response.status_code == 422 and events == []
    inputs = {"reason": f"t{task}-transfer-reason", "to_user_id": f"t{task}-transfer-to"}
    assert error_next_to(response.content.decode(), inputs[field]) == said(says)
    assert Task.objects.get(pk=task).owner_id is None


# ---- 加签 on a step decided by one person (the party talk, step 2) ----


def test_add_is_offered_with_who_may_decide_before_and_who_may_also_complete(party, task):
    html = offered(party.secretary, task)
    assert act(task, "add_approver") in html
    anywhere = re.search(r'<optgroup data-where="anywhere"[^>]*>(.*?)</optgroup>', html, re.S)
    before_only = re.search(r'<optgroup data-where="before"[^>]*>(.*?)</optgroup>', html, re.S)
    assert party.orgmember.real_name in anywhere.group(1)  # holds the step's right: may complete it
    assert party.committeemen[0].real_name in before_only.group(1)  # works on the case, may not record the talk
    assert party.applicant.real_name not in html.split("add_approver")[1]
    assert act(task, "add_approver") not in offered(party.committeemen[0], task)


def test_a_committee_member_added_before_signs_then_the_secretary_records_the_talk(party, task):
    member = party.committeemen[0]
    response, events = posted(party.secretary, task, "add_approver", {"user_id": member.pk, "where": "before"})
    assert response.status_code == 302 and events == ["add_approver"]
    step = Task.objects.get(pk=task)
    assert step.owner == party.secretary and step.data["sign_off"] == party.secretary.pk
    # The secretary waits: no form, no sign; the API's completion is refused too.
    mine = offered(party.secretary, task)
    assert act(task, "approve") not in mine and 'data-action="complete"' not in mine
    assert api(party.secretary).post(f"/api/v1/tasks/{task}/complete/", TALK, format="json").json()["code"] == (
        "sign_off_pending"
    )
    case_page, talk_form = reverse("party-case", args=[step.process_id]), f"/party/{step.process_id}/act/record_talk/"
    assert talk_form not in page(party.secretary).get(case_page).content.decode()  # the case page's own buttons too
    theirs = offered(member, task)
    assert act(task, "approve") in theirs and act(task, "reject") in theirs and 'data-action="complete"' not in theirs
    assert act(task, "approve") in page(member).get(reverse("party-case", args=[step.process_id])).content.decode()
    response, events = posted(member, task, "approve", {"comment": "同意谈话安排"})
    assert response.status_code == 302 and events == ["approve"]
    assert act(task, "approve") not in offered(member, task)  # decided: nothing more for them
    assert 'data-action="complete"' in offered(party.secretary, task)
    assert talk_form in page(party.secretary).get(case_page).content.decode()
    assert api(party.secretary).post(f"/api/v1/tasks/{task}/complete/", TALK, format="json").status_code == 200
    step.refresh_from_db()
    approval = Approval.objects.get(task=step)
    assert step.status == "DONE" and approval.status == "approved"
    assert list(approval.slots.values_list("user_id", "status")) == [
        (member.pk, "approved"),
        (party.secretary.pk, "approved"),
    ]
    assert AuditEvent.objects.filter(action="record_talk").count() == 1  # the step's own action, as always


def test_someone_added_after_me_completes_the_steps_own_form(party, task):
    response, events = posted(party.secretary, task, "add_approver", {"user_id": party.orgmember.pk, "where": "after"})
    assert response.status_code == 302 and events == ["add_approver"]
    response = api(party.orgmember).post(f"/api/v1/tasks/{task}/complete/", TALK, format="json")
    assert response.json()["code"] == "sign_off_pending"  # the secretary signs first
    assert posted(party.secretary, task, "approve")[1] == ["approve"]
    assert 'data-action="complete"' in offered(party.orgmember, task)
    response = api(party.orgmember).post(f"/api/v1/tasks/{task}/complete/", TALK, format="json")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="record_talk")
    assert event.actor == party.orgmember and Task.objects.get(pk=task).status == "DONE"


def test_adding_after_someone_who_may_not_complete_the_step_is_422(party, task):
    member = party.committeemen[0]
    response, events = posted(party.secretary, task, "add_approver", {"user_id": member.pk, "where": "after"})
    assert response.status_code == 422 and events == []
    message = "Only someone who may complete this step can be added after you or alongside you."
    assert error_next_to(response.content.decode(), f"t{task}-add-person") == said(message)
    assert not Approval.objects.exists() and Task.objects.get(pk=task).owner_id is None


def test_a_signer_who_declines_gives_the_step_back_to_its_holder(party, task):
    member = party.committeemen[0]
    posted(party.secretary, task, "add_approver", {"user_id": member.pk, "where": "before"})
    response, events = posted(member, task, "reject", {"comment": " "})
    assert response.status_code == 422 and events == []
    assert error_next_to(response.content.decode(), f"t{task}-reject-comment") == said("Give a reason for rejecting.")
    response, events = posted(member, task, "reject", {"comment": "谈话人应为组织委员"})
    assert response.status_code == 302 and events == ["reject"]
    assert Approval.objects.get().status == "rejected" and Task.objects.get(pk=task).status == "ASSIGNED"
    assert actions_in(offered(member, task), task) == set()
    # Theirs again: they may record the talk alone, or ask someone else, in a new round of the same approval.
    assert actions_in(offered(party.secretary, task), task) == {"unclaim", "transfer", "add_approver"}
    response, events = posted(party.secretary, task, "add_approver", {"user_id": party.orgmember.pk, "where": "after"})
    assert response.status_code == 302 and events == ["add_approver"]
    assert Approval.objects.get().status == "open" and posted(party.secretary, task, "approve")[1] == ["approve"]
    assert api(party.orgmember).post(f"/api/v1/tasks/{task}/complete/", TALK, format="json").status_code == 200
    assert Approval.objects.get().status == "approved"


# ---- 转交 of a 或签 place (the shared approval engine) ----


@pytest.fixture
def reviewers():
    from accounts.models import OrganisationKind
    from tests.factories import OrganisationFactory

    bureau = OrganisationFactory.create(kind=OrganisationKind.BUREAU, name="审批局")
    people = [UserFactory(real_name=name) for name in ("发起人", "甲", "乙", "丙", "丁")]
    for person in people[1:]:
        grant(person, bureau, Role.BUREAU_BASIC_EDU)
    return people


def start(people, mode, approvers):
    process = ApprovalTestFlow.start.run(
        initiator=people[0], approvers=approvers, mode=mode, organisation=Organisation.objects.get(name="审批局")
    )
    draft = Task.objects.get(process=process, status__in=["NEW", "ASSIGNED"])
    with draft.activation() as activation:
        activation.start(None)
        activation.execute()
    return Task.objects.filter(process=process, flow_task=ApprovalTestFlow.review).latest("pk").pk


def test_transfer_of_an_any_one_place_moves_it_to_the_new_person(reviewers):
    initiator, a, b, _c, d = reviewers
    task = start(reviewers, "any", [a, b])
    html = offered(a, task)
    assert act(task, "transfer") in html and act(task, "approve") in html
    choices = re.search(r'name="to_user_id".*?</select>', html, re.S).group(0)
    assert d.real_name in choices and b.real_name not in choices and initiator.real_name not in choices
    response, events = posted(a, task, "transfer", {"to_user_id": d.pk, "reason": "回避"})
    assert response.status_code == 302 and events == ["transfer"]
    slots = dict(ApprovalSlot.objects.filter(approval__task_id=task).values_list("user_id", "status"))
    assert slots == {a.pk: "skipped", b.pk: "active", d.pk: "active"}
    assert actions_in(offered(a, task), task) == set()
    assert api(a).post(f"/api/v1/tasks/{task}/complete/", {"decision": "approve"}, format="json").status_code == 403
    assert act(task, "approve") in offered(d, task)
    response, events = posted(d, task, "approve")
    assert response.status_code == 302 and events == ["approve"]
    assert Approval.objects.get(task_id=task).status == "approved"


def test_the_api_moves_an_any_one_place_too(reviewers):
    """The same service behind the API: before, a 会签 / 或签 approver could not transfer at all (403)."""
    _initiator, a, b, _c, d = reviewers
    task = start(reviewers, "any", [a, b])
    response = api(a).post(f"/api/v1/tasks/{task}/transfer/", {"to_user_id": d.pk, "reason": "出差"}, format="json")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="transfer")
    assert (event.reason, event.data["from"], event.data["to"]) == ("出差", a.pk, d.pk)
    response = api(d).post(f"/api/v1/tasks/{task}/complete/", {"decision": "approve"}, format="json")
    assert response.json() == {"task_id": task, "approval": "approved"}


def test_an_approver_who_decided_sees_no_approve_nor_transfer(reviewers):
    _initiator, a, b, *_rest = reviewers
    task = start(reviewers, "sequential", [a, b])
    assert act(task, "approve") not in offered(b, task)  # not their turn yet
    assert actions_in(offered(a, task), task) == {"approve", "reject", "transfer", "add_approver", "return"}
    posted(a, task, "approve")
    assert actions_in(offered(a, task), task) == set()
    assert actions_in(offered(b, task), task) == {"approve", "reject", "transfer", "add_approver", "return"}


def test_return_with_the_earlier_steps_offered_and_withdraw_before_the_first_decision(reviewers):
    initiator, a, b, *_rest = reviewers
    task = start(reviewers, "all", [a, b])
    assert act(task, "withdraw") in offered(initiator, task) and act(task, "withdraw") not in offered(a, task)
    html = offered(a, task)
    assert re.search(r'name="to_step".*?<option value="draft"', html, re.S)
    response, events = posted(a, task, "return", {"to_step": "draft", "reason": " "})
    assert response.status_code == 422 and events == []
    assert error_next_to(response.content.decode(), f"t{task}-return-reason")
    posted(a, task, "approve")
    assert act(task, "withdraw") not in offered(initiator, task)  # someone decided: 撤回 is over
    response, events = posted(b, task, "return", {"to_step": "draft", "reason": "请补充"})
    assert response.status_code == 302 and events == ["return"]


def test_the_initiator_withdraws_from_the_page(reviewers):
    initiator, a, b, *_rest = reviewers
    task = start(reviewers, "all", [a, b])
    response, events = posted(initiator, task, "withdraw")
    assert response.status_code == 302 and events == ["withdraw"]
    assert Approval.objects.get(task_id=task).status == "withdrawn"


# ---- 催办, 抄送 and comments on the case ----


def test_remind_is_offered_until_a_reminder_went_out(party, task):
    case_id = Task.objects.get(pk=task).process_id
    url = reverse("case-page-action", args=["party", case_id, "remind"])
    assert url in page(party.applicant).get(reverse("party-case", args=[case_id])).content.decode()
    assert url not in offered(party.secretary, task)  # neither the initiator nor the person
    applicant = page(party.applicant)
    before = AuditEvent.objects.count()
    assert applicant.post(url).status_code == 302
    assert AuditEvent.objects.count() == before + 1 and Reminder.objects.count() == 1
    assert url not in applicant.get(reverse("party-case", args=[case_id])).content.decode()


def test_an_empty_comment_or_copy_is_422_with_the_error_next_to_its_field(party, task):
    case_id = Task.objects.get(pk=task).process_id
    secretary = page(party.secretary)
    before = AuditEvent.objects.count()
    response = secretary.post(reverse("case-page-action", args=["party", case_id, "comment"]), {"body": ""})
    assert response.status_code == 422
    assert error_next_to(response.content.decode(), "comment-body") == said("Write a comment.")
    response = secretary.post(reverse("case-page-action", args=["party", case_id, "cc"]), {})
    assert response.status_code == 422 and 'id="cc-people_error"' in response.content.decode()
    assert AuditEvent.objects.count() == before
    body = {"body": f"@{party.orgmember.real_name} 请看一下"}
    response = secretary.post(reverse("case-page-action", args=["party", case_id, "comment"]), body)
    assert response.status_code == 302 and AuditEvent.objects.count() == before + 1
    assert party.orgmember.notifications.filter(kind="mention").exists()


def test_the_task_page_offers_the_case_discussion_and_the_inbox_links_to_it(party, task):
    html = offered(party.secretary, task)
    assert reverse("case-page-action", args=["party", Task.objects.get(pk=task).process_id, "comment"]) in html
    inbox = page(party.secretary).get(reverse("my-tasks")).content.decode()
    assert reverse("task-page", args=[task]) in inbox


def test_a_done_step_offers_nothing(party, task):
    api(party.secretary).post(f"/api/v1/tasks/{task}/complete/", TALK, format="json")
    html = offered(party.secretary, task)
    assert actions_in(html, task) == set() and "data-closed" in html


def test_the_delegation_page_is_linked_from_the_user_menu(party):
    html = page(party.secretary).get(reverse("my-tasks")).content.decode()
    assert reverse("tasks-delegation") in html  # the page itself: tests/workflows/test_delegation_page.py
