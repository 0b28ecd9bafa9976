"""The application form as the school fills it in (DOMAIN §3.1–§3.6): what the application needs, the scheme's
rules it is checked against and the submission deadline of its school year; the form's own fields."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.school_year import school_year_of
from workflows.community.actions import VERSIONS, application_deadline
from workflows.community.models import Kind
from workflows.kit import versions
from workflows.kit.guides import guide
from workflows.schools import pair_fields

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
COLLABORATION = {
    "warn": _("A collaboration (协作型) community's feature plan is accepted but not scored."),
    "refuse": _("Feature plans of collaboration (协作型) communities are not accepted."),
    "assess": _("A collaboration (协作型) community's feature plan is scored like the others."),
}


def application_help(kind: str, school_year: int | None) -> dict:
    """The guide shown above the application form (same shape as the party steps' guide)."""
    rules = [
        (_("The implementation plan (工作实施方案) is attached before submission."), True),
        (AGREEMENT[kind], True),
        (_("One application of each kind per pair of schools and school year."), True),
        (_("Submitted after the deadline: accepted and marked late."), False),
    ]
    if kind == Kind.FEATURE:
        policy = settings.COMMUNITY_COLLABORATION_FEATURES
        rules.append((COLLABORATION[policy], policy == "refuse"))
    dates = (
        []
        if school_year is None
        else [(_("Submission deadline of this school year"), application_deadline(school_year))]
    )
    return guide(EXPECTED[kind], rules, dates=dates, source=SCHEME)


def application_guide(form) -> dict:
    """The guide of a step's page (workflows.kit.web_forms.StepForm): the application's, for its school year."""
    plan = form.plan
    if plan.case is not None:
        return application_help(plan.case.kind, plan.case.school_year)
    year = str(form.data.get("school_year") or plan.initial["school_year"])
    return application_help(plan.params["kind"], int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None)


def application_form(plan) -> None:
    """The forms of a new application and of an edit: the application form's own fields (the newest published
    definition of its kind, an edit's filled with its latest version) in place of the API's ``form`` mapping, then
    the plan; a new one's pair of schools and school year. A filing is dated today unless changed."""
    plan.initial.setdefault("filing_date", plan.day)
    if plan.action.code == "new":
        del plan.fields["kind"]  # chosen above the form
        plan.fields = pair_fields(plan.user) | plan.fields
        plan.initial["school_year"] = school_year_of(plan.day)
        versions.form_fields(plan, VERSIONS, plan.params["kind"])
    elif plan.action.code == "edit":
        versions.form_fields(plan, VERSIONS, plan.case.kind)
        plan.initial["title"] = plan.case.title
