"""The same 25 steps through the web pages, as each person would click them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.workflows.party.conftest import ARCHIVE_ITEMS, standard_path
from workflows.party.models import CaseStatus, Identity, PartyCase

pytestmark = pytest.mark.django_db


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def form_data(payload, prefix=""):
    data = {}
    for key, value in payload.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            data.update(form_data(value, f"{name}__"))
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    return data


def test_the_whole_path_through_the_pages(party):
    applicant = browser(party.applicant)
    # A paper application the branch received on 2023-03-01 (an applicant's own is dated when handed in online:
    # tests/workflows/party/test_applicant_side.py).
    response = browser(party.secretary).post(
        "/party/new/",
        {
            "branch_id": party.branch.pk,
            "person_id": party.applicant.pk,
            "date": "2023-03-01",
            "channel": "unit",
            "unit_has_party_organisation": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case = PartyCase.objects.get(person=party.applicant)
    page = applicant.get(f"/party/{case.pk}/").content.decode()
    assert "与申请人谈话" in page and "2023-04-01" in page  # the current step and its deadline

    for actor, action, payload, identity, _next in standard_path(party):
        client = browser(actor)
        url = f"/party/{case.pk}/act/{action}/"
        assert client.get(url).status_code == 200, action
        data = form_data({k: v for k, v in payload.items() if k != "materials"})
        if action.startswith("parent_approve"):
            data["approved"] = "on"  # the checkbox the form shows ticked
        if action == "archive_materials":
            for item in ARCHIVE_ITEMS:
                data[f"materials__{item}"] = SimpleUploadedFile(
                    f"{item}.pdf", b"%PDF-1.4 x", content_type="application/pdf"
                )
        response = client.post(url, data)
        assert response.status_code == 302, (action, response.context["form"].errors if response.context else "")
        case.refresh_from_db()
        assert case.identity == identity, action

    assert case.case_status == CaseStatus.ARCHIVED and case.identity == Identity.FULL_MEMBER
    page = applicant.get(f"/party/{case.pk}/").content.decode()
    assert "政治审查合格" not in page and "political-review" not in page


def test_an_under_age_application_is_refused_on_the_page(party):
    party.applicant.birth_date = party.applicant.birth_date.replace(year=2010)
    party.applicant.save()
    response = browser(party.applicant).post(
        "/party/new/", {"branch_id": party.branch.pk, "date": "2026-09-01", "channel": "unit"}
    )
    assert response.status_code == 422 and "age_under_18" in response.content.decode()
    assert not PartyCase.objects.exists()


def test_the_applicant_may_not_open_the_political_review_page(party):
    """(That the case and step pages refuse outsiders with 404 and insiders without the right with 403 is the kit's:
    tests/workflows/kit/test_pages.py.)"""
    browser(party.applicant).post(
        "/party/new/",
        {"branch_id": party.branch.pk, "date": "2026-09-01", "channel": "unit", "unit_has_party_organisation": "on"},
    )
    case = PartyCase.objects.get(person=party.applicant)
    assert browser(party.applicant).get(f"/party/{case.pk}/political-review/").status_code == 403


def test_the_case_pages_are_chinese_and_fit_a_phone(party):
    page = browser(party.secretary).get("/party/").content.decode()
    assert "发展党员" in page and 'name="viewport"' in page


def test_comment_copy_and_remind_from_the_case_page(party):
    from workflows.models import CaseCc, Comment, Reminder

    browser(party.applicant).post(
        "/party/new/",
        {"branch_id": party.branch.pk, "date": "2026-09-01", "channel": "unit", "unit_has_party_organisation": "on"},
    )
    case = PartyCase.objects.get(person=party.applicant)
    secretary = browser(party.secretary)
    page = secretary.get(f"/party/{case.pk}/").content.decode()
    assert "添加评论" in page and "抄送" in page
    secretary.post(
        f"/tasks/cases/party/{case.pk}/comment/",
        {
            "body": "请补充自传",
            "file": SimpleUploadedFile("自传要求.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
        },
    )
    comment = Comment.objects.get()
    assert comment.body == "请补充自传" and comment.attachments.get().original_name == "自传要求.pdf"
    assert "请补充自传" in secretary.get(f"/party/{case.pk}/").content.decode()
    secretary.post(f"/tasks/cases/party/{case.pk}/cc/", {"user": [party.committeemen[0].pk]})
    assert CaseCc.objects.filter(user=party.committeemen[0]).exists()
    applicant = browser(party.applicant)
    assert "催办" not in applicant.get(f"/party/{case.pk}/").content.decode()  # the talk is not due yet
    talk = case.task_set.get(status="NEW", flow_task_type="HUMAN")
    talk.data = {**talk.data, "due": "2026-10-01"}
    talk.save(update_fields=["data"])
    assert "催办" in applicant.get(f"/party/{case.pk}/").content.decode()
    applicant.post(f"/tasks/cases/party/{case.pk}/remind/")
    assert Reminder.objects.count() == 1
    assert browser(party.outsider).post(f"/tasks/cases/party/{case.pk}/comment/", {"body": "x"}).status_code == 404


def test_the_applicants_case_page_hides_political_review_files(party):
    from tests.workflows.party.conftest import case_before, pdf, run

    case_id = case_before(party, "complete_political_review")
    run(
        party.secretary,
        case_id,
        "complete_political_review",
        {"date": "2024-11-05", "passed": True, "summary": "合格", "attachment_ids": [pdf(party.secretary, "外调.pdf")]},
    )
    assert "外调.pdf" not in browser(party.applicant).get(f"/party/{case_id}/").content.decode()
    assert "外调.pdf" in browser(party.secretary).get(f"/party/{case_id}/").content.decode()
