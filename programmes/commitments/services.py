"""Writes of pairs (结对), plans and pledges (个人计划, 公开承诺) and responsibility letters (责任书). Each refuses bad
input with a stable code before writing, and writes an audit event (process "commitments", on the programme's
organisation) in its transaction.

- a pair: created by the programme's organiser between two people of the programme organisation's subtree (not the
  same person; a mentor has at most two open mentees in a programme, 一帮一/一帮二); the mentor and the mentee each
  acknowledge it once; its goals and duties may change until both have, then they are frozen (a change is a new
  pair); the organiser ends it with a date and a reason.
- a plan or pledge: its person writes a draft, edits it, makes it public (公开); a public one is never edited: a change
  is the next version, made public again; at year end the organiser or the person's responsible person reviews the
  public one (kept / partly kept / not kept, with a comment).
- a letter: the programme's organiser issues it to a party group directly under the programme's organisation; only
  that group's leader (党小组长) acknowledges it.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, OrganisationKind
from accounts.roles import Role
from audit.services import audit_record
from core.dates import business_today
from core.exceptions import ApplicationError
from notifications.models import Kind
from notifications.services import notify
from programmes.access import may_organise
from programmes.commitments.models import (
    Outcome,
    PairEnding,
    Pledge,
    PledgeKind,
    PledgeStatus,
    ResponsibilityLetter,
)
from programmes.models import Pair, Participant, Programme

PROCESS = "commitments"
MAX_OPEN_MENTEES = 2  # 一帮一, 一帮二
TEXT_MAX = 4000


def _audit(action: str, actor, programme: Programme, **data) -> None:
    audit_record(
        process=PROCESS,
        action=action,
        actor=actor,
        organisation=programme.organisation,
        business_date=business_today(),
        data={"programme": programme.pk, **data},
    )


def _organiser(actor, programme: Programme) -> None:
    if not may_organise(actor, programme):
        raise ApplicationError("not_organiser", _("Only the programme's organisers may do this."), status=403)


def people_in_reach(programme: Programme, people, *, today: datetime.date | None = None) -> set[int]:
    """The ids among ``people`` who hold a role in the programme's organisation or below it on ``today``, or who
    are on its list."""
    today = today or business_today()
    ids = {person.pk for person in people}
    inside = set(
        Membership.objects.active_on(today)
        .filter(user_id__in=ids, organisation__path__startswith=programme.organisation.path, user__is_active=True)
        .values_list("user_id", flat=True)
    )
    listed = set(Participant.objects.filter(programme=programme, person_id__in=ids).values_list("person_id", flat=True))
    return inside | listed


def _text(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError("text_required", _("Write the text."), fields={field: [str(_("Required."))]})
    if len(value) > TEXT_MAX:
        message = _("At most %(n)d characters.") % {"n": TEXT_MAX}
        raise ApplicationError("text_too_long", message, fields={field: [message]})
    return value


def _notice(recipients, kind: str, title, url: str, actor) -> None:
    notify(recipients=recipients, kind=kind, title=title, url=url, process=PROCESS, actor=actor)


# Pairs


@transaction.atomic
def pair_create(*, actor, programme: Programme, mentor, mentee, goals: str, duties: str) -> Pair:
    _organiser(actor, programme)
    goals, duties = _text(goals, "goals"), _text(duties, "duties")
    if mentor.pk == mentee.pk:
        raise ApplicationError(
            "pair_with_self", _("A mentor and a mentee are two people."), fields={"mentee": [str(mentee.pk)]}
        )
    outside = {mentor.pk, mentee.pk} - people_in_reach(programme, [mentor, mentee])
    if outside:
        raise ApplicationError(
            "person_out_of_reach",
            _("Both people must belong to the programme's organisation."),
            fields={"people": sorted(str(pk) for pk in outside)},
        )
    # Lock the programme's pairs of this mentor: two organisers pairing the same mentor at once cannot both pass.
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    if Pair.objects.filter(programme=programme, mentor=mentor, mentee=mentee, ended_on__isnull=True).exists():
        raise ApplicationError("pair_exists", _("These two already form a pair in this programme."))
    if Pair.objects.filter(programme=programme, mentor=mentor, ended_on__isnull=True).count() >= MAX_OPEN_MENTEES:
        raise ApplicationError(
            "mentor_full",
            _("A mentor guides at most two people at a time (一帮一, 一帮二)."),
            fields={"mentor": [str(mentor.pk)]},
        )
    pair = Pair(programme=programme, mentor=mentor, mentee=mentee, goals=goals, duties=duties, created_by=actor)
    pair.full_clean()
    pair.save()
    _audit(
        "pair_create", actor, programme, pair=pair.pk, mentor=mentor.pk, mentee=mentee.pk, goals=goals, duties=duties
    )
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Please acknowledge your pair: %(mentor)s → %(mentee)s") % {
            "mentor": mentor.real_name,
            "mentee": mentee.real_name,
        }
        _notice([mentor, mentee], Kind.TASK_NEW, title, reverse("programmes-pairs-pair", args=[pair.pk]), actor)
    return pair


def _locked_pair(pair: Pair) -> Pair:
    return Pair.objects.select_for_update().select_related("programme__organisation").get(pk=pair.pk)


@transaction.atomic
def pair_update(*, actor, pair: Pair, goals: str, duties: str) -> Pair:
    """Goals and duties change until both people have acknowledged them; whoever had acknowledged the earlier text
    acknowledges again."""
    pair = _locked_pair(pair)
    _organiser(actor, pair.programme)
    if pair.ended_on is not None:
        raise ApplicationError("pair_ended", _("This pair has ended."))
    if pair.mentor_acknowledged_at and pair.mentee_acknowledged_at:
        raise ApplicationError(
            "pair_frozen",
            _("Both have acknowledged this pair: to change it, end it and make a new one."),
        )
    goals, duties = _text(goals, "goals"), _text(duties, "duties")
    if (goals, duties) == (pair.goals, pair.duties):
        return pair
    before = {"goals": pair.goals, "duties": pair.duties}
    again = [
        p for p, at in ((pair.mentor, pair.mentor_acknowledged_at), (pair.mentee, pair.mentee_acknowledged_at)) if at
    ]
    pair.goals, pair.duties = goals, duties
    pair.mentor_acknowledged_at = pair.mentee_acknowledged_at = None
    pair.save(update_fields=["goals", "duties", "mentor_acknowledged_at", "mentee_acknowledged_at"])
    _audit("pair_update", actor, pair.programme, pair=pair.pk, before=before, goals=goals, duties=duties)
    if again:
        with translation.override(settings.LANGUAGE_CODE):
            title = _("Your pair's goals changed: please acknowledge them again")
            _notice(again, Kind.TASK_NEW, title, reverse("programmes-pairs-pair", args=[pair.pk]), actor)
    return pair


@transaction.atomic
def pair_acknowledge(*, actor, pair: Pair) -> Pair:
    pair = _locked_pair(pair)
    if actor.pk == pair.mentor_id:
        field = "mentor_acknowledged_at"
    elif actor.pk == pair.mentee_id:
        field = "mentee_acknowledged_at"
    else:
        raise ApplicationError("not_in_pair", _("Only the mentor and the mentee acknowledge a pair."), status=403)
    if pair.ended_on is not None:
        raise ApplicationError("pair_ended", _("This pair has ended."))
    if getattr(pair, field) is not None:
        raise ApplicationError("already_acknowledged", _("You have already acknowledged this."))
    setattr(pair, field, timezone.now())
    pair.save(update_fields=[field])
    role = "mentor" if field.startswith("mentor") else "mentee"
    _audit("pair_acknowledge", actor, pair.programme, pair=pair.pk, role=role)
    return pair


@transaction.atomic
def pair_end(*, actor, pair: Pair, ended_on: datetime.date, reason: str) -> Pair:
    pair = _locked_pair(pair)
    _organiser(actor, pair.programme)
    if pair.ended_on is not None:
        raise ApplicationError("pair_ended", _("This pair has ended."))
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("reason_required", _("Give the reason."), fields={"reason": [str(_("Required."))]})
    started = timezone.localtime(pair.created_at).date()
    if ended_on < started or ended_on > business_today():
        message = _("The end date lies between the day the pair was made and today.")
        raise ApplicationError("end_date_invalid", message, fields={"ended_on": [str(message)]})
    pair.ended_on = ended_on
    pair.save(update_fields=["ended_on"])
    PairEnding.objects.create(pair=pair, reason=reason[:300], ended_by=actor)
    _audit("pair_end", actor, pair.programme, pair=pair.pk, ended_on=ended_on.isoformat(), reason=reason[:300])
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Your pair has ended: %(mentor)s → %(mentee)s") % {
            "mentor": pair.mentor.real_name,
            "mentee": pair.mentee.real_name,
        }
        _notice(
            [pair.mentor, pair.mentee], Kind.DECISION, title, reverse("programmes-pairs-pair", args=[pair.pk]), actor
        )
    return pair


# Plans and pledges


def may_pledge(person, programme: Programme) -> bool:
    return person.pk in people_in_reach(programme, [person])


@transaction.atomic
def pledge_create(*, actor, programme: Programme, kind: str, text: str) -> Pledge:
    """The person's first version of a plan or pledge, as a draft."""
    if kind not in PledgeKind.values:
        raise ApplicationError("invalid", _("The input is not valid."), fields={"kind": [kind]})
    if not may_pledge(actor, programme):
        raise ApplicationError(
            "person_out_of_reach", _("Only people of the programme's organisation write plans and pledges here.")
        )
    text = _text(text, "text")
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    if Pledge.objects.filter(programme=programme, person=actor, kind=kind).exists():
        raise ApplicationError("pledge_exists", _("You have written this already: change it there."))
    pledge = Pledge.objects.create(programme=programme, person=actor, kind=kind, text=text)
    _audit("pledge_create", actor, programme, pledge=pledge.pk, kind=kind, version=1, text=text)
    return pledge


