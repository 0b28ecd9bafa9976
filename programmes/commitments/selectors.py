"""Reads of pairs, plans and pledges and responsibility letters, scoped to what a person may see."""

from django.db.models import Q, QuerySet

from programmes.access import may_organise
from programmes.commitments.access import GONE
from programmes.commitments.models import Pledge, PledgeStatus, ResponsibilityLetter
from programmes.models import Pair, Participant, Programme

PUBLIC = (PledgeStatus.PUBLISHED, PledgeStatus.REVIEWED)


def _pairs() -> QuerySet[Pair]:
    return Pair.objects.select_related("programme__organisation", "mentor", "mentee", "ending").order_by(
        "ended_on", "mentor__real_name", "pk"
    )


def _responsible_q(user) -> Q:
    """Pairs whose mentee has ``user`` as their responsible person on the pair's programme."""
    mentees = (
        Participant.objects.filter(responsible=user).exclude(status__in=GONE).values_list("programme_id", "person_id")
    )
    condition = Q(pk__in=[])
    for programme_id, person_id in mentees:
        condition |= Q(programme_id=programme_id, mentee_id=person_id)
    return condition


def pairs_of_programme(user, programme: Programme) -> QuerySet[Pair]:
    """The programme's pairs ``user`` sees: every one for an organiser; else their own and those of the people they
    are responsible for."""
    pairs = _pairs().filter(programme=programme)
    if may_organise(user, programme):
        return pairs
    return pairs.filter(Q(mentor=user) | Q(mentee=user) | _responsible_q(user))


def my_pairs(user) -> QuerySet[Pair]:
    """The pairs ``user`` is in, as mentor or mentee, or responsible for (我的结对), across programmes."""
    return _pairs().filter(Q(mentor=user) | Q(mentee=user) | _responsible_q(user))


def waiting_for(user, pair: Pair) -> bool:
    """Whether ``user`` still has to acknowledge ``pair``."""
    if pair.ended_on is not None:
        return False
    if user.pk == pair.mentor_id:
        return pair.mentor_acknowledged_at is None
    return user.pk == pair.mentee_id and pair.mentee_acknowledged_at is None


def versions_of(programme: Programme, person, *, reader) -> list[Pledge]:
    """The person's plans and pledges in the programme, every version, oldest first; drafts only for the person."""
    pledges = Pledge.objects.filter(programme=programme, person=person).select_related("reviewed_by")
    if reader.pk != person.pk:
        pledges = pledges.filter(status__in=PUBLIC)
    return list(pledges.order_by("kind", "version"))


def public_pledges(programme: Programme) -> list[Pledge]:
    """The 公开承诺 page: each person's latest public version of each kind, by person; ``revised`` when an earlier
    version was public before it."""
    rows = list(
        Pledge.objects.filter(programme=programme, status__in=PUBLIC)
        .select_related("person", "reviewed_by")
        .order_by("person__real_name", "person_id", "kind", "-version")
    )
    latest, seen = [], set()
    for pledge in rows:
        key = (pledge.person_id, pledge.kind)
        if key in seen:
            continue
        seen.add(key)
        pledge.revised = pledge.version > 1
        latest.append(pledge)
    return latest


def letters_of(programme: Programme) -> QuerySet[ResponsibilityLetter]:
    return (
        ResponsibilityLetter.objects.filter(programme=programme)
        .select_related("group", "issued_by", "acknowledged_by")
        .order_by("group__path")
    )


def pledge_rows(user, programme: Programme) -> list[Pledge]:
    """The export: every public version of the programme's plans and pledges with its review, by person."""
    return list(
        Pledge.objects.filter(programme=programme, status__in=PUBLIC)
        .select_related("person", "reviewed_by")
        .order_by("person__real_name", "person_id", "kind", "version")
    )


def programmes_seen_by(user) -> QuerySet[Programme]:
    """The programmes ``user`` sees (programmes.access.may_see), in a few queries."""
    from accounts.permissions import subtree_q
    from accounts.roles import VIEW
    from programmes.access import ORGANISER_RIGHTS

    condition = subtree_q(user, VIEW)
    for codename in ORGANISER_RIGHTS:
        condition |= subtree_q(user, codename)
    taking_part = Participant.objects.filter(Q(person=user) | Q(responsible=user)).values("programme_id")
    return Programme.objects.filter(condition | Q(pk__in=taking_part)).select_related("organisation")
