from decimal import Decimal

from django import template
from django.utils.translation import gettext_lazy as _

from workflows.evaluation import scheme_text, tracks
from workflows.evaluation.actions import ACTIONS
from workflows.evaluation.models import RoutineEvaluation
from workflows.evaluation.progress import RETURNS, action_url
from workflows.labels import SHARED_ACTIONS

register = template.Library()

OTHER_ACTIONS = {
    "open": _("Opened the year's evaluation"),
    "scheme_create": _("Created a scheme version"),
    "scheme_update": _("Changed a scheme version"),
}
WARNINGS = {
    "late_submission": _("Submitted after the deadline"),
    "feature_ignored": _("Feature score ignored: this community type has no feature evaluation"),
}


@register.filter
def action_label(code: str) -> str:
    spec = ACTIONS.get(code)
    return spec.label if spec else OTHER_ACTIONS.get(code) or SHARED_ACTIONS.get(code, code)


@register.filter
def warning_label(code: str) -> str:
    return WARNINGS.get(code, code)


@register.filter
def self_total(track):
    """The sum of the school's self-scores (from the prefetched scores: no query)."""
    scores = [s.self_score for s in track.scores.all() if s.self_score is not None]
    return sum(scores, Decimal(0)) if scores else None


@register.filter
def track_label(track) -> str:
    """The school and term, or the member school and component, of a track (saved or not yet)."""
    return tracks.label(track)


# The steps whose form shows what the school submitted (and, for a project, what the inspectors found) beside it.
REVIEWS = {"term_evaluate", "term_score", "term_return", "record_visit", "panel_score", "panel_confirm", "panel_return"}


@register.inclusion_tag("evaluation/_step_context.html")
def step_context(action, case, target):
    """What a step's form shows of the case above the fields: for a scoring, inspection, panel or confirmation step,
    the school's self-scores with the 评分细则, notes and evidence (and the inspection notes of a project, the scores
    being confirmed); for publication and its return, the totals being published."""
    code = getattr(action, "code", "")
    context = {"case": case, "code": code, "confirming": code in ("term_score", "panel_confirm")}
    if code in REVIEWS and target is not None and target is not case and target.pk:
        scores = list(target.scores.all())
        context |= {
            "track": target,
            "scores": scores,
            "assessed_total": sum((s.assessed_score for s in scores if s.assessed_score is not None), Decimal(0)),
            "full_marks": case.scheme.indicator_set_for(target.track).full_marks,
            "visits": _visits(target, {s.indicator.code: s.indicator.title for s in scores}),
        }
        if code in RETURNS:  # confirm, or send back: the other decision on the same step
            key = "routine_id" if isinstance(target, RoutineEvaluation) else "project_id"
            context["return_url"] = action_url(case, RETURNS[code], {key: target.pk})
            context["return_label"] = ACTIONS[RETURNS[code]].label
    if code in ("publish", "publish_return"):
        current = [r for r in case.results.all() if r.status != "SUPERSEDED"]
        if code in RETURNS:  # publish, or send the year back to aggregation
            context["return_url"] = action_url(case, RETURNS[code])
            context["return_label"] = ACTIONS[RETURNS[code]].label
        if current:
            result = current[-1]
            context["totals"] = [
                school
                for row in result.rows
                for school in scheme_text.explained(row, result.scheme, result.community_type)
            ]
            context["combined"] = scheme_text.core_combined(result.rows, result.scheme)
    return context


def _visits(track, titles: dict) -> list[dict]:
    """A project's on-site checks, each checklist item under its indicator's title (never its code)."""
    if not hasattr(track, "visits"):
        return []
    return [
        {
            "visit": visit,
            "checklist": [{**item, "title": titles.get(item.get("indicator"), "")} for item in visit.checklist or []],
        }
        for visit in track.visits.all()
    ]
