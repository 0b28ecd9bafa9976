"""DOMAIN §4.6, C1–C9: each refused with its stable code and nothing changed, or accepted with its warning."""

import datetime
from decimal import Decimal as D

import pytest

from accounts.models import CommunityType
from accounts.roles import Role
from audit.models import AuditEvent
from core.exceptions import ApplicationError
from tests.factories import UserFactory, grant
from tests.workflows.evaluation.conftest import (
    AFTER_VISIT,
    ON_TIME,
    act,
    grade_ready,
    project,
    refused,
    routine,
    score_items,
    score_routine,
    score_year_end,
    self_evaluate_routine,
)
from workflows.evaluation.grading import DEFAULT_RATIOS
from workflows.evaluation.models import Appointment, ProjectStatus, RoutineStatus, SchemeVersion, Track
from workflows.evaluation.services import scheme_version_create

pytestmark = pytest.mark.django_db


def last_event():
    return AuditEvent.objects.filter(process="evaluation").latest("pk")


@pytest.mark.parametrize(("day", "late"), [(datetime.date(2025, 11, 10), False), (datetime.date(2025, 11, 12), True)])
def test_c1_a_term_1_self_evaluation_after_november_10_is_accepted_and_flagged_late(yuhuan, collab_case, day, late):
    events = AuditEvent.objects.count()
    result = self_evaluate_routine(yuhuan, collab_case, yuhuan.collab_core, 1, 80, today=day)
    track = routine(collab_case, yuhuan.collab_core, 1)
    assert track.status == RoutineStatus.SELF_SUBMITTED and track.late is late
    assert result.warnings == (["late_submission"] if late else [])
    event = last_event()
    assert AuditEvent.objects.count() == events + 1 and event.warnings == result.warnings
    assert event.deadlines == [{"kind": "self_evaluation", "due": "2025-11-10", "met": not late}]


def test_c1_the_term_2_deadline_is_june_10_of_the_next_year(yuhuan, collab_case):
    result = self_evaluate_routine(yuhuan, collab_case, yuhuan.collab_core, 2, 80, today=datetime.date(2026, 6, 11))
    assert result.warnings == ["late_submission"] and routine(collab_case, yuhuan.collab_core, 2).late


@pytest.mark.parametrize(("day", "late"), [(datetime.date(2026, 5, 30), False), (datetime.date(2026, 5, 31), True)])
def test_c2_a_project_self_evaluation_after_may_30_is_accepted_and_flagged_late(yuhuan, collab_case, day, late):
    target = project(collab_case, yuhuan.collab_member, Track.PROJECT)
    payload = {"project_id": target.pk, "scores": score_items(collab_case, Track.PROJECT, 30)}
    result = act(collab_case, "self_evaluate", yuhuan.collab_core_lead, payload, day)
    target.refresh_from_db()
    assert target.status == ProjectStatus.SELF_SUBMITTED and target.late is late
    assert result.warnings == (["late_submission"] if late else [])


def out_of_range(case, track, code, value):
    items = score_items(case, track, 20)
    for item in items:
        if item["indicator"] == code:
            item["score"] = str(value)
    return items


def test_c3_a_routine_score_of_105_is_refused(yuhuan, collab_case):
    payload = {
        "routine_id": routine(collab_case, yuhuan.collab_core, 1).pk,
        "scores": out_of_range(collab_case, Track.ROUTINE, "N1", 105),
    }
    run = lambda: act(collab_case, "self_evaluate", yuhuan.collab_core_lead, payload, ON_TIME[1])  # noqa: E731
    assert refused(run) == "score_out_of_range"


def test_c3_a_help_project_score_of_45_is_refused(yuhuan, collab_case):
    target = project(collab_case, yuhuan.collab_member, Track.PROJECT).pk
    payload = {"project_id": target, "scores": out_of_range(collab_case, Track.PROJECT, "P3", 45)}
    run = lambda: act(collab_case, "self_evaluate", yuhuan.collab_core_lead, payload, ON_TIME["year_end"])  # noqa: E731
    assert refused(run) == "score_out_of_range"


def test_c3_a_feature_score_of_minus_2_is_refused_from_the_bureau_too(yuhuan, fusion_case):
    o = yuhuan
    target = project(fusion_case, o.fusion_member, Track.FEATURE).pk
    payload = {"project_id": target, "scores": score_items(fusion_case, Track.FEATURE, 30)}
    act(fusion_case, "self_evaluate", o.member_lead, payload, ON_TIME["year_end"])
    act(
        fusion_case,
        "appoint",
        o.leading,
        {"project_id": target, "inspector_ids": [o.inspector.pk], "panel_ids": [o.basic_edu2.pk]},
    )
    act(fusion_case, "record_visit", o.inspector, {"project_id": target, "visit_date": "2026-06-15"})
    scores = {"project_id": target, "scores": out_of_range(fusion_case, Track.FEATURE, "F2", -2)}
    assert refused(lambda: act(fusion_case, "panel_score", o.basic_edu2, scores)) == "score_out_of_range"


