"""Writes of the studios. Each refuses bad input with a stable code before writing (or inside its transaction, so
that nothing stays written) and records an audit event (process "studios", on the studio's school) in the same
transaction. Rights are checked by the callers through programmes.studios.access; every person an input names is
checked here against the school's reach (``person_out_of_reach``)."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, OrganisationKind, PartyStanding, User
from accounts.permissions import ancestor_paths, people_holding
from accounts.roles import ORGANISE_EVALUATION
from audit.services import audit_record
from core.dates import business_today
from core.exceptions import ApplicationError
from forms.access import own_attachments_only
from forms.models import Attachment
from notifications.models import Kind
from notifications.services import notify
from programmes.studios import selectors
from programmes.studios.models import (
    Activity,
    ActivityKind,
    Agreement,
    AnnualEvaluation,
    FileKind,
    Grade,
    Level,
    PlanItem,
    PlanStatus,
    Pool,
    PoolEntry,
    Report,
    Studio,
    StudioFile,
    StudioPerson,
    StudioRole,
    TermPlan,
)

PROCESS = "studios"
IMAGE_TYPES = frozenset({"image/jpeg", "image/png"})


def _audit(action: str, organisation: Organisation, actor, **data) -> None:
    audit_record(
        process=PROCESS,
        action=action,
        actor=actor,
        organisation=organisation,
        business_date=business_today(),
        data=data,
    )


def _reach_check(organisation: Organisation, fields: dict[str, list]) -> None:
    """Refuse (person_out_of_reach) when a person named in ``fields`` has no current role at or below the
    organisation; names each field that does."""
    bad = {}
    for name, people in fields.items():
        outside = selectors.in_reach(organisation, people)
        if outside:
            bad[name] = [str(pk) for pk in outside]
    if bad:
        raise ApplicationError("person_out_of_reach", _("Name only people of this school."), fields=bad, status=400)


def _choice(value: str, choices, field: str) -> None:
    if value not in choices.values:
        raise ApplicationError("invalid", _("The input is not valid."), fields={field: [str(value)]})


def _term_check(school_year: int, term: int) -> None:
    if term not in (1, 2) or not 2000 <= school_year <= 2100:
        raise ApplicationError("invalid", _("The input is not valid."), fields={"term": [str(term)]})


def _photos_check(photos: list[Attachment], field: str = "photos") -> None:
    wrong = [a.original_name for a in photos if a.content_type not in IMAGE_TYPES]
    if wrong:
        raise ApplicationError("photo_not_image", _("Photos must be JPG or PNG pictures."), fields={field: wrong})


def _url(name: str, pk: int) -> str:
    return reverse(name, args=[pk])


# Studios and their people -------------------------------------------------------------------------------------------


@transaction.atomic
def studio_create(
    *,
    actor,
    school: Organisation,
    name: str,
    lead: User,
    founded_on: datetime.date,
    subject: str = "",
    description: str = "",
    application=None,
) -> Studio:
    """A studio of the school, directly or from an approved 名师工作室申报 of it; the lead joins it as 领衔人."""
    if school.kind != OrganisationKind.SCHOOL:
        raise ApplicationError(
            "studio_not_a_school", _("A studio belongs to a school."), fields={"school": [school.pk]}
        )
    if founded_on > business_today():
        raise ApplicationError("date_in_future", _("The date may not be in the future."), fields={"founded_on": []})
    _reach_check(school, {"lead": [lead]})
    if application is not None:
        from designer.models import Stage

        if (
            application.definition.code != selectors.APPLICATION_CODE
            or application.stage != Stage.APPROVED
            or not application.organisation.path.startswith(school.path)
        ):
            raise ApplicationError(
                "application_not_approved",
                _("Choose an approved studio application of this school."),
                fields={"application": [application.pk]},
            )
        if Studio.objects.filter(application=application).exists():
            raise ApplicationError(
                "application_used",
                _("A studio was already set up from this application."),
                fields={"application": [application.pk]},
            )
    studio = Studio(
        organisation=school,
        name=name,
        lead=lead,
        founded_on=founded_on,
        subject=subject,
        description=description,
        application=application,
        created_by=actor,
    )
    studio.full_clean()
    studio.save()
    StudioPerson.objects.create(studio=studio, person=lead, role=StudioRole.LEAD, joined=founded_on, added_by=actor)
    _audit(
        "studio_create",
        school,
        actor,
        studio=studio.pk,
        name=name,
        lead=lead.pk,
        application=application.pk if application else None,
    )
    return studio


@transaction.atomic
def studio_person_add(
    *, actor, studio: Studio, person: User, role: str, duty: str = "", joined: datetime.date | None = None
) -> StudioPerson:
    joined = joined or business_today()
    if role not in (StudioRole.MEMBER, StudioRole.APPRENTICE):
        raise ApplicationError("invalid", _("The input is not valid."), fields={"role": [role]})
    if joined > business_today():
        raise ApplicationError("date_in_future", _("The date may not be in the future."), fields={"joined": []})
    _reach_check(studio.organisation, {"person": [person]})
    if StudioPerson.objects.select_for_update().filter(studio=studio, person=person, left__isnull=True).exists():
        raise ApplicationError(
            "person_already_in_studio", _("This person is already in the studio."), fields={"person": [person.pk]}
        )
    row = StudioPerson.objects.create(studio=studio, person=person, role=role, duty=duty, joined=joined, added_by=actor)
    _audit("studio_person_add", studio.organisation, actor, studio=studio.pk, person=person.pk, role=role, duty=duty)
    return row


@transaction.atomic
def studio_person_leave(*, actor, row: StudioPerson, left: datetime.date | None = None) -> StudioPerson:
    row = StudioPerson.objects.select_for_update().select_related("studio__organisation").get(pk=row.pk)
    left = left or business_today()
    if row.role == StudioRole.LEAD:
        raise ApplicationError("lead_cannot_leave", _("The studio's lead cannot leave it."))
    if row.left is not None:
        raise ApplicationError("person_already_left", _("This person has already left the studio."))
    if left > business_today() or left < row.joined:
        raise ApplicationError("invalid", _("The input is not valid."), fields={"left": [left.isoformat()]})
    row.left = left
    row.save(update_fields=["left"])
    _audit("studio_person_leave", row.studio.organisation, actor, studio=row.studio_id, person=row.person_id)
    return row


# Pools ---------------------------------------------------------------------------------------------------------------


@transaction.atomic
def pool_add(*, actor, organisation: Organisation, pool: str, person: User, reason: str) -> PoolEntry:
    """A person into the school's (or the bureau's) 导师库 or 后备人才库; the 导师库 takes party members only."""
    _choice(pool, Pool, "pool")
    if organisation.kind not in (OrganisationKind.SCHOOL, OrganisationKind.BUREAU):
        raise ApplicationError(
            "pool_organisation", _("Pools are kept by a school or the bureau."), fields={"organisation": []}
        )
    if not reason.strip():
        raise ApplicationError("reason_required", _("Give a reason."), fields={"reason": []})
    _reach_check(organisation, {"person": [person]})
    if pool == Pool.MENTOR and person.party_standing == PartyStanding.NON_MEMBER:
        raise ApplicationError(
            "mentor_not_party_member",
            _("The mentor pool takes party members only (名特优党员教师)."),
            fields={"person": [person.pk]},
        )
    entries = PoolEntry.objects.select_for_update()
    if entries.filter(organisation=organisation, pool=pool, person=person, removed_at__isnull=True).exists():
        raise ApplicationError("already_in_pool", _("This person is already in the pool."), fields={"person": []})
    entry = PoolEntry.objects.create(organisation=organisation, pool=pool, person=person, reason=reason, added_by=actor)
    _audit("pool_add", organisation, actor, pool=pool, person=person.pk, reason=reason)
    return entry


@transaction.atomic
def pool_remove(*, actor, entry: PoolEntry, reason: str) -> PoolEntry:
    entry = PoolEntry.objects.select_for_update().select_related("organisation").get(pk=entry.pk)
    if entry.removed_at is not None:
        raise ApplicationError("already_removed", _("This entry was already removed."))
    if not reason.strip():
        raise ApplicationError("reason_required", _("Give a reason."), fields={"reason": []})
    entry.removed_at, entry.removed_by, entry.removal_reason = timezone.now(), actor, reason
    entry.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    _audit("pool_remove", entry.organisation, actor, pool=entry.pool, person=entry.person_id, reason=reason)
    return entry


# Agreements (师徒协议) -----------------------------------------------------------------------------------------------


def _mentor_eligible(studio: Studio, mentor: User) -> bool:
    """The studio's lead or a current member, or someone in a current 导师库 of its school or above."""
    if StudioPerson.objects.filter(
        studio=studio, person=mentor, left__isnull=True, role__in=[StudioRole.LEAD, StudioRole.MEMBER]
    ).exists():
        return True
    pools = PoolEntry.objects.filter(pool=Pool.MENTOR, person=mentor, removed_at__isnull=True)
    return pools.filter(organisation__path__in=ancestor_paths(studio.organisation.path)).exists()


