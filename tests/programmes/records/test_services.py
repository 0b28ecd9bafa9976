import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from core.exceptions import ApplicationError
from notifications.models import Notification
from programmes.models import ActivityKind, Participant, ParticipantStatus
from programmes.records import kinds, services
from programmes.records.models import ActivityRecord, RecordStatus
from tests.programmes.records.conftest import TODAY, D, observation

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def create(w, person=None, kind=ActivityKind.OBSERVATION, date=None, details=None, **options):
    return services.record_create(
        actor=person or w.teacher,
        programme=w.programme,
        kind=kind,
        date=date or D(2026, 10, 12),
        details=observation() if details is None else details,
        today=TODAY,
        **options,
    )


def refused(code, call):
    before = (ActivityRecord.objects.count(), AuditEvent.objects.count(), Notification.objects.count())
    with pytest.raises(ApplicationError) as raised:
        call()
    assert raised.value.code == code
    assert (ActivityRecord.objects.count(), AuditEvent.objects.count(), Notification.objects.count()) == before
    return raised.value


def test_every_kind_requires_exactly_its_fields_and_takes_nothing_else(w):
    for kind in ActivityKind.values:
        required = {f.key for f in kinds.fields_of(kind) if f.required}
        error = refused("record_fields_invalid", lambda kind=kind: create(w, kind=kind, details={}))
        assert set(error.fields) == required, kind
        complete = {f.key: (f.choices[0][0] if f.choices else "内容") for f in kinds.fields_of(kind) if f.required}
        refused("record_fields_invalid", lambda kind=kind, c=complete: create(w, kind=kind, details={**c, "x": "1"}))
        record = create(w, kind=kind, details=complete)
        assert record.status == RecordStatus.SUBMITTED and record.term == 1
        assert set(record.details) == {f.key for f in kinds.fields_of(kind)}


def test_a_demonstration_lesson_level_is_one_of_the_paths_levels(w):
    details = {"level": "COUNTY", "topic": "《江南》", "notes": ""}
    error = refused("record_fields_invalid", lambda: create(w, kind=ActivityKind.DEMONSTRATION, details=details))
    assert list(error.fields) == ["level"]


def test_a_record_dated_outside_the_terms_is_refused_and_nothing_written(w):
    refused("record_outside_term", lambda: create(w, date=D(2026, 8, 31)))
    refused("record_outside_term", lambda: create(w, date=D(2027, 7, 16)))


def test_a_record_dated_after_today_is_refused(w):
    refused("record_in_future", lambda: create(w, date=TODAY + datetime.timedelta(days=1)))


def test_only_listed_participants_and_pairs_record(w):
    refused("record_not_participant", lambda: create(w, person=w.stranger))
    refused("record_not_participant", lambda: create(w, person=w.leader))
    Participant.objects.filter(pk=w.teacher_part.pk).update(status=ParticipantStatus.NOMINATED)
    refused("record_not_participant", lambda: create(w))
    assert create(w, person=w.mentor).person == w.mentor  # a pair's mentor on no list


def test_the_responsible_person_confirms_and_the_author_is_told(w, django_capture_on_commit_callbacks):
    record = create(w)
    services.record_confirm(actor=w.leader, record=record)
    record.refresh_from_db()
    assert (record.status, record.decided_by) == (RecordStatus.CONFIRMED, w.leader)
    assert Notification.objects.filter(recipient=w.teacher, kind="decision").count() == 1
    event = AuditEvent.objects.filter(process="programme_records", action="record_confirm").get()
    assert event.organisation_id == w.programme.organisation_id and event.data["record"] == record.pk


def test_nobody_confirms_their_own_record(w):
    Participant.objects.create(
        programme=w.programme, person=w.secretary, direction="TO_BACKBONE", status="LISTED", added_by=w.secretary
    )
    mine = create(w, person=w.secretary)  # the organiser's own record
    refused("own_record", lambda: services.record_confirm(actor=w.secretary, record=mine))
    assert ActivityRecord.objects.get(pk=mine.pk).status == RecordStatus.SUBMITTED


def test_someone_not_responsible_may_not_confirm(w):
    record = create(w)
    for person in (w.stranger, w.mentor, w.mentee):
        with pytest.raises(PermissionDenied):
            services.record_confirm(actor=person, record=record)
    assert ActivityRecord.objects.get(pk=record.pk).status == RecordStatus.SUBMITTED


def test_the_group_leader_confirms_for_the_group_and_for_the_pairs_mentor_on_no_list(w):
    by_mentee, by_mentor = create(w, person=w.mentee), create(w, person=w.mentor)
    services.records_confirm(actor=w.leader, records=[by_mentee, by_mentor])
    assert set(ActivityRecord.objects.values_list("status", flat=True)) == {RecordStatus.CONFIRMED}
    assert Notification.objects.filter(kind="decision").count() == 2


def test_the_organiser_confirms_in_place_of_the_responsible_person(w):
    record = services.record_confirm(actor=w.secretary, record=create(w))
    assert record.status == RecordStatus.CONFIRMED


def test_a_confirmed_record_is_final(w):
    record = services.record_confirm(actor=w.leader, record=create(w))
    refused("record_decided", lambda: services.record_return(actor=w.secretary, record=record, reason="再写"))
    refused("record_decided", lambda: services.record_confirm(actor=w.secretary, record=record))


def test_confirming_several_is_all_or_none(w):
    first, own = create(w), create(w, person=w.mentee)
    Participant.objects.filter(pk=w.teacher_part.pk).update(responsible=w.mentee)
    refused("own_record", lambda: services.records_confirm(actor=w.mentee, records=[first, own]))
    assert set(ActivityRecord.objects.values_list("status", flat=True)) == {RecordStatus.SUBMITTED}


def test_a_returned_record_is_corrected_as_a_new_record(w):
    record = create(w)
    refused("return_reason_missing", lambda: services.record_return(actor=w.leader, record=record, reason=" "))
    refused("record_not_returned", lambda: create(w, corrects=record))
    services.record_return(actor=w.leader, record=record, reason="反思太简单")
    assert Notification.objects.filter(recipient=w.teacher, kind="returned").count() == 1
    refused("record_not_yours", lambda: create(w, person=w.mentee, corrects=record))
    refused(
        "correction_kind_changed",
        lambda: create(w, kind=ActivityKind.BOOK, details={"book": "书", "text": "x"}, corrects=record),
    )
    corrected = create(w, details=observation(reflection="结合自己的课堂写了三点。"), corrects=record)
    record.refresh_from_db()
    assert (record.status, record.details["reflection"]) == (RecordStatus.RETURNED, "识字环节可借鉴。")
    assert corrected.corrects == record and corrected.status == RecordStatus.SUBMITTED
    refused("record_already_corrected", lambda: create(w, corrects=record))
    actions = list(AuditEvent.objects.filter(process="programme_records").values_list("action", flat=True))
    assert actions == ["record_create", "record_return", "record_correct"]


def test_evidence_is_a_photo_or_a_pdf_of_ones_own(w):
    photo = SimpleUploadedFile("听课.png", PNG, content_type="image/png")
    record = create(w, uploads=[photo])
    assert [a.content_type for a in record.evidence.all()] == ["image/png"]
    zipped = SimpleUploadedFile("a.zip", b"PK\x03\x04" + b"\x00" * 40, content_type="application/zip")
    with pytest.raises(ApplicationError):
        create(w, uploads=[zipped])
    assert ActivityRecord.objects.count() == 1
    refused("attachment_unknown", lambda: create(w, person=w.mentee, evidence=list(record.evidence.all())))