def _locked_pledge(pledge: Pledge) -> Pledge:
    return Pledge.objects.select_for_update().select_related("programme__organisation").get(pk=pledge.pk)


def _own(actor, pledge: Pledge) -> None:
    if actor.pk != pledge.person_id:
        raise ApplicationError("not_own_pledge", _("Only its person writes a plan or pledge."), status=403)


@transaction.atomic
def pledge_edit(*, actor, pledge: Pledge, text: str) -> Pledge:
    """A draft's text; a public (or reviewed) version is never edited (``pledge_published``)."""
    pledge = _locked_pledge(pledge)
    _own(actor, pledge)
    if pledge.status != PledgeStatus.DRAFT:
        raise ApplicationError(
            "pledge_published",
            _("A plan or pledge made public is not edited: write a new version instead."),
        )
    text = _text(text, "text")
    if text != pledge.text:
        before = pledge.text
        pledge.text = text
        pledge.save(update_fields=["text", "updated_at"])
        _audit(
            "pledge_edit", actor, pledge.programme, pledge=pledge.pk, version=pledge.version, before=before, text=text
        )
    return pledge


@transaction.atomic
def pledge_publish(*, actor, pledge: Pledge) -> Pledge:
    pledge = _locked_pledge(pledge)
    _own(actor, pledge)
    if pledge.status != PledgeStatus.DRAFT:
        raise ApplicationError("pledge_published", _("This version is already public."))
    pledge.status, pledge.published_at = PledgeStatus.PUBLISHED, timezone.now()
    pledge.save(update_fields=["status", "published_at", "updated_at"])
    _audit("pledge_publish", actor, pledge.programme, pledge=pledge.pk, kind=pledge.kind, version=pledge.version)
    return pledge


