"""Where each person starts: the home page's links to the work their roles give them, so that someone signing in
for the first time sees what to do next (their 待办, their own application, their school's applications…)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import Membership, OrganisationKind
from accounts.permissions import codenames_held
from core.dates import business_today
from workflows.party.actions import ACTIONS
from workflows.party.models import PartyCase

PARTY_STAFF = {roles.HANDLE_PARTY_WORK, roles.DECIDE_BRANCH, roles.APPROVE_PARTY, roles.FILE_PARTY_RECORDS}


@dataclass(frozen=True)
class Start:
    label: str
    url: str
    hint: str = ""


def _own_party_case(user) -> Start | None:
    """The person's latest party case, or the way to apply when they belong to a branch and have none."""
    case = PartyCase.objects.filter(person=user).order_by("-application_date", "-pk").first()
    if case is not None:
        step = ACTIONS[case.next_action].label if case.next_action in ACTIONS else case.get_case_status_display()
        return Start(
            _("My application to join the Party"),
            reverse("party-case", args=[case.pk]),
            _("%(identity)s · next: %(step)s") % {"identity": case.get_identity_display(), "step": step},
        )
    applicant = Membership.objects.active_on(business_today()).filter(
        user=user, role=roles.Role.APPLICANT, organisation__kind=OrganisationKind.BRANCH
    )
    if applicant.exists():
        return Start(
            _("Apply to join the Party"),
            reverse("party-case-new"),
            _("Your application goes to your branch, which talks with you within a month."),
        )
    return None


def starting_points(user, *, todo: int) -> list[Start]:
    held = codenames_held(user)
    points = [
        Start(
            _("My tasks"),
            reverse("my-tasks"),
            _("Steps waiting for you: %(n)d") % {"n": todo} if todo else _("Nothing waits for you now."),
        )
    ]
    own = _own_party_case(user)
    if own is not None:
        points.append(own)
    if held & PARTY_STAFF:
        points.append(
            Start(_("Party development cases"), reverse("party-case-list"), _("Every case of your organisations."))
        )
    if roles.SUBMIT_SCHOOL_APPLICATIONS in held:
        points.append(
            Start(
                _("My school's community applications"),
                reverse("community-application-list"),
                _("Help projects (帮扶项目) and feature plans (特色发展): draft, confirm, submit."),
            )
        )
        points.append(Start(_("New community application"), reverse("community-application-new")))
    if roles.REVIEW_COMMUNITY in held:
        points.append(
            Start(
                _("Applications waiting for the bureau"),
                reverse("community-application-list") + "?stage=SUBMITTED",
                _("File them (审核备案) or return them with reasons."),
            )
        )
    if roles.VIEW_AUDIT in held:
        points.append(
            Start(
                _("Audit trail"),
                reverse("audit-console"),
                _("Search a person, read a case's timeline, verify the chain, export."),
            )
        )
    return points
