"""Task actions from the pages (issue 16 item 3), each person in a browser of their own:
(a) a branch secretary 加签s a committee member before them on the talk (a party step decided by one person): the
    member signs from their tasks, then the secretary records the talk through the step's own form;
(b) a bureau reviewer 转交s their place in the 或签 filing review of a community feature plan to a colleague, who
    then finds it in their tasks. Screenshots at desktop width and at 375 px."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from viewflow.workflow.models import Task

from accounts.roles import Role
from tests.factories import UserFactory, grant
from tests.workflows.community.factories import ensure_forms, open_task, submitted
from tests.workflows.party.conftest import submit
from workflows.community.models import Kind
from workflows.models import Approval, ApprovalSlot
from workflows.party.models import PartyCase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def test_a_branch_secretary_adds_a_committee_member_before_them_on_the_talk(party, journey):
    case = PartyCase.objects.get(pk=submit(party, date="2026-11-01"))
    talk = case.task_set.get(flow_task_type="HUMAN", status="NEW")
    member = party.committeemen[0]
    walk = journey("task-actions-add-approver")

    secretary = walk.person("secretary")
    walk.sign_in(secretary, party.secretary.username)
    secretary.goto(reverse("party-case", args=[case.pk]))
    card = secretary.locator(f"#step-{talk.pk}")
    expect(card).to_be_visible()
    card.locator("details", has=secretary.locator('select[name="user_id"]')).locator("summary").click()
    expect(card.locator('optgroup[data-where="before"] option', has_text=member.real_name)).to_have_count(1)
    card.locator('select[name="user_id"]').select_option(str(member.pk))
    card.locator('input[name="where"][value="before"]').check()
    walk.shot(secretary, "secretary-adds-a-committee-member")
    secretary.set_viewport_size(PHONE)
    walk.shot(secretary, "secretary-adds-a-committee-member-phone")
    secretary.set_viewport_size(DESKTOP)
    card.locator('form[action$="/add_approver/"] button[type=submit]').click()
    expect(secretary.locator(".messages li.success")).to_be_visible()
    expect(secretary.locator(f"#step-{talk.pk}")).to_contain_text(member.real_name)  # waiting for them
    walk.shot(secretary, "waiting-for-the-committee-member")

    signer = walk.person("committee member")
    walk.sign_in(signer, member.username)
    signer.goto(reverse("my-tasks"))
    row = signer.locator("#task-list li.task-row").filter(has_text=party.applicant.real_name)
    expect(row).to_have_count(1)
    row.locator(f'a[href="{reverse("task-page", args=[talk.pk])}"]').click()
    signer.wait_for_url(re.compile(rf"/tasks/{talk.pk}/$"))
    signer.locator(f"#t{talk.pk}-approve-comment").fill("同意由支部书记谈话")
    walk.shot(signer, "committee-member-signs")
    signer.set_viewport_size(PHONE)
    walk.shot(signer, "committee-member-signs-phone")
    signer.set_viewport_size(DESKTOP)
    signer.locator('form[action$="/approve/"] button[type=submit]').click()
    expect(signer.locator(".messages li.success")).to_be_visible()
    walk.shot(signer, "signed")

    secretary.goto(reverse("task-page", args=[talk.pk]))
    secretary.locator('a[data-action="complete"]').click()  # the talk's own form, as before
    secretary.wait_for_url(re.compile(r"/party/\d+/act/record_talk/$|/record_talk/"))
    secretary.locator("#id_date").fill("2026-11-05")
    secretary.locator("#id_talker_name").fill(party.secretary.real_name)
    secretary.locator("#id_content").fill("了解入党动机")
    walk.shot(secretary, "secretary-records-the-talk")
    secretary.locator("main form button[type=submit].primary").click()
    expect(secretary.locator(".messages li.success")).to_be_visible()
    walk.shot(secretary, "talk-recorded")
    talk = Task.objects.get(pk=talk.pk)
    assert talk.status == "DONE" and Approval.objects.get(task=talk).status == "approved"
    walk.finish()


def test_a_bureau_reviewer_hands_their_any_one_place_to_a_colleague(yuhuan, journey):
    ensure_forms()  # the published application forms (a transactional test starts from an empty database)
    application = submitted(yuhuan, yuhuan.fusion_member, Kind.FEATURE)
    review = open_task(application, "review")
    colleague = UserFactory(username="basic_edu3", real_name="周新")
    grant(colleague, yuhuan.bureau, Role.BUREAU_BASIC_EDU)
    walk = journey("task-actions-transfer")

    reviewer = walk.person("reviewer")
    walk.sign_in(reviewer, yuhuan.basic_edu.username)
    reviewer.goto(reverse("community-application", args=[application.pk]))
    card = reviewer.locator(f"#step-{review.pk}")
    card.locator("details", has=reviewer.locator('select[name="to_user_id"]')).locator("summary").click()
    card.locator('select[name="to_user_id"]').select_option(str(colleague.pk))
    card.locator(f"#t{review.pk}-transfer-reason").fill("回避：曾指导该校特色课程")
    walk.shot(reviewer, "reviewer-hands-over")
    reviewer.set_viewport_size(PHONE)
    walk.shot(reviewer, "reviewer-hands-over-phone")
    reviewer.set_viewport_size(DESKTOP)
    card.locator('form[action$="/transfer/"] button[type=submit]').click()
    expect(reviewer.locator(".messages li.success")).to_be_visible()
    expect(reviewer.locator(f'form[action="{reverse("task-action", args=[review.pk, "transfer"])}"]')).to_have_count(0)
    walk.shot(reviewer, "handed-over")
    places = dict(ApprovalSlot.objects.filter(approval__task=review).values_list("user_id", "status"))
    assert places[yuhuan.basic_edu.pk] == "skipped" and places[colleague.pk] == "active"

    newcomer = walk.person("colleague")
    walk.sign_in(newcomer, colleague.username)
    newcomer.goto(reverse("my-tasks"))
    expect(newcomer.locator("#task-list li.task-row").filter(has_text=application.title)).to_have_count(1)
    walk.shot(newcomer, "colleague-finds-it-in-their-tasks")
    newcomer.set_viewport_size(PHONE)
    newcomer.goto(reverse("community-application", args=[application.pk]))
    walk.shot(newcomer, "colleague-case-page-phone")
    walk.finish()
