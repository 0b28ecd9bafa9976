"""Journey (a), at desktop width and at 375 px: a person applies to join the Party from the home page, writing the
入党申请书 on the form and uploading the signed one; the case page shows where the application stands (handed in,
waiting for the branch to confirm receipt) and the uploaded 申请书, which opens; withdrawing is a secondary link
whose page says what it means."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from audit.models import AuditEvent
from workflows.party.models import PartyCase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}
SIGNED = b"%PDF-1.4\n% the signed application\n"


@pytest.mark.parametrize("size", sorted(SIZES))
def test_an_applicant_uploads_the_application_and_sees_where_it_stands(party, journey, size):
    walk = journey(f"party-applicant-{size}")
    page = walk.person("applicant")
    page.set_viewport_size(SIZES[size])
    walk.sign_in(page, party.applicant.username, shot=True)
    walk.shot(page, "home")

    page.locator(f'main a[href="{reverse("party-case-new")}"]').first.click()  # "Apply to join the Party"
    expect(page.locator("#id_branch_id")).to_have_value(str(party.branch.pk))  # their own branch, chosen for them
    expect(page.locator("#id_date")).to_have_count(0)  # the branch dates the application, not the applicant
    page.locator("#id_content").fill("敬爱的党组织：我志愿加入中国共产党。")
    page.locator("#id_attachment_ids").set_input_files(
        {"name": "入党申请书.pdf", "mimeType": "application/pdf", "buffer": SIGNED}
    )
    walk.shot(page, "application-form")
    page.locator("main form#new button[type=submit].primary").click()

    page.wait_for_url(re.compile(r"/party/\d+/$"))
    case = PartyCase.objects.get(person=party.applicant)
    assert page.url.endswith(reverse("party-case", args=[case.pk]))
    expect(page.locator(".messages li")).to_contain_text(party.branch.name)  # what happens next, and where
    steps = page.locator(".timeline .step")
    expect(steps).to_have_count(25)
    expect(steps.nth(0)).to_have_class(re.compile(r"\bdone\b"))  # 1 递交入党申请书, dated the day handed in
    expect(steps.nth(0)).to_contain_text(case.application_date.isoformat())
    expect(steps.nth(1)).to_have_class(re.compile(r"\bcurrent\b"))  # 2 the branch's talk comes next
    upload = page.locator("main .attachment", has_text="入党申请书.pdf").first
    expect(upload).to_be_visible()
    walk.shot(page, "case-with-the-application")
    opened = page.request.get(upload.locator("a").last.get_attribute("href"))  # 下载
    assert opened.ok and opened.body() == SIGNED  # the upload, as it was handed in
    event = AuditEvent.objects.get(case_id=case.pk, action="submit_application")
    assert event.data["content"] == "敬爱的党组织：我志愿加入中国共产党。"

    withdraw = page.locator("#actions .secondary-action a#act-withdraw")
    expect(withdraw).to_be_visible()
    withdraw.click()
    expect(page.locator("#id_confirm_withdrawal")).to_be_visible()
    expect(page.locator("#id_reason")).to_have_count(0)  # the staff's fields are not the applicant's
    walk.shot(page, "withdraw-asks-to-confirm")

    page.goto(reverse("home"))  # home: the application is one click away
    expect(page.locator(f'main a[href="{reverse("party-case", args=[case.pk])}"]').first).to_be_visible()
    walk.shot(page, "home-with-the-application")
    walk.finish()