@transaction.atomic
def agreement_create(
    *,
    actor,
    studio: Studio,
    mentor: User,
    apprentice: User,
    school_year: int,
    term: int,
    mentor_duties: str,
    apprentice_goals: str,
    supersedes: Agreement | None = None,
) -> Agreement:
    if mentor.pk == apprentice.pk:
        raise ApplicationError(
            "pair_with_self", _("A mentor cannot be paired with themself."), fields={"apprentice": [apprentice.pk]}
        )
    _term_check(school_year, term)
    if not mentor_duties.strip() or not apprentice_goals.strip():
        raise ApplicationError("invalid", _("The input is not valid."), fields={"mentor_duties": []})
    _reach_check(studio.organisation, {"mentor": [mentor], "apprentice": [apprentice]})
    if not _mentor_eligible(studio, mentor):
        raise ApplicationError(
            "mentor_not_eligible",
            _("The mentor must be the studio's lead, one of its members or in the mentor pool."),
            fields={"mentor": [mentor.pk]},
        )
    if not StudioPerson.objects.filter(
        studio=studio, person=apprentice, left__isnull=True, role=StudioRole.APPRENTICE
    ).exists():
        raise ApplicationError(
            "apprentice_not_in_studio",
            _("The apprentice must be one of the studio's apprentices."),
            fields={"apprentice": [apprentice.pk]},
        )
    agreement = Agreement.objects.create(
        studio=studio,
        mentor=mentor,
        apprentice=apprentice,
        school_year=school_year,
        term=term,
        mentor_duties=mentor_duties,
        apprentice_goals=apprentice_goals,
        supersedes=supersedes,
        created_by=actor,
    )
    _audit(
        "agreement_create",
        studio.organisation,
        actor,
        studio=studio.pk,
        agreement=agreement.pk,
        mentor=mentor.pk,
        apprentice=apprentice.pk,
        supersedes=supersedes.pk if supersedes else None,
    )
    notify(
        recipients=[mentor, apprentice],
        kind=Kind.TASK_NEW,
        title=str(_("A mentoring agreement of %(studio)s awaits your acknowledgement") % {"studio": studio.name}),
        url=_url("programmes-studios-agreement", agreement.pk),
        actor=actor,
    )
    return agreement


