"""What a step's form tells the person filling it in: what the step expects, the rules of the case's rule set
it applies (in the set's own words, with the article), and the dates those rules give for this case, computed
by workflows.party.timing the same way the engine checks them; and what the kit's form of a step
(workflows.kit.web_forms) has besides the action's input: the people to tick, the archive's files, the four
opinions, the new application's branches."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import Organisation, OrganisationKind, User
from accounts.permissions import has_org_perm, organisations_granted
from accounts.selectors import people_reached_by
from forms.fields import AttachmentField
from workflows.party import timing
from workflows.party.bundle.contents import ARCHIVE_ITEMS
from workflows.party.guides import STEPS
from workflows.party.inputs import FIELD_LABELS
from workflows.party.meeting_form import decision_people
from workflows.party.members import approval_committee, branch_voters, committee_voters
from workflows.party.models import PartyCase, Rule
from workflows.party.progress import dates_for, last_business_date
from workflows.party.rulesets import RuleBook, rule_book
from workflows.party.selectors import branches_for
from workflows.party.steps.development import OPINION_SOURCES

# The rules each action applies (keys of the rule set), in the order a reader needs them.
ACTION_RULES = {
    "record_talk": ("talk_deadline_months",),
    "designate_activist": (
        "committee_quorum_percent",
        "activist_min_months_after_application",
        "league_recommendation_under_age",
    ),
    "file_activist": ("cultivation_anchor",),
    "appoint_trainers": ("committee_quorum_percent", "trainer_min", "trainer_max"),
    "record_half_year_assessment": ("assessment_interval_months",),
    "submit_report": ("report_interval_months",),
    "designate_dev_object": (
        "committee_quorum_percent",
        "cultivation_months",
        "cultivation_anchor",
        "assessment_missing_blocks",
    ),
    "branch_committee_review": ("committee_quorum_percent",),
    "set_introducers": ("introducer_count",),
    "complete_training": ("training_min_days", "training_min_hours"),
    "pre_review": ("leaving_block_months",),
    "record_publicity": ("publicity_working_days",),
    "record_admission_vote": ("branch_min_full_members", "approval_normal_months"),
    "parent_interview": ("approval_normal_months", "approval_hard_months"),
    "parent_approve": ("approval_normal_months", "approval_hard_months", "probation_years"),
    "oath": ("oath_within_months",),
    "apply_full_membership": ("full_membership_application_lead_months", "probation_years"),
    "record_full_membership_vote": ("full_membership_meeting_max_months", "branch_min_full_members"),
    "record_extension_vote": ("extension_min_months", "extension_max_months", "extension_max_count"),
    "record_disqualification_vote": ("branch_min_full_members",),
    "parent_approve_full": ("approval_normal_months", "approval_hard_months"),
    "parent_approve_extension": ("approval_normal_months", "approval_hard_months", "extension_max_months"),
    "parent_approve_disqualification": ("approval_normal_months", "approval_hard_months"),
    "archive_materials": ("archive_mandatory_items",),
}

# The earlier step each action may not precede (the case's date the step handler checks with not_before).
NOT_BEFORE = {
    "record_talk": "application_date",
    "designate_activist": "talk_date",
    "file_activist": "activist_date",
    "appoint_trainers": "activist_date",
    "file_dev_object": "dev_object_date",
    "set_introducers": "dev_object_date",
    "complete_political_review": "dev_object_date",
    "complete_training": "dev_object_date",
    "pre_review": "committee_review_date",
    "record_publicity": "pre_review_date",
    "fill_form": "pre_review_date",
    "record_admission_vote": "form_date",
    "parent_interview": "admission_meeting_date",
    "parent_approve": "interview_date",
    "file_with_grandparent": "approval_date",
    "assign_group": "approval_date",
    "oath": "approval_date",
    "record_probation_assessment": "probation_start",
    "apply_full_membership": "probation_start",
    "record_disqualification_vote": "probation_start",
}

DATE_LABELS = {
    "due": _("Due by"),
    "earliest": _("Not before"),
    "hard": _("Latest date allowed (only with a special-case reason after the due date)"),
    "assessment_due": _("Next half-year assessment due"),
}
ACTION_DATE_LABELS = {
    ("designate_dev_object", "earliest"): _("Earliest date to designate as a development target"),
    ("record_full_membership_vote", "earliest"): _("Probation ends (the meeting cannot be earlier)"),
    ("record_extension_vote", "earliest"): _("Probation ends (the meeting cannot be earlier)"),
}
UNITS = {
    "months": _("%(n)s months"),
    "years": _("%(n)s years"),
    "days": _("%(n)s days"),
    "hours": _("%(n)s class hours"),
    "working days": _("%(n)s working days"),
    "people": _("%(n)s people"),
    "times": _("%(n)s times"),
}

CONSEQUENCES = {True: _("Not met: the step is refused"), False: _("Not met: give a reason")}
PROBATION_ACTIONS = ("apply_full_membership", "record_extension_vote", "record_disqualification_vote")
CHOICES = {
    "committee_decision": _("this rule set counts from the committee's decision"),
    "filing": _("this rule set counts from the filing with the committee"),
}


def _value(rule: Rule) -> str:
    """The set's own value in words (the description may be the 2014 wording of a copied set)."""
    if isinstance(rule.value, str) and rule.value in CHOICES:
        return str(CHOICES[rule.value])
    if isinstance(rule.value, bool) or not isinstance(rule.value, int) or rule.unit not in UNITS:
        return ""
    return str(UNITS[rule.unit] % {"n": rule.value})


