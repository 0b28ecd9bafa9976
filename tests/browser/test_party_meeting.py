"""Issue 17 item 4, at desktop width and at 375 px: a branch secretary records the 支委会's decision to designate an
activist with who attended. Ticking only themselves is refused (more than half of the committee must attend) and
nothing is recorded; choosing the general meeting (支部大会) instead offers the branch's members and its quorum;
"select all" ticks the whole committee, the decision is recorded and the case's history names
who attended. Every page is screenshot and checked with axe-core (tests/browser/journey.py)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from audit.models import AuditEvent
from tests.workflows.party.conftest import case_before
from workflows.party.models import PartyCase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}
DAY = "2023-09-15"


@pytest.mark.parametrize("size", sorted(SIZES))
def test_a_secretary_records_a_committee_decision_with_its_attendees_and_is_refused_without_quorum(
    party, journey, size
):
    case = PartyCase.objects.get(pk=case_before(party, "designate_activist"))
    walk = journey(f"party-meeting-{size}")
    page = walk.person("secretary")
    page.set_viewport_size(SIZES[size])
    walk.sign_in(page, party.secretary.username)
    page.goto(reverse("party-case-action", args=[case.pk, "designate_activist"]))
    form = page.locator("main form#designate_activist")
    page.locator("#id_date").fill(DAY)
    page.locator("#id_meeting__date").fill(DAY)
    page.locator("#id_meeting__minutes_ref").fill("支委会会议记录 20230915")
    present = form.locator('input[name="meeting__present_ids"]:visible')
    expect(present).to_have_count(2)  # the branch committee: the secretary and the organisation member
    form.locator(f'input[name="meeting__present_ids"][value="{party.secretary.pk}"]').check()
    walk.shot(page, "one-of-two-present")

    form.locator("button[type=submit].primary").click()
    expect(page.locator(".error.banner")).to_have_attribute("data-code", "quorum_not_met")
    expect(page.locator(".field.has-error")).to_contain_text("支部大会")  # where to take the decision instead
    assert not AuditEvent.objects.filter(case_id=case.pk, action="designate_activist").exists()
    walk.shot(page, "refused-without-quorum")

    # Were the committee unable to meet, the general meeting (支部大会) would decide: its people and its quorum.
    body = page.locator("#id_meeting__kind")
    body.select_option("BRANCH_ASSEMBLY")
    expect(present).to_have_count(9)  # the branch's eight full members and its probationary member
    tally = page.locator("#meeting-tally")
    expect(tally.locator('[data-tally="eligible"]')).to_have_text("8")  # the probationary member has no vote
    expect(tally.locator('[data-tally="quorum"]')).to_have_text("5")
    walk.shot(page, "general-meeting-instead")
    body.select_option("BRANCH_COMMITTEE")
    expect(present).to_have_count(2)
    expect(tally.locator('[data-tally="eligible"]')).to_have_text("2")

    select_all = page.locator("#select-all-meeting__present_ids")
    select_all.check()
    expect(present.nth(0)).to_be_checked()
    expect(present.nth(1)).to_be_checked()
    walk.shot(page, "whole-committee-present")
    page.locator("main form#designate_activist button[type=submit].primary").click()

    page.wait_for_url(re.compile(rf"/party/{case.pk}/$"))
    history = page.locator("#history")
    expect(history).to_contain_text("林书记、王组织")
    case.refresh_from_db()
    assert case.identity == "ACTIVIST"
    walk.shot(page, "decision-with-attendees")
    # The refused submission answers 422 on purpose (the form again, with its error); Chromium logs it as a failed
    # load. Anything else the journey saw still fails it.
    step_url = page.url.split("/party/")[0] + reverse("party-case-action", args=[case.pk, "designate_activist"])
    refused = f"status of 422 (Unprocessable Content) ({step_url})"
    walk.problems = [p for p in walk.problems if not p.endswith(refused)]
    walk.finish()


def test_the_general_meetings_form_keeps_a_running_tally_as_the_secretary_ticks(party, journey):
    case = PartyCase.objects.get(pk=case_before(party, "record_admission_vote"))
    walk = journey("party-meeting-tally")
    page = walk.person("secretary")
    walk.sign_in(page, party.secretary.username)
    page.goto(reverse("party-case-action", args=[case.pk, "record_admission_vote"]))
    tally = page.locator("#meeting-tally")
    count = {key: tally.locator(f'[data-tally="{key}"]') for key in ("eligible", "present", "quorum", "yes", "short")}
    expect(count["eligible"]).to_have_text("8")  # every full member expected, ticked for the secretary
    expect(count["present"]).to_have_text("0")
    expect(count["quorum"]).to_have_text("5")
    expect(count["yes"]).to_have_text("5")
    expect(count["short"]).to_be_visible()
    walk.shot(page, "general-meeting-nobody-ticked")
    page.locator("#select-all-meeting__present_ids").check()
    expect(count["present"]).to_have_text("8")
    expect(count["short"]).to_be_hidden()
    page.locator(f'input[name="meeting__eligible_ids"][value="{party.members[0].pk}"]').uncheck()
    expect(count["eligible"]).to_have_text("7")
    expect(count["present"]).to_have_text("7")  # only those expected count as present
    expect(count["quorum"]).to_have_text("4")
    walk.shot(page, "general-meeting-tally")
    walk.finish()
