"""Opening a year, the two tracks, grading from stored scores (DOMAIN §4.3 exactly), corrections after
publication, and the versioned indicator sets and schemes."""

from decimal import Decimal as D

import pytest

from accounts.models import CommunityType, User
from accounts.roles import Role
from audit.models import AuditEvent
from tests.factories import grant
from tests.workflows.community.factories import filed_application
from tests.workflows.evaluation.conftest import ON_TIME, act, grade_ready, open_year, refused, routine, score_items
from workflows.community.models import Kind
from workflows.evaluation.models import CaseStatus, ProjectStatus, ResultCorrection, RoutineStatus, SchemeVersion
from workflows.evaluation.services import indicator_set_publish, scheme_version_create

pytestmark = pytest.mark.django_db


def test_opening_a_fusion_year_opens_every_track(yuhuan, fusion_case):
    case = fusion_case
    assert case.status == CaseStatus.OPEN
    assert case.routine.count() == 6  # three schools, two terms
    assert set(case.routine.values_list("status", flat=True)) == {RoutineStatus.OPEN}
    assert sorted(case.projects.values_list("component", flat=True)) == ["FEATURE", "FEATURE", "PROJECT", "PROJECT"]
    assert set(case.projects.values_list("status", flat=True)) == {ProjectStatus.FILED}
    assert all(p.application_id for p in case.projects.all())
    event = AuditEvent.objects.get(process="evaluation", case_id=case.pk)
    assert event.action == "open" and event.rule_set == "YH-2025" and event.actor_role == "BUREAU_LEADING_GROUP"


def test_a_collaboration_year_has_no_feature_track(yuhuan, collab_case):
    assert list(collab_case.projects.values_list("component", flat=True)) == ["PROJECT"]


def aggregated_row(case, member):
    act(case, "aggregate", case_actor(case), {})
    return next(r for r in case.results.get().rows if r["member_school_id"] == member.pk)


def case_actor(case):
    return User.objects.get(username="basic_edu")


def test_the_worked_example_r1_through_stored_scores(yuhuan):
    o = yuhuan
    o.fusion.community_type = CommunityType.CO_BUILD  # DOMAIN §4.3 is a 共建型 pair
    o.fusion.save(update_fields=["community_type"])
    case = grade_ready(o, o.fusion)
    assert set(case.routine.values_list("status", flat=True)) == {RoutineStatus.SCORED}
    assert set(case.projects.values_list("status", flat=True)) == {ProjectStatus.SCORED}
    row = aggregated_row(case, o.fusion_member)
    assert row["inputs"] == {
        "N1_K": "86.00",
        "N2_K": "90.00",
        "N1_M": "78.00",
        "N2_M": "84.00",
        "P": "34.00",
        "F": "30.00",
    }
    exact = {k: D(v) for k, v in row["intermediates"].items()}
    assert (exact["pooled_term1"], exact["pooled_term2"]) == (D("82.0"), D("87.0"))
    assert exact["routine_core"] == exact["routine_member"] == D("50.7")
    assert (exact["e_core"], exact["e_member"]) == (D("32.8"), D("31.2"))
    assert (row["total_core"], row["total_member"]) == ("83.5", "81.9")
    result = case.results.get()
    assert result.reading == "R1" and result.community_type == "CO_BUILD"
    assert result.scheme["ratios"]["feature:CO_BUILD"] == [3, 7] and "HALF_UP" in result.scheme["rounding"]


def test_the_worked_example_r2_through_stored_scores(yuhuan):
    o = yuhuan
    default = SchemeVersion.objects.get(is_default=True)
    r2 = scheme_version_create(
        code="YH-2025-R2",
        title="R2",
        reading="R2",
        ratios=default.ratios,
        routine_set=default.routine_set,
        project_set=default.project_set,
        feature_set=default.feature_set,
    )
    case = grade_ready(o, o.fusion, scheme=r2)
    row = aggregated_row(case, o.fusion_member)
    assert (D(row["intermediates"]["routine_core"]), D(row["intermediates"]["routine_member"])) == (
        D("52.8"),
        D("48.6"),
    )
    assert (row["total_core"], row["total_member"]) == ("85.6", "79.8")
    assert case.results.get().reading == "R2"


def test_the_worked_example_for_a_collaboration_pair(yuhuan):
    case = grade_ready(yuhuan, yuhuan.collab)
    row = aggregated_row(case, yuhuan.collab_member)
    assert row["total_core"] == row["total_member"] == "84.7"
    assert D(row["intermediates"]["e_core"]) == D(row["intermediates"]["e_member"]) == D(34)


def published_collab(o):
    case = grade_ready(o, o.collab)
    act(case, "aggregate", o.basic_edu, {})
    act(case, "publish", o.leading, {})
    return case