def policy_scheme(policy):
    default = SchemeVersion.objects.get(is_default=True)
    return scheme_version_create(
        code=f"TEST-{policy}",
        title=f"test {policy}",
        ratios=default.ratios,
        routine_set=default.routine_set,
        project_set=default.project_set,
        feature_set=default.feature_set,
        feature_policy=policy,
    )


def test_c4_a_collaboration_pair_with_a_feature_score_is_graded_without_it_and_warned(yuhuan):
    o = yuhuan
    case = grade_ready(o, o.fusion)
    o.fusion.community_type = CommunityType.COLLABORATION  # the bureau re-typed the community during the year
    o.fusion.save(update_fields=["community_type"])
    result = act(case, "aggregate", o.basic_edu, {})
    assert result.warnings == ["feature_ignored"] and last_event().warnings == ["feature_ignored"]
    row = case.results.get().rows[0]
    assert row["inputs"]["F"] == "30.00" and row["warnings"] == ["feature_ignored"]
    assert row["total_core"] == row["total_member"] == "84.7"  # E_K = E_M = P, as for any 协作型 pair


def test_c4_or_refused_when_the_scheme_says_so(yuhuan):
    o = yuhuan
    case = grade_ready(o, o.fusion, scheme=policy_scheme("reject"))
    o.fusion.community_type = CommunityType.COLLABORATION
    o.fusion.save(update_fields=["community_type"])
    assert refused(lambda: act(case, "aggregate", o.basic_edu, {})) == "feature_not_assessed"


def test_c4_a_collaboration_member_cannot_open_a_feature_evaluation(yuhuan, collab_case):
    payload = {
        "member_school_id": yuhuan.collab_member.pk,
        "component": "FEATURE",
        "scores": score_items(collab_case, Track.FEATURE, 30),
    }
    run = lambda: act(collab_case, "self_evaluate", yuhuan.collab_member_lead, payload, ON_TIME["year_end"])  # noqa: E731
    assert refused(run) == "feature_not_assessed"


def test_c5_a_ratio_entered_by_community_type_is_refused(yuhuan):
    default = SchemeVersion.objects.get(is_default=True)
    ratios = {f"{c}:{t}": list(v) if v else None for (c, t), v in DEFAULT_RATIOS.items()}
    ratios["CO_BUILD"] = [7, 3]  # "7:3 for 共建型", not per component

    def run():
        scheme_version_create(
            code="BAD",
            title="by type",
            ratios=ratios,
            routine_set=default.routine_set,
            project_set=default.project_set,
            feature_set=default.feature_set,
        )

    assert refused(run) == "ratio_key_invalid"


def test_c6_aggregation_before_every_score_exists_is_blocked_and_names_what_is_missing(yuhuan, collab_case):
    o = yuhuan
    score_routine(o, collab_case, o.collab_core, 1, 86)
    with pytest.raises(ApplicationError) as caught:
        act(collab_case, "aggregate", o.basic_edu, {})
    missing = caught.value.fields["missing"]
    assert "楚门中学：第2学期常态化工作" in missing and "清港中学：帮扶项目" in missing
    assert not any(m.startswith("楚门中学：第1学期常态化工作") for m in missing)
    assert refused(lambda: act(collab_case, "aggregate", o.basic_edu, {})) == "inputs_incomplete"


def test_c6_a_fusion_year_without_the_feature_scores_is_blocked(yuhuan, fusion_case):
    o = yuhuan
    for school in (o.fusion_core, o.fusion_member, o.fusion_member2):
        for term in (1, 2):
            score_routine(o, fusion_case, school, term, 80)
    for member in (o.fusion_member, o.fusion_member2):
        score_year_end(o, fusion_case, member, Track.PROJECT, 30)
    with pytest.raises(ApplicationError) as caught:
        act(fusion_case, "aggregate", o.basic_edu, {})
    assert caught.value.fields["missing"] == ["坎门小学：特色发展", "陈屿小学：特色发展"]
    assert refused(lambda: act(fusion_case, "aggregate", o.basic_edu, {})) == "inputs_incomplete"


def test_c7_an_inspector_from_an_inspected_school_cannot_be_appointed(yuhuan, collab_case):
    o = yuhuan
    target = project(collab_case, o.collab_member, Track.PROJECT).pk
    act(
        collab_case,
        "self_evaluate",
        o.collab_core_lead,
        {"project_id": target, "scores": score_items(collab_case, Track.PROJECT, 30)},
        ON_TIME["year_end"],
    )
    appoint = {"project_id": target, "inspector_ids": [o.inspector.pk], "panel_ids": []}  # a collab_core teacher
    assert refused(lambda: act(collab_case, "appoint", o.leading, appoint)) == "evaluator_conflict"
    panel = {"project_id": target, "inspector_ids": [o.basic_edu2.pk], "panel_ids": [o.collab_member_lead.pk]}
    assert refused(lambda: act(collab_case, "appoint", o.leading, panel)) == "evaluator_conflict"


