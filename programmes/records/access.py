"""Who records, sees and confirms activity records, and the one access helper of a record.

- records in a programme: a participant on its list (LISTED), or the mentor or mentee of one of its pairs (not ended);
  only for themselves;
- confirms or returns a record (确认/退回): the person responsible for the author (their participation's
  ``responsible``, or the leader of its ``responsible_unit`` — the 党小组长 of that party group), or an organiser of
  the programme (programmes.access.may_organise); for an author on no list (a pair's mentor only), the person
  responsible for their mentee. Never the author: ``own_record``;
- sees a record: its author, whoever may confirm it, and the author's pair partners in the programme.

404 to whoever does not see a record, 403 to whoever sees it and is asked to confirm it without the right.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from accounts.models import Membership
from accounts.permissions import subtree_q
from accounts.roles import HANDLE_PARTY_WORK, ORGANISE_EVALUATION, SEE_CASES, Role
from core.dates import business_today
from programmes.access import may_organise, may_see
from programmes.models import Pair, Participant, ParticipantStatus, Programme
from programmes.records.models import ActivityRecord


def _live_pairs(day: datetime.date | None = None):
    day = day or business_today()
    return Pair.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))


def may_record(user, programme: Programme) -> bool:
    if not user.is_authenticated:
        return False
    listed = Participant.objects.filter(programme=programme, person=user, status=ParticipantStatus.LISTED)
    paired = _live_pairs().filter(programme=programme).filter(Q(mentor=user) | Q(mentee=user))
    return listed.exists() or paired.exists()


def recording_programmes(user):
    """The programmes where the user records, newest school year first."""
    if not user.is_authenticated:
        return Programme.objects.none()
    listed = Participant.objects.filter(person=user, status=ParticipantStatus.LISTED).values("programme")
    paired = _live_pairs().filter(Q(mentor=user) | Q(mentee=user)).values("programme")
    return (
        Programme.objects.filter(Q(pk__in=listed) | Q(pk__in=paired))
        .select_related("organisation")
        .order_by("-school_year", "name")
    )


def led_units(user, day: datetime.date | None = None) -> list[int]:
    """The party groups (or other units) the user leads on ``day``: where they hold the 党小组长 role."""
    if not user.is_authenticated:
        return []
    day = day or business_today()
    found = Membership.objects.active_on(day).filter(user=user, role=Role.PARTY_GROUP)
    return list(found.values_list("organisation_id", flat=True))


def responsible_q(user, prefix: str = "") -> Q:
    """Participations (``prefix`` leading to a Participant) the user is responsible for: by name or as the leader
    of the responsible unit."""
    units = led_units(user)
    condition = Q(**{f"{prefix}responsible": user})
    if units:
        condition |= Q(**{f"{prefix}responsible_unit__in": units})
    return condition


def organised_q(user, path_field: str = "programme__organisation__path") -> Q:
    """Rows of programmes the user organises (handle_party_work or organise_evaluation on the organisation or above)."""
    return subtree_q(user, HANDLE_PARTY_WORK, path_field) | subtree_q(user, ORGANISE_EVALUATION, path_field)


def authors_in_charge(user, programme: Programme) -> set[int]:
    """The people whose records in the programme the user may confirm as the person responsible for them (not as an
    organiser): their listed participants, and the mentors of those participants' pairs who are on no list."""
    in_charge = set(
        Participant.objects.filter(
            responsible_q(user), programme=programme, status=ParticipantStatus.LISTED
        ).values_list("person_id", flat=True)
    )
    if not in_charge:
        return set()
    listed = set(
        Participant.objects.filter(programme=programme, status=ParticipantStatus.LISTED).values_list(
            "person_id", flat=True
        )
    )
    mentors = _live_pairs().filter(programme=programme, mentee__in=in_charge).values_list("mentor_id", flat=True)
    return in_charge | (set(mentors) - listed)


def may_decide(user, record: ActivityRecord) -> bool:
    """Confirms or returns it (whoever may, the author included: the service refuses the author, ``own_record``)."""
    if not user.is_authenticated:
        return False
    return may_organise(user, record.programme) or record.person_id in authors_in_charge(user, record.programme)


def _partners(user, programme: Programme) -> set[int]:
    pairs = _live_pairs().filter(programme=programme).filter(Q(mentor=user) | Q(mentee=user))
    return {pk for pair in pairs.values_list("mentor_id", "mentee_id") for pk in pair} - {user.pk}


def may_see_record(user, record: ActivityRecord) -> bool:
    if not user.is_authenticated:
        return False
    if record.person_id == user.pk or may_decide(user, record):
        return True
    return record.person_id in _partners(user, record.programme)


def record_for_user(user, pk, *, decide: bool = False) -> ActivityRecord:
    record = (
        ActivityRecord.objects.select_related("programme__organisation", "person", "decided_by", "corrects")
        .filter(pk=pk)
        .first()
    )
    if record is None or not may_see_record(user, record):
        raise Http404
    if decide and not may_decide(user, record):
        raise PermissionDenied
    return record


def may_oversee(user, programme: Programme) -> bool:
    """Sees everyone's progress in the programme (the school's page): its organisers and whoever sees cases at its
    organisation or above (the party committee, the school's and the bureau's overseers)."""
    from accounts.permissions import perms_in_chain

    return may_organise(user, programme) or SEE_CASES in perms_in_chain(user, programme.organisation)


def programme_to_oversee(user, pk) -> Programme:
    """The programme for its progress pages: 404 to whoever does not see it, 403 to whoever sees it but may not see
    everyone's progress."""
    programme = Programme.objects.select_related("organisation").filter(pk=pk).first()
    if programme is None or not may_see(user, programme):
        raise Http404
    if not may_oversee(user, programme):
        raise PermissionDenied
    return programme


def pair_for_user(user, pk) -> Pair:
    """A pair's progress: its mentor and mentee, the person responsible for the mentee (or the mentor), and whoever
    oversees the programme; 404 to anyone else."""
    pair = Pair.objects.select_related("programme__organisation", "mentor", "mentee").filter(pk=pk).first()
    if pair is None or not user.is_authenticated:
        raise Http404
    if user.pk in (pair.mentor_id, pair.mentee_id):
        return pair
    in_charge = Participant.objects.filter(
        responsible_q(user), programme=pair.programme, person__in=[pair.mentor_id, pair.mentee_id]
    )
    if in_charge.exists() or may_oversee(user, pair.programme):
        return pair
    raise Http404