@transaction.atomic
def pledge_revise(*, actor, pledge: Pledge, text: str) -> Pledge:
    """The next version of a public plan or pledge, as a draft to be made public again (修订); the earlier one stays
    as it was, readable."""
    pledge = _locked_pledge(pledge)
    _own(actor, pledge)
    if pledge.status == PledgeStatus.DRAFT:
        raise ApplicationError("pledge_not_published", _("This version is not public yet: edit it instead."))
    if pledge.status == PledgeStatus.REVIEWED:
        raise ApplicationError("pledge_reviewed", _("This plan or pledge has been reviewed for the year."))
    if (
        Pledge.objects.filter(programme=pledge.programme, person=pledge.person, kind=pledge.kind)
        .filter(version__gt=pledge.version)
        .exists()
    ):
        raise ApplicationError("pledge_not_latest", _("A newer version exists: change that one."))
    text = _text(text, "text")
    revision = Pledge.objects.create(
        programme=pledge.programme,
        person=pledge.person,
        kind=pledge.kind,
        version=pledge.version + 1,
        previous=pledge,
        text=text,
    )
    _audit(
        "pledge_revise",
        actor,
        pledge.programme,
        pledge=revision.pk,
        revises=pledge.pk,
        version=revision.version,
        text=text,
    )
    return revision


def latest_public(pledge: Pledge) -> bool:
    return not Pledge.objects.filter(
        programme_id=pledge.programme_id,
        person_id=pledge.person_id,
        kind=pledge.kind,
        version__gt=pledge.version,
        status__in=[PledgeStatus.PUBLISHED, PledgeStatus.REVIEWED],
    ).exists()


