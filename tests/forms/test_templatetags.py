"""Attachments open where they are listed (issue 16 item 4): each listed file reads "name · size · 预览 / 下载" with
links that work for the reader — the bureau reviewer opens the 工作实施方案 it files — and every file input says what
it takes."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forms.models import Attachment
from forms.services import attachment_create
from tests.clients import page
from tests.workflows.community.factories import HELP_FORM
from tests.workflows.party.conftest import pdf, run, submit
from workflows.community.models import Kind
from workflows.kit.engine import start_case

pytestmark = pytest.mark.django_db


def pdf_upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7 " + name.encode(), content_type="application/pdf")


def links(html: str, pk: int) -> set[str]:
    return set(re.findall(rf'href="(/attachments/{pk}/(?:preview|download)/)"', html))


def test_the_bureau_reviewer_opens_the_implementation_plan_from_the_application_page(yuhuan):
    o = yuhuan
    upload = SimpleUploadedFile(
        "工作实施方案.pdf", b"%PDF-1.7 \xe6\x96\xb9\xe6\xa1\x88", content_type="application/pdf"
    )
    plan = attachment_create(uploaded_by=o.core_lead, upload=upload)
    payload = {
        "kind": Kind.HELP_PROJECT,
        "community": o.fusion.pk,
        "member_school": o.fusion_member.pk,
        "school_year": 2026,
        "title": "青年教师同伴互助",
        "form": HELP_FORM,
        "plan_id": plan.pk,
    }
    application = start_case(process="community", actor=o.core_lead, payload=payload).case
    reviewer = page(o.basic_edu)

    html = reviewer.get(f"/community/{application.pk}/").content.decode()

    assert "工作实施方案.pdf" in html
    assert links(html, plan.pk) == {f"/attachments/{plan.pk}/preview/", f"/attachments/{plan.pk}/download/"}
    opened = reviewer.get(f"/attachments/{plan.pk}/preview/")
    assert opened.status_code == 200 and b"".join(opened.streaming_content) == upload.open().read()
    assert page(o.outsider).get(f"/attachments/{plan.pk}/download/").status_code == 404  # another county


def test_the_party_case_page_offers_each_steps_file_to_open(party, settings):
    case_id = submit(party, date="2026-10-01")
    record = pdf(party.secretary, "谈话记录.pdf")
    talk = {"date": "2026-10-05", "talker_name": "林书记", "content": "谈话", "attachment_ids": [record]}
    assert run(party.secretary, case_id, "record_talk", talk).status_code == 200
    size = Attachment.objects.get(pk=record).size

    client = page(party.applicant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/party/{case_id}/").content.decode()

    assert links(html, record) == {f"/attachments/{record}/preview/", f"/attachments/{record}/download/"}
    assert f"谈话记录.pdf · {size}\xa0bytes · " in html
    assert page(party.applicant).get(f"/attachments/{record}/download/").status_code == 200


def test_a_restricted_file_is_not_listed_to_whoever_may_not_open_it(party):
    from tests.forms.test_access import political_review_document

    case_id, document = political_review_document(party)
    assert links(page(party.applicant).get(f"/party/{case_id}/").content.decode(), document) == set()
    assert links(page(party.secretary).get(f"/party/{case_id}/").content.decode(), document)


def test_a_step_form_takes_several_files_and_says_which_and_how_large(party, settings):
    settings.ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
    case_id = submit(party, date="2026-10-01")
    client = page(party.secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/party/{case_id}/act/record_talk/").content.decode()
    field = re.search(r'<input type="file" name="attachment_ids"[^>]*>', html).group(0)
    assert "multiple" in field and ".ofd" in field and ".wps" in field
    assert "each at most 20 MB" in html

    files = [
        SimpleUploadedFile(n, b"%PDF-1.4 " + n.encode(), content_type="application/pdf") for n in ("一.pdf", "二.pdf")
    ]
    form = {"date": "2026-10-05", "talker_name": "林书记", "content": "谈话", "attachment_ids": files}
    assert client.post(f"/party/{case_id}/act/record_talk/", form).status_code == 302

    html = page(party.applicant).get(f"/party/{case_id}/").content.decode()
    for name in ("一.pdf", "二.pdf"):
        assert links(html, Attachment.objects.get(original_name=name).pk)


def test_a_comment_takes_several_files_each_offered_to_open(party):
    case_id = submit(party, date="2026-10-01")
    client = page(party.secretary)
    html = client.get(f"/party/{case_id}/").content.decode()
    assert re.search(r'<input id="comment-file" type="file" name="file" multiple accept="[^"]*\.wps', html)

    files = [
        SimpleUploadedFile(n, b"%PDF-1.4 " + n.encode(), content_type="application/pdf") for n in ("甲.pdf", "乙.pdf")
    ]
    response = client.post(f"/tasks/cases/party/{case_id}/comment/", {"body": "见附件", "file": files})
    assert response.status_code == 302, response.content.decode()[:300]

    html = page(party.applicant).get(f"/party/{case_id}/").content.decode()
    for name in ("甲.pdf", "乙.pdf"):
        assert links(html, Attachment.objects.get(original_name=name).pk)
