"""The access helpers of pairs, pledges and responsibility letters: the object, or Http404 (may not see it), or
PermissionDenied (sees it, may not do what is asked).

- a pair: its mentor and mentee, the person responsible for the mentee (Participant.responsible) and the programme's
  organisers see it; everyone else gets 404, whoever else sees the programme included. Acknowledging is the two
  people's; editing and ending the organisers'.
- a pledge: a published one is public to whoever sees the programme (the 公开承诺 page); a draft only to its person.
  Writing is its person's; the year-end review the organisers' and the person's responsible person's.
- a letter: whoever sees the programme reads it (党务公开); the organisers issue; the group's leader acknowledges
  (the service says who the leader is).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from programmes.access import may_organise, may_see, programme_for_user
from programmes.commitments.models import Pledge, PledgeStatus, ResponsibilityLetter
from programmes.models import Pair, Participant, ParticipantStatus, Programme

GONE = (ParticipantStatus.DECLINED, ParticipantStatus.REMOVED)


def responsible_for(programme: Programme, person) -> set[int]:
    """The ids of the people responsible for ``person`` on the programme's list (any direction)."""
    return set(
        Participant.objects.filter(programme=programme, person=person, responsible__isnull=False)
        .exclude(status__in=GONE)
        .values_list("responsible_id", flat=True)
    )


def sees_pair(user, pair: Pair) -> bool:
    if not user.is_authenticated:
        return False
    if user.pk in (pair.mentor_id, pair.mentee_id):
        return True
    return user.pk in responsible_for(pair.programme, pair.mentee_id) or may_organise(user, pair.programme)


def pair_for_user(user, pk, *, act: str = "") -> Pair:
    """``act``: "" to read, "acknowledge" (the mentor or the mentee), "organise" (edit, end)."""
    pair = Pair.objects.select_related("programme__organisation", "mentor", "mentee").filter(pk=pk).first()
    if pair is None or not sees_pair(user, pair):
        raise Http404
    if act == "acknowledge" and user.pk not in (pair.mentor_id, pair.mentee_id):
        raise PermissionDenied
    if act == "organise" and not may_organise(user, pair.programme):
        raise PermissionDenied
    return pair


def may_review(user, pledge: Pledge) -> bool:
    return user.pk != pledge.person_id and (
        may_organise(user, pledge.programme) or user.pk in responsible_for(pledge.programme, pledge.person_id)
    )


def pledge_for_user(user, pk, *, act: str = "") -> Pledge:
    """``act``: "" to read, "write" (edit, publish, revise: its person), "review"."""
    pledge = Pledge.objects.select_related("programme__organisation", "person").filter(pk=pk).first()
    if pledge is None or not user.is_authenticated:
        raise Http404
    own = pledge.person_id == user.pk
    if not own and (pledge.status == PledgeStatus.DRAFT or not may_see(user, pledge.programme)):
        raise Http404
    if act == "write" and not own:
        raise PermissionDenied
    if act == "review" and not may_review(user, pledge):
        raise PermissionDenied
    return pledge


def letter_for_user(user, pk) -> ResponsibilityLetter:
    letter = ResponsibilityLetter.objects.select_related("programme__organisation", "group").filter(pk=pk).first()
    if letter is None or not may_see(user, letter.programme):
        raise Http404
    return letter


def programme_of(user, pk, *, organise: bool = False) -> Programme:
    return programme_for_user(user, pk, organise=organise)
