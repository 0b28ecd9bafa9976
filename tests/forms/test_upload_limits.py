"""Uploads are bounded per person and orphans are removed (issue 15 item 9): a rate on the upload API (429 and
Retry-After), bytes a day and bytes not attached to anything yet, and a periodic clean-up of uploads never
attached, after a grace period, with their files."""

import datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone
from django.utils.module_loading import import_string

from forms.models import Attachment, FormDefinition
from forms.services import attachment_create, orphan_attachments_remove, submission_create
from tests.factories import UserFactory
from tests.workflows.party.conftest import api, submit

pytestmark = pytest.mark.django_db


def pdf_file(name="材料.pdf", size=60):
    body = (b"%PDF-1.4 " + name.encode()).ljust(size, b"x")
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def post(user, **kwargs):
    return api(user).post("/api/v1/attachments/", {"file": pdf_file(**kwargs)}, format="multipart")


def test_the_upload_api_has_a_rate_per_person(settings):
    settings.ATTACHMENT_UPLOAD_RATE = "3/m"
    someone, other = UserFactory(), UserFactory()
    assert [post(someone).status_code for _ in range(3)] == [201, 201, 201]
    refused = post(someone)
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    assert Attachment.objects.filter(uploaded_by=someone).count() == 3
    assert post(other).status_code == 201  # per person, not for everyone


def test_bytes_uploaded_in_a_day_are_bounded(settings):
    settings.ATTACHMENT_DAILY_QUOTA_BYTES = 100
    someone = UserFactory()
    assert post(someone).status_code == 201
    refused = post(someone)
    assert refused.status_code == 429 and refused.json()["code"] == "attachment_daily_quota"
    assert 0 < int(refused["Retry-After"]) <= 24 * 3600
    assert Attachment.objects.filter(uploaded_by=someone).count() == 1
    Attachment.objects.update(uploaded_at=timezone.now() - datetime.timedelta(hours=25), attached_at=timezone.now())
    assert post(someone).status_code == 201  # a day later


def test_bytes_not_attached_yet_are_bounded_and_freed_by_attaching(settings, party):
    settings.ATTACHMENT_PENDING_QUOTA_BYTES = 150
    first = post(party.applicant)
    assert first.status_code == 201 and post(party.applicant).status_code == 201
    refused = post(party.applicant)
    assert refused.status_code == 429 and refused.json()["code"] == "attachment_pending_quota"
    assert int(refused["Retry-After"]) > 0

    submit(party, attachment_ids=[first.json()["id"]])  # naming it in an action attaches it

    assert Attachment.objects.get(pk=first.json()["id"]).attached_at is not None
    assert post(party.applicant).status_code == 201


def test_the_clean_up_removes_uploads_never_attached_after_the_grace_period_with_their_files(party):
    def upload(name):
        return attachment_create(uploaded_by=party.applicant, upload=pdf_file(name))

    orphan, young, in_submission, in_step = upload("a.pdf"), upload("b.pdf"), upload("c.pdf"), upload("d.pdf")
    definition = FormDefinition.objects.create(code="x", version=1, title="x", fields=[])
    submission_create(definition=definition, data={}, submitted_by=party.applicant, attachments=[in_submission])
    submit(party, attachment_ids=[in_step.pk])
    old = timezone.now() - datetime.timedelta(hours=settings.ATTACHMENT_ORPHAN_GRACE_HOURS + 1)
    Attachment.objects.exclude(pk=young.pk).update(uploaded_at=old)
    Attachment.objects.filter(pk=in_submission.pk).update(attached_at=None)  # used, though never marked
    storage = Attachment._meta.get_field("file").storage
    assert storage.exists(orphan.file.name)

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert orphan_attachments_remove() == 1

    assert not Attachment.objects.filter(pk=orphan.pk).exists()
    assert not storage.exists(orphan.file.name)
    assert set(Attachment.objects.values_list("pk", flat=True)) == {young.pk, in_submission.pk, in_step.pk}
    assert Attachment.objects.get(pk=in_submission.pk).attached_at is not None
    assert orphan_attachments_remove() == 0  # idempotent


def test_the_clean_up_is_scheduled_for_beat_and_the_embedded_scheduler():
    entry = settings.CELERY_BEAT_SCHEDULE["attachments-orphans"]
    assert entry["schedule"] == 60 * settings.ATTACHMENT_CLEANUP_MINUTES
    assert import_string(entry["task"]).run() == 0
