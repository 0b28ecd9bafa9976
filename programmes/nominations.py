"""Nominations (推荐培养对象) through the designer: the seeded definition ``double-cultivation`` (教研组推举 →
教导处、政教处考核筛选 → 党支部确定名单) puts a person on a programme's cultivation list.

How it hears of them. A pull (the list page reading open nominations) would have made a read write, or left the
lists stale until someone looked; so the list follows the case inside the transaction of the action that moves it:

- start: viewflow's ``flow_started``, sent once the new case row is saved (its form values are in it);
- end: the designer's endings (``designer.endings.listen``), told by the walk whenever a case ends (approved,
  rejected or withdrawn) with its new stage set. Both are idempotent: only a nominated participant is decided, once.

Which programme. The 双培双促进 programme of the case's school year whose reach (programmes.services.reach_of:
the branch's school) holds both the person who started the case and the nominee; of several (a bureau's and its
school's adoption), the deepest. None: the case is left alone (nominations may be started outside any programme).

What is written. Started: a participant "nominated" linked to the case, in the direction the form names (the first
option of the form's 培养方向 is 党员→骨干, the second 骨干→党员). Nothing when the nominee does not fit the direction
(the branch decides on the list; a mismatch is left to the case's own review) or is already nominated or listed;
a declined or removed row is nominated again. Ended: approved → on the list; rejected or withdrawn → not listed.
``link_open`` runs the same for cases started before their programme existed (the demo, a programme made late).
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from accounts.models import PartyStanding, User
from audit.services import audit_record
from core.school_year import school_year_of
from programmes.models import Direction, Participant, ParticipantStatus, Programme, ProgrammeKind

log = logging.getLogger(__name__)

DEFINITION_CODE = "double-cultivation"
DIRECTION_FIELD, NOMINEE_FIELD = "direction", "nominee"
ENDINGS = {"APPROVED": ParticipantStatus.LISTED, "REJECTED": ParticipantStatus.DECLINED}
ENDINGS["WITHDRAWN"] = ParticipantStatus.DECLINED


def _is_nomination(process) -> bool:
    from designer.models import DesignedCase

    if not isinstance(process, DesignedCase):
        return False
    definition = getattr(process, "definition", None)
    return definition is not None and definition.code == DEFINITION_CODE


def direction_of(case) -> str | None:
    """The direction the case's form names, by the position of the chosen option in its version's document."""
    chosen = (case.values or {}).get(DIRECTION_FIELD)
    fields = (case.definition_version.document or {}).get("form", {}).get("fields", [])
    options = next((f.get("options", []) for f in fields if f.get("key") == DIRECTION_FIELD), [])
    directions = (Direction.TO_BACKBONE, Direction.TO_MEMBER)
    place = options.index(chosen) if chosen in options else None
    return directions[place] if place is not None and place < len(directions) else None


def nominee_of(case) -> User | None:
    value = (case.values or {}).get(NOMINEE_FIELD)
    if isinstance(value, dict):
        value = value.get("id")
    try:
        return User.objects.filter(pk=int(value)).first() if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def programme_for_case(case, nominee: User, day: datetime.date) -> Programme | None:
    from programmes.services import in_reach

    candidates = Programme.objects.filter(kind=ProgrammeKind.DUAL, school_year=school_year_of(day)).select_related(
        "organisation"
    )
    found = [
        p
        for p in candidates
        if in_reach(nominee, p, day=day) is not None and in_reach(case.initiator, p, day=day) is not None
    ]
    return max(found, key=lambda p: p.organisation.depth, default=None)


def _fits(person: User, direction: str) -> bool:
    member = person.party_standing in (PartyStanding.FULL, PartyStanding.PROBATIONARY)
    return member == (direction == Direction.TO_BACKBONE)


def _audit(action: str, participant: Participant, actor, **data) -> None:
    audit_record(
        process="programmes",
        action=action,
        actor=actor,
        organisation=participant.programme.organisation,
        data={"programme": participant.programme_id, "participant": participant.pk, **data},
    )


def nominated(case, *, programme: Programme | None = None) -> Participant | None:
    """The participant a just-started nomination case stands for (made or nominated again), or None."""
    day = timezone.localdate(case.created) if getattr(case, "created", None) else datetime.date.today()
    nominee, direction = nominee_of(case), direction_of(case)
    if nominee is None or direction is None or not _fits(nominee, direction):
        return None
    programme = programme or programme_for_case(case, nominee, day)
    if programme is None:
        return None
    participant = (
        Participant.objects.select_for_update().filter(programme=programme, person=nominee, direction=direction).first()
    )
    if participant is not None and (
        participant.nomination_id == case.pk
        or participant.status in (ParticipantStatus.NOMINATED, ParticipantStatus.LISTED)
    ):
        return None
    if participant is None:
        participant = Participant(programme=programme, person=nominee, direction=direction, added_by=case.initiator)
    participant.status, participant.nomination = ParticipantStatus.NOMINATED, case
    participant.removed_reason, participant.removed_by, participant.removed_at = "", None, None
    participant.save()
    _audit("participant_nominate", participant, case.initiator, case=case.pk, person=nominee.pk, direction=direction)
    return participant


def ended(case, stage: str | None = None) -> Participant | None:
    """The nomination's case ended (``stage``: how, when the case row does not say it yet): its participant on the
    list, or not listed."""
    stage = stage or case.stage
    status = ENDINGS.get(stage)
    if status is None:
        return None
    participant = (
        Participant.objects.select_for_update()
        .select_related("programme__organisation")
        .filter(nomination_id=case.pk, status=ParticipantStatus.NOMINATED)
        .first()
    )
    if participant is None:
        return None
    participant.status = status
    participant.save(update_fields=["status"])
    _audit("participant_decided", participant, None, case=case.pk, stage=stage, status=status)
    return participant


def on_started(sender, process, **kwargs) -> None:
    if _is_nomination(process):
        nominated(process)


def on_ended(case) -> None:
    """A designed case ended (designer.endings): a nomination's participant on the list, or not listed."""
    if _is_nomination(case):
        ended(case)


def link_open(programme: Programme) -> int:
    """Links the nomination cases of the programme's school year started before it existed; returns how many."""
    from designer.models import ENDED, DesignedCase

    first = datetime.datetime(programme.school_year, 9, 1, tzinfo=timezone.get_current_timezone())
    cases = DesignedCase.objects.filter(definition__code=DEFINITION_CODE, created__gte=first).select_related(
        "definition", "definition_version", "initiator"
    )
    linked = Participant.objects.filter(nomination__isnull=False).values_list("nomination_id", flat=True)
    made = 0
    with transaction.atomic():
        for case in cases.exclude(pk__in=list(linked)).order_by("pk"):
            nominee = nominee_of(case)
            day = timezone.localdate(case.created)
            if nominee is None or programme_for_case(case, nominee, day) != programme:
                continue
            if nominated(case, programme=programme) is not None:
                made += 1
                if case.stage in ENDED:
                    ended(case)
    return made
