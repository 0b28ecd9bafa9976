"""The application form as the school fills it in (DOMAIN §3.1–§3.6): what the application needs, the scheme's
rules it is checked against and the submission deadline of its school year; the form's own fields."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.school_year import school_year_of
from forms.builders import form_class_for
from forms.selectors import definition_current
from workflows.community.actions import FORM_CODES, application_deadline, latest_version
from workflows.community.models import Kind
from workflows.schools import communities_visible_to, member_school_choices

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


def application_guide(form) -> dict:
    """The guide of a step's page (workflows.kit.web_forms.StepForm): the application's, for its school year."""
    plan = form.plan
    if plan.case is not None:
        return application_help(plan.case.kind, plan.case.school_year)
    year = str(form.data.get("school_year") or plan.initial["school_year"])
    return application_help(plan.params["kind"], int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None)


def _pair(user) -> dict:
    """The new application's community and member school, among those the person sees (the API checks the pair)."""
    communities = list(communities_visible_to(user).order_by("path"))
    schools = [(s.pk, s.name) for s in member_school_choices(communities)]
    return {
        "community": forms.IntegerField(
            label=_("Community"),
            widget=forms.Select(choices=[(c.pk, f"{c.name} · {c.get_community_type_display()}") for c in communities]),
        ),
        "member_school": forms.IntegerField(
            label=_("Member school"),
            widget=forms.Select(choices=schools),
            help_text=_("The member school of the pair; the core school is the community's."),
        ),
    }


def application_form(plan) -> None:
    """The forms of a new application and of an edit: the application form's own fields (the newest published
    definition of its kind) in place of the API's ``form`` mapping, then the plan; a new one's pair of schools
    and school year, an edit's latest version and the plan it has now. A filing is dated today unless changed."""
    plan.initial.setdefault("filing_date", plan.day)
    if plan.action.code == "new":
        kind = plan.params["kind"]
        del plan.fields["kind"]  # chosen above the form
        plan.fields = _pair(plan.user) | plan.fields
        plan.initial["school_year"] = school_year_of(plan.day)
    elif plan.action.code == "edit":
        kind, version = plan.case.kind, latest_version(plan.case)
        plan.initial |= (version.submission.data if version else {}) | {"title": plan.case.title}
        if version and version.plan:
            plan.fields["plan"].help_text = _("Now: %(name)s") % {"name": version.plan.original_name}
    else:
        return
    own = form_class_for(definition_current(FORM_CODES[kind])).base_fields
    upload = plan.fields.pop("plan")
    plan.fields |= {**own, "plan": upload}
    plan.keys |= {name: f"form__{name}" for name in own}
