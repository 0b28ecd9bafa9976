"""Journey (a): a person applies to join the Party from the home page and follows their case's steps."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from workflows.party.models import PartyCase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_applicant_signs_in_applies_and_sees_where_the_application_stands(party, journey):
    walk = journey("party-applicant")
    page = walk.person("applicant")
    walk.sign_in(page, party.applicant.username, shot=True)
    walk.shot(page, "home")

    page.locator(f'main a[href="{reverse("party-case-new")}"]').click()  # "Apply to join the Party"
    walk.shot(page, "application-form")
    expect(page.locator("#id_branch_id")).to_have_value(str(party.branch.pk))  # their own branch, chosen for them
    page.locator("main form#new button[type=submit].primary").click()

    page.wait_for_url(re.compile(r"/party/\d+/$"))
    walk.shot(page, "case-timeline")
    case = PartyCase.objects.get(person=party.applicant)
    assert page.url.endswith(reverse("party-case", args=[case.pk]))
    expect(page.locator(".messages li")).to_contain_text(party.branch.name)  # what happens next, and where
    steps = page.locator(".timeline .step")
    expect(steps.nth(0)).to_have_class(re.compile(r"\bdone\b"))  # 1 递交入党申请书, dated
    expect(steps.nth(0)).to_contain_text(case.application_date.isoformat())
    expect(steps.nth(1)).to_have_class(re.compile(r"\bcurrent\b"))  # 2 the branch's talk comes next
    expect(steps).to_have_count(25)

    page.locator(f'nav a[href="{reverse("home")}"]').click()  # back home: the application is one click away
    expect(page.locator(f'main a[href="{reverse("party-case", args=[case.pk])}"]')).to_be_visible()
    walk.shot(page, "home-with-the-application")
    walk.finish()
