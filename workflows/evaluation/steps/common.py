"""What several steps share: recording assessed scores beside the self-scores (DOMAIN §4.5)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError
from workflows.evaluation.models import IndicatorScore
from workflows.evaluation.rights import refuse_conflicts
from workflows.evaluation.scoring import checked_scores, indicators_for
from workflows.evaluation.tracks import inspected_schools


def side_by_side(scores) -> list[dict]:
    return [
        {
            "indicator": s.indicator.code,
            "max": str(s.indicator.max_score),
            "self_score": None if s.self_score is None else str(s.self_score),
            "assessed_score": None if s.assessed_score is None else str(s.assessed_score),
            "assessed_by": s.assessed_by_id,
            "comment": s.comment,
        }
        for s in scores
    ]


def assess(ctx) -> None:
    """Store the assessor's per-indicator scores next to the school's own, after the conflict check (C7)."""
    track = ctx.target
    refuse_conflicts([ctx.actor], inspected_schools(track), ctx.today, field="actor")
    items = checked_scores(indicators_for(ctx.case.scheme, track.track), ctx.data["scores"])
    scores = list(track.scores.select_related("indicator").order_by("indicator__order"))
    for score in scores:
        item = items[score.indicator.code]
        score.assessed_score = item["score"]
        score.assessed_by = ctx.actor
        score.assessed_at = ctx.now
        score.comment = item.get("comment", "")
    IndicatorScore.objects.bulk_update(scores, ["assessed_score", "assessed_by", "assessed_at", "comment"])
    if ctx.comment:
        track.comment = ctx.comment
        track.save(update_fields=["comment"])
    ctx.record = {
        "indicator_set": ctx.case.scheme.indicator_set_for(track.track).label,
        "assessor": {"id": ctx.actor.pk, "name": ctx.actor.real_name},
        "scores": side_by_side(scores),
    }


def confirm_score(ctx) -> None:
    """The track's score is the sum of its assessed indicator scores, on the indicator set's scale."""
    track = ctx.target
    scores = list(track.scores.select_related("indicator").order_by("indicator__order"))
    if not scores or any(s.assessed_score is None for s in scores):
        raise ApplicationError("assessment_incomplete", _("Every indicator needs an assessed score first."))
    track.score = sum((s.assessed_score for s in scores), Decimal(0))
    track.scored_by = ctx.actor
    track.scored_at = ctx.now
    track.save(update_fields=["score", "scored_by", "scored_at"])
    indicator_set = ctx.case.scheme.indicator_set_for(track.track)
    ctx.record = {
        "indicator_set": indicator_set.label,
        "full_marks": str(indicator_set.full_marks),
        "score": str(track.score),
        "scores": side_by_side(scores),
    }


def send_back(ctx, *, clear: bool) -> None:
    """A score not confirmed goes back to whoever assessed it, with the reason; ``clear``: their scores are
    cleared (the panel's step opens again only while a score is missing)."""
    if not ctx.comment.strip():
        raise ApplicationError(
            "reason_required",
            _("Say why the scores go back."),
            fields={"comment": [_("A reason is required.")]},
        )
    track = ctx.target
    scores = list(track.scores.select_related("indicator").order_by("indicator__order"))
    ctx.reason = ctx.comment
    ctx.record = {"returned_scores": side_by_side(scores)}
    if clear:
        for score in scores:
            score.assessed_score, score.assessed_by, score.assessed_at = None, None, None
        IndicatorScore.objects.bulk_update(scores, ["assessed_score", "assessed_by", "assessed_at"])
