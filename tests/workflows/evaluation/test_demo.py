"""The demo: last year's 城关 year published with §4.3's figures, last year's 楚门 year at the panel review,
this year's two years under way (one school late); on the demo seeded on 2026-11-22 (tests/conftest.py), and a
second seeding creates nothing."""

import pytest

from workflows.evaluation.demo import seed_evaluation_demo
from workflows.evaluation.models import EvaluationCase, ProjectStatus, RoutineEvaluation

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_published_year_and_others_under_way_and_runs_once(seeded_demo):
    assert EvaluationCase.objects.count() == 4
    cases = {(c.community.code, c.school_year): c for c in EvaluationCase.objects.select_related("community")}
    published = cases[("YH-C1", 2025)]
    assert published.status == "PUBLISHED"
    row = next(r for r in published.results.get().rows if r["member_school"] == "玉环市坎门小学")
    assert (row["total_core"], row["total_member"]) == ("83.5", "81.9")
    reviewing = cases[("YH-C2", 2025)]
    assert reviewing.status == "OPEN"
    statuses = dict(reviewing.projects.values_list("member_school__code", "status"))
    assert statuses == {"YH-C2-S1": ProjectStatus.PANEL_REVIEW, "YH-C2-S2": ProjectStatus.FILED}
    late = RoutineEvaluation.objects.get(case=cases[("YH-C1", 2026)], school__code="YH-C1-S1", term=1)
    assert late.late and late.status == "SELF_SUBMITTED"
    assert cases[("YH-C2", 2026)].status == "OPEN"
    assert seed_evaluation_demo(today=seeded_demo) == 0
