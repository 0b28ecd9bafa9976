"""The form of a branch's collective decision (workflows.party.steps.common.collective_decision): which body met
(支委会, or 支部大会 when the committee cannot meet) and who was present, with what the meeting tools
(static/js/meeting-tally.js) need to show the chosen body's people and count its quorum."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from workflows.party.inputs import FIELD_LABELS
from workflows.party.models import MeetingKind
from workflows.party.rulesets import rule_book
from workflows.party.steps.common import decision_body

PRESENT = _(
    "Present (支委会: more than half of the committee members; 支部大会: more than half of the full members "
    "with a vote)"
)
COMMITTEE_PRESENT = _("Branch committee members present (支委会; more than half must attend)")
ASSEMBLY_PRESENT = _("Members present (the branch has no committee: its general meeting decides)")


def decision_people(plan, *, choose: bool) -> None:
    """Who may be ticked present at the branch's collective decision on the form's date: its committee's members
    (支委会) and the branch's members, for when the committee cannot meet and the general meeting (支部大会) decides
    instead; and which of the two met (``choose``), the committee first where the branch has one. The meeting tools
    (static/js/meeting-tally.js) show only the chosen body's people and count its quorum from the data here. A step
    whose meeting is only noted (not ``choose``): the body that usually decides."""
    branch, day = plan.case.branch, plan.day
    _kind, committee, _all = decision_body(branch, day, today=day, kind=MeetingKind.BRANCH_COMMITTEE)
    _kind, members, voting = decision_body(branch, day, today=day, kind=MeetingKind.BRANCH_ASSEMBLY)
    if not choose:
        del plan.fields["meeting__kind"]
        committee, members = (committee, {}) if committee else ({}, members)
    names = User.objects.filter(pk__in=set(committee) | set(members)).order_by("real_name")
    field = plan.fields["meeting__present_ids"]
    field.choices = [
        (p.pk, _person_label(p.real_name, choose and p.pk in committee, p.pk in voting or p.pk in committee))
        for p in names
    ]
    field.label = (PRESENT if members else COMMITTEE_PRESENT) if committee else ASSEMBLY_PRESENT
    if not choose:
        return
    kinds = [MeetingKind.BRANCH_COMMITTEE] if committee else []
    kinds.append(MeetingKind.BRANCH_ASSEMBLY)
    body = forms.ChoiceField(label=FIELD_LABELS["meeting__kind"], choices=[(k, k.label) for k in kinds], required=False)
    percent = rule_book(plan.case.rule_set)["committee_quorum_percent"]
    body.widget.attrs.update(
        {
            "data-committee": ",".join(map(str, sorted(committee))),
            "data-voting": ",".join(map(str, sorted(voting))),
            "data-committee-percent": str(percent),
        }
    )
    plan.fields["meeting__kind"] = body
    plan.initial["meeting__kind"] = kinds[0]


def _person_label(name: str, on_committee: bool, has_vote: bool) -> str:
    marks = [str(_("committee member"))] if on_committee else []
    marks += [] if has_vote else [str(_("no vote"))]
    return " · ".join([name, *marks])
