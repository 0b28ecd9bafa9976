"""Who belongs to a branch or committee on a date, and which committee holds approval authority."""

import datetime

from accounts.models import Membership, Organisation, OrganisationKind, User
from accounts.roles import Role
from accounts.selectors import organisation_ancestors

# Roles that make someone a member of the party organisation they are held in.
_PARTY_ROLES = {
    Role.MEMBER,
    Role.BRANCH_SECRETARY,
    Role.BRANCH_ORG_MEMBER,
    Role.BRANCH_COMMITTEE,
    Role.BRANCH_ASSEMBLY,
    Role.TRAINER,
    Role.INTRODUCER,
    Role.PARTY_GROUP,
}


def branch_voters(branch: Organisation, day: datetime.date) -> dict[int, bool]:
    """Party members of the branch (and its party groups) on ``day``: id -> has full voting rights."""
    people = User.objects.filter(
        memberships__in=Membership.objects.active_on(day).filter(
            organisation__path__startswith=branch.path, role__in=_PARTY_ROLES
        ),
        party_standing__in=["FULL", "PROBATIONARY"],
    ).distinct()
    return {person.pk: person.has_full_rights_on(day) for person in people}


# Roles held by the members of a branch committee (支委会).
_COMMITTEE_ROLES = {Role.BRANCH_SECRETARY, Role.BRANCH_ORG_MEMBER, Role.BRANCH_COMMITTEE}


def branch_committee(branch: Organisation, day: datetime.date) -> dict[int, bool]:
    """Members of the branch committee (支委会) on ``day``: id -> has full rights; empty when the branch has none
    (then its general meeting, 支部大会, decides in its place)."""
    people = User.objects.filter(
        memberships__in=Membership.objects.active_on(day).filter(organisation=branch, role__in=_COMMITTEE_ROLES)
    ).distinct()
    return {person.pk: person.has_full_rights_on(day) for person in people}


def committee_voters(committee: Organisation, day: datetime.date) -> dict[int, bool]:
    people = User.objects.filter(
        memberships__in=Membership.objects.active_on(day).filter(organisation=committee, role=Role.PARENT_COMMITTEE)
    ).distinct()
    return {person.pk: person.has_full_rights_on(day) for person in people}


def approval_committee(branch: Organisation) -> Organisation | None:
    """The nearest party committee above the branch that holds approval authority (具有审批权限)."""
    chain = list(organisation_ancestors(branch))
    for organisation in reversed(chain):
        if organisation.kind == OrganisationKind.PARTY_COMMITTEE and organisation.has_approval_authority:
            return organisation
    return None
