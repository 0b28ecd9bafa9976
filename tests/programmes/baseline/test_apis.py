import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from programmes.baseline.models import Distinction

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_recording_listing_and_withdrawing_through_the_api(county):
    url = reverse("api-programmes-baseline-distinctions", args=[county.n1.pk])
    made = api(county.secretary).post(
        url, {"title": "EXCELLENT_TEACHER", "level": 1, "awarded_on": "2025-09-10"}, format="json"
    )
    assert made.status_code == 201 and made.json()["level_label"]
    listed = api(county.basic_edu).get(url)
    assert [row["id"] for row in listed.json()] == [made.json()["id"]]
    withdrawn = api(county.secretary).post(
        reverse("api-programmes-baseline-withdraw", args=[made.json()["id"]]), {"reason": "重复"}, format="json"
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["in_force"] is False


def test_the_api_hides_another_countys_teacher_and_refuses_a_reader(county):
    data = {"title": "EXCELLENT_TEACHER", "level": 1, "awarded_on": "2025-09-10"}
    foreign = reverse("api-programmes-baseline-distinctions", args=[county.foreign_teacher.pk])
    assert api(county.secretary).post(foreign, data, format="json").status_code == 404
    own = reverse("api-programmes-baseline-distinctions", args=[county.n1.pk])
    assert api(county.basic_edu).post(own, data, format="json").status_code == 403
    assert not Distinction.objects.exists()


def test_the_figures_come_as_exact_percentages(counted):
    response = api(counted.basic_edu).get(reverse("api-programmes-baseline-figures", args=[counted.bureau.pk]))
    totals = response.json()["totals"]
    assert totals["counts"]["teachers"] == 9
    assert {r["key"]: r["percent"] for r in totals["ratios"]}["member_share"] == "44.4"
    assert (
        api(counted.outsider).get(reverse("api-programmes-baseline-figures", args=[counted.bureau.pk])).status_code
        == 404
    )
