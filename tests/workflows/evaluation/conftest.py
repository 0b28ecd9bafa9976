"""Helpers that walk a community's year through the real engine, as each person would act.

School year 2025 (2025–2026): term-1 self-evaluations due 2025-11-10, term-2 due 2026-06-10, project
and feature self-evaluations due 2026-05-30. Every helper acts on time unless told otherwise.
"""

import datetime
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from tests.workflows.community.factories import file_over_http, filed_application
from workflows.community.models import Kind
from workflows.evaluation.models import (
    EvaluationCase,
    ProjectEvaluation,
    RoutineEvaluation,
    SchemeVersion,
    Track,
)
from workflows.evaluation.scoring import indicators_for
from workflows.evaluation.services import case_open
from workflows.kit import engine

YEAR = 2025
ON_TIME = {1: datetime.date(2025, 11, 5), 2: datetime.date(2026, 6, 5), "year_end": datetime.date(2026, 5, 20)}
VISIT_DAY = datetime.date(2026, 6, 15)
AFTER_VISIT = datetime.date(2026, 6, 20)


def split(total, maxima) -> list[D]:
    """Indicator scores that add up to ``total`` without passing any maximum (fills in order)."""
    left, out = D(str(total)), []
    for maximum in maxima:
        take = min(left, maximum)
        out.append(take)
        left -= take
    assert left == 0, "total above full marks"
    return out


def leads(o):
    return {
        o.fusion_core.pk: o.core_lead,
        o.fusion_member.pk: o.member_lead,
        o.fusion_member2.pk: o.member2_lead,
        o.collab_core.pk: o.collab_core_lead,
        o.collab_member.pk: o.collab_member_lead,
    }


def run_action(**call):
    """The kit's engine on an evaluation case, named by the case's key."""
    return engine.run_action(process="evaluation", **call)


def act(case, code, actor, payload, today=AFTER_VISIT):
    """Run an action and hold the audit invariant on every run (issue 7): one event with its code when it
    succeeds, none when it is refused."""
    from audit.models import AuditEvent

    events = AuditEvent.objects.filter(process="evaluation", case_id=case.pk)
    before = events.count()
    try:
        result = run_action(case_id=case.pk, code=code, actor=actor, payload=payload, today=today)
    except Exception:
        assert events.count() == before, code
        raise
    assert list(events.order_by("id")[before:].values_list("action", flat=True)) == [code], code
    return result


def score_items(case, track: str, total, key="score", **extra) -> list[dict]:
    indicators = indicators_for(SchemeVersion.objects.get(pk=case.scheme_id), track)
    values = split(total, [i.max_score for i in indicators])
    return [{"indicator": i.code, key: str(v), **extra} for i, v in zip(indicators, values, strict=True)]


def routine(case, school, term) -> RoutineEvaluation:
    return RoutineEvaluation.objects.get(case=case, school=school, term=term)


def project(case, member, component) -> ProjectEvaluation:
    return ProjectEvaluation.objects.get(case=case, member_school=member, component=component)


def file_year(o, community, year=YEAR, *, over_http=None):
    """Process B: file the help project of every pair and, where the type has one, the feature plan; with
    ``over_http`` ("api" or "pages") every step goes through the API or the pages."""
    members = [o.fusion_member, o.fusion_member2] if community == o.fusion else [o.collab_member]
    kinds = [Kind.HELP_PROJECT, Kind.FEATURE] if community == o.fusion else [Kind.HELP_PROJECT]
    for member in members:
        for kind in kinds:
            if over_http:
                file_over_http(o, member, kind, school_year=year, pages=over_http == "pages")
            else:
                filed_application(o, member, kind, school_year=year)


def open_year(o, community, year=YEAR, scheme=None, actor=None) -> EvaluationCase:
    payload = {"community": community.pk, "school_year": year, "scheme": scheme.pk if scheme else None}
    return case_open(actor=actor or o.leading, payload=payload, today=datetime.date(year, 9, 25))


def self_evaluate_routine(o, case, school, term, self_total, today=None):
    payload = {"routine_id": routine(case, school, term).pk, "scores": score_items(case, Track.ROUTINE, self_total)}
    return act(case, "self_evaluate", leads(o)[school.pk], payload, today or ON_TIME[term])


def score_routine(o, case, school, term, total, self_total=None):
    """Self-evaluation, the bureau's term evaluation and its confirmation: the term scores ``total``."""
    self_evaluate_routine(o, case, school, term, self_total if self_total is not None else total)
    target = routine(case, school, term).pk
    day = ON_TIME[term] + datetime.timedelta(days=10)
    scores = score_items(case, Track.ROUTINE, total)
    act(case, "term_evaluate", o.basic_edu, {"routine_id": target, "scores": scores}, day)
    act(case, "term_score", o.basic_edu, {"routine_id": target}, day)