@transaction.atomic
def agreement_update(*, actor, agreement: Agreement, mentor_duties: str, apprentice_goals: str) -> Agreement:
    """Change the text before both have acknowledged it; an acknowledgement already given is withdrawn (it was
    given to the earlier text) and must be given again."""
    agreement = Agreement.objects.select_for_update().select_related("studio__organisation").get(pk=agreement.pk)
    if agreement.frozen:
        raise ApplicationError(
            "agreement_frozen", _("Both have acknowledged this agreement: a change is a new agreement."), status=409
        )
    if not mentor_duties.strip() or not apprentice_goals.strip():
        raise ApplicationError("invalid", _("The input is not valid."), fields={"mentor_duties": []})
    withdrawn = [name for name in ("mentor", "apprentice") if getattr(agreement, f"{name}_acknowledged_at")]
    agreement.mentor_duties, agreement.apprentice_goals = mentor_duties, apprentice_goals
    agreement.mentor_acknowledged_at = agreement.apprentice_acknowledged_at = None
    agreement.save(
        update_fields=["mentor_duties", "apprentice_goals", "mentor_acknowledged_at", "apprentice_acknowledged_at"]
    )
    _audit(
        "agreement_update",
        agreement.studio.organisation,
        actor,
        agreement=agreement.pk,
        acknowledgements_withdrawn=withdrawn,
    )
    return agreement


