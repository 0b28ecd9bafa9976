"""The catalogue of evaluation actions, and with it the one transition table of Process C (DOMAIN §4.4), declared
with the process kit's action declaration (workflows.kit.actions) and run by its engine (workflows.kit.engine).

Each action names who may run it — the permission held on the track's school (``where=SCHOOL``) or on the
community or above, the bureau (``where=BUREAU``), or an appointment by the leading group (``appointed``) —, what
it acts on (``options["target"]``), and for each state it may start from, the state it leaves behind
(``transitions``, of the track or of the case). The engine checks all of it before the step's handler runs;
nothing else changes a state. Score changes are refused once the results are published (C9) unless the action
says ``options["changes_scores"]`` is False. The step an action completes is found per track and person by
workflows.evaluation.progress (the kit's lookup knows one open task per node), so no action names a ``node``.
"""

from workflows.evaluation.models import CaseStatus
from workflows.kit.actions import Catalogue

# Where an action's right is held (workflows.evaluation.spec.PLACES), and the appointments of the leading group.
SCHOOL, BUREAU = "school", "bureau"
INSPECTOR, PANEL = "INSPECTOR", "PANEL"
# What it acts on: a routine term, a project/feature evaluation, either track, or the case itself.
ROUTINE, PROJECT, TRACK, CASE = "routine", "project", "track", "case"

ACTIONS = Catalogue()
action = ACTIONS.action


def year_open(track) -> bool:
    """A track's steps wait for the year's evaluation to be open (not yet aggregated)."""
    return track.case.status == CaseStatus.OPEN


def target_of(spec) -> str:
    return spec.options["target"]


def changes_scores(spec) -> bool:
    return spec.options.get("changes_scores", True)
