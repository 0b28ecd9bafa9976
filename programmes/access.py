"""The one access helper of a programme, and the rights on it every part of the programmes reads.

- sees a programme: whoever belongs to its organisation or an organisation above it (``view_org`` there: the
  school's teachers see their branch's programme and its public pledges; the bureau sees its schools'), and its
  participants and the people responsible for them;
- organises it (edits stages, terms, quotas, the list; confirms in place of a responsible person): holders of
  ``handle_party_work`` (the branch's secretary and organisation member) or ``organise_evaluation`` (the bureau's
  organisers) on its organisation or above.

404 to whoever does not see it, 403 to whoever sees it and is asked to organise it.

A bureau's programme may also be adopted (copied) by whoever organises a school or branch below the bureau
(``adoptable_for_user``); that alone does not let them see the bureau's programme page. Participants and
invitations are reached through their programme (``participant_for_user``, ``invitation_for_user``); the person
responsible for a participant invites them to 组织生活会 and records whether they attended (``may_invite``).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from accounts.models import Organisation, OrganisationKind
from accounts.permissions import granted_roots, perms_in_chain
from accounts.roles import HANDLE_PARTY_WORK, ORGANISE_EVALUATION, VIEW
from programmes.models import Invitation, Participant, Programme

ORGANISER_RIGHTS = frozenset({HANDLE_PARTY_WORK, ORGANISE_EVALUATION})
# Who runs programmes: a branch, a school or a bureau; a bureau's programme is adopted by a school or a branch.
PROGRAMME_KINDS = frozenset({OrganisationKind.BRANCH, OrganisationKind.SCHOOL, OrganisationKind.BUREAU})
ADOPTING_KINDS = (OrganisationKind.SCHOOL, OrganisationKind.BRANCH)


def may_organise(user, programme: Programme) -> bool:
    return bool(ORGANISER_RIGHTS & perms_in_chain(user, programme.organisation))


def takes_part(user, programme: Programme) -> bool:
    """A participant of the programme or the person responsible for one."""
    return Participant.objects.filter(programme=programme).filter(person=user).exists() or (
        Participant.objects.filter(programme=programme, responsible=user).exists()
    )


def may_see(user, programme: Programme) -> bool:
    if not user.is_authenticated:
        return False
    held = perms_in_chain(user, programme.organisation)
    return VIEW in held or bool(ORGANISER_RIGHTS & held) or takes_part(user, programme)


def programme_for_user(user, pk, *, organise: bool = False) -> Programme:
    programme = Programme.objects.select_related("organisation").filter(pk=pk).first()
    if programme is None or not may_see(user, programme):
        raise Http404
    if organise and not may_organise(user, programme):
        raise PermissionDenied
    return programme


def organiser_roots(user) -> list[str]:
    """The paths of the organisations whose subtrees the user organises programmes in."""
    return sorted({root for right in ORGANISER_RIGHTS for root in granted_roots(user, right)})


def may_adopt(user, programme: Programme) -> bool:
    """A bureau's programme may be adopted by whoever organises a school or branch below the bureau."""
    if programme.organisation.kind != OrganisationKind.BUREAU or not user.is_authenticated:
        return False
    return adoption_places(user, programme).exists()


def adoption_places(user, programme: Programme):
    """The schools and branches below a bureau programme's organisation that the user organises."""
    roots = organiser_roots(user)
    places = Organisation.objects.filter(kind__in=ADOPTING_KINDS, path__startswith=programme.organisation.path).exclude(
        pk=programme.organisation_id
    )
    if user.is_superuser:
        return places.order_by("path")
    if not roots:
        return places.none()
    inside = Q()
    for root in roots:
        inside |= Q(path__startswith=root)
    return places.filter(inside).order_by("path")


def adoptable_for_user(user, pk) -> Programme:
    """The access helper of adoption: a bureau's programme, 404 to whoever neither sees it nor may adopt it, 403 to
    whoever sees it and organises nothing below it."""
    programme = Programme.objects.select_related("organisation").filter(pk=pk).first()
    if programme is None:
        raise Http404
    adopts = may_adopt(user, programme)
    if not adopts and not may_see(user, programme):
        raise Http404
    if not adopts:
        raise PermissionDenied
    return programme


def participant_for_user(user, pk, *, organise: bool = False) -> Participant:
    """A participant row: seen by whoever sees its programme; changed by its organisers."""
    participant = Participant.objects.select_related("programme__organisation", "person").filter(pk=pk).first()
    if participant is None or not may_see(user, participant.programme):
        raise Http404
    if organise and not may_organise(user, participant.programme):
        raise PermissionDenied
    return participant


def may_invite(user, participant: Participant) -> bool:
    """Organisers, and the person responsible for the participant, invite them to 组织生活会 and record attendance."""
    return participant.responsible_id == user.pk or may_organise(user, participant.programme)


def invitation_for_user(user, pk, *, record: bool = False) -> Invitation:
    invitation = Invitation.objects.select_related("participant__programme__organisation").filter(pk=pk).first()
    if invitation is None or not may_see(user, invitation.participant.programme):
        raise Http404
    if record and not may_invite(user, invitation.participant):
        raise PermissionDenied
    return invitation
