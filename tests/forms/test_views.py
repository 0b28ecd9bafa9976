"""Opening a file where it is listed (issue 16 item 4): 下载 under its original name, 预览 in the browser for PDF,
JPEG and PNG only, the type the upload check found (never the request's, never the name's) and nosniff always."""

from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from forms.models import Attachment
from forms.services import attachment_create
from tests.clients import page
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 plan"
PNG = b"\x89PNG\r\n\x1a\n photo"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


def upload(user, name, content, content_type):
    return attachment_create(uploaded_by=user, upload=SimpleUploadedFile(name, content, content_type=content_type))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_download_carries_the_original_chinese_name_and_the_checked_type():
    someone = UserFactory()
    plan = upload(someone, "工作实施方案.wps", OLE, "application/octet-stream")

    response = page(someone).get(f"/attachments/{plan.pk}/download/")

    assert response.status_code == 200
    assert body(response) == OLE
    assert response["Content-Type"] == "application/kswps"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"filename*=UTF-8''{quote('工作实施方案.wps')}" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [("工作实施方案.pdf", PDF, "application/pdf"), ("现场照片.png", PNG, "image/png")],
)
def test_a_pdf_or_a_picture_is_previewed_in_the_browser(name, content, content_type):
    someone = UserFactory()
    file = upload(someone, name, content, content_type)

    response = page(someone).get(f"/attachments/{file.pk}/preview/")

    assert response.status_code == 200 and body(response) == content
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("inline;")
    assert f"filename*=UTF-8''{quote(name)}" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_what_a_browser_cannot_show_safely_is_downloaded_even_from_the_preview_link():
    someone = UserFactory()
    heic = upload(someone, "手机照片.heic", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 16, "image/heic")

    response = page(someone).get(f"/attachments/{heic.pk}/preview/")

    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "image/heic"


def test_a_pdf_named_like_a_page_is_handed_out_as_a_pdf_never_as_html():
    someone = UserFactory()
    file = upload(someone, "通知.html", PDF, "application/pdf")

    response = page(someone).get(f"/attachments/{file.pk}/preview/")

    assert response["Content-Type"] == "application/pdf"
    assert f"filename*=UTF-8''{quote('通知.pdf')}" in response["Content-Disposition"]
    assert ".html" not in response["Content-Disposition"]


@pytest.mark.parametrize(("stored_type", "name"), [("text/html", "page.html"), ("image/svg+xml", "logo.svg")])
def test_a_stored_html_or_svg_is_never_shown_inline_nor_served_as_such(stored_type, name):
    """No upload stores these types; a row that has one anyway (written by hand, or by an older release) is bytes
    to download, so its script never runs on our origin."""
    someone = UserFactory()
    content = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"
    file = Attachment(sha256="0" * 64, original_name=name, content_type=stored_type, size=len(content))
    file.uploaded_by = someone
    file.file.save(f"00/{'0' * 64}.bin", ContentFile(content), save=False)
    file.save()

    response = page(someone).get(f"/attachments/{file.pk}/preview/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert name not in response["Content-Disposition"]  # nor under a name a browser would render
    assert response["X-Content-Type-Options"] == "nosniff"


def test_only_a_get_opens_a_file():
    someone = UserFactory()
    file = upload(someone, "a.pdf", PDF, "application/pdf")
    assert page(someone).post(f"/attachments/{file.pk}/download/").status_code == 405


def test_signing_in_comes_first():
    file = upload(UserFactory(), "a.pdf", PDF, "application/pdf")
    from django.test import Client

    response = Client().get(f"/attachments/{file.pk}/download/")
    assert response.status_code == 302 and "/login" in response["Location"]
