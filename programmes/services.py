"""Writes on programmes (活动方案): the programme, its stages, terms and quotas, adoption of a bureau's programme by a
school or branch, the cultivation lists (培养对象名单) and invitations to 组织生活会. Every write is audited (process
"programmes") in its transaction; bad input is refused with a stable code before anything is written.

Reach. The people a programme names (participants, the people responsible for them) must hold an active role in
the programme's *reach*: the subtree of its organisation — for a branch (or another party organisation inside a
school), the subtree of the school it belongs to, because the 教导处/政教处 (处室, SCHOOL_DEPT) that screen and
look after the cultivation targets sit at the school, not in the branch (seed 000 §二.2, §四.1).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, OrganisationKind, PartyStanding, User
from accounts.permissions import ancestor_paths
from accounts.roles import Role
from audit.services import audit_record
from core.dates import business_today
from core.exceptions import ApplicationError
from core.school_year import school_year_of
from notifications.models import Kind as NoticeKind
from notifications.services import notify
from programmes import defaults
from programmes.access import ADOPTING_KINDS, PROGRAMME_KINDS, adoption_places, may_invite, may_organise
from programmes.models import (
    ActivityKind,
    Attendance,
    Audience,
    Direction,
    Invitation,
    Participant,
    ParticipantStatus,
    Programme,
    ProgrammeKind,
    Quota,
    QuotaPeriod,
    Stage,
    Term,
)

PROCESS = "programmes"
# Who may be responsible for a participant (限期培养, 包抓责任): a 党小组长 or a person of a 处室.
RESPONSIBLE_ROLES = (Role.PARTY_GROUP, Role.SCHOOL_DEPT)
PARTY_MEMBERS = (PartyStanding.FULL, PartyStanding.PROBATIONARY)
OPEN_STATUSES = (ParticipantStatus.NOMINATED, ParticipantStatus.LISTED)


def _audit(action: str, actor, programme: Programme, **data) -> None:
    audit_record(
        process=PROCESS,
        action=action,
        actor=actor,
        organisation=programme.organisation,
        data={"programme": programme.pk, **data},
    )


def _must_organise(actor, programme: Programme) -> None:
    if not may_organise(actor, programme):
        raise PermissionDenied


def reach_of(organisation: Organisation) -> Organisation:
    """The organisation whose subtree a programme of ``organisation`` names people from (see the module's doc)."""
    if organisation.kind in (OrganisationKind.SCHOOL, OrganisationKind.BUREAU, OrganisationKind.COMMUNITY):
        return organisation
    chain = ancestor_paths(organisation.path)
    school = Organisation.objects.filter(path__in=chain, kind=OrganisationKind.SCHOOL).order_by("-depth").first()
    return school or organisation


def in_reach(person: User, programme: Programme, *, day: datetime.date, roles=None) -> Membership | None:
    """The person's active membership in the programme's reach (with one of ``roles``), or None."""
    memberships = Membership.objects.active_on(day).filter(
        user=person, user__is_active=True, organisation__path__startswith=reach_of(programme.organisation).path
    )
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return memberships.select_related("organisation").order_by("-organisation__depth").first()


def _check_year(school_year: int, today: datetime.date) -> None:
    current = school_year_of(today)
    if not current - 1 <= school_year <= current + 1:
        raise ApplicationError(
            "school_year_out_of_range",
            _("A programme is for last, this or next school year."),
            fields={"school_year": [_("Choose last, this or next school year.")]},
        )


def _in_year(programme: Programme, starts: datetime.date, ends: datetime.date, field: str) -> None:
    first, last = defaults.school_year_bounds(programme.school_year)
    if ends < starts:
        raise ApplicationError(
            "dates_out_of_order", _("The end comes before the start."), fields={"ends": [_("End after the start.")]}
        )
    if starts < first or ends > last:
        raise ApplicationError(
            f"{field}_outside_school_year",
            _("The dates must lie in the programme's school year (%(first)s – %(last)s).")
            % {"first": first.isoformat(), "last": last.isoformat()},
            fields={"starts": [_("Inside the school year.")]},
        )


def _fill_defaults(programme: Programme) -> None:
    for number, starts, ends in defaults.term_dates(programme.school_year):
        Term.objects.create(programme=programme, number=number, starts=starts, ends=ends)
    for order, (stage, starts, ends) in enumerate(defaults.stage_dates(programme.kind, programme.school_year), 1):
        Stage.objects.create(
            programme=programme, order=order, name=stage.name, starts=starts, ends=ends, description=stage.description
        )
    for quota in defaults.QUOTAS[programme.kind]:
        Quota.objects.create(
            programme=programme,
            kind=quota.kind,
            period=quota.period,
            count=quota.count,
            audience=quota.audience,
            note=quota.note,
        )


def _check_unique(organisation: Organisation, kind: str, school_year: int) -> None:
    if Programme.objects.filter(organisation=organisation, kind=kind, school_year=school_year).exists():
        raise ApplicationError(
            "programme_exists",
            _("This organisation already has a programme of this kind for that school year."),
            fields={"kind": [_("Already there.")]},
        )


@transaction.atomic
def programme_create(
    *,
    actor,
    kind: str,
    organisation: Organisation,
    school_year: int,
    name: str = "",
    description: str = "",
    today: datetime.date | None = None,
) -> Programme:
    """A programme of a branch, school or bureau the actor organises, filled with the seed's defaults."""
    today = today or business_today()
    if kind not in ProgrammeKind.values:
        raise ApplicationError("unknown_kind", _("Unknown kind of programme."), fields={"kind": [_("Unknown.")]})
    probe = Programme(organisation=organisation, kind=kind, school_year=school_year)
    if organisation.kind not in PROGRAMME_KINDS or not may_organise(actor, probe):
        raise ApplicationError(
            "organisation_out_of_reach",
            _("You do not run programmes for this organisation."),
            fields={"organisation": [_("Choose a branch, school or bureau you organise.")]},
        )
    _check_year(school_year, today)
    _check_unique(organisation, kind, school_year)
    programme = Programme.objects.create(
        organisation=organisation,
        kind=kind,
        school_year=school_year,
        name=(name or "").strip() or defaults.default_name(kind, organisation.name, school_year),
        description=description or "",
        created_by=actor,
    )
    _fill_defaults(programme)
    _audit("programme_create", actor, programme, kind=kind, school_year=school_year, name=programme.name)
    return programme


@transaction.atomic
def programme_update(
    *, actor, programme: Programme, name: str | None = None, description: str | None = None
) -> Programme:
    _must_organise(actor, programme)
    changed = {}
    if name is not None:
        if not name.strip():
            raise ApplicationError("name_required", _("A programme needs a name."), fields={"name": [_("Required.")]})
        changed["name"] = name.strip()
    if description is not None:
        changed["description"] = description
    for field, value in changed.items():
        setattr(programme, field, value)
    if changed:
        programme.save(update_fields=list(changed))
        _audit("programme_update", actor, programme, **changed)
    return programme


@transaction.atomic
def programme_adopt(*, actor, source: Programme, organisation: Organisation) -> Programme:
    """A school's or branch's own copy of a bureau's programme (same kind and year): its stages, terms and quotas,
    which the school then edits; refused a second time (``already_adopted``)."""
    if source.organisation.kind != OrganisationKind.BUREAU:
        raise ApplicationError("not_adoptable", _("Only a bureau's programme can be adopted."))
    if (
        organisation.kind not in ADOPTING_KINDS
        or not adoption_places(actor, source).filter(pk=organisation.pk).exists()
    ):
        raise ApplicationError(
            "organisation_out_of_reach",
            _("You do not run programmes for this organisation."),
            fields={"organisation": [_("Choose a school or branch you organise below the bureau.")]},
        )
    if Programme.objects.filter(organisation=organisation, adopted_from=source).exists():
        raise ApplicationError("already_adopted", _("This organisation has already adopted this programme."))
    _check_unique(organisation, source.kind, source.school_year)
    copy = Programme.objects.create(
        organisation=organisation,
        kind=source.kind,
        school_year=source.school_year,
        name=defaults.default_name(source.kind, organisation.name, source.school_year),
        description=source.description,
        adopted_from=source,
        created_by=actor,
    )
    Term.objects.bulk_create(
        Term(programme=copy, number=t.number, starts=t.starts, ends=t.ends) for t in source.terms.all()
    )
    Stage.objects.bulk_create(
        Stage(programme=copy, order=s.order, name=s.name, starts=s.starts, ends=s.ends, description=s.description)
        for s in source.stages.all()
    )
    Quota.objects.bulk_create(
        Quota(programme=copy, kind=q.kind, period=q.period, count=q.count, audience=q.audience, note=q.note)
        for q in source.quotas.all()
    )
    _audit("programme_adopt", actor, copy, adopted_from=source.pk)
    return copy


# Stages


@transaction.atomic
def stage_add(
    *, actor, programme: Programme, name: str, starts: datetime.date, ends: datetime.date, description: str = ""
) -> Stage:
    _must_organise(actor, programme)
    _in_year(programme, starts, ends, "stage")
    order = (programme.stages.aggregate(top=Max("order"))["top"] or 0) + 1
    stage = Stage.objects.create(
        programme=programme, order=order, name=name.strip(), starts=starts, ends=ends, description=description
    )
    _audit("stage_add", actor, programme, stage=stage.pk, name=stage.name, starts=starts, ends=ends)
    return stage


@transaction.atomic
def stage_update(
    *, actor, stage: Stage, name: str, starts: datetime.date, ends: datetime.date, description: str = ""
) -> Stage:
    programme = stage.programme
    _must_organise(actor, programme)
    _in_year(programme, starts, ends, "stage")
    stage.name, stage.starts, stage.ends, stage.description = name.strip(), starts, ends, description
    stage.save(update_fields=["name", "starts", "ends", "description"])
    _audit("stage_update", actor, programme, stage=stage.pk, name=stage.name, starts=starts, ends=ends)
    return stage


@transaction.atomic
def stage_remove(*, actor, stage: Stage) -> None:
    programme = stage.programme
    _must_organise(actor, programme)
    _audit("stage_remove", actor, programme, stage=stage.pk, name=stage.name)
    stage.delete()


# Terms


@transaction.atomic
def term_update(*, actor, term: Term, starts: datetime.date, ends: datetime.date) -> Term:
    """A term's dates: inside the school year, in order, not overlapping the other term (activity records are
    counted per term)."""
    programme = term.programme
    _must_organise(actor, programme)
    _in_year(programme, starts, ends, "term")
    for other in programme.terms.exclude(pk=term.pk):
        if starts <= other.ends and other.starts <= ends:
            raise ApplicationError(
                "terms_overlap", _("Terms must not overlap."), fields={"starts": [_("Overlaps another term.")]}
            )
        if (other.number < term.number and other.starts >= starts) or (
            other.number > term.number and other.starts <= starts
        ):
            raise ApplicationError(
                "terms_out_of_order",
                _("The first term comes before the second."),
                fields={"starts": [_("Out of order.")]},
            )
    term.starts, term.ends = starts, ends
    term.save(update_fields=["starts", "ends"])
    _audit("term_update", actor, programme, term=term.number, starts=starts, ends=ends)
    return term


# Quotas


@transaction.atomic
def quota_set(
    *,
    actor,
    programme: Programme,
    kind: str,
    period: str,
    count: int,
    audience: str = Audience.ALL,
    note: str = "",
) -> Quota:
    """At least ``count`` records of ``kind`` each ``period`` for ``audience`` (one quota per activity and
    audience: setting it again changes it). A count of 0 is allowed: the activity is recorded, nothing required."""
    _must_organise(actor, programme)
    if kind not in ActivityKind.values:
        raise ApplicationError("unknown_activity", _("Unknown activity."), fields={"kind": [_("Unknown.")]})
    if period not in QuotaPeriod.values:
        raise ApplicationError("unknown_period", _("Unknown period."), fields={"period": [_("Unknown.")]})
    if audience not in Audience.values:
        raise ApplicationError("unknown_audience", _("Unknown audience."), fields={"audience": [_("Unknown.")]})
    if count is None or int(count) < 0:
        raise ApplicationError(
            "quota_below_zero", _("A quota cannot be below zero."), fields={"count": [_("Zero or more.")]}
        )
    if int(count) > 1000:
        raise ApplicationError("quota_too_large", _("A quota of at most 1000."), fields={"count": [_("Too many.")]})
    quota, created = Quota.objects.update_or_create(
        programme=programme,
        kind=kind,
        audience=audience,
        defaults={"period": period, "count": int(count), "note": note or ""},
    )
    _audit("quota_set", actor, programme, quota=quota.pk, kind=kind, period=period, count=int(count), audience=audience)
    return quota


@transaction.atomic
def quota_remove(*, actor, quota: Quota) -> None:
    programme = quota.programme
    _must_organise(actor, programme)
    _audit("quota_remove", actor, programme, quota=quota.pk, kind=quota.kind, audience=quota.audience)
    quota.delete()


# Participants (the cultivation lists)


def _check_person(programme: Programme, person: User, direction: str, day: datetime.date) -> None:
    if direction not in Direction.values:
        raise ApplicationError("unknown_direction", _("Unknown direction."), fields={"direction": [_("Unknown.")]})
    if in_reach(person, programme, day=day) is None:
        raise ApplicationError(
            "person_out_of_reach",
            _("%(person)s is not a member of the programme's organisation.") % {"person": person.real_name},
            fields={"person": [_("Choose a person of the organisation.")]},
        )
    is_member = person.party_standing in PARTY_MEMBERS
    if (direction == Direction.TO_BACKBONE) != is_member:
        message = (
            _("Only party members are cultivated into teaching backbones.")
            if direction == Direction.TO_BACKBONE
            else _("Only teachers outside the party are cultivated into party members.")
        )
        raise ApplicationError("direction_mismatch", message, fields={"direction": [message]})


def _responsible(programme: Programme, responsible: User | None, day: datetime.date) -> Organisation | None:
    if responsible is None:
        return None
    membership = in_reach(responsible, programme, day=day, roles=RESPONSIBLE_ROLES)
    if membership is None:
        raise ApplicationError(
            "responsible_not_eligible",
            _("The person responsible must be a party group leader or a school office member of the organisation."),
            fields={"responsible": [_("Choose a party group leader or a school office member.")]},
        )
    return membership.organisation


def _check_deadline(programme: Programme, deadline: datetime.date | None, day: datetime.date) -> None:
    if deadline is None:
        return
    first, _last = defaults.school_year_bounds(programme.school_year)
    if deadline < day:
        raise ApplicationError(
            "deadline_in_past", _("The deadline cannot be in the past."), fields={"deadline": [_("Today or later.")]}
        )
    if deadline < first:
        raise ApplicationError(
            "deadline_before_school_year",
            _("The deadline must lie in the programme's school year or after it."),
            fields={"deadline": [_("In the school year or later.")]},
        )


@transaction.atomic
def participant_add(
    *,
    actor,
    programme: Programme,
    person: User,
    direction: str,
    responsible: User | None = None,
    deadline: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Participant:
    """The organiser puts a person on a cultivation list directly (status: on the list)."""
    day = today or business_today()
    _must_organise(actor, programme)
    _check_person(programme, person, direction, day)
    unit = _responsible(programme, responsible, day)
    _check_deadline(programme, deadline, day)
    existing = Participant.objects.select_for_update().filter(programme=programme, person=person, direction=direction)
    participant = existing.first()
    if participant is not None and participant.status in OPEN_STATUSES:
        raise ApplicationError(
            "already_participant",
            _("%(person)s is already on this list.") % {"person": person.real_name},
            fields={"person": [_("Already on the list.")]},
        )
    if participant is None:
        participant = Participant(programme=programme, person=person, direction=direction, added_by=actor)
    participant.status = ParticipantStatus.LISTED
    participant.responsible, participant.responsible_unit, participant.deadline = responsible, unit, deadline
    participant.removed_reason, participant.removed_by, participant.removed_at = "", None, None
    participant.save()
    _audit(
        "participant_add",
        actor,
        programme,
        participant=participant.pk,
        person=person.pk,
        direction=direction,
        responsible=responsible.pk if responsible else None,
        deadline=deadline,
    )
    return participant


@transaction.atomic
def participant_update(
    *,
    actor,
    participant: Participant,
    responsible: User | None,
    deadline: datetime.date | None,
    today: datetime.date | None = None,
) -> Participant:
    """The person responsible (党小组长 or 处室) and the date by which they are to be cultivated (限期培养)."""
    day = today or business_today()
    programme = participant.programme
    _must_organise(actor, programme)
    if participant.status not in OPEN_STATUSES:
        raise ApplicationError("participant_closed", _("This person is no longer on the list."))
    unit = _responsible(programme, responsible, day)
    if deadline != participant.deadline:
        _check_deadline(programme, deadline, day)
    participant.responsible, participant.responsible_unit, participant.deadline = responsible, unit, deadline
    participant.save(update_fields=["responsible", "responsible_unit", "deadline"])
    _audit(
        "participant_update",
        actor,
        programme,
        participant=participant.pk,
        responsible=responsible.pk if responsible else None,
        deadline=deadline,
    )
    return participant


@transaction.atomic
def participant_remove(*, actor, participant: Participant, reason: str) -> Participant:
    """Off the list, with the reason; the row stays (status: removed)."""
    programme = participant.programme
    _must_organise(actor, programme)
    if not (reason or "").strip():
        raise ApplicationError("reason_required", _("Say why they are removed."), fields={"reason": [_("Required.")]})
    if participant.status == ParticipantStatus.REMOVED:
        raise ApplicationError("participant_closed", _("This person is no longer on the list."))
    before = participant.status
    participant.status = ParticipantStatus.REMOVED
    participant.removed_reason, participant.removed_by, participant.removed_at = reason.strip(), actor, timezone.now()
    participant.save(update_fields=["status", "removed_reason", "removed_by", "removed_at"])
    _audit("participant_remove", actor, programme, participant=participant.pk, before=before, reason=reason.strip())
    return participant


# Invitations to 组织生活会


@transaction.atomic
def invitation_create(
    *, actor, participant: Participant, meeting_date: datetime.date, title: str, today: datetime.date | None = None
) -> Invitation:
    day = today or business_today()
    if not may_invite(actor, participant):
        raise PermissionDenied
    if participant.direction != Direction.TO_MEMBER:
        raise ApplicationError(
            "invitation_not_to_member",
            _("Only teachers being cultivated into party members are invited to party meetings."),
        )
    if participant.status not in OPEN_STATUSES:
        raise ApplicationError("participant_closed", _("This person is no longer on the list."))
    if meeting_date < day:
        raise ApplicationError(
            "meeting_in_past",
            _("Invite to a meeting that is still to come."),
            fields={"meeting_date": [_("Today or later.")]},
        )
    if not (title or "").strip():
        raise ApplicationError("title_required", _("Name the meeting."), fields={"title": [_("Required.")]})
    invitation = Invitation.objects.create(
        participant=participant, meeting_date=meeting_date, title=title.strip(), invited_by=actor
    )
    programme = participant.programme
    _audit(
        "invitation_create",
        actor,
        programme,
        participant=participant.pk,
        invitation=invitation.pk,
        meeting_date=meeting_date,
        title=invitation.title,
    )
    notify(
        recipients=[participant.person],
        kind=NoticeKind.CC,
        title=_("Invitation to attend a party meeting: %(title)s") % {"title": invitation.title},
        body=_("%(date)s · %(programme)s") % {"date": meeting_date.isoformat(), "programme": programme.name},
        url=reverse("programmes-programme-detail", args=[programme.pk]),
        process=PROCESS,
        actor=actor,
    )
    return invitation


@transaction.atomic
def invitation_record(
    *, actor, invitation: Invitation, attended: str, today: datetime.date | None = None
) -> Invitation:
    """Whether the invited person attended, recorded on or after the meeting's date."""
    day = today or business_today()
    participant = invitation.participant
    if not may_invite(actor, participant):
        raise PermissionDenied
    if attended not in (Attendance.YES, Attendance.NO):
        raise ApplicationError(
            "unknown_attendance", _("Say whether they attended."), fields={"attended": [_("Choose one.")]}
        )
    if invitation.meeting_date > day:
        raise ApplicationError("meeting_not_held", _("Attendance is recorded once the meeting has taken place."))
    before = invitation.attended
    invitation.attended, invitation.recorded_by, invitation.recorded_at = attended, actor, timezone.now()
    invitation.save(update_fields=["attended", "recorded_by", "recorded_at"])
    _audit(
        "invitation_record",
        actor,
        participant.programme,
        invitation=invitation.pk,
        participant=participant.pk,
        before=before,
        attended=attended,
    )
    return invitation