def test_c7_a_panel_member_who_joined_the_school_since_appointment_cannot_score(yuhuan, collab_case):
    o = yuhuan
    reviewer = UserFactory(real_name="董评审")
    grant(reviewer, o.bureau, Role.BUREAU_BASIC_EDU)  # an auditor is never appointed (issue 15 item 7)
    target = project(collab_case, o.collab_member, Track.PROJECT).pk
    act(
        collab_case,
        "self_evaluate",
        o.collab_core_lead,
        {"project_id": target, "scores": score_items(collab_case, Track.PROJECT, 30)},
        ON_TIME["year_end"],
    )
    act(
        collab_case,
        "appoint",
        o.leading,
        {"project_id": target, "inspector_ids": [o.basic_edu2.pk], "panel_ids": [reviewer.pk]},
    )
    act(collab_case, "record_visit", o.basic_edu2, {"project_id": target, "visit_date": "2026-06-15"})
    grant(reviewer, o.collab_member, Role.SCHOOL_DEPT, valid_from=datetime.date(2026, 6, 18))
    scores = {"project_id": target, "scores": score_items(collab_case, Track.PROJECT, 30)}
    assert refused(lambda: act(collab_case, "panel_score", reviewer, scores, AFTER_VISIT)) == "evaluator_conflict"


def test_c7_a_bureau_evaluator_who_belongs_to_the_school_cannot_evaluate_its_term(yuhuan, collab_case):
    o = yuhuan
    grant(o.basic_edu2, o.collab_member, Role.SCHOOL_DEPT)
    self_evaluate_routine(o, collab_case, o.collab_member, 1, 80)
    target = routine(collab_case, o.collab_member, 1).pk
    payload = {"routine_id": target, "scores": score_items(collab_case, Track.ROUTINE, 80)}
    assert refused(lambda: act(collab_case, "term_evaluate", o.basic_edu2, payload)) == "evaluator_conflict"


def test_c8_aggregation_with_another_reading_than_the_schemes_is_refused(yuhuan):
    o = yuhuan
    case = grade_ready(o, o.collab)
    assert refused(lambda: act(case, "aggregate", o.basic_edu, {"reading": "R2"})) == "reading_mismatch"
    assert act(case, "aggregate", o.basic_edu, {"reading": "R1"}).case.status == "AGGREGATED"


def test_c9_published_scores_cannot_be_changed_except_by_a_correction(yuhuan):
    o = yuhuan
    case = grade_ready(o, o.collab)
    act(case, "aggregate", o.basic_edu, {})
    act(case, "publish", o.leading, {})
    term = routine(case, o.collab_core, 1).pk
    year_end = project(case, o.collab_member, Track.PROJECT).pk
    attempts = [
        (o.basic_edu, "term_evaluate", {"routine_id": term, "scores": score_items(case, Track.ROUTINE, 99)}),
        (o.basic_edu, "term_score", {"routine_id": term}),
        (o.collab_core_lead, "self_evaluate", {"routine_id": term, "scores": score_items(case, Track.ROUTINE, 99)}),
        (o.basic_edu2, "panel_score", {"project_id": year_end, "scores": score_items(case, Track.PROJECT, 40)}),
        (o.basic_edu, "aggregate", {}),
    ]
    for actor, code, payload in attempts:
        assert refused(lambda a=actor, c=code, p=payload: act(case, c, a, p)) == "published_locked", code
    assert routine(case, o.collab_core, 1).score == D("86.00")


@pytest.mark.parametrize("field", ["inspector_ids", "panel_ids"])
@pytest.mark.parametrize("who", ["outsider", "auditor"])
def test_only_people_working_in_the_bureau_are_appointed(yuhuan, collab_case, field, who):
    """Issue 15 item 7: an appointee reads the case, so another bureau's lead or the auditor is refused."""
    o = yuhuan
    target = project(collab_case, o.collab_member, Track.PROJECT).pk
    payload = {"project_id": target, "scores": score_items(collab_case, Track.PROJECT, 30)}
    act(collab_case, "self_evaluate", o.collab_core_lead, payload, ON_TIME["year_end"])
    appoint = {"project_id": target, "inspector_ids": [o.basic_edu2.pk], "panel_ids": []}
    appoint[field] = [getattr(o, who).pk]
    assert refused(lambda: act(collab_case, "appoint", o.leading, appoint)) == "appointee_ineligible"
    assert not Appointment.objects.exists()