@transaction.atomic
def agreement_acknowledge(*, actor, agreement: Agreement) -> Agreement:
    agreement = Agreement.objects.select_for_update().select_related("studio__organisation").get(pk=agreement.pk)
    if actor.pk == agreement.mentor_id:
        name = "mentor"
    elif actor.pk == agreement.apprentice_id:
        name = "apprentice"
    else:
        raise ApplicationError(
            "not_a_party", _("Only the mentor and the apprentice acknowledge an agreement."), status=403
        )
    field = f"{name}_acknowledged_at"
    if getattr(agreement, field) is not None:
        raise ApplicationError("already_acknowledged", _("You have already acknowledged this agreement."), status=409)
    if hasattr(agreement, "superseded_by"):
        raise ApplicationError("agreement_superseded", _("A newer agreement replaces this one."), status=409)
    setattr(agreement, field, timezone.now())
    agreement.save(update_fields=[field])
    _audit("agreement_acknowledge", agreement.studio.organisation, actor, agreement=agreement.pk, by=name)
    return agreement


@transaction.atomic
def agreement_revise(*, actor, agreement: Agreement, mentor_duties: str, apprentice_goals: str) -> Agreement:
    """A new agreement replacing an acknowledged one (the old stays, superseded); both acknowledge again."""
    agreement = Agreement.objects.select_for_update().select_related("studio__organisation").get(pk=agreement.pk)
    if not agreement.frozen:
        raise ApplicationError(
            "agreement_not_frozen", _("Until both have acknowledged it, change the agreement itself."), status=409
        )
    if Agreement.objects.filter(supersedes=agreement).exists():
        raise ApplicationError("agreement_superseded", _("A newer agreement replaces this one."), status=409)
    return agreement_create(
        actor=actor,
        studio=agreement.studio,
        mentor=agreement.mentor,
        apprentice=agreement.apprentice,
        school_year=agreement.school_year,
        term=agreement.term,
        mentor_duties=mentor_duties,
        apprentice_goals=apprentice_goals,
        supersedes=agreement,
    )


# The term plan -------------------------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    actor,
    studio: Studio,
    school_year: int,
    term: int,
    starts: datetime.date | None = None,
    ends: datetime.date | None = None,
) -> TermPlan:
    _term_check(school_year, term)
    default_starts, default_ends = selectors.term_dates(school_year, term)
    starts, ends = starts or default_starts, ends or default_ends
    if ends < starts or selectors.term_of(starts)[0] != school_year:
        raise ApplicationError("invalid", _("The input is not valid."), fields={"ends": [ends.isoformat()]})
    Studio.objects.select_for_update().filter(pk=studio.pk).first()  # one first version at a time
    if TermPlan.objects.filter(studio=studio, school_year=school_year, term=term).exists():
        raise ApplicationError(
            "plan_exists", _("This term already has a plan: amend it instead."), fields={"term": [term]}, status=409
        )
    plan = TermPlan.objects.create(
        studio=studio, school_year=school_year, term=term, starts=starts, ends=ends, created_by=actor
    )
    _audit(
        "plan_create", studio.organisation, actor, studio=studio.pk, plan=plan.pk, school_year=school_year, term=term
    )
    return plan


def _draft(plan: TermPlan) -> TermPlan:
    plan = TermPlan.objects.select_for_update().select_related("studio__organisation").get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise ApplicationError(
            "plan_published", _("The plan is published and locked: amend it as a new version."), status=409
        )
    return plan