def inspectors_for(o, case):
    """Someone from outside the inspected schools: the collab_core teacher for fusion, basic_edu2 for collab."""
    return o.inspector if case.community_id == o.fusion.pk else o.basic_edu2


def score_year_end(o, case, member, component, total, self_total=None):
    """Self-evaluation, appointment, on-site check, panel review and confirmation: the track scores ``total``."""
    core_lead = leads(o)[o.fusion_core.pk if case.community_id == o.fusion.pk else o.collab_core.pk]
    author = core_lead if component == Track.PROJECT else leads(o)[member.pk]
    payload = {
        "member_school_id": member.pk,
        "component": component,
        "scores": score_items(case, component, self_total if self_total is not None else total),
        "summary": "自评报告",
    }
    act(case, "self_evaluate", author, payload, ON_TIME["year_end"])
    target = project(case, member, component).pk
    inspector = inspectors_for(o, case)
    act(
        case,
        "appoint",
        o.leading,
        {"project_id": target, "inspector_ids": [inspector.pk], "panel_ids": [o.basic_edu2.pk]},
    )
    visit = {"project_id": target, "visit_date": VISIT_DAY.isoformat(), "findings": "台账齐全"}
    act(case, "record_visit", inspector, visit)
    act(case, "panel_score", o.basic_edu2, {"project_id": target, "scores": score_items(case, component, total)})
    act(case, "panel_confirm", o.leading, {"project_id": target})


EXAMPLE = SimpleNamespace(core=(86, 90), member=(78, 84), P=34, F=30)


def grade_ready(o, community, *, example=EXAMPLE, second_member=(80, 80, 30, 30), scheme=None, year=YEAR):
    """A case with every input scored: the §4.3 example on the first pair; the fusion community's
    second member school gets ``second_member`` (term 1, term 2, P, F)."""
    file_year(o, community, year)
    case = open_year(o, community, year, scheme)
    core, first = (o.fusion_core, o.fusion_member) if community == o.fusion else (o.collab_core, o.collab_member)
    for term in (1, 2):
        score_routine(o, case, core, term, example.core[term - 1])
        score_routine(o, case, first, term, example.member[term - 1])
    score_year_end(o, case, first, Track.PROJECT, example.P)
    if community == o.fusion:
        score_year_end(o, case, first, Track.FEATURE, example.F)
        n1, n2, p, f = second_member
        score_routine(o, case, o.fusion_member2, 1, n1)
        score_routine(o, case, o.fusion_member2, 2, n2)
        score_year_end(o, case, o.fusion_member2, Track.PROJECT, p)
        score_year_end(o, case, o.fusion_member2, Track.FEATURE, f)
    return case


@pytest.fixture
def fusion_case(yuhuan):
    file_year(yuhuan, yuhuan.fusion)
    return open_year(yuhuan, yuhuan.fusion)


@pytest.fixture
def routine_only_case(yuhuan):
    """The fusion community's year before any application is filed: routine tracks only (cheap to build)."""
    return open_year(yuhuan, yuhuan.fusion)


@pytest.fixture
def collab_case(yuhuan):
    file_year(yuhuan, yuhuan.collab)
    return open_year(yuhuan, yuhuan.collab)


class Clock:
    """Sets the business date the engine and the services see (the API and pages take no date)."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def set(self, day: datetime.date) -> None:
        modules = ("workflows.evaluation.services", "workflows.kit.engine")
        for module in modules:
            self.monkeypatch.setattr(f"{module}.business_today", lambda: day)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def everything() -> dict:
    """Every row Process C writes, to show that a refused action changed nothing."""
    from audit.models import AuditEvent
    from workflows.evaluation.models import (
        Appointment,
        GradingResult,
        IndicatorScore,
        OnSiteVisit,
        ResultCorrection,
    )

    return {
        "events": AuditEvent.objects.filter(process="evaluation").count(),
        "cases": list(EvaluationCase.objects.values_list("pk", "status").order_by("pk")),
        "routine": list(RoutineEvaluation.objects.values_list("pk", "status", "score", "late").order_by("pk")),
        "projects": list(ProjectEvaluation.objects.values_list("pk", "status", "score", "late").order_by("pk")),
        "scores": list(IndicatorScore.objects.values_list("pk", "self_score", "assessed_score").order_by("pk")),
        "appointments": Appointment.objects.count(),
        "visits": OnSiteVisit.objects.count(),
        "results": list(GradingResult.objects.values_list("pk", "status").order_by("pk")),
        "corrections": list(ResultCorrection.objects.values_list("pk", "status").order_by("pk")),
        "schemes": SchemeVersion.objects.count(),
    }


def refused(run) -> str:
    """Run ``run``; it must raise ApplicationError and leave every row as it was. Returns the code."""
    from core.exceptions import ApplicationError

    before = everything()
    with pytest.raises(ApplicationError) as caught:
        run()
    assert everything() == before
    return caught.value.code