def test_a_published_result_changes_only_through_an_approved_correction(yuhuan):
    o = yuhuan
    case = published_collab(o)
    field = f"N1@{o.collab_core.pk}"
    assert refused(lambda: act(case, "request_correction", o.basic_edu, {"field": field, "after": "96"})) == (
        "reason_required"
    )
    bad = {"field": f"P@{o.collab_member.pk}", "after": "45", "reason": "录入错误"}
    assert refused(lambda: act(case, "request_correction", o.basic_edu, bad)) == "score_out_of_range"
    unknown = {"field": f"F@{o.collab_member.pk}", "after": "30", "reason": "协作型无特色"}
    assert refused(lambda: act(case, "request_correction", o.basic_edu, unknown)) == "correction_field_unknown"

    act(case, "request_correction", o.basic_edu, {"field": field, "after": "96", "reason": "第一学期得分录入错误"})
    correction = ResultCorrection.objects.get()
    assert (correction.before, correction.after, correction.status) == ("86.00", D("96"), "PENDING")
    grant(o.basic_edu, o.bureau, Role.BUREAU_LEADING_GROUP)  # holds both rights, still may not approve their own
    decide = {"correction_id": correction.pk}
    assert refused(lambda: act(case, "approve_correction", o.basic_edu, decide)) == "approver_must_differ"

    act(case, "approve_correction", o.leading, {**decide, "comment": "同意更正"})
    first, second = case.results.order_by("version")
    assert (first.status, second.status) == ("SUPERSEDED", "PUBLISHED")
    assert first.rows[0]["total_core"] == "84.7"  # the old version is kept as it was
    assert second.rows[0]["inputs"]["N1_K"] == "96.00" and second.rows[0]["total_core"] == "86.2"  # 0.3·87+0.3·87+34
    event = AuditEvent.objects.filter(process="evaluation", action="approve_correction").get()
    assert event.reason == "第一学期得分录入错误" and event.override_approver == o.leading
    assert (event.data["before"], event.data["after"]) == ("86.00", "96.00")
    assert event.data["requested_by"]["id"] == o.basic_edu.pk and event.corrects.action == "publish"
    assert routine(case, o.collab_core, 1).score == D("86.00")  # the assessed record itself is never rewritten
    assert refused(lambda: act(case, "approve_correction", o.leading, decide)) == "correction_decided"


def test_a_correction_can_be_rejected_with_a_reason(yuhuan):
    o = yuhuan
    case = published_collab(o)
    act(case, "request_correction", o.basic_edu, {"field": f"P@{o.collab_member.pk}", "after": "36", "reason": "复核"})
    correction = ResultCorrection.objects.get()
    assert refused(lambda: act(case, "reject_correction", o.leading, {"correction_id": correction.pk})) == (
        "reason_required"
    )
    act(case, "reject_correction", o.leading, {"correction_id": correction.pk, "comment": "复核无误"})
    correction.refresh_from_db()
    assert correction.status == "REJECTED" and case.results.get().status == "PUBLISHED"


def test_indicator_sets_are_versioned_and_a_case_keeps_the_version_it_opened_with(yuhuan, collab_case):
    default = SchemeVersion.objects.get(is_default=True)
    v2 = indicator_set_publish(
        code="YH-ROUTINE",
        track="ROUTINE",
        title="常态化指标（修订）",
        indicators=[
            {"code": "N1", "title": "管理一体化", "max_score": 50},
            {"code": "N2", "title": "教研", "max_score": 50},
        ],
    )
    assert (v2.version, v2.full_marks) == (2, D(100))
    assert default.routine_set.indicators.count() == 6  # version 1 unchanged
    assert collab_case.scheme.routine_set.version == 1


def test_a_scheme_whose_full_marks_disagree_with_its_indicators_is_refused(yuhuan):
    default = SchemeVersion.objects.get(is_default=True)

    def run():
        scheme_version_create(
            code="X",
            title="x",
            ratios=default.ratios,
            routine_full_marks=120,
            routine_set=default.routine_set,
            project_set=default.project_set,
            feature_set=default.feature_set,
        )

    assert refused(run) == "full_marks_mismatch"


def test_a_project_track_opens_with_the_self_evaluation_once_its_application_is_filed(yuhuan):
    o = yuhuan
    case = open_year(o, o.collab)  # nothing filed yet
    assert case.projects.count() == 0
    payload = {
        "member_school_id": o.collab_member.pk,
        "component": "PROJECT",
        "scores": score_items(case, "PROJECT", 30),
    }
    run = lambda: act(case, "self_evaluate", o.collab_core_lead, payload, ON_TIME["year_end"])  # noqa: E731
    assert refused(run) == "application_not_filed"
    application = filed_application(o, o.collab_member, Kind.HELP_PROJECT, school_year=2025)
    run()
    track = case.projects.get()
    assert (track.application_id, track.status, track.late) == (application.pk, "SELF_SUBMITTED", False)
    event = AuditEvent.objects.filter(process="evaluation").latest("pk")
    assert (event.from_state, event.to_state, event.data["application_id"]) == (
        "FILED",
        "SELF_SUBMITTED",
        application.pk,
    )
