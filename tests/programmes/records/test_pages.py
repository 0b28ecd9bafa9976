import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from programmes.models import ActivityKind
from programmes.records import services
from programmes.records.models import ActivityRecord, RecordStatus
from tests.programmes.records.conftest import TODAY, D, observation

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def signed_in(client, user):
    client.force_login(user)
    return client


def record(w, person=None, day=None, **options):
    return services.record_create(
        actor=person or w.teacher,
        programme=w.programme,
        kind=ActivityKind.OBSERVATION,
        date=day or D(2026, 10, 12),
        details=observation(),
        today=TODAY,
        **options,
    )


def test_a_teacher_records_a_lesson_observation_from_the_phone(w, client):
    signed_in(client, w.teacher)
    record(w)  # the last 听课: its class and subject are filled in
    page = client.get(reverse("programmes-records-new"))
    assert page.status_code == 200 and b"kind-button" in page.content
    url = reverse("programmes-records-new") + "?kind=OBSERVATION"
    form = client.get(url).content.decode()
    assert 'value="二(1)班"' in form and 'value="语文"' in form
    assert 'accept="image/*,application/pdf"' in form and 'capture="environment"' in form
    assert "<script>" not in form and "js/records/entry.js" in form
    data = observation(class_name="三(2)班", date="2026-11-02")
    data["evidence"] = [SimpleUploadedFile("课堂.png", PNG, content_type="image/png")]
    response = client.post(url, data)
    assert response.status_code == 302 and response.url == reverse("programmes-records-mine")
    made = ActivityRecord.objects.latest("pk")
    assert (made.person, made.details["class_name"], made.evidence.count()) == (w.teacher, "三(2)班", 1)
    mine = client.get(reverse("programmes-records-mine")).content.decode()
    assert "三(2)班" in mine and "OBSERVATION" not in mine and "SUBMITTED" not in mine


def test_a_record_outside_the_terms_is_refused_on_the_page_and_nothing_written(w, client):
    signed_in(client, w.teacher)
    before = (ActivityRecord.objects.count(), AuditEvent.objects.count())
    url = reverse("programmes-records-new") + "?kind=OBSERVATION"
    response = client.post(url, observation(date="2026-08-20"))
    assert response.status_code == 422
    assert "record_outside_term" not in response.content.decode()
    response = client.post(url, observation(date="2026-10-20", reflection=""))
    assert response.status_code == 422
    assert (ActivityRecord.objects.count(), AuditEvent.objects.count()) == before


def test_someone_on_no_list_is_told_there_is_nothing_to_record(w, client):
    signed_in(client, w.stranger)
    page = client.get(reverse("programmes-records-new") + "?kind=OBSERVATION")
    assert page.status_code == 200 and b"record-form" not in page.content


def test_the_leader_confirms_several_from_the_inbox_and_returns_one_with_a_reason(w, client):
    first, second, third = record(w), record(w, w.mentee), record(w, w.mentor)
    signed_in(client, w.leader)
    inbox = client.get(reverse("programmes-records-inbox")).content.decode()
    assert all(f'value="{r.pk}"' in inbox for r in (first, second, third))
    response = client.post(reverse("programmes-records-inbox"), {"records": [first.pk, second.pk]})
    assert response.status_code == 302
    assert ActivityRecord.objects.get(pk=first.pk).status == RecordStatus.CONFIRMED
    page = client.get(reverse("programmes-records-detail", args=[third.pk])).content.decode()
    assert 'id="record-confirm"' in page and 'id="record-return"' in page
    empty = client.post(reverse("programmes-records-return", args=[third.pk]), {"reason": ""})
    assert empty.status_code == 422
    client.post(reverse("programmes-records-return", args=[third.pk]), {"reason": "请补充反思"})
    assert ActivityRecord.objects.get(pk=third.pk).status == RecordStatus.RETURNED


