"""The bureau creates and edits scheme versions (issue 17 item 6): through a service with the leading group's right,
audited in the same transaction; bad input refused with a stable code and nothing changed; a version a published
year was graded with is never edited; a year opened with a new version is graded with it."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from audit.models import AuditEvent
from tests.clients import api, page
from tests.workflows.evaluation.conftest import act, grade_ready, refused
from workflows.evaluation.models import CaseStatus, SchemeVersion
from workflows.evaluation.scheme_forms import initial_of
from workflows.evaluation.scheme_services import scheme_version_add, scheme_version_edit

pytestmark = pytest.mark.django_db
GRADES = [{"label": "优秀", "min": "85"}, {"label": "良好", "min": "75"}, {"label": "合格", "min": "0"}]


def payload(**changes) -> dict:
    default = SchemeVersion.objects.get(is_default=True)
    data = {
        "title": "2026 方案（各校常态化分开计）",
        "reading": "R2",
        "ratios": dict(default.ratios),
        "routine_full_marks": str(default.routine_full_marks),
        "places": 1,
        "grades": GRADES,
        "feature_policy": default.feature_policy,
        "core_combination": "mean",
        "is_default": False,
        "routine_set": default.routine_set_id,
        "project_set": default.project_set_id,
        "feature_set": default.feature_set_id,
    }
    return data | changes


def schemes_and_events() -> tuple:
    return (
        list(SchemeVersion.objects.values_list("pk", "title", "reading", "grades", "is_default").order_by("pk")),
        AuditEvent.objects.filter(action__startswith="scheme_").count(),
    )


def test_the_leading_group_creates_a_version_and_the_event_records_it(yuhuan):
    o = yuhuan
    made = scheme_version_add(actor=o.leading, payload=payload())
    assert made.reading == "R2" and made.core_combination == "mean"
    assert made.grades == GRADES and made.ratios["feature:COLLABORATION"] is None
    assert not made.is_default and SchemeVersion.objects.filter(is_default=True).count() == 1
    event = AuditEvent.objects.get(action="scheme_create")
    assert event.actor_id == o.leading.pk and event.organisation_id is not None and event.case_id is None
    assert event.data["scheme_id"] == made.pk and event.data["reading"] == "R2"


def test_a_new_default_takes_over_from_the_old_one(yuhuan):
    made = scheme_version_add(actor=yuhuan.leading, payload=payload(is_default=True))
    assert list(SchemeVersion.objects.filter(is_default=True)) == [made]


def test_the_basic_education_section_reads_but_may_not_write_and_others_do_not_see_it(yuhuan):
    o = yuhuan
    with pytest.raises(PermissionDenied):
        scheme_version_add(actor=o.basic_edu, payload=payload())
    for outsider in (o.core_lead, o.auditor):
        with pytest.raises(Http404):
            scheme_version_add(actor=outsider, payload=payload())
    assert page(o.basic_edu).get("/evaluation/schemes/").status_code == 200
    assert page(o.basic_edu).get("/evaluation/schemes/new/").status_code == 403
    assert page(o.core_lead).get("/evaluation/schemes/").status_code == 404
    assert page(o.auditor).get("/evaluation/schemes/new/").status_code == 404
    assert SchemeVersion.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"grades": [{"label": "优秀", "min": "90"}, {"label": "合格", "min": "60"}]}, "grades_gap"),
        ({"grades": [{"label": "优秀", "min": "90"}, {"label": "优秀", "min": "0"}]}, "grades_invalid"),
        ({"routine_full_marks": "120"}, "full_marks_mismatch"),
        ({"reading": "R3"}, "invalid"),
        ({"places": 5}, "invalid"),
    ],
)
def test_bad_input_is_refused_with_its_code_and_changes_nothing(yuhuan, changes, code):
    before = schemes_and_events()
    assert refused(lambda: scheme_version_add(actor=yuhuan.leading, payload=payload(**changes))) == code
    assert schemes_and_events() == before


def test_ratios_must_cover_routine_work_and_the_project_for_every_type(yuhuan):
    ratios = dict(payload()["ratios"]) | {"project:FUSION": None}
    assert refused(lambda: scheme_version_add(actor=yuhuan.leading, payload=payload(ratios=ratios))) == "ratio_required"
    ratios = dict(payload()["ratios"]) | {"routine:FUSION": [1, 0]}
    assert refused(lambda: scheme_version_add(actor=yuhuan.leading, payload=payload(ratios=ratios))) == "ratio_invalid"


def test_an_unused_version_is_edited_and_the_change_recorded(yuhuan):
    made = scheme_version_add(actor=yuhuan.leading, payload=payload())
    scheme_version_edit(actor=yuhuan.leading, version_id=made.pk, payload=payload(reading="R1", places=2))
    made.refresh_from_db()
    assert (made.reading, made.places) == ("R1", 2)
    event = AuditEvent.objects.get(action="scheme_update")
    assert event.data["changed"]["reading"] == {"before": "R2", "after": "R1"}


def test_a_version_a_published_year_was_graded_with_is_never_edited(yuhuan):
    o = yuhuan
    case = grade_ready(o, o.collab)
    act(case, "aggregate", o.basic_edu, {})
    act(case, "publish", o.leading, {})
    assert case.scheme.evaluationcase_set.filter(status=CaseStatus.PUBLISHED).exists()
    edit = payload(title="改过", grades=[])
    before = schemes_and_events()
    assert refused(lambda: scheme_version_edit(actor=o.leading, version_id=case.scheme_id, payload=edit)) == (
        "scheme_in_use"
    )
    assert schemes_and_events() == before
    # The edit page sends the bureau to a new version made from it instead.
    response = page(o.leading).get(f"/evaluation/schemes/{case.scheme_id}/edit/")
    assert response.status_code == 302 and response["Location"].endswith(
        f"/evaluation/schemes/new/?from={case.scheme_id}"
    )


def test_the_pages_create_a_version_and_refuse_bad_input_beside_its_field(yuhuan):
    o = yuhuan
    client = page(o.leading)
    form = client.get("/evaluation/schemes/new/")
    assert form.status_code == 200
    default = SchemeVersion.objects.get(is_default=True)
    data = {k: v for k, v in initial_of(default, copy=True).items() if v is not None and v is not False}
    data |= {"title": "2026 方案", "reading": "R2", "core_combination": "mean"}
    bad = client.post("/evaluation/schemes/new/", data | {"grade_3_min": "10"})  # no grade from 0
    assert bad.status_code == 422 and SchemeVersion.objects.count() == 1
    done = client.post("/evaluation/schemes/new/", data)
    assert done.status_code == 302
    made = SchemeVersion.objects.exclude(pk=default.pk).get()
    assert made.reading == "R2" and [g["label"] for g in made.grades] == ["优秀", "良好", "合格", "不合格"]
    listing = client.get("/evaluation/schemes/").content.decode()
    assert "2026 方案" in listing and "R2" not in listing


def test_a_year_opened_with_the_new_version_is_graded_with_it_and_explained_in_words(yuhuan):
    o = yuhuan
    made = scheme_version_add(actor=o.leading, payload=payload())
    case = grade_ready(o, o.fusion, scheme=made)
    act(case, "aggregate", o.basic_edu, {})
    result = case.results.get()
    row = next(r for r in result.rows if r["member_school_id"] == o.fusion_member.pk)
    assert (result.reading, row["total_core"], row["total_member"]) == ("R2", "85.6", "79.8")  # DOMAIN §4.3, R2
    assert result.scheme["grades"] == GRADES
    html = page(o.leading).get(f"/evaluation/{case.pk}/results/").content.decode()
    assert "优秀" in html and "良好" in html  # 85.6 and 79.8 by the version's thresholds
    shown = re.sub(r"<[^>]*>", " ", html)  # the text people read (a random token in an attribute could hold "R1")
    assert not re.search(r"\b(R1|R2|N1_K)\b", shown)
    assert 'id="core-combined"' in html  # two member schools: how the core school's pairs combine


def test_the_api_creates_and_edits_versions_with_the_same_rules(yuhuan):
    o = yuhuan
    made = api(o.leading).post("/api/v1/evaluation/schemes/", payload(), format="json")
    assert made.status_code == 201 and made.json()["grades"] == GRADES
    pk = made.json()["id"]
    changed = api(o.leading).put(f"/api/v1/evaluation/schemes/{pk}/", payload(places=2), format="json")
    assert changed.status_code == 200 and changed.json()["places"] == 2
    bad = api(o.leading).put(f"/api/v1/evaluation/schemes/{pk}/", payload(grades=GRADES[:2]), format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "grades_gap"
    assert api(o.basic_edu).post("/api/v1/evaluation/schemes/", payload(), format="json").status_code == 403
    assert api(o.core_lead).post("/api/v1/evaluation/schemes/", payload(), format="json").status_code == 404
    assert SchemeVersion.objects.count() == 2
