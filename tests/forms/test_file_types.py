"""The formats schools hand in are accepted (issue 16 item 4): PDF, JPG/PNG/HEIC, Word, Excel, PowerPoint, WPS 文字/
表格/演示, OFD and zip — recognised by their content, whatever the browser declares (often nothing for .ofd, .wps
or .heic) — and stored under the checked type; anything else is refused with a stable code and nothing stored."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core.exceptions import ApplicationError
from forms.file_types import ACCEPT, upload_hint
from forms.models import Attachment
from forms.services import attachment_create
from tests.clients import api
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 32
OOXML = "application/vnd.openxmlformats-officedocument"


def zipped(*parts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in parts:
            archive.writestr(part, b"<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "declared", "stored_type", "extension"),
    [
        ("申请书.pdf", b"%PDF-1.7 x", "application/pdf", "application/pdf", ".pdf"),
        ("现场.jpg", b"\xff\xd8\xff\xe0 jfif", "image/jpeg", "image/jpeg", ".jpg"),
        ("现场.png", b"\x89PNG\r\n\x1a\n png", "image/png", "image/png", ".png"),
        ("手机照片.HEIC", HEIC, "image/heic", "image/heic", ".heic"),
        ("手机照片.heic", HEIC, "", "image/heic", ".heic"),  # Windows browsers declare nothing
        ("方案.doc", OLE, "application/msword", "application/msword", ".doc"),
        (
            "方案.docx",
            zipped("[Content_Types].xml", "word/document.xml"),
            "",
            f"{OOXML}.wordprocessingml.document",
            ".docx",
        ),
        ("名单.xls", OLE, "application/vnd.ms-excel", "application/vnd.ms-excel", ".xls"),
        (
            "名单.xlsx",
            zipped("[Content_Types].xml"),
            f"{OOXML}.spreadsheetml.sheet",
            f"{OOXML}.spreadsheetml.sheet",
            ".xlsx",
        ),
        ("汇报.ppt", OLE, "application/vnd.ms-powerpoint", "application/vnd.ms-powerpoint", ".ppt"),
        (
            "汇报.pptx",
            zipped("[Content_Types].xml"),
            "application/octet-stream",
            f"{OOXML}.presentationml.presentation",
            ".pptx",
        ),
        ("工作实施方案.wps", OLE, "application/octet-stream", "application/kswps", ".wps"),
        ("工作实施方案.wps", OLE, "application/kswps", "application/kswps", ".wps"),
        ("统计表.et", OLE, "application/wps-office.et", "application/kset", ".et"),
        ("汇报.dps", OLE, "", "application/ksdps", ".dps"),
        ("红头文件.ofd", zipped("OFD.xml", "Doc_0/Document.xml"), "", "application/ofd", ".ofd"),
        ("红头文件.ofd", zipped("OFD.xml"), "application/zip", "application/ofd", ".ofd"),  # "a zip", says the system
        ("材料.zip", zipped("a.pdf", "b.jpg"), "application/x-zip-compressed", "application/zip", ".zip"),
    ],
)
def test_the_formats_schools_use_are_accepted_and_stored_under_their_checked_type(
    name, content, declared, stored_type, extension
):
    upload = SimpleUploadedFile(name, content, content_type=declared)
    attachment = attachment_create(uploaded_by=UserFactory(), upload=upload)
    assert (attachment.content_type, attachment.original_name) == (stored_type, name)
    assert attachment.sha256 in attachment.file.name and attachment.file.name.endswith(extension)


@pytest.mark.parametrize(
    ("name", "content", "declared", "code"),
    [
        ("logo.svg", b"<svg onload=alert(1)>", "image/svg+xml", "attachment_type"),
        ("page.htm", b"<html>", "", "attachment_type"),  # no type declared, and the name is no accepted one
        ("setup.exe", b"MZ\x90\x00", "application/x-msdownload", "attachment_type"),
        ("工作实施方案.wps", b"MZ\x90\x00" + b"\x00" * 32, "application/octet-stream", "attachment_content_mismatch"),
        ("红头文件.ofd", zipped("evil.html"), "", "attachment_content_mismatch"),  # a zip, but no OFD document
        ("红头文件.ofd", b"PK\x03\x04 broken", "", "attachment_content_mismatch"),
        ("手机照片.heic", b"\x00\x00\x00\x18ftypisom" + b"\x00" * 16, "image/heic", "attachment_content_mismatch"),
        ("材料.zip", b"<html>" * 4, "application/zip", "attachment_content_mismatch"),
    ],
)
def test_other_files_are_refused_with_a_stable_code_and_nothing_is_stored(name, content, declared, code):
    with pytest.raises(ApplicationError) as refused:
        attachment_create(uploaded_by=UserFactory(), upload=SimpleUploadedFile(name, content, content_type=declared))
    assert refused.value.code == code
    assert not Attachment.objects.exists()


def test_the_upload_api_takes_a_wps_document_a_browser_calls_bytes():
    upload = SimpleUploadedFile("工作实施方案.wps", OLE, content_type="application/octet-stream")
    response = api(UserFactory()).post("/api/v1/attachments/", {"file": upload}, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["content_type"] == "application/kswps"


def test_the_file_picker_offers_every_accepted_format_and_the_hint_says_them_in_words(settings):
    settings.ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
    assert set(ACCEPT.split(",")) >= {
        ".pdf",
        ".jpg",
        ".png",
        ".heic",
        ".docx",
        ".xlsx",
        ".pptx",
        ".wps",
        ".ofd",
        ".zip",
    }
    with translation.override("en"):
        hint = upload_hint()
    assert "PDF, Word, Excel, PowerPoint, WPS, OFD" in hint and "20 MB" in hint
