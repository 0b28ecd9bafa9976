"""What the application form tells the school filling it in (DOMAIN §3.1–§3.6): what the application needs,
the scheme's rules it is checked against, and the submission deadline of its school year."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from workflows.community.deadlines import application_deadline
from workflows.community.models import Kind

SCHEME = _("Yuhuan community evaluation scheme, 1. Project application")

EXPECTED = {
    Kind.HELP_PROJECT: _(
        "At the start of the school year the core school and the member school agree on a help project together "
        "(附件3), with an implementation plan; both schools confirm it before it goes to the bureau for review "
        "and filing."
    ),
    Kind.FEATURE: _(
        "The member school sets its feature-development direction after fully consulting the core school, with an "
        "implementation plan; the core school's opinion is recorded before it goes to the bureau."
    ),
}
AGREEMENT = {
    Kind.HELP_PROJECT: _("Both schools confirm the help project (会签) before it is submitted."),
    Kind.FEATURE: _("The core school's opinion is recorded before the plan is submitted."),
}
CONSEQUENCES = {True: _("Not met: refused"), False: _("Not met: accepted and marked")}
COLLABORATION = {
    "warn": _("A collaboration (协作型) community's feature plan is accepted but not scored."),
    "refuse": _("Feature plans of collaboration (协作型) communities are not accepted."),
    "assess": _("A collaboration (协作型) community's feature plan is scored like the others."),
}


def application_help(kind: str, school_year: int | None) -> dict:
    """The guide shown above the application form (same shape as the party steps' guide)."""
    rules = [
        {"text": _("The implementation plan (工作实施方案) is attached before submission."), "blocks": True},
        {"text": AGREEMENT[kind], "blocks": True},
        {"text": _("One application of each kind per pair of schools and school year."), "blocks": True},
        {"text": _("Submitted after the deadline: accepted and marked late."), "blocks": False},
    ]
    if kind == Kind.FEATURE:
        policy = settings.COMMUNITY_COLLABORATION_FEATURES
        rules.append({"text": COLLABORATION[policy], "blocks": policy == "refuse"})
    dates = []
    if school_year is not None:
        dates.append({"label": _("Submission deadline of this school year"), "date": application_deadline(school_year)})
    rules = [rule | {"consequence": CONSEQUENCES[rule["blocks"]]} for rule in rules]
    return {"expected": EXPECTED[kind], "rules": rules, "dates": dates, "source": SCHEME}
