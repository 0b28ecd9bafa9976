"""Per-indicator scores against the indicator set of the scheme version (DOMAIN §4.4, C3)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError
from workflows.evaluation.models import Indicator, SchemeVersion


def indicators_for(scheme: SchemeVersion, track: str) -> list[Indicator]:
    return list(scheme.indicator_set_for(track).indicators.order_by("order", "code"))


def checked_scores(indicators: list[Indicator], items: list[dict]) -> dict[str, dict]:
    """Every indicator scored exactly once, each within [0, its maximum]; keyed by indicator code."""
    known = {i.code: i for i in indicators}
    by_code: dict[str, dict] = {}
    for item in items:
        code = item["indicator"]
        if code not in known:
            raise ApplicationError(
                "indicator_unknown",
                _("%(code)s is not an indicator of this set.") % {"code": code},
                fields={"scores": [code]},
            )
        if code in by_code:
            raise ApplicationError("invalid", _("The input is not valid."), fields={"scores": [code]})
        by_code[code] = item
    missing = [code for code in known if code not in by_code]
    if missing:
        raise ApplicationError("scores_incomplete", _("Every indicator needs a score."), fields={"scores": missing})
    for code, item in by_code.items():
        high = known[code].max_score
        if not Decimal(0) <= item["score"] <= high:
            raise ApplicationError(
                "score_out_of_range",
                _("%(title)s: the score must be between 0 and %(high)s.") % {"title": known[code].title, "high": high},
                fields={"scores": [code]},
            )
    return by_code
