"""Issue 17 item 5, the applicant's side: the 入党申请书 written on the form or attached, kept on the case and in the
archive; the applicant never dates it (the branch confirms receipt, which dates it); the staff's fields never show
to the applicant; withdrawing is confirmed on a page that says what it means; nobody nudges (催办) a step that is
not due."""

import datetime
import io

import pytest
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from audit.models import AuditEvent
from core.dates import business_today
from tests.workflows.party.conftest import api, pdf, run
from workflows.models import Reminder
from workflows.party.form_help import WITHDRAW_MEANS
from workflows.party.models import CaseStatus, PartyCase

pytestmark = pytest.mark.django_db
TEXT = "敬爱的党组织：我志愿加入中国共产党。"


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def hand_in(party, **payload) -> PartyCase:
    response = api(party.applicant).post(
        "/api/v1/party/cases/", {"branch_id": party.branch.pk, **payload}, format="json"
    )
    assert response.status_code == 201, response.content
    return PartyCase.objects.get(pk=response.json()["case"]["id"])


def test_an_application_handed_in_online_is_dated_that_day_and_waits_for_the_branch_to_confirm_receipt(party):
    case = hand_in(party, content=TEXT)
    assert (case.application_date, case.receipt_confirmed) == (business_today(), False)
    detail = api(party.applicant).get(f"/api/v1/party/cases/{case.pk}/").json()
    assert (detail["application_date"], detail["receipt_confirmed"]) == (business_today().isoformat(), False)
    page = browser(party.applicant).get(f"/party/{case.pk}/").content.decode()
    with translation.override("zh-hans"):
        assert translation.gettext("waiting for the branch to confirm receipt") in page


