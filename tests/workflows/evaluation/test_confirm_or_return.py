"""The confirmation forms (issue 17 item 6): 确认评审得分 shows the scores being confirmed beside the self-scores, the
评分细则, the evidence and the inspection notes, and offers the other decision, sending them back with a reason."""

import datetime

import pytest
from viewflow.workflow.models import Task

from tests.clients import page
from tests.workflows.evaluation.conftest import (
    ON_TIME,
    VISIT_DAY,
    act,
    inspectors_for,
    project,
    refused,
    routine,
    score_items,
    self_evaluate_routine,
)
from workflows.evaluation.models import ProjectStatus, RoutineStatus, Track
from workflows.evaluation.progress import OPEN

pytestmark = pytest.mark.django_db


def open_nodes(case) -> set[str]:
    tasks = Task.objects.filter(process__evaluationprocess__case=case, flow_task_type="HUMAN", status__in=OPEN)
    return {task.flow_task.name for task in tasks}


def term_evaluated(o, case):
    self_evaluate_routine(o, case, o.fusion_core, 1, 80)
    target = routine(case, o.fusion_core, 1)
    day = ON_TIME[1] + datetime.timedelta(days=10)
    act(
        case,
        "term_evaluate",
        o.basic_edu,
        {"routine_id": target.pk, "scores": score_items(case, Track.ROUTINE, 78)},
        day,
    )
    return target, day


def test_the_term_score_form_shows_the_scores_and_offers_sending_them_back(yuhuan, routine_only_case):
    o, case = yuhuan, routine_only_case
    target, day = term_evaluated(o, case)
    html = page(o.basic_edu).get(f"/evaluation/{case.pk}/act/term_score/?routine_id={target.pk}").content.decode()
    assert "step-context" in html and "<strong>78.00</strong>" in html  # the score being confirmed
    assert f"/act/term_return/?routine_id={target.pk}" in html
    assert refused(lambda: act(case, "term_return", o.basic_edu, {"routine_id": target.pk}, day)) == "reason_required"
    act(case, "term_return", o.basic_edu, {"routine_id": target.pk, "comment": "第3项与台账不符"}, day)
    target.refresh_from_db()
    assert target.status == RoutineStatus.SELF_SUBMITTED and target.score is None
    nodes = open_nodes(case)
    assert "term_evaluate" in nodes and "term_score" not in nodes


def test_the_panel_scores_sent_back_are_cleared_and_the_panel_scores_again(yuhuan, fusion_case):
    o, case = yuhuan, fusion_case
    payload = {
        "member_school_id": o.fusion_member.pk,
        "component": Track.PROJECT,
        "scores": score_items(case, Track.PROJECT, 32),
        "summary": "自评报告",
    }
    act(case, "self_evaluate", o.core_lead, payload, ON_TIME["year_end"])
    track = project(case, o.fusion_member, Track.PROJECT)
    inspector = inspectors_for(o, case)
    act(
        case,
        "appoint",
        o.leading,
        {"project_id": track.pk, "inspector_ids": [inspector.pk], "panel_ids": [o.basic_edu2.pk]},
    )
    visit = {"project_id": track.pk, "visit_date": VISIT_DAY.isoformat(), "findings": "台账缺第二学期部分"}
    act(case, "record_visit", inspector, visit)
    act(case, "panel_score", o.basic_edu2, {"project_id": track.pk, "scores": score_items(case, Track.PROJECT, 30)})
    html = page(o.leading).get(f"/evaluation/{case.pk}/act/panel_confirm/?project_id={track.pk}").content.decode()
    assert "台账缺第二学期部分" in html and "<strong>30.00</strong>" in html and "/act/panel_return/" in html
    act(case, "panel_return", o.leading, {"project_id": track.pk, "comment": "请按细则复核"})
    track.refresh_from_db()
    assert track.status == ProjectStatus.PANEL_REVIEW
    assert not track.scores.filter(assessed_score__isnull=False).exists()
    nodes = open_nodes(case)
    assert "panel_score" in nodes and "panel_confirm" not in nodes
