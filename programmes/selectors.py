"""Reads of programmes: the programmes a person sees, the bureau programmes they may adopt, a programme's page
(its stages with the current one, its quotas in words, its two cultivation lists with their invitations), and the
people a programme may name."""

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Membership, Organisation, OrganisationKind, User
from accounts.permissions import ancestor_paths, subtree_q
from accounts.roles import VIEW
from programmes.access import ADOPTING_KINDS, organiser_roots
from programmes.models import (
    ActivityKind,
    Audience,
    Direction,
    Invitation,
    Participant,
    Programme,
    Quota,
    QuotaPeriod,
)

PERIOD_WORDS = {
    QuotaPeriod.MONTH: pgettext_lazy("quota period", "Every month"),
    QuotaPeriod.TWO_MONTHS: pgettext_lazy("quota period", "Every two months"),
    QuotaPeriod.TERM: pgettext_lazy("quota period", "Every term"),
    QuotaPeriod.YEAR: pgettext_lazy("quota period", "Every school year"),
}
# "每学期听课不少于20节": one phrase per activity, with its measure word.
KIND_PHRASES = {
    ActivityKind.OBSERVATION: _("%(period)s observe at least %(count)s lessons"),
    ActivityKind.DEMONSTRATION: _("%(period)s give at least %(count)s demonstration or observation lessons"),
    ActivityKind.READING_NOTE: _("%(period)s write at least %(count)s reading reflections"),
    ActivityKind.BOOK: _("%(period)s read at least %(count)s education books closely"),
    ActivityKind.LECTURE: _("%(period)s give at least %(count)s lectures"),
    ActivityKind.PAPER: _("%(period)s publish at least %(count)s papers"),
    ActivityKind.RESEARCH: _("%(period)s take part in at least %(count)s research projects"),
    ActivityKind.COMPETITION: _("%(period)s enter at least %(count)s lesson competitions"),
    ActivityKind.OUTREACH: _("%(period)s teach at least %(count)s outreach lessons"),
    ActivityKind.MENTORING: _("%(period)s mentor young teachers at least %(count)s times"),
}


def quota_words(quota: Quota) -> str:
    """The quota as a sentence: 每学期听课不少于20节."""
    return str(KIND_PHRASES[quota.kind]) % {"period": PERIOD_WORDS[quota.period], "count": quota.count}


def programmes_for_user(user) -> QuerySet[Programme]:
    """The programmes of the organisations the person belongs to (or above whose organisations they work), and
    those they take part in or are responsible in."""
    if not user.is_authenticated:
        return Programme.objects.none()
    seen = subtree_q(user, VIEW)
    for root in organiser_roots(user):
        seen |= Q(organisation__path__startswith=root)
    taking_part = Q(participants__person=user) | Q(participants__responsible=user)
    ids = Programme.objects.filter(seen | taking_part).values("pk")
    return (
        Programme.objects.filter(pk__in=ids)
        .select_related("organisation", "adopted_from__organisation")
        .order_by("-school_year", "organisation__path", "kind")
    )


def adoptable_for_user(user, *, school_year: int) -> list[tuple[Programme, list]]:
    """Bureau programmes of this or next school year above the places the person organises, each with the places
    that have not adopted it yet (only those with one)."""
    roots = organiser_roots(user)
    if not roots or not user.is_authenticated:
        return []
    above = Q(pk__in=[])
    for root in roots:
        above |= Q(organisation__path__in=ancestor_paths(root))
    bureau = Programme.objects.filter(
        above, organisation__kind=OrganisationKind.BUREAU, school_year__gte=school_year
    ).select_related("organisation")
    inside = Q(pk__in=[])
    for root in roots:
        inside |= Q(path__startswith=root)
    places = list(Organisation.objects.filter(inside, kind__in=ADOPTING_KINDS).order_by("path"))
    found = []
    for programme in bureau:
        taken = set(
            Programme.objects.filter(kind=programme.kind, school_year=programme.school_year).values_list(
                "organisation_id", flat=True
            )
        )
        free = [p for p in places if p.path.startswith(programme.organisation.path) and p.pk not in taken]
        if free:
            found.append((programme, free))
    return found


def current_stage_ids(programme: Programme, day: datetime.date) -> set[int]:
    return {stage.pk for stage in programme.stages.all() if stage.starts <= day <= stage.ends}


def participants_of(programme: Programme) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(programme=programme)
        .select_related("person", "responsible", "responsible_unit")
        .prefetch_related(Prefetch("invitations", queryset=Invitation.objects.order_by("meeting_date", "pk")))
        .order_by("status", "person__real_name", "pk")
    )


def lists_of(programme: Programme) -> list[tuple[str, str, list[Participant]]]:
    """The two cultivation lists: (direction, its label, its participants)."""
    rows = list(participants_of(programme))
    return [
        (direction.value, str(direction.label), [row for row in rows if row.direction == direction])
        for direction in (Direction.TO_BACKBONE, Direction.TO_MEMBER)
    ]


def quotas_of(programme: Programme) -> list[tuple[Quota, str]]:
    order = {kind: place for place, kind in enumerate(ActivityKind.values)}
    audiences = {a: place for place, a in enumerate(Audience.values)}
    quotas = sorted(programme.quotas.all(), key=lambda q: (audiences[q.audience], order[q.kind]))
    return [(quota, quota_words(quota)) for quota in quotas]


def people_in_reach(programme: Programme, day: datetime.date, *, roles=None) -> QuerySet[User]:
    """Active people holding a role in the programme's reach (programmes.services.reach_of)."""
    from programmes.services import reach_of

    memberships = Membership.objects.active_on(day).filter(
        organisation__path__startswith=reach_of(programme.organisation).path
    )
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return User.objects.filter(is_active=True, pk__in=memberships.values("user_id")).order_by("real_name", "pk")
