"""The assessment's services: defaults, scoring with proposals from the records, publication lock, corrections by a
second person; every refusal writes nothing."""

from decimal import Decimal

import pytest

from audit.models import AuditEvent
from core.exceptions import ApplicationError
from programmes import services as programme_services
from programmes.assessment import services
from programmes.assessment.models import Correction, Scheme, Sheet, SheetStatus
from programmes.models import ActivityKind, ProgrammeKind
from tests.programmes.assessment.conftest import confirmed, full_marks

pytestmark = pytest.mark.django_db


def refused(code, call):
    counted = (Sheet, Correction, Scheme, AuditEvent)
    before = [m.objects.count() for m in counted]
    rows = list(Sheet.objects.values_list("pk", "status", "total", "rows").order_by("pk"))
    with pytest.raises(ApplicationError) as raised:
        call()
    assert raised.value.code == code
    assert [m.objects.count() for m in counted] == before
    assert list(Sheet.objects.values_list("pk", "status", "total", "rows").order_by("pk")) == rows
    return raised.value


def score(w, assessment, participant, items):
    return services.sheet_score(actor=w.secretary, assessment=assessment, participant=participant, items=items)


def edit(w, assessment, grades, indicators, title="考核办法"):
    return services.scheme_update(
        actor=w.secretary, assessment=assessment, title=title, grades=grades, indicators=indicators
    )


def test_opening_sets_up_the_six_items_of_the_kind_totalling_100_and_is_audited(w, programme, assessment):
    scheme = assessment.scheme
    assert [i.title for i in scheme.indicators.all()] == [
        "示范课",
        "讲座",
        "指导青年教师",
        "论文与课题",
        "辅导学生竞赛",
        "教学成绩",
    ]
    assert scheme.full_marks == 100 and [g["label"] for g in scheme.grades] == ["优秀", "合格", "基本合格", "不合格"]
    assert AuditEvent.objects.filter(process="programme_assessment", action="open", case_id=programme.pk).exists()
    refused("assessment_exists", lambda: services.assessment_open(actor=w.secretary, programme=programme))


def test_a_strive_for_excellence_programme_gets_the_criteria_of_002(w):
    other = programme_services.programme_create(
        actor=w.secretary, kind=ProgrammeKind.EXCELLENCE, organisation=w.branch, school_year=w.year
    )
    opened = services.assessment_open(actor=w.secretary, programme=other)
    assert [i.title for i in opened.scheme.indicators.all()][:2] == ["师德修养", "党员示范课"]
    assert opened.scheme.full_marks == 100


def test_a_score_out_of_range_is_refused_and_nothing_written(w, assessment, listed):
    hai, _chen = listed
    items = full_marks(assessment, D1=Decimal("20.01"))
    refused(
        "score_out_of_range",
        lambda: score(w, assessment, hai, items),
    )
    items = full_marks(assessment)[:-1]
    refused(
        "scores_incomplete",
        lambda: score(w, assessment, hai, items),
    )


def test_the_records_propose_a_score_and_a_differing_score_needs_a_reason(w, programme, assessment, listed):
    hai, _chen = listed
    lesson = confirmed(w, programme, w.member, ActivityKind.DEMONSTRATION)
    items = full_marks(assessment)
    items[0]["reason"] = ""  # 示范课 at 20 while the records propose 10 (one term of two)
    error = refused(
        "reason_required",
        lambda: score(w, assessment, hai, items),
    )
    assert error.fields == {"scores": ["D1"]}
    items[0]["score"] = Decimal("10")  # as proposed: no reason needed
    sheet = services.sheet_score(actor=w.secretary, assessment=assessment, participant=hai, items=items)
    row = sheet.rows[0]
    assert (row["proposal"], row["proposal_exact"], row["score"]) == ("10.00", "10", "10.00")
    assert [r["id"] for r in row["records"]] == [lesson.pk]
    assert sheet.total == Decimal("90.00") and sheet.grade == "优秀" and sheet.status == SheetStatus.SCORED
    event = AuditEvent.objects.get(process="programme_assessment", action="score")
    assert event.data["total"] == "90.00" and event.organisation_id == programme.organisation_id


