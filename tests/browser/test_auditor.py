"""Journey (c): an auditor finds a person in the audit trail, reads their case's timeline, verifies the hash chain
and takes the case's archive bundle (入党材料) as a PDF."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.roles import Role
from audit.labels import action_name
from audit.models import VerificationRun
from core.dates import business_today
from tests.factories import UserFactory, grant
from tests.workflows.party.factories import run_action
from workflows.party.steps.application import case_submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def audited_case(party):
    """The applicant's case with two events (application, talk) and an auditor of the bureau above the branch."""
    today = business_today()
    received = (today - datetime.timedelta(days=10)).isoformat()  # entered by the branch, which dates it
    case = case_submit(
        actor=party.secretary,
        payload={"branch_id": party.branch.pk, "person_id": party.applicant.pk, "date": received},
    )
    talk_day = (today - datetime.timedelta(days=3)).isoformat()
    talk = {"date": talk_day, "talker_name": "林书记", "content": "了解入党动机"}
    run_action(case_id=case.pk, code="record_talk", actor=party.secretary, payload=talk)
    auditor = UserFactory(username="p_auditor", real_name="谢审计")
    grant(auditor, party.tree.bureau, Role.AUDITOR)
    return case, auditor


def test_an_auditor_searches_a_person_reads_the_timeline_verifies_and_takes_the_archive_pdf(
    party, audited_case, journey
):
    case, auditor = audited_case
    walk = journey("auditor")
    page = walk.person("auditor")
    walk.sign_in(page, auditor.username, shot=True)
    walk.shot(page, "home")

    page.locator(f'main a[href="{reverse("audit-console")}"]').click()  # "Where to start": the audit trail
    page.locator("#a-person").fill(party.applicant.real_name)
    page.locator("#a-person").press("Enter")
    timeline_url = reverse("audit-case", args=["party", case.pk])
    expect(page.locator(f'main a[href="{reverse("audit-person", args=[party.applicant.pk])}"]')).to_be_visible()
    walk.shot(page, "search-by-person")

    page.locator(f'main a[href="{timeline_url}"]').first.click()
    events = page.locator("main table tbody tr")
    expect(events).to_have_count(2)  # the application and the talk
    walk.shot(page, "case-timeline")

    page.locator(f'main a[href="{reverse("audit-console")}"]').first.click()
    page.locator("#a-person").fill(party.applicant.real_name)
    page.locator("#a-person").press("Enter")
    page.locator(f'form[action="{reverse("audit-verify")}"] button').click()
    expect(page.locator("#a-person")).to_have_value(party.applicant.real_name)  # the search is kept
    run = VerificationRun.objects.latest("pk")
    assert run.intact and run.checked >= 2
    expect(page.locator("main")).to_contain_text(str(run.checked))
    walk.shot(page, "chain-verified")

    page.locator(f'main a[href="{timeline_url}"]').first.click()
    take_pdf = page.locator(f'form[action="{reverse("party-bundle-pdf", args=[case.pk])}"] button')
    name, body = walk.download(page, take_pdf, "bundle")
    assert name.endswith(".pdf") and body.startswith(b"%PDF-")
    pdf = PdfReader(io.BytesIO(body))
    assert len(pdf.pages) >= 1 and party.applicant.real_name in pdf.pages[0].extract_text()

    page.reload()
    expect(events).to_have_count(3)  # taking the bundle out is itself on the case's record
    walk.shot(page, "timeline-with-the-export")

    # The filters by name: the branch from the list of the auditor's organisations, the talk by its name.
    page.goto(reverse("audit-console"))
    page.locator("#a-org").select_option(str(party.branch.pk))
    page.locator("#a-action").select_option("record_talk")
    with translation.override("zh-hans"):
        talk_name = action_name("party", "record_talk")
    expect(page.locator("#a-action option:checked")).to_have_text(talk_name)
    page.locator("form.filters button[type=submit]").first.click()
    expect(page.locator("main table tbody tr")).to_have_count(1)
    expect(page.locator("main table tbody")).to_contain_text(talk_name)
    walk.shot(page, "filtered-by-names")
    walk.finish()
