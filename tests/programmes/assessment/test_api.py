"""The assessment's API: a programme from its list to its year-end results (open, edit the indicator set, score from
the records, publish, a participant reads their sheet, a correction requested and approved by a second person), and
who gets 404 or 403."""

import pytest
from rest_framework.test import APIClient

from programmes.assessment.models import Sheet
from programmes.models import ActivityKind
from tests.programmes.assessment.conftest import confirmed

pytestmark = pytest.mark.django_db
BASE = "/api/v1/programmes/assessment"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def scores(body, **overrides):
    return {
        "scores": [
            {
                "indicator": line["code"],
                "score": overrides.get(line["code"], line["proposal"] or "8"),
                "reason": "评定",
            }
            for line in body["lines"]
        ]
    }


def test_a_programme_from_its_list_to_the_corrected_year_end_results(w, programme, listed):
    hai, chen = listed
    confirmed(w, programme, w.member, ActivityKind.DEMONSTRATION)
    secretary, leading = api(w.secretary), api(w.leading)
    assert secretary.get(f"{BASE}/{programme.pk}/").json()["opened"] is False
    opened = secretary.post(f"{BASE}/{programme.pk}/open/")
    assert opened.status_code == 201 and opened.json()["scheme"]["full_marks"] == "100.00"
    scheme = secretary.get(f"{BASE}/{programme.pk}/scheme/").json()
    scheme["indicators"][4]["max_score"] = "10"
    scheme["indicators"][5]["max_score"] = "20"
    changed = secretary.put(f"{BASE}/{programme.pk}/scheme/", scheme, format="json")
    assert changed.status_code == 200 and changed.json()["version"] == 1
    sheet = secretary.get(f"{BASE}/{programme.pk}/sheets/{hai.pk}/").json()
    assert sheet["lines"][0]["proposal"] == "10.00" and len(sheet["lines"][0]["records"]) == 1
    bad = secretary.put(f"{BASE}/{programme.pk}/sheets/{hai.pk}/", scores(sheet, D5="10.01"), format="json")
    assert (bad.status_code, bad.json()["code"]) == (400, "score_out_of_range") and not Sheet.objects.exists()
    for participant in (hai, chen):
        body = secretary.get(f"{BASE}/{programme.pk}/sheets/{participant.pk}/").json()
        saved = secretary.put(f"{BASE}/{programme.pk}/sheets/{participant.pk}/", scores(body), format="json")
        assert saved.status_code == 200, saved.json()
    assert api(w.member).get(f"{BASE}/{programme.pk}/sheets/{hai.pk}/").status_code == 403  # not yet published
    assert secretary.post(f"{BASE}/{programme.pk}/publish/").status_code == 200
    own = api(w.member).get(f"{BASE}/{programme.pk}/sheets/{hai.pk}/")
    assert own.status_code == 200 and own.json()["sheet"]["status"] == "PUBLISHED"
    assert api(w.member).get(f"{BASE}/{programme.pk}/sheets/{chen.pk}/").status_code == 403  # another's sheet
    assert api(w.leader).get(f"{BASE}/{programme.pk}/sheets/{chen.pk}/").status_code == 200  # responsible for him
    locked = secretary.put(f"{BASE}/{programme.pk}/sheets/{hai.pk}/", scores(own.json()), format="json")
    assert locked.json()["code"] == "assessment_published"
    ask = {"participant": hai.pk, "indicator": "D6", "after": "9.5", "reason": "成绩复核"}
    asked = secretary.post(f"{BASE}/{programme.pk}/corrections/", ask, format="json")
    assert asked.status_code == 201
    decide = f"{BASE}/corrections/{asked.json()['id']}/decide/"
    assert secretary.post(decide, {"decision": "approve"}, format="json").json()["code"] == "correction_self_approval"
    approved = leading.post(decide, {"decision": "approve"}, format="json")
    assert approved.status_code == 200 and approved.json()["produced_version"] == 2
    assert api(w.member).get(f"{BASE}/{programme.pk}/sheets/{hai.pk}/").json()["sheet"]["version"] == 2


def test_outsiders_get_404_and_insiders_without_the_right_403(w, programme, assessment, listed):
    hai, _chen = listed
    for path in ("/", "/scheme/", "/corrections/", f"/sheets/{hai.pk}/"):
        assert api(w.outsider).get(f"{BASE}/{programme.pk}{path}").status_code == 404, path
    for path in ("/", "/scheme/", "/corrections/"):
        assert api(w.member2).get(f"{BASE}/{programme.pk}{path}").status_code == 403, path
    assert api(w.member2).post(f"{BASE}/{programme.pk}/publish/").status_code == 403
    assert APIClient().get(f"{BASE}/{programme.pk}/").status_code == 401