def test_publication_locks_the_sheets(w, assessment, listed):
    hai, chen = listed
    services.sheet_score(actor=w.secretary, assessment=assessment, participant=hai, items=full_marks(assessment))
    refused("scores_incomplete", lambda: services.assessment_publish(actor=w.secretary, assessment=assessment))
    services.sheet_score(actor=w.secretary, assessment=assessment, participant=chen, items=full_marks(assessment))
    services.assessment_publish(actor=w.secretary, assessment=assessment)
    assert set(Sheet.objects.values_list("status", flat=True)) == {SheetStatus.PUBLISHED}
    assessment.refresh_from_db()
    items = full_marks(assessment, D5=Decimal("1"))
    refused(
        "assessment_published",
        lambda: score(w, assessment, hai, items),
    )
    refused(
        "assessment_published",
        lambda: edit(w, assessment, [], []),
    )


def test_a_correction_is_approved_by_a_second_person_into_a_new_version(w, assessment, listed):
    hai, chen = listed
    for person in listed:
        services.sheet_score(actor=w.secretary, assessment=assessment, participant=person, items=full_marks(assessment))
    services.assessment_publish(actor=w.secretary, assessment=assessment)
    assessment.refresh_from_db()
    ask = dict(actor=w.secretary, assessment=assessment, participant=hai, indicator="D6", reason="期末统考成绩复核")
    refused("score_out_of_range", lambda: services.correction_request(**ask, after=Decimal("15.5")))
    refused("correction_no_change", lambda: services.correction_request(**ask, after=Decimal("15")))
    rejected = services.correction_request(**ask, after=Decimal("14"))
    refused("reason_required", lambda: services.correction_decide(actor=w.leading, correction=rejected, approve=False))
    services.correction_decide(actor=w.leading, correction=rejected, approve=False, comment="原分数有据")
    correction = services.correction_request(**ask, after=Decimal("10.5"))
    refused(
        "correction_self_approval",
        lambda: services.correction_decide(actor=w.secretary, correction=correction, approve=True),
    )
    services.correction_decide(actor=w.leading, correction=correction, approve=True)
    old, new = Sheet.objects.filter(participant=hai).order_by("version")
    assert (old.status, old.total) == (SheetStatus.SUPERSEDED, Decimal("100.00"))
    assert (new.version, new.status, new.total, new.grade) == (2, SheetStatus.PUBLISHED, Decimal("95.50"), "优秀")
    correction.refresh_from_db()
    assert correction.produced == new and correction.decided_by == w.leading
    event = AuditEvent.objects.get(process="programme_assessment", action="approve_correction")
    assert event.data["superseded_version"] == 1 and event.data["requested_by"]["id"] == w.secretary.pk


def test_the_indicator_set_is_edited_in_place_before_scoring_and_versioned_after(w, assessment, listed):
    hai, _chen = listed
    indicators = [
        {"code": i.code, "title": i.title, "max_score": i.max_score, "kinds": i.kinds, "rule": i.rule, "count": i.count}
        for i in assessment.scheme.indicators.all()
    ]
    indicators[0]["max_score"] = Decimal("25")
    indicators[1]["max_score"] = Decimal("10")
    grades = assessment.scheme.grades
    scheme = services.scheme_update(
        actor=w.secretary, assessment=assessment, title="考核办法", grades=grades, indicators=indicators
    )
    assert scheme.pk == assessment.scheme_id and scheme.version == 1
    assessment.refresh_from_db()
    services.sheet_score(actor=w.secretary, assessment=assessment, participant=hai, items=full_marks(assessment))
    bad = [*indicators, {"code": "D1", "title": "重复", "max_score": "5"}]
    refused(
        "indicator_invalid",
        lambda: services.scheme_update(
            actor=w.secretary, assessment=assessment, title="x", grades=grades, indicators=bad
        ),
    )
    refused(
        "grades_invalid",
        lambda: services.scheme_update(
            actor=w.secretary, assessment=assessment, title="x", grades=grades[:2], indicators=indicators
        ),
    )
    second = services.scheme_update(
        actor=w.secretary, assessment=assessment, title="考核办法（修订）", grades=grades, indicators=indicators[:5]
    )
    assert second.version == 2 and Sheet.objects.get(participant=hai).scheme.version == 1
