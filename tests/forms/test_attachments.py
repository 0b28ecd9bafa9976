import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.exceptions import ApplicationError
from forms.models import Attachment
from forms.services import attachment_create, attachment_verify, safe_original_name
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n" + b"x" * 100


def upload(name="谈话记录.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_an_upload_is_stored_under_its_sha256_with_its_original_name():
    user = UserFactory()
    attachment = attachment_create(uploaded_by=user, upload=upload())
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.original_name == "谈话记录.pdf"
    assert attachment.size == len(PDF) and attachment.uploaded_by == user
    assert attachment.sha256 in attachment.file.name
    assert attachment_verify(attachment)


def test_a_changed_file_fails_verification():
    attachment = attachment_create(uploaded_by=UserFactory(), upload=upload())
    storage = attachment.file.storage
    storage.delete(attachment.file.name)
    storage.save(attachment.file.name, __import__("io").BytesIO(PDF + b"tampered"))
    assert not attachment_verify(attachment)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"content_type": "text/html", "content": b"<script>"}, "attachment_type"),
        ({"content": b"MZ\x90\x00 not a pdf"}, "attachment_content_mismatch"),
    ],
)
def test_a_wrong_type_is_refused_and_nothing_is_stored(kwargs, code):
    with pytest.raises(ApplicationError) as caught:
        attachment_create(uploaded_by=UserFactory(), upload=upload(**kwargs))
    assert caught.value.code == code
    assert not Attachment.objects.exists()


def test_an_oversized_file_is_refused(settings):
    settings.ATTACHMENT_MAX_BYTES = 50
    with pytest.raises(ApplicationError) as caught:
        attachment_create(uploaded_by=UserFactory(), upload=upload())
    assert caught.value.code == "attachment_too_large"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("../../etc/passwd", "passwd"), ("C:\\Users\\a\\报告.pdf", "报告.pdf"), (".hidden", "hidden"), ("", "file")],
)
def test_path_tricks_in_names_are_removed(raw, clean):
    assert safe_original_name(raw) == clean