@transaction.atomic
def plan_item_add(
    *,
    actor,
    plan: TermPlan,
    kind: str,
    responsible: User,
    planned_count: int = 1,
    topic: str = "",
    planned_date: datetime.date | None = None,
    planned_month: int | None = None,
    place: str = "",
) -> PlanItem:
    plan = _draft(plan)
    _choice(kind, ActivityKind, "kind")
    if planned_count is None or planned_count < 1:
        raise ApplicationError(
            "count_below_one", _("Plan at least one."), fields={"planned_count": [str(planned_count)]}
        )
    if planned_date is not None and not plan.starts <= planned_date <= plan.ends:
        raise ApplicationError(
            "item_outside_term",
            _("The planned date is outside the term."),
            fields={"planned_date": [planned_date.isoformat()]},
        )
    if planned_month is not None and planned_month not in _months_of(plan):
        raise ApplicationError(
            "item_outside_term", _("The planned month is outside the term."), fields={"planned_month": [planned_month]}
        )
    _reach_check(plan.studio.organisation, {"responsible": [responsible]})
    item = PlanItem.objects.create(
        plan=plan,
        kind=kind,
        topic=topic,
        planned_date=planned_date,
        planned_month=planned_month,
        planned_count=planned_count,
        place=place,
        responsible=responsible,
    )
    _audit(
        "plan_item_add",
        plan.studio.organisation,
        actor,
        plan=plan.pk,
        item=item.pk,
        kind=kind,
        planned_count=planned_count,
        responsible=responsible.pk,
    )
    return item


def _months_of(plan: TermPlan) -> set[int]:
    months, day = set(), plan.starts.replace(day=1)
    while day <= plan.ends:
        months.add(day.month)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


@transaction.atomic
def plan_item_remove(*, actor, item: PlanItem) -> None:
    plan = _draft(item.plan)
    _audit("plan_item_remove", plan.studio.organisation, actor, plan=plan.pk, item=item.pk, kind=item.kind)
    PlanItem.objects.filter(pk=item.pk).delete()  # a draft's line, never published: nothing refers to it


@transaction.atomic
def plan_publish(*, actor, plan: TermPlan) -> TermPlan:
    plan = _draft(plan)
    if not plan.items.exists():
        raise ApplicationError("plan_empty", _("Add the plan's activities before publishing it."), status=409)
    plan.status, plan.published_at, plan.published_by = PlanStatus.PUBLISHED, timezone.now(), actor
    plan.save(update_fields=["status", "published_at", "published_by"])
    people = {item.responsible for item in plan.items.select_related("responsible")}
    _audit("plan_publish", plan.studio.organisation, actor, plan=plan.pk, version=plan.version)
    notify(
        recipients=people,
        kind=Kind.CC,
        title=str(_("The term plan of %(studio)s is published") % {"studio": plan.studio.name}),
        url=_url("programmes-studios-plan", plan.pk),
        actor=actor,
    )
    return plan


@transaction.atomic
def plan_amend(*, actor, plan: TermPlan) -> TermPlan:
    """A new draft version of the term's plan in force, with its items (each continuing the one it copies)."""
    plan = TermPlan.objects.select_for_update().select_related("studio__organisation").get(pk=plan.pk)
    latest = selectors.plan_latest(plan.studio, plan.school_year, plan.term)
    if plan.status != PlanStatus.PUBLISHED or latest.pk != plan.pk:
        raise ApplicationError("plan_not_current", _("Amend the latest published version of the plan."), status=409)
    amended = TermPlan.objects.create(
        studio=plan.studio,
        school_year=plan.school_year,
        term=plan.term,
        starts=plan.starts,
        ends=plan.ends,
        version=plan.version + 1,
        created_by=actor,
    )
    PlanItem.objects.bulk_create(
        PlanItem(
            plan=amended,
            kind=item.kind,
            topic=item.topic,
            planned_date=item.planned_date,
            planned_month=item.planned_month,
            planned_count=item.planned_count,
            place=item.place,
            responsible_id=item.responsible_id,
            origin_id=item.lineage,
        )
        for item in plan.items.all()
    )
    _audit("plan_amend", plan.studio.organisation, actor, plan=amended.pk, amends=plan.pk, version=amended.version)
    return amended


# Activities, reports, archive files ------------------------------------------------------------------------------


