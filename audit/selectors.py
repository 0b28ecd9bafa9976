"""Reads for the auditor console: which events a reader may see, the search, a case's timeline and a
person's whole record (纪实) across stages. Auditors see their subtree only: events whose organisation lies
under an organisation where they hold view_audit; events with no organisation (sign-ins, system jobs) are
for superusers."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts import roles
from accounts.models import Organisation
from accounts.permissions import granted_roots
from audit.models import AuditEvent, VerificationRun

PROCESSES = ("party", "community", "evaluation", "admin")


def is_auditor(user) -> bool:
    return bool(
        user.is_authenticated and user.is_active and (user.is_superuser or granted_roots(user, roles.VIEW_AUDIT))
    )


def events_visible_to(user) -> QuerySet[AuditEvent]:
    if not is_auditor(user):
        return AuditEvent.objects.none()
    if user.is_superuser:
        return AuditEvent.objects.all()
    condition = Q(pk__in=[])
    for root in granted_roots(user, roles.VIEW_AUDIT):
        condition |= Q(organisation__path__startswith=root)
    return AuditEvent.objects.filter(condition)


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def search_events(user, params: dict) -> QuerySet[AuditEvent]:
    """Filters: person (the party case's person, by name), actor (name), organisation (id: its subtree),
    process, action, from / to (business dates). Unknown or malformed values are ignored."""
    from workflows.party.models import PartyCase

    events = events_visible_to(user)
    if params.get("person"):
        # The matching cases read first, as a list: then PostgreSQL finds their events by (process, case) index
        # instead of walking the whole trail backwards from the newest event (bench/pages.py, issue 8).
        matching = PartyCase.objects.filter(person__real_name__contains=params["person"]).order_by()
        cases = list(matching.values_list("pk", flat=True))
        events = events.filter(process="party", case_id__in=cases)
    if params.get("actor"):
        events = events.filter(actor_name__contains=params["actor"])
    if str(params.get("organisation", "")).isdigit():
        path = Organisation.objects.filter(pk=int(params["organisation"])).values_list("path", flat=True).first()
        events = events.filter(organisation__path__startswith=path) if path else events.none()
    if params.get("process") in PROCESSES:
        events = events.filter(process=params["process"])
    if params.get("action"):
        events = events.filter(action=params["action"])
    if _date(params.get("from")):
        events = events.filter(business_date__gte=_date(params["from"]))
    if _date(params.get("to")):
        events = events.filter(business_date__lte=_date(params["to"]))
    return events.select_related("organisation").order_by("-id")


def people_found(user, name: str, limit: int = 20) -> list:
    """The party cases whose person's name matches a console search, among those the reader may audit: the
    results link each person to their whole record and each case to its timeline."""
    from workflows.party.models import PartyCase

    visible = events_visible_to(user).filter(process="party").values("case_id")
    cases = PartyCase.objects.filter(person__real_name__contains=name, pk__in=visible)
    return list(cases.select_related("person", "branch").order_by("person__real_name", "pk")[:limit])


def case_timeline(user, process: str, case_id: int) -> QuerySet[AuditEvent]:
    return (
        events_visible_to(user).filter(process=process, case_id=case_id).select_related("organisation").order_by("id")
    )


def person_record(user, person) -> tuple[list, list[AuditEvent]]:
    """The person's party cases the reader sees events of, and those events, in order (一人一档). A case the
    person had elsewhere (another county) is not even listed."""
    from workflows.party.models import PartyCase

    cases = list(PartyCase.objects.filter(person=person).order_by("application_date"))
    events = list(
        events_visible_to(user)
        .filter(process="party", case_id__in=[c.pk for c in cases])
        .select_related("organisation")
        .order_by("id")
    )
    seen = {event.case_id for event in events}
    return [case for case in cases if case.pk in seen], events


def latest_verification() -> VerificationRun | None:
    """The last finished run."""
    return VerificationRun.objects.filter(finished_at__isnull=False).order_by("-pk").first()


def verification_under_way() -> VerificationRun | None:
    """A run started and not finished yet (one started too long ago has died and is not shown)."""
    from audit.verification import RUNNING_FOR_AT_MOST

    recent = timezone.now() - RUNNING_FOR_AT_MOST
    return VerificationRun.objects.filter(finished_at__isnull=True, started_at__gt=recent).order_by("-pk").first()


def has_audit_history(user) -> bool:
    """Retention (issue 7): a person who acted, or whose party case has events, may not be deleted."""
    from workflows.party.models import PartyCase

    if AuditEvent.objects.filter(actor=user).exists():
        return True
    cases = PartyCase.objects.filter(person=user).values("pk")
    return AuditEvent.objects.filter(process="party", case_id__in=cases).exists()
