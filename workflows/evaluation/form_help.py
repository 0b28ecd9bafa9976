"""What an evaluation action's form tells the person filling it in (DOMAIN §4.4–§4.6): what the step expects,
the scheme's rules it is checked against, and its due date (same shape as the party steps' guide)."""

from django.utils.translation import gettext_lazy as _

from workflows.evaluation.models import RoutineEvaluation
from workflows.evaluation.schemes import self_evaluation_due

SCHEME = _("Yuhuan community evaluation scheme")
CONSEQUENCES = {True: _("Not met: refused"), False: _("Not met: accepted and marked")}

OPENING = _(
    "Opens a routine-work track for every school and term, and a project or feature track for every application "
    "the bureau has filed."
)
SCORE_RANGE = _("Each score lies between 0 and the indicator's full marks.")
NO_OWN_SCHOOL = _("Nobody assesses their own school.")
RETURN_REASON = _("Sending scores back needs a reason.")
EXPECTED = {
    "self_evaluate": _("The school scores itself on every indicator, with evidence, and writes a summary."),
    "term_evaluate": _("The bureau evaluates the term's routine work indicator by indicator, beside the self-scores."),
    "term_score": _("The bureau confirms the term score."),
    "appoint": _("The leading group appoints the on-site inspection team (督查组) and the review panel (评审组)."),
    "record_visit": _("The inspectors record the on-site check: who came, what was verified and the issues found."),
    "panel_score": _("The panel scores every indicator, beside the school's self-scores."),
    "panel_confirm": _("The bureau confirms the panel's score."),
    "term_return": _("The term's scores are not confirmed: the term is evaluated again."),
    "panel_return": _("The panel's scores are not confirmed: they are cleared and the panel scores again."),
    "aggregate": _("The bureau computes the year's results with the scheme's formula (汇总)."),
    "publish": _("The leading group publishes the results; publication locks the scores."),
    "publish_return": _("The results are not published: the year goes back to aggregation and is aggregated again."),
    "request_correction": _("A published or aggregated figure is changed only by a correction with its reason."),
    "approve_correction": _("A second person approves the correction before it applies."),
    "reject_correction": _("A second person rejects the correction, with a comment."),
}
RULES = {
    "self_evaluate": [
        (SCORE_RANGE, True),
        (_("Submitted after the due date: accepted and marked late; the bureau decides."), False),
    ],
    "term_evaluate": [(SCORE_RANGE, True), (NO_OWN_SCHOOL, True)],
    "appoint": [(_("Inspectors and panel members are not staff of the inspected schools."), True)],
    "record_visit": [(NO_OWN_SCHOOL, True), (_("The visit date cannot be in the future."), True)],
    "panel_score": [(SCORE_RANGE, True), (NO_OWN_SCHOOL, True)],
    "aggregate": [
        (_("Both terms' scores and the project and feature scores are in before aggregation."), True),
        (
            _("How a pair's routine work counts is fixed by the year's scheme version, the same for the whole year."),
            True,
        ),
    ],
    "term_return": [(RETURN_REASON, True)],
    "panel_return": [(RETURN_REASON, True)],
    "publish": [(_("After publication, scores change only by an approved correction."), True)],
    "publish_return": [
        (_("Sending the results back needs a reason."), True),
        (_("Pending corrections are decided first."), True),
    ],
    "request_correction": [(_("A correction needs a reason and another person's approval."), True)],
    "approve_correction": [(_("The person who asked for the correction cannot approve it."), True)],
}


def opening_help() -> dict:
    """What opening a school year does."""
    return {"expected": OPENING}


def action_help(code: str, case, target) -> dict:
    rules = [
        {"text": text, "blocks": blocks, "consequence": CONSEQUENCES[blocks]} for text, blocks in RULES.get(code, [])
    ]
    dates = []
    if code == "self_evaluate":
        if isinstance(target, RoutineEvaluation):
            due = target.due
        else:  # a project track not opened yet gets its due date when it opens
            due = target.due or self_evaluation_due(case.scheme, case.school_year, target.component)
        dates.append({"label": _("Self-evaluation due"), "date": due})
    return {"expected": EXPECTED.get(code, ""), "rules": rules, "dates": dates, "source": SCHEME}