@transaction.atomic
def activity_record(
    *,
    actor,
    studio: Studio,
    kind: str,
    held_on: datetime.date,
    level: str,
    record: str,
    participants: list[User],
    plan_item: PlanItem | None = None,
    topic: str = "",
    place: str = "",
    photos: list[Attachment] = (),
    files: list[Attachment] = (),
    as_participant: bool = False,
) -> Activity:
    """An activity held, with its record. ``as_participant``: the actor records as a member or apprentice (not as
    the lead or an organiser), so they must be among the participants."""
    _choice(kind, ActivityKind, "kind")
    _choice(level, Level, "level")
    photos, files = list(photos), list(files)
    if held_on > business_today():
        raise ApplicationError(
            "activity_in_future", _("An activity is recorded once it was held."), fields={"held_on": [str(held_on)]}
        )
    if plan_item is not None:
        plan = plan_item.plan
        if plan.studio_id != studio.pk or not selectors.plan_is_current(plan):
            raise ApplicationError(
                "plan_item_not_current",
                _("Choose an item of the studio's plan in force."),
                fields={"plan_item": [plan_item.pk]},
            )
        if not plan.starts <= held_on <= plan.ends:
            raise ApplicationError(
                "activity_outside_term",
                _("The date is outside the plan's term (%(starts)s to %(ends)s).")
                % {"starts": plan.starts, "ends": plan.ends},
                fields={"held_on": [str(held_on)]},
            )
    if not record.strip():
        raise ApplicationError("invalid", _("The input is not valid."), fields={"record": []})
    if not participants:
        raise ApplicationError("invalid", _("The input is not valid."), fields={"participants": []})
    _reach_check(studio.organisation, {"participants": participants})
    if as_participant and actor.pk not in {p.pk for p in participants}:
        raise ApplicationError(
            "recorder_not_participant",
            _("Record only activities you took part in."),
            fields={"participants": []},
            status=403,
        )
    _photos_check(photos)
    own_attachments_only(actor=actor, data=[*photos, *files])
    activity = Activity.objects.create(
        studio=studio,
        plan_item=plan_item,
        kind=kind,
        held_on=held_on,
        level=level,
        topic=topic,
        place=place,
        record=record,
        recorded_by=actor,
    )
    activity.participants.set(participants)
    activity.photos.set(photos)
    activity.files.set(files)
    _audit(
        "activity_record",
        studio.organisation,
        actor,
        studio=studio.pk,
        activity=activity.pk,
        kind=kind,
        held_on=held_on.isoformat(),
        level=level,
        plan_item=plan_item.pk if plan_item else None,
        participants=sorted(p.pk for p in participants),
        files=[{"sha256": a.sha256, "name": a.original_name} for a in [*photos, *files]],
    )
    return activity


@transaction.atomic
def report_write(
    *,
    actor,
    studio: Studio,
    school_year: int,
    term: int | None,
    title: str,
    text: str,
    files: list[Attachment] = (),
) -> Report:
    if term is not None:
        _term_check(school_year, term)
    if school_year > selectors.term_of(business_today())[0]:
        raise ApplicationError("date_in_future", _("The period may not be in the future."), fields={"school_year": []})
    if not title.strip() or not text.strip():
        raise ApplicationError("invalid", _("The input is not valid."), fields={"text": []})
    files = list(files)
    own_attachments_only(actor=actor, data=files)
    report = Report.objects.create(
        studio=studio, school_year=school_year, term=term, title=title, text=text, written_by=actor
    )
    report.files.set(files)
    _audit(
        "report_write",
        studio.organisation,
        actor,
        studio=studio.pk,
        report=report.pk,
        school_year=school_year,
        term=term,
        files=[{"sha256": a.sha256, "name": a.original_name} for a in files],
    )
    return report


