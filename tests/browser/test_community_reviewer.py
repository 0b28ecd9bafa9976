"""Journey (b): a school lead who confirms help projects (会签 of the two schools) sees a new one arrive in 待办
while the page is open, confirms one, sends one back with a reason and approves two at once (批量同意)."""

import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import OrganisationKind
from accounts.roles import Role
from tests.factories import OrganisationFactory, UserFactory, grant
from tests.workflows.community.factories import HELP_FORM, ensure_forms, open_task, pdf, run_action
from workflows.community.models import Application, Kind, Status
from workflows.kit.engine import start_case
from workflows.models import ApprovalSlot
from workflows.services import task_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def help_projects(yuhuan):
    """Four help projects of the 城关 core school, one per member school, drafted by its vice-principal: three
    already sent for both schools' confirmation, the fourth still a draft in the vice-principal's hands (sent
    during the journey)."""
    o = yuhuan
    ensure_forms()
    drafter = UserFactory(username="core_vice", real_name="李副校长")
    grant(drafter, o.fusion_core, Role.CORE_SCHOOL)
    schools = [o.fusion_member, o.fusion_member2]
    for name in ("沙门小学", "芦浦小学"):
        school = OrganisationFactory.create(kind=OrganisationKind.SCHOOL, parent=o.fusion, name=name)
        grant(UserFactory(), school, Role.MEMBER_SCHOOL)
        schools.append(school)
    applications = []
    for school in schools:
        payload = {
            "kind": Kind.HELP_PROJECT,
            "community": o.fusion.pk,
            "member_school": school.pk,
            "school_year": 2026,
            "title": f"{school.name}青年教师帮扶",
            "form": HELP_FORM,
            "plan_id": pdf(drafter),
        }
        applications.append(start_case(process="community", actor=drafter, payload=payload).case)
    for application in applications[:3]:
        run_action(case_id=application.pk, code="send_for_agreement", actor=drafter, payload={})
    # The fourth's drafting step is taken (认领) by the vice-principal, so it is out of the principal's queue.
    task_claim(task=open_task(applications[3], "draft"), user=drafter)
    return SimpleNamespace(reviewer=o.core_lead, drafter=drafter, applications=applications)


def _row(page, application):
    return page.locator("#task-list li.task-row").filter(has_text=application.title)


def _slot(application, user):
    return ApprovalSlot.objects.get(approval__task__process_id=application.pk, user=user)


def test_a_reviewer_gets_a_step_live_confirms_returns_and_approves_two_at_once(help_projects, journey):
    h = help_projects
    first, second, third, fourth = h.applications
    walk = journey("community-reviewer")
    page = walk.person("reviewer")
    walk.sign_in(page, h.reviewer.username, shot=True)
    expect(page.locator(f'main a[href="{reverse("my-tasks")}"]')).to_be_visible()  # "Where to start": 待办
    walk.shot(page, "home")

    page.locator(f'nav a[href="{reverse("my-tasks")}"]').click()
    rows = page.locator("#task-list li.task-row")
    expect(rows).to_have_count(3)
    expect(page.locator('nav [data-count="todo"]')).to_have_text("3")
    walk.shot(page, "inbox")

    # The vice-principal sends the fourth for confirmation in their own browser; the open inbox updates itself.
    page.evaluate("() => { window.stayedOnPage = true; }")
    drafter = walk.person("drafter")
    walk.sign_in(drafter, h.drafter.username)
    drafter.goto(reverse("community-application", args=[fourth.pk]))
    drafter.locator("#actions a#act-send_for_agreement").click()  # the step's page, from the case page
    drafter.locator("form#send_for_agreement button[type=submit]").click()
    expect(drafter.locator(".messages li")).to_be_visible()
    expect(rows).to_have_count(4)
    expect(_row(page, fourth)).to_be_visible()
    expect(page.locator('nav [data-count="todo"]')).to_have_text("4")
    assert page.evaluate("() => window.stayedOnPage === true")  # no reload: the websocket brought it
    walk.shot(page, "inbox-live-arrival")

    # One confirmed on its page.
    _row(page, first).locator(".task-main a").first.click()
    page.wait_for_url(re.compile(rf"/community/{first.pk}/"))
    walk.shot(page, "help-project-to-confirm")
    page.locator("form#confirm button[type=submit]").click()
    expect(page.locator(".messages li.success")).to_be_visible()
    walk.shot(page, "confirmed")
    assert _slot(first, h.reviewer).status == ApprovalSlot.Status.APPROVED

    # One sent back to the draft with the reason.
    page.locator(f'nav a[href="{reverse("my-tasks")}"]').click()
    _row(page, second).locator(".task-main a").first.click()
    page.locator("a#act-decline").click()  # the other decision on the step, from the step's page
    page.locator("form#decline #id_reason").fill("请补充成员校青年教师名单")
    walk.shot(page, "return-with-reason")
    page.locator("form#decline button[type=submit]").click()
    expect(page.locator(".messages li.success")).to_be_visible()
    expect(page.locator("main")).to_contain_text("请补充成员校青年教师名单")
    walk.shot(page, "returned")
    second.refresh_from_db()
    assert (second.stage, second.return_reason) == (Status.DRAFT, "请补充成员校青年教师名单")

    # The last two approved together, each checked on its own, each outcome shown.
    page.locator(f'nav a[href="{reverse("my-tasks")}"]').click()
    expect(rows).to_have_count(3)  # the returned one is back in the school's drafting queue
    expect(_row(page, second).locator('input[data-kind="claim"]')).to_be_visible()
    for application in (third, fourth):
        _row(page, application).locator('input[name="task"]').check()
    page.locator("#bulk-comment").fill("同意，按计划推进")
    walk.shot(page, "bulk-approve-selected")
    page.locator(f'#bulk-bar button[formaction="{reverse("tasks-bulk-approve")}"]').click()
    outcomes = page.locator(".messages li.success")
    expect(outcomes).to_have_count(2)
    for application in (third, fourth):
        expect(outcomes.filter(has_text=application.title)).to_have_count(1)
    expect(rows).to_have_count(1)
    walk.shot(page, "bulk-approved")
    for application in (third, fourth):
        slot = _slot(application, h.reviewer)
        assert (slot.status, slot.comment) == (ApprovalSlot.Status.APPROVED, "同意，按计划推进")
        assert Application.objects.get(pk=application.pk).stage == Status.AWAITING_AGREEMENT  # the member school next
    walk.finish()
