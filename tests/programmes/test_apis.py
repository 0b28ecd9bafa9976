"""The programmes core's API: create with defaults, a quota below zero refused with its code and nothing written,
participants, adoption, and 404/403 as the pages."""

import pytest
from django.urls import reverse

from programmes.models import Participant, ProgrammeKind, Quota
from programmes.selectors import quota_words
from tests.clients import api

pytestmark = pytest.mark.django_db


def test_the_secretary_creates_a_programme_with_the_seeds_defaults(w):
    data = {"kind": ProgrammeKind.DUAL, "organisation": w.branch.pk, "school_year": w.year}
    answer = api(w.secretary).post(reverse("api-programmes-programme-list"), data, format="json")
    assert answer.status_code == 201
    body = answer.json()
    assert len(body["stages"]) == 4 and len(body["terms"]) == 2
    observation = Quota.objects.get(kind="OBSERVATION", audience="ALL")
    assert quota_words(observation) in [q["words"] for q in body["quotas"]]  # 每学期听课不少于20节


def test_a_programme_for_an_organisation_out_of_reach_is_refused(w):
    data = {"kind": ProgrammeKind.DUAL, "organisation": w.other_school.pk, "school_year": w.year}
    answer = api(w.secretary).post(reverse("api-programmes-programme-list"), data, format="json")
    assert answer.status_code == 400 and answer.json()["code"] == "organisation_out_of_reach"


def test_a_quota_below_zero_is_refused_with_its_code(w, programme):
    url = reverse("api-programmes-programme-quotas", args=[programme.pk])
    answer = api(w.secretary).post(url, {"kind": "OBSERVATION", "period": "TERM", "count": -1}, format="json")
    assert answer.status_code == 400 and answer.json()["code"] == "quota_below_zero"
    assert Quota.objects.get(programme=programme, kind="OBSERVATION", audience="ALL").count == 20


def test_a_participant_is_added_and_refused_in_the_wrong_direction(w, programme):
    url = reverse("api-programmes-programme-participants", args=[programme.pk])
    client = api(w.secretary)
    wrong = client.post(url, {"person": w.teacher.pk, "direction": "TO_BACKBONE"}, format="json")
    assert wrong.status_code == 400 and wrong.json()["code"] == "direction_mismatch"
    made = client.post(url, {"person": w.teacher.pk, "direction": "TO_MEMBER", "responsible": w.dept.pk}, format="json")
    assert made.status_code == 201 and made.json()["status_label"]
    assert Participant.objects.get().responsible == w.dept


def test_outsiders_get_404_and_members_403(w, programme):
    detail = reverse("api-programmes-programme-detail", args=[programme.pk])
    assert api(w.outsider).get(detail).status_code == 404
    assert api(w.member).get(detail).status_code == 200
    assert api(w.member).patch(detail, {"name": "改名"}, format="json").status_code == 403
    assert api(w.secretary).patch(detail, {"name": "改名"}, format="json").status_code == 200


def test_a_bureau_programme_is_adopted_once(w):
    client = api(w.leading)
    data = {"kind": ProgrammeKind.DUAL, "organisation": w.bureau.pk, "school_year": w.year}
    source = client.post(reverse("api-programmes-programme-list"), data, format="json").json()["id"]
    url = reverse("api-programmes-programme-adopt", args=[source])
    first = api(w.secretary).post(url, {"organisation": w.branch.pk}, format="json")
    assert first.status_code == 201 and first.json()["adopted_from"] == source
    again = api(w.secretary).post(url, {"organisation": w.branch.pk}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "already_adopted"
    assert api(w.member).post(url, {"organisation": w.branch.pk}, format="json").status_code == 404