def test_the_author_corrects_a_returned_record_as_a_new_one(w, client):
    returned = services.record_return(actor=w.leader, record=record(w), reason="请补充反思")
    signed_in(client, w.teacher)
    page = client.get(reverse("programmes-records-detail", args=[returned.pk])).content.decode()
    assert reverse("programmes-records-correct", args=[returned.pk]) in page and "请补充反思" in page
    form = client.get(reverse("programmes-records-correct", args=[returned.pk])).content.decode()
    assert "导入自然。" in form
    response = client.post(
        reverse("programmes-records-correct", args=[returned.pk]), observation(date="2026-10-12", reflection="补充")
    )
    corrected = ActivityRecord.objects.get(corrects=returned)
    assert response.url == reverse("programmes-records-detail", args=[corrected.pk])
    assert ActivityRecord.objects.get(pk=returned.pk).details["reflection"] == "识字环节可借鉴。"


def test_who_sees_a_record_and_who_confirms_it(w, client):
    made = record(w, w.mentee, uploads=[SimpleUploadedFile("课堂.png", PNG, content_type="image/png")])
    evidence = made.evidence.get()
    detail = reverse("programmes-records-detail", args=[made.pk])
    confirm = reverse("programmes-records-confirm", args=[made.pk])
    opened = reverse("programmes-records-evidence", args=[made.pk, evidence.pk])
    for person, sees, confirms in (
        (w.mentee, 200, 403),  # the author never confirms their own
        (w.mentor, 200, 403),  # the pair's partner sees it
        (w.stranger, 404, 404),
        (w.foreigner, 404, 404),
        (w.leader, 200, 302),
    ):
        signed_in(client, person)
        assert client.get(detail).status_code == sees, person
        assert client.get(opened).status_code == sees, person
        assert client.post(confirm).status_code == confirms, person
        confirmed = ActivityRecord.objects.get(pk=made.pk).status == RecordStatus.CONFIRMED
        assert confirmed == (confirms == 302), person


def test_the_secretary_sees_the_schools_progress_chart_and_exports_it(w, client):
    record(w)
    record(w, w.mentee)
    url = reverse("programmes-records-school", args=[w.programme.pk])
    signed_in(client, w.secretary)
    page = client.get(url).content.decode()
    assert "<svg" in page and 'class="bar-done"' in page and "周老师" in page and "吴老师" in page
    assert "OBSERVATION" not in page
    export = client.get(reverse("programmes-records-export", args=[w.programme.pk]))
    assert export.status_code == 200 and export.content[:2] == b"PK"
    for person, status in ((w.teacher, 403), (w.stranger, 404), (w.foreigner, 404)):
        signed_in(client, person)
        assert client.get(url).status_code == status, person


def test_the_school_page_reads_few_queries_however_many_records(w, client):
    signed_in(client, w.secretary)
    url = reverse("programmes-records-school", args=[w.programme.pk])
    record(w)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(5):
        record(w, w.mentee, D(2026, 10, 1 + i))
        record(w, w.mentor, D(2026, 10, 1 + i))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_pair_and_the_group_pages(w, client):
    record(w, w.mentee)
    pair = reverse("programmes-records-pair", args=[w.pair.pk])
    group = reverse("programmes-records-group", args=[w.programme.pk, w.group.pk])
    for person, pair_status, group_status in (
        (w.mentor, 200, 403),
        (w.mentee, 200, 403),
        (w.leader, 200, 200),
        (w.secretary, 200, 200),
        (w.teacher, 404, 403),
        (w.foreigner, 404, 404),
    ):
        signed_in(client, person)
        assert client.get(pair).status_code == pair_status, person
        assert client.get(group).status_code == group_status, person
    signed_in(client, w.leader)
    page = client.get(group).content.decode()
    assert "吴老师" in page and "周老师" in page  # by the unit and by name
    assert not re.search(r"马导师", page)  # the mentor is on no list


def test_the_hub_offers_each_person_what_they_may_use_now(w):
    from programmes.records.hub import entries

    record(w)
    urls = lambda person: {e["url"] for e in entries(person)}  # noqa: E731
    school = reverse("programmes-records-school", args=[w.programme.pk])
    assert reverse("programmes-records-new") in urls(w.teacher) and school not in urls(w.teacher)
    assert reverse("programmes-records-inbox") in urls(w.leader)
    assert reverse("programmes-records-inbox") not in urls(w.teacher)
    assert school in urls(w.secretary)
    assert urls(w.foreigner) == set()