def test_an_applicant_cannot_backdate_the_application(party):
    yesterday = (business_today() - datetime.timedelta(days=1)).isoformat()
    response = api(party.applicant).post(
        "/api/v1/party/cases/", {"branch_id": party.branch.pk, "date": yesterday}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "date_set_by_branch"
    assert response.json()["fields"] == {"date": [yesterday]}
    assert not PartyCase.objects.exists() and not AuditEvent.objects.filter(process="party").exists()


def test_the_applicants_form_has_the_application_and_no_date_and_the_staffs_has_the_date(party):
    applicants = browser(party.applicant).get("/party/new/").content.decode()
    assert 'name="content"' in applicants and 'name="attachment_ids"' in applicants
    assert 'name="date"' not in applicants and 'name="backfill"' not in applicants
    staffs = browser(party.secretary).get("/party/new/").content.decode()
    assert 'name="date"' in staffs and 'name="backfill"' in staffs


def test_the_branchs_confirmation_dates_the_application(party):
    case = hand_in(party, content=TEXT)
    today = business_today().isoformat()
    assert run(party.applicant, case.pk, "confirm_receipt", {"date": today}).status_code == 403
    assert run(party.secretary, case.pk, "confirm_receipt", {"date": today}).status_code == 200
    case.refresh_from_db()
    assert case.receipt_confirmed and case.application_date == business_today()
    event = AuditEvent.objects.get(case_id=case.pk, action="confirm_receipt")
    assert (event.business_date, event.data["handed_in"]) == (business_today(), today)
    again = run(party.secretary, case.pk, "confirm_receipt", {"date": today})
    assert again.json()["code"] == "action_not_available"  # once


def test_a_talk_held_before_any_confirmation_receives_the_application_as_handed_in(party):
    case = hand_in(party, content=TEXT)
    talk = {"date": business_today().isoformat(), "talker_name": "林书记", "content": "了解入党动机"}
    assert run(party.secretary, case.pk, "record_talk", talk).status_code == 200
    case.refresh_from_db()
    assert case.receipt_confirmed and case.application_date == business_today()


def test_receipt_is_not_confirmed_before_the_application_was_handed_in(party):
    case = hand_in(party, content=TEXT)
    earlier = (case.application_date - datetime.timedelta(days=3)).isoformat()
    response = run(party.secretary, case.pk, "confirm_receipt", {"date": earlier})
    assert response.status_code == 400 and response.json()["code"] == "date_order"


def test_the_written_and_attached_application_is_kept_on_the_case_and_in_the_archive(party):
    file_id = pdf(party.applicant, "入党申请书.pdf")
    case = hand_in(party, content=TEXT, attachment_ids=[file_id])
    event = AuditEvent.objects.get(case_id=case.pk, action="submit_application")
    assert event.data["content"] == TEXT and event.data["date"] == business_today().isoformat()
    assert [a["name"] for a in event.attachments] == ["入党申请书.pdf"]
    page = browser(party.applicant).get(f"/party/{case.pk}/").content.decode()
    assert "入党申请书.pdf" in page
    response = api(party.secretary).post(f"/api/v1/party/cases/{case.pk}/bundle/?kind=pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).replace("\n", "")
    assert "我志愿加入中国共产党" in text


def test_the_staffs_fields_never_show_to_the_applicant(party):
    case = hand_in(party, content=TEXT)
    applicants = browser(party.applicant).get(f"/party/{case.pk}/act/submit_report/").content.decode()
    assert 'name="content"' in applicants
    assert 'name="reason"' not in applicants and 'name="override"' not in applicants
    staffs = browser(party.secretary).get(f"/party/{case.pk}/act/submit_report/").content.decode()
    assert 'name="reason"' in staffs


def test_withdrawing_is_a_secondary_action_confirmed_on_a_page_that_says_what_it_means(party):
    case = hand_in(party, content=TEXT)
    applicant = browser(party.applicant)
    page = applicant.get(f"/party/{case.pk}/").content.decode()
    assert '<p class="secondary-action"><a id="act-withdraw"' in page
    form = applicant.get(f"/party/{case.pk}/act/withdraw/").content.decode()
    with translation.override("zh-hans"):
        assert str(WITHDRAW_MEANS) in form
    day = business_today().isoformat()
    refused = applicant.post(f"/party/{case.pk}/act/withdraw/", {"date": day})
    assert refused.status_code == 422 and 'name="confirm_withdrawal"' in refused.content.decode()
    case.refresh_from_db()
    assert case.case_status == CaseStatus.ACTIVE
    done = applicant.post(f"/party/{case.pk}/act/withdraw/", {"date": day, "confirm_withdrawal": "on"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.case_status == CaseStatus.WITHDRAWN


def test_an_applicant_reminds_only_a_step_that_is_due(party):
    case = hand_in(party, content=TEXT)
    url = f"/api/v1/cases/party/{case.pk}/remind/"
    response = api(party.applicant).post(url, {}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "remind_not_due"
    talk = case.task_set.get(status="NEW", flow_task_type="HUMAN")
    talk.data = {**talk.data, "due": (business_today() - datetime.timedelta(days=1)).isoformat()}
    talk.save(update_fields=["data"])
    assert api(party.applicant).post(url, {}, format="json").status_code == 200
    assert Reminder.objects.filter(task=talk, sent_by=party.applicant).exists()


def test_an_applicant_hands_in_a_report_dated_today_and_only_the_branch_enters_an_older_one(party):
    case = hand_in(party, content=TEXT)
    yesterday = (business_today() - datetime.timedelta(days=1)).isoformat()
    report = {"content": "思想汇报：近期学习体会。"}
    refused = run(party.applicant, case.pk, "submit_report", {**report, "date": yesterday})
    assert refused.status_code == 400 and refused.json()["code"] == "date_set_by_branch"
    assert not AuditEvent.objects.filter(case_id=case.pk, action="submit_report").exists()
    assert (
        run(party.applicant, case.pk, "submit_report", {**report, "date": business_today().isoformat()}).status_code
        == 200
    )
    assert (
        run(party.secretary, case.pk, "submit_report", {**report, "date": yesterday}).status_code == 200
    )  # the branch
    kept = AuditEvent.objects.filter(case_id=case.pk, action="submit_report").order_by("pk")
    assert [event.data["content"] for event in kept] == [report["content"]] * 2


def test_the_applicants_report_form_is_dated_today_whatever_the_browser_sends(party):
    case = hand_in(party, content=TEXT)
    url = f"/party/{case.pk}/act/submit_report/"
    form = browser(party.applicant).get(url).content.decode()
    assert 'name="date"' in form and "disabled" in form.split('name="date"')[1].split(">")[0]
    old = (business_today() - datetime.timedelta(days=30)).isoformat()
    response = browser(party.applicant).post(url, {"date": old, "content": "思想汇报：学习体会。"})
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(case_id=case.pk, action="submit_report")
    assert event.business_date == business_today()