def _rules(case: PartyCase, code: str) -> list[dict]:
    keys = ACTION_RULES.get(code, ())
    found = {rule.key: rule for rule in Rule.objects.filter(rule_set=case.rule_set_id, key__in=keys)}
    rules = []
    for key in keys:
        rule = found.get(key)
        if rule is None or (rule.value == 0 and not isinstance(rule.value, bool)):  # 0: not required here
            continue
        rules.append(
            {
                "key": key,
                "text": rule.description,
                "ref": rule.article_ref,
                "value": _value(rule),
                "blocks": rule.severity == "block",
                "consequence": CONSEQUENCES[rule.severity == "block"],
            }
        )
    return rules


def _date(label, day: datetime.date | None, provisional: bool = False) -> dict | None:
    return {"label": label, "date": day, "provisional": provisional} if day else None


def _dates(case: PartyCase, book: RuleBook, spec, today: datetime.date) -> list[dict]:
    code = spec.code
    dates = []
    earlier = NOT_BEFORE.get(code)
    if earlier and getattr(case, earlier):
        what = PartyCase._meta.get_field(earlier).verbose_name
        dates.append(_date(_("Not before %(what)s") % {"what": what}, getattr(case, earlier)))
    if spec.node:
        computed = dates_for(case, book, spec.node, last_business_date(case))
        for key in ("earliest", "due", "hard", "assessment_due"):
            label = ACTION_DATE_LABELS.get((code, key), DATE_LABELS[key])
            dates.append(_date(label, computed.get(key), bool(computed.get("provisional"))))
    if code == "record_half_year_assessment":
        due = timing.next_assessment(book, case.activist_date, case.last_assessment_date)
        dates.append(_date(DATE_LABELS["assessment_due"], due.due if due else None))
    elif code == "pre_review":
        leaving = timing.months(book, today, book["leaving_block_months"])
        dates.append(_date(_("Someone expected to leave the unit before this date is normally not admitted"), leaving))
    elif code == "parent_approve_disqualification" and case.reported_date:
        window = timing.approval_window(book, case.reported_date, case.reported_date_provisional)
        dates += [_date(DATE_LABELS["due"], window.due, window.provisional), _date(DATE_LABELS["hard"], window.hard)]
    if case.probation_end and code in PROBATION_ACTIONS:
        dates.append(_date(_("Probation ends"), case.extension_end or case.probation_end))
    return [d for d in dates if d]


def step_help(case: PartyCase, spec, today: datetime.date) -> dict:
    """The guide shown above a step's form."""
    book = rule_book(case.rule_set)
    expected = STEPS[spec.step][2] if spec.step in STEPS else ""
    return {"expected": expected, "rules": _rules(case, spec.code), "dates": _dates(case, book, spec, today)}


NEW_APPLICATION = _(
    "The application goes to the party branch of your work or study unit. You must be 18 or older on the date it "
    "is received. Write it below or attach it as a file (a scan or photo of the signed application); the branch "
    "dates it when it confirms receipt."
)
APPLICATION_FILE = _("The application as a file (scan or photo of the signed 入党申请书)")
WITHDRAW_MEANS = _(
    "Withdrawing ends this application: its steps stop and nothing more is asked. The branch keeps what has been "
    "recorded (the file is retained). Joining later means a new application, from the first step."
)
WITHDRAW_NOTE = _("Anything the branch should know (optional)")
WITHDRAW_CONFIRM = _("I understand that withdrawing ends this application.")


def guide(form) -> dict:
    """The guide of a step's page (workflows.kit.web_forms.StepForm), or of the new application's."""
    plan = form.plan
    if plan.case is None:
        return {"expected": NEW_APPLICATION}
    help = step_help(plan.case, plan.action, plan.day)
    return help | {"expected": WITHDRAW_MEANS} if plan.action.code == "withdraw" else help