@transaction.atomic
def studio_file_add(
    *,
    actor,
    studio: Studio,
    kind: str,
    title: str,
    attachment: Attachment,
    person: User | None = None,
    agreement: Agreement | None = None,
) -> StudioFile:
    _choice(kind, FileKind, "kind")
    if kind == FileKind.FOUNDING:
        _photos_check([attachment], "attachment")
    if agreement is not None and agreement.studio_id != studio.pk:
        raise ApplicationError("invalid", _("The input is not valid."), fields={"agreement": [agreement.pk]})
    if person is not None:
        _reach_check(studio.organisation, {"person": [person]})
    own_attachments_only(actor=actor, data=[attachment])
    item = StudioFile.objects.create(
        studio=studio,
        kind=kind,
        title=title or attachment.original_name,
        person=person,
        agreement=agreement,
        attachment=attachment,
        added_by=actor,
    )
    _audit(
        "studio_file_add",
        studio.organisation,
        actor,
        studio=studio.pk,
        file=item.pk,
        kind=kind,
        sha256=attachment.sha256,
        name=attachment.original_name,
    )
    return item


# The annual evaluation -------------------------------------------------------------------------------------------


@transaction.atomic
def evaluation_record(
    *,
    actor,
    studio: Studio,
    school_year: int,
    grade: str,
    comments: str = "",
    corrects: AnnualEvaluation | None = None,
    reason: str = "",
) -> AnnualEvaluation:
    """The bureau's grade for a school year; a second bureau person confirms it. A correction is a new record
    naming the one it corrects and why."""
    _choice(grade, Grade, "grade")
    if school_year > selectors.term_of(business_today())[0] or school_year < studio.founded_on.year - 1:
        raise ApplicationError("invalid", _("The input is not valid."), fields={"school_year": [school_year]})
    Studio.objects.select_for_update().filter(pk=studio.pk).first()  # one evaluation of a year at a time
    rows = AnnualEvaluation.objects.filter(studio=studio, school_year=school_year)
    current = rows.filter(corrected_by__isnull=True).order_by("-pk").first()
    if corrects is None and current is not None:
        raise ApplicationError(
            "evaluation_exists", _("This year is evaluated: record a correction instead."), status=409
        )
    if corrects is not None:
        if current is None or corrects.pk != current.pk:
            raise ApplicationError("evaluation_not_current", _("Correct the evaluation in force."), status=409)
        if not reason.strip():
            raise ApplicationError("reason_required", _("Give a reason."), fields={"reason": []})
    evaluation = AnnualEvaluation.objects.create(
        studio=studio,
        school_year=school_year,
        grade=grade,
        comments=comments,
        evaluated_by=actor,
        corrects=corrects,
        reason=reason,
    )
    _audit(
        "evaluation_record",
        studio.organisation,
        actor,
        studio=studio.pk,
        evaluation=evaluation.pk,
        school_year=school_year,
        grade=grade,
        corrects=corrects.pk if corrects else None,
        reason=reason,
    )
    checkers = people_holding(ORGANISE_EVALUATION, studio.organisation, business_today())
    notify(
        recipients=[person for person in checkers if person.pk != actor.pk],
        kind=Kind.TASK_NEW,
        title=str(_("The annual evaluation of %(studio)s awaits your confirmation") % {"studio": studio.name}),
        url=_url("programmes-studios-studio", studio.pk),
        actor=actor,
    )
    return evaluation


@transaction.atomic
def evaluation_confirm(*, actor, evaluation: AnnualEvaluation) -> AnnualEvaluation:
    evaluation = (
        AnnualEvaluation.objects.select_for_update().select_related("studio__organisation").get(pk=evaluation.pk)
    )
    if evaluation.evaluated_by_id == actor.pk:
        raise ApplicationError("second_person_required", _("A second person confirms the evaluation."), status=403)
    if evaluation.confirmed_at is not None:
        raise ApplicationError("evaluation_confirmed", _("This evaluation is already confirmed."), status=409)
    if AnnualEvaluation.objects.filter(corrects=evaluation).exists():
        raise ApplicationError("evaluation_not_current", _("Correct the evaluation in force."), status=409)
    evaluation.confirmed_by, evaluation.confirmed_at = actor, timezone.now()
    evaluation.save(update_fields=["confirmed_by", "confirmed_at"])
    _audit("evaluation_confirm", evaluation.studio.organisation, actor, evaluation=evaluation.pk)
    return evaluation
