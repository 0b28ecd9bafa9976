"""The home page's ways into the party process (workflows.start): the person's own case or the way to apply, and
for the branches' and committees' staff their cases."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import Membership, OrganisationKind
from core.dates import business_today
from workflows.party.actions import ACTIONS
from workflows.party.models import PartyCase
from workflows.start import Start

PARTY_STAFF = {roles.HANDLE_PARTY_WORK, roles.DECIDE_BRANCH, roles.APPROVE_PARTY, roles.FILE_PARTY_RECORDS}


def _own_case(user) -> Start | None:
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


def start_points(user, held: set[str]) -> list[Start]:
    points = [own] if (own := _own_case(user)) is not None else []
    if held & PARTY_STAFF:
        points.append(
            Start(_("Party development cases"), reverse("party-case-list"), _("Every case of your organisations."))
        )
    return points
