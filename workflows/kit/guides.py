"""What a step's page shows above its form (templates/_step_help.html), for any process's guide (Pages.guide): what
is expected, the rules the input is checked against and what breaking each does, the dates that apply, the source."""

from django.utils.translation import gettext_lazy as _

CONSEQUENCES = {True: _("Not met: refused"), False: _("Not met: accepted and marked")}


def guide(expected, rules, *, dates=(), source="") -> dict:
    """``rules``: (text, whether breaking it refuses the step); ``dates``: (label, date)."""
    return {
        "expected": expected,
        "rules": [{"text": text, "blocks": blocks, "consequence": CONSEQUENCES[blocks]} for text, blocks in rules],
        "dates": [{"label": label, "date": date} for label, date in dates],
        "source": source,
    }
