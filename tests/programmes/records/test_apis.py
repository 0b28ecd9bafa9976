import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import AuditEvent
from programmes.records.models import ActivityRecord, RecordStatus
from tests.programmes.records.conftest import observation

pytestmark = pytest.mark.django_db
LIST = "api-programmes-records-list"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def payload(w, **changes):
    return {
        "programme": w.programme.pk,
        "kind": "OBSERVATION",
        "date": "2026-10-12",
        "details": observation(),
    } | changes


def test_a_record_through_the_api_confirmed_and_its_progress(w):
    created = api(w.teacher).post(reverse(LIST), payload(w), format="json")
    assert created.status_code == 201 and created.json()["status_label"]
    pk = created.json()["id"]
    assert [r["id"] for r in api(w.teacher).get(reverse(LIST)).json()] == [pk]
    assert api(w.stranger).get(reverse("api-programmes-records-detail", args=[pk])).status_code == 404
    assert api(w.teacher).post(reverse("api-programmes-records-confirm", args=[pk])).status_code == 403
    confirmed = api(w.leader).post(reverse("api-programmes-records-confirm", args=[pk]))
    assert confirmed.status_code == 200 and confirmed.json()["status"] == RecordStatus.CONFIRMED
    again = api(w.leader).post(reverse("api-programmes-records-confirm", args=[pk]))
    assert (again.status_code, again.json()["code"]) == (409, "record_decided")
    mine = api(w.teacher).get(reverse("api-programmes-records-progress", args=[w.programme.pk])).json()
    (person,) = mine["people"]
    observed = next(r for r in person["rows"] if r["kind"] == "OBSERVATION")
    assert (observed["done"], observed["required"]) == (1, 20)
    everyone = api(w.secretary).get(reverse("api-programmes-records-progress", args=[w.programme.pk])).json()
    assert {p["name"] for p in everyone["people"]} == {"周老师", "吴老师", "马导师"}
    assert api(w.stranger).get(reverse("api-programmes-records-progress", args=[w.programme.pk])).status_code == 404


def test_the_api_refuses_a_record_outside_the_term_with_its_code_and_writes_nothing(w):
    before = (ActivityRecord.objects.count(), AuditEvent.objects.count())
    response = api(w.teacher).post(reverse(LIST), payload(w, date="2026-08-30"), format="json")
    assert (response.status_code, response.json()["code"]) == (400, "record_outside_term")
    response = api(w.teacher).post(reverse(LIST), payload(w, details={"class_name": "一(1)班"}), format="json")
    assert response.json()["code"] == "record_fields_invalid"
    assert (ActivityRecord.objects.count(), AuditEvent.objects.count()) == before


def test_return_through_the_api_needs_a_reason(w):
    pk = api(w.mentee).post(reverse(LIST), payload(w), format="json").json()["id"]
    url = reverse("api-programmes-records-return", args=[pk])
    assert api(w.leader).post(url, {}, format="json").json()["code"] == "invalid"
    returned = api(w.leader).post(url, {"reason": "请补充"}, format="json")
    assert returned.json()["status"] == RecordStatus.RETURNED
    correction = api(w.mentee).post(reverse(LIST), payload(w, corrects=pk), format="json")
    assert correction.status_code == 201 and correction.json()["corrects"] == pk