def _voters(action, case: PartyCase, day) -> dict[int, bool]:
    """Who may be ticked on a step's form, each with whether they have a vote: the members of the committee with
    approval authority for its steps, of the branch for the others."""
    if action.where == "committee":
        committee = approval_committee(case.branch)
        return committee_voters(committee, day) if committee else {}
    return branch_voters(case.branch, day)


def people(action, case: PartyCase | None, day) -> list[tuple[int, str]]:
    if case is None:
        return []
    ids = _voters(action, case, day)
    if "person_ids" in action.input().fields:  # trainers, introducers: full members with full rights, not the applicant
        ids = {pk: True for pk, full in ids.items() if full and pk != case.person_id}
    members = User.objects.filter(pk__in=ids).order_by("real_name")
    return [(p.pk, f"{p.real_name}{'' if ids[p.pk] else ' · ' + str(_('no vote'))}") for p in members]


REPORT_DATED_TODAY = _("Dated the day you hand it in.")


def step_fields(plan) -> None:
    """The fields a step's input declares as a mapping: a file for each of the archive's mandatory items, the four
    opinions; every voting member expected (应到) at a meeting that votes. The new application's branch among
    those the person may apply to; only the branch's staff enter it for someone else or afterwards (补录)."""
    action, case = plan.action, plan.case
    if action.code == "new":
        _new_application(plan)
        return
    if plan.user.pk == case.person_id and not has_org_perm(plan.user, roles.HANDLE_PARTY_WORK, case.branch):
        for staff_only in ("reason", "override"):  # the committee's exception and the staff's reasons
            plan.fields.pop(staff_only, None)
        if action.code == "submit_report":  # dated the day it is handed in; the branch enters older ones (A30)
            plan.fields["date"].disabled = True
            plan.fields["date"].help_text = REPORT_DATED_TODAY
    if action.code == "withdraw":
        plan.fields["content"].label = WITHDRAW_NOTE
        plan.fields["confirm_withdrawal"] = forms.BooleanField(label=WITHDRAW_CONFIRM, required=True)
    inputs = action.input().fields
    if "materials" in inputs:
        for item in rule_book(case.rule_set)["archive_mandatory_items"]:
            plan.fields[f"materials__{item}"] = AttachmentField(label=ARCHIVE_ITEMS.get(item, item), required=True)
    if "group_id" in plan.fields:  # one of the branch's party groups, from the kit's organisation picker
        groups = Organisation.objects.filter(kind=OrganisationKind.PARTY_GROUP, path__startswith=case.branch.path)
        plan.fields["group_id"] = forms.TypedChoiceField(
            label=plan.fields["group_id"].label,
            coerce=int,
            required=False,
            empty_value=None,
            choices=[("", _("No party group"))] + [(group.pk, group.name) for group in groups.order_by("path")],
        )
    if "opinions" in inputs:
        for source in OPINION_SOURCES:
            label = FIELD_LABELS.get(source, source)
            plan.fields[f"opinions__{source}"] = forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 2}))
    if "meeting__eligible_ids" in plan.fields:  # a committee: all its members; a branch: its voting members
        voters = _voters(action, case, plan.day)
        committee = action.where == "committee"
        plan.initial["meeting__eligible_ids"] = [pk for pk, has_vote in voters.items() if committee or has_vote]
    elif "meeting__present_ids" in plan.fields:  # a branch's collective decision: its committee's members
        decision_people(plan, choose=bool(action.options.get("collective")))


def _new_application(plan) -> None:
    """The branch among those the person may apply to; the application written here or attached. Only the branch's
    staff date it, enter it for someone else or afterwards (补录): an applicant's is dated when the branch confirms
    receipt."""
    branches = [(b.pk, b.name) for b in branches_for(plan.user)]
    plan.fields["branch_id"].widget = forms.Select(choices=branches)
    del plan.fields["paper"]  # the same as 补录 on the page
    plan.fields["content"].widget = forms.Textarea(attrs={"rows": 8})
    plan.fields["attachment_ids"].label = APPLICATION_FILE
    if organisations_granted(plan.user, roles.HANDLE_PARTY_WORK).exists():
        plan.fields["date"].required = True
        people = people_reached_by(plan.user, roles.HANDLE_PARTY_WORK).order_by("real_name")  # the kit's picker
        plan.fields["person_id"] = forms.TypedChoiceField(
            label=_("Applicant"),
            coerce=int,
            required=False,
            empty_value=None,
            choices=[("", _("Myself"))] + [(person.pk, person.real_name) for person in people],
        )
    else:
        del plan.fields["person_id"], plan.fields["backfill"], plan.fields["date"]
