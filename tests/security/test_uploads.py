"""Uploads, through POST /api/v1/attachments/ and a step's page: the type is judged by the content, not by the
name or the declared type; an oversized file is refused; a client's path or control characters never reach the
stored name, which is generated (SHA-256 and the checked type's extension); the original name is shown escaped.
Naming someone else's upload by id is covered in tests/forms/test_attachment_access.py."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.exceptions import ApplicationError
from forms.models import Attachment
from forms.services import attachment_create
from tests.workflows.party.conftest import api, submit

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
HTML = b"<html><script>alert(1)</script></html>"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def office(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def post(user, name, content, content_type):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return api(user).post("/api/v1/attachments/", {"file": upload}, format="multipart")


@pytest.mark.parametrize(
    ("name", "content", "content_type", "code"),
    [
        ("setup.pdf", EXE, "application/pdf", "attachment_content_mismatch"),  # an .exe renamed .pdf
        ("photo.png", HTML, "image/png", "attachment_content_mismatch"),  # HTML renamed .png
        ("photo.jpg", PDF, "image/jpeg", "attachment_content_mismatch"),  # a real file, declared as another
        ("plan.docx", office({"evil.html": HTML}), DOCX, "attachment_content_mismatch"),  # a zip, not Word
        ("page.html", HTML, "text/html", "attachment_type"),
        ("setup.exe", EXE, "application/octet-stream", "attachment_type"),
        ("empty.pdf", b"", "application/pdf", "attachment_content_mismatch"),
    ],
)
def test_a_file_whose_content_is_not_an_accepted_type_is_refused_and_nothing_is_stored(
    party, name, content, content_type, code
):
    response = post(party.secretary, name, content, content_type)
    assert response.status_code == 400 and response.json()["code"] == code
    assert not Attachment.objects.exists()


def test_a_real_office_file_is_accepted_and_stored_under_its_type(party):
    content = office({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    response = post(party.secretary, "方案", content, DOCX)
    assert response.status_code == 201, response.content
    assert Attachment.objects.get().file.name.endswith(".docx")


def test_an_oversized_file_is_refused(party, settings):
    settings.ATTACHMENT_MAX_BYTES = len(PDF) - 1
    response = post(party.secretary, "big.pdf", PDF, "application/pdf")
    assert response.status_code == 400 and response.json()["code"] == "attachment_too_large"
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("/etc/passwd", "passwd"),
        ("C:\\Windows\\System32\\evil.pdf", "evil.pdf"),
        (".htaccess", "htaccess"),
        ("report.html", "report.html"),  # kept as the name people see; the stored file is still .pdf
        ("invoice\u202efdp.exe", "invoicefdp.exe"),  # a right-to-left override would show "invoiceexe.pdf"
        ("a\x00b\x1f\u200ec.pdf", "abc.pdf"),
        ("名" * 300 + ".pdf", "名" * 251 + ".pdf"),
    ],
)
def test_a_path_or_control_character_in_the_name_never_reaches_the_stored_name(party, name, shown):
    content = PDF + name.encode("utf-8")  # each its own file: the storage keeps earlier tests' files
    attachment = attachment_create(
        uploaded_by=party.secretary, upload=SimpleUploadedFile(name, content, content_type="application/pdf")
    )
    assert attachment.original_name == shown
    assert attachment.file.name == f"attachments/{attachment.sha256[:2]}/{attachment.sha256}.pdf"


def test_a_path_in_the_multipart_name_is_dropped_over_http(party):
    response = post(party.secretary, "../../../etc/passwd.pdf", PDF + b"passwd", "application/pdf")
    assert response.status_code == 201
    assert response.json()["original_name"] == "passwd.pdf"
    assert "/" not in Attachment.objects.get().file.name.removeprefix("attachments/")[3:]


def test_a_wrong_file_on_a_step_page_is_refused_on_the_form_and_nothing_is_stored(party):
    case_id = submit(party, date="2026-10-01")
    client = Client()
    client.force_login(party.secretary)
    form = {
        "date": "2026-10-05",
        "talker_name": "林书记",
        "content": "谈话",
        "attachment_ids": SimpleUploadedFile("记录.pdf", EXE, content_type="application/pdf"),
    }
    response = client.post(f"/party/{case_id}/act/record_talk/", form)
    assert response.status_code in (200, 422)
    assert not Attachment.objects.exists()
    with pytest.raises(ApplicationError):  # the same check the page relies on
        attachment_create(uploaded_by=party.secretary, upload=SimpleUploadedFile("x.pdf", EXE, "application/pdf"))


def test_the_original_name_is_shown_escaped_on_the_case_page(party):
    case_id = submit(party, date="2026-10-01")
    name = "<img src=x onerror=alert(1)>.pdf"
    file_id = post(party.secretary, name, PDF + b"shown", "application/pdf").json()["id"]
    talk = {"date": "2026-10-05", "talker_name": "林书记", "content": "谈话", "attachment_ids": [file_id]}
    response = api(party.secretary).post(f"/api/v1/party/cases/{case_id}/actions/record_talk/", talk, format="json")
    assert response.status_code == 200, response.content
    client = Client()
    client.force_login(party.secretary)
    html = client.get(f"/party/{case_id}/").content.decode()
    assert "<img src=x onerror=alert(1)>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in html
