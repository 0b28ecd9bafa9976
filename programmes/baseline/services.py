"""Writes of the baseline (摸清底子): a teacher's title or honour recorded, a wrong one withdrawn (never edited or
deleted: the correction is a new row). Each is audited in the same transaction (process "baseline", on the
teacher's school). The Excel import is in programmes.baseline.importer and records through distinction_record."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from audit.services import attachment_facts, audit_record
from core.dates import business_today
from core.exceptions import ApplicationError
from forms.access import own_attachments_only
from programmes.baseline.access import Reach, reach_of, schools_of
from programmes.baseline.models import KIND_OF_TITLE, Distinction, Level, Title

PROCESS = "baseline"
# The audit console's names of this part's events (registered in BaselineConfig.ready).
ACTION_LABELS = {
    "distinction_record": _("Title or honour recorded"),
    "distinction_withdraw": _("Title or honour withdrawn"),
    "distinction_import": _("Titles and honours imported"),
    "list_export": _("List exported"),
}


def school_recorded_in(*, actor, person: User, day: datetime.date, reach: Reach | None = None) -> Organisation:
    """The first of the person's schools where the actor records; ``person_out_of_reach`` when there is none (a
    person of another school or county, or of no school at all, is answered alike)."""
    reach = reach or reach_of(actor)
    school = next((s for s in schools_of(person, day) if reach.records(s)), None)
    if school is None:
        raise ApplicationError(
            "person_out_of_reach",
            _("This person is not a teacher of a school whose titles and honours you record."),
            fields={"person": [str(person.pk)]},
            status=403,
        )
    return school


def distinction_check(
    *,
    title: str,
    level: int,
    awarded_on: datetime.date,
    valid_until: datetime.date | None,
    name: str,
    today: datetime.date,
) -> None:
    """The rules of one row, before anything is written (the import checks every row with them)."""
    if title not in Title.values:
        raise ApplicationError("distinction_title_unknown", _("Unknown title or honour."), fields={"title": [title]})
    if level not in Level.values:
        raise ApplicationError("distinction_level_unknown", _("Unknown level."), fields={"level": [str(level)]})
    if title == Title.OTHER_HONOUR and not name.strip():
        raise ApplicationError(
            "distinction_name_missing", _("Give the name of the honour."), fields={"name": ["required"]}
        )
    if awarded_on > today:
        raise ApplicationError(
            "distinction_in_future",
            _("The date awarded is after today."),
            fields={"awarded_on": [awarded_on.isoformat()]},
        )
    if valid_until is not None and valid_until < awarded_on:
        raise ApplicationError(
            "distinction_dates_out_of_order",
            _("It cannot end before it was awarded."),
            fields={"valid_until": [valid_until.isoformat()]},
        )


def duplicate_of(*, person: User, title: str, name: str, level: int, awarded_on: datetime.date) -> bool:
    """The same title (or named honour) at the same level on the same day, in force: recorded already."""
    same = Distinction.objects.filter(
        person=person, title=title, level=level, awarded_on=awarded_on, withdrawn_at__isnull=True
    )
    return same.filter(name=name.strip() if title == Title.OTHER_HONOUR else "").exists()


@transaction.atomic
def distinction_record(
    *,
    actor,
    person: User,
    title: str,
    level: int,
    awarded_on: datetime.date,
    valid_until: datetime.date | None = None,
    name: str = "",
    awarding_body: str = "",
    evidence=None,
    reach: Reach | None = None,
    imported: bool = False,
) -> Distinction:
    today = business_today()
    school = school_recorded_in(actor=actor, person=person, day=today, reach=reach)
    distinction_check(title=title, level=level, awarded_on=awarded_on, valid_until=valid_until, name=name, today=today)
    if duplicate_of(person=person, title=title, name=name, level=level, awarded_on=awarded_on):
        raise ApplicationError(
            "distinction_duplicate",
            _("This title or honour is already recorded for this person."),
            fields={"title": [title]},
            status=409,
        )
    if evidence is not None:
        own_attachments_only(actor=actor, data=[evidence])
    distinction = Distinction(
        person=person,
        kind=KIND_OF_TITLE[Title(title)],
        title=title,
        name=name.strip() if title == Title.OTHER_HONOUR else "",
        level=level,
        awarded_on=awarded_on,
        valid_until=valid_until,
        awarding_body=awarding_body.strip(),
        evidence=evidence,
        recorded_by=actor,
    )
    distinction.full_clean()
    distinction.save()
    audit_record(
        process=PROCESS,
        action="distinction_record",
        actor=actor,
        organisation=school,
        business_date=today,
        attachments=attachment_facts([evidence]) if evidence is not None else [],
        data={
            "distinction": distinction.pk,
            "person": person.pk,
            "title": title,
            "name": distinction.name,
            "level": level,
            "awarded_on": awarded_on.isoformat(),
            "valid_until": valid_until.isoformat() if valid_until else None,
            "awarding_body": distinction.awarding_body,
            "imported": imported,
        },
    )
    return distinction


@transaction.atomic
def distinction_withdraw(*, actor, distinction: Distinction, reason: str) -> Distinction:
    """Withdraw a wrong row (it no longer counts anywhere, and stays shown as withdrawn)."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            "withdrawal_reason_missing", _("Say why it is withdrawn."), fields={"reason": ["required"]}
        )
    today = business_today()
    school = school_recorded_in(actor=actor, person=distinction.person, day=today)
    now = timezone.now()
    # Conditional: of two withdrawals at once, one wins and the other is told.
    won = Distinction.objects.filter(pk=distinction.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawn_by=actor, withdrawal_reason=reason[:200]
    )
    if won != 1:
        raise ApplicationError("distinction_withdrawn", _("This entry has already been withdrawn."), status=409)
    distinction.refresh_from_db()
    audit_record(
        process=PROCESS,
        action="distinction_withdraw",
        actor=actor,
        organisation=school,
        business_date=today,
        reason=reason[:200],
        data={"distinction": distinction.pk, "person": distinction.person_id, "title": distinction.title},
    )
    return distinction
