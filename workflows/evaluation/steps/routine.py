"""学期评估 (DOMAIN §4.4): the bureau's basic-education section evaluates each school's routine work per
term, beside the school's self-scores, then confirms the term score. "两级评价": school, then bureau."""

from django.utils.translation import gettext_lazy as _

from accounts import roles
from workflows.evaluation.actions import BUREAU, ROUTINE, action, year_open
from workflows.evaluation.inputs import RoutineTarget, TermEvaluateInput
from workflows.evaluation.models import RoutineStatus as S
from workflows.evaluation.steps.common import assess, confirm_score, send_back


@action(
    code="term_evaluate",
    label=_("Evaluate the term (bureau)"),
    perm=roles.REVIEW_COMMUNITY,
    where=BUREAU,
    when=year_open,
    transitions={S.SELF_SUBMITTED: S.BUREAU_EVALUATED, S.BUREAU_EVALUATED: S.BUREAU_EVALUATED},
    input=TermEvaluateInput,
    options={"target": ROUTINE},
)
def term_evaluate(ctx) -> None:
    assess(ctx)


@action(
    code="term_score",
    label=_("Confirm the term score"),
    perm=roles.REVIEW_COMMUNITY,
    where=BUREAU,
    when=year_open,
    transitions={S.BUREAU_EVALUATED: S.SCORED},
    input=RoutineTarget,
    options={"target": ROUTINE},
)
def term_score(ctx) -> None:
    confirm_score(ctx)


@action(
    code="term_return",
    label=_("Send the term evaluation back"),
    perm=roles.REVIEW_COMMUNITY,
    where=BUREAU,
    when=year_open,
    transitions={S.BUREAU_EVALUATED: S.SELF_SUBMITTED},
    input=RoutineTarget,
    options={"target": ROUTINE},
)
def term_return(ctx) -> None:
    """Not confirmed: the term is evaluated again (the scores stay as they were until then)."""
    send_back(ctx, clear=False)