@transaction.atomic
def pledge_review(*, actor, pledge: Pledge, outcome: str, comment: str) -> Pledge:
    """The year-end review of the public version (年终评议) by an organiser or the person's responsible person."""
    from programmes.commitments.access import may_review

    pledge = _locked_pledge(pledge)
    if not may_review(actor, pledge):
        raise ApplicationError("not_reviewer", _("You do not review this plan or pledge."), status=403)
    if outcome not in Outcome.values:
        raise ApplicationError("invalid", _("The input is not valid."), fields={"outcome": [outcome]})
    if pledge.status == PledgeStatus.DRAFT:
        raise ApplicationError("pledge_not_published", _("Only a plan or pledge made public is reviewed."))
    if pledge.status == PledgeStatus.REVIEWED:
        raise ApplicationError("pledge_reviewed", _("This plan or pledge has been reviewed for the year."))
    if not latest_public(pledge):
        raise ApplicationError("pledge_not_latest", _("A newer version was made public: review that one."))
    comment = (comment or "").strip()[:2000]
    pledge.status, pledge.outcome, pledge.review_comment = PledgeStatus.REVIEWED, outcome, comment
    pledge.reviewed_by, pledge.reviewed_at = actor, timezone.now()
    pledge.save(update_fields=["status", "outcome", "review_comment", "reviewed_by", "reviewed_at", "updated_at"])
    _audit("pledge_review", actor, pledge.programme, pledge=pledge.pk, outcome=outcome, comment=comment)
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Your %(kind)s was reviewed: %(outcome)s") % {
            "kind": pledge.get_kind_display(),
            "outcome": pledge.get_outcome_display(),
        }
        url = reverse("programmes-pairs-pledges", args=[pledge.programme_id, pledge.person_id])
        _notice([pledge.person], Kind.DECISION, title, url, actor)
    return pledge


# Responsibility letters


def group_leaders(group: Organisation, *, today: datetime.date | None = None) -> list:
    today = today or business_today()
    memberships = Membership.objects.active_on(today).filter(organisation=group, role=Role.PARTY_GROUP)
    return [m.user for m in memberships.select_related("user") if m.user.is_active]


@transaction.atomic
def letter_issue(
    *, actor, programme: Programme, group: Organisation, text: str, duties: str, issued_on: datetime.date | None = None
) -> ResponsibilityLetter:
    _organiser(actor, programme)
    parent = programme.organisation
    if not (
        group.kind == OrganisationKind.PARTY_GROUP
        and group.path.startswith(parent.path)
        and group.depth == parent.depth + 1
    ):
        raise ApplicationError(
            "not_a_party_group",
            _("A responsibility letter goes to a party group of the programme's branch."),
            fields={"group": [str(group.pk)]},
        )
    text, duties = _text(text, "text"), _text(duties, "duties")
    issued_on = issued_on or business_today()
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    if ResponsibilityLetter.objects.filter(programme=programme, group=group).exists():
        raise ApplicationError("letter_exists", _("This party group already has a letter in this programme."))
    letter = ResponsibilityLetter.objects.create(
        programme=programme, group=group, text=text, duties=duties, issued_on=issued_on, issued_by=actor
    )
    _audit("letter_issue", actor, programme, letter=letter.pk, group=group.pk, text=text, duties=duties)
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Please acknowledge the responsibility letter (责任书) of %(group)s") % {"group": group.name}
        _notice(
            group_leaders(group), Kind.TASK_NEW, title, reverse("programmes-pairs-letters", args=[programme.pk]), actor
        )
    return letter


@transaction.atomic
def letter_acknowledge(*, actor, letter: ResponsibilityLetter) -> ResponsibilityLetter:
    letter = (
        ResponsibilityLetter.objects.select_for_update()
        .select_related("programme__organisation", "group")
        .get(pk=letter.pk)
    )
    if actor.pk not in {leader.pk for leader in group_leaders(letter.group)}:
        raise ApplicationError(
            "not_group_leader", _("Only the party group's leader acknowledges its letter."), status=403
        )
    if letter.acknowledged_on is not None:
        raise ApplicationError("already_acknowledged", _("You have already acknowledged this."))
    letter.acknowledged_on, letter.acknowledged_by = business_today(), actor
    letter.save(update_fields=["acknowledged_on", "acknowledged_by"])
    _audit("letter_acknowledge", actor, letter.programme, letter=letter.pk, group=letter.group_id)
    return letter
