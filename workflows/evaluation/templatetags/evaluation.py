from decimal import Decimal

from django import template
from django.utils.translation import gettext_lazy as _

from workflows.evaluation import tracks
from workflows.evaluation.actions import ACTIONS
from workflows.labels import SHARED_ACTIONS

register = template.Library()

OTHER_ACTIONS = {"open": _("Opened the year's evaluation")}
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
